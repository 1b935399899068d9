"""CSL-JSON against the real csl-data.json schema and through Zotero's own import tables; RIS
read back by rispy; the biblatex data model file and its biber form."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.exporters import export
from refcli.exporters.common import exported_form
from refcli.exporters.datamodel import biber_config, dbx_text, declared_fields
from refcli.exporters.ris import KIND_OF_TYPE
from refcli.registry import Registry

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds
from .test_export_support import golden_sources

DATA = Path(__file__).resolve().parent / "data"
REFS = Path(__file__).resolve().parent.parent / "refs"
runner = CliRunner()


def _seed_and_refs(fmt: str) -> str:
    need_seeds()
    args = ["export", "--from", str(SEED_ARTICLE), "--from", str(SEED_RECORD), "--from",
            str(REFS / "gost-cyrillic-notes.txt"), "--from", str(REFS / "chicago-notes.md"),
            "--format", fmt]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- CSL-JSON: the real schema ------------------------------------------------------------------


def test_csl_json_meets_the_real_schema() -> None:
    """The seeds', refs' and golden records' CSL-JSON pass citation-style-language/schema's own
    csl-data.json (vendored) with no error."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed (pip install '.[test]')")
    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for text in (_seed_and_refs("csl-json"),
                 export(golden_sources(), "csl-json", Registry.load(None), per_leaf=True)):
        errors = list(validator.iter_errors(json.loads(text)))
        assert errors == [], [e.message for e in errors[:5]]
    assert list(validator.iter_errors([{"id": "x", "type": "manuscript", "fond": "R-5446"}]))


def test_csl_items_carry_key_language_and_extra() -> None:
    """Every item has citation-key and language; a transliterated title is ru-Latn, a Cyrillic
    one ru; the GARF unit's Extra lines carry its place and parts."""
    items = {i["id"]: i for i in json.loads(_seed_and_refs("csl-json"))}
    assert all(i["citation-key"] == k and i["language"] for k, i in items.items())
    by_title = {i.get("title"): i for i in items.values()}
    assert by_title["Na raznykh parallelyakh [On different parallels]"]["language"] == "ru-Latn"
    assert by_title["Эпоха ХХ съезда: международная деятельность А. И. Микояна в 1956 году"]["language"] == "ru"
    assert by_title["Mao's China and the Cold War"]["language"] == "en"
    assert any(i["language"] == "ru" and re.search("[а-я]", i.get("title", "")) for i in items.values())
    garf = items["garf-5446-98s-704"]
    assert garf["note"].splitlines() == ["Archive Place: Moscow", "tex.archive: GARF",
                                         "tex.fond: R-5446", "tex.opis: 98s", "tex.delo: 704"]


# --- Zotero's CSL-JSON import, from its own schema tables ----------------------------------------

_ZOTERO = json.loads((DATA / "zotero-schema-csl.json").read_text(encoding="utf-8"))


def _zotero_fields(item_type: str) -> dict[str, str]:
    """base field or field name → the item type's field (Zotero maps through base fields)."""
    out = {}
    for f in _ZOTERO["itemTypes"][item_type]["fields"]:
        out[f["field"]] = f["field"]
        if "baseField" in f:
            out[f["baseField"]] = f["field"]
    return out


def zotero_import(item: dict) -> dict:
    """A Zotero item as Zotero's CSL-JSON import builds it from the schema's csl tables: the
    type, every text variable its item type has a field for, the date, the creators, and
    ``note`` as Extra; everything else (``custom``, ``archive-place`` ...) is dropped."""
    item_type = _ZOTERO["csl"]["types"][item["type"]][0]
    fields = _zotero_fields(item_type)
    out: dict = {"itemType": item_type, "creators": []}
    for variable, value in item.items():
        for candidate in _ZOTERO["csl"]["fields"]["text"].get(variable, []):
            if candidate in fields:
                out[fields[candidate]] = value
                break
    for variable, field in _ZOTERO["csl"]["fields"]["date"].items():
        if variable in item and field in fields:
            out[fields[field]] = "-".join(map(str, item[variable]["date-parts"][0]))
    creator_types = {v: k for k, v in _ZOTERO["csl"]["names"].items()}
    for variable in ("author", "editor"):
        for name in item.get(variable, []):
            kind = creator_types.get(variable)
            if kind in _ZOTERO["itemTypes"][item_type]["creatorTypes"]:
                out["creators"].append({"creatorType": kind, **name})
    return out


def zotero_export(zitem: dict) -> dict:
    """The item back as CSL variables (Zotero's export map), with the CSL variables and
    Better BibTeX ``tex.`` fields of its Extra read back as Zotero and BBT read them."""
    back: dict = {}
    for variable, candidates in _ZOTERO["csl"]["fields"]["text"].items():
        for field in candidates:
            base = {f["field"]: f.get("baseField", f["field"])
                    for f in _ZOTERO["itemTypes"][zitem["itemType"]]["fields"]}
            hits = [k for k, b in base.items() if b == field or k == field]
            if hits and hits[0] in zitem and variable not in back:
                back[variable] = zitem[hits[0]]
    tex: dict = {}
    for line in zitem.get("extra", "").splitlines():
        key, _, value = line.partition(": ")
        if key.startswith("tex."):
            tex[key[4:]] = value
        else:
            back.setdefault(key.lower().replace(" ", "-"), value)
    back["tex"] = tex
    return back


def test_zotero_round_trip_keeps_archive_place_key_and_parts() -> None:
    """Through Zotero's import and export tables, every archival unit of the seeds and refs keeps
    archive, location, archive place, citation key and fond/opis/delo."""
    items = json.loads(_seed_and_refs("csl-json"))
    archival = [i for i in items if i["custom"]["refcli"]["kind"] == "archival"]
    assert len(archival) >= 8
    for item in archival:
        zitem = zotero_import(item)
        assert zitem["itemType"] == "manuscript"
        assert "archive-place" not in zitem  # Zotero has no field for it: Extra carries it
        back = zotero_export(zitem)
        for variable in ("archive", "archive_location", "archive-place", "citation-key", "language"):
            if variable in item:
                assert back.get(variable) == item[variable], (item["id"], variable)
        for part in ("archive", "fond", "opis", "papka", "delo", "shelfmark"):
            if part in item["custom"]["refcli"]:
                assert back["tex"][part] == item["custom"]["refcli"][part], (item["id"], part)


def test_every_variable_refcli_writes_survives_zotero() -> None:
    """No CSL variable of any golden or seed item is lost: Zotero has a field for it, or its
    Extra line brings it back (the ZOTERO_DROPS table agrees with Zotero's schema)."""
    texts = [_seed_and_refs("csl-json"), export(golden_sources(), "csl-json", Registry.load(None))]
    for item in (i for t in texts for i in json.loads(t)):
        back = zotero_export(zotero_import(item))
        for variable, value in item.items():
            if variable in ("id", "type", "custom", "note", "author", "editor", "issued"):
                continue
            assert back.get(variable) == value, (item["id"], variable)


# --- RIS through rispy -----------------------------------------------------------------------------


def _ris_records(text: str) -> list[dict]:
    rispy = pytest.importorskip("rispy", reason="rispy not installed (pip install '.[test]')")
    return rispy.loads(text)


def _from_ris(entry: dict) -> dict:
    """The refcli fields an RIS record carries (the reader's side of the mapping)."""
    notes = entry.get("notes", [])
    tex = dict(n[4:].split(": ", 1) for n in notes if n.startswith("tex."))
    kind = tex.get("kind") or KIND_OF_TYPE[entry["type_of_reference"]]
    out = {"kind": kind, "title": entry.get("title"), "title_translated": entry.get("translated_title"),
           "year": entry.get("year"), "volume": entry.get("volume"), "issue": entry.get("number"),
           "publisher": entry.get("publisher"), "archive": entry.get("name_of_database"),
           "url": (entry.get("urls") or [None])[0],
           "authors": entry.get("authors", []), "editors": entry.get("secondary_authors", [])}
    container = entry.get("secondary_title") or entry.get("tertiary_title")
    out["container"] = container
    if entry.get("start_page"):
        out["pages"] = entry["start_page"] + (f"-{entry['end_page']}" if entry.get("end_page") else "")
    if entry.get("date"):
        out["date"] = entry["date"].replace("/", "-")
    for name in ("fond", "opis", "papka", "karton", "delo", "tom", "leaves", "shelfmark"):
        out[name] = tex.get(name)
    raw = [n for n in notes if not n.startswith("tex.")]
    out["raw"] = raw[0] if raw else None
    return {k: v for k, v in out.items() if v}


def test_ris_read_back_by_rispy_keeps_every_field() -> None:
    """rispy reads the RIS of every golden and seed record; each field of the exported record
    (title, translation, authors, editors, container, volume, issue, pages, year, date,
    publisher, URL, archive and every shelfmark level) comes back."""
    sources = golden_sources()
    records = {r["id"]: r for r in _ris_records(export(sources, "ris", Registry.load(None)))}
    checked = 0
    for s in sources:
        if s.key not in records:
            continue
        c = exported_form(s.record)
        got = _from_ris(records[s.key])
        want = {"kind": c.kind, "title": c.title or (c.raw if c.kind == "other" else None),
                "title_translated": c.title_translated, "year": c.year or (c.date or "")[:4] or None,
                "volume": c.volume, "issue": c.issue, "publisher": c.publisher,
                "archive": c.archive, "url": c.url, "container": c.container, "pages": c.pages,
                "date": c.date, "authors": [p.family + (f", {p.given}" if p.given else "") for p in c.authors],
                "editors": [p.family + (f", {p.given}" if p.given else "") for p in c.editors],
                "raw": c.raw if c.raw and not c.title and c.kind != "other" else None}
        for name in ("fond", "opis", "papka", "karton", "delo", "tom", "leaves"):
            want[name] = getattr(c, name)
        if c.kind == "archival" and not (c.fond or c.opis or c.delo):
            want["shelfmark"] = c.shelfmark
        want = {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in want.items() if v}
        assert got == want, s.key
        checked += 1
    assert checked == len(sources)
    per_leaf = {r["id"]: r for r in _ris_records(export(sources, "ris", per_leaf=True))}
    assert per_leaf["garf-5446-98s-704-l104-105"]["notes"][-1] == "tex.leaves: 104-105"
    assert per_leaf["garf-5446-98s-704-l104-105"]["accession_number"] == "f. R-5446, op. 98s, d. 704, ll. 104-105"
    seed = _ris_records(_seed_and_refs("ris"))
    garf = next(r for r in seed if r["id"] == "garf-5446-98s-704")
    assert (garf["type_of_reference"], garf["name_of_database"], garf["accession_number"],
            garf["place_published"]) == ("MANSCPT", "GARF", "f. R-5446, op. 98s, d. 704", "Moscow")


# --- the data model ----------------------------------------------------------------------------------


def test_datamodel_declares_every_field_refcli_writes() -> None:
    """refcli.dbx declares each refcli field any biblatex entry carries, and its biber form
    declares the same fields and the @archival type."""
    import bibtexparser

    standard = {"author", "editor", "title", "titleaddon", "journaltitle", "booktitle", "series",
                "volume", "number", "location", "publisher", "date", "year", "pages", "note",
                "url", "langid", "entrysubtype", "organization", "howpublished", "shortauthor",
                "sortkey", "pagination"}
    written = {f for e in bibtexparser.parse_string(export(golden_sources(), "biblatex", per_leaf=True)).entries
               for f in e.fields_dict}
    assert written - standard <= set(declared_fields())
    assert {"fond", "opis", "delo", "archiveseries", "box", "folder"} <= set(declared_fields())
    config = biber_config()
    assert "<entrytype>archival</entrytype>" in config
    for name in declared_fields():
        assert f">{name}</field>" in config


def test_export_datamodel_writes_the_shipped_file(tmp_path: Path) -> None:
    """`refcli export --datamodel -o refcli.dbx` writes the dbx shipped in the package."""
    result = runner.invoke(app, ["export", "--datamodel", "-o", str(tmp_path / "refcli.dbx")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "refcli.dbx").read_text(encoding="utf-8") == dbx_text()
    assert result.stderr == f"refcli: wrote the biblatex data model to {tmp_path / 'refcli.dbx'}\n"
    assert runner.invoke(app, ["export", "--biber-config"]).stdout == biber_config()


def test_a_chapter_without_editors_is_inbook_in_biblatex() -> None:
    """biblatex's @incollection requires an editor; a chapter whose editors the note does not
    name is an @inbook there (classic BibTeX keeps @incollection, which does not)."""
    from refcli.model import Citation, Person
    from refcli.sources import Source, identity

    def source(editors: tuple[Person, ...]) -> Source:
        c = Citation("chapter", "x", authors=(Person("Kramer", "Mark"),), editors=editors,
                     title="Ideology", container="A History", year="2010")
        return Source(identity(c), "k", c, [])

    bare, edited = source(()), source((Person("Leffler", "Melvyn P."),))
    def entry_type(text: str) -> str:
        return re.search(r"^@(\w+)\{", text, re.MULTILINE).group(1)

    assert entry_type(export([bare], "biblatex")) == "inbook"
    assert entry_type(export([edited], "biblatex")) == "incollection"
    assert entry_type(export([bare], "bibtex")) == "incollection"


def test_export_csl_style_writes_the_derived_chicago_style(tmp_path: Path) -> None:
    """`refcli export --csl-style -o FILE` writes refcli's style: well-formed CSL, its own
    title and id, Chicago's style linked as its template, the licence and authors kept, l./ll.
    for the folio; a changed template fails loudly rather than giving a style without
    refcli's changes."""
    import xml.etree.ElementTree as ET

    from refcli.exporters import csl_style

    out = tmp_path / "refcli.csl"
    result = runner.invoke(app, ["export", "--csl-style", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"refcli: wrote the CSL style to {out}\n"
    text = out.read_text(encoding="utf-8")
    assert text == csl_style.csl_style_text()
    assert runner.invoke(app, ["export", "--csl-style"]).stdout == text
    ns = {"cs": "http://purl.org/net/xbiblio/csl"}
    root = ET.fromstring(text.encode("utf-8"))
    info = root.find("cs:info", ns)
    assert info.find("cs:id", ns).text == csl_style.STYLE_ID
    assert "(refcli)" in info.find("cs:title", ns).text
    links = {(link.get("rel"), link.get("href")) for link in info.findall("cs:link", ns)}
    assert ("template", "http://www.zotero.org/styles/chicago-notes-bibliography") in links
    assert "self" not in {rel for rel, _ in links}
    assert "creativecommons.org/licenses/by-sa/3.0" in info.find("cs:rights", ns).get("license")
    assert info.find("cs:author/cs:name", ns).text == "Andrew Dunning"
    folio = root.find(".//cs:locale/cs:terms/cs:term[@name='folio'][@form='short']", ns)
    assert (folio.find("cs:single", ns).text, folio.find("cs:multiple", ns).text) == ("l.", "ll.")
    with pytest.raises(ValueError, match="the CSL template changed"):
        csl_style._replace_once(text, "<no such anchor/>", "")
    assert runner.invoke(app, ["export", "--csl-style", "--datamodel"]).exit_code == 2
