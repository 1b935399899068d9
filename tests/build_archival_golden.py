"""Build tests/golden/archival_corpus.json from the labelled corpus (train and dev splits).

    python -m tests.build_archival_golden

Every archival citation written in Latin script, in the works of corpus/train and corpus/dev
whose language is English or mixed, becomes one case: the note's text (the context the grammar
reads: an elliptical reference takes its archive and fond from the one before it), the gold
citation's ``raw`` and its gold fields. The gold labels are the corpus's own, written by hand;
nothing here is copied from ../shared/eval/dev, and corpus/test (sealed) is never read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "golden" / "archival_corpus.json"
SPLITS = ("train", "dev")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_KEEP = ("archive", "fond", "opis", "papka", "delo", "leaves", "collection", "series", "entry",
         "box", "folder", "piece", "shelfmark", "elliptical", "repository_named")


def cases() -> list[dict]:
    out = []
    for split in SPLITS:
        for path in sorted((ROOT / "corpus" / split).glob("*.jsonl")):
            lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            work = lines[0]["work"]
            if work.get("language") not in ("en", "mixed"):
                continue
            for note in lines[1:]:
                k = cursor = 0
                for c in note.get("citations", []):
                    found = note["text"].find(c["raw"], cursor)
                    start = found if found >= 0 else note["text"].find(c["raw"])
                    cursor = max(cursor, start + len(c["raw"]))
                    if c["kind"] != "archival" or _CYRILLIC.search(c["raw"]):
                        continue
                    section = f"{note['section']}/" if note.get("section") else ""
                    out.append({
                        "id": f"{work['id']}#{section}{note['n']}#{k}",
                        "work": work["id"], "split": split, "text": note["text"], "raw": c["raw"],
                        "start": start,
                        "expected": {f: c[f] for f in _KEEP if f in c},
                    })
                    k += 1
    return out


def main() -> None:
    OUT.write_text(json.dumps(cases(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(cases())} cases")


if __name__ == "__main__":
    main()
