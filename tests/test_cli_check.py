"""``refcli chains`` and ``refcli check`` through the CLI, on the seed article and on small files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from refcli.cli import app

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds

runner = CliRunner()


def _json(args: list[str], code: int = 0) -> dict:
    result = runner.invoke(app, args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr == ""
    return json.loads(result.stdout)


def _write(tmp_path: Path, name: str, *notes: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(f"{i} {n}" for i, n in enumerate(notes, 1)) + "\n", encoding="utf-8")
    return path


# -- the seed article (must show) -------------------------------------------------------


def test_seed_chains_resolved_each_link_with_its_own_leaf() -> None:
    """12→13, 15→16..19, 20→21, 22→23 resolved, each link at its own leaf."""
    need_seeds()
    data = _json(["chains", str(SEED_ARTICLE), "--json"])
    assert data["schema"] == "refcli.chains/1"
    chains = {c["root"]: c for c in data["chains"]}
    expected = {12: [13], 15: [16, 17, 18, 19], 20: [21], 22: [23]}
    for root, links in expected.items():
        assert [link["note"] for link in chains[root]["links"]] == links
        assert chains[root]["status"] == "resolved"
        assert all(link["status"] == "resolved" for link in chains[root]["links"])
    locators = {link["note"]: link["locator"] for c in data["chains"] for link in c["links"]}
    assert locators[16] == "l. 102"
    assert locators[17] == "ll. 104-105"
    assert locators[18] == "l. 105"
    assert locators[19] == "ll. 106-108"
    assert locators[21] == "l. 116"
    assert locators[23] == "l. 118"
    assert chains[15]["citation"]["shelfmark"] == "GARF, f. 5446, op. 98s, d. 704, l. 101"


def test_seed_parse_json_carries_resolved_backrefs() -> None:
    """``parse --json`` already has target, status and the resolved record at the new leaf."""
    need_seeds()
    notes = {n["n"]: n for n in _json(["parse", str(SEED_ARTICLE), "--json"])["notes"]}
    expected = {16: "102", 17: "104-105", 18: "105", 19: "106-108", 21: "116", 23: "118"}
    roots = {16: 15, 17: 15, 18: 15, 19: 15, 21: 20, 23: 22}
    for n, leaves in expected.items():
        (c,) = [c for c in notes[n]["citations"] if c["kind"] == "ibid"]
        assert (c["target"], c["status"]) == (roots[n], "resolved")
        assert c["resolved"]["leaves"] == leaves
        assert c["resolved"]["delo"] == "704"
        assert c["resolved"]["shelfmark"].endswith(f"d. 704, {'ll.' if '-' in leaves else 'l.'} {leaves}")
        assert "target" not in c["resolved"]


def test_seed_op_cit_35_resolves_to_pantsov_book_in_note_25() -> None:
    """Note 35's ``Pantsov A.V. Decree. op., pp. 597-599`` is note 25's Pantsov book at 597-599.

    Needs the bibliographic parser (parsers/biblio.py) to read note 25 as a book."""
    need_seeds()
    notes = {n["n"]: n for n in _json(["parse", str(SEED_ARTICLE), "--json"])["notes"]}
    (c,) = [c for c in notes[35]["citations"] if c["kind"] == "op_cit"]
    assert (c["target"], c["status"]) == (25, "resolved")
    assert c["resolved"]["pages"] == "597-599"
    assert c["resolved"]["kind"] == "book"
    assert c["resolved"]["authors"][0]["family"] == "Pantsov"


def test_seed_variant_is_one_unit_written_two_ways() -> None:
    """Notes 15/20/22 (f. 5446) and 31/32 (f. R-5446): one shelfmark-variant finding."""
    need_seeds()
    data = _json(["check", str(SEED_ARTICLE), "--json"])
    assert data["schema"] == "refcli.check/1"
    (file_,) = data["files"]
    assert (file_["source"], file_["notes"]) == (SEED_ARTICLE.name, 36)
    variants = [f for f in file_["findings"] if f["code"] == "shelfmark-variant"]
    assert len(variants) == 1
    (v,) = variants
    assert (v["severity"], v["note"], v["related"]) == ("warning", 15, [20, 22, 31, 32])
    assert "'f. 5446, op. 98s' (notes 15, 20, 22)" in v["message"]
    assert "'f. R-5446, op. 98s' (notes 31, 32)" in v["message"]
    codes = {f["code"] for f in file_["findings"]}
    assert "shelfmark-typo" in codes
    assert "number-displaced" in codes
    assert not codes & {"ibid-unresolved", "ibid-ambiguous", "opcit-unresolved",
                        "opcit-ambiguous"}
    assert data["summary"]["error"] == 0
    assert data["summary"]["warning"] == sum(f["severity"] == "warning" for f in file_["findings"])


def test_seed_markers_all_found() -> None:
    """Every note of the seed article has its marker in the body (system1., MNR2, ...)."""
    need_seeds()
    file_ = _json(["check", str(SEED_ARTICLE), "--json"])["files"][0]
    assert [f for f in file_["findings"] if f["code"] == "marker-missing"] == []


def test_seed_check_exits_0_by_default_and_1_with_strict() -> None:
    """Warnings only: the default passes, --strict fails."""
    need_seeds()
    ok = runner.invoke(app, ["check", str(SEED_ARTICLE)])
    assert ok.exit_code == 0, ok.stderr
    assert ok.stderr == ""
    strict = runner.invoke(app, ["check", str(SEED_ARTICLE), "--strict"])
    assert strict.exit_code == 1
    assert strict.stderr == ""
    assert strict.stdout == ok.stdout


def test_seed_report_for_people_groups_by_severity_and_quotes_notes() -> None:
    """The rich report: a header, a severity group, the code, the quoted note, a summary."""
    need_seeds()
    out = runner.invoke(app, ["check", str(SEED_ARTICLE)]).stdout
    assert out.startswith(f"{SEED_ARTICLE.name}: 36 notes, ")
    assert "warnings (" in out
    assert "shelfmark-variant" in out
    assert "“GARF, f. R-5446, on. 98 s, d. 704, l. 125.”" in out
    assert "0 errors, " in out.splitlines()[-1]


def test_seed_chains_tree_for_people() -> None:
    """The tree shows the root shelfmark and every link with its locator and status."""
    need_seeds()
    out = runner.invoke(app, ["chains", str(SEED_ARTICLE)]).stdout
    assert "note 15  GARF, f. 5446, op. 98s, d. 704, l. 101  resolved" in out
    assert "note 17  Ibid., l. 104-105  → ll. 104-105  resolved" in out


def test_several_files_one_report_each_and_a_total() -> None:
    """Two files: a report each, then the total; JSON has both files and a summed summary."""
    need_seeds()
    out = runner.invoke(app, ["check", str(SEED_ARTICLE), str(SEED_RECORD)])
    assert out.exit_code == 0
    assert f"{SEED_RECORD.name}: " in out.stdout
    assert out.stdout.splitlines()[-1].startswith("total over 2 files: 0 errors")
    data = _json(["check", str(SEED_ARTICLE), str(SEED_RECORD), "--json"])
    assert [f["source"] for f in data["files"]] == [SEED_ARTICLE.name, SEED_RECORD.name]
    total = sum(len(f["findings"]) for f in data["files"])
    assert sum(data["summary"].values()) == total


# -- small files -------------------------------------------------------------------------


def test_broken_chain_fails_check_and_shows_in_chains(tmp_path: Path) -> None:
    """An Ibid. after a note with two citations: exit 1, ibid-ambiguous error naming both;
    chains lists it with status ambiguous and the candidate note."""
    path = _write(tmp_path, "amb.txt",
                  "GARF, f. 5446, op. 98, d. 704, l. 1; RGANI, f. 52, op. 1, d. 555, l. 80.",
                  "Ibid., l. 3.")
    data = _json(["check", str(path), "--json"], code=1)
    (f,) = data["files"][0]["findings"]
    assert (f["code"], f["severity"], f["note"], f["related"]) == ("ibid-ambiguous", "error", 2, [1])
    assert "RGANI, f. 52, op. 1, d. 555, l. 80" in f["message"]
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0}
    chains = _json(["chains", str(path), "--json"])["chains"]
    assert chains == [{"root": None, "citation": None, "links": [
        {"note": 2, "kind": "ibid", "locator": "l. 3", "status": "ambiguous", "candidates": [1]}],
        "status": "ambiguous"}]


def test_unresolved_chain_in_the_tree(tmp_path: Path) -> None:
    """A broken back-reference appears in the tree, marked unresolved."""
    path = _write(tmp_path, "u.txt", "Ibid., l. 4.", "GARF, f. 5446, op. 98, d. 704, l. 1.")
    result = runner.invoke(app, ["chains", str(path)])
    assert result.exit_code == 0
    assert "(no antecedent) unresolved" in result.stdout
    assert "note 1  Ibid., l. 4  → l. 4  unresolved" in result.stdout


def test_clean_file(tmp_path: Path) -> None:
    """No findings: exit 0 even with --strict, and the report says so."""
    path = _write(tmp_path, "ok.txt", "GARF, f. 5446, op. 98, d. 704, l. 1.", "Ibid., l. 2.")
    result = runner.invoke(app, ["check", str(path), "--strict"])
    assert result.exit_code == 0
    assert "no findings" in result.stdout
    assert "0 errors, 0 warnings, 0 info" in result.stdout


def test_info_never_fails(tmp_path: Path) -> None:
    """locator-missing is info: exit 0 even with --strict."""
    path = _write(tmp_path, "i.txt", "GARF, f. 5446, op. 98, d. 704.", "Commentary only.")
    data = _json(["check", str(path), "--json", "--strict"])
    assert [f["code"] for f in data["files"][0]["findings"]] == ["locator-missing"]


def test_unreadable_file_is_one_stderr_line_and_exit_2(tmp_path: Path) -> None:
    """A missing file: exit 2, one line on stderr, nothing on stdout, no traceback."""
    missing = tmp_path / "nope.txt"
    for cmd in ("check", "chains"):
        result = runner.invoke(app, [cmd, str(missing)])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == f"refcli: {missing}: no such file\n"


def test_binary_file_exit_2(tmp_path: Path) -> None:
    """A binary file among several: exit 2 with one line."""
    good = _write(tmp_path, "ok.txt", "GARF, f. 5446, op. 98, d. 704, l. 1.", "Ibid., l. 2.")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["check", str(good), str(bad)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "binary" in result.stderr


def test_no_file_is_bad_usage() -> None:
    """check without a file is a usage error (exit 2)."""
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2


def test_help_has_examples() -> None:
    """Both commands explain themselves with examples."""
    for cmd in ("check", "chains"):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.stdout
        assert f"refcli {cmd} refs/" in result.stdout
    assert "--strict" in runner.invoke(app, ["check", "--help"]).stdout


def test_unknown_format_is_bad_usage(tmp_path: Path) -> None:
    """--input-format or --format that does not exist: exit 2 and one stderr line."""
    path = _write(tmp_path, "ok.txt", "GARF, f. 5446, op. 98, d. 704, l. 1.")
    result = runner.invoke(app, ["check", str(path), "--input-format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr.startswith("refcli: unknown format 'pdf'")
    assert result.stderr.count("\n") == 1
    result = runner.invoke(app, ["check", str(path), "--format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr.startswith("refcli: unknown output format 'pdf'")
    assert result.stderr.count("\n") == 1


def test_parse_json_names_candidates_of_an_ambiguous_ibid(tmp_path: Path) -> None:
    """The parse contract carries status and candidates on an ambiguous back-reference; its
    target is the note the candidates sit in (the eval's gold convention), nothing resolved."""
    path = _write(tmp_path, "a.txt",
                  "GARF, f. 5446, op. 98, d. 704, l. 1; RGANI, f. 52, op. 1, d. 555, l. 80.",
                  "Ibid., l. 3.")
    notes = _json(["parse", str(path), "--json"])["notes"]
    (c,) = notes[1]["citations"]
    assert (c["kind"], c["status"], c["candidates"]) == ("ibid", "ambiguous", [1])
    assert c["target"] == 1
    assert "resolved" not in c


def test_article_with_a_note_no_marker_points_to(tmp_path: Path) -> None:
    """A plain-text article whose body marks notes 1, 2 and 4 but not 3: marker-missing on 3;
    the year 1956 and '30%' are not taken for markers."""
    path = tmp_path / "article.txt"
    path.write_text(
        "In 1956 the Congress shook the system1. The MNR2 and 30% of the delegates agreed.\n\n"
        "Nothing marks the third note here. The plenum followed in April 1956.4\n\n"
        "Notes\n\n"
        "1 GARF, f. 5446, op. 98, d. 704, l. 1.\n2 Ibid., l. 2.\n3 Ibid., l. 3.\n4 Ibid., l. 4.\n",
        encoding="utf-8")
    data = _json(["check", str(path), "--json"])
    found = [(f["code"], f["severity"], f["note"]) for f in data["files"][0]["findings"]]
    assert found == [("marker-missing", "warning", 3)]
    assert runner.invoke(app, ["check", str(path), "--strict"]).exit_code == 1


def test_notes_list_with_a_heading_has_no_marker_check(tmp_path: Path) -> None:
    """A bare notes list under a heading shows no markers: nothing is reported as unmarked."""
    path = tmp_path / "notes.txt"
    path.write_text("Notes to chapter 3\n\n1 GARF, f. 5446, op. 98, d. 704, l. 1.\n"
                    "2 Ibid., l. 2.\n3 Ibid., l. 3.\n", encoding="utf-8")
    data = _json(["check", str(path), "--json"])
    assert data["files"][0]["findings"] == []


# -- the fast path of `refcli check` and `refcli parse` ---------------------------------------------

def test_fast_path_takes_only_plain_check_and_parse_lines() -> None:
    """refcli.cli.fast runs `check FILE... [--json] [--strict]` and `parse FILE [--json]`;
    anything else (another option, standard input, --help, a flag twice) is typer's."""
    from refcli.cli.fast import parse_document_command

    taken = parse_document_command(["check", "a.txt", "--json", "b.md", "--strict"])
    assert taken is not None
    assert ([str(f) for f in taken["files"]], taken["json"], taken["strict"]) == (["a.txt", "b.md"], True, True)  # type: ignore[union-attr]
    assert parse_document_command(["parse", "a.txt"])["json"] is False  # type: ignore[index]
    for argv in (["check"], ["check", "-"], ["check", "a.txt", "--format", "json"], ["check", "a.txt", "--help"],
                 ["check", "a.txt", "--json", "--json"], ["parse", "a.txt", "b.txt"], ["parse", "a.txt", "--strict"],
                 ["check", "a.txt", "--archives", "x.json"], ["chains", "a.txt"], ["--quiet", "check", "a.txt"],
                 ["check", "a.txt", "--encoding", "cp1251"], ["parse", ""]):
        assert parse_document_command(argv) is None, argv


def test_fast_check_and_parse_answer_as_the_typer_commands(tmp_path: Path) -> None:
    """A cold `python -m refcli check|parse` on plain command lines (typer never imported)
    prints what the typer command prints, with the same exit status and the same one-line
    errors (an empty file, a missing one)."""
    import os
    import subprocess
    import sys

    notes = tmp_path / "n.txt"
    notes.write_text("1. GARF, f. 5446, op. 1, d. 2, l. 3.\n\n2. Ibid., l. 4.\n\n3. Ibid.\n\n"
                     "5. RGASPI, f. 17, op. 3, d. 9.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    probe = ("import runpy, sys; sys.argv = ['refcli', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('refcli', run_name='__main__')\n"
             "finally:\n    sys.stderr.write('typer imported' if 'typer' in sys.modules else '')\n")
    for args in (["check", str(notes), "--json"], ["check", str(notes), "--strict", "--json"],
                 ["check", str(notes)], ["parse", str(notes), "--json"], ["parse", str(notes)],
                 ["check", str(empty)], ["parse", str(tmp_path / "missing.txt")]):
        done = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True,
                              text=True, encoding="utf-8")
        typer_run = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100"})
        assert done.returncode == typer_run.exit_code, args
        assert done.stdout == typer_run.stdout, args
        assert done.stderr.replace("typer imported", "").strip() == typer_run.stderr.strip(), args
        assert "typer imported" not in done.stderr, args
