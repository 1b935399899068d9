"""Regular expressions compiled once per machine, not once per run.

refcli's parsers hold about 500 patterns, one of them the registry's 91,000-character
pattern of archive names. Python compiles a pattern in Python code (``re._parser`` parses it,
``re._compiler`` turns it into the instruction list of the C matching engine), which costs a
command run about 0.35 s before it reads a note: a third of checking a 1,000-note manuscript.

``compile`` keeps each pattern's instruction list, as ``re._compiler.compile`` computes it,
in a file in the user's cache directory, and on the next run hands the stored list to the C
engine (``_sre.compile``, which checks it before use) in a few microseconds. The file is keyed
by the interpreter's version and the engine's ``MAGIC`` and ``CODESIZE``, so an interpreter
that compiles differently never reads it; a pattern is looked up by its own text and flags,
so an edited pattern is compiled afresh. A file that cannot be read (missing, truncated,
another interpreter's) is ignored and written again at exit; a directory that cannot be
written leaves the cache off. ``REFCLI_CACHE`` names the directory (``off`` turns the cache
off). Where anything of this fails, ``re.compile`` does the work as before: same patterns.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

try:  # the pieces of re.compile this module calls separately (CPython 3.11 to 3.13)
    import _sre
    from re import _compiler, _parser

    _TAG: str | None = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - another implementation
    _TAG = None

ENV = "REFCLI_CACHE"
# beyond this many stored patterns, a save keeps only those this run compiled (the others
# are older versions of patterns, or patterns of rarely used paths, compiled again when met)
_KEEP = 3000

_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_made: dict[tuple[str, int], re.Pattern[str]] = {}  # this process's patterns (a fixed set: no
# pattern built from a user's words is compiled here; those go to re.compile)
_state: dict[str, object] = {}  # "path", "entries", "used", "dirty": set on the first compile


def cache_file() -> Path | None:
    """The file the patterns are kept in, or None when the cache is off."""
    if _TAG is None:
        return None
    named = os.environ.get(ENV)
    if named is not None and named.strip().lower() in ("off", "0", "no", ""):
        return None
    if named:
        folder = Path(named)
    else:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("refcli", appauthor=False))
    return folder / f"patterns-{_TAG}.marshal"


def _load() -> dict[tuple[str, int], _Entry]:
    path = cache_file()
    _state.update(path=path, entries={}, used=set(), dirty=False)
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
        if not (isinstance(data, dict) and data.get("tag") == _TAG and isinstance(data.get("entries"), dict)):
            raise ValueError("another interpreter's file")
        _state["entries"] = data["entries"]
    except (OSError, ValueError, EOFError, TypeError):
        _state["dirty"] = True  # (written afresh at exit)
    atexit.register(save)
    return _state["entries"]  # type: ignore[return-value]


def _entry(pattern: str, flags: int) -> _Entry:
    """What re._compiler.compile hands _sre.compile for PATTERN, as plain ints and strings."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(PATTERN, FLAGS)``, from the cache when it holds the pattern."""
    flags = int(flags)
    made = _made.get((pattern, flags))
    if made is not None:  # (compiled already in this process: a pattern compiled inside a function)
        return made
    made = _compile(pattern, flags)
    _made[pattern, flags] = made
    return made


def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    entries = _state.get("entries")
    if entries is None:
        entries = _load()
    if _state["path"] is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    used: set = _state["used"]  # type: ignore[assignment]
    used.add(key)
    stored = entries.get(key)  # type: ignore[union-attr]
    if stored is not None:
        try:
            return _sre.compile(pattern, *stored)
        except (TypeError, ValueError, RuntimeError, OverflowError):
            pass  # (a damaged entry: compiled again below)
    try:
        stored = _entry(pattern, flags)
        compiled = _sre.compile(pattern, *stored)
    except re.error:
        raise
    except Exception:
        return re.compile(pattern, flags)
    entries[key] = stored  # type: ignore[index]
    _state["dirty"] = True
    return compiled


def save() -> None:
    """Write the patterns compiled since the file was read (at exit; atomically: a run that
    reads the file meanwhile sees the old one or the new one, never half of one)."""
    path, entries, used = _state.get("path"), _state.get("entries"), _state.get("used")
    if not _state.get("dirty") or not isinstance(path, Path) or not isinstance(entries, dict):
        return
    if len(entries) > _KEEP:
        entries = {k: v for k, v in entries.items() if k in used}  # type: ignore[operator]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps({"tag": _TAG, "entries": entries}))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return  # (a cache that cannot be written: the next run compiles again)
    _state["dirty"] = False
