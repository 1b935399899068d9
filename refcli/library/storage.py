"""TinyDB's view of refcli's files: ``TinyDB(path, storage=AtomicJSONStorage)`` opens the
catalogue or a document's file (each is a TinyDB JSON database). Kept apart from the store so
that a search does not import TinyDB."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from . import files


class AtomicJSONStorage(Storage):
    """TinyDB storage for refcli's files: read once (orjson), write atomically, never create a
    file by opening it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._loaded = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            import orjson

            raw = files.read_bytes(self.path)
            self._data = orjson.loads(raw) if raw is not None else None
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        import orjson

        self._data = data
        self._loaded = True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(self.path, orjson.dumps(data))

    def close(self) -> None:
        pass
