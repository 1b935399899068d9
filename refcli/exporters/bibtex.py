"""Sources → biblatex or classic BibTeX, written through bibtexparser 2.

One archival unit is one entry; the leaves go to the citation's postnote
(``\\footcite[l.~101]{garf-5446-98s-704}``). The mapping (README "Export"):

| kind | biblatex (``biblatex_type``: when the record lacks what the type requires) | classic BibTeX |
|---|---|---|
| archival | ``@archival`` (refcli.dbx): shelfmark in ``note`` | ``@misc``: shelfmark in ``note`` |
| book | ``@book`` (``@collection``, ``@proceedings``) | ``@book`` |
| article | ``@article`` (``journaltitle``; ``entrysubtype = newspaper``; ``@suppperiodical``) | ``@article`` (``journal``) |
| chapter | ``@incollection`` (``booktitle``); ``@inbook``; ``@suppperiodical`` | ``@incollection`` (``booktitle``) |
| web | ``@online`` (``url``); ``@webpage`` (refcli.dbx) | ``@misc`` (``howpublished = \\url{}``) |
| document | ``@unpublished`` (``date``, ``url``); ``@misc`` | ``@misc`` (``year``, ``url``) |
| other | ``@misc``; ``@bibnote`` | ``@misc`` |

Both dialects also carry refcli's own fields (``archive fond opis papka karton delo tom
shelfmark leaves``, and ``kind`` where the entry type alone would not give the kind back), which
biber ignores and ``refcli import`` reads (``refcli.importers.bibtex_fields``). Every value is
escaped by ``latex_escape``: UTF-8 for biblatex, ASCII LaTeX (T2A Cyrillic) for classic BibTeX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from refcli import rx

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
_KEY_UNSAFE = rx.compile(r"[\s,{}()\"#%'=\\~]")


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
    if t in ("book", "collection", "proceedings"):
        return "book"
    if t in ("article", "suppperiodical"):
        return "article"
    if t in ("incollection", "inbook", "inproceedings"):
        return "chapter"
    if t in ("online", "webpage"):  # @webpage: refcli.dbx's undated web page
        return "web"
    if t in ("unpublished", "misc"):
        if any(fields.get(f) for f in ("fond", "delo", "opis", "shelfmark", "archive")):
            return "archival"
        if t == "misc" and fields.get("howpublished", "").lstrip().startswith("\\url"):
            return "web"
        if t == "unpublished" or fields.get("url"):
            return "document"
    return "other"


_BIBTEX_TYPES = {"book": ("book", "series"), "article": ("article", "journal"),
                 "chapter": ("incollection", "booktitle"), "web": ("misc", "organization"),
                 "document": ("misc", "howpublished")}


def biblatex_type(c: Citation) -> tuple[str, str | None]:
    """The biblatex entry type of record C and the field its container goes to.

    The type is the standard one for C's kind when C has what biblatex's data model makes
    mandatory for it (``blx-dm.def``'s constraints, which ``biber --validate-datamodel``
    checks); otherwise the standard type made for a work known without that field, so that
    nothing is invented to quiet the check:

    * archival: refcli.dbx's ``@archival`` (where it is kept is all it must have);
    * book: ``@book`` needs an author; an edited volume is ``@collection``; a book the note
      names neither author nor editor of (a congress's stenographic report, a volume of
      documents cited by its title) is ``@proceedings``, biblatex's book type whose editor
      may be omitted, printed with the same fields as ``@book``;
    * article: ``@article`` needs an author; an unsigned piece in a periodical (an editorial,
      a report, an issue cited by date) is ``@suppperiodical``, which biblatex's manual gives
      for items in a periodical "which only have a title" and the standard styles print as
      ``@article`` (refcli.dbx declares for it the fields of ``@article``, which biblatex's
      model leaves out);
    * chapter: ``@incollection`` (needs an editor) or ``@inbook``; unsigned, in a container
      the note gives no publisher or place for (a bulletin, a serial), ``@suppperiodical``;
      unsigned in a published book it stays ``@inbook`` (biblatex has no type for an
      unsigned part of a book, and biber reports the missing author);
    * web: ``@online`` needs a url and a date; an undated page is refcli.dbx's ``@webpage``
      (title and url); without a url ``@misc``;
    * document: ``@unpublished`` needs an author, else ``@misc``;
    * other: ``@misc``; a record with no title is ``@bibnote``, biblatex's type for a note
      printed as it stands (the citation's text in ``note``).
    """
    kind = c.kind
    if kind == "archival" or has_archive(c):
        return "archival", ("howpublished" if kind == "document" else None)
    if kind == "book":
        return ("book" if c.authors else "collection" if c.editors else "proceedings"), "series"
    if kind == "article":
        return ("article" if c.authors else "suppperiodical"), "journaltitle"
    if kind == "chapter":
        if c.authors:
            return ("incollection" if c.editors else "inbook"), "booktitle"
        if not (c.publisher or c.city):
            return "suppperiodical", "journaltitle"
        return "inbook", "booktitle"
    if kind == "web":
        if not c.url:
            return ("misc" if c.title else "bibnote"), "organization"
        return ("online" if (c.date or c.year) else "webpage"), "organization"
    if kind == "document" and c.authors:
        return "unpublished", "howpublished"
    return ("misc" if c.title else "bibnote"), "howpublished"


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
    archival = kind == "archival" or has_archive(c)
    if biblatex:
        entry_type, container_field = biblatex_type(c)
    elif archival:
        entry_type, container_field = "misc", ("howpublished" if kind == "document" else None)
    else:
        entry_type, container_field = _BIBTEX_TYPES.get(kind, ("misc", "howpublished"))
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
