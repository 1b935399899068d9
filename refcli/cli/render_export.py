"""What `refcli export` shows on stderr: a progress bar for large exports, a closing line.

The exported text itself goes to stdout or the file untouched; nothing here writes to stdout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


@contextmanager
def progress(label: str, total: int, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    """A ``step(n)`` callback advancing a stderr bar, shown only on a terminal when ENABLED."""
    console = _stderr()
    if not enabled or not console.is_terminal:
        yield lambda n: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def done(sources: int, entries: int, fmt: str, path: str) -> None:
    """``refcli: exported 27 sources (biblatex) to refs.bib`` on stderr; with --per-leaf
    ``refcli: exported 58 entries of 45 sources (biblatex) to refs.bib``."""
    noun = "source" if sources == 1 else "sources"
    what = (f"{sources} {noun}" if entries == sources else
            f"{entries} {'entry' if entries == 1 else 'entries'} of {sources} {noun}")
    _stderr().print(Text(f"refcli: exported {what} ({fmt}) to ") + Text(path), soft_wrap=True)


def wrote(what: str, path: str) -> None:
    """``refcli: wrote the biblatex data model to refcli.dbx`` on stderr."""
    _stderr().print(Text(f"refcli: wrote the {what} to ") + Text(path), soft_wrap=True)
