"""Field values as the parse contract writes them: dates, cities, publishers, titles, pages.

The labeller says which words are a citation's date or city; these small functions turn
those words into the canonical values of DESIGN.md: ISO dates (``27.01.1956``, ``August 23,
1957``, ``29 мая 1960 г.``, ``1961. 7 авг.`` → ``1956-01-27`` ...), cities written as
abbreviations spelled out (``M.``/``М.`` → Moscow, ``SPb.`` → St Petersburg, ``L.``/``Л.`` →
Leningrad in Russian imprints, London in English ones), ``Publ.``/``izd.`` left off
publishers, a bracketed translation taken out of a title (``Na raznykh parallelyakh [On
different parallels]``), and the ``4 vols.``/``3rd ed.`` tails left off titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from refcli import rx
from refcli.registry import CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES

YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan janvier janv januar января январь янв yanvarya",
        "february feb février fevrier févr februar февраля февраль фев февр fevralya",
        "march mar mars märz maerz марта март мар marta",
        "april apr avril апреля апрель апр aprelya",
        "may mai мая май maya",
        "june jun juin juni июня июнь июн iyunya",
        "july jul juillet juil juli июля июль июл iyulya",
        "august aug août aout августа август авг avgusta",
        "september sep sept septembre сентября сентябрь сент сен sentyabrya",
        "october oct octobre oktober октября октябрь окт oktyabrya",
        "november nov novembre ноября ноябрь нояб ноя noyabrya",
        "december dec décembre decembre déc dezember dez декабря декабрь дек dekabrya",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _i
_MONTH = "(?:" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
# the letters the months' names start with: a look-ahead on them before the names lets the
# engine leave a position at once where it tried every name in turn (case-insensitively, so
# with no skip over any), three times faster over a note; it changes no match
_MONTH_INITIALS = "".join(sorted({name[0] for name in _MONTHS}))
_DATE_PATTERNS = (
    # 27.01.1956
    rx.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>{YEAR})(?!\d)"),
    # August 23, 1957 / Sept. 17 1959
    rx.compile(rf"(?<!\w)(?=[{_MONTH_INITIALS}])(?P<mon>{_MONTH})\s(?P<d>[0-3]?\d),?\s(?P<y>{YEAR})(?!\d)", re.I),
    # 23 August 1957 / 15 août 1936 / 4. Mai 1950 / 29 мая 1960 г.
    rx.compile(rf"(?<![\w.])(?P<d>[0-3]?\d)\.?\s(?P<mon>{_MONTH})\s(?P<y>{YEAR})(?!\d)", re.I),
    # Правда. 1961. 7 авг.
    rx.compile(rf"(?<!\d)(?P<y>{YEAR})\.?,?\s(?P<d>[0-3]?\d)\s(?P<mon>{_MONTH})(?!\w)", re.I),
)


@dataclass(frozen=True, slots=True)
class Date:
    iso: str
    year: str
    start: int
    end: int


@lru_cache(maxsize=16384)
def find_date(text: str) -> Date | None:
    """The first full date (day, month and year) written in TEXT."""
    best: Date | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        day = int(m.group("d"))
        month = (int(m.group("m")) if "m" in pattern.groupindex
                 else _MONTHS.get(m.group("mon").lower().rstrip("."), 0))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        found = Date(f"{m.group('y')}-{month:02d}-{day:02d}", m.group("y"), m.start(), m.end())
        if best is None or found.start < best.start:
            best = found
    return best


_CITY_ABBR = {
    "m": "Moscow", "м": "Moscow", "mosc": "Moscow", "spb": "St Petersburg",
    "спб": "St Petersburg", "л": "Leningrad", "k": "Kiev", "к": "Киев", "мн": "Минск",
    "пг": "Petrograd",
    "m.-l": "Moscow-Leningrad", "м.-л": "Moscow-Leningrad", "м.; л": "Moscow-Leningrad",
}


@lru_cache(maxsize=16384)
def city_name(raw: str, english: bool = False) -> str:
    """A city as written, with the abbreviations of imprints spelled out."""
    city = " ".join(raw.split()).strip(" ,:;()—–-")
    key = city.rstrip(".").lower()
    if key in ("l", "л"):
        return "London" if english and key == "l" else "Leningrad"
    return _CITY_ABBR.get(key, _CITY_ABBR.get(key.replace(" ", ""), city))


_PUBL_WORD = rx.compile(r"\s*(?:,\s*)?(?:publ|Publ|PUBL|publishers?|Publishers?|izd|Izd)\.?\s*$")


# a publisher's name in guillemets, and what may follow it ("«Олимп», в 2-х томах")
_QUOTED_PUBLISHER = rx.compile(r"[\s,]{0,3}«([^«»]{1,80})»(?:$|,)")


@lru_cache(maxsize=16384)
def clean_publisher(raw: str) -> str | None:
    if (quoted := _QUOTED_PUBLISHER.match(raw)) is not None:
        raw = quoted.group(1)
    pub = _PUBL_WORD.sub("", raw.strip(" ,.:;—–-()"))
    pub = " ".join(pub.split()).strip(" ,.:;()")
    return pub or None


_TRANSLATION = rx.compile(r"\s?\[(?P<tr>[^\[\]]{2,200})\]")
_TITLE_TAIL = rx.compile(
    r"(?:[,.]\s?|\s)(?:\d+\s(?:vols?|Bde|т|кн|томах)\.?|[ВB]\s\d+\s(?:кн|т)\.?|"
    r"\d+(?:st|nd|rd|th)\s(?:rev(?:ised)?\.?\s)?ed(?:ition)?\.?|(?:second|third|fourth|new|rev(?:ised)?)\s"
    r"(?:rev(?:ised)?\.?\s)?ed(?:ition)?\.?|\d+-е\sизд\.?)$",
    re.I,
)


@lru_cache(maxsize=16384)
def split_title(raw: str) -> tuple[str, str | None]:
    """(title, its bracketed translation) with edition and volume-count tails left off."""
    title = raw
    translated = None
    found = list(_TRANSLATION.finditer(title))
    m = found[-1] if found else None
    if m is not None and not re.search(r"hereafter|далее|sic", m.group("tr"), re.I):
        translated = m.group("tr").strip()
        title = title[: m.start()] + title[m.end():]
    for _ in range(2):
        tail = _TITLE_TAIL.search(title.rstrip(" ,.;:"))
        if tail is None:
            break
        title = title.rstrip(" ,.;:")[: tail.start()]
    return title, translated


# a word typed or recognised with letters of both alphabets ("Кеrеnskу", "ГAРФ") is read as
# a word of one, its letters of the other replaced by their look-alikes
_TO_LATIN = str.maketrans(CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES)
_TO_CYRILLIC = str.maketrans(LATIN_LOOKALIKES, CYRILLIC_LOOKALIKES)
_WORD = rx.compile(r"[^\W\d_]{2,}")
_CYRILLIC = rx.compile(r"[Ѐ-ӿ]")
_LATIN = rx.compile(r"[A-Za-z]")
# a Cyrillic "р." before a page number in a note otherwise in Latin letters: "Kerensky, р. 31"
_CYRILLIC_P = rx.compile(r"(?<![^\W\d_])[рР](?=\.\s?\d)")
# ... or after a comma, where a work's pages stand: "Tanner, р. 164", "Киккопеп, р. 128" (a
# translation's notes keep the original's "p." typed in Cyrillic; Russian writes "с.", and
# its "р." for a river or the rouble never stands after a comma before a number)
_CYRILLIC_P_AFTER_COMMA = rx.compile(r"(?<=,\s)[рР](?=\.\s?\d)")


def unmixed(text: str) -> str:
    """TEXT with each word written in two alphabets written in one: the letters of one
    alphabet become their look-alikes in the other, when every one has a look-alike (into the
    alphabet most of the word's letters are in, when both ways are open). The text keeps its
    length, so offsets into it hold. Most notes are in one alphabet and come back as they are."""
    if _CYRILLIC.search(text) is None:
        return text
    if _LATIN.search(text) is None:
        return _CYRILLIC_P_AFTER_COMMA.sub("p", text)
    parts: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        word = m.group()
        cyrillic = [ch for ch in word if "Ѐ" <= ch <= "ӿ"]
        latin = [ch for ch in word if ch.isascii()]
        if not cyrillic or not latin:
            continue
        as_latin = all(ch in CYRILLIC_LOOKALIKES for ch in cyrillic)
        as_cyrillic = all(ch in LATIN_LOOKALIKES for ch in latin)
        if not (as_latin or as_cyrillic):
            continue
        to_latin = as_latin and (len(latin) >= len(cyrillic) or not as_cyrillic)
        parts.append(text[pos : m.start()])
        parts.append(word.translate(_TO_LATIN if to_latin else _TO_CYRILLIC))
        pos = m.end()
    parts.append(text[pos:])
    out = "".join(parts)
    if _CYRILLIC_P.search(out) and len(_CYRILLIC.findall(out)) == 1:
        out = _CYRILLIC_P.sub("p", out)
    return _CYRILLIC_P_AFTER_COMMA.sub("p", out)
