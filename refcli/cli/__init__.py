"""The command line: typer commands and rich rendering, the only package that imports either.

``app`` holds the commands; each command group lives in its own module with the renderers it
uses beside it, and every command makes one call into the library below (``refcli.pipeline``,
``refcli.store``, ``refcli.exporters`` ...). Errors are caught here only.
"""

from .app import app, main

__all__ = ["app", "main"]
