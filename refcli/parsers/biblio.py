"""Bibliographic references: books, articles, chapters, web pages and published documents.

``parse_reference(segment, offset)`` reads one reference that starts at the beginning of
SEGMENT and returns a ``Citation`` whose ``end`` says where the reference stops (commentary
after it is left to the note splitter), or None when the segment does not open with a
reference. The steps, each a small function:

1. the author block (``names.lead_people``): Russian order, initials first, full names,
   bibliography order, editors;
2. the shape of what follows: ``Title // Container, 2012, No. 8`` (Russian part-of-whole),
   a quoted title then a journal or newspaper (``“Title,” Journal 12 (2005): 45–67``), ``in:``
   or ``В кн.:`` (chapters), a document title with its date, a URL or "... website";
3. the imprint of a book, found as a unit: ``(Chapel Hill: UNC Press, 2001)``, ``Moscow,
   Molodaya gvardiya publ., 2007``, ``М.: Наука, 1990``, ``München 2007``, ``I. B. Tauris:
   London 2018``; then volume and pages.

Cities written as abbreviations become names (``M.``/``М.`` → Moscow, ``SPb.`` → St Petersburg,
``L.``/``Л.`` → Leningrad in Russian imprints, London in English ones); full names stay as
written. Pages are canonical with ``-`` and ``, ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcli.model import Citation, Person

from .names import lead_people, parse_editor_list

YEAR = r"(?:1[5-9]\d\d|20[0-4]\d)"
_YEAR_RE = re.compile(rf"(?<![\d/])({YEAR})(?![\d/])")
_PAGE = r"[IVXLC]*\d*[a-z]?\d*"
_PAGE_RANGE = r"\d+(?:\s?[-–—]\s?\d+)?(?:\s?f{1,2}\.)?"
PAGES = rf"{_PAGE_RANGE}(?:\s?,\s?{_PAGE_RANGE})*"
_PAGES_LABELLED = re.compile(
    rf"(?:pp?\.|Pp\.|P\.|Р\.|С\.|с\.|S\.|s\.|стр\.|Стр\.|p(?=\d))\s?(?P<pages>{PAGES})"
)
_DASH = re.compile(r"\s?[-–—]\s?")

# --- dates -----------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan janvier janv januar jan. января январь янв yanvarya",
        "february feb february février fevrier févr februar февраля февраль фев февр fevralya",
        "march mar mars märz maerz марта март мар marta",
        "april apr avril april апреля апрель апр aprelya",
        "may mai мая май maya",
        "june jun juin juni июня июнь июн iyunya",
        "july jul juillet juil juli июля июль июл iyulya",
        "august aug août aout august августа август авг avgusta",
        "september sep sept septembre september сентября сентябрь сент сен sentyabrya",
        "october oct octobre oktober октября октябрь окт oktyabrya",
        "november nov novembre november ноября ноябрь нояб ноя noyabrya",
        "december dec décembre decembre déc dezember dez декабря декабрь дек dekabrya",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name.rstrip(".")] = _i
_MONTH = "(?:" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    # 27.01.1956
    re.compile(rf"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>{YEAR})(?!\d)"),
    # August 23, 1957 / Sept. 17 1959
    re.compile(rf"(?<!\w)(?P<mon>{_MONTH})\s(?P<d>[0-3]?\d),?\s(?P<y>{YEAR})(?!\d)", re.I),
    # 23 August 1957 / 15 août 1936 / 4. Mai 1950 / 29 мая 1960 г.
    re.compile(
        rf"(?<![\w.])(?P<d>[0-3]?\d)\.?\s(?P<mon>{_MONTH})\s(?P<y>{YEAR})(?!\d)(?:\s?(?:г\.|года|goda|g\.))?",
        re.I,
    ),
    # Правда. 1961. 7 авг.
    re.compile(rf"(?<!\d)(?P<y>{YEAR})\.?,?\s(?P<d>[0-3]?\d)\s(?P<mon>{_MONTH})(?!\w)", re.I),
)


@dataclass(frozen=True, slots=True)
class _Date:
    iso: str
    year: str
    start: int
    end: int


def find_date(text: str, pos: int = 0, endpos: int | None = None) -> _Date | None:
    """The first full date (day, month, year) in TEXT[POS:ENDPOS]."""
    endpos = len(text) if endpos is None else endpos
    best: _Date | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text, pos, endpos)
        if not m:
            continue
        day = int(m.group("d"))
        month = int(m.group("m")) if "m" in pattern.groupindex else _MONTHS.get(
            m.group("mon").lower().rstrip("."), 0)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        found = _Date(f"{m.group('y')}-{month:02d}-{day:02d}", m.group("y"), m.start(), m.end())
        if best is None or found.start < best.start:
            best = found
    return best


# --- cities and imprints ---------------------------------------------------------------

_CITY_ABBR = {
    "m": "Moscow", "м": "Moscow", "mosc": "Moscow", "spb": "St Petersburg", "спб": "St Petersburg",
    "л": "Leningrad", "k": "Kiev", "к": "Киев", "мн": "Минск",
}
_KNOWN_CITIES = (
    "Moscow|Moskva|Moscou|Moskau|Москва|Leningrad|Ленинград|St\\.? Petersburg|Saint Petersburg|"
    "Sankt-Peterburg|Санкт-Петербург|Petrograd|Kiev|Kyiv|Киев|Київ|Minsk|Минск|Novosibirsk|"
    "Новосибирск|Barnaul|Барнаул|Ekaterinburg|Yekaterinburg|Екатеринбург|Kazan|Казань|Tomsk|"
    "Томск|Vladivostok|Владивосток|Irkutsk|Иркутск|Rostov-on-Don|Ростов-на-Дону|Voronezh|"
    "Воронеж|Tbilisi|Тбилиси|Baku|Баку|Tashkent|Ташкент|Alma-Ata|Almaty|Riga|Vilnius|Tallinn|"
    "London|Oxford|Cambridge|Edinburgh|Manchester|Basingstoke|Abingdon|Harmondsworth|"
    "New York|N\\. ?Y\\.|NY|Boston|Chicago|Washington(?: D\\.C\\.|, D\\.C\\.| DC)?|Princeton|"
    "New Haven|Ithaca|Stanford|Berkeley|Los Angeles|Chapel Hill|Cambridge, Mass\\.|"
    "Cambridge, MA|Ann Arbor|Bloomington|Pittsburgh|Baltimore|Philadelphia|Lanham|Armonk|"
    "Madison|Lawrence|DeKalb|Durham|Toronto|Montreal|Seattle|Columbia|Boulder|Westport|"
    "Lincoln|Garden City|University Park|Santa Monica|Palo Alto|"
    "Paris|Bruxelles|Brussels|Genève|Geneva|Lausanne|Lyon|Rennes|Berlin|München|Munich|"
    "Frankfurt(?: am Main| a\\. ?M\\.)?|Hamburg|Köln|Cologne|Bonn|Leipzig|Stuttgart|"
    "Göttingen|Freiburg|Wiesbaden|Mainz|Dresden|Wien|Vienna|Zürich|Zurich|Bern|Warsaw|"
    "Warszawa|Kraków|Prague|Praha|Budapest|Bucharest|Bucureşti|Sofia|Belgrade|Beograd|"
    "Rome|Roma|Milan|Milano|Bologna|Firenze|Florence|Madrid|Barcelona|Amsterdam|Leiden|"
    "Stockholm|Oslo|Copenhagen|Helsinki|Tokyo|Beijing|Peking|Shanghai|Hong Kong|Seoul|"
    "Pyongyang|Hanoi|Taipei|Delhi|New Delhi|Jerusalem|Tel Aviv|Canberra|Melbourne|Sydney"
)
_CITY_ABBR_RE = r"(?:M|М|SPb|СПб|L|Л|K|К|Мн)(?:\.|(?=,\s))"
_CITY = rf"(?:{_KNOWN_CITIES}|{_CITY_ABBR_RE})"
_GENERIC_CITY = (
    r"(?:(?<=[.,]\s)|(?<=—\s)|(?<=^)|(?<=\A))(?!The\b|A\b|An\b|Le\b|La\b|Les\b|Der\b|Die\b|Das\b)"
    r"[A-ZА-ЯЁ][a-zа-яё'’\-]+(?:\s[A-ZА-ЯЁ][a-zа-яё'’\-]+){0,2}"
    r"(?:,?\s(?:Mass|Calif|Conn|MA|CT|NY|NJ|CA|IL|UK)\.?)?"
)
_PUB_CHARS = r"(?:[^,;:()\[\]./]|\.(?=\S)|\.\s(?=[a-zа-я&])|\.(?=,))"
_PUB = rf"{_PUB_CHARS}{{1,90}}?"

# City: Publisher, Year / City, Publisher, Year / City, Year / City Year (German)
_IMPRINT_CITY_FIRST = re.compile(
    rf"(?<![\w\-])(?P<city>{_CITY}(?:,\s(?:Mass|Calif|Conn|N\.\s?J|N\.\s?Y|MA|CT|NY|NJ|CA|IL|UK)\.?)?)"
    rf"\s?(?::\s?|,\s|\s(?={YEAR})|\.\s?(?={YEAR}))"
    rf"(?:(?P<pub>(?!{YEAR}){_PUB})\s?(?:[,.]\s?|\s(?={YEAR})))?"
    rf"(?P<year>{YEAR})(?![\d\-–])"
)
# a generic city is trusted only before a colon: "Chapel Hill: University of North Carolina Press, 2001"
_IMPRINT_COLON = re.compile(
    rf"(?P<city>{_GENERIC_CITY})\s?:\s(?P<pub>(?!{YEAR}){_PUB}),\s(?P<year>{YEAR})(?![\d\-–])"
)
# Publisher: City Year  ("I. B. Tauris: London 2018", "Nauka: Moscow 1999")
_IMPRINT_PUB_FIRST = re.compile(
    rf"(?:(?<=[.,]\s)|(?<=^))(?P<pub>[A-ZА-ЯЁ](?:[^,;:()\[\]]|\.(?=\S)){{0,80}}?):\s?"
    rf"(?P<city>(?:{_CITY}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:,?\s(?:[A-Z]{{2}}|Mass\.))?),?\s"
    rf"(?P<year>{YEAR})(?![\d\-–])"
)
_PAREN = re.compile(r"\((?P<body>[^()]{2,160})\)")
_KNOWN_CITY_FULL = re.compile(rf"(?:{_KNOWN_CITIES}|{_CITY_ABBR_RE})\Z")
_STATE = re.compile(r"(?:Mass|Calif|Conn|N\.\s?J|N\.\s?Y|MA|CT|NY|NJ|CA|IL|UK|USA)\.?\Z")
_PUBL_WORD = re.compile(r"\s*,?\s*(?:publ|Publ|PUBL|publishers?|Publishers?|izd|Izd)\.?\s*$")


def _city_name(raw: str, english: bool = False) -> str:
    city = re.sub(r"\s+", " ", raw.strip(" ,"))
    key = city.rstrip(".").lower()
    if key in ("l", "л"):
        return "London" if english and key == "l" else "Leningrad"
    return _CITY_ABBR.get(key, city)


def _clean_pub(pub: str | None) -> str | None:
    if not pub:
        return None
    pub = _PUBL_WORD.sub("", pub.strip(" ,.:—–-"))
    pub = re.sub(r"\s+", " ", pub).strip(" ,.:")
    return pub or None


@dataclass(frozen=True, slots=True)
class _Imprint:
    city: str | None
    publisher: str | None
    year: str
    start: int
    end: int


def _paren_imprint(text: str, pos: int, english: bool) -> _Imprint | None:
    """``(City: Publisher, Year)``, ``(Publisher, City, Year)``, ``(City, Year)``."""
    for m in _PAREN.finditer(text, pos):
        body = m.group("body").strip()
        y = re.search(rf"(?:,\s?|\s)({YEAR})\s*$", body) or re.fullmatch(rf"({YEAR})", body)
        if not y:
            continue
        head = body[: y.start()].strip(" ,")
        if not head or re.match(rf"(?:{_MONTH}|Spring|Summer|Autumn|Fall|Winter)\b", head, re.I):
            continue  # "(2002)", "(March 1986)": a journal's date, not a book's imprint
        city = pub = None
        if ":" in head:
            city, pub = (x.strip() for x in head.split(":", 1))
        elif head:
            parts = [x.strip() for x in head.split(",") if x.strip()]
            if len(parts) == 1:
                if _KNOWN_CITY_FULL.match(parts[0]) or len(parts[0].split()) <= 2:
                    city = parts[0]
                else:
                    pub = parts[0]
            elif _KNOWN_CITY_FULL.match(parts[-1]) and not _KNOWN_CITY_FULL.match(parts[0]):
                pub, city = ", ".join(parts[:-1]), parts[-1]
            elif _STATE.match(parts[-1]) or all(
                _KNOWN_CITY_FULL.match(x) or _STATE.match(x) for x in parts
            ):
                city = ", ".join(parts)
            else:
                city, pub = ", ".join(parts[:-1]), parts[-1]
        if city and not re.match(r"[A-ZА-ЯЁ]", city):
            continue
        if ":" not in head and not any(
            _KNOWN_CITY_FULL.match(x.strip()) or _STATE.match(x.strip()) for x in head.split(",")
        ) and not re.search(r"\b(?:and|&)\s?London\b|New York", head):
            continue  # "(French edition - 1997)": a year in brackets, not an imprint
        return _Imprint(
            _city_name(city, english) if city else None, _clean_pub(pub), y.group(1),
            m.start(), m.end(),
        )
    return None


def _find_imprint(text: str, pos: int, english: bool) -> _Imprint | None:
    """The first imprint at or after POS (not inside the first two characters of a title)."""
    found: list[_Imprint] = []
    p = _paren_imprint(text, pos, english)
    if p:
        found.append(p)
    for pattern in (_IMPRINT_CITY_FIRST, _IMPRINT_COLON, _IMPRINT_PUB_FIRST):
        m = pattern.search(text, pos)
        while m and m.start() <= pos + 1:
            m = pattern.search(text, m.start() + 1)
        if m:
            city = m.group("city")
            pub = m.group("pub")
            if pattern is _IMPRINT_COLON and re.search(r"\d", city):
                continue
            if pattern is _IMPRINT_COLON and pub and _KNOWN_CITY_FULL.match(pub.strip()):
                city, pub = pub, city  # "Nauka: Moscow, 1999"
            found.append(_Imprint(_city_name(city, english), _clean_pub(pub),
                                  m.group("year"), m.start(), m.end()))
    if not found:
        return None
    return min(found, key=lambda i: (i.start, -i.end))


# --- other pieces ----------------------------------------------------------------------

_URL = re.compile(
    r"<?(?P<url>(?:https?\.?:\s?//|www\.)[^\s<>\"“”«»]+(?:\.\s(?:ru|su|com|org|net|edu|gov|de|fr|uk|ua|by|info)\b[^\s<>\"]*)?)>?",
    re.I,
)
_WEBSITE = re.compile(
    r"(?:\bwebsite\s(?P<after>[^,;()]{2,60}?)(?=\s[-–—]|\s?[,;()]|$)|"
    r"(?P<before>[A-ZА-ЯЁ][^/,;()]{1,60}?)\swebsite\b|\bсайт\s(?P<ru>[^-–—,;()]{2,60}))",
)
_SLASHES = re.compile(r"\s?(?<!:)/\s?/(?!/)\s?|\s//\s?|(?<=\S)//\s")
_IN_CHAPTER = re.compile(r"(?:[,.]\s|\s)(?:[Ii]n:|В кн\.:?|В сб\.:?|[Dd]ans\s?:)\s|\s[Вв] кн\.:?\s")
# right after a quoted title a plain " in " will do: «Title» in S. Pons (ed.), ...
_IN_AFTER_QUOTE = re.compile(r"[,.]?\s(?:[Ii]n:?|dans|В кн\.:?|В сб\.:?)\s")
_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "‘": "’", "'": "'", "„": "“"}
_QUOTED = {
    o: re.compile(
        rf"{re.escape(o)}\s?(?P<title>.{{2,300}}?)\s?{re.escape(c)}"
        r"(?=\s?[,.:;]|\s(?:in|In|dans|//|/\s/)\s|\s*$|(?<=[,.][\"”»’'“]))"
    )
    for o, c in _QUOTE_PAIRS.items()
}
_VOLUME = re.compile(
    r"(?:,|\.)?\s?(?:[Vv]ol\.|[Vv]olume|[TtТт]\.|Bd\.|Кн\.|Tom)\s?(?P<vol>\d+(?:\s?[-–]\s?\d+)?)"
)
_VOLS_NOTE = re.compile(
    r"(?:,|\.)?\s?(?:\d+\s(?:vols?|Bde|т|кн)\.?|[ВB]\s\d+\s(?:кн|т)\.?|\d+(?:st|nd|rd|th)\sed\.?|"
    r"\d+-е изд\.?)(?!\w)"
)
_SERIES = re.compile(r",\s[^,]{3,80}\sSeries(?:,?\s(?:No\.?|no\.?)\s?\d+)?\s*$")
_ISSUE = re.compile(
    r"(?:No\.?|no\.?|Nos?\.|N(?=\s?\d)|№|Nr\.|Heft|H\.|issue|Issue|Вып\.|вып\.|Vyp\.|vyp\.)\s?"
    r"(?P<issue>\d+(?:\s?[-–/]\s?\d+)?)"
)
_TRANSLATION = re.compile(r"\s?\[(?P<tr>[^\[\]]{2,200})\]")
_PAREN_TRANSLATION = re.compile(r"\s\((?P<tr>[A-ZÀ-Ýa-zà-ÿ][^()]{2,120})\)$")
_EDITED_BY = re.compile(
    r",?\s?(?:/\s?)?(?:trans(?:lated)?\.?\s(?:and\s)?(?:ed(?:ited)?\.?\s)?by|"
    r"ed(?:ited)?\.?\sby|edited\sby|Hg\.\svon|hrsg\.\svon|Hrsg\.\svon|под\sред\.|[Сс]ост\.|"
    r"[Oo]tv\.\sred\.|[Pp]od\sred\.|sous\sla\sdir(?:ection|\.)\sde)\s?",
)
_DOC_WORDS = re.compile(
    r"^\W*(?:Record of|Memorandum|Memo\b|Minutes of|Telegram|Cable|Letter (?:from|of|to)|"
    r"Report (?:of|on|from|by)|Note (?:from|of|by)|Transcript|Directive|Resolution|Protocol|"
    r"Conversation|Message from|Запись беседы|Записка|Докладная|Письмо|Протокол|Постановление|"
    r"Директива|Телеграмма|Стенограмма|Справка|Доклад|Решение)|\bДоклад\b|\bЗаписка\b",
    re.I,
)
_ACCESSED = re.compile(r"[.,]?\s?(?:\(?(?:accessed|Accessed|retrieved|Retrieved|дата обращения|viewed)[^)]*\)?)")
_TAIL_NOTE = re.compile(
    r"[.,]?\s?(?:Contributed by|Translated by|Reprinted|Repr\.|Reprint|Cited in|Quoted in|Google Scholar)\b.*$"
)


def canon_pages(pages: str) -> str:
    pages = re.sub(r"\s?f{1,2}\.$", "", pages.strip())
    pages = _DASH.sub("-", pages)
    return re.sub(r"\s?,\s?", ", ", pages).strip(" ,.")


def _tidy(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text).strip(" ,;:—–-/")
    if not re.search(r"(?:(?<![^\W\d_])[^\W\d_]{1,2}|\b[A-ZА-ЯЁ])\.$", text) or text.endswith(".."):
        text = re.sub(r"\s?[.,]$", "", text)
    if len(text) >= 2 and text[0] in "\"“«‘'„" and text[-1] in "\"”»’'“" and text.count(text[0]) <= 2:
        inner = text[1:-1]
        if not re.search(r"[\"“”«»]", inner):
            text = inner.strip()
    return text or None


def _split_title(raw: str) -> tuple[str | None, str | None, str | None]:
    """(title, title_translated, volume) from the text between the authors and the imprint."""
    title = _SERIES.sub("", raw.rstrip(" ,("))
    volume = None
    vols = _VOLS_NOTE.search(title)
    if vols:
        title = title[: vols.start()] + title[vols.end():]
    vols_found = list(_VOLUME.finditer(title))
    vol = vols_found[-1] if vols_found else None
    if vol and not title[vol.end():].strip(" .,:;—–-"):
        volume = _DASH.sub("-", vol.group("vol"))
        title = title[: vol.start()]
    translated = None
    translations = list(_TRANSLATION.finditer(title))
    tr = translations[-1] if translations else None
    if tr and not re.search(r"hereafter|далее", tr.group("tr"), re.I):
        translated = tr.group("tr").strip()
        title = title[: tr.start()] + title[tr.end():]
    else:
        cleaned = _tidy(title) or ""
        ptr = _PAREN_TRANSLATION.search(cleaned)
        if ptr and not re.search(r"\d", ptr.group("tr")) and len(ptr.group("tr").split()) >= 2:
            translated = ptr.group("tr")
            title = cleaned[: ptr.start()]
    return _tidy(title), _tidy(translated), volume


# --- the parts after a title -----------------------------------------------------------


@dataclass(slots=True)
class _Fields:
    kind: str = "other"
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    title: str | None = None
    title_translated: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    year: str | None = None
    date: str | None = None
    city: str | None = None
    publisher: str | None = None
    pages: str | None = None
    url: str | None = None
    end: int = 0


def _locators(text: str, pos: int, out: _Fields, endpos: int | None = None) -> int:
    """Volume, issue and pages right after POS; returns where they end."""
    endpos = len(text) if endpos is None else endpos
    p = pos
    while True:
        gap = re.match(r"[\s,.:)]*", text[p:endpos])
        q = p + (gap.end() if gap else 0)
        m = _PAGES_LABELLED.match(text, q, endpos)
        if m and out.pages is None:
            out.pages = canon_pages(m.group("pages"))
            p = m.end()
            continue
        m = _VOLUME.match(text, q, endpos) or _VOLUME.match(text, max(q - 2, pos), endpos)
        if m and out.volume is None:
            out.volume = _DASH.sub("-", m.group("vol"))
            p = m.end()
            continue
        m = _ISSUE.match(text, q, endpos)
        if m and out.issue is None:
            out.issue = _DASH.sub("-", m.group("issue"))
            p = m.end()
            continue
        return p


def _bare_pages(text: str, pos: int, out: _Fields) -> int:
    """Western unlabelled pages after an imprint or a journal's year: ``), 12–15.``"""
    m = re.match(rf"\)?\s?[,:]?\s?(?P<pages>{PAGES})(?=\s*[.;)]?\s*$|\.\s)", text[pos:])
    if m and out.pages is None and not re.fullmatch(YEAR, m.group("pages")):
        out.pages = canon_pages(m.group("pages"))
        return pos + m.end()
    return pos


_SERIAL_DETAILS = re.compile(
    rf"(?P<num>\d+(?:\s?[-–/]\s?\d+)?)?\s?\((?P<when>[^()]*?{YEAR}[^()]*?)\)|(?P<year>{YEAR})(?![\d\-–])"
)


def _serial(text: str, pos: int, endpos: int, out: _Fields) -> int:
    """A journal or newspaper and its details, from POS: ``Voprosy istorii, 2012, No. 8``,
    ``Slavic Review 61 (2002): 787-814``, ``Правда. 1960. 29 мая. С. 1–2``,
    ``New York Times, September 17, 1959``. Fills container, volume, issue, year, date, pages;
    returns where the details end."""
    seg = text[pos:endpos]
    date = find_date(text, pos, endpos)
    # the container runs to the first detail: a number, a "(year)", a label or a date
    stop = re.search(
        r"[.,]?\s?(?:(?<![\w-])\d|\((?=[^()]*\d{4})|(?:No|no|N|№|Nr|Vol|vol|Bd|Jg|T|Т|Vyp|Вып|issue)\.?\s?\d)",
        seg,
    )
    c_end = pos + (stop.start() if stop else len(seg))
    if date and date.start < c_end:
        c_end = date.start
    container = text[pos:c_end]
    city = re.search(r"\s\((?P<city>[A-ZА-ЯЁ][^()\d]{2,30})\)\s*$", container)
    if city:
        out.city = _city_name(city.group("city"))
        container = container[: city.start()]
    out.container = _tidy(container)
    p = c_end
    if date:
        out.date, out.year = date.iso, date.year
    last = p
    while p < endpos:
        gap = re.match(r"[\s,.:]*", text[p:endpos])
        q = p + (gap.end() if gap else 0)
        if q >= endpos:
            break
        if date and q == date.start:
            p = last = date.end
            continue
        m = _SERIAL_DETAILS.match(text, q, endpos)
        if m and m.group("when") is not None:
            num = m.group("num")
            if num:
                if "/" in num:
                    out.volume, out.issue = (x.strip() for x in num.split("/", 1))
                elif re.search(r"[-–]", num) or text[p:q].strip().startswith(","):
                    out.issue = out.issue or _DASH.sub("-", num)
                else:
                    out.volume = out.volume or num
            y = _YEAR_RE.search(m.group("when"))
            out.year = out.year or (y.group(1) if y else None)
            p = last = m.end()
            continue
        if m and m.group("year"):
            out.year = out.year or m.group("year")
            p = last = m.end()
            continue
        m = re.match(r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Spring|Summer|Autumn|Fall|Winter)\b\.?", text[q:endpos])
        if m:
            p = last = q + m.end()
            continue
        before = out.pages, out.volume, out.issue
        r = _locators(text, q, out, endpos)
        if r > q and (out.pages, out.volume, out.issue) != before:
            p = last = r
            continue
        m = re.match(r"(?P<num>\d+(?:\s?[-–]\s?\d+)?)(?=[\s,.:;]|$)", text[q:endpos])
        if m:
            if out.year and out.pages is None and text[p:q].strip() in (":", ",", ""):
                out.pages = canon_pages(m.group("num"))
            elif out.volume is None and out.issue is None and not out.year:
                # "Journal of Cold War Studies 12, no. 3": a number right after the title is
                # the volume; after a comma ("Rodina, 7") it is the issue
                if text[p:q].strip() or re.search(r"[-–]", m.group("num")):
                    out.issue = _DASH.sub("-", m.group("num"))
                else:
                    out.volume = m.group("num")
            else:
                break
            p = last = q + m.end()
            continue
        break
    return last


def _looks_periodical(details: str) -> bool:
    details = re.sub(r"Series,?\s?No\.?\s?\d+", "", details)
    return bool(
        re.search(rf"(?:No|N|№|Nr|Heft|Вып|Vyp|issue)\.?\s?\d|\d+\s?\({YEAR}|\d+/\d+\s\(", details)
        or find_date(details)
        or re.match(rf"\W*{YEAR}[.,]?\s*(?:$|[TtТт]\.|Vol|vol|[СсPpSs]\.|p\.)", details)
        or re.match(rf"[^,.]{{2,80}}[.,]\s?{YEAR}[.,]?\s?(?:[СсPpS]\.|pp?\.|$)", details)
    )


def _parse_book_tail(text: str, pos: int, endpos: int, out: _Fields, english: bool) -> int | None:
    """Title, imprint, volume and pages of a book from POS; None without an imprint."""
    imp = _find_imprint(text, pos, english)
    if imp is None or imp.start > endpos:
        return None
    title_raw = text[pos: imp.start]
    title_raw = re.sub(r"[\s.,:]*(?:—|–|-)?\s*$", "", title_raw)
    # "trans. and ed. by Strobe Talbott", "/ под ред. А. А. Чернобаева", "Hg. von ..."
    eb = _EDITED_BY.search(title_raw)
    if eb:
        names = parse_editor_list(title_raw[eb.end():].strip(" .,"))
        if names:
            out.editors = out.editors or names
        title_raw = title_raw[: eb.start()]
    title, translated, volume = _split_title(title_raw)
    # leading "—" or "/" of a GOST description
    out.title = title
    out.title_translated = out.title_translated or translated
    out.volume = out.volume or volume
    out.city, out.publisher, out.year = imp.city, imp.publisher, imp.year
    p = _locators(text, imp.end, out)
    p = _bare_pages(text, p, out)
    return p


def _apply_people(text: str, pos: int, out: _Fields) -> int:
    block = lead_people(text, pos)
    if block is None:
        return pos
    out.authors, out.editors = block.authors, block.editors
    p = block.end
    m = re.match(r"[\s,.:]*", text[p:])
    return p + (m.end() if m else 0)


def _end_of(text: str, p: int) -> int:
    """Extend P over closing punctuation that belongs to the reference."""
    m = re.match(r"[\s.,]*[)\]]?\.?", text[p:])
    if m and ")" in m.group() and text[:p].count("(") <= text[:p].count(")"):
        return p  # a closing bracket of the note's own parentheses
    m = re.match(r"\s?\.", text[p:])
    return p + m.end() if m else p


def _parse(text: str) -> _Fields | None:
    out = _Fields()
    url_m = _URL.search(text)
    if url_m:
        url = url_m.group("url")
        tld = re.match(r"\s(?:ru|su|com|org|net|edu|gov|de|fr|uk|ua|by|info)\b[^\s<>\"]*", text[url_m.end():])
        if url.endswith(".") and tld:
            url += tld.group()  # "http.://www.juche-songun. ru": a space slipped into the host
        out.url = re.sub(r"\s", "", url).replace("http.:", "http:").replace("https.:", "https:").rstrip(".,;)>")
    p = _apply_people(text, 0, out)
    body_end = len(text)
    tail = _TAIL_NOTE.search(text, p)
    if tail:
        body_end = tail.start()
    accessed = _ACCESSED.search(text, p)
    if accessed and accessed.start() < body_end:
        body_end = accessed.start()
    english = not re.search(r"[А-Яа-яЁё]", text) and bool(re.search(r"\b(?:the|of|and|in)\b", text))

    # a bare URL
    if url_m and not text[:url_m.start()].strip(" .,:;(<"):
        out.kind = "web"
        out.end = url_m.end()
        return out

    # Title // Container ...
    sl = _SLASHES.search(text, p, body_end)
    if sl and sl.start() > p and (not url_m or sl.start() < url_m.start() or sl.end() > url_m.end()):
        left = text[p: sl.start()]
        ed = _EDITED_BY.search(left)
        if ed:
            out.editors = out.editors or parse_editor_list(left[ed.end():])
            left = left[: ed.start()]
        out.title, out.title_translated, vol = _split_title(left)
        rstart = sl.end()
        rest = text[rstart:body_end]
        web = _WEBSITE.search(rest)
        if web or (url_m and url_m.start() >= rstart):
            out.kind = "web"
            if web:
                site = web.group("after") or web.group("before") or web.group("ru")
                out.container = _tidy(site)
            out.end = url_m.end() if url_m else rstart + len(rest.rstrip(" .)"))
            y = _YEAR_RE.search(rest)
            if y and out.year is None:
                out.year = y.group(1)
            return out
        if _IN_CHAPTER.match(" " + rest):
            rest_m = _IN_CHAPTER.match(" " + rest)
            rstart += rest_m.end() - 1 if rest_m else 0
        imp = _find_imprint(text, rstart, english)
        if imp and imp.start < body_end and not _looks_periodical(text[rstart: imp.start]):
            out.kind = "chapter"
            inner = _Fields()
            e = _parse_book_tail(text, rstart, body_end, inner, english)
            out.container = inner.title
            out.city, out.publisher, out.year = inner.city, inner.publisher, inner.year
            out.volume, out.pages = inner.volume or vol, inner.pages
            out.editors = out.editors or inner.editors
            out.end = e if e is not None else body_end
            return out
        out.kind = "article"
        out.end = _serial(text, rstart, body_end, out)
        if out.title and _DOC_WORDS.search(out.title) and not out.authors:
            out.kind = "document"
        return out if (out.year or out.issue or out.date) else None

    # “Title,” then a journal, a newspaper, or "in" a book
    q = _QUOTED[text[p]].match(text, p) if p < len(text) and text[p] in _QUOTED else None
    if q:
        out.title = _tidy(q.group("title"))
        after = q.end()
        chap_m = _IN_AFTER_QUOTE.match(text, after)
        if chap_m:
            return _chapter(text, chap_m.end(), body_end, out, english)
        d = re.match(r"[\s,.]*", text[after:])
        cstart = after + (d.end() if d else 0)
        date = find_date(text, cstart, body_end)
        if date and date.start == cstart:
            return _document(text, cstart, body_end, out, english, url_m)
        imp = _find_imprint(text, cstart, english)
        if imp and not _looks_periodical(text[cstart: imp.start]) and not _SERIAL_DETAILS.search(text[cstart: imp.start]):
            out.kind = "book"
            e = _parse_book_tail(text, cstart, body_end, out, english)
            out.title = out.title if not text[cstart: imp.start].strip(" ,.") else _tidy(q.group("title"))
            out.end = e or body_end
            return out
        out.kind = "article"
        out.end = _serial(text, cstart, body_end, out)
        if not (out.year or out.date):
            return None
        out.end = _bare_pages(text, out.end, out)
        return out

    # Title, in: Container / В кн.: ...
    chap_m = _IN_CHAPTER.search(text, p, body_end)
    if chap_m and chap_m.start() > p:
        out.title = _tidy(_split_title(text[p: chap_m.start()])[0])
        return _chapter(text, chap_m.end(), body_end, out, english)

    # a newspaper or journal cited by its name alone: "Pravda, 27.01.1956", "Правда. 1961. 7 авг."
    if not out.authors and not out.editors:
        serial = _Fields()
        e = _serial(text, p, body_end, serial)
        c = serial.container or ""
        date = find_date(text, p, body_end)
        if (
            c and len(c.split()) <= 6 and not re.search(r"\d", c)
            and c.split()[0].casefold() not in _FUNCTION_WORDS  # "From 20 March 1956 Mikoyan ..."
            and (serial.date or (serial.year and (serial.issue or serial.pages)))
            and (date is None or e >= date.end)
            and re.match(r"[\s.,;)]*(?:$|[A-ZА-ЯЁ\"“«(])", text[e:body_end])
            and not _find_imprint(text[:e], p, english)
        ):
            serial.kind, serial.end = "article", e
            return serial

    # a document with its date: "Memorandum of discussion, ..., February 10, 1955, FRUS ..."
    date = find_date(text, p, body_end)
    if date and _DOC_WORDS.search(text[p: date.start]):
        return _document(text, date.start, body_end, out, english, url_m, title_end=date.start)

    # a book
    e = _parse_book_tail(text, p, body_end, out, english)
    if e is not None and out.title:
        out.kind = "book"
        out.end = e
        return out

    # a web page without // ("Title, Site website - path", or a URL after a title)
    web = _WEBSITE.search(text, p, body_end)
    if url_m or web:
        out.kind = "web"
        stop = min(x for x in (url_m.start() if url_m else body_end, web.start() if web else body_end))
        title = text[p:stop]
        link = re.fullmatch(r"\s*\[(?P<label>[^\]]*)\]\(\s*", title)
        if link:  # a Markdown link: [label](url); a label that only repeats the host is no title
            label = link.group("label").strip()
            title = "" if out.url and label.lower().removeprefix("www.") in out.url.lower() else label
        out.title = _tidy(title)
        if web:
            out.container = _tidy(web.group("after") or web.group("before") or web.group("ru"))
        out.end = url_m.end() if url_m else body_end
        return out if (out.title or out.url) else None
    return None


def _chapter(text: str, pos: int, body_end: int, out: _Fields, english: bool) -> _Fields | None:
    """What follows ``in``: an edited book (a chapter) or a journal (an article)."""
    block = lead_people(text, pos)
    start = pos
    if block is not None:
        out.editors = out.editors or block.editors or block.authors
        m = re.match(r"[\s,.:]*(?:\(?eds?\.?\)?,?\s?)?", text[block.end:])
        start = block.end + (m.end() if m else 0)
    imp = _find_imprint(text, start, english)
    if imp and not _looks_periodical(text[start: imp.start]):
        inner = _Fields()
        e = _parse_book_tail(text, start, body_end, inner, english)
        out.kind = "chapter"
        out.container = inner.title
        out.city, out.publisher, out.year = inner.city, inner.publisher, inner.year
        out.volume, out.pages = inner.volume, inner.pages
        out.end = e if e is not None else body_end
        return out
    out.kind = "article"
    out.end = _serial(text, start if block is None else pos, body_end, out)
    return out if (out.year or out.date) else None


def _document(
    text: str, date_pos: int, body_end: int, out: _Fields, english: bool,
    url_m: re.Match[str] | None, title_end: int | None = None,
) -> _Fields:
    """A dated document: title, date, then where it is published (a collection, an online
    archive) and, when given, the imprint, volume and pages of that publication."""
    date = find_date(text, date_pos, body_end)
    assert date is not None
    out.kind = "document"
    if title_end is not None:
        raw_title = text[:title_end]
        # "..., Washington, February 10, 1955": the place of the document is not its title
        place = re.search(rf",\s(?:{_KNOWN_CITIES})(?:,\s[A-Z.]{{2,5}})?[,\s]*$", raw_title)
        if place:
            raw_title = raw_title[: place.start()]
        out.title = out.title or _tidy(raw_title)
    out.date, out.year = date.iso, date.year
    p = date.end
    m = re.match(r"[\s,.]*", text[p:])
    cstart = p + (m.end() if m else 0)
    imp = _find_imprint(text, cstart, english)
    if imp and imp.start < body_end:
        container = re.sub(r"\s?\[[^\]]*\]", "", text[cstart: imp.start])
        container = re.sub(rf"[,\s]*{YEAR}(?:\s?[-–]\s?{YEAR})?[,\s]*$", "", container)
        out.container = _tidy(container)
        out.city, out.publisher, out.year = imp.city, imp.publisher, imp.year
        e = _locators(text, imp.end, out)
        out.end = _bare_pages(text, e, out)
        return out
    # "Wilson Center Digital Archive, RGANI, f. 52, ..." : the collection runs to the next comma
    cm = re.match(r"(?P<c>[^,;()]{3,80}?)(?=,|\.\s|$|;)", text[cstart:body_end])
    if cm and not re.search(r"\d", cm.group("c")):
        out.container = _tidy(cm.group("c"))
        out.end = cstart + cm.end()
    else:
        out.end = date.end
    if url_m and url_m.start() >= cstart:
        out.end = max(out.end, url_m.end())
    return out


_LEAD_IN = re.compile(
    r"\s*(?:(?-i:and|also|и|а также)\s+(?=\S))?(?:(?:for more (?:information|details)(?: on [^,:]{1,80})?,?\s*)?see(?:\s+also)?(?:,?\s*for example,?|,?\s*e\.\s?g\.,?)?:?|"
    r"cf\.|e\.\s?g\.,?|(?:Подробнее\s+)?[Сс]м\.(?:\s*также)?:?|[Цц]ит\.\s*по:?|cit\.\s*by:?|"
    r"quoted\s+in:?|cited\s+in:?|voir(?:\s+aussi)?,?:?|vgl\.|siehe:?)?\s*",
    re.IGNORECASE,
)


_SENTENCE_OPENER = re.compile(
    r"(?:In|On|At|During|When|While|After|Before|Since|If|Although|Apparently|Thus|This|These|"
    r"It|He|She|They|We|There|However|But|And|As|Now|Then|В|На|Во|Это|Он|Она|Они)\s(?:\d|[a-zа-яё])"
)
# words that open a phrase, never a newspaper's name ("From 20 March 1956 Mikoyan ...")
_FUNCTION_WORDS = frozenset((
    "from", "in", "on", "at", "since", "after", "before", "by", "until", "till", "during",
    "with", "of", "to", "for", "through", "between",
    "с", "в", "во", "на", "по", "до", "после", "от", "за", "из", "к", "у", "при", "между",
))
# "he holds that exposing ... (Mikoyan A. I. So it was ...)": a clause in mid-sentence, not a title
_LOWERCASE_CLAUSE = re.compile(r"[a-zа-яё]{2,}\s+[a-zа-яё]+\s+[a-zа-яё]+\b")
_LEAD_IN_INSIDE = re.compile(r"(?:\bsee|\bSee|[Сс]м\.|[Цц]ит\. по)\s?:")


def strip_lead_in(text: str, pos: int = 0) -> int:
    """Where the reference starts after a lead-in such as ``See:`` or ``Цит. по:``."""
    m = _LEAD_IN.match(text, pos)
    return m.end() if m else pos


_SITE_ROOT = re.compile(r"^(?:https?://)?[^/\s]+/?$")


def parse_reference(segment: str, offset: int = 0) -> Citation | None:
    """The reference opening SEGMENT, or None when SEGMENT reads as commentary.

    The citation's ``start``/``end`` are OFFSET-based positions of the reference itself; text
    after ``end`` (commentary, another sentence) is not part of it."""
    if len(segment) > 4000:
        segment = segment[:4000]
    lead = strip_lead_in(segment)
    while lead < len(segment) and segment[lead] in " \t\u00a0\n(":
        lead += 1
    text = segment[lead:].replace("\u00a0", " ")
    if len(text.strip()) < 6 or not re.search(r"[^\W\d_]", text):
        return None
    fields = _parse(text)
    if fields is None:
        return None
    title = fields.title or ""
    unauthored = not (fields.authors or fields.editors)
    if len(title) > 250 or (unauthored and (_SENTENCE_OPENER.match(title) or _LOWERCASE_CLAUSE.match(title))):
        return None  # a run of prose before an imprint is commentary, not a title
    if fields.title and _LEAD_IN_INSIDE.search(fields.title):
        return None  # "... For more information, see: X": the reference starts later
    if fields.kind == "web" and not (title or fields.authors or fields.container) and _SITE_ROOT.match(fields.url or ""):
        return None  # a bare link to a site's home page (a masthead) cites nothing in it
    end = _end_of(text, min(max(fields.end, 1), len(text)))
    raw = text[:end].strip()
    raw = re.sub(r"[\s,;]+$", "", raw)
    if raw.endswith(")") and raw.count("(") < raw.count(")"):
        raw = raw[:-1].rstrip()
    start = offset + lead
    return Citation(
        kind=fields.kind,
        raw=raw,
        authors=fields.authors,
        editors=fields.editors,
        title=fields.title,
        title_translated=fields.title_translated,
        container=fields.container,
        volume=fields.volume,
        issue=fields.issue,
        year=fields.year,
        date=fields.date,
        city=fields.city,
        publisher=fields.publisher,
        pages=fields.pages,
        url=fields.url,
        start=start,
        end=start + len(raw),
    )
