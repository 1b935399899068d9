"""Text as it really arrives: no-break and zero-width spaces, soft hyphens, combining accents,
words broken at line ends, and files in every single-byte Cyrillic code page, through
``refcli parse --json`` and ``refcli check``; the labels Markdown, LaTeX and Word give notes."""

from __future__ import annotations

import codecs
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcli.cli import app
from refcli.readers.base import decode, normalize_chars, normalize_text
from refcli.readers.docx import format_number

runner = CliRunner()

RUSSIAN = (
    "1 ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101 об.\n"
    "2 Там же. Л. 102.\n"
    "3 РГАНИ. Ф. 52. Оп. 1. Д. 555. Л. 80-88.\n"
    "4 Аксютин Ю. В. Хрущевская оттепель и общественные настроения в СССР в 1953-1964 гг. "
    "М.: РОССПЭН, 2004. С. 196.\n"
)


def _parse(path: Path, *options: str) -> dict[str, Any]:
    result = runner.invoke(app, ["parse", str(path), "--json", *options])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _archival(data: dict[str, Any], k: int) -> dict[str, Any]:
    (c,) = [c for c in data["notes"][k]["citations"] if c["kind"] == "archival"]
    return c


# ---------------------------------------------------------------- invisible differences


@pytest.mark.parametrize(
    "space", ["\u00a0", "\u202f", "\u2007", "\u2009", "\u3000"],
    ids=["no-break", "narrow no-break", "figure", "thin", "ideographic"],
)
def test_shelfmark_with_no_break_spaces_keeps_its_archive(tmp_path: Path, space: str) -> None:
    """'ГАРФ. Ф. Р-5446' with no-break (or other) spaces reads as the GARF unit it is."""
    path = tmp_path / "n.txt"
    path.write_text(f"1 ГАРФ.{space}Ф.{space}Р-5446. Оп.{space}98с. Д.{space}704. "
                    f"Л.{space}101 об.\n2 Там{space}же. Л.{space}102.\n", encoding="utf-8")
    data = _parse(path)
    c = _archival(data, 0)
    assert (c["archive"], c["fond"], c["opis"], c["delo"], c["leaves"]) == (
        "GARF", "R-5446", "98s", "704", "101ob")
    assert space not in data["notes"][0]["text"]
    assert data["notes"][1]["citations"][0]["status"] == "resolved"


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d"],
                         ids=["zero-width space", "soft hyphen", "word joiner", "BOM", "ZWJ"])
def test_invisible_characters_do_not_turn_a_note_into_commentary(tmp_path: Path, invisible: str) -> None:
    """A zero-width character or soft hyphen inside 'GARF' or a level label changes nothing."""
    path = tmp_path / "n.txt"
    path.write_text(f"1 GA{invisible}RF, f.{invisible} 5446, op. 98 s, d. 7{invisible}04, l. 101.\n"
                    f"2 Pantsov A. V. Mao Ze{invisible}dong. Moscow, 2007, p. 5.\n", encoding="utf-8")
    data = _parse(path)
    c = _archival(data, 0)
    assert (c["archive"], c["fond"], c["delo"]) == ("GARF", "5446", "704")
    assert data["notes"][1]["text"] == "Pantsov A. V. Mao Zedong. Moscow, 2007, p. 5."
    report = json.loads(runner.invoke(app, ["check", str(path), "--json"]).stdout)
    assert not [f for f in report["files"][0]["findings"] if f["code"] == "citation-unparsed"]


def test_combining_accents_are_composed(tmp_path: Path) -> None:
    """Decomposed letters (и + combining breve, е + diaeresis) read as й and ё: 'Там же'
    spelled with them is still an Ibid., and the text is NFC."""
    decomposed = unicodedata.normalize("NFD", "1 Хрущёв Н. С. Время. Люди. Власть. М., 1999. С. 5.\n"
                                              "2 Там же. С. 6.\n3 Шепилов Д. Т. Непримкнувший. М., 2001.\n")
    assert "\u0306" in decomposed
    assert "\u0308" in decomposed
    path = tmp_path / "n.txt"
    path.write_text(decomposed, encoding="utf-8")
    data = _parse(path)
    assert data["notes"][0]["text"].startswith("Хрущёв")
    assert unicodedata.is_normalized("NFC", data["notes"][0]["text"])
    assert data["notes"][1]["citations"][0]["kind"] == "ibid"


def test_words_broken_at_line_ends_are_joined(tmp_path: Path) -> None:
    """'Mos-' / 'cow' is Moscow, 'историче-' / 'ской' one word, a soft hyphen at a line end
    joins too; 'USSR-' and '1953-' keep their hyphen."""
    path = tmp_path / "n.txt"
    path.write_text(
        "1 Pantsov A. V. Mao Zedong. Mos-\ncow: Molodaya gvardiya, 2007, p. 5.\n"
        "2 Аксютин Ю. В. Очерки историче-\nской науки. М., 2004. С. 1953-\n1964.\n"
        "3 The USSR-\nChina treaty. Pe\u00ad\nking, 1950.\n", encoding="utf-8")
    texts = [n["text"] for n in _parse(path)["notes"]]
    assert texts == [
        "Pantsov A. V. Mao Zedong. Moscow: Molodaya gvardiya, 2007, p. 5.",
        "Аксютин Ю. В. Очерки исторической науки. М., 2004. С. 1953- 1964.",
        "The USSR- China treaty. Peking, 1950.",
    ]


def test_normalize_text_keeps_every_line_start() -> None:
    """Joining a broken word moves its first part down: no line loses its start, so a note
    number that opens a line still opens it."""
    text = "1 Moscow and Lenin-\ngrad, 1956.\n2 Ibid."
    assert normalize_text(text) == "1 Moscow and\nLeningrad, 1956.\n2 Ibid."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aбZ1 -\n\u00a0\u00ad\u200b\u0301\ufb01\r\u2028"), max_size=80))
def test_normalize_text_is_idempotent_and_leaves_nothing_invisible(text: str) -> None:
    """Normalising twice changes nothing; no no-break space, soft hyphen, zero-width space,
    carriage return or ligature is left, and the text is NFC."""
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not set(once) & set("\u00a0\u00ad\u200b\ufb01\r\u2028")
    assert unicodedata.is_normalized("NFC", once)
    assert normalize_chars(once) == once


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "cp866", "mac-cyrillic", "iso8859-5"])
def test_every_single_byte_cyrillic_code_page_is_read(tmp_path: Path, encoding: str) -> None:
    """The same Russian notes saved in each Cyrillic code page parse to the same citations."""
    path = tmp_path / "n.txt"
    path.write_bytes(RUSSIAN.encode(encoding))
    data = _parse(path)
    assert [n["text"] for n in data["notes"]] == [line.split(" ", 1)[1] for line in RUSSIAN.splitlines()]
    c = _archival(data, 0)
    assert (c["archive"], c["fond"], c["opis"], c["leaves"]) == ("GARF", "R-5446", "98s", "101ob")
    assert _archival(data, 2)["archive"] == "RGANI"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "cp866", "mac-cyrillic", "iso8859-5"])
def test_detection_names_the_code_page(encoding: str) -> None:
    """decode() tells which code page it read."""
    text, used = decode(RUSSIAN.encode(encoding), "n.txt")
    assert text == RUSSIAN
    assert codecs.lookup(used).name == codecs.lookup(encoding).name


def test_encoding_option_still_overrides(tmp_path: Path) -> None:
    """--encoding is obeyed even where detection would choose otherwise: cp1251 bytes read as
    KOI8-R on request give KOI8-R letters."""
    path = tmp_path / "n.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    forced = _parse(path, "--encoding", "koi8-r")
    assert forced["notes"][0]["text"] == RUSSIAN.encode("cp1251").decode("koi8-r").splitlines()[0][2:]
    assert _parse(path, "--encoding", "cp1251")["notes"][0]["text"].startswith("ГАРФ")


def test_western_single_byte_text_is_read(tmp_path: Path) -> None:
    """French and German notes in cp1252 have no Cyrillic reading: charset-normalizer's
    choice reads them (é, ü, ß intact)."""
    notes = ("1 Boudarel G. Cent fleurs écloses dans la nuit du Vietnam. Paris, 1991, p. 5.\n"
             "2 Müller K. Geschichte der Außenpolitik. München: Beck, 2004, S. 12.\n3 Ibid., p. 6.\n")
    path = tmp_path / "n.txt"
    path.write_bytes(notes.encode("cp1252"))
    data = _parse(path)
    assert [n["text"] for n in data["notes"]] == [line[2:] for line in notes.splitlines()]


def test_bytes_no_code_page_reads_are_refused_with_a_hint(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor text in any code page: one line, exit 2, a hint."""
    path = tmp_path / "n.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 20)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--encoding" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- labels in the other formats


def test_markdown_notes_keep_their_labels(tmp_path: Path) -> None:
    """[^88] referenced first is note 1 with label '88'; a named label stays as written; an
    inline note has none."""
    path = tmp_path / "a.md"
    path.write_text("Text[^88] and more[^mikoyan] and^[GARF, f. 1, op. 1, d. 1, l. 1.] end.\n\n"
                    "[^mikoyan]: Ibid., l. 5.\n[^88]: GARF, f. 5446, op. 98, d. 704, l. 101.\n",
                    encoding="utf-8")
    notes = _parse(path)["notes"]
    assert [(n["n"], n.get("label")) for n in notes] == [(1, "88"), (2, "mikoyan"), (3, None)]
    assert notes[1]["citations"][0]["target"] == 1


def test_latex_notes_keep_their_printed_numbers(tmp_path: Path) -> None:
    r"""\footnote[12]{...} is note 12 with label '12'; counted notes carry their number."""
    path = tmp_path / "a.tex"
    path.write_text("\\begin{document}A\\footnote{GARF, f. 1, op. 1, d. 1, l. 1.} "
                    "B\\footnote[12]{Ibid., l. 2.} C\\footnote{Ibid., l. 3.}\\end{document}\n",
                    encoding="utf-8")
    notes = _parse(path)["notes"]
    assert [(n["n"], n["label"]) for n in notes] == [(1, "1"), (12, "12"), (2, "2")]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _docx(path: Path, refs: str, footnotes: str, endnotes: str = "", settings: str = "") -> Path:
    rels = f'<Relationship Id="r1" Type="{RT}footnotes" Target="footnotes.xml"/>'
    if endnotes:
        rels += f'<Relationship Id="r2" Type="{RT}endnotes" Target="endnotes.xml"/>'
    if settings:
        rels += f'<Relationship Id="r3" Type="{RT}settings" Target="settings.xml"/>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body><w:p>{refs}</w:p>'
                                        "</w:body></w:document>")
        z.writestr("word/_rels/document.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships">{rels}</Relationships>')
        z.writestr("word/footnotes.xml", f'<w:footnotes xmlns:w="{W}">{footnotes}</w:footnotes>')
        if endnotes:
            z.writestr("word/endnotes.xml", f'<w:endnotes xmlns:w="{W}">{endnotes}</w:endnotes>')
        if settings:
            z.writestr("word/settings.xml", f'<w:settings xmlns:w="{W}">{settings}</w:settings>')
    return path


def _note(kind: str, note_id: int, text: str) -> str:
    return f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'


def test_docx_labels_are_the_marks_word_shows(tmp_path: Path) -> None:
    """Footnotes carry 1, 2 and a custom mark '*'; endnotes, numbered after the footnotes,
    carry Word's own endnote marks i, ii."""
    refs = ('<w:r><w:footnoteReference w:id="2"/></w:r>'
            '<w:r><w:footnoteReference w:customMarkFollows="1" w:id="3"/><w:t>*</w:t></w:r>'
            '<w:r><w:footnoteReference w:id="4"/></w:r>'
            '<w:r><w:endnoteReference w:id="2"/></w:r><w:r><w:endnoteReference w:id="3"/></w:r>')
    foot = (_note("footnote", 2, "GARF, f. 1, op. 1, d. 1, l. 1.") + _note("footnote", 3, "A star.")
            + _note("footnote", 4, "Ibid., l. 2."))
    end = _note("endnote", 2, "RGANI, f. 5, op. 30, d. 1, l. 2.") + _note("endnote", 3, "Ibid., l. 3.")
    notes = _parse(_docx(tmp_path / "a.docx", refs, foot, end))["notes"]
    assert [(n["n"], n.get("label"), n["text"]) for n in notes] == [
        (1, "1", "GARF, f. 1, op. 1, d. 1, l. 1."), (2, "2", "Ibid., l. 2."), (3, "*", "A star."),
        (4, "i", "RGANI, f. 5, op. 30, d. 1, l. 2."), (5, "ii", "Ibid., l. 3.")]


def test_docx_number_format_from_the_settings(tmp_path: Path) -> None:
    """w:numFmt in the settings: footnotes as upper-case letters from C (numStart 3)."""
    settings = '<w:footnotePr><w:numFmt w:val="upperLetter"/><w:numStart w:val="3"/></w:footnotePr>'
    refs = '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:id="2"/></w:r>'
    foot = _note("footnote", 1, "GARF, f. 1, op. 1, d. 1.") + _note("footnote", 2, "Ibid.")
    notes = _parse(_docx(tmp_path / "a.docx", refs, foot, settings=settings))["notes"]
    assert [(n["n"], n["label"]) for n in notes] == [(3, "C"), (4, "D")]


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [(4, "decimal", "4"), (4, "lowerRoman", "iv"), (1994, "upperRoman", "MCMXCIV"),
     (27, "lowerLetter", "aa"), (2, "upperLetter", "B"), (5, "chicago", "**"), (3, "chicago", "‡"),
     (7, "ordinal", "7")],
)
def test_word_number_formats(n: int, fmt: str, shown: str) -> None:
    """Word's note number formats; an unknown one shows the number."""
    assert format_number(n, fmt) == shown
