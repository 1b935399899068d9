"""`refcli export` on the command line: output, files, errors, the library path."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from typer.testing import CliRunner

from refcli.cli import app

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds

runner = CliRunner()


def test_export_to_stdout_by_default() -> None:
    """With no -o the biblatex text goes to stdout and nothing to stderr."""
    need_seeds()
    result = runner.invoke(app, ["export", "--from", str(SEED_RECORD)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith("% Encoding: UTF-8\n")
    assert "@archival{rgani-52-1-555," in result.stdout


def test_dash_means_stdout() -> None:
    """-o - is stdout too."""
    need_seeds()
    result = runner.invoke(app, ["export", "--from", str(SEED_RECORD), "-o", "-", "-f", "csl-json"])
    assert result.exit_code == 0
    items = {i["id"]: i for i in json.loads(result.stdout)}
    assert items["rgani-52-1-555"]["archive_location"] == "f. 52, op. 1, d. 555"


def test_export_to_a_file(tmp_path: Path) -> None:
    """-o FILE writes the file (nothing on stdout) and says so in one stderr line."""
    need_seeds()
    out = tmp_path / "refs.bib"
    result = runner.invoke(app, ["export", "--from", str(SEED_ARTICLE), "-f", "bibtex", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    count = len(bibtexparser.parse_string(out.read_text(encoding="utf-8")).entries)
    assert result.stderr == f"refcli: exported {count} sources (bibtex) to {out}\n"
    assert out.read_text(encoding="utf-8").isascii()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".refs.bib")]  # no temp left


def test_unknown_format_is_a_usage_error() -> None:
    """An unknown --format is one stderr line and exit 2."""
    result = runner.invoke(app, ["export", "--from", "x.txt", "--format", "endnote-xml"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "refcli: unknown format 'endnote-xml'; use one of: biblatex, bibtex, csl-json, ris\n"


def test_missing_file() -> None:
    """A --from file that does not exist: one stderr line, exit 2, no traceback."""
    result = runner.invoke(app, ["export", "--from", "/nonexistent/notes.txt"])
    assert result.exit_code == 2
    assert result.stderr == "refcli: /nonexistent/notes.txt: no such file\n"
    assert "Traceback" not in result.output


def test_query_and_from_together() -> None:
    """A QUERY selects from the library; with --from it is a usage error."""
    result = runner.invoke(app, ["export", "archive:GARF", "--from", "x.txt"])
    assert result.exit_code == 2
    assert result.stderr == "refcli: give either a QUERY (library) or --from FILE, not both\n"


def test_file_without_citations(tmp_path: Path) -> None:
    """A notes file with no citation exports nothing: exit 1 and the reason."""
    notes = tmp_path / "empty.txt"
    notes.write_text("1 Just a comment about the weather.\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "--from", str(notes)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"refcli: nothing to export: no citations in {notes}\n"


def test_unwritable_output(tmp_path: Path) -> None:
    """-o into a missing directory: one stderr line, exit 2."""
    need_seeds()
    target = tmp_path / "no" / "refs.bib"
    result = runner.invoke(app, ["export", "--from", str(SEED_RECORD), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"refcli: {target}: directory {target.parent} does not exist\n"


def test_per_leaf_keys(tmp_path: Path) -> None:
    """--per-leaf makes one entry per cited leaf range, keyed unit-l<leaves>."""
    notes = tmp_path / "notes.txt"
    notes.write_text("1 GARF, f. R-5446, op. 98s, d. 704, l. 101.\n2 Ibid., ll. 104-105.\n"
                     "3 RGANI, f. 52, op. 1, d. 555, ll. 80-88.\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "--from", str(notes), "--per-leaf"])
    assert result.exit_code == 0, result.stderr
    keys = [e.key for e in bibtexparser.parse_string(result.stdout).entries]
    assert keys == ["garf-5446-98s-704-l101", "garf-5446-98s-704-l104-105", "rgani-52-1-555-l80-88"]
    assert "ll.~104--105" in result.stdout


def test_several_files_are_one_export(tmp_path: Path) -> None:
    """Two --from files citing one unit (f. 5446 and f. R-5446) give one entry for it."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("1 GARF, f. 5446, op. 98 s, d. 704, l. 101.\n", encoding="utf-8")
    b.write_text("1 ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 5 об.\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "--from", str(a), "--from", str(b), "-f", "csl-json"])
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == ["garf-5446-98s-704"]
    assert items[0]["archive_location"] == "f. R-5446, op. 98s, d. 704"


def test_help_has_examples() -> None:
    """export --help shows examples."""
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    assert "refcli export --from refs/selivanov-2012-notes.txt -o refs.bib" in result.stdout


# --- from the library ------------------------------------------------------------------------


def _ingest(library: Path, *files: Path) -> None:
    result = runner.invoke(app, ["ingest", *map(str, files), "--library", str(library)])
    if result.exit_code != 0:
        pytest.fail(f"ingest failed: {result.stderr}")


def test_export_everything_from_the_library(tmp_path: Path) -> None:
    """With no QUERY and no --from, the whole library is exported, with the same keys as --from."""
    need_seeds()
    library = tmp_path / "lib.json"
    _ingest(library, SEED_ARTICLE, SEED_RECORD)
    from_lib = runner.invoke(app, ["export", "--library", str(library)])
    from_files = runner.invoke(app, ["export", "--from", str(SEED_ARTICLE), "--from", str(SEED_RECORD)])
    assert from_lib.exit_code == 0, from_lib.stderr
    lib_keys = {e.key for e in bibtexparser.parse_string(from_lib.stdout).entries}
    file_keys = {e.key for e in bibtexparser.parse_string(from_files.stdout).entries}
    assert lib_keys == file_keys
    assert from_lib.stdout == from_files.stdout


def test_export_a_query_from_the_library(tmp_path: Path) -> None:
    """A search QUERY selects the sources to export; --per-leaf uses the stored citations."""
    need_seeds()
    library = tmp_path / "lib.json"
    _ingest(library, SEED_ARTICLE, SEED_RECORD)
    result = runner.invoke(app, ["export", "archive:GARF", "--library", str(library), "--per-leaf"])
    assert result.exit_code == 0, result.stderr
    keys = [e.key for e in bibtexparser.parse_string(result.stdout).entries]
    assert keys
    assert all(k.startswith("garf-5446-98s-704-l") for k in keys)
    assert "garf-5446-98s-704-l101" in keys


def test_query_without_match(tmp_path: Path) -> None:
    """A QUERY that matches nothing: exit 1 and one line."""
    need_seeds()
    library = tmp_path / "lib.json"
    _ingest(library, SEED_RECORD)
    result = runner.invoke(app, ["export", "archive:TNA", "--library", str(library)])
    assert result.exit_code == 1
    assert result.stderr == "refcli: no source in the library matches 'archive:TNA'\n"


def test_empty_library(tmp_path: Path) -> None:
    """Exporting from a library that does not exist says how to fill it (exit 1), creating nothing."""
    library = tmp_path / "none.json"
    result = runner.invoke(app, ["export", "--library", str(library)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"refcli: the library {library} is empty; run `refcli ingest FILE`")
    assert not library.exists()


def test_output_file_keeps_its_permissions(tmp_path: Path) -> None:
    """-o over an existing file keeps the file's mode (0644 stays 0644, 0600 stays 0600: the
    temporary file it is written through is 0600); a new file gets 0666 less the umask."""
    import os

    notes = tmp_path / "notes.txt"
    notes.write_text("1 GARF, f. R-5446, op. 98s, d. 704, l. 101.\n", encoding="utf-8")
    for mode in (0o644, 0o600, 0o664):
        out = tmp_path / f"refs-{mode:o}.bib"
        out.write_text("old\n", encoding="utf-8")
        out.chmod(mode)
        for fmt in ("biblatex", "csl-json", "ris"):
            result = runner.invoke(app, ["export", "--from", str(notes), "-f", fmt, "-o", str(out)])
            assert result.exit_code == 0, result.stderr
            assert out.stat().st_mode & 0o777 == mode, (mode, fmt)
        assert "garf-5446-98s-704" in out.read_text(encoding="utf-8")
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.bib"
        assert runner.invoke(app, ["export", "--from", str(notes), "-o", str(new)]).exit_code == 0
        assert new.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)


def test_per_leaf_counts_entries_and_sources(tmp_path: Path) -> None:
    """--per-leaf -o says how many entries it wrote of how many sources, and the file has
    exactly that many entries (it once said "exported 2 sources" for 3 entries)."""
    notes = tmp_path / "notes.txt"
    notes.write_text("1 GARF, f. R-5446, op. 98s, d. 704, l. 101.\n2 Ibid., ll. 104-105.\n"
                     "3 RGANI, f. 52, op. 1, d. 555, ll. 80-88.\n", encoding="utf-8")
    out = tmp_path / "refs.bib"
    result = runner.invoke(app, ["export", "--from", str(notes), "--per-leaf", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"refcli: exported 3 entries of 2 sources (biblatex) to {out}\n"
    assert len(bibtexparser.parse_string(out.read_text(encoding="utf-8")).entries) == 3
    result = runner.invoke(app, ["export", "--from", str(notes), "-o", str(out)])
    assert result.stderr == f"refcli: exported 2 sources (biblatex) to {out}\n"
