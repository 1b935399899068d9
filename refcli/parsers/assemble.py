"""From labelled tokens to citations: segments, field values, kinds.

The labeller marks each token with a field (``author``, ``title``, ``pages`` ...) or ``O``
for commentary, and marks the first token of each citation ``B-``. Here the tokens are cut
into citations (at ``B-``, at commentary, at a shelfmark, where an author follows the end
of a reference), each field's words are joined and normalised (pages with hyphens, a year
out of a date, persons out of an author field), and each citation gets its kind from the
fields it has. Pure and linear in the number of tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from refcli.model import Citation, Person

from .backref import locator_fields
from .canon import canon_leaves
from .people import parse_people
from .sequence import OUTSIDE, NoteSequence, split_label
from .tokens import SHELFMARK

_REFERENCE_END = {"pages", "year", "publisher", "city", "url", "date", "locator", "volume",
                  "issue", "journal", "container", "title"}
_QUOTED_IN = re.compile(
    r"(?:quoted|cited|qtd\.?|as\s+quoted|reprinted|reproduced)\s+(?:\w+\s+){0,3}?(?:in|by|from)\s*:?\s*$"
    r"|цит(?:\.|ирую?т?с?я?)\s*(?:по|в)\s*:?\s*$|цитирует\S*\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20[0-3]\d)(?!\d)")
_NUMBER = re.compile(r"\d+(?:[-–—]\d+)?[a-zа-я]?(?!\w)|(?<!\w)[IVXLCDM]+(?!\w)")
_PAGES_START = re.compile(r"[\dIVXLCDMivxlcdm]")
_DASH_SPACES = re.compile(r"\s*[-‐‑‒–—―−]+\s*")
_STRIP = " ,.;:/\u00a0"
_OPEN = "“«„‘\"'([{"
_CLOSE = "”»’\"')]}"


@dataclass(slots=True)
class Segment:
    """The tokens of one citation, and item-title tokens said to belong to it."""

    idx: list[int] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.fields


def segments(seq: NoteSequence, labels: Sequence[str]) -> list[Segment]:
    """The citations' token groups, in order."""
    out: list[Segment] = []
    current: Segment | None = None
    last_field = ""
    for i, label in enumerate(labels):
        begin, name = split_label(label)
        tok = seq.tokens[i]
        if tok.text != SHELFMARK and name == OUTSIDE:
            current = None
            continue
        if tok.text == SHELFMARK:
            s = seq.shelfmark_at(i)
            in_backref = current is not None and (current.has("ibid") or current.has("opcit"))
            if in_backref and s is not None and not s.citation.archive:
                current.idx.append(i)  # "Ibid., d. 1356, ll. 120-121": the levels it changes
                current.fields.append("archival")
                continue
            if current is not None and current.fields and set(current.fields) <= {"item", "in"}:
                current.idx.append(i)  # "Letter from Stalin to Lenin, 7 July 1918; RGASPI ..."
                current.fields.append("archival")
            else:
                current = Segment([i], ["archival"])
                out.append(current)
            last_field = "archival"
            continue
        split = (
            current is None
            or (begin and not (name == "item" and set(current.fields) <= {"item"}))
            or (current.has("archival") and name != "item")
            or (name == "author" and last_field in _REFERENCE_END)
            or (name in ("ibid", "opcit") and last_field not in ("ibid", "opcit", "author", "title", "in"))
        )
        if split:
            if current is not None and set(current.fields) <= {"item"} and name != "item":
                current.idx.append(i)  # an item title, then the work it is in
                current.fields.append(name)
            else:
                current = Segment([i], [name])
                out.append(current)
        else:
            current.idx.append(i)
            current.fields.append(name)
        last_field = name
    return out


def _runs(seg: Segment) -> list[tuple[str, int, int]]:
    """(field, first token, last token) for each run of one field in SEG."""
    runs: list[tuple[str, int, int]] = []
    for i, name in zip(seg.idx, seg.fields, strict=True):
        if runs and runs[-1][0] == name and runs[-1][2] == i - 1:
            runs[-1] = (name, runs[-1][1], i)
        else:
            runs.append((name, i, i))
    return runs


def _tidy(value: str) -> str:
    """A field's words without the punctuation around them; a quote is stripped only with
    its partner."""
    v = value.strip(_STRIP)
    for _ in range(3):
        if len(v) >= 2 and v[0] in _OPEN and v[-1] in _CLOSE:
            v = v[1:-1].strip(_STRIP)
        elif v and v[0] in _OPEN and not any(c in v for c in _CLOSE):
            v = v[1:].strip(_STRIP)
        elif v and v[-1] in _CLOSE and not any(c in v for c in _OPEN):
            v = v[:-1].strip(_STRIP)
        else:
            break
    return v


def canon_pages(value: str) -> str | None:
    m = _PAGES_START.search(value)
    if not m:
        return None
    v = value[m.start():].strip(_STRIP + ")]")
    v = _DASH_SPACES.sub("-", v)
    return v or None


def _number(value: str) -> str | None:
    m = _NUMBER.search(value)
    return m.group() if m else None


@dataclass(slots=True)
class _Fields:
    text: dict[str, str] = field(default_factory=dict)
    start: int = 0
    end: int = 0


def _collect(seq: NoteSequence, seg: Segment) -> _Fields:
    out = _Fields(start=seq.tokens[seg.idx[0]].start, end=seq.tokens[seg.idx[-1]].end)
    text = seq.text
    for name, a, b in _runs(seg):
        if name == "archival":
            continue
        value = text[seq.tokens[a].start : seq.tokens[b].end]
        if name in out.text:
            # a second run of the same field ("Sergeev and Glushik" split by a stray label)
            if name in ("author", "editor", "translator", "pages", "item"):
                out.text[name] += (" and " if name in ("author", "editor", "translator") else ", ") + value
            continue
        out.text[name] = value
    return out


def _people(value: str | None) -> tuple[tuple[Person, ...], bool]:
    if not value:
        return (), False
    p = parse_people(value)
    return p.persons, p.et_al


def _year(f: _Fields) -> str | None:
    for key in ("year", "date", "publisher", "city", "issue", "volume"):
        m = _YEAR.search(f.text.get(key, ""))
        if m:
            return m.group()
    return None


def _kind(f: _Fields) -> str | None:
    t = f.text
    has_imprint = any(k in t for k in ("publisher", "city", "year"))
    if "journal" in t:
        if "url" in t and not any(k in t for k in ("volume", "issue", "pages")):
            return "web"
        return "article"
    if "container" in t:
        return "chapter" if "title" in t and ("in" in t or "editor" in t or "author" in t) else "book"
    if "url" in t and not (has_imprint and "publisher" in t) and "pages" not in t:
        return "web"
    if "title" in t:
        return "book"
    if "author" in t and ("year" in t or "pages" in t):
        return "other"
    if "other" in t or ("item" in t and ("pages" in t or "date" in t)):
        return "other"
    return None


def _bibliographic(seq: NoteSequence, seg: Segment) -> Citation | None:
    f = _collect(seq, seg)
    kind = _kind(f)
    if kind is None:
        return None
    t = f.text
    authors, et_al = _people(t.get("author"))
    editors, _ = _people(t.get("editor"))
    translators, _ = _people(t.get("translator"))
    title = _tidy(t["title"]) if "title" in t else None
    journal = _tidy(t["journal"]) if "journal" in t else None
    container = _tidy(t["container"]) if "container" in t else None
    if kind == "book" and not title and container:
        title, container = container, None
    year = _year(f)
    has_imprint = bool(year or "city" in t or "publisher" in t)
    cite = Citation(
        kind=kind,
        raw=seq.text[f.start : f.end],
        authors=authors,
        editors=editors,
        translators=translators,
        et_al=et_al,
        title=title or None,
        container=journal or container or None,
        volume=_number(t.get("volume", "")) if "volume" in t else None,
        issue=_number(t.get("issue", "")) if "issue" in t else None,
        year=year,
        date=_tidy(t["date"]) if "date" in t and not _YEAR.fullmatch(_tidy(t["date"])) else None,
        city=_tidy(t["city"]) or None if "city" in t else None,
        publisher=_tidy(t["publisher"]) or None if "publisher" in t else None,
        pages=canon_pages(t["pages"]) if "pages" in t else None,
        url=t["url"].strip() if "url" in t else None,
        item_title=_tidy(t["item"]) or None if "item" in t else None,
        short_form=kind in ("book", "article", "chapter") and not has_imprint and "journal" not in t,
        start=f.start,
        end=f.end,
    )
    return cite


def _backref(seq: NoteSequence, seg: Segment) -> Citation:
    f = _collect(seq, seg)
    t = f.text
    kind = "ibid" if seg.has("ibid") else "op_cit"
    # the locator: everything after the Ibid./op. cit. words
    last_marker = max(i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("ibid", "opcit"))
    tail_start = seq.tokens[last_marker].end
    tail = seq.text[tail_start : f.end]
    locator, _ = locator_fields(tail)
    for i, n in zip(seg.idx, seg.fields, strict=True):
        if n == "archival":
            s = seq.shelfmark_at(i)
            if s is not None:
                c = s.citation
                for level in ("fond", "opis", "papka", "karton", "delo", "tom", "leaves"):
                    if getattr(c, level):
                        locator[level] = getattr(c, level)
    if "pages" in t and "pages" not in locator and "leaves" not in locator:
        p = canon_pages(t["pages"])
        if p:
            locator["pages"] = p
    if "volume" in t and "volume" not in locator:
        v = _number(t["volume"])
        if v:
            locator["volume"] = v
    if "leaves" in locator:
        locator["leaves"] = canon_leaves(locator["leaves"])
    authors, et_al = _people(t.get("author")) if kind == "op_cit" else ((), False)
    title = _tidy(t["title"]) if kind == "op_cit" and "title" in t else None
    return Citation(kind=kind, raw=seq.text[f.start : f.end], authors=authors, et_al=et_al,
                    title=title or None, start=f.start, end=f.end, **locator)


def _archival(seq: NoteSequence, seg: Segment) -> Citation | None:
    pos = next(i for i, n in zip(seg.idx, seg.fields, strict=True) if n == "archival")
    s = seq.shelfmark_at(pos)
    if s is None:
        return None
    cite = s.citation
    item = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("item", "date") and i < pos]
    if item and not cite.item_title:
        a, b = seq.tokens[item[0]].start, seq.tokens[item[-1]].end
        cite = cite.with_(item_title=_tidy(seq.text[a:b]) or None)
    return cite


def assemble(seq: NoteSequence, labels: Sequence[str]) -> list[Citation]:
    """The citations the labels describe, in order of appearance."""
    out: list[Citation] = []
    for seg in segments(seq, labels):
        if seg.has("ibid") or seg.has("opcit"):
            cite: Citation | None = _backref(seq, seg)
        elif seg.has("archival"):
            cite = _archival(seq, seg)
        elif set(seg.fields) <= {"item", "in", "date"}:
            # a document's description with no work after it: it belongs to the one before
            if out and not out[-1].item_title and not out[-1].is_backref:
                f = _collect(seq, seg)
                out[-1] = out[-1].with_(item_title=_tidy(seq.text[f.start : f.end]) or None)
            continue
        else:
            cite = _bibliographic(seq, seg)
        if cite is None:
            continue
        before = seq.text[max(0, cite.start - 40) : cite.start]
        if _QUOTED_IN.search(before):
            cite = cite.with_(quoted_in=True)
        out.append(cite)
    return out
