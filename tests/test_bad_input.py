"""Bad input: each case ends in a correct result or one clear stderr line and exit 2."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app

runner = CliRunner()

RUSSIAN_NOTES = (
    "1 ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101 об.\n"
    "2 Там же. Л. 102.\n"
    "3 РГАНИ. Ф. 52. Оп. 1. Д. 555. Л. 80–88.\n"
)


def _fails_cleanly(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("refcli: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_path(tmp_path: Path) -> None:
    """A path that does not exist is named in the error."""
    _fails_cleanly(["parse", str(tmp_path / "nope.txt")], "no such file")


def test_directory(tmp_path: Path) -> None:
    """A directory is refused as such."""
    _fails_cleanly(["parse", str(tmp_path)], "is a directory")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    """An empty or blank file is refused."""
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    _fails_cleanly(["parse", str(path)], "empty file")


def test_binary_file(tmp_path: Path) -> None:
    """A binary file (here PNG-like bytes) is refused, not parsed as text."""
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    _fails_cleanly(["parse", str(path)], "binary file")


def test_cp1251_russian_notes_are_read(tmp_path: Path) -> None:
    """A cp1251 file of Russian notes is detected and parsed correctly."""
    path = tmp_path / "notes.txt"
    path.write_bytes(RUSSIAN_NOTES.encode("cp1251"))
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    notes = json.loads(result.stdout)["notes"]
    assert [n["n"] for n in notes] == [1, 2, 3]
    assert notes[0]["text"].startswith("ГАРФ. Ф. Р-5446.")
    c = notes[0]["citations"][0]
    assert (c["archive"], c["fond"], c["opis"], c["leaves"]) == ("GARF", "R-5446", "98s", "101ob")


def test_koi8r_russian_notes_are_read(tmp_path: Path) -> None:
    """KOI8-R (the other Cyrillic code page) is told apart from cp1251."""
    path = tmp_path / "notes.txt"
    path.write_bytes(RUSSIAN_NOTES.replace("–", "-").encode("koi8-r"))  # KOI8-R has no en dash
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["notes"][2]["citations"][0]["archive"] == "RGANI"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom_files_are_read(tmp_path: Path, encoding: str) -> None:
    """UTF-16 with a BOM (Word's 'Unicode text'), without one, and UTF-8 with a BOM."""
    path = tmp_path / "notes.txt"
    path.write_bytes(RUSSIAN_NOTES.encode(encoding))
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    notes = json.loads(result.stdout)["notes"]
    assert notes[0]["citations"][0]["delo"] == "704"


def test_wrong_forced_encoding(tmp_path: Path) -> None:
    """--encoding that does not fit the bytes is reported with the byte offset."""
    path = tmp_path / "notes.txt"
    path.write_bytes(RUSSIAN_NOTES.encode("cp1251"))
    _fails_cleanly(["parse", str(path), "--encoding", "utf-8"], "not valid utf-8")


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(RUSSIAN_NOTES, encoding="utf-8")
    _fails_cleanly(["parse", str(path), "--encoding", "klingon"], "unknown encoding")


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A 70 MB file is refused from its size alone: bounded memory, a hint how to proceed."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(70 * 1000 * 1000)  # sparse: no 70 MB written to disk or memory
    _fails_cleanly(["parse", str(path)], "over the 64 MB limit")


def test_max_size_raises_the_limit(tmp_path: Path) -> None:
    """--max-size lets a larger document through (here a 3 MB notes list under a 5 MB limit)."""
    path = tmp_path / "big.txt"
    line = "GARF, f. 5446, op. 98 s, d. 704, l. {n}.\n"
    path.write_text("".join(f"{n} " + line.format(n=n) for n in range(1, 70001)), encoding="utf-8")
    assert os.path.getsize(path) > 3_000_000
    _fails_cleanly(["parse", str(path), "--max-size", "1"], "over the 1 MB limit")
    result = runner.invoke(app, ["parse", str(path), "--json", "--max-size", "5"])
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["notes"]) == 70000


def test_unreadable_file(tmp_path: Path) -> None:
    """A file without read permission is reported, not a traceback."""
    if os.geteuid() == 0:
        pytest.skip("root reads files regardless of their mode")
    path = tmp_path / "secret.txt"
    path.write_text(RUSSIAN_NOTES, encoding="utf-8")
    path.chmod(0)
    _fails_cleanly(["parse", str(path)], "cannot read")
