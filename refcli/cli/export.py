"""``refcli export``: BibTeX, biblatex or CSL-JSON from notes files or the library.

Thin: read the sources (``--from FILE`` through the pipeline, else the library), hand them to
``refcli.exporters.export`` and write the text. Heavy imports happen inside the command.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from refcli.cli.app import MAX_SIZE_MB, ArchivesOpt, EncodingOpt, InputFormatOpt, MaxSizeOpt

FORMAT_CHOICES = ("biblatex", "bibtex", "csl-json", "ris")


def export(
    query: Annotated[str | None, typer.Argument(help="A library search query selecting what to export (default: everything).", show_default=False, metavar="QUERY")] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help="biblatex (UTF-8, for biber), bibtex (classic, ASCII), csl-json (Zotero, Pandoc) or ris (any reference manager).", metavar="FORMAT")] = "biblatex",
    output: Annotated[str, typer.Option("--output", "-o", help="Write to this file ('-' for stdout, the default).", metavar="FILE")] = "-",
    from_: Annotated[list[Path] | None, typer.Option("--from", help="Export the sources cited in this notes file ('-' for standard input) instead of the library (repeatable).", show_default=False, metavar="FILE")] = None,
    per_leaf: Annotated[bool, typer.Option("--per-leaf", help="One entry per cited leaf range of an archival unit (garf-5446-98s-704-l101) instead of one per unit.")] = False,
    library: Annotated[str | None, typer.Option("--library", help="The library file (default: $REFCLI_LIBRARY, else the user data directory's refcli/library.json).", show_default=False, metavar="FILE")] = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    archives: ArchivesOpt = None,
    datamodel: Annotated[bool, typer.Option("--datamodel", help="Write refcli.dbx, the biblatex data model of refcli's fields (load it with \\usepackage[datamodel=refcli]{biblatex}), instead of sources.")] = False,
    biber_config: Annotated[bool, typer.Option("--biber-config", help="Write the same data model as a biber configuration, for biber --tool --configfile FILE --validate-datamodel.")] = False,
    csl_style: Annotated[bool, typer.Option("--csl-style", help="Write refcli's CSL style (Chicago notes, archival units as GARF, f. R-5446, op. 98s, d. 704, l. 101) for Pandoc, Zotero or citeproc, instead of sources.")] = False,
) -> None:
    """Export sources as biblatex, classic BibTeX, CSL-JSON or RIS.

    One archival unit is one entry (GARF, f. R-5446, op. 98s, d. 704 → key garf-5446-98s-704);
    the leaves go to the citation, e.g. \\footcite[l.~101]{garf-5446-98s-704}.

    Examples:

    \b
      refcli export --from refs/selivanov-2012-notes.txt -o refs.bib
      refcli export --from refs/chicago-notes.md --format csl-json -o refs.json
      refcli export --from refs/gost-cyrillic-notes.txt --format bibtex --per-leaf
      refcli export "archive:GARF" -o garf.bib
      refcli export --datamodel -o refcli.dbx
      refcli export --csl-style -o refcli-chicago-notes.csl
    """
    from refcli.errors import UsageError

    if datamodel + biber_config + csl_style > 1:
        raise UsageError("give one of --datamodel, --biber-config, --csl-style")
    if datamodel or biber_config or csl_style:
        _write_datamodel(output, "biber" if biber_config else "csl" if csl_style else "dbx")
        return
    if format_ not in FORMAT_CHOICES:
        raise UsageError(f"unknown format {format_!r}; use one of: {', '.join(FORMAT_CHOICES)}")
    registry = _registry(archives)
    if from_:
        if query:
            raise UsageError("give either a QUERY (library) or --from FILE, not both")
        sources = _sources_from_files(from_, registry, input_format, encoding, max_size)
        origin = ", ".join(str(p) for p in from_)
    else:
        sources, origin = _sources_from_library(library, query, archives)
    if not sources:
        from refcli.errors import NotFoundError

        raise NotFoundError(f"nothing to export: no citations in {origin}")
    text, entries = _render(sources, format_, registry, per_leaf)
    if output == "-":
        typer.echo(for_stdout(text), nl=False)
        return
    _write_atomic(Path(output), text)
    from refcli.cli import render_export

    render_export.done(len(sources), entries, format_, output)


def for_stdout(text: str) -> str:
    """Exported text for stdout: byte for byte into a pipe or a file, but on a terminal,
    where a person reads it, with control characters from the documents shown, not obeyed."""
    import sys

    if sys.stdout.isatty():
        from refcli.cli.render import clean

        return clean(text)
    return text


def _write_datamodel(output: str, what: str) -> None:
    """Write refcli.dbx (WHAT = ``dbx``), its biber configuration (``biber``) or refcli's CSL
    style (``csl``)."""
    from refcli.exporters import csl_style, datamodel

    text = {"biber": datamodel.biber_config, "csl": csl_style.csl_style_text,
            "dbx": datamodel.dbx_text}[what]()
    if output == "-":
        typer.echo(text, nl=False)
        return
    _write_atomic(Path(output), text)
    from refcli.cli import render_export

    render_export.wrote({"biber": "biber configuration", "csl": "CSL style",
                         "dbx": "biblatex data model"}[what], output)


def _registry(archives: Path | None):
    from refcli.registry import Registry

    return Registry.load(archives)


def _sources_from_files(paths: list[Path], registry, input_format: str | None,
                        encoding: str | None, max_size: float):
    from refcli.cli import render_export
    from refcli.cli.app import read_document
    from refcli.library.sources import collect_sources

    documents = []
    with render_export.progress("reading notes") as step:  # grows by each file's notes
        for path in paths:
            documents.append(read_document(path, registry, input_format, encoding, max_size,
                                           step))
    return collect_sources(documents)


def _sources_from_library(library: str | None, query: str | None, archives: Path | None):
    """The library's sources (those QUERY selects), with their occurrences."""
    from refcli.errors import NotFoundError, UsageError
    from refcli.library import Library

    lib = Library.open(library)
    if not lib.exists:
        raise NotFoundError(f"the library {lib.path} is empty; "
                            "run `refcli ingest FILE` first or export with --from FILE")
    rows = None
    if query:  # the sources `refcli search QUERY` finds
        from refcli.library import search

        q = search.parse_query(query)
        if q.problems:
            raise UsageError(q.problems[0])
        from refcli.cli.library import search_matcher

        outcome = search.run(lib.source_rows, q, search_matcher(lib, archives))
        rows = [hit.row for hit in outcome.hits]
        if not rows:
            raise NotFoundError(f"no source in the library matches {query!r}")
    sources = list(lib.iter_sources(rows))
    return sources, str(lib.path)


def _render(sources, fmt: str, registry, per_leaf: bool) -> tuple[str, int]:
    """The exported text and the number of entries in it (one per leaf range with --per-leaf)."""
    from refcli.cli import render_export
    from refcli.exporters import export as export_sources
    from refcli.exporters.common import count_items

    with render_export.progress(f"exporting {fmt}", len(sources)) as step:
        done = [0]

        def report(i: int, total: int) -> None:
            step(i - done[0])
            done[0] = i

        text = export_sources(sources, fmt, registry, per_leaf, report)
    return text, count_items(sources, per_leaf)


def _write_atomic(path: Path, text: str | bytes) -> None:
    """Write TEXT to PATH through a temporary file in the same directory. The file keeps the
    permissions it had; a new file gets the usual ones (0666 less the umask), not mkstemp's 0600."""
    from refcli.errors import InputError

    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: directory {directory} does not exist")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    app.command("export")(reports_errors(export))
