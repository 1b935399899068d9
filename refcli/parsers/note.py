"""A note's text in, its citations (and the slips noticed while reading them) out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refcli.model import Citation
from refcli.registry import Registry

from .backref import parse_backref
from .biblio import parse_reference
from .shelfmark import find_shelfmarks


@dataclass(frozen=True, slots=True)
class Slip:
    """Something noticed in a note while parsing it; the pipeline turns it into a Finding."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class ParsedNote:
    citations: tuple[Citation, ...]
    slips: tuple[Slip, ...] = field(default=())


_OPEN, _CLOSE = "([{«“", ")]}»”"


def split_segments(text: str) -> list[tuple[int, int]]:
    """Spans of TEXT between top-level semicolons (not inside brackets or quotes)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch == ";" and depth == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_LEAD_IN = re.compile(
    r"^\s*(?:(?:for more (?:information|details),?\s*)?see(?:\s+also)?(?:,?\s*for example,?)?:?|"
    r"cf\.|(?:Подробнее\s+)?[Сс]м\.(?:\s*также)?:?|[Цц]ит\.\s*по:?|cit\.\s*by:?|quoted\s+in:?)\s*",
    re.IGNORECASE,
)


def parse_note(text: str, registry: Registry) -> ParsedNote:
    """Every citation in a note, in order of appearance; commentary yields none."""
    citations: list[Citation] = []
    slips: list[Slip] = []
    shelfmarks = find_shelfmarks(text, registry)
    for s in shelfmarks:
        citations.append(s.citation)
        slips.extend(Slip("shelfmark-typo", "warning", t) for t in s.typos)
    for a, b in split_segments(text):
        if any(s.start < b and a < s.end for s in shelfmarks):
            continue
        lead = _LEAD_IN.match(text, a, b)
        seg_start = lead.end() if lead else a
        segment = text[seg_start:b]
        cite = parse_backref(segment, seg_start) or parse_reference(segment, seg_start)
        if cite is not None:
            citations.append(cite)
    citations.sort(key=lambda c: c.start)
    return ParsedNote(tuple(citations), tuple(slips))
