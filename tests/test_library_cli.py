"""The library commands through the CLI: ingest, search, show, stats, documents, remove, import."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds

runner = CliRunner()

NOTES = (
    "1 GARF, f. 5446, op. 98 s, d. 704, l. 1. Mikoyan objected.\n"
    "2 Ibid., l. 2.\n"
    "3 RGANI, f. 52, op. 1, d. 555, ll. 80-88.\n"
)


def _run(*args: str):
    return runner.invoke(app, list(args))


def _json(*args: str, code: int = 0) -> dict:
    result = _run(*args, "--json")
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)


def _library() -> Path:
    return Path(os.environ["REFCLI_LIBRARY"])


@pytest.fixture
def seeded() -> None:
    need_seeds()
    result = _run("ingest", str(SEED_ARTICLE), str(SEED_RECORD))
    assert result.exit_code == 0, result.stderr


# -- the must-shows ------------------------------------------------------------------------------
def test_garf_fond_5446_is_one_unit_with_every_leaf(seeded: None) -> None:
    """f. 5446 and f. R-5446, with the Ibid. links resolved into it: one unit, 11 notes."""
    data = _json("search", "archive:GARF fond:5446")
    assert data["schema"] == "refcli.search/1"
    assert data["query"] == "archive:GARF fond:5446"
    assert data["total"] == 1
    (unit,) = data["results"]
    assert unit["key"] == "garf-5446-98s-704"
    assert (unit["kind"], unit["archive"], unit["opis"], unit["delo"]) == ("archival", "GARF", "98s", "704")
    assert unit["fond"] in ("5446", "R-5446")
    assert unit["leaves"] == ["101", "102", "104-105", "105", "106-108", "115", "116", "117",
                              "118", "125", "130"]
    assert unit["cited"] == 11
    assert [n["note"] for n in unit["notes"]] == [15, 16, 17, 18, 19, 20, 21, 22, 23, 31, 32]
    assert {n.get("via") for n in unit["notes"]} == {None, "ibid"}
    assert unit["documents"] == [SEED_ARTICLE.name]


def test_mikoyan_in_either_script_gives_the_same_results(seeded: None) -> None:
    """Mikoyan and Микоян: the same non-empty results, the GARF unit among them."""
    latin = _json("search", "Mikoyan")
    cyrillic = _json("search", "Микоян")
    assert latin["total"] > 0
    assert latin["results"] == cyrillic["results"]
    assert "garf-5446-98s-704" in [r["key"] for r in latin["results"]]


def test_author_pantsov_is_the_2007_book_cited_in_notes_25_and_35(seeded: None) -> None:
    """The op. cit. of note 35 resolves into the book of note 25."""
    data = _json("search", "author:Pantsov")
    assert data["total"] == 1
    (book,) = data["results"]
    assert book["kind"] == "book"
    assert book["year"] == "2007"
    assert book["authors"][0]["family"] == "Pantsov"
    assert sorted(n["note"] for n in book["notes"]) == [25, 35]
    assert book["cited"] == 2


# -- ingest -----------------------------------------------------------------------------------
def test_ingest_summary_and_unchanged_second_time(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    first = _json("ingest", str(notes), "--tag", "ch1")
    assert first["schema"] == "refcli.ingest/1"
    assert first["summary"] == {"documents": 1, "unchanged": 0, "notes": 3, "citations": 3,
                                "new_sources": 2, "findings": first["summary"]["findings"]}
    before = _library().read_bytes()
    second = _run("ingest", str(notes))
    assert second.exit_code == 0
    assert "notes.txt: unchanged, skipped" in second.stdout
    assert "library unchanged" in second.stdout
    assert _library().read_bytes() == before


def test_ingest_reports_unreadable_files_and_stores_the_rest(tmp_path: Path) -> None:
    """One stderr line per bad file, the good file stored, exit 2."""
    good = tmp_path / "good.txt"
    good.write_text(NOTES, encoding="utf-8")
    result = _run("ingest", str(tmp_path / "missing.txt"), str(good))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"refcli: {tmp_path / 'missing.txt'}: no such file"]
    names = [d["name"] for d in _json("documents")["documents"]]
    assert names == ["good.txt"]


def test_changed_file_replaces_its_version(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    _run("ingest", str(notes))
    notes.write_text("1 GARF, f. 5446, op. 98 s, d. 704, l. 9.\n", encoding="utf-8")
    data = _json("ingest", str(notes))
    assert [d["status"] for d in data["documents"]] == ["replaced"]
    results = _json("search", "archive:GARF")["results"]
    assert results[0]["leaves"] == ["9"]
    assert _json("search", "archive:RGANI", code=1)["total"] == 0  # nothing matched: 1


# -- search, show, stats, documents ---------------------------------------------------------
def test_search_without_library_is_empty_and_creates_nothing() -> None:
    result = _run("search", "Mikoyan")
    assert result.exit_code == 1  # nothing matched
    assert "The library is empty" in result.stdout
    assert json.loads(_run("search", "x", "--json").stdout)["total"] == 0
    assert not _library().exists()
    assert not _library().parent.joinpath(_library().name + ".lock").exists()


def test_bad_query_is_exit_2_one_line() -> None:
    result = _run("search", "auther:Pantsov")
    assert result.exit_code == 2
    assert result.stderr.startswith("refcli: unknown search field 'auther'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_search_table_and_limit(tmp_path: Path) -> None:
    """--limit cuts the list, not the total; the table says how many it shows."""
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    _run("ingest", str(notes))
    result = _run("search", "kind:archival", "--limit", "1")
    assert result.exit_code == 0
    assert "2 sources match 'kind:archival', showing 1" in result.stdout
    data = _json("search", "kind:archival", "--limit", "1")
    assert len(data["results"]) == 1
    assert data["total"] == 2


def test_show_archival_unit(seeded: None) -> None:
    """Every leaf, its notes, and the archive's full name from the registry."""
    data = _json("show", "garf-5446-98s-704")
    assert data["schema"] == "refcli.show/1"
    assert data["archive_name"] == "State Archive of the Russian Federation"
    assert len(data["notes"]) == 11
    table = _run("show", "garf-5446-98s-704")
    assert table.exit_code == 0
    assert "State Archive of the Russian Federation" in table.stdout
    assert "16 (ibid)" in table.stdout


def test_show_unknown_key(seeded: None) -> None:
    result = _run("show", "garf-5446-98s-70")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("refcli: no source with key 'garf-5446-98s-70' in the "
                                     "library; did you mean garf-5446-98s-704?")


def test_stats_and_documents(seeded: None) -> None:
    stats = _json("stats")
    assert stats["schema"] == "refcli.stats/1"
    assert stats["documents"] == 2
    assert stats["by_archive"] == {"GARF": 1, "RGANI": 1}
    assert stats["most_cited_units"][0] == {"key": "garf-5446-98s-704",
                                            "label": "GARF, f. R-5446, op. 98s, d. 704",
                                            "cited": 11}
    assert sum(stats["by_kind"].values()) == stats["sources"]
    docs = _json("documents")
    assert docs["schema"] == "refcli.documents/1"
    assert [d["name"] for d in docs["documents"]] == [SEED_ARTICLE.name, SEED_RECORD.name]
    assert docs["documents"][0]["notes"] == 36
    assert _run("stats").exit_code == 0
    assert _run("documents").exit_code == 0


def test_remove_document(seeded: None) -> None:
    result = _run("remove", SEED_RECORD.name)
    assert result.exit_code == 0
    assert f"removed {SEED_RECORD.name}" in result.stdout
    assert _json("search", "archive:RGANI", code=1)["total"] == 0  # nothing matched: 1
    missing = _run("remove", SEED_RECORD.name)
    assert missing.exit_code == 1
    assert missing.stderr.startswith(f"refcli: no document '{SEED_RECORD.name}'")


def test_library_option_overrides_env(tmp_path: Path) -> None:
    notes = tmp_path / "n.txt"
    notes.write_text(NOTES, encoding="utf-8")
    other = tmp_path / "elsewhere" / "lib.json"
    assert _run("ingest", str(notes), "--library", str(other)).exit_code == 0
    assert other.exists()
    assert not _library().exists()
    assert _json("search", "archive:GARF", "--library", str(other))["total"] == 1


# -- import -------------------------------------------------------------------------------------
BIB = r"""
@book{pantsov2007,
  author = {Pantsov, A. V.},
  title = {Mao Zedong},
  location = {Moscow},
  publisher = {Molodaia gvardiia},
  year = {2007},
}
@unpublished{garf-r-5446,
  note = {GARF, f.~R-5446, op.~98s, d.~704},
  archive = {GARF}, fond = {R-5446}, opis = {98s}, delo = {704},
}
@article{broken, title = {Unclosed
@article{ok1956, author = {Lankov, Andrei}, title = {Crisis in {North Korea}}, journaltitle = {Kritika}, year = {1956}}
"""


def test_import_bib_keeps_keys_and_is_searchable(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = _run("import", str(bib))
    assert result.exit_code == 0, result.stderr
    assert "refs.bib:" in result.stderr
    assert "entry skipped" in result.stderr
    assert "sources added" in result.stdout
    found = _json("search", "author:pantsov")["results"]
    assert [r["key"] for r in found] == ["pantsov2007"]
    assert found[0]["imported"] is True
    assert found[0]["cited"] == 0
    unit = _json("search", "fond:5446")["results"]
    assert [r["key"] for r in unit] == ["garf-r-5446"]
    # ingesting notes that cite the imported unit attaches them to the imported key
    notes = tmp_path / "n.txt"
    notes.write_text(NOTES, encoding="utf-8")
    _run("ingest", str(notes))
    assert _json("show", "garf-r-5446")["leaves"] == ["1", "2"]


def test_import_missing_file(tmp_path: Path) -> None:
    result = _run("import", str(tmp_path / "none.bib"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"refcli: {tmp_path / 'none.bib'}: no such file"
    assert not _library().exists()


# -- help -------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["ingest", "search", "show", "stats", "documents", "remove", "import"])
def test_every_command_has_help_with_examples(command: str) -> None:
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert "--library" in result.stdout


# -- the fast path of `refcli search` ------------------------------------------------------------
def test_fast_path_takes_only_the_plain_forms() -> None:
    """refcli.cli.fast runs `search QUERY [--json] [--limit N|-n N] [--library FILE]` (in any
    order, `=` allowed); anything else is left to typer."""
    from refcli.cli.fast import parse

    taken = parse(["search", "--json", "Mikoyan", "-n", "5", "--library=x.json"])
    assert taken is not None
    assert (taken["query"], taken["json"], taken["limit"], str(taken["library"])) == (
        "Mikoyan", True, 5, "x.json")
    assert parse(["search", "a b"])["limit"] == 20  # type: ignore[index]
    for argv in (["search"], ["show", "x"], ["--quiet", "search", "x"], ["search", "x", "--help"],
                 ["search", "x", "--format", "json"], ["search", "x", "--limit", "0"],
                 ["search", "x", "--limit", "+3"], ["search", "x", "-n5"], ["search", "x", "y"],
                 ["search", "-x"], ["search", "x", "--json", "--json"], ["search", "x", "--limit"],
                 ["search", "x", "--archives", "a.json"], ["search", "--", "x"],
                 ["search", "x", "--json=1"]):
        assert parse(argv) is None, argv


def test_fast_path_answers_as_the_typer_command(tmp_path: Path) -> None:
    """A cold `python -m refcli search` (the fast path, typer never imported) prints what the
    typer command prints, with the same exit status and the same one-line errors."""
    import subprocess
    import sys

    notes = tmp_path / "n.txt"
    notes.write_text(NOTES, encoding="utf-8")
    assert _run("ingest", str(notes)).exit_code == 0
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    probe = ("import runpy, sys; sys.argv = ['refcli', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('refcli', run_name='__main__')\n"
             "finally:\n    sys.stderr.write('typer imported' if 'typer' in sys.modules else '')\n")
    for args in (["Mikoyan", "--json"], ["archive:GARF", "--json", "--limit", "1"],
                 ["Mikoyn", "--json"], ["nothing-like-it", "--json"], ["foo:bar", "--json"],
                 ["RGANI"], [""]):
        done = subprocess.run([sys.executable, "-c", probe, "search", *args], env=env,
                              capture_output=True, text=True, encoding="utf-8")
        typer_run = _run("search", *args)
        assert done.returncode == typer_run.exit_code, args
        assert done.stdout == typer_run.stdout, args
        assert done.stderr.replace("typer imported", "").strip() == typer_run.stderr.strip(), args
        assert "typer imported" not in done.stderr, args
