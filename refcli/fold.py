"""One Latin, lowercase, punctuation-free form of any name or title, for matching.

Cyrillic is transliterated with ALA-LC without diacritics (iuliia's ALA_LC_ALT), then popular
English spellings are folded onto the same form, so that ``Mikoyan``, ``Mikoian`` and
``Микоян`` meet, as do ``Yeltsin``/``El'tsin``/``Ельцин`` and ``Dostoyevsky``/``Dostoevskii``
(CONVENTIONS.md §1.5).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia

from refcli import rx

_CYRILLIC = rx.compile(r"[\u0400-\u04FF]")
_NON_WORD = rx.compile(r"[^\w\s]+")
_SPACES = rx.compile(r"\s+")
_IE = rx.compile(r"(?:(?<=\s)|^|(?<=[aeiou]))ie")
_SKY = rx.compile(r"(?:skii|skiy|skyi|sky|skij)\b")
_FINAL_II = rx.compile(r"ii\b")


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    return _fold(word)


def _fold(text: str) -> str:
    if _CYRILLIC.search(text):
        text = iuliia.ALA_LC_ALT.translate(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("'", "").replace("’", "").replace('"', "").replace("ʹ", "")
    text = _NON_WORD.sub(" ", text)
    text = text.replace("y", "i").replace("j", "i")
    text = _IE.sub("e", text)
    text = _SKY.sub("ski", text)
    text = _FINAL_II.sub("i", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """TEXT folded for matching: transliterated, lowercase, no diacritics or punctuation."""
    return " ".join([f for w in text.split() if (f := fold_word(w))])


def ascii_slug(text: str, max_words: int = 1) -> str:
    """The first MAX_WORDS significant folded words, ASCII ``[a-z0-9]`` only (for keys)."""
    words = [w for w in fold(text).split() if w not in _STOP and w.isascii()]
    slug = "".join(re.sub(r"[^a-z0-9]", "", w) for w in words[:max_words])
    return slug


_STOP = {
    "a", "an", "the", "of", "on", "in", "and", "to", "for", "at", "by", "la", "le", "les", "de",
    "du", "des", "der", "die", "das", "und", "i", "v", "na", "o", "ob", "k", "s", "po", "ot",
}
