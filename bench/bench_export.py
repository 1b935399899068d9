"""Time of every export refcli has, on a large generated library (prints figures; asserts
nothing).

Synthetic but realistic records: archival units of several archives (some with papka and a
Cyrillic title), Russian and English books, articles, chapters, web pages and documents, and
the works biblatex types by what the note leaves out (unsigned books and newspaper pieces,
undated web pages, a note that is only text). Measured:

1. every citation its own source (N entries, the worst case): ``refcli export`` in each
   format (biblatex, bibtex, csl-json, ris), and biblatex ``--per-leaf``;
2. N citations of N/10 archival units at ten leaves each: each format, and ``--per-leaf``;
3. ``refcli sources`` (the sources list of a thesis) on the first M sources of case 1, in
   each style (gost, chicago) — building it (grouping the archival units, and citeproc-py
   rendering the published works) and rendering it in each format (text, markdown, latex,
   docx). citeproc-py is the slow part, so M is smaller than N.

    .venv/bin/python bench/bench_export.py [--citations N] [--sources M]
"""

from __future__ import annotations

import argparse
import time

from refcli import sources_list
from refcli.exporters import FORMATS, export
from refcli.model import Citation, Document, Note, Person
from refcli.registry import Registry
from refcli.sources import collect_sources

ARCHIVES = ("GARF", "RGANI", "RGASPI", "AVP RF", "RGAE")


def _citation(i: int) -> Citation:
    kind = i % 10
    if kind in (0, 1, 2):
        return Citation("archival", archive=ARCHIVES[i % len(ARCHIVES)], fond=f"R-{i % 9000}",
                        opis=f"{i % 97}s", papka=str(i % 400) if i % 3 == 0 else None,
                        delo=str(i), leaves=f"{i % 300}-{i % 300 + 2}",
                        title=f"Протокол № {i} заседания Президиума ЦК" if i % 4 == 0 else None)
    if kind == 3:
        return Citation("book", authors=(Person(f"Пантсов{i}", "А. В."),),
                        title=f"Мао Цзэдун: том {i}", city="Москва", publisher="Молодая гвардия",
                        year=str(1950 + i % 70), pages=str(i % 500))
    if kind == 4:
        return Citation("article", authors=(Person(f"Selivanov{i}", "I. N."), Person("Konoreva", "I. A.")),
                        title=f"Moscow -- Hanoi & the {i}% question", container="Voprosy istorii",
                        year=str(1950 + i % 70), issue=str(i % 12 + 1), pages="3-17")
    if kind == 5:
        return Citation("chapter", authors=(Person(f"Marr{i}", "D."),), editors=(Person("Goscha", "C."),),
                        title=f"Vietnam {i}: {{the}} quest_for #power", container="Essays",
                        year="1995", pages="10-20", city="Berkeley")
    if kind == 6:  # titles and years as varied as a digital archive's
        what = ("Record of a Conversation", "Memorandum", "Telegram", "Letter", "Minutes")[i % 5]
        return Citation("document", title=f"{what} no. {i}", date=f"{1945 + i % 47}-08-23",
                        url=f"https://digitalarchive.wilsoncenter.org/document/{i}#p%20{i}",
                        container="Wilson Center Digital Archive")
    if kind == 7:  # unsigned: a congress's report (@proceedings), a newspaper piece
        # (the number early in the title: authorless works are matched within the first
        # three words of their title and their year, and real ones differ there)
        year = 1917 + i % 75
        if i % 20 == 7:
            return Citation("book", title=f"{i % 30 + 1} s'ezd KPSS {i}. Stenograficheskii otchet",
                            city="Moscow", publisher="Gospolitizdat", year=str(year), volume=str(i % 3 + 1))
        return Citation("article", title=f"Report {i} of the CC", container="Pravda",
                        date=f"{year}-02-{i % 28 + 1:02d}", year=str(year))
    if kind == 8:  # web pages, every other one undated (@webpage)
        return Citation("web", authors=(Person(f"Mikoyan{i}", "A. I."),), title="Tak bylo",
                        container="Militera", url=f"http://militera.lib.ru/memo/{i}.html",
                        year="2001" if i % 2 else None)
    return Citation("other", raw=f"Interview {i} with the author, Moscow, 12 May 1999")


def _documents(citations: list[Citation], per_doc: int = 1000) -> list[Document]:
    docs = []
    for d in range(0, len(citations), per_doc):
        notes = tuple(Note(n + 1, c.raw, (c,)) for n, c in enumerate(citations[d:d + per_doc]))
        docs.append(Document(f"doc{d // per_doc}.txt", notes))
    return docs


def _time(label: str, func, figures: list[tuple[str, float, str]]) -> object:
    start = time.perf_counter()
    out = func()
    took = time.perf_counter() - start
    size = f"{len(out) / 1e6:.1f} MB" if isinstance(out, (str, bytes)) else ""
    print(f"  {label:<44} {took:8.2f} s  {size}", flush=True)
    figures.append((label, took, size))
    return out


def main(n: int = 100_000, m: int = 2_000) -> None:
    registry = Registry.load(None)
    figures: list[tuple[str, float, str]] = []
    print(f"{n:,} citations, each its own source:")
    sources = _time("collect_sources (keys)",
                    lambda: collect_sources(_documents([_citation(i) for i in range(n)])), figures)
    print(f"  ({len(sources):,} sources)")
    for fmt in FORMATS:
        _time(f"export {fmt}", lambda fmt=fmt: export(sources, fmt, registry), figures)
    _time("export biblatex --per-leaf", lambda: export(sources, "biblatex", registry, per_leaf=True), figures)

    units = max(1, n // 10)
    print(f"\n{n:,} citations of {units:,} archival units at ten leaves each:")
    cites = [Citation("archival", archive=ARCHIVES[u % len(ARCHIVES)], fond=str(u % 9000),
                      opis="1", delo=str(u), leaves=str(leaf))
             for u in range(units) for leaf in range(1, 11)]
    units_sources = _time("collect_sources (keys)", lambda: collect_sources(_documents(cites)), figures)
    for fmt in FORMATS:
        _time(f"export {fmt}", lambda fmt=fmt: export(units_sources, fmt, registry), figures)
        _time(f"export {fmt} --per-leaf",
              lambda fmt=fmt: export(units_sources, fmt, registry, per_leaf=True), figures)

    subset = sources[:m]
    published = sum(1 for s in subset if s.kind != "archival")
    print(f"\nrefcli sources on {len(subset):,} sources ({published:,} published works through citeproc-py):")
    for style in sources_list.STYLES:
        built = _time(f"sources --style {style}: build",
                      lambda style=style: sources_list.build(subset, style, registry), figures)
        print(f"  ({len(built.published):,} published works listed; "
              f"{published / max(1e-9, figures[-1][1]):,.0f} works/s through citeproc-py)")
        for fmt in sources_list.FORMATS:
            _time(f"sources --style {style} --format {fmt}",
                  lambda fmt=fmt, built=built: sources_list.render(built, fmt), figures)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citations", type=int, default=100_000, help="N (default 100,000)")
    parser.add_argument("--sources", type=int, default=2_000,
                        help="M sources for `refcli sources` (default 2,000)")
    args = parser.parse_args()
    main(args.citations, args.sources)
