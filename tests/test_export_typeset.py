"""The export typeset by the real consumers, asserted on the text they print: lualatex + biber
(verbose-trad2, authoryear), pdflatex + classic bibtex (plain.bst), pandoc with a Chicago
notes CSL. Each skips, with its reason, only where its tool is not installed (.ci/run installs
them)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from refcli.exporters import export
from refcli.exporters.datamodel import biber_config, dbx_text
from refcli.pipeline import load_document
from refcli.registry import Registry
from refcli.sources import Source, collect_sources

from .conftest import ROOT, SEED_ARTICLE, need_seeds

REFS = Path(__file__).resolve().parent.parent / "refs"
DATA = Path(__file__).resolve().parent / "data"
GOST = REFS / "gost-cyrillic-notes.txt"


def _tex_has(*files: str) -> bool:
    if not shutil.which("kpsewhich"):
        return False
    found = subprocess.run(["kpsewhich", *files], capture_output=True, text=True, check=False)
    return len(found.stdout.split()) == len(files)


needs_lualatex = pytest.mark.skipif(
    not (shutil.which("lualatex") and shutil.which("biber") and shutil.which("pdftotext")
         and _tex_has("biblatex.sty", "fontspec.sty", "russianb.ldf", "verbose-trad2.cbx")),
    reason="lualatex, biber, biblatex or pdftotext not installed "
           "(apt-get install texlive-luatex texlive-bibtex-extra biber texlive-lang-cyrillic poppler-utils)")
needs_pdflatex = pytest.mark.skipif(
    not (shutil.which("pdflatex") and shutil.which("bibtex") and shutil.which("pdftotext")
         and _tex_has("plain.bst", "t2aenc.def", "russianb.ldf", "cmap.sty")),
    reason="pdflatex, bibtex, Cyrillic fonts or pdftotext not installed "
           "(apt-get install texlive-latex-recommended texlive-lang-cyrillic cm-super-minimal poppler-utils)")
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None,
                                  reason="pandoc not installed (apt-get install pandoc)")


def _documents(registry: Registry):
    need_seeds()
    return [load_document(SEED_ARTICLE, registry), load_document(GOST, registry)]


@pytest.fixture(scope="module")
def seed_sources() -> tuple[list[Source], list]:
    registry = Registry.load(None)
    documents = _documents(registry)
    return collect_sources(documents), documents


def _cites(sources: list[Source], document: str) -> dict[int, list[tuple[str, str | None]]]:
    """note number → [(key, locator)] of DOCUMENT, in the order the notes cite them."""
    out: dict[int, list[tuple[str, str | None]]] = {}
    for s in sources:
        for o in s.occurrences:
            if o.document == document:
                out.setdefault(o.note, []).append((s.key, o.locator))
    return dict(sorted(out.items()))


def _postnote(locator: str | None) -> str:
    """``l. 101`` → ``l.~101`` (as written, pagination none); ``pp. 564-575`` → ``564--575``."""
    if not locator:
        return ""
    label, _, value = locator.partition(" ")
    value = value.replace("-", "--")
    return f"{label}~{value}" if label in ("l.", "ll.") else value


def _notes_tex(sources: list[Source], documents: list) -> str:
    """Each document's notes as footnotes numbered as in the document, citing its sources."""
    body = []
    for doc in documents:
        body.append(f"\\section*{{{Path(doc.source).name.replace('_', '-')}}}\\setcounter{{footnote}}{{0}}")
        for note, cites in _cites(sources, doc.source).items():
            args = "".join(f"[{_postnote(loc)}]{{{key}}}" for key, loc in cites)
            body.append(f"\\setcounter{{footnote}}{{{note - 1}}}Note {note}\\footcites{args}.")
    return "\n".join(body)


def _run(cmd: list[str], cwd: Path) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, errors="replace",
                          timeout=600, check=False)
    assert done.returncode == 0, (cmd, done.stdout[-3000:], done.stderr[-2000:])
    return done.stdout + done.stderr


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", path.name, "-"], cwd=path.parent,
                          capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


# the README's three lines for authoryear: an archival unit labelled by its shelfmark
AUTHORYEAR_LINES = r"""\DeclareSourcemap{\maps[datatype=bibtex]{\map{\pertype{archival}
  \step[fieldsource=note]\step[fieldset=shorttitle, origfieldval]}}}
\DeclareLabeldate[archival]{\field{date}\field{eventdate}\field{origdate}}
\AtEveryBibitem{\ifentrytype{archival}{\clearfield{labeltitle}\clearfield{shorttitle}}{}}"""


def test_the_authoryear_lines_are_the_readmes() -> None:
    """The lines the typesetting test loads are the ones the README tells a historian to add."""
    assert AUTHORYEAR_LINES in (ROOT / "README.md").read_text(encoding="utf-8")


_LUA_DOC = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{DejaVu Serif}
\usepackage[russian,english]{babel}
\usepackage[backend=biber,style=%(style)s,datamodel=refcli]{biblatex}
%(extra)s
\addbibresource{refs.bib}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \sloppy
\begin{document}
%(notes)s
\printbibliography
\end{document}
"""


def _lualatex(tmp_path: Path, style: str, sources, documents) -> tuple[str, str]:
    (tmp_path / "refs.bib").write_text(export(sources, "biblatex", Registry.load(None)), encoding="utf-8")
    (tmp_path / "refcli.dbx").write_text(dbx_text(), encoding="utf-8")
    extra = AUTHORYEAR_LINES if style == "authoryear" else ""
    (tmp_path / "doc.tex").write_text(
        _LUA_DOC % {"style": style, "extra": extra, "notes": _notes_tex(sources, documents)}, encoding="utf-8")
    lua = ["lualatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]
    _run(lua, tmp_path)
    biber_log = _run(["biber", "--validate-datamodel", "doc"], tmp_path)
    _run(lua, tmp_path)
    _run(lua, tmp_path)
    return _pdf_text(tmp_path / "doc.pdf"), biber_log


@needs_lualatex
def test_verbose_trad2_prints_archival_notes_as_historians_write(tmp_path: Path, seed_sources) -> None:
    """lualatex + biber, verbose-trad2, the seed's and the GOST sample's notes: the first GARF
    citation prints `GARF, f. R-5446, op. 98s, d. 704, l. 101.`, the next `Ibid., l. 102.`, a
    later one the short form with its leaf; Cyrillic titles are searchable text; biber keeps
    the archival fields of refcli.dbx (no data model warning about them)."""
    sources, documents = seed_sources
    text, biber_log = _lualatex(tmp_path, "verbose-trad2", sources, documents)
    assert "15 GARF, f. R-5446, op. 98s, d. 704, l. 101." in text
    assert "16 Ibid., l. 102." in text
    assert "17 Ibid., ll. 104–105." in text
    assert "31 GARF, f. R-5446, op. 98s, d. 704, op. cit., l. 125." in text
    assert "pp. l." not in text
    assert "Op. cit., l" not in text
    # a Cyrillic work (Kapitsa's and Pantsov's books are one source with their transliteration now)
    assert "Селиванов, И. Н. Эпоха ХХ съезда" in text
    assert "Ф. Р-5446" not in text  # the Cyrillic shelfmark is read into the canonical unit
    assert "GARF, f. R-5446, op. 98s, d. 704." in text  # its bibliography entry
    warnings = [line for line in biber_log.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert warnings == []  # biber with the .bcf of refcli.dbx: its per-type constraints too


@needs_lualatex
def test_authoryear_prints_the_shelfmark_as_the_label(tmp_path: Path, seed_sources) -> None:
    """lualatex + biber, authoryear with the README's three lines: an archival citation is
    labelled by its shelfmark, no n.d., the leaf as written; the unit is listed once."""
    sources, documents = seed_sources
    text, _ = _lualatex(tmp_path, "authoryear", sources, documents)
    assert "15 GARF, f. R-5446, op. 98s, d. 704, l. 101." in text
    assert "16 GARF, f. R-5446, op. 98s, d. 704, l. 102." in text
    assert "704 n.d." not in text
    assert text.count("GARF, f. R-5446, op. 98s, d. 704.") == 1  # the bibliography's entry
    assert "Pantsov 2007, pp. 564–575" in text
    assert "Переговоры И. В. Сталина с Мао Цзэдуном" in text


@needs_lualatex
def test_biber_tool_mode_validates_with_the_data_model(tmp_path: Path, seed_sources) -> None:
    """`biber --tool --configfile refcli-biber.conf --validate-datamodel` on the export of the
    seed and the GOST sample: no warning at all (refcli's fields declared; the unsigned books,
    the unsigned newspaper issue and the undated web page of the seed exported as the types
    made for them)."""
    sources, _ = seed_sources
    (tmp_path / "refs.bib").write_text(export(sources, "biblatex", Registry.load(None)), encoding="utf-8")
    (tmp_path / "refcli-biber.conf").write_text(biber_config(), encoding="utf-8")
    log = _run(["biber", "--tool", "--configfile", "refcli-biber.conf", "--validate-datamodel",
                "refs.bib"], tmp_path)
    warnings = [line for line in log.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert warnings == []
    assert "INFO - WARNINGS" not in log
    without = _run(["biber", "--tool", "--validate-datamodel", "refs.bib"], tmp_path)
    assert "Field 'fond' invalid in data model" in without  # the check is not vacuous


_PDFLATEX_DOC = r"""\documentclass{article}
\usepackage{cmap}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[russian,english]{babel}
\usepackage{hyperref}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \sloppy
\begin{document}
%(cites)s
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


@needs_pdflatex
def test_classic_bibtex_keeps_titles_and_sorts_authorless_entries(tmp_path: Path, seed_sources) -> None:
    """pdflatex + bibtex + plain.bst: titles print as written (not lowercased), no "to sort,
    need author or key" warning, the archival unit prints its shelfmark and its leaf, and the
    T2A Cyrillic is searchable in the PDF (cmap)."""
    sources, documents = seed_sources
    (tmp_path / "refs.bib").write_text(export(sources, "bibtex", Registry.load(None)), encoding="ascii")
    cites = []
    for doc in documents:
        for note, keys in _cites(sources, doc.source).items():
            cites += [f"{note}\\cite[{_postnote(loc)}]{{{key}}}." if loc else f"{note}\\cite{{{key}}}."
                      for key, loc in keys]
    (tmp_path / "doc.tex").write_text(_PDFLATEX_DOC % {"cites": "\n".join(cites)}, encoding="utf-8")
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"]
    _run(pdflatex, tmp_path)
    bibtex_log = _run(["bibtex", "doc"], tmp_path)
    _run(pdflatex, tmp_path)
    _run(pdflatex, tmp_path)
    assert "need author or key" not in bibtex_log
    text = _pdf_text(tmp_path / "doc.pdf")
    assert "GARF, f. R-5446, op. 98s, d. 704" in text
    assert "l. 101]" in text
    assert "XX Congress of the Communist Party of the Soviet Union" in text  # not lowercased
    assert "Na raznykh parallelyakh [On different parallels]" in text
    assert "Переговоры И. В. Сталина" in text  # T2A Cyrillic extracted as Unicode


def _pandoc_locator(locator: str) -> str:
    """``l. 101`` and ``ll. 104-105`` as written (refcli's CSL style reads `l.` as CSL's folio);
    ``pp. 564-575`` → ``564-575``."""
    label, _, value = locator.partition(" ")
    return locator if label in ("l.", "ll.") else value


def _historian(locator: str) -> str:
    """``ll. 104-105`` → ``ll. 104–105``, as the note prints it."""
    return locator.replace("-", "–")


@needs_pandoc
def test_pandoc_chicago_notes_print_the_archival_citation(tmp_path: Path, seed_sources) -> None:
    """pandoc --citeproc with refcli's Chicago notes style (`refcli export --csl-style`) on the
    seed's notes: every note citing only the GARF unit is exactly `GARF, f. R-5446, op. 98s,
    d. 704, l. 101.` with its own leaf (first and later citations alike: no place in the
    middle, no "unpublished manuscript", never empty); the bibliography lists the unit with
    its archive's city; a transliterated title keeps its case; other works print as Chicago
    prints them."""
    from refcli.exporters.csl_style import csl_style_text

    sources, documents = seed_sources
    (tmp_path / "refs.json").write_text(export(sources, "csl-json", Registry.load(None)), encoding="utf-8")
    (tmp_path / "style.csl").write_text(csl_style_text(), encoding="utf-8")
    lines = ["---", "bibliography: refs.json", "csl: style.csl", "---", ""]
    cites = _cites(sources, documents[0].source)
    for note, keys in cites.items():
        inner = "; ".join(f"@{key}" + (f", {_pandoc_locator(loc)}" if loc else "") for key, loc in keys)
        lines.append(f"Note {note} [{inner}].\n")
    (tmp_path / "doc.md").write_text("\n".join(lines), encoding="utf-8")
    done = subprocess.run(["pandoc", "--citeproc", "-t", "plain", "--wrap=none", "doc.md"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "[WARNING]" not in done.stderr, done.stderr
    notes = [line.split("] ", 1)[1] for line in done.stdout.splitlines() if line.startswith("[")]
    assert len(notes) == len(cites)
    garf_only = [(text, keys[0][1]) for text, keys in zip(notes, cites.values(), strict=True)
                 if [k for k, _ in keys] == ["garf-5446-98s-704"]]
    assert len(garf_only) >= 10
    for text, locator in garf_only:
        assert text == f"GARF, f. R-5446, op. 98s, d. 704, {_historian(locator)}.", text
    assert garf_only[0][0] == "GARF, f. R-5446, op. 98s, d. 704, l. 101."
    assert "GARF, Moscow, f. R-5446, op. 98s, d. 704." in done.stdout.splitlines()
    assert not [n for n in notes if "GARF" in n and ("Moscow" in n or "manuscript" in n or "fol." in n)]
    assert any("Na raznykh parallelyakh" in line for line in notes)
    assert "N.d." not in done.stdout
    assert "(n.d.)" not in done.stdout
