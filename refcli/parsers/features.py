"""Features of a note's tokens for the reference labeller: a pure function of the tokens.

Each token gets the features of its own string (lower-cased word, shape, script, length,
affixes, number classes, lexicon memberships from ``data/lexicon.txt``), its place in the
note (position, inside quotes or brackets, after a sentence end, distance from the last
semicolon), and the features of its neighbours two tokens either side. Features are strings
(``w=moscow``, ``-1:lx=locator``), the form python-crfsuite takes without weights.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from .tokens import SHELFMARK, Token

_OPEN_QUOTES = "“«„‘"
_CLOSE_QUOTES = "”»’"
_ROMAN = frozenset("ivxlcdm")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """Section name -> its words, from the packaged lexicon file."""
    text = resources.files("refcli").joinpath("data/lexicon.txt").read_text(encoding="utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif current is not None:
            current.add(line.lower())
    return {k: frozenset(v) for k, v in sections.items()}


def _script(word: str) -> str:
    latin = cyr = digit = 0
    for ch in word:
        if ch.isdigit():
            digit += 1
        elif "\u0400" <= ch <= "\u04ff":
            cyr += 1
        elif ch.isalpha():
            latin += 1
    if digit and not (latin or cyr):
        return "num"
    if latin and cyr:
        return "mix"
    if cyr:
        return "cyr"
    if latin:
        return "lat" if not digit else "alnum"
    return "sym"


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def _length(n: int) -> str:
    return str(n) if n < 5 else "5-7" if n < 8 else "8+"


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    """The features a token has whatever its context."""
    if word == SHELFMARK:
        return ("SHELFMARK",)
    if word.startswith(("http", "www.")) or ("/" in word and len(word) > 6):
        return ("URL",)
    low = word.lower()
    fold = "".join(ch for ch in unicodedata.normalize("NFKD", low)
                   if not unicodedata.combining(ch)).replace("’", "").replace("'", "")
    script = _script(word)
    feats = [f"sh={_shape(word)}", f"sc={script}", f"len={_length(len(word))}"]
    if script == "num":
        feats.append(f"w=NUM{min(len(word), 5)}")
        if len(word) == 4 and word.isdecimal() and 1700 <= int(word) <= 2039:
            feats.append("YEAR")
    else:
        feats.append(f"w={fold[:24]}")
        if len(fold) > 3:
            feats.append(f"p3={fold[:3]}")
            feats.append(f"s3={fold[-3:]}")
        if word[0].isupper():
            feats.append("CAP")
            if len(word) <= 2 and word.isalpha():
                feats.append("INITIALISH")
        if word.isupper() and len(word) > 1:
            feats.append("UPPER")
        if all(ch in _ROMAN for ch in low) and len(low) <= 6:
            feats.append("ROMAN")
        if script == "alnum":
            feats.append("ALNUM")
    for name, words in lexicon().items():
        if fold in words or low in words:
            feats.append(f"lx={name}")
    return tuple(feats)


# neighbour features keep the most telling ones only, to keep the model small
_NEIGHBOUR = ("w=", "sh=", "lx=", "YEAR", "CAP", "SHELFMARK", "URL", "sc=")


@lru_cache(maxsize=200_000)
def _neighbour_features(word: str) -> tuple[str, ...]:
    return tuple(f for f in word_features(word) if f.startswith(_NEIGHBOUR))


@lru_cache(maxsize=400_000)
def _neighbour_at(word: str, off: int) -> tuple[str, ...]:
    """The neighbour features of WORD seen OFF tokens away, prefixed with the offset."""
    return tuple(f"{off}:{f}" for f in _neighbour_features(word))


_OFFSETS = (-2, -1, 1, 2)
_EDGE = {off: (f"{off}:EDGE",) for off in _OFFSETS}


@lru_cache(maxsize=200_000)
def _seen_from(word: str) -> tuple[tuple[str, ...], ...]:
    """WORD's neighbour features as the tokens two before to two after it see them, in the
    order of ``_OFFSETS`` read backwards (index 0 is what the token two places on sees)."""
    return tuple(_neighbour_at(word, -off) for off in _OFFSETS)


def _bucket(i: int) -> str:
    return str(i) if i < 4 else "4-6" if i < 7 else "7-12" if i < 13 else "13+"


_BUCKETS = tuple(_bucket(i) for i in range(14))  # the last one is 13 and more
_POS = tuple(f"pos={b}" for b in _BUCKETS)
_SEMI = tuple(f"semi={b}" for b in _BUCKETS)
_STOP = tuple(f"stop={b}" for b in _BUCKETS)
_REL = tuple(f"rel={k}" for k in range(10))


def note_features(tokens: Sequence[Token], text: str,
                  archive_names: frozenset[int] = frozenset()) -> list[list[str]]:
    """The feature lists of every token of a note (TEXT gives spacing between tokens;
    ARCHIVE_NAMES the tokens inside an archive's name)."""
    n = len(tokens)
    words = [t.text for t in tokens]
    own = [word_features(w) for w in words]
    seen = [_seen_from(w) for w in words]
    low = [w.lower()[:12] for w in words]
    out: list[list[str]] = []
    quote = paren = 0
    since_semicolon = since_stop = 0
    sentence_start = True
    last_pos, last_semi, last_stop = _POS[-1], _SEMI[-1], _STOP[-1]
    for i, tok in enumerate(tokens):
        w = words[i]
        feats = list(own[i])
        feats.append(_POS[i] if i < 13 else last_pos)
        feats.append(_REL[(10 * i) // n])
        if i == n - 1:
            feats.append("LAST")
        if quote:
            feats.append("INQUOTE")
        if paren:
            feats.append("INPAREN")
        feats.append(_SEMI[since_semicolon] if since_semicolon < 13 else last_semi)
        feats.append(_STOP[since_stop] if since_stop < 13 else last_stop)
        if sentence_start:
            feats.append("SENTSTART")
        if archive_names:
            if i in archive_names:
                feats.append("ARCHNAME")
            if i + 1 in archive_names or i + 2 in archive_names:
                feats.append("ARCHNAME_AHEAD")
            if i - 1 in archive_names or i - 2 in archive_names:
                feats.append("ARCHNAME_BEHIND")
        if i and tok.start == tokens[i - 1].end:
            feats.append("GLUED")
        # neighbours -2, -1, +1, +2, in that order
        feats.extend(seen[i - 2][3] if i >= 2 else _EDGE[-2])
        feats.extend(seen[i - 1][2] if i >= 1 else _EDGE[-1])
        feats.extend(seen[i + 1][1] if i + 1 < n else _EDGE[1])
        feats.extend(seen[i + 2][0] if i + 2 < n else _EDGE[2])
        if i:
            feats.append(f"bi={low[i - 1]}|{low[i]}")
        out.append(feats)
        # state for the next token
        if w in _OPEN_QUOTES or (w == '"' and not quote):
            quote += 1
        elif w in _CLOSE_QUOTES or w == '"':
            quote = max(0, quote - 1)
        if w in "([":
            paren += 1
        elif w in ")]":
            paren = max(0, paren - 1)
        since_semicolon = 0 if w == ";" else since_semicolon + 1
        if w in ".!?":
            # a full stop after an initial or a short abbreviation does not end a sentence
            prev = words[i - 1] if i else ""
            sentence_start = not (len(prev) <= 2 and prev[:1].isalpha()) and prev.lower() not in _ABBREV
            since_stop = 0
        else:
            sentence_start = False
            since_stop += 1
    return out


_ABBREV = frozenset(["pp", "vol", "vols", "ed", "eds", "no", "nos", "trans", "comp", "cf", "op", "cit", "ibid", "al", "ch", "chap", "fol", "fols", "ff", "etc", "viz", "st", "jr", "sr", "dr", "mr", "mrs", "ms", "prof", "gen", "col", "lt", "capt"])
