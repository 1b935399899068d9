"""Library speed at 100,000 citations: ingest, add, remove, cold `refcli search`, memory.

Generates a realistic mix — archival units over many Russian and foreign archives (with Ibid.
runs and fonds written with and without their R- prefix), books and articles by authors in
Latin and Cyrillic script, commentary naming Soviet leaders in either script — as parsed
documents, stores them through the same ``refcli.library.ingest`` that ``refcli ingest``
calls (one batch), then times:

* the bulk ingest (in a fresh process, with its peak RSS);
* adding one more 200-note document to the full library, and removing one (the best of
  ``--repeat`` runs, each on the full library);
* a cold ``refcli search`` process per query (wall time, and its own peak RSS via os.wait4),
  beside the start-up floor of a refcli command that reads no library;
* ``grep -c -i`` of a comparable word over the same citations written as plain text lines.

Usage: ``python bench/bench_library.py [--citations N] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from refcli import library as store
from refcli.model import Citation, Document, Note, Person

ARCHIVES = ["GARF", "RGANI", "RGASPI", "AVP RF", "RGAE", "RGVA", "TsAMO", "RGALI", "APRF",
            "TsDAHOU", "LYA", "BArch", "TNA", "NARA", "PRC FMA"]
FREE = {"BArch": "BArch, DY 30/{}", "TNA": "TNA, FO 371/{}", "NARA": "NARA, RG 59, box {}",
        "PRC FMA": "PRC FMA, 109-0{}-05"}
FAMILIES = ["Mikoyan", "Микоян", "Khrushchev", "Хрущёв", "Pantsov", "Lankov", "Selivanov",
            "Kapitsa", "Zubok", "Taubman", "Радченко", "Shen", "Li", "Westad", "Fursenko",
            "Naftali", "Gaddis", "Леффлер", "Хлевнюк", "Khlevniuk", "Gorlizki", "Kramer"]
WORDS = ["archive", "memorandum", "conversation", "delegation", "plenum", "presidium", "report", "telegram", "embassy", "minister", "party", "congress", "central", "committee", "policy", "Vietnam", "China", "Korea", "Mongolia", "Hungary", "Poland", "Berlin", "crisis", "visit", "economy", "agriculture", "industry", "army", "border", "revisionism", "cult", "personality", "leadership", "documents", "secret", "letter", "record", "meeting", "переписка", "доклад", "записка", "беседа", "посольство", "совещание"]


def _title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 7))).capitalize()


def _unit(rng: random.Random) -> Citation:
    archive = rng.choice(ARCHIVES)
    if archive in FREE:
        shelfmark = FREE[archive].format(rng.randint(1000, 9999))
        return Citation("archival", raw=shelfmark, archive=archive, shelfmark=shelfmark)
    fond = str(rng.choice([5, 17, 52, 89, 5446, 8131, 9401, 1, 3, 4459])
               + rng.choice([0, 0, 0, rng.randint(1, 300)]))
    if archive == "GARF" and rng.random() < 0.5:
        fond = "R-" + fond
    opis = str(rng.randint(1, 120)) + rng.choice(["", "", "s"])
    delo = str(rng.randint(1, 1500))
    leaves = str(rng.randint(1, 300))
    return Citation("archival", archive=archive, fond=fond, opis=opis, delo=delo,
                    leaves=leaves, shelfmark=f"{archive}, f. {fond}, op. {opis}, d. {delo}, l. {leaves}")


def _work(rng: random.Random, works: list[Citation]) -> Citation:
    if works and rng.random() < 0.6:
        return rng.choice(works).with_(pages=str(rng.randint(1, 600)))
    people = tuple(Person(rng.choice(FAMILIES), rng.choice(["A. I.", "N. S.", "S.", "V. M."]))
                   for _ in range(rng.randint(1, 2)))
    kind = rng.choice(["book", "book", "article"])
    c = Citation(kind, authors=people, title=_title(rng), year=str(rng.randint(1950, 2024)),
                 city="Moscow" if kind == "book" else None,
                 container=rng.choice(["Cold War History", "Voprosy istorii", "Kritika"])
                 if kind == "article" else None, pages=str(rng.randint(1, 600)))
    works.append(c.with_(pages=None))
    return c


def generate(n_citations: int, notes_per_doc: int = 200, seed: int = 7) -> tuple[list[Document], list[str]]:
    """Parsed documents holding N_CITATIONS citations, and one plain-text line per citation."""
    rng = random.Random(seed)
    docs: list[Document] = []
    lines: list[str] = []
    works: list[Citation] = []
    count = 0
    d = 0
    while count < n_citations:
        notes: list[Note] = []
        last: Citation | None = None
        for n in range(1, notes_per_doc + 1):
            if count >= n_citations:
                break
            roll = rng.random()
            if last is not None and last.kind == "archival" and roll < 0.25:
                leaves = str(rng.randint(1, 300))
                target = last.with_(leaves=leaves)
                cites = (Citation("ibid", raw=f"Ibid., l. {leaves}.", leaves=leaves, target=n - 1,
                                  status="resolved", resolved=target),)
                text = f"Ibid., l. {leaves}."
            elif roll < 0.65:
                last = _unit(rng)
                cites = (last,)
                text = f"{last.shelfmark}. {' '.join(rng.choice(WORDS) for _ in range(8))}"
            else:
                c = _work(rng, works)
                cites = (c,) if rng.random() < 0.8 else (c, _unit(rng))
                who = ", ".join(p.family for p in c.authors)
                text = f"{who}. {c.title}. {c.year}. P. {c.pages}. {rng.choice(FAMILIES)} wrote."
            notes.append(Note(n, text, cites))
            lines.extend(text for _ in cites)
            count += len(cites)
        docs.append(Document(f"doc{d:04d}.txt", tuple(notes)))
        d += 1
    return docs, lines


def _items(docs: list[Document], base: Path) -> list[store.IngestItem]:
    return [store.IngestItem(str(base / d.source), f"{i:064x}", d) for i, d in enumerate(docs)]


# Timed from a small helper process: a child forked from this (large) benchmark process
# would count the parent's pages in its own peak RSS.
_HELPER = (
    "import json, os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)\n"
    "out = p.stdout.read()\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "wall = time.perf_counter() - t\n"
    "head = json.dumps([wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status)])\n"
    "sys.stdout.buffer.write(head.encode() + b'\\n' + out)\n"
)


def _cold(args: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall seconds and peak RSS (MB) of one fresh process, and its stdout."""
    import json

    done = subprocess.run([sys.executable, "-c", _HELPER, *args], env=env, capture_output=True,
                          check=True)
    head, _, out = done.stdout.partition(b"\n")
    wall, maxrss_kb, code = json.loads(head)
    if code != 0:
        raise SystemExit(f"{' '.join(args)} exited {code}")
    return wall, maxrss_kb / 1024, out


def _ingest_phase(citations: int, library: Path) -> None:
    """Child process: generate, then ingest in one batch; print seconds and peak RSS (MB)."""
    import json
    import resource

    docs, _ = generate(citations)
    items = _items(docs, library.parent)
    del docs
    gc.collect()
    before = _rss_mb()
    t = time.perf_counter()
    report = store.ingest(items, library)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "documents_mb": before,
                      **report.summary()}))


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return 0.0


def _size_mb(library: Path) -> float:
    parts = store.files.parts_dir(library)
    total = library.stat().st_size + sum(f.stat().st_size for f in parts.rglob("*") if f.is_file())
    return total / 1e6


def main() -> None:
    import json
    import statistics

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citations", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="write the library here and keep it")
    ap.add_argument("--repeat", type=int, default=3, help="cold runs per query (best is shown)")
    ap.add_argument("--edits", type=int, default=20, help="add/remove rounds timed")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    opts = ap.parse_args()

    work = opts.keep or Path(tempfile.mkdtemp(prefix="refcli-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    library = work / "library.json"
    if opts.phase == "ingest":
        _ingest_phase(opts.citations, library)
        return
    for old in work.glob("library.json*"):
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    t = time.perf_counter()
    _, lines = generate(opts.citations)
    t_gen = time.perf_counter() - t
    text_file = work / "citations.txt"
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    del lines

    done = subprocess.run([sys.executable, __file__, "--phase", "ingest", "--keep", str(work),
                           "--citations", str(opts.citations)], capture_output=True, check=True)
    bulk = json.loads(done.stdout)
    lib = store.Library.open(library)
    n_sources = len(lib.source_rows())
    t = time.perf_counter()
    sum(i * i for i in range(3_000_000))
    print(f"machine: a fixed Python loop takes {time.perf_counter() - t:.3f} s now "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"library: {bulk['citations']:,} citations, {bulk['notes']:,} notes, {n_sources:,} "
          f"sources, {bulk['documents']} documents, {_size_mb(library):.1f} MB on disk "
          f"(catalogue {library.stat().st_size / 1e3:.0f} kB; generated in {t_gen:.1f} s)")
    print(f"ingest of the whole corpus (one batch): {bulk['seconds']:6.2f} s, peak "
          f"{bulk['peak_mb']:.0f} MB ({bulk['documents_mb']:.0f} MB of it the parsed documents "
          "held before the ingest started)")

    extra, _ = generate(200, seed=99)
    item = store.IngestItem(str(work / "extra.txt"), "f" * 64, Document("extra.txt", extra[0].notes))
    adds, removes = [], []
    for _ in range(opts.edits):
        t = time.perf_counter()
        store.ingest([item], library)
        adds.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.remove_document("extra.txt", library)
        removes.append(time.perf_counter() - t)

    def spread(xs: list[float]) -> str:
        return (f"best {min(xs):.3f} s, median {statistics.median(xs):.3f} s, "
                f"worst {max(xs):.3f} s")

    print(f"add one 200-note document ({opts.edits} runs):  {spread(adds)}")
    print(f"remove one document ({opts.edits} runs):        {spread(removes)}")
    print("  (the worst run of each is the one that merged the index segments into one file)")

    gc.collect()
    env = dict(os.environ, REFCLI_LIBRARY=str(library), NO_COLOR="1")
    refcli = [sys.executable, "-m", "refcli"]
    base = min(_cold([*refcli, "archives", "GARF", "--json"], env)[0] for _ in range(opts.repeat))
    print(f"refcli start-up floor (archives GARF --json, no library read): {base:.3f} s\n")

    queries = [("Mikoyan", "mikoyan|микоян"), ("Микоян", "mikoyan|микоян"),
               ("archive:GARF fond:5446", "GARF, f. (R-)?5446,"),
               ("author:Pantsov year:2000..2010", "pantsov"),
               ('"central committee"', "central committee"), ("Mikoyn", "mikoyn")]
    print(f"{'query':34} {'results':>8} {'search s':>9} {'- floor':>8} {'peak MB':>8} {'grep -c s':>10}")
    for q, pattern in queries:
        runs = [_cold([*refcli, "search", q, "--json", "--limit", "20"], env) for _ in range(opts.repeat)]
        wall = min(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        total = json.loads(runs[0][2])["total"]
        g = []
        for _ in range(opts.repeat):
            start = time.perf_counter()
            subprocess.run(["grep", "-c", "-i", "-E", pattern, str(text_file)],
                           stdout=subprocess.DEVNULL, check=False)
            g.append(time.perf_counter() - start)
        print(f"{q:34} {total:8,} {wall:9.3f} {wall - base:8.3f} {peak:8.0f} {min(g):10.4f}")
    if not opts.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
