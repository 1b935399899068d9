"""CRFsuite's tagger called through its C interface, without python-crfsuite's conversion.

python-crfsuite's ``Tagger.tag`` takes a note's features as strings: it copies each into a
C++ string, then into an attribute, a vector and a second vector, and CRFsuite looks each
string up in the model's attribute dictionary (a hash) before it scores the tokens. Here
every feature the model knows is looked up once, when the model is loaded, and kept as the
16 bytes of its CRFsuite attribute (id, value 1.0); a note's tokens are handed to CRFsuite's
own ``set`` and ``viterbi`` (the functions python-crfsuite calls) as one buffer of those
records. The scores are summed in the same order, from the same weights: the same tags.

The C functions are the ones python-crfsuite's extension module exports (CRFsuite's C API,
``crfsuite.h``); ``DirectTagger.load`` returns None where they are not found, or where the
tags of a test sequence differ from python-crfsuite's, and the labeller then tags through
python-crfsuite as before.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Sequence
from pathlib import Path

_P = ctypes.c_void_p
_INT = ctypes.c_int


class _Model(ctypes.Structure):  # crfsuite_model_t
    _fields_ = [("internal", _P), ("nref", _INT),
                ("addref", _P), ("release", _P),
                ("get_tagger", ctypes.CFUNCTYPE(_INT, _P, ctypes.POINTER(_P))),
                ("get_labels", ctypes.CFUNCTYPE(_INT, _P, ctypes.POINTER(_P))),
                ("get_attrs", ctypes.CFUNCTYPE(_INT, _P, ctypes.POINTER(_P))),
                ("dump", _P)]


class _Instance(ctypes.Structure):  # crfsuite_instance_t
    _fields_ = [("num_items", _INT), ("cap_items", _INT), ("items", _P), ("labels", _P),
                ("weight", ctypes.c_double), ("group", _INT)]


class _Tagger(ctypes.Structure):  # crfsuite_tagger_t
    _fields_ = [("internal", _P), ("nref", _INT),
                ("addref", _P), ("release", _P),
                ("set", ctypes.CFUNCTYPE(_INT, _P, ctypes.POINTER(_Instance))),
                ("length", ctypes.CFUNCTYPE(_INT, _P)),
                ("viterbi", ctypes.CFUNCTYPE(_INT, _P, ctypes.POINTER(_INT), ctypes.POINTER(ctypes.c_double))),
                ("score", _P), ("lognorm", _P), ("marginal_point", _P), ("marginal_path", _P)]


class _Dictionary(ctypes.Structure):  # crfsuite_dictionary_t
    _fields_ = [("internal", _P), ("nref", _INT),
                ("addref", _P), ("release", _P),
                ("get", _P),
                ("to_id", ctypes.CFUNCTYPE(_INT, _P, ctypes.c_char_p)),
                ("to_string", ctypes.CFUNCTYPE(_INT, _P, _INT, ctypes.POINTER(ctypes.c_char_p))),
                ("num", ctypes.CFUNCTYPE(_INT, _P)),
                ("free", _P)]


# a crfsuite_attribute_t: int aid, 4 bytes of padding, double value; a crfsuite_item_t: int
# num_contents, int cap_contents (unused by the tagger), crfsuite_attribute_t *contents
_ATTRIBUTE = struct.Struct("<i4xd")
_RECORD = _ATTRIBUTE.size  # 16
_ITEM = 16


class DirectTagger:
    """A model's tagger, fed attribute records (``record``) instead of feature strings."""

    def __init__(self, lib: ctypes.CDLL, model: Path) -> None:
        create = lib.crfsuite_create_instance_from_file
        create.argtypes, create.restype = [ctypes.c_char_p, ctypes.POINTER(_P)], _INT
        ptr = _P()
        if create(str(model).encode(), ctypes.byref(ptr)) or not ptr.value:
            raise OSError(f"{model}: CRFsuite cannot read it")
        self._model_ptr = ptr  # (kept for the life of the tagger: never released)
        m = _Model.from_address(ptr.value)
        tagger, attrs, labels = _P(), _P(), _P()
        if m.get_tagger(ptr, ctypes.byref(tagger)) or m.get_attrs(ptr, ctypes.byref(attrs)) \
                or m.get_labels(ptr, ctypes.byref(labels)):
            raise OSError(f"{model}: CRFsuite gives no tagger for it")
        self._tagger_ptr, self._attrs_ptr = tagger, attrs
        t = _Tagger.from_address(tagger.value)
        self._set, self._viterbi = t.set, t.viterbi
        a = _Dictionary.from_address(attrs.value)
        self._to_id = a.to_id
        d = _Dictionary.from_address(labels.value)
        names = []
        for i in range(d.num(labels)):
            s = ctypes.c_char_p()
            if d.to_string(labels, i, ctypes.byref(s)) or s.value is None:
                raise OSError(f"{model}: label {i} has no name")
            names.append(s.value.decode("utf-8"))
        self.labels = tuple(names)
        self._inst = _Instance()
        self._score = ctypes.c_double()
        self._grow(4096, 256)

    @classmethod
    def load(cls, model: Path) -> DirectTagger | None:
        """The direct tagger of MODEL, or None where MODEL has no CRFsuite model's header
        (CRFsuite itself takes any file for a model, as python-crfsuite checks the header
        first) or python-crfsuite's module does not export CRFsuite's C functions."""
        try:
            with model.open("rb") as f:
                head = f.read(16)
            magic, size, kind, version = struct.unpack_from("<4sI4sI", head)
            if magic != b"lCRF" or kind != b"FOMC" or version != 100 or size != model.stat().st_size:
                return None
            import pycrfsuite._pycrfsuite as ext

            lib = ctypes.CDLL(ext.__file__)
            lib.crfsuite_create_instance_from_file  # noqa: B018  (raises AttributeError if absent)
            return cls(lib, model)
        except (ImportError, OSError, AttributeError, ValueError, struct.error):
            return None

    def attribute_id(self, feature: str) -> int:
        """The identifier of FEATURE in the model's attribute dictionary (-1: unknown)."""
        return self._to_id(self._attrs_ptr, feature.encode())

    def _grow(self, records: int, items: int) -> None:
        # a buffer for RECORDS attribute records, then ITEMS items, and the label path of
        # ITEMS tokens, set as one attribute (a signal that interrupts parsing, the time
        # budget's, can fall between any two statements: never between a buffer and its size)
        buffer = ctypes.create_string_buffer(records * _RECORD + items * _ITEM)
        path = (_INT * items)()
        self._space = (buffer, ctypes.addressof(buffer), records, items, path, ctypes.addressof(path))

    def tag(self, tokens: Sequence[bytes]) -> list[str]:
        """The labels of a sequence of tokens, each given as its attribute records joined
        (``features.table_records``)."""
        n = len(tokens)
        if not n:
            return []
        contents = b"".join(tokens)
        _, base, records, items, path, path_at = self._space
        if len(contents) > records * _RECORD or n > items:
            self._grow(max(len(contents) // _RECORD, records) * 2, max(n, items) * 2)
            _, base, records, items, path, path_at = self._space
        ctypes.memmove(base, contents, len(contents))
        at = base
        words: list[int] = []
        for token in tokens:
            k = len(token)
            words += (k >> 4, at)  # (num_contents; cap_contents 0: the tagger reads no more)
            at += k
        item_at = base + records * _RECORD
        ctypes.memmove(item_at, struct.pack(f"<{2 * n}Q", *words), n * _ITEM)
        inst = self._inst
        inst.num_items = inst.cap_items = n
        inst.items = item_at
        inst.labels = path_at
        if self._set(self._tagger_ptr, inst) or self._viterbi(self._tagger_ptr, path, self._score):
            raise RuntimeError("CRFsuite could not tag a sequence")
        names = self.labels
        return [names[i] for i in path[:n]]


def records(ids: dict[str, int]) -> dict[str, bytes]:
    """Each feature of IDS (a model's attributes and their identifiers) as its attribute
    record: the identifier and the value 1.0."""
    return {f: _ATTRIBUTE.pack(i, 1.0) for f, i in ids.items()}
