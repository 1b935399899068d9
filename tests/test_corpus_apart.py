"""The labelled corpus (corpus/) and the team's eval set (../shared/eval/dev) hold different
works: a note of the eval set copied into the corpus would be scored twice and, in the sealed
split, make its measurement read what development already saw."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT

EVAL = ROOT.parent / "shared" / "eval" / "dev"
CORPUS = sorted((ROOT / "corpus").glob("*/*.jsonl"))


def _texts_of_eval() -> dict[str, str]:
    out = {}
    for f in sorted(EVAL.glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        for n in doc["notes"]:
            if len(n["text"]) > 40:
                out[" ".join(n["text"].split())[:120]] = doc["id"]
    return out


@pytest.mark.skipif(not EVAL.is_dir() or not CORPUS, reason="the eval set or the corpus is not here")
def test_no_corpus_note_repeats_a_note_of_the_eval_set() -> None:
    seen = _texts_of_eval()
    repeated = set()
    for path in CORPUS:
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.strip():
                key = " ".join(json.loads(line)["text"].split())[:120]
                if key in seen:
                    repeated.add((path.name, seen[key]))
    assert sorted(repeated) == []
