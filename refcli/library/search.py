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

What a source's index row holds for matching (its ``struct`` tokens and folded ``text``) is
built here too (:func:`row_tokens`), so the index (``refcli.library.index``) stores exactly
what the matcher reads.

Pure functions: :func:`parse_query` never raises (problems are returned as data), and
:func:`run` takes rows (or a function giving rows for a prefilter needle).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from refcli import rx

from ..fold import fold

_fold_text = getattr(fold, "__wrapped__", fold)

FIELDS = ("archive", "fond", "opis", "delo", "papka", "author", "title", "year", "kind", "doc",
          "key")
_UNIT_FIELDS = ("opis", "delo", "papka")

_TOKEN = rx.compile(
    r"""(?P<field>[^\W\d_]+):(?:["“«„](?P<fq>[^"”»“]*)["”»“]?|(?P<fv>\S*))"""
    r"""|["“«„](?P<q>[^"”»“]*)["”»“]?"""
    r"""|(?P<w>\S+)""")
_YEAR = rx.compile(r"^(?P<lo>\d{3,4})?(?P<range>\.\.|–|-)?(?P<hi>\d{3,4})?$")


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


# -- what a row holds --------------------------------------------------------------------------
SEP = "\x1f"
_FOND_LETTERS = rx.compile(r"^[a-z]{1,2}(?=\d)")
_YEAR_IN = rx.compile(r"\b(\d{4})\b")
_YEAR_TOKEN = rx.compile(r" y=(\d{3,4}) ")
_SEARCH_FIELDS = ("archive", "fond", "opis", "papka", "karton", "delo", "tom", "shelfmark",
                  "title", "title_translated", "container", "volume", "issue", "year", "date",
                  "city", "publisher", "url")


def _number(value: str) -> str:
    """Fond without its letter prefix: ``R-5446``, ``Р-5446``, ``r 5446`` → ``5446``."""
    text = fold(value).replace(" ", "")
    return _FOND_LETTERS.sub("", text)


def _compact(value: str) -> str:
    return fold(value).replace(" ", "")


def _year_of(record: dict[str, Any]) -> int | None:
    m = _YEAR_IN.search(str(record.get("year") or record.get("date") or ""))
    return int(m.group(1)) if m else None


def _people(record: dict[str, Any]) -> list[str]:
    names = []
    for role in ("authors", "editors"):
        for p in record.get(role, ()):
            names.append(p.get("family", ""))
            names.append(p.get("given") or "")
    return names


def doc_token(name: str) -> str:
    return re.sub(r"[\s\x1f]+", "_", name.casefold())


def row_tokens(key: str, forms: list[dict[str, Any]], variants: list[str] = ()) -> tuple[str, str]:
    """The ``struct`` tokens and the folded ``text`` of a source seen in FORMS (records as
    written, parse-contract JSON), space-padded for word-prefix matching."""
    toks: list[str] = []
    parts = [key.replace("-", " ")]
    for rec in forms:
        kind = str(rec.get("kind") or "other")
        if rec.get("archive"):
            toks.append("a=" + _compact(rec["archive"]))
        if rec.get("fond"):
            toks.append("f=" + _number(rec["fond"]))
        for name, tag in (("opis", "o"), ("delo", "d"), ("papka", "p")):
            if rec.get(name):
                toks.append(f"{tag}=" + _compact(rec[name]))
        year = _year_of(rec)
        if year:
            toks.append(f"y={year}")
        people = _people(rec)
        toks.extend("au=" + w for w in fold(" ".join(people)).split())
        title = " ".join(str(rec.get(k) or "") for k in ("title", "title_translated")).strip()
        if not title and kind != "archival":
            title = rec.get("raw") or ""
        toks.extend("ti=" + w for w in fold(title).split())
        parts.extend(people)
        parts.extend(str(rec[f]) for f in _SEARCH_FIELDS if rec.get(f))
        if kind != "archival" and not rec.get("title") and rec.get("raw"):
            parts.append(rec["raw"])
    parts.extend(variants)
    struct = " " + " ".join(dict.fromkeys(toks)) + " "
    # folded word by word (fold's own cache of whole strings would keep every row's text)
    text = " " + " ".join(dict.fromkeys(_fold_text(" ".join(parts)).split())) + " "
    return struct, text


@dataclass(slots=True)
class Row:
    """One source as the matcher sees it (every index row of its key merged)."""

    key: str
    kind: str
    cited: int
    struct: str
    text: str
    words: str
    docs: str  # " " + the doc tokens of the documents citing it + " "
    load: Callable[[], dict[str, Any]]  # the source record (decoded on demand)
    _source: dict[str, Any] | None = None

    def source(self) -> dict[str, Any]:
        if self._source is None:
            self._source = self.load()
        return self._source


def _needles(terms: list[Term], archive_canon: Callable[[str], str | None],
             whole_phrases: bool = False) -> list[tuple[int, str]]:
    """(selectivity rank, string) for each string that every row matching TERMS holds in
    one of its index lines: what :class:`Matcher` itself requires of some line."""
    needles: list[tuple[int, str]] = []
    for t in terms:
        if t.field is None:
            first = t.folded if whole_phrases else t.folded.split()[0]
            needles.append((2, " " + first if t.phrase else " " + t.folded))
        elif t.field in ("author", "title"):
            tag = "au=" if t.field == "author" else "ti="
            needles.extend((3, f" {tag}{w}") for w in t.folded.split())
        elif t.field == "archive":
            needles.append((1, f" a={_compact(archive_canon(t.value) or t.value)} "))
        elif t.field == "fond":
            needles.append((4, f" f={_number(t.value)} "))
        elif t.field in ("opis", "delo", "papka"):
            needles.append((5 if t.field == "delo" else 3, f" {t.field[0]}={_compact(t.value)} "))
        elif t.field == "kind":
            needles.append((0, f"{SEP}{t.value.strip().casefold()}{SEP}"))
        elif t.field == "year" and t.lo is not None and t.lo == t.hi:
            needles.append((1, f" y={t.lo} "))
    return [(rank, n) for rank, n in needles if n.strip(" " + SEP)]


def prefilter(terms: list[Term], archive_canon: Callable[[str], str | None]) -> str | None:
    """A string that every row matching TERMS contains in one of its index lines (the most
    selective such: a delo or fond before an archive, a longer word before a shorter), or None.

    Sound because each needle is what :class:`Matcher` itself requires of some line."""
    needles = _needles(terms, archive_canon)
    return max(needles, key=lambda rn: (rn[0], len(rn[1])))[1] if needles else None


def required(terms: list[Term], archive_canon: Callable[[str], str | None]) -> list[str]:
    """Every string some index line of a matching row holds (a phrase whole): the index tests
    them on its bytes before it makes a row."""
    return list(dict.fromkeys(n for _, n in _needles(terms, archive_canon, whole_phrases=True)))


# -- matching ------------------------------------------------------------------------------------
def _all_words_start(folded: str, text: str, tag: str = "") -> bool:
    return all(f" {tag}{w}" in text for w in folded.split())


@dataclass(slots=True)
class Hit:
    row: Row
    score: float
    matched: list[str]  # the typed terms that matched, for highlighting

    @property
    def source(self) -> dict[str, Any]:
        return self.row.source()


@dataclass(slots=True)
class Outcome:
    query: Query
    hits: list[Hit]
    total: int
    corrections: dict[str, str] = field(default_factory=dict)


class Matcher:
    """Matches terms against source rows (a row holds the folded text of its citing notes)."""

    def __init__(self, archive_canon: Callable[[str], str | None]) -> None:
        self.archive_canon = archive_canon
        self._canon: dict[str, str] = {}

    def _archive(self, value: str) -> str:
        if value not in self._canon:
            self._canon[value] = _compact(self.archive_canon(value) or value)
        return self._canon[value]

    def score(self, row: Row, terms: list[Term]) -> float | None:
        """The rank of ROW for TERMS, or None when one term does not match."""
        total = 0.0
        for t in terms:
            got = self._term(row, t)
            if got is None:
                return None
            total += got
        return total

    def _term(self, row: Row, t: Term) -> float | None:
        f = t.field
        if f is None:
            if t.phrase:  # in the fields, or in the text of one citing note
                if f" {t.folded}" in row.text:
                    return 3.0
                return 1.0 if f" {t.folded}" in row.words else None
            if f" {t.folded}" in row.text:
                return 3.0 if f" {t.folded} " in row.text else 2.5
            if f" {t.folded}" in row.words:
                return 1.0
            return None
        if f == "kind":
            return 2.0 if row.kind == t.value.strip().casefold() else None
        if f == "key":
            return 2.0 if row.key.startswith(t.value.strip().casefold()) else None
        if f == "year":
            years = [int(y) for y in _YEAR_TOKEN.findall(row.struct.replace(" ", "  "))]
            if not any((t.lo is None or y >= t.lo) and (t.hi is None or y <= t.hi) for y in years):
                return None
            return 2.0
        if f == "doc":
            return 2.0 if doc_token(t.value) in row.docs else None
        if f == "author":
            return 3.0 if _all_words_start(t.folded, row.struct, "au=") else None
        if f == "title":
            return 3.0 if _all_words_start(t.folded, row.struct, "ti=") else None
        if f == "archive":
            return 2.0 if f" a={self._archive(t.value)} " in row.struct else None
        if f == "fond":
            return 2.0 if f" f={_number(t.value)} " in row.struct else None
        tag = {"opis": "o", "delo": "d", "papka": "p"}[f]
        return 2.0 if f" {tag}={_compact(t.value)} " in row.struct else None


def run(rows: Iterable[Row] | Callable[..., Iterable[Row]], query: Query,
        matcher: Matcher, limit: int | None = None,
        vocabulary: Callable[[], set[str]] | None = None) -> Outcome:
    """Every row matching all terms of QUERY, best first; then the fuzzy fallback.

    ROWS is a list, or a function from a prefilter needle (None: every row) and the strings
    a row's lines must hold (:func:`required`) to rows;
    VOCABULARY gives the library's words for the fallback (else they are read from every row)."""
    canon = matcher.archive_canon
    if callable(rows):
        fetch = rows

        def rows_for(terms: list[Term], every: bool = False) -> Iterable[Row]:
            if every:
                return fetch(None)
            return fetch(prefilter(terms, canon), required(terms, canon))
    else:
        def rows_for(terms: list[Term], every: bool = False) -> Iterable[Row]:
            return rows  # type: ignore[return-value]

    hits = _match(rows_for(query.terms), query.terms, matcher)
    corrections: dict[str, str] = {}
    if not hits:
        if vocabulary is not None:
            vocab = vocabulary()
        else:
            vocab = set()
            for r in rows_for(query.terms, every=True):
                vocab.update(r.text.split())
                vocab.update(r.words.split())
        terms, corrections = _fuzzy_terms(vocab, query.terms)
        if corrections:
            hits = _match(rows_for(terms), terms, matcher)
            if not hits:
                corrections = {}
    total = len(hits)
    return Outcome(query, hits[:limit] if limit else hits, total, corrections)


def _match(rows: Iterable[Row], terms: list[Term], matcher: Matcher) -> list[Hit]:
    if not terms:
        return []
    matched = [t.value for t in terms if t.field not in ("kind", "year")]
    hits = []
    for row in rows:
        score = matcher.score(row, terms)
        if score is not None:
            hits.append(Hit(row, score, matched))
    hits.sort(key=lambda h: (-h.score, -h.row.cited, h.row.key))
    return hits


def _fuzzy_terms(vocab: set[str], terms: list[Term]) -> tuple[list[Term], dict[str, str]]:
    """Terms with each unknown free word (or author/title word) replaced by its closest
    library word (in VOCAB)."""
    wanted = [t for t in terms if (t.field in (None, "author", "title")) and not t.phrase]
    if not wanted:
        return terms, {}
    from rapidfuzz import fuzz, process

    vocab.discard("|")
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
