"""Word, Markdown and LaTeX notes: the seed article's 36 notes written into each format by
the builders below, read back through ``refcli parse --json``, give the same notes and
citations as the plain-text seed; plus each reader's own rules."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcli.cli import app
from refcli.errors import InputError
from refcli.readers import FORMATS, detect_format, read_notes
from refcli.readers.docx import read_docx_notes
from refcli.readers.latex import latex_to_text, read_latex_notes
from refcli.readers.markdown import markdown_to_text, read_markdown_notes

from .conftest import SEED_ARTICLE, need_seeds

runner = CliRunner()

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOC_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

Notes = Sequence[tuple[int, str]]


# ---------------------------------------------------------------- builders (independent of
# the readers: they write each format the way Word, pandoc and LaTeX users do)


def _runs(text: str, rng: random.Random) -> str:
    """TEXT as Word runs: the first word italic, the rest split at a random point, a soft
    hyphen inside the longest word (Word's optional hyphen), tabs never."""
    words = text.split(" ")
    longest = max(range(len(words)), key=lambda k: len(words[k]))
    if len(words[longest]) >= 8 and words[longest].isalpha():
        w = words[longest]
        words[longest] = w[:4] + "\u00ad" + w[4:]
    text = " ".join(words)
    first, _, rest = text.partition(" ")
    cut = rng.randrange(len(rest) + 1) if rest else 0
    pieces = [f'<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{escape(first)}</w:t></w:r>']
    if rest:
        pieces.append('<w:proofErr w:type="spellStart"/>')
        for chunk in (" " + rest[:cut], rest[cut:]):
            if chunk:
                pieces.append(f'<w:r><w:t xml:space="preserve">{escape(chunk)}</w:t></w:r>')
    return "".join(pieces)


def _note_xml(tag: str, note_id: int, text: str, rng: random.Random) -> str:
    ref_style = "FootnoteReference" if tag == "footnote" else "EndnoteReference"
    return (
        f'<w:{tag} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:{tag}Ref/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{_runs(text, rng)}</w:p></w:{tag}>'
    )


def _separators(tag: str) -> str:
    return (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{tag}>"
    )


def build_docx(
    path: Path,
    footnotes: Notes,
    endnotes: Notes = (),
    *,
    seed: int = 7,
    unreferenced: Notes = (),
) -> Path:
    """A .docx with real Word footnotes (and endnotes): one body paragraph per note, its
    reference at the end. Note ids are shuffled, so numbering must come from reference order."""
    rng = random.Random(seed)
    ids = list(range(1, len(footnotes) + len(unreferenced) + 1))
    rng.shuffle(ids)
    end_ids = list(range(1, len(endnotes) + 1))
    rng.shuffle(end_ids)
    body = []
    for k, (n, _) in enumerate(footnotes):
        body.append(
            f'<w:p><w:r><w:t xml:space="preserve">Body paragraph {n} runs on</w:t></w:r>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{ids[k]}"/></w:r>'
            f'<w:r><w:t>.</w:t></w:r></w:p>'
        )
    for k, (n, _) in enumerate(endnotes):
        body.append(
            f'<w:p><w:r><w:t xml:space="preserve">Closing paragraph {n}</w:t></w:r>'
            f'<w:r><w:endnoteReference w:id="{end_ids[k]}"/></w:r></w:p>'
        )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(body)}'
        f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    by_id = {ids[k]: text for k, (_, text) in enumerate([*footnotes, *unreferenced])}
    foot_xml = "".join(_note_xml("footnote", i, by_id[i], rng) for i in sorted(by_id))
    rels = [f'<Relationship Id="rId1" Type="{RT}styles" Target="styles.xml"/>']
    overrides = [
        f'<Override PartName="/word/document.xml" ContentType="{DOC_CT}.document.main+xml"/>',
        f'<Override PartName="/word/styles.xml" ContentType="{DOC_CT}.styles+xml"/>',
    ]
    parts = {
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}"/>',
    }
    if footnotes or unreferenced:
        parts["word/footnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:footnotes xmlns:w="{W_NS}">{_separators("footnote")}{foot_xml}</w:footnotes>'
        )
        rels.append(f'<Relationship Id="rId2" Type="{RT}footnotes" Target="footnotes.xml"/>')
        overrides.append(
            f'<Override PartName="/word/footnotes.xml" ContentType="{DOC_CT}.footnotes+xml"/>'
        )
    if endnotes:
        end_by_id = {end_ids[k]: text for k, (_, text) in enumerate(endnotes)}
        end_xml = "".join(_note_xml("endnote", i, end_by_id[i], rng) for i in sorted(end_by_id))
        parts["word/endnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:endnotes xmlns:w="{W_NS}">{_separators("endnote")}{end_xml}</w:endnotes>'
        )
        rels.append(f'<Relationship Id="rId3" Type="{RT}endnotes" Target="endnotes.xml"/>')
        overrides.append(
            f'<Override PartName="/word/endnotes.xml" ContentType="{DOC_CT}.endnotes+xml"/>'
        )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    package_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{RT}officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{PKG_RELS}">{"".join(rels)}</Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", package_rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", document_rels)
        for name, xml in parts.items():
            z.writestr(name, xml)
    return path


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&^~#])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _wrap(text: str, width: int = 72) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def build_markdown(path: Path, notes: Notes) -> Path:
    """pandoc Markdown: every third note has a named label, the rest numeric; definitions are
    written in reverse order, wrapped onto indented lines, the first word emphasised."""
    labels = {n: (f"n{n}-note" if n % 3 == 0 else str(n)) for n, _ in notes}
    body = [f"Body paragraph {n} runs on.[^{labels[n]}]\n" for n, _ in notes]
    defs = []
    for n, text in reversed(notes):
        first, _, rest = text.partition(" ")
        lines = _wrap(f"*{_md_escape(first)}* {_md_escape(rest)}".rstrip())
        defs.append(f"[^{labels[n]}]: " + "\n    ".join(lines) + "\n")
    path.write_text("# An article\n\n" + "\n".join(body) + "\n" + "\n".join(defs), "utf-8")
    return path


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "`": r"\textasciigrave{}", "\u00a0": "~",
}  # fmt: skip


def _tex_escape(text: str) -> str:
    out = "".join(_TEX_SPECIAL.get(c, c) for c in text)
    # ligatures LaTeX would otherwise make: -- ---, '' and "< ">
    out = re.sub(r"-(?=-)", "-{}", out)
    out = re.sub(r"'(?=')", "'{}", out)
    return re.sub(r'"(?=[<>])', '"{}', out)


def build_latex(path: Path, notes: Notes) -> Path:
    r"""A LaTeX article: \footnote{...} with the first word in \emph{}, every fifth note split
    into \footnotemark and a later \footnotetext, comments in between."""
    out = [
        r"\documentclass{article}",
        r"\usepackage[T2A,T1]{fontenc} % Cyrillic",
        r"\newcommand{\footnotestyle}{\footnote{not a note: preamble}}",
        r"\begin{document}",
    ]
    for n, text in notes:
        first, _, rest = text.partition(" ")
        body = rf"\emph{{{_tex_escape(first)}}} {_tex_escape(rest)}".rstrip()
        if n % 5 == 0:
            out.append(f"Body paragraph {n} runs on.\\footnotemark{{}} % then the text")
            out.append(f"\\footnotetext{{%\n  {body}}}")
        else:
            out.append(f"Body paragraph {n} runs on.\\footnote{{{body}}}")
        out.append("")
    out.append(r"\end{document}")
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


# ---------------------------------------------------------------- helpers


def _parse(path: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["parse", str(path), "--json", *extra])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def _same_spaces(value: Any) -> Any:
    """Every string with its whitespace runs (non-breaking spaces included) made one space: the
    plain-text reader keeps the seed's U+00A0, the other readers make them spaces."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_same_spaces(v) for v in value]
    if isinstance(value, dict):
        return {k: _same_spaces(v) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def seed_notes() -> list[tuple[int, str]]:
    need_seeds()
    return [(note.n, note.text) for note in read_notes(SEED_ARTICLE).notes]


# ---------------------------------------------------------------- the four formats agree


def test_generated_docx_is_valid_word(tmp_path: Path, seed_notes: Notes) -> None:
    """python-docx opens the generated .docx and finds the footnotes part related to it."""
    docx = pytest.importorskip("docx")
    from docx.opc.constants import RELATIONSHIP_TYPE as RT_

    path = build_docx(tmp_path / "article.docx", seed_notes)
    document = docx.Document(str(path))
    assert len(document.paragraphs) == 36
    reltypes = {rel.reltype for rel in document.part.rels.values()}
    assert RT_.FOOTNOTES in reltypes


def test_four_formats_give_the_same_notes_and_citations(tmp_path: Path, seed_notes: Notes) -> None:
    """Plain text, .docx, .md and .tex of the same 36 notes parse to the same JSON notes."""
    assert len(seed_notes) == 36
    plain = _parse(SEED_ARTICLE)
    files = {
        "docx": build_docx(tmp_path / "article.docx", seed_notes),
        "markdown": build_markdown(tmp_path / "article.md", seed_notes),
        "latex": build_latex(tmp_path / "article.tex", seed_notes),
    }
    expected = _same_spaces([{k: v for k, v in n.items() if k != "label"} for n in plain["notes"]])
    assert [n["n"] for n in expected] == list(range(1, 37))
    assert sum(len(n["citations"]) for n in expected) >= 20  # the comparison has substance
    assert [n["label"] for n in plain["notes"]] == [str(n) for n in range(1, 37)]
    for fmt, path in files.items():
        got = _parse(path)
        assert got["schema"] == "refcli.parse/1"
        assert got["source"] == path.name
        notes = [{k: v for k, v in n.items() if k != "label"} for n in got["notes"]]
        assert _same_spaces(notes) == expected, fmt
        # each format keeps its own label: the Markdown builder names every third note
        labels = [n["label"] for n in got["notes"]]
        if fmt == "markdown":
            assert labels == [f"n{n}-note" if n % 3 == 0 else str(n) for n in range(1, 37)]
        else:
            assert labels == [str(n) for n in range(1, 37)], fmt
        # the body markers match the notes, so no reader finding is raised
        assert not [f for f in got["findings"] if f["code"] in ("marker-missing", "numbering-duplicate")]


def test_pandoc_written_files_and_pandoc_reading_ours_agree(tmp_path: Path, seed_notes: Notes) -> None:
    """A third party agrees: the .docx and .tex pandoc writes from our Markdown, and the
    Markdown pandoc reads out of our .docx, all parse to the seed's notes."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    md = build_markdown(tmp_path / "article.md", seed_notes)
    ours = build_docx(tmp_path / "ours.docx", seed_notes)
    made = {
        "pandoc.docx": [md, "-f", "markdown-smart", "-o"],
        "pandoc.tex": [md, "-f", "markdown-smart", "-s", "-t", "latex", "-o"],
        "from-docx.md": [ours, "-t", "markdown", "-o"],
    }
    expected = _same_spaces(_parse(SEED_ARTICLE)["notes"])
    for name, args in made.items():
        out = tmp_path / name
        subprocess.run([pandoc, *map(str, args), str(out)], check=True, timeout=120)
        assert _same_spaces(_parse(out)["notes"]) == expected, name


def test_markdown_numbering_matches_pandoc(tmp_path: Path) -> None:
    """Labels out of order, named labels and inline notes: pandoc's .docx numbers them as the
    Markdown reader does."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    md = tmp_path / "order.md"
    md.write_text(
        "First[^9] then^[GARF, f. 5446, op. 98 s, d. 704, l. 101.] and[^mikoyan], again[^2].\n\n"
        "[^2]: Ibid., l. 102.\n[^mikoyan]: Kapitsa M. S. Na raznykh parallelyakh.\n"
        "[^9]: Pravda, 27.01.1956.\n",
        "utf-8",
    )
    docx = tmp_path / "order.docx"
    subprocess.run([pandoc, str(md), "-f", "markdown-smart", "-o", str(docx)], check=True, timeout=120)
    ours, theirs = read_notes(md), read_notes(docx)
    assert [(n.n, n.text) for n in ours.notes] == [(n.n, n.text) for n in theirs.notes]
    assert [n.text for n in ours.notes][:2] == ["Pravda, 27.01.1956.", "GARF, f. 5446, op. 98 s, d. 704, l. 101."]
    assert ours.markers == theirs.markers == (1, 2, 3, 4)


def test_format_option_overrides_the_extension(tmp_path: Path, seed_notes: Notes) -> None:
    """--format reads a file by the format named, whatever its extension."""
    md = build_markdown(tmp_path / "notes.txt", seed_notes[:3])
    as_text = runner.invoke(app, ["parse", str(md), "--json"])
    as_markdown = _parse(md, "--input-format", "markdown")
    assert [n["n"] for n in as_markdown["notes"]] == [1, 2, 3]
    assert as_text.exit_code != 0 or json.loads(as_text.stdout)["notes"] != as_markdown["notes"]
    docx = build_docx(tmp_path / "notes.bin", seed_notes[:2])
    assert [n["n"] for n in _parse(docx)["notes"]] == [1, 2]  # sniffed as a zip package


def test_unknown_format_is_one_clear_error(tmp_path: Path) -> None:
    """--format with a name no reader has fails with exit 2 and the list of formats."""
    path = tmp_path / "a.txt"
    path.write_text("1 GARF, f. 5446, op. 98 s, d. 704, l. 101.\n2 Ibid., l. 102.\n", "utf-8")
    result = runner.invoke(app, ["parse", str(path), "--input-format", "pdf"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "refcli: unknown format 'pdf'; choose one of text, docx, markdown, latex\n"


def test_parse_help_lists_the_formats() -> None:
    """`refcli parse --help` names every format --format accepts."""
    result = runner.invoke(app, ["parse", "--help"])
    assert result.exit_code == 0
    flat = " ".join(result.stdout.split())
    for fmt in FORMATS:
        assert fmt in flat


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.docx", "docx"), ("A.DOCX", "docx"), ("a.md", "markdown"), ("a.markdown", "markdown"),
     ("a.tex", "latex"), ("a.latex", "latex"), ("a.txt", "text"), ("a", "text"), ("a.rtf", "text")],
)  # fmt: skip
def test_detect_format_by_extension(name: str, fmt: str) -> None:
    """Extensions choose the reader; anything unknown is plain text."""
    assert detect_format(name) == fmt


# ---------------------------------------------------------------- .docx rules


def test_docx_numbers_by_reference_order_and_endnotes_follow(tmp_path: Path) -> None:
    """Footnotes are numbered in body order whatever their ids; endnotes come after them."""
    foot = [(1, "GARF, f. 5446, op. 98 s, d. 704, l. 101."), (2, "Ibid., l. 102.")]
    end = [(1, "RGANI, f. 52, op. 1, d. 555, ll. 80-88."), (2, "Ibid., l. 81.")]
    path = build_docx(tmp_path / "both.docx", foot, end, seed=3)
    result = read_notes(path)
    assert [(n.n, n.text) for n in result.notes] == [
        (1, foot[0][1]), (2, foot[1][1]), (3, end[0][1]), (4, end[1][1])]  # fmt: skip
    assert result.markers == (1, 2, 3, 4)
    assert result.format == "docx"
    info = [f for f in result.findings if f.code == "endnotes-renumbered"]
    assert len(info) == 1
    assert info[0].note == 3
    assert "endnote 1 is note 3" in info[0].message


def test_docx_only_endnotes_are_numbered_from_one(tmp_path: Path) -> None:
    """A document with endnotes only has them as notes 1, 2, ..."""
    path = build_docx(tmp_path / "end.docx", [], [(1, "Pravda, 27.01.1956."), (2, "Ibid.")])
    result = read_notes(path)
    assert [n.n for n in result.notes] == [1, 2]
    assert result.markers == (1, 2)
    assert not result.findings


def test_docx_unreferenced_footnote_has_no_marker(tmp_path: Path) -> None:
    """A footnote no reference points to is numbered last and left out of the markers."""
    path = build_docx(tmp_path / "orphan.docx", [(1, "First."), (2, "Second.")],
                      unreferenced=[(0, "Orphan note.")])  # fmt: skip
    result = read_notes(path)
    assert [(n.n, n.text) for n in result.notes] == [(1, "First."), (2, "Second."), (3, "Orphan note.")]
    assert result.markers == (1, 2)
    check = runner.invoke(app, ["check", str(path), "--json"])
    findings = json.loads(check.stdout)["files"][0]["findings"]
    assert [(f["code"], f["note"]) for f in findings] == [("marker-missing", 3)]


def _docx_with_footnote_xml(
    path: Path,
    inner: str,
    body_refs: str = '<w:footnoteReference w:id="1"/>',
    *,
    settings: str | None = None,
    ns: str = W_NS,
    body_end: str = "",
) -> Path:
    document = (
        f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>Text</w:t></w:r>'
        f"<w:r>{body_refs}</w:r></w:p>{body_end}</w:body></w:document>"
    )
    rels = f'<Relationship Id="r1" Type="{RT}footnotes" Target="/word/footnotes.xml"/>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        if settings is not None:
            rels += f'<Relationship Id="r2" Type="{RT}settings" Target="settings.xml"/>'
            z.writestr("word/settings.xml", f'<w:settings xmlns:w="{ns}">{settings}</w:settings>')
        z.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{PKG_RELS}">{rels}</Relationships>')
        z.writestr("word/footnotes.xml", f'<w:footnotes xmlns:w="{ns}">{inner}</w:footnotes>')
    return path


def _footnotes(*texts: str, first_id: int = 1) -> str:
    return "".join(
        f'<w:footnote w:id="{first_id + k}"><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:footnote>'
        for k, t in enumerate(texts)
    )


def test_docx_num_start_and_restart(tmp_path: Path) -> None:
    """Word's start number is applied; per-section restarts are read straight and reported."""
    settings = '<w:footnotePr><w:numStart w:val="5"/></w:footnotePr>'
    refs = '<w:footnoteReference w:id="1"/><w:footnoteReference w:id="2"/>'
    path = _docx_with_footnote_xml(tmp_path / "start.docx", _footnotes("A.", "B."), refs, settings=settings)
    result = read_notes(path)
    assert [n.n for n in result.notes] == [5, 6]
    assert result.markers == (5, 6)
    section = '<w:sectPr><w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr></w:sectPr>'
    path = _docx_with_footnote_xml(tmp_path / "restart.docx", _footnotes("A.", "B."), refs,
                                   settings=settings, body_end=section)  # fmt: skip
    result = read_notes(path)
    assert [n.n for n in result.notes] == [5, 6]
    assert [(f.code, f.note) for f in result.findings] == [("numbering-restart", 5)]
    assert "restarts footnote numbers in each section" in result.findings[0].message


def test_docx_custom_mark_takes_no_number(tmp_path: Path) -> None:
    """A footnote with a custom mark (*) does not take a number in Word; it is numbered last."""
    refs = ('<w:footnoteReference w:id="1"/><w:footnoteReference w:customMarkFollows="1" w:id="2"/>'
            '<w:t>*</w:t><w:footnoteReference w:id="3"/>')  # fmt: skip
    path = _docx_with_footnote_xml(tmp_path / "custom.docx", _footnotes("A.", "Star.", "C."), refs)
    result = read_notes(path)
    assert [(n.n, n.text) for n in result.notes] == [(1, "A."), (2, "C."), (3, "Star.")]
    assert result.markers == (1, 2)
    assert [(f.code, f.note) for f in result.findings] == [("custom-mark", 3)]


def test_docx_strict_ooxml_and_alternate_content(tmp_path: Path) -> None:
    """Strict OOXML's namespace is read like the transitional one; mc:Fallback is not doubled."""
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    inner = (
        f'<w:footnote w:id="1"><w:p><w:r><w:t>GARF, f. 5446.</w:t></w:r>'
        f'<mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:r><w:t> Box.</w:t></w:r>'
        f"</mc:Choice><mc:Fallback><w:r><w:t> Box.</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        "</w:p></w:footnote>"
    )
    path = _docx_with_footnote_xml(tmp_path / "strict.docx", inner, ns=strict)
    assert [(n.n, n.text) for n in read_notes(path).notes] == [(1, "GARF, f. 5446. Box.")]


def test_chains_and_check_read_docx_like_text(tmp_path: Path, seed_notes: Notes) -> None:
    """refcli chains gives the same chains for the .docx as for the plain-text seed."""
    path = build_docx(tmp_path / "article.docx", seed_notes)
    chains = {}
    for name, file in (("text", SEED_ARTICLE), ("docx", path)):
        result = runner.invoke(app, ["chains", str(file), "--json"])
        assert result.exit_code == 0, result.stderr
        chains[name] = _same_spaces(json.loads(result.stdout)["chains"])
    assert chains["docx"] == chains["text"]
    assert len(chains["docx"]) >= 3
    check = runner.invoke(app, ["check", str(path), "--json"])
    assert check.exit_code in (0, 1), check.stderr
    report = json.loads(check.stdout)
    assert report["files"][0]["notes"] == 36
    assert not [f for f in report["files"][0]["findings"] if f["code"] == "marker-missing"]


def test_docx_runs_become_clean_text(tmp_path: Path) -> None:
    """Tabs, breaks, non-breaking and soft hyphens, symbols; deleted, hidden and field-code
    text left out; smart quotes and italics kept as the characters they are."""
    inner = (
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        "<w:r><w:t>GARF,\u00a0f.</w:t><w:tab/><w:t>5446,</w:t></w:r>"
        '<w:del w:id="9"><w:r><w:delText>DELETED</w:delText></w:r></w:del>'
        '<w:ins w:id="8"><w:r><w:t xml:space="preserve"> op. 98 s,</w:t></w:r></w:ins>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t xml:space="preserve"> d. 704,</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:br/><w:t>l. 101. \u201cPer</w:t><w:softHyphen/><w:t>sonality\u00ad\u201d</w:t>"
        '<w:noBreakHyphen/><w:t>cult</w:t><w:sym w:font="Symbol" w:char="F0A7"/></w:r></w:p>'
        "<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Second paragraph.</w:t></w:r></w:p></w:footnote>"
    )
    result = read_notes(_docx_with_footnote_xml(tmp_path / "runs.docx", inner))
    assert result.notes[0].text == (
        "GARF, f. 5446, op. 98 s, d. 704, l. 101. \u201cPersonality\u201d-cult\u00a7 Second paragraph."
    )


def test_docx_reference_without_note_is_reported(tmp_path: Path) -> None:
    """A footnote reference whose note is missing keeps its number; refcli check reports it."""
    inner = '<w:footnote w:id="1"><w:p><w:r><w:t>One.</w:t></w:r></w:p></w:footnote>'
    refs = '<w:footnoteReference w:id="1"/><w:footnoteReference w:id="7"/>'
    path = _docx_with_footnote_xml(tmp_path / "missing.docx", inner, refs)
    result = read_notes(path)
    assert [n.n for n in result.notes] == [1]
    assert result.markers == (1, 2)
    assert result.findings == ()
    check = runner.invoke(app, ["check", str(path), "--json"])
    findings = json.loads(check.stdout)["files"][0]["findings"]
    assert [(f["code"], f["note"]) for f in findings] == [("marker-missing", 2)]


def test_docx_without_notes_reads_a_typed_notes_list(tmp_path: Path) -> None:
    """A .docx without footnote parts has its body read as a plain-text notes list."""
    paras = "".join(
        f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>"
        for line in ("Notes", "1 GARF, f. 5446, op. 98 s, d. 704, l. 101.", "2 Ibid., l. 102.")
    )
    path = tmp_path / "typed.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{paras}</w:body></w:document>')
    data = _parse(path)
    assert [(n["n"], n["text"]) for n in data["notes"]] == [
        (1, "GARF, f. 5446, op. 98 s, d. 704, l. 101."), (2, "Ibid., l. 102.")]  # fmt: skip
    assert data["notes"][0]["citations"][0]["kind"] == "archival"


def test_docx_without_any_notes_is_refused(tmp_path: Path) -> None:
    """A Word document with neither notes nor any text: exit 2, one line naming why."""
    path = tmp_path / "plain.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml",
                   f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t> </w:t></w:r>'
                   "</w:p></w:body></w:document>")  # fmt: skip
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr == (
        f"refcli: {path}: no notes found (no Word footnotes or endnotes, nor a numbered notes list)\n"
    )


# ---------------------------------------------------------------- Markdown rules


def test_markdown_named_labels_inline_notes_and_order() -> None:
    """Notes are numbered by first reference; inline notes take their place in that order."""
    text = (
        "Mikoyan flew to Beijing[^mikoyan] and back.^[GARF, f. 5446, op. 98 s, d. 704, "
        "l. 101 [copy].] Then[^2] and again[^mikoyan].\n\n"
        "[^2]: Ibid., l. 102.\n"
        "[^mikoyan]: Kapitsa M. S. *Na raznykh parallelyakh*. Moscow,\n"
        "Kniga i biznes, 1996, p. 63.\n\n"
        "    Second paragraph of the note.\n"
        "[^unused]: Never referenced.\n"
    )
    result = read_markdown_notes(text, "a.md")
    assert [(n.n, n.text) for n in result.notes] == [
        (1, "Kapitsa M. S. Na raznykh parallelyakh. Moscow, Kniga i biznes, 1996, p. 63. "
            "Second paragraph of the note."),
        (2, "GARF, f. 5446, op. 98 s, d. 704, l. 101 [copy]."),
        (3, "Ibid., l. 102."),
        (4, "Never referenced."),
    ]  # fmt: skip
    assert result.markers == (1, 2, 3, 1)
    assert [n.line for n in result.notes] == [4, 1, 3, 8]


def test_markdown_code_is_not_a_note_and_missing_definitions_are_reported() -> None:
    """Markers inside code are text; a reference without definition is note-missing; a label
    defined twice keeps the first definition."""
    text = (
        "Use `[^1]` for notes.[^1] See[^ghost].\n\n"
        "```\n[^1]: inside a fence\n```\n\n"
        "[^1]: First.\n[^1]: Second.\n"
    )
    result = read_markdown_notes(text, "a.md")
    assert [(n.n, n.text) for n in result.notes] == [(1, "First.")]
    assert result.markers == (1,)
    assert sorted(f.code for f in result.findings) == ["marker-missing", "numbering-duplicate"]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"*Unknown Mao*, Moscow", "Unknown Mao, Moscow"),
        (r"**Bold** and __strong__ and _em_", "Bold and strong and em"),
        (r"snake_case_word stays", "snake_case_word stays"),
        (r"\*not emphasis\*, \[1\], \\", r"*not emphasis*, [1], \ "[:-1]),
        ("[Wilson Center](https://digitalarchive.wilsoncenter.org/document/1)",
         "Wilson Center (https://digitalarchive.wilsoncenter.org/document/1)"),
        ("<https://example.org/a_b_c>", "https://example.org/a_b_c"),
        ("`f. 5446`, AT&amp;T, &laquo;Pravda&raquo;", "f. 5446, AT&T, «Pravda»"),
        ("ll.\u00a080\u201388 and  two", "ll. 80\u201388 and two"),
    ],
)
def test_markdown_inline_markup_to_text(source: str, text: str) -> None:
    """Emphasis, escapes, links, code and entities are reduced to the text they show."""
    assert markdown_to_text(source) == text


# ---------------------------------------------------------------- LaTeX rules


def test_latex_counter_rules() -> None:
    r"""\footnote steps the counter, [n] does not, \footnotetext takes the current number,
    \setcounter moves it; comments and the preamble are not read."""
    text = (
        "\\documentclass{article}\n\\newcommand{\\x}{\\footnote{preamble}}\n\\begin{document}\n"
        "A.\\footnote{One {with \\textit{nested} braces}.} % \\footnote{commented}\n"
        "B.\\footnote[7]{Seven.} C.\\footnotemark\\ D.\\footnotemark[9]\n"
        "\\footnotetext{Two, by mark.}\n\\footnotetext[9]{Nine.}\n"
        "\\setcounter{footnote}{20}E.\\footnote {Twenty-one.}\n"
        "\\end{document}\n\\footnote{after the end}\n"
    )
    result = read_latex_notes(text, "a.tex")
    assert [(n.n, n.text) for n in result.notes] == [
        (1, "One with nested braces."), (7, "Seven."), (2, "Two, by mark."), (9, "Nine."),
        (21, "Twenty-one."),
    ]  # fmt: skip
    assert result.markers == (1, 7, 2, 9, 21)
    assert [n.line for n in result.notes] == [4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"\textit{Unknown Mao}, Moscow, 2006, pp.~416--418", "Unknown Mao, Moscow, 2006, pp. 416–418"),
        (r"Stalin---and \emph{after}", "Stalin—and after"),
        (r"G\"{o}ttingen, G\"ottingen, Caf\'e, \'{\i}, \v{C}ech, \c{c}a, {\o}", "Göttingen, Göttingen, Café, í, Čech, ça, ø"),
        (r"R\&D, 50\%, \$5, \#3, a\_b, \{x\}", "R&D, 50%, $5, #3, a_b, {x}"),
        (r"and so on\ldots{} ``quoted'' `single'", "and so on… “quoted” ‘single'"),
        ("split%comment\n   word", "splitword"),
        (r"\href{https://x.org/a\%20b}{the \emph{record}}, \url{https://y.org/~a_b}",
         "the record (https://x.org/a%20b), https://y.org/~a_b"),
        (r"\foreignlanguage{russian}{Подробнее см.:}\label{n1} Boudarel G.", "Подробнее см.: Boudarel G."),
        (r"\verb|a~b| and \S\,5", "a~b and § 5"),
    ],
)
def test_latex_markup_to_text(source: str, text: str) -> None:
    """Accents, dashes, ties, escapes, quotes and commands are reduced to the text they show."""
    from refcli.readers.latex import _strip_comments

    assert latex_to_text(_strip_comments(source)[0]) == text


def test_latex_unclosed_footnote_is_one_clear_error(tmp_path: Path) -> None:
    """An unbalanced \\footnote{ is exit 2 with the line it starts on."""
    path = tmp_path / "broken.tex"
    path.write_text("Text.\\footnote{One.}\nMore.\\footnote{never closed\n\nend\n", "utf-8")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().endswith("line 2: \\footnote{ is never closed (unbalanced braces)")
    assert result.stderr.count("\n") == 1


# ---------------------------------------------------------------- never raises


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]^:*_`\\ \n\t{}ab1é-~'%$#\"<>&;x")), max_size=200))
def test_markdown_reader_never_raises(text: str) -> None:
    """Any string is read (perhaps into no notes) without an exception."""
    result = read_markdown_notes(text, "x.md")
    assert all(isinstance(n.n, int) and n.n > 0 for n in result.notes)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.text(alphabet=st.sampled_from(list("\\{}[]%~-`'\"ovcu^ fotnemark123")), max_size=200))
def test_latex_reader_raises_only_input_error(text: str) -> None:
    """Any string is read, or refused with InputError (unbalanced braces), nothing else."""
    message = "never closed"
    try:
        read_latex_notes(text, "x.tex")
    except InputError as exc:
        message = str(exc)
    assert "never closed" in message
    assert isinstance(latex_to_text(text), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet=st.sampled_from(list("<>/=\"' wpfotnid:&;!-[]x1")), max_size=300))
def test_docx_with_any_footnotes_part_raises_only_input_error(tmp_path_factory: pytest.TempPathFactory,
                                                               xml: str) -> None:
    """Whatever footnotes.xml holds, the reader gives notes or one InputError line."""
    path = tmp_path_factory.mktemp("fuzz") / "f.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r>'
                   '<w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>')  # fmt: skip
        z.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{PKG_RELS}"><Relationship '
                   f'Id="r1" Type="{RT}footnotes" Target="footnotes.xml"/></Relationships>')  # fmt: skip
        z.writestr("word/footnotes.xml", xml)
    message = "f.docx: (read)"
    try:
        read_docx_notes(path.read_bytes(), "f.docx")
    except InputError as exc:
        message = str(exc)
    assert message.startswith("f.docx: ")
    assert "\n" not in message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=300)))
def test_docx_reader_raises_only_input_error(data: bytes) -> None:
    """Any bytes are refused with InputError (or read), never another exception."""
    message = "x.docx: (read)"
    try:
        read_docx_notes(data, "x.docx")
    except InputError as exc:
        message = str(exc)
    assert message.startswith("x.docx: ")
    assert "\n" not in message
