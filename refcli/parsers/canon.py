"""Canonical forms of shelfmark values (DESIGN.md "The archival record").

``f. Р-5446`` → ``R-5446``; ``op. 98 s`` → ``98s``; ``Д. 12а`` → ``12a``; ``ll. 5 ob.–7`` →
``5ob-7``. Pure string functions, each idempotent.
"""

from __future__ import annotations

import re

from refcli import rx

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "і": "i", "ї": "i", "є": "e", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_DASHES = rx.compile(r"\s*[-‐‑‒–—―−]\s*")
_SPACES = rx.compile(r"\s+")


def latinize(text: str) -> str:
    """Cyrillic letters of a shelfmark value to Latin (the homoglyph Р of Р-5446 included)."""
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYR_TO_LAT:
            lat = _CYR_TO_LAT[low]
            out.append(lat.upper() if ch != low else lat)
        else:
            out.append(ch)
    return "".join(out)


_FOND = rx.compile(r"^([A-Za-z]{1,2})-?(\d.*)$")


def canon_fond(value: str) -> str:
    """``Р-5446``/``R 5446``/``r-5446`` → ``R-5446``; ``5446`` stays; ``500К`` → ``500k``."""
    v = _DASHES.sub("-", _SPACES.sub(" ", latinize(value.strip())))
    v = v.replace(" ", "")
    m = _FOND.match(v)
    if m:
        return f"{m.group(1).upper()}-{m.group(2).lower()}"
    return v.lower()


def canon_unit(value: str) -> str:
    """Opis, papka, delo and the like: ``98 s`` → ``98s``, ``12а`` → ``12a``."""
    return _DASHES.sub("-", latinize(value.strip())).replace(" ", "").lower()


_VERSO = rx.compile(r"\s*(?:ob|об|зв|zv|reverse|v)\.?(?![^\W\d_])", re.IGNORECASE)
_LIST_SEP = rx.compile(r"\s*,\s*")


def canon_leaves(value: str) -> str:
    """``101``, ``80–88``, ``34 об.``, ``5 ob.–7``, ``5,7, 9—10`` → ``101``, ``80-88``, ``34ob``,
    ``5ob-7``, ``5, 7, 9-10``."""
    v = _VERSO.sub("ob", value.strip())
    v = _DASHES.sub("-", v)
    v = _LIST_SEP.sub(", ", v)
    return v.strip(" ,.")


def leaves_label(leaves: str) -> str:
    return "ll." if ("-" in leaves or "," in leaves) else "l."


def render_shelfmark(
    archive: str | None,
    fond: str | None = None,
    opis: str | None = None,
    papka: str | None = None,
    karton: str | None = None,
    delo: str | None = None,
    tom: str | None = None,
    leaves: str | None = None,
) -> str:
    """The canonical Latin shelfmark: ``GARF, f. 5446, op. 98s, d. 704, l. 101``."""
    parts = [archive] if archive else []
    for label, value in (("f.", fond), ("op.", opis), ("p.", papka), ("k.", karton),
                         ("d.", delo), ("t.", tom)):
        if value:
            parts.append(f"{label} {value}")
    if leaves:
        parts.append(f"{leaves_label(leaves)} {leaves}")
    return ", ".join(parts)


def range_is_reversed(span: str) -> bool:
    """True for a range whose end is below its start (``ll. 88-80``, ``pp. 575-564``)."""
    for part in span.split(","):
        bounds = part.strip().split("-")
        if len(bounds) != 2:
            continue
        a, b = (re.match(r"\d+", x.strip()) for x in bounds)
        # "1955-59" style abbreviations are not reversed: only flag when the end has as
        # many digits as the start
        if a and b and int(b.group()) < int(a.group()) and len(b.group()) >= len(a.group()):
            return True
    return False


# --- the levels of archives outside the fond/opis/delo scheme ------------------------------------

# the levels that name a Western archival unit (a NARA box or folder, a TNA piece, a file of
# the PRC Foreign Ministry); an item in it and its folios are where it is cited, like leaves
WESTERN_UNIT_LEVELS = ("collection", "series", "entry", "box", "folder", "piece")
WESTERN_LOCATOR_LEVELS = ("item", "leaves")
_LEAVES_PART = rx.compile(r",\s(?P<label>[^\W\d_][^\s,\d]{0,7})\s(?P<value>[^,]{1,40})$")


def is_western(c: object) -> bool:
    """Whether a record has levels of a Western scheme (and none of fond/opis/delo)."""
    return not (getattr(c, "fond", None) or getattr(c, "opis", None) or getattr(c, "delo", None)) and any(
        getattr(c, level, None) for level in WESTERN_UNIT_LEVELS)


def western_unit_shelfmark(shelfmark: str, item: str | None, leaves: str | None) -> tuple[str, str | None]:
    """A Western shelfmark without its item and folios, and the label its folios were written
    with: ``TNA, FO 371/116982, f. 23`` → (``TNA, FO 371/116982``, ``f.``);
    ``PRC FMA, 109-01234-05`` with item 05 → ``PRC FMA, 109-01234``."""
    label = None
    if leaves:
        m = _LEAVES_PART.search(shelfmark)
        if m and canon_leaves(m.group("value")) == leaves:
            label = m.group("label")
            shelfmark = shelfmark[: m.start()]
    if item:
        for sep in (", ", "-", "/"):
            gone = shelfmark.replace(f"{sep}{item}, ", ", ", 1) if f"{sep}{item}, " in shelfmark else None
            if gone is None and shelfmark.endswith(f"{sep}{item}"):
                gone = shelfmark[: -len(sep) - len(item)]
            if gone is not None:
                shelfmark = gone
                break
    return shelfmark, label


def western_at_leaves(shelfmark: str, old: str | None, new: str | None) -> str:
    """A Western shelfmark cited at other folios: ``TNA, FO 371/116982, f. 23`` at 25 →
    ``TNA, FO 371/116982, f. 25`` (the label as written kept)."""
    base, label = western_unit_shelfmark(shelfmark, None, old)
    if not new:
        return base
    if label is None:
        label = "ff." if ("-" in new or "," in new) else "f."
    return f"{base}, {label} {new}"


def western_locator(item: str | None, leaves: str | None) -> str | None:
    """Where in a Western unit a citation points: ``661.00/4-1553``, ``f. 23``."""
    parts = [item] if item else []
    if leaves:
        parts.append(("ff. " if ("-" in leaves or "," in leaves) else "f. ") + leaves)
    return ", ".join(parts) or None


_FOLIO = rx.compile(r"(?<![^\W\d_])(?:ff?|fols?|folios?|Bl|pp?)\.?\s?(\d{1,5}[rv]?(?:\s?[-–]\s?\d{1,5}[rv]?)?)(?!\d)")


def western_folio(text: str | None) -> str | None:
    """The folio a back-reference to a Western unit gives (``Ibid., f. 25`` → ``25``): there,
    ``f.`` is a folio, never a fond."""
    m = _FOLIO.search(text or "")
    return canon_leaves(m.group(1)) if m else None
