"""Sources a historian made or read in person: interviews and diaries.

``Interview with Hans Modrow, Berlin, December 7, 2006``; ``Author's interview with George
Kennan, Princeton, N.J., June 12, 1982``; ``Zorin, interview with the author``; ``Беседа
автора с А. Н. Яковлевым, 12 мая 1994 г.``; ``MA's diary, May 5, 1917``; ``Kennan diary,
March 3, 1950``; ``Diary of Vice Admiral Kinkaid, 4 May 1943``.

They are neither books nor archival units: each becomes an ``other`` citation with the
person interviewed as its author (the corpus's convention), the place and date where written,
and a diary's name as its item. An Ibid. after one (``Ibid., May 7, 1917``) then stands for
it. Pure functions of the text; every pattern is anchored on a fixed word ("interview",
"diary", "Беседа") and reads a bounded number of words around it.
"""

from __future__ import annotations

import re

from refcli import rx
from refcli.model import Citation, Person

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_RU_MONTHS = r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
# "June 12, 1982", "12 June 1982", "May 5-14, 1917", "June 1999", "12.05.1994", "12 мая 1994 г."
# (Old and New Style together: "October 19/25, 1917", "13/26 September 1917")
_DATE = (rf"(?:{_MONTHS}\s\d{{1,2}}(?:\s?[-–/]\s?\d{{1,2}})?,?\s\d{{4}}"
         rf"|\d{{1,2}}(?:\s?[-–&/]\s?\d{{1,2}})?\s{_MONTHS},?\s\d{{4}}|{_MONTHS}\s\d{{4}}"
         rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}\s{_RU_MONTHS}\s\d{{4}}(?:\s?г\.)?)")
RU_MONTHS = _RU_MONTHS
MONTHS = _MONTHS
DATE = _DATE  # for the other readers of dated sources (refcli.parsers.periodicals)
# a person's name: up to three initials or given names, then the family name
# (with the letters of Spanish, Czech, Polish … names: "Dariel Alarcón Ramírez", "Jiří Hájek")
_UPPER = "A-ZА-ЯЁÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
_GIVEN = rf"(?:(?:[A-Z][a-z'’\-]*\.?|[{_UPPER}][^\W\d_A-Z]*(?:['’\-][^\W\d_]+)?\.?|[А-ЯЁ][а-яё'’\-]*\.?)\s){{0,3}}"
_NAME = _GIVEN + rf"(?:[A-Z][A-Za-z'’\-]+|[{_UPPER}][^\W\d_A-Z]+(?:['’\-][^\W\d_]+)?|[А-ЯЁ][а-яё'’\-]+)"
# the same, the family name with any letters ("Kaëta", "Szőnyi")
_NAME_ANY = _GIVEN + r"[A-ZА-ЯЁ](?:[^\W\d_]|['’\-])+"
# who the person was, between the name and the interview: ", a party propagandist in Sverdlovsk
# at the time,"
_APPOSITION = r"(?:,\s(?:a|an|the|then|former)\s[^,;()]{1,80})?"
_PLACE = r"[A-Z][A-Za-z .'’\-]{1,30}?"

_INTERVIEW_WITH = rx.compile(
    rf"(?:(?:(?:the\s)?[Aa]uthor(?:['’]s)?|[Mm]y)\s)?(?:(?:telephone|oral[- ]history|personal)\s)?"
    rf"[Ii]nterviews?\s(?:(?:by|of)\s(?:the\s)?author\s)?with\s(?P<name>{_NAME})(?:\s(?:and|&)\s(?P<name2>{_NAME}))?"
    rf"(?:\s\([^()]{{1,40}}\))?(?:,\s(?P<place>{_PLACE}(?:,\s[A-Z][A-Za-z.]{{1,12}})?)(?=,\s{_DATE}))?"
    rf"(?:,?\s(?P<date>{_DATE}))?")
# "Author interview with person close to the minister, February 2015": the person left unnamed,
# described in lower case, and the date
_INTERVIEW_UNNAMED = rx.compile(
    rf"(?:[Aa]uthor['’]?s?|[Mm]y)\s(?:telephone\s)?interviews?\swith\s(?=[a-z])[^;()]{{1,120}}?,?\s(?P<date>{_DATE})(?!\w)")
# "Zorin, interview with the author"; "Kruglyakov, interviewed by Dr Lyuba Vinogradova, Moscow,
# January 2007"; "Rodimtsev, interview, pp. 298–301"
# (a nickname in quotes may follow the name: "Dariel Alarcón Ramírez, “Benigno,” interview with
# the author"; a conversation or correspondence with the author is one too: "Ciro Bustos,
# telephone conversation with the author, September 7, 1996"; "Mimka, author interview, 2016";
# "Mark Cancian, discussion with author, September 2021"; "Ridgway, letter to author, 12 Oct 79")
_NAME_INTERVIEWED = rx.compile(
    rf"(?P<name>{_NAME})(?:,\s[“\"][^”\",;]{{1,30}}(?:,[”\"]|[”\"],)\s|{_APPOSITION},\s|\s\([^()]{{1,60}}\),\s)"
    rf"(?:(?:telephone|personal|oral[- ]history|author['’]?s?|in)\s)?"
    rf"(?:interview(?:ed)?\b|(?:conversations?|correspondence|discussions?|exchanges?)\b(?=\swith\s(?:the\s)?author\b)"
    rf"|(?:e-?mails?|letters?|messages?)\b(?=\sto\s(?:the\s)?author\b))"
    rf"(?:\s(?:with|by|to)\s(?:the\s)?(?:author\b|(?:Dr\.?\s)?{_NAME}))?"
    rf"(?:,\s(?P<place>{_PLACE})(?=,\s{_DATE}))?"
    rf"(?:,?\s(?P<date>{_DATE})|\s\((?P<pdate>{_DATE})\)|,\s(?P<yr>(?:19|20)\d\d)(?![\d/–-]))?")
# what someone said in public, dated: "Dmitry Vasiliev, press conference, July 13, 1999";
# "Luzhkov press conference, March 10, 1995"; "Chubais, speech to the State Duma, April 12, 1994"
_NAME_SPOKE = rx.compile(
    rf"(?P<name>{_NAME})(?:,\s|\s(?=(?:press|news)\sconference))"
    rf"(?P<item>(?:press|news)\sconference|(?:speech|remarks|address|statement|testimony)"
    rf"(?:\s(?:to|at|before|in)\s[^,;()]{{1,60}})?),\s(?P<date>{_DATE})")
# "Hunt interview", "Bissell interview, May 3, 1979": a short form of an interview, opening a clause
_NAME_INTERVIEW = rx.compile(
    rf"(?<![^\s(;:])(?P<name>{_NAME_ANY})\s(?:oral[- ]history\s)?interview(?![\w-])(?:,?\s(?P<date>{_DATE}))?")
_CLAUSE_START = rx.compile(r"(?:^|[.;:(]\s{0,3}|\bsee\s)$", re.IGNORECASE)
# "Interview, August 1993": the person left unnamed
_INTERVIEW_DATED = rx.compile(rf"\b[Ii]nterviews?,\s(?P<date>{_DATE})")
_RU_INTERVIEW = rx.compile(
    rf"(?:[Бб]еседа|[Ии]нтервью)\s(?:автора\s)?с\s(?P<name>{_NAME})(?:,?\s(?P<date>{_DATE}))?")
_DIARY = rx.compile(
    rf"(?P<item>(?:(?:[A-Z][\w'’\-]*\.?\s){{0,3}}[A-Z][\w'’\-]*(?:['’]s)?\s)?[Dd]iary(?:\sentry)?"
    rf"|[Dd]iary\sof\s{_NAME}|[Дд]невник\s{_NAME})"
    rf",?\s(?:entry\s(?:for|of)\s)?(?P<date>{_DATE})")


_PERSONAL = (_INTERVIEW_WITH, _INTERVIEW_UNNAMED, _NAME_INTERVIEWED, _RU_INTERVIEW, _NAME_INTERVIEW, _INTERVIEW_DATED, _DIARY)


def find_personal(text: str) -> list[Citation]:
    """Every interview and diary TEXT cites, in order, none overlapping another."""
    patterns = _PERSONAL if _mentions(text) else ()
    if _SPOKEN_HINT.search(text):
        patterns = (*patterns, _NAME_SPOKE)
    found: list[Citation] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if pattern in (_NAME_INTERVIEW, _NAME_SPOKE) and not _CLAUSE_START.search(text, max(0, m.start() - 5), m.start()):
                continue  # "the Kennedy interview" in a sentence names no source
            c = _citation(m, pattern is _DIARY)
            if c is not None and not any(c.start < o.end and o.start < c.end for o in found):
                found.append(c)
    return sorted(found, key=lambda c: c.start)


def is_personal(c: Citation) -> bool:
    """Whether C cites an interview or a diary (its raw text names one)."""
    return c.kind == "other" and _mentions(c.raw)


def _mentions(text: str) -> bool:
    low = text.lower()
    return ("interview" in low or "diary" in low or "беседа" in low or "интервью" in low or "дневник" in low
            or "with the author" in low or "with author" in low or "to the author" in low or "to author" in low)


# the words a dated public statement is named by (_NAME_SPOKE is tried only where one is)
_SPOKEN_HINT = rx.compile(r"conference|speech|remarks|address|statement|testimony")


def _citation(m: re.Match[str], diary: bool) -> Citation | None:
    groups = m.groupdict()
    date = groups.get("date") or groups.get("pdate") or groups.get("yr")
    start, end = m.start(), m.end()
    if diary:
        item = m.group("item")
        lead = _LEAD.match(item)
        if lead:
            item = item[lead.end():]
            start += lead.end()
        return Citation(kind="other", raw=m.string[start:end], item_title=item, date=date,
                        start=start, end=end)
    name = groups.get("name")
    if name is None:
        return Citation(kind="other", raw=m.group(0), date=date, start=start, end=end)
    lead = _LEAD.match(name)
    if lead and m.start("name") == start:  # "See Hunt interview": the lead-in is no name
        name, start = name[lead.end():], start + lead.end()
        if not name:
            return None
    family = name.split()[-1]
    if family.lower() in _NOT_NAMES:
        return None
    given = " ".join(name.split()[:-1]) or None
    place = groups.get("place")
    people = [Person(family=family, given=given)]
    if groups.get("name2"):
        *given2, family2 = groups["name2"].split()
        people.append(Person(family=family2, given=" ".join(given2) or None))
    year = groups.get("yr")  # (a year alone is the interview's year; a full date stays its date)
    return Citation(kind="other", raw=m.string[start:end], authors=tuple(people), item_title=groups.get("item"),
                    city=place, date=date, year=year, start=start, end=end)


_LEAD = rx.compile(r"(?:See(?:\salso)?|Cf\.?|Also|In|And|Quoted\sin|Cited\sin)\s")

# words a capitalised run may end with that name nobody ("Interview with The Times")
_NOT_NAMES = frozenset(["times", "press", "radio", "television", "tv", "newspaper", "author",
                        # nor an adjective before a press conference ("Presidential press conference")
                        "presidential", "joint", "soviet", "american", "russian", "kremlin", "house",
                        "department", "ministry", "final"])


# an unpublished document named by its kind and dated, with no archive or publication named:
# "Memorandum by Noble (HD) to Kretzmann (P), “Clearance …,” Dec. 4, 1961, confidential.";
# "From Mexico City, Despatch 180, Aug. 15, 1957."; "Letter, Anderson to Lokke, Jan. 8, 1958.";
# "Запись беседы В. И. Пелишенко с Пан Хак Се. 24 октября 1959 г."; a letter to the author
_UNPLACED_KIND = (r"(?:Memorand(?:um|a)|Memo|Memcon|Letters?|Telegrams?|Cables?|Despatch|Dispatch|Airgram|(?:Deck\s)?[Ll]ogs?"
                  r"|Speech|Address|Remarks|Lecture"
                  r"|(?:Department(?:al)?\s)?[Ii]nstruction|Minutes|Record\sof\s(?:a\s)?[Cc]onversation"
                  r"|Executive\sOrder|Запись\sбеседы|Письмо|Телеграмма|Докладная\sзаписка|Справка)")
_UNPLACED = rx.compile(
    rf"(?:(?:From|To)\s[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,2}},\s(?:[A-Z][a-z]+\s)?)?(?P<kind>{_UNPLACED_KIND})\b"
    rf"|(?P<writer>(?:[A-Z][\w.’'\-]*\s){{0,3}}[A-Z][\w’'\-]+)\sto\sthe\sauthor,\s(?=[^;]{{0,60}}{_DATE})"
    # "Bill Moyers, letter to Flora Lewis, August 11, 1966": the writer, then the kind
    rf"|(?P<sender>(?:[A-Z][\w.’'\-]*\s){{1,3}}[A-Z][\w’'\-]+),\s(?:letter|memorandum|memo|cable|telegram|note)\sto\s")
_UNPLACED_DATE = rx.compile(_DATE)
# what a clause citing a published or held source says, which an unplaced document has not
_PLACED = rx.compile(r"\b(?:in|In|ibid|Ibid|Papers|papers|Library|Archives?|Collection|FRUS|Box|box|[Ff]older)\b"
                     r"|\b(?:pp?\.|[Сс]\.)\s?\d|[Аа]рхив|Ф\.\s?\d|//"
                     # a file's number ("F.O. 371/4036", "File 811.114/4517", "#79443"), an
                     # archive's acronym closing the clause ("…, CIC/DOE")
                     r"|\d/\d|#\d|,\s[A-Z][A-Z/&-]{2,}\.?$"
                     # or in brackets at its end ("…, 4 (PBAFP KFYA)")
                     r"|\((?:[A-Z][\w/&-]*\s)?[A-Z][A-Z][\w/&-]*\)\.?$")
# a short title and a page after the date: the document is printed there ("Letter from Seward
# to Wood, May 1, 1861, Message, 311.")
_PRINTED_AFTER = rx.compile(r",\s[A-Z][^,;.]{0,60},\s(?:pp?\.\s?)?\d")


def read_unplaced_document(text: str, start: int, end: int) -> Citation | None:
    """The clause TEXT[START:END] when it is an unpublished document with its date and nothing
    that places it (no archive, collection, "in", page): an ``other`` citation with its date
    and its description as the item; else None."""
    lead = start
    while lead < end and text[lead] in " \t":
        lead += 1
    see = _LEAD.match(text, lead, end)
    if see is not None:
        lead = see.end()
    m = _UNPLACED.match(text, lead, end)
    if m is None and (key := _KEY_PHRASE.match(text, lead, end)) is not None:
        # a note keyed to a phrase of the text: "One Navy captain estimated: Letter, …"
        lead = key.end()
        m = _UNPLACED.match(text, lead, end)
    if m is None:
        return None
    stop = end
    while stop > lead and text[stop - 1] in " .\t":
        stop -= 1
    clause = text[lead:stop]
    date = _UNPLACED_DATE.search(clause)
    if date is None or len(clause) > 400 or _PLACED.search(clause) \
            or _PRINTED_AFTER.match(clause, date.end()):
        return None
    writer = m.group("writer") or m.group("sender")
    return Citation(kind="other", raw=clause, date=date.group(), item_title=clause[: date.start()].rstrip(" ,.") or None,
                    authors=(Person(writer.split()[-1]),) if writer else (), start=lead, end=stop)


# the phrase of the text a keyed note opens with, up to its colon (at most twelve words; a
# page's number may come first): the readers of unplaced documents and of periodicals
# (refcli.parsers.periodicals) look past it
KEY_PHRASE = _KEY_PHRASE = rx.compile(r"\s?(?:\d{1,4}\s)?[“\"]?[^\s:;]+(?:\s[^\s:;]+){0,11}:\s+")
