"""Labelled notes on disk: the corpus format (corpus/README.md), read for training and scoring.

One JSON-lines file per work: a first line ``{"work": {...}}``, then one note per line in
the gold format. ``read_works`` takes files or folders; every problem is an ``InputError``
naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError


@dataclass(frozen=True, slots=True)
class Work:
    path: Path
    meta: dict[str, Any]
    notes: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return str(self.meta.get("id") or self.path.stem)


def read_work(path: Path) -> Work:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    meta: dict[str, Any] = {}
    notes: list[dict[str, Any]] = []
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{i}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{i}: a line must be a JSON object")
        if "work" in obj and not notes and not meta:
            meta = dict(obj["work"]) if isinstance(obj["work"], dict) else {}
            continue
        if not isinstance(obj.get("text"), str) or not isinstance(obj.get("citations", []), list):
            raise InputError(f"{path}:{i}: a note needs 'text' and a 'citations' list")
        notes.append(obj)
    return Work(path, meta, tuple(notes))


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.rglob("*.jsonl")))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return out


def read_works(paths: Iterable[Path]) -> Iterator[Work]:
    for f in corpus_files(paths):
        yield read_work(f)
