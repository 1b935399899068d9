"""``refcli chains`` and ``refcli check``: back-reference chains and the integrity report."""

from __future__ import annotations

from typing import Annotated

import typer

from refcli.cli.app import (
    MAX_SIZE_MB,
    ArchivesOpt,
    EncodingOpt,
    FileArg,
    FilesArg,
    InputFormatOpt,
    MaxSizeOpt,
    OutputOpt,
)


def chains(
    file: FileArg,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON (schema refcli.chains/1) instead of trees (the same as --format json).")] = False,
    format_: OutputOpt = None,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    archives: ArchivesOpt = None,
) -> None:
    """Show back-references (Ibid., op. cit.) under the full citations they stand for.

    Each back-reference is followed to its root citation and shown with its own locator and
    status (resolved, ambiguous, unresolved); broken ones are listed after the chains.

    Examples:

    \b
      refcli chains refs/selivanov-2012-notes.txt
      refcli chains refs/gost-cyrillic-notes.txt --json
    """
    from refcli.cli import render, render_integrity
    from refcli.cli.app import load, output_json
    from refcli.resolver import build_chains

    as_json, input_format = output_json(json_, format_, input_format)
    doc = load(file, archives, input_format, encoding, max_size)
    found = build_chains(doc)
    if as_json:
        render.print_json({"schema": "refcli.chains/1", "source": doc.source,
                           "chains": [c.to_json() for c in found]})
    else:
        render_integrity.chains_tree(doc, found)


def check(
    files: FilesArg,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON (schema refcli.check/1) instead of the report (the same as --format json).")] = False,
    format_: OutputOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")] = False,
    input_format: InputFormatOpt = None,
    encoding: EncodingOpt = None,
    max_size: MaxSizeOpt = MAX_SIZE_MB,
    archives: ArchivesOpt = None,
) -> None:
    """Check the footnote apparatus like a linter: chains, numbering, shelfmarks, markers.

    Reports unresolved or ambiguous Ibid./op. cit., numbering gaps, duplicates and order,
    displaced note numbers, one archival unit written two ways (f. 5446 / f. R-5446),
    shelfmark typos, incomplete shelfmarks, unknown archives (with a "did you mean"),
    archival citations without a leaf, reversed ranges and notes without a marker in the text.

    Exit code: 0 when nothing reaches the failing severity (error; with --strict, warning),
    1 when something does, 2 for bad usage or an unreadable file. Usable in a manuscript's CI.

    Examples:

    \b
      refcli check refs/selivanov-2012-notes.txt
      refcli check refs/gost-cyrillic-notes.txt refs/chicago-notes.md --strict
      refcli check refs/selivanov-2012-notes.txt --json
    """
    from refcli.cli.app import output_json
    from refcli.cli.check_cmd import run_check

    as_json, input_format = output_json(json_, format_, input_format)
    code = run_check(files, as_json, strict, input_format, encoding, max_size, archives)
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    # the first sentence holds "op. cit.", where click would end the one-line summary
    app.command("chains", short_help="Show each back-reference chain under the citation it "
                "stands for.")(reports_errors(chains))
    app.command("check")(reports_errors(check))
