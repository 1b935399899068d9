"""What people see at 60, 80 and 120 columns: golden renders of the sample files in refs/,
tables that never run past the terminal, dates whole, paths cut from the left, references
without doubled punctuation.

The goldens follow the parser: after a change that reads refs/ differently, regenerate them
with ``REFCLI_UPDATE_GOLDEN=1 pytest tests/test_cli_render.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from refcli.cli import app, render_library
from refcli.cli.render import join_reference, left_cut, tidy

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
GOLDEN = Path(__file__).resolve().parent / "golden" / "cli"
WIDTHS = (60, 80, 120)
UPDATE = os.environ.get("REFCLI_UPDATE_GOLDEN") == "1"

runner = CliRunner()

RENDERS = {
    "parse-selivanov": ["parse", "refs/selivanov-2012-notes.txt"],
    "parse-gost": ["parse", "refs/gost-cyrillic-notes.txt"],
    "parse-chicago": ["parse", "refs/chicago-notes.md"],
    "check-selivanov": ["check", "refs/selivanov-2012-notes.txt"],
    "chains-gost": ["chains", "refs/gost-cyrillic-notes.txt"],
}
# the registry is edited often: checked for width, not kept as a golden
ARCHIVES = ["archives"]


def _render(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def _golden(name: str, got: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if UPDATE or not path.exists():
        path.write_text(got, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{path.name} was missing and is now written; check it and run again")
    assert got == path.read_text(encoding="utf-8"), f"{path.name} differs (see the module doc)"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(RENDERS))
def test_golden_render(name: str, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    _golden(f"{name}-{width}", _render(RENDERS[name], width, monkeypatch))


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_stay_within_the_width(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table line fits; only summary lines (never wrapped when piped) may run on."""
    for name in ("parse-selivanov", "parse-gost", "parse-chicago", "archives"):
        lines = _render(RENDERS.get(name, ARCHIVES), width, monkeypatch).splitlines()
        table = [line for line in lines if not re.match(r"\d+ citations: ", line)]
        assert all(cell_len(line) <= width for line in table), (name, width)


def test_summary_lines_are_not_wrapped_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _render(["parse", "refs/selivanov-2012-notes.txt"], 60, monkeypatch)
    last = out.splitlines()[-1]
    assert re.fullmatch(r"\d+ citations: .*; \d+ findings", last)
    assert cell_len(last) > 60  # one line, longer than the terminal: not wrapped


DOCS = [
    {"name": "selivanov-2012-notes.txt", "notes": 36, "citations": 32, "findings": 6,
     "tags": ["thesis", "chapter-2"], "ingested": "2026-11-30T17:05:09Z",
     "path": "/home/historian/research/dissertation/sources/notes/selivanov-2012-notes.txt"},
    {"name": "gost-cyrillic-notes.txt", "notes": 20, "citations": 20, "findings": 0,
     "tags": [], "ingested": "2026-12-01T08:41:52Z",
     "path": "/home/historian/research/dissertation/sources/notes/gost-cyrillic-notes.txt"},
]


@pytest.mark.parametrize("width", WIDTHS)
def test_documents_table(width: int, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    render_library.documents_table(DOCS)
    out = capsys.readouterr().out
    _golden(f"documents-{width}", out)
    lines = out.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    rows = [line for line in lines if "2026-" in line]
    assert len(rows) == 2  # one line per document: nothing wraps
    assert all("2026-11-30" in r or "2026-12-01" in r for r in rows)  # dates whole
    if width >= 80:
        assert "17:05" in out
    assert all("…" in r and r.rstrip().endswith("-notes.txt") for r in rows)  # path cut left
    if width >= 120:
        assert "selivanov-2012-notes.txt " in out  # the name whole


def test_left_cut() -> None:
    assert left_cut("/a/b/notes.txt", 20) == "/a/b/notes.txt"
    assert left_cut("/home/h/research/notes.txt", 12) == "…h/notes.txt"
    assert cell_len(left_cut("/дом/исследования/заметки.txt", 10)) == 10


def test_no_doubled_punctuation() -> None:
    assert join_reference(["Smith, Jones, Brown et al.", "A History", "// Journal", "1999"]) == (
        "Smith, Jones, Brown et al. A History. // Journal. 1999")
    assert join_reference(["Селиванов", "Контакты 1950–1952 гг.", "// Вопросы истории", "2012"]) == (
        "Селиванов. Контакты 1950–1952 гг. // Вопросы истории. 2012")
    assert tidy("Wait… and see.. then") == "Wait… and see. then"
    assert tidy("An ellipsis stays...") == "An ellipsis stays..."
    assert tidy("A title cut…. 2001") == "A title cut… 2001"


def test_no_doubled_punctuation_in_any_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    files = [str(p) for p in sorted(REFS.glob("*")) if p.suffix in (".txt", ".md")
             and p.name != "README.md"]
    assert runner.invoke(app, ["ingest", *files]).exit_code == 0
    outputs = [runner.invoke(app, ["parse", f]).stdout for f in files]
    outputs += [runner.invoke(app, ["chains", f]).stdout for f in files]
    outputs += [runner.invoke(app, ["search", q]).stdout for q in ("kind:book", "kind:article", "GARF")]
    outputs.append(runner.invoke(app, ["stats"]).stdout)
    for out in outputs:
        assert out
        assert not re.search(r"(?<![.…])\.\.(?!\.)", out), out
