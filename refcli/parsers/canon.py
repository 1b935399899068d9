"""Canonical forms of shelfmark values (DESIGN.md "The archival record").

``f. Р-5446`` → ``R-5446``; ``op. 98 s`` → ``98s``; ``Д. 12а`` → ``12a``; ``ll. 5 ob.–7`` →
``5ob-7``. Pure string functions, each idempotent.
"""

from __future__ import annotations

import re

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "і": "i", "ї": "i", "є": "e", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_DASHES = re.compile(r"\s*[-‐‑‒–—―−]\s*")
_SPACES = re.compile(r"\s+")


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


_FOND = re.compile(r"^([A-Za-z]{1,2})-?(\d.*)$")


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


_VERSO = re.compile(r"\s*(?:ob|об|зв|v)\.?(?![^\W\d_])", re.IGNORECASE)
_LIST_SEP = re.compile(r"\s*,\s*")


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
