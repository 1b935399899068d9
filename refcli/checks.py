"""Integrity checks of a resolved document's footnote apparatus (DESIGN.md layer 4).

Pure: a resolved :class:`Document` and the archive registry in, :class:`Finding` records out,
the way a linter reports code. The reader's and the parser's own findings
(``number-displaced``, ``shelfmark-typo``) are kept and merged with those found here.

Severities: ``error`` for what breaks a reader's way back to a source (unresolved or ambiguous
back-references, duplicate note numbers); ``warning`` for what is probably wrong (variants,
typos, gaps, reversed ranges, incomplete shelfmarks, unknown archives, missing markers);
``info`` for style (an archival citation without a leaf).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import SEVERITIES, Citation, Document, Finding, Note
from .parsers.canon import range_is_reversed, render_shelfmark
from .registry import Registry
from .resolver import AMBIGUOUS, UNRESOLVED, candidate_labels, label

SEVERITY = {
    "ibid-unresolved": "error",
    "ibid-ambiguous": "error",
    "opcit-unresolved": "error",
    "opcit-ambiguous": "error",
    "numbering-duplicate": "error",
    "numbering-gap": "warning",
    "numbering-order": "warning",
    "numbering-restart": "info",
    "number-displaced": "warning",
    "number-merged": "warning",
    "shelfmark-variant": "warning",
    "shelfmark-typo": "warning",
    "shelfmark-incomplete": "warning",
    "archive-unknown": "warning",
    "range-reversed": "warning",
    "marker-missing": "warning",
    "parse-budget": "warning",  # set by the pipeline: a note too slow to parse, partly parsed
    "locator-missing": "info",
}
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # error 0, warning 1, info 2


@dataclass(frozen=True, slots=True)
class FileReport:
    """One document's check: what was read and what was found."""

    source: str
    notes: int
    citations: int
    findings: tuple[Finding, ...]

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "notes": self.notes, "citations": self.citations,
                "findings": [f.to_json() for f in self.findings]}


def _finding(code: str, note: int | None, message: str, related: Iterable[int] = (),
             section: str | None = None) -> Finding:
    rel = tuple(dict.fromkeys(r for r in related if r != note))
    return Finding(code, SEVERITY[code], note, message, rel, section)


def check_chains(doc: Document) -> list[Finding]:
    """``ibid-*`` and ``opcit-*``: back-references that lead nowhere or to several places."""
    out = []
    by_n = {note.n: note for note in doc.notes}
    for index, note in enumerate(doc.notes):
        for c in note.citations:
            if c.status not in (AMBIGUOUS, UNRESOLVED):
                continue
            family = "opcit" if c.kind == "op_cit" else "ibid"
            what = _quote(c.raw) if c.raw else c.kind
            if c.status == UNRESOLVED:
                out.append(_finding(f"{family}-unresolved", note.n,
                                    _unresolved_reason(doc, index, c, what), (), note.section))
            else:
                names = candidate_labels(doc, c, by_n)
                listed = "; ".join(names) if names else ", ".join(f"note {n}" for n in c.candidates)
                out.append(_finding(f"{family}-ambiguous", note.n,
                                    f"{what} could stand for several citations: {listed}",
                                    c.candidates, note.section))
    return out


def _unresolved_reason(doc: Document, index: int, c: Citation, what: str) -> str:
    if c.kind == "op_cit" and (c.authors or c.title):
        who = ", ".join(p.family for p in c.authors) or _quote(c.title or "")
        return f"{what}: no earlier full citation by {who}"
    note = doc.notes[index]
    if note.citations and note.citations[0] is not c:
        return f"{what}: the citation before it is itself unresolved"
    if index == 0:
        return f"{what} in the first note has nothing to refer to"
    before = next((n for n in reversed(doc.notes[:index]) if n.citations), None)
    if (before is not None and before.section != note.section) or (
            before is None and note.section is not None and index and doc.notes[index - 1].section != note.section):
        return f"{what} opens a notes section ({note.section}): nothing before it to refer to"
    if before is None:
        return f"{what}: no note before it holds a citation"
    return f"{what}: the citation in note {before.n} before it is itself unresolved"


def check_numbering(doc: Document) -> list[Finding]:
    """``numbering-gap``, ``numbering-duplicate``, ``numbering-order`` in reading order, within
    each notes section, and ``numbering-restart`` where a new section begins."""
    out = []
    seen: dict[int, int] = {}
    previous: int | None = None
    last: Note | None = None
    # the numbers each section holds, in any order, sorted
    held: dict[str | None, set[int]] = {}
    for note in doc.notes:
        held.setdefault(note.section, set()).add(note.n)
    present = {section: sorted(numbers) for section, numbers in held.items()}
    for note in doc.notes:
        n, section = note.n, note.section
        if last is not None and section != last.section:
            out.append(_finding("numbering-restart", n,
                                f"the numbering starts again at {note.label or n}: "
                                f"{_section_name(section)} begins after note "
                                f"{last.label or last.n} of {_section_name(last.section)}",
                                (), section))
            seen, previous = {}, None
        last = note
        if n in seen:
            out.append(_finding("numbering-duplicate", n,
                                f"note number {n} is used twice", [seen[n]], section))
        elif previous is not None and n < previous:
            out.append(_finding("numbering-order", n,
                                f"note {n} comes after note {previous}", [previous], section))
        elif previous is not None and n > previous + 1:
            missing = _missing(previous, n, present[section])
            if missing:  # numbers that come later, out of order, are not missing
                out.append(_finding("numbering-gap", n,
                                    f"no note {missing} between notes {previous} and {n}",
                                    [previous], section))
        seen.setdefault(n, n)
        previous = n if previous is None else max(previous, n)
    return out


def _section_name(section: str | None) -> str:
    if section is None:
        return "the notes before"
    return f"notes section {section}" if section.isdigit() else f"notes section '{section}'"


def _missing(a: int, b: int, held: list[int]) -> str:
    """The numbers between A and B that HELD (sorted) lacks, as ranges: ``4-39``, ``3, 5-7``."""
    inside = held[bisect.bisect_right(held, a) : bisect.bisect_left(held, b)]
    runs = []
    for low, high in zip([a, *inside], [*inside, b], strict=True):
        if high - low > 1:
            runs.append(str(low + 1) if high - low == 2 else f"{low + 1}-{high - 1}")
    return ", ".join(runs)


def _loose_unit(c: Citation) -> tuple[str, ...] | None:
    """The unit with the differences that do not change it folded away: the fond's letter
    prefix (``R-5446`` = ``5446``) and the secrecy suffix of the opis (``98s`` = ``98``)."""
    if c.kind != "archival" or not (c.fond and c.delo):
        return None
    fond = re.sub(r"^[a-z]{1,2}-", "", c.fond.lower())
    opis = re.sub(r"(?<=\d)(?:ss|s)$", "", (c.opis or "").lower())
    return (c.archive or "", fond, opis, c.papka or "", c.karton or "", c.delo)


def _written(c: Citation) -> str:
    parts = [f"f. {c.fond}"]
    if c.opis:
        parts.append(f"op. {c.opis}")
    return ", ".join(parts)


def check_variants(doc: Document) -> list[Finding]:
    """``shelfmark-variant``: one archival unit written more than one way, one finding per unit."""
    groups: dict[tuple[str, ...], dict[str, list[int]]] = {}
    first: dict[tuple[str, ...], Citation] = {}
    sections: dict[tuple[str, ...], str | None] = {}
    for note in doc.notes:
        for c in note.citations:
            key = _loose_unit(c)
            if key is None:
                continue
            first.setdefault(key, c)
            sections.setdefault(key, note.section)
            forms = groups.setdefault(key, {})
            notes = forms.setdefault(_written(c), [])
            if note.n not in notes:
                notes.append(note.n)
    out = []
    for key, forms in groups.items():
        if len(forms) < 2:
            continue
        all_notes = sorted({n for ns in forms.values() for n in ns})
        ways = "; ".join(f"'{form}' (note{'s' if len(ns) > 1 else ''} {', '.join(map(str, ns))})"
                         for form, ns in forms.items())
        unit = _unit_label(first[key])
        out.append(_finding("shelfmark-variant", all_notes[0],
                            f"{unit} is written {len(forms)} ways: {ways}", all_notes,
                            sections[key]))
    return out


def _unit_label(c: Citation) -> str:
    return render_shelfmark(c.archive, c.fond, c.opis, c.papka, c.karton, c.delo)


def check_shelfmarks(doc: Document, registry: Registry) -> list[Finding]:
    """``archive-unknown``, ``shelfmark-incomplete``, ``locator-missing``, ``range-reversed``."""
    out = []
    for note in doc.notes:
        for c in note.citations:
            for field in ("leaves", "pages"):
                value = getattr(c, field)
                if value and range_is_reversed(value):
                    word = "leaf" if field == "leaves" else "page"
                    out.append(_finding("range-reversed", note.n,
                                        f"{word} range {value} runs backwards in {_quote(c.raw)}",
                                        (), note.section))
            if c.kind != "archival":
                continue
            archive = registry.of_citation(c.archive) if c.archive else None
            if c.archive and archive is None:
                hint = registry.suggest(c.archive)
                tip = f"; did you mean {' or '.join(hint)}?" if hint else ""
                out.append(_finding("archive-unknown", note.n,
                                    f"archive '{c.archive}' is not in the registry{tip}",
                                    (), note.section))
            if archive is not None and archive.scheme != "fond":
                continue  # a free shelfmark string (TNA, NARA): nothing to count
            if not c.archive and (c.collection or c.box or c.folder or c.series or c.piece
                                  or (c.shelfmark and not (c.fond or c.opis or c.delo or c.leaves))):
                # "Kennan Papers, box 23", "File No. 861.51/264": files whose repository the
                # note does not name
                out.append(_finding("shelfmark-incomplete", note.n,
                                    f"{_quote(c.raw)} names no archive that holds it",
                                    (), note.section))
                continue
            # the archive too: levels without it are not a place anyone can go to
            missing = [name for name, value in (("archive", c.archive), ("fond", c.fond),
                                                ("opis", c.opis), ("delo", c.delo)) if not value]
            if missing:
                out.append(_finding("shelfmark-incomplete", note.n,
                                    f"{_quote(c.raw)} has no {' and no '.join(missing)}",
                                    (), note.section))
            elif not c.leaves:
                out.append(_finding("locator-missing", note.n,
                                    f"{label(c)} cites no leaf (l.)", (), note.section))
    return out


def check_markers(doc: Document) -> list[Finding]:
    """``marker-missing``: notes no marker in the text points to, and markers without a note.

    Only where the format shows markers (``doc.markers`` is not None)."""
    if doc.markers is None:
        return []
    numbers = [note.n for note in doc.notes]
    marked = set(doc.markers)
    out = [_finding("marker-missing", n, f"no marker in the text points to note {n}")
           for n in numbers if n not in marked]
    have = set(numbers)
    out.extend(_finding("marker-missing", m, f"marker {m} in the text has no note {m}")
               for m in dict.fromkeys(doc.markers) if m not in have)
    return out


def check(doc: Document, registry: Registry) -> list[Finding]:
    """Every finding for DOC: what reading and parsing noticed, then every check, by note."""
    found = [
        *doc.findings,
        *check_numbering(doc),
        *check_chains(doc),
        *check_variants(doc),
        *check_shelfmarks(doc, registry),
        *check_markers(doc),
    ]
    unique = list(dict.fromkeys(found))
    rank = {section: i for i, section in enumerate(dict.fromkeys(n.section for n in doc.notes))}
    return sorted(unique, key=lambda f: (rank.get(f.section, 0),
                                         f.note if f.note is not None else -1,
                                         SEVERITY_RANK.get(f.severity, 9)))


def report(doc: Document, registry: Registry) -> FileReport:
    citations = sum(len(n.citations) for n in doc.notes)
    return FileReport(doc.source, len(doc.notes), citations, tuple(check(doc, registry)))


def summarize(reports: Iterable[FileReport]) -> dict[str, int]:
    """Findings per severity over REPORTS: ``{"error": n, "warning": n, "info": n}``."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for r in reports:
        for f in r.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def fails(reports: Iterable[FileReport], strict: bool = False) -> bool:
    """True when a finding reaches the failing severity (error; warning too when STRICT)."""
    limit = SEVERITY_RANK["warning" if strict else "error"]
    return any(SEVERITY_RANK.get(f.severity, 9) <= limit for r in reports for f in r.findings)


def _quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= width else f"'{text[: width - 1]}…'"
