"""Archival shelfmarks in a note's text: ``GARF, f. 5446, op. 98 s, d. 704, l. 101``.

Finds every run of level tokens (fond → opis → papka/karton → delo → tom → leaves) in Latin
or Cyrillic, in English comma style or GOST full-stop style, attaches the archive named just
before it (acronym, alias, former name or full name), and canonicalises the values. Archives
whose registry scheme is ``free`` (TNA, NARA, ...) keep the rest of the reference as one
``shelfmark`` string. Pure: text and registry in, records out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from refcli import rx
from refcli.model import Citation
from refcli.registry import Archive, Registry

from .canon import canon_fond, canon_leaves, canon_unit, latinize, render_shelfmark
from .western import (
    LETTER_BEFORE,
    SENTENCE_END,
    read_bare_unit,
    read_file_numbers,
    read_unnamed_boxes,
    read_unnamed_papers,
    read_western_all,
)

# The order of levels; a shelfmark's tokens must appear in increasing order.
ORDER = {"fond": 0, "opis": 1, "papka": 2, "karton": 2, "svyazka": 2.5, "delo": 3, "tom": 4, "chast": 4.5,
         "leaves": 5, "pages": 5}

_LABELS = {
    # "Coll.", "ser.", "fold." are how English-language books translate fond, opis and delo
    # ("Russian State Archive of the Economy Coll. 4372, ser. 11, fold. 904, f. 17")
    # "collection"/"fund", "inventory"/"inv."/"register", "file"/"case"/"c.", "vol." and
    # "sheet(s)"/"sh." are how others translate fond, opis, delo, tom and list ("RGASPI,
    # collection 495, inventory 225, file 71, vol. 1, sheet 35"; "TsDOOSO, fund 4, register 101,
    # file 106, 3"; "F. 1861, inv. 2, c. 57, sh. 58"): read only in a run that
    # names its opis, or that continues the shelfmark just before (_ENGLISH_LEVELS)
    "fond": r"fonds?|Fonds?|FONDS?|[Фф]онд|[fFФф]|[Cc]ollection|[Cc]oll|[Ff]und",
    # "on." and "Он." are how OCR and machine translation render "op." and "Оп."; they are read
    # and reported. "Schedule" and "Case" are how some translators render opis and delo ("Fond 102, Schedule
    # 314, Case 35, GARF"): read after a fond or an opis only (_run)
    "opis": r"opis['’ʹ]?|Opis['’ʹ]?|OPIS|[Оо]пись|[oOОо][pп]|[oO]n|(?<=\d[.,]\s)[Оо]н|[Вв]оп|ap|apr|[Ss]er|Schedule|[Ii]nventory|[Ii]nv|[Rr]egister",
    "papka": r"papka|Papka|[Пп]апка|[Пп]ап|[Pp]ap|[pP]|[Пп]",
    "karton": r"karton|korobka|kor|[Кк]ор|[Кк]арт|[Bb]ox|[kKКк]",
    # the bundle of RGVIA and older archives ("Fond 103, Opis 210/4, Sv. 1, Delo 1", "св. 12"):
    # read, not kept as a level
    "svyazka": r"[Ss]vyazka|[Ss]viazka|[Ss]v|[Сс]вязка|[Сс]в",
    # "а. е." (архивна единица): the file of Bulgarian archives ("ЦДА. Ф. 1Б. Оп. 6. а. е. 539")
    "delo": r"delo|Delo|DELO|[Cc]ase|(?<=\d[.,]\s)c|[Dd]el|[Дд]ело|ed\.?\s?khr|Ed\.?\s?khr|[Ее]д\.?\s?хр|[Аа]\.\s?е|a\.\s?e|[Сс]права|[Сс]пр|[Ss]prava|[Ss]pr|[Dd]d|[Дд]д|[dDДд]|[Ff]old|[Ff]ile",
    "tom": r"tom|[Тт]ом|[tTТт]|vol",
    # a part of a file ("d. 12, chast' 2", "Д. 5. Ч. 1"): read, not kept as a level
    "chast": r"chast'?|[Cc]h|[Чч]асть|[Чч]",
    # "LI." is how OCR reads "Ll."; it is read and reported
    "leaves": r"[Ll]isty|[Ll]ist|[Ss]heets?|[Ss]h|[Лл]исты?|[Ff]olios?|fols?|fos?|ff|[Аа]ркуш[іи]?|[Аа]рк|[Aa]rkush[iy]?|[Aa]rk|[lL]{1,2}|LI|[Лл]{1,2}|(?<!\d)1{1,2}(?=\.\s?\d)",
    # pages after a file are its leaves ("Delo 214, pp. 3-9"); anywhere else they are a
    # book's pages and start no shelfmark
    "pages": r"pp|[Сс]тр|[Сс]",
}
_LEAF = r"\d+(?:[a-uw-zа-я](?![^\W\d_]))?(?:\s?(?:ob|об|зв|zv|reverse|v)\.?(?![^\W\d_]))?"
_RANGE = rf"{_LEAF}(?:\s*[-–—−]\s*{_LEAF})?"
# the day of a date after a leaf is no further leaf ("fo. 160, 16 March 1814")
_NOT_A_DAY = (r"(?!\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
              r"янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек))")
_VALUES = {
    # thousands set apart by a space, as Russian typography writes them ("f. 33 987", "d. 1 103")
    # a letter before the number ("Р-5446"), or the zero some archives write there ("0-116")
    "fond": r"(?:(?:[A-Za-zА-Яа-я]{1,2}|0(?=-\d))\s?[-–]\s?)?(?:\d{1,3}(?:\s\d{3})+(?![\d.])|\d+)(?:[A-Za-zА-Яа-я]{1,3}(?![^\W\d_]))?",
    "opis": r"\d+(?:[A-Za-zА-Яа-я]{1,3}(?![^\W\d_])|\s(?:ss|s|сс|с)(?![^\W\d_]))?(?:/\d+)?",
    "papka": r"\d+[A-Za-zА-Яа-я]?(?![^\W\d_])",
    "karton": r"\d+[A-Za-zА-Яа-я]?(?![^\W\d_])",
    # a range of files ("dd. 1-125", "Dd.5754-5")
    # a letter joined by a hyphen ("Д. 19-а")
    "delo": r"(?:\d{1,3}(?:\s\d{3})+(?![\d.])|\d+)(?:-?[A-Za-zА-Яа-я]{1,2}(?![^\W\d_]))?(?:/\d+|\s?[-–]\s?\d+(?![\w/-]|\.\d))?",
    "tom": r"\d+",
    "chast": r"\d+",
    "svyazka": r"\d+[A-Za-zА-Яа-я]?(?![^\W\d_])",
    "leaves": rf"{_RANGE}(?:\s*,\s*(?={_LEAF}){_NOT_A_DAY}{_RANGE})*",
    "pages": rf"{_RANGE}(?:\s*,\s*(?={_LEAF}){_NOT_A_DAY}{_RANGE})*",
}
# Single-letter labels must be followed by a dot (or a digit, as in "F.558", "Op.1");
# whole words may be followed by a space.
# Every label starts with one of these letters; checking that first lets the scan skip most
# positions of a long note at once.
_LABEL_INITIALS = "".join(sorted({m for labels in _LABELS.values()
                                  for m in re.findall(r"(?:^|\||\[)([^\[\]|\\])", labels)}
                                 | set("1fFФфoOОоpPПпkKКкdDДдeEЕеСсtTТтlLЛлАаВвaBbCcSsЧчRrIi")))
_TOKEN = rx.compile(
    rf"(?=[{re.escape(_LABEL_INITIALS)}])(?<![^\W\d_])(?:"
    + "|".join(
        rf"(?P<{level}>(?:{labels})(?:\.['’]?\s*|,\s*(?=\d)|\s*\([^()\d]{{1,8}}\)\s*(?=\d)|\s+(?=\d)|(?=\d))"
        rf"(?P<{level}_v>{_VALUES[level]}))"
        for level, labels in _LABELS.items()
    )
    + ")"
)
_VALUE_GROUP = {level: f"{level}_v" for level in _LABELS}
# between two levels: a comma, a full stop, or a hyphen standing in for one, and at most a
# year the author inserted ("Ф. 400, 1916 г. Оп. 1", "оп. 3, за 1792 г., д. 474")
# or the year of an opis kept by year, with its part ("Ф. 102. Оп. 316. 1904 (I). Д. 1")
_GAP = rx.compile(r"\s*(?:(?:\([^()]{1,120}\)|\[[^\[\]]{1,120}\])\s*)?(?:[,.:\-–]\s*)?"
                  r"(?:(?:за\s+)?\d{4}\s?(?:(?:г|gg?|год)\.?|\([IVX]{1,4}\)\.?|(?=[.,]))\s*(?:[,.]\s*)?)?")
# "RGASPI 17/3/1003/45", "GARF, 9401/1a/185", "TsDAHOU 1/20/5254 (1932), 1–16", and the dotted
# "RGASPI 558.11.492.57" (four numbers only: three dotted numbers could be a date)
_COMPRESSED = rx.compile(
    r"[\s,]*((?:[A-ZА-Я]-?)?\d+[a-zA-Zа-я]?)/(\d+[a-zA-Zа-я]?)/(\d+[a-zA-Zа-я]?)"
    r"(?:/(\d+(?:\s?[-–]\s?\d+)?)|\s*(?:\(\d{4}\))?,\s*(\d+(?:\s?[-–]\s?\d+)?+)(?![\w/,]|\.\d))?(?![\w/])"
    r"|[\s,]*(\d+)\.(\d+[a-z]?)\.(\d+)\.(\d+(?:\s?[-–]\s?\d+)?)(?!\w|\.\d)"
)
# right after a fond archive's name, three dotted numbers: "RGASPI 558.11.746", "RGASPI
# 558.11.90–132" (fond, opis, delo; a date's shape, "GARF 12.3.1945", is not one)
_DOTTED_THREE = rx.compile(r"[\s,:]{0,3}(\d{1,5})\.(\d{1,4}[a-z]?)\.(\d{1,6}(?:\s?[-–]\s?\d{1,6})?)(?![\w/-]|\.\d|,\s?\d)")
_DATE_SHAPE = rx.compile(r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:1[89]\d\d|20\d\d|\d\d)")
# right after a fond archive's name, three or four numbers with commas: "RGASPI 558, 11, 721, 68"
_COMMA_FORM = rx.compile(
    r"[\s,:]{0,3}(\d{1,5}[a-zA-Zа-я]?),\s?(\d{1,4}[a-zA-Zа-я]?),\s?(\d{1,6}[a-zA-Zа-я]?)"
    r"(?:,\s?(\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?:\s?ob)?))?(?![\w/,-]|\.\d|,\s?\d)")
# a fond, then opis/papka/delo slashed, as AVP RF references are written in English: "0100,
# 46/12/183", "06 (Molotov Files) 41/12/7", "0757, FRG 1958, 3/17/3" (with the referentura)
_PAPKA_FORM = rx.compile(
    r"[\s,:]*(\d+[a-zA-Zа-я]?)(?:\s*\(([^()]{1,60})\))?(?:\s*,\s*|\s+)"
    r"(?:([A-Z][A-Za-z]{1,15}(?:\s[A-Za-z]{1,15}){0,2}(?:\s\d{4})?)(?:\s*,\s*|\s+))?"
    r"(\d+[a-zа-я]?)/(\d+[a-zа-я]?)/(\d+[a-zа-я]?)(?![\w/])"
)
# fond-opis-delo hyphenated: "3-66-117, APRF", "RGANI, 45-1-329"
_HYPHENATED = rx.compile(r"[\s,:]*(\d+[a-zа-я]?)-(\d+[a-zа-я]?)-(\d+[a-zа-я]?)(?![\w/-])")
_ISO_DATE = rx.compile(r"(?:1[89]|20)\d\d-[01]?\d-[0-3]?\d")
_YEARLIKE = rx.compile(r"(?:19|20)\d\d")
# the leaves after a compressed notation: "17/137/944, p. 181", "3-64-745, pp. 133-35"
_LOCATOR = rx.compile(rf"\s*,\s*(?:pp?|ll?|Ll|LI|fols?|ff|[Лл]{{1,2}}|[Aa]rk|[Аа]рк)\.\s*({_RANGE}(?:\s?ff\.?)?)")
# between two shelfmarks of one archive: "...; f. 8131, ...", "9401/1a/64 and 9401/12/319"
_NEXT_UNIT = rx.compile(r"\s*(?:[;,]|and|&)\s*")
_FREE_LOCATOR = rx.compile(rf"(?:^|,\s?)(?:pp?|ll?|fols?|ff)\.\s?({_RANGE})$")
_GLOSS = rx.compile(r"\s*\(([^()]{1,30})\)")
# a date or a year just before an archive named last: "..., March 3, 1958, APRF."
_AFTER_A_DATE = rx.compile(r"\d,\s?$")
# where a compressed notation with no archive before it may start
# (written digit first, the look-behind after it: a pattern that opens with a character class
# lets the engine skip to the next digit at once, where a look-behind first is tried at every
# position; the same matches)
_NUMBER_START = rx.compile(r"\d(?<![\w/.\-–]\d)")
# the same, in a text with no "/" (or after its last one): only where the number is followed (after a letter at most)
# by a comma, a full stop or a hyphen and a digit, as the dotted, comma and hyphenated forms
# all are ("558.11.492.57", "558, 11, 721", "3-66-117"); the other forms have a "/". The other
# starts read no shelfmark (most numbers of a note: years, pages), so they are not tried
_NUMBER_START_NO_SLASH = rx.compile(r"\d(?<![\w/.\-–]\d)(?=\d*+[a-zA-Zа-я]?[,.\-]\s?\d)")
# a document's accession number right before an archive named last ("no. 70749, CIC/DOE")
_NUMBER_BEFORE = rx.compile(r"(?<![\w.])((?:[Nn]o\.|#)\s?\d{2,7}[A-Za-z]?),\s$")
_CLAUSE_ENDS = rx.compile(r"\s?(?:[.;)]|$)")
_JOINED_AT_END = rx.compile(r"(?:[\s,]*(?:\band|&)\s*)?$")
_FREE_TAIL = rx.compile(r"[\s,:]*((?:[^;.()]|\.(?!\s+[A-ZА-Я(«\"“]|\s*$)|\([^)]*\))+)")
# an archive acronym the registry does not know, before a slashed shelfmark ("DAVO 136/3/71")
# (the capital first, the look-behind after it: the engine skips to the next capital at once)
_UNKNOWN_ACRONYM = rx.compile(
    r"([A-ZА-ЯЁ](?<![\w.][A-ZА-ЯЁ])[A-Za-zА-Яа-яЁё]{0,4}[A-ZА-ЯЁ])(?=[\s,]+(?:[A-ZА-Я]-?)?\d+[a-zа-я]?/)")
_CITATION_START = rx.compile(r"(?:^|[;:(]|\b(?:see|cf|См|см)\.?)\s*$", re.IGNORECASE)
_ACRONYMISH = rx.compile(r"(?<![\w.])([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{0,3}[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{0,6}(?:\s[A-ZА-ЯЁ]{1,3})?)$")


@dataclass(slots=True)
class Shelfmark:
    """A shelfmark found in a text, with its span and any slips in how it was written."""

    citation: Citation
    start: int
    end: int
    typos: list[str] = field(default_factory=list)
    archive_known: bool = True


def _level_of(m: re.Match[str]) -> str:
    return m.lastgroup.removesuffix("_v") if m.lastgroup else ""


def _tokens(text: str) -> list[tuple[str, str, str, int, int]]:
    """(level, label, value, start, end) for every level token in TEXT."""
    out = []
    for m in _TOKEN.finditer(text):
        # the level's group is the one alternative that matched, and the last group closed
        # (its value's group closes inside it): no need to ask each level's group in turn
        level = m.lastgroup
        v = _VALUE_GROUP[level]
        start = m.start(level)
        out.append((level, text[start : m.start(v)].strip(), m.group(v), start, m.end(level)))
    if "№" in text:
        out = _numbered_files(text, out)
    return out


# a file by its number alone, right after an opis ("ПФА РАН. Ф. 75. Оп. 1. № 138. Л. 30"), and
# an investigation file ("ЦА ФСБ РФ, АСД № Р–34523", "арх. угол. дело № П-1234")
_FILE_NUMBER = rx.compile(r"№\s?(\d+[а-яa-z]?(?![^\W\d_]))")
_CASE_FILE = rx.compile(r"(?<![^\W\d_])(АСД|АУД|[Аа]рх\.\s?(?:след|угол)\.\s?дело|[Сс]ледственное\s+дело)\s?№\s?"
                        r"([А-ЯA-Z]?\s?[-–]?\s?\d+)")


def _numbered_files(text: str, tokens: list[tuple[str, str, str, int, int]]) -> list[tuple[str, str, str, int, int]]:
    extra = []
    opis_ends = [t[4] for t in tokens if t[0] == "opis"]
    for m in _FILE_NUMBER.finditer(text):
        if any(end <= m.start() and _GAP.fullmatch(text, end, m.start()) for end in opis_ends):
            extra.append(("delo", "№", m.group(1), m.start(), m.end()))
    for m in _CASE_FILE.finditer(text):
        value = re.sub(r"\s", "", m.group(2)).replace("–", "-")
        extra.append(("delo", f"{m.group(1)} №", value, m.start(), m.end()))
    if not extra:
        return tokens
    taken = [(t[3], t[4]) for t in tokens]
    extra = [t for t in extra if not any(a < t[4] and t[3] < b for a, b in taken)]
    return sorted(tokens + extra, key=lambda t: t[3])


# (compiled here, not looked up in re's cache at each call)
_PAREN_LAST = rx.compile(r"[(\[]([^()\[\]]{1,80})[)\]]$")
_LIST_MARK = rx.compile(r"[;,]")
# between a file's leaves and more leaves of it: the document the first leaves hold, then a
# semicolon ("fo. 204, Kankrin to Barclay, 27 Feb. 1814 (OS); fos. 205–7"), no new sentence
_MORE_LEAVES_GAP = rx.compile(r"(?:[,:]\s(?:[^;.!?()]|\.\s?\d|\([^()]*\))*+)?;\s*")
_DIGIT = rx.compile(r"\d")


def _archive_before(text: str, end: int, registry: Registry) -> tuple[str | None, int, bool]:
    """The archive named right before position END: (acronym, start, known)."""
    window_start = max(0, end - 160)
    window = text[window_start:end]
    # (the levels may stand in brackets after the archive: "ОР ГБЛ (ф. 562)")
    stripped = window.rstrip(" \t,.:;—–-(")
    if not stripped:
        return None, end, True
    # "State Archive of the Russian Federation (GARF), f. ...", "APRF [Archive of the ...], f."
    paren = _PAREN_LAST.search(stripped)
    if paren:
        inner = registry.get(paren.group(1).strip())
        before = stripped[: paren.start()].rstrip()
        start = paren.start()
        outer = None
        for m in registry.matcher.finditer(before):
            if m.end() == len(before):
                start, outer = m.start(), registry.get(m.group())
        if inner or outer:
            return (inner or outer).acronym, window_start + start, True  # type: ignore[union-attr]
    last = None
    for m in registry.matcher.finditer(stripped):
        if m.end() == len(stripped):
            last = m
    if last:
        archive = registry.get(last.group())
        # a short alias (PRO, NA, AVP) counts only where a citation starts
        if archive and registry.is_short(last.group()) and not _at_citation_start(
            text, window_start + last.start()
        ):
            archive = None
        if archive:
            return archive.acronym, window_start + last.start(), True
    unknown = _ACRONYMISH.search(stripped)
    if unknown:
        written = unknown.group(1)
        archive = registry.get(written)
        if archive:  # typed with look-alike letters of the other script ("ABПP")
            return archive.acronym, window_start + unknown.start(1), True
        # "RGASPI, KPSS fond 558": a known archive just before names the fond's holder
        head = stripped[: unknown.start(1)].rstrip(" ,")
        known = None
        for m in registry.matcher.finditer(head, max(0, len(head) - 40)):
            if m.end() == len(head) and not registry.is_short(m.group()):
                known = m
        if known is not None and (holder := registry.get(known.group())) is not None:
            return holder.acronym, window_start + known.start(), True
        return latin_acronym(written), window_start + unknown.start(1), False
    return None, end, True


_SENTENCE_BREAK = rx.compile(r"[;!?]|\.\s+(?=[A-ZА-ЯЁ«\"“][a-zа-яё])")


def _archive_in_sentence(text: str, end: int, registry: Registry) -> str | None:
    """The last archive named by a full alias (no short one) in the sentence before END,
    within 200 characters; None when another shelfmark or a sentence break is in between."""
    window_start = max(0, end - 200)
    for brk in _SENTENCE_BREAK.finditer(text, window_start, end):
        window_start = brk.end()
    last = None
    for m in registry.matcher.finditer(text, window_start, end):
        if not registry.is_short(m.group()):
            last = m
    if last is None or _TOKEN.search(text, last.end(), end):
        return None
    archive = registry.get(last.group())
    return archive.acronym if archive else None


def _at_citation_start(text: str, pos: int) -> bool:
    """Whether POS opens a citation: the note's start, or after ';', ':', '(' or 'see'.
    Only the few characters before POS are looked at, so long notes stay linear."""
    return _CITATION_START.search(text, max(0, pos - 24), pos) is not None


_BEFORE_NAME = rx.compile(r"([^\W\d_]+)[\s,]{1,3}$")


def _after_collection(text: str, start: int, end: int, archive: Archive, registry: Registry) -> bool:
    """Whether a short acronym at TEXT[START:END] ends a citation right after a collection's
    name (``Secrest Collection, HIA.``, ``Acheson Papers, HSTL``): there it is the archive."""
    scheme = registry.scheme_of(archive)
    if not scheme.western or not _CITATION_END.match(text, end):
        return False
    m = _BEFORE_NAME.search(text, max(0, start - 24), start)
    return m is not None and m.group(1).casefold() in scheme.collection_words


def _archive_after(text: str, end: int, registry: Registry) -> tuple[str | None, int]:
    """An archive named right after the levels ("ф. 379 оп. 1 ед. хр. 12. РГАЛИ")."""
    m = rx.compile(r"[\s.,]*").match(text, end)
    start = m.end() if m else end
    found = registry.matcher.match(text, start)
    if found and not _LEVELS_NEXT.match(text, found.end()):
        archive = registry.get(found.group())
        # a short alias (MFA, AVP) counts only where the citation ends with it
        if archive and registry.is_short(found.group()) and not _CITATION_END.match(text, found.end()):
            archive = None
        if archive:
            return archive.acronym, found.end() - found.group().endswith(".")
    return None, end


_LEVELS_NEXT = rx.compile(r"\s*(?:[,.]\s*)?(?:[fFФф]|fond|фонд)\b")
_CITATION_END = rx.compile(r"\s*(?:[.;,)\]]|$)")
_CLAUSE_END = rx.compile(r"\s*(?:[.;)\]]|$)")
# the British "Additional Manuscripts" after a library's acronym: "BL Add MS 4567", "CUL MS Add. 7654",
# "CUL Add 9429/2B/85" (the unit that makes a short alias an archive's name)
_ADDITIONAL_MS = rx.compile(r",?\s(?:Add(?:itional)?\.?\s?(?:MSS?\.?\s?)?|MSS?\.?\s?Add\.?\s?)\d")
# a document of correspondence in the clause before an archive named last (LETTER_BEFORE) or
# a year (no number after it: "…, tape 28, HIA" is a collection's level, read with it)
_AFTER_A_YEAR = rx.compile(r"\b(?:1[5-9]\d\d|20\d\d),\s?$")
_BOXED = rx.compile(r"[Bb]ox|[Ff]older")  # (a box or folder before the archive: its reader's)
# an archive's place after its name, to the clause's end (", College Park, Maryland.")
_PLACES_TO_CLAUSE_END = rx.compile(r"(?:,\s?[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*){0,3}){0,3}\s*(?:[.;)\]]|$)")


def latin_acronym(written: str) -> str:
    """An unknown Cyrillic acronym in Latin letters, for the canonical record: ЦГА КР → TsGA KR."""
    out = []
    for ch in written:
        lat = latinize(ch.lower())
        out.append(lat[:1].upper() + lat[1:] if ch.isupper() else lat)
    return "".join(out)


def _after_delo(token: tuple[str, str, str, int, int], group: list) -> tuple[str, str, str, int, int]:
    """After the delo, Latin ``p.``/``pp.`` are pages ("d. 255, p. 98"), and a bare ``f.`` is a
    folio ("fold. 904, f. 17"), while Russian ``п.``/``папка`` is still the papka, which AVP RF
    citations often give last ("Д. 4, папка 68")."""
    level, label, value, start, end = token
    after_delo = bool(group) and ORDER[group[-1][0]] >= ORDER["delo"]
    bare = label.rstrip(".'’ ").lower()
    if after_delo and ((level == "papka" and bare == "p") or level == "pages"
                       or (level == "fond" and bare == "f")):
        return ("leaves", label, value, start, end)
    return token


_MORE_FILES = rx.compile(r"\s*,\s*(\d+-[a-zа-я])(?![^\W\d_])")
_YEAR_AT_END = rx.compile(r"\d{4}\s?(?:gg?|г)?\.?$")


def _is_fond_part(gap: str) -> bool:
    """Between a fond and its opis, the part of the fond the opis belongs to, in words or an
    acronym and perhaps with its year ("f. 102, Departament politsii Osobyi otdel (DPOO),
    1898 g., op. 226", "f. 102 DPOO, 1898 g., op. 226"): a short run of words, no number but
    a year, no sentence break."""
    if len(gap) > 100:
        return False
    words = _YEAR_AT_END.sub("", gap.strip(" ,")).strip(" ,")
    return (bool(words) and words[0].isalpha() and not any(ch.isdigit() or ch in ".;:" for ch in words))


# labels an English-language book uses for the levels of a Russian archive; in the papers of
# a Western archive they are its own levels, which this grammar leaves alone
# English words for the levels that are also everyday words of notes ("file 12" of the FBI,
# "collection 3" of a library): a run of them is a Russian archive's shelfmark only when it
# names an opis ("inventory", "register") or continues the shelfmark just before
_ENGLISH_LEVELS = {"collection", "fund", "inventory", "inv", "register", "file", "case", "c", "sheet", "sheets",
                   "sh"}
_TRANSLATED = {"coll", "ser", "fold"} | _ENGLISH_LEVELS
# after the file (or its volume), a bare number or range to the clause's end is its leaves:
# "f. 17, op. 3, d. 1003, 45.", "fund 3, register 3194, file 22, 8–9."
_BARE_LEAVES = rx.compile(r",\s?(\d{1,4}(?:\s?[-–]\s?\d{1,4})?)(?=\s*(?:[.;)]|$))")
_OCR_VERSO = rx.compile(r"(?<=\d)0b(?![^\W\d_])")


_OPENED = rx.compile(r"\s*[(\[][^()\[\]]*")


def _past_bracket(text: str, level: str, end: int, tokens: list, j: int) -> int:
    """The index of the first token after a bracket opened right after a level's value at END,
    when token J lies inside it ("op. 3 (old op. 2), d. 45", "opis' 3 [formerly 5]"): the
    levels inside are the file's old numbers, not new levels. J itself otherwise."""
    if level not in ("fond", "opis", "papka", "karton", "delo"):
        return j
    opened = _OPENED.match(text, end, tokens[j][3])
    if opened is None or opened.end() != tokens[j][3]:
        return j
    closer = ")" if opened.group().lstrip().startswith("(") else "]"
    close = text.find(closer, tokens[j][3], end + 121)
    if close < 0 or close - end > 60 or re.search(r"[()\[\]]", text[tokens[j][3]:close]):
        return j
    k = j
    while k < len(tokens) and tokens[k][3] < close:
        k += 1
    # only old numbers of the level just given (or of those above it) are skipped
    if any(ORDER[t[0]] > ORDER[level] for t in tokens[j:k]):
        return j
    return k


def find_shelfmarks(text: str, registry: Registry, split_renamed: bool = False) -> list[Shelfmark]:
    """Every archival shelfmark in TEXT, in order of appearance. SPLIT_RENAMED: a Western
    archive named again after one of its units begins another reference ("TNA, FO 371/1, pp.
    3–5, and the reply, TNA, FO 371/2"); the labeller's sequences read them as one span (it was
    trained so), and refcli.parsers.note splits them after labelling."""
    found: list[Shelfmark] = []
    tokens = _tokens(text)
    i = 0
    previous: Citation | None = None
    while i < len(tokens):
        group = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            if (k := _past_bracket(text, group[-1][0], group[-1][4], tokens, j)) != j:
                j = k  # an old number in brackets after a level ("op. 3 (old op. 2)"): skipped
                continue
            token = _after_delo(tokens[j], group)
            prev_level, cur_level = group[-1][0], token[0]
            gap = text[group[-1][4] : token[3]]
            out_of_order = cur_level == "pages" or (ORDER[cur_level] <= ORDER[prev_level] and not (
                cur_level == "papka" and "papka" not in {t[0] for t in group}
            ))
            if out_of_order or not (_GAP.fullmatch(gap) or (
                    prev_level == "fond" and cur_level == "opis" and _is_fond_part(gap))):
                break
            group.append(token)
            j += 1
        levels = {t[0]: t for t in group}
        i = j
        start, end = group[0][3], group[-1][4]
        after: tuple[str | None, int] = (None, end)
        if "fond" in levels:
            archive, a_start, known = _archive_before(text, start, registry)
            if archive is None or not known:
                # the archive named last ("Fond 5, Opis 30, Delo 214, APRF")
                after = _archive_after(text, end, registry)
                if after[0] is not None:
                    archive, a_start, known = after[0], start, True
            if archive is None and found and _NEXT_UNIT.fullmatch(text, found[-1].end, start) and len(levels) > 1:
                # "GARF, f. 5207, ..., l. 190; f. 8131, op. 37, ...": another fond of the
                # archive just named
                archive, a_start, known = found[-1].citation.archive, start, True
            if archive is None and len(levels) > 1:
                # "the document, from the Presidential Archive of the Russian Federation,
                # ... Fond 45, ...": the archive named earlier in the same sentence
                archive = _archive_in_sentence(text, start, registry)
                a_start = start
            if archive is None and len(levels) == 1:
                continue  # a lone "f. 12" is not a shelfmark
        elif not ({"opis", "delo"} & levels.keys()):
            gap = text[found[-1].end : start] if found else ""
            if not (levels.keys() == {"leaves"} and previous is not None and previous.delo
                    and len(gap) <= 120 and _MORE_LEAVES_GAP.fullmatch(gap)):
                continue  # leaves alone ("l. 5") belong to a back-reference or a page
            # "d. 17, fo. 204, Kankrin to Barclay, 27 Feb. 1814; fos. 205–7, Alopaeus to
            # Kankrin": more leaves of the file just cited, each with its document
            archive, a_start, known = previous.archive, start, True
        else:
            archive, a_start, known = _archive_before(text, start, registry)
            gap = text[found[-1].end : start] if found else ""
            if archive is None and previous is not None and len(gap) <= 40 and (
                    _LIST_MARK.search(gap) or gap.strip() in ("", ".")):
                # "...; d. 705, l. 3", "Д. 789. Лл. 8–9. Д. 790. Л. 43": a later unit of the
                # fond cited just before
                archive, a_start, known = previous.archive, start, True
            elif archive is None or not known:
                after = _archive_after(text, end, registry)
                if after[0] is None:
                    continue
                archive, a_start, known = after[0], start, True
                previous = None
            else:
                previous = None  # an archive named with a partial shelfmark: no inheritance
        labels = {t[1].rstrip(".'’ ").lower() for t in group}
        entry = registry.get(archive) if archive and known else None
        if labels & _TRANSLATED and entry is not None and entry.scheme != "fond":
            continue  # "Coll. 12, ser. 3" in a Western archive's papers: its own scheme
        if labels & _ENGLISH_LEVELS and "opis" not in levels and ("fond" in levels or previous is None):
            continue
        typos = []
        if "opis" in levels and levels["opis"][1].lower().rstrip(".") in ("on", "он"):
            typos.append(f"'{levels['opis'][1].rstrip('.')}.' read as 'op.' (opis')")
        typos.extend(f"'{t[1]}' read as '{t[1][:-1]}.'" for t in group if t[1].endswith(","))
        if "leaves" in levels and levels["leaves"][1].rstrip(".") == "LI":
            typos.append("'LI.' read as 'Ll.' (leaves)")
        if "leaves" in levels and (ocr := levels["leaves"][1].rstrip(".")) in ("1", "11"):
            typos.append(f"'{ocr}.' read as '{'l' * len(ocr)}.' (leaves)")
        if "leaves" in levels and _OCR_VERSO.search(levels["leaves"][2]):
            typos.append(f"'{levels['leaves'][2]}': '0b' read as 'ob' (verso)")
            t = levels["leaves"]
            levels["leaves"] = (t[0], t[1], _OCR_VERSO.sub("ob", t[2]), t[3], t[4])
        values = {
            "fond": canon_fond(levels["fond"][2]) if "fond" in levels else None,
            "opis": canon_unit(levels["opis"][2]) if "opis" in levels else None,
            "papka": canon_unit(levels["papka"][2]) if "papka" in levels else None,
            "karton": canon_unit(levels["karton"][2]) if "karton" in levels else None,
            "delo": canon_unit(levels["delo"][2]) if "delo" in levels else None,
            "tom": canon_unit(levels["tom"][2]) if "tom" in levels else None,
            "leaves": canon_leaves(levels["leaves"][2]) if "leaves" in levels else None,
        }
        if "fond" not in levels and previous is not None:
            # inherit the higher levels from the shelfmark just before
            for level in ("fond", "opis", "papka", "karton", "delo", "tom"):
                if values[level] is None and ORDER[level] < min(ORDER[k] for k in levels):
                    values[level] = getattr(previous, level)
        if after[0] is not None and archive == after[0]:
            end = max(end, after[1])
        raw_start = min(a_start, start)
        raw = text[raw_start:end].strip()
        citation = Citation(
            kind="archival",
            raw=raw,
            archive=archive,
            shelfmark=render_shelfmark(archive, **values),
            start=raw_start,
            end=end,
            **values,
        )
        found.append(Shelfmark(citation, raw_start, end, typos, known))
        previous = citation
        if group[-1][0] == "delo" and "-" in values["delo"] and not after[0]:
            # "Д. 19-а, 19-б": more files of the opis, numbered as the first (a number and a
            # letter are a file's number, never a leaf's)
            while (more := _MORE_FILES.match(text, end)) is not None:
                delo = canon_unit(more.group(1))
                values = {**values, "delo": delo}
                end = more.end()
                citation = Citation(kind="archival", raw=more.group(1), archive=archive,
                                    shelfmark=render_shelfmark(archive, **values),
                                    start=more.start(1), end=end, **values)
                found.append(Shelfmark(citation, more.start(1), end, [], known))
            previous = found[-1].citation
    found.extend(_compressed_and_free(text, registry, found, split_renamed))
    if "-" in text and (mitrokhin := registry.get("MITN")) is not None:
        taken = _Spans(found)
        for m in _MITROKHIN.finditer(text):
            end = m.start("leaves") + len(m.group("leaves").rstrip(" ,–-\n\t"))
            if text[end : end + 1].isalpha() or text[end : end + 1] == "/" or taken.overlaps(m.start(), end):
                continue
            citation = Citation(kind="archival", raw=text[m.start() : end], archive=mitrokhin.acronym,
                                shelfmark=m.group("unit"), leaves=canon_leaves(text[m.start("leaves") : end]),
                                start=m.start(), end=end)
            found.append(Shelfmark(citation, m.start(), end))
    found.sort(key=lambda s: s.start)
    return found


# the Mitrokhin Archive's own notation, its archive never named (Andrew and Mitrokhin's notes
# cite the notebooks "k-22, 92", the volumes "t-7, 192": a notebook or volume and its pages)
_MITROKHIN = rx.compile(r"(?<![\w\-/.])(?P<unit>[kt]-\d{1,3}),\s?(?P<leaves>\d[\d,\s–-]{0,60})")


def with_bare_leaves(text: str, c: Citation) -> Citation:
    """An archival citation that ends at its file (or the file's volume), with the bare number
    or range after it to the clause's end as its leaves ("f. 17, op. 3, d. 1003, 45.",
    "fund 3, register 3194, file 22, 8–9."); C itself otherwise. (Read after labelling: the
    labeller was trained on shelfmarks without them.)"""
    if c.kind != "archival" or c.leaves or not (c.delo or c.tom) or c.end is None:
        return c
    bare = _BARE_LEAVES.match(text, c.end)
    if bare is None or _YEARLIKE.fullmatch(bare.group(1)):
        return c
    leaves = canon_leaves(bare.group(1))
    units = {level: getattr(c, level) for level in ("fond", "opis", "papka", "karton", "delo", "tom")}
    return c.with_(leaves=leaves, end=bare.end(1), raw=text[c.start : bare.end(1)].strip(),
                   shelfmark=render_shelfmark(c.archive, **units, leaves=leaves))


class _Spans:
    """Disjoint spans kept sorted, so that an overlap test is a binary search, not a scan
    (a line of 100,000 shelfmarks would otherwise take quadratic time)."""

    def __init__(self, spans: list[Shelfmark] | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s in sorted(spans or (), key=lambda s: s.start):
            self.add(s.start, s.end)

    def overlaps(self, start: int, end: int) -> bool:
        # the last span starting before END is the only one that can reach past START,
        # the spans being disjoint and sorted; a span of no length is checked by its start
        i = bisect_left(self.starts, end) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        i = bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


_NATIONAL_ARCHIVES = rx.compile(r"\bNational Archives\b(?!\s+(?:of|and|at)\b)")
_RECORD_GROUP = rx.compile(r"\b(?:RG|Record Group)\s?\d")
# what only the United States' archives hold, named right after it: a president's materials
# kept there before his library opened ("National Archives, Nixon Presidential Materials, NSC
# Files, Box 496", read as one name: the library is not the archive the note names)
_US_PRESIDENTIAL_MATERIALS = rx.compile(r",\s(?:[A-Z][a-z]+\s)?Presidential\sMaterials(?:\sProject)?\b")
_KEW = rx.compile(r"\bKew\b")


def _national_archives(text: str, registry: Registry, named: Sequence[tuple[int, int, str, Archive]]
                       ) -> list[tuple[int, int, str, Archive]]:
    """"National Archives" alone names several countries' archives: the United States' when
    a record group follows it in its clause ("(National Archives, RG 59 123 Sh21)"), the United
    Kingdom's when Kew or one of its department codes does ("National Archives, FO 371/1234")."""
    out = []
    for m in _NATIONAL_ARCHIVES.finditer(text):
        if any(a <= m.start() < b for a, b, _, _ in named):
            continue  # part of a name the registry knows ("National Archives II")
        stop = min((i for i in (text.find(";", m.end()), text.find(")", m.end())) if i >= 0),
                   default=len(text))
        begin = max(text.rfind(";", 0, m.start()), text.rfind("(", 0, m.start()), m.start() - 160)
        # what follows it in its clause, or what came before ("…, RG 59, National Archives;")
        clause = text[m.end() : min(stop, m.end() + 120)] + " ; " + text[begin + 1 : m.start()]
        acronym = "NARA" if _RECORD_GROUP.search(clause) else \
            "TNA" if _KEW.search(clause) or any(a.acronym == "TNA" for _, _, a in registry.bare_units(clause)) \
            else None
        end = m.end()
        if acronym is None and (held := _US_PRESIDENTIAL_MATERIALS.match(text, m.end())) is not None:
            acronym, end = "NARA", held.end()
        archive = registry.get(acronym) if acronym else None
        if archive is not None:
            out.append((m.start(), end, text[m.start() : end], archive))
    return out


# "AA:A989, 43/735/833/1", "AA : M100, February 1945": the Australian Archives (1974-98, now
# the National Archives of Australia) as its documents volumes cite them, the series glued
# to the colon; "AA" alone is too many things (the German Foreign Office's files) to be an
# alias. The same volumes cite the files the Department of Foreign Affairs still held as
# "FA:A3195, 1942, 1.34188".
_AUSTRALIAN_ARCHIVES = rx.compile(r"(?<![\w.&])(?<!PA )(?P<who>AA|FA)(?=\s?:\s?(?:[A-Z]{1,3}\d|\d+,))")
_AUSTRALIAN_HOLDERS = {"AA": "NAA", "FA": "DFAT"}


def _australian_archives(text: str, registry: Registry) -> list[tuple[int, int, str, Archive]]:
    out = []
    for m in _AUSTRALIAN_ARCHIVES.finditer(text):
        archive = registry.get(_AUSTRALIAN_HOLDERS[m.group("who")])
        if archive is not None:
            out.append((m.start(), m.end(), m.group("who"), archive))
    return out


# an archive's name as a book's publisher: after the place and its colon in an imprint's
# bracket, and before the year that closes it
_IMPRINT_PLACE_BEFORE = rx.compile(r"\(\s?[A-Z][^():;]{1,50}:\s?$")
_IMPRINT_YEAR_AFTER = rx.compile(r"(?:\s(?:Press|Publications|Publishing Office))?,\s?(?:1[5-9]|20)\d\d\s?\)")


def _compressed_and_free(text: str, registry: Registry, found: list[Shelfmark],
                         split_renamed: bool = False) -> list[Shelfmark]:
    """Archives cited without level labels: ``RGASPI 17/3/1003/45``, ``TNA, FO 371/116982``."""
    out: list[Shelfmark] = []
    taken = _Spans(found)
    named_last: list[tuple[int, int, str]] = []
    named = registry.named_in(text)
    if "National Archives" in text:
        named = tuple(sorted((*named, *_national_archives(text, registry, named))))
    if "AA" in text or "FA" in text:
        named = tuple(sorted((*named, *_australian_archives(text, registry))))
    bare = registry.bare_units(text)
    for m_start, m_end, written, archive in named:
        if taken.overlaps(m_start, m_end):
            continue
        if _IMPRINT_YEAR_AFTER.match(text, m_end) and _IMPRINT_PLACE_BEFORE.search(text, max(0, m_start - 60), m_start):
            continue  # "(Washington, D.C.: Library of Congress, 1997)": the publisher of a book
        unit_next = False
        if bare and registry.is_short(written):
            archive, unit_next = _owner_of_next_unit(text, m_end, written, archive, bare, registry)
        if (archive.scheme == "fond" and _AFTER_A_DATE.search(text, max(0, m_start - 8), m_start)
                and _CLAUSE_END.match(text, m_end)):
            # "Protocol 12, Presidium meeting of March 3, 1958, APRF.": the archive named
            # last, no level at all (taken if nothing else claims it)
            named_last.append((m_start, m_end - written.endswith("."), archive.acronym))
        elif (registry.is_short(written) and registry.scheme_of(archive).western
              and _CLAUSE_END.match(text, m_end - written.endswith("."))
              and (_AFTER_A_YEAR.search(text, max(0, m_start - 8), m_start)
                   or LETTER_BEFORE.search(text, max(0, m_start - 90), m_start))):
            # "Moura, letter to Lockhart, HIA.", "…, 12 May 1918, HIA.": a letters archive by
            # its acronym, named last with no level (taken if nothing else claims it)
            named_last.append((m_start, m_end - written.endswith("."), archive.acronym))
        if registry.is_short(written) and not unit_next and not _at_citation_start(text, m_start) \
                and not _after_collection(text, m_start, m_end, archive, registry) \
                and not _ADDITIONAL_MS.match(text, m_end):
            continue
        if archive.scheme == "fond":
            got = _unlabelled(text, m_end, named=True)
            if not got:
                continue
            values, series, end = got
            citation = Citation(
                kind="archival", raw=text[m_start : end], archive=archive.acronym,
                shelfmark=render_shelfmark(archive.acronym, **values),
                start=m_start, end=end, series=series, **values,
            )
            out.append(Shelfmark(citation, m_start, end))
            taken.add(m_start, end)
            continue
        if registry.scheme_of(archive).western:  # NARA, TNA, papers ...: refcli.parsers.western
            wests = read_western_all(text, m_start, m_end, archive, registry, split_renamed)
            for west in wests:
                if not taken.overlaps(west.start, west.end):
                    out.append(Shelfmark(west, west.start, west.end))
                    taken.add(west.start, west.end)
            if not wests and not registry.is_short(written) and _AFTER_A_DATE.search(text, max(0, m_start - 8), m_start) \
                    and _PLACES_TO_CLAUSE_END.match(text, m_end) \
                    and not _BOXED.search(text, max(0, m_start - 120), m_start):
                # "…, 200-PN-8.46, National Archives II, College Park, Maryland.": the archive
                # named last, after a code its scheme does not read, then its place
                named_last.append((m_start, m_end, archive.acronym))
            continue
        if _CLAUSE_ENDS.match(text, m_end) and (number := _NUMBER_BEFORE.search(text, max(0, m_start - 40), m_start)):
            # "…, June 26, 1948, no. 70749, CIC/DOE.": the archive named last, after the
            # accession number of the document it holds
            if not taken.overlaps(number.start(), m_end):
                unit = number.group(1)
                citation = Citation(kind="archival", raw=text[number.start() : m_end], archive=archive.acronym,
                                    shelfmark=f"{archive.acronym}, {unit}", start=number.start(), end=m_end)
                out.append(Shelfmark(citation, number.start(), m_end))
                taken.add(number.start(), m_end)
            continue
        gloss = _GLOSS.match(text, m_end)
        skip = gloss.end() if gloss and registry.get(gloss.group(1)) is archive else m_end
        # read no further than a shelfmark can be long, so that long notes stay linear
        # …and no further than the next archive named ("AA: M100, January 1944 and AA:A989, …")
        limit = min((a for a, _, _, _ in named if skip < a and _JOINED_AT_END.search(text, skip, a).group()),
                    default=len(text))
        f = _FREE_TAIL.match(text, skip, min(len(text), skip + 400, limit))
        if not f:
            continue
        if limit < len(text):
            f = _FREE_TAIL.match(text, skip, f.start(1) + _JOINED_AT_END.search(f.group(1)).start())
            if not f:
                continue
        rest = f.group(1).strip().rstrip(",.:")
        if not _DIGIT.search(rest) or len(rest) > 200:
            continue
        end = f.start(1) + len(f.group(1).rstrip().rstrip(",.:"))
        if taken.overlaps(m_start, end):
            continue
        # the pages or leaves cited, last ("DRA, F201-00-00/0004, p. 554"), are its leaves
        tail_locator = _FREE_LOCATOR.search(rest)
        citation = Citation(
            kind="archival", raw=text[m_start : end], archive=archive.acronym,
            shelfmark=f"{archive.acronym}, {rest}", start=m_start, end=end,
            leaves=canon_leaves(tail_locator.group(1)) if tail_locator else None,
        )
        out.append(Shelfmark(citation, m_start, end))
        taken.add(m_start, end)
    for m in _UNKNOWN_ACRONYM.finditer(text) if "/" in text else ():  # (its shelfmark has a "/")
        c = _COMPRESSED.match(text, m.end())
        if not c or not c.group(1) or registry.get(m.group(1)) is not None:
            continue
        if any(a == m.start() for a, _, _ in bare):
            continue  # "PREM 3/139/2": a department's piece at Kew, not fond/opis/delo
        if taken.overlaps(m.start(), c.end()):
            continue
        g = c.groups()
        leaves, end = g[3] or g[4], c.end()
        if not leaves and (loc := _LOCATOR.match(text, end)):  # "DAVO 136/3/71, l. 4"
            leaves, end = loc.group(1), loc.end()
        values = {"fond": canon_fond(g[0]), "opis": canon_unit(g[1]), "delo": canon_unit(g[2]),
                  "leaves": canon_leaves(leaves) if leaves else None}
        archive = latin_acronym(m.group(1))
        citation = Citation(
            kind="archival", raw=text[m.start() : end], archive=archive,
            shelfmark=render_shelfmark(archive, **values), start=m.start(), end=end, **values,
        )
        out.append(Shelfmark(citation, m.start(), end, archive_known=False))
        taken.add(m.start(), end)
    out.extend(_archive_last(text, registry, taken, [*found, *out]))
    if "-" in text:
        out.extend(_cited_by_place(text, registry, taken))
    for a, b, archive in bare:  # "DO35/998/7/13": TNA's, unnamed
        if not taken.overlaps(a, b) and (unit := read_bare_unit(text, a, b, archive, registry)):
            out.append(Shelfmark(unit, unit.start, unit.end))
            taken.add(unit.start, unit.end)
    for boxes in read_unnamed_boxes(text, registry):  # "Name (1) folder, box 5, Name Series, Whitman File"
        if not taken.overlaps(boxes.start, boxes.end):
            out.append(Shelfmark(boxes, boxes.start, boxes.end, archive_known=False))
            taken.add(boxes.start, boxes.end)
    for numbers in read_file_numbers(text, registry):  # "File No. 861.51/264"
        if not taken.overlaps(numbers.start, numbers.end):
            out.append(Shelfmark(numbers, numbers.start, numbers.end, archive_known=numbers.archive is not None))
            taken.add(numbers.start, numbers.end)
    for papers in read_unnamed_papers(text, registry):  # "Kennan Papers, box 23, folder 4"
        if not taken.overlaps(papers.start, papers.end):
            out.append(Shelfmark(papers, papers.start, papers.end, archive_known=False))
            taken.add(papers.start, papers.end)
    for start, end, acronym in named_last:
        if not taken.overlaps(start, end):
            citation = Citation(kind="archival", raw=text[start:end], archive=acronym,
                                shelfmark=acronym, start=start, end=end)
            out.append(Shelfmark(citation, start, end))
            taken.add(start, end)
    return out


_TO_NEXT_UNIT = rx.compile(r"[\s,:]{0,3}")


def _owner_of_next_unit(text: str, end: int, written: str, archive: Archive,
                        bare: list[tuple[int, int, Archive]], registry: Registry) -> tuple[Archive, bool]:
    """The archive a short alias stands for, and whether one of its units follows it. An alias
    that several archives share ("NA") stands for the one whose unit code follows it: "NA FO
    371/14055" is The National Archives' piece, not NARA's; "…, PRO, FO371-99238" is a
    citation even in the middle of a sentence."""
    at = _TO_NEXT_UNIT.match(text, end).end()  # type: ignore[union-attr]
    for a, _, owner in bare:
        if a == at and (owner is archive or owner in registry.get_all(written)):
            return owner, True
    return archive, False


# a reference number of three to five parts joined by hyphens, or two after a fonds code with
# letters, after a comma ("163-1-1087", "A1-4-9", "JC1-2346"), and a word that may be a place's
# name (a capital, small letters, a comma)
_PLACE_CODE = rx.compile(r"(?:(?<=[,;]\s)|(?<=also\s))(?:[A-Z]{0,2}\d{1,6}[A-Z]?(?:-[A-Z]{0,2}\d{1,6}[A-Z]?){2,4}"
                         r"|[A-Z]{1,3}\d{1,4}-\d{1,6})(?![\w/-])")
_PLACE_WORD = rx.compile(r"(?<![\w'’-])[A-Z][a-z]{2,15}(?=,\s)")
# the clause of a further unit of the archive just cited: "; 22 June 1959, 28-1-650, pp. 27–8",
# "; also JC1-2419, p. 43" (a date or "also" before the number, no other words)
_NEXT_PLACE_UNIT = rx.compile(r"\s*;\s*(?:also\s|(?:\d{1,2}\s)?(?:[A-Z][a-z]{2,8}\.?\s)?(?:\d{1,2},?\s)?(?:1[89]|20)\d\d,\s)?")
_PAGES_AFTER = rx.compile(rf",\s(?:pp?\.)\s?({_RANGE}(?:(?:,\s|\sand\s){_RANGE})*)")


def _cited_by_place(text: str, registry: Registry, taken: _Spans) -> list[Shelfmark]:
    """Archives cited by a place's name alone, their reference number later in the clause, as
    historians of China cite provincial and municipal archives: "Hunan, 2 June 1960,
    163-1-1087, pp. 43–5"; "Central Directive, 19 Dec. 1950, Guangdong, 204-1-245, p. 101";
    "Sichuan, 1961, JC1-2419, p. 46". The archive is written as the note writes it; the
    document's description before the place is its item title; a further unit in the next
    clause with only a date before it ("; 22 June 1959, 28-1-650, pp. 27–8") is the same
    archive's (``elliptical``)."""
    out: list[Shelfmark] = []
    for m in _PLACE_CODE.finditer(text):
        if taken.overlaps(m.start(), m.end()) or _ISO_DATE.fullmatch(m.group()):
            continue
        begin = max(text.rfind(";", 0, m.start()), text.rfind("(", 0, m.start())) + 1
        for end_of_sentence in SENTENCE_END.finditer(text, begin, m.start()):
            begin = end_of_sentence.end()
        place: str | None = None
        place_start = m.start()
        for w in _PLACE_WORD.finditer(text, begin, m.start()):
            if registry.cited_by_place(w.group()) is not None:
                place, place_start = w.group(), w.start()
        elliptical = False
        if place is None:
            last = out[-1].citation if out else None
            step = _NEXT_PLACE_UNIT.match(text, last.end) if last is not None else None
            if last is None or step is None or step.end() != m.start():
                continue
            place, begin, place_start, elliptical = last.archive, m.start(), m.start(), True
        while begin < place_start and text[begin] in " \t":
            begin += 1
        pages = _PAGES_AFTER.match(text, m.end())
        end = pages.end() if pages else m.end()
        if taken.overlaps(begin, end):
            continue
        parts = m.group().split("-")
        title = text[begin:place_start].strip(" ,")
        leaves = canon_leaves(pages.group(1)) if pages else None
        label = pages.group().strip(", ").split(".")[0] if pages else ""
        shelfmark = f"{place}, {m.group()}" + (f", {label}. {leaves}" if pages else "")
        unit = Citation(kind="archival", raw=text[begin:end], archive=place, shelfmark=shelfmark,
                        collection=parts[0], piece=parts[1], item="-".join(parts[2:]) or None,
                        leaves=leaves, item_title=title if title and not _DIGIT.match(title) else None,
                        elliptical=elliptical, start=begin, end=end)
        out.append(Shelfmark(unit, begin, end))
        taken.add(begin, end)
    return out


def _unlabelled(text: str, pos: int, named: bool = False) -> tuple[dict[str, str | None], str | None, int] | None:
    """A shelfmark written without labels at POS: its values, the series, where it ends.
    NAMED: the archive's name is right before POS, so three dotted numbers are its fond,
    opis and delo (elsewhere they could be a date or a section number)."""
    series = None
    values: dict[str, str | None] = {"fond": None, "opis": None, "papka": None, "delo": None,
                                     "leaves": None}
    four = False
    p = _PAPKA_FORM.match(text, pos)
    if p and not _YEARLIKE.fullmatch(p.group(1)):
        values.update(fond=canon_fond(p.group(1)), opis=canon_unit(p.group(4)),
                      papka=canon_unit(p.group(5)), delo=canon_unit(p.group(6)))
        series, end = p.group(3), p.end()
    elif c := _COMPRESSED.match(text, pos):
        g = c.groups()
        fond, opis, delo, leaves = (g[0], g[1], g[2], g[3] or g[4]) if g[0] else g[5:9]
        four = bool(g[3])
        values.update(fond=canon_fond(fond), opis=canon_unit(opis), delo=canon_unit(delo),
                      leaves=canon_leaves(leaves) if leaves else None)
        end = c.end()
    elif (k := _COMMA_FORM.match(text, pos)) and not _YEARLIKE.fullmatch(k.group(1)):
        # "RGASPI 558, 11, 721, 68": fond, opis, delo and the leaf, commas between
        values.update(fond=canon_fond(k.group(1)), opis=canon_unit(k.group(2)), delo=canon_unit(k.group(3)),
                      leaves=canon_leaves(k.group(4)) if k.group(4) else None)
        end = k.end()
    elif named and (d := _DOTTED_THREE.match(text, pos)) and not _DATE_SHAPE.fullmatch(
            d.group().strip(" ,:")):
        values.update(fond=canon_fond(d.group(1)), opis=canon_unit(d.group(2)), delo=canon_unit(d.group(3)))
        end = d.end()
    elif (h := _HYPHENATED.match(text, pos)) and not _ISO_DATE.fullmatch(h.group().strip(" ,:")):
        values.update(fond=canon_fond(h.group(1)), opis=canon_unit(h.group(2)),
                      delo=canon_unit(h.group(3)))
        end = h.end()
    else:
        return None
    loc = _LOCATOR.match(text, end)
    # four numbers are fond, opis, papka, delo when the leaves follow ("06/12a/59/395, pp.
    # 4ff") or the fond is written with a leading zero, as the foreign ministry's are
    # ("0570/6/3/5"); else fond, opis, delo, leaf ("RGASPI 17/3/1003/45")
    if four and (loc or (values["fond"] or "").startswith("0")):
        values.update(papka=values["delo"], delo=values["leaves"], leaves=None)
    if loc and values["leaves"] is None:
        values["leaves"] = canon_leaves(loc.group(1))
        end = loc.end()
    return values, series, end


def _archive_last(text: str, registry: Registry, taken: _Spans,
                  before: list[Shelfmark]) -> list[Shelfmark]:
    """Compressed shelfmarks with the archive named after them, as English-language books
    often write: "Gromyko to CC, May 4, 1959, 0129, 41/12/7, pp. 12-15, MFA", "3-66-117,
    APRF". Without an archive right after them (or right before), numbers like these are not
    taken for a shelfmark."""
    out: list[Shelfmark] = []
    by_end = {s.end: s for s in before}
    pos = 0
    # (after the last "/" of the text, only the starts _NUMBER_START_NO_SLASH finds can read
    # anything: the slashed forms need a "/" after their start)
    last_slash = text.rfind("/")
    number_start = _NUMBER_START if last_slash >= 0 else _NUMBER_START_NO_SLASH
    while (n := number_start.search(text, pos)) is not None:
        pos = n.end()
        if n.start() > last_slash and number_start is _NUMBER_START:
            number_start = _NUMBER_START_NO_SLASH
            if not number_start.match(text, n.start()):
                continue
        got = _unlabelled(text, n.start())
        if not got:
            continue
        values, series, end = got
        archive, after_end = _archive_after(text, end, registry)
        start = n.start()
        if archive is None:
            named, a_start, known = _archive_before(text, start, registry)
            previous = _previous_unit(text, start, by_end)
            if previous is not None and previous.citation.archive and named is None:
                # "GARF, 9401/1a/64 and 9401/12/319": another unit of the same archive
                named, a_start, known = previous.citation.archive, start, True
            if named is None or not known or (entry := registry.get(named)) is None or entry.scheme != "fond":
                continue
            archive, start, after_end = named, a_start, end
        elif (entry := registry.get(archive)) is None or entry.scheme != "fond":
            continue
        if taken.overlaps(start, after_end):
            continue
        citation = Citation(
            kind="archival", raw=text[start:after_end], archive=archive,
            shelfmark=render_shelfmark(archive, **values), start=start, end=after_end,
            series=series, **values,
        )
        out.append(Shelfmark(citation, start, after_end))
        by_end[after_end] = out[-1]
        taken.add(start, after_end)
        pos = after_end
    return out


def _previous_unit(text: str, start: int, by_end: dict[int, Shelfmark]) -> Shelfmark | None:
    """The shelfmark that ends just before START, with only a list separator between."""
    gap = _NEXT_UNIT_BEFORE.search(text, max(0, start - 12), start)
    return by_end.get(gap.start()) if gap else None


_NEXT_UNIT_BEFORE = rx.compile(r"\s*(?:[;,]|and|&)\s*$")
