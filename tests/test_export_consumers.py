"""Real consumers read the export of the seed documents: bibtexparser, biber, the CSL-JSON
schema, citeproc-py and pandoc (skipped with the reason when a tool is not installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import bibtexparser
import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.model import Citation, Person
from refcli.sources import Occurrence, Source, assign_keys, identity

from .conftest import SEED_ARTICLE, SEED_RECORD, need_seeds
from .test_export_support import golden_sources

DATA = Path(__file__).resolve().parent / "data"
SCHEMA = DATA / "csl-data-constraints.json"

runner = CliRunner()


def _export_seeds(fmt: str, *extra: str) -> str:
    need_seeds()
    result = runner.invoke(app, ["export", "--from", str(SEED_ARTICLE), "--from",
                                 str(SEED_RECORD), "--format", fmt, *extra])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.fixture(scope="module")
def seed_exports() -> dict[str, str]:
    return {fmt: _export_seeds(fmt) for fmt in ("biblatex", "bibtex", "csl-json")}


@pytest.mark.parametrize("fmt", ["biblatex", "bibtex"])
def test_bibtexparser_reads_the_seed_export(seed_exports: dict[str, str], fmt: str) -> None:
    """bibtexparser 2 reads both seeds' export with no failed block; the GARF and RGANI units are
    one entry each, with the shelfmark in note and no leaves."""
    library = bibtexparser.parse_string(seed_exports[fmt])
    assert library.failed_blocks == []
    entries = {e.key: e for e in library.entries}
    garf = entries["garf-5446-98s-704"]
    assert garf.entry_type == ("archival" if fmt == "biblatex" else "misc")
    assert garf["note"] == "GARF, f.~R-5446, op.~98s, d.~704"
    assert (garf["archive"], garf["fond"], garf["opis"], garf["delo"]) == ("GARF", "R-5446", "98s", "704")
    assert "leaves" not in garf.fields_dict
    assert entries["rgani-52-1-555"]["note"] == "RGANI, f.~52, op.~1, d.~555"
    assert not [k for k in entries if k.startswith("garf-5446-98s-704") and k != "garf-5446-98s-704"]


def test_per_leaf_export_of_the_seed(seed_exports: dict[str, str]) -> None:
    """--per-leaf gives one GARF entry per cited leaf range, Ibid. leaves included."""
    library = bibtexparser.parse_string(_export_seeds("biblatex", "--per-leaf"))
    assert library.failed_blocks == []
    leaves = {e.key: e["leaves"] for e in library.entries if e.key.startswith("garf-5446-98s-704")}
    # notes 15-23 and 31-32 cite l. 101 ... l. 130 directly and through Ibid.
    for leaf in ("101", "102", "104-105", "115", "116", "125", "130"):
        assert leaves[f"garf-5446-98s-704-l{leaf}"] == leaf
    assert library.entries[0].fields_dict  # every entry has fields


def _biber_warnings(tmp_path: Path, text: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    from refcli.exporters.datamodel import biber_config

    (tmp_path / "refcli-biber.conf").write_text(biber_config(), encoding="utf-8")
    done = subprocess.run(["biber", "--tool", "--configfile", "refcli-biber.conf",
                           "--validate-datamodel", bib.name],
                          capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    lines = (done.stdout + done.stderr).splitlines()
    return done, [line for line in lines if line.startswith(("WARN", "ERROR"))]


needs_biber = pytest.mark.skipif(shutil.which("biber") is None,
                                 reason="biber not installed (apt-get install biber)")


@needs_biber
def test_biber_validates_the_seed_export(seed_exports: dict[str, str], tmp_path: Path) -> None:
    """biber --tool --validate-datamodel with refcli's data model accepts the biblatex export
    with no warning at all (refcli's fields declared, every entry of a type whose mandatory
    fields it has), every entry written out."""
    done, lines = _biber_warnings(tmp_path, seed_exports["biblatex"])
    assert done.returncode == 0, done.stdout[-2000:]
    assert lines == []
    out = (tmp_path / "refs_bibertool.bib").read_text(encoding="utf-8")
    assert out.lower().count("@archival{garf-5446-98s-704,") == 1
    assert len(re.findall(r"^@", out, re.MULTILINE)) == len(bibtexparser.parse_string(seed_exports["biblatex"]).entries)


@needs_biber
def test_biber_validates_every_kind(tmp_path: Path) -> None:
    """biber accepts the golden records of every kind (Cyrillic, hostile titles, dates, URLs,
    an unsigned newspaper report, a document without author, a record with no title) with no
    warning at all, with and without --per-leaf."""
    from refcli.exporters import export

    for per_leaf in (False, True):
        done, lines = _biber_warnings(tmp_path, export(golden_sources(), "biblatex", per_leaf=per_leaf))
        assert done.returncode == 0, done.stdout[-2000:]
        assert lines == [], per_leaf
    out = (tmp_path / "refs_bibertool.bib").read_text(encoding="utf-8")
    assert "Мао Цзэдун" in out  # biber read the UTF-8 title
    assert "date = {1955-07-18}" in out.replace("\t", " ").replace("  ", " ") or "1955-07-18" in out


def test_csl_json_validates_against_the_schema(seed_exports: dict[str, str]) -> None:
    """The CSL-JSON of the seeds and of every golden kind meets the CSL-JSON schema's
    constraints (declared variables only, names and dates in their models)."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed (pip install '.[test]')")
    from refcli.exporters import export
    from refcli.registry import Registry

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    for text in (seed_exports["csl-json"], export(golden_sources(), "csl-json", Registry.load(None), per_leaf=True)):
        items = json.loads(text)
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(items))
        assert errors == [], [e.message for e in errors[:5]]


def test_the_schema_check_is_not_vacuous() -> None:
    """An item with refcli's fields at top level (what the schema forbids) fails validation."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = [{"id": "x", "type": "manuscript", "fond": "R-5446"},
           {"id": "y", "type": "archival"},
           {"type": "book"},
           {"id": "z", "type": "book", "issued": {"date-parts": [[1955], [1956], [1957]]}}]
    for item in bad:
        assert list(jsonschema.Draft7Validator(schema).iter_errors([item])), item


def test_csl_archival_item_fields(seed_exports: dict[str, str]) -> None:
    """An archival unit is a manuscript with archive, archive-place (the registry's city) and
    archive_location; refcli's parts are under custom.refcli."""
    items = {i["id"]: i for i in json.loads(seed_exports["csl-json"])}
    garf = items["garf-5446-98s-704"]
    assert garf["type"] == "manuscript"
    assert garf["archive"] == "GARF"
    assert garf["archive-place"] == "Moscow"
    assert garf["archive_location"] == "f. R-5446, op. 98s, d. 704"
    assert garf["custom"]["refcli"] == {"kind": "archival", "archive": "GARF", "fond": "R-5446",
                                        "opis": "98s", "delo": "704"}
    assert "archive_collection" not in garf


def _citeproc(items: list[dict], style_text: str, cites: list[tuple[str, str | None, str | None]],
              tmp_path: Path) -> tuple[list[str], list[str]]:
    """The notes (one citation of KEY at LABEL LOCATOR each) and the bibliography that
    citeproc-py prints for ITEMS in the CSL style STYLE_TEXT."""
    citeproc = pytest.importorskip("citeproc", reason="citeproc-py not installed (pip install '.[test]')")
    from citeproc.source.json import CiteProcJSON

    (tmp_path / "style.csl").write_text(style_text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns that it ignores `custom`
        source = CiteProcJSON(items)
        style = citeproc.CitationStylesStyle(str(tmp_path / "style.csl"), validate=False)
        bibliography = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
        citations = [citeproc.Citation([citeproc.CitationItem(
            key, **({"locator": citeproc.Locator(label, locator)} if locator else {}))])
            for key, label, locator in cites]
        for cite in citations:
            bibliography.register(cite)
        notes = [str(bibliography.cite(cite, lambda item: None)) for cite in citations]
        return notes, [str(e) for e in bibliography.bibliography()]


def test_citeproc_prints_archival_citations_as_historians_write(seed_exports: dict[str, str],
                                                               tmp_path: Path) -> None:
    """citeproc-py with refcli's CSL style (`refcli export --csl-style`) prints the GARF unit
    cited at folio 101, 102 and 104-105 as a historian writes it — the archive, the
    shelfmark, l./ll. and the leaf, no place in the middle, no "unpublished manuscript" —
    and lists it in the bibliography with its archive's city."""
    from refcli.exporters.csl_style import csl_style_text

    cites = [("garf-5446-98s-704", "folio", "101"), ("garf-5446-98s-704", "folio", "102"),
             ("rgani-52-1-555", "folio", "5"), ("garf-5446-98s-704", "folio", "104-105")]
    notes, entries = _citeproc(json.loads(seed_exports["csl-json"]), csl_style_text(), cites, tmp_path)
    assert notes == ["GARF, f. R-5446, op. 98s, d. 704, l. 101.",
                     "GARF, f. R-5446, op. 98s, d. 704, l. 102.",
                     "RGANI, f. 52, op. 1, d. 555, l. 5.",
                     "GARF, f. R-5446, op. 98s, d. 704, ll. 104–105."]
    assert "GARF, Moscow, f. R-5446, op. 98s, d. 704." in entries
    # the vendored Chicago style, unchanged, prints Chicago's order and fol. (not vacuous)
    from refcli.sources_list import style_path

    chicago, _ = _citeproc(json.loads(seed_exports["csl-json"]),
                           Path(style_path("chicago")).read_text(encoding="utf-8"), cites[:1], tmp_path)
    assert chicago != notes[:1]
    assert "fol. 101" in chicago[0]


_UNSIGNED_ITEMS = [
    {"id": "xx", "type": "book", "title": "XX s'ezd KPSS. Stenograficheskii otchet",
     "publisher": "Gospolitizdat", "publisher-place": "Moscow", "issued": {"date-parts": [[1956]]},
     "language": "ru-Latn"},
    {"id": "pravda", "type": "article-newspaper", "container-title": "Pravda",
     "issued": {"date-parts": [[1956, 1, 27]]}, "language": "ru-Latn"},
    {"id": "signed", "type": "book", "author": [{"family": "Mikoyan", "given": "A. I."}],
     "title": "Tak bylo", "publisher": "Vagrius", "issued": {"date-parts": [[1999]]},
     "language": "ru-Latn"},
]

_RENDER_UNPATCHED = """
import json, sys, warnings
import citeproc
from citeproc.source.json import CiteProcJSON
from refcli.sources_list import style_path
warnings.simplefilter("ignore")
style = citeproc.CitationStylesStyle(style_path("chicago"), validate=False)
bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(json.loads(sys.argv[1])), citeproc.formatter.plain)
bib.register(citeproc.Citation([citeproc.CitationItem("xx")]))
print(bib.bibliography()[0])
"""


def test_citeproc_prints_an_authorless_title_once(tmp_path: Path) -> None:
    """A work without author is listed under its title, which CSL's substitution rule then
    suppresses: citeproc-py printed it twice (`XX s'ezd KPSS ... XX s'ezd KPSS ...`) in
    Chicago; refcli's fix (refcli.citeproc_fixes) prints it once, in the sources list
    and in notes, and leaves a signed work alone."""
    from refcli.citeproc_fixes import install
    from refcli.sources_list import render_published, style_path

    title = "XX s'ezd KPSS. Stenograficheskii otchet"
    unpatched = subprocess.run([sys.executable, "-c", _RENDER_UNPATCHED, json.dumps(_UNSIGNED_ITEMS)],
                               capture_output=True, text=True, check=True).stdout
    assert unpatched.count(title) == 2  # the bug, in citeproc-py as installed
    for style in ("chicago", "gost"):
        entries = {e.key: e.text for e in render_published(_UNSIGNED_ITEMS, style)}
        assert entries["xx"].count(title) == 1, entries["xx"]
        assert entries["pravda"].count("Pravda") == 1, entries["pravda"]
        assert "Mikoyan" in entries["signed"]
        assert "Tak bylo" in entries["signed"]
    assert {e.key: e.text for e in render_published(_UNSIGNED_ITEMS, "chicago")}["xx"] == (
        "XX s'ezd KPSS. Stenograficheskii otchet. Gospolitizdat, 1956.")
    install()
    notes, _ = _citeproc(_UNSIGNED_ITEMS, Path(style_path("chicago")).read_text(encoding="utf-8"),
                         [("xx", "page", "5"), ("xx", "page", "6")], tmp_path)
    assert notes[0].count("XX s'ezd KPSS") == 1, notes


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed (apt-get install pandoc)")
def test_pandoc_renders_an_archival_entry(seed_exports: dict[str, str], tmp_path: Path) -> None:
    """pandoc --citeproc with the CSL style written by `refcli export --csl-style` prints the
    GARF and RGANI units from the CSL-JSON as historians write them, the leaf given as `l.`
    in the Markdown."""
    (tmp_path / "refs.json").write_text(seed_exports["csl-json"], encoding="utf-8")
    result = runner.invoke(app, ["export", "--csl-style", "-o", str(tmp_path / "refcli.csl")])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "doc.md").write_text("---\nbibliography: refs.json\ncsl: refcli.csl\n---\n"
                                     "Text [@garf-5446-98s-704, l. 101] and [@rgani-52-1-555, ll. 3-4].\n",
                                     encoding="utf-8")
    done = subprocess.run(["pandoc", "--citeproc", "-t", "plain", "--wrap=none", "doc.md"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "[WARNING]" not in done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("[")]
    assert notes == ["[1] GARF, f. R-5446, op. 98s, d. 704, l. 101.",
                     "[2] RGANI, f. 52, op. 1, d. 555, ll. 3–4."]
    assert "GARF, Moscow, f. R-5446, op. 98s, d. 704." in done.stdout.splitlines()


# --- LaTeX itself, with Cyrillic ----------------------------------------------------------------

_PREAMBLE = r"""\documentclass{article}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[russian,english]{babel}
\tracinglostchars=2
"""
_BIBLATEX_DOC = _PREAMBLE + r"""\usepackage[backend=biber,style=verbose]{biblatex}
\addbibresource{refs.bib}
\begin{document}
Text\footcite[l.~101]{garf-5446-98s-704}.
\nocite{*}
\printbibliography
\end{document}
"""
_BIBTEX_DOC = _PREAMBLE + r"""\usepackage{hyperref}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


def _tex_installed(*files: str) -> bool:
    if not (shutil.which("pdflatex") and shutil.which("kpsewhich")):
        return False
    found = subprocess.run(["kpsewhich", *files], capture_output=True, text=True, check=False)
    return len(found.stdout.split()) == len(files)


def _latex(tmp_path: Path, *programs: list[str]) -> str:
    for cmd in programs:
        done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              check=False)
        assert done.returncode == 0, (cmd, done.stdout[-3000:])
    log = (tmp_path / "doc.log").read_text(encoding="latin-1")
    assert "Missing character" not in log
    assert not [line for line in log.splitlines() if line.startswith("!")]
    return log


def _pdf_text(tmp_path: Path) -> str | None:
    if shutil.which("mutool") is None:
        return None
    done = subprocess.run(["mutool", "draw", "-F", "txt", "doc.pdf"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    return " ".join(done.stdout.split())


_PDFLATEX = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]


@pytest.mark.skipif(not (shutil.which("biber") and _tex_installed("biblatex.sty", "etoolbox.sty", "t2aenc.def", "russianb.ldf")),
                    reason="biber, biblatex or Cyrillic TeX support not installed "
                           "(apt-get install biber texlive-latex-recommended texlive-lang-cyrillic)")
def test_biblatex_export_typesets_with_cyrillic(tmp_path: Path) -> None:
    """pdflatex + biber typeset every golden record (UTF-8 Cyrillic, hostile title) and the
    \\footcite with a leaf postnote, with no missing character and no TeX error."""
    from refcli.exporters import export

    (tmp_path / "refs.bib").write_text(export(golden_sources(), "biblatex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(_BIBLATEX_DOC, encoding="utf-8")
    _latex(tmp_path, _PDFLATEX, ["biber", "doc"], _PDFLATEX)
    text = _pdf_text(tmp_path)
    if text is not None:
        assert "GARF, f. R-5446, op. 98s, d. 704" in text
        assert r"\input{/etc/passwd}" in text  # printed, not executed


@pytest.mark.skipif(not (shutil.which("bibtex") and _tex_installed("plain.bst", "hyperref.sty", "t2aenc.def", "russianb.ldf")),
                    reason="bibtex, hyperref or Cyrillic TeX support not installed "
                           "(apt-get install texlive-latex-recommended texlive-lang-cyrillic)")
def test_classic_bibtex_export_typesets_with_cyrillic(tmp_path: Path) -> None:
    """pdflatex + classic bibtex (plain.bst) typeset every golden record: the T2A macros of the
    Cyrillic titles and names compile, the URL's # prints through hyperref's \\url."""
    from refcli.exporters import export

    (tmp_path / "refs.bib").write_text(export(golden_sources(), "bibtex"), encoding="ascii")
    (tmp_path / "doc.tex").write_text(_BIBTEX_DOC, encoding="utf-8")
    _latex(tmp_path, _PDFLATEX, ["bibtex", "doc"], _PDFLATEX)
    text = _pdf_text(tmp_path)
    if text is not None:
        assert "GARF, f. R-5446, op. 98s, d. 704" in text
        assert "index.php?a=1#part_2" in text.replace(" ", "")
        assert r"\input{/etc/passwd}" in text


_UNSIGNED = [  # (record, the biblatex type its fields call for)
    (Citation("book", raw="XX s'ezd KPSS. Stenograficheskii otchet. M., 1956.", title="XX s'ezd KPSS",
              city="Moscow", publisher="Gospolitizdat", year="1956", volume="1"), "proceedings"),
    (Citation("book", title="Dokumenty", editors=(Person("Fursenko", "A. A."),), year="2004"), "collection"),
    (Citation("article", title="Report of the CC", container="Pravda", date="1956-02-25",
              year="1956"), "suppperiodical"),
    (Citation("article", raw="Pravda, 27.01.1956", container="Pravda", date="1956-01-27",
              year="1956"), "suppperiodical"),
    (Citation("chapter", title="Rakosi o Staline", container="Vestnik APRF", year="1997",
              issue="1"), "suppperiodical"),
    (Citation("web", title="Tak bylo", authors=(Person("Mikoyan", "A. I."),),
              container="Militera", url="http://militera.lib.ru/memo/russian/mikoyan/05.html"), "webpage"),
    (Citation("web", title="Tak bylo", url="http://militera.lib.ru/x.html", year="2001"), "online"),
    (Citation("document", title="Memorandum", year="1956"), "misc"),
    (Citation("other", raw="Interview with the author, 12 May 1999"), "bibnote"),
]


@needs_biber
def test_biber_validates_works_the_note_leaves_unsigned_or_undated(tmp_path: Path) -> None:
    """A work the note names no author, editor, title or date for gets the standard biblatex
    type made for it (@proceedings, @suppperiodical, @misc, @bibnote) or refcli.dbx's
    @webpage, never an invented field: biber --validate-datamodel warns about none; the one
    case biblatex has no type for (an unsigned part of a published book) is reported."""
    from refcli.exporters.bibtex import entry_fields

    records = [r for r, _ in _UNSIGNED]
    for record, want in _UNSIGNED:
        entry_type, fields = entry_fields(record, "biblatex")
        assert entry_type == want, record
        names = {name for name, _ in fields}
        assert ("author" in names) == bool(record.authors)
        assert ("title" in names) == bool(record.title)
        assert ("date" in names) == bool(record.date or record.year)
    sources = [Source(identity(r), "", r, [Occurrence("t.txt", i + 1, None)]) for i, r in enumerate(records)]
    assign_keys(sources)
    from refcli.exporters import export

    done, lines = _biber_warnings(tmp_path, export(sources, "biblatex"))
    assert done.returncode == 0, done.stdout[-2000:]
    assert lines == []
    entries = bibtexparser.parse_string(export(sources, "biblatex")).entries
    assert sorted(e.entry_type for e in entries) == sorted(want for _, want in _UNSIGNED)
    # the unsigned part of a published book: @inbook, and biber names the author it lacks
    chapter = Citation("chapter", title="Preface", container="Dokumenty", city="Moscow",
                       publisher="ROSSPEN", year="2004")
    one = [Source(identity(chapter), "", chapter, [Occurrence("t.txt", 1, None)])]
    assign_keys(one)
    _, lines = _biber_warnings(tmp_path, export(one, "biblatex"))
    assert len(lines) == 1, lines
    assert "Missing mandatory field 'author'" in lines[0]


def test_citeproc_prints_no_label_of_an_empty_variable() -> None:
    """CSL prints a cs:label only when its variable is non-empty: a newspaper issue without
    edition no longer ends in "Edition" in Chicago (citeproc-py printed the term alone); an
    edition that is there keeps its label; the GOST list of the same items is unchanged."""
    from refcli.sources_list import render_published

    items = [{"id": "pravda", "type": "article-newspaper", "container-title": "Pravda",
              "issued": {"date-parts": [[1956, 1, 27]]}, "language": "ru-Latn"},
             {"id": "izvestiia", "type": "article-newspaper", "container-title": "Izvestiia",
              "edition": "Moscow", "issued": {"date-parts": [[1956, 2, 3]]}, "language": "ru-Latn"}]
    chicago = {e.key: e.text for e in render_published(items, "chicago")}
    assert chicago["pravda"] == "Pravda. January 27, 1956."
    assert "Moscow Edition" in chicago["izvestiia"]
    unpatched = subprocess.run([sys.executable, "-c", _RENDER_UNPATCHED.replace('"xx"', '"pravda"'),
                                json.dumps(items)], capture_output=True, text=True, check=True).stdout
    assert "Edition" in unpatched  # the bug, in citeproc-py as installed


_TINY_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>t</title><id>t{n}</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <macro name="m"><text value="{word}"/><text variable="title" prefix=" "/></macro>
  <citation><layout><text macro="m"/></layout></citation>
  <bibliography><layout><text macro="m"/></layout></bibliography>
</style>
"""


def test_citeproc_macro_lookup_is_per_style(tmp_path: Path) -> None:
    """refcli's citeproc-py fixes find a macro once per style: two styles with a macro of the
    same name, used in turn, each print their own."""
    citeproc = pytest.importorskip("citeproc", reason="citeproc-py not installed")
    from citeproc.source.json import CiteProcJSON

    from refcli.citeproc_fixes import install

    install()
    items = [{"id": "a", "type": "book", "title": "Tak bylo"}]
    out = []
    styles = []
    for n, word in enumerate(("first", "second")):
        path = tmp_path / f"s{n}.csl"
        path.write_text(_TINY_STYLE.format(n=n, word=word), encoding="utf-8")
        styles.append(citeproc.CitationStylesStyle(str(path), validate=False))
    for style in (*styles, *styles):
        bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items), citeproc.formatter.plain)
        bib.register(citeproc.Citation([citeproc.CitationItem("a")]))
        out.append(str(bib.bibliography()[0]))
    assert out == ["first Tak bylo", "second Tak bylo"] * 2
