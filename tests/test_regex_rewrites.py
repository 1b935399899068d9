"""Patterns written out for speed match exactly what their plain form matches.

A pattern that opens with a word boundary, a look-behind or a case-insensitive alternation
makes Python's ``re`` try it at every position of a note; written first letter (or first
character class) first, with the look-behind after it, it lets the engine skip to the next
possible start at once. Each rewritten pattern is checked here against the plain form it
replaced: the same matches (spans and groups), searched from every position, on the corpus
notes and on strings made of the words and marks the pattern is about.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from refcli.parsers import assemble, glosses, note, periodicals, shelfmark, western

from .conftest import ROOT

# (module, name, the plain form, the pieces random strings are made of)
REWRITTEN = [
    (western, "_COLLECTION_WORD", r"\b(?:[Pp]apers|Collection|Diaries|Files|Records)\b",
     ["Papers", "Files", "Records", "Diaries", "Collection", "x", "_", "1", " ", "é"]),
    (western, "_BOX_OR_FOLDER", r"\b(?:[Bb]ox(?:es)?\s\d|[Ff]older\b|cartons?\s\d)",
     ["Box", "box", "es", " ", "5", "Folder", "folder", "a", "_", "1", "ё"]),
    (assemble, "_CHAPTER_WORD", r"(?<![^\W\d_])(?:in|в|im|dans)(?![^\W\d_])",
     ["in", "im", "dans", "в", "i", "n", "m", "d", "1", "_", " ", ","]),
    (assemble, "_RUSSIAN_IMPRINT", r"\b(?:Publ|publ|izd|Izd|izdatel)\.?(?!\w)|\b(?:Moskva|Nauka|Politizdat)\b",
     ["izd", "atel", ".", "Izd", "Publ", "publ", "Moskva", "Nauka", "Politizdat", "a", "_", "1", " ", ","]),
    (shelfmark, "_UNKNOWN_ACRONYM",
     r"(?<![\w.])([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{0,4}[A-ZА-ЯЁ])(?=[\s,]+(?:[A-ZА-Я]-?)?\d+[a-zа-я]?/)",
     ["SNA", "AB", "ЯЁ", "D", "avo", ".", "/", ",", " ", "R-", "12", "3", "a", "_"]),
    (assemble, "_EDITOR_MARK", r"(?<![^\W\d_])(?:eds?|Eds?|Hrsg|Hg|éds?|ред|сост|comps?)\.?\)?\s*+(?:[,.]\s*+)?$",
     ["ed", "eds", "Ed", "Hrsg", "Hg", "éd", "éds", "ред", "сост", "comp", "comps", ".", ")", " ", ",", "x", "1", "_",
      "\n", "Smith"]),
    (glosses, "_GLOSS",
     rf"[(\[]\s*+{glosses._WORD}{glosses._CITED_AS}\s*+(?:[:—–-]\s*+)?(?P<abbr>[^()\[\]\s][^()\[\]]{{0,59}}?)\s*[)\]]"
     rf"|[,;]\s*+(?P<word>{glosses._WORD})\s+(?:cited|referred\s+to)\s+as\s+"
     rf"(?P<plain>[^\s,;.()][^,;()]{{0,39}}?)(?=\s*[,;.)]|\s*$)",
     ["(", ")", "[", "]", ",", ";", " ", "hereafter", "Henceforth", "далее", "в дальнейшем", " cited", " as", " RR",
      "“SS”", ":", "—", "DDRS", ".", "referred to", "x"]),
]


def _corpus_texts() -> list[str]:
    texts = []
    for split in ("train", "dev"):
        for f in sorted((ROOT / "corpus" / split).glob("*.jsonl")):
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip() and "text" in (d := json.loads(line)):
                    texts.append(d["text"])
    return texts


def _matches(p: re.Pattern[str], text: str) -> list[object]:
    out: list[object] = [(m.span(), m.groups()) for m in p.finditer(text)]
    for pos in range(len(text) + 1):
        m, s = p.match(text, pos), p.search(text, pos)
        out.append((m and (m.span(), m.groups()), s and s.span()))
    return out


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = _corpus_texts()
    assert len(texts) > 1000
    return texts


@pytest.mark.parametrize(("module", "name", "plain", "pieces"), REWRITTEN, ids=[r[1] for r in REWRITTEN])
def test_a_rewritten_pattern_matches_what_its_plain_form_matches(module: object, name: str, plain: str,
                                                                 pieces: list[str], corpus: list[str]) -> None:
    fast = getattr(module, name)
    slow = re.compile(plain, fast.flags)
    r = random.Random(name)
    made = ["".join(r.choice(pieces) for _ in range(r.randint(0, 12))) for _ in range(3000)]
    for text in made:
        assert _matches(fast, text) == _matches(slow, text), text
    for text in corpus:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
               [(m.span(), m.groups()) for m in slow.finditer(text)], text


def _tokens_read_whole(text: str) -> list[tuple[str, int, int]]:
    """tokenize as it reads without its shortcut: every token through _TOKEN, URLs trimmed."""
    from refcli.parsers.tokens import _TOKEN, _URL_TAIL

    out = []
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        if m.lastgroup == "url":
            opened, closed = text.count("(", a, b), text.count(")", a, b)
            while b > a + 8 and text[b - 1] in _URL_TAIL:
                if text[b - 1] == ")":
                    if opened >= closed:
                        break
                    closed -= 1
                b -= 1
            out.append((text[a:b], a, b))
            out.extend((text[i], i, i + 1) for i in range(b, m.end()))
        else:
            out.append((m.group(), a, b))
    return out


def test_tokenize_reads_without_the_url_branches_only_where_no_url_can_be(corpus: list[str]) -> None:
    """A text with no "http", "www." or page suffix after a "/" ("Title // Journal") is read by
    the plain pattern: the same tokens as the full one gives."""
    from refcli.parsers.tokens import tokenize

    r = random.Random(11)
    pieces = ["a", "/", "//", " ", ".html", ".php", ".asp", "ru/mikoyan/05", "http", "www.", ".", "(", ")", "’", "-"]
    made = ["".join(r.choice(pieces) for _ in range(r.randint(0, 15))) for _ in range(5000)]
    for text in made + corpus:
        assert [tuple(t) for t in tokenize(text)] == _tokens_read_whole(text), text


# patterns only ever searched from a text's start, for whether they find something at all:
# (module, name, the plain form, pieces)
FOUND_OR_NOT = [
    (periodicals, "_DOTTED_DIGITS", r"\d\.\d", ["1", "12", ".", " ", "x", "\n", "1.", ".5"]),
    (periodicals, "_GOST_HINT", r"\d{4}\.\s\d{1,2}\s[а-я]{3}",
     ["1", "19", "1961", ".", " ", "7", "авг", "а", "x", "\n", "мая"]),
    (note, "_LOCATOR_LIKE",
     r"(?<![^\W\d_])(?:pp?|[СсS]|стр|ll?|[Лл]{1,2}|fols?)\.\s?\d|\([^()]{2,80}:\s?[^()]{2,80}\d{4}\)|\s//\s",
     ["p", "pp", "С", "с", "S", "стр", "l", "ll", "Л", "лл", "Лл", "fol", "fols", ".", " ", "5", "(", ")", "London",
      ":", "1990", "//", "/", "a", "_", "\n", "x"]),
]


@pytest.mark.parametrize(("module", "name", "plain", "pieces"), FOUND_OR_NOT, ids=[r[1] for r in FOUND_OR_NOT])
def test_a_rewritten_hint_finds_something_where_its_plain_form_does(module: object, name: str, plain: str,
                                                                    pieces: list[str], corpus: list[str]) -> None:
    fast = getattr(module, name)
    slow = re.compile(plain, fast.flags)
    r = random.Random(name)
    for text in ["".join(r.choice(pieces) for _ in range(r.randint(0, 14))) for _ in range(20000)] + corpus:
        assert (fast.search(text) is None) == (slow.search(text) is None), text


def test_the_reference_hint_and_the_short_form_find_what_the_plain_form_finds(corpus: list[str]) -> None:
    """_inside_commentary's test of a span, once one pattern with a branch anchored at the start."""
    plain = re.compile(
        r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)|(?<![^\W\d_])(?:pp?|[СсSs]|l{1,2}|[Лл]{1,2})\.\s?\d|//|/\s/|https?:|www\."
        r"|^\s*[^\W\d_][\w'’-]+(?: and [^\W\d_][\w'’-]+| et al\.)?, [^\W\d_][^,()]{2,100}, \d+(?:[-–]\d+)?\.?\s*$")
    r = random.Random(3)
    pieces = ["p", "pp", "С", "с", "S", "s", "l", "ll", "Л", "лл", ".", " ", "5", "1956", "2001", "1499", "12345", "//",
              "/", "/ /", "http:", "https:", "www.", "a", "_", "\n", "Leffler", " and ", ", ", "For the Soul", "54", "-",
              " et al.", "."]
    for text in ["".join(r.choice(pieces) for _ in range(r.randint(0, 14))) for _ in range(20000)] + corpus:
        fast = note._REFERENCE_LIKE.search(text) or note._SHORT_FORM_LIKE.match(text)
        assert (fast is None) == (plain.search(text) is None), text


def test_the_month_first_date_pattern_matches_what_its_plain_form_matches(corpus: list[str]) -> None:
    """find_date's "August 23, 1957" pattern, with its look-ahead on the months' first letters."""
    from refcli.parsers import normalize

    fast = normalize._DATE_PATTERNS[1]
    slow = re.compile(rf"(?<!\w)(?P<mon>{normalize._MONTH})\s(?P<d>[0-3]?\d),?\s(?P<y>{normalize.YEAR})(?!\d)", re.I)
    assert fast.pattern != slow.pattern
    r = random.Random(5)
    pieces = ["Jan", "JAN", "january", "ſept", "İyunya", "ıyulya", "Mai", "мая", "МАЯ", "août", " ", "1", "23", ",",
              "1957", "2040", ".", "x", "Sept.", "dez", "Dec", "_"]
    made = ["".join(r.choice(pieces) for _ in range(r.randint(0, 12))) for _ in range(20000)]
    for text in made + corpus:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
               [(m.span(), m.groups()) for m in slow.finditer(text)], text


def test_the_date_hint_finds_what_the_date_pattern_finds(corpus: list[str]) -> None:
    from refcli.parsers.personal import DATE

    slow = re.compile(DATE)
    r = random.Random(6)
    pieces = ["Jan", "January", "Sept", "Sep.", "May", "мая", "12", "1", "1957", " ", "-", "–", "/", "&", ",", ".",
              "г.", "x", "\n"]
    for text in ["".join(r.choice(pieces) for _ in range(r.randint(0, 12))) for _ in range(20000)] + corpus:
        fast, plain = periodicals.DATE_HINT.search(text), slow.search(text)
        assert (fast and fast.span()) == (plain and plain.span()), text
