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
from itertools import pairwise

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


class FeatureTable:
    """The strings ``note_features`` gives, as they are handed to a tagger: every one of them
    (for training), or only those in KNOWN, encoded as UTF-8 bytes (for tagging with a model
    whose attributes are KNOWN).

    A model's tagger drops every attribute its model does not know before it scores a token
    (python-crfsuite's ``Tagger.set``), and gives the same tags whether it gets them or not;
    leaving them out here, and encoding the rest once per word instead of once per token,
    saves the tagger most of its work of converting a note's features. The order of the
    features kept is the order ``note_features`` gives them in. CODES, when given, names the
    known features and the bytes each is handed over as (``refcli.crf``'s attribute records)."""

    def __init__(self, known: frozenset[str] | None = None, codes: dict[str, bytes] | None = None) -> None:
        if codes is not None:  # the known features, each as the bytes CODES gives it
            known = frozenset(codes)
        else:
            codes = {f: f.encode() for f in known or ()}
        self.known = known
        if known is None:
            def keep(feats: tuple[str, ...]) -> tuple[str, ...]:
                return feats
        else:
            def keep(feats: tuple[str, ...]) -> tuple[bytes, ...]:  # type: ignore[misc]
                return tuple(codes[f] for f in feats if f in codes)
        self.keep = keep
        self.own = lru_cache(maxsize=200_000)(lambda word: keep(word_features(word)))
        self.seen = lru_cache(maxsize=200_000)(
            lambda word: tuple(keep(s) for s in _seen_from(word)))
        self.pos = tuple(keep((f,)) for f in _POS)
        self.rel = tuple(keep((f,)) for f in _REL)
        self.semi = tuple(keep((f,)) for f in _SEMI)
        self.stop = tuple(keep((f,)) for f in _STOP)
        # the position features of every token of an N-token note, absolute then relative
        # (the same for every note of that length: joined once)
        self.posrel = lru_cache(maxsize=4096)(lambda n: tuple(
            (self.pos[i] if i < 13 else self.pos[-1]) + self.rel[(10 * i) // n] for i in range(n)))
        self.edge = {off: keep(f) for off, f in _EDGE.items()}
        (self.last, self.inquote, self.inparen, self.sentstart, self.archname,
         self.archname_ahead, self.archname_behind, self.glued) = (
            keep((f,)) for f in ("LAST", "INQUOTE", "INPAREN", "SENTSTART", "ARCHNAME",
                                 "ARCHNAME_AHEAD", "ARCHNAME_BEHIND", "GLUED"))
        # what table_features asks of each word, in one cached lookup: its own features, its
        # neighbour features as the four tokens around it see them, its lower case for the
        # bigrams
        self.word = lru_cache(maxsize=200_000)(
            lambda word: (self.own(word), *self.seen(word), word.lower()[:12]))
        # the same position features, the last token's with LAST after them (it comes next)
        self.positions = lru_cache(maxsize=4096)(
            lambda n: (*self.posrel(n)[:-1], self.posrel(n)[-1] + self.last) if n else ())
        # the distance features, since the last semicolon then since the last full stop
        # (each counted up to 13, the last bucket)
        self.semistop = tuple(tuple(a + b for b in self.stop) for a in self.semi)
        # a token's context features by _contexts' key, joined once per key met
        self.context: dict[int, tuple] = {}
        self.context_joined: dict[int, bytes] = {}
        # table_records' pieces: the same features, joined into one bytes per word, per
        # neighbour offset, per position and per context
        self.word_joined = lru_cache(maxsize=200_000)(
            lambda word: (*map(b"".join, self.word(word)[:5]), self.word(word)[5]))
        self.positions_joined = lru_cache(maxsize=4096)(lambda n: tuple(map(b"".join, self.positions(n))))
        self.edge_joined = {off: b"".join(f) for off, f in self.edge.items()} if known is not None else {}
        # the bigrams the model knows, as left word -> right word -> feature: "bi=a|b" is
        # known when "b" is under "a" (a known bigram whose words hold "|" is put under each
        # way of cutting it, and only a way that gives back the known string is ever asked)
        self.bigrams: dict[str, dict[str, bytes]] = {}
        for f in known or ():
            if f.startswith("bi="):
                pair = f[3:]
                for cut in (i for i, ch in enumerate(pair) if ch == "|"):
                    self.bigrams.setdefault(pair[:cut], {})[pair[cut + 1 :]] = codes[f]


    def join_context(self, key: int, joined: bool = False) -> tuple:
        """The context features _contexts' KEY stands for, in note_features' order (JOINED:
        as one bytes), kept for the next token with that key."""
        semi, stop = divmod(key >> 7, 14)
        feats = (*(self.inquote if key & 1 else ()), *(self.inparen if key & 2 else ()),
                 *self.semistop[semi][stop], *(self.sentstart if key & 4 else ()),
                 *(self.archname if key & 8 else ()), *(self.archname_ahead if key & 16 else ()),
                 *(self.archname_behind if key & 32 else ()), *(self.glued if key & 64 else ()))
        self.context[key] = feats
        if joined:
            self.context_joined[key] = b"".join(feats)  # type: ignore[arg-type]
            return self.context_joined[key]  # type: ignore[return-value]
        return feats


_ALL = FeatureTable()


def note_features(tokens: Sequence[Token], text: str,
                  archive_names: frozenset[int] = frozenset()) -> list[list[str]]:
    """The feature lists of every token of a note (TEXT gives spacing between tokens;
    ARCHIVE_NAMES the tokens inside an archive's name)."""
    return table_features(tokens, archive_names, _ALL)  # type: ignore[return-value]


def table_features(tokens: Sequence[Token], archive_names: frozenset[int],
                   table: FeatureTable) -> list[list[str]] | list[list[bytes]]:
    """``note_features`` as TABLE gives them (all, or those a model knows, as bytes)."""
    n = len(tokens)
    words = [t.text for t in tokens]
    per_word = list(map(table.word, words))
    # the neighbour features each token gets, two before to two after it (the tokens of
    # per_word see them at index 4, 3, 2, 1: what the token two places on sees first)
    edge_m2, edge_m1, edge_p1, edge_p2 = (table.edge[o] for o in _OFFSETS)
    before2 = [edge_m2, edge_m2, *(x[4] for x in per_word[:-2])]
    before1 = [edge_m1, *(x[3] for x in per_word[:-1])]
    after1 = [*(x[2] for x in per_word[1:]), edge_p1]
    after2 = [*(x[1] for x in per_word[2:]), edge_p2, edge_p2]
    context = table.context
    # a token's features, in order: its own, its position, its context (_contexts), its
    # neighbours -2, -1, +1, +2, then its bigram with the token before it
    out: list[list] = [
        [*x[0], *p, *(context.get(k) or table.join_context(k)), *b2, *b1, *a1, *a2]
        for x, p, k, b2, b1, a1, a2 in zip(per_word, table.positions(n), _contexts(tokens, words, archive_names),
                                           before2, before1, after1, after2, strict=False)]
    lows = [x[5] for x in per_word]
    if table.known is None:
        for feats, (prev_low, low) in zip(out[1:], pairwise(lows), strict=True):
            feats.append(f"bi={prev_low}|{low}")
    else:
        bigrams = table.bigrams
        for feats, (prev_low, low) in zip(out[1:], pairwise(lows), strict=True):
            if (right := bigrams.get(prev_low)) is not None and (bi := right.get(low)) is not None:
                feats.append(bi)
    return out


def table_records(tokens: Sequence[Token], archive_names: frozenset[int], table: FeatureTable) -> list[bytes]:
    """``table_features`` of a table whose features are bytes (``codes``), each token's
    joined into one bytes (what ``refcli.crf``'s tagger takes): the same bytes in the same
    order, joined from pieces joined once per word, position and context."""
    n = len(tokens)
    words = [t.text for t in tokens]
    per_word = list(map(table.word_joined, words))
    edge_m2, edge_m1, edge_p1, edge_p2 = (table.edge_joined[o] for o in _OFFSETS)
    before2 = [edge_m2, edge_m2, *(x[4] for x in per_word[:-2])]
    before1 = [edge_m1, *(x[3] for x in per_word[:-1])]
    after1 = [*(x[2] for x in per_word[1:]), edge_p1]
    after2 = [*(x[1] for x in per_word[2:]), edge_p2, edge_p2]
    lows = [x[5] for x in per_word]
    bigrams = table.bigrams
    bis = [b"", *((right.get(low, b"") if (right := bigrams.get(prev_low)) is not None else b"")
                  for prev_low, low in pairwise(lows))]
    context = table.context_joined
    return [b"".join((x[0], p, context.get(k) or table.join_context(k, joined=True), b2, b1, a1, a2, bi))
            for x, p, k, b2, b1, a1, a2, bi in zip(per_word, table.positions_joined(n),
                                                   _contexts(tokens, words, archive_names),
                                                   before2, before1, after1, after2, bis, strict=False)]


def _contexts(tokens: Sequence[Token], words: list[str], archive_names: frozenset[int]) -> list[int]:
    """The context of every token, as a key of FeatureTable.join_context: in quotes, in
    brackets, at a sentence's start, in or near an archive's name, glued to the token before
    it, and the distances since the last semicolon and the last full stop (up to 13)."""
    if archive_names:
        arch = [(8 if i in archive_names else 0)
                | (16 if i + 1 in archive_names or i + 2 in archive_names else 0)
                | (32 if i - 1 in archive_names or i - 2 in archive_names else 0)
                for i in range(len(tokens))]
    else:
        arch = None
    out: list[int] = []
    quote = paren = 0
    since_semicolon = since_stop = 0
    sentence_start = True
    prev_end = -1
    for i, tok in enumerate(tokens):
        key = (((since_semicolon * 14 + since_stop) << 7) | (1 if quote else 0) | (2 if paren else 0)
               | (4 if sentence_start else 0) | (64 if tok.start == prev_end else 0))
        out.append(key | arch[i] if arch is not None else key)
        prev_end = tok.end
        # state for the next token
        w = words[i]
        if w not in _MARKS:  # (a word: none of the marks below is or holds it)
            if since_semicolon < 13:
                since_semicolon += 1
            if since_stop < 13:
                since_stop += 1
            sentence_start = False
            continue
        if w in _OPEN_QUOTES or (w == '"' and not quote):
            quote += 1
        elif w in _CLOSE_QUOTES or w == '"':
            quote = max(0, quote - 1)
        if w in "([":
            paren += 1
        elif w in ")]":
            paren = max(0, paren - 1)
        since_semicolon = 0 if w == ";" else since_semicolon + 1 if since_semicolon < 13 else 13
        if w in ".!?":
            # a full stop after an initial or a short abbreviation does not end a sentence
            prev = words[i - 1] if i else ""
            sentence_start = not (len(prev) <= 2 and prev[:1].isalpha()) and prev.lower() not in _ABBREV
            since_stop = 0
        else:
            sentence_start = False
            since_stop = since_stop + 1 if since_stop < 13 else 13
    return out


# every string the tests on a token's text above hold true for (each a substring of its
# marks, the empty one too): a token not among them changes none of the counts but the two
# distances
_MARKS = frozenset(m[a:b] for m in (_OPEN_QUOTES, _CLOSE_QUOTES, '"', "([", ")]", ";", ".!?")
                   for a in range(len(m) + 1) for b in range(a, len(m) + 1))


_ABBREV = frozenset(["pp", "vol", "vols", "ed", "eds", "no", "nos", "trans", "comp", "cf", "op", "cit", "ibid", "al", "ch", "chap", "fol", "fols", "ff", "etc", "viz", "st", "jr", "sr", "dr", "mr", "mrs", "ms", "prof", "gen", "col", "lt", "capt"])
