"""Search: query parsing (never raises) and folded, script-insensitive matching."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.library import IngestItem, Library, ingest, search
from refcli.model import Citation, Document, Note, Person
from refcli.registry import Registry

ROOT = Path(__file__).resolve().parent.parent


# -- parse_query -----------------------------------------------------------------------------
def test_query_terms() -> None:
    """Words, phrases, field:value, quoted field values and year ranges are told apart."""
    q = search.parse_query('Mikoyan "cult of personality" archive:ГАРФ title:"Unknown Mao" '
                           "year:1950..1960 fond:R-5446")
    assert q.problems == []
    assert [(t.field, t.folded, t.phrase) for t in q.terms] == [
        (None, "mikoian", False), (None, "cult of personaliti", True), ("archive", "garf", False),
        ("title", "unknown mao", False), ("year", "1950..1960", False), ("fond", "r 5446", False)]
    year = q.terms[4]
    assert (year.lo, year.hi) == (1950, 1960)


@pytest.mark.parametrize(("text", "lo", "hi"), [("year:1956", 1956, 1956), ("year:1950..", 1950, None),
                                                ("year:..1960", None, 1960),
                                                ("year:1960..1950", 1950, 1960)])
def test_year_forms(text: str, lo: int | None, hi: int | None) -> None:
    (t,) = search.parse_query(text).terms
    assert (t.lo, t.hi) == (lo, hi)


@pytest.mark.parametrize(("text", "problem"), [
    ("auther:Pantsov", "unknown search field 'auther'"),
    ("year:soon", "year:soon is not a year"),
    ("author:", "author: needs a value"),
])
def test_query_problems_are_data(text: str, problem: str) -> None:
    """What cannot be understood is reported, not raised."""
    q = search.parse_query(text)
    assert q.problems
    assert q.problems[0].startswith(problem)


def test_multiword_token_becomes_phrase() -> None:
    """A shelfmark-like token that folds into several words must match them together."""
    (t,) = search.parse_query("R-5446").terms
    assert t.phrase
    assert t.folded == "r 5446"


@given(st.text())
@settings(max_examples=300)
def test_parse_query_never_raises(text: str) -> None:
    q = search.parse_query(text)
    assert all(t.folded or t.field == "year" for t in q.terms)


# -- matching ------------------------------------------------------------------------------------
def _unit(archive: str, fond: str, delo: str, leaves: str) -> Citation:
    return Citation("archival", archive=archive, fond=fond, opis="1", delo=delo, leaves=leaves,
                    shelfmark=f"{archive}, f. {fond}, op. 1, d. {delo}, l. {leaves}")


@pytest.fixture
def library(tmp_path: Path) -> Library:
    path = tmp_path / "lib.json"
    docs = [
        Document("article.txt", (
            Note(1, "GARF, f. 5446, op. 1, d. 704, l. 1. Микоян возражал.", (_unit("GARF", "5446", "704", "1"),)),
            Note(2, "RGANI, f. R-52, op. 1, d. 555, l. 3. The cult of personality was named.",
                 (_unit("RGANI", "R-52", "555", "3"),)),
            Note(3, "Хрущёв Н. С. Воспоминания. Москва, 1999.", (Citation(
                "book", authors=(Person("Хрущёв", "Н. С."),), title="Воспоминания",
                city="Москва", year="1999"),)),
            Note(4, "Pantsov A. V. Mao Zedong. Moscow, 2007.", (Citation(
                "book", authors=(Person("Pantsov", "A. V."),), title="Mao Zedong",
                city="Moscow", year="2007"),)),
            Note(5, "Mikoyan A. I. Tak bylo. Moscow, 1999. Cult and personality.", (Citation(
                "book", authors=(Person("Mikoyan", "A. I."),), title="Tak bylo", year="1999"),)),
        )),
        Document("other.txt", (
            Note(1, "TsKhSD, f. 5, op. 1, d. 1, l. 9.", (_unit("RGANI", "5", "1", "9"),)),
        )),
    ]
    ingest([IngestItem(f"/x/{d.source}", str(i) * 64, d) for i, d in enumerate(docs)], path)
    return Library.open(path)


def _keys(lib: Library, query: str) -> list[str]:
    registry = Registry.load(ROOT / "archives.json")

    def canon(text: str) -> str | None:
        a = registry.get(text)
        return a.acronym if a else None

    matcher = search.Matcher(canon)
    q = search.parse_query(query)
    assert not q.problems
    found = [h.source["key"] for h in search.run(lib.source_rows, q, matcher).hits]
    # the prefilter never loses a row: the same answer from every row
    assert [h.row.key for h in search.run(lib.source_rows(), q, matcher).hits] == found
    # the fuzzy fallback's words read straight from the index are the rows' words
    fast = search.run(lib.source_rows, q, matcher, vocabulary=lib.index.vocabulary)
    assert [h.row.key for h in fast.hits] == found
    return found


def test_spellings_and_scripts_meet(library: Library) -> None:
    """Mikoyan = Mikoian = Микоян; the field match ranks above the note-text match."""
    expected = ["mikoyan1999tak", "garf-5446-1-704"]
    assert _keys(library, "Mikoyan") == expected
    assert _keys(library, "Mikoian") == expected
    assert _keys(library, "Микоян") == expected
    assert _keys(library, "Khrushchev") == _keys(library, "Хрущёв") == ["khrushchev1999vospominaniia"]


def test_fond_with_and_without_prefix(library: Library) -> None:
    """fond:5446 finds f. 5446; fond:52 finds f. R-52; fond:Р-52 (Cyrillic Р) too."""
    assert _keys(library, "fond:5446") == ["garf-5446-1-704"]
    assert _keys(library, "fond:52") == ["rgani-52-1-555"]
    assert _keys(library, "fond:Р-52 archive:RGANI") == ["rgani-52-1-555"]
    assert _keys(library, "fond:R-5446") == ["garf-5446-1-704"]


def test_archive_aliases_from_the_registry(library: Library) -> None:
    """archive:ГАРФ is GARF; the former name TsKhSD is RGANI."""
    assert _keys(library, "archive:ГАРФ") == ["garf-5446-1-704"]
    assert sorted(_keys(library, "archive:TsKhSD")) == ["rgani-5-1-1", "rgani-52-1-555"]


def test_field_terms(library: Library) -> None:
    assert _keys(library, "author:pantsov") == ["pantsov2007mao"]
    assert _keys(library, "title:mao kind:book") == ["pantsov2007mao"]
    assert sorted(_keys(library, "year:1990..2000")) == ["khrushchev1999vospominaniia",
                                                         "mikoyan1999tak"]
    assert _keys(library, "year:2007") == ["pantsov2007mao"]
    assert _keys(library, "doc:other") == ["rgani-5-1-1"]
    assert _keys(library, "delo:555 opis:1") == ["rgani-52-1-555"]
    assert _keys(library, "kind:article") == []


def test_free_words_must_all_match(library: Library) -> None:
    assert _keys(library, "Mikoyan Moscow") == ["mikoyan1999tak"]  # the GARF note lacks Moscow
    assert _keys(library, "Mikoyan Pantsov") == []
    assert _keys(library, "tak bylo") == ["mikoyan1999tak"]


def test_phrase_needs_the_words_together(library: Library) -> None:
    """'cult of personality' is in note 2 only; note 5 has the words but not the phrase."""
    assert _keys(library, '"cult of personality"') == ["rgani-52-1-555"]
    assert sorted(_keys(library, "cult personality")) == ["mikoyan1999tak", "rgani-52-1-555"]


def test_fuzzy_fallback(library: Library) -> None:
    """A misspelt name finds what the right one finds, and only when nothing matches exactly."""
    assert _keys(library, "Pantsow") == ["pantsov2007mao"]
    assert _keys(library, "zzzzqqq") == []


@given(st.text(max_size=40))
@settings(max_examples=150, deadline=None)
def test_run_never_raises(small_library: Library, text: str) -> None:
    """Any query string is either reported as problems or searched without an exception."""
    matcher = search.Matcher(lambda a: None)
    q = search.parse_query(text)
    if not q.problems:
        search.run(small_library.source_rows, q, matcher, limit=5)


_VOCAB = ["Mikoyan", "Микоян", "GARF", "archive:GARF", "fond:5446", "fond:R-52", "author:pantsov",
          "title:mao", "kind:book", "kind:archival", "year:1990..2000", "doc:other", "delo:555",
          '"cult of personality"', "cult", "Moscow", "opis:1", "Хрущёв", "tak", "R-52"]


@pytest.fixture(scope="module")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    path = tmp_path_factory.mktemp("lib") / "lib.json"
    doc = Document("article.txt", (
        Note(1, "GARF, f. 5446, op. 1, d. 704, l. 1. Микоян.", (_unit("GARF", "5446", "704", "1"),)),
        Note(2, "RGANI, f. R-52. The cult of personality.", (_unit("RGANI", "R-52", "555", "3"),)),
        Note(3, "Pantsov A. V. Mao. Moscow, 1999.", (Citation(
            "book", authors=(Person("Pantsov", "A. V."),), title="Mao", year="1999"),)),
    ))
    ingest([IngestItem("/x/article.txt", "1" * 64, doc)], path)
    return Library.open(path)


@given(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=3))
@settings(max_examples=150, deadline=None)
def test_prefilter_never_loses_a_match(small_library: Library, words: list[str]) -> None:
    """Scanning only the lines that contain the prefilter needle finds what a full scan finds."""
    q = search.parse_query(" ".join(words))
    matcher = search.Matcher(lambda a: None)
    every = [h.row.key for h in search.run(small_library.source_rows(), q, matcher).hits]
    filtered = [h.row.key for h in search.run(small_library.source_rows, q, matcher).hits]
    assert filtered == every
