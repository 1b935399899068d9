"""Training the reference labeller from a corpus on disk (``refcli train``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .corpus import read_works
from .errors import InputError
from .labeller import ModelCard, train
from .parsers.training import labelled_note
from .registry import Registry


def training_pairs(paths: Iterable[Path], registry: Registry):
    """(sequence, labels) for every note of the corpus at PATHS, in file order, and the
    number of works."""
    pairs = []
    works = 0
    for work in read_works(paths):
        works += 1
        for note in work.notes:
            pairs.append(labelled_note(note["text"], note.get("citations", []), registry))
    return pairs, works


def build_model(paths: Iterable[Path], out: Path, registry: Registry) -> ModelCard:
    pairs, works = training_pairs(list(paths), registry)
    if not pairs:
        raise InputError("no labelled notes found in the corpus given")
    try:
        return train(pairs, out, works)
    except OSError as exc:
        raise InputError(f"{out}: cannot write the model ({exc.strerror or exc})") from None
