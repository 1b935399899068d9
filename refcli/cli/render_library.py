"""What the library commands show people: tables, cards, a progress bar (rich lives here)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .render import error, print_json, stderr_console, stdout_console, warn

__all__ = ["checked", "documents_table", "empty_library", "error", "imported", "ingest_summary",
           "print_json", "problems", "progress", "rekeyed", "removed", "restored", "search_table",
           "show_source", "stats_view", "upgraded", "warn"]


def problems(found: list[str]) -> None:
    """The damaged records a command met and skipped: one line on stderr."""
    if not found:
        return
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    warn(f"{found[0]}{more}; `refcli library check` lists what is damaged")


@contextmanager
def progress(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr over TOTAL files (only on a terminal, only for several)."""
    console = stderr_console()
    if total < 2 or not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


def empty_library(path: Path, json_: bool, empty: dict[str, Any]) -> None:
    if json_:
        print_json(empty)
    else:
        stdout_console().print(Text(f"The library is empty (no file at {path}); "
                                    "add documents with `refcli ingest FILE`."))


def ingest_summary(report: Any, failed: int) -> None:
    console = stdout_console()
    for d in report.documents:
        if d.status in ("unchanged", "retagged"):
            note = " (tags updated)" if d.status == "retagged" else ""
            console.print(Text(f"{d.name}: unchanged, skipped{note}", style="dim"))
        else:
            console.print(Text(f"{d.name}: {d.status} — {_n(d.notes, 'note')}, "
                               f"{_n(d.citations, 'citation')}, {d.new_sources} new, "
                               f"{_n(d.findings, 'finding')}"))
    s = report.summary()
    line = (f"{_n(s['documents'], 'document')} stored ({s['unchanged']} unchanged), "
            f"{_n(s['notes'], 'note')}, {_n(s['citations'], 'citation')}, "
            f"{_n(s['new_sources'], 'new source')}, {_n(s['findings'], 'finding')}")
    if failed:
        line += f"; {_n(failed, 'file')} could not be read"
    console.print(Text(line, style="bold"))
    if not report.written:
        console.print(Text(f"library unchanged: {report.library}", style="dim"))


def _n(count: int, word: str) -> str:
    """``1 source``, ``2 sources``."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def _highlight(text: str, words: list[str]) -> Text:
    t = Text(text)
    for w in words:
        for part in w.split():
            if len(part) > 1:
                t.highlight_regex(re.compile(re.escape(part), re.IGNORECASE), "bold magenta")
    return t


def _reference(s: dict[str, Any]) -> str:
    from ..library.views import label

    return label(s)


def search_table(outcome: Any) -> None:
    console = stdout_console()
    if outcome.corrections:
        fixed = ", ".join(f"{a} → {b}" for a, b in outcome.corrections.items())
        console.print(Text(f"no exact match; showing close matches ({fixed})", style="yellow"))
    if not outcome.hits:
        console.print(Text(f"no sources match {outcome.query.text!r}"))
        return
    shown = len(outcome.hits)
    more = f", showing {shown}" if shown < outcome.total else ""
    verb = "matches" if outcome.total == 1 else "match"
    table = Table(title=Text(f"{_n(outcome.total, 'source')} {verb} {outcome.query.text!r}{more}"))
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("kind")
    table.add_column("reference", overflow="fold")
    table.add_column("cited at", overflow="fold")
    table.add_column("notes", justify="right")
    table.add_column("documents", overflow="fold", style="dim")
    for hit in outcome.hits:
        s = hit.source
        where = ", ".join(s.get("leaves", [])[:12]) + (" …" if len(s.get("leaves", [])) > 12 else "")
        table.add_row(_highlight(s["key"], hit.matched), s["kind"],
                      _highlight(_reference(s), hit.matched), Text(where), str(s.get("cited", 0)),
                      Text(", ".join(s.get("documents", []))))
    console.print(table)


_FIELD_ORDER = ("archive", "fond", "opis", "papka", "karton", "delo", "tom", "collection", "series",
                "entry", "box", "folder", "piece", "item", "shelfmark",
                "authors", "editors", "title", "title_translated", "container",
                "volume", "issue", "year", "date", "city", "publisher", "pages", "url", "raw",
                "extra")


def _value(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(_value(x) for x in v)
    if isinstance(v, dict):
        if "family" in v:
            return " ".join(x for x in (v.get("family"), v.get("given"), v.get("suffix")) if x)
        return "; ".join(f"{k} = {x}" for k, x in v.items())
    return str(v)


def show_source(data: dict[str, Any], title: str) -> None:
    console = stdout_console()
    console.print(Text(data["key"], style="bold") + Text(f"  ({data['kind']})  ") + Text(title))
    if data.get("archive_name"):
        name = data["archive_name"] + (f" / {data['archive_name_ru']}" if data.get("archive_name_ru") else "")
        console.print(Text("  archive: ", style="dim") + Text(f"{data['archive']} — {name}"))
    for k in _FIELD_ORDER:
        if k in data and k != "archive":
            console.print(Text(f"  {k}: ", style="dim") + Text(_value(data[k])))
    variants = data.get("variants") or []
    if variants:
        console.print(Text(f"  written {len(variants)} ways:", style="dim"))
        for v in variants:
            console.print(Text("    " + v))
    console.print(Text(f"  cited in {_n(data['cited'], 'note')} of "
                       f"{_n(len(data['documents']), 'document')}", style="dim"))
    if data.get("imported"):
        console.print(Text("  imported from BibTeX", style="dim"))
    notes = data.get("notes", [])
    if not notes:
        return
    table = Table(show_header=True)
    table.add_column("leaf" if data["kind"] == "archival" else "locator")
    table.add_column("document", overflow="fold")
    table.add_column("notes", overflow="fold")
    grouped: dict[tuple[str, str], list[str]] = {}
    for c in notes:
        loc = c.get("locator", "—")
        grouped.setdefault((loc, c["document"]), []).append(
            str(c["note"]) + (f" ({c['via']})" if c.get("via") else ""))
    for (loc, doc), ns in grouped.items():
        table.add_row(Text(loc), Text(doc), Text(", ".join(ns)))
    console.print(table)


def stats_view(data: dict[str, Any]) -> None:
    console = stdout_console()
    console.print(Text(f"{_n(data['documents'], 'document')}, {_n(data['notes'], 'note')}, "
                       f"{_n(data['citations'], 'citation')}, {_n(data['sources'], 'source')}",
                       style="bold"))

    def counts(title: str, values: dict[str, int]) -> None:
        if not values:
            return
        table = Table(title=Text(title))
        table.add_column(title.split()[-1])
        table.add_column("sources", justify="right")
        for k, v in values.items():
            table.add_row(Text(k), str(v))
        console.print(table)

    counts("sources by kind", data["by_kind"])
    counts("units by archive", data["by_archive"])
    counts("sources by decade", data["by_decade"])
    for title, rows in (("most-cited units", data["most_cited_units"]),
                        ("most-cited works", data["most_cited_works"])):
        if not rows:
            continue
        table = Table(title=Text(title))
        table.add_column("key", style="bold")
        table.add_column("reference", overflow="fold")
        table.add_column("notes", justify="right")
        for r in rows:
            table.add_row(Text(r["key"]), Text(r["label"]), str(r["cited"]))
        console.print(table)


def documents_table(docs: list[dict[str, Any]]) -> None:
    console = stdout_console()
    table = Table(title=Text(_n(len(docs), "document")))
    table.add_column("name", style="bold", overflow="fold")
    table.add_column("notes", justify="right")
    table.add_column("citations", justify="right")
    table.add_column("findings", justify="right")
    table.add_column("tags")
    table.add_column("ingested")
    table.add_column("path", overflow="fold", style="dim")
    for d in docs:
        table.add_row(Text(d["name"]), str(d.get("notes", 0)), str(d.get("citations", 0)),
                      str(d.get("findings", 0)), Text(", ".join(d.get("tags", []))),
                      d.get("ingested", ""), Text(d.get("path", "")))
    console.print(table)


def removed(report: Any) -> None:
    stdout_console().print(Text(
        f"removed {report.document}: {_n(report.notes, 'note')}, "
        f"{_n(report.citations, 'citation')}; {report.dropped_sources} no longer cited "
        f"{'source was' if report.dropped_sources == 1 else 'sources were'} dropped"))


def imported(report: Any, warnings: int) -> None:
    console: Console = stdout_console()
    for entry, key in report.merged:
        console.print(Text(f"{entry}: already in the library as {key}; merged", style="dim"))
    for entry, key in report.renamed:
        console.print(Text(f"{entry}: key taken by another source; stored as {key}", style="yellow"))
    line = f"{_n(len(report.added), 'source')} added, {len(report.merged)} merged"
    if warnings:
        line += f"; {warnings} {'entry' if warnings == 1 else 'entries'} could not be read"
    console.print(Text(line, style="bold"))


def rekeyed(report: Any, dry_run: bool) -> None:
    console = stdout_console()
    if not report.changes:
        console.print(Text("every key is already what its record gives; nothing to change"))
        return
    table = Table(title=Text(f"{_n(len(report.changes), 'key')} "
                             + ("would change (dry run)" if dry_run else "changed")))
    table.add_column("old key")
    table.add_column("new key", style="bold")
    for old, new in report.changes:
        table.add_row(Text(old), Text(new))
    console.print(table)


def checked(report: Any) -> None:
    console = stdout_console()
    if not report.exists:
        console.print(Text(f"no library at {report.library}; nothing to check"))
        return
    console.print(Text(f"{report.library}: {_n(report.documents, 'document')}, "
                       f"{_n(report.imports, 'import')}, {_n(report.sources, 'source')}",
                       style="bold"))
    console.print(Text(f"  index: {report.index}; rebuilt from the documents' files"))
    console.print(Text(f"  backup of the catalogue: {report.backup}"))
    if report.removed:
        console.print(Text(f"  removed {_n(len(report.removed), 'file')} left by interrupted "
                           "writes"))
    if report.damaged:
        console.print(Text(f"  {_n(len(report.damaged), 'damaged record')} (skipped by every "
                           "command; re-ingest or re-import the file to repair):", style="yellow"))
        for line in report.damaged:
            console.print(Text("    " + line))
    else:
        console.print(Text("  every record reads: the library is consistent", style="green"))


def restored(kept: str) -> None:
    line = "restored the last good catalogue"
    if kept:
        line += f"; the one it replaced is kept as {kept}"
    stdout_console().print(Text(line))


def upgraded(documents: int, sources: int, kept: str) -> None:
    stdout_console().print(Text(f"converted {_n(documents, 'document')} and "
                                f"{_n(sources, 'source')} (keys kept); the old file is {kept}"))
