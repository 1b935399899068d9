"""The library on disk: a small catalogue, one TinyDB file per document, the search index.

Layout of a library at ``PATH`` (``library.json``):

* ``PATH``, the **catalogue**: a TinyDB JSON file with ``meta`` (``{"schema":
  "refcli.library/2", "next": N, "index": "main-….idx"}``), ``documents`` (name, path, sha256,
  tags, counts, when ingested, and the ``id`` of its file) and ``imports`` (BibTeX imports).
* ``PATH.bak``: the catalogue as it was before the last write (the last good one).
* ``PATH.d/<id>.json``: one TinyDB file per document (``meta``, ``notes``, ``citations``, and
  ``sources``: the records of the sources it cites, as it writes them, under their keys) and
  per import (``meta``, ``sources``). Written once, never changed, deleted only when neither
  the catalogue nor its backup names it.
* ``PATH.d/index/``: the search index (:mod:`refcli.library.index`): one segment per document,
  merged now and then into a main index that the catalogue names. Derived: rebuilt from the
  documents' files when missing, stale or damaged.

So adding a document writes its file, its index segment and the catalogue (a few kilobytes per
document listed), and removing one writes the catalogue alone; no write touches another
document. A write: the new files first (each through a temporary file, fsync and
``os.replace``), then the backup, then the catalogue, atomically: the catalogue's replace is the
commit, and a kill before it leaves the library as it was (the new files, named by no
catalogue, are deleted by the next writer). One lock serialises writers; readers take none.

A catalogue that does not parse or has an unknown schema is reported (exit 2), never
overwritten; ``refcli library restore`` puts the backup back (keeping the damaged file). A
damaged record in a document's file or the index is reported, one line, and skipped.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import LibraryError, NotFoundError
from . import files
from .files import library_path, parts_dir
from .index import Index, IndexDamaged, Part, merge_chunks, release, segment

SCHEMA = "refcli.library/2"
DOCUMENT_SCHEMA = "refcli.document/1"
IMPORT_SCHEMA = "refcli.import/1"
OLD_SCHEMAS = ("refcli.library/1",)


def _corrupt(path: Path, why: str) -> LibraryError:
    return LibraryError(f"{path}: library file is corrupt ({why}); it was left untouched"
                        + _restore_hint(path))


def _restore_hint(path: Path) -> str:
    backup = path.with_name(path.name + ".bak")
    return ("; `refcli library restore` puts back the last good catalogue"
            if backup.exists() else "")


def _loads(data: bytes) -> Any:
    import orjson

    # orjson allocates many small objects; the cyclic GC would rescan them while they are built
    enabled = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(data)
    finally:
        if enabled:
            gc.enable()


def _dumps(obj: Any) -> bytes:
    import orjson

    return orjson.dumps(obj)


def parse_catalogue(path: Path, data: bytes) -> dict[str, Any]:
    """The catalogue's tables from DATA; LibraryError when it is not a refcli library."""
    import orjson

    try:
        tables = _loads(data)
    except orjson.JSONDecodeError as exc:
        raise _corrupt(path, str(exc) if data.strip() else "the file is empty") from None
    if not isinstance(tables, dict) or not all(isinstance(t, dict | str) for t in tables.values()):
        raise _corrupt(path, "not a table of TinyDB tables")
    meta = tables.get("meta") or {}
    first = next(iter(meta.values()), {}) if isinstance(meta, dict) else {}
    schema = first.get("schema") if isinstance(first, dict) else None
    if schema is None:
        raise LibraryError(f"{path}: not a refcli library (no schema in its meta table); "
                           "it was left untouched")
    if schema in OLD_SCHEMAS:
        raise LibraryError(f"{path}: a library of an earlier refcli ({schema}); run `refcli "
                           "library upgrade` to convert it (the old file is kept beside it)")
    if schema != SCHEMA:
        raise LibraryError(f"{path}: unknown library schema {schema!r} (this refcli reads "
                           f"{SCHEMA}); it was left untouched")
    for name in ("documents", "imports"):
        if not isinstance(tables.get(name, {}), dict):
            raise _corrupt(path, f"table {name} is not a table")
    return tables


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- reading ---------------------------------------------------------------------------------------
class Library:
    """One snapshot of the library as a command reads it (never creating anything)."""

    def __init__(self, path: Path, tables: dict[str, Any] | None, raw: bytes | None = None) -> None:
        self.path = path
        self.parts = parts_dir(path)
        self.exists = tables is not None
        self.raw = raw
        self.tables: dict[str, Any] = tables or {"meta": {"1": {"schema": SCHEMA, "next": 1}},
                                                 "documents": {}, "imports": {}}
        self.problems: list[str] = []  # damaged records met, one line each
        self._docs: list[dict[str, Any]] | None = None
        self._imports: list[dict[str, Any]] | None = None
        self._index: Index | None = None
        self._doc_data: dict[str, dict[str, Any] | None] = {}
        self.tables_before: dict[str, Any] | None = None  # the catalogue as read, by a writer

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Library:
        """Read the library at PATH (resolved by :func:`library_path`); never creates it."""
        p = library_path(path)
        raw = files.read_bytes(p)
        return cls(p, parse_catalogue(p, raw) if raw is not None else None, raw)

    # the catalogue
    @property
    def meta(self) -> dict[str, Any]:
        return next(iter(self.tables["meta"].values()))

    def _records(self, table: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
        out = []
        for rid, rec in (self.tables.get(table) or {}).items():
            if isinstance(rec, dict) and all(isinstance(rec.get(k), str) for k in required):
                out.append(rec)
            else:
                self.problems.append(f"{self.path}: {table} record {rid} is damaged; skipped")
        return out

    def documents(self) -> list[dict[str, Any]]:
        if self._docs is None:
            self._docs = self._records("documents", ("id", "name", "path", "sha256"))
        return self._docs

    def imports(self) -> list[dict[str, Any]]:
        if self._imports is None:
            self._imports = self._records("imports", ("id",))
        return self._imports

    def names(self) -> dict[str, str]:
        """File id → document name (imports are named by their file)."""
        out = {d["id"]: d["name"] for d in self.documents()}
        out.update({i["id"]: "import:" + str(i.get("file", i["id"])) for i in self.imports()})
        return out

    def live(self) -> set[str]:
        return {d["id"] for d in self.documents()} | {i["id"] for i in self.imports()}

    # the files
    def file_of(self, item_id: str) -> Path:
        return self.parts / f"{item_id}.json"

    def data(self, item_id: str) -> dict[str, Any] | None:
        """The decoded file of a document or import, None (and a problem) when unreadable."""
        if item_id not in self._doc_data:
            self._doc_data[item_id] = self._read_data(item_id)
        return self._doc_data[item_id]

    def _read_data(self, item_id: str) -> dict[str, Any] | None:
        import orjson

        path = self.file_of(item_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.problems.append(f"{path}: missing; its document is skipped "
                                 "(`refcli library check` tells which)")
            return None
        except OSError as exc:
            self.problems.append(f"{path}: cannot read ({files.cause(exc)}); skipped")
            return None
        try:
            data = _loads(raw)
        except orjson.JSONDecodeError as exc:
            self.problems.append(f"{path}: damaged ({exc}); its document is skipped")
            return None
        if not isinstance(data, dict):
            self.problems.append(f"{path}: damaged (not TinyDB tables); its document is skipped")
            return None
        return data

    # the index
    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = self._load_index()
        return self._index

    def _load_index(self) -> Index:
        live = self.live()
        main: Part | None = None
        name = self.meta.get("index")
        directory = self.parts / "index"
        if isinstance(name, str) and name:
            try:
                main = Part.read(directory / name)
            except FileNotFoundError:
                main = None
            except (OSError, IndexDamaged):
                self.problems.append(f"{directory / name}: the index is damaged; it was rebuilt "
                                     "in memory (`refcli library check` rebuilds it on disk)")
                main = None
        covered = set(main.ids) if main else set()
        segments = []
        for item_id in sorted(live - covered):
            try:
                segments.append(Part.read(directory / f"{item_id}.idx"))
                continue
            except (OSError, IndexDamaged):
                pass
            data = self.data(item_id)
            if data is not None:
                segments.append(Part.parse(segment(item_id, data, str(self.file_of(item_id)),
                                                   self.problems)))
        return Index(main, segments, live, self.names(), self.problems)

    # what commands ask
    def source_rows(self, needle: str | None = None, required: Any = ()) -> list[Any]:
        return self.index.rows(needle, required)

    def source(self, key: str) -> dict[str, Any]:
        """The source with KEY (case-insensitive), or NotFoundError with the closest keys."""
        row = self.index.row(key)
        if row is None:
            keys = self.index.all_keys()
            folded = {k.casefold(): k for k in keys}
            if key.casefold() in folded:
                row = self.index.row(folded[key.casefold()])
            else:
                import difflib

                close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                where = "" if self.exists else f" (no library yet at {self.path})"
                raise NotFoundError(f"no source with key {key!r} in the library{where}{hint}")
        assert row is not None
        return row.source()

    def sources(self) -> list[dict[str, Any]]:
        """Every source's stored view (key, kind, record, variants, notes, leaves, cited ...)."""
        return [row.source() for row in self.index.rows()]

    def iter_sources(self, rows: list[Any] | None = None) -> Iterator[Any]:
        """The library's sources (those of ROWS, else all) with their occurrences, as
        :class:`refcli.library.sources.Source` objects: what the exporters take."""
        for row in rows if rows is not None else self.index.rows():
            source = self.index.by_key(row.key)
            if source is not None:
                yield source

    def note_lookup(self):
        """(document name, n) → the note's text, reading only the documents asked for."""
        by_name = {d["name"]: d["id"] for d in self.documents()}
        cache: dict[str, dict[int, str]] = {}

        def lookup(document: str, n: int) -> str | None:
            item_id = by_name.get(document)
            if item_id is None:
                return None
            if item_id not in cache:
                data = self.data(item_id) or {}
                notes = data.get("notes") if isinstance(data.get("notes"), dict) else {}
                cache[item_id] = {r["n"]: r["text"] for r in notes.values()
                                  if isinstance(r, dict) and isinstance(r.get("n"), int)
                                  and isinstance(r.get("text"), str)}
            return cache[item_id].get(n)

        return lookup

    def take_problems(self) -> list[str]:
        """The damaged records met so far, each once (then forgotten)."""
        out = list(dict.fromkeys(self.problems))
        self.problems.clear()
        return out


# -- writing ---------------------------------------------------------------------------------------
def _referenced(parts: Path, tables: dict[str, Any] | None) -> set[str]:
    """The files of PARTS a catalogue names: its documents' and imports' files, its main index
    and the segments of the documents that index does not hold."""
    if not tables:
        return set()
    out: set[str] = set()
    covered: set[str] = set()
    meta = tables.get("meta")
    if isinstance(meta, dict):
        for rec in meta.values():
            if isinstance(rec, dict) and isinstance(rec.get("index"), str):
                out.add(f"index/{rec['index']}")
                covered |= _index_ids(parts / "index" / rec["index"])
    for name in ("documents", "imports"):
        table = tables.get(name)
        if isinstance(table, dict):
            for rec in table.values():
                if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                    out.add(f"{rec['id']}.json")
                    if rec["id"] not in covered:
                        out.add(f"index/{rec['id']}.idx")
    return out


def _index_ids(path: Path) -> set[str]:
    """The ids an index file's header lists (none when it cannot be read)."""
    try:
        with path.open("rb") as fh:
            header = fh.readline().rstrip(b"\n").split(b"\x1f")
    except OSError:
        return set()
    return {i for i in header[1].decode("ascii", "replace").split(",") if i} if len(header) > 1 else set()


@dataclass(slots=True)
class Writer:
    """One write: stage new files, change the catalogue, commit once (or leave all as it was)."""

    lib: Library
    created: list[Path] = field(default_factory=list)
    staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary file, target)
    spool: _Spool | None = None  # the index segments of the new files
    changed: bool = False
    garbage: list[Path] = field(default_factory=list)  # left by killed writers, removed

    @property
    def tables(self) -> dict[str, Any]:
        return self.lib.tables

    def next_id(self, prefix: str) -> str:
        meta = self.lib.meta
        n = int(meta.get("next") or 1)
        meta["next"] = n + 1
        return f"{prefix}{n:06d}"

    def _write(self, path: Path, payload: bytes | Iterator[bytes]) -> None:
        """Stage a new file: written now, fsynced and put in place by the commit."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.staged.append((files.stage(path, payload), path))
        except OSError as exc:
            raise files.os_error(path, exc) from None

    def add_file(self, item_id: str, tables: dict[str, Any], where: str) -> None:
        """Write a document's (or import's) TinyDB file and remember its index segment."""
        self._write(self.lib.file_of(item_id), _dumps(tables))
        if self.spool is None:
            self.spool = _Spool(self.lib.parts / "index")
        self.spool.add(item_id, segment(item_id, tables, where))

    def add_record(self, table: str, record: dict[str, Any]) -> None:
        t = self.tables.setdefault(table, {})
        n = max((int(k) for k in t if k.isdigit()), default=0) + 1
        t[str(n)] = record
        self._invalidate()

    def remove_record(self, table: str, item_id: str) -> None:
        t = self.tables.get(table) or {}
        for rid in [rid for rid, r in t.items() if isinstance(r, dict) and r.get("id") == item_id]:
            del t[rid]
        self._invalidate()

    def update_record(self, table: str, item_id: str, **changes: Any) -> None:
        for r in (self.tables.get(table) or {}).values():
            if isinstance(r, dict) and r.get("id") == item_id:
                r.update(changes)
        self.changed = True

    def _invalidate(self) -> None:
        self.changed = True
        self.lib._docs = self.lib._imports = None

    def index_now(self) -> Index:
        """The index as it will be after this write (the new segments included)."""
        lib = self.lib
        base = lib.index
        live = lib.live()
        segments = list(base.segments) + (self.spool.parts() if self.spool else [])
        return Index(base.main, segments, live, lib.names(), lib.problems)

    def commit(self) -> None:
        if not self.changed:
            return
        lib = self.lib
        live = lib.live()
        main = lib.index.main
        covered = set(main.ids) if main else set()
        pending = [i for i in live if i not in covered]
        gone = covered - live
        if len(pending) > _PENDING or len(gone) > _PENDING:
            # merge: the old main's live lines, the pending segments, the new ones
            parts = ([main] if main else []) + [
                s for s in lib.index.segments if s.ids and s.ids[0] in live] + (
                self.spool.parts() if self.spool else [])
            # segments of documents whose files were unreadable are simply absent
            name = f"main-{self.next_id('')}.idx"
            self._write(lib.parts / "index" / name, merge_chunks(parts, live))
            lib.meta["index"] = name
        else:
            for item_id in self.spool.ids() if self.spool else ():
                self._write(lib.parts / "index" / f"{item_id}.idx", self.spool.get(item_id))
        # the new files, whole and under their names, are durable before the catalogue that
        # names them
        staged, self.staged = self.staged, []
        self.created.extend(path for _, path in staged)
        try:
            files.put_in_place(staged)
        except OSError as exc:
            self.staged = staged
            raise files.os_error(exc.filename or lib.parts, exc) from None
        for directory in dict.fromkeys(path.parent for path in self.created):
            files.fsync_dir(directory)
        payload = _dumps(self.tables)
        if lib.raw is not None:  # the catalogue as it was: the last good one
            backup = lib.path.with_name(lib.path.name + ".bak")
            try:
                files.write_atomic(backup, lib.raw)
            except OSError as exc:
                raise files.os_error(backup, exc) from None
        try:
            files.write_atomic(lib.path, payload, slow=True)
        except OSError as exc:
            raise files.os_error(lib.path, exc) from None
        self.created.clear()  # committed: the new files belong to the library now
        previous = lib.tables_before
        lib.raw = payload
        collect_garbage(lib.path, [self.tables, previous])

    def close(self) -> None:
        for tmp, _ in self.staged:  # staged, never committed (the write changed nothing)
            with suppress(OSError):
                tmp.unlink()
        self.staged.clear()
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def rollback(self) -> None:
        for path in [*self.created, *(tmp for tmp, _ in self.staged)]:
            with suppress(OSError):
                path.unlink()
        self.created.clear()
        self.staged.clear()


_PENDING = 16


def _made(part: Part) -> Part:
    """PART, made by this write (its lines are in order: no need to check)."""
    part.in_order = True
    return part


class _Spool:
    """The index segments of one write's new files, until the commit writes them (or merges
    them into the main index). A bulk ingest's segments are merged 32 at a time as they come,
    into an unlinked temporary file beside the index: hundreds of segments are neither held in
    memory nor read all at once by the final merge. A killed writer leaves nothing, or a
    ``.spool.*.tmp`` file that the next writer deletes."""

    GROUP = 32

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.fh: Any = None  # the temporary file, made for the first group
        self.loose: dict[str, bytes] = {}  # one document's segment each
        self.groups: list[tuple[int, int]] = []  # [start, end) of merged segments in fh
        self.size = 0

    def add(self, item_id: str, data: bytes) -> None:
        self.loose[item_id] = data
        if len(self.loose) >= self.GROUP:
            parts = [_made(Part.parse(d)) for d in self.loose.values()]
            self.groups.append(self._append(merge_chunks(parts, set(self.loose))))
            self.loose.clear()

    def _append(self, chunks: Iterator[bytes]) -> tuple[int, int]:
        import tempfile

        start = self.size
        try:
            if self.fh is None:
                self.directory.mkdir(parents=True, exist_ok=True)
                self.fh = tempfile.TemporaryFile(  # noqa: SIM115  (closed by close())
                    prefix=".spool.", suffix=".tmp", dir=self.directory)
            for chunk in chunks:
                self.fh.write(chunk)
                self.size += len(chunk)
        except OSError as exc:
            raise files.os_error(self.directory, exc) from None
        return start, self.size

    def ids(self) -> list[str]:
        """The documents whose segments are still apart (none merged: a small write)."""
        if self.groups:
            raise AssertionError("merged segments are only written as part of a main index")
        return list(self.loose)

    def get(self, item_id: str) -> bytes:
        return self.loose[item_id]

    def parts(self) -> list[Part]:
        """Every segment, merged (read in place, mapped) or not."""
        import mmap

        parts = []
        if self.groups:
            self.fh.flush()
            data = mmap.mmap(self.fh.fileno(), self.size, access=mmap.ACCESS_READ)
            parts = [_made(Part.parse(data, start, end)) for start, end in self.groups]
            release([data])
        return parts + [_made(Part.parse(d)) for d in self.loose.values()]

    def close(self) -> None:
        if self.fh is not None:
            with suppress(OSError):
                self.fh.close()


def collect_garbage(path: Path, keep: list[dict[str, Any] | None]) -> list[Path]:
    """Delete the files of PATH.d that none of the catalogues KEEP names (written by a writer
    killed before its commit, or no longer named by the catalogue or its backup)."""
    removed: list[Path] = []
    parts = parts_dir(path)
    referenced: set[str] = set()
    for tables in keep:
        referenced |= _referenced(parts, tables)
    if not parts.is_dir():
        return removed
    for pattern in ("*.json", "index/*.idx"):
        for f in parts.glob(pattern):
            rel = f.relative_to(parts).as_posix()
            if rel not in referenced:
                with suppress(OSError):
                    f.unlink()
                    removed.append(f)
    files.remove_stale_temp_files(parts)
    files.remove_stale_temp_files(parts / "index")
    files.remove_stale_temp_files(path.parent, path.name)
    files.remove_stale_temp_files(path.parent, path.name + ".bak")
    return removed


def _backup_tables(path: Path) -> dict[str, Any] | None:
    raw = files.read_bytes(path.with_name(path.name + ".bak"))
    if raw is None:
        return None
    try:
        return parse_catalogue(path, raw)
    except LibraryError:
        return None


@contextmanager
def writing(path: str | os.PathLike[str] | None = None) -> Iterator[Writer]:
    """Lock the library, read it fresh, and commit what the block did ONCE.

    Nothing is written when the block raises or changes nothing; files the block wrote are
    deleted again."""
    p = library_path(path)
    with files.locked(p), _cyclic_gc_paused():
        lib = Library.open(p)
        lib.tables_before = _copy(lib.tables) if lib.exists else None
        garbage = collect_garbage(p, [lib.tables if lib.exists else None, _backup_tables(p)])
        writer = Writer(lib, garbage=garbage)
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.close()


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during a write: a bulk ingest builds hundreds of thousands
    of objects (and is handed the parsed documents, as many again), and each full collection
    rescanned them all; a fifth of its time, for none of them is garbage in a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _copy(tables: dict[str, Any]) -> dict[str, Any]:
    return _loads(_dumps(tables))
