"""Every example that `--help` prints (top-level and each command) and every `refcli …` line
in README.md's code blocks runs, against the sample files in refs/, with exit 0 or the code
the help or the README documents for it.

Each set runs in its own library, first filled with the samples (as README's set-up does).
Plain command lines run in-process; lines with a pipe, `&&` or an environment variable run
under bash with the installed `refcli` first on PATH.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app

from .conftest import command_paths

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SAMPLES = ["refs/selivanov-2012-notes.txt", "refs/gost-cyrillic-notes.txt",
           "refs/chicago-notes.md", "refs/wilson-rgani-1957.txt"]
runner = CliRunner()


def _example_line(line: str) -> str | None:
    """The command of an example line (comment cut), or None for other lines."""
    line = line.strip()
    if line.startswith(".venv/bin/refcli "):
        line = line.removeprefix(".venv/bin/")
    if not re.match(r"(refcli |cat \S+ \| refcli |[A-Z_]+=\S+ refcli )", line):
        return None
    return re.split(r"\s{2,}#|\s#\s", line, maxsplit=1)[0].strip()


def help_examples() -> list[tuple[str, str]]:
    found = []
    for path in [[], *command_paths()]:
        text = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"}).stdout
        assert "Examples:" in text, path
        examples = text.split("Examples:", 1)[1].split("\nArguments:")[0].split("\nOptions:")[0]
        lines = [c for c in map(_example_line, examples.splitlines()) if c]
        assert lines, path
        found += [(" ".join(path) or "refcli", c) for c in lines]
    return found


def readme_examples() -> list[tuple[str, str]]:
    found, fenced = [], False
    for n, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced and not line.lstrip().startswith(("python3 ", "#")):
            command = _example_line(line)
            if command:
                found.append((f"README.md:{n}", command))
    return found


def _expected(command: str) -> set[int]:
    """0, or the code documented for the example: check exits 1 on findings; `library
    upgrade` of a library already current is exit 2 (its help says so)."""
    words = shlex.split(command)
    runs = [words[i + 1:i + 3] for i, w in enumerate(words) if w == "refcli"]
    if any(run[:1] == ["check"] for run in runs):
        return {0, 1}
    if any(run == ["library", "upgrade"] for run in runs):
        return {2}
    return {0}


def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "refs").symlink_to(ROOT / "refs")
    (work / "corpus").symlink_to(ROOT / "corpus")
    monkeypatch.chdir(work)
    monkeypatch.setenv("REFCLI_LIBRARY", str(tmp_path / "library" / "library.json"))
    assert runner.invoke(app, ["ingest", *SAMPLES]).exit_code == 0
    return work


def _run(command: str, work: Path) -> tuple[int, str]:
    bin_dir = Path(sys.executable).parent
    if re.search(r"\||&&|^[A-Z_]+=", command):
        if "jq " in command and shutil.which("jq") is None:
            pytest.skip("jq is not installed")
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)
        return done.returncode, done.stderr
    args = []
    for word in shlex.split(command)[1:]:
        args += sorted(glob.glob(word)) if "*" in word else [word]
    if args[:2] == ["library", "restore"]:  # it puts back a catalogue that is damaged
        Path(os.environ["REFCLI_LIBRARY"]).write_text("{ damaged", encoding="utf-8")
    result = runner.invoke(app, args)
    return result.exit_code, result.stderr


def _run_all(examples: list[tuple[str, str]], tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> None:
    work = _workspace(tmp_path, monkeypatch)
    failed = []
    for where, command in examples:
        code, err = _run(command, work)
        if code not in _expected(command):
            failed.append(f"{where}: `{command}` exit {code}: {err.strip()[:300]}")
    assert not failed, "\n".join(failed)


def test_every_help_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = help_examples()
    assert len(examples) >= 40
    _run_all(examples, tmp_path, monkeypatch)


def test_every_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = readme_examples()
    assert len(examples) >= 40
    assert any("| refcli parse -" in c for _, c in examples)  # stdin is among them
    _run_all(examples, tmp_path, monkeypatch)


def test_examples_name_files_that_exist() -> None:
    """A path in an example (refs/…, corpus/…) exists in the repository."""
    for where, command in help_examples() + readme_examples():
        for word in re.findall(r"(?:refs|corpus)/[^\s'\"|]+", command):
            assert glob.glob(str(ROOT / word)), f"{where}: {word} does not exist"
