"""The library store: path resolution, atomic writes, batching, dedup, replace, remove, import."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from filelock import FileLock
from tinydb import TinyDB

from refcli import store
from refcli.errors import LibraryError, NotFoundError
from refcli.model import Citation, Document, Note, Person


def _unit(fond: str, leaves: str, delo: str = "704") -> Citation:
    return Citation("archival", raw=f"GARF, f. {fond}, op. 98s, d. {delo}, l. {leaves}",
                    archive="GARF", fond=fond, opis="98s", delo=delo, leaves=leaves,
                    shelfmark=f"GARF, f. {fond}, op. 98s, d. {delo}, l. {leaves}")


def _book(pages: str = "10") -> Citation:
    return Citation("book", raw="Pantsov A. V. Mao Zedong. Moscow, 2007.",
                    authors=(Person("Pantsov", "A. V."),), title="Mao Zedong", city="Moscow",
                    year="2007", pages=pages)


def _ibid(leaves: str, target: Citation, n: int) -> Citation:
    return Citation("ibid", raw=f"Ibid., l. {leaves}.", leaves=leaves, target=n,
                    status="resolved", resolved=target.with_(leaves=leaves))


def _doc(name: str = "a.txt") -> Document:
    first = _unit("5446", "101")
    return Document(name, (
        Note(1, "GARF, f. 5446, op. 98 s, d. 704, l. 101. Mikoyan wrote this.", (first,)),
        Note(2, "Ibid., l. 102.", (_ibid("102", first, 1),)),
        Note(3, "GARF, f. R-5446, op. 98 s, d. 704, l. 125.", (_unit("R-5446", "125"),)),
        Note(4, "Pantsov A. V. Mao Zedong. Moscow, 2007. P. 10.", (_book(),)),
        Note(5, "A comment without a citation.", ()),
    ))


def _item(tmp_path: Path, doc: Document, sha: str = "1" * 64) -> store.IngestItem:
    return store.IngestItem(str(tmp_path / doc.source), sha, doc, 0)


# -- path --------------------------------------------------------------------------------------
def test_path_explicit_then_env_then_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--library wins over REFCLI_LIBRARY, which wins over the platformdirs default."""
    monkeypatch.setenv("REFCLI_LIBRARY", str(tmp_path / "env.json"))
    assert store.library_path(tmp_path / "x.json") == tmp_path / "x.json"
    assert store.library_path() == tmp_path / "env.json"
    monkeypatch.delenv("REFCLI_LIBRARY")
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    assert store.library_path() == tmp_path / "data" / "library.json"


def test_opening_a_missing_library_creates_nothing(tmp_path: Path) -> None:
    """A read of a library that does not exist is empty and leaves no file (nor directory)."""
    path = tmp_path / "sub" / "library.json"
    lib = store.Library.open(path)
    assert not lib.exists
    assert lib.sources() == []
    assert lib.documents() == []
    assert store.stats(lib)["sources"] == 0
    assert not path.parent.exists()


# -- ingest ------------------------------------------------------------------------------------
def test_ingest_stores_documents_notes_sources_citations(tmp_path: Path) -> None:
    """One ingest: the unit written f. 5446 and f. R-5446 is one source with every leaf."""
    path = tmp_path / "lib.json"
    report = store.ingest([_item(tmp_path, _doc())], path, tags=["thesis"])
    assert report.written
    assert report.summary() == {"documents": 1, "unchanged": 0, "notes": 5, "citations": 4,
                                "new_sources": 2, "findings": 0}
    lib = store.Library.open(path)
    (doc,) = lib.documents()
    assert doc["name"] == "a.txt"
    assert doc["tags"] == ["thesis"]
    assert doc["notes"] == 5
    assert len(lib.notes()) == 5
    unit = lib.source("garf-5446-98s-704")
    assert unit["record"]["fond"] == "R-5446"
    assert unit["variants"] == ["f. 5446", "f. R-5446"]
    assert unit["leaves"] == ["101", "102", "125"]
    assert unit["cited"] == 3
    assert " mikoian " in unit["words"]  # note 1's text, folded
    book = next(s for s in lib.sources() if s["kind"] == "book")
    assert book["key"] == "pantsov2007mao"
    assert [c["via"] for c in lib.citations() if c["source"] == unit["key"]] == [None, "ibid", None]
    raw = orjson.loads(path.read_bytes())
    assert raw["meta"] == {"1": {"schema": "refcli.library/1"}}


def test_reingesting_unchanged_file_does_not_write(tmp_path: Path) -> None:
    """Same path and content hash: the library's bytes and mtime stay exactly the same."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    report = store.ingest([_item(tmp_path, _doc())], path)
    assert not report.written
    assert [d.status for d in report.documents] == ["unchanged"]
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime


def test_changed_file_replaces_its_earlier_version(tmp_path: Path) -> None:
    """A new hash for the same path replaces notes and citations; an uncited source goes."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    key = store.Library.open(path).source("garf-5446-98s-704")["key"]
    smaller = Document("a.txt", (Note(1, "GARF, f. 5446, op. 98s, d. 704, l. 7.",
                                      (_unit("5446", "7"),)),))
    report = store.ingest([_item(tmp_path, smaller, "2" * 64)], path)
    assert [d.status for d in report.documents] == ["replaced"]
    lib = store.Library.open(path)
    assert len(lib.documents()) == 1
    assert lib.documents()[0]["sha256"] == "2" * 64
    assert len(lib.notes()) == 1
    assert [s["key"] for s in lib.sources()] == [key]  # same key kept, the book dropped
    assert lib.source(key)["leaves"] == ["7"]
    assert len(lib.citations()) == 1


def test_existing_keys_stay_stable_when_more_is_ingested(tmp_path: Path) -> None:
    """A second document citing the same unit reuses its key and adds its leaves."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    other = Document("b.txt", (Note(1, "x", (_unit("R-5446", "200"),)),
                               Note(2, "y", (_unit("5446", "1", delo="705"),))))
    report = store.ingest([_item(tmp_path, other, "3" * 64)], path)
    assert report.documents[0].new_sources == 1
    lib = store.Library.open(path)
    unit = lib.source("garf-5446-98s-704")
    assert unit["leaves"] == ["101", "102", "125", "200"]
    assert unit["documents"] == ["a.txt", "b.txt"]
    assert lib.source("garf-5446-98s-705")["cited"] == 1


def test_same_file_name_in_two_directories_gets_two_names(tmp_path: Path) -> None:
    """Two different paths named notes.txt do not overwrite each other."""
    path = tmp_path / "lib.json"
    a = store.IngestItem(str(tmp_path / "x" / "notes.txt"), "1" * 64, _doc("notes.txt"))
    b = store.IngestItem(str(tmp_path / "y" / "notes.txt"), "2" * 64, _doc("notes.txt"))
    store.ingest([a], path)
    store.ingest([b], path)
    names = [d["name"] for d in store.Library.open(path).documents()]
    assert names == ["notes.txt", "y/notes.txt"]


def test_one_ingest_is_one_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many documents, four tables: exactly one atomic replace of the library."""
    writes: list[Path] = []
    real = store.write_library_file
    monkeypatch.setattr(store, "write_library_file", lambda p, t: (writes.append(p), real(p, t)))
    docs = [_item(tmp_path, _doc(f"{i}.txt"), f"{i}" * 64) for i in range(1, 6)]
    store.ingest(docs, tmp_path / "lib.json")
    assert writes == [tmp_path / "lib.json"]


def test_failed_block_writes_nothing(tmp_path: Path) -> None:
    """An exception inside writing() leaves the library as it was."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    before = path.read_bytes()
    def fail() -> None:
        with store.writing(path) as lib:
            lib.table("documents").truncate()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert path.read_bytes() == before


def test_file_permissions_are_not_narrowed(tmp_path: Path) -> None:
    """The temp file's 0600 does not leak onto an existing library's mode."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    os.chmod(path, 0o644)
    store.ingest([_item(tmp_path, _doc("b.txt"), "9" * 64)], path)
    assert path.stat().st_mode & 0o777 == 0o644


# -- bad files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b'{"meta": {"1": {"schema": "refcli.libr', b"\x00\xffgarbage",
                                     b"[1, 2, 3]"])
def test_corrupt_library_is_an_error_and_untouched(tmp_path: Path, content: bytes) -> None:
    """Truncated, empty or garbage: LibraryError on read and on write, the bytes unchanged."""
    path = tmp_path / "lib.json"
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=r"library file is corrupt .*it was left untouched"):
        store.Library.open(path)
    with pytest.raises(LibraryError, match="corrupt"):
        store.ingest([_item(tmp_path, _doc())], path)
    assert path.read_bytes() == content


def test_unknown_schema_is_refused(tmp_path: Path) -> None:
    """A library from a future refcli is not read, and not rewritten."""
    path = tmp_path / "lib.json"
    content = b'{"meta": {"1": {"schema": "refcli.library/9"}}, "sources": {}}'
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=r"unknown library schema 'refcli\.library/9'"):
        store.Library.open(path)
    assert path.read_bytes() == content


def test_plain_tinydb_file_is_not_taken_for_a_library(tmp_path: Path) -> None:
    """A TinyDB file without refcli's meta table is refused rather than mixed into."""
    path = tmp_path / "lib.json"
    path.write_bytes(b'{"_default": {"1": {"a": 1}}}')
    with pytest.raises(LibraryError, match="not a refcli library"):
        store.Library.open(path)


def test_locked_library_times_out_with_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holding the lock: a LibraryError naming the lock, nothing written."""
    path = tmp_path / "lib.json"
    monkeypatch.setenv("REFCLI_LOCK_TIMEOUT", "0.2")
    with FileLock(str(path) + ".lock"), pytest.raises(LibraryError, match="locked by another"):
        store.ingest([_item(tmp_path, _doc())], path)
    assert not path.exists()


def test_storage_is_a_tinydb_storage(tmp_path: Path) -> None:
    """TinyDB itself can use the storage; each write replaces the file atomically."""
    path = tmp_path / "t.json"
    db = TinyDB(str(path), storage=store.AtomicJSONStorage)
    assert not path.exists()  # opening did not create the file
    db.table("documents").insert({"name": "x"})
    db.table("sources").insert({"key": "k", "kind": "book", "record": {"title": "T"}})
    data = orjson.loads(path.read_bytes())
    assert data["documents"] == {"1": {"name": "x"}}
    assert isinstance(data["sources"], str)  # a packed table: one line per record
    assert data["meta"]["1"]["schema"] == store.SCHEMA
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]  # no temp file left behind
    again = TinyDB(str(path), storage=store.AtomicJSONStorage)
    (source,) = again.table("sources").all()
    assert source["key"] == "k"
    assert source["record"] == {"title": "T"}


def test_packed_tables_round_trip_and_unread_tables_are_copied(tmp_path: Path) -> None:
    """A write that touches only documents re-uses the other tables' stored strings."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path, tags=["a"])
    before = orjson.loads(path.read_bytes())
    store.ingest([_item(tmp_path, _doc())], path, tags=["b"])  # only the tags change
    after = orjson.loads(path.read_bytes())
    for name in ("notes", "sources", "citations"):
        assert after[name] == before[name]
    assert after["documents"]["1"]["tags"] == ["a", "b"]
    lib = store.Library.open(path)
    unit = lib.source("garf-5446-98s-704")
    assert unit["text"].startswith(" garf 5446 98s 704")
    assert [r.key for r in lib.source_rows()] == [s["key"] for s in lib.sources()]


# -- remove and import ------------------------------------------------------------------------
def test_remove_document_drops_uncited_sources(tmp_path: Path) -> None:
    """Removing the only document empties citations and sources; imported sources stay."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    store.import_records([("levine2012", Citation("book", authors=(Person("Levine", "S."),),
                                                  title="Mao", year="2012"))], path)
    report = store.remove_document("a.txt", path)
    assert (report.notes, report.citations, report.dropped_sources) == (5, 4, 2)
    lib = store.Library.open(path)
    assert lib.documents() == []
    assert lib.citations() == []
    assert lib.notes() == []
    assert [s["key"] for s in lib.sources()] == ["levine2012"]


def test_remove_by_path_and_unknown_document(tmp_path: Path) -> None:
    """A document is found by its full path too; an unknown one is NotFoundError."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    with pytest.raises(NotFoundError, match=r"no document 'nope\.txt'"):
        store.remove_document("nope.txt", path)
    assert store.remove_document(str(tmp_path / "a.txt"), path).document == "a.txt"


def test_remove_without_library_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    with pytest.raises(NotFoundError, match=r"no library yet"):
        store.remove_document("a.txt", path)
    assert not path.exists()


def test_import_keeps_keys_merges_and_renames(tmp_path: Path) -> None:
    """Entry keys are kept; a known work merges into its key; a taken key gets a suffix."""
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    unit = Citation("archival", archive="RGANI", fond="52", opis="1", delo="555")
    same_book = _book().with_(pages=None, publisher="Molodaia gvardiia")
    other = Citation("article", authors=(Person("Smith"),), title="Other", year="1999")
    report = store.import_records([("rgani-unit", unit), ("pantsov-bib", same_book),
                                   ("rgani-unit", other)], path)
    assert report.added == ["rgani-unit", "rgani-unita"]
    assert report.merged == [("pantsov-bib", "pantsov2007mao")]
    assert report.renamed == [("rgani-unit", "rgani-unita")]
    lib = store.Library.open(path)
    assert lib.source("rgani-unit")["record"]["shelfmark"] == "RGANI, f. 52, op. 1, d. 555"
    book = lib.source("pantsov2007mao")
    assert book["record"]["publisher"] == "Molodaia gvardiia"
    assert book["cited"] == 1
    # later ingests cite the imported unit under its imported key
    doc = Document("c.txt", (Note(1, "RGANI ...", (Citation(
        "archival", archive="RGANI", fond="52", opis="1", delo="555", leaves="80-88"),)),))
    store.ingest([_item(tmp_path, doc, "4" * 64)], path)
    assert store.Library.open(path).source("rgani-unit")["leaves"] == ["80-88"]


def test_show_key_not_found_suggests(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    store.ingest([_item(tmp_path, _doc())], path)
    with pytest.raises(NotFoundError, match="did you mean garf-5446-98s-704"):
        store.Library.open(path).source("garf-5446-98s-70")
