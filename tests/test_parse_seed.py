"""The parse contract on the two seed documents, through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from refcli.cli import app

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds

runner = CliRunner()


def _parse(path) -> dict:
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_seed_article_has_exactly_notes_1_to_36() -> None:
    """The notes block is found: 1..36, nothing from the body or the page furniture."""
    need_seeds()
    data = _parse(SEED_ARTICLE)
    assert data["schema"] == "refcli.parse/1"
    assert [n["n"] for n in data["notes"]] == list(range(1, 37))
    assert data["notes"][26]["text"].startswith("Pravda, 27.01.1956.")


def test_seed_archival_notes() -> None:
    """Notes 15, 20, 22, 31, 32 are the GARF unit at its leaves, fond as written."""
    need_seeds()
    notes = {n["n"]: n for n in _parse(SEED_ARTICLE)["notes"]}
    expected = {15: ("5446", "101"), 20: ("5446", "115"), 22: ("5446", "117"),
                31: ("R-5446", "125"), 32: ("R-5446", "130")}
    for n, (fond, leaves) in expected.items():
        archival = [c for c in notes[n]["citations"] if c["kind"] == "archival"]
        assert len(archival) == 1, n
        c = archival[0]
        assert (c["archive"], c["fond"], c["opis"], c["delo"], c["leaves"]) == (
            "GARF", fond, "98s", "704", leaves), n
        assert c["shelfmark"] == f"GARF, f. {fond}, op. 98s, d. 704, l. {leaves}"


def test_seed_findings_typo_and_displaced_numbers() -> None:
    """Note 31's 'on.' is a shelfmark-typo; notes 4, 8, 11, 24, 34 had displaced numbers."""
    need_seeds()
    findings = _parse(SEED_ARTICLE)["findings"]
    typos = [f["note"] for f in findings if f["code"] == "shelfmark-typo"]
    assert typos == [31]
    displaced = sorted(f["note"] for f in findings if f["code"] == "number-displaced")
    assert displaced == [4, 8, 11, 24, 34]
    note4 = next(f for f in findings if f["note"] == 4 and f["code"] == "number-displaced")
    assert "Selivanov I. N. 4" in note4["message"]
    assert "stood inside the text" in note4["message"]
    # note 24's "2 4" was in its place, split by a space: said so, not "inside the text"
    note24 = next(f for f in findings if f["note"] == 24 and f["code"] == "number-displaced")
    assert "split by a space ('2 4'" in note24["message"]


def test_seed_displaced_note_text_is_repaired() -> None:
    """The repaired note text no longer carries the stray number."""
    need_seeds()
    notes = {n["n"]: n for n in _parse(SEED_ARTICLE)["notes"]}
    assert notes[4]["text"].startswith("Selivanov I. N. Moscow - Ho Chi Minh City.")
    assert notes[24]["text"].startswith("The plenum of the Central Committee")


def test_seed_backreferences_are_recognised() -> None:
    """Ibid. notes carry kind ibid and their own leaf."""
    need_seeds()
    notes = {n["n"]: n for n in _parse(SEED_ARTICLE)["notes"]}
    assert notes[16]["citations"][0]["kind"] == "ibid"
    assert notes[16]["citations"][0]["leaves"] == "102"
    assert notes[17]["citations"][0]["leaves"] == "104-105"
    op_cit = [c for c in notes[35]["citations"] if c["kind"] == "op_cit"]
    assert op_cit
    assert op_cit[0]["pages"] == "597-599"
    assert op_cit[0]["authors"][0]["family"] == "Pantsov"


def test_seed_record_finds_rgani_shelfmark() -> None:
    """The Wilson Center record's RGANI shelfmark is found in running prose."""
    need_seeds()
    notes = _parse(SEED_RECORD)["notes"]
    archival = [c for n in notes for c in n["citations"] if c["kind"] == "archival"]
    assert len(archival) == 1
    c = archival[0]
    assert (c["archive"], c["fond"], c["opis"], c["delo"], c["leaves"]) == (
        "RGANI", "52", "1", "555", "80-88")


def test_parse_table_for_people() -> None:
    """Without --json, a table with the canonical shelfmark and the findings."""
    need_seeds()
    result = runner.invoke(app, ["parse", str(SEED_ARTICLE)])
    assert result.exit_code == 0
    assert "GARF, f. R-5446, op. 98s, d. 704, l. 125" in result.stdout
    assert "shelfmark-typo" in result.stdout
