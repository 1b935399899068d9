"""Word ``.docx``: footnotes and endnotes read straight from the package parts.

python-docx has no footnote API, so the package is opened with :mod:`zipfile` and its XML
parsed with :mod:`defusedxml` (no DTDs, no entity expansion, no external entities).

Numbering follows what Word shows: footnotes are numbered 1, 2, 3 ... in the order of their
``w:footnoteReference`` marks in the body; endnotes likewise, on their own counter, and are
numbered **after the footnotes** (a document with footnotes 1-36 has its first endnote as
note 37; a document with only endnotes has them as 1, 2, 3 ...). ``ReadResult.markers`` is
the footnote numbers in body order followed by the endnote numbers in body order, so the order
checks stay meaningful. A note no reference points to is numbered after the referenced ones
and has no marker; a reference to a note that does not exist still takes its number (the
``marker-missing`` check reports both). A start number Word is told (``w:numStart``, in the
first section or the settings) is applied; numbering that restarts in each section or on
each page is read straight through and reported as ``numbering-restart``. Each note's
``label`` is the mark Word shows: its own counter (endnotes count from their own start) in
the number format Word is told (``w:numFmt``; endnotes default to ``i, ii, iii``), or the
custom mark that follows its reference.

A ``.docx`` without footnote or endnote parts is read as plain text (its body paragraphs
through the plain-text reader), for articles whose notes are typed as a numbered list.

Limits against zip bombs: at most :data:`MAX_MEMBERS` members, a declared uncompressed total
of at most :data:`TOTAL_FACTOR` times the size limit, each part read capped at the size limit
while it is decompressed, and parts over 1 MB refused above :data:`MAX_RATIO`:1 compression.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from refcli.errors import InputError
from refcli.model import Finding, RawNote, ReadResult

from .base import normalize_chars

MAX_MEMBERS = 10_000
TOTAL_FACTOR = 8
MAX_RATIO = 200
RATIO_MIN_SIZE = 1_000_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORDML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTE_TYPES_SKIPPED = {"separator", "continuationSeparator", "continuationNotice"}


def clean_text(text: str) -> str:
    """The readers' normalisation (:func:`refcli.readers.base.normalize_chars`), every run of
    spaces one space."""
    return " ".join(normalize_chars(text).split())


class _Tags:
    """Qualified tag names for one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str) -> None:
        w = "{" + ns + "}"
        self.ns = ns
        for name in (
            "body", "p", "r", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "sym",
            "moveFrom", "delText", "instrText", "rPr", "pPr", "vanish", "footnoteRef",
            "endnoteRef", "footnote", "endnote", "footnoteReference", "endnoteReference",
            "id", "type", "customMarkFollows", "val", "char",
        ):  # fmt: skip
            setattr(self, name, w + name)
        self.prune = {w + "del", self.moveFrom, self.delText, self.instrText, self.pPr,
                      self.footnoteRef, self.endnoteRef, _MC_FALLBACK}  # fmt: skip


def _fail(name: str, why: str) -> InputError:
    return InputError(f"{name}: {why}")


def _sniff(data: bytes, name: str) -> None:
    """Refuse what is not a zip package, saying what it is instead."""
    head = data[:8]
    if head.startswith(_OLE):
        raise _fail(
            name,
            "an encrypted (password-protected) Word file or a legacy .doc, not a .docx package; "
            "remove the password or save it as .docx",
        )
    if head.startswith(b"%PDF"):
        raise _fail(name, "a PDF, not a Word .docx; save its text as .txt and read that")
    if head.startswith(b"{\\rtf"):
        raise _fail(name, "an RTF file, not a Word .docx; save it as .docx in Word")
    if not head.startswith(b"PK"):
        raise _fail(name, "not a Word .docx (not a zip package); give --format text if it is text")


def _open_package(data: bytes, name: str, max_bytes: int) -> zipfile.ZipFile:
    _sniff(data, name)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _fail(name, "truncated or damaged .docx (its zip directory cannot be read)") from None
    if len(infos) > MAX_MEMBERS:
        raise _fail(name, f"{len(infos)} zip members, over the limit of {MAX_MEMBERS}; not a Word document")
    total = sum(i.file_size for i in infos)
    limit = TOTAL_FACTOR * max_bytes
    if total > limit:
        raise _fail(
            name,
            f"unpacks to {total / 1e6:.0f} MB, over the {limit / 1e6:.0f} MB limit "
            "(a zip bomb?); refused",
        )
    return package


def _read_part(package: zipfile.ZipFile, member: str, name: str, max_bytes: int) -> bytes | None:
    """The bytes of one part, or None when the package has no such part."""
    try:
        info = package.getinfo(member)
    except KeyError:
        return None
    if info.file_size > max_bytes:
        raise _fail(name, f"{member} unpacks to {info.file_size / 1e6:.0f} MB, over the "
                          f"{max_bytes / 1e6:.0f} MB limit; raise it with --max-size")  # fmt: skip
    if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise _fail(name, f"{member} is compressed {info.file_size // max(1, info.compress_size)}:1, "
                          "beyond what a Word document does (a zip bomb?); refused")  # fmt: skip
    out = bytearray()
    try:
        with package.open(info) as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > max_bytes:  # the header lied about the size
                    raise _fail(name, f"{member} unpacks past the {max_bytes / 1e6:.0f} MB limit; refused")
    except InputError:
        raise
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise _fail(name, "an encrypted zip package; remove the password and save it as .docx") from None
    except NotImplementedError:
        raise _fail(name, f"{member} uses a compression method Word does not write") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise _fail(name, f"truncated or damaged .docx ({member} cannot be unpacked)") from None
    return bytes(out)


def _parse_xml(raw: bytes, member: str, name: str) -> Any:
    from xml.etree.ElementTree import ParseError

    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        return ElementTree.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        raise _fail(
            name,
            f"{member} declares a DTD or entities, which Word never writes; refused as unsafe XML",
        ) from None
    except ParseError as exc:
        raise _fail(name, f"damaged XML in {member} ({exc})") from None
    except (ValueError, RecursionError):
        raise _fail(name, f"damaged XML in {member}") from None


def _relationships(package: zipfile.ZipFile, part: str, name: str, max_bytes: int) -> dict[str, str]:
    """Relationship type (its last path segment, e.g. 'footnotes') → target part name."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    raw = _read_part(package, rels_name, name, max_bytes)
    if raw is None:
        return {}
    out: dict[str, str] = {}
    for rel in _parse_xml(raw, rels_name, name).iter(_RELS + "Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        if not kind or not target or rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(folder, target))
        out.setdefault(kind, path)
    return out


def _not_word(package: zipfile.ZipFile, name: str) -> InputError:
    names = set(package.namelist())
    if "mimetype" in names:
        return _fail(name, "an OpenDocument file (.odt), not a Word .docx; save it as .docx")
    if "xl/workbook.xml" in names:
        return _fail(name, "an Excel workbook, not a Word .docx")
    if "ppt/presentation.xml" in names:
        return _fail(name, "a PowerPoint presentation, not a Word .docx")
    return _fail(name, "a zip file but not a Word document (no word/document.xml)")


def _hidden(run: Any, tags: _Tags) -> bool:
    props = run.find(tags.rPr)
    if props is None:
        return False
    vanish = props.find(tags.vanish)
    return vanish is not None and vanish.get(tags.val, "true") not in ("0", "false", "off")


def _walk(elem: Any, tags: _Tags) -> Iterator[Any]:
    """ELEM and its descendants in document order, without deleted, hidden or fallback content."""
    stack = [elem]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in tags.prune or (tag == tags.r and _hidden(node, tags)):
            continue
        yield node
        stack.extend(reversed(node))


def _symbol(node: Any, tags: _Tags) -> str:
    try:
        code = int(node.get(tags.char, ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:  # symbol fonts map their glyphs into the private use area
        code -= 0xF000
    return chr(code) if 0x20 <= code < 0x110000 and not 0xD800 <= code < 0xE000 else ""


def _text(elem: Any, tags: _Tags, paragraph_break: str = " ") -> str:
    parts: list[str] = []
    for node in _walk(elem, tags):
        tag = node.tag
        if tag == tags.t:
            parts.append(node.text or "")
        elif tag == tags.p:
            if parts:
                parts.append(paragraph_break)
        elif tag in (tags.tab, tags.br, tags.cr):
            parts.append(" ")
        elif tag == tags.noBreakHyphen:
            parts.append("-")
        elif tag == tags.sym:
            parts.append(_symbol(node, tags))
    return "".join(parts)


def _notes_part(package: zipfile.ZipFile, member: str | None, kind: str, tags: _Tags, name: str,
                max_bytes: int) -> dict[str, str]:  # fmt: skip
    """Note id → clean text, in the part's order, without separators."""
    if member is None:
        return {}
    raw = _read_part(package, member, name, max_bytes)
    if raw is None:
        return {}
    root = _parse_xml(raw, member, name)
    out: dict[str, str] = {}
    for note in root.iter(getattr(tags, kind)):
        if note.get(tags.type, "normal") in _NOTE_TYPES_SKIPPED:
            continue
        note_id = note.get(tags.id)
        if note_id is not None and note_id not in out:
            out[note_id] = clean_text(_text(note, tags))
    return out


def _number(
    kind: str,
    refs: list[tuple[str, str, str | None]],
    texts: dict[str, str],
    start: int,
    first_label: int,
    fmt: str,
    findings: list[Finding],
) -> tuple[list[RawNote], list[int]]:
    """Number one kind of note from START + 1 in reference order (see the module docstring);
    each note's label is the mark Word shows: its own counter from FIRST_LABEL in the format
    FMT, or its custom mark."""
    label = "footnote" if kind == "footnote" else "endnote"
    numbers: dict[str, int] = {}
    marks: dict[str, str] = {}
    markers: list[int] = []
    n = start
    for ref_kind, note_id, custom_mark in refs:
        if ref_kind != kind:
            continue
        if custom_mark is not None:
            marks.setdefault(note_id, custom_mark)
            continue
        if note_id not in numbers:  # a reference to a missing note still takes its number
            n += 1
            numbers[note_id] = n
        markers.append(numbers[note_id])
    counted = n
    for note_id in texts:
        if note_id in numbers:
            continue
        n += 1
        numbers[note_id] = n
        if note_id in marks:
            findings.append(Finding(
                "custom-mark", "info", n,
                f"{label} with a custom mark instead of a number in Word; read as note {n}",
            ))  # fmt: skip
    notes = []
    for note_id, text in texts.items():
        number = numbers[note_id]
        if note_id in marks:
            mark: str | None = marks[note_id] or None
        elif number <= counted:
            mark = format_number(number - start - 1 + first_label, fmt)
        else:
            mark = None  # no reference shows it: Word gives it no mark
        notes.append(RawNote(number, text, label=mark))
    notes.sort(key=lambda note: note.n)
    return notes, markers


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_CHICAGO = "*†‡§"


def format_number(n: int, fmt: str) -> str:
    """N as Word shows a note number in the format FMT (``w:numFmt``): decimal, lowerRoman,
    upperRoman, lowerLetter, upperLetter (a ... z, aa ... zz), chicago (* † ‡ §, then doubled)."""
    if n < 1 or fmt not in ("lowerRoman", "upperRoman", "lowerLetter", "upperLetter", "chicago"):
        return str(n)
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        rest = n
        for value, digits in _ROMAN:
            while rest >= value:
                out += digits
                rest -= value
        return out if fmt == "lowerRoman" else out.upper()
    if fmt == "chicago":
        return _CHICAGO[(n - 1) % 4] * ((n - 1) // 4 + 1)
    letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return letter if fmt == "lowerLetter" else letter.upper()


def _numbering(body: Any, settings: Any, tags: _Tags, kind: str) -> tuple[int, str | None, str]:
    """(first number, how numbering restarts or None, number format) for footnotePr or
    endnotePr: from the first section that sets it, else the document settings."""
    w = "{" + tags.ns + "}"
    places = [sect.find(w + kind) for sect in body.iter(w + "sectPr")]
    if settings is not None:
        places.append(settings.find(w + kind))
    start, restart = 1, None
    fmt = "decimal" if kind == "footnotePr" else "lowerRoman"  # Word's defaults
    for props in reversed([p for p in places if p is not None]):
        num_start = props.find(w + "numStart")
        if num_start is not None and (value := num_start.get(tags.val, "")).isdigit():
            start = min(int(value), 1_000_000)
        num_restart = props.find(w + "numRestart")
        if num_restart is not None:
            value = num_restart.get(tags.val, "continuous")
            restart = {"eachSect": "in each section", "eachPage": "on each page"}.get(value)
        num_fmt = props.find(w + "numFmt")
        if num_fmt is not None:
            fmt = num_fmt.get(tags.val, fmt)
    return start, restart, fmt


def read_docx_notes(data: bytes, source: str, name: str | None = None,
                    max_bytes: int = 64 * 1024 * 1024) -> ReadResult:  # fmt: skip
    """The footnotes and endnotes of the .docx package DATA (see the module docstring).

    SOURCE is the name the result carries; NAME (default SOURCE) prefixes error messages.
    """
    name = name or source
    package = _open_package(data, name, max_bytes)
    with package:
        main = _relationships(package, "", name, max_bytes).get("officeDocument", "word/document.xml")
        raw = _read_part(package, main, name, max_bytes)
        if raw is None:
            raise _not_word(package, name)
        root = _parse_xml(raw, main, name)
        ns = root.tag[1 : root.tag.index("}")] if root.tag.startswith("{") else _WORDML
        tags = _Tags(ns)
        if root.tag != "{" + ns + "}document":
            raise _fail(name, f"{main} is not a Word document body")
        rels = _relationships(package, main, name, max_bytes)
        footnotes = _notes_part(package, rels.get("footnotes"), "footnote", tags, name, max_bytes)
        endnotes = _notes_part(package, rels.get("endnotes"), "endnote", tags, name, max_bytes)
        settings_raw = _read_part(package, rels["settings"], name, max_bytes) if "settings" in rels else None
        settings = _parse_xml(settings_raw, rels["settings"], name) if settings_raw else None

    body = root.find(tags.body)
    body = root if body is None else body
    refs: list[tuple[str, str, str | None]] = []
    for node in _walk(body, tags):
        if node.tag != tags.r:
            continue
        children = list(node)
        for k, child in enumerate(children):
            if child.tag in (tags.footnoteReference, tags.endnoteReference):
                kind = "footnote" if child.tag == tags.footnoteReference else "endnote"
                mark = None
                if child.get(tags.customMarkFollows, "0") in ("1", "true", "on"):
                    # the mark Word shows instead of a number: the run's text after the reference
                    mark = clean_text("".join(t.text or "" for t in children[k + 1 :] if t.tag == tags.t))
                refs.append((kind, child.get(tags.id, ""), mark))
    body_text = "\n".join(clean_text(line) for line in _text(body, tags, "\n").split("\n"))

    if not footnotes and not endnotes and not refs:
        from .text import read_text_notes

        typed = read_text_notes(body_text, source)
        return ReadResult(source, typed.notes, typed.findings, typed.markers, "docx", typed.body)

    if not footnotes and not endnotes:
        raise _fail(name, f"the body has {len(refs)} note reference(s) but the package has no "
                          "footnotes or endnotes part; the .docx is damaged")  # fmt: skip
    findings: list[Finding] = []
    foot_start, foot_restart, foot_fmt = _numbering(body, settings, tags, "footnotePr")
    end_start, end_restart, end_fmt = _numbering(body, settings, tags, "endnotePr")
    foot_notes, foot_markers = _number("footnote", refs, footnotes, foot_start - 1, foot_start,
                                       foot_fmt, findings)
    last = max((n.n for n in foot_notes), default=0)
    last = max([last, *foot_markers])
    end_notes, end_markers = _number(
        "endnote", refs, endnotes, last if foot_notes else end_start - 1, end_start, end_fmt, findings
    )
    for label, restart, notes in (("footnote", foot_restart, foot_notes), ("endnote", end_restart, end_notes)):
        if restart and notes:
            findings.append(Finding(
                "numbering-restart", "info", notes[0].n,
                f"Word restarts {label} numbers {restart}; refcli numbers them straight through",
            ))  # fmt: skip
    if foot_notes and end_notes:
        findings.append(Finding(
            "endnotes-renumbered", "info", end_notes[0].n,
            f"Word endnotes are numbered after the {last} footnotes: endnote 1 is note {last + 1}",
        ))  # fmt: skip
    return ReadResult(
        source,
        tuple(foot_notes + end_notes),
        tuple(findings),
        tuple(foot_markers + end_markers),
        "docx",
        body_text,
    )
