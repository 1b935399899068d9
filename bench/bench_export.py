"""Export time for 100,000 citations in each format (prints figures; asserts nothing).

Synthetic but realistic records: archival units of several archives (some with papka and a
Cyrillic title), Russian and English books, articles, chapters, web pages and documents. Two
cases: every citation its own source (100,000 entries, the worst case), and 100,000 citations
of 10,000 archival units at ten leaves each (one entry per unit, or per leaf with --per-leaf).

    .venv/bin/python bench/bench_export.py [N]
"""

from __future__ import annotations

import sys
import time

from refcli.exporters import export
from refcli.model import Citation, Document, Note, Person
from refcli.registry import Registry
from refcli.sources import collect_sources

ARCHIVES = ("GARF", "RGANI", "RGASPI", "AVP RF", "RGAE")


def _citation(i: int) -> Citation:
    kind = i % 6
    if kind in (0, 1):
        return Citation("archival", archive=ARCHIVES[i % len(ARCHIVES)], fond=f"R-{i % 9000}",
                        opis=f"{i % 97}s", papka=str(i % 400) if i % 3 == 0 else None,
                        delo=str(i), leaves=f"{i % 300}-{i % 300 + 2}",
                        title=f"Протокол № {i} заседания Президиума ЦК" if i % 4 == 0 else None)
    if kind == 2:
        return Citation("book", authors=(Person(f"Пантсов{i}", "А. В."),),
                        title=f"Мао Цзэдун: том {i}", city="Москва", publisher="Молодая гвардия",
                        year=str(1950 + i % 70), pages=str(i % 500))
    if kind == 3:
        return Citation("article", authors=(Person(f"Selivanov{i}", "I. N."), Person("Konoreva", "I. A.")),
                        title=f"Moscow -- Hanoi & the {i}% question", container="Voprosy istorii",
                        year=str(1950 + i % 70), issue=str(i % 12 + 1), pages="3-17")
    if kind == 4:
        return Citation("chapter", authors=(Person(f"Marr{i}", "D."),), editors=(Person("Goscha", "C."),),
                        title=f"Vietnam {i}: {{the}} quest_for #power", container="Essays",
                        year="1995", pages="10-20", city="Berkeley")
    return Citation("document", title=f"Record of a Conversation no. {i}", date="1957-08-23",
                    url=f"https://digitalarchive.wilsoncenter.org/document/{i}#p%20{i}",
                    container="Wilson Center Digital Archive")


def _documents(citations: list[Citation], per_doc: int = 1000) -> list[Document]:
    docs = []
    for d in range(0, len(citations), per_doc):
        notes = tuple(Note(n + 1, c.raw, (c,)) for n, c in enumerate(citations[d:d + per_doc]))
        docs.append(Document(f"doc{d // per_doc}.txt", notes))
    return docs


def _time(label: str, func) -> object:
    start = time.perf_counter()
    out = func()
    took = time.perf_counter() - start
    size = f", {len(out) / 1e6:.1f} MB" if isinstance(out, str) else ""
    print(f"  {label:<34} {took:7.2f} s{size}")
    return out


def main(n: int = 100_000) -> None:
    registry = Registry.load(None)
    print(f"{n:,} citations, each its own source:")
    sources = _time("collect_sources (keys)", lambda: collect_sources(_documents([_citation(i) for i in range(n)])))
    print(f"  ({len(sources):,} sources)")
    for fmt in ("biblatex", "bibtex", "csl-json"):
        _time(f"export {fmt}", lambda fmt=fmt: export(sources, fmt, registry))

    units = max(1, n // 10)
    print(f"\n{n:,} citations of {units:,} archival units at ten leaves each:")
    cites = [Citation("archival", archive=ARCHIVES[u % len(ARCHIVES)], fond=str(u % 9000),
                      opis="1", delo=str(u), leaves=str(leaf))
             for u in range(units) for leaf in range(1, 11)]
    sources = _time("collect_sources (keys)", lambda: collect_sources(_documents(cites)))
    for fmt in ("biblatex", "bibtex", "csl-json"):
        _time(f"export {fmt}", lambda fmt=fmt: export(sources, fmt, registry))
    _time("export biblatex --per-leaf", lambda: export(sources, "biblatex", registry, per_leaf=True))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
