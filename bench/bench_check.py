"""Time read + parse, resolve, and check on a generated 10,000-note article.

    .venv/bin/python bench/bench_check.py [NOTES]

The document is a plain-text article: a body with a glued marker per note (``word12.``), then
a notes block that mixes archival shelfmarks, Ibid. chains (Latin and Cyrillic), books,
op. cit. references and commentary, with a few planted problems (a variant fond, an
ambiguous Ibid., a reversed range). Prints seconds per stage and notes per second.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from refcli.checks import report
from refcli.labeller import load_labeller
from refcli.model import Document, Finding, Note
from refcli.parsers.note import parse_note
from refcli.readers import read_notes
from refcli.registry import Registry
from refcli.resolver import build_chains, resolve

AUTHORS = ["Pantsov A. V.", "Lankov A. N.", "Selivanov I. N.", "Zubok V. M.", "Taubman W."]


def generate(n_notes: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    body = []
    for n in range(1, n_notes + 1):
        year = rnd.randint(1945, 1991)
        body.append(f"In {year} the delegation met {rnd.randint(2, 900)} officials in the "
                    f"capital{n}. ")
        if n % 7 == 0:
            body.append("\n\n")
    notes = []
    cited: list[str] = []
    for n in range(1, n_notes + 1):
        r = rnd.random()
        if n % 250 == 0:  # one unit written two ways, over the whole document
            fond = "R-5446" if n % 500 == 0 else "5446"
            notes.append(f"{n} GARF, f. {fond}, op. 98 s, d. 704, l. {rnd.randint(1, 300)}.")
        elif r < 0.35 or not notes:
            notes.append(f"{n} GARF, f. 5446, op. {rnd.randint(1, 120)} s, d. {rnd.randint(1, 999)}, "
                         f"l. {rnd.randint(1, 300)}.")
        elif r < 0.6:
            a = rnd.randint(1, 300)
            notes.append(f"{n} Ibid., ll. {a}-{a + rnd.randint(1, 5)}.")
        elif r < 0.65:
            notes.append(f"{n} Там же. Л. {rnd.randint(1, 300)} об.")
        elif r < 0.8:
            author = rnd.choice(AUTHORS)
            title = f"Study number {rnd.randint(1, 40)}"
            cited.append(author)
            notes.append(f"{n} {author} {title}. Moscow, Nauka Publ., {rnd.randint(1960, 2020)}, "
                         f"pp. {rnd.randint(1, 200)}-{rnd.randint(201, 400)}.")
        elif r < 0.9 and cited:
            notes.append(f"{n} {rnd.choice(cited)} op. cit., p. {rnd.randint(1, 500)}.")
        elif r < 0.92:
            notes.append(f"{n} GARF, f. 5446, op. 1, d. 2, l. 5; RGANI, f. 52, op. 1, d. 555, "
                         f"ll. 88-80.")
        else:
            notes.append(f"{n} The meeting is described in the memoirs of the participants.")
    return "".join(body) + "\n\nNotes\n\n" + "\n".join(notes) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Read, parse (with the shipped labeller), resolve and "
                                     "check a generated manuscript in one process.")
    parser.add_argument("notes", nargs="?", type=int, default=10_000, help="how many notes (10,000)")
    parser.add_argument("--write", metavar="PATH", help="also write the manuscript to PATH "
                        "(to time `refcli check PATH --json` on the same text)")
    args = parser.parse_args()
    text = generate(args.notes)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    registry = Registry.load()
    labeller = load_labeller()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        read = read_notes(path)
        t1 = time.perf_counter()
        notes, findings = [], list(read.findings)
        for raw in read.notes:
            parsed = parse_note(raw.text, registry, labeller)
            notes.append(Note(raw.n, raw.text, parsed.citations, raw.line))
            findings.extend(Finding(s.code, s.severity, raw.n, s.message) for s in parsed.slips)
        doc = Document(read.source, tuple(notes), tuple(findings), read.markers, read.format)
        t2 = time.perf_counter()
        doc = resolve(doc)
        t3 = time.perf_counter()
        chains = build_chains(doc)
        t4 = time.perf_counter()
        rep = report(doc, registry)
        t5 = time.perf_counter()
    citations = sum(len(n.citations) for n in doc.notes)
    counts: dict[str, int] = {}
    for f in rep.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    print(f"document: {len(text) / 1e6:.2f} MB, {len(doc.notes)} notes, {citations} citations, "
          f"{len(read.markers or ())} markers found")
    print(f"read (notes block + markers): {t1 - t0:8.3f} s")
    print(f"parse notes:                  {t2 - t1:8.3f} s")
    print(f"resolve:                      {t3 - t2:8.3f} s")
    print(f"chains:                       {t4 - t3:8.3f} s  ({len(chains)} chains)")
    print(f"check:                        {t5 - t4:8.3f} s  ({len(rep.findings)} findings)")
    total = t5 - t0
    print(f"total parse+resolve+check:    {total:8.3f} s  ({len(doc.notes) / total:,.0f} notes/s)")
    print("findings by code: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
