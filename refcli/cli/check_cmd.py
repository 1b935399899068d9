"""``refcli check``'s work, typer-free: read, parse, resolve and check each file, print the
report (or JSON), and the exit status. refcli.cli.integrity's command and refcli.cli.fast's
plain command line both run it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def run_check(files: Sequence[Path], as_json: bool, strict: bool, input_format: str | None,
              encoding: str | None, max_size: float, archives: Path | None) -> int:
    """Check FILES; the exit status: 1 when a finding reaches the failing severity (error;
    with STRICT, warning), else 0."""
    from refcli.checks import fails, report, summarize
    from refcli.errors import ExitStatus

    from . import render, render_integrity
    from .documents import load_registry, read_document

    registry = load_registry(archives)
    reports, texts = [], []
    for path in files:
        doc = read_document(path, registry, input_format, encoding, max_size)
        reports.append(report(doc, registry))
        texts.append({(note.section, note.n): note.text for note in doc.notes})
    if as_json:
        render.print_json({"schema": "refcli.check/1",
                           "files": [r.to_json() for r in reports],
                           "summary": summarize(reports)})
    else:
        render_integrity.check_report(reports, texts)
    return int(ExitStatus.FAILURE) if fails(reports, strict) else 0


def run_parse(file: Path, as_json: bool, input_format: str | None, encoding: str | None,
              max_size: float, archives: Path | None) -> int:
    """``refcli parse FILE``: the citations as a table or JSON; the exit status (0)."""
    from . import render
    from .documents import load

    doc = load(file, archives, input_format, encoding, max_size)
    if as_json:
        render.print_json(doc.to_json())
    else:
        render.parse_table(doc)
    return 0
