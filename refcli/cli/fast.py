"""A fast path for the plainest form of the most frequent read command: ``refcli search QUERY
[--json] [--limit N | -n N] [--library FILE]``, run without importing typer (whose start-up —
typer, click and pydantic — is most of a cold search's time).

Only what this module fully understands is run here; everything else (another command, a
global option, --help, --format, --archives, an option given twice or spelled any other way,
a query that starts with "-", shell completion) is left to the typer application, which then
does exactly what it always did. The work is the same function either way
(:func:`refcli.cli.search_cmd.run_search`), and errors end the same way: one line on stderr
and the exit status of their class."""

from __future__ import annotations

import os
import re
from pathlib import Path

_NUMBER = re.compile(r"[0-9]{1,9}")
_VALUED = {"--limit": "limit", "-n": "limit", "--library": "library"}


def parse(argv: list[str]) -> dict[str, object] | None:
    """The options of a plain ``search`` command line, or None when typer should read it."""
    if len(argv) < 2 or argv[0] != "search":
        return None
    if any(k.endswith("_COMPLETE") for k in os.environ):  # shell completion: typer's
        return None
    found: dict[str, object] = {}
    query: str | None = None
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if arg == "--json" or name == "--json":
            if eq or "json" in found:
                return None
            found["json"] = True
        elif name in _VALUED:
            if not eq:
                if i + 1 >= len(rest):
                    return None
                i += 1
                value = rest[i]
            key = _VALUED[name]
            if key in found:
                return None
            if key == "limit":
                if not _NUMBER.fullmatch(value) or int(value) < 1:
                    return None
                found[key] = int(value)
            else:
                if not value or value.startswith("-"):
                    return None
                found[key] = Path(value)
        elif arg.startswith("-") or query is not None:
            return None
        else:
            query = arg
        i += 1
    if query is None:
        return None
    return {"query": query, "json": bool(found.get("json")), "limit": found.get("limit", 20),
            "library": found.get("library"),
            "archives": Path(os.environ["REFCLI_ARCHIVES"]) if os.environ.get("REFCLI_ARCHIVES")
            else None}


def run(argv: list[str]) -> int | None:
    """The exit status of a plain search command line run here, or None (typer's to run)."""
    options = parse(argv)
    if options is None:
        return None
    from refcli.errors import RefcliError

    from .search_cmd import run_search

    try:
        try:
            return run_search(options["query"], options["json"], options["limit"],  # type: ignore[arg-type]
                              options["library"], options["archives"])  # type: ignore[arg-type]
        except OSError as exc:  # as refcli.cli.library.os_errors: one line, exit 2
            if isinstance(exc, BrokenPipeError):
                raise
            from refcli.errors import LibraryError
            from refcli.library.files import cause

            raise LibraryError(f"{exc.filename or 'the library'}: {cause(exc)}") from None
    except RefcliError as exc:
        from . import render

        render.error(str(exc))
        return int(exc.exit_code)


def main() -> None:
    """Run a plain search here, anything else through the typer application."""
    import sys

    try:
        try:
            code = run(sys.argv[1:])
        finally:
            sys.stdout.flush()
    except BrokenPipeError:  # `refcli search x --json | head`
        from .app import closed_pipe

        closed_pipe()
    except KeyboardInterrupt:
        sys.stderr.write("refcli: interrupted\n")
        from refcli.errors import ExitStatus

        sys.exit(int(ExitStatus.INTERRUPTED))
    if code is None:
        from .app import main as app_main

        app_main()
        return
    sys.exit(code)
