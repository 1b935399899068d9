"""Library commands: ingest, search, show, stats, documents, remove, import, rekey, and
``refcli library check|restore``.

Thin: each command calls one function of refcli.library and hands the result to
refcli.cli.render_library. Heavy imports (orjson, rapidfuzz, bibtexparser, rich) happen inside
the commands. Damaged records a command met are one warning line on stderr.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from refcli.cli.app import (
    MAX_SIZE_MB,
    ArchivesOpt,
    EncodingOpt,
    FilesArg,
    InputFormatOpt,
    MaxSizeOpt,
    OutputOpt,
    output_json,
)

F = TypeVar("F", bound=Callable[..., Any])


def os_errors(func: F) -> F:
    """An OS error that escaped the library (it maps its own) is still one line, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OSError as exc:
            from refcli.errors import LibraryError
            from refcli.library.files import cause

            where = exc.filename or "the library"
            raise LibraryError(f"{where}: {cause(exc)}") from None

    return wrapper  # type: ignore[return-value]

LibraryOpt = Annotated[
    Path | None,
    typer.Option("--library", help="The library file (default: $REFCLI_LIBRARY, else "
                 "the user data directory's refcli/library.json).", show_default=False,
                 metavar="FILE"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table (the same as --format json).")]


def ingest(
    files: FilesArg,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag the documents (repeatable).", metavar="TAG")] = None,
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    archives: ArchivesOpt = None,
    reparse: Annotated[bool, typer.Option("--reparse", help="Store unchanged files again (after a refcli upgrade parses them better); their sources keep their keys.")] = False,
) -> None:
    """Parse documents and store their notes, sources and citations in the library.

    Re-ingesting an unchanged file changes nothing; a changed file replaces its earlier
    version, and its sources keep their keys. Unreadable files are reported one line each;
    the others are still stored, and the exit code is 2.

    Examples:

    \b
      refcli ingest refs/selivanov-2012-notes.txt
      refcli ingest refs/*.txt refs/chicago-notes.md --tag samples
      cat refs/gost-cyrillic-notes.txt | refcli ingest - --json
    """
    from refcli import library as store
    from refcli.cli import render_library as view
    from refcli.cli.app import is_stdin, read_document, stdin_bytes
    from refcli.errors import ExitStatus, RefcliError
    from refcli.registry import Registry

    json_, input_format = output_json(json_, format_, input_format)
    registry = Registry.load(archives)
    items: list[store.IngestItem] = []
    failed: list[dict[str, str]] = []
    with view.progress("parsing notes") as step:  # grows by each file's notes
        for path in files:
            try:
                doc = read_document(path, registry, input_format, encoding, max_size, step)
                if is_stdin(path):
                    sha = store.file_sha256(stdin_bytes(int(max_size * 1_000_000)))
                    where = "stdin"
                else:
                    sha = store.file_sha256(Path(path).read_bytes())
                    where = str(Path(path).resolve())
            except RefcliError as exc:
                view.error(str(exc))
                failed.append({"path": str(path), "error": str(exc)})
            except OSError as exc:  # raced with a deletion between the two reads
                view.error(f"{path}: cannot read ({exc.strerror or exc})")
                failed.append({"path": str(path), "error": str(exc)})
            else:
                items.append(store.IngestItem(where, sha, doc, len(doc.findings)))
    with view.progress("storing"):
        report = store.ingest(items, library, tag or (), reparse)
    view.problems(report.problems)
    if json_:
        view.print_json({"schema": "refcli.ingest/1", "library": report.library,
                         "written": report.written,
                         "documents": [d.to_json() for d in report.documents],
                         "failed": failed, "summary": report.summary()})
    else:
        view.ingest_summary(report, len(failed))
    if failed:
        raise typer.Exit(int(ExitStatus.BAD_INPUT))


def search(
    query: Annotated[str, typer.Argument(help="Words, \"phrases\" and field:value terms.", show_default=False, metavar="QUERY")],
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N results.", metavar="N")] = 20,
    library: LibraryOpt = None,
    archives: ArchivesOpt = None,
) -> None:
    """Search the library's sources (archival units and works); exit 1 when none matches.

    Free words must all match (in the source's fields or the notes citing it); field terms:
    archive: fond: opis: delo: papka: author: title: year: (1950..1960) kind: doc: key:.
    Case, diacritics and script do not count: Mikoyan = Mikoian = Микоян.

    Examples:

    \b
      refcli search Mikoyan
      refcli search "archive:GARF fond:5446" --json
      refcli search 'author:Pantsov year:2000..2010 kind:book'
      refcli search '"Cold War"' --limit 5
    """
    from refcli.cli.search_cmd import run_search

    json_, _ = output_json(json_, format_)
    code = run_search(query, json_, limit, library, archives)
    if code:
        raise typer.Exit(code)


def search_matcher(lib, archives: Path | None):
    """The matcher of `refcli search` (:func:`refcli.cli.search_cmd.search_matcher`)."""
    from refcli.cli.search_cmd import search_matcher as matcher

    return matcher(lib, archives)


def show(
    key: Annotated[str, typer.Argument(help="A source key, as search prints it (e.g. garf-5446-98s-704).", show_default=False, metavar="KEY")],
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
    archives: ArchivesOpt = None,
) -> None:
    """Show one source: every leaf or page it is cited at, in which documents and notes.

    Examples:

    \b
      refcli show garf-5446-98s-704
      refcli show pantsov2007mao --json
    """
    from refcli.cli import render_library as view
    from refcli.library.store import Library
    from refcli.library.views import label, source_json
    from refcli.registry import Registry

    json_, _ = output_json(json_, format_)
    lib = Library.open(library)
    source = lib.source(key)
    data = source_json(source)
    view.problems(lib.take_problems())
    if source["kind"] == "archival" and source["record"].get("archive"):
        archive = Registry.load(archives).get(source["record"]["archive"])
        if archive:
            data["archive_name"] = archive.name_en
            if archive.name_ru:
                data["archive_name_ru"] = archive.name_ru
    if json_:
        view.print_json({"schema": "refcli.show/1", **data})
    else:
        view.show_source(data, label(source))


def stats(
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many most-cited sources to list.", metavar="N")] = 10,
) -> None:
    """Counts by kind, archive and decade, and the most-cited units and works.

    Examples:

    \b
      refcli stats
      refcli stats --json --top 20
    """
    from refcli.cli import render_library as view
    from refcli.library.store import Library
    from refcli.library.views import stats as library_stats

    json_, _ = output_json(json_, format_)
    lib = Library.open(library)
    data = library_stats(lib, top)
    view.problems(lib.take_problems())
    if json_:
        view.print_json(data)
    elif not lib.exists:
        view.empty_library(lib.path, False, {})
    else:
        view.stats_view(data)


def documents(json_: JsonOpt = False, format_: OutputOpt = None, library: LibraryOpt = None) -> None:
    """List the documents in the library: name, notes, citations, tags, when ingested.

    Examples:

    \b
      refcli documents
      refcli documents --json | jq '.documents[].name'
    """
    from refcli.cli import render_library as view
    from refcli.library.store import Library
    from refcli.library.views import documents_json

    json_, _ = output_json(json_, format_)
    lib = Library.open(library)
    data = documents_json(lib)
    view.problems(lib.take_problems())
    if json_:
        view.print_json(data)
    elif not lib.exists:
        view.empty_library(lib.path, False, {})
    else:
        view.documents_table(data["documents"])


def remove(
    document: Annotated[str, typer.Argument(help="The document's name (as `refcli documents` lists it) or path.", show_default=False, metavar="DOCUMENT")],
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
) -> None:
    """Remove a document with its notes and citations; sources no longer cited go too
    (sources imported from BibTeX stay).

    Examples:

    \b
      refcli remove wilson-rgani-1957.txt
      refcli remove refs/chicago-notes.md
    """
    from refcli.cli import render_library as view
    from refcli.library import remove_document

    json_, _ = output_json(json_, format_)
    report = remove_document(document, library)
    view.problems(report.problems)
    if json_:
        view.print_json(report.to_json())
    else:
        view.removed(report)


def import_bib(
    file: Annotated[Path, typer.Argument(help="A BibTeX or biblatex file ('-' for standard input).", show_default=False, metavar="FILE")],
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
) -> None:
    """Import BibTeX/biblatex entries as library sources, keeping their keys.

    refcli's own fields archive, fond, opis, papka, karton, delo rebuild archival units (as
    `refcli export` writes them); fields refcli has no place for (doi, isbn, venue ...) are
    kept as written. An entry of a work already in the library joins it. Entries that cannot
    be parsed are warnings (the first 20, then one summary line); a field over 64 KB is left
    out with a warning; a file none of whose entries can be read is exit 2.

    Examples:

    \b
      refcli import refs/sample.bib
      cat refs/sample.bib | refcli import - --json
    """
    from refcli.cli import render_library as view
    from refcli.cli.app import is_stdin, stdin_bytes
    from refcli.importers.bibtex import read_bibtex, read_bibtex_data, summary_error
    from refcli.library import import_records

    json_, _ = output_json(json_, format_)
    max_bytes = int(max_size * 1_000_000)
    with view.progress("reading BibTeX"):
        if is_stdin(file):
            result = read_bibtex_data(stdin_bytes(max_bytes, "BibTeX entries"), "-", "stdin")
        else:
            result = read_bibtex(file, max_bytes)
    for warning in result.warnings:
        view.warn(warning)
    failure = summary_error(file, result)
    if failure is not None:
        raise failure
    with view.progress("importing"):
        report = import_records(result.records, library, "stdin" if is_stdin(file) else file.name)
    if json_:
        data = report.to_json()
        data["warnings"] = result.warnings
        view.print_json(data)
    else:
        view.imported(report, len(result.warnings))


def rekey(
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the new keys without changing anything.")] = False,
    imported: Annotated[bool, typer.Option("--imported", help="Recompute the keys of sources imported from BibTeX too (kept by default: they are your own).")] = False,
) -> None:
    """Recompute every source's key from its record (author, year, first title word).

    Keys are assigned once, when a source enters the library, and never change by
    themselves; this command recomputes them (e.g. after a better parse). Your documents'
    \\cite keys change with them: use --dry-run first.

    Examples:

    \b
      refcli rekey --dry-run
      refcli rekey --json
    """
    from refcli.cli import render_library as view
    from refcli.library import rekey as do_rekey

    json_, _ = output_json(json_, format_)
    report = do_rekey(library, imported, dry_run)
    if json_:
        view.print_json(report.to_json())
    else:
        view.rekeyed(report, dry_run)


def check_library(
    json_: JsonOpt = False,
    format_: OutputOpt = None,
    library: LibraryOpt = None,
) -> None:
    """Verify every file of the library and rebuild its search index.

    Reports damaged records (which commands skip), documents whose files are missing, and
    removes what an interrupted write left behind. Exit 1 when something is damaged.

    Examples:

    \b
      refcli library check
      refcli library check --json
    """
    from refcli.cli import render_library as view
    from refcli.errors import ExitStatus
    from refcli.library import check

    json_, _ = output_json(json_, format_)
    report = check(library)
    if json_:
        view.print_json(report.to_json())
    else:
        view.checked(report)
    if not report.ok:
        raise typer.Exit(int(ExitStatus.FAILURE))


def restore_library(
    library: LibraryOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Restore even when the catalogue is readable (undoes the last change).")] = False,
) -> None:
    """Put back the last good catalogue (library.json.bak) over a damaged one.

    The damaged catalogue is kept beside it (library.json.damaged-TIME), never overwritten.

    Examples:

    \b
      refcli library restore
    """
    from refcli.cli import render_library as view
    from refcli.library import restore

    kept = restore(library, force)
    view.restored(kept)


def upgrade_library(library: LibraryOpt = None) -> None:
    """Convert a library written by an earlier refcli (refcli.library/1, one file) into the
    current layout; keys stay, the old file is kept as library.json.v1. A library already in
    the current layout is left alone (exit 2).

    Examples:

    \b
      refcli library upgrade
    """
    from refcli.cli import render_library as view
    from refcli.library.update import upgrade

    documents, sources, kept = upgrade(library)
    view.upgraded(documents, sources, kept)


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    def command(func: Callable[..., Any]) -> Callable[..., Any]:
        return reports_errors(os_errors(func))

    app.command("ingest")(command(ingest))
    app.command("search")(command(search))
    app.command("show")(command(show))
    app.command("stats")(command(stats))
    app.command("documents")(command(documents))
    app.command("remove")(command(remove))
    app.command("import")(command(import_bib))
    app.command("rekey")(command(rekey))
    group = typer.Typer(name="library", help="Look after the library's files: check, restore, upgrade.",
                        no_args_is_help=True, add_completion=False, rich_markup_mode=None)
    group.command("check")(command(check_library))
    group.command("restore")(command(restore_library))
    group.command("upgrade")(command(upgrade_library))
    app.add_typer(group, name="library")
