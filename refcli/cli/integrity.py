"""``refcli chains`` and ``refcli check``: back-reference chains and the integrity report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def chains(
    file: Annotated[Path, typer.Argument(help="A notes file (.txt: whole article, notes list, or one citation per line).", show_default=False)],
    json_: Annotated[bool, typer.Option("--json", help="Print JSON (schema refcli.chains/1) instead of trees.")] = False,
    encoding: Annotated[str | None, typer.Option("--encoding", help="The file's encoding, when detection gets it wrong (e.g. cp1251).")] = None,
    format_: Annotated[str | None, typer.Option("--format", help="Read the file as this format instead of guessing from its extension.")] = None,
    max_size: Annotated[float, typer.Option("--max-size", help="Largest document to read, in MB.")] = 20.0,
    archives: Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged archives.json.", envvar="REFCLI_ARCHIVES")] = None,
) -> None:
    """Show each back-reference chain under the full citation it stands for.

    Every Ibid. and op. cit. is shown under the full citation it stands for.

    Each back-reference is followed to its root citation and shown with its own locator and
    status (resolved, ambiguous, unresolved); broken ones are listed after the chains.

    Examples:

      refcli chains article.txt

      refcli chains article.txt --json | jq '.chains[] | select(.status != "resolved")'
    """
    from refcli.cli import render, render_integrity
    from refcli.cli.app import load
    from refcli.resolver import build_chains

    doc = load(file, archives, format_, encoding, max_size)
    found = build_chains(doc)
    if json_:
        render.print_json({"schema": "refcli.chains/1", "source": doc.source,
                           "chains": [c.to_json() for c in found]})
    else:
        render_integrity.chains_tree(doc, found)


def check(
    files: Annotated[list[Path], typer.Argument(help="One or more notes files.", show_default=False)],
    json_: Annotated[bool, typer.Option("--json", help="Print JSON (schema refcli.check/1) instead of the report.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")] = False,
    encoding: Annotated[str | None, typer.Option("--encoding", help="The files' encoding, when detection gets it wrong (e.g. cp1251).")] = None,
    format_: Annotated[str | None, typer.Option("--format", help="Read the files as this format instead of guessing from their extensions.")] = None,
    max_size: Annotated[float, typer.Option("--max-size", help="Largest document to read, in MB.")] = 20.0,
    archives: Annotated[Path | None, typer.Option("--archives", help="An archive registry to use instead of the packaged archives.json.", envvar="REFCLI_ARCHIVES")] = None,
) -> None:
    """Check the footnote apparatus like a linter: chains, numbering, shelfmarks, markers.

    Reports unresolved or ambiguous Ibid./op. cit., numbering gaps, duplicates and order,
    displaced note numbers, one archival unit written two ways (f. 5446 / f. R-5446),
    shelfmark typos, incomplete shelfmarks, unknown archives (with a "did you mean"),
    archival citations without a leaf, reversed ranges and notes without a marker in the text.

    Exit code: 0 when nothing reaches the failing severity (error; with --strict, warning),
    1 when something does, 2 for bad usage or an unreadable file. Usable in a manuscript's CI.

    Examples:

      refcli check article.txt

      refcli check chapter1.txt chapter2.txt --strict

      refcli check article.txt --json | jq '.files[].findings[] | select(.severity == "error")'
    """
    from refcli.checks import fails, report, summarize
    from refcli.cli import render, render_integrity
    from refcli.cli.app import load, load_registry
    from refcli.errors import ExitStatus

    registry = load_registry(archives)
    reports, texts = [], []
    for path in files:
        doc = load(path, archives, format_, encoding, max_size)
        reports.append(report(doc, registry))
        texts.append({(note.section, note.n): note.text for note in doc.notes})
    if json_:
        render.print_json({"schema": "refcli.check/1",
                           "files": [r.to_json() for r in reports],
                           "summary": summarize(reports)})
    else:
        render_integrity.check_report(reports, texts)
    if fails(reports, strict):
        raise typer.Exit(int(ExitStatus.FAILURE))


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    app.command("chains")(reports_errors(chains))
    app.command("check")(reports_errors(check))
