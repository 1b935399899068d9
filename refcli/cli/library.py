"""Library commands: ingest, search, show, stats, documents, remove, import.

Thin: each command calls one function of refcli.store / refcli.search and hands the result to
refcli.render_library. Heavy imports (tinydb, orjson, rapidfuzz, bibtexparser, rich) happen
inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

LibraryOpt = Annotated[
    Path | None,
    typer.Option("--library", help="The library file (default: $REFCLI_LIBRARY, else "
                 "the user data directory's refcli/library.json).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead of a table.")]


def ingest(
    files: Annotated[list[Path], typer.Argument(help="Notes files to parse and store.", show_default=False)],
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag the documents (repeatable).")] = None,
    json_: JsonOpt = False,
    library: LibraryOpt = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="The files' encoding, when detection gets it wrong.")] = None,
    format_: Annotated[str | None, typer.Option("--format", help="Read the files as this format instead of guessing from the extension.")] = None,
    max_size: Annotated[float, typer.Option("--max-size", help="Largest document to read, in MB.")] = 64.0,
    archives: Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged one.", envvar="REFCLI_ARCHIVES")] = None,
) -> None:
    """Parse documents and store their notes, sources and citations in the library.

    Re-ingesting an unchanged file changes nothing; a changed file replaces its earlier
    version. Unreadable files are reported one line each; the others are still stored, and
    the exit code is 2.

    Examples:

      refcli ingest article.txt

      refcli ingest chapters/*.md --tag book-2027

      refcli ingest notes.txt --library ~/research/library.json --json
    """
    from refcli import store
    from refcli.cli import render_library as view
    from refcli.errors import ExitStatus, RefcliError
    from refcli.pipeline import load_document
    from refcli.registry import Registry

    registry = Registry.load(archives)
    items: list[store.IngestItem] = []
    failed: list[dict[str, str]] = []
    with view.progress(len(files), "parsing") as advance:
        for path in files:
            try:
                doc = load_document(path, registry, format_, encoding, int(max_size * 1_000_000))
                sha = store.file_sha256(Path(path).read_bytes())
            except RefcliError as exc:
                view.error(str(exc))
                failed.append({"path": str(path), "error": str(exc)})
            except OSError as exc:  # raced with a deletion between the two reads
                view.error(f"{path}: cannot read ({exc.strerror or exc})")
                failed.append({"path": str(path), "error": str(exc)})
            else:
                items.append(store.IngestItem(str(Path(path).resolve()), sha, doc,
                                              len(doc.findings)))
            advance()
    report = store.ingest(items, library, tag or ())
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
    query: Annotated[str, typer.Argument(help="Words, \"phrases\" and field:value terms.", show_default=False)],
    json_: JsonOpt = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N results.")] = 20,
    library: LibraryOpt = None,
    archives: Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged one.", envvar="REFCLI_ARCHIVES")] = None,
) -> None:
    """Search the library's sources (archival units and works).

    Free words must all match (in the source's fields or the notes citing it); field terms:
    archive: fond: opis: delo: papka: author: title: year: (1950..1960) kind: doc: key:.
    Case, diacritics and script do not count: Mikoyan = Mikoian = Микоян.

    Examples:

      refcli search Mikoyan

      refcli search "archive:GARF fond:5446" --json

      refcli search 'author:Pantsov year:2000..2010 kind:book'

      refcli search '"cult of personality"'
    """
    from refcli import search as s
    from refcli import store
    from refcli.cli import render_library as view
    from refcli.errors import UsageError

    q = s.parse_query(query)
    if q.problems:
        raise UsageError(q.problems[0])
    if not q.terms:
        raise UsageError("empty query; give a word or a field:value term, e.g. archive:GARF")
    lib = store.Library.open(library)
    if not lib.exists:
        view.empty_library(lib.path, json_, {"schema": "refcli.search/1", "query": query,
                                             "total": 0, "results": []})
        return
    outcome = s.run(lib.source_rows, q, search_matcher(lib, archives), limit)
    if json_:
        data = {"schema": "refcli.search/1", "query": query, "total": outcome.total,
                "results": [store.source_json(h.source) for h in outcome.hits]}
        if outcome.corrections:
            data["fuzzy"] = outcome.corrections
        view.print_json(data)
    else:
        view.search_table(outcome)


def search_matcher(lib, archives: Path | None):
    """The matcher of `refcli search`; `refcli export QUERY` uses it to select the same sources."""
    from refcli import search as s
    from refcli.registry import Registry

    registry: list[Registry] = []

    def canon(text: str) -> str | None:
        if not registry:
            registry.append(Registry.load(archives))
        found = registry[0].get(text)
        return found.acronym if found else None

    lookups: list = []

    def note_text(document: str, n: int) -> str | None:
        if not lookups:
            lookups.append(lib.note_lookup())
        return lookups[0](document, n)

    return s.Matcher(canon, note_text)


def show(
    key: Annotated[str, typer.Argument(help="A source key, as search prints it (e.g. garf-5446-98s-704).", show_default=False)],
    json_: JsonOpt = False,
    library: LibraryOpt = None,
    archives: Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged one.", envvar="REFCLI_ARCHIVES")] = None,
) -> None:
    """Show one source: every leaf or page it is cited at, in which documents and notes.

    Examples:

      refcli show garf-5446-98s-704

      refcli show pantsov2007mao --json
    """
    from refcli import store
    from refcli.cli import render_library as view
    from refcli.registry import Registry

    lib = store.Library.open(library)
    source = lib.source(key)
    data = store.source_json(source)
    if source["kind"] == "archival" and source["record"].get("archive"):
        archive = Registry.load(archives).get(source["record"]["archive"])
        if archive:
            data["archive_name"] = archive.name_en
            if archive.name_ru:
                data["archive_name_ru"] = archive.name_ru
    if json_:
        view.print_json({"schema": "refcli.show/1", **data})
    else:
        view.show_source(data, store.label(source))


def stats(json_: JsonOpt = False, library: LibraryOpt = None,
          top: Annotated[int, typer.Option("--top", min=1, help="How many most-cited sources to list.")] = 10) -> None:
    """Counts by kind, archive and decade, and the most-cited units and works.

    Examples:

      refcli stats

      refcli stats --json --top 20
    """
    from refcli import store
    from refcli.cli import render_library as view

    lib = store.Library.open(library)
    data = store.stats(lib, top)
    if json_:
        view.print_json(data)
    elif not lib.exists:
        view.empty_library(lib.path, False, {})
    else:
        view.stats_view(data)


def documents(json_: JsonOpt = False, library: LibraryOpt = None) -> None:
    """List the documents in the library: name, notes, citations, tags, when ingested.

    Examples:

      refcli documents

      refcli documents --json | jq '.documents[].name'
    """
    from refcli import store
    from refcli.cli import render_library as view

    lib = store.Library.open(library)
    data = store.documents_json(lib)
    if json_:
        view.print_json(data)
    elif not lib.exists:
        view.empty_library(lib.path, False, {})
    else:
        view.documents_table(data["documents"])


def remove(
    document: Annotated[str, typer.Argument(help="The document's name (as `refcli documents` lists it) or path.", show_default=False)],
    json_: JsonOpt = False,
    library: LibraryOpt = None,
) -> None:
    """Remove a document with its notes and citations; sources no longer cited go too
    (sources imported from BibTeX stay).

    Examples:

      refcli remove article.txt

      refcli remove ~/drafts/chapter-3.md
    """
    from refcli import store
    from refcli.cli import render_library as view

    report = store.remove_document(document, library)
    if json_:
        view.print_json(report.to_json())
    else:
        view.removed(report)


def import_bib(
    file: Annotated[Path, typer.Argument(help="A BibTeX or biblatex file.", show_default=False)],
    json_: JsonOpt = False,
    library: LibraryOpt = None,
) -> None:
    """Import BibTeX/biblatex entries as library sources, keeping their keys.

    refcli's own fields archive, fond, opis, papka, karton, delo rebuild archival units (as
    `refcli export` writes them). Entries that cannot be parsed are reported as warnings.

    Examples:

      refcli import references.bib

      refcli import zotero-export.bib --json
    """
    from refcli import store
    from refcli.cli import render_library as view
    from refcli.importers.bibtex import read_bibtex

    result = read_bibtex(file)
    for warning in result.warnings:
        view.warn(warning)
    report = store.import_records(result.records, library)
    if json_:
        data = report.to_json()
        data["warnings"] = result.warnings
        view.print_json(data)
    else:
        view.imported(report, len(result.warnings))


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    app.command("ingest")(reports_errors(ingest))
    app.command("search")(reports_errors(search))
    app.command("show")(reports_errors(show))
    app.command("stats")(reports_errors(stats))
    app.command("documents")(reports_errors(documents))
    app.command("remove")(reports_errors(remove))
    app.command("import")(reports_errors(import_bib))
