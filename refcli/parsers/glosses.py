"""Abbreviations a note defines for what it cites: "(hereafter RR)", "(henceforth “HSS”)",
"(hereinafter cited as FRUS)", "(далее — Серп и рубль)", ", hereafter cited as DDRS".

Such a gloss is not part of the reference it follows (its words are neither title nor
imprint), and later notes cite the work by the abbreviation alone ("RR, 371."): the resolver
links those to the citation the gloss names. One regular expression, no nested repetition.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from refcli import rx

_WORD = r"(?:hereafter|henceforth|hereinafter|далее|в\s+дальнейшем)"
_CITED_AS = r"(?:\s+(?:cited|referred\s+to|quoted|abbreviated|цит\.?|цитируется)(?:\s+(?:as|как))?|\s+as)?"
_GLOSS = rx.compile(
    # (the bracket, comma or semicolon read first, then looked back at: the engine skips to the
    # next of them at once instead of trying both branches at every position; the same matches)
    # in brackets: "(hereafter RR)", "(Henceforth “SS”)", "(далее — КПСС)", "[hereafter Message]"
    rf"[(\[,;](?:(?<=[(\[])\s*+{_WORD}{_CITED_AS}\s*+(?:[:—–-]\s*+)?(?P<abbr>[^()\[\]\s][^()\[\]]{{0,59}}?)\s*[)\]]"
    # or after a comma, with "cited as" written out: ", hereafter cited as DDRS."
    rf"|(?<=[,;])\s*+(?P<word>{_WORD})\s+(?:cited|referred\s+to)\s+as\s+(?P<plain>[^\s,;.()][^,;()]{{0,39}}?)(?=\s*[,;.)]|\s*$))",
    re.IGNORECASE,
)
_QUOTES = "\"“”«»‘’'"


class Gloss(NamedTuple):
    start: int  # the gloss's span in the note, brackets included
    end: int
    abbreviation: str  # as written, without quotes or a closing full stop


def glosses(text: str) -> list[Gloss]:
    """Every abbreviation TEXT defines, in order."""
    return list(_glosses(text))


@lru_cache(maxsize=64)  # (a note's reader asks twice: for its tokens, then for its brackets)
def _glosses(text: str) -> tuple[Gloss, ...]:
    out = []
    for m in _GLOSS.finditer(text):
        abbr = (m.group("abbr") or m.group("plain") or "").strip().strip(_QUOTES).rstrip(".").strip()
        if abbr and any(ch.isalnum() for ch in abbr):
            start = m.start() if m.group("abbr") is not None else m.start("word")
            out.append(Gloss(start, m.end(), abbr))
    return tuple(out)


# an acronym in brackets right after what it stands for: "De Jure Belli ac Pacis (DJBP)",
# "Akten zur Auswärtigen Politik der Bundesrepublik Deutschland (AAPBD)"
_ACRONYM = rx.compile(r"\(([A-ZА-ЯЁ]{2,8})\)")
# a word of the name it stands for (a whole token between spaces)
_NAME_WORD = rx.compile(r"[^\W\d_][\w'’-]*")


def acronyms(text: str) -> list[Gloss]:
    """Every acronym TEXT defines by writing it in brackets right after the capitalised words
    it abbreviates, initial by initial ("Foreign Relations of the United States (FRUS)"): an
    abbreviation like a gloss's, read only by the resolver (the reader of the reference sees
    the brackets as they are). The words are read back from the bracket: a capitalised word
    gives its initial, a short lower-case word ("ac", "of", "der", "zur") is passed over, and
    anything else (a longer lower-case word, a number, a mark) ends the name."""
    if "(" not in text:
        return []
    out = []
    for m in _ACRONYM.finditer(text):
        abbr = m.group(1)
        initials: list[str] = []
        for w in reversed(text[max(0, m.start() - 160) : m.start()].split()):
            if not _NAME_WORD.fullmatch(w):
                break
            if w[0].isupper():
                initials.append(w[0])
                if len(initials) == len(abbr):
                    break
            elif len(w) > 4:
                break
        if "".join(reversed(initials)) == abbr:
            out.append(Gloss(m.start(), m.end(), abbr))
    return out


# a note keyed to a phrase of the text, not to a number in it: "“If I could have foreseen”:
# DDE, Mandate for Change, p. 318." The phrase quotes the text; it is no part of a reference
_KEYWORD = rx.compile(r"\s{0,3}[“\"‘][^“”\"‘’]{1,300}[”\"’]\s?:\s")


def keyword_phrase(text: str) -> tuple[int, int] | None:
    """The span of the quoted phrase and colon a page-keyed note opens with, or None."""
    m = _KEYWORD.match(text)
    return (m.start(), m.end()) if m else None


def masked(text: str) -> str:
    """TEXT with every gloss and the keyword phrase it opens with blanked out (same length,
    so offsets hold): what the reader of the references sees."""
    # (a gloss in square brackets stays in what the reader sees: the labeller was trained on
    # notes that show it; the resolver reads it all the same)
    found = [Gloss(*key, "") for key in [keyword_phrase(text)] if key] + [
        g for g in glosses(text) if text[g.start] != "["]
    if not found:
        return text
    parts, pos = [], 0
    for g in found:
        parts.append(text[pos : g.start])
        parts.append(" " * (g.end - g.start))
        pos = g.end
    parts.append(text[pos:])
    return "".join(parts)
