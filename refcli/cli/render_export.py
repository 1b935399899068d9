"""What `refcli export` shows on stderr: a progress bar for long exports, a closing line.

The exported text itself goes to stdout or the file untouched; nothing here writes to stdout.
"""

from __future__ import annotations

from rich.text import Text

from .render import progress, state, stderr_console, text

__all__ = ["done", "progress", "wrote"]


def done(sources: int, entries: int, fmt: str, path: str) -> None:
    """``refcli: exported 27 sources (biblatex) to refs.bib`` on stderr; with --per-leaf
    ``refcli: exported 58 entries of 45 sources (biblatex) to refs.bib``. --quiet drops it."""
    if state["quiet"]:
        return
    noun = "source" if sources == 1 else "sources"
    what = (f"{sources} {noun}" if entries == sources else
            f"{entries} {'entry' if entries == 1 else 'entries'} of {sources} {noun}")
    stderr_console().print(Text(f"refcli: exported {what} ({fmt}) to ") + text(path),
                           soft_wrap=True)


def wrote(what: str, path: str) -> None:
    """``refcli: wrote the biblatex data model to refcli.dbx`` on stderr."""
    if state["quiet"]:
        return
    stderr_console().print(Text(f"refcli: wrote the {what} to ") + text(path), soft_wrap=True)
