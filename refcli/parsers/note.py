"""A note's text in, its citations (and the slips noticed while reading them) out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from refcli.model import Citation
from refcli.registry import Registry

from .assemble import assemble
from .backref import IBID, OPCIT, parse_backref
from .biblio import parse_reference, strip_lead_in
from .names import lead_people
from .sequence import note_sequence
from .shelfmark import find_shelfmarks

if TYPE_CHECKING:
    from refcli.labeller import Labeller


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
    """Spans of TEXT between top-level semicolons (not inside brackets or quotes).

    Straight double quotes count as brackets only when they pair up in the note; an
    unbalanced bracket or quote is ignored rather than swallowing the rest of the note."""
    spans = _split(text, quotes=text.count('"') % 2 == 0)
    if len(spans) == 1 and ";" in text and _unbalanced(text):
        spans = _split(text, quotes=False, brackets=False)
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _unbalanced(text: str) -> bool:
    return any(text.count(o) != text.count(c) for o, c in zip(_OPEN, _CLOSE, strict=True))


def _split(text: str, quotes: bool, brackets: bool = True) -> list[tuple[int, int]]:
    spans, depth, start, in_quote = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"' and quotes:
            in_quote = not in_quote
        elif brackets and ch in _OPEN:
            depth += 1
        elif brackets and ch in _CLOSE and depth:
            depth -= 1
        elif ch == ";" and depth == 0 and not in_quote:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


# a lead-in inside running text: "..., see: Vasiliev A.M. ...", "(См.: ...)"
_MID_LEAD = re.compile(
    r"(?<![\w-])(?:(?:for more (?:information|details)[^.;:()]{0,100}?,?\s*)?see(?:\s+also)?"
    r"(?:,?\s*for example)?|cf\.|e\.\s?g\.|(?:Подробнее\s+)?[Сс]м\.(?:\s*также)?|[Цц]ит\.\s*по|"
    r"cit\.\s*by|quoted\s+in|cited\s+in|voir|vgl\.|siehe)(?:\s?[,:]|(?=\s[A-ZА-ЯЁ]))\s*",
    re.IGNORECASE,
)
# a sentence ends at a full stop, but not at an initial's ("by D. Marr, J. Boudarel")
MAX_REFERENCE = 800  # characters a single reference may span
MAX_ATTEMPTS = 200  # places tried in one stretch of commentary (keeps long notes linear)

_SENTENCE = re.compile(r"(?<![\s.(][A-ZА-ЯЁ])[.!?]\s+(?=[A-ZА-ЯЁ\"“«])")
_BACKREF_START = re.compile(rf"\s*(?:{IBID}|[^;]{{0,80}}?{OPCIT})")


def _close_paren(text: str, i: int, end: int) -> int:
    """The index of the bracket closing the one at I, or END when it is never closed."""
    depth = 0
    for j in range(i, end):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return end


def _citation_at(text: str, pos: int, end: int, need_authors: bool) -> Citation | None:
    """A back-reference or a reference starting at POS (after any lead-in), ending by END."""
    start = strip_lead_in(text, pos)
    # no reference runs longer than this; the cap keeps long notes linear
    segment = text[start : min(end, start + MAX_REFERENCE)]
    if _BACKREF_START.match(segment):
        cite = parse_backref(segment, start)
        if cite is not None:
            return cite
    if need_authors and lead_people(segment) is None:
        return None
    cite = parse_reference(segment, start)
    if cite is None:
        return None
    if need_authors and not (cite.authors or cite.editors):
        return None
    return cite


def _scan(text: str, a: int, b: int, out: list[Citation], start_mode: bool, depth: int = 0) -> None:
    """Citations in TEXT[A:B]: one at A (in START_MODE), then in brackets, after lead-ins
    and at sentence starts of the commentary around them."""
    pos = a
    budget = MAX_ATTEMPTS
    if start_mode:
        cite = _citation_at(text, a, b, need_authors=False)
        if cite is not None:
            out.append(cite)
            pos = max(cite.end, a + 1)
    paren = lead_at = lead_end = sentence_at = -1
    while pos < b:
        candidates: list[tuple[int, str]] = []
        # each search is redone only once the scan has passed what it found last (b: none)
        if paren < pos:
            found = text.find("(", pos, b)
            paren = b if found < 0 else found
        if lead_at < pos:
            m = _MID_LEAD.search(text, pos, b)
            lead_at, lead_end = (m.start(), m.end()) if m else (b, b)
        if sentence_at < pos:
            m = _SENTENCE.search(text, pos, b)
            sentence_at = m.end() if m else b
        for at, what in ((paren, "paren"), (lead_at, "lead"), (sentence_at, "sentence")):
            if at < b:
                candidates.append((at, what))
        budget -= 1
        if not candidates or budget < 0:
            return
        at, what = min(candidates)
        if what == "paren":
            close = _close_paren(text, at, b)
            if depth < 3:
                _scan(text, at + 1, close, out, start_mode=True, depth=depth + 1)
            pos = close + 1
        elif what == "lead":
            cite = _citation_at(text, at, b, need_authors=False)
            if cite is not None and cite.start >= at:
                out.append(cite)
                pos = max(cite.end, at + 1)
            else:
                pos = lead_end if lead_end > at else at + 1
        else:
            cite = _citation_at(text, at, b, need_authors=True)
            if cite is not None:
                out.append(cite)
                pos = max(cite.end, at + 1)
            else:
                pos = at + 1


_SHELFMARK_FIELDS = ("archive", "fond", "opis", "papka", "karton", "delo", "tom", "leaves", "shelfmark")


def parse_note(text: str, registry: Registry, labeller: Labeller | None = None) -> ParsedNote:
    """Every citation in a note, in order of appearance; commentary yields none.

    Shelfmarks are read by their grammar, and every other token of the note is labelled by
    LABELLER (the trained reference labeller); the labels are assembled into citations."""
    if labeller is None:
        return _parse_note_rules(text, registry)
    seq = note_sequence(text, registry)
    citations = assemble(seq, labeller.label(seq))
    slips = [Slip("shelfmark-typo", "warning", t) for s in seq.shelfmarks for t in s.typos]
    return ParsedNote(tuple(citations), tuple(slips))


def _parse_note_rules(text: str, registry: Registry) -> ParsedNote:
    """Every citation in a note, in order of appearance; commentary yields none.

    Archival shelfmarks come from ``find_shelfmarks``; the text around them is scanned for
    back-references and bibliographic references. A dated document whose title runs up to a
    shelfmark (``"Record of a Conversation ...", August 23, 1957, Wilson Center Digital
    Archive, RGANI, f. 52, ...``) becomes a ``document`` carrying that shelfmark's fields, and
    the shelfmark stays its own ``archival`` citation as well."""
    citations: list[Citation] = []
    slips: list[Slip] = []
    shelfmarks = find_shelfmarks(text, registry)
    for s in shelfmarks:
        citations.append(s.citation)
        slips.extend(Slip("shelfmark-typo", "warning", t) for t in s.typos)
    for a, b in split_segments(text):
        pos = a
        first = True
        for s in (s for s in shelfmarks if s.start < b and a < s.end):
            if s.start > pos:
                found: list[Citation] = []
                _scan(text, pos, s.start, found, start_mode=first)
                citations.extend(_with_shelfmark(c, s.citation, text) for c in found)
            pos = max(pos, s.end)
            first = False
        if pos < b:
            found = []
            _scan(text, pos, b, found, start_mode=first)
            docs = [c for c in citations if c.kind == "document" and c.url is None and c.end <= pos]
            for c in found:
                if c.kind == "web" and c.title is None and docs:
                    # the URL of the document record cited just before
                    doc = docs[-1]
                    citations[citations.index(doc)] = doc.with_(url=c.url)
                    continue
                citations.append(c)
    citations.sort(key=lambda c: c.start)
    return ParsedNote(tuple(citations), tuple(slips))


def _with_shelfmark(cite: Citation, shelfmark: Citation, text: str) -> Citation:
    """A document whose reference runs into SHELFMARK carries the shelfmark's fields."""
    if cite.kind != "document" or text[cite.end : shelfmark.start].strip(" ,.:;/—–-"):
        return cite
    return cite.with_(**{f: getattr(shelfmark, f) for f in _SHELFMARK_FIELDS})


def attach_url(previous: tuple[Citation, ...], current: tuple[Citation, ...]) -> tuple[Citation, ...] | None:
    """When a note is nothing but a URL (``<https://...>`` on the line after a document
    record), the URL completes the previous note's document or web citation: the previous
    note's citations with the URL set, or None when it does not apply."""
    if len(current) != 1 or current[0].kind != "web" or current[0].title or not current[0].url:
        return None
    for i in range(len(previous) - 1, -1, -1):
        c = previous[i]
        if c.kind in ("document", "web") and not c.url:
            return (*previous[:i], c.with_(url=current[0].url), *previous[i + 1 :])
    return None
