"""A note's text as tokens: words, numbers, URLs and single punctuation marks, with offsets.

The unit the reference labeller labels. A word keeps its inner apostrophes and primes
(``Bol’shevistskoe``, ``Il'in``, ``Sotsial'no``); a URL is one token; every other
non-space character is a token of its own, so ``pp.`` is ``pp`` + ``.`` and ``252–68`` is
``252`` + ``–`` + ``68``. One regular expression with no nested repetition: linear time.
"""

from __future__ import annotations

from typing import NamedTuple

from refcli import rx

# a placeholder standing for an archival shelfmark the grammar has already read
SHELFMARK = "\u27e8ARCH\u27e9"

_TOKEN = rx.compile(
    # a URL; a broken one as text extraction and machine translation leave it
    # ("http.://www.juche-songun. ru"); a bare path to a page ("russian/mikoyan/05.html")
    r"(?P<url>(?:https?\.?:\s?/\s?/|www\.)[^\s<>\"“”«»]+(?:(?<=\.)\s(?:ru|su|com|org|net|edu|gov|de|fr|uk|ua|by|kz|info)\b)?"
    # (the first segment bounded: tried at every word, an unbounded one rescans a long run
    # of letters and dots such as "l.0.l.0." from each word to its end; and possessive: only
    # the whole run can be followed by "/", so giving characters back, one by one at every
    # word of a note, could never make it match)
    r"|(?<![\w.-])[\w.-]{1,120}+(?:/[\w.-]+)+\.(?:html?|php|shtml|aspx?)\b)"
    r"|(?P<word>[^\W_]+(?:['’ʹʼ][^\W_]+)*)"
    r"|(?P<mark>\S)"
)
# the same without its URL branches, for a text in which no URL can start (no "/", "http" or
# "www."): the URL branches, tried first at every word, fail there anyway (the second after
# reading the whole word), and the word and mark branches match what they match in _TOKEN
_PLAIN_TOKEN = rx.compile(r"[^\W_]+(?:['’ʹʼ][^\W_]+)*|\S")
_URL_TAIL = ".,;:)]}»”’'\""
# what the bare path to a page in _TOKEN ends with
_PAGE_SUFFIX = rx.compile(r"\.(?:html?|php|shtml|aspx?)")


_BROKEN_SCHEME = rx.compile(r"^(https?)\.?:\s?/\s?/")


def is_url(token: Token) -> bool:
    text = token.text
    return text.startswith(("http", "www.")) or (len(text) > 6 and "/" in text and text[0].isalnum())


def canon_url(text: str) -> str:
    """A URL without the breaks text extraction left in it (``http.://``, ``. ru``)."""
    return _BROKEN_SCHEME.sub(r"\1://", text).replace(". ", ".")


class Token(NamedTuple):
    """One token and its offsets in the note (a named tuple: made by the thousand per note)."""

    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of TEXT[START:END], with offsets into TEXT."""
    stop = len(text) if end is None else end
    if ("/" not in text or not _PAGE_SUFFIX.search(text)) and "http" not in text and "www." not in text:
        # no URL can start anywhere in TEXT (each of its forms needs one of these: a bare
        # path, a "/" and a page's suffix, as "//" between a title and its journal has not):
        # every match is a word or a mark as it stands
        return [_new_token(Token, (m.group(), m.start(), m.end()))
                for m in _PLAIN_TOKEN.finditer(text, start, stop)]
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, stop):
        a, b = m.span()
        if m.lastgroup == "url":
            # a URL does not take the sentence's closing punctuation, nor an unopened bracket
            opened, closed = text.count("(", a, b), text.count(")", a, b)
            while b > a + 8 and text[b - 1] in _URL_TAIL:
                if text[b - 1] == ")":
                    if opened >= closed:
                        break
                    closed -= 1
                b -= 1
            out.append(Token(text[a:b], a, b))
            if b < m.end():
                out.extend(Token(text[i], i, i + 1) for i in range(b, m.end()))
            continue
        out.append(_new_token(Token, (m.group(), a, b)))
    return out


_new_token = tuple.__new__  # Token(text, start, end) without the Python frame of its __new__
