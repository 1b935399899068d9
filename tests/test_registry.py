"""The archive registry: its contents, lookups, the short-alias rule and `refcli archives`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.parsers.shelfmark import find_shelfmarks
from refcli.registry import Registry, alias_key

from .conftest import ROOT

runner = CliRunner()


def test_registry_size_and_schemes(registry: Registry) -> None:
    """At least 40 archives, every one with names, a city and a scheme."""
    assert len(registry.archives) >= 40
    for a in registry.archives:
        assert a.name_en, a.acronym
        assert a.city, a.acronym
        assert a.country, a.acronym
        assert a.scheme in ("fond", "free"), a.acronym


def test_no_alias_names_two_archives() -> None:
    """After folding case, spaces and dots, every alias belongs to one archive only."""
    data = json.loads((ROOT / "archives.json").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for entry in data["archives"]:
        names = [entry["acronym"], *entry.get("aliases", []), *entry.get("short_aliases", [])]
        for f in entry.get("former", []):
            names += [f["acronym"], *f.get("aliases", [])]
        for name in set(names):
            key = alias_key(name)
            assert owner.setdefault(key, entry["acronym"]) == entry["acronym"], name


@pytest.mark.parametrize(
    ("written", "acronym"),
    [
        ("GARF", "GARF"), ("ГАРФ", "GARF"), ("G.A.R.F.", "GARF"), ("GA RF", "GARF"),
        ("AVP RF", "AVP RF"), ("AVPRF", "AVP RF"), ("АВП РФ", "AVP RF"),
        ("TsKhSD", "RGANI"), ("ЦХСД", "RGANI"), ("RTsKhIDNI", "RGASPI"), ("TsPA", "RGASPI"),
        ("TsGAOR SSSR", "GARF"), ("TsGANKh", "RGAE"), ("TsGASA", "RGVA"), ("РГАСПИ", "RGASPI"),
        ("State Archive of the Russian Federation", "GARF"), ("PRO", "TNA"),
        ("ЦДАГО України", "TsDAHOU"), ("NARB", "NARB"), ("НАРБ", "NARB"),
    ],
)
def test_aliases_and_former_names(registry: Registry, written: str, acronym: str) -> None:
    """Latin, Cyrillic, spacing variants and former names lead to the canonical acronym."""
    archive = registry.get(written)
    assert archive is not None, written
    assert archive.acronym == acronym


def test_registry_covers_the_archives_footnotes_cite(registry: Registry) -> None:
    """The federal, post-Soviet and foreign archives the issue names are all present."""
    for acronym in ("GARF", "RGANI", "RGASPI", "AVP RF", "APRF", "RGAE", "RGVA", "RGVIA", "TsAMO",
                    "RGALI", "RGIA", "RGADA", "RGAKFD", "RGANTD", "TsDAHOU", "TsDAVO", "NARB",
                    "LYA", "LVA", "ERAF", "NARA", "TNA", "BArch", "PA AA", "PRC FMA", "VNA3"):
        assert registry.get(acronym) is not None, acronym


def test_short_alias_only_where_a_citation_starts(registry: Registry) -> None:
    """'PRO' opens a citation of TNA, but is not an archive inside a sentence."""
    at_start = find_shelfmarks("PRO, FO 371/116982.", registry)
    assert [s.citation.archive for s in at_start] == ["TNA"]
    assert at_start[0].citation.shelfmark == "TNA, FO 371/116982"
    in_prose = find_shelfmarks("The pro and contra of FO 371/116982 were debated.", registry)
    assert in_prose == []
    after_semicolon = find_shelfmarks("GARF, f. 5446, op. 1, d. 2; PRO, FO 371/1.", registry)
    assert [s.citation.archive for s in after_semicolon] == ["GARF", "TNA"]


def test_unknown_archive_gets_suggestions(registry: Registry) -> None:
    """A misspelt acronym is kept as written, flagged unknown, and close ones are suggested."""
    found = find_shelfmarks("GAFR, f. 5446, op. 1, d. 2.", registry)
    assert len(found) == 1
    assert found[0].citation.archive == "GAFR"
    assert found[0].archive_known is False
    assert "GARF" in registry.suggest("GAFR")


def test_archives_command_lists_and_shows() -> None:
    """`refcli archives` lists all; a former name shows its archive; --json has the schema."""
    result = runner.invoke(app, ["archives", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "refcli.archives/1"
    assert len(data["archives"]) >= 40
    result = runner.invoke(app, ["archives", "TsKhSD"])
    assert result.exit_code == 0
    assert "RGANI" in result.stdout
    assert "Russian State Archive of Contemporary History" in result.stdout


def test_archives_command_finds_by_name_word() -> None:
    """A word of the English or Russian name finds the archive."""
    result = runner.invoke(app, ["archives", "foreign policy", "--json"])
    assert result.exit_code == 0, result.stderr
    acronyms = [a["acronym"] for a in json.loads(result.stdout)["archives"]]
    assert "AVP RF" in acronyms
    result = runner.invoke(app, ["archives", "новейшей", "--json"])
    assert "RGANI" in [a["acronym"] for a in json.loads(result.stdout)["archives"]]


def test_archives_command_unknown_word() -> None:
    """No match: exit 1 and a 'did you mean' on stderr."""
    result = runner.invoke(app, ["archives", "GAFR"])
    assert result.exit_code == 1
    assert "did you mean" in result.stderr
    assert "GARF" in result.stderr


def test_bad_registry_file_is_reported(tmp_path) -> None:
    """A registry that does not parse is one clear error, exit 2."""
    bad = tmp_path / "archives.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["archives", "--archives", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("refcli: archive registry")
