"""What the read commands print, as data: a source's record for search/show, the library's
statistics, the document list. Pure over what :class:`refcli.library.store.Library` reads."""

from __future__ import annotations

from typing import Any

from refcli import rx

from .sources import citation_from_json, label_of


def source_json(s: dict[str, Any]) -> dict[str, Any]:
    """The search/show record of a stored source: key, kind, its fields, variants, leaves (or
    locators), cited, documents, and the notes citing it."""
    out: dict[str, Any] = {"key": s["key"], "kind": s["kind"]}
    record = s.get("record") or {}
    for k, v in record.items():
        if k not in ("kind", "raw", "short_form") and v not in (None, "", [], {}):
            out[k] = v
    if s["kind"] != "archival" and record.get("raw") and "title" not in out:
        out["raw"] = record["raw"]
    if len(s.get("variants") or ()) > 1:
        out["variants"] = s["variants"]
    out["leaves" if s["kind"] == "archival" else "locators"] = s.get("leaves", [])
    out["cited"] = s.get("cited", 0)
    out["documents"] = s.get("documents", [])
    if s.get("imported"):
        out["imported"] = True
    out["notes"] = s.get("notes", [])
    return out


def label(s: dict[str, Any]) -> str:
    """A one-line human label for a stored source."""
    rec = s.get("record") or {}
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
    if rec.get("volume"):
        parts.append(f"vol. {rec['volume']}")
    if rec.get("year"):
        parts.append(str(rec["year"]))
    if parts:
        return ". ".join(parts)
    raw = rec.get("raw") or s["key"]
    return raw if len(raw) <= 120 else raw[:119] + "…"


def variant_label(record: dict[str, Any]) -> str:
    return label_of(citation_from_json(record))


_YEAR = rx.compile(r" y=(1[5-9]\d\d|20\d\d) ")


def stats(lib: Any, top: int = 10) -> dict[str, Any]:
    """Counts by kind, archive and decade; the most-cited units and works."""
    import orjson

    by_kind: dict[str, int] = {}
    by_archive: dict[str, int] = {}
    by_decade: dict[str, int] = {}
    cited: list[tuple[int, str, str]] = []
    n_sources = 0
    for row in lib.index.rows():
        n_sources += 1
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
        if row.kind == "archival":
            archive = "?"
            for line in lib.index.lines(row.key):
                try:
                    form = orjson.loads(line.split(b"\x1f", 7)[7])["f"][0]
                    archive = form.get("archive") or "?"
                    break
                except (ValueError, KeyError, IndexError, TypeError):
                    continue
            by_archive[archive] = by_archive.get(archive, 0) + 1
        m = _YEAR.search(row.struct)
        if m:
            decade = f"{m.group(1)[:3]}0s"
            by_decade[decade] = by_decade.get(decade, 0) + 1
        if row.cited:
            cited.append((row.cited, row.key, row.kind))

    def most(units: bool) -> list[dict[str, Any]]:
        chosen = sorted((c for c in cited if (c[2] == "archival") == units),
                        key=lambda c: (-c[0], c[1]))[:top]
        out = []
        for n, key, _ in chosen:
            row = lib.index.row(key)
            out.append({"key": key, "label": label(row.source()) if row else key, "cited": n})
        return out

    docs = lib.documents()
    return {
        "schema": "refcli.stats/1",
        "library": str(lib.path),
        "documents": len(docs),
        "notes": sum(int(d.get("notes") or 0) for d in docs),
        "citations": sum(int(d.get("citations") or 0) for d in docs),
        "sources": n_sources,
        "by_kind": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_archive": dict(sorted(by_archive.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_decade": dict(sorted(by_decade.items())),
        "most_cited_units": most(True),
        "most_cited_works": most(False),
    }


_PUBLIC = ("name", "path", "sha256", "tags", "notes", "citations", "findings", "format",
           "ingested")


def documents_json(lib: Any) -> dict[str, Any]:
    return {"schema": "refcli.documents/1", "library": str(lib.path),
            "documents": [{k: d[k] for k in _PUBLIC if k in d} for d in lib.documents()]}
