"""Plain-text notes: a whole article with a notes section, a bare notes list, or one citation
per line.

The notes block is found as the longest run of lines numbered 1, 2, 3 ... in order, which
leaves out page furniture ("136 views rating") and body lines that merely start with a number
("27 years of ..."). Numbers displaced by text extraction are repaired and reported:
``Selivanov I. N. 4 Moscow - ...`` is note 4, ``2 4 The plenum ...`` is note 24.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcli.model import Finding, RawNote, ReadResult

from .base import normalize_text
from .markers import find_markers

_LEADING = re.compile(r"^\s*(?:\[(\d{1,6})\]|(\d{1,6})(?:[.)]\s*|\s+)|\^(\d{1,6})\s+)(?=\S)")
_SPLIT_DIGITS = re.compile(r"^\s*(\d)\s(\d)\s+(?=[^\d\s])")
# "Selivanov I. N. 4 Moscow ...": an author's name, then the note number, then the title
_NAME_WORD = r"[A-ZА-ЯЁ][\w'’\-]*\.?"
_DISPLACED = re.compile(
    rf"^\s*(?P<pre>{_NAME_WORD}(?:,?\s+{_NAME_WORD}){{0,7}},?)\s+(?P<n>\d{{1,4}})\s+(?P<rest>[^\d\s].*)$"
)
_FURNITURE = re.compile(r"^\s*(?:page\s+\d+|стр\.\s*\d+|\d{1,4}|[-–—*\s]+)\s*$", re.IGNORECASE)

MAX_LINES_BETWEEN = 12
MAX_SKIP = 3


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: int
    n: int
    text: str
    displaced: str | None  # how the number was written, when it was out of place


def _candidates(lineno: int, line: str) -> list[_Candidate]:
    out = []
    m = _LEADING.match(line)
    if m:
        n = int(next(g for g in m.groups() if g))
        out.append(_Candidate(lineno, n, line[m.end() :].strip(), None))
    m = _SPLIT_DIGITS.match(line)
    if m:
        n = int(m.group(1) + m.group(2))
        out.append(_Candidate(lineno, n, line[m.end() :].strip(), f"{m.group(1)} {m.group(2)}"))
    m = _DISPLACED.match(line)
    if m and not _LEADING.match(line):
        text = f"{m.group('pre')} {m.group('rest')}".strip()
        out.append(_Candidate(lineno, int(m.group("n")), text, f"{m.group('pre')} {m.group('n')}"))
    return [c for c in out if 0 < c.n < 1_000_000]


def _best_chain(cands: list[_Candidate], between: list[int]) -> list[_Candidate]:
    """The best-scoring run of candidates numbered in increasing order.

    BETWEEN[i] counts the content lines before line i, so the distance between two lines in
    content lines is a subtraction.
    """
    score: list[float] = []
    back: list[int] = []
    for i, c in enumerate(cands):
        best, best_j = 10.0 - (3 if c.displaced else 0) - (2 if c.n != 1 else 0), -1
        for j in range(i - 1, -1, -1):
            p = cands[j]
            if p.line == c.line:
                continue
            if between[c.line] - between[p.line] > MAX_LINES_BETWEEN + 1:
                break
            step = c.n - p.n
            if 1 <= step <= MAX_SKIP + 1 or step == 0:
                s = score[j] + 10 - (3 if c.displaced else 0) - 6 * max(0, step - 1) - (8 if step == 0 else 0)
                if s > best:
                    best, best_j = s, j
        score.append(best)
        back.append(best_j)
    if not cands:
        return []
    i = max(range(len(cands)), key=lambda k: (score[k], -k))
    chain = []
    while i >= 0:
        chain.append(cands[i])
        i = back[i]
    return chain[::-1]


def read_text_notes(text: str, source: str) -> ReadResult:
    """Split TEXT into numbered notes (see the module docstring)."""
    lines = normalize_text(text).splitlines()
    between = [0] * (len(lines) + 1)
    cands: list[_Candidate] = []
    content = 0
    for i, line in enumerate(lines):
        between[i] = content
        if line.strip() and not _FURNITURE.match(line):
            content += 1
            cands.extend(_candidates(i, line))
    between[len(lines)] = content
    chain = _best_chain(cands, between)
    if len(chain) < 2:
        return _unnumbered(lines, source)
    notes: list[RawNote] = []
    findings: list[Finding] = []
    chain_lines = {c.line for c in chain}
    for k, c in enumerate(chain):
        stop = chain[k + 1].line if k + 1 < len(chain) else len(lines)
        parts = [c.text]
        for line in lines[c.line + 1 : stop]:
            if not line.strip():
                break
            if not _FURNITURE.match(line):
                parts.append(line.strip())
        notes.append(RawNote(c.n, " ".join(parts), c.line + 1, str(c.n)))
        if c.displaced:
            findings.append(
                Finding(
                    "number-displaced",
                    "warning",
                    c.n,
                    f"the note number stood inside the text ('{c.displaced}', line {c.line + 1}); "
                    f"moved back to the start of note {c.n}",
                )
            )
    first = chain[0].line
    body = "\n".join(line for i, line in enumerate(lines[:first]) if i not in chain_lines)
    markers = find_markers(body, [note.n for note in notes])
    # a body where (almost) no marker shows is a preface to a notes list, not an article with
    # markers: report nothing rather than every note as unmarked
    shown = markers if len(markers) >= max(2, len(notes) // 4) else None
    return ReadResult(source, tuple(notes), tuple(findings), shown, "text", body)


def _unnumbered(lines: list[str], source: str) -> ReadResult:
    """One note per non-empty line, numbered in order (a plain list of citations)."""
    notes = []
    for i, line in enumerate(lines):
        if line.strip() and not _FURNITURE.match(line):
            notes.append(RawNote(len(notes) + 1, line.strip(), i + 1))
    return ReadResult(source, tuple(notes), (), None, "lines", "")
