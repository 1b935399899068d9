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

from refcli import rx

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


_CYRILLIC = rx.compile(r"[\u0400-\u04FF]")


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
_ISO = rx.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DMY_NUM = rx.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_YEAR_RANGE = rx.compile(r"(\d{4})\s*[-–—/]\s*(\d{2,4})")
_WORD_DATE = rx.compile(
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


def count_items(sources: Iterable[Source], per_leaf: bool = False) -> int:
    """How many entries ``export_items`` gives for SOURCES (without building them)."""
    if not per_leaf:
        return sum(1 for _ in sources)
    n = 0
    for source in sources:
        leaves = ({lv for o in source.occurrences if (lv := _leaves_of(o.locator))}
                  if source.kind == "archival" else set())
        n += len(leaves) or 1
    return n


def locator_text(leaves: str) -> str:
    return f"{leaves_label(leaves)} {leaves}"


# --- names -------------------------------------------------------------------------------------


def is_corporate(p: Person) -> bool:
    return not p.given and len(p.family.split()) > 1


# --- archival levels beyond fond/opis/delo ------------------------------------------------------

# Western archives' levels (NARA record group/entry/box/folder, TNA piece/item, a manuscript
# division's collection/series): every exporter writes them as refcli's own fields when present
WESTERN_LEVELS = ("collection", "series", "entry", "box", "folder", "piece", "item")
# their BibTeX names: biblatex's own ``series`` is a book series, ``entry``/``item`` too generic
BIBTEX_LEVEL_NAMES = {"series": "archiveseries", "entry": "archiveentry", "item": "archiveitem"}
_WESTERN_LABELS = {"entry": "entry", "box": "box", "folder": "folder", "piece": "piece",
                   "item": "item"}


def western_location(c: Citation) -> str | None:
    """``Central Decimal File, entry 205, box 2345, folder 3``: the Western levels as written,
    or None when the record has none of them."""
    parts = []
    for name in WESTERN_LEVELS:
        value = getattr(c, name)
        if not value:
            continue
        label = _WESTERN_LABELS.get(name)
        parts.append(f"{label} {value}" if label and not value.lower().startswith(label) else value)
    return ", ".join(parts) or None


def unit_location(c: Citation, tie: str = " ") -> str | None:
    """The archival location below the archive: ``f. R-5446, op. 98s, d. 704`` (with the leaves
    of a per-leaf item), a free shelfmark without its archive (``FO 371/116982``), or the
    Western levels. TIE joins a label to its value (``~`` in TeX)."""
    if is_unit(c):
        parts = [f"{label}{tie}{value}" for label, value in
                 (("f.", c.fond), ("op.", c.opis), ("p.", c.papka), ("k.", c.karton),
                  ("d.", c.delo), ("t.", c.tom)) if value]
        if c.leaves:
            parts.append(f"{leaves_label(c.leaves)}{tie}{c.leaves}")
        return ", ".join(parts)
    shelfmark = c.shelfmark or ""
    if c.archive and shelfmark.startswith(c.archive):
        shelfmark = shelfmark[len(c.archive):].lstrip(" ,.")
    return shelfmark or western_location(c) or None


def archival_citation(c: Citation) -> str:
    """``GARF, f. R-5446, op. 98s, d. 704``: the archive and the location, as historians write."""
    location = unit_location(c)
    return ", ".join(p for p in (c.archive, location) if p)


# --- languages ---------------------------------------------------------------------------------

_COUNTRY_LANG = {
    "Russia": "ru", "Ukraine": "uk", "Belarus": "be", "Kazakhstan": "ru", "Moldova": "ro",
    "Georgia": "ka", "Armenia": "hy", "Estonia": "et", "Latvia": "lv", "Lithuania": "lt",
    "Germany": "de", "France": "fr", "United Kingdom": "en", "United States": "en",
    "China": "zh", "Vietnam": "vi", "Czech Republic": "cs", "Poland": "pl", "Hungary": "hu",
    "Bulgaria": "bg", "Romania": "ro", "Serbia": "sr",
}
# languages not written in the Latin script: a Latin title of theirs is a transliteration
_NON_LATIN = {"ru", "uk", "be", "bg", "sr", "ka", "hy", "zh", "kk"}
# biblatex/babel names of the BCP 47 languages refcli writes
BABEL = {"ru": "russian", "uk": "ukrainian", "be": "belarusian", "en": "english",
         "de": "german", "fr": "french", "it": "italian", "es": "spanish", "pl": "polish",
         "cs": "czech", "hu": "magyar", "bg": "bulgarian", "ro": "romanian", "sr": "serbian",
         "et": "estonian", "lv": "latvian", "lt": "lithuanian", "vi": "vietnamese",
         "zh": "chinese", "ka": "georgian", "hy": "armenian", "kk": "kazakh"}

_UKRAINIAN = rx.compile(r"[іїєґІЇЄҐ]")
_CJK = rx.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_WORD = rx.compile(r"[^\W\d_]+")
_STOP = {
    "en": {"the", "of", "and", "in", "to", "a", "an", "on", "for", "with", "from", "by", "at",
           "as", "is", "his", "her", "their", "its", "new", "how", "why", "what", "between",
           "after", "before", "during", "toward", "towards", "about"},
    "fr": {"le", "la", "les", "des", "du", "de", "et", "dans", "pour", "une", "un", "au", "aux",
           "sur", "entre", "nuit"},
    "de": {"der", "die", "das", "und", "von", "zu", "mit", "im", "für", "über", "den", "dem",
           "des", "zur", "zum", "ein", "eine"},
    "ru": {"i", "v", "na", "s", "o", "ob", "po", "k", "iz", "za", "ot", "do", "pri", "dlia",
           "dlya", "kak", "ne", "chto", "eto", "gg", "ili", "bez", "pod", "nad", "protiv",
           "vo", "so", "ko", "ego", "ee", "ikh", "sebe"},
}
# transliterated Russian word endings and letter groups (ALA-LC and popular spellings)
_RU_WORD = rx.compile(
    r"(?:ii|yi|yy|ogo|ego|ykh|ikh|iakh|yakh|aia|aya|oe|ye|skii|skaya|nye|nyi|iia|iya|iu|yu|"
    r"ost'?|nie|niia|niya|ami|iami|yami)$|shch|zh|kh(?!m)|ts(?=[aeiouy])")


_RUSSIAN_CITIES = {"Moscow", "Leningrad", "St Petersburg", "Moskva", "Sankt-Peterburg", "Novosibirsk",
                   "Ekaterinburg", "Sverdlovsk", "Kazan", "Rostov-on-Don", "Barnaul", "Vladivostok"}


def _latin_language(text: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    scores["ru"] += sum(1 for w in words if len(w) >= 4 and _RU_WORD.search(w))
    best = max(scores, key=lambda k: (scores[k], k == "en"))
    return best if scores[best] > 0 else None


def language_of(c: Citation, registry=None) -> str:
    """The record's language as a BCP 47 tag: ``ru`` for Cyrillic, ``ru-Latn`` for a
    transliterated Russian title (so CSL processors do not title-case it), ``en``, ``fr``, ``de``
    ...; an archival unit without a title takes its archive's country; ``en`` when nothing tells."""
    text = " ".join(t for t in (c.title, c.container) if t)
    if is_cyrillic(text):
        return "uk" if _UKRAINIAN.search(text) else "ru"
    if _CJK.search(text):
        return "zh"
    base = None
    if c.kind == "archival" or has_archive(c):
        found = registry.of_citation(c.archive) if registry and c.archive else None
        base = _COUNTRY_LANG.get(found.country or "") if found else None
    guessed = _latin_language(c.title or "") if c.title else None
    if guessed is None and c.container:
        guessed = _latin_language(c.container)
    if guessed is None and (c.city in _RUSSIAN_CITIES or _latin_language(c.publisher or "") == "ru"):
        guessed = "ru"  # an untelling title (a name) of a book printed in Moscow
    if guessed == "ru" or (guessed is None and c.title_translated):
        return "ru-Latn"
    if base and (guessed is None or c.kind == "archival"):
        return f"{base}-Latn" if base in _NON_LATIN and (c.title or c.kind == "archival") else base
    return guessed or "en"


def babel_language(tag: str) -> str:
    """``ru-Latn`` → ``russian`` (biblatex's ``langid``: the language, not the script)."""
    return BABEL.get(tag.split("-")[0], "english")
