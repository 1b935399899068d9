"""Link every Ibid. and op. cit. to the citation it stands for (DESIGN.md layer 3).

Pure: a parsed :class:`Document` in, the same document out with ``target``, ``status``,
``resolved`` (and ``candidates`` when ambiguous) filled on each back-reference.

- **Ibid.** stands for the single citation just before it: the previous citation in the same
  note, else the previous note's. When that note holds several citations the Ibid. is
  ``ambiguous``; when it holds none (or there is no note before) it is ``unresolved``; when the
  citation before is itself a back-reference, the chain is followed to its root.
- **op. cit.** finds the latest full citation by the same author (family names compared after
  transliteration, so ``Pantsov`` finds ``Панцов``); several works by that author make it
  ``ambiguous``; none, ``unresolved``. ``Title, op. cit.`` narrows by the short title.
- **Idem** (``Idem``, ``Eadem``, ``Он же``) opens a new work by the author cited just before:
  the resolver fills in the authors.

A locator on the back-reference replaces the root's (``Ibid., l. 102``); a bare ``Ibid.``
carries none, so no back-reference inherits the previous locator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .fold import fold
from .model import Citation, Document, Note, Person
from .parsers.canon import render_shelfmark
from .parsers.note import split_segments

RESOLVED, AMBIGUOUS, UNRESOLVED = "resolved", "ambiguous", "unresolved"
STATUS_RANK = {RESOLVED: 0, AMBIGUOUS: 1, UNRESOLVED: 2}

# fields a back-reference's locator may set, from the most to the least specific
_LOCATOR_FIELDS = ("leaves", "pages")
_LEVEL_FIELDS = ("fond", "opis", "papka", "karton", "delo", "tom")
_IDEM = re.compile(r"^\s*(?:Idem|Eadem|Iidem|Eaedem|[Оо]н\s+же|[Оо]на\s+же|[Ее]го\s+же|[Ее]е\s+же|[Оо]ни\s+же)\b\.?,?\s*")
_RAW_LOCATOR = re.compile(
    r"[,.]?\s*\b(?:pp?|[СсS]|стр|ll?|[Лл]{1,2})\.\s?\d[\dobоб\s.,–—-]*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Seen:
    """A citation already read, with the note it sits in and the record it stands for."""

    note: int
    citation: Citation  # as written
    record: Citation | None  # the full record (itself, or what a back-reference resolved to)
    root: int | None  # note number of the full citation at the end of the chain
    status: str
    candidates: tuple[int, ...] = ()
    part: int = 0  # which semicolon-separated part of its note it sits in


def worst(statuses: Iterable[str]) -> str:
    """The worst of some statuses (``resolved`` < ``ambiguous`` < ``unresolved``)."""
    return max(statuses, key=lambda s: STATUS_RANK.get(s, 0), default=RESOLVED)


def apply_locator(record: Citation, ref: Citation) -> Citation:
    """RECORD at the locator of the back-reference REF.

    Leaves and pages are replaced (a bare Ibid. leaves none); shelfmark levels the reference
    names (``Ibid., op. 11, d. 1605``) replace the record's, and every lower level is dropped,
    since a delo belongs to its opis. The canonical shelfmark is rendered again.
    """
    changes: dict[str, str | None] = {f: getattr(ref, f) for f in _LOCATOR_FIELDS}
    named = [f for f in _LEVEL_FIELDS if getattr(ref, f)]
    if named:
        top = _LEVEL_FIELDS.index(named[0])
        for f in _LEVEL_FIELDS[top:]:
            changes[f] = getattr(ref, f)
    if ref.volume:
        changes["volume"] = ref.volume
    out = record.with_(**changes, target=None, status=None, resolved=None, candidates=())
    if out.kind == "archival" and (out.fond or out.opis or out.delo):
        out = out.with_(shelfmark=render_shelfmark(
            out.archive, out.fond, out.opis, out.papka, out.karton, out.delo, out.tom, out.leaves))
    return out


def _family_keys(people: Sequence[Person]) -> set[str]:
    return {fold(p.family) for p in people if fold(p.family)}


def _raw_names_author(raw: str, family: str) -> bool:
    """For a reference the bibliographic parser left unstructured: does RAW open with FAMILY?"""
    words = fold(raw).split()[:6]
    return family in words


def _opening_family(raw: str) -> str:
    """The first word of a reference that is not an initial: where its author's family name
    stands (``Ланьков А. Н. ...``, ``A. N. Lankov ...``)."""
    return next((w for w in fold(raw).split()[:4] if len(w) > 1), "")


def _by_author(seen: _Seen, families: set[str]) -> bool:
    """Is SEEN's work by one of FAMILIES? The parsed authors decide; the name the reference
    opens with is trusted too, in case the authors were misread."""
    c = seen.record
    if c is None or c.kind == "archival":
        return False
    if c.authors:
        return bool(families & _family_keys(c.authors)) or _opening_family(c.raw) in families
    return any(_raw_names_author(c.raw, f) for f in families)


def _work_key(c: Citation) -> str:
    """What makes two full citations the same work, whatever their pages."""
    if c.kind == "archival":
        return "|".join(str(getattr(c, f) or "") for f in ("archive", *_LEVEL_FIELDS))
    if c.title:
        return f"{fold(c.title)}|{c.volume or ''}"
    return fold(_RAW_LOCATOR.sub("", c.raw))


def _title_matches(short: str, c: Citation) -> bool:
    key = fold(short)
    return bool(key) and (key in fold(c.title or "") or key in fold(c.raw))


class _Resolver:
    def __init__(self) -> None:
        self.full: list[_Seen] = []  # every full citation so far, in order
        # family name (folded) -> the full citations that may be by that author, in order
        self.by_family: dict[str, list[tuple[int, _Seen, str]]] = {}

    def note(self, note: Note, previous: list[_Seen] | None) -> tuple[Note, list[_Seen]]:
        """Resolve NOTE's back-references; PREVIOUS is what the note before held (None: no note)."""
        out: list[Citation] = []
        here: list[_Seen] = []
        spans = split_segments(note.text) if len(note.citations) > 1 else []
        for c in note.citations:
            if c.kind == "ibid":
                seen = self._ibid(c, note.n, here[-1:] if here else previous)
            elif c.kind == "op_cit":
                seen = self._op_cit(c, note.n, here, previous)
            else:
                seen = self._full(c, note.n, here[-1:] if here else previous)
            out.append(seen.citation)
            part = next((i for i, (a, b) in enumerate(spans) if a <= c.start < b), 0)
            here.append(replace(seen, part=part) if part else seen)
        return replace(note, citations=tuple(out)), here

    def _full(self, c: Citation, n: int, before: list[_Seen] | None) -> _Seen:
        idem = _IDEM.match(c.raw) if c.raw else None
        if idem and not c.authors:
            # "Idem. Another book ...": the author of the citation just before
            source = before[0] if before and len(before) == 1 else None
            authors = source.record.authors if source and source.record else ()
            title = c.title
            if title and (lead := _IDEM.match(title)):
                title = title[lead.end():] or None
            if authors:
                filled = c.with_(authors=authors, title=title,
                                 target=source.root if source else None, status=RESOLVED)
            else:
                status = AMBIGUOUS if before and len(before) > 1 else UNRESOLVED
                filled = c.with_(status=status,
                                 candidates=_roots(before) if status == AMBIGUOUS else ())
            seen = _Seen(n, filled, filled, n, RESOLVED)
        else:
            seen = _Seen(n, c, c, n, RESOLVED)
        self.full.append(seen)
        record = seen.record
        if record is not None and record.kind != "archival":
            keys = (_family_keys(record.authors) | {_opening_family(record.raw)} if record.authors
                    else set(fold(record.raw).split()[:6]))
            work = _work_key(record)
            for key in keys:
                self.by_family.setdefault(key, []).append((len(self.full), seen, work))
        return seen

    def _ibid(self, c: Citation, n: int, before: list[_Seen] | None) -> _Seen:
        if not before:
            return self._fail(c, n, UNRESOLVED)
        if len(before) > 1:
            one = _one_reference(before, c)
            if one is None:
                return self._fail(c, n, AMBIGUOUS, _roots(before))
            return self._link(c, n, one)
        return self._link(c, n, before[0])

    def _op_cit(self, c: Citation, n: int, here: list[_Seen],
                previous: list[_Seen] | None) -> _Seen:
        families = _family_keys(c.authors)
        if not families and c.title and len(c.title.split()) == 1:
            # "Pantsov, op. cit.": a bare family name the name parser could not take as one
            word = fold(c.title)
            if any(_by_author(seen, {word}) for _, seen, _ in self.by_family.get(word, ())):
                families, c = {word}, c.with_(title=None)
        if families:
            hits = {order: (seen, work) for f in families
                    for order, seen, work in self.by_family.get(f, ())}
            pool = [hits[k] for k in sorted(hits) if _by_author(hits[k][0], families)]
        elif c.title:
            pool = [(s, _work_key(s.record)) for s in self.full
                    if s.record is not None and s.record.kind != "archival"]
        else:
            # a bare "Op. cit." names nothing: it can only mean the citation just before
            return self._ibid(c, n, here[-1:] if here else previous)
        if c.title:
            titled = [(s, w) for s, w in pool
                      if s.record is not None and _title_matches(c.title, s.record)]
            pool = titled or ([] if not families else pool)
        if not pool:
            return self._fail(c, n, UNRESOLVED)
        works: dict[str, _Seen] = {}
        for s, work in pool:  # the latest citation of each work wins
            works[work] = s
        if len(works) > 1:
            latest = sorted(works.values(), key=lambda s: s.note)
            return self._fail(c, n, AMBIGUOUS, tuple(dict.fromkeys(s.note for s in latest)))
        return self._link(c, n, next(iter(works.values())))

    def _link(self, c: Citation, n: int, antecedent: _Seen) -> _Seen:
        if antecedent.status != RESOLVED or antecedent.record is None:
            # the citation before is itself a broken back-reference
            status = antecedent.status if antecedent.status == AMBIGUOUS else UNRESOLVED
            return self._fail(c, n, status, antecedent.candidates)
        record = apply_locator(antecedent.record, c)
        linked = c.with_(target=antecedent.root, status=RESOLVED, resolved=record, candidates=())
        return _Seen(n, linked, record, antecedent.root, RESOLVED)

    @staticmethod
    def _fail(c: Citation, n: int, status: str, candidates: tuple[int, ...] = ()) -> _Seen:
        candidates = tuple(dict.fromkeys(candidates))
        failed = c.with_(target=None, status=status, resolved=None, candidates=candidates)
        return _Seen(n, failed, None, None, status, candidates)


def _one_reference(before: Sequence[_Seen], ref: Citation) -> _Seen | None:
    """Two citations that are one reference: a document and the archival unit that holds it,
    in one part of a note (``"Record of a Conversation ...," 1957, Wilson Center Digital
    Archive, RGANI, f. 52, op. 1, d. 555, ll. 80-88``). A leaf or no locator means the
    archival unit; pages mean the document. None when they are separate references."""
    if len(before) != 2 or before[0].part != before[1].part:
        return None
    spans = sorted((s.citation.start, s.citation.end) for s in before)
    if spans[0][1] <= spans[0][0] or spans[0][1] > spans[1][0]:
        return None  # no real positions (constructed records) or overlapping ones
    archival = [s for s in before if s.record is not None and s.record.kind == "archival"]
    others = [s for s in before if s not in archival and s.record is not None
              and s.record.kind in ("document", "other")]
    if len(archival) != 1 or len(others) != 1:
        return None
    return others[0] if ref.pages else archival[0]


def _roots(seen: Sequence[_Seen]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(s.root if s.root is not None else s.note for s in seen))


def resolve(doc: Document) -> Document:
    """DOC with every back-reference linked (see the module docstring)."""
    resolver = _Resolver()
    notes: list[Note] = []
    previous: list[_Seen] | None = None
    for note in doc.notes:
        if notes and note.section != notes[-1].section:
            previous = None  # an Ibid. never reaches back across a notes section
        resolved, previous = resolver.note(note, previous)
        notes.append(resolved)
    return Document(doc.source, tuple(notes), doc.findings, doc.markers, doc.format)


def candidate_labels(doc: Document, c: Citation, by_n: dict[int, Note] | None = None) -> list[str]:
    """What an ambiguous reference could stand for: each candidate note's citations (by the
    op. cit.'s author, when it names one), as short labels. BY_N: the notes by number, when
    the caller has them."""
    if by_n is None:
        by_n = {note.n: note for note in doc.notes}
    families = _family_keys(c.authors) if c.kind == "op_cit" else set()
    out = []
    for n in c.candidates:
        note = by_n.get(n)
        if note is None:
            continue
        for cand in note.citations:
            record = cand.resolved if cand.is_backref else cand
            if record is None:
                continue
            if families and not _by_author(_Seen(n, record, record, n, RESOLVED), families):
                continue
            out.append(f"note {n}: {label(record)}")
    return out


def label(c: Citation, width: int = 70) -> str:
    """A short human label for a citation (shelfmark, or author and title, or its text)."""
    if c.kind == "archival" and c.shelfmark:
        return c.shelfmark
    if c.title:
        who = ", ".join(p.family for p in c.authors[:2])
        text = f"{who}, {c.title}" if who else c.title
    else:
        text = " ".join(c.raw.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True, slots=True)
class Link:
    """One back-reference in a chain."""

    note: int
    citation: Citation

    @property
    def locator(self) -> str:
        return locator_text(self.citation)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"note": self.note, "kind": self.citation.kind,
                                  "locator": self.locator, "status": self.citation.status}
        if self.citation.candidates:
            out["candidates"] = list(self.citation.candidates)
        return out


@dataclass(frozen=True, slots=True)
class Chain:
    """A full citation and the back-references that stand for it; ``root`` is None for
    back-references that lead nowhere (or to several places)."""

    root: int | None
    citation: Citation | None
    links: tuple[Link, ...]

    @property
    def status(self) -> str:
        return worst(link.citation.status or UNRESOLVED for link in self.links)

    def to_json(self) -> dict[str, object]:
        citation = self.citation.to_json() if self.citation is not None else None
        return {"root": self.root, "citation": citation,
                "links": [link.to_json() for link in self.links], "status": self.status}


def locator_text(c: Citation) -> str:
    """A back-reference's own locator as written canonically: ``l. 102``, ``pp. 597-599``."""
    parts = []
    for label_, value in (("op.", c.opis), ("d.", c.delo), ("t.", c.tom), ("vol.", c.volume)):
        if value:
            parts.append(f"{label_} {value}")
    if c.leaves:
        parts.append(f"{'ll.' if '-' in c.leaves or ',' in c.leaves else 'l.'} {c.leaves}")
    if c.pages:
        parts.append(f"{'pp.' if '-' in c.pages or ',' in c.pages else 'p.'} {c.pages}")
    return ", ".join(parts)


def build_chains(doc: Document) -> list[Chain]:
    """Every chain of DOC, by root note; broken back-references after them, one chain each."""
    by_n = {note.n: note for note in doc.notes}
    rooted: dict[tuple[int, str], list[Link]] = {}
    broken: list[Chain] = []
    for note in doc.notes:
        for c in note.citations:
            if not c.is_backref:
                continue
            link = Link(note.n, c)
            if c.status == RESOLVED and c.target is not None and c.resolved is not None:
                rooted.setdefault((c.target, _work_key(c.resolved)), []).append(link)
            else:
                broken.append(Chain(None, None, (link,)))
    chains = []
    for (root, key), links in sorted(rooted.items(), key=lambda kv: (kv[0][0], kv[1][0].note)):
        note = by_n.get(root)
        fulls = [c for c in (note.citations if note else ()) if not c.is_backref]
        citation = next((c for c in fulls if _work_key(c) == key), fulls[0] if fulls else None)
        chains.append(Chain(root, citation, tuple(links)))
    return chains + broken
