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
from .features import lexicon
from .normalize import city_name, clean_publisher, find_date, split_title
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
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_RUSSIAN_IMPRINT = re.compile(r"\b(?:Publ|publ|izd|Izd|izdatel)\.?(?!\w)|\b(?:Moskva|Nauka|Politizdat)\b")
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
    shelfmark: bool = False  # holds a shelfmark the grammar read

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
            if current is not None and current.fields and set(current.fields) <= {"item", "in", "date"}:
                current.idx.append(i)  # "Letter from Stalin to Lenin, 7 July 1918; RGASPI ..."
                current.fields.append("archival")
                current.shelfmark = True
            else:
                current = Segment([i], ["archival"], shelfmark=True)
                out.append(current)
            last_field = "archival"
            continue
        split = (
            current is None
            or (begin and not (name == "item" and set(current.fields) <= {"item"}))
            or (current.shelfmark and name not in ("item", "date"))
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


_EDGE_MARKS = re.compile(r"^\(?(?:eds?|Eds?|Hrsg|ред|сост)\.?\)?[,.:]?\s+|\s+[—–-]+$|^[—–-]+\s+")


def _tidy(value: str) -> str:
    """A field's words without the punctuation around them; a quote is stripped only with
    its partner."""
    v = _EDGE_MARKS.sub("", value.strip(_STRIP)).strip(_STRIP)
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


def _quoted(value: str) -> bool:
    v = value.strip(" ,.;:")
    return bool(v) and v[0] in "“«„\"‘"


def _kind(f: _Fields) -> str | None:
    t = f.text
    has_imprint = any(k in t for k in ("publisher", "city", "year"))
    bare_title = "journal" not in t and "container" not in t and "title" in t and not (
        "publisher" in t or "city" in t)
    if bare_title and (_quoted(t["title"]) or ("issue" in t and "author" not in t)):
        # "Polyakov, “Activities of the Moscow Patriarchate,” p. 152": a quoted title is an
        # article's; «Деревенский коммунист», №4, 1928: a periodical's issue
        return "article"
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


def _substantial(f: _Fields) -> bool:
    """Whether the words labelled as a reference could be one: some word that is not a lead-in
    or a locator, in a field that names a work or its author."""
    lex = lexicon()
    filler = lex["lead"] | lex["locator"] | lex["ibid"] | lex["opcit"]
    for name in ("title", "author", "journal", "container", "editor", "url", "other"):
        for word in _WORD.findall(f.text.get(name, "")):
            if len(word) > 1 and word.lower() not in filler:
                return True
    return False


def _bibliographic(seq: NoteSequence, seg: Segment) -> Citation | None:
    f = _collect(seq, seg)
    kind = _kind(f)
    if kind is None or not _substantial(f):
        return None
    t = f.text
    authors, et_al = _people(t.get("author"))
    editors, _ = _people(t.get("editor"))
    translators, _ = _people(t.get("translator"))
    title = _tidy(t["title"]) if "title" in t else None
    title_translated = None
    if title:
        title, title_translated = split_title(title)
        title = _tidy(title)
    journal = _tidy(t["journal"]) if "journal" in t else None
    container = _tidy(t["container"]) if "container" in t else None
    if kind == "book" and not title and container:
        title, container = container, None
    if kind == "article" and title and not journal and not container and "issue" in t and not authors:
        journal, title = title, None  # the periodical's own title, with its issue
    year = _year(f)
    has_imprint = bool("year" in t or "city" in t or "publisher" in t)
    raw = seq.text[f.start : f.end]
    if "city" in t and "publisher" not in t and ":" in t["city"].strip(" :"):
        # "М.: Книга": the city and its publisher in one run
        t["city"], t["publisher"] = t["city"].split(":", 1)
    english = not _CYRILLIC.search(raw) and not _RUSSIAN_IMPRINT.search(raw)
    date = None
    if "date" in t or kind == "article":
        found = find_date(t.get("date") or raw)
        if found is not None:
            date = found.iso
            year = year or found.year
        elif "date" in t and not _YEAR.fullmatch(_tidy(t["date"])):
            date = _tidy(t["date"]) or None
    url = next((tok.text for i, n in zip(seg.idx, seg.fields, strict=True)
                if n == "url" and (tok := seq.tokens[i]).text.startswith(("http", "www"))), None)
    cite = Citation(
        kind=kind,
        raw=raw,
        authors=authors,
        editors=editors,
        translators=translators,
        et_al=et_al,
        title=title or None,
        title_translated=title_translated,
        container=journal or container or None,
        volume=_number(t.get("volume", "")) if "volume" in t else None,
        issue=_number(t.get("issue", "")) if "issue" in t else None,
        year=year,
        date=date,
        city=city_name(t["city"], english) or None if "city" in t else None,
        publisher=clean_publisher(t["publisher"]) if "publisher" in t else None,
        pages=canon_pages(t["pages"]) if "pages" in t else None,
        url=url,
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
    # the locator: everything after the Ibid./op. cit. words themselves
    lex = lexicon()
    markers = lex["ibid"] | lex["opcit"]
    last_marker = max(i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("ibid", "opcit"))
    first = min(i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("ibid", "opcit"))
    j = first
    while j + 1 < len(seq.tokens) and (seq.tokens[j + 1].text.lower() in markers
                                       or seq.tokens[j + 1].text == "."):
        j += 1
    last_marker = min(last_marker, j) if seq.tokens[first].text.lower() in markers else last_marker
    tail_start = seq.tokens[last_marker].end
    # the locator is read from the text itself, whatever the labels after the marker say
    locator, used = locator_fields(seq.text[tail_start : tail_start + 400])
    f.end = max(f.end, tail_start + len(seq.text[tail_start : tail_start + used].rstrip(" .,;")))
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
    marks = [i for i, n in zip(seg.idx, seg.fields, strict=True)
             if n == "archival" and seq.shelfmark_at(i) is not None]
    if not marks:
        return _unread_archival(seq, seg)
    pos = marks[0]
    s = seq.shelfmark_at(pos)
    assert s is not None
    cite = s.citation
    item = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("item", "date") and i < pos]
    if item and not cite.item_title:
        a, b = seq.tokens[item[0]].start, seq.tokens[item[-1]].end
        cite = cite.with_(item_title=_tidy(seq.text[a:b]) or None)
    return cite


def _unread_archival(seq: NoteSequence, seg: Segment) -> Citation | None:
    """An archival reference the shelfmark grammar could not read ("Adzhubei to CC, March
    12, 1962, APRF"): the archive it names, its own words as the shelfmark, and the
    document's title and date written before them."""
    runs = _runs(seg)
    archival = [(a, b) for name, a, b in runs if name == "archival"]
    a, b = seq.tokens[archival[-1][0]].start, seq.tokens[archival[-1][1]].end
    archive = next((acr for s, e, acr in seq.archive_hits if s < b and e > a), None)
    if archive is None:
        archive = next((acr for s, e, acr in seq.archive_hits
                        if any(s < seq.tokens[y].end and e > seq.tokens[x].start for x, y in archival)), None)
    shelfmark = _tidy(seq.text[a:b])
    if not shelfmark or archive is None:
        return None
    f = _collect(seq, seg)
    titled = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("item", "title")]
    item = (_tidy(seq.text[seq.tokens[titled[0]].start : seq.tokens[titled[-1]].end]) or None
            if titled else None)
    date = _tidy(f.text.get("date", "")) or None
    year_m = _YEAR.search(date or "")
    return Citation(kind="archival", raw=seq.text[f.start : f.end], archive=archive,
                    shelfmark=shelfmark, item_title=item, date=date,
                    year=year_m.group() if year_m else None, start=f.start, end=f.end)


_WORD = re.compile(r"[^\W_]+")
_BETWEEN = re.compile(r"[\s,.;:()\[\]—–-]*")


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only punctuation between END and START."""
    return end <= start and _BETWEEN.fullmatch(text, end, start) is not None


def _document(unread: Citation, unit: Citation) -> Citation:
    """A document the note names before the unit holding it ("'Record of a Conversation
    ...', August 23, 1957, Wilson Center Digital Archive, RGANI, f. 52, ..."): its title,
    date and the archive or collection it was read in, with the unit's shelfmark."""
    found = find_date(unread.date or "")
    return Citation(
        kind="document", raw=unread.raw.rstrip(" ,;") , title=unread.item_title,
        date=found.iso if found else unread.date, year=found.year if found else unread.year,
        container=unread.shelfmark if unread.shelfmark != unread.date else None,
        archive=unit.archive, fond=unit.fond, opis=unit.opis, papka=unit.papka,
        karton=unit.karton, delo=unit.delo, tom=unit.tom, leaves=unit.leaves,
        shelfmark=unit.shelfmark, start=unread.start, end=unread.end)


def assemble(seq: NoteSequence, labels: Sequence[str]) -> list[Citation]:
    """The citations the labels describe, in order of appearance."""
    out: list[Citation] = []
    pending_item: tuple[str, int, int] | None = None
    for seg in segments(seq, labels):
        if seg.has("ibid") or seg.has("opcit"):
            cite: Citation | None = _backref(seq, seg)
        elif seg.has("archival"):
            cite = _archival(seq, seg)
        elif set(seg.fields) <= {"item", "in", "date"}:
            # a document's description: it belongs to the work cited right after it, else
            # to the one before
            f = _collect(seq, seg)
            pending_item = (_tidy(seq.text[f.start : f.end]), f.start, f.end)
            continue
        else:
            cite = _bibliographic(seq, seg)
        if cite is None:
            continue
        if pending_item is not None:
            item, a, b = pending_item
            pending_item = None
            if item and not cite.item_title and _adjacent(seq.text, b, cite.start) and not cite.is_backref:
                cite = cite.with_(item_title=item, start=a, raw=seq.text[a : cite.end])
            elif item and out and not out[-1].item_title and not out[-1].is_backref:
                out[-1] = out[-1].with_(item_title=item)
        before = seq.text[max(0, cite.start - 40) : cite.start]
        if _QUOTED_IN.search(before):
            cite = cite.with_(quoted_in=True)
        prev = out[-1] if out else None
        if (prev is not None and cite.kind == "archival" and cite.fond and prev.kind == "archival"
                and not prev.fond and prev.item_title and _adjacent(seq.text, prev.end, cite.start)):
            out[-1] = _document(prev, cite)
        out.append(cite)
    if pending_item is not None and out and not out[-1].item_title and not out[-1].is_backref:
        out[-1] = out[-1].with_(item_title=pending_item[0])
    return out
