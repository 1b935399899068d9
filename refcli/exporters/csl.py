"""Sources → CSL-JSON (what Zotero, Pandoc and citeproc read).

| kind | CSL type |
|---|---|
| archival | ``manuscript``: ``archive``, ``archive-place`` (registry city), ``archive_location`` |
| book | ``book`` |
| article | ``article-journal``; ``article-newspaper`` for a dated issue without a volume |
| chapter | ``chapter`` (``container-title``) |
| web | ``webpage`` |
| document | ``manuscript`` |
| other | ``document`` |

Every item has ``citation-key`` (Zotero 7 keeps it as the Citation Key) and ``language``
(``ru``, ``ru-Latn`` for a transliterated title, ``en`` ...; CSL processors title-case only
English items). The CSL-JSON schema (citation-style-language/schema ``csl-data.json``) forbids
keys it does not declare, so refcli's structured parts (kind, fond, opis, delo ...) go under
``custom.refcli``. Zotero's CSL-JSON import drops both ``custom`` and the variables its item
type has no field for (``archive-place`` always), so those are also written as lines of
``note``, which Zotero keeps as the item's Extra: ``Archive Place: Moscow`` (a CSL variable
that Zotero hands back to citeproc) and ``tex.fond: R-5446`` (which Better BibTeX writes back
as a biblatex field).
``archive_collection`` is the schema's place for a *named* fond; refcli records hold fond
numbers only, so it is never written (the number stays in ``archive_location``, in the Russian
order f. → op. → d.).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import Citation, Person
from ..registry import Registry
from ..sources import Source
from .common import (
    BIBTEX_LEVEL_NAMES,
    UNIT_FIELDS,
    WESTERN_LEVELS,
    ExportItem,
    Progress,
    date_parts,
    export_items,
    has_archive,
    is_corporate,
    is_unit,
    language_of,
    unit_location,
)

CSL_TYPES = {"archival": "manuscript", "book": "book", "article": "article-journal",
             "chapter": "chapter", "web": "webpage", "document": "manuscript",
             "other": "document"}


def csl_name(p: Person) -> dict[str, str]:
    if is_corporate(p):
        return {"literal": p.family}
    return {"family": p.family, "given": p.given} if p.given else {"family": p.family}


def archive_location(c: Citation) -> str | None:
    """``f. R-5446, op. 98s, d. 704`` (with the leaves for a per-leaf item)."""
    return unit_location(c)


# CSL variables refcli writes that Zotero's CSL-JSON import has no field for, by CSL type
# (the csl.fields and itemTypes tables of Zotero's schema.json, version 41; the test suite
# checks this table against the vendored schema)
ZOTERO_DROPS = {
    "manuscript": {"container-title", "collection-title", "volume", "issue", "page", "archive-place"},
    "book": {"container-title", "issue", "page", "archive-place"},
    "article-journal": {"archive-place"},
    "article-newspaper": {"collection-title", "archive-place"},
    "chapter": {"issue", "archive-place"},
    "webpage": {"collection-title", "source", "volume", "issue", "page", "archive",
                "archive_location", "archive-place"},
    "document": {"container-title", "collection-title", "volume", "issue", "page",
                 "archive-place"},
}


def extra_label(variable: str) -> str:
    """``archive-place`` → ``Archive Place`` (Zotero reads either spelling of a CSL variable)."""
    return " ".join(w.capitalize() for w in variable.replace("_", "-").split("-"))


def extra_lines(item: dict[str, Any], record: Citation) -> list[str]:
    """The Extra lines that carry what Zotero's import would drop: CSL variables as
    ``Archive Place: Moscow`` and refcli's fields as Better BibTeX's ``tex.fond: R-5446``."""
    lines = [f"{extra_label(v)}: {item[v]}" for v in sorted(ZOTERO_DROPS.get(item["type"], ()))
             if isinstance(item.get(v), str)]
    refcli = item.get("custom", {}).get("refcli", {})
    for name, value in refcli.items():
        if name == "title_translated":
            continue  # it is in the title already
        if name == "kind" and not (value == "document" and item["type"] == "manuscript"):
            continue  # the item type gives the kind back
        lines.append(f"tex.{BIBTEX_LEVEL_NAMES.get(name, name)}: {value}")
    return [" ".join(line.split()) for line in lines]


def _issued(c: Citation) -> dict[str, Any] | None:
    if c.date:
        return {"date-parts": date_parts(c.date)}
    if c.year:
        years = c.year.split("-")
        if all(y.isdigit() and len(y) == 4 for y in years) and len(years) <= 2:
            return {"date-parts": [[int(y)] for y in years]}
        return {"literal": c.year}
    return None


def csl_item(item: ExportItem, registry: Registry | None = None) -> dict[str, Any]:
    """One CSL-JSON item for an export item."""
    c = item.record
    kind = c.kind
    csl_type = CSL_TYPES.get(kind, "document")
    if kind == "article" and c.date and c.date.count("-") == 2 and not c.volume:
        csl_type = "article-newspaper"
    out: dict[str, Any] = {"id": item.key, "type": csl_type, "citation-key": item.key}
    if c.authors:
        out["author"] = [csl_name(p) for p in c.authors]
    if c.editors:
        out["editor"] = [csl_name(p) for p in c.editors]
    title = c.title or (c.raw if kind == "other" else None)
    if title and c.title_translated:
        title = f"{title} [{c.title_translated}]"
    if title:
        out["title"] = title
    if c.container:
        out["collection-title" if kind == "book" else
            "source" if kind == "document" else "container-title"] = c.container
    for name, value in (("volume", c.volume), ("issue", c.issue), ("page", c.pages),
                        ("publisher", c.publisher), ("publisher-place", c.city), ("URL", c.url)):
        if value:
            out[name] = value
    issued = _issued(c)
    if issued:
        out["issued"] = issued
    out["language"] = language_of(c, registry)
    if has_archive(c) or kind == "archival":
        if c.archive:
            out["archive"] = c.archive
            found = registry.of_citation(c.archive) if registry else None
            if found and found.city:
                out["archive-place"] = found.city
        location = archive_location(c)
        if location:
            out["archive_location"] = location
    refcli: dict[str, Any] = {"kind": kind}
    for name in (*UNIT_FIELDS, *WESTERN_LEVELS, "leaves", "title_translated"):
        value = getattr(c, name)
        if value:
            refcli[name] = value
    if kind == "archival" and c.shelfmark and not is_unit(c):
        refcli["shelfmark"] = c.shelfmark
    out["custom"] = {"refcli": refcli}
    extra = extra_lines(out, c)
    if extra:
        out["note"] = "\n".join(extra)
    return out


def to_csl(sources: Iterable[Source], registry: Registry | None = None, per_leaf: bool = False,
           progress: Progress | None = None) -> list[dict[str, Any]]:
    sources = list(sources)
    out = []
    for i, item in enumerate(export_items(sources, per_leaf), 1):
        out.append(csl_item(item, registry))
        if progress and i % 1000 == 0:
            progress(i, len(sources))
    return out


def write_csl(sources: Iterable[Source], registry: Registry | None = None, per_leaf: bool = False,
              progress: Progress | None = None) -> str:
    """SOURCES as a CSL-JSON array, UTF-8, one item per source."""
    import orjson

    items = to_csl(sources, registry, per_leaf, progress)
    return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode() + "\n"
