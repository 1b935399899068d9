"""Readers: a file in, numbered notes out. Chosen by extension or ``--format``."""

from __future__ import annotations

import os
from pathlib import Path

from refcli.errors import InputError
from refcli.model import ReadResult

from .base import DEFAULT_MAX_BYTES, decode, read_bytes
from .text import read_text_notes

FORMATS = ("text",)


def detect_format(path: str | os.PathLike[str]) -> str:
    return "text"


def read_notes(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ReadResult:
    """Read PATH into numbered notes."""
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data = read_bytes(path, max_bytes)
    name = str(path)
    text, _ = decode(data, name, encoding)
    result = read_text_notes(text, Path(path).name)
    if not result.notes:
        raise InputError(f"{name}: no notes found")
    return result
