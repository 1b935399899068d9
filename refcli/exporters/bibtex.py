"""Sources → biblatex or classic BibTeX, written through bibtexparser 2.

One archival unit is one entry; the leaves go to the citation's postnote
(``\\footcite[l.~101]{garf-5446-98s-704}``). The mapping (README "Export"):

| kind | biblatex | classic BibTeX |
|---|---|---|
| archival | ``@unpublished``: shelfmark in ``note`` | ``@misc``: shelfmark in ``note`` |
| book | ``@book`` | ``@book`` |
| article | ``@article`` (``journaltitle``; ``entrysubtype = newspaper``) | ``@article`` (``journal``) |
| chapter | ``@incollection`` (``booktitle``); ``@inbook`` when no editor is known | ``@incollection`` (``booktitle``) |
| web | ``@online`` (``url``) | ``@misc`` (``howpublished = \\url{}``) |
| document | ``@unpublished`` (``date``, ``url``) | ``@misc`` (``year``, ``url``) |
| other | ``@misc`` | ``@misc`` |

Both dialects also carry refcli's own fields (``archive fond opis papka karton delo tom
shelfmark leaves``, and ``kind`` where the entry type alone would not give the kind back), which
biber ignores and ``refcli import`` reads (``refcli.importers.bibtex_fields``). Every value is
escaped by ``latex_escape``: UTF-8 for biblatex, ASCII LaTeX (T2A Cyrillic) for classic BibTeX.
"""

from __future__ import annotations

import re
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
    archival_citation,
    babel_language,
    export_items,
    has_archive,
    is_corporate,
    is_unit,
    language_of,
    western_location,
)
from .latex_escape import escape, escape_url

DIALECTS = ("biblatex", "bibtex")

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_KEY_UNSAFE = re.compile(r"[\s,{}()\"#%'=\\~]")


def safe_key(key: str) -> str:
    """A key BibTeX can read: characters that end or break a key are dropped."""
    return _KEY_UNSAFE.sub("", key) or "ref"


def _name(part: str, ascii_only: bool) -> str:
    value = escape(part, ascii_only)
    if "," in part or re.search(r"\band\b", part, re.IGNORECASE):
        value = "{" + value + "}"
    return value


def format_person(p: Person, ascii_only: bool = False) -> str:
    """``Pantsov, A. V.``; a corporate name braced (``{Central Committee of the CPSU}``)."""
    if is_corporate(p):
        return "{" + escape(p.family, ascii_only) + "}"
    family = _name(p.family, ascii_only)
    if " " in p.family.strip() and not family.startswith("{"):
        family = "{" + family + "}"  # a multi-word family name stays one name
    return f"{family}, {_name(p.given, ascii_only)}" if p.given else family


def format_people(people: Iterable[Person], ascii_only: bool = False) -> str:
    return " and ".join(format_person(p, ascii_only) for p in people)


def shelfmark_tex(c: Citation, ascii_only: bool = False) -> str:
    """The shelfmark as historians write it, with ties: ``GARF, f.~R-5446, op.~98s, d.~704``."""
    if not is_unit(c):
        text = archival_citation(c) if (c.archive or western_location(c)) else (c.shelfmark or "")
        return escape(text, ascii_only)
    parts = [escape(c.archive, ascii_only)] if c.archive else []
    levels = (("f.", c.fond), ("op.", c.opis), ("p.", c.papka), ("k.", c.karton),
              ("d.", c.delo), ("t.", c.tom))
    parts += [f"{label}~{escape(value, ascii_only)}" for label, value in levels if value]
    if c.leaves:
        label = "ll." if ("-" in c.leaves or "," in c.leaves) else "l."
        parts.append(f"{label}~{escape(c.leaves, ascii_only).replace('-', '--')}")
    return ", ".join(parts)


def infer_kind(entry_type: str, fields: dict[str, str]) -> str:
    """The refcli kind an entry of ENTRY_TYPE with FIELDS stands for (also used on import)."""
    t = entry_type.lower()
    if t == "archival":  # refcli.dbx's type
        return "archival"
    if t in ("book", "collection"):
        return "book"
    if t == "article":
        return "article"
    if t in ("incollection", "inbook", "inproceedings"):
        return "chapter"
    if t == "online":
        return "web"
    if t in ("unpublished", "misc"):
        if any(fields.get(f) for f in ("fond", "delo", "opis", "shelfmark", "archive")):
            return "archival"
        if t == "misc" and fields.get("howpublished", "").lstrip().startswith("\\url"):
            return "web"
        if t == "unpublished" or fields.get("url"):
            return "document"
    return "other"


def _date_fields(c: Citation, dialect: str) -> list[tuple[str, str]]:
    if dialect == "biblatex":
        if c.date:
            return [("date", c.date)]
        if c.year and re.fullmatch(r"\d{4}(?:-\d{4})?", c.year):
            return [("date", c.year.replace("-", "/"))]
        return [("year", escape(c.year))] if c.year else []
    out = [("year", escape(c.year, True))] if c.year else []
    if c.date:
        parts = c.date.split("-")
        if len(parts) >= 2:
            out.append(("month", _MONTH_NAMES[int(parts[1]) - 1]))
        if len(parts) == 3:
            out.append(("day", str(int(parts[2]))))
    return out


def _title_fields(c: Citation, dialect: str, ascii_only: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if dialect == "biblatex":
        if c.title:
            out.append(("title", escape(c.title)))
        if c.title_translated:
            out.append(("titleaddon", escape(f"[{c.title_translated}]")))
    else:
        title = c.title
        if c.title_translated:
            title = f"{title} [{c.title_translated}]" if title else f"[{c.title_translated}]"
        if title:  # braced: plain.bst and its kin lowercase an unprotected title
            out.append(("title", "{" + escape(title, ascii_only) + "}"))
    return out


def entry_fields(c: Citation, dialect: str,
                 registry: Registry | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and the escaped (name, value) fields for an exported record C."""
    ascii_only = dialect == "bibtex"
    biblatex = dialect == "biblatex"
    kind = c.kind

    def esc(value: str | None) -> str:
        return escape(value or "", ascii_only)

    fields: list[tuple[str, str]] = []
    if c.authors:
        fields.append(("author", format_people(c.authors, ascii_only) + (" and others" if c.et_al else "")))
    fields += _title_fields(c, dialect, ascii_only)
    container_field = None
    archival = kind == "archival" or has_archive(c)
    if archival:  # refcli.dbx's @archival: where it is kept is all it must have
        entry_type = "archival" if biblatex else "misc"
        if kind == "document":
            container_field = "howpublished"
    elif kind == "book":  # an edited volume without authors is biblatex's @collection
        entry_type = "collection" if biblatex and c.editors and not c.authors else "book"
        container_field = "series"
    elif kind == "article":
        entry_type = "article"
        container_field = "journaltitle" if biblatex else "journal"
    elif kind == "chapter":  # biblatex's @incollection requires an editor, @inbook does not
        entry_type = "incollection" if c.editors or not biblatex else "inbook"
        container_field = "booktitle"
    elif kind == "web":  # biblatex's @online requires a url
        entry_type = "online" if biblatex and c.url else "misc"
        container_field = "organization"
    elif kind == "document":
        entry_type, container_field = ("unpublished" if biblatex else "misc"), "howpublished"
    else:
        entry_type, container_field = "misc", "howpublished"
    if c.editors:
        fields.append(("editor", format_people(c.editors, ascii_only)))
    if c.container and container_field:
        fields.append((container_field, esc(c.container)))
    if biblatex and kind == "article" and c.date and c.date.count("-") == 2 and not c.volume:
        fields.append(("entrysubtype", "newspaper"))
    for name, value in (("volume", c.volume), ("number", c.issue)):
        if value:
            fields.append((name, esc(value)))
    if c.city:
        fields.append(("location" if biblatex else "address", esc(c.city)))
    if c.publisher:
        fields.append(("publisher", esc(c.publisher)))
    fields += _date_fields(c, dialect)
    if c.pages:
        fields.append(("pages", esc(c.pages).replace("-", "--")))
    if archival:
        fields.append(("note", shelfmark_tex(c, ascii_only)))
    elif c.raw and not c.title:
        fields.append(("note", esc(c.raw)))
    if c.url:
        if kind == "web" and not biblatex:  # classic @misc prints howpublished, not url
            fields.append(("howpublished", "\\url{" + escape_url(c.url, in_macro=True) + "}"))
        else:
            fields.append(("url", escape_url(c.url)))
    if biblatex and archival:
        _archival_biblatex_fields(c, fields)
    fields.append(("langid", babel_language(language_of(c, registry))))
    if not biblatex and not c.authors:  # plain.bst sorts and labels an authorless entry by key
        fields.append(("key", _sort_key(c, ascii_only)))
    # refcli's own fields: the structured record, for `refcli import`
    for name in UNIT_FIELDS:
        value = getattr(c, name)
        if value:
            fields.append((name, esc(value)))
    for name in WESTERN_LEVELS:
        value = getattr(c, name)
        if value:
            fields.append((BIBTEX_LEVEL_NAMES.get(name, name), esc(value)))
    if c.kind == "archival" and c.shelfmark and not is_unit(c):
        fields.append(("shelfmark", esc(c.shelfmark)))
    if c.leaves:
        fields.append(("leaves", esc(c.leaves)))
    if c.item_title:  # the document inside the work ("Memorandum of conversation, ...")
        fields.append(("itemtitle", esc(c.item_title)))
    if infer_kind(entry_type, dict(fields)) != kind:
        fields.append(("kind", kind))
    return entry_type, fields


def _archival_biblatex_fields(c: Citation, fields: list[tuple[str, str]]) -> None:
    """What makes the standard biblatex styles print an archival entry as historians write it:
    the postnote as given (``l.~101``, not ``pp. l.~101``), the shelfmark as the label name of
    later citations (verbose-trad2's ``GARF, f.~R-5446, op.~98s, d.~704, op. cit., l.~115``,
    authoryear's ``GARF, f.~R-5446, op.~98s, d.~704 n.d., l.~101``) and the sort key."""
    label = shelfmark_tex(c.with_(leaves=None))
    if label:
        if not c.authors:
            fields.append(("shortauthor", "{" + label + "}"))
        fields.append(("sortkey", label.replace("~", " ")))
    fields.append(("pagination", "none"))


def _sort_key(c: Citation, ascii_only: bool) -> str:
    if c.kind == "archival" or has_archive(c):
        return shelfmark_tex(c, ascii_only).replace("~", " ")
    people = c.editors
    text = (f"{people[0].family}" if people else "") or c.title or c.container or c.raw or "?"
    return escape(text, ascii_only)


def to_library(items: Iterable[ExportItem], dialect: str = "biblatex",
               progress: Progress | None = None, total: int = 0,
               registry: Registry | None = None):
    """A bibtexparser ``Library`` of the ITEMS' entries."""
    from bibtexparser import Library
    from bibtexparser.model import Entry, Field

    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}")
    library = Library()
    entries = []
    taken: set[str] = set()
    for i, item in enumerate(items, 1):
        entry_type, fields = entry_fields(item.record, dialect, registry)
        key = base = safe_key(item.key)
        n = 0
        while key in taken:  # only an imported key that lost characters can collide
            n += 1
            key = f"{base}-{n}"
        taken.add(key)
        entries.append(Entry(entry_type, key, [Field(k, v) for k, v in fields]))
        if progress and i % 1000 == 0:
            progress(i, total)
    library.add(entries)
    return library


def write_bibtex(sources: Iterable[Source], dialect: str = "biblatex", per_leaf: bool = False,
                 progress: Progress | None = None, registry: Registry | None = None) -> str:
    """SOURCES as a biblatex or classic BibTeX file."""
    import bibtexparser
    from bibtexparser.middlewares import AddEnclosingMiddleware

    sources = list(sources)
    library = to_library(export_items(sources, per_leaf), dialect, progress, len(sources), registry)
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    # the library is ours and thrown away after writing: no deep copy of 10^5 blocks
    stack = [AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True,
                                    default_enclosing="{", allow_inplace_modification=True)]
    header = ("% Encoding: UTF-8\n" if dialect == "biblatex" else
              "% Classic BibTeX, ASCII: Cyrillic as T2A macros; use \\usepackage[T2A]{fontenc}\n")
    return header + "\n" + bibtexparser.write_string(library, unparse_stack=stack,
                                                     bibtex_format=fmt)
