"""Training the reference labeller from a corpus on disk (``refcli train``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .corpus import read_works
from .errors import InputError
from .labeller import ModelCard, train
from .parsers.augment import latin_variant
from .parsers.training import labelled_note
from .registry import Registry


def training_pairs(paths: Iterable[Path], registry: Registry, augment: bool = True):
    """(sequence, labels) for every note of the corpus at PATHS, in file order, and the
    number of works. With AUGMENT, each note in Cyrillic also gives its Latin variant
    (parsers/augment.py)."""
    pairs = []
    works = 0
    for work in read_works(paths):
        works += 1
        for note in work.notes:
            citations = note.get("citations", [])
            pairs.append(labelled_note(note["text"], citations, registry))
            variant = latin_variant(note["text"], citations) if augment else None
            if variant is not None:
                pairs.append(labelled_note(*variant, registry))
    return pairs, works


def build_model(paths: Iterable[Path], out: Path, registry: Registry, augment: bool = True) -> ModelCard:
    pairs, works = training_pairs(list(paths), registry, augment)
    if not pairs:
        raise InputError("no labelled notes found in the corpus given")
    try:
        return train(pairs, out, works)
    except OSError as exc:
        raise InputError(f"{out}: cannot write the model ({exc.strerror or exc})") from None
