"""The command line: thin typer commands over the library functions.

Errors are caught here only, printed as one line on stderr, and turned into the exit code
their class carries; ``--traceback`` re-raises them for debugging.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..errors import ExitStatus, RefcliError

app = typer.Typer(
    name="refcli",
    help=(
        "Parse, check, store and export the footnotes of historians who cite archives.\n\n"
        "Examples:\n\n"
        "  refcli parse notes.txt             # a table of every citation\n\n"
        "  refcli check notes.txt --strict    # integrity report; exit 1 on warnings\n\n"
        "  refcli chains article.docx         # Ibid./op. cit. chains as trees\n\n"
        "  refcli ingest *.txt && refcli search 'archive:GARF fond:5446'\n\n"
        "  refcli export --format biblatex -o notes.bib\n\n"
        "  refcli archives TsKhSD             # one archive of the registry"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])

_state: dict[str, Any] = {"traceback": False}


def reports_errors(func: F) -> F:
    """Turn a RefcliError into one stderr line and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RefcliError as exc:
            if _state["traceback"]:
                raise
            from . import render

            render.error(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            from . import render

            render.error("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def _main(
    traceback: Annotated[bool, typer.Option("--traceback", help="Show the Python traceback of an error.")] = False,
) -> None:
    _state["traceback"] = traceback


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]
FileArg = Annotated[Path, typer.Argument(help="A notes file: .txt (whole article, notes list, or one citation per line), Word .docx, Markdown .md or LaTeX .tex.", show_default=False)]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", help="The file's encoding, when detection gets it wrong (e.g. cp1251).")]
FormatOpt = Annotated[str | None, typer.Option("--format", help="Read the file as docx, markdown, latex or text instead of guessing from its extension (.docx, .md, .tex; anything else is text).")]
MaxSizeOpt = Annotated[float, typer.Option("--max-size", help="Largest document to read, in MB.")]
ArchivesOpt = Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged archives.json.", envvar="REFCLI_ARCHIVES")]


def load_registry(path: Path | None):
    from ..registry import Registry

    return Registry.load(path)


def load(path: Path, archives: Path | None, fmt: str | None, encoding: str | None, max_size: float):
    from ..pipeline import load_document

    return load_document(path, load_registry(archives), fmt, encoding, int(max_size * 1_000_000))


@app.command()
@reports_errors
def parse(
    file: FileArg,
    json_: JsonOpt = False,
    encoding: EncodingOpt = None,
    format_: FormatOpt = None,
    max_size: MaxSizeOpt = 20.0,
    archives: ArchivesOpt = None,
) -> None:
    """Parse a document's notes into structured citations.

    Examples:

      refcli parse refs/selivanov-2012.txt

      refcli parse notes.txt --json | jq '.notes[] | select(.citations[].kind == "archival")'
    """
    from . import render

    doc = load(file, archives, format_, encoding, max_size)
    if json_:
        render.print_json(doc.to_json())
    else:
        render.parse_table(doc)


@app.command("archives")
@reports_errors
def archives_cmd(
    word: Annotated[str | None, typer.Argument(help="An acronym, alias, former name or word of a name.")] = None,
    json_: JsonOpt = False,
    archives: ArchivesOpt = None,
) -> None:
    """List the archive registry, or show the archives a word names.

    Examples:

      refcli archives

      refcli archives TsKhSD        # a former name finds RGANI

      refcli archives "foreign policy" --json

      refcli archives MFA           # an ambiguous alias: every archive it names, the usual first
    """
    from ..errors import NotFoundError
    from . import render

    registry = load_registry(archives)
    # an alias names one archive, or several when the data says it is ambiguous ("MFA")
    found = registry.archives if word is None else registry.get_all(word) or registry.find(word)
    if not found:
        hint = registry.suggest(word or "")
        raise NotFoundError(f"no archive matches {word!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
    if json_:
        schemes = {a.scheme: registry.scheme_of(a).to_json() for a in found}
        render.print_json({"schema": "refcli.archives/1", "archives": [a.to_json() for a in found],
                           "schemes": schemes})
    elif len(found) == 1 and word is not None:
        render.archive_card(found[0], registry.scheme_of(found[0]).description)
    else:
        render.archives_table(found)


def _register() -> None:
    """Command modules beyond parse/archives; each defines ``register(app)``. They are
    imported when the CLI starts, so they import heavy libraries inside their commands."""
    from . import export, integrity, library, sources, train

    for module in (integrity, library, export, sources, train):
        module.register(app)


_register()


def main() -> None:
    """Console entry point."""
    try:
        app()
    except BrokenPipeError:  # `refcli parse x | head`
        sys.stderr.close()
        sys.exit(int(ExitStatus.OK))
