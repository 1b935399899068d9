"""From a file to a parsed document: read, then parse every note.

The one place that strings the layers together, so that every command (parse, chains,
check, ingest, export --from) sees the same document.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

from .checks import check_numbering
from .labeller import Labeller, load_labeller
from .model import Citation, Document, Finding, Note, ReadResult
from .parsers.note import ParsedNote, Slip, attach_url, parse_note
from .parsers.shelfmark import find_shelfmarks
from .readers import DEFAULT_MAX_BYTES, read_notes
from .registry import Registry
from .resolver import resolve

NOTE_BUDGET = 1.0  # seconds one note may take (a note normally takes about 0.5 ms) ...
BUDGET_CHARS = 4_000  # ... for every this many characters of it
_T = TypeVar("_T")


class BudgetExceeded(BaseException):
    """Raised inside a parser whose note has used its budget; never escapes this module.

    A BaseException, so that no ``except Exception`` in a parser swallows it."""


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with BudgetExceeded after SECONDS (None: never).

    A real-time timer signal does it, which also stops a regular expression in the middle
    of its backtracking (``re`` checks for signals as it runs). A timer already running
    (a caller's own) is put back afterwards, less the time spent, and left alone when it
    would fire first. Only the main thread can receive signals: elsewhere, and where there
    is no such timer, nothing is interrupted and the block runs to its end."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    outer = signal.getitimer(signal.ITIMER_REAL)[0] if usable else 0.0
    if not usable or (outer and outer <= seconds):
        yield
        return
    armed = [True]

    def expire(signum: int, frame: object) -> None:
        if armed[0]:
            armed[0] = False
            raise BudgetExceeded

    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 0.001))


def within_budget(seconds: float | None, work: Callable[[], _T]) -> tuple[bool, _T | None]:
    """(True, WORK's result), or (False, None) when it was stopped after SECONDS (only
    where a timer signal can stop it: the main thread of a POSIX process)."""
    try:
        with _deadline(seconds):
            return True, work()
    except BudgetExceeded:
        return False, None


def parse_note_within_budget(
    text: str, registry: Registry, budget: float | None = NOTE_BUDGET,
    labeller: Labeller | None = None,
) -> tuple[ParsedNote, bool]:
    """A note's citations, and whether it ran out of BUDGET seconds.

    A safety net, not the parser's speed: if the whole parse does not finish in BUDGET (for
    every 4,000 characters of the note: parsing is linear, so a long note gets a budget as
    long as itself), the note keeps what the first stage finds (its archival shelfmarks,
    within another BUDGET), or no citation at all; the caller reports a ``parse-budget``
    finding. None: no budget."""
    if budget is not None:
        budget *= max(1.0, len(text) / BUDGET_CHARS)
    done, parsed = within_budget(budget, lambda: parse_note(text, registry, labeller))
    if done and parsed is not None:
        return parsed, False
    found = within_budget(budget, lambda: find_shelfmarks(text, registry))[1] or []
    citations: tuple[Citation, ...] = tuple(s.citation for s in found)
    slips = tuple(Slip("shelfmark-typo", "warning", t) for s in found for t in s.typos)
    return ParsedNote(citations, slips), True


def _budget_finding(n: int, text: str, parsed: ParsedNote, budget: float | None) -> Finding:
    kept = len(parsed.citations)
    what = f"kept the {kept} archival citation{'s' if kept != 1 else ''} found" if kept else "no citation kept"
    return Finding("parse-budget", "warning", n,
                   f"parsing this note ({len(text):,} characters) took more than "
                   f"{(budget or 0) * max(1.0, len(text) / BUDGET_CHARS):g} s and "
                   f"was stopped; {what}, the rest of the note is not parsed")


def parse_read_result(
    read: ReadResult, registry: Registry, budget: float | None = NOTE_BUDGET,
    labeller: Labeller | None = None, on_note: Callable[[], object] | None = None,
) -> Document:
    """Parse every note of READ and resolve its back-references; the reader's findings come
    first, then the parser's, then what the note numbering shows (gaps, order, duplicates,
    restarts: the same findings ``refcli check`` gives). No note takes more than about twice
    BUDGET seconds (see ``parse_note_within_budget``). ON_NOTE is called after each note (a
    progress bar's step)."""
    notes: list[Note] = []
    findings: list[Finding] = list(read.findings)
    _ = registry.matcher  # compiled once, before any note's budget starts
    if labeller is None:
        labeller = load_labeller()
    for raw in read.notes:
        parsed, stopped = parse_note_within_budget(raw.text, registry, budget, labeller)
        if on_note is not None:
            on_note()
        if stopped:
            findings.append(_budget_finding(raw.n, raw.text, parsed, budget))
        # in a text read line by line (no note numbers), a URL alone on its line belongs to
        # the document record on the line before; numbered notes stay apart
        by_lines = read.format == "lines" and notes
        joined = attach_url(notes[-1].citations, parsed.citations) if by_lines else None
        if joined is not None:
            notes[-1] = replace(notes[-1], citations=joined)
            notes.append(Note(raw.n, raw.text, (), raw.line, raw.label, raw.section))
            continue
        notes.append(Note(raw.n, raw.text, parsed.citations, raw.line, raw.label, raw.section))
        findings.extend(Finding(s.code, s.severity, raw.n, s.message, (), raw.section)
                        for s in parsed.slips)
    if read.format != "lines":  # a text read line by line has no numbers of its own
        findings.extend(check_numbering(Document(read.source, tuple(notes))))
    return resolve(Document(read.source, tuple(notes), tuple(findings), read.markers, read.format))


def load_document(
    path: str | os.PathLike[str],
    registry: Registry,
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read and parse the notes of PATH."""
    return parse_read_result(read_notes(path, fmt, encoding, max_bytes), registry)
