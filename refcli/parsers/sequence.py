"""A note as the labeller sees it: tokens, with each shelfmark the grammar read as one token.

Shelfmarks keep their grammar (``find_shelfmarks``); the labeller sees each as a single
placeholder token, so it learns where archival references sit among the other citations
(an item title before one, a book after it) without relearning the shelfmark notation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from refcli.registry import Registry

from .glosses import masked
from .shelfmark import Shelfmark, find_shelfmarks
from .tokens import SHELFMARK, Token, tokenize

# what the labeller says of each token; "B-" + one of these opens a citation
FIELDS = (
    "author", "editor", "translator", "title", "journal", "container", "volume", "issue",
    "city", "publisher", "year", "date", "pages", "url", "item", "in", "ibid", "opcit",
    "locator", "archival", "other",
)
OUTSIDE = "O"  # commentary and lead-ins


@dataclass(frozen=True)
class NoteSequence:
    text: str
    tokens: tuple[Token, ...]
    shelfmarks: tuple[Shelfmark, ...]
    # tokens inside an archive's name or acronym as the registry knows it ("Library of
    # Congress", "APRF"): a feature of their own, so the labeller sees archives the
    # grammar could not read as a shelfmark
    archive_names: frozenset[int] = frozenset()
    # (start, end, acronym) of every archive named in the text
    archive_hits: tuple[tuple[int, int, str], ...] = ()

    def shelfmark_at(self, i: int) -> Shelfmark | None:
        tok = self.tokens[i]
        if tok.text != SHELFMARK:
            return None
        return self._by_start.get(tok.start)

    @cached_property
    def _by_start(self) -> dict[int, Shelfmark]:
        return {s.start: s for s in self.shelfmarks}


def note_sequence(text: str, registry: Registry) -> NoteSequence:
    """TEXT's tokens, each shelfmark found by the grammar standing as one placeholder. An
    abbreviation the note defines ("(hereafter RR)") is no token: it is not part of the
    reference before it (the resolver reads it, refcli.parsers.glosses)."""
    original, text = text, masked(text)
    shelfmarks = sorted(find_shelfmarks(text, registry), key=lambda s: s.start)
    if text is not original:  # a shelfmark's raw text stays as the note writes it
        shelfmarks = [replace(s, citation=s.citation.with_(raw=original[s.citation.start : s.citation.end]))
                      for s in shelfmarks]
    tokens: list[Token] = []
    pos = 0
    kept: list[Shelfmark] = []
    for s in shelfmarks:
        if s.start < pos:  # overlapping finds: keep the first
            continue
        tokens.extend(tokenize(text, pos, s.start))
        tokens.append(Token(SHELFMARK, s.start, s.end))
        kept.append(s)
        pos = s.end
    tokens.extend(tokenize(text, pos))
    hits = [(a, b, archive.acronym) for a, b, _, archive in registry.named_in(text)]
    spans = [(a, b) for a, b, _ in hits]
    named: set[int] = set()
    if spans:
        j = 0
        for i, tok in enumerate(tokens):
            while j < len(spans) and spans[j][1] <= tok.start:
                j += 1
            if j < len(spans) and spans[j][0] < tok.end and tok.text != SHELFMARK:
                named.add(i)
    return NoteSequence(original, tuple(tokens), tuple(kept), frozenset(named), tuple(hits))


class _Split(dict):
    """A label's (begins a citation?, field), kept for every label once seen."""

    def __missing__(self, label: str) -> tuple[bool, str]:
        found = self[label] = (True, label[2:]) if label.startswith("B-") else (False, label)
        return found


_SPLIT = _Split({f"B-{f}": (True, f) for f in FIELDS} | {f: (False, f) for f in FIELDS})
_SPLIT[OUTSIDE] = (False, OUTSIDE)

# ``B-author`` -> (True, "author"); ``title`` -> (False, "title"). A dict lookup (the
# assembly's repairs ask hundreds of times a note), not a function of its own.
split_label = _SPLIT.__getitem__
