"""Splitting a note into citations and commentary (parsers/note.py), on the seeds and on
made-up notes, through ``refcli parse`` and directly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcli.cli import app
from refcli.model import KINDS, Document, Note
from refcli.parsers.note import _clause_end, _split, attach_url, parse_note, split_segments
from refcli.registry import Registry

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds

runner = CliRunner()


def _notes(path) -> dict[int, dict[str, Any]]:
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["schema"] == "refcli.parse/1"
    return {n["n"]: n for n in data["notes"]}


def _families(c: dict[str, Any]) -> list[str]:
    return [p["family"] for p in c.get("authors", [])]


@pytest.fixture(scope="module")
def seed() -> dict[int, dict[str, Any]]:
    need_seeds()
    return _notes(SEED_ARTICLE)


# --- must show, on the seed article ----------------------------------------------------


def test_note_25_holds_two_books(seed: dict[int, dict[str, Any]]) -> None:
    """Note 25: Yun Zhang and J. Holliday's "Unknown Mao"; Pantsov's "Mao Zedong"."""
    books = seed[25]["citations"]
    assert [c["kind"] for c in books] == ["book", "book"]
    first, second = books
    assert [(p["family"], p.get("given")) for p in first["authors"]] == [("Zhang", "Yun"), ("Holliday", "J.")]
    assert (first["title"], first["city"], first["year"], first["pages"]) == ("Unknown Mao", "Moscow", "2006", "416-418")
    assert _families(second) == ["Pantsov"]
    assert (second["title"], second["city"], second["year"], second["pages"]) == ("Mao Zedong", "Moscow", "2007", "564-575")


def test_note_4_and_11_are_articles(seed: dict[int, dict[str, Any]]) -> None:
    """Note 4: Selivanov in Voprosy istorii 2012/8; note 11: Konoreva and Selivanov in Rodina 2008/7."""
    (c4,) = seed[4]["citations"]
    assert (c4["kind"], _families(c4), c4["container"], c4["year"], c4["issue"]) == (
        "article", ["Selivanov"], "Voprosy istorii", "2012", "8")
    (c11,) = seed[11]["citations"]
    assert (c11["kind"], _families(c11), c11["container"], c11["year"], c11["issue"]) == (
        "article", ["Konoreva", "Selivanov"], "Rodina", "2008", "7")


def test_note_34_has_a_translated_title(seed: dict[int, dict[str, Any]]) -> None:
    """Note 34: Kapitsa, Moscow, 1996, p. 63, title_translated "On different parallels"."""
    (c,) = seed[34]["citations"]
    assert (c["kind"], _families(c), c["city"], c["year"], c["pages"], c["title_translated"]) == (
        "book", ["Kapitsa"], "Moscow", "1996", "63", "On different parallels")


def test_note_35_book_and_op_cit(seed: dict[int, dict[str, Any]]) -> None:
    """Note 35, after "Подробнее см.:": Boudarel's book (Paris, 1991), then op. cit. for Pantsov."""
    book, op_cit = seed[35]["citations"]
    assert (book["kind"], _families(book), book["city"], book["year"]) == ("book", ["Boudarel"], "Paris", "1991")
    assert not book["raw"].startswith("Подробнее")
    assert (op_cit["kind"], _families(op_cit), op_cit["pages"]) == ("op_cit", ["Pantsov"], "597-599")


def test_note_1_one_book_inside_the_commentary(seed: dict[int, dict[str, Any]]) -> None:
    """Note 1: exactly one book, Lankov 2009, inside "(see, for example, ...)"."""
    (c,) = seed[1]["citations"]
    assert (c["kind"], _families(c), c["year"], c["city"], c["publisher"], c["pages"]) == (
        "book", ["Lankov"], "2009", "Moscow", "ROSSPEN", "4")
    assert c["raw"].startswith("A. M. Lankov")


@pytest.mark.parametrize("n", [3, 6, 9, 24, 28, 33, 36])
def test_commentary_only_notes_have_no_citations(seed: dict[int, dict[str, Any]], n: int) -> None:
    """Notes that are commentary only (9 and 36 among them) give ``citations: []``."""
    assert seed[n]["citations"] == []


@pytest.mark.parametrize(
    ("n", "kinds", "family"),
    [(2, ["web"], None), (5, ["book"], "Cartois"), (14, ["book"], "Vasiliev"),
     (29, ["book"], "Vladimirov"), (30, ["book"], "Barmin"), (21, ["ibid", "web"], "Mikoyan")],
)
def test_citations_inside_commentary(seed: dict[int, dict[str, Any]], n: int, kinds: list[str], family: str | None) -> None:
    """Commentary notes give only the citation they hold (in brackets or after "see:")."""
    cites = seed[n]["citations"]
    assert [c["kind"] for c in cites] == kinds
    if family:
        assert _families(cites[-1]) == [family]


def test_note_2_web_reference_in_an_unclosed_bracket(seed: dict[int, dict[str, Any]]) -> None:
    """Note 2's bracket never closes; the website and its broken URL are still read."""
    (c,) = seed[2]["citations"]
    assert (c["url"], c["container"]) == ("http://www.juche-songun.ru", "Juche-songun")
    assert c["title"].startswith("Meetings of President Kim Il Sung")


def test_commentary_after_a_citation_is_left_out(seed: dict[int, dict[str, Any]]) -> None:
    """Note 15 is the shelfmark only; note 27 is Pravda of 27 January 1956 only."""
    (c15,) = seed[15]["citations"]
    assert c15["kind"] == "archival"
    assert "Chen Yun" not in c15["raw"]
    (c27,) = seed[27]["citations"]
    assert (c27["kind"], c27["container"], c27["date"]) == ("article", "Pravda", "1956-01-27")
    assert c27["raw"] == "Pravda, 27.01.1956"  # the sentence's full stop is not the citation's


def test_seed_record_is_a_dated_document() -> None:
    """The Wilson Center record: a document dated 1957-08-23 with its RGANI shelfmark and URL."""
    need_seeds()
    notes = _notes(SEED_RECORD)
    docs = [c for n in notes.values() for c in n["citations"] if c["kind"] == "document"]
    assert len(docs) == 1
    doc = docs[0]
    assert (doc["date"], doc["year"], doc["container"]) == ("1957-08-23", "1957", "Wilson Center Digital Archive")
    assert doc["title"].startswith("Record of a Conversation between N.S. Khrushchev")
    assert (doc["archive"], doc["fond"], doc["opis"], doc["delo"], doc["leaves"]) == ("RGANI", "52", "1", "555", "80-88")
    assert doc["shelfmark"] == "RGANI, f. 52, op. 1, d. 555, ll. 80-88"
    assert doc["url"] == "https://digitalarchive.wilsoncenter.org/document/208969"


def test_parse_table_shows_books(tmp_path) -> None:
    """The table names the book's author, title and year; no traceback, nothing on stderr."""
    path = tmp_path / "notes.txt"
    path.write_text("1 Pantsov A.V. Mao Zedong, Moscow, Molodaya gvardiya publ., 2007, pp. 564-575.\n"
                    "2 Ibid., p. 570.\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "Pantsov. Mao Zedong. 2007. pp. 564-575" in result.stdout
    assert "1 book" in result.stdout


# --- splitting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [("A; B", ["A", " B"]),
     ("A (x; y); B", ["A (x; y)", " B"]),
     ("A «x; y»; B", ["A «x; y»", " B"]),
     ('A "x; y"; B', ['A "x; y"', " B"]),
     ('A "x; y; B', ['A "x', " y", " B"]),  # an odd quote is no bracket
     ("A (x; y; B", ["A (x", " y", " B"]),  # nor an unclosed bracket
     ("", [])],
)
def test_split_segments(text: str, parts: list[str]) -> None:
    """';' splits at the top level only: not inside brackets or paired quotes."""
    assert [text[a:b] for a, b in split_segments(text)] == parts


@pytest.mark.parametrize(
    "lead",
    ["See:", "see, for example,", "For more information, see:", "Cit. by", "Quoted in",
     "Подробнее см.:", "См.:", "Цит. по:", "cf."],
)
def test_lead_ins_are_not_part_of_the_citation(lead: str, registry: Registry) -> None:
    """A lead-in before a reference is dropped from it."""
    parsed = parse_note(f"{lead} Иванов И. И. Название. М.: Наука, 1990. С. 15–20.", registry)
    (c,) = parsed.citations
    assert c.kind == "book"
    assert c.raw.startswith("Иванов")


def test_several_citations_and_a_shelfmark(registry: Registry) -> None:
    """A shelfmark, a book and an Ibid. in one note, in order of appearance."""
    text = ("GARF, f. 5446, op. 98 s, d. 704, l. 101; Chen Jian, Mao's China and the Cold War "
            "(Chapel Hill: University of North Carolina Press, 2001), 12–15; ibid., 20.")
    kinds = [c.kind for c in parse_note(text, registry).citations]
    assert kinds == ["archival", "book", "ibid"]


def test_url_line_completes_the_document_before() -> None:
    """A note that is only a URL gives its URL to the document record of the note before."""
    registry = Registry.load()
    doc = parse_note('"Letter from X to Y", March 5, 1953, Wilson Center Digital Archive, '
                     "RGANI, f. 5, op. 30, d. 1, l. 2.", registry).citations
    url = parse_note("<https://digitalarchive.wilsoncenter.org/document/1>", registry).citations
    joined = attach_url(doc, url)
    assert joined is not None
    assert [c.url for c in joined if c.kind == "document"] == ["https://digitalarchive.wilsoncenter.org/document/1"]
    assert attach_url(doc, doc) is None


# --- hypothesis ------------------------------------------------------------------------

_WORDS = st.sampled_from([
    "GARF, f. 5446, op. 98 s, d. 704, l. 101.", "ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101 об.",
    "Ibid., l. 102.", "Там же. С. 68.", "Pantsov A.V. op. cit., pp. 597-599.", "See:", "См.:",
    "(", ")", ";", "«", "»", '"', "Selivanov I. N. Title // Voprosy istorii, 2012, No. 8.",
    "Chen Jian, Mao's China (Chapel Hill: UNC Press, 2001), 12–15.", "He died in 1974.",
    "http.://www.x. ru", "website", "Pravda, 27.01.1956.", "Moscow,", "2009", "p. 4", "The", "and",
])
_CONTRACT_KEYS = {
    "kind", "raw", "archive", "fond", "opis", "papka", "karton", "delo", "tom", "leaves",
    "shelfmark", "authors", "editors", "title", "title_translated", "container", "volume",
    "issue", "year", "date", "city", "publisher", "pages", "url", "target", "status",
    "resolved", "candidates", "item_title", "from", "to", "translators", "et_al", "short_form",
    "quoted_in", "collection", "series", "entry", "box", "folder", "piece", "item", "elliptical",
}
_FLAGS = {"et_al", "short_form", "quoted_in", "elliptical"}


def _check_citation(c: dict[str, Any]) -> None:
    assert c["kind"] in KINDS
    assert set(c) <= _CONTRACT_KEYS
    for key, value in c.items():
        assert value not in ("", [], None), key
        if key in _FLAGS:
            assert value is True, key
        elif key in ("authors", "editors", "translators"):
            for person in value:
                assert set(person) <= {"family", "given"}
                assert isinstance(person["family"], str)
                assert person["family"]
        elif key == "resolved":
            _check_citation(value)
        elif key not in ("target", "candidates"):
            assert isinstance(value, str), key


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parse_note_never_raises(text: str) -> None:
    """Any text parses into citations of known kinds whose spans lie inside the note."""
    parsed = parse_note(text, Registry.load())
    for c in parsed.citations:
        assert c.kind in KINDS
        assert 0 <= c.start <= c.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=25).map(" ".join), min_size=1, max_size=5))
def test_parse_json_keeps_the_contract_shape(texts: list[str]) -> None:
    """``Document.to_json()`` of arbitrary notes has the parse contract's shape."""
    registry = Registry.load()
    notes = tuple(Note(i + 1, t, parse_note(t, registry).citations) for i, t in enumerate(texts))
    data = Document("x.txt", notes).to_json()
    assert set(data) == {"schema", "source", "notes", "findings"}
    assert data["schema"] == "refcli.parse/1"
    for note in data["notes"]:
        assert set(note) == {"n", "text", "citations"}
        for c in note["citations"]:
            _check_citation(c)
    json.dumps(data)


@settings(max_examples=20, deadline=None)
@given(st.lists(_WORDS, min_size=300, max_size=800).map(" ".join))
def test_long_notes_finish(text: str) -> None:
    """Long notes of citation-like pieces parse without catastrophic backtracking."""
    parse_note(text, Registry.load())


def test_connectives_and_lead_ins_after_a_semicolon(registry: Registry) -> None:
    """``; and X`` and ``; cf. X, op. cit.`` start their citations at X."""
    text = ("On this, see Chen Jian, Mao's China and the Cold War (Chapel Hill: UNC Press, 2001), "
            "12–15; and Westad O. A. The Global Cold War. Cambridge: Cambridge University Press, "
            "2005, p. 3; cf. Taubman, op. cit., p. 300.")
    cites = parse_note(text, registry).citations
    assert [c.kind for c in cites] == ["book", "book", "op_cit"]
    assert cites[1].raw.startswith("Westad O. A.")
    assert [p.family for p in cites[1].authors] == ["Westad"]
    assert cites[2].raw.startswith("Taubman")
    assert cites[2].pages == "300"


def test_quoted_in_then_commentary(registry: Registry) -> None:
    """``Quoted in`` opens a citation; the sentence after it is commentary."""
    text = ("Quoted in William Taubman, Khrushchev: The Man and His Era (New York: Norton, 2003), 270. "
            "Taubman adds that the speech was never published in 1956.")
    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.year, c.pages, c.city) == ("book", "2003", "270", "New York")
    assert "Taubman adds" not in c.raw


@pytest.mark.parametrize("text", ["see: " * 1500, "He went. " * 2000, "(see: x) " * 1500, "see: x; " * 1500])
def test_pathological_notes_parse(text: str, registry: Registry) -> None:
    """Thousands of lead-ins, sentences or brackets in one note still parse (the scan is capped;
    timings are in bench/, not here)."""
    assert parse_note(text, registry).citations == ()


def test_clause_before_a_bracketed_citation_is_not_a_title(registry) -> None:
    """After a ';', a lowercase clause leading to '(Author. Title ...)' is commentary; the
    citation is the one in the brackets."""
    from refcli.parsers.note import parse_note

    text = ("Ibid., l. 116. He names Pospelov as the speaker; and he holds that exposing the crimes "
            "was needed to heal the party (Mikoyan A. I. So it was / / Military Literature website "
            "- russian/mikoyan/05.html).")
    cites = parse_note(text, registry).citations
    assert [c.kind for c in cites] == ["ibid", "web"]
    assert cites[1].authors[0].family == "Mikoyan"
    assert cites[1].title == "So it was"


def test_url_note_stays_its_own_citation_in_numbered_notes(tmp_path) -> None:
    """Only a text read line by line joins a lone URL to the record above it; a numbered
    note holding a URL is a citation of its own."""
    record = ('"Record of a Conversation with Ho Chi Minh", August 23, 1957, Wilson Center Digital '
              "Archive, RGANI, f. 52, op. 1, d. 555, ll. 80-88.")
    url = "https://digitalarchive.wilsoncenter.org/document/208969"
    numbered = tmp_path / "numbered.txt"
    numbered.write_text(f"1 {record}\n2 {url}\n", encoding="utf-8")
    notes = json.loads(runner.invoke(app, ["parse", str(numbered), "--json"]).stdout)["notes"]
    assert [c["kind"] for c in notes[1]["citations"]] == ["web"]
    assert "url" not in next(c for c in notes[0]["citations"] if c["kind"] == "document")
    lines = tmp_path / "lines.txt"
    lines.write_text(f"{record}\n{url}\n", encoding="utf-8")
    notes = json.loads(runner.invoke(app, ["parse", str(lines), "--json"]).stdout)["notes"]
    assert notes[1]["citations"] == []
    assert next(c for c in notes[0]["citations"] if c["kind"] == "document")["url"] == url


@pytest.mark.parametrize("text", ["000¼", "19²5 Ivanov", "Ibid. " * 50 + "P. 5."])
def test_digits_that_are_not_decimal_and_runs_of_ibid(text: str) -> None:
    """Found by hypothesis and the adversarial bench: a vulgar fraction or a superscript in a
    four-character number, and a long run of Ibid., parse without an error."""
    parse_note(text, Registry.load())


def _split_char_by_char(text: str, quotes: bool, brackets: bool) -> list[tuple[int, int]]:
    """_split as it reads: every character in turn."""
    spans, depth, start, in_quote = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"' and quotes:
            in_quote = not in_quote
        elif brackets and ch in "([{«“":
            depth += 1
        elif brackets and ch in ")]}»”" and depth:
            depth -= 1
        elif ch == ";" and depth == 0 and not in_quote:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


def _clause_end_char_by_char(text: str, start: int) -> int:
    stop = min(len(text), start + 600)
    depth = 0
    for i in range(start, stop):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
        elif text[i] == ";" and depth == 0:
            return i
    return stop


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('";([{«“)]}»”ab .')), max_size=80), st.booleans(), st.booleans(),
       st.integers(0, 90))
def test_the_splits_jump_between_marks_as_a_reading_of_every_character_would(
        text: str, quotes: bool, brackets: bool, start: int) -> None:
    assert _split(text, quotes, brackets) == _split_char_by_char(text, quotes, brackets)
    assert _clause_end(text, start) == _clause_end_char_by_char(text, start)
