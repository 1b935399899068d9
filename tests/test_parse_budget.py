"""The per-note parse budget (refcli/pipeline.py): a safety net, not the parser's speed.

A note whose parse runs past the budget is stopped (a timer signal, which also interrupts a
regular expression in the middle of backtracking), keeps the archival shelfmarks found in
it and gets a ``parse-budget`` finding; the other notes are untouched.
"""

from __future__ import annotations

import json
import re
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli import pipeline
from refcli.checks import SEVERITY
from refcli.cli import app
from refcli.model import RawNote, ReadResult
from refcli.parsers.note import parse_note
from refcli.registry import Registry

from .conftest import ROOT

REGISTRY = Registry.load(ROOT / "archives.json")
SLOW_MARK = "SLOWNOTE"
SHELFMARK = "GARF, f. 5446, op. 98 s, d. 704, l. 101"


@pytest.fixture
def runaway(monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_note backtracks for ever (2^60 steps) on a note containing SLOW_MARK."""

    def parse(text: str, registry: Registry, labeller=None):
        if SLOW_MARK in text:
            re.match(r"(?:a+)+b", "a" * 60)
        return parse_note(text, registry, labeller)

    monkeypatch.setattr(pipeline, "parse_note", parse)


def _read(*texts: str) -> ReadResult:
    return ReadResult("t.txt", tuple(RawNote(i, t) for i, t in enumerate(texts, 1)))


def test_a_runaway_note_is_stopped_keeps_its_shelfmark_and_says_so(runaway: None) -> None:
    """Stopped within the budget; the shelfmark stays; one parse-budget finding on that note."""
    start = time.monotonic()
    doc = pipeline.parse_read_result(
        _read("Ibid.", f"{SHELFMARK}. {SLOW_MARK}", "Pantsov A.V. Mao Zedong, Moscow, 2007, p. 5."),
        REGISTRY, budget=0.3)
    assert time.monotonic() - start < 5
    slow = doc.notes[1]
    assert [(c.kind, c.archive, c.fond, c.delo, c.leaves) for c in slow.citations] == [
        ("archival", "GARF", "5446", "704", "101")]
    found = [f for f in doc.findings if f.code == "parse-budget"]
    assert [(f.note, f.severity) for f in found] == [(2, "warning")]
    assert "kept the 1 archival citation" in found[0].message
    assert [c.kind for c in doc.notes[2].citations] == ["book"]  # the next note is parsed


def test_notes_within_the_budget_are_parsed_as_without_it() -> None:
    """The budget changes nothing for notes that parse in time."""
    texts = [f"{SHELFMARK}.", "Ibid., l. 102.", "Pantsov A.V. Mao Zedong, Moscow, 2007, p. 5."]
    with_budget = pipeline.parse_read_result(_read(*texts), REGISTRY)
    without = pipeline.parse_read_result(_read(*texts), REGISTRY, budget=None)
    assert with_budget == without
    assert not [f for f in with_budget.findings if f.code == "parse-budget"]


def test_a_callers_own_timer_is_put_back(runaway: None) -> None:
    """A timer already running (a caller's) is restored, less the time spent, with its handler."""
    fired: list[int] = []

    def mine(*_: object) -> None:
        fired.append(1)

    previous = signal.signal(signal.SIGALRM, mine)
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    try:
        pipeline.parse_read_result(_read(f"{SHELFMARK}. {SLOW_MARK}"), REGISTRY, budget=0.2)
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        handler = signal.getsignal(signal.SIGALRM)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert 25 < remaining < 30
    assert handler is mine
    assert not fired


def test_parse_budget_is_a_known_finding() -> None:
    """checks.py's vocabulary has the code, as a warning."""
    assert SEVERITY["parse-budget"] == "warning"


def test_check_reports_the_stopped_note(runaway: None, tmp_path: Path) -> None:
    """refcli check shows the finding and returns; a warning fails only with --strict."""
    path = tmp_path / "notes.txt"
    path.write_text(f"1 {SHELFMARK}.\n2 {SHELFMARK}, l. 7. {SLOW_MARK}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--json"])  # the default budget, 1 s
    strict = CliRunner().invoke(app, ["check", str(path), "--strict"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["code"], f["note"]) for f in findings if f["code"] == "parse-budget"] == [("parse-budget", 2)]
    assert strict.exit_code == 1
    assert "parse-budget" in strict.stdout
