"""Issue 16, item 5: escape sequences and control characters from a document are shown
visibly (``\\x1b``), never sent to the terminal, by every command that prints for people."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.cli.render import clean

runner = CliRunner()

OSC52 = "\x1b]52;c;ZWNobyBoaQ==\x07"  # write the clipboard
OSC2 = "\x1b]2;a new window title\x1b\\"  # retitle the window
CLEAR = "\x1b[2J\x1b[H"  # clear the screen
HIDDEN = "\x1b[8m"  # hidden text
C1_CSI = "\x9b2J"  # the one-character CSI
BIDI = "\u202e"  # right-to-left override

NOTES = (
    f"1 GARF, f. 5446, op. 98s, d. 704, l. 101. {OSC52}Cited in full.\n"
    f"2 Ibid., l. 105. {OSC2}\n"
    f"3 Smith J. The {CLEAR}Hidden{HIDDEN} History. Moscow: Nauka, 1990. P. 5.\n"
    f"4 Smith, op. cit., p. 7. {C1_CSI}{BIDI}\n"
    f"6 GARF, f. 5446, op. 98s, d. 704, ll. 130-120. {OSC52}\n"  # a gap and a reversed range
    # ordinary commentary, so that the reader takes the file for text (it refuses a file
    # where more than one character in a hundred is a control)
    + "".join(f"{n} The committee met again in the spring; the minutes of this sitting "
              "were not kept with the others and are summarised here from memory.\n"
              for n in range(7, 19))
)
RAW = ("\x1b", "\x9b", "\x07", BIDI)


def _clean_output(result, *where: str) -> None:
    for stream in (result.stdout, result.stderr):
        for raw in RAW:
            assert raw not in stream, (where, raw, stream)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / f"notes{CLEAR}.txt"  # the file name too
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_clean_shows_every_control_visibly() -> None:
    assert clean(OSC52) == "\\x1b]52;c;ZWNobyBoaQ==\\x07"
    assert clean(OSC2) == "\\x1b]2;a new window title\\x1b\\"
    assert clean(C1_CSI + BIDI) == "\\x9b2J\\u202e"
    assert clean("tab\tand\nnewline stay; Cyrillic Л. 101 об. too") == (
        "tab\tand\nnewline stay; Cyrillic Л. 101 об. too")


def test_parse_check_chains_print_no_escape(hostile: Path) -> None:
    for command in (["parse"], ["check"], ["chains"], ["check", "--strict"]):
        result = runner.invoke(app, [*command, str(hostile)])
        assert result.exit_code in (0, 1), (command, result.stderr)
        _clean_output(result, *command)
    parsed = runner.invoke(app, ["parse", str(hostile)]).stdout
    assert "\\x1b" in parsed  # shown, not dropped
    checked = runner.invoke(app, ["check", str(hostile)]).stdout
    assert "\\x1b]52;c;" in checked  # the quotation of note 6 shows the sequence
    assert "\\x1b]2" in runner.invoke(app, ["chains", str(hostile)]).stdout


def test_library_views_print_no_escape(hostile: Path) -> None:
    ingested = runner.invoke(app, ["ingest", str(hostile)])
    assert ingested.exit_code == 0, ingested.stderr
    _clean_output(ingested, "ingest")
    found = runner.invoke(app, ["search", "archive:GARF", "--json"])
    keys = [r["key"] for r in json.loads(found.stdout)["results"]]
    assert keys
    for command in (["search", "archive:GARF"], ["search", "Smith"], ["documents"], ["stats"],
                    *(["show", k] for k in keys)):
        result = runner.invoke(app, command)
        assert result.exit_code in (0, 1), (command, result.stderr)
        _clean_output(result, *command)
    assert "\\x1b[2J" in runner.invoke(app, ["documents"]).stdout


def test_errors_naming_a_hostile_path_print_no_escape(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / f"missing{OSC2}.txt")])
    assert result.exit_code == 2
    _clean_output(result, "missing")
    assert "\\x1b]2;" in result.stderr


def test_on_a_real_terminal_only_refclis_own_styles_pass(hostile: Path) -> None:
    """With colour on a (forced) terminal rich writes its own style codes; none of the
    document's sequences come through with them."""
    env = {**os.environ, "TTY_COMPATIBLE": "1", "FORCE_COLOR": "1", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    for command in ("parse", "check", "chains"):
        done = subprocess.run([sys.executable, "-m", "refcli", command, str(hostile)],
                              capture_output=True, env=env, timeout=120)
        out = done.stdout + done.stderr
        assert b"\x1b[" in out  # the terminal got styles, so this is the coloured path
        for raw in (b"\x1b]", b"\x1b[2J", b"\x1b[8m", b"\xc2\x9b", b"\x07", BIDI.encode()):
            assert raw not in out, (command, raw)


def _on_a_pty(args: list[str]) -> bytes:
    """What refcli writes to stdout when stdout is a terminal (a pseudo-terminal here)."""
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "refcli", *args], stdout=slave,
                            stderr=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(master)
    return out


def test_export_and_sources_to_a_terminal_obey_no_escape(hostile: Path) -> None:
    """Exported text on a terminal, where a person reads it: none of the document's control
    sequences reach it (a pipe or a file gets the export as the exporters write it)."""
    for args in (["export", "--from", str(hostile), "--format", "ris"],
                 ["export", "--from", str(hostile)], ["sources", "--from", str(hostile)]):
        shown = _on_a_pty(args)
        assert b"Moscow" in shown, args
        for raw in (b"\x1b]", b"\x1b[2J", b"\x1b[8m", b"\xc2\x9b", b"\x07"):
            assert raw not in shown, (args, raw)
