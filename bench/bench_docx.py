"""Read and parse time for a 1,000-note Word .docx (and the same notes as Markdown and LaTeX).

Run from the repository root:  .venv/bin/python bench/bench_docx.py [--notes 1000] [--repeat 5]

The notes cycle through the seed article's 36 notes (or synthetic archival and book notes
when the seeds are not beside the repository). Prints the best and median of REPEAT runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refcli.errors import InputError  # noqa: E402
from refcli.pipeline import parse_read_result  # noqa: E402
from refcli.readers import read_notes  # noqa: E402
from refcli.registry import Registry  # noqa: E402
from tests.conftest import SEED_ARTICLE  # noqa: E402
from tests.test_readers_formats import build_docx, build_latex, build_markdown  # noqa: E402
from tests.test_readers_hostile import BILLION_LAUGHS, _with_footnotes_xml, _zeros_member  # noqa: E402


def _notes(count: int) -> list[tuple[int, str]]:
    if SEED_ARTICLE.exists():
        texts = [note.text for note in read_notes(SEED_ARTICLE).notes]
    else:
        texts = [
            "GARF, f. 5446, op. 98 s, d. 704, l. 101.",
            "Ibid., l. 102.",
            "Pantsov A.V. Mao Zedong, Moscow, Molodaya gvardiya publ., 2007, pp. 564-575.",
        ]
    return [(n, texts[(n - 1) % len(texts)]) for n in range(1, count + 1)]


def _time(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs)


def _refusal(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    try:
        func()
    except InputError:
        pass
    else:
        raise SystemExit("a hostile file was not refused")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    registry = Registry.load(ROOT / "archives.json")
    notes = _notes(args.notes)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {
            "docx": build_docx(folder / "article.docx", notes),
            "markdown": build_markdown(folder / "article.md", notes),
            "latex": build_latex(folder / "article.tex", notes),
        }
        print(f"{args.notes} notes, best / median of {args.repeat} runs")
        for fmt, path in files.items():
            read = read_notes(path)
            assert len(read.notes) == args.notes, (fmt, len(read.notes))
            r_best, r_median = _time(lambda p=path: read_notes(p), args.repeat)
            p_best, p_median = _time(lambda r=read: parse_read_result(r, registry), args.repeat)
            print(
                f"  {fmt:9} {path.stat().st_size / 1024:8.0f} KB   read {r_best * 1000:7.1f} / "
                f"{r_median * 1000:7.1f} ms ({r_median / args.notes * 1e6:5.1f} µs/note)   "
                f"parse {p_best * 1000:7.1f} / {p_median * 1000:7.1f} ms"
            )
        laughs = _with_footnotes_xml(folder / "laughs.docx", BILLION_LAUGHS)
        bomb = _zeros_member(folder / "bomb.docx", "word/media/image1.png", 400, {})
        truncated = folder / "truncated.docx"
        truncated.write_bytes(files["docx"].read_bytes()[:5000])
        print("refusals:")
        for label, path in (("billion laughs", laughs), ("400 MB zip bomb", bomb),
                            ("truncated .docx", truncated)):  # fmt: skip
            print(f"  {label:16} {_refusal(lambda p=path: read_notes(p)) * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
