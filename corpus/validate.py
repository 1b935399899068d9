#!/usr/bin/env python3
"""Check the corpus files: format, kinds, spans and targets. Prints problems; exit 1 if any.

usage: python corpus/validate.py [FILE_OR_SPLIT ...]   (default: train dev test)
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"archival", "book", "article", "chapter", "web", "ibid", "op_cit", "other"}
VERBATIM = ("title", "journal", "container", "city", "publisher", "year", "volume", "issue",
            "url", "item_title")
WORK_KEYS = ("id", "source", "language", "style", "genre", "coverage")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFC", str(s))
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"[\u2018\u2019\u201a\u201b\u02bc\u00b4`]", "'", s)
    s = re.sub(r"[\u201c\u201d\u201e\u201f\u00ab\u00bb]", '"', s)
    return re.sub(r"\s+", " ", s).strip().lower()


def check_file(path: Path) -> list[str]:
    out: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return [f"{path}: empty"]
    try:
        head = json.loads(lines[0])["work"]
    except Exception as e:  # noqa: BLE001
        return [f"{path}:1: first line must be {{\"work\": {{...}}}} ({e})"]
    for k in WORK_KEYS:
        if not head.get(k):
            out.append(f"{path}:1: work.{k} missing")
    if head.get("id") != path.stem:
        out.append(f"{path}:1: work.id {head.get('id')!r} differs from the file name")
    seen: dict[tuple, int] = {}
    order: list[tuple] = []
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            note = json.loads(line)
        except json.JSONDecodeError as e:
            out.append(f"{path}:{i}: not JSON ({e})")
            continue
        where = f"{path}:{i} (note {note.get('n')})"
        if not isinstance(note.get("n"), int) or not isinstance(note.get("text"), str):
            out.append(f"{where}: needs integer n and text")
            continue
        key = (note.get("section"), note["n"])
        if key in seen:
            out.append(f"{where}: note number repeated in its section")
        seen[key] = i
        order.append(key)
        text = fold(note["text"])
        for c in note.get("citations", []):
            kind = c.get("kind")
            if kind not in KINDS:
                out.append(f"{where}: kind {kind!r}")
                continue
            raw = c.get("raw")
            if not raw:
                out.append(f"{where}: {kind} without raw")
            elif fold(raw) not in text:
                out.append(f"{where}: raw not in text: {raw[:60]!r}")
            for f in VERBATIM:
                v = c.get(f)
                if v and kind != "archival" and fold(v) not in text:
                    out.append(f"{where}: {f} not in text: {str(v)[:60]!r}")
            for f in ("authors", "editors"):
                for a in c.get(f) or []:
                    if not isinstance(a, str):
                        out.append(f"{where}: {f} must be family-name strings")
                    elif fold(a) not in text:
                        out.append(f"{where}: {f[:-1]} not in text: {a!r}")
            if kind in ("ibid", "op_cit"):
                t = c.get("target")
                if t is not None and (note.get("section"), t) not in seen:
                    out.append(f"{where}: target {t} is not an earlier note of this section")
            if kind == "archival" and not (c.get("archive") or c.get("repository_named") is False):
                out.append(f"{where}: archival without archive (or repository_named: false)")
            if kind in ("book", "article", "chapter") and "authors" not in c:
                out.append(f"{where}: {kind} without authors ([] if none)")
    return out


def main(argv: list[str]) -> int:
    targets = argv or ["train", "dev", "test"]
    files: list[Path] = []
    for t in targets:
        p = Path(t) if Path(t).exists() else HERE / t
        files += sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    problems: list[str] = []
    ids: dict[str, Path] = {}
    notes = 0
    for f in files:
        if f.stem in ids:
            problems.append(f"{f}: work id also in {ids[f.stem]}")
        ids[f.stem] = f
        problems += check_file(f)
        notes += sum(1 for ln in f.read_text(encoding="utf-8").splitlines()[1:] if ln.strip())
    for p in problems:
        print(p)
    print(f"{len(files)} works, {notes} notes, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
