"""Newspapers and magazines cited by name and date: ``Punch, 17 July 1940.``; ``Time magazine,
5 January, 1942``; ``Daily American (September 8, 1978).``; ``'Australia is Right', 21 December
1941, Sunday Express``; ``New York Times, June 3, 1961, p. 4``.

Such a citation has no author, no imprint and often no title, so the reference labeller,
trained on books and articles, may leave it out entirely. Each becomes an ``article`` whose
container is the periodical, with its date and year (and the article's title and page when
written). The periodical's name must carry a word periodicals are named with ("Times",
"Express", "magazine", "Pravda") so that a person's letter ("Kennan, March 3, 1950") is not
taken for one. Pure; every pattern reads a bounded number of words.
"""

from __future__ import annotations

import re

from refcli import rx
from refcli.model import Citation, Person
from refcli.registry import Registry

from .features import lexicon
from .normalize import find_date
from .people import given_names
from .personal import DATE, KEY_PHRASE, MONTHS, RU_MONTHS

# words a periodical's name is made of (with the labeller's lexicon of journal words)
PERIODICAL_WORDS = _WORDS = frozenset([
    "times", "post", "herald", "gazette", "tribune", "monitor", "journal", "news", "daily", "weekly",
    "magazine", "review", "express", "mail", "telegraph", "guardian", "observer", "chronicle", "courier",
    "mirror", "spectator", "economist", "inquirer", "dispatch", "star", "sun", "independent", "standard",
    "globe", "record", "reporter", "nation", "time", "newsweek", "life", "punch", "spiegel", "zeitung",
    "monde", "figaro", "humanité", "pravda", "izvestiia", "izvestia", "trud", "zvezda", "gazeta",
    "правда", "известия", "труд", "звезда", "газета", "american", "bulletin", "world", "week",
    # more words newspapers are named with, and the names of papers Cold War notes cite often
    "sentinel", "intelligencer", "advertiser", "enquirer", "examiner", "messenger", "argus",
    "democrat", "republican", "deutschland", "mundo", "país", "pais", "ogonek", "ogonyok", "zhizn",
    "zhizn'", "ludu", "ribao", "népszabadság", "kommunist", "огонек", "огонёк", "коммунист", "жизнь",
    # business and weekly papers named by one word, and Russian papers in transliteration
    "forbes", "fortune", "today", "yorker", "atlantic", "kommersant", "kommersant'", "vedomosti",
    "novosti", "fakty", "komsomolets", "izvestiya", "nedeli", "коммерсант", "коммерсантъ",
    "ведомости", "новости", "факты", "комсомолец",
    # news agencies, cited like papers ("Tass, October 28, 1958"; "Reuters, 3 May 1999")
    "tass", "reuters", "interfax", "novosti", "тасс", "интерфакс",
])
_NAME_WORD = r"(?:[A-ZА-ЯЁ][\w'’.&\-]*|of|the|and|de|la|le|am|für)"
_NAME = rf"(?:The\s)?{_NAME_WORD}(?:\s{_NAME_WORD}){{0,4}}(?:\s[Mm]agazine)?"
_QUOTED = r"[‘'“\"«][^‘’'“”\"«»]{2,200}[’'”\"»]"
_PAGE = r"(?:,\s(?:pp?\.\s?)?(?P<pages>\d{1,4}(?:\s?[-–]\s?\d{1,4})?))?"
_END = rx.compile(r"\s*(?:[.;]|$)")

# "Punch, 17 July 1940"; "'Australia is Right,' Sunday Express, 21 December 1941, p. 2";
# "Daily American (September 8, 1978)"
# (a translation of the name may follow it in brackets: "Pravda (Truth), December 17, 1949")
_NAME_DATE = rx.compile(
    rf"(?:(?P<title>{_QUOTED}),?\s)?(?P<paper>{_NAME})(?:\s\([A-Z][A-Za-z’' ]{{1,40}}\))?"
    # a weekly's volume before the date in brackets: "Department of State Bulletin 75 (July 5, 1976), 4"
    rf"(?:\s(?P<volume>\d{{1,3}})(?=\s\())?,?\s"
    rf"(?:\((?P<pdate>{DATE})\)|(?P<date>{DATE})){_PAGE}")
# "Michael Freedman, Forbes, 23 May 2005."; "Oliver Harvey and Nick Parker, Sun, 16 March 2007.":
# the article's writer (a known given name or initials first: see _writers) before the paper
_PERSON = r"(?:[A-Z][a-z]+|[A-Z]\.)(?:\s?[A-Z]\.)?\s[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?"
_WRITER_NAME_DATE = rx.compile(
    rf"(?P<writer>{_PERSON}(?:(?:,\s|\s(?:and|&)\s){_PERSON}){{0,2}}),\s(?:(?P<title>{_QUOTED}),?\s)?"
    rf"(?P<paper>{_NAME}),\s(?P<date>{DATE}){_PAGE}")
# "«Правда» от 15-го марта 1946 года.", "«Известия» от 12 мая 1994 г.": a paper named in guillemets
_QUOTED_PAPER_OT = rx.compile(
    rf"«(?P<paper>[А-ЯЁA-Z][^«»]{{1,40}})»,?\s(?:от\s)?(?P<date>\d{{1,2}}(?:-?го)?\s{RU_MONTHS}\s(?:1[7-9]|20)\d\d)"
    r"(?:\s?(?:г\.|года|г(?!\w)))?(?:,?\s(?:№\s?\d{1,5},?\s?)?[Сс]\.\s?(?P<pages>\d{1,4}(?:\s?[-–]\s?\d{1,4})?))?")
# "'Australia is Right', 21 December 1941, Sunday Express"
_TITLE_DATE_NAME = rx.compile(rf"(?P<title>{_QUOTED}),?\s(?P<date>{DATE}),\s(?P<paper>{_NAME}){_PAGE}")
_YEAR = rx.compile(r"(?:1[6-9]|20)\d\d")
# whether a note holds a date at all (the look-ahead names what every date starts with, a
# month's capital or a digit: most positions fail on it at once, not on each of DATE's five
# branches in turn; it changes no match)
DATE_HINT = rx.compile(rf"(?=[JFMASOND\d]){DATE}")
# what every date DATE_HINT finds holds: a month's name (each English one starts with one of
# these three letters; the Russian ones are whole words) or the digits of "12.05.1994"
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря")
# (one pattern of plain words: the engine skips to the next possible first letter at once)
_MONTH_STEM = rx.compile("|".join(map(re.escape, _MONTH_STEMS)))
# digit, full stop, digit; and a year, full stop, day and month ("1961. 7 авг"): each written
# full stop first, the digits before it looked at behind it, so that the engine skips from one
# full stop to the next (4-5x faster). Only ever searched from a text's start, where they find a
# match exactly when ``\d\.\d`` and ``\d{4}\.\s\d{1,2}\s[а-я]{3}`` do
_DOTTED_DIGITS = rx.compile(r"\.(?<=\d\.)\d")


# GOST: a newspaper by name, year, then day and month ("Правда. 1961. 7 авг.", "Известия.
# 1937. 12 мая. С. 2")
_GOST_NAME = r"(?P<paper>[А-ЯЁ][а-яё\-]{2,20}(?:\s[А-ЯЁа-яё][а-яё\-]{0,20}){0,2})\.\s"
_GOST_ISSUE_PAGES = r"(?:\s?(?:№\s?\d{1,5}\.?\s?)?(?:С\.\s?(?P<pages>\d{1,4}(?:\s?[-–]\s?\d{1,4})?)\.?)?)?"
_GOST_PAPER = rx.compile(
    _GOST_NAME
    + r"(?P<when>(?:1[7-9]|20)\d\d\.\s\d{1,2}\s(?:янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек)[а-я]{0,5}\.?)"
    + _GOST_ISSUE_PAGES)
_GOST_HINT = rx.compile(r"\.(?<=\d{4}\.)\s\d{1,2}\s[а-я]{3}")  # (see _DOTTED_DIGITS)
# GOST with the date written out: a newspaper by name, then day, month and year ("Нодон синмун.
# 19 марта 1956 г."); the dotted name before a full date is a periodical's, so no word of _WORDS
# is needed
# GOST, a periodical's issue cited whole: "Аргументы и факты. 1988. № 20. С. 8."
_GOST_PAPER_ISSUE = rx.compile(
    _GOST_NAME + r"(?P<when>(?:1[7-9]|20)\d\d)\.\s№\s?(?P<issue>\d{1,4}(?:[-–/]\d{1,4})?)\.?"
    r"(?:\s?С\.\s?(?P<pages>\d{1,4}(?:\s?[-–]\s?\d{1,4})?)\.?)?")
_ISSUE_HINT = rx.compile(r"\d{4}\.\s№")
_GOST_PAPER_DAY = rx.compile(
    _GOST_NAME + rf"(?P<when>\d{{1,2}}\s{RU_MONTHS}\s(?:1[7-9]|20)\d\d)\s?(?:г\.|г(?!\w))?" + _GOST_ISSUE_PAGES)
# a full stop the match took ends the sentence when a capital or the clause's end follows
_SENTENCE_ON = rx.compile(r"\s*[A-ZА-ЯЁ]|\s*$")
_RU_DAY_GO = rx.compile(rf"\d-?го\s{RU_MONTHS}")  # "15-го марта"
_LEAD = rx.compile(r"(?:See\salso|See|Cf\.|См\.\sтакже|См\.)\s+")


def holds_date(text: str) -> bool:
    """Whether TEXT holds a date (DATE_HINT finds one). Most notes have no month's name and no
    dotted digits: a few substring tests then answer without DATE_HINT's scan, which tries
    its branches at every position of the note."""
    if "№" in text and _ISSUE_HINT.search(text):
        return True
    if _MONTH_STEM.search(text) is None and _DOTTED_DIGITS.search(text) is None:
        return _GOST_HINT.search(text) is not None
    return (DATE_HINT.search(text) is not None or _GOST_HINT.search(text) is not None
            or _RU_DAY_GO.search(text) is not None)


def read_periodical(text: str, start: int, end: int) -> Citation | None:
    """The newspaper or magazine TEXT[START:END] cites from its start, when that is all the
    clause holds (a sentence of commentary may follow it), or None. A note keyed to a phrase
    of the text ("a long, formal resolution stated: Tass, October 28, 1958.") cites it after
    the phrase."""
    found = _read_periodical(text, start, end)
    if found is None and ":" in text[start:end] and (key := KEY_PHRASE.match(text, start, end)) is not None:
        found = _read_periodical(text, key.end(), end)
    return found



# a paper whose name has no word of a paper's name, written as papers are: its name (a gloss in
# brackets may follow), the city it appears in, a date with a month, and nothing else ("Justice,
# London, January 31, 1918."; "The New International (American Bolshevik organ), June 30,
# 1917."; "The New International, April, 1918.")
_UNKNOWN_PAPER = rx.compile(
    rf"\s*(?P<paper>(?:The\s)?[A-Z][a-z'’\-]+(?:\s(?:of\s|the\s)?[A-Z][a-z'’\-]+){{0,3}})"
    rf"(?:\s\([^()]{{1,60}}\))?(?:,\s(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))?,\s"
    rf"(?P<date>{DATE}|(?:{MONTHS}),\s\d{{4}})\.?\s*$")
# what is dated like a paper but is a document or a person's ("Minutes, March 3, 1958.")
_NO_PAPER = frozenset([
    "memorandum", "memo", "letter", "letters", "telegram", "cable", "minutes", "diary", "report",
    "interview", "note", "notes", "speech", "conversation", "statement", "message", "directive",
    "order", "decree", "resolution", "protocol", "transcript", "record", "records", "draft", "paper",
    "papers", "address", "meeting", "talk", "testimony",
])


def read_unknown_paper(text: str, registry: Registry | None = None) -> Citation | None:
    """TEXT, a whole note, as a paper by a name refcli does not know (_UNKNOWN_PAPER), or None.
    Only for a note nothing else was read in: the form alone, a name and a date, says little."""
    m = _UNKNOWN_PAPER.match(text)
    if m is None:
        return None
    words = [w.casefold() for w in m.group("paper").split()]
    city = m.group("city")
    if len(words) == 1 and city is None:
        return None  # a person's letter: "Kennan, March 3, 1950"
    if (any(w in _NO_PAPER or w in lexicon()["month"] for w in words) or words[0] in given_names()
            or (city is not None and city.split()[0].casefold() not in lexicon()["city"])
            or (registry is not None and registry.get(m.group("paper")) is not None)):
        return None
    date = m.group("date")
    full = find_date(date)
    year = _YEAR.search(date)
    stop = m.end("date")
    return Citation(kind="article", raw=text[m.start("paper") : stop], container=m.group("paper"), city=city,
                    date=full.iso if full is not None and not date[full.end:].strip(" ,.") else date,
                    year=year.group() if year else None, start=m.start("paper"), end=stop)


def _read_periodical(text: str, start: int, end: int) -> Citation | None:
    lead = start
    while lead < end and text[lead] in " \t":
        lead += 1
    if (see := _LEAD.match(text, lead, end)) is not None:
        lead = see.end()
    g = _GOST_PAPER.match(text, lead, end)
    if g is not None and not any(w.casefold() in _WORDS for w in g.group("paper").split()):
        g = None
    g = g or _GOST_PAPER_DAY.match(text, lead, end) or _GOST_PAPER_ISSUE.match(text, lead, end)
    if g is not None and (_END.match(text, g.end(), end)
                          or (g.group().rstrip().endswith(".") and _SENTENCE_ON.match(text, g.end(), end))):
        stop = g.start() + len(g.group().rstrip())
        stop -= text[stop - 1] == "."
        when = find_date(g.group("when"))  # "1961. 7 авг." → 1961-08-07, as everywhere else
        pages = g.group("pages")
        year = _YEAR.search(g.group("when"))
        issue = g.groupdict().get("issue")
        return Citation(kind="article", raw=text[g.start() : stop], container=g.group("paper"), issue=issue,
                        date=(when.iso if when else g.group("when")) if not issue else None,
                        year=year.group() if year else None,
                        pages=re.sub(r"\s?[-–]\s?", "-", pages) if pages else None, start=g.start(), end=stop)
    for pattern in (_QUOTED_PAPER_OT, _WRITER_NAME_DATE, _TITLE_DATE_NAME, _NAME_DATE):
        m = pattern.match(text, lead, end)
        if m is None or not _END.match(text, m.end(), end):
            continue
        paper = m.group("paper")
        if not any(w.casefold().strip(".") in _WORDS for w in paper.split()):
            continue
        # (a writer's given name must be known, unless the article's title is quoted too)
        writers = _writers(m.group("writer"), bool(m.group("title"))) if "writer" in m.re.groupindex else ()
        if writers is None:
            continue
        stop = m.end()
        if paper.endswith(".") and m.end("paper") == m.end():  # "…, Daily Mail." ends the sentence
            paper, stop = paper[:-1], stop - 1
        date = m.group("date") or m.groupdict().get("pdate")
        if pattern is _QUOTED_PAPER_OT:
            date = re.sub(r"(?<=\d)-?го", "", date)
        year = _YEAR.search(date)
        full = find_date(date)
        if full is not None and not date[full.end:].strip(" ,."):
            date = full.iso  # one full date, as the rest of refcli writes it: 1940-07-17
        title = m.groupdict().get("title")
        pages = m.group("pages")
        return Citation(kind="article", raw=text[m.start() : stop], container=paper, authors=writers,
                        title=title[1:-1].strip(" ,") if title else None, date=date,
                        volume=m.groupdict().get("volume"),
                        year=year.group() if year else None,
                        pages=re.sub(r"\s?[-–]\s?", "-", pages) if pages else None,
                        start=m.start(), end=stop)
    return None


def _writers(names: str, titled: bool = False) -> tuple[Person, ...] | None:
    """The writers of "Michael Freedman" or "Oliver Harvey and Nick Parker", each a known given
    name or initials then the family name; None when one is not (a place or an institution:
    "New York, Times, …" is no writer)."""
    known = given_names()
    out = []
    for i, name in enumerate(re.split(r",\s|\s(?:and|&)\s", names)):
        *given, family = name.split()
        if not i and not titled and not given[0].endswith(".") and given[0].casefold() not in known:
            return None
        out.append(Person(family=family, given=" ".join(given)))
    return tuple(out)
