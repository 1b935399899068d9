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


@dataclass(slots=True)
class BibResult:
    records: list[tuple[str, Citation]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary data, not a BibTeX file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8; save the .bib file as UTF-8 (biber's encoding)") from None
    result = parse_bibtex(text, p.name)
    if not result.records and not result.warnings:
        raise InputError(f"{path}: no BibTeX entries found")
    return result


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
        out.warnings.append(f"{name}: could not be parsed as BibTeX ({exc})")
        return out
    finally:
        log.setLevel(level)
    for block in library.failed_blocks:
        line = getattr(block, "start_line", None)
        where = f"{name}:{line + 1}" if isinstance(line, int) else name
        err = getattr(block, "error", None)
        text_of = str(getattr(err, "abort_reason", "") or err or "")
        why = " ".join(text_of.split()) or type(block).__name__
        head = " ".join(str(getattr(block, "raw", "")).split())[:40]
        out.warnings.append(f"{where}: entry skipped ({why})" + (f": {head}" if head else ""))
    for entry in library.entries:
        try:
            record = entry_to_citation(entry)
        except Exception as exc:  # one odd entry must not stop the others
            out.warnings.append(f"{name}: @{entry.entry_type}{{{entry.key}}} skipped ({exc})")
            continue
        if not (record.title or record.authors or record.editors or record.shelfmark
                or record.fond or record.delo or record.raw):
            out.warnings.append(f"{name}: @{entry.entry_type}{{{entry.key}}} has no title, "
                                "author or shelfmark; skipped")
            continue
        out.records.append((entry.key, record.with_(leaves=None)))
    return out
