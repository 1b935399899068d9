"""Sources: the works and archival units that citations point to, deduplicated.

An archival unit is archive + fond + opis (+ papka/karton) + delo; ``f. 5446`` and
``f. R-5446`` of one archive are one unit written two ways (both spellings are kept in
``variants``). A work is its folded first-author family names + title + year, so that
transliteration and punctuation do not split it. Every citation, back-references through
what they resolved to, becomes an occurrence (document, note, locator) of its source.

Citation keys are readable, ASCII, stable across runs: ``garf-5446-98s-704`` for a unit,
``pantsov2007mao`` for a work; colliding keys get ``a``, ``b`` ... in the order of their
identities, so adding an unrelated record never renames an existing one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .fold import ascii_slug, fold
from .model import Citation, Document
from .parsers.canon import render_shelfmark

UNIT_LEVELS = ("archive", "fond", "opis", "papka", "karton", "delo")


@dataclass(slots=True)
class Occurrence:
    document: str
    note: int
    locator: str | None = None  # "l. 101", "pp. 597-599"
    via: str | None = None  # "ibid" / "op_cit" when reached through a back-reference

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"document": self.document, "note": self.note}
        if self.locator:
            out["locator"] = self.locator
        if self.via:
            out["via"] = self.via
        return out


@dataclass(slots=True)
class Source:
    identity: str  # what makes two citations one source (folded, not for display)
    key: str  # the readable citation key
    record: Citation  # the source without any locator
    occurrences: list[Occurrence] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)  # shelfmarks as written, when they differ

    @property
    def kind(self) -> str:
        return self.record.kind

    def leaves(self) -> list[str]:
        """Every locator this source is cited at, in first-cited order, without repeats."""
        seen: list[str] = []
        for o in self.occurrences:
            value = o.locator.split(" ", 1)[1] if o.locator and " " in o.locator else o.locator
            if value and value not in seen:
                seen.append(value)
        return seen


def _fond_number(fond: str | None) -> str:
    """``R-5446`` → ``5446``: the prefix letter is often dropped by authors."""
    return re.sub(r"^[A-Za-z]{1,2}-", "", fond or "")


def unit_identity(c: Citation) -> str:
    if c.fond or c.delo:
        parts = [fold(c.archive or "?"), _fond_number(c.fond), c.opis or "", c.papka or "",
                 c.karton or "", c.delo or ""]
        return "unit|" + "|".join(parts)
    return "unit|" + fold(c.archive or "?") + "|" + fold(_strip_free_locator(c.shelfmark or c.raw))


_FREE_LOCATOR = re.compile(r",?\s*(?:fols?|ff?|pp?|Bl|S|l|ll)\.\s*[\d\-–,\s]+$")


def _strip_free_locator(shelfmark: str) -> str:
    return _FREE_LOCATOR.sub("", shelfmark)


def work_identity(c: Citation) -> str:
    people = c.authors or c.editors
    names = " ".join(fold(p.family) for p in people[:3])
    title = " ".join(fold(c.title or c.raw).split()[:8])
    return f"work|{c.kind}|{names}|{title}|{c.year or ''}|{fold(c.container or '')}"


def identity(c: Citation) -> str:
    return unit_identity(c) if c.kind == "archival" else work_identity(c)


def base_key(c: Citation) -> str:
    """The readable key before collision suffixes."""
    if c.kind == "archival":
        archive = re.sub(r"[^a-z0-9]", "", fold(c.archive or "archive").replace(" ", "")) or "archive"
        if c.fond or c.delo:
            parts = [archive, _fond_number(c.fond), c.opis, c.papka and f"p{c.papka}",
                     c.karton and f"k{c.karton}", c.delo]
        else:
            parts = [archive, *fold(_strip_free_locator(c.shelfmark or "")).split()[1:6]]
        return "-".join(re.sub(r"[^a-z0-9]", "", str(p).lower()) for p in parts if p)
    people = c.authors or c.editors
    who = ascii_slug(people[0].family) if people else ""
    what = ascii_slug(c.title or c.container or c.raw)
    key = f"{who}{c.year or ''}{what}" or "ref"
    return key


def strip_locator(c: Citation) -> Citation:
    """The source record: the citation without its leaves, pages or back-reference fields."""
    record = c.with_(leaves=None, raw="" if c.kind == "archival" else c.raw,
                     target=None, status=None, resolved=None, candidates=(), start=0, end=0)
    if c.kind in ("book", "document", "web", "other"):
        record = record.with_(pages=None)
    if c.kind == "archival" and (c.fond or c.delo):
        record = record.with_(shelfmark=render_shelfmark(
            c.archive, c.fond, c.opis, c.papka, c.karton, c.delo, c.tom))
    return record


def locator_of(c: Citation) -> str | None:
    if c.leaves:
        return ("ll. " if ("-" in c.leaves or "," in c.leaves) else "l. ") + c.leaves
    if c.pages and c.kind not in ("article", "chapter"):
        return ("pp. " if "-" in c.pages else "p. ") + c.pages
    return None


def _prefer(a: Citation, b: Citation) -> Citation:
    """Of two spellings of one source, the fuller one (the fond with its prefix letter)."""
    if a.kind == "archival" and b.fond and a.fond and len(b.fond) > len(a.fond):
        return a.with_(fond=b.fond, shelfmark=b.shelfmark)
    filled = {k: getattr(b, k) for k in ("title", "container", "city", "publisher", "year",
                                         "volume", "issue", "url", "date", "title_translated")
              if getattr(a, k) is None and getattr(b, k) is not None}
    return a.with_(**filled) if filled else a


def collect_sources(documents: Iterable[Document], existing: Iterable[Source] = ()) -> list[Source]:
    """Every source cited in DOCUMENTS (merged into EXISTING ones), keys assigned."""
    by_identity: dict[str, Source] = {s.identity: s for s in existing}
    for doc in documents:
        for note in doc.notes:
            for c in note.citations:
                via = None
                target = c
                if c.is_backref:
                    if c.status != "resolved" or c.resolved is None:
                        continue
                    via, target = c.kind, c.resolved
                if target.kind in ("ibid", "op_cit"):
                    continue
                ident = identity(target)
                record = strip_locator(target)
                source = by_identity.get(ident)
                if source is None:
                    source = by_identity[ident] = Source(ident, "", record)
                else:
                    source.record = _prefer(source.record, record)
                if target.kind == "archival" and target.fond:
                    source.variants.add(f"f. {target.fond}")
                source.occurrences.append(Occurrence(doc.source, note.n, locator_of(target), via))
    sources = list(by_identity.values())
    assign_keys(sources)
    return sources


def assign_keys(sources: list[Source]) -> None:
    """Give every source without a key a unique readable one; keys already set are kept."""
    taken = {s.key for s in sources if s.key}
    pending: dict[str, list[Source]] = {}
    for s in sources:
        if not s.key:
            pending.setdefault(base_key(s.record), []).append(s)
    for base, group in sorted(pending.items()):
        group.sort(key=lambda s: s.identity)
        if len(group) == 1 and base not in taken:
            group[0].key = base
            taken.add(base)
            continue
        n = 0
        for s in group:
            while base + _suffix(n) in taken:
                n += 1
            s.key = base + _suffix(n)
            taken.add(s.key)


def _suffix(i: int) -> str:
    """0 → a, 25 → z, 26 → aa ..."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out
