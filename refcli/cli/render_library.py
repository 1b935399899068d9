"""What the library commands show people: tables, cards, a progress bar (rich lives here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from .render import (
    GAP,
    clean,
    compact_table,
    error,
    left_cut,
    print_json,
    progress,
    right_cut,
    stdout_console,
    summary,
    text,
    tidy,
    warn,
)

__all__ = ["checked", "documents_table", "empty_library", "error", "imported", "ingest_summary",
           "print_json", "problems", "progress", "rekeyed", "removed", "restored", "search_table",
           "show_source", "stats_view", "upgraded", "warn"]


def problems(found: list[str]) -> None:
    """The damaged records a command met and skipped: one line on stderr."""
    if not found:
        return
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    warn(f"{found[0]}{more}; `refcli library check` lists what is damaged")


def empty_library(path: Path, json_: bool, empty: dict[str, Any]) -> None:
    if json_:
        print_json(empty)
    else:
        summary(stdout_console(), text(f"The library is empty (no file at {path}); "
                                       "add documents with `refcli ingest FILE`."))


def ingest_summary(report: Any, failed: int) -> None:
    console = stdout_console()
    for d in report.documents:
        if d.status in ("unchanged", "retagged"):
            note = " (tags updated)" if d.status == "retagged" else ""
            console.print(text(f"{d.name}: unchanged, skipped{note}", style="dim"))
        else:
            console.print(text(f"{d.name}: {d.status} — {_n(d.notes, 'note')}, "
                               f"{_n(d.citations, 'citation')}, {d.new_sources} new, "
                               f"{_n(d.findings, 'finding')}"))
    s = report.summary()
    line = (f"{_n(s['documents'], 'document')} stored ({s['unchanged']} unchanged), "
            f"{_n(s['notes'], 'note')}, {_n(s['citations'], 'citation')}, "
            f"{_n(s['new_sources'], 'new source')}, {_n(s['findings'], 'finding')}")
    if failed:
        line += f"; {_n(failed, 'file')} could not be read"
    summary(console, text(line, style="bold"))
    if not report.written:
        console.print(text(f"library unchanged: {report.library}", style="dim"))


def _n(count: int, word: str) -> str:
    """``1 source``, ``2 sources``."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def _highlight(value: str, words: list[str]) -> Text:
    t = text(value)
    for w in words:
        for part in w.split():
            if len(part) > 1:
                t.highlight_regex(re.compile(re.escape(part), re.IGNORECASE), "bold magenta")
    return t


def _reference(s: dict[str, Any]) -> str:
    from ..library.views import label

    return tidy(label(s))


def search_table(outcome: Any) -> None:
    console = stdout_console()
    if outcome.corrections:
        fixed = ", ".join(f"{a} → {b}" for a, b in outcome.corrections.items())
        console.print(text(f"no exact match; showing close matches ({fixed})", style="yellow"))
    if not outcome.hits:
        console.print(text(f"no sources match {outcome.query.text!r}"))
        return
    shown = len(outcome.hits)
    more = f", showing {shown}" if shown < outcome.total else ""
    verb = "matches" if outcome.total == 1 else "match"
    width = console.width
    # below 100 columns the documents go (`refcli show KEY` lists them), below 80 the leaves
    with_documents, with_leaves = width >= 100, width >= 80
    summary(console, text(f"{_n(outcome.total, 'source')} {verb} {outcome.query.text!r}{more}",
                          style="bold"))
    table = compact_table()
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("reference", overflow="fold", ratio=3)
    if with_leaves:
        table.add_column("cited at", overflow="fold", ratio=1)
    table.add_column("notes", justify="right", no_wrap=True)
    if with_documents:
        table.add_column("documents", overflow="fold", style="dim", ratio=1)
    for hit in outcome.hits:
        s = hit.source
        where = ", ".join(s.get("leaves", [])[:12]) + (" …" if len(s.get("leaves", [])) > 12 else "")
        row = [_highlight(s["key"], hit.matched), s["kind"], _highlight(_reference(s), hit.matched)]
        if with_leaves:
            row.append(text(where))
        row.append(str(s.get("cited", 0)))
        if with_documents:
            row.append(text(", ".join(s.get("documents", []))))
        table.add_row(*row)
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
    summary(console, text(data["key"], style="bold") + text(f"  ({data['kind']})  ") + text(tidy(title)))
    if data.get("archive_name"):
        name = data["archive_name"] + (f" / {data['archive_name_ru']}" if data.get("archive_name_ru") else "")
        summary(console, text("  archive: ", style="dim") + text(f"{data['archive']} — {name}"))
    for k in _FIELD_ORDER:
        if k in data and k != "archive":
            console.print(text(f"  {k}: ", style="dim") + text(_value(data[k])))
    variants = data.get("variants") or []
    if variants:
        console.print(text(f"  written {len(variants)} ways:", style="dim"))
        for v in variants:
            console.print(text("    " + v))
    console.print(text(f"  cited in {_n(data['cited'], 'note')} of "
                       f"{_n(len(data['documents']), 'document')}", style="dim"))
    if data.get("imported"):
        console.print(text("  imported from BibTeX", style="dim"))
    notes = data.get("notes", [])
    if not notes:
        return
    table = compact_table()
    table.add_column("leaf" if data["kind"] == "archival" else "locator")
    table.add_column("document", overflow="fold")
    table.add_column("notes", overflow="fold")
    grouped: dict[tuple[str, str], list[str]] = {}
    for c in notes:
        loc = c.get("locator", "—")
        grouped.setdefault((loc, c["document"]), []).append(
            str(c["note"]) + (f" ({c['via']})" if c.get("via") else ""))
    for (loc, doc), ns in grouped.items():
        table.add_row(text(loc), text(doc), text(", ".join(ns)))
    console.print(table)


def stats_view(data: dict[str, Any]) -> None:
    console = stdout_console()
    summary(console, text(f"{_n(data['documents'], 'document')}, {_n(data['notes'], 'note')}, "
                          f"{_n(data['citations'], 'citation')}, {_n(data['sources'], 'source')}",
                          style="bold"))

    def counts(title: str, values: dict[str, int]) -> None:
        if not values:
            return
        table = compact_table(text(title))
        table.add_column(title.split()[-1])
        table.add_column("sources", justify="right")
        for k, v in values.items():
            table.add_row(text(k), str(v))
        console.print(table)

    counts("sources by kind", data["by_kind"])
    counts("units by archive", data["by_archive"])
    counts("sources by decade", data["by_decade"])
    for title, rows in (("most-cited units", data["most_cited_units"]),
                        ("most-cited works", data["most_cited_works"])):
        if not rows:
            continue
        table = compact_table(text(title))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("reference", overflow="fold")
        table.add_column("notes", justify="right")
        for r in rows:
            table.add_row(text(r["key"]), text(tidy(r["label"])), str(r["cited"]))
        console.print(table)


def _when(stamp: str, width: int) -> str:
    """An ingestion time whole: ``2026-12-01 09:48`` (UTC), or the date alone below 80
    columns; never cut in the middle."""
    if len(stamp) >= 16 and stamp[10] == "T":
        return stamp[:10] if width < 80 else f"{stamp[:10]} {stamp[11:16]}"
    return stamp


def documents_table(docs: list[dict[str, Any]]) -> None:
    """Name, counts, tags, when, path. The dates stay whole; the path is cut from the left
    (``…/refs/notes.txt``) to the room left, so nothing wraps one character per line."""
    console = stdout_console()
    width = console.width
    narrow = width < 80
    with_tags = not narrow and any(d.get("tags") for d in docs)  # below 80: --json has them
    heads = {"name": "name", "notes": "notes", "citations": "cites" if narrow else "citations",
             "findings": "finds" if narrow else "findings", "tags": "tags",
             "ingested": "ingested", "path": "path"}
    cols = ["name", "notes", "citations", "findings", *(["tags"] if with_tags else []),
            "ingested", "path"]
    rows = [{"name": clean(d["name"]), "notes": str(d.get("notes", 0)),
             "citations": str(d.get("citations", 0)), "findings": str(d.get("findings", 0)),
             "tags": clean(", ".join(d.get("tags", []))), "ingested": _when(d.get("ingested", ""), width),
             "path": clean(d.get("path", ""))} for d in docs]
    natural = {c: max([len(heads[c]), *(cell_len(r[c]) for r in rows)]) for c in cols}
    if with_tags:
        natural["tags"] = min(natural["tags"], 16)
    fixed = sum(natural[c] for c in cols if c not in ("name", "path")) + GAP * (len(cols) - 1)
    room = max(20, width - fixed)
    name_w, path_w = natural["name"], natural["path"]
    if name_w + path_w > room:  # the name first (`refcli remove NAME`), 12 cells of path at least
        path_w = max(min(path_w, 12), room - name_w)
        name_w = max(min(natural["name"], 8), room - path_w)
        path_w = max(4, room - name_w)
    table = compact_table(text(_n(len(docs), "document")))
    table.add_column(heads["name"], style="bold", no_wrap=True, max_width=name_w)
    for c in ("notes", "citations", "findings"):
        table.add_column(heads[c], justify="right", no_wrap=True)
    if with_tags:
        table.add_column("tags", overflow="fold", max_width=natural["tags"])
    table.add_column("ingested", no_wrap=True, min_width=natural["ingested"])
    table.add_column("path", style="dim", no_wrap=True, max_width=path_w)
    for r in rows:
        table.add_row(Text(right_cut(r["name"], name_w)), r["notes"], r["citations"], r["findings"],
                      *([Text(r["tags"])] if with_tags else []), r["ingested"],
                      Text(left_cut(r["path"], path_w)))
    console.print(table)


def removed(report: Any) -> None:
    stdout_console().print(text(
        f"removed {report.document}: {_n(report.notes, 'note')}, "
        f"{_n(report.citations, 'citation')}; {report.dropped_sources} no longer cited "
        f"{'source was' if report.dropped_sources == 1 else 'sources were'} dropped"))


def imported(report: Any, warnings: int) -> None:
    console: Console = stdout_console()
    for entry, key in report.merged:
        console.print(text(f"{entry}: already in the library as {key}; merged", style="dim"))
    for entry, key in report.renamed:
        console.print(text(f"{entry}: key taken by another source; stored as {key}", style="yellow"))
    line = f"{_n(len(report.added), 'source')} added, {len(report.merged)} merged"
    if warnings:
        line += f"; {warnings} {'entry' if warnings == 1 else 'entries'} could not be read"
    summary(console, text(line, style="bold"))


def rekeyed(report: Any, dry_run: bool) -> None:
    console = stdout_console()
    if not report.changes:
        console.print(text("every key is already what its record gives; nothing to change"))
        return
    table = compact_table(text(f"{_n(len(report.changes), 'key')} "
                             + ("would change (dry run)" if dry_run else "changed")))
    table.add_column("old key")
    table.add_column("new key", style="bold")
    for old, new in report.changes:
        table.add_row(text(old), text(new))
    console.print(table)


def checked(report: Any) -> None:
    console = stdout_console()
    if not report.exists:
        console.print(text(f"no library at {report.library}; nothing to check"))
        return
    console.print(text(f"{report.library}: {_n(report.documents, 'document')}, "
                       f"{_n(report.imports, 'import')}, {_n(report.sources, 'source')}",
                       style="bold"))
    console.print(text(f"  index: {report.index}; rebuilt from the documents' files"))
    console.print(text(f"  backup of the catalogue: {report.backup}"))
    if report.removed:
        console.print(text(f"  removed {_n(len(report.removed), 'file')} left by interrupted "
                           "writes"))
    if report.damaged:
        console.print(text(f"  {_n(len(report.damaged), 'damaged record')} (skipped by every "
                           "command; re-ingest or re-import the file to repair):", style="yellow"))
        for line in report.damaged:
            console.print(text("    " + line))
    else:
        console.print(text("  every record reads: the library is consistent", style="green"))


def restored(kept: str) -> None:
    line = "restored the last good catalogue"
    if kept:
        line += f"; the one it replaced is kept as {kept}"
    stdout_console().print(text(line))


def upgraded(documents: int, sources: int, kept: str) -> None:
    stdout_console().print(text(f"converted {_n(documents, 'document')} and "
                                f"{_n(sources, 'source')} (keys kept); the old file is {kept}"))
