"""The library: a TinyDB file of documents, notes, sources and citations that never loses data.

Storage rules (DESIGN.md "The library"):

* The path is ``--library PATH``, else ``REFCLI_LIBRARY``, else
  ``platformdirs.user_data_dir("refcli")/library.json``. Reading never creates it.
* :class:`AtomicJSONStorage` is TinyDB's storage, rewritten: it parses the file once per
  process (orjson) and writes a temporary file in the same directory, flushes and fsyncs it,
  then ``os.replace``s the library and fsyncs the directory. A kill at any moment leaves either
  the old or the new file, never half of one.
* Every read-modify-write holds ``FileLock(path + ".lock")`` and re-reads the file under the
  lock; TinyDB operations inside :func:`writing` are batched in memory and written ONCE when the
  block ends without an error (and not at all when nothing changed).
* The file carries ``meta`` → ``{"schema": "refcli.library/1"}``; an unknown schema or a file
  that does not parse is a :class:`LibraryError` (exit 2) and the file is left untouched.

Tables (every record is a plain JSON object):

* ``documents``: name (unique, what citations point to), path, sha256, tags, notes, citations,
  findings, format, ingested (UTC ISO time).
* ``notes``: document, n, text.
* ``sources``: key, kind, identity, record (the locator-free citation, parse-contract shape),
  variants, imported, and derived fields kept for search: ``text`` (the folded fields),
  ``words`` (the folded words of the notes citing it), ``cited`` (notes citing it), ``leaves``
  (locator values in first-cited order), ``documents``.
* ``citations``: source (key), document, note, locator, via (``ibid``/``op_cit`` when reached
  through a back-reference).
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from .errors import LibraryError, NotFoundError
from .fold import fold
from .model import Citation, Document, Person
from .sources import Source, collect_sources, identity

SCHEMA = "refcli.library/1"
TABLES = ("documents", "notes", "sources", "citations")
PACKED = ("notes", "sources", "citations")
ENV_PATH = "REFCLI_LIBRARY"
ENV_LOCK_TIMEOUT = "REFCLI_LOCK_TIMEOUT"
# test-only: seconds to sleep between writing the temporary file and replacing the library,
# so that a reliability test can kill a writer in the middle of a write
ENV_SLOW_WRITE = "REFCLI_TEST_SLOW_WRITE"

_SEARCH_FIELDS = ("archive", "fond", "opis", "papka", "karton", "delo", "tom", "shelfmark",
                  "title", "title_translated", "container", "volume", "issue", "year", "date",
                  "city", "publisher", "url")


# -- where the library lives ---------------------------------------------------------------
def library_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--library PATH``, else ``$REFCLI_LIBRARY``, else the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_PATH)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("refcli", appauthor=False)) / "library.json"


# -- the storage -----------------------------------------------------------------------------
def _corrupt(path: Path, why: str) -> LibraryError:
    return LibraryError(f"{path}: library file is corrupt ({why}); it was left untouched")


def read_library_file(path: Path) -> dict[str, dict[str, Any]] | None:
    """The parsed tables of PATH, or None when there is no library yet. Never writes."""
    import orjson

    try:
        if path.is_dir():
            raise LibraryError(f"{path}: is a directory, not a library file")
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read the library ({exc.strerror or exc})") from None
    # orjson allocates hundreds of thousands of small objects; the cyclic GC would rescan
    # them over and over while they are being built (a third of the load time at 10^5)
    enabled = gc.isenabled()
    gc.disable()
    try:
        tables = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise _corrupt(path, str(exc) if data.strip() else "the file is empty") from None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(tables, dict) or not all(
            isinstance(t, dict) or (name in PACKED and isinstance(t, str))
            for name, t in tables.items()):
        raise _corrupt(path, "not a table of TinyDB tables")
    meta = tables.get("meta") or {}
    schema = next(iter(meta.values()), {}).get("schema") if meta else None
    if schema is None:
        raise LibraryError(f"{path}: not a refcli library (no schema in its meta table); "
                           "it was left untouched")
    if schema != SCHEMA:
        raise LibraryError(f"{path}: unknown library schema {schema!r} (this refcli reads "
                           f"{SCHEMA}); it was left untouched")
    packed = {k: v for k, v in tables.items() if isinstance(v, str)}
    return _Tables({k: v for k, v in tables.items() if not isinstance(v, str)}, packed, path)


# -- packed tables ------------------------------------------------------------------------------
# The big tables are stored as one JSON string each: a line per record, ``id TAB prefix TAB
# json``. Loading the library then parses a few long strings instead of 10^5 objects (a cold
# process spent a second in orjson.loads at 10^5 citations), and a table is decoded only when
# a command touches it. ``sources`` lines carry the folded search fields in their prefix
# (refcli.search.source_prefix), so a search scans strings and decodes only its hits.
def _note_prefix(doc: dict[str, Any]) -> str:
    return f"{doc.get('n')}\x1f{_clean_token(str(doc.get('document', '')))}"


def _clean_token(text: str) -> str:
    return re.sub(r"[\t\n\r\x1f]", " ", text)


_CITATION_KEYS = ("source", "document", "note", "locator", "via")


def ascii_json(obj: Any) -> str:
    """Compact JSON with non-ASCII escaped: a packed table stays a 1-byte-per-character
    string in memory (one Cyrillic title would make the whole table's string 2 bytes wide)."""
    import orjson

    text = orjson.dumps(obj).decode()
    if text.isascii():
        return text
    import json

    return json.dumps(obj, ensure_ascii=True, separators=(",", ":"))


def _citation_json(doc: dict[str, Any]) -> str:
    """A citation as a five-item array (half the size of the object)."""
    if set(doc) <= set(_CITATION_KEYS):
        return ascii_json([doc.get(k) for k in _CITATION_KEYS])
    return ascii_json(doc)


def _encode_packed(name: str, table: dict[str, Any],
                   known: dict[str, tuple[Any, str]] | None = None) -> str:
    """Table NAME as its packed string. KNOWN maps a record's id to what it was when read
    (a source's JSON body, a copy of a note or citation) and its line: an unchanged record
    keeps its line, so a write does not re-encode (nor re-fold) 10^5 records."""
    if name == "sources":
        from .search import encode_source_line, source_body

        lines = []
        for i, doc in table.items():
            seen = known.get(i) if known else None
            if seen is not None and seen[0] == source_body(doc):
                lines.append(seen[1])
            else:
                lines.append(encode_source_line(i, doc))
        return "\n".join(lines)
    # notes and citations are flat records: one equal to its copy as read keeps its line
    lines = []
    for i, doc in table.items():
        seen = known.get(i) if known else None
        if seen is not None and seen[0] == doc:
            lines.append(seen[1])
        elif name == "citations":
            lines.append(f"{i}\t\t{_citation_json(doc)}")
        else:
            lines.append(f"{i}\t{_note_prefix(doc)}\t{ascii_json(doc)}")
    return "\n".join(lines)


def _decode_packed(name: str, raw: str, path: Path,
                   known: dict[str, tuple[Any, str]] | None = None) -> dict[str, Any]:
    import orjson

    from .search import restore_source

    table: dict[str, Any] = {}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for line in raw.split("\n"):
            if not line:
                continue
            doc_id, prefix, js = line.split("\t", 2)
            doc = orjson.loads(js)
            if name == "sources":
                restore_source(doc, prefix)
                if known is not None:  # the body as source_body() would write it now
                    parts = prefix.split("\x1f")
                    known[doc_id] = (f"{js}\t{parts[4]}\t{parts[5]}", line)
            else:
                if isinstance(doc, list):
                    doc = dict(zip(_CITATION_KEYS, doc, strict=True))
                if known is not None:
                    known[doc_id] = (dict(doc), line)
            table[doc_id] = doc
    except (ValueError, TypeError, AttributeError, orjson.JSONDecodeError) as exc:
        raise _corrupt(path, f"table {name}: {exc}") from None
    finally:
        if enabled:
            gc.enable()
    return table


class _Tables(dict):
    """The tables as read; packed ones are decoded on first access (``tables[name]``)."""

    def __init__(self, data: dict[str, Any], packed: dict[str, str], path: Path) -> None:
        super().__init__(data)
        self.packed = packed
        self.path = path
        # name → (the dict decoded from the file, its raw string); the dict is held so that
        # an identity test tells whether TinyDB has since replaced the table
        self._decoded: dict[str, tuple[dict[str, Any], str]] = {}
        self._known: dict[str, dict[str, tuple[Any, str]]] = {}  # table → id → (as read, line)

    def __missing__(self, name: str) -> dict[str, Any]:
        raw = self.packed.pop(name, None)
        if raw is None:
            raise KeyError(name)
        table = _decode_packed(name, raw, self.path, self._known.setdefault(name, {}))
        self[name] = table
        self._decoded[name] = (table, raw)
        return table

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[name]
        except KeyError:
            return default

    def raw(self, name: str) -> str | None:
        """A still-packed table's string (no decoding), else None."""
        return self.packed.get(name)

    def serialise(self) -> dict[str, Any]:
        """Every table ready for orjson: big ones packed; a table decoded but never replaced
        by TinyDB keeps its original string."""
        out: dict[str, Any] = {}
        for name in list(self) + list(self.packed):
            if name in self.packed:
                out[name] = self.packed[name]
                continue
            table = dict.__getitem__(self, name)
            if name in PACKED:
                done = self._decoded.get(name)
                out[name] = (done[1] if done and done[0] is table
                             else _encode_packed(name, table, self._known.get(name)))
            else:
                out[name] = table
        return out


def write_library_file(path: Path, tables: dict[str, Any]) -> None:
    """Replace PATH atomically: temp file in the same directory, fsync, os.replace, fsync dir."""
    import orjson

    payload = orjson.dumps(tables)
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        slow = os.environ.get(ENV_SLOW_WRITE)
        if slow:
            time.sleep(float(slow))
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # platforms without directory handles
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _file_mode(path: Path) -> int:
    """The existing library's permissions, else what the umask gives a new file (mkstemp's
    own 0600 would surprise a user who shares the library)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


class AtomicJSONStorage(Storage):
    """TinyDB storage: read the file once, write it atomically, batch writes on request.

    Unlike TinyDB's JSONStorage it does not create the file when opened, does not re-read the
    file on every query, and never rewrites the library in place.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._tables: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        self.batch = False
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if not self._loaded:
            self._tables = read_library_file(self.path)
            self._loaded = True
        return self._tables

    def raw(self, name: str) -> str | None:
        """Table NAME still packed as read from the file, without decoding it; else None."""
        tables = self.read()
        return tables.raw(name) if isinstance(tables, _Tables) else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._tables = data
        self._loaded = True
        if self.batch:
            self.dirty = True
        else:
            self.commit(force=True)

    def commit(self, force: bool = False) -> bool:
        """Write the held tables in one atomic replace; False when there was nothing to write."""
        if not (self.dirty or force) or self._tables is None:
            return False
        if isinstance(self._tables, _Tables):
            tables = self._tables.serialise()
        else:
            tables = {name: _encode_packed(name, t) if name in PACKED else t
                      for name, t in self._tables.items()}
        tables["meta"] = {"1": {"schema": SCHEMA}}
        write_library_file(self.path, tables)
        self.dirty = False
        return True

    def close(self) -> None:
        pass


# -- the library in memory -------------------------------------------------------------------
class Library:
    """One snapshot of the library, read once, with in-memory indexes."""

    def __init__(self, path: Path, storage: AtomicJSONStorage) -> None:
        self.path = path
        self.storage = storage
        self.db = TinyDB(storage=lambda: storage)  # type: ignore[arg-type]
        self.exists = storage.read() is not None

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Library:
        """Read the library at PATH (resolved by :func:`library_path`); never creates it."""
        p = library_path(path)
        return cls(p, AtomicJSONStorage(p))

    def table(self, name: str):  # -> tinydb.table.Table
        return self.db.table(name)

    def all(self, name: str) -> list[dict[str, Any]]:
        """The raw records of table NAME, in insertion order (no TinyDB Document wrapping)."""
        tables = self.storage.read() or {}
        return list((tables.get(name) or {}).values())

    def documents(self) -> list[dict[str, Any]]:
        return self.all("documents")

    def sources(self) -> list[dict[str, Any]]:
        return self.all("sources")

    def citations(self) -> list[dict[str, Any]]:
        return self.all("citations")

    def notes(self) -> list[dict[str, Any]]:
        return self.all("notes")

    def note_texts(self) -> dict[tuple[str, int], str]:
        return {(n["document"], n["n"]): n["text"] for n in self.notes()}

    def note_lookup(self) -> Callable[[str, int], str | None]:
        """(document, n) → note text, decoding only the notes asked for."""
        import orjson

        raw = self.storage.raw("notes")
        if raw is None:
            texts = self.note_texts()
            return lambda document, n: texts.get((document, n))
        lines: dict[str, str] = {}
        for line in raw.split("\n"):
            if line:
                _, prefix, js = line.split("\t", 2)
                lines[prefix] = js

        def lookup(document: str, n: int) -> str | None:
            js = lines.get(f"{n}\x1f{_clean_token(document)}")
            return orjson.loads(js)["text"] if js else None

        return lookup

    def source_rows(self, needle: str | None = None) -> list[Any]:
        """The sources as search rows (refcli.search.Row), decoding no JSON if still packed;
        with NEEDLE (see refcli.search.prefilter) possibly only the lines that contain it."""
        from .search import row_from_source, rows_from_packed

        raw = self.storage.raw("sources")
        if raw is not None:
            return rows_from_packed(raw, needle)
        tables = self.storage.read() or {}
        return [row_from_source(i, doc) for i, doc in (tables.get("sources") or {}).items()]

    def source(self, key: str) -> dict[str, Any]:
        """The source with KEY (case-insensitive), or NotFoundError with the closest keys."""
        rows = self.source_rows()
        for r in rows:
            if r.key == key:
                return r.source()
        for r in rows:
            if r.key.casefold() == key.casefold():
                return r.source()
        import difflib

        close = difflib.get_close_matches(key, [r.key for r in rows], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        where = "" if self.exists else f" (no library yet at {self.path})"
        raise NotFoundError(f"no source with key {key!r} in the library{where}{hint}")


def _lock_timeout() -> float:
    try:
        return float(os.environ.get(ENV_LOCK_TIMEOUT, "30"))
    except ValueError:
        return 30.0


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files of writers that were killed before their replace. Called under the lock,
    when no other writer can be writing one."""
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        with suppress(OSError):
            stale.unlink()


@contextmanager
def writing(path: str | os.PathLike[str] | None = None) -> Iterator[Library]:
    """Lock the library, read it fresh, and write everything done in the block ONCE.

    Nothing is written when the block raises or changes nothing.
    """
    from filelock import FileLock, Timeout

    p = library_path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"{p.parent}: cannot create the library directory "
                           f"({exc.strerror or exc})") from None
    timeout = _lock_timeout()
    lock = FileLock(str(p) + ".lock", timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LibraryError(f"{p}: the library is locked by another refcli process "
                           f"({p}.lock held for over {timeout:g} s); try again") from None
    try:
        _remove_stale_temp_files(p)
        storage = AtomicJSONStorage(p)
        lib = Library(p, storage)
        storage.batch = True
        yield lib
        storage.commit()
    finally:
        lock.release()


# -- records -------------------------------------------------------------------------------
_CITATION_FIELDS = set(Citation.__dataclass_fields__) - {"start", "end"}


def citation_from_json(data: dict[str, Any]) -> Citation:
    """The inverse of ``Citation.to_json`` (unknown keys are ignored)."""
    kw: dict[str, Any] = {}
    for k, v in data.items():
        if k not in _CITATION_FIELDS or v is None:
            continue
        if k in ("authors", "editors"):
            kw[k] = tuple(Person(p.get("family", ""), p.get("given")) for p in v
                          if isinstance(p, dict))
        elif k == "resolved":
            kw[k] = citation_from_json(v) if isinstance(v, dict) else None
        elif k == "candidates":
            kw[k] = tuple(v)
        else:
            kw[k] = v
    kw.setdefault("kind", "other")
    return Citation(**kw)


def source_text(record: dict[str, Any], key: str, variants: Iterable[str] = ()) -> str:
    """The folded text of a source's own fields, padded with spaces for word-prefix search."""
    parts = [key.replace("-", " ")]
    for name in ("authors", "editors"):
        for p in record.get(name, ()):
            parts.append(p.get("family", ""))
            parts.append(p.get("given") or "")
    parts.extend(str(record[f]) for f in _SEARCH_FIELDS if record.get(f))
    if record.get("kind") != "archival" and not record.get("title") and record.get("raw"):
        parts.append(record["raw"])
    parts.extend(variants)
    return " " + fold(" ".join(parts)) + " "


def locator_value(locator: str | None) -> str | None:
    """``"ll. 104-105"`` → ``"104-105"``."""
    if not locator:
        return None
    return locator.split(" ", 1)[1] if " " in locator else locator


def _aggregate(source: dict[str, Any], cites: list[dict[str, Any]],
               folded_note: dict[tuple[str, int], str]) -> None:
    """Fill a source's derived fields from the citations pointing at it."""
    notes: list[tuple[str, int]] = []
    leaves: list[str] = []
    documents: list[str] = []
    words: set[str] = set()
    for c in cites:
        where = (c["document"], c["note"])
        if where not in notes:
            notes.append(where)
            words.update(folded_note.get(where, "").split())
        value = locator_value(c.get("locator"))
        if value and value not in leaves:
            leaves.append(value)
        if c["document"] not in documents:
            documents.append(c["document"])
    source["cited"] = len(notes)
    source["leaves"] = leaves
    source["documents"] = documents
    source["cites"] = [[c["document"], c["note"], c.get("locator"), c.get("via")] for c in cites]
    source["words"] = " " + " ".join(sorted(words)) + " " if words else " "


def _source_to_object(s: dict[str, Any]) -> Source:
    return Source(s["identity"], s["key"], citation_from_json(s["record"]),
                  variants=set(s.get("variants", ())))


# -- ingest ----------------------------------------------------------------------------------
@dataclass(slots=True)
class IngestItem:
    """One parsed file, ready to store."""

    path: str  # absolute
    sha256: str
    document: Document
    findings: int = 0


@dataclass(slots=True)
class IngestedDocument:
    name: str
    path: str
    status: str  # added / replaced / unchanged / retagged
    notes: int = 0
    citations: int = 0
    new_sources: int = 0
    findings: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "status": self.status, "notes": self.notes,
                "citations": self.citations, "new_sources": self.new_sources,
                "findings": self.findings}


@dataclass(slots=True)
class IngestReport:
    library: str
    documents: list[IngestedDocument] = field(default_factory=list)
    written: bool = False

    def summary(self) -> dict[str, int]:
        changed = [d for d in self.documents if d.status in ("added", "replaced")]
        return {
            "documents": len(changed),
            "unchanged": sum(d.status in ("unchanged", "retagged") for d in self.documents),
            "notes": sum(d.notes for d in changed),
            "citations": sum(d.citations for d in changed),
            "new_sources": sum(d.new_sources for d in changed),
            "findings": sum(d.findings for d in changed),
        }


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unique_name(path: str, taken: dict[str, str]) -> str:
    """A document's name: its file name, or parent/name when another path holds that name."""
    p = Path(path)
    for candidate in (p.name, f"{p.parent.name}/{p.name}", path):
        if taken.get(candidate, path) == path:
            return candidate
    n = 2
    while f"{path} ({n})" in taken:
        n += 1
    return f"{path} ({n})"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def ingest(items: list[IngestItem], path: str | os.PathLike[str] | None = None,
           tags: Iterable[str] = ()) -> IngestReport:
    """Store parsed documents in the library in ONE atomic write (none if nothing changed)."""
    tags = [t for t in dict.fromkeys(tags) if t]
    with writing(path) as lib:
        report = IngestReport(str(lib.path))
        docs_table = lib.table("documents")
        existing_docs = {d["path"]: (d.doc_id, d) for d in docs_table.all()}
        taken = {d["name"]: d["path"] for _, d in existing_docs.values()}
        to_store: list[tuple[IngestItem, str, dict[str, Any] | None]] = []
        retag: dict[int, list[str]] = {}
        seen_paths: set[str] = set()
        for item in items:
            if item.path in seen_paths:  # the same file named twice on one command line
                continue
            seen_paths.add(item.path)
            old = existing_docs.get(item.path)
            if old and old[1]["sha256"] == item.sha256:
                merged = list(dict.fromkeys([*old[1].get("tags", []), *tags]))
                status = "unchanged"
                if merged != old[1].get("tags", []):
                    retag[old[0]] = merged
                    status = "retagged"
                report.documents.append(IngestedDocument(old[1]["name"], item.path, status))
                continue
            name = old[1]["name"] if old else _unique_name(item.path, taken)
            taken[name] = item.path
            to_store.append((item, name, old[1] if old else None))
        for doc_id, new_tags in retag.items():
            docs_table.update({"tags": new_tags}, doc_ids=[doc_id])
        if not to_store:
            return report
        _store(lib, to_store, tags, report)
        report.written = True
    return report


def _store(lib: Library, to_store: list[tuple[IngestItem, str, dict[str, Any] | None]],
           tags: list[str], report: IngestReport) -> None:
    from dataclasses import replace

    replaced = {name for _, name, old in to_store if old is not None}
    touched: set[str] = set()
    if replaced:
        touched |= _drop_documents(lib, replaced)

    sources_table = lib.table("sources")
    stored = {s["identity"]: s for s in lib.sources()}
    # only sources these documents cite need their records rebuilt; the others take part
    # for their keys alone (so that new keys never collide with them)
    cited = {identity(t) for item, _, _ in to_store for t in _targets(item.document)}
    existing = [_source_to_object(s) if ident in cited else Source(ident, s["key"], _NO_RECORD)
                for ident, s in stored.items()]
    renamed = [replace(item.document, source=name) for item, name, _ in to_store]
    sources = collect_sources(renamed, existing)

    new_citations: list[dict[str, Any]] = []
    per_doc_new: dict[str, int] = {}
    per_doc_cites: dict[str, int] = {}
    fresh: list[dict[str, Any]] = []
    changed: dict[str, dict[str, Any]] = {}
    for s in sources:
        if not s.occurrences and s.identity in stored:
            continue
        record = s.record.to_json()
        if s.identity not in stored:
            doc = {"key": s.key, "kind": s.kind, "identity": s.identity, "record": record,
                   "variants": sorted(s.variants), "imported": False}
            fresh.append(doc)
            first = s.occurrences[0].document if s.occurrences else None
            if first:
                per_doc_new[first] = per_doc_new.get(first, 0) + 1
        else:
            old = stored[s.identity]
            variants = sorted(s.variants)
            if record != old["record"] or variants != old.get("variants", []):
                changed[s.key] = {"record": record, "variants": variants}
        touched.add(s.key)
        for o in s.occurrences:
            new_citations.append({"source": s.key, "document": o.document, "note": o.note,
                                  "locator": o.locator, "via": o.via})
            per_doc_cites[o.document] = per_doc_cites.get(o.document, 0) + 1

    # notes, citations and documents of this ingest: one insert_multiple each
    lib.table("notes").insert_multiple(
        {"document": name, "n": n.n, "text": n.text}
        for (item, name, _) in to_store for n in item.document.notes)
    lib.table("citations").insert_multiple(new_citations)
    now = _now()
    docs = []
    for item, name, old in to_store:
        doc = item.document
        old_tags = old.get("tags", []) if old else []
        docs.append({"name": name, "path": item.path, "sha256": item.sha256,
                     "tags": list(dict.fromkeys([*old_tags, *tags])), "notes": len(doc.notes),
                     "citations": per_doc_cites.get(name, 0), "findings": item.findings,
                     "format": doc.format, "ingested": now})
        report.documents.append(IngestedDocument(
            name, item.path, "replaced" if old else "added", len(doc.notes),
            per_doc_cites.get(name, 0), per_doc_new.get(name, 0), item.findings))
    lib.table("documents").insert_multiple(docs)
    if fresh:
        sources_table.insert_multiple(fresh)
    _refresh_sources(lib, touched, changed)


_NO_RECORD = Citation("other")


def _targets(doc: Document) -> Iterator[Citation]:
    """The citations of DOC that become occurrences (back-references through their target),
    as collect_sources() sees them."""
    for note in doc.notes:
        for c in note.citations:
            if c.is_backref:
                if c.status == "resolved" and c.resolved is not None:
                    yield c.resolved
            else:
                yield c


def _drop_documents(lib: Library, names: set[str]) -> set[str]:
    """Remove documents NAMES with their notes and citations; the source keys they touched."""
    lib.table("documents").remove(lambda d: d["name"] in names)
    lib.table("notes").remove(lambda n: n["document"] in names)
    touched: set[str] = set()

    def cond(c: dict[str, Any]) -> bool:
        if c["document"] in names:
            touched.add(c["source"])
            return True
        return False

    lib.table("citations").remove(cond)
    return touched


def _refresh_sources(lib: Library, keys: set[str],
                     changed: dict[str, dict[str, Any]] | None = None) -> int:
    """Recompute the derived fields of sources KEYS; drop those no longer cited (unless
    imported). Returns how many were dropped."""
    if not keys:
        return 0
    changed = changed or {}
    by_source: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
    for c in lib.citations():
        bucket = by_source.get(c["source"])
        if bucket is not None:
            bucket.append(c)
    wanted = {(c["document"], c["note"]) for cs in by_source.values() for c in cs}
    folded = {where: fold(text) for where, text in lib.note_texts().items() if where in wanted}
    dropped: list[str] = []

    def update(doc: dict[str, Any]) -> None:
        doc.update(changed.get(doc["key"], {}))
        cites = by_source[doc["key"]]
        if not cites and not doc.get("imported"):
            dropped.append(doc["key"])
        doc["text"] = source_text(doc["record"], doc["key"], doc.get("variants", ()))
        _aggregate(doc, cites, folded)

    table = lib.table("sources")
    ids = [d.doc_id for d in table.all() if d["key"] in keys]
    table.update(update, doc_ids=ids)
    if dropped:
        gone = set(dropped)
        table.remove(lambda d: d["key"] in gone)
    return len(dropped)


# -- remove ----------------------------------------------------------------------------------
@dataclass(slots=True)
class RemoveReport:
    document: str
    notes: int
    citations: int
    dropped_sources: int

    def to_json(self) -> dict[str, Any]:
        return {"schema": "refcli.remove/1", "document": self.document, "notes": self.notes,
                "citations": self.citations, "dropped_sources": self.dropped_sources}


def _match_document(docs: list[dict[str, Any]], which: str) -> dict[str, Any]:
    exact = [d for d in docs if d["name"] == which or d["path"] == which]
    if not exact:
        resolved = str(Path(which).expanduser().resolve())
        exact = [d for d in docs if d["path"] == resolved]
    if not exact:
        exact = [d for d in docs if Path(d["path"]).name == which]
    if len(exact) > 1:
        names = ", ".join(d["name"] for d in exact)
        raise NotFoundError(f"{which!r} names {len(exact)} documents ({names}); give the name "
                            "or the full path")
    if not exact:
        raise NotFoundError(f"no document {which!r} in the library; see `refcli documents`")
    return exact[0]


def remove_document(which: str, path: str | os.PathLike[str] | None = None) -> RemoveReport:
    """Remove a document (by name or path) with its notes and citations; sources no longer
    cited by anything are dropped, except those imported from BibTeX."""
    p = library_path(path)
    if not p.exists():  # do not create a library to remove something from it
        raise NotFoundError(f"no document {which!r}: there is no library yet at {p}")
    with writing(p) as lib:
        doc = _match_document(lib.documents(), which)
        name = doc["name"]
        cites = sum(1 for c in lib.citations() if c["document"] == name)
        touched = _drop_documents(lib, {name})
        dropped = _refresh_sources(lib, touched)
        return RemoveReport(name, doc.get("notes", 0), cites, dropped)


# -- import ----------------------------------------------------------------------------------
@dataclass(slots=True)
class ImportReport:
    library: str
    added: list[str] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (entry key, library key)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (entry key, new key)

    def to_json(self) -> dict[str, Any]:
        return {"schema": "refcli.import/1", "library": self.library, "added": self.added,
                "merged": [{"entry": a, "key": b} for a, b in self.merged],
                "renamed": [{"entry": a, "key": b} for a, b in self.renamed]}


def import_records(records: list[tuple[str, Citation]],
                   path: str | os.PathLike[str] | None = None) -> ImportReport:
    """Store (key, record) pairs as sources, keeping their keys.

    A record that is already in the library (same identity) is merged into it and keeps the
    library's key; a key already used by a different source gets a suffix (reported).
    """
    from .sources import _suffix, identity, strip_locator

    with writing(path) as lib:
        report = ImportReport(str(lib.path))
        table = lib.table("sources")
        by_identity = {s["identity"]: s for s in lib.sources()}
        keys = {s["key"] for s in by_identity.values()}
        fresh: list[dict[str, Any]] = []
        updates: dict[str, dict[str, Any]] = {}
        for key, citation in records:
            record = strip_locator(citation)
            ident = identity(record)
            if ident in by_identity:
                old = by_identity[ident]
                merged = {**record.to_json(), **old["record"]}
                if merged != old["record"] or not old.get("imported"):
                    updates[old["key"]] = {"record": merged, "imported": True}
                report.merged.append((key, old["key"]))
                continue
            final = re.sub(r"\s+", "", key) or "ref"
            if final in keys:
                n = 0
                while final + _suffix(n) in keys:
                    n += 1
                final += _suffix(n)
                report.renamed.append((key, final))
            keys.add(final)
            doc = {"key": final, "kind": record.kind, "identity": ident,
                   "record": record.to_json(), "variants": [], "imported": True,
                   "cited": 0, "leaves": [], "documents": [], "cites": [], "words": " "}
            doc["text"] = source_text(doc["record"], final)
            by_identity[ident] = doc
            fresh.append(doc)
            report.added.append(final)
        if fresh:
            table.insert_multiple(fresh)
        if updates:
            _refresh_sources(lib, set(updates), updates)
        return report


# -- reading views -------------------------------------------------------------------------
def source_json(s: dict[str, Any], citations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The search/show record of a source: key, kind, its fields, leaves, cited, documents,
    and the notes citing it (from CITATIONS, else from the source's own ``cites``)."""
    out: dict[str, Any] = {"key": s["key"], "kind": s["kind"]}
    for k, v in s["record"].items():
        if k not in ("kind", "raw") and v not in (None, "", []):
            out[k] = v
    if s["kind"] != "archival" and s["record"].get("raw") and "title" not in out:
        out["raw"] = s["record"]["raw"]
    if s.get("variants") and len(s["variants"]) > 1:
        out["variants"] = s["variants"]
    out["leaves" if s["kind"] == "archival" else "locators"] = s.get("leaves", [])
    out["cited"] = s.get("cited", 0)
    out["documents"] = s.get("documents", [])
    if s.get("imported"):
        out["imported"] = True
    if citations is None:
        citations = [{"document": d, "note": n, "locator": loc, "via": via}
                     for d, n, loc, via in s.get("cites", ())]
    out["notes"] = [{k: v for k, v in (("document", c["document"]), ("note", c["note"]),
                                       ("locator", c.get("locator")), ("via", c.get("via")))
                     if v is not None} for c in citations]
    return out


def citations_by_source(lib: Library, keys: set[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for c in lib.citations():
        if keys is None or c["source"] in keys:
            out.setdefault(c["source"], []).append(c)
    return out


def _decade(s: dict[str, Any]) -> str | None:
    rec = s["record"]
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(rec.get("year") or rec.get("date") or ""))
    return f"{m.group(1)[:3]}0s" if m else None


def stats(lib: Library, top: int = 10) -> dict[str, Any]:
    """Counts by kind, archive and decade; the most-cited units and works."""
    sources = lib.sources()
    by_kind: dict[str, int] = {}
    by_archive: dict[str, int] = {}
    by_decade: dict[str, int] = {}
    for s in sources:
        by_kind[s["kind"]] = by_kind.get(s["kind"], 0) + 1
        if s["kind"] == "archival":
            a = s["record"].get("archive") or "?"
            by_archive[a] = by_archive.get(a, 0) + 1
        d = _decade(s)
        if d:
            by_decade[d] = by_decade.get(d, 0) + 1

    def most(pred) -> list[dict[str, Any]]:
        chosen = sorted((s for s in sources if pred(s) and s.get("cited")),
                        key=lambda s: (-s["cited"], s["key"]))[:top]
        return [{"key": s["key"], "label": label(s), "cited": s["cited"]} for s in chosen]

    return {
        "schema": "refcli.stats/1",
        "library": str(lib.path),
        "documents": len(lib.documents()),
        "notes": len(lib.notes()),
        "citations": len(lib.citations()),
        "sources": len(sources),
        "by_kind": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_archive": dict(sorted(by_archive.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_decade": dict(sorted(by_decade.items())),
        "most_cited_units": most(lambda s: s["kind"] == "archival"),
        "most_cited_works": most(lambda s: s["kind"] != "archival"),
    }


def label(s: dict[str, Any]) -> str:
    """A one-line human label for a stored source."""
    rec = s["record"]
    if s["kind"] == "archival":
        return rec.get("shelfmark") or rec.get("raw") or s["key"]
    parts = []
    people = rec.get("authors") or rec.get("editors") or []
    if people:
        parts.append(", ".join(p.get("family", "") for p in people[:3])
                     + (" et al." if len(people) > 3 else ""))
    if rec.get("title"):
        parts.append(rec["title"])
    if rec.get("container"):
        parts.append(f"// {rec['container']}")
    if rec.get("year"):
        parts.append(str(rec["year"]))
    if parts:
        return ". ".join(parts)
    raw = rec.get("raw") or s["key"]
    return raw if len(raw) <= 120 else raw[:119] + "…"


def documents_json(lib: Library) -> dict[str, Any]:
    return {"schema": "refcli.documents/1", "library": str(lib.path),
            "documents": lib.documents()}
