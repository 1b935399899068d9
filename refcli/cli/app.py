"""The command line: thin typer commands over the library functions.

Errors are caught here only, printed as one line on stderr, and turned into the exit code
their class carries; ``--traceback`` re-raises them for debugging. The exit codes, the same
for every command:

====  =====================================================================================
0     done
1     findings (``check``, ``library check``) or nothing matched (``search``, ``show``,
      ``export``, ``sources``, ``archives``)
2     bad input or usage: an unreadable file, an unknown option, a damaged library
130   interrupted (Ctrl-C)
141   the reader of the output went away (``refcli parse FILE | head -1``): killed by
      SIGPIPE, quietly, as ``cat`` would be
====  =====================================================================================
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from ..errors import ExitStatus, RefcliError

app = typer.Typer(
    name="refcli",
    help=(
        "Parse, check, store and export the footnotes of historians who cite archives.\n\n"
        "A FILE argument of '-' reads standard input. Exit codes: 0 done, 1 findings or "
        "nothing matched, 2 bad input or usage, 130 interrupted.\n\n"
        "Examples:\n\n"
        "\b\n"
        "  refcli parse refs/selivanov-2012-notes.txt          # a table of every citation\n"
        "  refcli check refs/gost-cyrillic-notes.txt --strict  # exit 1 on warnings\n"
        "  refcli chains refs/chicago-notes.md                 # Ibid./op. cit. chains\n"
        "  refcli ingest refs/*.txt && refcli search 'archive:GARF fond:5446'\n"
        "  refcli export --format biblatex -o notes.bib\n"
        "  refcli archives TsKhSD                              # one archive of the registry"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _argument_types_named_by_metavar() -> None:
    """An argument given a metavar (FILE) is not followed by its Python type in the help
    (typer would print ``FILE <list[Path]>``)."""
    from typer import core

    shown = getattr(core.TyperArgument, "display_type", None)
    if shown is None:
        return

    def display_type(self: Any, ctx: Any) -> str:
        return "" if self.metavar else shown(self, ctx)

    core.TyperArgument.display_type = display_type  # type: ignore[method-assign]


_argument_types_named_by_metavar()

# the global options; refcli.cli.render reads quiet and verbose from here (so that a command's
# --help, which runs this callback first, does not import rich)
# one limit for every command that reads a document (parse, check, chains, ingest, export
# --from, sources --from, import), in MB
from .documents import MAX_SIZE_MB  # noqa: E402
from .state import STATE as _state  # noqa: E402


def closed_pipe() -> NoReturn:
    """The reader of our output went away (``refcli parse FILE | head -1``): end as ``cat``
    does, killed by SIGPIPE (status 141 in the shell), with nothing on stderr. Where stdout
    is no file descriptor (a test's captured output) the status is 141 all the same."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        fd = None
    if fd is not None:
        try:  # whatever is still buffered for stdout goes nowhere, not into a second error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, fd)
        except OSError:
            pass
        if hasattr(signal, "SIGPIPE"):
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(int(ExitStatus.CLOSED_PIPE))


def reports_errors(func: F) -> F:
    """Turn a RefcliError into one stderr line and its exit code; Ctrl-C into 130; a closed
    pipe into a quiet end."""

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
        except BrokenPipeError:
            closed_pipe()
        except KeyboardInterrupt:
            from . import render

            render.error("interrupted")
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None

    return wrapper  # type: ignore[return-value]


def version_text() -> str:
    """refcli's version, and the versions of the data it reads with: the archive registry
    (its version, or the digest of its file) and the parsing model (the digest of the notes it
    was trained on, as its card gives it)."""
    from importlib import metadata, resources

    try:
        own = metadata.version("refcli")
    except metadata.PackageNotFoundError:
        own = "unknown"
    lines = [f"refcli {own}"]
    named = os.environ.get("REFCLI_ARCHIVES")
    try:
        raw = (Path(named).read_bytes() if named else
               (resources.files("refcli") / "data" / "archives.json").read_bytes())
        data = json.loads(raw)
        digest = hashlib.sha256(raw).hexdigest()[:12]
        version = data.get("version") or f"sha256 {digest}"
        lines.append(f"archive registry: {version}, {len(data.get('archives', []))} archives, "
                     f"{data.get('schema', '?')} ({named or 'packaged'})")
    except (OSError, ValueError, AttributeError) as exc:
        lines.append(f"archive registry: unreadable ({named or 'packaged'}: {exc})")
    # the packaged model's place as refcli.labeller.packaged_model() gives it, and its card
    # beside it (card_path): not imported, because the labeller pulls in the parser
    model = os.environ.get("REFCLI_MODEL")
    path = Path(model) if model else Path(str(resources.files("refcli") / "data" / "labeller.crfsuite"))
    if not path.is_file():
        lines.append(f"parsing model: none ({model}: no such file)" if model else
                     "parsing model: none (shelfmarks and back-references only)")
    else:
        try:
            card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            card = {}
        data_digest = str(card.get("data_sha256", "unknown"))[:12]
        trained = (f", trained on {card['notes']:,} notes from {card['works']} works"
                   if "notes" in card and "works" in card else "")
        lines.append(f"parsing model: {data_digest}{trained} ({model or 'packaged'})")
    lines.append(f"Python {sys.version.split()[0]}")
    return "\n".join(lines)


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool | None, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print refcli's version, the archive registry's and the parsing model's, and exit.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no warnings, progress or closing lines on stderr; errors still show.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say more on stderr: what each file was read as, how long each step took.")] = False,
    traceback: Annotated[bool, typer.Option("--traceback", help="Show the Python traceback of an error.")] = False,
) -> None:
    if quiet and verbose:
        from . import render

        render.error("give --quiet or --verbose, not both")
        raise typer.Exit(int(ExitStatus.BAD_INPUT))
    _state.update(traceback=traceback, quiet=quiet, verbose=verbose)


# -- the options every command spells the same way -----------------------------------------

INPUT_FORMATS = ("text", "docx", "markdown", "latex")
_INPUT_ALIASES = ("txt", "word", "md", "tex")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table (the same as --format json).")]
OutputOpt = Annotated[str | None, typer.Option("--format", "-f", help="Output: table (the default) or json.", show_default=False, metavar="FORMAT")]
FileArg = Annotated[Path, typer.Argument(help="A notes file ('-' for standard input): .txt (whole article, notes list, or one citation per line), Word .docx, Markdown .md or LaTeX .tex.", show_default=False, metavar="FILE")]
FilesArg = Annotated[list[Path], typer.Argument(help="One or more notes files ('-' for standard input).", show_default=False, metavar="FILE")]
EncodingOpt = Annotated[str | None, typer.Option("--encoding", help="The file's encoding, when detection gets it wrong (e.g. cp1251).", metavar="ENCODING")]
InputFormatOpt = Annotated[str | None, typer.Option("--input-format", help="Read the file as docx, markdown, latex or text instead of guessing from its extension (.docx, .md, .tex; anything else, and standard input, is text).", show_default=False, metavar="FORMAT")]
MaxSizeOpt = Annotated[float, typer.Option("--max-size", help="Largest document to read, in MB.", metavar="MB")]
ArchivesOpt = Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged archives.json.", envvar="REFCLI_ARCHIVES", metavar="FILE")]


def output_json(json_: bool, fmt: str | None, input_format: str | None = None,
                table: str = "table") -> tuple[bool, str | None]:
    """(JSON wanted?, the input format) from --json, --format and --input-format. --format
    names the output; an input format given to it (the old spelling of parse, check, chains
    and ingest) still works, with a warning."""
    from ..errors import UsageError

    if fmt is None:
        return json_, input_format
    low = fmt.lower()
    if low in ("json", table):
        return json_ or low == "json", input_format
    if input_format is None and low in (*INPUT_FORMATS, *_INPUT_ALIASES):
        from . import render

        render.warn(f"--format {fmt} names the output now; read the input with --input-format {fmt}")
        return json_, low
    raise UsageError(f"unknown output format {fmt!r}; use {table} or json "
                     "(--input-format chooses how the input is read)")


# reading a document, typer-free (refcli.cli.fast runs the plain check and parse without typer)
from .documents import is_stdin, load, load_registry, read_document, stdin_bytes  # noqa: E402, F401


@app.command()
@reports_errors
def parse(
    file: FileArg,
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    archives: ArchivesOpt = None,
) -> None:
    """Parse a document's notes into structured citations.

    Examples:

    \b
      refcli parse refs/selivanov-2012-notes.txt
      refcli parse refs/chicago-notes.md --json
      cat refs/gost-cyrillic-notes.txt | refcli parse -
    """
    from .check_cmd import run_parse

    as_json, input_format = output_json(json_, format_, input_format)
    run_parse(file, as_json, input_format, encoding, max_size, archives)


@app.command("archives")
@reports_errors
def archives_cmd(
    word: Annotated[str | None, typer.Argument(help="An acronym, alias, former name or word of a name.", metavar="WORD")] = None,
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    archives: ArchivesOpt = None,
) -> None:
    """List the archive registry, or show the archives a word names (exit 1: none does).

    Examples:

    \b
      refcli archives
      refcli archives TsKhSD        # a former name finds RGANI
      refcli archives "foreign policy" --json
      refcli archives MFA           # an ambiguous alias: every archive it names, the usual first
    """
    from ..errors import NotFoundError
    from . import render

    as_json, _ = output_json(json_, format_)
    registry = load_registry(archives)
    # an alias names one archive, or several when the data says it is ambiguous ("MFA")
    found = registry.archives if word is None else registry.get_all(word) or registry.find(word)
    if not found:
        hint = registry.suggest(word or "")
        raise NotFoundError(f"no archive matches {word!r}" + (f"; did you mean {', '.join(hint)}?" if hint else ""))
    if as_json:
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


_COMPLETION_OPTIONS = ("--show-completion", "--install-completion")


def _completion_shell(argv: list[str]) -> None:
    """For --show-completion or --install-completion in ARGV: when the shell cannot be found
    among the process's parents (refcli run from a script, cron or an editor), the shell
    $SHELL names, as typer's shell detection (shellingham's ``detect_shell``) then answers."""
    shell = os.environ.get("SHELL", "")
    if not shell or not any(a in _COMPLETION_OPTIONS for a in argv):
        return
    import shellingham  # (typer's own dependency: how it looks for the shell)

    try:
        shellingham.detect_shell()
    except shellingham.ShellDetectionFailure:
        found = (Path(shell).name, shell)
        shellingham.detect_shell = lambda *_a, **_k: found


def main() -> None:
    """Console entry point."""
    try:
        try:
            _completion_shell(sys.argv[1:])
            app(prog_name="refcli")  # `python -m refcli` too: completion knows one name
        finally:  # what is still buffered meets a closed pipe here, not at interpreter exit
            sys.stdout.flush()
    except BrokenPipeError:  # `refcli parse x | head`
        closed_pipe()
    except KeyboardInterrupt:
        sys.stderr.write("refcli: interrupted\n")
        sys.exit(int(ExitStatus.INTERRUPTED))
