"""Reading a document for a command, typer-free: the registry, standard input read once, the
warning of a missing model, and read + parse with its closing line on stderr. refcli.cli.app
re-exports these; refcli.cli.fast runs the plain ``check`` and ``parse`` command lines with them
without importing typer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .state import STATE as _state

# one limit for every command that reads a document (parse, check, chains, ingest, export
# --from, sources --from, import), in MB
MAX_SIZE_MB = 64.0


def load_registry(path: Path | None):
    from ..registry import Registry

    return Registry.load(path)


def is_stdin(path: Path | str) -> bool:
    return str(path) == "-"


def stdin_bytes(max_bytes: int, what: str = "notes") -> bytes:
    """Standard input, read once (a second '-' on the command line reads the same bytes)."""
    from ..errors import InputError

    cached = _state.get("stdin")
    if cached is not None and cached[0] is sys.stdin:
        return cached[1]
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("-: no standard input to read")
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"-: standard input is over the {max_bytes / 1e6:.0f} MB limit for one "
                         "document; raise the limit with --max-size")
    if not data.strip():
        raise InputError(f"-: standard input is empty, no {what} to read")
    _state["stdin"] = (sys.stdin, data)
    return data


_MODEL_CHECKED: list[bool] = []


def _warn_without_model() -> None:
    """Once per command: without the packaged model (a broken install) only shelfmarks and
    back-references are read, which the user must know."""
    if _MODEL_CHECKED:
        return
    _MODEL_CHECKED.append(True)
    from ..labeller import load_labeller, packaged_model

    if load_labeller() is None:
        from . import render

        render.warn(f"no parsing model at {packaged_model()}: only archival shelfmarks and "
                    "back-references are read (reinstall refcli, or set REFCLI_MODEL)")


def read_document(path: Path | str, registry, fmt: str | None, encoding: str | None,
                  max_size: float, step: Any = None):
    """PATH (or standard input for '-') read and parsed into a Document. STEP, a progress
    bar's (render.progress), grows by the file's notes and advances with each of them."""
    import time

    from ..pipeline import parse_read_result
    from ..readers import read_notes, read_notes_data
    from . import render

    _warn_without_model()
    began = time.monotonic()
    max_bytes = int(max_size * 1_000_000)
    if is_stdin(path):
        read = read_notes_data(stdin_bytes(max_bytes), "-", "stdin", fmt, encoding, max_bytes)
    else:
        read = read_notes(path, fmt, encoding, max_bytes)
    if step is not None:
        step.grow(len(read.notes))
    doc = parse_read_result(read, registry, on_note=step)
    render.info(f"{path}: read as {doc.format}, {len(doc.notes)} notes, "
                f"{sum(len(n.citations) for n in doc.notes)} citations in "
                f"{time.monotonic() - began:.2f} s")
    return doc


def load(path: Path, archives: Path | None, fmt: str | None, encoding: str | None, max_size: float):
    return read_document(path, load_registry(archives), fmt, encoding, max_size)


