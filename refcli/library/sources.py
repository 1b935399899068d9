"""Sources: the works and archival units that citations point to, one per work or unit.

An **archival unit** is archive + fond + opis (+ papka/karton) + delo; ``f. 5446`` and
``f. R-5446`` of one archive are one unit written two ways.

A **work** is its authors' folded family names (script- and transliteration-insensitive:
``Панцов`` = ``Pantsov``), its year, its kind and its volume, and a title that matches:

* by transliteration, one title equal to the other or starting it (a subtitle left out):
  ``На разных параллелях: записки дипломата`` = ``Na raznykh parallelyakh``;
* by translation: the bracketed translation of one equal to (or starting) the other's title;
* across scripts, where neither of those holds (``Мао Цзэдун`` / ``Mao Zedong``): the same
  publisher (a book) or the same journal with the same volume and issue (an article).

Volumes of a multi-volume work are separate sources: each is its own entry in an export, with
its own pages (``Works, vol. 3, pp. 199–200`` and ``vol. 4, pp. 351–2`` must not land in one
entry).

A **short form** (``Pantsov, Mao Zedong, 564``: ``short_form`` set by the parser) joins the work
whose authors match and whose title (or translated title) it starts, in any year; an
unresolved ``op. cit.`` with an author joins that author's only work. Both look in the library
too (imported BibTeX entries included) through a :class:`Lookup`.

Every spelling of a source is kept: ``variants`` (as written: a shelfmark without its leaves,
a work's fields) and ``forms`` (the records, for matching). Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from refcli import rx

from ..fold import fold
from ..model import Citation, Document, Person
from ..parsers.canon import (
    WESTERN_UNIT_LEVELS,
    is_western,
    render_shelfmark,
    western_locator,
    western_unit_shelfmark,
)
from .keys import base_key, suffix

_FOND_PREFIX = rx.compile(r"^[A-Za-z]{1,2}-")
_FOUR_DIGITS = rx.compile(r"\d{4}")
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


@dataclass(slots=True, eq=False)
class Source:
    identity: str  # what makes two citations one source (folded, not for display)
    key: str  # the readable citation key
    record: Citation  # the source without any locator
    occurrences: list[Occurrence] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)  # the spellings, as written
    forms: list[Citation] = field(default_factory=list)  # the records of those spellings

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

    def add_form(self, record: Citation) -> None:
        if record.title and record.raw:
            record = _replace(record, {"raw": ""})
        if not self.forms or (record != self.forms[-1] and record not in self.forms):
            self.forms.append(record)
            self.record = merge_forms(self.forms)


# -- identity ------------------------------------------------------------------------------------
def _fond_number(fond: str | None) -> str:
    """``R-5446`` → ``5446``: the prefix letter is often dropped by authors."""
    return _FOND_PREFIX.sub("", fond or "")


_FREE_LOCATOR = rx.compile(r",?\s*(?:fols?|ff?|pp?|Bl|S|l|ll)\.[\d\-–,\s]+$")


def strip_free_locator(shelfmark: str) -> str:
    return _FREE_LOCATOR.sub("", shelfmark)


def _unit_identity(c: Citation) -> str:
    if is_western(c):  # a NARA box, a TNA piece, a folder of papers: its levels, not its string
        return "unit|" + fold(c.archive or "?") + "|" + "|".join(
            fold(getattr(c, level) or "") for level in WESTERN_UNIT_LEVELS)
    if c.fond or c.delo:
        parts = [fold(c.archive or "?"), _fond_number(c.fond), c.opis or "", c.papka or "",
                 c.karton or "", c.delo or ""]
        return "unit|" + "|".join(parts)
    return "unit|" + fold(c.archive or "?") + "|" + fold(strip_free_locator(c.shelfmark or c.raw))


unit_identity = lru_cache(maxsize=16384)(_unit_identity)


def family_fold(p: Person) -> str:
    """A family name folded for matching, without its lowercase particles (``van Ree`` → ``ree``)."""
    return _family_fold(p.family)


def _family_fold(family: str) -> str:
    words = family.split()
    while len(words) > 1 and words[0][:1].islower():
        words.pop(0)
    return fold(" ".join(words)).replace(" ", "")


def _work_names(c: Citation) -> tuple[str, ...]:
    return tuple(n for n in (family_fold(p) for p in (c.authors or c.editors)[:3]) if n)


work_names = lru_cache(maxsize=16384)(_work_names)


def _year(c: Citation) -> str:
    m = _FOUR_DIGITS.search(c.year or c.date or "")
    return m.group(0) if m else ""


def _volume(c: Citation) -> str:
    return fold(c.volume or "").replace(" ", "")


def work_identity(c: Citation) -> str:
    title = " ".join(fold(c.title or c.raw).split()[:8])
    return (f"work|{c.kind}|{' '.join(work_names(c))}|{title}|{_year(c)}|{_volume(c)}|"
            f"{fold(c.container or '')}")


@lru_cache(maxsize=16384)
def identity(c: Citation) -> str:
    return unit_identity(c) if c.kind == "archival" else work_identity(c)


def _block(c: Citation) -> str:
    """Where a source is filed for matching: a unit by its identity, a work by its first
    author's folded family name and its year (``w|pantsov|2007``), an authorless work by the
    first words of its title."""
    if c.kind == "archival":
        return _unit_identity(c)
    names = _work_names(c)
    if names:
        return f"w|{names[0]}|{_year(c)}"
    return "t|" + " ".join(fold(c.title or c.raw).split()[:3]) + "|" + _year(c)


block = lru_cache(maxsize=16384)(_block)


class _Fields(dict):  # type: ignore[type-arg]
    """A record's JSON read like a Citation (what block() reads), without building one."""

    def __getattr__(self, name: str) -> Any:
        value = self.get(name)
        if name in ("authors", "editors"):
            return tuple(_Fields(p) for p in value or () if isinstance(p, dict))
        if value is None and name in ("raw", "family"):
            return ""
        return value


def block_of_json(form: dict[str, Any]) -> str:
    """:func:`block` of a record in its JSON form (a work's read from the dict itself)."""
    if form.get("kind") == "archival":
        fond, delo = form.get("fond"), form.get("delo")
        if fond or delo:  # the fond scheme (_unit_identity's second case)
            return "unit|" + "|".join([
                fold(form.get("archive") or "?"), _fond_number(fond), form.get("opis") or "",
                form.get("papka") or "", form.get("karton") or "", delo or ""])
        return _block(_Fields(form))  # type: ignore[arg-type]
    people = [p for p in form.get("authors") or () if isinstance(p, dict)] or [
        p for p in form.get("editors") or () if isinstance(p, dict)]
    year = _FOUR_DIGITS.search(form.get("year") or form.get("date") or "")
    year_text = year.group(0) if year else ""
    for p in people[:3]:
        family = p.get("family")
        name = _family_fold("" if family is None else family)
        if name:
            return f"w|{name}|{year_text}"
    title = form.get("title") or form.get("raw") or ""
    return "t|" + " ".join(fold(title).split()[:3]) + "|" + year_text


def family_block(family: str) -> str:
    """The prefix every block of FAMILY's works starts with (for short forms, any year)."""
    return f"w|{family}|"


# -- one work? -------------------------------------------------------------------------------------
_CYR = rx.compile(r"[\u0400-\u04FF]")
_CJK = rx.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def script(text: str | None) -> str:
    if not text:
        return ""
    if _CYR.search(text):
        return "cyrl"
    if _CJK.search(text):
        return "cjk"
    return "latn"


def _starts(short: str, long: str) -> bool:
    """SHORT equals LONG or starts it at a word boundary (both folded)."""
    return bool(short) and (long == short or long.startswith(short + " "))


def _either_starts(a: str, b: str) -> bool:
    return _starts(a, b) or _starts(b, a)


def same_work(a: Citation, b: Citation) -> bool:
    """Whether records A and B (locator-free, not archival) are one work (module notes)."""
    if a.kind == "archival" or b.kind == "archival":
        return False
    short = a.short_form or b.short_form
    na, nb = work_names(a), work_names(b)
    if na or nb:
        if not na or not nb or na[0] != nb[0]:
            return False
        loose = short or a.et_al or b.et_al
        if not loose and (len(na) != len(nb) or set(na) != set(nb)):
            return False
    ya, yb = _year(a), _year(b)
    va, vb = _volume(a), _volume(b)
    if short:
        if (ya and yb and ya != yb) or (va and vb and va != vb):
            return False
        s, full = (a, b) if a.short_form else (b, a)
        title = fold(s.title or "")
        return bool(title) and any(_starts(title, fold(t or ""))
                                   for t in (full.title, full.title_translated))
    if ya != yb or va != vb or a.kind != b.kind:
        return False
    ta, tb = fold(a.title or ""), fold(b.title or "")
    if not ta and not tb:
        return fold(a.raw) == fold(b.raw) and bool(a.raw)
    if _either_starts(ta, tb):
        return True
    tra, trb = fold(a.title_translated or ""), fold(b.title_translated or "")
    if (tra and _either_starts(tra, tb)) or (trb and _either_starts(trb, ta)) or (
            tra and trb and _either_starts(tra, trb)):
        return True
    if script(a.title) == script(b.title):
        return False
    ca, cb = fold(a.container or ""), fold(b.container or "")
    if ca or cb:  # an article: the same journal, volume and issue
        return (ca == cb and (a.issue or a.volume) is not None
                and fold(a.issue or "") == fold(b.issue or ""))
    pa, pb = fold(a.publisher or ""), fold(b.publisher or "")
    return bool(pa) and pa == pb


def compatible(a: Citation, b: Citation) -> bool:
    """A and B may be one source parsed two ways (a re-parse of the same note): same kind of
    source and, for works, the same first author."""
    if (a.kind == "archival") != (b.kind == "archival"):
        return False
    if a.kind == "archival":
        return unit_identity(a) == unit_identity(b)
    na, nb = work_names(a), work_names(b)
    return (na[:1] == nb[:1]) and _year(a) == _year(b)


# -- records ------------------------------------------------------------------------------------
def strip_locator(c: Citation) -> Citation:
    """The source record: the citation without its leaves, pages or back-reference fields
    (nor its text as written, where a title stands for it)."""
    changes: dict[str, Any] = {}
    if c.leaves is not None:
        changes["leaves"] = None
    if c.raw and (c.kind == "archival" or c.title):
        changes["raw"] = ""
    for name, empty in (("target", None), ("status", None), ("resolved", None),
                        ("candidates", ()), ("quoted_in", False)):
        if getattr(c, name) != empty:
            changes[name] = empty
    if c.start or c.end:
        changes["start"] = changes["end"] = 0
    if c.kind in ("book", "document", "web", "other") and c.pages is not None:
        changes["pages"] = None
    if c.kind == "archival" and (c.fond or c.delo):
        shelfmark = render_shelfmark(c.archive, c.fond, c.opis, c.papka, c.karton, c.delo, c.tom)
        if shelfmark != c.shelfmark:
            changes["shelfmark"] = shelfmark
    elif c.kind == "archival" and is_western(c) and (c.item or c.leaves):
        # the unit is the box, folder or piece; the document in it and its folios are locators
        changes["item"] = None
        if c.shelfmark:
            changes["shelfmark"] = western_unit_shelfmark(c.shelfmark, c.item, c.leaves)[0]
    return _replace(c, changes) if changes else c


_FIELD_NAMES = tuple(Citation.__dataclass_fields__)


def _replace(c: Citation, changes: dict[str, Any]) -> Citation:
    """``c.with_(**changes)`` without dataclasses.replace's cost (a frozen Citation is copied
    slot by slot; it has no __post_init__ to run)."""
    new = object.__new__(Citation)
    for name in _FIELD_NAMES:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(c, name))
    return new


def locator_of(c: Citation) -> str | None:
    if c.kind == "archival" and is_western(c):
        return western_locator(c.item, c.leaves)
    if c.leaves:
        return ("ll. " if ("-" in c.leaves or "," in c.leaves) else "l. ") + c.leaves
    if c.pages and c.kind not in ("article", "chapter"):
        return ("pp. " if "-" in c.pages else "p. ") + c.pages
    return None


_FILL = ("title", "container", "city", "publisher", "year", "volume", "issue", "url", "date",
         "title_translated", "pages", "editors", "authors")
_NEUTRAL = ("year", "volume", "issue", "url", "date", "title_translated", "pages")


def merge_forms(forms: list[Citation]) -> Citation:
    """The record of a source seen in FORMS: the first full form (not a short one), its empty
    fields filled from the others (in the same script, except dates, numbers and links)."""
    if not forms:
        raise ValueError("a source without a form")
    full = [f for f in forms if not f.short_form] or forms
    base = full[0]
    if len(forms) == 1:
        return base
    if base.kind == "archival":  # the fuller fond (with its prefix letter) wins
        longest = max((f for f in forms if f.fond), key=lambda f: len(f.fond or ""), default=base)
        if longest.fond and len(longest.fond) > len(base.fond or ""):
            return base.with_(fond=longest.fond, shelfmark=longest.shelfmark)
        return base
    filled: dict[str, Any] = {}
    own = script(base.title or base.raw)
    for other in full[1:]:
        same_script = script(other.title or other.raw) == own
        for name in _FILL:
            if name in filled or getattr(base, name) not in (None, ()):
                continue
            value = getattr(other, name)
            if value not in (None, ()) and (same_script or name in _NEUTRAL):
                filled[name] = value
    return base.with_(**filled) if filled else base


_ARCHIVAL_LEAF = rx.compile(
    r"(?<![^\W\d_])[,.;]?\s*(?:ll?|лл?|fols?|ff|арк|ark|pp?|bl)\.\s*\d.*$", re.IGNORECASE)


def variant_of(c: Citation, record: Citation) -> str | None:
    """C (a citation, with its locator) as written, for a source's ``variants``; None for a
    short form."""
    if c.short_form:
        return None
    if c.kind == "archival":
        raw = _ARCHIVAL_LEAF.sub("", c.raw).strip(" .,;") if c.raw else ""
        return raw or record.shelfmark or None
    return label_of(record)


def _person(p: Person) -> str:
    return " ".join(x for x in (p.family, p.given, p.suffix) if x)


def label_of(c: Citation) -> str:
    """A work's fields in one line: ``Pantsov A. V. Mao Zedong. Moscow: Molodaya gvardiya, 2007``."""
    parts = []
    people = c.authors or c.editors
    if people:
        parts.append(", ".join(_person(p) for p in people[:3]) + (" et al." if len(people) > 3 else ""))
    if c.title:
        parts.append(c.title + (f" [{c.title_translated}]" if c.title_translated else ""))
    if c.container:
        parts.append("// " + c.container)
    if c.volume:
        parts.append(f"vol. {c.volume}")
    if c.issue:
        parts.append(f"no. {c.issue}")
    imprint = ": ".join(x for x in (c.city, c.publisher) if x)
    when = c.date or c.year
    if imprint or when:
        parts.append(", ".join(x for x in (imprint, when) if x))
    if not parts:
        return c.raw
    return ". ".join(p.rstrip(". ") if i < len(parts) - 1 else p for i, p in enumerate(parts))


_CITATION_FIELDS = set(Citation.__dataclass_fields__) - {"start", "end"}
_JSON_NAMES = {"from": "sender", "to": "recipient"}


def _people(value: Any) -> tuple[Person, ...]:
    return tuple(Person(p.get("family", ""), p.get("given"), p.get("suffix"))
                 for p in value if isinstance(p, dict))


def citation_from_json(data: dict[str, Any]) -> Citation:
    """The inverse of ``Citation.to_json`` (unknown keys are ignored)."""
    kw: dict[str, Any] = {}
    for k, v in data.items():
        k = _JSON_NAMES.get(k, k)
        if k not in _CITATION_FIELDS or v is None:
            continue
        if k in ("authors", "editors", "translators"):
            kw[k] = _people(v)
        elif k == "resolved":
            kw[k] = citation_from_json(v) if isinstance(v, dict) else None
        elif k == "candidates":
            kw[k] = tuple(v)
        elif k == "extra":
            kw[k] = tuple((str(a), str(b)) for a, b in v.items()) if isinstance(v, dict) else ()
        else:
            kw[k] = v
    kw.setdefault("kind", "other")
    return Citation(**kw)


# -- collecting ----------------------------------------------------------------------------------
class Lookup(Protocol):
    """The sources already stored (the library's index), as the matcher asks for them."""

    def in_block(self, block: str) -> list[Source]: ...

    def by_family(self, family: str) -> list[Source]: ...

    def by_key(self, key: str) -> Source | None: ...

    def is_taken(self, key: str) -> bool: ...


@dataclass(slots=True)
class Cited:
    """One citation of a document as stored: where, which source, as written."""

    note: int
    pos: int  # its place among the note's citations
    source: Source
    record: Citation  # the locator-free record as this citation writes it
    locator: str | None
    via: str | None
    variant: str | None = None  # the citation as written (a source's variants)


class Collector:
    """Files citations under sources, one document after another, against LOOKUP."""

    def __init__(self, lookup: Lookup | None = None, existing: Iterable[Source] = ()) -> None:
        self.lookup = lookup
        self.sources: list[Source] = []
        self._by_identity: dict[str, Source] = {}
        # buckets are dicts keyed by id(source): ordered sets of sources
        self._by_block: dict[str, dict[int, Source]] = {}
        self._by_family: dict[str, dict[int, Source]] = {}
        self._by_key: dict[str, Source] = {}
        self._fetched: set[str] = set()
        self.last_new = 0  # sources the last document() created
        for s in existing:
            self._add(s)

    def _add(self, s: Source) -> Source:
        known = self._by_key.get(s.key) if s.key else None
        if known is not None:
            return known
        self.sources.append(s)
        self._by_identity.setdefault(s.identity, s)
        for f in s.forms or [s.record]:
            self._file(s, f)
        if s.key:
            self._by_key[s.key] = s
        return s

    def _file(self, s: Source, form: Citation) -> None:
        self._by_block.setdefault(block(form), {})[id(s)] = s
        names = work_names(form) if form.kind != "archival" else ()
        if names:
            self._by_family.setdefault(names[0], {})[id(s)] = s

    def taken(self, key: str) -> bool:
        return key in self._by_key

    def adopt(self, source: Source) -> Source:
        """Make SOURCE (with its key) a candidate for what follows."""
        return self._add(source)

    def _fetch(self, what: str, found: Iterable[Source]) -> None:
        if what in self._fetched:
            return
        self._fetched.add(what)
        for s in found:
            self._add(s)

    def _block(self, name: str) -> list[Source]:
        if self.lookup is not None:
            self._fetch(name, self.lookup.in_block(name))
        return list(self._by_block.get(name, {}).values())

    def _family(self, family: str) -> list[Source]:
        if self.lookup is not None:
            self._fetch("family:" + family, self.lookup.by_family(family))
        return list(self._by_family.get(family, {}).values())

    def find(self, record: Citation) -> Source | None:
        """The known source RECORD belongs to, or None."""
        if record.kind == "archival":
            found = self._by_identity.get(unit_identity(record))
            if found is None:
                bucket = self._block(unit_identity(record))
                found = bucket[0] if bucket else None
            return found
        exact = self._by_identity.get(work_identity(record))
        if exact is not None and not record.short_form:
            return exact
        names = work_names(record)
        if record.short_form and names:
            pool = self._family(names[0])
        else:  # short forms without a year are filed under the author alone
            pool = self._block(block(record))
            if names and _year(record):
                pool = pool + self._block(family_block(names[0]))
        matches = _unique(s for s in pool if any(same_work(record, f) for f in s.forms or [s.record]))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1 and not record.short_form:  # the exact one, else the first filed
            return next((s for s in matches if s.identity == identity(record)), matches[0])
        return None

    def find_author(self, c: Citation) -> Source | None:
        """The only work by C's first author (an op. cit. the document could not resolve)."""
        names = work_names(c)
        if not names:
            return None
        works = _unique(s for s in self._family(names[0])
                        if s.kind != "archival" and not s.record.short_form)
        return works[0] if len(works) == 1 else None

    def cite(self, record: Citation, variant: str | None = None,
             hint: str | None = None) -> tuple[Source, bool]:
        """The source of RECORD (created when new: key ""), and whether it is new. HINT is the
        key this citation had in an earlier version of its document."""
        source = self.find(record)
        if source is None and hint:
            known = self._by_key.get(hint) or (self.lookup.by_key(hint) if self.lookup else None)
            if known is not None and compatible(known.record, record):
                source = self._add(known)
        new = source is None
        if source is None:
            source = Source(identity(record), "", record)
            source.add_form(record)
            source = self._add(source)
        else:
            before = len(source.forms)
            source.add_form(record)
            if len(source.forms) != before:
                self._file(source, record)
        if variant:
            source.variants.add(variant)
        return source, new

    def document(self, doc: Document, hints: dict[tuple[int, int], str] | None = None
                 ) -> Iterator[Cited]:
        """Every citation of DOC filed under its source (back-references through their
        target); new sources get their keys when the document is done."""
        fresh: list[Source] = []
        for note in doc.notes:
            for pos, c in enumerate(note.citations):
                via = None
                target = c
                source: Source | None = None
                if c.is_backref:
                    if c.status == "resolved" and c.resolved is not None:
                        via, target = c.kind, c.resolved
                    elif c.kind == "op_cit" and c.status == "unresolved" and c.authors:
                        source = self.find_author(c)
                        if source is None:
                            continue
                        occ = Occurrence(doc.source, note.n, locator_of(c), "op_cit")
                        source.occurrences.append(occ)
                        yield Cited(note.n, pos, source, source.record, occ.locator, "op_cit")
                        continue
                    else:
                        continue
                if target.kind in ("ibid", "op_cit"):
                    continue
                hint = hints.get((note.n, pos)) if hints and via is None else None
                known = self._known_unit(target)
                if known is not None:  # a unit cited again as before: nothing new to file
                    source, record = known
                    variant = variant_of(target, record)
                    if variant:
                        source.variants.add(variant)
                else:
                    record = strip_locator(target)
                    variant = variant_of(target, record)
                    source, new = self.cite(record, variant, hint)
                    if new:
                        fresh.append(source)
                occ = Occurrence(doc.source, note.n, locator_of(target), via)
                source.occurrences.append(occ)
                yield Cited(note.n, pos, source, record, occ.locator, via, variant)
        self.assign_keys(fresh)
        self.last_new = len(fresh)

    def _known_unit(self, c: Citation) -> tuple[Source, Citation] | None:
        """The source and stored form of archival unit C when it is already filed with the
        same spelling of its levels (the common case: Ibid. runs, a unit cited again)."""
        if c.kind != "archival" or not (c.fond or c.delo):
            return None
        source = self._by_identity.get(unit_identity(c))
        if source is None:
            return None
        for form in source.forms:
            if (form.archive, form.fond, form.opis, form.papka, form.karton, form.delo,
                    form.tom) == (c.archive, c.fond, c.opis, c.papka, c.karton, c.delo, c.tom):
                return source, form
        return None

    def assign_keys(self, fresh: list[Source]) -> None:
        known, lookup = self._by_key, self.lookup
        assign_keys(fresh, (lambda k: k in known or lookup.is_taken(k)) if lookup
                    else known.__contains__)
        for s in fresh:
            self._by_key[s.key] = s


def _unique(items: Iterable[Source]) -> list[Source]:
    out: list[Source] = []
    for s in items:
        if s not in out:
            out.append(s)
    return out


def collect_sources(documents: Iterable[Document], existing: Iterable[Source] = ()) -> list[Source]:
    """Every source cited in DOCUMENTS (merged into EXISTING ones), keys assigned."""
    collector = Collector(existing=existing)
    for doc in documents:
        for _ in collector.document(doc):
            pass
    return collector.sources


def assign_keys(sources: list[Source], is_taken: Any = None) -> None:
    """Give every source without a key a unique readable one; keys already set are kept.

    Sources whose keys would collide get ``a``, ``b`` ... in the order of their identities, so
    the same set of sources always gets the same keys."""
    taken = {s.key for s in sources if s.key}

    def used(k: str) -> bool:
        return k in taken or bool(is_taken and is_taken(k))

    pending: dict[str, list[Source]] = {}
    for s in sources:
        if not s.key:
            pending.setdefault(base_key(s.record), []).append(s)
    for base, group in sorted(pending.items()):
        group.sort(key=lambda s: s.identity)
        if len(group) == 1 and not used(base):
            group[0].key = base
            taken.add(base)
            continue
        n = 0
        for s in group:
            while used(base + suffix(n)):
                n += 1
            s.key = base + suffix(n)
            taken.add(s.key)
