"""Plain-text notes: a whole article with a notes section, a bare notes list, a book's notes
by chapter, or one citation per line.

Every run of numbered notes is found, not only the longest one. The numbered lines of the file
(``15 GARF ...``, ``[15] ...``, ``15. ...``, a number alone on its line with the note on the
next, as e-books lay notes out, and numbers displaced by text extraction) are candidates; one
pass of dynamic programming over them picks the reading that explains the most of them:

- a note that continues the numbering (``n`` after ``n-1``) scores most; a short skip less;
- numbering that goes back (``1 ... 5``, then ``1 ... 4``) starts a new **notes section**
  (a chapter's notes, with or without a heading such as ``Notes to Chapter 3``, ``Глава 3``);
- numbering that jumps ahead (``17 ... 37``, then ``70 ... 89``) is a gap in the same section;
- a run of notes set apart from the others by running text (a book whose notes follow each
  chapter) is kept when it holds at least three notes that read as references.

What is left out is page furniture (``136 views rating``, ``page 65``) and body lines that merely
start with a number (``27 years of ...``). A numbered line inside the notes that fits no run
becomes a note of its own (the checks report it as out of order or a duplicate); one that
continues the text of the note before it is kept in that note with a ``number-merged``
finding, never silently. Numbers displaced by text extraction are repaired and reported:
``Selivanov I. N. 4 Moscow - ...`` is note 4, ``2 4 The plenum ...`` is note 24.

Each note keeps its ``label`` (the number as printed) and, where the file holds several notes
sections, its ``section`` (the heading before it, or the section's ordinal).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from refcli import rx
from refcli.model import Finding, RawNote, ReadResult

from .base import normalize_text
from .markers import find_markers

# "15 GARF ...", "15. ...", "15) ...", "[15] ...", "^15 ..." (not "1.10.1933", a date)
_LEADING = rx.compile(r"^\s*(?:\[(\d{1,6})\]|(\d{1,6})(?:[.)](?!\d)\s*|\s+)|\^(\d{1,6})\s+)(?=\S)")
_SPLIT_DIGITS = rx.compile(r"^\s*(\d)\s(\d)\s+(?=[^\d\s])")
_BARE = rx.compile(r"^\s*\[?(\d{1,6})[.)\]]?\s*$")
# a month and a year after a day: a date, not a note number before its text
_MONTH_YEAR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*+\.?\s+1[5-9]\d\d\b"
# "Selivanov I. N. 4 Moscow ...": an author's name, then the note number, then the title
_NAME_WORD = r"[A-ZА-ЯЁ][\w'’\-]*\.?"
_DISPLACED = rx.compile(
    rf"^\s*(?P<pre>{_NAME_WORD}(?:,?\s+{_NAME_WORD}){{0,7}},?)\s+(?P<n>\d{{1,4}})\s+"
    rf"(?P<rest>(?!{_MONTH_YEAR})[^\d\s].*)$"
)
# "... Makarios' February 4 statement ...": a month, then its day, wrapped to a line's start
_MONTH_LAST = rx.compile(r"(?:^|\s)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*+\.?,?$")
# a line ending in what a number follows (a month, "Document", "No.", "pp."): a number opening
# the next line continues it, as wrapped text does ("see Document / 3.", "September / 1.")
_ASKS_NUMBER = rx.compile(
    r"(?:^|\s)(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*+|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|Documents?|Nos?\.|"
    r"pp?\.|[Ll]l?\.|[dDfF]\.|[Oo]p\.|[ЛлДдФфСс]\.|Лл\.|Оп\.|[Vv]ol\.|[Vv]olumes?|[Cc]hapters?|"
    r"[Tt]elegrams?|[Dd]espatch(?:es)?|[Aa]irgrams?|[Ff]ootnotes?|[Pp]ages?|[Pp]aragraphs?|[Ss]ections?|[Bb]ox|[Ff]older|RG)$")
_FURNITURE = rx.compile(r"^(?:\s*+(?:page\s+\d+|стр\.\s*\d+|\d{1,4})\s*+|[-–—*\s]++)$", re.IGNORECASE)
_HEADING = rx.compile(
    r"^\s*(?:notes?\b|endnotes\b|chapter\b|ch\.|part\b|section\b|book\b|introduction\b|"
    r"conclusions?\b|epilogue\b|prologue\b|preface\b|foreword\b|afterword\b|appendix\b|"
    r"примечани|сноски\b|глава\b|гл\.|часть\b|раздел\b|книга\b|введение\b|заключение\b|"
    r"предисловие\b|послесловие\b|эпилог\b|пролог\b|приложение\b)",
    re.IGNORECASE,
)
# a heading that opens the notes of an article or a book: what comes before it is body text
_NOTES_HEADING = rx.compile(
    r"^\s*(?:notes|endnotes|footnotes|примечания|сноски|комментарии)\s*+(?:[.:]\s*+)?$", re.IGNORECASE
)
# what follows a number at the start of a line that more likely continues a text than opens a
# note: a dash, a lower-case word ("27 февраля 1956 г.", "162 до 247", "vol. 6" does open
# notes, so this is a cost, not a rule)
_CONTINUES = rx.compile(r"^(?:[–—-]|(?!ibid|там\s+же|op\.\s*cit|i\.\s*e\.|cf\.|source:)[a-zа-яё])")
# a month and a year after the number: a date wrapped onto the line ("probably 22 or / 23 May
# 1918."), as costly as what continues a text (still reported when it is merged)
_DATED = rx.compile(_MONTH_YEAR)
# ... and what never opens a note: closing punctuation, a Russian archival level ("Д.",
# "Л." open a note only after "Там же"; "vol. 6, ch. 10" does open notes in English); a question
# mark before a word is an editor's doubtful reading of a garbled word ("7 ? failing."), a note
_NEVER_OPENS = rx.compile(r"^(?:[)\].,;:!]|\?(?!\s[^\W\d])|(?:[ДЛФ]|Оп|Лл)\.\s*\d)")
# what makes a note read as a reference: a year, a locator, a back-reference, a link, a page
# number ending it (Chicago short forms: "Kuromiya, Stalin, 12."), a lead-in
_REFERENCE = rx.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)\b|\b(?:pp?|ll?|ff?|op|d|vol|nos?|[сСлЛфФдДтТ]|стр|лл|оп)\.\s*\d|"
    r"\bibid\b|\bidem\b|там\s+(?:же|само)|op\.\s*cit|[ув]каз\.\s*(?:соч|праця)|https?://|www\.|//|"
    r"\bcentral\s+files\b|\blot\s+\d\d\s*d\s*\d|\brg\s+\d|"  # a FRUS document's source note
    r"[,:]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?[.;]?\s*$|"
    r"^(?:source|see|cited|quoted|цит|см)\b",
    re.IGNORECASE,
)
# what makes one note alone read as a reference: the same without a bare year or lead-in
_STRONG_REFERENCE = rx.compile(
    r"\b(?:pp?|ll?|ff?|op|d|vol|nos?|[сСлЛфФдДтТ]|стр|лл|оп)\.\s*\d|"
    r"\bibid\b|\bidem\b|там\s+(?:же|само)|op\.\s*cit|[ув]каз\.\s*(?:соч|праця)|https?://|www\.|//|"
    r"^source:|\bcentral\s+files\b|\blot\s+\d\d\s*d\s*\d|\brg\s+\d|"  # a FRUS document's source note
    r"[,:]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?[.;]?\s*$|"
    r"[,:]\s*(?:1[5-9]\d\d|20\d\d)\)?[.,;]",  # an imprint: "Moscow, 2007." "UNC Press, 2001),"
    re.IGNORECASE,
)

MAX_LINES_BETWEEN = 12  # content lines a note may run over before the next one
MAX_SKIP = 3  # numbers a run may skip and still count as one run
MAX_BACK = 16  # candidates a note looks back at
MAX_PLAUSIBLE = 100  # how far beyond the notes around it a number may still be a note's
MIN_DETACHED = 3  # notes a run set apart by running text needs to be kept

# scores of the dynamic programme: a note that continues the numbering earns NOTE; the first
# note of a run earns nothing (one numbered line alone is no evidence of notes), less the cost
# of what it does to the numbering
NOTE = 10.0
DISPLACED_COST = 3.0
CONTINUES_COST = 4.0  # the number is followed by what continues a text ("12. Л. 12 об.")
NOT_ONE_COST = 2.0  # a first run that does not start at 1
SKIP_COST = 6.0  # per number skipped in a run
DUPLICATE_GAIN = 2.0
RESTART_COST = 3.0  # numbering back to 1: a new section
BACK_COST = 10.0  # numbering back to another number: a new section starting mid-way
JUMP_COST = 6.0  # numbering jumping ahead: a gap
DETACHED_COST = 12.0  # a run set apart from the one before it by running text
REFERENCE_GAIN = 7.0  # a note after a restart or a gap that reads as a reference: it may stand alone

CONTINUE, BREAK, DETACHED, START = "continue", "break", "detached", "start"


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: int
    n: int
    text: str
    label: str
    displaced: str | None = None  # how the number was written, when it was out of place
    text_line: int | None = None  # where the text starts, when not on the number's line
    leading: bool = False  # the number opens the line as note numbers do
    asked: bool = False  # the line before ends in what a number follows ("see Document")

    @property
    def continues(self) -> bool:
        """Does the number read as the rest of a sentence, not a note's start (what follows
        it, or the line before it asking for a number)?"""
        return (self.asked or _CONTINUES.match(self.text) is not None
                or _NEVER_OPENS.match(self.text) is not None)


def _asked(lines: list[str], i: int) -> bool:
    return i > 0 and _ASKS_NUMBER.search(lines[i - 1].rstrip()) is not None


def _candidates(lines: list[str], i: int) -> list[_Candidate]:
    line = lines[i]
    out = []
    m = _LEADING.match(line)
    if m:
        digits = next(g for g in m.groups() if g)
        out.append(_Candidate(i, int(digits), line[m.end() :].strip(), digits, leading=True,
                              asked=_asked(lines, i)))
    m = _SPLIT_DIGITS.match(line)
    if m:
        digits = m.group(1) + m.group(2)
        out.append(_Candidate(i, int(digits), line[m.end() :].strip(), digits,
                              f"{m.group(1)} {m.group(2)}"))
    m = _DISPLACED.match(line)
    if m and not _LEADING.match(line) and not _MONTH_LAST.search(m.group("pre")):
        text = f"{m.group('pre')} {m.group('rest')}".strip()
        out.append(_Candidate(i, int(m.group("n")), text, m.group("n"),
                              f"{m.group('pre')} {m.group('n')}",
                              asked=_ASKS_NUMBER.search(m.group("pre").rstrip()) is not None))
    m = _BARE.match(line)
    if m:
        # e-book layout: the number alone on its line, the note on the next (after at most
        # one blank line), provided that line is text and not another number; a text that
        # opens with a number ("3 USC 301, ...") right on the next line is both, and the
        # numbering decides, unless the line before asks for the number ("Л. / 20. / 21
        # Chen Jian ..."); after a blank line it is a note under a heading ("43" / "" / "1 ...")
        asked = _asked(lines, i)
        for j in (i + 1, i + 2):
            if j >= len(lines):
                break
            nxt = lines[j]
            if not nxt.strip():
                continue
            numbered = _LEADING.match(nxt) is not None
            if not _FURNITURE.match(nxt) and not _BARE.match(nxt) and not (numbered and (asked or j > i + 1)):
                out.append(_Candidate(i, int(m.group(1)), nxt.strip(), m.group(1), text_line=j,
                                      asked=asked))
            break
    # 0 is a note number too (the unnumbered source note of a FRUS document is note 0)
    return [c for c in out if (c.n > 0 or (c.n == 0 and c.displaced is None)) and c.n < 1_000_000
            and not (c.text_line is None and _NEVER_OPENS.match(c.text))]


def _last_line(c: _Candidate) -> int:
    return c.text_line if c.text_line is not None else c.line


@dataclass(slots=True)
class _Step:
    score: float
    back: int
    how: str


def _transition(p: _Candidate, c: _Candidate, own: float, reference: bool) -> tuple[float, str]:
    """The score of note C right after note P (within reach of each other); REFERENCE: C
    reads as a reference."""
    step = c.n - p.n
    if step == 0 and c.n <= 1:
        # a second note 1 opens a new section (a document or chapter with one note)
        return own - NOTE + DUPLICATE_GAIN, BREAK
    if step == 0:
        return own - NOTE + DUPLICATE_GAIN, CONTINUE
    if 1 <= step <= MAX_SKIP + 1:
        return own - SKIP_COST * (step - 1), CONTINUE
    # the first note of a new section or after a gap: worth something on its own only when
    # it reads as a reference, and a jump to a year ("1956 was ...") never is
    year = step > 0 and 1500 <= c.n <= 2100 and p.n < 1000
    gain = REFERENCE_GAIN if reference and not year else 0.0
    if step < 0:
        return own - NOTE - (RESTART_COST if c.n <= 1 else BACK_COST) + gain, BREAK
    return own - NOTE - JUMP_COST + gain, BREAK


def _best_path(cands: list[_Candidate], between: list[int], ends: list[int],
               refs: list[bool]) -> list[tuple[_Candidate, str]]:
    """The best-scoring reading of the candidates as runs of notes (see the module docstring).

    BETWEEN[i] counts the content lines before line i, and ENDS[i] is the last line of the
    paragraph line i is in, so a note is within reach of the one before when at most
    MAX_LINES_BETWEEN content lines stand between the end of that one's paragraph and it
    (however long the note before is), and it is at most MAX_BACK candidates back. REFS[i]
    tells whether candidate i reads as a reference: the first note after a restart or a gap
    then stands on its own (a chapter with one note, the last note of an excerpt).

    Linear in the number of candidates: the readings that end within reach are kept by note
    number and as a whole, each in a queue of decreasing scores, so a candidate finds its best
    predecessor for each step of the numbering (0 to MAX_SKIP + 1), the best one to break
    from (a restart or a jump), and the best reading that ended out of reach, in O(1). A break
    is taken from the best reading within reach (when that one would continue the numbering
    instead, the continuation is taken).
    """
    steps: list[_Step] = []
    far_best, far_index = float("-inf"), -1  # best reading ending out of reach
    k = 0  # candidates before k are out of reach
    queued = 0  # candidates before this are in the queues (or were)
    by_n: dict[int, deque[int]] = {}
    window: deque[int] = deque()

    def reach(p: _Candidate, c: _Candidate) -> int:
        end = ends[p.text_line if p.text_line is not None else p.line]
        return between[c.line] - between[min(end + 1, c.line)]

    def push(q: deque[int], j: int) -> None:
        score = steps[j].score
        while q and steps[q[-1]].score <= score:
            q.pop()
        q.append(j)

    def head(q: deque[int] | None) -> int:
        while q and q[0] < k:
            q.popleft()
        return q[0] if q else -1

    for i, c in enumerate(cands):
        # earlier lines only, and after the text of a number alone on its line
        while queued < i and _last_line(cands[queued]) < c.line:
            push(by_n.setdefault(cands[queued].n, deque()), queued)
            push(window, queued)
            queued += 1
        while k < queued and (i - k > MAX_BACK or reach(cands[k], c) > MAX_LINES_BETWEEN):
            if steps[k].score > far_best:
                far_best, far_index = steps[k].score, k
            k += 1
        own = (NOTE - (DISPLACED_COST if c.displaced else 0)
               - (CONTINUES_COST if c.continues or _DATED.match(c.text) else 0))
        first = own - NOTE - (NOT_ONE_COST if c.n > 1 else 0)
        best = _Step(first, -1, START)
        if far_index >= 0 and far_best + first - DETACHED_COST > best.score:
            best = _Step(far_best + first - DETACHED_COST, far_index, DETACHED)
        for step in range(MAX_SKIP + 2):
            j = head(by_n.get(c.n - step))
            if j >= 0:
                gain, how = _transition(cands[j], c, own, refs[i])
                if steps[j].score + gain > best.score:
                    best = _Step(steps[j].score + gain, j, how)
        j = head(window)
        if j >= 0 and not 0 <= c.n - cands[j].n <= MAX_SKIP + 1:
            gain, how = _transition(cands[j], c, own, refs[i])
            if steps[j].score + gain > best.score:
                best = _Step(steps[j].score + gain, j, how)
        steps.append(best)
    if not cands:
        return []
    i = max(range(len(cands)), key=lambda m: (steps[m].score, -m))
    path = []
    while i >= 0:
        path.append((cands[i], steps[i].how))
        i = steps[i].back
    return path[::-1]


@dataclass(slots=True)
class _Group:
    """Notes of the path read as one run: a new group starts where the numbering goes back
    (a new section), jumps ahead (a gap), or where running text sets the notes apart."""

    notes: list[tuple[_Candidate, str]]
    detached: bool  # running text (or the start of the file) before it
    references: int = 0  # how many of its notes read as references


def _groups(lines: list[str], path: list[tuple[_Candidate, str]]) -> list[_Group]:
    groups: list[_Group] = []
    for k, (c, how) in enumerate(path):
        if k == 0 or how != CONTINUE:
            groups.append(_Group([], how in (START, DETACHED)))
        groups[-1].notes.append((c, how))
        stop = path[k + 1][0].line if k + 1 < len(path) else len(lines)
        groups[-1].references += _reads_as_reference(lines, c, stop)
    return groups


def _reads_as_reference(lines: list[str], c: _Candidate, stop: int,
                        most: int = MAX_LINES_BETWEEN, pattern: re.Pattern[str] = _REFERENCE) -> bool:
    """Does the note starting at C (its first lines: up to line STOP, MOST more) read as a
    reference (PATTERN)?"""
    text = c.text
    i = (c.text_line if c.text_line is not None else c.line) + 1
    stop = min(stop, i + most)
    while i < stop and len(text) < 1000 and lines[i].strip():
        text += " " + lines[i].strip()
        i += 1
    return pattern.search(text) is not None


def _prose_after(lines: list[str], group: _Group, stop: int) -> bool:
    """Is there running text after the paragraph of GROUP's last note, before line STOP?"""
    c = group.notes[-1][0]
    i = (c.text_line if c.text_line is not None else c.line) + 1
    while i < stop and lines[i].strip():
        i += 1
    return any(lines[j].strip() and not _FURNITURE.match(lines[j]) for j in range(i, stop))


def _only_headings_before(lines: list[str], group: _Group) -> bool:
    """Is there nothing but headings and page furniture above GROUP's first note?"""
    first = group.notes[0][0].line
    return all(not line.strip() or _FURNITURE.match(line) or (len(line) <= 80 and _HEADING.match(line))
               for line in lines[:first])


def _kept(groups: list[_Group], lines: list[str]) -> list[list[tuple[_Candidate, str]]]:
    """The groups that are notes, as blocks of groups that follow each other with nothing but
    notes and headings between them (a chapter's or a document's notes after another's).

    Kept are the main group (the largest that reads as references) and every other where at
    least half read as references, with at least MIN_DETACHED notes where running text sets
    it apart from the notes on both sides; right after kept notes, with nothing but a heading
    between (the next chapter's notes), a third of its notes reading as references is enough,
    or one when more notes follow it. In a block of groups with nothing but headings between
    them, every group after the first kept one is notes too, however few of its notes read as
    references (a document collection's notes that only name people), unless running text
    follows the block (then the groups after the last kept one are a list in the body), and
    so is every group before the first kept one from the first with a reference in it, or
    from the file's first group when nothing but headings stands above it. A
    numbered list in the body next to the notes, where running text or no reference sets it
    apart, stays out.
    """
    if not groups:
        return []
    refs = [2 * g.references >= len(g.notes) for g in groups]  # at least half are references
    main = max(range(len(groups)), key=lambda k: (refs[k], len(groups[k].notes), -k))
    last = len(groups) - 1
    keep = [k == main or (refs[k] and not (g.detached and (k == last or groups[k + 1].detached)
                                           and len(g.notes) < MIN_DETACHED))
            for k, g in enumerate(groups)]
    for k in range(1, len(groups)):  # what follows kept notes
        g = groups[k]
        keep[k] = keep[k] or (keep[k - 1] and not g.detached and (
            3 * g.references >= len(g.notes) or (g.references > 0 and k < last and not groups[k + 1].detached)))
    k = 0
    while k <= last:  # a block of groups with nothing but headings between them
        end = k
        while end < last and not groups[end + 1].detached:
            end += 1
        kept = [j for j in range(k, end + 1) if keep[j]]
        if kept:
            first_ref = next(j for j in range(k, end + 1) if groups[j].references or keep[j]
                             or (j == 0 and _only_headings_before(lines, groups[0])))
            stop = groups[end + 1].notes[0][0].line if end < last else len(lines)
            until = end if not _prose_after(lines, groups[end], stop) else kept[-1]
            for j in range(first_ref, until + 1):
                keep[j] = True
        k = end + 1
    blocks: list[list[tuple[_Candidate, str]]] = []
    for k, g in enumerate(groups):
        if not keep[k]:
            continue
        if k > 0 and keep[k - 1] and not g.detached:
            blocks[-1].extend(g.notes)
        else:
            blocks.append(list(g.notes))
    return blocks


def _heading(lines: list[str], start: int, stop: int) -> str | None:
    """The last heading-like line in LINES[start:stop]."""
    for i in range(stop - 1, start - 1, -1):
        line = lines[i].strip()
        if line and len(line) <= 80 and _HEADING.match(line):
            return " ".join(line.split()).rstrip(".:")
    return None


def read_text_notes(text: str, source: str) -> ReadResult:
    """Split TEXT into numbered notes (see the module docstring)."""
    lines = normalize_text(text).splitlines()
    between = [0] * (len(lines) + 1)
    ends = list(range(len(lines)))  # the last line of each line's paragraph
    for i in range(len(lines) - 2, -1, -1):
        if lines[i].strip() and lines[i + 1].strip():
            ends[i] = ends[i + 1]
    cands: list[_Candidate] = []
    content = 0
    for i, line in enumerate(lines):
        between[i] = content
        if line.strip() and not _FURNITURE.match(line):
            content += 1
            cands.extend(_candidates(lines, i))
        elif _BARE.match(line):
            cands.extend(_candidates(lines, i))
    between[len(lines)] = content
    opening = next((i for i, line in enumerate(lines) if _NOTES_HEADING.match(line)), None)
    if opening is not None and sum(1 for c in cands if c.line > opening) >= 2:
        cands = [c for c in cands if c.line > opening]  # numbered lines above are body text
    # a note that opens a paragraph (or stands under its number, e-book style) and reads as a
    # reference may stand alone after a restart or a gap; a line inside another note's text
    # may not, whatever it holds
    refs = [(c.text_line is not None or c.line == 0 or not lines[c.line - 1].strip())
            and _reads_as_reference(lines, c, len(lines), 3, _STRONG_REFERENCE) for c in cands]
    blocks = _kept(_groups(lines, _best_path(cands, between, ends, refs)), lines)
    if sum(len(b) for b in blocks) < 2:
        return _unnumbered(lines, source)
    return _assemble(lines, source, blocks)


@dataclass(slots=True)
class _Start:
    cand: _Candidate
    section: int
    headed: bool = False  # a heading line stands right before it


def _spans(lines: list[str], starts: list[_Start]) -> list[tuple[int, int]]:
    """Each note's lines: from its text's first line to its first blank line (or the next
    note's line)."""
    out = []
    for k, s in enumerate(starts):
        c = s.cand
        stop = starts[k + 1].cand.line if k + 1 < len(starts) else len(lines)
        first = c.text_line if c.text_line is not None else c.line
        i = first + 1
        while i < stop and lines[i].strip():
            i += 1
        out.append((first, i))
    return out


def _leftovers(lines: list[str], blocks: list[list[tuple[_Candidate, str]]], starts: list[_Start],
               spans: list[tuple[int, int]]) -> tuple[list[_Start], dict[int, _Candidate]]:
    """Numbered lines inside the notes that no run took: notes of their own (where they open
    a paragraph, or stand alone in e-book layout), or lines of the note before (where they
    continue its text), by line. A number followed by what continues a text (a lower-case
    word, closing punctuation, a locator) is text, not a numbered line."""
    chosen = {s.cand.line for s in starts} | {_last_line(s.cand) for s in starts}
    inside: dict[int, int] = {}  # line -> index of the note whose text holds it
    for k, (a, b) in enumerate(spans):
        for i in range(a + 1, b):
            inside[i] = k
    extra: list[_Start] = []
    merged: dict[int, _Candidate] = {}
    index = {s.cand.line: k for k, s in enumerate(starts)}
    for block in blocks:
        bare = sum(1 for c, _ in block if c.text_line is not None) * 2 > len(block)
        # a number could be a note's when it is not far beyond the block's notes, and not a
        # year where the notes are numbered below 1000 ("1956. S. 5" continues a reference)
        top = max(c.n for c, _ in block)
        top = min(top + MAX_PLAUSIBLE, 1499) if top < 1000 else top + MAX_PLAUSIBLE
        first = block[0][0].line
        end = spans[index[block[-1][0].line]][1]
        for i in range(first + 1, end):
            if i in chosen:
                continue
            cand = None
            if bare and _BARE.match(lines[i]):
                cand = next((c for c in _candidates(lines, i) if c.text_line is not None), None)
            elif (m := _LEADING.match(lines[i])) is not None:
                digits = next(g for g in m.groups() if g)
                cand = _Candidate(i, int(digits), lines[i][m.end() :].strip(), digits, leading=True,
                                  asked=_asked(lines, i))
            if cand is None or not 0 <= cand.n <= top or cand.continues:
                continue
            k = inside.get(i)
            # within a note's text, a number that does not fall between the notes around it
            # is read as part of that note; one that does (a lone note after a gap) is a note
            between = (k is not None and k + 1 < len(starts)
                       and starts[k].cand.n < cand.n < starts[k + 1].cand.n)
            if k is not None and cand.text_line is None and not between:
                merged[i] = cand
            else:
                after = spans[k][0] + 1 if k is not None else first
                extra.append(_Start(cand, 0, _heading(lines, max(after, i - 3), i) is not None))
    return extra, merged


def _assemble(lines: list[str], source: str, blocks: list[list[tuple[_Candidate, str]]]) -> ReadResult:
    """Notes from the chosen runs: their text, sections, labels and the reader's findings."""
    starts: list[_Start] = []
    section = 0
    previous: _Candidate | None = None
    for block in blocks:
        for c, how in block:
            if previous is not None and how != CONTINUE and c.n <= previous.n:
                section += 1
            starts.append(_Start(c, section))
            previous = c
    spans = _spans(lines, starts)
    extra, merged = _leftovers(lines, blocks, starts, spans)
    if extra:
        starts = _insert(starts, extra)
        spans = _spans(lines, starts)
    headings: list[str | None] = []
    for k, s in enumerate(starts):
        if s.section == len(headings):
            after = spans[k - 1][1] if k else 0
            headings.append(_heading(lines, max(after, s.cand.line - 12), s.cand.line))
    several = len(headings) > 1
    names = _section_names(headings) if several else []
    findings: list[Finding] = []
    notes: list[RawNote] = []
    for s, (a, b) in zip(starts, spans, strict=True):
        c = s.cand
        name = names[s.section] if several else None
        parts = [c.text]
        for i in range(a + 1, b):
            if not _FURNITURE.match(lines[i]):
                parts.append(lines[i].strip())
            if i in merged:
                m = merged[i]
                findings.append(Finding(
                    "number-merged", "warning", c.n,
                    f"line {i + 1} starts with {m.label}, which does not continue the numbering "
                    f"after note {c.label}; read as part of note {c.label}", (), name,
                ))  # fmt: skip
        notes.append(RawNote(c.n, " ".join(parts), c.line + 1, c.label, name))
        if c.displaced:
            # (digits split by a space at the line's start, "2 4": the number was in its place)
            split = c.displaced.replace(" ", "").isdigit()
            findings.append(Finding(
                "number-displaced", "warning", c.n,
                f"the note number was split by a space ('{c.displaced}', line {c.line + 1}); read as "
                f"note {c.n}" if split else
                f"the note number stood inside the text ('{c.displaced}', line {c.line + 1}); "
                f"moved back to the start of note {c.n}", (), name,
            ))  # fmt: skip
    first = starts[0].cand.line
    chosen = {s.cand.line for s in starts}
    body = "\n".join(line for i, line in enumerate(lines[:first]) if i not in chosen)
    markers = None
    if not several:
        found = find_markers(body, [note.n for note in notes])
        # a body where (almost) no marker shows is a preface to a notes list, not an article
        # with markers: report nothing rather than every note as unmarked
        markers = found if len(found) >= max(2, len(notes) // 4) else None
    return ReadResult(source, tuple(notes), tuple(findings), markers, "text", body)


def _insert(starts: list[_Start], extra: list[_Start]) -> list[_Start]:
    """STARTS with EXTRA merged in by line; each extra note joins the section it sits in,
    unless its number goes back from the note before it under a heading, or to 1 (a chapter
    with one note that does not read as a reference, "1. Rudolf's interrogator starts: Stasi
    report …" under its heading after note 3): it opens a section of its own, and a run's next
    section that continues its numbering is the same section."""
    merged = sorted([*starts, *extra], key=lambda s: s.cand.line)
    is_extra = {id(e) for e in extra}
    section, before, opened = 0, None, False
    for k, s in enumerate(merged):
        back = k > 0 and s.cand.n <= merged[k - 1].cand.n
        if id(s) in is_extra:
            back = back and (s.headed or s.cand.n <= 1)
            opened = back
            section += back
        else:
            # a run's own new section, unless an extra note just opened it and this one
            # continues that note's numbering
            if before is not None and s.section != before and (back or not opened):
                section += 1
            before, opened = s.section, False
        s.section = section
    return merged


def _section_names(headings: list[str | None]) -> list[str]:
    """Each section's heading, or its ordinal; a heading used twice gets the ordinal too."""
    names = []
    seen: set[str] = set()
    for k, heading in enumerate(headings, 1):
        name = heading or str(k)
        if name in seen:
            name = f"{name} ({k})"
        seen.add(name)
        names.append(name)
    return names


# the number a file's only note opens with ("1 Source: Eisenhower Library, ...", "12. Ibid.")
_ONLY_NOTE_NUMBER = rx.compile(r"\s*(\d{1,3})(?:\.|\))?\s+(?=\S)")


def _unnumbered(lines: list[str], source: str) -> ReadResult:
    """One note per non-empty line, numbered in order (a plain list of citations); a file of
    one line that opens with a number is that note, under its number."""
    notes = []
    for i, line in enumerate(lines):
        if line.strip() and not _FURNITURE.match(line):
            notes.append(RawNote(len(notes) + 1, line.strip(), i + 1))
    if len(notes) == 1 and (m := _ONLY_NOTE_NUMBER.match(notes[0].text)):
        only = notes[0]
        notes = [RawNote(int(m.group(1)), only.text[m.end():], only.line, label=m.group(1))]
    return ReadResult(source, tuple(notes), (), None, "lines", "")
