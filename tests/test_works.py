"""Work identity: one source per work in any script or translation, volumes apart, short
forms and op. cit. joined to works across ingests and imports, keys that never move."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.library import IngestItem, Library, import_records, ingest, rekey
from refcli.library.sources import collect_sources, same_work
from refcli.model import Citation, Document, Note, Person

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
runner = CliRunner()

PANTSOV = Person("Pantsov", "A. V.")


def _book(title: str, **kw: object) -> Citation:
    fields = {"authors": (PANTSOV,), "year": "2007", "city": "Moscow",
              "publisher": "Molodaya gvardiya", "pages": "564"}
    fields.update(kw)
    return Citation("book", raw=f"Pantsov A. V. {title}", title=title, **fields)  # type: ignore[arg-type]


def _doc(name: str, *citations: Citation) -> Document:
    return Document(name, tuple(Note(i, f"note {i}", (c,)) for i, c in enumerate(citations, 1)))


def _ingest(path: Path, doc: Document, sha: str = "1" * 64, reparse: bool = False) -> None:
    ingest([IngestItem(f"/docs/{doc.source}", sha, doc)], path, reparse=reparse)


def _search(query: str) -> list[dict]:
    result = runner.invoke(app, ["search", query, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["results"]


# -- the README's samples ------------------------------------------------------------------------
@pytest.fixture
def samples() -> None:
    files = ["selivanov-2012-notes.txt", "gost-cyrillic-notes.txt", "chicago-notes.md",
             "wilson-rgani-1957.txt"]
    result = runner.invoke(app, ["ingest", *(str(REFS / f) for f in files)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(("query", "latin", "cyrillic"), [
    ("author:Pantsov", "Mao Zedong", "Мао Цзэдун"),
    ("author:Kapitsa", "Na raznykh parallelyakh", "На разных параллелях"),
    ("author:Selivanov year:2012", "Moscow - Ho Chi Minh City", "Москва — Хо Ши Мин"),
])
def test_one_work_in_two_scripts_is_one_source(samples: None, query: str, latin: str,
                                                cyrillic: str) -> None:
    """The same work cited in Latin transliteration and in Cyrillic is one source, cited from
    both documents, with both spellings in its variants."""
    (work,) = _search(query)
    assert set(work["documents"]) == {"selivanov-2012-notes.txt", "gost-cyrillic-notes.txt"}
    assert any(latin in v for v in work["variants"])
    assert any(cyrillic in v for v in work["variants"])
    assert len(work["variants"]) == 2


def test_show_lists_the_variants(samples: None) -> None:
    shown = runner.invoke(app, ["show", "pantsov2007mao"])
    assert shown.exit_code == 0
    assert "written 2 ways:" in shown.stdout
    assert "Молодая гвардия" in shown.stdout
    assert "Molodaya gvardiya" in shown.stdout


# -- the matching rules ------------------------------------------------------------------------
def test_volumes_are_separate_sources(tmp_path: Path) -> None:
    """Works, vol. 3 and vol. 4: two sources, each with its own pages (the export must not put
    vol. 4's pages in vol. 3)."""
    stalin = Person("Stalin", "I. V.")
    v3 = Citation("book", authors=(stalin,), title="Works", volume="3", year="1953", pages="199-200")
    v4 = Citation("book", authors=(stalin,), title="Works", volume="4", year="1953", pages="351-352")
    path = tmp_path / "lib.json"
    _ingest(path, _doc("a.txt", v3, v4, v3.with_(pages="201")))
    lib = Library.open(path)
    works = sorted((s["record"]["volume"], s["leaves"]) for s in lib.sources())
    assert works == [("3", ["199-200", "201"]), ("4", ["351-352"])]


def test_translated_title_joins_its_original() -> None:
    """A bracketed translation matches a title in that language."""
    original = Citation("book", authors=(Person("Kapitsa", "M. S."),), year="1996",
                        title="Na raznykh parallelyakh", title_translated="On different parallels")
    english = Citation("book", authors=(Person("Kapitsa", "M."),), year="1996",
                       title="On Different Parallels")
    assert same_work(original, english)


def test_same_author_and_year_different_titles_are_two_works() -> None:
    a = _book("Mao Zedong")
    b = _book("Stalin and Mao")
    assert not same_work(a.with_(pages=None), b.with_(pages=None))
    (one,) = [s for s in collect_sources([_doc("x.txt", a)])]
    assert len(collect_sources([_doc("x.txt", a, b)])) == 2
    assert one.key == "pantsov2007mao"


def test_two_scripts_need_the_same_publisher() -> None:
    """Across scripts a book is joined by its publisher: a different one keeps it apart."""
    latin = _book("Mao Zedong")
    cyrillic = Citation("book", authors=(Person("Панцов", "А. В."),), title="Мао Цзэдун",
                        year="2007", publisher="Молодая гвардия")
    other = cyrillic.with_(publisher="Наука")
    assert same_work(latin.with_(pages=None), cyrillic)
    assert not same_work(latin.with_(pages=None), other)


# -- across ingests and imports ---------------------------------------------------------------------
def test_short_form_in_a_second_document_joins_the_work(tmp_path: Path) -> None:
    """`Pantsov, Mao Zedong, 564` ingested after the full citation: one source, both documents."""
    path = tmp_path / "lib.json"
    _ingest(path, _doc("full.txt", _book("Mao Zedong")))
    short = Citation("book", raw="Pantsov, Mao Zedong, 597.", authors=(Person("Pantsov"),),
                     title="Mao Zedong", pages="597", short_form=True)
    _ingest(path, _doc("short.txt", short), "2" * 64)
    (work,) = Library.open(path).sources()
    assert work["key"] == "pantsov2007mao"
    assert work["documents"] == ["full.txt", "short.txt"]
    assert work["leaves"] == ["564", "597"]
    assert len(work["variants"]) == 1  # a short form is not a spelling of the reference


def test_short_form_and_op_cit_join_an_imported_entry(tmp_path: Path) -> None:
    """A BibTeX entry imported first is the target of a later short form and op. cit."""
    path = tmp_path / "lib.json"
    entry = Citation("book", authors=(Person("Pantsov", "Alexander V."),), title="Mao Zedong",
                     year="2007", publisher="Molodaya gvardiya", city="Moscow")
    import_records([("Pantsov2007", entry)], path)
    short = Citation("book", authors=(Person("Pantsov"),), title="Mao", pages="12",
                     short_form=True)
    op_cit = Citation("op_cit", raw="Pantsov, op. cit., p. 20.", authors=(Person("Pantsov"),),
                      pages="20", status="unresolved")
    _ingest(path, _doc("later.txt", short, op_cit))
    (work,) = Library.open(path).sources()
    assert work["key"] == "Pantsov2007"
    assert work["imported"] is True
    assert [(n["note"], n.get("locator"), n.get("via")) for n in work["notes"]] == [
        (1, "p. 12", None), (2, "p. 20", "op_cit")]


def test_short_form_first_then_the_full_citation(tmp_path: Path) -> None:
    """A full citation ingested after a short form of it joins the short form's source."""
    path = tmp_path / "lib.json"
    short = Citation("book", authors=(Person("Pantsov"),), title="Mao Zedong", pages="1",
                     short_form=True)
    _ingest(path, _doc("short.txt", short))
    _ingest(path, _doc("full.txt", _book("Mao Zedong")), "2" * 64)
    (work,) = Library.open(path).sources()
    assert work["record"]["year"] == "2007"  # the full form is the record
    assert work["cited"] == 2


def test_ambiguous_short_form_stays_apart(tmp_path: Path) -> None:
    """`Pantsov, Mao` with two Pantsov works titled Mao ...: not joined to either."""
    path = tmp_path / "lib.json"
    _ingest(path, _doc("a.txt", _book("Mao Zedong"), _book("Mao and Stalin", year="2012")))
    short = Citation("book", authors=(Person("Pantsov"),), title="Mao", short_form=True)
    _ingest(path, _doc("b.txt", short), "2" * 64)
    assert len(Library.open(path).sources()) == 3


# -- keys assigned once --------------------------------------------------------------------------
def test_key_survives_a_changed_parse_of_the_title(tmp_path: Path) -> None:
    """Re-ingesting a document whose title the parser now reads differently keeps the key;
    `rekey` is what recomputes it."""
    path = tmp_path / "lib.json"
    _ingest(path, _doc("a.txt", _book("Mao Zedong")))
    _ingest(path, _doc("a.txt", _book("Tszedun Mao", publisher=None)), "2" * 64)
    (work,) = Library.open(path).sources()
    assert work["key"] == "pantsov2007mao"
    assert work["record"]["title"] == "Tszedun Mao"
    # the same through --reparse of an unchanged file
    _ingest(path, _doc("a.txt", _book("Biografiia Mao")), "2" * 64, reparse=True)
    (work,) = Library.open(path).sources()
    assert work["key"] == "pantsov2007mao"
    dry = rekey(path, dry_run=True)
    assert dry.changes == [("pantsov2007mao", "pantsov2007biografiia")]
    assert Library.open(path).sources()[0]["key"] == "pantsov2007mao"
    done = rekey(path)
    assert done.written
    (work,) = Library.open(path).sources()
    assert work["key"] == "pantsov2007biografiia"
    assert work["cited"] == 1
    assert rekey(path).changes == []


def test_rekey_keeps_imported_keys_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    import_records([("myKey", _book("Mao Zedong").with_(pages=None))], path)
    assert rekey(path).changes == []
    assert rekey(path, include_imported=True).changes == [("myKey", "pantsov2007mao")]


def test_rekey_command(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    _ingest(path, _doc("a.txt", _book("Mao Zedong")))
    result = runner.invoke(app, ["rekey", "--dry-run", "--library", str(path)])
    assert result.exit_code == 0
    assert "every key is already what its record gives" in result.stdout
