"""Readers: a file in, numbered notes out. Chosen by extension or ``--format``."""

from __future__ import annotations

import os
from pathlib import Path

from refcli.errors import InputError
from refcli.model import ReadResult

from .base import DEFAULT_MAX_BYTES, decode, read_bytes
from .text import read_text_notes

FORMATS = ("text", "docx", "markdown", "latex")
_ALIASES = {"txt": "text", "md": "markdown", "tex": "latex", "word": "docx"}
_EXTENSIONS = {
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".doc": "docx",  # .doc: to say what it is
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".tex": "latex", ".latex": "latex", ".ltx": "latex",
}  # fmt: skip
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HINTS = {
    "text": "",
    "docx": " (no Word footnotes or endnotes, nor a numbered notes list)",
    "markdown": " (no [^1] footnotes or ^[inline notes])",
    "latex": " (no \\footnote{...} or \\footnotetext{...})",
}


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format PATH's extension names; plain text for .txt and anything unknown."""
    return _EXTENSIONS.get(Path(path).suffix.lower(), "text")


def read_notes(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ReadResult:
    """Read PATH into numbered notes."""
    fmt = _check_format(fmt)
    return read_notes_data(read_bytes(path, max_bytes), str(path), Path(path).name, fmt,
                           encoding, max_bytes)


def _check_format(fmt: str | None) -> str | None:
    if fmt is not None:
        fmt = _ALIASES.get(fmt.lower(), fmt.lower())
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def read_notes_data(
    data: bytes,
    name: str,
    source: str,
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ReadResult:
    """Read the bytes of a document already in memory (standard input, say) into numbered
    notes; NAME is what messages call it, SOURCE the document's name in the result. Without
    FMT, a Word file is known by its first bytes and the rest is guessed from NAME."""
    fmt = _check_format(fmt)
    if fmt is None:
        # a Word package (or an encrypted/legacy Word file) whatever its extension says
        fmt = "docx" if data.startswith((_ZIP, _OLE)) else detect_format(name)
    if fmt == "docx":
        from .docx import read_docx_notes

        result = read_docx_notes(data, source, name, max_bytes)
    else:
        text, _ = decode(data, name, encoding)
        if fmt == "markdown":
            from .markdown import read_markdown_notes

            result = read_markdown_notes(text, source, name)
        elif fmt == "latex":
            from .latex import read_latex_notes

            result = read_latex_notes(text, source, name)
        else:
            result = read_text_notes(text, source)
    if not result.notes:
        raise InputError(f"{name}: no notes found{_HINTS[fmt]}")
    return result
