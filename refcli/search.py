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
from collections.abc import Callable
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


# -- the search rows -----------------------------------------------------------------------------
# A stored source's line in the packed ``sources`` table (refcli.store): ``id TAB prefix TAB
# json``, the prefix being SEP-joined key, kind, cited, structured tokens, folded field text,
# folded note words and document names. Matching reads only the prefix; the JSON of a source
# is decoded only when it is shown.
SEP = "\x1f"
_CLEAN = re.compile(r"[\t\n\r\x1f]")
_YEAR_TOKEN = re.compile(r" y=(\d{3,4}) ")


def _number(value: str) -> str:
    """Fond without its letter prefix: ``R-5446``, ``Р-5446``, ``r 5446`` → ``5446``."""
    text = fold(value).replace(" ", "")
    return re.sub(r"^[a-z]{1,2}(?=\d)", "", text)


def _compact(value: str) -> str:
    return fold(value).replace(" ", "")


def _year_of(record: dict[str, Any]) -> int | None:
    m = re.search(r"\b(\d{4})\b", str(record.get("year") or record.get("date") or ""))
    return int(m.group(1)) if m else None


def _people_words(record: dict[str, Any]) -> list[str]:
    names = []
    for role in ("authors", "editors"):
        for p in record.get(role, ()):
            names.append(p.get("family", ""))
            names.append(p.get("given") or "")
    return fold(" ".join(names)).split()


def _doc_token(name: str) -> str:
    return re.sub(r"[\s\x1f]+", "_", name.casefold())


def source_prefix(doc: dict[str, Any]) -> str:
    """The search prefix of a stored source (see the module notes)."""
    rec = doc.get("record") or {}
    kind = str(doc.get("kind") or "other")
    toks: list[str] = []
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
    toks.extend("au=" + w for w in _people_words(rec))
    title = " ".join(str(rec.get(k) or "") for k in ("title", "title_translated")).strip()
    if not title and kind != "archival":
        title = rec.get("raw") or ""
    toks.extend("ti=" + w for w in fold(title).split())
    docs = " ".join(_doc_token(d) for d in doc.get("documents", ()))
    return SEP.join([_CLEAN.sub("", str(doc.get("key", ""))), _CLEAN.sub("", kind),
                     str(int(doc.get("cited") or 0)),
                     " " + " ".join(toks) + " ", _CLEAN.sub(" ", doc.get("text") or " "),
                     _CLEAN.sub(" ", doc.get("words") or " "), " " + docs + " "])


def source_body(doc: dict[str, Any]) -> str:
    """The JSON part of a source's line: everything but the folded text and words. Together
    with those two it determines the whole line."""
    from .store import ascii_json

    body = {k: v for k, v in doc.items() if k not in ("text", "words")}
    return ascii_json(body) + "\t" + _CLEAN.sub(" ", doc.get("text") or " ") + "\t" + _CLEAN.sub(" ", doc.get("words") or " ")


def encode_source_line(doc_id: str, doc: dict[str, Any]) -> str:
    from .store import ascii_json

    body = {k: v for k, v in doc.items() if k not in ("text", "words")}
    return f"{doc_id}\t{source_prefix(doc)}\t{ascii_json(body)}"


def restore_source(doc: dict[str, Any], prefix: str) -> None:
    """Put back the fields a source's line keeps in its prefix only."""
    parts = prefix.split(SEP)
    doc["text"] = parts[4]
    doc["words"] = parts[5]


@dataclass(slots=True)
class Row:
    doc_id: str
    key: str
    kind: str
    cited: int
    struct: str
    text: str
    words: str
    docs: str
    payload: Any  # the JSON string of a packed source, or the decoded dict

    def source(self) -> dict[str, Any]:
        """The stored source record (decoded now if still a JSON string)."""
        if isinstance(self.payload, str):
            import orjson

            doc = orjson.loads(self.payload)
            doc["text"], doc["words"] = self.text, self.words
            self.payload = doc
        return self.payload


def _row(line: str) -> Row:
    doc_id, prefix, js = line.split("\t", 2)
    key, kind, cited, struct, text, words, docs = prefix.split(SEP)
    return Row(doc_id, key, kind, int(cited), struct, text, words, docs, js)


def rows_from_packed(raw: str, needle: str | None = None) -> list[Row]:
    """The rows of a packed sources table; with NEEDLE, only the lines containing it (found
    by str.find over the whole table, so a selective search never splits every line)."""
    if needle is None:
        return [_row(line) for line in raw.split("\n") if line]
    rows = []
    find, rfind = raw.find, raw.rfind
    pos = find(needle)
    while pos != -1:
        start = rfind("\n", 0, pos) + 1
        end = find("\n", pos)
        if end == -1:
            end = len(raw)
        rows.append(_row(raw[start:end]))
        pos = find(needle, end)
    return rows


def prefilter(terms: list[Term], archive_canon: Callable[[str], str | None]) -> str | None:
    """A string that every line matching TERMS contains (the longest such), or None.

    Sound because each needle is what :class:`Matcher` itself requires of the prefix."""
    needles = []
    for t in terms:
        if t.field is None:
            needles.append(" " + t.folded.split()[0] if t.phrase else " " + t.folded)
        elif t.field in ("author", "title"):
            tag = "au=" if t.field == "author" else "ti="
            needles.extend(f" {tag}{w}" for w in t.folded.split())
        elif t.field == "archive":
            needles.append(f" a={_compact(archive_canon(t.value) or t.value)} ")
        elif t.field == "fond":
            needles.append(f" f={_number(t.value)} ")
        elif t.field in ("opis", "delo", "papka"):
            needles.append(f" {t.field[0]}={_compact(t.value)} ")
        elif t.field == "kind":
            needles.append(f"{SEP}{t.value.strip().casefold()}{SEP}")
        elif t.field == "doc":
            needles.append(_doc_token(t.value))
    needles = [n for n in needles if n.strip(" " + SEP)]
    return max(needles, key=len) if needles else None


def row_from_source(doc_id: str, doc: dict[str, Any]) -> Row:
    key, kind, cited, struct, text, words, docs = source_prefix(doc).split(SEP)
    return Row(doc_id, key, kind, int(cited), struct, text, words, docs, doc)


# -- matching ----------------------------------------------------------------------------------
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
    """Matches terms against source rows; note texts are fetched only for phrases."""

    def __init__(self, archive_canon: Callable[[str], str | None],
                 note_text: Callable[[str, int], str | None]) -> None:
        self.archive_canon = archive_canon
        self.note_text = note_text  # (document, n) → the note's text
        self._folded_notes: dict[tuple[str, int], str] = {}
        self._canon: dict[str, str] = {}

    def _folded_note(self, where: tuple[str, int]) -> str:
        if where not in self._folded_notes:
            self._folded_notes[where] = " " + fold(self.note_text(*where) or "") + " "
        return self._folded_notes[where]

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
            if t.phrase:
                if f" {t.folded}" in row.text:
                    return 3.0
                if not _all_words_start(t.folded, row.words):
                    return None
                for d, n, *_ in row.source().get("cites", ()):
                    if f" {t.folded}" in self._folded_note((d, n)):
                        return 1.0
                return None
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
            m = _YEAR_TOKEN.search(row.struct)
            y = int(m.group(1)) if m else None
            if y is None or (t.lo is not None and y < t.lo) or (t.hi is not None and y > t.hi):
                return None
            return 2.0
        if f == "doc":
            return 2.0 if _doc_token(t.value) in row.docs else None
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


def run(rows: list[Row] | Callable[[str | None], list[Row]], query: Query, matcher: Matcher,
        limit: int | None = None) -> Outcome:
    """Every row matching all terms of QUERY, best first; then the fuzzy fallback.

    ROWS is a list, or a function from a prefilter needle (None: every row) to rows."""
    rows_for = rows if callable(rows) else (lambda needle: rows)
    hits = _match(rows_for(prefilter(query.terms, matcher.archive_canon)), query.terms, matcher)
    corrections: dict[str, str] = {}
    if not hits:
        every = rows_for(None)
        terms, corrections = _fuzzy_terms(every, query.terms)
        if corrections:
            hits = _match(every, terms, matcher)
            if not hits:
                corrections = {}
    total = len(hits)
    return Outcome(query, hits[:limit] if limit else hits, total, corrections)


def _match(rows: list[Row], terms: list[Term], matcher: Matcher) -> list[Hit]:
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


def _fuzzy_terms(rows: list[Row], terms: list[Term]) -> tuple[list[Term], dict[str, str]]:
    """Terms with each unknown free word (or author/title word) replaced by its closest
    library word."""
    wanted = [t for t in terms if (t.field in (None, "author", "title")) and not t.phrase]
    if not wanted:
        return terms, {}
    from rapidfuzz import fuzz, process

    vocab: set[str] = set()
    for r in rows:
        vocab.update(r.text.split())
        vocab.update(r.words.split())
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
