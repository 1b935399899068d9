"""One BibTeX/biblatex entry → a refcli ``Citation`` (the source record it describes).

The inverse of ``refcli.exporters.bibtex``: it reads refcli's own fields (``archive fond opis
papka karton delo tom shelfmark leaves kind``) and the standard ones, in either dialect
(``journaltitle``/``journal``, ``location``/``address``, ``date``/``year``+``month``+``day``,
``titleaddon``/a trailing ``[...]`` in the title), and decodes the LaTeX of every value
(``{\\cyrp}`` → ``п``, ``\\&`` → ``&``). It also takes entries refcli did not write: an
unknown entry type becomes kind ``other``.

Pure: give it a ``bibtexparser.model.Entry`` (or anything with ``entry_type``, ``key`` and
``fields_dict``), parsed with bibtexparser's default stack (enclosing braces removed).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from refcli import rx

from ..exporters.bibtex import infer_kind
from ..exporters.common import is_unit, iso_date, normalise_dates
from ..exporters.latex_escape import decode_latex, unescape_url
from ..model import KINDS, Citation, Person
from ..parsers.canon import render_shelfmark

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _split_top(text: str, sep: re.Pattern[str]) -> list[str]:
    """TEXT split on SEP where it is outside braces."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            m = sep.match(text, i)
            if m and m.end() > i:
                parts.append(text[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


_AND = rx.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA = rx.compile(r",\s*")


def _unbrace(text: str) -> tuple[str, bool]:
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "{"
            depth -= ch == "}"
            if depth == 0 and i < len(text) - 1:
                return text, False
        return text[1:-1], True
    return text, False


_SUFFIXES = {"jr", "jr.", "jnr", "jnr.", "sr", "sr.", "snr", "ii", "iii", "iv", "v", "vi"}


def _is_suffix(text: str) -> bool:
    return text.strip().casefold() in _SUFFIXES


def _is_von(word: str) -> bool:
    """A BibTeX "von" word: it starts with a lowercase letter (``de``, ``van``, ``фон``)."""
    inner = word.lstrip("{\\'\"`^~")
    return bool(inner) and inner[0].isalpha() and inner[0].islower() and not word.startswith("{")


def _person(family: str, given: str | None, suffix: str | None = None) -> Person:
    def clean(text: str | None) -> str | None:
        return decode_latex(_unbrace(text)[0]).strip() or None if text else None

    return Person(clean(family) or "", clean(given), clean(suffix))


def parse_people(value: str) -> tuple[Person, ...]:
    """BibTeX names as BibTeX reads them: ``Last, First``, ``von Last, Jr, First``, ``First von
    Last``; a braced name is one corporate unit. The particle stays with the family name
    (``van Ree``), the ``Jr`` part is the suffix. ``Sherry, John F., Jr.`` (a common slip for
    ``Sherry, Jr., John F.``) reads the same."""
    people = []
    for name in _split_top(value, _AND):
        if name.lower() == "others":
            continue
        inner, braced = _unbrace(name)
        if braced:  # a corporate name, one unit
            people.append(Person(decode_latex(inner)))
            continue
        parts = _split_top(name, _COMMA)
        if len(parts) >= 3:
            family, middle, last = parts[0], parts[1], ", ".join(parts[2:])
            if _is_suffix(last) and not _is_suffix(middle):
                people.append(_person(family, middle, last))
            else:
                people.append(_person(family, last, middle))
        elif len(parts) == 2 and _is_suffix(parts[1]):  # "Martin Luther King, Jr."
            family, given = _first_von_last(parts[0])
            people.append(_person(family, given, parts[1]))
        elif len(parts) == 2:
            people.append(_person(parts[0], parts[1]))
        else:
            words = _split_top(name, rx.compile(r"\s+"))
            suffix = None
            if len(words) > 2 and _is_suffix(words[-1]):  # "Henry Ford III"
                suffix = words.pop()
            family, given = _first_von_last(" ".join(words))
            people.append(_person(family, given, suffix))
    return tuple(people)


def _first_von_last(name: str) -> tuple[str, str | None]:
    """BibTeX's ``First von Last``: First = the words before the first lowercase (von) word;
    the family name = from there on (the particle kept with it); without a von word, Last is
    the final word."""
    words = _split_top(name, rx.compile(r"\s+"))
    if len(words) <= 1:
        return (words[0] if words else name), None
    von = [i for i, w in enumerate(words[:-1]) if _is_von(w)]
    start = von[0] if von else len(words) - 1
    return " ".join(words[start:]), " ".join(words[:start]) or None


_DIGITS = rx.compile(r"[0-9]{1,2}")
# the bracketed translation ending a title; the title is what comes before, less spaces
# (a search, not ``^(.*?)\s*\[``: that tries every split of a run of spaces, n² steps)
_TRAILING_BRACKET = rx.compile(r"\[([^\[\]]+)\]$")


def _date_from(fields: dict[str, str]) -> tuple[str | None, str | None]:
    """(year, date) from ``date`` or ``year``/``month``/``day``."""
    if fields.get("date"):
        iso = iso_date(fields["date"].replace("/", "-") if re.fullmatch(r"\d{4}/\d{4}", fields["date"]) else fields["date"])
        if iso:
            if "-" in iso and "/" not in iso:
                return iso[:4], iso
            return iso.replace("/", "-"), None
    year = fields.get("year")
    month = fields.get("month")
    if year and month:
        m = int(month) if _DIGITS.fullmatch(month) else _MONTHS.get(month[:3].lower())
        day = fields.get("day")
        parts = [year, f"{m:02d}"] if m else []
        if parts and day and _DIGITS.fullmatch(day):
            parts.append(f"{int(day):02d}")
        date = iso_date("-".join(parts)) if parts else None
        return year, date
    return year, None


# the fields entry_to_citation reads into a record's own fields; every other field of an
# entry is kept as it was written in the record's ``extra`` (doi, isbn, issn, venue ...)
MAPPED = frozenset({
    "author", "editor", "title", "titleaddon", "journaltitle", "journal", "booktitle",
    "series", "organization", "howpublished", "volume", "number", "issue", "year", "date",
    "month", "day", "location", "address", "publisher", "pages", "url", "leaves", "kind",
    "archive", "fond", "opis", "papka", "karton", "delo", "tom", "shelfmark", "note",
})


def entry_to_citation(entry: Any) -> Citation:
    """The source record a BibTeX/biblatex ENTRY describes."""
    raw_fields = {f.lower(): v for f, v in _fields_of(entry).items()}
    entry_type = entry.entry_type.lower()
    fields: dict[str, str] = {}
    for name, value in raw_fields.items():
        if name == "url" or (name == "howpublished" and "\\url" in value):
            fields[name] = unescape_url(value)
        else:
            fields[name] = decode_latex(value)
    kind = fields.get("kind", "")
    if kind not in KINDS or kind in ("ibid", "op_cit"):
        kind = infer_kind(entry_type, raw_fields)
    title = fields.get("title")
    translated = None
    addon = fields.get("titleaddon")
    if addon:
        m = re.fullmatch(r"\[(.*)\]", addon)
        translated = m.group(1) if m else None
    elif title:
        m = _TRAILING_BRACKET.search(title)
        if m:
            title, translated = (title[: m.start()].rstrip() or None), m.group(1)
    url = fields.get("url")
    howpublished = fields.get("howpublished")
    if howpublished and "\\url" in raw_fields.get("howpublished", ""):
        url, howpublished = url or howpublished, None
    used: set[str] = set(MAPPED) - {"series", "organization", "howpublished", "note"}
    container = None
    for name in ("journaltitle", "journal", "booktitle", "series", "organization"):
        if fields.get(name):
            container = fields[name]
            used.add(name)
            break
    if container is None and howpublished:
        container = howpublished
    if howpublished is not None or "\\url" in raw_fields.get("howpublished", ""):
        used.add("howpublished")
    year, date = _date_from(fields)
    pages = fields.get("pages")
    if pages:
        pages = re.sub(r"\s*[–—]\s*|\s*--\s*", "-", pages)
    unit = {name: fields.get(name) or None for name in ("archive", "fond", "opis", "papka",
                                                         "karton", "delo", "tom")}
    leaves = fields.get("leaves") or None
    record = Citation(
        kind=kind,
        authors=parse_people(raw_fields["author"]) if raw_fields.get("author") else (),
        et_al=bool(re.search(r"\band\s+others\s*$", raw_fields.get("author") or "")),
        item_title=fields.get("itemtitle") or None,
        editors=parse_people(raw_fields["editor"]) if raw_fields.get("editor") else (),
        title=title or None,
        title_translated=translated,
        container=container or None,
        volume=fields.get("volume") or None,
        issue=fields.get("number") or fields.get("issue") or None,
        year=year or None,
        date=date,
        city=fields.get("location") or fields.get("address") or None,
        publisher=fields.get("publisher") or None,
        pages=pages or None,
        url=url or None,
        leaves=leaves,
        **unit,
    )
    if record.kind == "archival" or record.archive or is_unit(record):
        if is_unit(record):
            shelfmark = render_shelfmark(record.archive, record.fond, record.opis, record.papka,
                                         record.karton, record.delo, record.tom, leaves)
            used.add("note")  # the shelfmark written out again
        else:
            shelfmark = fields.get("shelfmark") or fields.get("note")
            if not fields.get("shelfmark") or fields.get("note") == fields.get("shelfmark"):
                used.add("note")
        record = record.with_(shelfmark=shelfmark or None)
    elif not title and fields.get("note"):
        record = record.with_(raw=fields["note"])
        used.add("note")
    record = normalise_dates(record)
    # a field refcli's own export derives from the record (langid, sortkey, pagination ...),
    # with the value it would write, is not kept twice
    derived = _derived_fields(record)
    extra = tuple((name, value) for name, value in raw_fields.items()
                  if name not in used and value not in derived.get(name, ()))
    return record.with_(extra=extra) if extra else record


@lru_cache(maxsize=1)
def _registry() -> Any:
    from ..registry import Registry

    return Registry.load(None)


def _derived_fields(record: Citation) -> dict[str, set[str]]:
    from ..exporters.bibtex import entry_fields

    out: dict[str, set[str]] = {}
    for dialect, registry in (("biblatex", None), ("bibtex", None), ("biblatex", _registry()),
                              ("bibtex", _registry())):
        try:
            _, fields = entry_fields(record, dialect, registry)
        except Exception:  # an exporter that cannot write the record derives nothing
            continue
        for name, value in fields:
            out.setdefault(name, set()).add(value)
    return out


def _fields_of(entry: Any) -> dict[str, str]:
    fields = entry.fields_dict
    return {k: (f.value if hasattr(f, "value") else f) for k, f in fields.items()}
