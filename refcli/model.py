"""The records every layer passes down: notes, citations and findings.

Plain frozen dataclasses, no behaviour beyond turning themselves into the JSON of the parse
contract (DESIGN.md). Absent fields are ``None`` here and are left out of the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

KINDS = ("archival", "book", "article", "chapter", "web", "document", "ibid", "op_cit", "other")
BACKREF_KINDS = ("ibid", "op_cit")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Person:
    family: str  # with its particle as written: "van Ree", "de Gaulle", "фон Бок"
    given: str | None = None
    suffix: str | None = None  # "Jr.", "III" (BibTeX's "Jr" part)

    def to_json(self) -> dict[str, str]:
        out = {"family": self.family}
        if self.given:
            out["given"] = self.given
        if self.suffix:
            out["suffix"] = self.suffix
        return out


_JSON_NAMES = {"sender": "from", "recipient": "to"}


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation inside a note: an archival unit, a work, or a back-reference."""

    kind: str
    raw: str = ""
    # archival shelfmark, canonical forms (DESIGN.md "The archival record")
    archive: str | None = None
    fond: str | None = None
    opis: str | None = None
    papka: str | None = None
    karton: str | None = None
    delo: str | None = None
    tom: str | None = None
    leaves: str | None = None
    shelfmark: str | None = None
    # levels of archives outside the fond/opis/delo scheme (NARA, presidential libraries,
    # TNA, manuscript divisions): each archive's scheme in archives.json names which apply
    collection: str | None = None
    series: str | None = None
    entry: str | None = None
    box: str | None = None
    folder: str | None = None
    piece: str | None = None
    item: str | None = None
    elliptical: bool = False  # levels taken from the reference before it in the note
    # bibliographic fields
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    title: str | None = None
    title_translated: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    year: str | None = None
    date: str | None = None
    city: str | None = None
    publisher: str | None = None
    pages: str | None = None
    url: str | None = None
    # a document inside a published collection or an archival file: its own description
    item_title: str | None = None
    sender: str | None = None  # JSON "from"
    recipient: str | None = None  # JSON "to"
    translators: tuple[Person, ...] = ()
    et_al: bool = False
    short_form: bool = False  # "Mikoian, Tak bylo, p. 465.": a shortened reference
    quoted_in: bool = False  # "Quoted in ...", "Cited in ...", "Цит. по:"
    # fields of an imported entry that no field above holds (doi, isbn, issn, venue ...),
    # as (name, value) pairs, kept so that they can be written back
    extra: tuple[tuple[str, str], ...] = ()
    # back-references (filled by the resolver)
    target: int | None = None
    status: str | None = None
    resolved: Citation | None = None
    candidates: tuple[int, ...] = ()
    # where the citation sits in its note's text (not part of the JSON contract)
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    @property
    def is_backref(self) -> bool:
        return self.kind in BACKREF_KINDS

    def with_(self, **changes: Any) -> Citation:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in _CITATION_FIELDS:
            value = getattr(self, name)
            if value is None or value == () or value == "" or value is False:
                continue
            if name in ("authors", "editors", "translators"):
                out[name] = [p.to_json() for p in value]
            elif name == "candidates":
                out[name] = list(value)
            elif name == "extra":
                out[name] = dict(value)
            elif name == "resolved":
                out[name] = value.to_json()
            elif name in _JSON_NAMES:
                out[_JSON_NAMES[name]] = value
            else:
                out[name] = value
        return out


# the fields of the JSON contract, in order (fields() is slow enough to show in a profile)
_CITATION_FIELDS = tuple(f.name for f in fields(Citation) if f.name not in ("start", "end"))


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    note: int | None
    message: str
    related: tuple[int, ...] = ()
    # the notes section NOTE belongs to, where a file has several (note numbers restart)
    section: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "note": self.note,
            "message": self.message,
        }
        if self.related:
            out["related"] = list(self.related)
        if self.section is not None:
            out["section"] = self.section
        return out


@dataclass(frozen=True, slots=True)
class RawNote:
    """What a reader hands on: a note's number, its text and where it was found."""

    n: int
    text: str
    line: int | None = None
    # the number or name as the source prints it ("88" for Markdown [^88], "12a"), and the
    # notes section it belongs to (a chapter heading or ordinal) when a file has several
    label: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A file read into notes, with what the reader itself noticed."""

    source: str
    notes: tuple[RawNote, ...]
    findings: tuple[Finding, ...] = ()
    # note numbers in the order their markers appear in the body, or None when the
    # format shows no markers (a bare notes list)
    markers: tuple[int, ...] | None = None
    format: str = "text"
    # the running text outside the notes (where plain-text markers such as "system1." sit)
    body: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    n: int
    text: str
    citations: tuple[Citation, ...] = ()
    line: int | None = None
    label: str | None = None
    section: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"n": self.n}
        if self.label is not None:
            out["label"] = self.label
        if self.section is not None:
            out["section"] = self.section
        out["text"] = self.text
        out["citations"] = [c.to_json() for c in self.citations]
        return out


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    notes: tuple[Note, ...]
    findings: tuple[Finding, ...] = ()
    markers: tuple[int, ...] | None = None
    format: str = "text"

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "refcli.parse/1",
            "source": self.source,
            "notes": [n.to_json() for n in self.notes],
            "findings": [f.to_json() for f in self.findings],
        }
