"""Fuzz every parser with generated adversarial inputs and report what it cost.

    python bench/fuzz.py [--inputs N] [--seed S] [--stop SECONDS] [--save DIR]

Each input (tests/adversarial.py: a family of repeated units at a random size, a mutated
real note from refs/, the corpus's train split and the seeds, or several run together, at
most 4,000 characters) goes through every parser: a note as the pipeline parses it
(shelfmarks, references, back-references; the per-note budget switched off, so the raw
time is measured), ``find_shelfmarks``, the plain-text, Markdown and LaTeX readers, the
BibTeX importer (the input as a title and as an author of an entry) and the name parser.

Printed: inputs run, exceptions other than refcli's own one-line errors (a reader refusing
an unbalanced ``\footnote{`` is the documented answer), inputs over 1 s
(a run is stopped at --stop seconds and counted as such), the slowest input, the worst time
per character and the median. --save DIR writes every input over 1 s and every input that
raised to DIR (for tests/data/slow-inputs/).
"""

from __future__ import annotations

import argparse
import inspect
import random
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refcli import pipeline
from refcli.errors import RefcliError
from refcli.importers.bibtex import parse_bibtex
from refcli.model import RawNote, ReadResult
from refcli.parsers.people import parse_people
from refcli.parsers.shelfmark import find_shelfmarks
from refcli.readers.latex import read_latex_notes
from refcli.readers.markdown import read_markdown_notes
from refcli.readers.text import read_text_notes
from refcli.registry import Registry
from tests.adversarial import generate, real_notes, run_guarded

SLOW = 1.0


def parsers(registry: Registry) -> dict[str, object]:
    no_budget = {"budget": None} if "budget" in inspect.signature(pipeline.parse_read_result).parameters else {}

    def note(text: str) -> object:
        read = ReadResult("fuzz", (RawNote(1, text),))
        return pipeline.parse_read_result(read, registry, **no_budget)

    def bib(text: str) -> object:
        safe = text.replace("}", ")").replace("{", "(")
        return parse_bibtex(f"@book{{k1, title = {{{safe}}}, author = {{{safe}}}, year = 1990}}\n{text}")

    return {
        "note": note,
        "shelfmarks": lambda t: find_shelfmarks(t, registry),
        "text-reader": lambda t: read_text_notes(t, "fuzz.txt"),
        "markdown-reader": lambda t: read_markdown_notes(t, "fuzz.md"),
        "latex-reader": lambda t: read_latex_notes(t, "fuzz.tex"),
        "bibtex": bib,
        "names": parse_people,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stop", type=float, default=10.0, help="stop one parser run after this many seconds")
    ap.add_argument("--save", type=Path, help="write the slow and the failing inputs here")
    args = ap.parse_args()

    registry = Registry.load(Path(__file__).resolve().parent.parent / "archives.json")
    runs = parsers(registry)
    notes = real_notes()
    rnd = random.Random(args.seed)
    for f in runs.values():  # warm up: compile the registry's patterns, import bibtexparser
        f("GARF, f. 5446, op. 98 s, d. 704, l. 101.")
    errors: list[tuple[str, str, str]] = []
    refused = 0
    slow: list[tuple[float, str, str]] = []
    per_char: list[float] = []
    worst = (0.0, "", "")
    worst_pc = worst_long = (0.0, "", "")
    start = time.perf_counter()
    for i in range(args.inputs):
        text = generate(rnd, notes)
        for name, f in runs.items():
            t0 = time.perf_counter()
            try:
                finished = run_guarded(args.stop, lambda f=f, text=text: f(text))
            except RefcliError:  # the documented refusal: one line for the user
                refused += 1
                continue
            except Exception as exc:  # what we count
                errors.append((name, text, "".join(traceback.format_exception_only(exc)).strip()))
                continue
            dt = time.perf_counter() - t0
            if not finished:
                dt = max(dt, args.stop)
            if dt > SLOW:
                slow.append((dt, name, text))
                print(f"  slow: {dt:.2f} s {name} ({len(text)} chars): {text[:100]!r}", file=sys.stderr)
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    (args.save / f"fuzz-{args.seed}-{i}-{name}.txt").write_text(text, encoding="utf-8")
            pc = dt / max(len(text), 1)
            per_char.append(pc)
            worst = max(worst, (dt, name, text))
            worst_pc = max(worst_pc, (pc, name, text))
            if len(text) >= 200:
                worst_long = max(worst_long, (pc, name, text))
        if (i + 1) % 10_000 == 0:
            print(f"  {i + 1:,} inputs, {time.perf_counter() - start:.0f} s, {len(slow)} over 1 s, "
                  f"{len(errors)} exceptions", file=sys.stderr)
    total = time.perf_counter() - start
    print(f"inputs: {args.inputs:,} (seed {args.seed}), each through {len(runs)} parsers: "
          f"{', '.join(runs)}; {total:.0f} s")
    print(f"exceptions: {len(errors)} (and {refused} inputs refused with refcli's one-line error)")
    for name, text, err in errors[:5]:
        print(f"  {name}: {err} on {text[:120]!r}")
    print(f"inputs over {SLOW:g} s: {len(slow)} (runs stopped at {args.stop:g} s: "
          f"{sum(dt >= args.stop for dt, _, _ in slow)})")
    for dt, name, text in sorted(slow, reverse=True)[:5]:
        print(f"  {dt:.2f} s {name} ({len(text)} chars): {text[:100]!r}")
    print(f"slowest: {worst[0] * 1000:.1f} ms ({worst[1]}, {len(worst[2])} chars): {worst[2][:80]!r}")
    print(f"worst time per character: {worst_pc[0] * 1e6:.1f} µs ({worst_pc[1]}, {len(worst_pc[2])} chars); "
          f"median {statistics.median(per_char) * 1e6:.2f} µs; over inputs of 200+ characters "
          f"{worst_long[0] * 1e6:.1f} µs ({worst_long[1]}, {len(worst_long[2])} chars)")
    if args.save and errors:
        args.save.mkdir(parents=True, exist_ok=True)
        for k, (name, text, _) in enumerate(errors):
            (args.save / f"fuzz-{args.seed}-error{k}-{name}.txt").write_text(text, encoding="utf-8")
    if args.save and (slow or errors):
        print(f"saved {len(slow) + len(errors)} inputs to {args.save}")


if __name__ == "__main__":
    main()
