"""The package below refcli/cli/ is a library: importing it pulls in neither rich nor typer."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import refcli


def test_library_modules_import_without_rich_or_typer() -> None:
    """Every module outside refcli.cli imports with rich and typer absent from sys.modules."""
    names = [m.name for m in pkgutil.walk_packages(refcli.__path__, "refcli.")
             if not m.name.startswith("refcli.cli") and m.name != "refcli.__main__"]
    assert "refcli.pipeline" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'typer'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
