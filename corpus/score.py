#!/usr/bin/env python3
"""Score refcli on a split of the corpus with the team's scorer (../shared/eval/score.py).

usage: python corpus/score.py SPLIT [--refcli PATH] [--works ID,ID...] [scorer options:
       --split-runs, --show-misses N, --json]

Each work (each notes section of a work, when its numbering restarts) is written as a
gold document in the scorer's format, then the scorer runs `refcli parse FILE --json` on
it and compares note by note. SPLIT is train, dev or test (test is sealed: score it once,
when the work is done). --works keeps only the works named (their ids, comma-separated): a
batch of works added to a split later is scored on its own that way.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCORER = HERE.parent.parent / "shared" / "eval" / "score.py"


def documents(split: str, works: set[str] | None = None) -> list[dict]:
    docs = []
    for f in sorted((HERE / split).glob("*.jsonl")):
        if works is not None and f.stem not in works:
            continue
        lines = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        meta, notes = lines[0]["work"], lines[1:]
        sections: dict[object, list[dict]] = {}
        for n in notes:
            sections.setdefault(n.get("section"), []).append(n)
        for i, (_, ns) in enumerate(sections.items()):
            docs.append({"id": f"{meta['id']}-{i}" if len(sections) > 1 else meta["id"],
                         "source": meta.get("source", ""), "notes": ns})
    return docs


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("train", "dev", "test"):
        print(__doc__)
        return 2
    split, rest = argv[0], argv[1:]
    refcli = ".venv/bin/refcli"
    if "--refcli" in rest:
        i = rest.index("--refcli")
        refcli = rest[i + 1]
        rest = rest[:i] + rest[i + 2:]
    works = None
    if "--works" in rest:
        i = rest.index("--works")
        works = {w.strip() for w in rest[i + 1].split(",") if w.strip()}
        rest = rest[:i] + rest[i + 2:]
        unknown = works - {f.stem for f in (HERE / split).glob("*.jsonl")}
        if unknown:
            print(f"no such works in {split}: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
    if not SCORER.exists():
        print(f"the scorer is not at {SCORER}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for doc in documents(split, works):
            Path(tmp, f"{doc['id']}.json").write_text(json.dumps(doc, ensure_ascii=False),
                                                      encoding="utf-8")
        return subprocess.call([sys.executable, str(SCORER), refcli, "--docs", tmp, *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
