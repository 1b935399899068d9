"""``refcli sources``: the sources list of a thesis (archival sources by archive → fond → opis →
delo with the leaves and notes citing them, then the published works in bibliography order).

Thin: the sources come through ``refcli.cli.export`` (the one place that reads the library or
notes files for export), ``refcli.sources_list`` builds and renders the list.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from refcli.cli.app import MAX_SIZE_MB, ArchivesOpt, EncodingOpt, InputFormatOpt, MaxSizeOpt

STYLE_CHOICES = ("gost", "chicago")
FORMAT_CHOICES = ("text", "markdown", "latex", "docx")


def sources(
    query: Annotated[str | None, typer.Argument(help="A library search query selecting the sources (default: everything).", show_default=False, metavar="QUERY")] = None,
    style: Annotated[str, typer.Option("--style", "-s", help="gost (GOST R 7.0.5-2008, Russian) or chicago (Chicago 18th edition).", metavar="STYLE")] = "gost",
    format_: Annotated[str, typer.Option("--format", "-f", help="text, markdown, latex (a fragment to \\input) or docx (needs -o).", metavar="FORMAT")] = "text",
    output: Annotated[str, typer.Option("--output", "-o", help="Write to this file ('-' for stdout, the default).", metavar="FILE")] = "-",
    from_: Annotated[list[Path] | None, typer.Option("--from", help="List the sources cited in this notes file ('-' for standard input) instead of the library (repeatable).", show_default=False, metavar="FILE")] = None,
    library: Annotated[str | None, typer.Option("--library", help="The library file (default: $REFCLI_LIBRARY, else the user data directory's refcli/library.json).", show_default=False, metavar="FILE")] = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    archives: ArchivesOpt = None,
) -> None:
    """Print the sources list of a thesis: archival sources, then published works.

    Archival units are grouped archive → fond → opis → delo, each with the span of leaves
    cited and the notes citing them (ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130. in GOST);
    published works follow in the style's bibliography order, rendered by citeproc-py.

    Examples:

    \b
      refcli sources --from refs/gost-cyrillic-notes.txt
      refcli sources --from refs/chicago-notes.md --style chicago --format markdown -o sources.md
      refcli sources "archive:GARF" --format latex -o sources.tex
      refcli sources --from refs/selivanov-2012-notes.txt --from refs/chicago-notes.md --format docx -o sources.docx
    """
    from refcli.cli import export as export_cmd
    from refcli.errors import NotFoundError, UsageError

    if style not in STYLE_CHOICES:
        raise UsageError(f"unknown style {style!r}; use one of: {', '.join(STYLE_CHOICES)}")
    if format_ not in FORMAT_CHOICES:
        raise UsageError(f"unknown format {format_!r}; use one of: {', '.join(FORMAT_CHOICES)}")
    if format_ == "docx" and output == "-" and sys.stdout.isatty():
        raise UsageError("a .docx is binary: give -o FILE.docx")
    registry = export_cmd._registry(archives)
    if from_:
        if query:
            raise UsageError("give either a QUERY (library) or --from FILE, not both")
        found = export_cmd._sources_from_files(from_, registry, input_format, encoding, max_size)
        origin = ", ".join(str(p) for p in from_)
    else:
        found, origin = export_cmd._sources_from_library(library, query, archives)
    if not found:
        raise NotFoundError(f"no sources: no citations in {origin}")
    from refcli import sources_list

    text = sources_list.render(sources_list.build(found, style, registry), format_)
    if output == "-":
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        else:
            typer.echo(export_cmd.for_stdout(text), nl=False)
        return
    export_cmd._write_atomic(Path(output), text)
    from refcli.cli import render_export

    render_export.wrote(f"sources list ({style}, {format_})", output)


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    app.command("sources")(reports_errors(sources))
