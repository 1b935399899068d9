"""Command-line start-up and the cost of the habits of issue 15.

    python bench/bench_cli.py [--runs N]

Runs the installed ``refcli`` (beside this Python) N times for each command line below and
prints the median and best wall time: ``--version`` and ``--help`` (start-up alone: typer,
the command modules, no parsing), ``parse`` of a small sample file (start-up plus the
labeller), the same through standard input, and a ``parse | head -1`` whose reader goes away
(the SIGPIPE path, which should cost nothing), and ``check`` of a generated 1,000-note
manuscript (``bench_check.generate``) with the compiled patterns kept between runs
(``refcli.rx``: the cache filled by a first run) and without them (``REFCLI_CACHE=off``).
Also the modules imported by ``--version``. The check is timed with Python's bytecode
written and read, as after an install (where the environment sets PYTHONDONTWRITEBYTECODE
and refcli is installed from a source tree, every run compiles refcli's modules again: about
0.2 s more).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFCLI = Path(sys.executable).parent / "refcli"
SAMPLE = ROOT / "refs" / "gost-cyrillic-notes.txt"


def timed(command: str, runs: int, **extra: str | None) -> tuple[float, float]:
    env = {**os.environ, "REFCLI_LIBRARY": "/nonexistent/refcli-bench/library.json"}
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["bash", "-c", command], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    runs = ap.parse_args().runs
    big = ROOT / "bench" / ".bench_cli_many.txt"
    big.write_text("".join(f"{i} GARF, f. 5446, op. 98s, d. {i}, l. {i % 300 + 1}.\n"
                           for i in range(1, 3001)), encoding="utf-8")
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_check import generate

    manuscript = ROOT / "bench" / ".bench_cli_manuscript.txt"
    manuscript.write_text(generate(1000), encoding="utf-8")
    try:
        cases = [
            ("refcli --version", f"{REFCLI} --version"),
            ("refcli --help", f"{REFCLI} --help"),
            ("refcli parse --help", f"{REFCLI} parse --help"),
            ("refcli parse gost (20 notes)", f"{REFCLI} parse {SAMPLE}"),
            ("cat gost | refcli parse -", f"cat {SAMPLE} | {REFCLI} parse -"),
            ("refcli parse 3,000 notes", f"{REFCLI} parse {big}"),
            ("refcli parse 3,000 notes | head -1", f"{REFCLI} parse {big} | head -1"),
        ]
        print(f"{'command':<38} {'median':>8} {'best':>8}   ({runs} runs)")
        for label, command in cases:
            median, best = timed(command, runs)
            print(f"{label:<38} {median * 1000:>6.0f} ms {best * 1000:>5.0f} ms")
        check = f"{REFCLI} check {manuscript}"
        timed(check, 1, PYTHONDONTWRITEBYTECODE=None)  # (fills the pattern cache and the bytecode)
        for label, extra in [
            ("check 1,000 notes", {"PYTHONDONTWRITEBYTECODE": None}),
            ("  the same, patterns not kept", {"PYTHONDONTWRITEBYTECODE": None, "REFCLI_CACHE": "off"}),

        ]:
            median, best = timed(check, runs, **extra)
            print(f"{label:<38} {median * 1000:>6.0f} ms {best * 1000:>5.0f} ms")
    finally:
        big.unlink(missing_ok=True)
        manuscript.unlink(missing_ok=True)
    code = ("import sys, runpy; sys.argv = ['refcli', '--version']\n"
            "try:\n    runpy.run_module('refcli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print(len(sys.modules), ','.join(sorted({m.split('.')[0] for m in sys.modules "
            "if m.split('.')[0] in ('rich', 'pycrfsuite', 'rapidfuzz', 'bibtexparser', 'citeproc', "
            "'orjson', 'tinydb', 'charset_normalizer')})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, heavy = out.stdout.strip().splitlines()[-1].split(" ", 1) if " " in out.stdout.strip().splitlines()[-1] else (out.stdout.strip().splitlines()[-1], "")
    print(f"modules loaded by --version: {count}; heavy ones among them: {heavy or 'none'}")


if __name__ == "__main__":
    main()
