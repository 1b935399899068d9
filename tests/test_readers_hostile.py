"""Hostile files, generated here: XML bombs and external entities, zip bombs, truncated,
encrypted and disguised packages. Each is refused with exit 2 and one clear stderr line,
without reading what it points at and with little memory."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.errors import InputError
from refcli.readers import read_notes
from refcli.readers.latex import read_latex_notes
from refcli.readers.markdown import read_markdown_notes

from .test_readers_formats import PKG_RELS, RT, W_NS, build_docx

runner = CliRunner()

SECRET = "TOP-SECRET-7f3a9c-do-not-leak"
MEMORY_LIMIT = 32 * 1024 * 1024  # peak Python allocations while refusing a hostile file

_FOOTNOTES_RELS = (
    f'<Relationships xmlns="{PKG_RELS}"><Relationship Id="r1" Type="{RT}footnotes" '
    'Target="footnotes.xml"/></Relationships>'
)
_DOCUMENT = (
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Text</w:t></w:r>'
    '<w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body></w:document>'
)


def _package(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _with_footnotes_xml(path: Path, footnotes_xml: str) -> Path:
    return _package(path, {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": _DOCUMENT,
        "word/_rels/document.xml.rels": _FOOTNOTES_RELS,
        "word/footnotes.xml": footnotes_xml,
    })  # fmt: skip


def _refused(path: Path, *extra: str) -> str:
    """Run `refcli parse PATH --json`; assert exit 2, nothing on stdout, one stderr line about
    PATH; return that line."""
    result = runner.invoke(app, ["parse", str(path), "--json", *extra])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"refcli: {path}: ")
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


def _peak_memory(func: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        func()
    except InputError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


# ---------------------------------------------------------------- XML attacks


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">\n'
        for k in range(1, 10)
    )
    + f']>\n<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>&lol9;</w:t>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)


def test_billion_laughs_in_footnotes_is_refused(tmp_path: Path) -> None:
    """Nested entities (10^9 'lol's) are never expanded: refused as unsafe XML."""
    path = _with_footnotes_xml(tmp_path / "laughs.docx", BILLION_LAUGHS)
    line = _refused(path)
    assert line.endswith("word/footnotes.xml declares a DTD or entities, which Word never writes; "
                         "refused as unsafe XML")  # fmt: skip
    assert _peak_memory(lambda: read_notes(path)) < MEMORY_LIMIT


@pytest.mark.parametrize("target", ["secret", "/etc/passwd"])
def test_external_entity_does_not_leak_a_local_file(tmp_path: Path, target: str) -> None:
    """An external entity naming a local file is refused and the file's content is never
    printed."""
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET, "utf-8")
    location = secret_file.as_uri() if target == "secret" else "file:///etc/passwd"
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "{location}">]>'
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>&xxe;</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    path = _with_footnotes_xml(tmp_path / "xxe.docx", xml)
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "refused as unsafe XML" in result.stderr
    leaked = [SECRET]
    if target == "/etc/passwd" and Path("/etc/passwd").exists():
        leaked += [line for line in Path("/etc/passwd").read_text().splitlines() if line][:5]
        leaked.append("root:")
    for text in leaked:
        assert text not in result.stdout
        assert text not in result.stderr


def test_external_entity_in_document_xml_is_refused(tmp_path: Path) -> None:
    """The main document part gets the same treatment as the notes parts."""
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET, "utf-8")
    document = (
        f'<!DOCTYPE d [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = _package(tmp_path / "doc-xxe.docx", {"word/document.xml": document})
    line = _refused(path)
    assert "word/document.xml declares a DTD" in line
    assert SECRET not in line


def test_damaged_xml_is_named(tmp_path: Path) -> None:
    """XML that is not well-formed is refused with the part and position."""
    path = _with_footnotes_xml(tmp_path / "bad.docx", f'<w:footnotes xmlns:w="{W_NS}"><w:footnote>')
    line = _refused(path)
    assert "damaged XML in word/footnotes.xml (no element found: line 1" in line


# ---------------------------------------------------------------- zip bombs


def _zeros_member(path: Path, member: str, megabytes: int, extra: dict[str, str]) -> Path:
    """A package whose MEMBER is MEGABYTES of zeros (compressed about 1000:1)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in extra.items():
            z.writestr(name, data)
        with z.open(member, "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    return path


@pytest.fixture(scope="module")
def huge_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    return _zeros_member(path, "word/media/image1.png", 400, {"word/document.xml": _DOCUMENT})


def test_zip_bomb_over_the_uncompressed_total_is_refused(huge_bomb: Path) -> None:
    """A 400 MB member (400 KB on disk) trips the declared-size cap before anything unpacks."""
    assert huge_bomb.stat().st_size < 2_000_000
    line = _refused(huge_bomb, "--max-size", "20")  # the cap is 8 times --max-size
    assert "unpacks to 419 MB, over the 160 MB limit (a zip bomb?); refused" in line
    assert _peak_memory(lambda: read_notes(huge_bomb)) < MEMORY_LIMIT


def test_zip_bomb_by_compression_ratio_is_refused(tmp_path: Path) -> None:
    """A 15 MB footnotes part compressed 1000:1 is refused by its ratio, not unpacked."""
    path = _zeros_member(tmp_path / "ratio.docx", "word/footnotes.xml", 15, {
        "word/document.xml": _DOCUMENT, "word/_rels/document.xml.rels": _FOOTNOTES_RELS})  # fmt: skip
    line = _refused(path)
    assert "word/footnotes.xml is compressed" in line
    assert "beyond what a Word document does (a zip bomb?); refused" in line
    assert _peak_memory(lambda: read_notes(path)) < MEMORY_LIMIT


def test_part_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """--max-size bounds each part read as well as the file."""
    notes = [(n, f"GARF, f. 5446, op. 98 s, d. 704, l. {n}. " + "x" * 900) for n in range(1, 1500)]
    path = build_docx(tmp_path / "big.docx", notes)
    line = _refused(path, "--max-size", "1")
    assert "over the 1 MB limit" in line


def test_lying_size_header_is_caught_while_unpacking(tmp_path: Path) -> None:
    """A member whose header understates its size cannot unpack past the limit."""
    path = _with_footnotes_xml(tmp_path / "liar.docx",
                               f'<w:footnotes xmlns:w="{W_NS}">' + "<!-- x -->" * 300_000 + "</w:footnotes>")  # fmt: skip
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/footnotes.xml")
        true_size = info.file_size
    # patch the declared size (4 bytes little-endian) in the local and central headers
    declared = true_size.to_bytes(4, "little")
    assert data.count(declared) >= 2
    data = data.replace(declared, (1000).to_bytes(4, "little"))
    path.write_bytes(bytes(data))
    line = _refused(path)
    assert "truncated or damaged .docx (word/footnotes.xml cannot be unpacked)" in line


def test_references_without_a_footnotes_part_are_refused(tmp_path: Path) -> None:
    """Footnote references in the body with no footnotes part: a damaged package, said so."""
    path = _package(tmp_path / "nopart.docx", {"word/document.xml": _DOCUMENT})
    assert _refused(path).endswith(
        "the body has 1 note reference(s) but the package has no footnotes or endnotes part; "
        "the .docx is damaged"
    )


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    """Ten thousand and one zip members are not a Word document."""
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for k in range(10_001):
            z.writestr(f"m/{k}", b"")
    assert "zip members, over the limit of 10000" in _refused(path)


# ---------------------------------------------------------------- not a (readable) .docx


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    """A .docx cut in half has no zip directory: truncated or damaged."""
    full = build_docx(tmp_path / "full.docx", [(1, "GARF, f. 5446, op. 98 s, d. 704, l. 101.")])
    data = full.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert _refused(path).endswith("truncated or damaged .docx (its zip directory cannot be read)")


def test_pdf_named_docx_is_refused(tmp_path: Path) -> None:
    """A PDF renamed to .docx is named as a PDF."""
    path = tmp_path / "article.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    assert _refused(path).endswith("a PDF, not a Word .docx; save its text as .txt and read that")


def test_encrypted_docx_is_refused(tmp_path: Path) -> None:
    """Word encrypts a .docx into an OLE compound file: refused as encrypted or legacy."""
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptedPackage" + b"\1" * 2000)
    line = _refused(path)
    assert "encrypted (password-protected) Word file or a legacy .doc" in line


def test_legacy_doc_with_txt_name_is_still_recognised(tmp_path: Path) -> None:
    """The OLE signature is recognised whatever the extension."""
    path = tmp_path / "notes.txt"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "legacy .doc" in _refused(path)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"},
         "an OpenDocument file (.odt), not a Word .docx; save it as .docx"),
        ({"xl/workbook.xml": "<workbook/>"}, "an Excel workbook, not a Word .docx"),
        ({"readme.txt": "hello"}, "a zip file but not a Word document (no word/document.xml)"),
        ({"word/document.xml": "<html><body/></html>"}, "word/document.xml is not a Word document body"),
    ],
)  # fmt: skip
def test_zip_that_is_not_word_is_named(tmp_path: Path, parts: dict[str, str], expected: str) -> None:
    """Other zip packages are refused with what they are."""
    path = _package(tmp_path / "other.docx", parts)
    assert _refused(path).endswith(expected)


def test_plain_text_named_docx_is_refused(tmp_path: Path) -> None:
    """Text with a .docx name is not guessed at: the error says to use --format text."""
    path = tmp_path / "notes.docx"
    path.write_text("1 GARF, f. 5446, op. 98 s, d. 704, l. 101.\n2 Ibid., l. 102.\n", "utf-8")
    assert _refused(path).endswith("not a Word .docx (not a zip package); give --format text if it is text")
    ok = runner.invoke(app, ["parse", str(path), "--input-format", "text", "--json"])
    assert ok.exit_code == 0


# ---------------------------------------------------------------- text formats stay linear


def test_hostile_markdown_and_latex_stay_bounded() -> None:
    """Thousands of unclosed inline notes, deep braces and accents are read with little memory."""
    markdown = "^[" * 50_000 + "[^a]" * 20_000 + "\n\n[^a]: x\n"
    result = read_markdown_notes(markdown, "x.md")
    assert [n.n for n in result.notes] == [1]
    assert len(result.markers or ()) == 20_000
    assert _peak_memory(lambda: read_markdown_notes(markdown, "x.md")) < MEMORY_LIMIT
    deep = "\\footnote{" + "{" * 100_000 + "x" + "}" * 100_000 + "}" + "\\'" * 50_000
    notes = read_latex_notes(deep, "x.tex").notes
    assert [n.text for n in notes] == ["x"]
    with pytest.raises(InputError, match="never closed"):
        read_latex_notes("\\footnote{" + "{" * 100_000, "x.tex")
