"""Everything the user sees: the only module that imports rich.

User text goes through ``Text`` (never markup), because ``[On different parallels]`` in a
title would otherwise be read as a style tag.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from refcli import rx

from ..model import Citation, Document
from ..registry import Archive
from .jsonout import print_json  # noqa: F401  (re-exported: every command's JSON)

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"resolved": "green", "ambiguous": "yellow", "unresolved": "red"}

# -- the sanitiser: nothing from a document reaches the terminal as a control code ----------

# C0 controls but tab and newline, DEL, C1 controls (\x9b is a one-byte CSI), and the Unicode
# bidirectional overrides and isolates that reorder what a terminal shows
_CONTROL = rx.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """TEXT with every control character and escape sequence shown as ``\\x1b`` etc., never
    emitted: a note holding OSC 52 (``\\x1b]52;c;...``) cannot write the clipboard, retitle the
    window or clear the screen. Everything printed for people goes through here."""
    return _CONTROL.sub(_visible, text)


def text(value: object, style: str = "") -> Text:
    """User text as a rich Text: sanitised, and never read as markup."""
    return Text(clean(str(value)), style=style)


class SafeConsole(Console):
    """A Console that sanitises the text of every segment it writes (rich's own control
    segments, cursor moves and styles, pass): the safety net under ``text()``."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control or not _CONTROL.search(seg.text) else Segment(clean(seg.text), seg.style, seg.control)
            for seg in buffer)

    def on_broken_pipe(self) -> None:
        """The reader of our output went away: end quietly, as ``cat`` does (rich's own
        handler would exit 1, the code for findings)."""
        from .app import closed_pipe

        closed_pipe()


# -- global options: --quiet, --verbose ----------------------------------------------------

from .state import STATE as state  # noqa: E402  (quiet, verbose: set by the global options)


def stdout_console() -> Console:
    return SafeConsole(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return SafeConsole(stderr=True, highlight=False)


def error(message: str) -> None:
    """One line on stderr: ``refcli: <message>`` (even with --quiet)."""
    console = stderr_console()
    console.print(Text("refcli: ", style="bold red") + text(message), soft_wrap=True)


def warn(message: str) -> None:
    """A warning on stderr; --quiet silences it."""
    if state["quiet"]:
        return
    stderr_console().print(Text("refcli: ", style="yellow") + text(message), soft_wrap=True)


def info(message: str) -> None:
    """A detail on stderr shown only with --verbose."""
    if not state["verbose"] or state["quiet"]:
        return
    stderr_console().print(Text("refcli: ", style="dim") + text(message), soft_wrap=True)


def summary(console: Console, line: Text | str) -> None:
    """A summary line: never wrapped (a pipe gets it whole, on one line)."""
    console.print(line if isinstance(line, Text) else text(line), soft_wrap=True)


# -- progress ------------------------------------------------------------------------------

# a bar appears only once the work has taken this long (seconds), and only on a terminal
PROGRESS_DELAY = 1.0


class Step:
    """What ``progress`` yields: ``step(n=1)`` advances the bar, ``step.grow(n)`` adds N to
    its total (work found as it goes: the notes of each file as it is read)."""

    def __init__(self, advance: Callable[[int], None], grow: Callable[[int], None]) -> None:
        self._advance, self._grow = advance, grow

    def __call__(self, n: int = 1) -> None:
        self._advance(n)

    def grow(self, n: int) -> None:
        self._grow(n)


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Step]:
    """A bar on stderr (a spinner while it has no total). It shows only when stderr is a
    terminal, --quiet is off, and the work outlasts PROGRESS_DELAY; it is removed when the
    work ends, so nothing is left on the screen or in a log."""
    console = stderr_console()
    if state["quiet"] or not console.is_terminal:
        yield Step(lambda n: None, lambda n: None)
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)
    task = bar.add_task(label, total=total)
    lock = threading.Lock()
    started = [False]

    def start() -> None:
        with lock:
            if not started[0]:
                started[0] = True
                bar.start()

    def grow(n: int) -> None:
        bar.update(task, total=(bar.tasks[0].total or 0) + n)

    timer = threading.Timer(PROGRESS_DELAY, start)
    timer.daemon = True
    began = time.monotonic()
    if PROGRESS_DELAY <= 0:
        start()
    else:
        timer.start()
    try:
        yield Step(lambda n: bar.advance(task, n), grow)
    finally:
        timer.cancel()
        with lock:
            if started[0]:
                bar.refresh()
                bar.stop()
            started[0] = True  # a timer that fires late starts nothing
        info(f"{label}: {time.monotonic() - began:.1f} s")


# -- tables that fit 60, 80 and 120 columns ------------------------------------------------

GAP = 2  # columns apart in a compact table


def compact_table(title: Text | None = None, **options: Any) -> Table:
    """A table with a rule under its header and no borders: two columns' gap between columns,
    so it stays readable at 60 columns."""
    from rich import box

    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                 padding=(0, 1), collapse_padding=True, expand=False, **options)


def left_cut(value: str, width: int) -> str:
    """VALUE cut from the left to WIDTH cells (``…/refs/notes.txt``): a path's end names it."""
    from rich.cells import cell_len

    if cell_len(value) <= width:
        return value
    out = value
    while out and cell_len(out) > width - 1:
        out = out[1:]
    return "…" + out


def right_cut(value: str, width: int) -> str:
    from rich.cells import cell_len

    if cell_len(value) <= width:
        return value
    out = value
    while out and cell_len(out) > width - 1:
        out = out[:-1]
    return out + "…"


# -- references ----------------------------------------------------------------------------

_DOUBLED = rx.compile(r"(?<![.…])\.(?=\.(?![.…]))|,(?=\.)|(?<=…)\.")


def tidy(reference: str) -> str:
    """A displayed reference without doubled punctuation: ``et al..`` → ``et al.``,
    ``гг.. //`` → ``гг. //``; an ellipsis stays."""
    return _DOUBLED.sub("", reference)


def join_reference(parts: Iterable[str]) -> str:
    """Parts of a reference joined by full stops, none doubled after an abbreviation."""
    return tidy(". ".join(p for p in parts if p))


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
    if parts:
        return join_reference(parts)
    raw = " ".join(c.raw.split())
    return raw if len(raw) <= 90 else raw[:87] + "…"


def parse_table(doc: Document) -> None:
    """The human view of ``refcli parse``: one row per citation (or per citation-less note);
    a back-reference shows its target and status (``Ibid., l. 5 → note 4 resolved``). The
    findings column shows only when there are findings."""
    console = stdout_console()
    by_note: dict[tuple[str | None, int], list[str]] = {}
    for f in doc.findings:
        if f.note is not None:
            by_note.setdefault((f.section, f.note), []).append(f.code)
    table = compact_table(text(f"{doc.source}: {len(doc.notes)} notes"))
    table.add_column("note", justify="right", style="bold", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("reference", overflow="fold", ratio=3)
    if by_note:
        table.add_column("findings", style="yellow", overflow="fold", ratio=1)
    counts: dict[str, int] = {}
    section = doc.notes[0].section if doc.notes else None
    for note in doc.notes:
        if note.section != section:  # a new notes section: a rule across the table
            table.add_section()
            section = note.section
        codes = [text(", ".join(by_note.get((note.section, note.n), [])))] if by_note else []
        if not note.citations:
            table.add_row(str(note.n), Text("commentary", style="dim"), Text(""), *codes)
            continue
        for i, c in enumerate(note.citations):
            counts[c.kind] = counts.get(c.kind, 0) + 1
            reference = text(short_reference(c))
            if c.status:  # a back-reference: how it resolved, after its target
                reference.append(f" {c.status}", style=STATUS_STYLE.get(c.status, ""))
            table.add_row(str(note.n) if i == 0 else "", c.kind, reference,
                          *(codes if i == 0 else ([""] if by_note else [])))
    console.print(table)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "no citations"
    summary(console, f"{sum(counts.values())} citations: {kinds}; {len(doc.findings)} findings")


def archives_table(archives: list[Archive]) -> None:
    """The registry: below 100 columns without the aliases, below 80 without the city and
    the scheme too (``refcli archives ACRONYM`` shows them all)."""
    console = stdout_console()
    width = console.width
    table = compact_table(text(f"{len(archives)} archives"))
    table.add_column("acronym", style="bold", no_wrap=True)
    table.add_column("name", overflow="fold", ratio=3)
    if width >= 80:
        table.add_column("city", no_wrap=True)
        table.add_column("scheme", no_wrap=True)
    if width >= 100:
        table.add_column("aliases", overflow="fold", style="dim", ratio=2)
    for a in archives:
        row = [text(a.acronym), text(a.name_en + (f"\n{a.name_ru}" if a.name_ru else ""))]
        if width >= 80:
            row += [text(a.city or ""), a.scheme]
        if width >= 100:
            row.append(text(", ".join([*a.aliases, *a.short_aliases, *(f.acronym for f in a.former)])))
        table.add_row(*row)
    console.print(table)


def archive_card(a: Archive, scheme: str | None = None) -> None:
    console = stdout_console()
    console.print(text(a.acronym, style="bold"), text(f" — {a.name_en}"))
    rows = [
        ("Russian name", a.name_ru), ("native name", a.name_native),
        ("place", ", ".join(x for x in (a.city, a.country) if x)),
        ("shelfmarks", f"{a.scheme}: {scheme}" if scheme else a.scheme),
        ("aliases", ", ".join(a.aliases)), ("short aliases (citation start only)", ", ".join(a.short_aliases)),
    ]
    for label, value in rows:
        if value:
            console.print(Text(f"  {label}: ", style="dim") + text(value))
    for f in a.former:
        extra = ", ".join(x for x in (f.name_en, f.years) if x)
        console.print(Text("  formerly: ", style="dim") + text(f.acronym + (f" ({extra})" if extra else "")))
    if a.sources:
        console.print(Text("  sources: ", style="dim") + text("; ".join(a.sources)))

