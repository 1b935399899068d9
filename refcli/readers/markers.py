"""Note markers in the running text of a plain-text article: ``system1.``, ``MNR2``,
``Molotov4.``, ``"...swearing"13,``, ``chain 3.``.

Plain text loses superscripts, so a marker is just a number glued to (or set after) a word.
Every number in the body is a candidate, scored by how it sits (glued to a word or a closing
quote: likely; standing alone mid-sentence: unlikely) after ruling out what is plainly not a
marker: years and other numbers above the notes' range, percentages (``30%``), ordinals and
compounds (``17th``, ``150-thousandth``, ``12-year``), ranges (``110-140``), decimals and
dates (``27.01.1956``, ``April 2``, ``19 April``), and numbers after a label (``Part 1``,
``No. 8``, ``vol. 1``, ``p. 4``). The markers are then the best-scoring run of candidates
whose numbers increase, the way the notes block itself is found: a number that continues
the run (``n`` after ``n-1``) is worth far more than one that skips.

Pure: the body text and the note numbers in, the marker numbers in order of appearance out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from refcli import rx

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_LABELS = (
    r"part|no|nos|n|vol|vols|volume|p|pp|page|pages|ch|chap|chapter|art|article|section|sec|"
    r"§|#|№|fig|figure|table|item|point|paragraph|para|t|ч|с|стр|гл|т|вып|л|ст|пункт|"
    r"f|op|d|l|ll|ф|оп|д|лл|number|issue|tom|book|kn|кн|grade|class|level|type|model|"
    r"route|line|room|house|building|office|step|stage|round|act|scene|verse|psalm|page"
)
_LABEL_WORDS = frozenset(_LABELS.split("|")) | frozenset("$€£¥")
_MONTH_WORDS = frozenset(_MONTHS.split("|"))
_LAST_WORD = rx.compile(r"([^\W\d_]+|[§#№$€£¥])\.?\s*$")
_MONTH_AFTER = rx.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)
# what follows a number that makes it a quantity, not a marker
_UNITS = (
    r"thousand|thousands|million|millions|billion|hundred|percent|per\s+cent|years?|months?|"
    r"weeks?|days?|hours?|minutes?|kg|km|g|m|cm|mm|t|tons?|tonnes?|people|men|persons?|times|"
    r"copies|pages|volumes|members|delegates|votes|rubles?|roubles?|dollars?|yuan|dong|"
    r"тыс|млн|млрд|лет|года?|дней|человек|руб|кг|км|процентов|%"
)
_UNIT_AFTER = rx.compile(rf"^\s*(?:{_UNITS})(?![^\W\d_])", re.IGNORECASE)
_FURNITURE = rx.compile(r"^[ \t]*(?:page\s+\d+|стр\.\s*\d+|\d{1,4})[ \t]*$", re.IGNORECASE | re.MULTILINE)
_NUMBER = rx.compile(r"(?<!\d)\d{1,6}(?!\d)")

GLUED, CLOSING, SPACED_END, SPACED_MID, QUANTITY = 6.0, 6.0, 4.0, 1.0, 0.5


@dataclass(frozen=True, slots=True)
class _Candidate:
    n: int
    pos: int
    score: float


_JOINED_AFTER = rx.compile(r"[.,:/]\d|\s*[-–—]\s*\d|-[^\W\d_]|\s*%")
_JOINED_BEFORE = rx.compile(r"\d\s*[-–—/:]\s*$")
_DOT_AFTER_DIGIT = rx.compile(r"\d[.]$")
_YEAR_DOT = rx.compile(r"(?<!\d)\d{4}[.]$")
_SPACE_OR_END = rx.compile(r"\s|$")
_NUMBER_BEFORE = rx.compile(r"\d\s+$")
_CLAUSE_END = rx.compile(r"[^\S\n]*(?:[.,;:!?)]|$|\n)")


def _candidate(body: str, m: re.Match[str], limit: int) -> _Candidate | None:
    n = int(m.group())
    if not 0 < n <= limit:
        return None
    before, after = body[max(0, m.start() - 20) : m.start()], body[m.end() : m.end() + 30]
    prev = before[-1:] or "\n"
    nxt = after[:1] or "\n"
    # part of something larger: 17th, 1930s, MiG15bis, 30%, 27.01.1956, 1948-1952, 5/7,
    # 150-thousandth
    if nxt.isalpha() or nxt == "%" or _JOINED_AFTER.match(after) or _JOINED_BEFORE.search(before):
        return None
    if _DOT_AFTER_DIGIT.search(before) and not (
            _YEAR_DOT.search(before) and _SPACE_OR_END.match(after)):
        return None  # a decimal or a date; "in June 1953.7 Zimyanin" is a year, then a marker
    last = _LAST_WORD.search(before[-16:])
    word = last.group(1).lower() if last else ""
    if word in _LABEL_WORDS or word in _MONTH_WORDS or _MONTH_AFTER.match(after):
        return None
    if _NUMBER_BEFORE.search(before):
        return None  # "300 25": a list of numbers
    quantity = _UNIT_AFTER.match(after) is not None
    if prev.isalpha() or prev in ")]»”\"'’":
        score = GLUED  # system1. MNR2 Molotov4. "swearing"13,
    elif prev in ".,;:!?…":
        # "there.6", "1950,11", "write?"8.": glued after punctuation; a sentence end is likely
        score = CLOSING if prev in ".!?…" or not before[-2:-1].isdigit() else GLUED - 2
    elif prev.isspace():
        end = _CLAUSE_END.match(after) is not None
        score = SPACED_END if end else SPACED_MID
    else:
        score = SPACED_MID
    if quantity:
        score = min(score, QUANTITY)
    return _Candidate(n, m.start(), score)


MAX_STEP = 10


def _best_run(cands: list[_Candidate]) -> list[_Candidate]:
    """The best-scoring run of candidates with increasing numbers (dynamic programming over
    the best run ending at each number so far; a run skips at most MAX_STEP - 1 numbers)."""
    best: list[float] = []
    back: list[int] = []
    ending: dict[int, tuple[float, int]] = {}  # number -> (best score of a run ending there, index)
    for i, c in enumerate(cands):
        score, link = c.score - (0 if c.n == 1 else 4 + c.n), -1
        for step in range(1, MAX_STEP + 1):
            hit = ending.get(c.n - step)
            if hit is None:
                continue
            gain = 10.0 if step == 1 else -4.0 * (step - 1)
            s = hit[0] + gain + c.score
            if s > score:
                score, link = s, hit[1]
        best.append(score)
        back.append(link)
        if c.n not in ending or score > ending[c.n][0]:
            ending[c.n] = (score, i)
    if not cands:
        return []
    i = max(range(len(cands)), key=lambda k: best[k])
    run = []
    while i >= 0:
        run.append(cands[i])
        i = back[i]
    return run[::-1]


def find_markers(body: str, notes: Sequence[int]) -> tuple[int, ...]:
    """The note markers in BODY, in order of appearance, for a document whose notes are NOTES.

    Numbers beyond the last note (plus a small margin, for markers whose note is lost) are
    never markers, which is what keeps years out of a short article's run.
    """
    if not notes or not body:
        return ()
    limit = max(notes) + 3
    # page furniture ("page 64") is blanked, keeping every position
    body = _FURNITURE.sub(lambda m: " " * len(m.group()), body)
    cands = [c for m in _NUMBER.finditer(body) if (c := _candidate(body, m, limit))]
    run = _best_run(cands)
    # a number the run needs only to bridge a gap, while the number sits in prose as a
    # quantity, is not trusted on its own: keep it only when both neighbours continue it
    out = []
    for k, c in enumerate(run):
        if c.score <= QUANTITY:
            prev_ok = k > 0 and run[k - 1].n == c.n - 1
            next_ok = k + 1 < len(run) and run[k + 1].n == c.n + 1
            if not (prev_ok and next_ok):
                continue
        out.append(c.n)
    return tuple(out)
