"""The library store: path, files, atomic and incremental writes, backup, dedup, replace,
remove, import."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from filelock import FileLock
from tinydb import TinyDB

from refcli.errors import LibraryError, NotFoundError
from refcli.library import (
    AtomicJSONStorage,
    IngestItem,
    Library,
    files,
    import_records,
    ingest,
    library_path,
    remove_document,
    stats,
    writing,
)
from refcli.library.index import PENDING
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


def _item(tmp_path: Path, doc: Document, sha: str = "1" * 64) -> IngestItem:
    return IngestItem(str(tmp_path / doc.source), sha, doc, 0)


def _files(path: Path) -> dict[str, bytes]:
    """Every file of the library (catalogue, backup, documents, index) and its bytes."""
    out = {p.name: p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file()
           and not p.name.endswith(".lock")}
    parts = files.parts_dir(path)
    if parts.exists():
        out.update({f.relative_to(parts).as_posix(): f.read_bytes()
                    for f in parts.rglob("*") if f.is_file()})
    return out


# -- path --------------------------------------------------------------------------------------
def test_path_explicit_then_env_then_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--library wins over REFCLI_LIBRARY, which wins over the platformdirs default."""
    monkeypatch.setenv("REFCLI_LIBRARY", str(tmp_path / "env.json"))
    assert library_path(tmp_path / "x.json") == tmp_path / "x.json"
    assert library_path() == tmp_path / "env.json"
    monkeypatch.delenv("REFCLI_LIBRARY")
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "data"))
    assert library_path() == tmp_path / "data" / "library.json"


def test_opening_a_missing_library_creates_nothing(tmp_path: Path) -> None:
    """A read of a library that does not exist is empty and leaves no file (nor directory)."""
    path = tmp_path / "sub" / "library.json"
    lib = Library.open(path)
    assert not lib.exists
    assert lib.sources() == []
    assert lib.documents() == []
    assert stats(lib)["sources"] == 0
    assert not path.parent.exists()


# -- ingest ------------------------------------------------------------------------------------
def test_ingest_stores_documents_notes_sources_citations(tmp_path: Path) -> None:
    """One ingest: the unit written f. 5446 and f. R-5446 is one source with every leaf."""
    path = tmp_path / "lib.json"
    report = ingest([_item(tmp_path, _doc())], path, tags=["thesis"])
    assert report.written
    assert report.summary() == {"documents": 1, "unchanged": 0, "notes": 5, "citations": 4,
                                "new_sources": 2, "findings": 0}
    lib = Library.open(path)
    (doc,) = lib.documents()
    assert (doc["name"], doc["tags"], doc["notes"]) == ("a.txt", ["thesis"], 5)
    unit = lib.source("garf-5446-98s-704")
    assert unit["record"]["fond"] == "R-5446"
    assert unit["variants"] == ["GARF, f. 5446, op. 98s, d. 704", "GARF, f. R-5446, op. 98s, d. 704"]
    assert unit["leaves"] == ["101", "102", "125"]
    assert unit["cited"] == 3
    assert [n.get("via") for n in unit["notes"]] == [None, "ibid", None]
    book = lib.source("pantsov2007mao")
    assert book["kind"] == "book"
    raw = orjson.loads(path.read_bytes())
    assert raw["meta"]["1"]["schema"] == "refcli.library/2"
    assert raw["documents"]["1"]["id"] == doc["id"]
    # the document's own file is a TinyDB database with its notes, citations and sources
    db = TinyDB(str(files.parts_dir(path) / f"{doc['id']}.json"), storage=AtomicJSONStorage)
    assert [n["n"] for n in db.table("notes").all()] == [1, 2, 3, 4, 5]
    assert {c["source"] for c in db.table("citations").all()} == {"garf-5446-98s-704",
                                                                   "pantsov2007mao"}


def test_reingesting_unchanged_file_does_not_write(tmp_path: Path) -> None:
    """Same path and content hash: no file of the library changes, not even its mtime."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    before = _files(path)
    mtime = path.stat().st_mtime_ns
    report = ingest([_item(tmp_path, _doc())], path)
    assert not report.written
    assert [d.status for d in report.documents] == ["unchanged"]
    assert _files(path) == before
    assert path.stat().st_mtime_ns == mtime


def test_changed_file_replaces_its_earlier_version(tmp_path: Path) -> None:
    """A new hash for the same path replaces notes and citations; an uncited source goes."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    smaller = Document("a.txt", (Note(1, "GARF, f. 5446, op. 98s, d. 704, l. 7.",
                                      (_unit("5446", "7"),)),))
    report = ingest([_item(tmp_path, smaller, "2" * 64)], path)
    assert [d.status for d in report.documents] == ["replaced"]
    lib = Library.open(path)
    assert [d["sha256"] for d in lib.documents()] == ["2" * 64]
    assert [s["key"] for s in lib.sources()] == ["garf-5446-98s-704"]  # the book went
    assert lib.source("garf-5446-98s-704")["leaves"] == ["7"]


def test_existing_keys_stay_stable_when_more_is_ingested(tmp_path: Path) -> None:
    """A second document citing the same unit reuses its key and adds its leaves."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    other = Document("b.txt", (Note(1, "x", (_unit("R-5446", "200"),)),
                               Note(2, "y", (_unit("5446", "1", delo="705"),))))
    report = ingest([_item(tmp_path, other, "3" * 64)], path)
    assert report.documents[0].new_sources == 1
    lib = Library.open(path)
    unit = lib.source("garf-5446-98s-704")
    assert unit["leaves"] == ["101", "102", "125", "200"]
    assert unit["documents"] == ["a.txt", "b.txt"]
    assert lib.source("garf-5446-98s-705")["cited"] == 1


def test_same_file_name_in_two_directories_gets_two_names(tmp_path: Path) -> None:
    """Two different paths named notes.txt do not overwrite each other."""
    path = tmp_path / "lib.json"
    a = IngestItem(str(tmp_path / "x" / "notes.txt"), "1" * 64, _doc("notes.txt"))
    b = IngestItem(str(tmp_path / "y" / "notes.txt"), "2" * 64, _doc("notes.txt"))
    ingest([a], path)
    ingest([b], path)
    assert [d["name"] for d in Library.open(path).documents()] == ["notes.txt", "y/notes.txt"]


# -- incremental writes ----------------------------------------------------------------------------
def test_adding_a_document_touches_no_other_document(tmp_path: Path) -> None:
    """Adding writes the new document's file, its index segment, the catalogue and its backup;
    every other file keeps its bytes."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc(f"{i}.txt"), str(i) * 64) for i in range(1, 4)], path)
    before = _files(path)
    ingest([_item(tmp_path, _doc("new.txt"), "9" * 64)], path)
    after = _files(path)
    changed = {name for name in after if before.get(name) != after[name]}
    new_id = Library.open(path).documents()[-1]["id"]
    assert changed == {"lib.json", "lib.json.bak", f"{new_id}.json", f"index/{new_id}.idx"}
    assert set(before) <= set(after)


def test_removing_a_document_writes_the_catalogue_alone(tmp_path: Path) -> None:
    """Remove changes the catalogue (and its backup); the document's files stay until the
    backup no longer names them."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc(f"{i}.txt"), str(i) * 64) for i in range(1, 4)], path)
    ingest([_item(tmp_path, _doc("4.txt"), "4" * 64)], path)
    before = _files(path)
    remove_document("2.txt", path)
    after = _files(path)
    assert {n for n in after if before.get(n) != after[n]} == {"lib.json", "lib.json.bak"}
    assert [d["name"] for d in Library.open(path).documents()] == ["1.txt", "3.txt", "4.txt"]


def test_the_backup_is_the_catalogue_before_the_last_write(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc("a.txt"))], path)
    first = path.read_bytes()
    assert not path.with_name("lib.json.bak").exists()  # nothing to back up yet
    ingest([_item(tmp_path, _doc("b.txt"), "2" * 64)], path)
    assert path.with_name("lib.json.bak").read_bytes() == first


def test_many_documents_are_merged_into_one_index(tmp_path: Path) -> None:
    """Past PENDING segments the index is merged into one main file; nothing is lost and the
    merged segments are deleted once no catalogue names them."""
    path = tmp_path / "lib.json"
    for i in range(PENDING + 3):
        doc = Document(f"d{i}.txt", (Note(1, "x", (_unit("5446", str(i), delo=str(1000 + i)),)),
                                     Note(2, "y", (_unit("5446", str(i)),))))
        ingest([_item(tmp_path, doc, f"{i:064d}")], path)
    lib = Library.open(path)
    assert lib.meta["index"].startswith("main-")
    assert len(lib.sources()) == PENDING + 4
    assert lib.source("garf-5446-98s-704")["cited"] == PENDING + 3
    index_files = sorted(p.name for p in (files.parts_dir(path) / "index").iterdir())
    assert len(index_files) < PENDING  # merged segments are gone


def _many(tmp_path: Path, n: int, start: int = 0) -> list[IngestItem]:
    return [_item(tmp_path, Document(f"m{i}.txt", (
        Note(1, f"Word{i} and Mikoyan, f. 5446.", (_unit("5446", str(i), delo=str(2000 + i)),)),
        Note(2, "Ibid.", (_unit("5446", str(i)),)))), f"{i:064d}") for i in range(start, start + n)]


def test_a_bulk_ingest_merges_its_segments_as_it_goes(tmp_path: Path) -> None:
    """One ingest of more documents than the spool groups (merged 32 at a time, then into the
    main index): the index equals the one rebuilt from the documents' files, its vocabulary
    section holds every word of the lines, and no spool file stays behind."""
    from refcli.library import check
    from refcli.library.index import Part

    path = tmp_path / "lib.json"
    ingest(_many(tmp_path, 75), path)
    lib = Library.open(path)
    assert lib.meta["index"].startswith("main-")
    assert lib.source("garf-5446-98s-704")["cited"] == 75
    assert len(lib.sources()) == 76
    main = Part.read(files.parts_dir(path) / "index" / lib.meta["index"])
    assert main.vocab is not None
    from_lines = set()
    for line in main.lines():
        f = line.split(b"\x1f", 7)
        from_lines |= set(f[5].split()) | set(f[6].split())
    from_lines.discard(b"|")
    assert {w for w, _ in main.vocabulary()} == from_lines
    assert "word74" in lib.index.vocabulary()
    assert not [f for f in (files.parts_dir(path) / "index").iterdir() if f.name.startswith(".")]
    assert check(path).index == "up to date"


def test_removed_documents_leave_the_vocabulary_when_merged(tmp_path: Path) -> None:
    """The vocabulary counts the lines holding each word: a merge after removals drops the
    removed documents' words, and the merged index is the one rebuilt from the files."""
    from refcli.library import check

    path = tmp_path / "lib.json"
    ingest(_many(tmp_path, 20), path)
    for i in range(PENDING + 1):
        remove_document(f"m{i}.txt", path)
    words = Library.open(path).index.vocabulary()
    assert "word0" not in words
    assert "word19" in words
    assert "mikoian" in words
    assert check(path).index == "up to date"


def test_an_index_of_the_earlier_format_is_read(tmp_path: Path) -> None:
    """A refcli.index/1 file (no vocabulary section) still answers, its words read from its
    lines, and the next merge writes the current format."""
    from refcli.library.index import SCHEMA, SCHEMA_1, Part

    path = tmp_path / "lib.json"
    ingest(_many(tmp_path, PENDING + 2), path)
    lib = Library.open(path)
    main_path = files.parts_dir(path) / "index" / lib.meta["index"]
    part = Part.read(main_path)
    rows = part.data[part.rows[0]:part.rows[1]]
    blocks = part.data[part.blocks[0]:part.blocks[1]]
    old = (SCHEMA_1 + b"\x1f" + ",".join(part.ids).encode() + b"\x1f" + str(len(rows)).encode()
           + b"\n" + rows + b"\x1d\n" + blocks)
    words = lib.index.vocabulary()
    del part, lib
    main_path.write_bytes(old)
    lib = Library.open(path)
    assert lib.index.main is not None
    assert lib.index.main.vocab is None
    assert lib.index.vocabulary() == words
    assert lib.source("garf-5446-98s-704")["cited"] == PENDING + 2
    ingest(_many(tmp_path, PENDING + 1, start=100), path)
    lib = Library.open(path)
    assert Part.read(files.parts_dir(path) / "index" / lib.meta["index"]).data[:14] == SCHEMA
    assert lib.source("garf-5446-98s-704")["cited"] == 2 * PENDING + 3


def test_one_ingest_is_one_catalogue_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Five documents: each has its own file (staged, then fsynced and put in place together),
    the catalogue is replaced once, after them."""
    writes: list[Path] = []
    real, real_stage, real_place = files.write_atomic, files.stage, files.put_in_place
    monkeypatch.setattr(files, "write_atomic", lambda p, data, slow=False, **kw: (writes.append(p), real(p, data, slow, **kw)))
    monkeypatch.setattr(files, "stage", lambda p, data: (writes.append(p), real_stage(p, data))[1])
    placed: list[Path] = []
    monkeypatch.setattr(files, "put_in_place", lambda staged: (
        placed.extend(p for _, p in staged), writes.append(Path("placed")), real_place(staged)))
    docs = [_item(tmp_path, _doc(f"{i}.txt"), f"{i}" * 64) for i in range(1, 6)]
    ingest(docs, tmp_path / "lib.json")
    assert writes.count(tmp_path / "lib.json") == 1
    assert len([p for p in writes if p.suffix == ".json" and p.parent.name == "lib.json.d"]) == 5
    assert len([p for p in placed if p.suffix == ".json"]) == 5
    assert writes.index(Path("placed")) < writes.index(tmp_path / "lib.json")


def test_failed_block_writes_nothing(tmp_path: Path) -> None:
    """An exception inside writing() leaves the library as it was: no new file stays behind."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    before = _files(path)

    def fail() -> None:
        with writing(path) as w:
            w.add_file(w.next_id("d"), {"notes": {}}, "x")
            w.remove_record("documents", Library.open(path).documents()[0]["id"])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert _files(path) == before


def test_file_permissions_are_not_narrowed(tmp_path: Path) -> None:
    """The temp file's 0600 does not leak onto an existing catalogue's mode."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    os.chmod(path, 0o644)
    ingest([_item(tmp_path, _doc("b.txt"), "9" * 64)], path)
    assert path.stat().st_mode & 0o777 == 0o644


# -- bad files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b'{"meta": {"1": {"schema": "refcli.libr', b"\x00\xffgarbage",
                                     b"[1, 2, 3]"])
def test_corrupt_library_is_an_error_and_untouched(tmp_path: Path, content: bytes) -> None:
    """Truncated, empty or garbage: LibraryError on read and on write, the bytes unchanged."""
    path = tmp_path / "lib.json"
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=r"library file is corrupt .*it was left untouched"):
        Library.open(path)
    with pytest.raises(LibraryError, match="corrupt"):
        ingest([_item(tmp_path, _doc())], path)
    assert path.read_bytes() == content


def test_unknown_and_earlier_schemas_are_refused(tmp_path: Path) -> None:
    """A library from a future refcli is not read, and not rewritten; an earlier one is named."""
    path = tmp_path / "lib.json"
    content = b'{"meta": {"1": {"schema": "refcli.library/9"}}, "sources": {}}'
    path.write_bytes(content)
    with pytest.raises(LibraryError, match=r"unknown library schema 'refcli\.library/9'"):
        Library.open(path)
    assert path.read_bytes() == content
    path.write_bytes(b'{"meta": {"1": {"schema": "refcli.library/1"}}, "sources": ""}')
    with pytest.raises(LibraryError, match=r"earlier refcli \(refcli\.library/1\)"):
        Library.open(path)


def test_plain_tinydb_file_is_not_taken_for_a_library(tmp_path: Path) -> None:
    """A TinyDB file without refcli's meta table is refused rather than mixed into."""
    path = tmp_path / "lib.json"
    path.write_bytes(b'{"_default": {"1": {"a": 1}}}')
    with pytest.raises(LibraryError, match="not a refcli library"):
        Library.open(path)


def test_locked_library_times_out_with_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holding the lock: a LibraryError naming the lock, nothing written."""
    path = tmp_path / "lib.json"
    monkeypatch.setenv("REFCLI_LOCK_TIMEOUT", "0.2")
    with FileLock(str(path) + ".lock"), pytest.raises(LibraryError, match="locked by another"):
        ingest([_item(tmp_path, _doc())], path)
    assert not path.exists()


def test_storage_is_a_tinydb_storage(tmp_path: Path) -> None:
    """TinyDB itself can use the storage; opening creates nothing, a write replaces the file."""
    path = tmp_path / "t.json"
    db = TinyDB(str(path), storage=AtomicJSONStorage)
    assert not path.exists()
    db.table("documents").insert({"name": "x"})
    assert orjson.loads(path.read_bytes())["documents"] == {"1": {"name": "x"}}
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]  # no temp file left behind
    assert TinyDB(str(path), storage=AtomicJSONStorage).table("documents").all() == [{"name": "x"}]


# -- remove and import ------------------------------------------------------------------------
def test_remove_document_drops_uncited_sources(tmp_path: Path) -> None:
    """Removing the only document empties the sources; imported sources stay."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    import_records([("levine2012", Citation("book", authors=(Person("Levine", "S."),),
                                            title="Mao", year="2012"))], path)
    report = remove_document("a.txt", path)
    assert (report.notes, report.citations, report.dropped_sources) == (5, 4, 2)
    lib = Library.open(path)
    assert lib.documents() == []
    assert [s["key"] for s in lib.sources()] == ["levine2012"]


def test_remove_by_path_and_unknown_document(tmp_path: Path) -> None:
    """A document is found by its full path too; an unknown one is NotFoundError."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    with pytest.raises(NotFoundError, match=r"no document 'nope\.txt'"):
        remove_document("nope.txt", path)
    assert remove_document(str(tmp_path / "a.txt"), path).document == "a.txt"


def test_remove_without_library_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    with pytest.raises(NotFoundError, match=r"no library yet"):
        remove_document("a.txt", path)
    assert not path.exists()


def test_import_keeps_keys_merges_and_renames(tmp_path: Path) -> None:
    """Entry keys are kept; a known work merges into its key; a taken key gets a suffix."""
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    unit = Citation("archival", archive="RGANI", fond="52", opis="1", delo="555")
    same_book = _book().with_(pages=None, publisher="Molodaia gvardiia")
    other = Citation("article", authors=(Person("Smith"),), title="Other", year="1999")
    report = import_records([("rgani-unit", unit), ("pantsov-bib", same_book),
                             ("rgani-unit", other)], path)
    assert report.added == ["rgani-unit", "rgani-unita"]
    assert report.merged == [("pantsov-bib", "pantsov2007mao")]
    assert report.renamed == [("rgani-unit", "rgani-unita")]
    lib = Library.open(path)
    assert lib.source("rgani-unit")["record"]["shelfmark"] == "RGANI, f. 52, op. 1, d. 555"
    book = lib.source("pantsov2007mao")
    assert book["record"]["publisher"] == "Molodaia gvardiia"
    assert book["cited"] == 1
    assert book["imported"] is True
    # later ingests cite the imported unit under its imported key
    doc = Document("c.txt", (Note(1, "RGANI ...", (Citation(
        "archival", archive="RGANI", fond="52", opis="1", delo="555", leaves="80-88"),)),))
    ingest([_item(tmp_path, doc, "4" * 64)], path)
    assert Library.open(path).source("rgani-unit")["leaves"] == ["80-88"]


def test_show_key_not_found_suggests(tmp_path: Path) -> None:
    path = tmp_path / "lib.json"
    ingest([_item(tmp_path, _doc())], path)
    with pytest.raises(NotFoundError, match="did you mean garf-5446-98s-704"):
        Library.open(path).source("garf-5446-98s-70")


def test_an_earlier_library_is_upgraded_keeping_its_keys(tmp_path: Path) -> None:
    """A refcli.library/1 file (one TinyDB file, packed tables) becomes this layout: same
    documents, sources and keys; the old file stays beside it."""
    from refcli.library.update import upgrade

    path = tmp_path / "lib.json"
    unit = {"kind": "archival", "archive": "GARF", "fond": "R-5446", "opis": "98s", "delo": "704",
            "shelfmark": "GARF, f. R-5446, op. 98s, d. 704"}
    book = {"kind": "book", "authors": [{"family": "Levine", "given": "S."}], "title": "Mao",
            "year": "2012"}
    old = {
        "meta": {"1": {"schema": "refcli.library/1"}},
        "documents": {"1": {"name": "a.txt", "path": "/x/a.txt", "sha256": "1" * 64, "tags": [],
                            "notes": 2, "citations": 2, "findings": 0, "format": "text",
                            "ingested": "2026-01-01T00:00:00Z"}},
        "notes": "1\t1\x1fa.txt\t" + orjson.dumps({"document": "a.txt", "n": 1, "text": "GARF ..."}).decode()
                 + "\n2\t2\x1fa.txt\t" + orjson.dumps({"document": "a.txt", "n": 2, "text": "Ibid."}).decode(),
        "sources": "1\tx\t" + orjson.dumps({"key": "garf-5446-98s-704", "kind": "archival",
                                             "record": unit, "imported": False}).decode()
                   + "\n2\tx\t" + orjson.dumps({"key": "levine2012mao", "kind": "book",
                                                "record": book, "imported": True}).decode(),
        "citations": "1\t\t" + orjson.dumps(["garf-5446-98s-704", "a.txt", 1, "l. 1", None]).decode()
                     + "\n2\t\t" + orjson.dumps(["garf-5446-98s-704", "a.txt", 2, "l. 2", "ibid"]).decode(),
    }
    content = orjson.dumps(old)
    path.write_bytes(content)
    documents, sources, kept = upgrade(path)
    assert (documents, sources) == (1, 2)
    assert Path(kept).read_bytes() == content
    lib = Library.open(path)
    assert sorted(s["key"] for s in lib.sources()) == ["garf-5446-98s-704", "levine2012mao"]
    unit_source = lib.source("garf-5446-98s-704")
    assert unit_source["leaves"] == ["1", "2"]
    assert [n.get("via") for n in unit_source["notes"]] == [None, "ibid"]
    assert lib.source("levine2012mao")["imported"] is True
