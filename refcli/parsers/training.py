"""From a hand-labelled note (the corpus's gold format) to token labels the labeller learns.

The gold says which citations a note holds, the exact text of each (``raw``) and its field
values as written. Tokens inside a citation's text take the label of the field whose value
they carry; the words between fields are given to a neighbour (a locator word such as
``pp.`` or ``vol.`` and an opening bracket or quote to the field that follows, anything else
to the field before); the first token of each citation is marked ``B-``. Tokens outside
every citation are commentary (``O``). Pure: a gold note and the registry in, labels out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from refcli.registry import Registry

from .features import lexicon
from .sequence import OUTSIDE, NoteSequence, note_sequence
from .tokens import SHELFMARK

_DASHES = "‐‑‒–—―−"
_QUOTES = "“”„‟«»"
_APOS = "‘’‚‛ʼʹ´`"


def _fold_char(ch: str) -> str:
    if ch in _DASHES:
        return "-"
    if ch in _QUOTES:
        return '"'
    if ch in _APOS:
        return "'"
    if ch == "\u00a0":
        return " "
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold_same_length(s: str) -> str:
    """S with case, dashes, quotes and apostrophes folded, one character for one."""
    return "".join(_fold_char(ch) for ch in s)


def find_span(text: str, needle: str, start: int = 0, end: int | None = None,
              folded: str | None = None) -> tuple[int, int] | None:
    """Where NEEDLE occurs in TEXT[START:END], exactly or folded; None when it does not."""
    stop = len(text) if end is None else end
    needle = needle.strip()
    if not needle:
        return None
    i = text.find(needle, start, stop)
    if i < 0:
        hay = folded if folded is not None else fold_same_length(text)
        i = hay.find(fold_same_length(needle), start, stop)
    if i < 0:
        return None
    return i, i + len(needle)


# field name in the gold -> the label its tokens take, in the order fields are placed
_FIELD_LABELS = (
    ("url", "url"), ("title", "title"), ("journal", "journal"), ("container", "container"),
    ("publisher", "publisher"), ("city", "city"), ("volume", "volume"), ("issue", "issue"),
    ("date", "date"), ("year", "year"), ("pages", "pages"),
)
_PEOPLE = (("authors", "author"), ("editors", "editor"), ("translators", "translator"))
_LOCATOR_TAKERS = {"volume", "issue", "pages", "locator", "editor", "translator", "date"}
_OPENERS = "([«“„‘\""
_CONNECTORS = frozenset({"in", "в", "/", "//", "кн", "сб", "in:"})


def gold_labels(seq: NoteSequence, citations: Iterable[Mapping[str, Any]]) -> list[str]:
    """The label of every token of SEQ under the gold CITATIONS of its note."""
    text = seq.text
    folded = fold_same_length(text)
    toks = seq.tokens
    labels = [OUTSIDE] * len(toks)
    begins: set[int] = set()
    cursor = 0
    for c in citations:
        raw = str(c.get("raw") or "")
        span = find_span(text, raw, cursor, folded=folded) or find_span(text, raw, folded=folded)
        if span is None:
            continue
        a, b = span
        cursor = b
        idx = [i for i, t in enumerate(toks) if t.start < b and t.end > a]
        if not idx:
            continue
        kind = c.get("kind")
        begins.add(idx[0])
        if kind == "archival":
            # the shelfmark's own words; a document's title and date written inside the
            # reference ("Memcon, NSK and Kroll, September 11, 1962, 0757, 7/33/2, MFA")
            # keep labels of their own. A reference that neither the grammar reads nor
            # names a known archive is left out: nothing at run time could make a
            # citation of it, and learning it teaches the labeller to see archives in books
            readable = any(toks[i].text == SHELFMARK or i in seq.archive_names for i in idx)
            if not readable:
                begins.discard(idx[0])
                continue
            arch: dict[int, str] = {}
            for field, label in (("item_title", "item"), ("date", "date")):
                if c.get(field):
                    _place(str(c[field]), label, a, b, seq, folded, arch)
            for i in idx:
                labels[i] = arch.get(i, "archival")
            _place_item(c, seq, folded, labels, a)
            continue
        placed: dict[int, str] = {}
        if kind in ("ibid", "op_cit"):
            _place_backref_words(idx, seq, placed)
        for field, label in _FIELD_LABELS:
            value = c.get(field)
            if value:
                _place(str(value), label, a, b, seq, folded, placed)
        for field, label in _PEOPLE:
            for name in c.get(field) or []:
                _place(str(name), label, a, b, seq, folded, placed)
        _place_item(c, seq, folded, labels, a, placed)
        _fill(idx, seq, placed, kind)
        for i in idx:
            labels[i] = placed.get(i, labels[i])
        for i, lab in placed.items():  # an item title outside the citation's own text
            if i not in idx:
                labels[i] = lab
    return [f"B-{lab}" if i in begins and lab != OUTSIDE else lab for i, lab in enumerate(labels)]


def _tokens_in(seq: NoteSequence, a: int, b: int) -> list[int]:
    return [i for i, t in enumerate(seq.tokens) if t.start < b and t.end > a]


def _place(value: str, label: str, a: int, b: int, seq: NoteSequence, folded: str,
           placed: dict[int, str]) -> None:
    """Give LABEL to the tokens of the first occurrence of VALUE in [A, B) that is free."""
    pos = a
    while True:
        span = find_span(seq.text, value, pos, b, folded=folded)
        if span is None:
            return
        idx = _tokens_in(seq, *span)
        if idx and not any(i in placed for i in idx):
            for i in idx:
                placed[i] = label
            return
        pos = span[0] + 1


def _place_item(c: Mapping[str, Any], seq: NoteSequence, folded: str, labels: list[str],
                a: int, placed: dict[int, str] | None = None) -> None:
    """A document's own title (``item_title``), wherever in the note it is written."""
    item = c.get("item_title")
    if not item:
        return
    span = find_span(seq.text, str(item), 0, folded=folded)
    if span is None:
        return
    for i in _tokens_in(seq, *span):
        if labels[i] == OUTSIDE and (placed is None or i not in placed):
            if placed is not None:
                placed[i] = "item"
            else:
                labels[i] = "item"


def _place_backref_words(idx: list[int], seq: NoteSequence, placed: dict[int, str]) -> None:
    lex = lexicon()
    for i in idx:
        w = seq.tokens[i].text.lower()
        if w in lex["ibid"]:
            placed[i] = "ibid"
        elif w in lex["opcit"]:
            placed[i] = "opcit"
        elif w == "." and i - 1 in placed and placed[i - 1] in ("ibid", "opcit"):
            placed[i] = placed[i - 1]


def _fill(idx: list[int], seq: NoteSequence, placed: dict[int, str], kind: Any) -> None:
    """Give the tokens of a citation that no field claimed to a neighbouring field."""
    lex = lexicon()
    toks = seq.tokens
    default = "locator" if kind in ("ibid", "op_cit") else "other" if kind == "other" else "title"
    for pos, i in enumerate(idx):
        if i in placed:
            continue
        nxt = next((placed[j] for j in idx[pos + 1:] if j in placed), None)
        prv = next((placed[j] for j in reversed(idx[:pos]) if j in placed), None)
        if prv in ("ibid", "opcit"):
            prv = "locator"  # what follows "Ibid." is its locator
        w = toks[i].text.lower()
        if toks[i].text == SHELFMARK:
            placed[i] = "archival"
        elif w in _CONNECTORS and nxt in ("container", "editor", "journal", "title"):
            placed[i] = "in"
        elif (nxt in _LOCATOR_TAKERS and (w in lex["locator"] or w in lex["editor"])) or (w in _OPENERS and nxt):
            placed[i] = nxt
        elif prv:
            placed[i] = prv
        elif nxt:
            placed[i] = nxt
        else:
            placed[i] = default
    # a run of "." after a locator word: keep the locator's label
    for i in idx:
        if placed.get(i) == "in" and i + 1 in placed and toks[i + 1].text in ".:":
            placed[i + 1] = "in"


def labelled_note(text: str, citations: Iterable[Mapping[str, Any]], registry: Registry
                  ) -> tuple[NoteSequence, list[str]]:
    """A gold note as the labeller's training pair: its sequence and token labels."""
    seq = note_sequence(text, registry)
    return seq, gold_labels(seq, citations)
