"""Sources → RIS, the tagged format every reference manager imports (Zotero, EndNote, Citavi,
Mendeley, JabRef).

| kind | ``TY`` | where the rest goes |
|---|---|---|
| archival | ``MANSCPT`` | ``DB`` archive, ``AN`` archive location (``f. R-5446, op. 98s, d. 704``), ``CY`` the archive's city |
| book | ``BOOK`` | ``CY`` place, ``PB`` publisher, ``T3`` series |
| article | ``JOUR`` (``NEWS`` for a dated newspaper issue) | ``T2`` journal, ``VL``, ``IS``, ``SP``/``EP`` |
| chapter | ``CHAP`` | ``T2`` book, ``A2`` editors |
| web | ``ELEC`` | ``UR``, ``T2`` site |
| document | ``MANSCPT`` with an archive, else ``GEN`` | ``T2`` the collection it is published in, ``DA`` |
| other | ``GEN`` | ``TI`` the citation as written |

Zotero reads ``AN`` as Loc. in Archive and ``DB`` as Archive (its RIS translator's map).
Every item has ``ID`` (the citation key), ``LA`` (``ru``, ``ru-Latn``, ``en`` ...) and ``N1``
lines for refcli's structured fields (``tex.fond: R-5446``, as in the CSL-JSON Extra), so a
reader can rebuild the record. Lines are ``TAG  - value``; values are one line each (line
breaks collapse to spaces), UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Citation, Person
from ..registry import Registry
from ..sources import Source
from .common import (
    BIBTEX_LEVEL_NAMES,
    UNIT_FIELDS,
    WESTERN_LEVELS,
    ExportItem,
    Progress,
    export_items,
    has_archive,
    is_corporate,
    language_of,
    unit_location,
)

RIS_TYPES = {"archival": "MANSCPT", "book": "BOOK", "article": "JOUR", "chapter": "CHAP",
             "web": "ELEC", "document": "GEN", "other": "GEN"}
# RIS type → refcli kind, for a reader (a manuscript is archival unless N1 says document)
KIND_OF_TYPE = {"MANSCPT": "archival", "BOOK": "book", "JOUR": "article", "NEWS": "article",
                "CHAP": "chapter", "ELEC": "web", "GEN": "other"}


def ris_name(p: Person) -> str:
    """``Pantsov, A. V.``; a corporate name as it is (RIS has no braces)."""
    if is_corporate(p) or not p.given:
        return p.family
    return f"{p.family}, {p.given}"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def ris_type(c: Citation) -> str:
    if c.kind == "article" and c.date and c.date.count("-") == 2 and not c.volume:
        return "NEWS"
    if c.kind == "document" and has_archive(c):
        return "MANSCPT"
    return RIS_TYPES.get(c.kind, "GEN")


def ris_tags(item: ExportItem, registry: Registry | None = None) -> list[tuple[str, str]]:
    """The (tag, value) lines of one record, ``TY`` first, without ``ER``."""
    c = item.record
    ty = ris_type(c)
    tags: list[tuple[str, str]] = [("TY", ty), ("ID", item.key)]
    tags += [("AU", ris_name(p)) for p in c.authors]
    tags += [("A2", ris_name(p)) for p in c.editors]
    title = c.title or (c.raw if c.kind == "other" else None)
    if title:
        tags.append(("TI", title))
    if c.title_translated:
        tags.append(("TT", c.title_translated))
    if c.container:
        tags.append(("T3" if c.kind == "book" else "T2", c.container))
    for tag, value in (("VL", c.volume), ("IS", c.issue)):
        if value:
            tags.append((tag, value))
    if c.pages:
        start, _, end = c.pages.partition("-")
        tags.append(("SP", start))
        if end:
            tags.append(("EP", end))
    year = (c.year or (c.date or "")[:4]) or None
    if year:
        tags.append(("PY", year))
    if c.date:  # RIS dates are YYYY/MM/DD
        tags.append(("DA", c.date.replace("-", "/")))
    city = c.city
    if ty == "MANSCPT" or has_archive(c):
        if c.archive:
            tags.append(("DB", c.archive))
        location = unit_location(c)
        if location:
            tags.append(("AN", location))
        found = registry.of_citation(c.archive) if registry and c.archive else None
        city = city or (found.city if found else None)
    if city:
        tags.append(("CY", city))
    if c.publisher:
        tags.append(("PB", c.publisher))
    if c.url:
        tags.append(("UR", c.url))
    tags.append(("LA", language_of(c, registry)))
    for name in (*UNIT_FIELDS, *WESTERN_LEVELS, "leaves"):
        value = getattr(c, name)
        if value:
            tags.append(("N1", f"tex.{BIBTEX_LEVEL_NAMES.get(name, name)}: {value}"))
    if c.kind == "archival" and c.shelfmark and not (c.fond or c.opis or c.delo):
        tags.append(("N1", f"tex.shelfmark: {c.shelfmark}"))
    if c.raw and not title:  # the citation as written, where no title stands for it
        tags.append(("N1", c.raw))
    if KIND_OF_TYPE.get(ty) != c.kind:
        tags.append(("N1", f"tex.kind: {c.kind}"))
    return [(tag, _one_line(value)) for tag, value in tags if value.strip()]


def write_ris(sources: Iterable[Source], registry: Registry | None = None, per_leaf: bool = False,
              progress: Progress | None = None) -> str:
    """SOURCES as an RIS file, one record per source (or per cited leaf range)."""
    sources = list(sources)
    out: list[str] = []
    for i, item in enumerate(export_items(sources, per_leaf), 1):
        out += [f"{tag}  - {value}" for tag, value in ris_tags(item, registry)]
        out.append("ER  - ")
        out.append("")
        if progress and i % 1000 == 0:
            progress(i, len(sources))
    return "\n".join(out)
