"""The global options as the command line set them (quiet, verbose, traceback), read by
refcli.cli.render; apart from refcli.cli.app so that rendering does not import typer."""

from __future__ import annotations

from typing import Any

STATE: dict[str, Any] = {"traceback": False, "quiet": False, "verbose": False}
