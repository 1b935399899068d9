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
        assert a.scheme in registry.schemes, a.acronym


def test_no_alias_names_two_archives() -> None:
    """After folding case, spaces and dots, every alias belongs to one archive only, and an
    alias declared ambiguous ("MFA") is owned by the first archive it lists."""
    data = json.loads((ROOT / "archives.json").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for entry in data["archives"]:
        names = [entry["acronym"], *entry.get("aliases", []), *entry.get("short_aliases", [])]
        for f in entry.get("former", []):
            names += [f["acronym"], *f.get("aliases", [])]
        for name in set(names):
            key = alias_key(name)
            assert owner.setdefault(key, entry["acronym"]) == entry["acronym"], name
    acronyms = {e["acronym"] for e in data["archives"]}
    for alias, listed in data.get("ambiguous", {}).items():
        assert len(listed) >= 2, alias
        assert set(listed) <= acronyms, alias
        assert owner.get(alias_key(alias)) == listed[0], alias


def test_registry_holds_150_archives_each_with_a_source(registry: Registry) -> None:
    """The registry covers the archives Cold War notes cite: at least 150, every entry saying
    where its facts come from, every entry's scheme defined in the data."""
    assert len(registry.archives) >= 150
    for a in registry.archives:
        assert a.sources, a.acronym
        assert all(s.strip() for s in a.sources), a.acronym
    countries = {a.country for a in registry.archives}
    assert {"Russia", "United States", "United Kingdom", "Germany", "Poland", "Hungary",
            "Czech Republic", "China", "Vietnam", "France", "Italy", "Serbia"} <= countries


def test_schemes_are_data(registry: Registry) -> None:
    """Each archive's citation scheme is an entry of the data's `schemes`: its levels and
    labels; the Western archives use the levels of the record, not fond/opis/delo."""
    from refcli.model import Citation

    fields = set(Citation.__dataclass_fields__)
    for name, scheme in registry.schemes.items():
        assert set(scheme.levels) <= fields, name
        for level in scheme.labels:
            assert level in scheme.levels, (name, level)
    expect = {"NARA": {"collection", "series", "entry", "box", "folder"},
              "TNA": {"series", "piece"}, "LC": {"collection", "box", "folder"},
              "JFKL": {"collection", "series", "box", "folder"}, "BArch": {"collection", "piece"},
              "PRC FMA": {"collection", "piece", "item"}, "AVP RF": {"fond", "opis", "papka", "delo"}}
    for acronym, levels in expect.items():
        archive = registry.get(acronym)
        assert archive is not None, acronym
        assert levels <= set(registry.scheme_of(archive).levels), acronym


def test_a_scheme_with_an_unknown_level_is_refused() -> None:
    """A scheme naming a field the record does not have is a clear error, not a silent gap."""
    from refcli.errors import InputError

    data = {"schema": "refcli.archives/1", "schemes": {"x": {"levels": ["box"], "labels": {"boxx": ["b"]}}},
            "archives": [{"acronym": "X", "scheme": "x"}]}
    with pytest.raises(InputError, match="unknown level"):
        Registry.from_json(data)
    data = {"schema": "refcli.archives/1", "archives": [{"acronym": "X", "scheme": "nope"}]}
    with pytest.raises(InputError, match="unknown scheme"):
        Registry.from_json(data)


@pytest.mark.parametrize(
    ("written", "acronym"),
    [
        ("MFA", "AVP RF"), ("Foreign Ministry Archive", "AVP RF"), ("AVPRF", "AVP RF"),
        ("Presidential Archive", "APRF"), ("Russian Presidential Archives", "APRF"),
        ("Archive of the President", "APRF"), ("Central Archive, FSB", "TsA FSB"),
        ("TsKhSD", "RGANI"), ("SCCD", "RGANI"), ("RTsKhIDNI", "RGASPI"), ("TsPA", "RGASPI"),
        ("NARA", "NARA"), ("National Archives II", "NARA"), ("NARA-II", "NARA"),
        ("Archives II", "NARA"), ("FDRL", "FDRL"), ("Truman Library", "HSTL"),
        ("Eisenhower Library", "DDEL"), ("JFK Library", "JFKL"), ("LBJL", "LBJL"),
        ("Nixon Library", "RNPL"), ("Ford Library", "GRFL"), ("Carter Library", "JCL"),
        ("Reagan Library", "RRL"), ("Library of Congress", "LC"),
        ("Manuscript Division, Library of Congress", "LC"), ("Hoover Institution", "HIA"),
        ("Mudd Library", "Mudd Library"), ("Houghton Library", "Houghton Library"),
        ("PRO", "TNA"), ("PA AA", "PA AA"), ("SAPMO-BArch", "BArch"), ("BArch", "BArch"),
        ("AAN", "AAN"), ("MNL OL", "MNL OL"), ("NA ČR", "NA ČR"), ("ÚSD", "ÚSD"),
        ("AÚV KSČ", "AÚV KSČ"), ("DASMIP", "DASMIP"), ("AMAE", "AMAE"), ("PRC FMA", "PRC FMA"),
        ("VNA3", "VNA3"), ("OSA", "HU OSA"),
    ],
)
def test_cold_war_archives_resolve(registry: Registry, written: str, acronym: str) -> None:
    """The names English-language Cold War notes use lead to the right entry."""
    archive = registry.get(written)
    assert archive is not None, written
    assert archive.acronym == acronym


def test_ambiguous_alias_names_its_archives_default_first(registry: Registry) -> None:
    """'MFA' reads as the Soviet foreign ministry's archive, but names the Chinese one too."""
    assert [a.acronym for a in registry.get_all("MFA")] == ["AVP RF", "PRC FMA"]
    assert [a.acronym for a in registry.get_all("NARA")] == ["NARA"]
    assert registry.get_all("no such archive") == []


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
    in_prose = find_shelfmarks("The pro and contra of Smith 371/116982 were debated.", registry)
    assert in_prose == []
    # the piece itself names TNA by its department code ("bare_codes"), not by "pro"
    (coded,) = find_shelfmarks("The pro and contra of FO 371/116982 were debated.", registry)
    assert (coded.citation.archive, coded.citation.raw) == ("TNA", "FO 371/116982")
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


def test_archives_command_shows_the_cold_war_names() -> None:
    """`refcli archives NARA`, `MFA` and "Presidential Archive" show the right entries, in
    the table and in --json (with the scheme's levels)."""
    result = runner.invoke(app, ["archives", "NARA"])
    assert result.exit_code == 0, result.stderr
    assert "National Archives and Records Administration" in result.stdout
    assert "record-group" in result.stdout
    data = json.loads(runner.invoke(app, ["archives", "NARA", "--json"]).stdout)
    assert [a["acronym"] for a in data["archives"]] == ["NARA"]
    assert "box" in data["schemes"]["record-group"]["levels"]

    result = runner.invoke(app, ["archives", "MFA"])
    assert result.exit_code == 0, result.stderr
    assert "2 archives" in result.stdout
    assert result.stdout.index("AVP RF") < result.stdout.index("PRC FMA")
    data = json.loads(runner.invoke(app, ["archives", "MFA", "--json"]).stdout)
    assert [a["acronym"] for a in data["archives"]] == ["AVP RF", "PRC FMA"]

    result = runner.invoke(app, ["archives", "Presidential Archive"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("APRF")
    assert "Archive of the President of the Russian Federation" in result.stdout
    data = json.loads(runner.invoke(app, ["archives", "Presidential Archive", "--json"]).stdout)
    assert [a["acronym"] for a in data["archives"]] == ["APRF"]
    assert data["archives"][0]["scheme"] == "fond"


def test_every_alias_starts_with_a_letter() -> None:
    """The matcher only tries positions where a letter starts a word (registry.matcher)."""
    reg = Registry.load()
    assert all(alias[:1].isalpha() for a in reg.archives for alias in a.all_aliases if alias_key(alias))
    assert reg.get("ГАРФ").acronym == "GARF"
    assert [m.group() for m in reg.matcher.finditer("(RGASPI) and «ГАРФ», xGARF")] == ["RGASPI", "ГАРФ"]


def _trie_ungrouped(sequences, sep: str, ignore_case: bool = False) -> str:
    """The archive matcher's prefix tree without its units grouped by first character (and,
    IGNORE_CASE, inside one case-insensitive group, with no first-letter classes): the
    reference the grouped one must match exactly."""
    import re

    trie: dict = {}
    for seq in sequences:
        node = trie
        for unit in seq:
            node = node.setdefault(unit, {})
        node[""] = {}

    def alternatives(node: dict) -> str:
        parts = []
        for unit in sorted(k for k in node if k):
            child = node[unit]
            if any(child):
                tail = f"(?:{sep}{alternatives(child)})" + ("?" if "" in child else "")
                parts.append(re.escape(unit) + tail)
            else:
                parts.append(re.escape(unit))
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    plain = alternatives(trie) if trie else "(?!)"
    return f"(?i:{plain})" if ignore_case else plain


def test_grouped_matcher_finds_exactly_what_the_plain_prefix_tree_finds(
        registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """Grouping the matcher's branches by their first character, and opening the names'
    branches with a class of their first letter (for speed), changes neither what it
    matches nor which of several matches wins: names and acronyms of the registry in other
    cases, cut short, with doubled spaces, with look-alike letters that match
    case-insensitively (Kelvin sign, dotted I, dotless i, long s), glued and separated."""
    import random

    import refcli.registry as reg_module

    grouped = registry.matcher
    monkeypatch.setattr(reg_module, "_trie_regex", _trie_ungrouped)
    plain = Registry.load(ROOT / "archives.json").matcher
    assert plain.pattern != grouped.pattern
    rnd = random.Random(5)
    names = [n for a in registry.archives for n in (*a.all_aliases, *a.names)]
    texts = []
    for _ in range(6000):
        parts = []
        for _ in range(rnd.randint(1, 4)):
            name, mode = rnd.choice(names), rnd.random()
            if mode < 0.25:
                name = name.upper()
            elif mode < 0.45:
                name = name.lower()
            elif mode < 0.55:
                name = name.swapcase()
            elif mode < 0.65:
                name = name.replace(" ", "  ")
            elif mode < 0.8:
                name = name[: rnd.randint(0, len(name))]
            elif mode < 0.85:
                name = name.replace("k", "\u212a").replace("i", "\u0130").replace("s", "\u017f")
            elif mode < 0.9:
                name = name.replace("i", "\u0131").replace("I", "\u0131").replace("с", "\u1c83").replace("о", "\u1c82")
            parts.append(name)
        texts.append(rnd.choice([" ", ", ", ". ", "-", "", " (", "; "]).join(parts)
                     + rnd.choice(["", ".", " f. 1", "x", " 12"]))
    found = 0
    for text in texts:
        expected = [(m.span(), m.group()) for m in plain.finditer(text)]
        assert [(m.span(), m.group()) for m in grouped.finditer(text)] == expected, text
        found += len(expected)
    assert found > 5000
