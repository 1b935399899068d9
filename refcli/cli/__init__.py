"""The command line: typer commands and rich rendering, the only package that imports either.

``app`` holds the commands; each command group lives in its own module with the renderers it
uses beside it, and every command makes one call into the library below (``refcli.pipeline``,
``refcli.store``, ``refcli.exporters`` ...). Errors are caught here only.
"""

import sys
import types
from typing import Any

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: a plain ``refcli search`` runs without typer
    (:mod:`refcli.cli.fast`); every other command line goes to the typer application."""
    from .fast import main as fast_main

    fast_main()


class _Package(types.ModuleType):
    """``refcli.cli.app`` is the typer application (held by the submodule of that name),
    imported on first use, so that the fast path never imports typer."""

    @property
    def app(self) -> Any:
        from .app import app

        return app

    @app.setter
    def app(self, value: Any) -> None:
        pass  # the import system binds the submodule here; the name stays the application


sys.modules[__name__].__class__ = _Package
