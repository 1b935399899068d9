"""`refcli sources`: the sources list of the seed and the refs samples in GOST and Chicago,
golden-tested; its formats; its errors."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app

from .conftest import GOLDEN, SEED_ARTICLE, need_seeds

REFS = Path(__file__).resolve().parent.parent / "refs"
REGEN = os.environ.get("REFCLI_REGEN_GOLDEN") == "1"
runner = CliRunner()


def _inputs() -> list[Path]:
    need_seeds()
    return [SEED_ARTICLE, REFS / "gost-cyrillic-notes.txt", REFS / "chicago-notes.md"]


def _sources(*args: str) -> str:
    argv = ["sources"]
    for path in _inputs():
        argv += ["--from", str(path)]
    result = runner.invoke(app, [*argv, *args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.replace(str(SEED_ARTICLE.parent) + "/", "")


@pytest.mark.parametrize("style", ["gost", "chicago"])
def test_sources_golden(style: str) -> None:
    """The sources list of the seed and the samples matches the reviewed golden file
    (REFCLI_REGEN_GOLDEN=1 rewrites it on purpose)."""
    out = _sources("--style", style)
    path = GOLDEN / "sources" / f"seed-and-refs.{style}.txt"
    if REGEN:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_gost_groups_archive_fond_opis_delo() -> None:
    """GOST: the GARF unit under its archive, fond and opis, with the span of leaves cited and
    the notes citing it, Ibid. notes marked; published works follow."""
    out = _sources("--style", "gost")
    lines = out.splitlines()
    garf = lines.index("Государственный архив Российской Федерации (ГАРФ)")
    assert lines[garf + 1:garf + 4] == ["  Ф. Р-5446", "    Оп. 98с",
                                        "      ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130."]
    assert "прим. 16 (л. 102, там же)" in lines[garf + 4]
    assert "      ГАРФ. Ф. Р-5446. Оп. 120. Д. 1260. Л. 58." in lines
    assert lines.index("Архивные источники") < lines.index("Опубликованные источники и литература")


def test_chicago_names_the_archive() -> None:
    """Chicago: the unit as `GARF, f. R-5446, op. 98s, d. 704` under the archive's full name."""
    out = _sources("--style", "chicago")
    assert "State Archive of the Russian Federation (GARF), Moscow\n  f. R-5446\n    op. 98s\n" in out
    assert "      GARF, f. R-5446, op. 98s, d. 704, ll. 101–130\n" in out
    assert "  TNA, FO 371/116982\n" in out
    assert "Published works\n" in out


def test_published_works_come_from_citeproc() -> None:
    """Published works are citeproc-py's rendering of the CSL style: GOST numbers them and
    writes `//` before a journal; Chicago italicises book titles (Markdown shows it)."""
    gost = _sources("--style", "gost")
    assert "Ледовский А. М. Переговоры И. В. Сталина" in gost
    assert "// Новая и новейшая история. 1997. № 1. С. 23–47." in gost
    markdown = _sources("--style", "chicago", "--format", "markdown")
    assert "*Mao's China and the Cold War*. University of North Carolina Press, 2001." in markdown


def test_latex_and_docx(tmp_path: Path) -> None:
    """The LaTeX fragment escapes what it prints; the .docx opens in python-docx with the GOST
    line and the published works."""
    latex = _sources("--format", "latex")
    assert "\\section*{Архивные источники}" in latex
    assert "ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130." in latex
    docx = pytest.importorskip("docx", reason="python-docx not installed (pip install '.[test]')")
    out = tmp_path / "sources.docx"
    argv = ["sources", "--format", "docx", "-o", str(out)]
    for path in _inputs():
        argv += ["--from", str(path)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]
    assert "ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130." in paragraphs
    assert any(p.startswith("Ледовский А. М.") or "Ледовский А. М." in p for p in paragraphs)


def test_sources_errors() -> None:
    """A bad style or format is one line on stderr and exit 2; an empty library exit 1."""
    result = runner.invoke(app, ["sources", "--style", "mla", "--from", "x.txt"])
    assert result.exit_code == 2
    assert result.stderr == "refcli: unknown style 'mla'; use one of: gost, chicago\n"
    result = runner.invoke(app, ["sources", "--format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr == "refcli: unknown format 'pdf'; use one of: text, markdown, latex, docx\n"
    result = runner.invoke(app, ["sources"])
    assert result.exit_code == 1
    assert result.stderr.startswith("refcli: the library ")


def test_sources_from_the_library(tmp_path: Path) -> None:
    """After `refcli ingest`, `refcli sources QUERY` lists what the search finds."""
    need_seeds()
    library = str(tmp_path / "lib.json")
    assert runner.invoke(app, ["ingest", "--library", library, str(SEED_ARTICLE)]).exit_code == 0
    result = runner.invoke(app, ["sources", "archive:GARF", "--library", library])
    assert result.exit_code == 0, result.stderr
    assert "ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130." in result.stdout
    assert "Опубликованные" not in result.stdout


def test_chicago_list_leaves_out_what_chicago_leaves_out() -> None:
    """Chicago's bibliography omits a private document and a note that is only text (CMOS18
    14.114): the sources list leaves them out too, and every other work keeps its own entry
    (the list once failed, misaligned, when a style skipped an item)."""
    from refcli.model import Citation, Person
    from refcli.sources import Occurrence, Source, assign_keys, identity
    from refcli.sources_list import build

    records = [Citation("other", raw="Interview with the author, 12 May 1999"),
               Citation("book", authors=(Person("Pantsov", "A. V."),), title="Mao Tszedun",
                        publisher="Molodaya gvardiya", year="2007"),
               Citation("document", title="Letter to the author", year="2001"),
               Citation("book", authors=(Person("Lankov", "A. N."),), title="Avgust 1956 goda",
                        publisher="ROSSPEN", year="2009")]
    sources = [Source(identity(r), "", r, [Occurrence("t.txt", i + 1, None)]) for i, r in enumerate(records)]
    assign_keys(sources)
    keys = {s.record.title or s.record.raw: s.key for s in sources}
    chicago = {e.key: e.text for e in build(sources, "chicago").published}
    assert set(chicago) == {keys["Mao Tszedun"], keys["Avgust 1956 goda"]}
    assert "Pantsov" in chicago[keys["Mao Tszedun"]]
    assert "Lankov" in chicago[keys["Avgust 1956 goda"]]
    gost = {e.key: e.text for e in build(sources, "gost").published}
    assert len(gost) == 4
    assert "Interview with the author" in gost[keys["Interview with the author, 12 May 1999"]]
