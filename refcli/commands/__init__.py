"""Command modules beyond parse/archives. Each module defines ``register(app)``.

Modules are imported when the CLI starts, so they must import heavy libraries (bibtexparser,
tinydb, rapidfuzz, docx readers) inside the command functions, not at module level.
"""

from __future__ import annotations

import importlib

import typer

MODULES: list[str] = ["integrity", "library", "export"]


def register_all(app: typer.Typer) -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}").register(app)
