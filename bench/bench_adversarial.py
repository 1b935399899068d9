"""Parse time against input length for each adversarial family.

    python bench/bench_adversarial.py [--reps 10,100,1000,10000] [--family NAME] [--stop S]
                                      [--parser note|shelfmarks|text|markdown|latex|bibtex|names]

Each family of tests/adversarial.py (dot leaders, runs of initials, ``l.0.l.0.``, repeated
labels, unclosed brackets and quotes ...) is built at each number of repetitions and
parsed once as a note (the pipeline's parse, without the per-note budget) or by another
parser. Printed per family: the time at each size and the growth ratio from one size to
the next. Ten times the input should cost about ten times the time (ratio ~10: linear);
~100 is quadratic. A run still going after --stop seconds is stopped and shown as
``>S``, and the larger sizes of that family are skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refcli import pipeline
from refcli.importers.bibtex import parse_bibtex
from refcli.model import RawNote, ReadResult
from refcli.parsers.people import parse_people
from refcli.parsers.shelfmark import find_shelfmarks
from refcli.readers.latex import read_latex_notes
from refcli.readers.markdown import read_markdown_notes
from refcli.readers.text import read_text_notes
from refcli.registry import Registry
from tests.adversarial import FAMILIES, run_guarded


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", default="10,100,1000,10000")
    ap.add_argument("--family", action="append", help="only this family (repeatable)")
    ap.add_argument("--stop", type=float, default=30.0)
    ap.add_argument("--parser", default="note")
    args = ap.parse_args()
    reps = [int(r) for r in args.reps.split(",")]

    registry = Registry.load(Path(__file__).resolve().parent.parent / "archives.json")
    no_budget = {"budget": None} if "budget" in inspect.signature(pipeline.parse_read_result).parameters else {}
    parsers = {
        "note": lambda t: pipeline.parse_read_result(ReadResult("bench", (RawNote(1, t),)), registry, **no_budget),
        "shelfmarks": lambda t: find_shelfmarks(t, registry),
        "text": lambda t: read_text_notes(t, "bench.txt"),
        "markdown": lambda t: read_markdown_notes(t, "bench.md"),
        "latex": lambda t: read_latex_notes(t, "bench.tex"),
        "bibtex": lambda t: parse_bibtex("@book{k, title = {" + t.replace("{", "(").replace("}", ")") + "}}"),
        "names": parse_people,
    }
    parse = parsers[args.parser]
    parse("GARF, f. 5446, op. 98 s, d. 704, l. 101.")  # warm up: compile the registry's patterns

    print(f"parser: {args.parser}; seconds per input at {', '.join(f'{r:,}' for r in reps)} repetitions, "
          "and the growth from each size to the next (×10 input: ~10 linear, ~100 quadratic)")
    worst = (0.0, "")
    for name in args.family or FAMILIES:
        times: list[float | None] = []
        for r in reps:
            if times and times[-1] is None:
                times.append(None)
                continue
            text = FAMILIES[name](r)
            t0 = time.perf_counter()
            done = True
            with contextlib.suppress(Exception):  # a reader's one-line refusal: its time counts
                done = run_guarded(args.stop, lambda text=text: parse(text))
            dt = time.perf_counter() - t0
            times.append(dt if done else None)
        cells = [f"{t:9.4f}" if t is not None else f"{'>' + format(args.stop, 'g'):>9}" for t in times]
        ratios = []
        for a, b in itertools.pairwise(times):
            if a is None or b is None:
                ratios.append("    -")
            else:
                ratio = b / max(a, 1e-5)
                ratios.append(f"{ratio:5.0f}")
                if a >= 1e-3:  # ratios of sub-millisecond times are noise
                    worst = max(worst, (ratio, name))
        print(f"{name:18} {' '.join(cells)}   growth {' '.join(ratios)}")
    print(f"largest growth over ×10 input (from timings over 1 ms): {worst[0]:.0f} ({worst[1]})")


if __name__ == "__main__":
    main()
