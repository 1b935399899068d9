"""What every export format shares: the items to write, dates, names, languages.

An export item is one entry of the output file: a source (one archival unit, one work) or,
with ``--per-leaf``, one cited leaf range of an archival unit. ``exported_form`` is the record
as the formats carry it (dates normalised to ISO 8601, the raw text dropped where a title
stands for it); the round trip BibTeX → ``entry_to_citation`` gives exactly this back.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields

from ..model import Citation, Person
from ..parsers.canon import leaves_label, render_shelfmark
from ..sources import Source
from .latex_escape import clean_text

Progress = Callable[[int, int], None]

UNIT_FIELDS = ("archive", "fond", "opis", "papka", "karton", "delo", "tom")


@dataclass(frozen=True, slots=True)
class ExportItem:
    key: str
    record: Citation  # exported_form of the source record, leaves set for a per-leaf item


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def is_cyrillic(text: str | None) -> bool:
    return bool(text and _CYRILLIC.search(text))


def is_unit(c: Citation) -> bool:
    """A fond-based archival unit (GARF f. R-5446 ...), as opposed to a free shelfmark (TNA FO 371/...)."""
    return bool(c.fond or c.delo or c.opis)


def has_archive(c: Citation) -> bool:
    return bool(c.archive or c.fond or c.delo or (c.kind == "archival" and c.shelfmark))


# --- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DMY_NUM = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_YEAR_RANGE = re.compile(r"(\d{4})\s*[-–—/]\s*(\d{2,4})")
_WORD_DATE = re.compile(
    r"(?:(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})|([^\W\d_]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4}))")


def _month(word: str) -> int | None:
    return _MONTHS.get(word[:3].lower())


def _ymd(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if not 1 <= y <= 2999:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:  # 31.02.1957
        return None


def iso_date(text: str | None) -> str | None:
    """``1957-08-23``, ``23.08.1957``, ``August 23, 1957``, ``23 августа 1957`` → ``1957-08-23``;
    ``1950-1952`` → ``1950/1952``; anything else → None."""
    if not text:
        return None
    t = text.strip().rstrip(".")
    m = _ISO.fullmatch(t)
    if m:
        iso = _ymd(int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]))
        if iso or m[3]:
            return iso
        # "1955-59" is no month 59 but a range, read below
    m = _DMY_NUM.fullmatch(t)
    if m:
        return _ymd(int(m[3]), int(m[2]), int(m[1]))
    m = _YEAR_RANGE.fullmatch(t)
    if m:
        start, end = m[1], m[2]
        end = start[: 4 - len(end)] + end
        return f"{start}/{end}" if end > start else None
    m = _WORD_DATE.fullmatch(t)
    if m:
        if m[1]:
            month = _month(m[2])
            return _ymd(int(m[3]), month, int(m[1])) if month else None
        month = _month(m[4])
        return _ymd(int(m[6]), month, int(m[5]) if m[5] else None) if month else None
    return None


def date_parts(iso: str) -> list[list[int]]:
    """``1957-08-23`` → ``[[1957, 8, 23]]``; ``1950/1952`` → ``[[1950], [1952]]`` (CSL)."""
    return [[int(p) for p in part.split("-")] for part in iso.split("/")]


def _year_of(iso: str) -> str:
    parts = iso.split("/")
    return parts[0][:4] if len(parts) == 1 else f"{parts[0][:4]}-{parts[1][:4]}"


def _date_changes(date: str | None, year: str | None) -> dict[str, str | None]:
    """The (date, year) changes that put DATE in ISO 8601 (a bare year lives in ``year``)."""
    if not date:
        return {}
    iso = iso_date(date)
    if iso and "-" in iso:
        return {"date": iso, "year": year or _year_of(iso)}
    if iso:  # the "date" was only a year or a year range
        return {"date": None, "year": year or _year_of(iso)}
    return {"date": None}


def normalise_dates(c: Citation) -> Citation:
    """``date`` as ISO 8601 (day or month precision only; a bare year lives in ``year``)."""
    changes = _date_changes(c.date, c.year)
    return c.with_(**changes) if changes else c


# --- the record as exported --------------------------------------------------------------------


_TEXT_FIELDS = [f.name for f in fields(Citation)
                if f.name not in ("resolved", "candidates", "start", "end", "target", "status")]
_BACKREF_RESET = {"target": None, "status": None, "resolved": None, "candidates": (), "start": 0,
                  "end": 0}


def exported_form(record: Citation) -> Citation:
    """RECORD as every export format carries it, and as ``entry_to_citation`` rebuilds it:
    text cleaned (NFC, spaces collapsed), dates ISO, no back-reference fields, the raw text
    only where no title stands for it, the shelfmark re-rendered from its parts."""
    values: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(record, name)
        if isinstance(value, str) and value:
            cleaned = clean_text(value)
            if cleaned != value:
                value = cleaned or ("" if name == "raw" else None)
        elif name in ("authors", "editors") and value:
            value = tuple(
                Person(clean_text(p.family), clean_text(p.given) or None if p.given else None)
                for p in value if clean_text(p.family))
        values[name] = value
    values.update(_date_changes(values["date"], values["year"]))
    if values["title"] or values["kind"] == "archival":
        values["raw"] = ""
    c = Citation(**values, **_BACKREF_RESET)
    if c.kind == "archival" or has_archive(c):
        shelfmark = (render_shelfmark(c.archive, c.fond, c.opis, c.papka, c.karton, c.delo,
                                      c.tom, c.leaves) if is_unit(c) else c.shelfmark)
        if shelfmark != c.shelfmark:
            c = c.with_(shelfmark=shelfmark)
    return c


def _leaves_of(locator: str | None) -> str | None:
    if not locator:
        return None
    label, _, value = locator.partition(" ")
    return value.strip() if label in ("l.", "ll.") and value.strip() else None


def leaf_key(key: str, leaves: str) -> str:
    """``garf-5446-98s-704`` + ``104-105`` → ``garf-5446-98s-704-l104-105``."""
    slug = re.sub(r"[^a-z0-9-]+", "_", leaves.lower().replace(", ", "_")).strip("_")
    return f"{key}-l{slug}"


def export_items(sources: Iterable[Source], per_leaf: bool = False) -> Iterator[ExportItem]:
    """One item per source (sorted by key), or per cited leaf range of archival units."""
    taken: set[str] = set()
    for source in sorted(sources, key=lambda s: s.key):
        record = exported_form(source.record)
        leaves = ([lv for o in source.occurrences if (lv := _leaves_of(o.locator))]
                  if per_leaf and source.kind == "archival" else [])
        if not leaves:
            taken.add(source.key)
            yield ExportItem(source.key, record)
            continue
        seen: set[str] = set()
        for lv in leaves:
            if lv in seen:
                continue
            seen.add(lv)
            key = leaf_key(source.key, lv)
            base, n = key, 0
            while key in taken:
                n += 1
                key = f"{base}-{n}"
            taken.add(key)
            yield ExportItem(key, exported_form(source.record.with_(leaves=lv)))


def locator_text(leaves: str) -> str:
    return f"{leaves_label(leaves)} {leaves}"


# --- names -------------------------------------------------------------------------------------


def is_corporate(p: Person) -> bool:
    return not p.given and len(p.family.split()) > 1
