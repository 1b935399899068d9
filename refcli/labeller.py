"""The reference labeller: a linear-chain CRF (python-crfsuite) over a note's tokens.

``Labeller.label(seq)`` gives one label per token (``B-author``, ``title``, ``pages``, ``O``
...). The model ships in the package (``data/labeller.crfsuite``, with a JSON card beside it
saying what it was trained from); ``train`` builds one from labelled notes, reproducibly:
the same notes and parameters give the same model file.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .crf import DirectTagger, records
from .parsers.features import FeatureTable, note_features, table_features, table_records
from .parsers.sequence import OUTSIDE, NoteSequence
from .parsers.tokens import tokenize

MODEL_NAME = "labeller.crfsuite"
# L-BFGS with elastic-net regularisation; fixed so that training is reproducible. Run to near
# convergence: stopped at 300 iterations, the model depended on where training stopped, and a
# few changed training notes moved readings all over the development sets. With 54 works, 1,000
# iterations no longer came near it either (the loss still falling, and short clean
# references such as "Boudarel G. Title. Paris, 1991" read as commentary); 3,000 do
TRAIN_PARAMS = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 3000,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def packaged_model() -> Path:
    return Path(str(resources.files("refcli").joinpath(f"data/{MODEL_NAME}")))


@dataclass(frozen=True, slots=True)
class ModelCard:
    """What a model was trained from, kept beside it as JSON."""

    notes: int
    tokens: int
    works: int
    data_sha256: str
    model_sha256: str
    params: dict[str, object]

    def to_json(self) -> dict[str, object]:
        return {"notes": self.notes, "tokens": self.tokens, "works": self.works,
                "data_sha256": self.data_sha256, "model_sha256": self.model_sha256,
                "params": self.params}


def card_path(model: Path) -> Path:
    return model.with_suffix(".json")


class Labeller:
    """A trained model, ready to label notes."""

    def __init__(self, model: Path) -> None:
        import pycrfsuite

        self.path = model
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        try:
            card = json.loads(card_path(model).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            card = {}
        self.version = str(card.get("data_sha256", "unknown"))[:12]
        ids = model_attribute_ids(model.read_bytes())
        # CRFsuite's tagger called directly, each known feature as its attribute record
        # (refcli.crf), where python-crfsuite's module lets it and it tags as python-crfsuite
        # (two notes tagged both ways here; every corpus note in the tests)
        self._direct: DirectTagger | None = None
        direct = DirectTagger.load(model) if ids is not None else None
        if direct is not None and ids is not None \
                and all(direct.attribute_id(f) == i for f, i in list(ids.items())[::97]):
            table = FeatureTable(codes=records(ids))
            if all(direct.tag(table_records(toks, frozenset(), table))
                   == self._tagger.tag(note_features(toks, "", frozenset()))
                   for toks in map(tokenize, _SELF_CHECK)):
                self._direct, self._table = direct, table
                return
        # else the features the model knows, as bytes; all of them when the file cannot be
        # read that way (the tagger drops the others itself: the tags are the same either way)
        self._table = FeatureTable(frozenset(ids)) if ids is not None else None

    def label(self, seq: NoteSequence) -> list[str]:
        if not seq.tokens:
            return []
        if self._table is None:
            return self._tagger.tag(note_features(seq.tokens, seq.text, seq.archive_names))
        if self._direct is not None:
            return self._direct.tag(table_records(seq.tokens, seq.archive_names, self._table))
        return self._tagger.tag(table_features(seq.tokens, seq.archive_names, self._table))


# notes the direct tagger must tag as python-crfsuite does before it is used
_SELF_CHECK = (
    "Иванов И. И. Общество и реформы. М.: Наука, 1990. С. 5; GARF, f. 5446, op. 98, d. 704, l. 101.",
    "John Taubman, Khrushchev: The Man and His Era (New York: Norton, 2003), 245-47. Ibid., p. 12.",
)


def model_attributes(data: bytes) -> frozenset[str] | None:
    """Every attribute (feature string) a CRFsuite model file knows: the keys of the
    attribute dictionary (a CQDB chunk) of its ``lCRF``/``FOMC`` header, version 100. None
    when DATA is not such a file or anything in it does not add up."""
    ids = model_attribute_ids(data)
    return frozenset(ids) if ids is not None else None


def model_attribute_ids(data: bytes) -> dict[str, int] | None:
    """``model_attributes`` with each attribute's identifier (the one CRFsuite's tagger
    scores it by)."""
    try:
        magic, size, kind, version, _, _, n_attrs, _, _, off = struct.unpack_from("<4sI4sIIIIIII", data, 0)
        if magic != b"lCRF" or kind != b"FOMC" or version != 100 or size != len(data):
            return None
        chunk, _, _, byteorder, n_keys, bwd = struct.unpack_from("<4sIIIII", data, off)
        if chunk != b"CQDB" or byteorder != 0x62445371 or n_keys != n_attrs:
            return None
        seen: set[int] = set()
        out: dict[str, int] = {}
        for (record,) in struct.iter_unpack("<I", data[off + bwd : off + bwd + 4 * n_keys]):
            ident, key_size = struct.unpack_from("<iI", data, off + record)
            key = data[off + record + 8 : off + record + 8 + key_size]
            if not 0 <= ident < n_keys or ident in seen or key_size < 1 or key[-1:] != b"\0":
                return None
            seen.add(ident)
            out[key[:-1].decode("utf-8")] = ident
    except (struct.error, UnicodeDecodeError):
        return None
    return out if len(out) == n_attrs else None


def load_labeller(model: str | None = None) -> Labeller | None:
    """The labeller of MODEL (a path), else of $REFCLI_MODEL, else the packaged one; None when
    no model file exists (the parser then reads shelfmarks and back-references only)."""
    chosen = model or os.environ.get("REFCLI_MODEL")
    path = Path(chosen or packaged_model())
    if not path.is_file():
        if chosen:
            from .errors import InputError

            raise InputError(f"{chosen}: no such model file (named by REFCLI_MODEL)")
        return None
    return _labeller_at(str(path.resolve()), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _labeller_at(path: str, mtime: int) -> Labeller:
    return Labeller(Path(path))


def training_digest(pairs: Sequence[tuple[NoteSequence, Sequence[str]]]) -> str:
    """A digest of the training data (token texts, spacing and labels) in order."""
    h = hashlib.sha256()
    for seq, labels in pairs:
        for tok, lab in zip(seq.tokens, labels, strict=True):
            h.update(f"{tok.text}\x1f{tok.start}\x1f{lab}\x1e".encode())
        h.update(b"\x1d")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(pairs: Sequence[tuple[NoteSequence, Sequence[str]]], out: Path, works: int,
          params: dict[str, object] | None = None, progress: Iterable[None] | None = None) -> ModelCard:
    """Train a model on labelled notes and write it (and its card) to OUT."""
    import pycrfsuite

    params = dict(TRAIN_PARAMS if params is None else params)
    trainer = pycrfsuite.Trainer(verbose=False)
    tokens = 0
    for seq, labels in pairs:
        if not seq.tokens:
            continue
        trainer.append(note_features(seq.tokens, seq.text, seq.archive_names), list(labels))
        tokens += len(labels)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    trainer.train(str(tmp))
    os.replace(tmp, out)
    card = ModelCard(len(pairs), tokens, works, training_digest(pairs), file_digest(out), params)
    card_path(out).write_text(json.dumps(card.to_json(), indent=1) + "\n", encoding="utf-8")
    return card


def is_outside(label: str) -> bool:
    return label == OUTSIDE
