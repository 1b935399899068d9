"""A BibTeX/biblatex file into (key, citation record) pairs (``refcli import FILE.bib``).

Parsing is bibtexparser 2's (``parse_string``); entries it cannot read arrive in
``failed_blocks`` and are returned as warnings, never as exceptions. Each entry's fields are
mapped by ``refcli.importers.bibtex_fields.entry_to_citation`` (the exporter's inverse, written
with it): refcli's own fields archive, fond, opis, papka, karton, delo rebuild an archival
unit; the standard ones (title, author, editor, year/date, journaltitle|journal, volume,
number, pages, publisher, location|address, url, note) a work.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from refcli.errors import InputError
from refcli.model import Citation

from .bibtex_fields import entry_to_citation

MAX_FIELD = 65_536  # characters: a longer field is left out, with a warning
MAX_WARNINGS = 20  # entries reported one by one; the rest in one summary line


@dataclass(slots=True)
class BibResult:
    records: list[tuple[str, Citation]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: int = 0  # entries that could not be read (all of them, reported or summed up)

    def warn(self, line: str) -> None:
        self.failed += 1
        if self.failed <= MAX_WARNINGS:
            self.warnings.append(line)

    def finish(self, name: str) -> None:
        """End the warnings with one line for the entries not listed."""
        if self.failed > MAX_WARNINGS:
            self.warnings.append(f"{name}: … and {self.failed - MAX_WARNINGS:,} more entries "
                                 f"could not be read ({self.failed:,} in all)")


def read_bibtex(path: str | os.PathLike[str], max_bytes: int = 64_000_000) -> BibResult:
    """Read PATH as BibTeX; InputError for a file that cannot be read at all."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory, not a BibTeX file")
        if p.stat().st_size > max_bytes:
            raise InputError(f"{path}: over {max_bytes // 1_000_000} MB; is this a BibTeX file?")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return read_bibtex_data(data, str(path), p.name)


def read_bibtex_data(data: bytes, path: str, name: str) -> BibResult:
    """Read BibTeX already in memory (standard input, say); PATH names it in messages."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary data, not a BibTeX file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8; save the .bib file as UTF-8 (biber's encoding)") from None
    result = parse_bibtex(text, name)
    if not result.records and not result.warnings:
        raise InputError(f"{path}: no BibTeX entries found")
    return result


def summary_error(path: str | os.PathLike[str], result: BibResult) -> InputError | None:
    """When nothing at all could be imported from PATH: the error to end with (exit 2)."""
    if result.records or not result.failed:
        return None
    return InputError(f"{path}: none of its {result.failed:,} entries could be read")


def parse_bibtex(text: str, name: str = "<string>") -> BibResult:
    """Entries of TEXT as (key, Citation); failed blocks as warnings. Never raises."""
    import bibtexparser

    out = BibResult()
    # bibtexparser also logs each failed block; we report them ourselves, once
    log = logging.getLogger("bibtexparser")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        library = bibtexparser.parse_string(text)
    except Exception as exc:  # bibtexparser is lenient, but a guard keeps one bad file from a traceback
        out.warn(f"{name}: could not be parsed as BibTeX ({exc})")
        return out
    finally:
        log.setLevel(level)
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        where = f"{name}:{line + 1}" if isinstance(line, int) else name
        err = getattr(block, "error", None)
        text_of = str(getattr(err, "abort_reason", "") or err or "")
        why = " ".join(text_of.split())[:200] or type(block).__name__
        head = " ".join(str(getattr(block, "raw", "")[:200]).split())[:40]
        out.warn(f"{where}: entry skipped ({why})" + (f": {head}" if head else ""))
    dropped = 0
    for entry in library.entries:
        for key, value in list(_fields(entry).items()):
            if isinstance(value, str) and len(value) > MAX_FIELD:
                _drop_field(entry, key)
                dropped += 1
                if dropped <= MAX_WARNINGS:
                    out.warnings.append(
                        f"{name}: @{entry.entry_type}{{{entry.key}}}: field {key} is "
                        f"{len(value):,} characters long (over {MAX_FIELD:,}); left out")
        try:
            record = entry_to_citation(entry)
        except Exception as exc:  # one odd entry must not stop the others
            out.warn(f"{name}: @{entry.entry_type}{{{entry.key}}} skipped ({exc})")
            continue
        if not (record.title or record.authors or record.editors or record.shelfmark
                or record.fond or record.delo or record.raw):
            out.warn(f"{name}: @{entry.entry_type}{{{entry.key}}} has no title, "
                     "author or shelfmark; skipped")
            continue
        out.records.append((entry.key, record.with_(leaves=None)))
    if dropped > MAX_WARNINGS:
        out.warnings.append(f"{name}: … and {dropped - MAX_WARNINGS:,} more fields over "
                            f"{MAX_FIELD:,} characters left out")
    out.finish(name)
    return out


def _fields(entry: object) -> dict[str, object]:
    return {k: getattr(f, "value", f) for k, f in entry.fields_dict.items()}  # type: ignore[attr-defined]


def _drop_field(entry: object, key: str) -> None:
    entry.fields = [f for f in entry.fields if f.key != key]  # type: ignore[attr-defined]
