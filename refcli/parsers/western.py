"""The levels of archives outside the fond/opis/delo scheme, read once the archive is named.

``NARA, RG 59, Central Decimal File 1950–54, 661.00/4-1553, box 3009``; ``RG 84, Entry 2531B,
box 12, NARA-II``; ``W. Averell Harriman Papers, Library of Congress, Manuscript Division,
box 172, folder 3``; ``TNA, FO 371/116982, f. 23``; ``SAPMO-BArch, DY 30/IV 2/2/123``;
``PRC FMA 109-01234-05``.

What an archive writes comes from its scheme in ``archives.json`` (``Scheme``): the label
words of each level (``box``, ``Bd.``, ``sygn.``), the levels unlabelled segments fill in
order (a manuscript library's collection, then its series), and the compact reference forms
it uses. The forms are the only thing named here (``code-slash``, ``hyphenated``,
``decimal-file``, ``subject-numeric``); which archive writes which, and into which fields
they go, is data.

The citation is cut into comma-separated segments (commas inside quotes and parentheses do
not cut) on both sides of the archive's name. An archive cited first owns what follows it to
the end of the sentence or a semicolon (the span the free shelfmark had), up to another
archive's name or a "see"; an archive named last or in the middle takes the levels after it
and, before it, back to the start of the sentence, only what looks like a level or a
collection's name (``Ann Whitman File``, not ``Dulles to Eisenhower`` or ``May 3, 1955``).
A unit after a semicolon that opens with one of the archive's reference forms
(``TNA, FO 371/1; FO 371/2``) is read as elliptical. Pure: text and registry in, Citations
out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from refcli import rx
from refcli.model import Citation
from refcli.registry import Archive, Registry, Scheme

from .canon import canon_leaves
from .personal import DATE

# the compact reference forms a scheme may name
_FORMS: dict[str, re.Pattern[str]] = {
    # TNA FO 371/116982, PREM 11/1234/N 123; BArch DY 30/IV 2/2/123, R 43-I/161, NY 4090/123
    "code-slash": rx.compile(
        r"(?P<code>[A-Z][A-Za-z]{0,5}(?:[ -][A-Z]{1,3})?)[\s/]?(?P<num>\d{1,4}[A-Z]?(?:-[IVX]{1,4})?)"
        r"(?:\s?/\s?|-(?=\d{3}))(?P<rest>[0-9A-Z][0-9A-Za-z]{0,12}(?:[ /.\-][0-9A-Za-z]{1,12}){0,8})"),
    # PRC FMA 109-01234-05, SMA B1-2-1234, IMH 11-EAP-02171, HU OSA 300-80-1
    "hyphenated": rx.compile(r"[A-Z]{0,2}\d{1,6}[A-Z]?(?:-(?:[A-Z]{1,4}|[A-Z]{0,2}\d{1,6}[A-Z]?)){2,4}"),
    # State Department decimal file numbers: 661.00/4-1553, 033.6111/5-1057, 794.5/12-2053
    "decimal-file": rx.compile(
        r"\d{3}(?:\.\d{1,5}[A-Z]{0,2}(?:/\d{1,4}(?:[-–]\d{2,6})?)?|/\d{1,4}(?:[-–]\d{2,6})?)"
        r"(?:\s[A-Z][A-Za-z]{0,11})?"),
    # State Department subject-numeric file: POL 27 VIET S, POL 1 US-USSR, DEF 12-5 CUBA
    "subject-numeric": rx.compile(
        r"(?:POL|DEF|ORG|ECON|FN|FT|INCO|CSM|PER|POW|SOC|CUL|AV|PS|E)\s\d{1,3}(?:-\d{1,2}){0,2}"
        r"(?:\s[A-Z][A-Za-z]{0,11}(?:[-/][A-Z][A-Za-z]{0,11})?){0,4}"),
}
_JOIN = {"code-slash": "/", "hyphenated": "-"}

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?")
_DATE = rx.compile(rf"\b{_MONTH}\s\d|\d\s{_MONTH}(?![^\W\d_])|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")
_NUMBER_ONLY = rx.compile(r"[\d\s.\-–/]+")
_LEAD = rx.compile(r"(?i:(?:see also|see|cf\.?|also|in|and|quoted in|cited in|source:)\s)")
# a sentence ends at a full stop after a number, a word of four letters or more, a quote or a
# bracket, followed by a capital; "W." of "W. Averell Harriman" and "Ser." do not end one
SENTENCE_END = rx.compile(r"(?:\d|[^\W\d_]{4}|[”\"’)\]])\.\s{1,3}(?=[A-Z\"“(])")
_WORD = rx.compile(r"[^\W\d_]+")
# what follows an archive's name up to the end of the sentence (the free shelfmark's span)
_FREE_TAIL = rx.compile(r"[\s,:]*((?:[^;.()]|\.(?!\s+[A-ZА-Я(«\"“]|\s*$)|\([^)]*\))+)")
_GLOSS = rx.compile(r"\s*\((?:(?:henceforth|hereafter|cited as)\s)?([^()]{1,40})\)")
# a name running on after the archive's: a space, then a word in lower case after its capital
# or no capital at all ("Hoover Institution Press", "Houghton Mifflin"); "BStU MfS" goes on
_GLUED = rx.compile(r" (?=[^\W\d_][^\W\d_A-ZА-Я]+(?![^\W\d_]*[A-ZА-Я]))")
DOCUMENT_KINDS = frozenset(["memo", "memorandum", "memcon", "cable", "telegram", "letter",
                             "minute", "minutes", "note", "report", "despatch", "dispatch",
                             "airgram", "message", "record", "transcript", "draft"])
_PAREN = rx.compile(r"\s*\([^()]{0,80}\)")
_ANOTHER = rx.compile(r"(?i:see|cf)\b")
# "; FO 371/116983": the next unit of the same archive, its name left out
_NEXT_UNIT = rx.compile(r"\s?;\s{0,3}(?:(?:see also|see|cf\.|and)\s)?")
_STOP = rx.compile(r";|\.(?=\s{1,3}[A-Z\"“(]|\s*$)")
_FUNCTION_WORDS = frozenset(
    ["of", "the", "and", "on", "for", "in", "at", "de", "des", "du", "la", "le", "les", "di", "del", "della", "der", "die", "das", "und", "von", "zu", "im"])
_TRIM = " \t\n,;:.(["
_PAGE_SEGMENT = rx.compile(r"pp?\.\s?\d")
_JOINS_NEXT = frozenset(["and", "also"])  # ("see" and "cf." open the next reference by _ANOTHER)

_MAX_SPAN = 320  # how far a citation's levels reach from the archive's name
_MAX_WORDS = 14  # more than this in one segment is prose, not a level


def read_western(text: str, start: int, end: int, archive: Archive,
                 registry: Registry) -> Citation | None:
    """The citation whose archive ARCHIVE is named at TEXT[START:END], with its levels read by
    the archive's scheme; None when the scheme is fond/opis/delo or free, or no level is
    there."""
    found = _read_one(text, start, end, archive, registry)
    return found[0] if found else None


def _read_one(text: str, start: int, end: int, archive: Archive,
              registry: Registry, split_renamed: bool = False) -> tuple[Citation, list[_Part]] | None:
    scheme = registry.scheme_of(archive)
    if not scheme.western:
        return None
    skip = {p.casefold() for p in archive.places} | {a.casefold() for a in archive.all_aliases}
    skip |= {n.casefold() for n in archive.names}
    # a documentary edition's source note names the archive first, its collection after it
    # ("Source: Eisenhower Library, Project Clean Up. Secret."): a name is enough there
    sourced = text[max(0, start - 12) : start].rstrip().endswith("Source:")
    tail = _tail(text, end, archive, registry, sourced)
    if tail is None:
        return None  # "Hoover Institution Press": the name goes on, it is not the archive
    whole = tail[1] > tail[0]
    stop = None
    if whole:
        # the archive first: every segment of what follows, to the sentence's end, is its
        def other(segment: str) -> bool:
            found = registry.get(_PAREN.sub("", segment).strip())
            return found is not None and found is not archive

        after, stop = _read(_split(text, *tail), scheme, skip, forward=True, whole=True, other=other,
                            again=frozenset(a.casefold() for a in archive.all_aliases)
                            if split_renamed else frozenset())
    else:
        # the archive named last or in the middle: its levels after it, if any
        after, _ = _read(_segments_after(text, end), scheme, skip, forward=True)
    # and before it, what looks like a level or a collection's name ("Harriman Papers, LC")
    before, _ = _read(_segments_before(text, start), scheme, skip, forward=False)
    if whole:  # the levels follow: before the name, only a collection's ("Harriman Papers, LC, box 1")
        while before and not before[0].strong and not is_collection_name(before[0].text, scheme):
            before.pop(0)
    parts = [*before, *after]
    # names in level positions fill the scheme's unlabelled levels in order (a manuscript
    # library's collection, then its series); the last one takes any further names
    if "folder" in scheme.levels and not any(f == "folder" for p in parts for f, _ in p.fields):
        # "Box 8, NSSM-113: Permanent File": a name after the box is its folder's title
        boxed = [i for i, p in enumerate(parts) if any(f == "box" for f, _ in p.fields)]
        titles = [p for p in parts[boxed[-1] + 1:] if not p.fields] if boxed else []
        series = [p for p in parts[: boxed[-1]] if not p.fields and p.text.split()[-1:] == ["Series"]] if boxed else []
        if len(titles) == 1 and series and is_collection_name(titles[0].text, scheme):
            # "Dulles-Herter Series, box 4, Ann Whitman File, DDEL": the levels written
            # upwards, the series before the box and the collection after it
            series[-1].fields = (("series", series[-1].text),)
            titles[0].fields = (("collection", titles[0].text),)
        elif titles:
            title = ", ".join(p.text for p in titles)
            titles[0].fields = (("folder", title),)
            titles[0].text, titles[0].end = title, titles[-1].end
            parts = [p for p in parts if p not in titles[1:]]
    order = [lv for lv in scheme.unlabelled if not any(f == lv for p in parts for f, _ in p.fields)]
    named = [p for p in parts if not p.fields]
    for i, p in enumerate(named if order else ()):
        p.fields = ((order[min(i, len(order) - 1)], p.text),)
    strong = any(p.strong for p in parts) or any(
        p.fields and p.fields[0][0] == "collection" and is_collection_name(p.text, scheme) for p in named)
    # (only names: a tail with numbers no level reads, "…: Lot 64 D 199", stays unread as
    # before, which is how the labeller was trained on it)
    named_only = sourced and not any(ch.isdigit() for ch in text[tail[0] : tail[1]])
    if not strong and (not whole or (scheme.strict and not named_only)):
        # archive first with only names after it ("PA AA, Botschaft Moskau 373") is a
        # shelfmark, except where the name is often prose ("Department of State, Foreign
        # Relations of the United States, 1958")
        return None
    if not whole:
        parts = [p for p in parts if p.fields]  # names no level takes are not the citation's
    fields: dict[str, str] = {}
    for p in parts:
        for level, value in p.fields:
            fields[level] = f"{fields[level]}, {value}" if level in fields else value
    c_start = min([start, *(p.start for p in parts)])
    c_end = tail[1] if whole and stop is None else max([end, *(p.end for p in parts)])
    if c_end == end and text[end - 1] == "." and end - start > 2 and text[end - 3] != ".":
        c_end -= 1  # the full stop after an archive named last ends the sentence
    # what no level takes (a document's title after a TNA piece) is in the span, not the shelfmark
    shelfmark = ", ".join([archive.acronym, *(p.rendered() for p in parts if p.fields)])
    citation = Citation(kind="archival", raw=text[c_start:c_end], archive=archive.acronym,
                        shelfmark=shelfmark, start=c_start, end=c_end, **fields)
    return citation, [p for p in parts if p.fields]


def read_western_all(text: str, start: int, end: int, archive: Archive,
                     registry: Registry, split_renamed: bool = False) -> list[Citation]:
    """The citation read_western finds, then the units cited after it with the same archive
    left out: ``TNA, FO 371/116982; FO 371/116983, f. 4``; ``NARA, RG 59, CDF 1955–59,
    611.61/3-1555; 611.61/3-1655`` (the record group and series taken from the one before,
    ``elliptical``)."""
    found = _read_one(text, start, end, archive, registry, split_renamed)
    if found is None:
        return []
    citation, parts = found
    out = [citation]
    scheme = registry.scheme_of(archive)
    rank = {level: i for i, level in enumerate(scheme.levels)}
    pos = citation.end
    for _ in range(50):
        lead = _NEXT_UNIT.match(text, pos)
        if lead is None or not scheme.references:
            break
        stop = _STOP.search(text, lead.end(), min(len(text), lead.end() + _MAX_SPAN))
        segments = _split(text, lead.end(), stop.start() if stop else min(len(text), lead.end() + _MAX_SPAN))
        first = _reference(segments[0], scheme) if segments else None
        if first is None:
            break  # the next reference is of something else
        own = [first]
        for seg in segments[1:]:
            more = _levels(seg, scheme)
            if more is None:
                break
            own.extend(more)
        top = min((rank.get(f, 0) for p in own for f, _ in p.fields), default=0)
        kept = [p for p in parts if all(rank.get(f, len(rank)) < top for f, _ in p.fields)]
        fields: dict[str, str] = {}
        for p in (*kept, *own):
            for level, value in p.fields:
                fields[level] = f"{fields[level]}, {value}" if level in fields else value
        shelfmark = ", ".join([archive.acronym, *(p.rendered() for p in (*kept, *own))])
        unit = Citation(kind="archival", raw=text[first.start:own[-1].end], archive=archive.acronym,
                        shelfmark=shelfmark, start=first.start, end=own[-1].end,
                        elliptical=True, **fields)
        out.append(unit)
        parts, pos = [*kept, *own], unit.end
    return out



class _Part:
    """One segment read: its span, the fields it gives, and whether it is a level for sure
    (a label or a reference form: ``strong``) or only a name in a level's position."""

    __slots__ = ("end", "fields", "label", "level", "start", "strong", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.fields: tuple[tuple[str, str], ...] = ()
        self.strong = False
        self.level: str | None = None
        self.label: str | None = None

    def rendered(self) -> str:
        """The segment as the canonical shelfmark writes it: English labels for the levels
        written with one (``Box 12`` → ``box 12``), the archive's own labels kept."""
        if self.level is None or self.level == "reference" or not self.label:
            return self.text
        value = self.fields[0][1]
        if value.startswith(self.label):
            return value  # a kept label ("RG 59", "Bd. 1359")
        if self.level in _ENGLISH and self.label.casefold().rstrip(".") in _ENGLISH_LABELS:
            return f"{_ENGLISH[self.level]} {value}"
        return f"{self.label} {value}"


_ENGLISH = {"box": "box", "folder": "folder", "entry": "Entry"}
_ENGLISH_LABELS = frozenset(["box", "boxes", "bx", "cont", "container", "folder", "folders",
                             "fldr", "fold", "file", "f", "entry", "e"])


# what follows a source note's archival reference: the document's classification, or nothing
_CLASSIFIED = rx.compile(r"[.,]?\s*(?:$|(?:Top Secret|Secret|Confidential|Unclassified|Official Use Only|"
                         r"Limited Official Use|No classification marking|Eyes Only)\b)")


def _tail(text: str, end: int, archive: Archive, registry: Registry,
          sourced: bool = False) -> tuple[int, int] | None:
    """The span of what follows the archive's name to the end of its sentence, when it holds
    a number (the archive cited first: ``TNA, FO 371/116982``) or opens a source note
    (SOURCED) that the document's classification ends; (END, END) when it does not;
    None when the name runs on into a word that is no level (``Hoover Institution Press``)."""
    gloss = _GLOSS.match(text, end)
    skip = gloss.end() if gloss and registry.get(gloss.group(1)) is archive else end
    f = _FREE_TAIL.match(text, skip)
    if f is None:
        return end, end
    rest = f.group(1).rstrip().rstrip(",.:")
    glued = _GLUED.match(text, skip)
    if glued:
        first = _split(text, f.start(1), f.start(1) + len(rest))[:1]
        if first and _levels(first[0], registry.scheme_of(archive)) is None:
            return None
    classified = sourced and _CLASSIFIED.match(text, f.start(1) + len(rest)) is not None
    if not (classified or re.search(r"\d", rest)) or len(rest.strip()) > 200:
        return end, end
    return f.start(1), f.start(1) + len(rest)


def _segments_after(text: str, end: int) -> list[_Part]:
    i = end
    n = min(len(text), end + _MAX_SPAN)
    while i < n and text[i] in " \t,:)]":
        i += 1
    stop = n
    for m in _STOP.finditer(text, i, n):
        if m.group() == ";" or _ends_sentence(text, m.start()) or not text[m.end():].strip():
            stop = m.start()
            break
    return _split(text, i, stop)


def _ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at DOT ends a sentence: after a digit, a quote, a bracket or a
    word of four letters or more."""
    if dot == 0:
        return False
    prev = text[dot - 1]
    if prev.isdigit() or prev in "”\"’)]":
        return True
    j = dot
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return dot - j >= 4


def _segments_before(text: str, start: int) -> list[_Part]:
    lo = max(0, start - _MAX_SPAN)
    j = start
    while j > lo and text[j - 1] in " \t,(":
        j -= 1
    begin = lo
    semi = text.rfind(";", lo, j)
    if semi >= 0:
        begin = semi + 1
    for m in SENTENCE_END.finditer(text, begin, j):
        begin = m.end()
    if lo > 0 and begin == lo:
        return []  # no start of the citation within reach
    parts = _split(text, begin, j)
    if parts:
        first = parts[0]
        lead = _LEAD.match(first.text)
        if lead:
            parts[0] = _Part(first.text[lead.end():], first.start + lead.end(), first.end)
    return parts


def _split(text: str, i: int, j: int, quoted_commas: bool = False) -> list[_Part]:
    """TEXT[I:J] cut at commas outside quotes and brackets, each piece trimmed. QUOTED_COMMAS:
    a comma put inside the closing quote, as American usage puts it ("“Historians and the
    Federal Government 1956,” Box 477"), cuts after the quote."""
    out: list[_Part] = []
    depth = 0
    quote = False
    seg = i
    for k in range(i, j + 1):
        ch = text[k] if k < j else ","
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in "\"“”":
            was, quote = quote, not quote if ch == '"' else ch == "“"
            if quoted_commas and was and not quote and depth == 0 and text[k - 1] == ",":
                out.extend(_trimmed(text, seg, k + 1))
                seg = k + 1
        elif ch == "," and depth == 0 and (not quote or k == j):
            out.extend(_trimmed(text, seg, k))
            seg = k + 1
    return out


def _trimmed(text: str, a: int, b: int) -> list[_Part]:
    """TEXT[A:B] as a segment, trimmed of the marks around it (none when nothing is left)."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in " \t\n,;:":
        b -= 1
    while b > a and text[b - 1] in ")]" and _unclosed(text[a:b]):
        b -= 1  # "(… Container 15, Folder 234)": the bracket around the reference
        while b > a and text[b - 1] in " \t\n,;:.":
            b -= 1
    return [_Part(text[a:b], a, b)] if b > a else []


def _unclosed(value: str) -> bool:
    """Whether VALUE closes more brackets than it opens."""
    return value.count(")") + value.count("]") > value.count("(") + value.count("[")


def _read(parts: list[_Part], scheme: Scheme, skip: set[str], forward: bool,
          whole: bool = False, other: Callable[[str], bool] = lambda _: False,
          again: frozenset[str] = frozenset()) -> tuple[list[_Part], int | None]:
    """The parts that are levels: forward, every part up to the first that is not one (or
    every part, when the WHOLE run is the archive's, up to another reference); backward
    (PARTS nearest last), every part back to the first that is not one. With the parts, where
    another reference was seen to begin (or None)."""
    out: list[_Part] = []
    for i, p in enumerate(parts if forward else reversed(parts)):
        bare = _PAREN.sub("", p.text).casefold().rstrip(".: ")
        if whole and bare in again and any(q.strong for q in out):
            # "TNA, FO 371/99238, pp. 13–15, and the embassy's reply, TNA, FO 371/99239": the
            # archive named again after a unit begins the next reference
            return (out, p.start)
        if bare in skip or bare.startswith("source"):
            continue
        if whole and (_ANOTHER.match(p.text) or other(p.text)):
            # "HSTL, see passim, NARA ...": the next reference begins
            return (out, p.start)
        if whole and forward and _joins_another(p, scheme, parts[i + 1 :], again):
            # "…, RBML, and Wells, Russia in the Shadows, p. 10": the next reference, joined on
            return (out, p.start)

        pieces = _levels(p, scheme)
        named = _named_then_level(p, scheme) if pieces is None else None
        if named is not None:
            # "S/S–NSC Files: Lot 63 D 351", "O/DDI Registry: Job 79-R01012A": a collection's
            # name, a colon, then its labelled level
            out.extend(named if forward else reversed(named))
            continue
        if pieces is None:
            if not whole and not _is_name(p.text, forward, scheme):
                break
            out.append(p)
            continue
        out.extend(pieces if forward else reversed(pieces))
    if forward and not whole and any(p.strong for p in out):
        while out and not out[-1].strong:
            out.pop()  # names after the last level are the next thing the note says
    return (out if forward else out[::-1]), None


def _joins_another(p: _Part, scheme: Scheme, after: list[_Part], again: frozenset[str]) -> bool:
    """Does P open with a joining word ("and", "also") before what is not one of the scheme's
    levels, with a publication's page after it ("and Wells, Russia in the Shadows, p. 10";
    not "and CFPF 1970–1973, PR 10", another file of the same archive, nor "and British
    Embassy to Foreign Office, PRO, FO371-99239, p. 31", the archive's own next unit)?"""
    first, _, rest = p.text.partition(" ")
    if first not in _JOINS_NEXT or not rest or _levels(_Part(rest, p.end - len(rest), p.end), scheme) is not None:
        return False
    for q in after:
        if _PAGE_SEGMENT.match(q.text):
            return True
        if _PAREN.sub("", q.text).casefold().rstrip(".: ") in again or _levels(q, scheme) is not None:
            return False  # (the archive named again, or its own unit: read as such)
    return False


def _levels(p: _Part, scheme: Scheme) -> list[_Part] | None:
    """P read as one or more labelled levels or reference forms ("box 12 folder 3"), or None."""
    ref = _reference(p, scheme)
    if ref is not None:
        return [ref]
    out: list[_Part] = []
    while True:
        one = _level(p, scheme)
        if one is None:
            return None
        part, rest = one
        out.append(part)
        if rest is None:
            return out
        p = rest


def _named_then_level(p: _Part, scheme: Scheme) -> list[_Part] | None:
    """P as a name, a colon and labelled levels after it, or None."""
    colon = p.text.find(": ")
    if colon <= 0 or not scheme.unlabelled:
        return None
    head = p.text[:colon].strip()
    tail_at = colon + 2
    if not head or not _is_name(head, False, scheme) or not _starts_level(p.text[tail_at:], scheme):
        return None
    levels = _levels(_Part(p.text[tail_at:], p.start + tail_at, p.end), scheme)
    if levels is None:
        return None
    return [_Part(head, p.start, p.start + len(head)), *levels]


def _starts_level(text: str, scheme: Scheme) -> bool:
    return bool((scheme.label_before and scheme.label_before.fullmatch(text))
                or any(_FORMS[form].fullmatch(text) for form, _ in scheme.references))


_NUMBER_SIGN = rx.compile(r"^(?:[Nn]o\.|[Nn]r\.|#)\s?(?=\d)")


def _level(p: _Part, scheme: Scheme) -> tuple[_Part, _Part | None] | None:
    """The labelled level P starts with, and the rest of P where another level starts (in
    "box 12 folder 3", after "box 12"), or None."""
    ref = _reference(p, scheme)
    if ref is not None:
        return ref, None
    if scheme.label_before is None:
        return None
    m = scheme.label_before.fullmatch(p.text)
    after = None
    if m is None:
        after = scheme.label_after.fullmatch(p.text) if scheme.label_after else None
        if after is None:
            return None
        m = after
    level = next(lv for lv, v in m.groupdict().items() if v is not None and lv != "value")
    label = m.group(level)
    if after is not None and label == "File":
        return None  # "Ann Whitman File", "Name File": a collection's name, not a folder
    value = m.group("value").strip()
    if level in ("box", "folder", "entry", "item"):
        value = _NUMBER_SIGN.sub("", value)  # "box no. 7127", "box #12": the box is 7127
    rest = None
    if after is None:
        # "box 12 folder 3": the value ends where another level starts
        for w in re.finditer(r"\s(?=\S)", value):
            if _starts_level(value[w.end():], scheme):
                rest = _Part(value[w.end():], p.start + m.start("value") + w.end(), p.end)
                value = value[: w.start()].rstrip(" ,")
                break
    if not _good_value(level, label, value):
        return None
    part = _Part(p.text, p.start, p.end if rest is None else rest.start)
    part.text = p.text[: part.end - p.start].rstrip(" ,")
    part.end = part.start + len(part.text)
    part.strong = level != "leaves"  # "p. 4" alone does not make a book an archive
    part.level = level
    part.label = label + ("." if after is None and m.group(0)[len(label):].startswith(".") else "")
    if level == "leaves":
        value = canon_leaves(value)
    elif level in scheme.keep_label:
        written = scheme.canonical_labels.get(level)
        if written is None:  # the label as the note writes it, with its full stop if any
            written = label + ("." if m.group(0)[len(label):].startswith(".") else "")
        value = f"{written} {value}"
        part.label = written
    part.fields = ((level, value.strip('"“” ') if level != "folder" else value),)
    return part, rest


def _good_value(level: str, label: str, value: str) -> bool:
    if not value:
        return False
    head = "".join(value.split()[:2])  # "box 12", "Box CL 1"
    if any(ch.isdigit() for ch in head) or value[0] in "\"“'‘":
        return True
    # "folder Khrushchev Visit", "Series Chronological File": a named folder or series needs
    # the whole label word
    return level in ("folder", "series", "collection") and len(label.rstrip(".")) >= 4


def _reference(p: _Part, scheme: Scheme) -> _Part | None:
    for form, fields in scheme.references:
        m = _FORMS[form].fullmatch(p.text)
        if m is None:
            continue
        if form == "code-slash":
            rest = m.group("rest")
            values = [f"{m.group('code')} {m.group('num')}"]
            if len(fields) > 2 and "/" in rest:
                values += rest.split("/", 1)
            else:
                values.append(rest)
        elif form == "hyphenated":
            values = p.text.split("-")
        else:
            values = [p.text]
        got: list[tuple[str, str]] = []
        for i, value in enumerate(values):
            level = fields[min(i, len(fields) - 1)]
            if got and got[-1][0] == level:
                got[-1] = (level, f"{got[-1][1]}{_JOIN.get(form, ' ')}{value}")
            else:
                got.append((level, value))
        part = _Part(p.text, p.start, p.end)
        part.fields = tuple(got)
        part.strong = True
        part.level = "reference"
        return part
    return None


_YEAR_FIRST = rx.compile(r"(?:1[89]|20)\d\d\s\(")
_ITEM_ALONE = rx.compile(r"\d{1,4}[A-Z]")
_FOLDER_VOLUME = rx.compile(r"[Vv]ol(?:ume)?\.?\s?\d{1,3}|[Vv]ol(?:ume)?\.?\s?[IVX]{1,5}")


def _is_name(text: str, forward: bool, scheme: Scheme) -> bool:
    """Whether an unlabelled segment can stand in a level's position: a collection's or a
    series' name (``Ann Whitman File``, ``Central Decimal File 1950–54``), not a date, a
    correspondence (``Dulles to Eisenhower``) or prose."""
    if not scheme.unlabelled or not text or _DATE.search(text):
        return False
    words = text.split()
    if len(words) > _MAX_WORDS:
        return False
    if forward or _FOLDER_VOLUME.fullmatch(text):
        return True  # (a folder's volume: "Country File, Cuba, vol. 1, LBJ Library")
    if _NUMBER_ONLY.fullmatch(text) or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“"):
        return False
    if _YEAR_FIRST.match(text):
        return False  # "1964 (Secret)": the end of a date ("April 17, 1964 (Secret)"), no name
    words = _WORD.findall(text)
    if words and words[0].casefold() in DOCUMENT_KINDS:
        return False  # "Memo", "Cable from Moscow": a document, not a collection
    # "Ann Whitman File", "Papers of John F. Kennedy", "Dean papers"; not "1973 in", "Dulles
    # to Eisenhower"
    return (any(len(w) > 1 and w[0].isupper() for w in words) and words[-1] not in _FUNCTION_WORDS
            and all(w[0].isupper() or w in _FUNCTION_WORDS or (k == len(words) - 1 and w == "papers")
                    for k, w in enumerate(words)))


def is_collection_name(text: str, scheme: Scheme) -> bool:
    """Whether TEXT ends with one of the scheme's collection words (``… Papers``)."""
    words = _WORD.findall(text)
    return bool(words) and words[-1].casefold() in scheme.collection_words


# a collection's word, capitalised, as a collection's name ends with it ("Kennan Papers")
# (each word opened by its capital and the word boundary looked at behind it, where \b first
# made the engine try the pattern at every position: the first letters let it skip to the
# next possible start at once; the same matches)
_COLLECTION_WORD = rx.compile(r"(?:[Pp](?<!\w[Pp])apers|C(?<!\wC)ollection|D(?<!\wD)iaries|F(?<!\wF)iles|R(?<!\wR)ecords)\b")
_NAME_WORD = rx.compile(r"(?:[A-Z][\w'’.\-]*|of|the|and|de|von|van|du)\Z")
_AFTER_NAME = rx.compile(r"\s*(?:[.;)]|$)")
_FILE_CODE = rx.compile(r"[A-Z]{1,6}\s?\d{1,4}(?:/\w{1,8}){1,4}")
_NAMED_SCHEME = "papers"


def read_unnamed_papers(text: str, registry: Registry) -> list[Citation]:
    """Papers cited without the repository that holds them: ``Kennan Papers, box 23, folder
    4``; ``Acheson to Truman, May 4, 1950, Acheson Papers.`` The collection's name (capitalised
    words ending with a collection word) must be followed by a labelled level (box, folder,
    series) or, when a dated item comes before it, end the citation. The archive stays
    unnamed (``archive`` None): the checks report it, nothing is guessed."""
    scheme = registry.schemes.get(_NAMED_SCHEME)
    if scheme is None:
        return []
    out: list[Citation] = []
    for m in _COLLECTION_WORD.finditer(text):
        start = _name_start(text, m.start())
        if start is None:
            continue
        name = text[start : m.end()]
        following = _segments_after(text, m.end())
        parts, _ = _read(following, scheme, set(), forward=True)
        strong = [p for p in parts if p.strong]
        if strong:
            parts = parts[: parts.index(strong[-1]) + 1]
        elif following and _FILE_CODE.fullmatch(following[0].text) and following[0].start <= m.end() + 3:
            # "Amery Papers, AMEL2/1/33": the papers' own file reference
            code = following[0]
            code.fields, code.strong, code.level = (("item", code.text),), True, "reference"
            parts = [code]
        elif _AFTER_NAME.match(text, m.end()) and _dated_before(text, start):
            parts = []
        else:
            continue
        if any(f == "collection" for p in parts for f, _ in p.fields):
            continue  # a second name where a level should be: not this scheme
        fields: dict[str, str] = {"collection": name}
        for p in parts:
            for level, value in p.fields:
                fields[level] = f"{fields[level]}, {value}" if level in fields else value
        end = parts[-1].end if parts else m.end()
        shelfmark = ", ".join([name, *(p.rendered() for p in parts)])
        out.append(Citation(kind="archival", raw=text[start:end], shelfmark=shelfmark,
                            start=start, end=end, **fields))
    return out


# a collection by an acronym the registry does not know, closing a dated document's citation,
# with the document's number in it ("Hansen to Trotsky, April 20, 1940, TEP 1823."; "TC 10:66";
# "…, 2 Aug. 1925, GA."): the book's own abbreviation, from its list of abbreviations
_ACRONYM_LAST = rx.compile(
    r"(?<=,\s)(?P<acronym>[A-Z][A-Z&]{1,7}(?:/[A-Z]{1,6})?)(?:\s(?P<item>\d{1,6}(?:[:/.-]\d{1,6}){0,3}[a-z]?))?"
    r"(?=\s*(?:;|\.(?!\w)|$))")
# a document's date, right before what follows it ("Hansen to Dobbs, July 31, 1940, TC 24:12")
_DATE_BEFORE = rx.compile(rf"(?<![\w.])({DATE}),\s$")
# or a letter's description, undated, before an archive named last with no level ("Moura, letter
# to Lockhart, HIA."; "…; and letter to Lockhart, LL."): refcli.parsers.shelfmark's too
LETTER_BEFORE = rx.compile(r"\b(?:[Ll]etters?|[Mm]emo(?:randum)?|[Ii]nterview|[Tt]elegram|[Dd]iary)\b[^.;()\d]{0,80},\s?$")
# a document's number between its date and the acronym ("May 20, 1952, no. 2812, JCAE")
_DOCUMENT_NUMBER = rx.compile(r"(?:[Nn]o|[Dd]oc)\.\s?\d{1,6}[A-Za-z]?,\s$")
# acronyms that close such a citation without naming papers: publications, news agencies,
# countries, distribution and security captions, roman numerals
# (the periodicals and news agencies among them: refcli.parsers.note's collections of documents are
# none of these either)
PERIODICAL_ACRONYMS = frozenset(("CDSP", "CWIHPB", "SWB", "NYT", "WP", "AP", "UPI", "TASS", "BBC"))
_NOT_PAPERS = PERIODICAL_ACRONYMS | frozenset((
    "FRUS", "DVP", "DBPO", "DDF", "DGFP", "FBIS", "CWIHP", "US", "USA", "UK", "GB", "USSR", "SSSR", "PRC", "ROC", "ROK", "DPRK", "DRV",
    "GDR", "FRG", "DDR", "UN", "UNO", "NATO", "EEC", "EU", "NIACT", "EXDIS", "NODIS", "LIMDIS",
    "FLASH", "ROGER", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "TS", "OUO", "II", "III", "IV", "VI",
    "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
    "MS", "MSS", "ED", "EDS", "TR", "NO", "NOS", "NR", "VOL", "PP", "CH", "ART", "SEC"))


def read_acronyms_named_last(text: str, registry: Registry) -> list[Citation]:
    """Papers a book names by its own acronym, closing a dated document's citation:
    ``Trotsky to Albert Goldman, February 19, 1940, TC 10:66``; ``Gorky, letter to Moura, 2
    Aug. 1925, GA``. The acronym (not the registry's, not a publication's or a caption's) must
    follow the document's date right away, or its number after the date; it becomes the
    collection, the number after it the item, and the citation starts where the date does.
    The archive stays unnamed (``archive`` None): the checks report it, nothing is guessed.
    The document before the date is refcli.parsers.note's to read."""
    out: list[Citation] = []
    for m in _ACRONYM_LAST.finditer(text):
        acronym = m.group("acronym")
        if acronym in _NOT_PAPERS or registry.get(acronym) is not None:
            continue
        number = _DOCUMENT_NUMBER.search(text, max(0, m.start() - 20), m.start())
        date = _DATE_BEFORE.search(text, max(0, m.start() - 60), number.start() if number else m.start())
        if date is None and not LETTER_BEFORE.search(text, max(0, m.start() - 90), m.start()):
            continue
        start = date.start() if date else m.start()
        item = m.group("item")
        fields = {"collection": acronym, **({"item": item} if item else {}), **({"date": date.group(1)} if date else {})}
        out.append(Citation(kind="archival", raw=text[start : m.end()], shelfmark=m.group(),
                            start=start, end=m.end(), **fields))
    return out


def _name_start(text: str, word_start: int) -> int | None:
    """Where the capitalised name ending at WORD_START begins: up to six words before the
    collection word, back to a comma, bracket, quote or sentence start, every one capitalised,
    an initial or a joining word ("of", "the"); a lead-in ("See") left out. None when no name
    is there."""
    lo = max(0, word_start - 80)
    seg = max(text.rfind(ch, lo, word_start) for ch in ",;:()“”\"") + 1
    seg = max(seg, lo)
    words = [(w.start() + seg, w.group()) for w in re.finditer(r"\S+", text[seg:word_start])]
    start = None
    for k, (pos, word) in enumerate(reversed(words)):
        if k >= 6 or not _NAME_WORD.match(word):
            break
        if word.endswith(".") and not (len(word) == 2 or word in ("Jr.", "Sr.", "St.")):
            break  # a sentence's end, not an initial
        if word[:1].isupper():
            start = pos
    if start is None:
        return None
    lead = _LEAD.match(text, start, word_start)
    if lead:
        start = lead.end()
    return start if start < word_start else None


def _dated_before(text: str, start: int) -> bool:
    """Whether the comma-separated segment before START holds a date (a dated letter or memo
    in the collection)."""
    j = start
    while j > 0 and text[j - 1] in " ,":
        j -= 1
    before = text[max(0, j - 40) : j]
    return bool(_DATE.search(before) or _YEAR_LAST.search(before))


_YEAR_LAST = rx.compile(r"\b(?:1[89]|20)\d\d$")


# the United Kingdom's National Archives named after one of its units
_KEW_NAMED_LAST = rx.compile(r",\s?(?:T?NA|PRO|(?:The\s)?National Archives(?:,\s?Kew)?|Public Record Office)(?![\w/-])")


def read_bare_unit(text: str, start: int, end: int, archive: Archive,
                   registry: Registry) -> Citation | None:
    """The unit at TEXT[START:END], written in one of ARCHIVE's reference forms with the
    archive's name left out (``DO35/998/7/13``, ``FO 371/116982, f. 23``), with the labelled
    levels that follow it (a folio)."""
    scheme = registry.scheme_of(archive)
    first = _reference(_Part(text[start:end], start, end), scheme)
    if first is None:
        return None
    segments = _segments_after(text, end)
    if len(segments) > 1 and "item" in scheme.levels and _ITEM_ALONE.fullmatch(segments[0].text) \
            and _level(segments[1], scheme) is not None:
        # "PREM 3/139, 8A, ff. 298–9, NA": the piece's item, unlabelled, before its folios
        item = segments[0]
        item.fields, item.level = (("item", item.text),), "item"
        after, _ = _read(segments[1:], scheme, set(), forward=True)
        after = [item, *after]
    else:
        after, _ = _read(segments, scheme, set(), forward=True)
    parts = [first, *(p for p in after[:3] if p.level is not None)]
    while len(parts) > 1 and parts[-1].start > parts[-2].end + 3:
        parts.pop()  # only levels written right after the reference are its
    fields: dict[str, str] = {}
    for p in parts:
        for level, value in p.fields:
            fields[level] = f"{fields[level]}, {value}" if level in fields else value
    c_end = parts[-1].end
    if archive.acronym == "TNA" and (last := _KEW_NAMED_LAST.match(text, c_end)):
        c_end = last.end()  # "PREM 3/139/11A, f. 764, NA": Kew named last (not NARA's "NA")
    shelfmark = ", ".join([archive.acronym, *(p.rendered() for p in parts)])
    return Citation(kind="archival", raw=text[start:c_end], archive=archive.acronym, shelfmark=shelfmark,
                    start=start, end=c_end, **fields)


# a box or a named folder: the anchors of a citation of a presidential library's files
# "box 5", "boxes 3", "folder", a word boundary before them (written first letter first, as
# _COLLECTION_WORD; the same matches)
_BOX_OR_FOLDER = rx.compile(r"B(?<!\wB)ox(?:es)?\s\d|b(?<!\wb)ox(?:es)?\s\d|F(?<!\wF)older\b|f(?<!\wf)older\b"
                            r"|c(?<!\wc)artons?\s\d")
# a box (or a carton, as the Bancroft Library's papers are boxed: "folder 10, carton 46")
# (the folder's title may follow in brackets: "Box 22 (Shaul Dayfile)")
_BOX_SEGMENT = rx.compile(r"(?:[Bb]ox(?:es)?|[Cc]artons?)\s(\d{1,5}[A-Za-z]?(?:\s?[-–]\s?\d{1,5})?)"
                          r"(?:\s\((?P<folder>[^()]{2,60})\))?")
_FOLDER_AFTER = rx.compile(r"(.{1,70}?)\s+folder")
_FOLDER_BEFORE = rx.compile(r"[Ff]older\s+(.{1,70})")
_NUMBERED = rx.compile(r".{1,70}\(\d{1,2}\)")  # "Phone Calls Jan.–May 1954 (3)"
_ACRONYM = rx.compile(r"[A-Z]{3,6}|[A-Z]{1,3}/[A-Z]{2,6}")  # (a book's own: "H/NSA", "W/NSA")


# A State Department decimal file: class, country and subject before the slash, the document's
# number or its date after it ("861.51/264", "033.6111/29a", "501.BB/7–2748", "501.BC
# Armaments/7–3048", "501.BD–Human Rights/3–2448", "740.00119 Council/8–949")
_DECIMAL = (r"\d{3}[A-Za-z]?(?:\.(?:\d{1,5}[A-Za-z]{0,2}|[A-Z]{1,3})(?:[ –-][A-Z][a-z]+){0,2})?"
            r"/\d{1,5}[a-z½]?(?:[-–]\d{2,6})?")
# "File No. 861.51/264", "File Nos. 861.00/1234, 861.00/1250": decimal files as the older FRUS
# volumes print them, the Department not named (read with the shelfmarks, before labelling)
_FILE_NUMBERS = rx.compile(rf"\bFile\sNos?\.\s?(?P<nums>{_DECIMAL}(?:,\s?{_DECIMAL}){{0,8}})(?![\w/])")
_FILE_NUMBER = rx.compile(rf"\bFile\s(?P<nums>{_DECIMAL})(?![\w/])")
# A decimal file dated after its slash ("711.90/3–1448"), the form no other number takes: read
# wherever it stands, alone as a document's source note or in commentary's parentheses
_DATED_DECIMAL = rx.compile(r"(?<![\w./–-])\d{3}[A-Za-z]?\.(?:\d{1,5}[A-Za-z]{0,2}|[A-Z]{1,3})(?:[ –-][A-Z][a-z]+){0,2}"
                            r"/\d{1,2}[-–]\d{3,4}[a-z]?(?![\w/–-])")
# A lot file, the State Department's office files retired in lots ("PPS files, lot 64 D 563";
# "S/S–NSC Files: Lot 63 D 351"; "Lot 64D563"), with the office that kept it when it is named
_LOT_FILE = rx.compile(r"(?:(?<![\w/–-])[A-Z][A-Za-z]*(?:[/–-][A-Z][A-Za-z]*){0,3}\s[Ff]iles?[,:]?\s)?"
                       r"\b[Ll]ot\s?(?:[Ff]ile\s)?\d{2}\s?D\s?\d{1,4}\b")
_STATE = "Department of State"
# "(Ibid., Central Files, 751G.00/5–855)", "Ibid., Conference Files: Lot 60 D 627": the file is
# Ibid.'s own locator; "RG 59, Conference Files: Lot 66 D 110, National Archives": a file
# the National Archives hold, read with them
_OTHERWISE_HELD = rx.compile(r"\bibid\b|\bRG\s?\d|\bNARA\b|National Archives", re.IGNORECASE)


def _clause_around(text: str, start: int, end: int) -> str:
    opened = text.rfind("(", 0, start)
    while opened >= 0 and text.find(")", opened, start) >= 0:  # "(Ibid., S/S–NSC (Miscellaneous) Files: Lot …"
        opened = text.rfind("(", 0, opened)
    begin = max(opened, text.rfind(";", 0, start), text.rfind(". ", 0, start))
    stops = [i for i in (text.find(")", end), text.find(";", end)) if i >= 0]
    return text[begin + 1 : min(stops, default=len(text))]


# The State Department's decimal files cited by the series' name, the archive left out, as
# historians wrote before the National Archives' record groups ("U.S. State Dept. Decimal File,
# 861.00/1305, March 15, 1918."; "Department of State Decimal File 711.61/287"); the number a
# decimal file's or the microcopy's ("316-85-1002": microcopy, roll, frame), a second number in
# brackets ("861.51/110 (316-116-682)"), the document's date after it
_MICROCOPY = r"\d{3}-\d{1,4}-\d{1,5}"
_DECIMAL_FILE = rx.compile(
    r"(?P<series>(?:U\.\s?S\.\s)?(?:State\sDep(?:artmen)?t\.?|Department\sof\sState)\s(?:Central\s)?Decimal\sFiles?)"
    rf",?\s(?P<nums>(?:{_DECIMAL}|{_MICROCOPY})(?![\w/])(?:\s\((?:{_DECIMAL}|{_MICROCOPY}|/\d{{1,5}})\))?)"
    rf"(?:,\s(?P<date>{DATE}))?")


def read_decimal_files(text: str) -> list[Citation]:
    """The State Department's decimal files a note cites by the series' name and the file's
    number (``U.S. State Dept. Decimal File, 861.51/184``), the archive unnamed: the series,
    the number as the shelfmark, the document's date where it follows."""
    return [Citation(kind="archival", raw=m.group(), series=m.group("series"), shelfmark=m.group("nums"),
                     date=m.group("date"), start=m.start(), end=m.end())
            for m in _DECIMAL_FILE.finditer(text)]


def read_file_numbers(text: str, registry: Registry) -> list[Citation]:
    """The State Department's decimal files a note cites by number after "File No." (``File
    No. 861.51/264``), one reference for the numbers written together. Their archive is the
    Department's records as FRUS cites them, when the registry has them."""
    archive = _STATE if registry.get(_STATE) is not None else None
    return [Citation(kind="archival", raw=text[m.start() : m.end()], archive=archive,
                     shelfmark=f"{archive}, {m.group('nums')}" if archive else m.group("nums"),
                     start=m.start(), end=m.end())
            for m in _FILE_NUMBERS.finditer(text)]


def read_state_department_files(text: str, registry: Registry) -> list[Citation]:
    """The State Department's files a FRUS note cites without naming the Department or a label
    refcli.parsers.shelfmark reads: a decimal file dated after its slash (``501.BB/7–2748:
    Telegram``) or after "File" (``(File 811.114/4517)``), and a lot file by the office that
    kept it (``PPS files, lot 64 D 563``). Not a file that is Ibid.'s locator or that the
    National Archives hold in the same clause. refcli.parsers.note reads these after labelling
    (the labeller's notes of training were read without them)."""
    if registry.get(_STATE) is None:
        return []
    found: list[tuple[int, int, str]] = []
    for pattern in (_FILE_NUMBER, _DATED_DECIMAL, _LOT_FILE):
        found += [(m.start(), m.end(), m.group("nums") if pattern is _FILE_NUMBER else m.group())
                  for m in pattern.finditer(text)
                  if not any(a < m.end() and m.start() < b for a, b, _ in found)]
    return [Citation(kind="archival", raw=text[start:end], archive=_STATE, shelfmark=f"{_STATE}, {number}",
                     start=start, end=end)
            for start, end, number in sorted(found)
            if not _OTHERWISE_HELD.search(_clause_around(text, start, end))]


def read_unnamed_boxes(text: str, registry: Registry, late: bool = False) -> list[Citation]:
    """A presidential library's files cited by their levels with the library left out, the
    folder first and the collection last: ``Phone Calls Jan.–May 1954 (3), box 5, DDE Diary
    Series, Whitman File``; ``Hazlett 1954 (1) folder, box 18, Name Series, Whitman File``;
    ``Chronological (1) folder, Williams Papers``; ``GFKP, box 1`` (the papers by their
    initials). A run of such segments needs a box or a named folder and a series or a
    collection; the archive stays unnamed (``archive`` None) and the checks report it.
    LATE also reads the forms refcli.parsers.note asks for after labelling (the labeller's
    notes of training were read without them): the papers' initials closing a clause
    (``folder 10, carton 46, EOL.``), a folder's title quoted with the comma inside the
    closing quote (``“Historians 1956,” Box 477, AHA Papers``) and a folder named by a
    person, family name first (``box 20, folder Meyer, Cord, Schlesinger Papers``)."""
    scheme = registry.schemes.get(_NAMED_SCHEME)
    if scheme is None or _BOX_OR_FOLDER.search(text) is None:
        return []
    out: list[Citation] = []
    clause_start = 0
    for stop in [*_STOP.finditer(text), None]:
        clause_end = stop.start() if stop else len(text)
        if _BOX_OR_FOLDER.search(text, clause_start, clause_end):
            out.extend(_boxes_in(text, clause_start, clause_end, scheme, registry, late))
        clause_start = stop.end() if stop else len(text)
    return out


# a folder named by a person, family name first ("box 20, folder Meyer, Cord, Schlesinger
# Papers"): the family name after the word, then the given names in the next segment
_FOLDER_OF_A_PERSON = rx.compile(r"[Ff]older\s[A-Z][\w'’-]+")
_GIVEN_NAMES = rx.compile(r"[A-Z][a-z'’-]+(?:\s[A-Z]\.)?(?:\s[A-Z][a-z'’-]+)?(?:,\sJr\.?)?")


def _folders_of_persons(text: str, segments: list[_Part]) -> list[_Part]:
    """SEGMENTS, with a person's folder and the given names after it as one segment, where
    a collection or series follows them."""
    out: list[_Part] = []
    i = 0
    while i < len(segments):
        p = segments[i]
        if i + 2 < len(segments) and _FOLDER_OF_A_PERSON.fullmatch(p.text) \
                and _GIVEN_NAMES.fullmatch(segments[i + 1].text) \
                and (_COLLECTION_WORD.search(segments[i + 2].text) or segments[i + 2].text.endswith("Series")):
            q = segments[i + 1]
            out.append(_Part(text[p.start : q.end], p.start, q.end))
            i += 2
            continue
        out.append(p)
        i += 1
    return out


def _boxes_in(text: str, start: int, end: int, scheme: Scheme, registry: Registry,
              late: bool = False) -> list[Citation]:
    segments = _split(text, start, end, quoted_commas=late)  # (commas inside quotes and brackets do not cut)
    if late:
        segments = _folders_of_persons(text, segments)
    texts = [p.text.rstrip(".") if i == len(segments) - 1 else p.text for i, p in enumerate(segments)]
    box_next = [i + 1 < len(segments) and _BOX_SEGMENT.fullmatch(texts[i + 1]) is not None
                for i in range(len(segments))]
    kinds: list[tuple[str, str] | None] = []
    for i, seg in enumerate(texts):
        if (m := _BOX_SEGMENT.fullmatch(seg)) is not None:
            kinds.append(("box", m.group(1)))
            if m.group("folder"):
                kinds.append(("folder", m.group("folder")))
        elif (m := _FOLDER_AFTER.fullmatch(seg) or _FOLDER_BEFORE.fullmatch(seg)) is not None:
            kinds.append(("folder", m.group(1)))
        elif registry.get(seg) is not None:
            return []  # an archive is named: its own reader has read the clause
        elif _is_name(seg, False, scheme) and seg.split()[-1] == "Series":
            kinds.append(("series", seg))
        elif _is_name(seg, False, scheme) and is_collection_name(seg, scheme) and seg[0] not in "“\"‘":
            # (a quoted title is a folder's or a document's, never the collection's name)
            kinds.append(("collection", seg))
        elif _ACRONYM.fullmatch(seg) and box_next[i]:
            kinds.append(("initials", seg))  # "GFKP, box 1": the papers by their initials
        elif (late and i == len(segments) - 1 and i and kinds[-1] is not None and kinds[-1][0] in ("box", "folder")
              and _ACRONYM.fullmatch(seg)):
            kinds.append(("collection", seg))  # "folder 10, carton 46, EOL.": named last
        elif _NUMBERED.fullmatch(seg) and seg[0].isupper() and len(seg.split()) <= 8 and box_next[i]:
            kinds.append(("folder", seg))  # "Phone Calls Jan.–May 1954 (3), box 5"
        else:
            kinds.append(None)
    out: list[Citation] = []
    i = 0
    while i < len(kinds):
        if kinds[i] is None:
            i += 1
            continue
        j = i
        fields: dict[str, str] = {}
        while j < len(kinds) and kinds[j] is not None and kinds[j][0] not in fields:  # type: ignore[index]
            level, value = kinds[j]  # type: ignore[misc]
            if level == "initials":
                if fields:
                    break
                level = "collection"  # the initials open the run, the levels follow
            fields[level] = value
            j += 1
            if level == "collection" and j - 1 > i:
                break  # a collection named last closes the run
        if ({"box", "folder"} & fields.keys()) and ({"series", "collection"} & fields.keys()):
            a, b = segments[i].start, segments[j - 1].end
            out.append(Citation(kind="archival", raw=text[a:b], start=a, end=b,
                                shelfmark=text[a:b], **fields))
        i = j
    return out
