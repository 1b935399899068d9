"""Parse time of one line holding many citations: is it linear in the line's length?

    python bench/bench_long_line.py [--sizes 1000,10000,100000] [--kind archival|mixed]
                                    [--timeout SECONDS] [--profile N]

For each size N, writes one line of N citations separated by "; " (``archival``: ``GARF, f. 1,
op. 1, d. N, l. 1`` repeated; ``mixed``: archival units in Latin and Cyrillic, Russian and
Chicago books, GOST articles and Ibid.) and times ``refcli parse FILE --json`` as a user runs
it (a separate process, stopped after --timeout seconds), and the reader alone (file to
notes, in this process). Prints the seconds per size and the growth ratio from one size to
the next: linear time gives the ratio of the sizes (10 for 1,000 → 10,000 → 100,000).

--profile N runs the whole parse of N citations under cProfile in this process and prints
where the time goes (the functions with the most time of their own).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refcli.readers import read_notes

MIXED = [
    "GARF, f. 5446, op. 98 s, d. {i}, l. 101",
    "Pantsov A. V. Mao Zedong. Moscow: Molodaya gvardiya, 2007, p. {i}",
    "Ibid., l. {i}",
    "ГАРФ. Ф. Р-5446. Оп. 98с. Д. {i}. Л. 12 об.",
    "Chen Jian, Mao's China and the Cold War (Chapel Hill: UNC Press, 2001), {i}",
    "Иванов И. И. Название статьи // Вопросы истории. 1990. № 3. С. {i}",
    "RGANI, f. 5, op. 30, d. {i}, ll. 2-3",
]


def line_of(n: int, kind: str) -> str:
    if kind == "archival":
        return "; ".join(f"GARF, f. 1, op. 1, d. {i}, l. 1" for i in range(1, n + 1)) + ".\n"
    return "; ".join(MIXED[i % len(MIXED)].format(i=i) for i in range(1, n + 1)) + ".\n"


def refcli_command() -> list[str]:
    return [sys.executable, "-m", "refcli"]


def time_cli(path: Path, timeout: float) -> float | None:
    start = time.perf_counter()
    try:
        done = subprocess.run([*refcli_command(), "parse", str(path), "--json"], capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        sys.exit(f"refcli parse failed on {path}: {done.stderr.decode(errors='replace').strip()}")
    return time.perf_counter() - start


def time_reader(path: Path) -> float:
    start = time.perf_counter()
    read_notes(path)
    return time.perf_counter() - start


def profile(n: int, kind: str, directory: Path) -> None:
    from refcli.pipeline import load_document
    from refcli.registry import Registry

    path = directory / f"profile-{n}.txt"
    path.write_text(line_of(n, kind), encoding="utf-8")
    registry = Registry.load()
    profiler = cProfile.Profile()
    profiler.enable()
    load_document(path, registry)
    profiler.disable()
    print(f"\nwhere the time goes: {n:,} {kind} citations on one line (cProfile, own time)")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(12)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--kind", choices=["archival", "mixed"], default="archival")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per refcli run")
    ap.add_argument("--profile", type=int, default=0, metavar="N")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        print(f"one line of N {args.kind} citations: refcli parse --json (a process), the reader alone")
        previous: tuple[int, float | None, float] | None = None
        for n in sizes:
            path = directory / f"line-{n}.txt"
            path.write_text(line_of(n, args.kind), encoding="utf-8")
            reader = time_reader(path)
            whole = time_cli(path, args.timeout)
            shown = f"{whole:9.2f} s" if whole is not None else f"> {args.timeout:.0f} s (stopped)"
            growth = ""
            if previous is not None:
                pn, pwhole, preader = previous
                ratio = f"{whole / pwhole:.1f}" if whole is not None and pwhole else "-"
                growth = (f"   growth x{ratio} parse, x{reader / preader:.1f} reader "
                          f"for x{n / pn:.0f} citations")
            size = path.stat().st_size / 1e6
            print(f"{n:>9,} citations ({size:5.2f} MB): parse {shown}, reader {reader:6.3f} s{growth}")
            previous = (n, whole, reader)
        if args.profile:
            profile(args.profile, args.kind, directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
