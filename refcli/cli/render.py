"""Everything the user sees: the only module that imports rich.

User text goes through ``Text`` (never markup), because ``[On different parallels]`` in a
title would otherwise be read as a style tag.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Citation, Document
from ..registry import Archive

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"resolved": "green", "ambiguous": "yellow", "unresolved": "red"}


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def error(message: str) -> None:
    """One line on stderr: ``refcli: <message>``."""
    console = stderr_console()
    console.print(Text("refcli: ", style="bold red") + Text(message), soft_wrap=True)


def warn(message: str) -> None:
    stderr_console().print(Text("refcli: ", style="yellow") + Text(message), soft_wrap=True)


def print_json(data: Any) -> None:
    """JSON for programs: UTF-8, unescaped Cyrillic, one document per call."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")
    sys.stdout.flush()


def short_reference(c: Citation) -> str:
    """A one-line label for a citation in tables and trees."""
    if c.kind == "archival":
        return c.shelfmark or c.raw
    if c.is_backref:
        target = f" → note {c.target}" if c.target is not None else ""
        return f"{c.raw}{target}"
    parts = []
    if c.authors:
        parts.append(", ".join(p.family for p in c.authors[:3]) + (" et al." if len(c.authors) > 3 else ""))
    if c.title:
        parts.append(c.title if len(c.title) <= 60 else c.title[:57] + "…")
    if c.container:
        parts.append(f"// {c.container}")
    if c.date or c.year:
        parts.append(c.date or c.year or "")
    if c.pages:
        parts.append(("pp. " if ("-" in c.pages or "," in c.pages) else "p. ") + c.pages)
    return ". ".join(parts) if parts else (c.raw if len(c.raw) <= 90 else c.raw[:87] + "…")




def parse_table(doc: Document) -> None:
    """The human view of ``refcli parse``: one row per citation (or per citation-less note)."""
    console = stdout_console()
    by_note: dict[tuple[str | None, int], list[str]] = {}
    for f in doc.findings:
        if f.note is not None:
            by_note.setdefault((f.section, f.note), []).append(f.code)
    table = Table(title=Text(f"{doc.source}: {len(doc.notes)} notes"), show_lines=False,
                  expand=False)
    table.add_column("note", justify="right", style="bold")
    table.add_column("kind")
    table.add_column("reference", overflow="fold")
    table.add_column("status")
    table.add_column("findings", style="yellow")
    counts: dict[str, int] = {}
    section = doc.notes[0].section if doc.notes else None
    for note in doc.notes:
        if note.section != section:  # a new notes section: a rule across the table
            table.add_section()
            section = note.section
        codes = ", ".join(by_note.get((note.section, note.n), []))
        if not note.citations:
            table.add_row(str(note.n), Text("commentary", style="dim"), Text(""), "", codes)
            continue
        for i, c in enumerate(note.citations):
            counts[c.kind] = counts.get(c.kind, 0) + 1
            status = Text(c.status or "", style=STATUS_STYLE.get(c.status or "", ""))
            table.add_row(str(note.n) if i == 0 else "", c.kind, Text(short_reference(c)),
                          status, codes if i == 0 else "")
    console.print(table)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no citations"
    console.print(Text(f"{sum(counts.values())} citations: {summary}; {len(doc.findings)} findings"))


def archives_table(archives: list[Archive]) -> None:
    console = stdout_console()
    table = Table(title=Text(f"{len(archives)} archives"))
    table.add_column("acronym", style="bold")
    table.add_column("name", overflow="fold")
    table.add_column("city")
    table.add_column("scheme")
    table.add_column("aliases", overflow="fold", style="dim")
    for a in archives:
        name = a.name_en + (f"\n{a.name_ru}" if a.name_ru else "")
        aliases = ", ".join([*a.aliases, *a.short_aliases, *(f.acronym for f in a.former)])
        table.add_row(a.acronym, Text(name), a.city or "", a.scheme, Text(aliases))
    console.print(table)


def archive_card(a: Archive, scheme: str | None = None) -> None:
    console = stdout_console()
    console.print(Text(a.acronym, style="bold"), Text(f" — {a.name_en}"))
    rows = [
        ("Russian name", a.name_ru), ("native name", a.name_native),
        ("place", ", ".join(x for x in (a.city, a.country) if x)),
        ("shelfmarks", f"{a.scheme}: {scheme}" if scheme else a.scheme),
        ("aliases", ", ".join(a.aliases)), ("short aliases (citation start only)", ", ".join(a.short_aliases)),
    ]
    for label, value in rows:
        if value:
            console.print(Text(f"  {label}: ", style="dim") + Text(value))
    for f in a.former:
        extra = ", ".join(x for x in (f.name_en, f.years) if x)
        console.print(Text("  formerly: ", style="dim") + Text(f.acronym + (f" ({extra})" if extra else "")))
    if a.sources:
        console.print(Text("  sources: ", style="dim") + Text("; ".join(a.sources)))

