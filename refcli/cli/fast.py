"""A fast path for the plainest forms of the most frequent commands: ``refcli search QUERY
[--json] [--limit N | -n N] [--library FILE]``, ``refcli check FILE... [--json] [--strict]`` and
``refcli parse FILE [--json]``, run without importing typer (whose start-up — typer, click and
pydantic, about 0.15 s — is most of a cold search's time and a sixth of a manuscript's check).

Only what this module fully understands is run here; everything else (another command, a
global option, --help, --format, --archives, an option given twice or spelled any other way,
a query that starts with "-", shell completion) is left to the typer application, which then
does exactly what it always did. The work is the same function either way
(:func:`refcli.cli.search_cmd.run_search`), and errors end the same way: one line on stderr
and the exit status of their class."""

from __future__ import annotations

import os
from pathlib import Path

from refcli import rx

_NUMBER = rx.compile(r"[0-9]{1,9}")
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


_DOCUMENT_FLAGS = {"check": ("--json", "--strict"), "parse": ("--json",)}


def parse_document_command(argv: list[str]) -> dict[str, object] | None:
    """The options of a plain ``check FILE... [--json] [--strict]`` or ``parse FILE [--json]``
    command line (files named plainly, each flag at most once), or None when typer should
    read it."""
    if not argv or argv[0] not in _DOCUMENT_FLAGS or any(k.endswith("_COMPLETE") for k in os.environ):
        return None
    flags: set[str] = set()
    files: list[Path] = []
    for arg in argv[1:]:
        if arg in _DOCUMENT_FLAGS[argv[0]] and arg not in flags:
            flags.add(arg)
        elif arg.startswith("-") or not arg:
            return None  # another option, standard input, --help: typer's
        else:
            files.append(Path(arg))
    if not files or (argv[0] == "parse" and len(files) > 1):
        return None
    return {"command": argv[0], "files": files, "json": "--json" in flags, "strict": "--strict" in flags,
            "archives": Path(os.environ["REFCLI_ARCHIVES"]) if os.environ.get("REFCLI_ARCHIVES") else None}


def _run_document_command(options: dict[str, object]) -> int:
    from .check_cmd import run_check, run_parse
    from .documents import MAX_SIZE_MB

    files: list[Path] = options["files"]  # type: ignore[assignment]
    archives: Path | None = options["archives"]  # type: ignore[assignment]
    if options["command"] == "check":
        return run_check(files, bool(options["json"]), bool(options["strict"]), None, None, MAX_SIZE_MB, archives)
    return run_parse(files[0], bool(options["json"]), None, None, MAX_SIZE_MB, archives)


def run(argv: list[str]) -> int | None:
    """The exit status of a plain search, check or parse command line run here, or None
    (typer's to run)."""
    options = parse(argv)
    document = parse_document_command(argv) if options is None else None
    if options is None and document is None:
        return None
    from refcli.errors import RefcliError

    from .search_cmd import run_search

    try:
        try:
            if document is not None:
                return _run_document_command(document)
            assert options is not None
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
