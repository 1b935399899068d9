"""Parse throughput on a generated mixed corpus of notes.

    python bench/bench_parse.py [--notes N] [--seed S]

Generates N varied notes (archival shelfmarks in Latin and Cyrillic, Russian and Western
books, articles, chapters, newspapers, web pages, Ibid. and op. cit., commentary with and
without citations inside it, several citations per note), parses each with
``parse_note`` and prints notes per second, the citation kinds found and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refcli.labeller import load_labeller
from refcli.parsers.note import parse_note
from refcli.registry import Registry

FAMILIES = ["Selivanov", "Pantsov", "Lankov", "Kapitsa", "Zubkova", "Khlevniuk", "Taubman", "Westad"]
CYR_FAMILIES = ["Иванов", "Хлевнюк", "Зубкова", "Симонов", "Жуков", "Микоян"]
INITIALS = ["A. V.", "I. N.", "M. S.", "O. V.", "E. Iu."]
CYR_INITIALS = ["И. И.", "О. В.", "Е. Ю.", "А. И."]
TITLES = ["Mao Zedong", "Moscow and Hanoi, 1950-1965", "The Cold War in Asia", "Secret trips of Uncle Ho",
          "Na raznykh parallelyakh [On different parallels]", "Stalin's Curse"]
CYR_TITLES = ["Общество и реформы", "Сталин и Орджоникидзе", "Так было. Размышления о минувшем"]
JOURNALS = ["Voprosy istorii", "Rodina", "Novaya i noveishaya istoriya", "Cold War History"]
CYR_JOURNALS = ["Вопросы истории", "Отечественная история", "Известия ЦК КПСС"]
CITIES = ["Moscow", "M.", "SPb.", "London", "Paris", "New York"]
PUBLISHERS = ["ROSSPEN Publ.", "Nauka", "Molodaya gvardiya publ.", "Oxford University Press"]
ARCHIVES = ["GARF", "RGANI", "RGASPI", "AVP RF"]
COMMENTARY = [
    "In the spring of 1957, China, Vietnam, and the MNR received the nominal head of the Soviet state with honours.",
    "A. I. Mikoyan has traveled to Afghanistan, Pakistan, India and Burma since March 20, 1956.",
    "The plenum of the Central Committee was held from 19 to 24 April 1956.",
    "He died in 1974 and was buried in Moscow at the Novodevichy Cemetery.",
]


def _pages(r: random.Random) -> str:
    a = r.randint(1, 600)
    return f"{a}-{a + r.randint(1, 20)}" if r.random() < 0.5 else str(a)


def _archival(r: random.Random) -> str:
    if r.random() < 0.5:
        return (f"{r.choice(ARCHIVES)}, f. {r.choice(['', 'R-'])}{r.randint(1, 9999)}, op. {r.randint(1, 120)}"
                f"{r.choice(['', ' s'])}, d. {r.randint(1, 2000)}, l{'l' if r.random() < 0.4 else ''}. {_pages(r)}.")
    return (f"ГАРФ. Ф. Р-{r.randint(1, 9999)}. Оп. {r.randint(1, 120)}. Д. {r.randint(1, 2000)}. "
            f"Л. {r.randint(1, 300)}{r.choice(['', ' об.'])}.")


def _book(r: random.Random) -> str:
    year = r.randint(1950, 2020)
    style = r.randrange(3)
    if style == 0:
        return (f"{r.choice(FAMILIES)} {r.choice(INITIALS)} {r.choice(TITLES)}, {r.choice(CITIES)}, "
                f"{r.choice(PUBLISHERS)}, {year}, pp. {_pages(r)}.")
    if style == 1:
        return f"{r.choice(CYR_FAMILIES)} {r.choice(CYR_INITIALS)} {r.choice(CYR_TITLES)}. М.: Наука, {year}. С. {_pages(r)}."
    return (f"John {r.choice(FAMILIES)}, {r.choice(TITLES)} (New York: Oxford University Press, {year}), "
            f"{_pages(r)}.")


def _article(r: random.Random) -> str:
    year = r.randint(1950, 2020)
    if r.random() < 0.5:
        return (f"{r.choice(FAMILIES)} {r.choice(INITIALS)} {r.choice(TITLES)} {r.choice(['//', '/ /'])} "
                f"{r.choice(JOURNALS)}, {year}, {r.choice(['No.', 'N', '№'])} {r.randint(1, 12)}.")
    if r.random() < 0.5:
        return (f"{r.choice(CYR_FAMILIES)} {r.choice(CYR_INITIALS)} {r.choice(CYR_TITLES)} // "
                f"{r.choice(CYR_JOURNALS)}. {year}. № {r.randint(1, 12)}. С. {_pages(r)}.")
    return f"Pravda, {r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{year}."


def _web(r: random.Random) -> str:
    return f"{r.choice(FAMILIES)} {r.choice(INITIALS)} {r.choice(TITLES)} / / website Juche - http.://www.site{r.randint(1, 99)}. ru"


def _backref(r: random.Random) -> str:
    if r.random() < 0.6:
        return r.choice([f"Ibid., l. {r.randint(1, 300)}.", f"Ibid., p. {r.randint(1, 300)}.", f"Там же. С. {r.randint(1, 300)}."])
    return f"{r.choice(FAMILIES)} {r.choice(INITIALS)} op. cit., pp. {_pages(r)}."


MAKERS = [_archival, _book, _article, _web, _backref]


def make_note(r: random.Random) -> str:
    roll = r.random()
    if roll < 0.15:
        return r.choice(COMMENTARY)
    if roll < 0.3:
        return f"{r.choice(COMMENTARY)[:-1]} (see, for example, {r.choice(MAKERS[:3])(r).rstrip('.')})."
    if roll < 0.45:
        return f"For more information, see: {r.choice(MAKERS)(r).rstrip('.')}; {r.choice(MAKERS)(r)}"
    if roll < 0.55:
        return f"{_archival(r)} {r.choice(COMMENTARY)}"
    return r.choice(MAKERS)(r)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=100_000, help="how many notes to generate (100,000)")
    ap.add_argument("--seed", type=int, default=1956)
    args = ap.parse_args(argv)
    r = random.Random(args.seed)
    notes = [make_note(r) for _ in range(args.notes)]
    registry = Registry.load()
    labeller = load_labeller()
    chars = sum(map(len, notes))

    # the first note compiles the registry's matcher and the parser's patterns once per
    # process: timed apart, so that the throughput is the steady rate
    warm = time.perf_counter()
    parse_note(notes[0], registry, labeller)
    first = time.perf_counter() - warm

    kinds: Counter[str] = Counter()
    start, cpu_start = time.perf_counter(), time.process_time()
    for text in notes:
        for c in parse_note(text, registry, labeller).citations:
            kinds[c.kind] += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    tracemalloc.start()
    for text in notes[: min(len(notes), 5000)]:
        parse_note(text, registry, labeller)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"notes: {len(notes):,} ({chars / 1e6:.1f} MB of text)")
    print(f"parse: {elapsed:.2f} s, {len(notes) / elapsed:,.0f} notes/s, {chars / elapsed / 1e6:.2f} MB/s "
          f"(CPU time {cpu:.2f} s, {len(notes) / cpu:,.0f} notes/s; load average {os.getloadavg()[0]:.2f})")
    print(f"first note (compiling the registry's matcher and the patterns, once per process): {first:.2f} s")
    print(f"citations: {sum(kinds.values()):,} ({', '.join(f'{k} {n:,}' for k, n in kinds.most_common())})")
    print(f"peak memory: {rss:.0f} MB resident (whole process, corpus included); "
          f"{traced_peak / 1e6:.2f} MB traced while parsing {min(len(notes), 5000):,} notes")


if __name__ == "__main__":
    main()
