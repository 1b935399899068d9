"""Library search: a query string parsed into terms, matched against stored sources.

Syntax (DESIGN.md): free words (every one must match), ``"quoted phrases"``, and
``field:value`` terms — ``archive:``, ``fond:``, ``opis:``, ``delo:``, ``papka:``, ``author:``,
``title:``, ``year:`` (``1956``, ``1950..1960``, ``1950..``, ``..1960``), ``kind:``, ``doc:``,
``key:``; a field value may be quoted (``title:"unknown mao"``).

What is searched: both sides go through :func:`refcli.fold.fold` (transliteration to one Latin
form, lowercase, no diacritics or punctuation), so ``Mikoyan``, ``Mikoian`` and ``Микоян`` are
one word.

* A free word matches a source when it starts a word of the source's own fields (key, archive,
  fond, opis, delo, shelfmark, authors, editors, title, container, city, publisher, year ...)
  — or of the text of any note that cites the source. That is how ``Mikoyan`` finds the GARF
  file whose Ibid. note quotes Mikoyan's memoirs. Field matches rank above note matches.
* A phrase must occur, word for word, in the fields or in one citing note.
* ``fond:5446`` and ``fond:R-5446`` both match fond ``R-5446`` and fond ``5446`` (the letter
  prefix is often dropped by authors); ``archive:`` accepts any alias of the registry
  (``archive:TsKhSD`` finds RGANI units).
* When nothing matches, each free word not in the library's vocabulary is replaced by its
  closest word there (rapidfuzz, ratio ≥ 80) and the search is run again; the answer says so.

Pure functions: :func:`parse_query` never raises (problems are returned as data), and
:func:`run` takes already-loaded records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .fold import fold

FIELDS = ("archive", "fond", "opis", "delo", "papka", "author", "title", "year", "kind", "doc",
          "key")
_UNIT_FIELDS = ("opis", "delo", "papka")

_TOKEN = re.compile(
    r"""(?P<field>[^\W\d_]+):(?:["“«„](?P<fq>[^"”»“]*)["”»“]?|(?P<fv>\S*))"""
    r"""|["“«„](?P<q>[^"”»“]*)["”»“]?"""
    r"""|(?P<w>\S+)""")
_YEAR = re.compile(r"^(?P<lo>\d{3,4})?(?P<range>\.\.|–|-)?(?P<hi>\d{3,4})?$")


@dataclass(frozen=True, slots=True)
class Term:
    field: str | None  # None for free words and phrases
    value: str  # as typed
    folded: str
    phrase: bool = False
    lo: int | None = None  # year ranges
    hi: int | None = None


@dataclass(slots=True)
class Query:
    text: str
    terms: list[Term] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return self.text


def parse_query(text: str) -> Query:
    """Split TEXT into terms. Never raises: what cannot be understood goes to ``problems``."""
    q = Query(text)
    for m in _TOKEN.finditer(text):
        name = m.group("field")
        if name is not None:
            value = m.group("fq") if m.group("fq") is not None else (m.group("fv") or "")
            key = name.casefold()
            if key not in FIELDS:
                if value.startswith("//"):  # a URL typed as a word
                    _add_free(q, m.group(0))
                else:
                    q.problems.append(f"unknown search field {name!r}; fields are "
                                      + ", ".join(f"{f}:" for f in FIELDS))
                continue
            if not value.strip():
                q.problems.append(f"{key}: needs a value (e.g. {key}:{_EXAMPLE[key]})")
                continue
            if key == "year":
                ym = _YEAR.match(value.strip())
                if not ym or not (ym.group("lo") or ym.group("hi")) or (
                        ym.group("range") is None and ym.group("hi")):
                    q.problems.append(f"year:{value} is not a year or a range such as "
                                      "year:1950..1960")
                    continue
                lo = int(ym.group("lo")) if ym.group("lo") else None
                hi = int(ym.group("hi")) if ym.group("hi") else (None if ym.group("range") else lo)
                if lo is not None and hi is not None and lo > hi:
                    lo, hi = hi, lo
                q.terms.append(Term("year", value, value, lo=lo, hi=hi))
                continue
            q.terms.append(Term(key, value, fold(value)))
        elif m.group("q") is not None:
            folded = fold(m.group("q"))
            if folded:
                q.terms.append(Term(None, m.group("q"), folded, phrase=True))
        else:
            _add_free(q, m.group("w"))
    return q


_EXAMPLE = {"archive": "GARF", "fond": "5446", "opis": "98s", "delo": "704", "papka": "12",
            "author": "Pantsov", "title": "Mao", "year": "1956", "kind": "book",
            "doc": "article.txt", "key": "garf-5446"}


def _add_free(q: Query, word: str) -> None:
    folded = fold(word)
    if not folded:
        return
    # "R-5446" folds to "r 5446": two words that must stand together
    q.terms.append(Term(None, word, folded, phrase=" " in folded))


# -- matching ----------------------------------------------------------------------------------
def _number(value: str) -> str:
    """Fond without its letter prefix: ``R-5446``, ``Р-5446``, ``r 5446`` → ``5446``."""
    text = fold(value).replace(" ", "")
    return re.sub(r"^[a-z]{1,2}(?=\d)", "", text)


def _compact(value: str) -> str:
    return fold(value).replace(" ", "")


def _year_of(record: dict[str, Any]) -> int | None:
    m = re.search(r"\b(\d{4})\b", str(record.get("year") or record.get("date") or ""))
    return int(m.group(1)) if m else None


def _people_text(record: dict[str, Any]) -> str:
    names = []
    for role in ("authors", "editors"):
        for p in record.get(role, ()):
            names.append(p.get("family", ""))
            names.append(p.get("given") or "")
    return " " + fold(" ".join(names)) + " "


def _all_words_start(folded: str, text: str) -> bool:
    return all(f" {w}" in text for w in folded.split())


@dataclass(slots=True)
class Hit:
    source: dict[str, Any]
    score: float
    matched: list[str]  # the typed terms that matched, for highlighting


@dataclass(slots=True)
class Outcome:
    query: Query
    hits: list[Hit]
    total: int
    corrections: dict[str, str] = field(default_factory=dict)


class Matcher:
    """Matches terms against stored source records; note texts are fetched only if needed."""

    def __init__(self, archive_canon: Callable[[str], str | None],
                 note_text: Callable[[str, int], str | None],
                 note_refs: Callable[[str], Iterable[tuple[str, int]]]) -> None:
        self.archive_canon = archive_canon
        self.note_text = note_text  # (document, n) → the note's text
        self.note_refs = note_refs  # key → (document, n) of the notes citing the source
        self._folded_notes: dict[tuple[str, int], str] = {}

    def _folded_note(self, where: tuple[str, int]) -> str:
        if where not in self._folded_notes:
            self._folded_notes[where] = " " + fold(self.note_text(*where) or "") + " "
        return self._folded_notes[where]

    def score(self, s: dict[str, Any], terms: list[Term]) -> float | None:
        """The rank of source S for TERMS, or None when one term does not match."""
        total = 0.0
        rec = s["record"]
        for t in terms:
            got = self._term(s, rec, t)
            if got is None:
                return None
            total += got
        return total

    def _term(self, s: dict[str, Any], rec: dict[str, Any], t: Term) -> float | None:
        text = s.get("text", " ")
        if t.field is None:
            if t.phrase:
                if f" {t.folded} " in text or f" {t.folded}" in text:
                    return 3.0
                if not _all_words_start(t.folded, s.get("words", " ")):
                    return None
                for where in self.note_refs(s["key"]):
                    if f" {t.folded}" in self._folded_note(where):
                        return 1.0
                return None
            if f" {t.folded}" in text:
                return 3.0 if f" {t.folded} " in text else 2.5
            if f" {t.folded}" in s.get("words", " "):
                return 1.0
            return None
        f = t.field
        if f == "kind":
            return 2.0 if s["kind"] == t.value.strip().casefold() else None
        if f == "key":
            return 2.0 if s["key"].startswith(t.value.strip().casefold()) else None
        if f == "year":
            y = _year_of(rec)
            if y is None or (t.lo is not None and y < t.lo) or (t.hi is not None and y > t.hi):
                return None
            return 2.0
        if f == "doc":
            want = t.value.casefold()
            return 2.0 if any(want in d.casefold() for d in s.get("documents", ())) else None
        if f == "author":
            return 3.0 if _all_words_start(t.folded, _people_text(rec)) else None
        if f == "title":
            title = " " + fold(" ".join(str(rec.get(k) or "") for k in
                                        ("title", "title_translated"))) + " "
            if not title.strip() and s["kind"] != "archival":
                title = " " + fold(rec.get("raw") or "") + " "
            return 3.0 if _all_words_start(t.folded, title) else None
        if s["kind"] != "archival":
            return None
        if f == "archive":
            canon = self.archive_canon(t.value) or t.value
            return 2.0 if _compact(canon) == _compact(rec.get("archive") or "") else None
        if f == "fond":
            return 2.0 if rec.get("fond") and _number(t.value) == _number(rec["fond"]) else None
        # opis, delo, papka
        value = rec.get(f)
        return 2.0 if value and _compact(t.value) == _compact(value) else None


def run(sources: list[dict[str, Any]], query: Query, matcher: Matcher,
        limit: int | None = None) -> Outcome:
    """Every source matching all terms of QUERY, best first; then the fuzzy fallback."""
    hits = _match(sources, query.terms, matcher)
    corrections: dict[str, str] = {}
    if not hits:
        terms, corrections = _fuzzy_terms(sources, query.terms)
        if corrections:
            hits = _match(sources, terms, matcher)
            if not hits:
                corrections = {}
    total = len(hits)
    return Outcome(query, hits[:limit] if limit else hits, total, corrections)


def _match(sources: list[dict[str, Any]], terms: list[Term], matcher: Matcher) -> list[Hit]:
    if not terms:
        return []
    hits = []
    for s in sources:
        score = matcher.score(s, terms)
        if score is not None:
            hits.append(Hit(s, score, [t.value for t in terms if t.field not in ("kind", "year")]))
    hits.sort(key=lambda h: (-h.score, -h.source.get("cited", 0), h.source["key"]))
    return hits


def _fuzzy_terms(sources: list[dict[str, Any]], terms: list[Term]) -> tuple[list[Term], dict[str, str]]:
    """Terms with each unknown free word (or author/title word) replaced by its closest
    library word."""
    wanted = [t for t in terms if (t.field in (None, "author", "title")) and not t.phrase]
    if not wanted:
        return terms, {}
    from rapidfuzz import fuzz, process

    vocab: set[str] = set()
    for s in sources:
        vocab.update(s.get("text", "").split())
        vocab.update(s.get("words", "").split())
    vocab_list = [w for w in vocab if len(w) > 2]
    out: list[Term] = []
    corrections: dict[str, str] = {}
    for t in terms:
        if t not in wanted:
            out.append(t)
            continue
        words = []
        for w in t.folded.split():
            if w in vocab or len(w) < 4:
                words.append(w)
                continue
            best = process.extractOne(w, vocab_list, scorer=fuzz.ratio, score_cutoff=80)
            if best is None:
                words.append(w)
            else:
                words.append(best[0])
                corrections[w] = best[0]
        out.append(Term(t.field, t.value, " ".join(words), t.phrase, t.lo, t.hi))
    return out, corrections


def highlight_terms(hit: Hit) -> list[str]:
    """The strings to highlight in a result: the typed words and phrases."""
    return [w for w in hit.matched if w.strip()]
