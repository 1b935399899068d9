"""The command line's habits (issue 15): --version, -h, completion, '-' for standard input, a
closed pipe, one exit-code table, one option vocabulary, --quiet/--verbose, progress bars."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app, render
from refcli.labeller import card_path, packaged_model
from refcli.registry import Registry

from .conftest import command_paths

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
GOST = REFS / "gost-cyrillic-notes.txt"
CHICAGO = REFS / "chicago-notes.md"
SELIVANOV = REFS / "selivanov-2012-notes.txt"
BIB = REFS / "sample.bib"

runner = CliRunner()


def _refcli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None):
    return subprocess.run([sys.executable, "-m", "refcli", *args], input=stdin,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=120)


# -- 1. --version, -h, completion --------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_names_refcli_the_registry_and_the_model(flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("refcli 0.")
    count = len(Registry.load().archives)
    assert any(line.startswith("archive registry: ") and f"{count} archives" in line
               for line in lines)
    card = json.loads(card_path(packaged_model()).read_text(encoding="utf-8"))
    assert any(line.startswith("parsing model: ") and card["data_sha256"][:12] in line
               and f"{card['notes']:,} notes" in line for line in lines)


def test_version_follows_refcli_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFCLI_MODEL", str(tmp_path / "none.crfsuite"))
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert "parsing model: none" in result.stdout


def test_dash_h_is_help_on_every_command() -> None:
    commands = command_paths()
    assert ["parse"] in commands
    assert ["library", "check"] in commands
    assert len(commands) >= 18
    listing = runner.invoke(app, ["-h"], env={"COLUMNS": "200"}).stdout.split("Commands:")[1]
    # no one-line summary cut inside an abbreviation ("Ibid., op.")
    assert not re.search(r"\b(?:op|Ibid|cit)\.\s*$", listing, re.MULTILINE)
    top = runner.invoke(app, ["-h"])
    assert top.exit_code == 0
    assert top.stdout.startswith("Usage: refcli")
    for path in commands:
        result = runner.invoke(app, [*path, "-h"])
        assert result.exit_code == 0, (path, result.stderr)
        assert result.stdout.startswith(f"Usage: refcli {' '.join(path)}"), path
        assert "list[" not in result.stdout, path
        # arguments and options are named (FILE, QUERY, FORMAT), not typed (<str>, <path>)
        assert not re.search(r" <(?:str|path|int|float|list)", result.stdout), path


def test_completion_script_and_answers() -> None:
    shown = _refcli("--show-completion", env={"SHELL": "/bin/bash"})
    assert shown.returncode == 0, shown.stderr
    assert b"_refcli_completion" in shown.stdout
    assert b"--install-completion" in _refcli("-h").stdout
    answer = _refcli(env={"_REFCLI_COMPLETE": "complete_bash", "COMP_WORDS": "refcli pa",
                          "COMP_CWORD": "1"})
    assert answer.stdout.split() == [b"parse"]



def test_completion_finds_the_shell_in_its_environment_when_no_parent_is_one(monkeypatch) -> None:
    import shellingham

    from refcli.cli.app import _completion_shell

    def undetected(*_a: object, **_k: object) -> None:
        raise shellingham.ShellDetectionFailure

    monkeypatch.setattr(shellingham, "detect_shell", undetected)
    monkeypatch.setenv("SHELL", "/usr/bin/zsh")
    _completion_shell(["parse", "x.txt"])  # not asked for completion: detection left alone
    assert shellingham.detect_shell is undetected
    _completion_shell(["--show-completion"])
    assert shellingham.detect_shell() == ("zsh", "/usr/bin/zsh")


# -- 2. standard input, a closed pipe, the exit codes ----------------------------------------------


def test_dash_reads_stdin_for_parse_check_chains() -> None:
    data = GOST.read_bytes()
    from_file = json.loads(runner.invoke(app, ["parse", str(GOST), "--json"]).stdout)
    piped = runner.invoke(app, ["parse", "-", "--json"], input=data)
    assert piped.exit_code == 0, piped.stderr
    from_stdin = json.loads(piped.stdout)
    assert from_stdin["source"] == "stdin"
    assert [n["citations"] for n in from_stdin["notes"]] == [n["citations"] for n in from_file["notes"]]
    checked = runner.invoke(app, ["check", "-", "--json"], input=data)
    assert checked.exit_code in (0, 1), checked.stderr
    assert json.loads(checked.stdout)["files"][0]["notes"] == 20
    chains = runner.invoke(app, ["chains", "-", "--json"], input=data)
    assert chains.exit_code == 0
    assert json.loads(chains.stdout)["chains"]


def test_dash_reads_stdin_markdown_with_input_format() -> None:
    result = runner.invoke(app, ["parse", "-", "--input-format", "markdown", "--json"],
                           input=CHICAGO.read_bytes())
    assert result.exit_code == 0, result.stderr
    expected = json.loads(runner.invoke(app, ["parse", str(CHICAGO), "--json"]).stdout)
    assert len(json.loads(result.stdout)["notes"]) == len(expected["notes"])


def test_dash_reads_stdin_for_ingest_export_sources_import() -> None:
    data = GOST.read_bytes()
    ingested = runner.invoke(app, ["ingest", "-", "--json"], input=data)
    assert ingested.exit_code == 0, ingested.stderr
    assert json.loads(ingested.stdout)["documents"][0]["name"] == "stdin"
    again = runner.invoke(app, ["ingest", "-", "--json"], input=data)
    assert json.loads(again.stdout)["documents"][0]["status"] == "unchanged"
    exported = runner.invoke(app, ["export", "--from", "-", "--format", "csl-json"], input=data)
    assert exported.exit_code == 0, exported.stderr
    assert len(json.loads(exported.stdout)) >= 10
    listed = runner.invoke(app, ["sources", "--from", "-"], input=data)
    assert listed.exit_code == 0, listed.stderr
    assert "ГАРФ" in listed.stdout
    imported = runner.invoke(app, ["import", "-", "--json"], input=BIB.read_bytes())
    assert imported.exit_code == 0, imported.stderr
    assert json.loads(imported.stdout)["added"]


def test_empty_stdin_is_bad_input() -> None:
    result = runner.invoke(app, ["parse", "-"], input=b"")
    assert result.exit_code == 2
    assert result.stderr.startswith("refcli: -: standard input is empty")
    assert result.stderr.count("\n") == 1


def _big_notes(tmp_path: Path) -> Path:
    """Enough notes that the output outgrows a pipe's buffer."""
    path = tmp_path / "many.txt"
    # reversed leaf ranges, so that check has findings to print (hundreds of KB each)
    path.write_text("".join(f"{i} GARF, f. 5446, op. 98s, d. {i}, ll. {i % 300 + 9}-{i % 300 + 1}.\n"
                            if i % 2 else f"{i} Ibid., l. {i % 300 + 2}.\n"
                            for i in range(1, 2001)), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["parse"], ["parse", "--json"], ["check"], ["chains"]])
def test_closed_pipe_ends_quietly_with_sigpipe_status(tmp_path: Path, command: list[str]) -> None:
    """`refcli parse FILE | head -1`: status 141 (killed by SIGPIPE, as cat would be), nothing
    on stderr, not the 1 that means findings."""
    big = _big_notes(tmp_path)
    script = (f'"{sys.executable}" -m refcli {command[0]} "{big}" {" ".join(command[1:])} '
              '2>err.txt | head -1 >/dev/null; echo "${PIPESTATUS[0]}"')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.stdout.strip() == "141"
    assert (tmp_path / "err.txt").read_text() == ""


def test_exit_code_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """0 done; 1 findings or nothing matched (check, search, show, export the same);
    2 bad input or usage; 130 interrupted."""
    assert runner.invoke(app, ["parse", str(GOST)]).exit_code == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("1 GARF, f. 5446, op. 98, d. 704, l. 5.\n3 Ibid., l. 7.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(bad), "--strict"]).exit_code == 1
    # nothing matched, with an empty library and with one that holds other sources
    for _ in range(2):
        assert runner.invoke(app, ["search", "Zyxwvut"]).exit_code == 1
        assert runner.invoke(app, ["search", "Zyxwvut", "--json"]).exit_code == 1
        assert runner.invoke(app, ["export", "Zyxwvut"]).exit_code == 1
        assert runner.invoke(app, ["show", "no-such-key"]).exit_code == 1
        assert runner.invoke(app, ["ingest", str(GOST)]).exit_code == 0
    assert runner.invoke(app, ["search", "archive:GARF"]).exit_code == 0
    assert runner.invoke(app, ["archives", "Zyxwvut"]).exit_code == 1
    # bad input or usage
    assert runner.invoke(app, ["parse", str(tmp_path / "missing.txt")]).exit_code == 2
    assert runner.invoke(app, ["parse", str(GOST), "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["search", "year:abc"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("refcli.pipeline.parse_read_result", interrupted)
    result = runner.invoke(app, ["parse", str(GOST)])
    assert result.exit_code == 130
    assert result.stderr == "refcli: interrupted\n"


def test_interrupt_of_a_real_process_is_130(tmp_path: Path) -> None:
    """SIGINT to a running refcli (reading a stdin that never ends): 130, one line."""
    import signal
    import time

    # (SIGINT back to its default in the child: a test run started in the background, "&" in a
    # script, passes it on ignored, and the signal would never arrive)
    proc = subprocess.Popen([sys.executable, "-m", "refcli", "parse", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wchan = Path(f"/proc/{proc.pid}/wchan")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # until it waits on its standard input
        time.sleep(0.2)
        if wchan.exists() and "pipe" in wchan.read_text(errors="replace"):
            break
    else:
        time.sleep(3)  # no /proc: give it time to start
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert err.strip().splitlines()[-1] == b"refcli: interrupted"


# -- 3. one vocabulary: --input-format, --format, --max-size, --quiet, --verbose -----------------


def test_input_format_and_output_format_on_the_reading_commands() -> None:
    for cmd in ("parse", "check", "chains"):
        result = runner.invoke(app, [cmd, str(CHICAGO), "--input-format", "text", "--format", "json"])
        assert result.exit_code in (0, 1), (cmd, result.stderr)
        assert result.stderr == ""
        json.loads(result.stdout)
    ingested = runner.invoke(app, ["ingest", str(CHICAGO), "--input-format", "markdown",
                                   "--format", "json"])
    assert json.loads(ingested.stdout)["documents"][0]["notes"] > 0
    for cmd in (["search", "Mikoyan"], ["documents"], ["stats"], ["archives", "GARF"]):
        result = runner.invoke(app, [*cmd, "--format", "json"])
        assert result.exit_code in (0, 1), (cmd, result.stderr)
        json.loads(result.stdout)


def test_old_input_format_spelling_still_works_with_a_warning() -> None:
    old = runner.invoke(app, ["parse", str(CHICAGO), "--format", "markdown", "--json"])
    new = runner.invoke(app, ["parse", str(CHICAGO), "--input-format", "markdown", "--json"])
    assert old.exit_code == 0
    assert old.stdout == new.stdout
    assert "--input-format markdown" in old.stderr
    quiet = runner.invoke(app, ["--quiet", "parse", str(CHICAGO), "--format", "markdown", "--json"])
    assert quiet.stderr == ""
    assert quiet.stdout == new.stdout


def test_one_max_size_default_everywhere() -> None:
    defaults = set()
    for path in command_paths():
        text = runner.invoke(app, [*path, "-h"], env={"COLUMNS": "200"}).stdout
        if "--max-size" in text:
            defaults.add(text.split("--max-size", 1)[1].split("[default: ", 1)[1].split("]")[0])
            assert "--input-format" in text or path == ["import"], path
    assert defaults == {"64.0"}


def test_quiet_and_verbose(tmp_path: Path) -> None:
    out = tmp_path / "refs.bib"
    loud = runner.invoke(app, ["export", "--from", str(GOST), "-o", str(out)])
    assert loud.stderr.startswith("refcli: exported ")
    quiet = runner.invoke(app, ["-q", "export", "--from", str(GOST), "-o", str(out)])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    verbose = runner.invoke(app, ["--verbose", "parse", str(GOST), "--json"])
    assert verbose.exit_code == 0
    assert "read as text, 20 notes" in verbose.stderr
    json.loads(verbose.stdout)  # stdout stays clean JSON
    assert runner.invoke(app, ["parse", str(GOST)]).stderr == ""
    both = runner.invoke(app, ["-q", "-v", "parse", str(GOST)])
    assert both.exit_code == 2
    # errors show even with --quiet
    missing = runner.invoke(app, ["-q", "parse", str(tmp_path / "missing.txt")])
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


# -- 4. progress on stderr, only on a terminal ----------------------------------------------------


@pytest.fixture
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "PROGRESS_DELAY", 0.0)


def _progress_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list:
    out = tmp_path / "out.bib"
    return [runner.invoke(app, ["ingest", str(GOST), str(CHICAGO)]),
            runner.invoke(app, ["import", str(BIB)]),
            runner.invoke(app, ["export", "--from", str(GOST), "--from", str(CHICAGO), "-o", str(out)])]


def test_no_progress_when_stderr_is_not_a_terminal(no_delay: None, monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for result in _progress_runs(monkeypatch, tmp_path):
        assert result.exit_code == 0, result.stderr
        assert "parsing" not in result.stderr
        assert "━" not in result.stderr
        assert "\x1b" not in result.stderr


def test_progress_on_a_terminal(no_delay: None, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich: treat the output as a terminal
    ingest, imported, export = _progress_runs(monkeypatch, tmp_path)
    assert ingest.exit_code == 0, ingest.stderr
    assert "parsing" in ingest.stderr
    assert "storing" in ingest.stderr
    assert "importing" in imported.stderr
    assert "reading notes" in export.stderr
    quiet = runner.invoke(app, ["-q", "ingest", "--reparse", str(GOST), str(CHICAGO)])
    assert "parsing" not in quiet.stderr
    corpus = ROOT / "corpus" / "train" / "frus_1955_57_v27_uk.jsonl"
    trained = runner.invoke(app, ["train", str(corpus), "-o", str(tmp_path / "m.crfsuite")])
    assert trained.exit_code == 0, trained.stderr
    assert "training the labeller" in trained.stderr


def test_no_progress_for_quick_work_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a second, nothing: the bar is for work a person would wonder about."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setattr(render, "PROGRESS_DELAY", 30.0)
    result = runner.invoke(app, ["ingest", str(GOST)])
    assert result.exit_code == 0
    assert "parsing" not in result.stderr


def test_broken_pipe_in_process_is_141_and_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where stdout is no file descriptor (captured), a closed pipe is still 141, quietly."""

    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(render, "print_json", closed)
    result = runner.invoke(app, ["parse", str(GOST), "--json"])
    assert result.exit_code == 141
    assert result.stderr == ""
