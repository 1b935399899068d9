"""From a file to a parsed document: read, then parse every note.

The one place that strings the layers together, so that every command (parse, chains,
check, ingest, export --from) sees the same document.
"""

from __future__ import annotations

import os
from dataclasses import replace

from .checks import check_numbering
from .labeller import Labeller, load_labeller
from .model import Document, Finding, Note, ReadResult
from .parsers.note import attach_url, parse_note
from .readers import DEFAULT_MAX_BYTES, read_notes
from .registry import Registry
from .resolver import resolve


def parse_read_result(read: ReadResult, registry: Registry, labeller: Labeller | None = None) -> Document:
    """Parse every note of READ and resolve its back-references; the reader's findings come
    first, then the parser's, then what the note numbering shows (gaps, order, duplicates,
    restarts: the same findings ``refcli check`` gives)."""
    notes: list[Note] = []
    findings: list[Finding] = list(read.findings)
    if labeller is None:
        labeller = load_labeller()
    for raw in read.notes:
        parsed = parse_note(raw.text, registry, labeller)
        # in a text read line by line (no note numbers), a URL alone on its line belongs to
        # the document record on the line before; numbered notes stay apart
        by_lines = read.format == "lines" and notes
        joined = attach_url(notes[-1].citations, parsed.citations) if by_lines else None
        if joined is not None:
            notes[-1] = replace(notes[-1], citations=joined)
            notes.append(Note(raw.n, raw.text, (), raw.line, raw.label, raw.section))
            continue
        notes.append(Note(raw.n, raw.text, parsed.citations, raw.line, raw.label, raw.section))
        findings.extend(Finding(s.code, s.severity, raw.n, s.message, (), raw.section)
                        for s in parsed.slips)
    if read.format != "lines":  # a text read line by line has no numbers of its own
        findings.extend(check_numbering(Document(read.source, tuple(notes))))
    return resolve(Document(read.source, tuple(notes), tuple(findings), read.markers, read.format))


def load_document(
    path: str | os.PathLike[str],
    registry: Registry,
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read and parse the notes of PATH."""
    return parse_read_result(read_notes(path, fmt, encoding, max_bytes), registry)
