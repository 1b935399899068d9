"""What changes the library: ingest, remove, import, rekey, and check/restore that repair it.

Each function is one write of :func:`refcli.library.store.writing`: everything it does is
committed at once, or nothing is.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import LibraryError, NotFoundError
from ..model import Citation, Document
from . import files
from .files import library_path
from .index import Part, merge, segment
from .keys import clean_key, unique_key
from .sources import Collector, Source, assign_keys, citation_from_json, strip_locator
from .store import (
    DOCUMENT_SCHEMA,
    IMPORT_SCHEMA,
    Library,
    _now,
    parse_catalogue,
    writing,
)


# -- ingest ----------------------------------------------------------------------------------------
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
    problems: list[str] = field(default_factory=list)

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


def _hints(data: dict[str, Any] | None) -> dict[tuple[int, int], str]:
    """(note, position) → source key, from an earlier version of a document."""
    out: dict[tuple[int, int], str] = {}
    table = (data or {}).get("citations")
    for c in (table.values() if isinstance(table, dict) else ()):
        if (isinstance(c, dict) and c.get("via") is None and isinstance(c.get("note"), int)
                and isinstance(c.get("pos"), int) and isinstance(c.get("source"), str)):
            out.setdefault((c["note"], c["pos"]), c["source"])
    return out


def _form(record: Citation) -> dict[str, Any]:
    if record.title and record.raw:
        record = record.with_(raw="")
    return record.to_json()


def document_tables(item_id: str, name: str, item: IngestItem, cited: list[Any],
                    ingested: str) -> dict[str, Any]:
    """The TinyDB tables of a document's file."""
    doc = item.document
    notes = {}
    for i, n in enumerate(doc.notes, 1):
        rec: dict[str, Any] = {"n": n.n, "text": n.text}
        if n.label is not None:
            rec["label"] = n.label
        if n.section is not None:
            rec["section"] = n.section
        notes[str(i)] = rec
    citations = {}
    sources: dict[str, dict[str, Any]] = {}
    forms: dict[int, dict[str, Any]] = {}  # id(record) → its JSON (records repeat in Ibid. runs)
    for i, c in enumerate(cited, 1):
        citations[str(i)] = {"note": c.note, "pos": c.pos, "source": c.source.key,
                             "locator": c.locator, "via": c.via}
        entry = sources.setdefault(c.source.key, {"key": c.source.key, "forms": [],
                                                  "variants": []})
        form = forms.get(id(c.record))
        if form is None:
            form = forms[id(c.record)] = _form(c.record)
        if form not in entry["forms"]:
            entry["forms"].append(form)
        if c.variant and c.variant not in entry["variants"]:
            entry["variants"].append(c.variant)
    meta = {"schema": DOCUMENT_SCHEMA, "id": item_id, "name": name, "path": item.path,
            "sha256": item.sha256, "format": doc.format, "ingested": ingested}
    return {"meta": {"1": meta}, "notes": notes, "citations": citations,
            "sources": {str(i): s for i, s in enumerate(sources.values(), 1)}}


def ingest(items: list[IngestItem], path: str | os.PathLike[str] | None = None,
           tags: Iterable[str] = (), reparse: bool = False) -> IngestReport:
    """Store parsed documents: one file each, the catalogue written once (nothing written when
    every document is unchanged: same path, same SHA-256, unless REPARSE)."""
    tags = [t for t in dict.fromkeys(tags) if t]
    with writing(path) as w:
        lib = w.lib
        report = IngestReport(str(lib.path))
        existing = {d["path"]: d for d in lib.documents()}
        taken = {d["name"]: d["path"] for d in existing.values()}
        to_store: list[tuple[IngestItem, str, dict[str, Any] | None]] = []
        seen: set[str] = set()
        for item in items:
            if item.path in seen:  # the same file named twice on one command line
                continue
            seen.add(item.path)
            old = existing.get(item.path)
            if old and old["sha256"] == item.sha256 and not reparse:
                merged = list(dict.fromkeys([*old.get("tags", []), *tags]))
                status = "unchanged"
                if merged != old.get("tags", []):
                    w.update_record("documents", old["id"], tags=merged)
                    status = "retagged"
                report.documents.append(IngestedDocument(old["name"], item.path, status))
                continue
            name = old["name"] if old else _unique_name(item.path, taken)
            taken[name] = item.path
            to_store.append((item, name, old))
        if to_store:
            _store(w, to_store, tags, report)
        report.written = w.changed
        report.problems = lib.take_problems()
    return report


def _store(w: Any, to_store: list[tuple[IngestItem, str, dict[str, Any] | None]],
           tags: list[str], report: IngestReport) -> None:
    lib = w.lib
    collector = Collector(lookup=lib.index)
    now = _now()
    for item, name, old in to_store:
        hints = _hints(lib.data(old["id"])) if old else None
        if old:
            w.remove_record("documents", old["id"])
        doc = replace(item.document, source=name)
        cited = list(collector.document(doc, hints))
        new = collector.last_new
        item_id = w.next_id("d")
        tables = document_tables(item_id, name, item, cited, now)
        for c in cited:  # the document's occurrences and spellings are in its file now
            c.source.occurrences.clear()
            c.source.variants.clear()
        w.add_file(item_id, tables, str(lib.file_of(item_id)))
        old_tags = old.get("tags", []) if old else []
        w.add_record("documents", {
            "id": item_id, "name": name, "path": item.path, "sha256": item.sha256,
            "tags": list(dict.fromkeys([*old_tags, *tags])), "notes": len(doc.notes),
            "citations": len(cited), "findings": item.findings, "format": doc.format,
            "ingested": now})
        report.documents.append(IngestedDocument(
            name, item.path, "replaced" if old else "added", len(doc.notes), len(cited), new,
            item.findings))


# -- remove ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class RemoveReport:
    document: str
    notes: int
    citations: int
    dropped_sources: int
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"schema": "refcli.remove/1", "document": self.document, "notes": self.notes,
                "citations": self.citations, "dropped_sources": self.dropped_sources}


def match_document(docs: list[dict[str, Any]], which: str) -> dict[str, Any]:
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
    """Remove a document (by name or path) with its notes and citations. Sources no other
    document cites go with it, except those imported from BibTeX."""
    p = library_path(path)
    if files.read_bytes(p) is None:  # do not create a library to remove something from it
        raise NotFoundError(f"no document {which!r}: there is no library yet at {p}")
    with writing(p) as w:
        lib = w.lib
        doc = match_document(lib.documents(), which)
        keys = {line.split(b"\x1f", 1)[0].decode() for line in _lines_of(lib, doc["id"])}
        dropped = 0
        index = lib.index
        own = doc["id"].encode()
        for key in keys:
            others = [ln for ln in index.lines(key) if ln.split(b"\x1f", 2)[1] != own]
            dropped += not others
        w.remove_record("documents", doc["id"])
        problems = lib.take_problems()
        return RemoveReport(doc["name"], doc.get("notes", 0), doc.get("citations", 0), dropped,
                            problems)


def _lines_of(lib: Library, item_id: str) -> list[bytes]:
    """The index lines of one document (its segment, else the main index's lines for it)."""
    index = lib.index
    for part in index.segments:
        if part.ids == [item_id]:
            return list(part.lines())
    data = lib.data(item_id)
    if data is not None:
        return list(Part.parse(segment(item_id, data, str(lib.file_of(item_id)),
                                       lib.problems)).lines())
    return []


# -- import ----------------------------------------------------------------------------------------
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
                   path: str | os.PathLike[str] | None = None,
                   file: str | None = None) -> ImportReport:
    """Store (key, record) pairs as sources, keeping their keys.

    A record of a work or unit already in the library joins it and keeps the library's key; a
    key already used by another source gets a suffix (reported)."""
    with writing(path) as w:
        lib = w.lib
        report = ImportReport(str(lib.path))
        collector = Collector(lookup=lib.index)
        stored: dict[str, dict[str, Any]] = {}
        for key, citation in records:
            record = strip_locator(citation)
            found = collector.find(record)
            if found is not None:
                final = found.key
                found.add_form(record)
                report.merged.append((key, final))
            else:
                final = unique_key(clean_key(key), lambda k: (k in stored or lib.index.is_taken(k)
                                                              or collector.taken(k)))
                if final != clean_key(key) or final != key:
                    report.renamed.append((key, final))
                source = Source(citation_identity(record), final, record)
                source.add_form(record)
                collector.adopt(source)
                report.added.append(final)
            entry = stored.setdefault(final, {"key": final, "entry": key, "forms": []})
            form = _form(record)
            if form not in entry["forms"]:
                entry["forms"].append(form)
        if stored:
            item_id = w.next_id("i")
            tables = {"meta": {"1": {"schema": IMPORT_SCHEMA, "id": item_id, "file": file or "",
                                     "imported": _now()}},
                      "sources": {str(i): s for i, s in enumerate(stored.values(), 1)}}
            w.add_file(item_id, tables, str(lib.file_of(item_id)))
            w.add_record("imports", {"id": item_id, "file": file or "", "entries": len(stored),
                                     "imported": _now()})
        return report


def citation_identity(record: Citation) -> str:
    from .sources import identity

    return identity(record)


# -- rekey ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class RekeyReport:
    library: str
    changes: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    written: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"schema": "refcli.rekey/1", "library": self.library, "written": self.written,
                "changes": [{"old": a, "new": b} for a, b in self.changes]}


def rekey(path: str | os.PathLike[str] | None = None, include_imported: bool = False,
          dry_run: bool = False) -> RekeyReport:
    """Recompute every key from its source's record (keys of imported entries are kept unless
    INCLUDE_IMPORTED). The documents citing a renamed source are rewritten."""
    p = library_path(path)
    if files.read_bytes(p) is None:
        return RekeyReport(str(p))
    with writing(p) as w:
        lib = w.lib
        report = RekeyReport(str(lib.path))
        sources: list[Source] = []
        for key in lib.index.all_keys():
            row = lib.index.row(key)
            if row is None:
                continue
            data = row.source()
            # identity: the old key, so that colliding keys are suffixed in a stable order
            keep = bool(data.get("imported")) and not include_imported
            sources.append(Source(key, key if keep else "", citation_from_json(data["record"])))
        old = [s.identity for s in sources]
        assign_keys(sources)
        mapping = {o: s.key for o, s in zip(old, sources, strict=True) if o != s.key}
        report.changes = sorted(mapping.items())
        if dry_run or not mapping:
            return report
        for table in ("documents", "imports"):
            for rec in list((lib.tables.get(table) or {}).values()):
                if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
                    continue
                data = lib.data(rec["id"])
                if data is None or not _renames(data, mapping):
                    continue
                new_id = w.next_id(rec["id"][0])
                data = _renamed(data, mapping, new_id)
                w.add_file(new_id, data, str(lib.file_of(new_id)))
                w.remove_record(table, rec["id"])
                w.add_record(table, {**rec, "id": new_id})
        report.written = True
        return report


def _renames(data: dict[str, Any], mapping: dict[str, str]) -> bool:
    table = data.get("sources")
    return isinstance(table, dict) and any(
        isinstance(s, dict) and s.get("key") in mapping for s in table.values())


def _renamed(data: dict[str, Any], mapping: dict[str, str], new_id: str) -> dict[str, Any]:
    out = dict(data)
    meta = dict(next(iter((data.get("meta") or {"1": {}}).values())))
    meta["id"] = new_id
    out["meta"] = {"1": meta}
    for name, field_name in (("sources", "key"), ("citations", "source")):
        table = data.get(name)
        if isinstance(table, dict):
            out[name] = {rid: ({**r, field_name: mapping.get(r.get(field_name), r.get(field_name))}
                               if isinstance(r, dict) else r) for rid, r in table.items()}
    return out


# -- check and restore ------------------------------------------------------------------------------
@dataclass(slots=True)
class CheckReport:
    library: str
    exists: bool = True
    documents: int = 0
    imports: int = 0
    sources: int = 0
    damaged: list[str] = field(default_factory=list)
    index: str = ""  # "up to date", "rebuilt (was stale)" ...
    backup: str = ""
    removed: list[str] = field(default_factory=list)  # leftovers of interrupted writes

    @property
    def ok(self) -> bool:
        return not self.damaged

    def to_json(self) -> dict[str, Any]:
        return {"schema": "refcli.library-check/1", "library": self.library,
                "exists": self.exists, "ok": self.ok, "documents": self.documents,
                "imports": self.imports, "sources": self.sources, "damaged": self.damaged,
                "index": self.index, "backup": self.backup, "removed": self.removed}


def check(path: str | os.PathLike[str] | None = None) -> CheckReport:
    """Verify every file of the library, report what is damaged, rebuild the index from the
    documents' files and remove what interrupted writes left behind."""
    p = library_path(path)
    report = CheckReport(str(p))
    if files.read_bytes(p) is None:
        report.exists = False
        return report
    with writing(p) as w:
        lib = w.lib
        report.removed = [str(x) for x in w.garbage]
        problems: list[str] = []
        lib.documents()
        lib.imports()
        problems.extend(lib.take_problems())
        parts = []
        for rec in [*lib.documents(), *lib.imports()]:
            data = lib.data(rec["id"])
            problems.extend(lib.take_problems())
            if data is None:
                continue
            where = str(lib.file_of(rec["id"]))
            found: list[str] = []
            parts.append(Part.parse(segment(rec["id"], data, where, found)))
            problems.extend(found)
            if "citations" in rec:
                n_notes = len(data.get("notes") or {})
                n_cites = len(data.get("citations") or {})
                if (n_notes, n_cites) != (rec.get("notes"), rec.get("citations")):
                    problems.append(f"{where}: holds {n_notes} notes and {n_cites} citations, "
                                    f"the catalogue says {rec.get('notes')} and "
                                    f"{rec.get('citations')}")
        report.documents = len(lib.documents())
        report.imports = len(lib.imports())
        live = lib.live()
        rebuilt = merge(parts, live)
        index = lib.index
        current = merge(([index.main] if index.main else []) + index.segments, live)
        problems.extend(lib.take_problems())
        report.index = "up to date" if current == rebuilt else "was stale or damaged"
        name = f"main-{w.next_id('')}.idx"
        w._write(lib.parts / "index" / name, rebuilt)
        lib.meta["index"] = name
        w.changed = True
        report.sources = len({ln.split(b"\x1f", 1)[0] for ln in Part.parse(rebuilt).lines()})
        report.damaged = list(dict.fromkeys(problems))
        backup = p.with_name(p.name + ".bak")
        raw = files.read_bytes(backup)
        if raw is None:
            report.backup = "none yet (written before the next change)"
        else:
            try:
                tables = parse_catalogue(backup, raw)
                report.backup = (f"{backup} ({len(tables.get('documents') or {})} documents)")
            except LibraryError as exc:
                report.backup = f"damaged ({exc})"
    return report


def restore(path: str | os.PathLike[str] | None = None, force: bool = False) -> str:
    """Put the last good catalogue (PATH.bak) back. The catalogue it replaces is kept as
    PATH.damaged-TIME (never overwritten); a readable catalogue is replaced only with FORCE.
    Returns where the replaced catalogue went (or "")."""
    import time

    p = library_path(path)
    backup = p.with_name(p.name + ".bak")
    with files.locked(p):
        raw = files.read_bytes(backup)
        if raw is None:
            raise LibraryError(f"{backup}: no backup of the catalogue to restore")
        parse_catalogue(backup, raw)
        current = files.read_bytes(p)
        kept = ""
        if current is not None:
            try:
                parse_catalogue(p, current)
                readable = True
            except LibraryError:
                readable = False
            if readable and not force:
                raise LibraryError(f"{p}: the catalogue is readable; restoring the backup would "
                                   "undo the last change (use --force to do it anyway)")
            stamp = time.strftime("%Y%m%dT%H%M%S")
            target = p.with_name(f"{p.name}.damaged-{stamp}")
            n = 1
            while target.exists():
                n += 1
                target = p.with_name(f"{p.name}.damaged-{stamp}-{n}")
            try:
                os.link(p, target)
            except OSError as exc:
                raise files.os_error(target, exc) from None
            kept = str(target)
        try:
            files.write_atomic(p, raw)
        except OSError as exc:
            raise files.os_error(p, exc) from None
        return kept


# -- upgrade -------------------------------------------------------------------------------------
def _v1_table(tables: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """A table of a refcli.library/1 file: a dict of records, or packed into one string of
    ``id TAB prefix TAB json`` lines (citations as [source, document, note, locator, via])."""
    import orjson

    table = tables.get(name) or {}
    if isinstance(table, dict):
        return [r for r in table.values() if isinstance(r, dict)]
    out = []
    for line in str(table).split("\n"):
        if line:
            record = orjson.loads(line.split("\t", 2)[2])
            if isinstance(record, list):
                record = dict(zip(("source", "document", "note", "locator", "via"), record,
                                  strict=False))
            out.append(record)
    return out


def upgrade(path: str | os.PathLike[str] | None = None) -> tuple[int, int, str]:
    """Convert a refcli.library/1 file (one TinyDB file) into this layout, keeping every key.
    The old file is kept beside it as PATH.v1. Returns (documents, sources, where the old
    file went)."""
    import orjson

    p = library_path(path)
    with files.locked(p):
        raw = files.read_bytes(p)
        if raw is None:
            raise NotFoundError(f"no library at {p}")
        try:
            tables = orjson.loads(raw)
            schema = next(iter(tables["meta"].values()))["schema"]
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, StopIteration):
            raise LibraryError(f"{p}: not a refcli library this command can convert") from None
        if schema != "refcli.library/1":
            raise LibraryError(f"{p}: a {schema} library; only refcli.library/1 is converted")
        sources = {s["key"]: s for s in _v1_table(tables, "sources") if isinstance(s.get("key"), str)}
        notes: dict[str, list[dict[str, Any]]] = {}
        for n in _v1_table(tables, "notes"):
            notes.setdefault(n.get("document", ""), []).append(n)
        cites: dict[str, list[dict[str, Any]]] = {}
        for c in _v1_table(tables, "citations"):
            cites.setdefault(c.get("document", ""), []).append(c)
        old = p.with_name(p.name + ".v1")
        if old.exists():
            raise LibraryError(f"{old}: exists already; move it away first")
        from .store import Writer

        lib = Library(p, None)
        _ = lib.index  # the (empty) index as it was, before the new documents
        w = Writer(lib)
        try:
            for doc in _v1_table(tables, "documents"):
                name = doc.get("name", "")
                item_id = w.next_id("d")
                positions: dict[int, int] = {}
                citations, entries = {}, {}
                for i, c in enumerate(cites.get(name, []), 1):
                    pos = positions[c["note"]] = positions.get(c["note"], -1) + 1
                    citations[str(i)] = {"note": c["note"], "pos": pos, "source": c["source"],
                                         "locator": c.get("locator"), "via": c.get("via")}
                    record = (sources.get(c["source"]) or {}).get("record")
                    if isinstance(record, dict):
                        entries.setdefault(c["source"], {"key": c["source"], "forms": [record],
                                                         "variants": []})
                data = {"meta": {"1": {"schema": DOCUMENT_SCHEMA, "id": item_id, "name": name,
                                       "path": doc.get("path", ""), "sha256": doc.get("sha256", ""),
                                       "format": doc.get("format", "text"),
                                       "ingested": doc.get("ingested", "")}},
                        "notes": {str(i): {"n": n["n"], "text": n["text"]}
                                  for i, n in enumerate(notes.get(name, []), 1)},
                        "citations": citations,
                        "sources": {str(i): e for i, e in enumerate(entries.values(), 1)}}
                w.add_file(item_id, data, str(lib.file_of(item_id)))
                w.add_record("documents", {**{k: doc.get(k) for k in (
                    "name", "path", "sha256", "tags", "notes", "citations", "findings", "format",
                    "ingested")}, "id": item_id})
            imported = [s for s in sources.values() if s.get("imported")]
            if imported:
                item_id = w.next_id("i")
                data = {"meta": {"1": {"schema": IMPORT_SCHEMA, "id": item_id, "file": "",
                                       "imported": _now()}},
                        "sources": {str(i): {"key": s["key"], "entry": s["key"],
                                             "forms": [s["record"]]}
                                    for i, s in enumerate(imported, 1)}}
                w.add_file(item_id, data, str(lib.file_of(item_id)))
                w.add_record("imports", {"id": item_id, "file": "", "entries": len(imported),
                                         "imported": _now()})
            try:
                os.link(p, old)
            except OSError as exc:
                raise files.os_error(old, exc) from None
            lib.raw = None  # nothing to back up: the old file is kept as PATH.v1
            w.commit()
        except BaseException:
            w.rollback()
            raise
        finally:
            w.close()
        return len(lib.documents()), len(sources), str(old)
