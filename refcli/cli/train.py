"""`refcli train`: build a reference labeller from labelled notes (the corpus format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from refcli.cli.app import ArchivesOpt, OutputOpt


def train(
    corpus: Annotated[list[Path], typer.Argument(help="Corpus files (.jsonl) or folders of them.", show_default=False, metavar="CORPUS...")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the model (a JSON card is written beside it).", metavar="FILE")],
    json_: Annotated[bool, typer.Option("--json", help="Print the model card as JSON.")] = False,
    augment: Annotated[bool, typer.Option("--augment/--no-augment", help="Also train on a Latin-letter variant of every Cyrillic note (transliterated, sometimes with its abbreviations translated).")] = True,
    format_: OutputOpt = None,
    archives: ArchivesOpt = None,
) -> None:
    """Train the reference labeller on labelled notes and write the model.

    The corpus is one JSON-lines file per work (see corpus/README.md): a header line, then
    each note with its citations. Use the model with REFCLI_MODEL=MODEL for any command.

    Examples:

    \b
      refcli train corpus/train/frus_1955_57_v27_uk.jsonl -o labeller.crfsuite
      REFCLI_MODEL=labeller.crfsuite refcli parse refs/chicago-notes.md
    """
    from refcli.cli import render
    from refcli.cli.app import load_registry, output_json
    from refcli.training import build_model

    json_, _ = output_json(json_, format_)
    with render.progress("training the labeller"):
        card = build_model(corpus, output, load_registry(archives), augment)
    if json_:
        render.print_json({"schema": "refcli.train/1", "model": str(output), **card.to_json()})
    else:
        render.summary(render.stdout_console(), f"trained on {card.notes:,} notes ({card.tokens:,} tokens, Latin variants included) from {card.works} works; "
                    f"model written to {output}")


def register(app: typer.Typer) -> None:
    from refcli.cli.app import reports_errors

    app.command("train")(reports_errors(train))
