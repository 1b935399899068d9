"""Citation keys: ``auth + year + first title word`` (Better BibTeX's form), ASCII, lowercase.

* ``auth`` is the first author's family name (else the first editor's) without its particles,
  as BibTeX reads a name: ``van Ree`` → ``ree``, ``de Gaulle`` → ``gaulle``, ``фон Бок`` →
  ``bok``. Cyrillic goes through iuliia's ALA-LC table (``Капица`` → ``kapitsa``, ``Хрущёв`` →
  ``khrushchev``), every other script through anyascii (``Østergaard`` → ``ostergaard``,
  ``Wałęsa`` → ``walesa``, ``Weiß`` → ``weiss``, ``沈`` → ``shen``).
* ``year`` is the four digits of the year (or of the date).
* the title word is the first word of the title that is not a function word (``The``, ``Der``,
  ``На``, ``W`` ...), possessive ``'s`` dropped: ``Mao's China`` → ``mao``.
* A work without author and title takes what it has: its container or publisher, the host of
  its URL, the first word of the citation as written.

An archival unit's key is its shelfmark: ``garf-5446-98s-704`` (fond number without its letter
prefix, so ``f. 5446`` and ``f. R-5446`` give one key).

Keys are computed once, when a source enters the library, and stored; ``refcli rekey``
recomputes them. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from refcli import rx

from ..model import Citation, Person
from ..parsers.canon import WESTERN_UNIT_LEVELS, is_western

_CYRILLIC = rx.compile(r"[\u0400-\u04FF]")
_POSSESSIVE = rx.compile(r"(?<=\w)['’ʼ]s\b")
_APOSTROPHES = rx.compile(r"['’ʼʹʺ`\"]")
_NON_ALNUM = rx.compile(r"[^a-z0-9]+")
_FOUR_DIGITS = rx.compile(r"\d{4}")
_FOND_PREFIX = rx.compile(r"^[A-Za-z]{1,2}-")
_URL_HOST = rx.compile(r"(?:https?|ftp)[:.]*//(?:www\.)?([^/\s:]+)", re.IGNORECASE)

# Better BibTeX's skip words, and the Russian, Polish and Czech function words a title may
# open with (as they come out of the transliteration)
SKIP_WORDS = frozenset(["a", "ab", "aboard", "about", "above", "across", "after", "against", "al", "along", "amid", "among", "an", "and", "anti", "around", "as", "at", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but", "by", "d", "da", "das", "de", "del", "dell", "dello", "dei", "degli", "della", "delle", "dem", "den", "der", "des", "despite", "die", "do", "down", "du", "during", "ein", "eine", "einem", "einen", "einer", "eines", "el", "en", "et", "except", "for", "from", "gli", "i", "il", "in", "inside", "into", "is", "l", "la", "las", "le", "les", "like", "lo", "los", "near", "nor", "of", "off", "on", "onto", "or", "over", "past", "per", "plus", "round", "save", "since", "so", "some", "sur", "than", "the", "through", "to", "toward", "towards", "un", "una", "unas", "uno", "unos", "under", "underneath", "une", "unlike", "until", "up", "upon", "versus", "via", "von", "while", "with", "within", "without", "yet", "zu", "zum", "v", "vo", "na", "o", "ob", "obo", "k", "ko", "s", "so", "po", "ot", "iz", "dlia", "za", "u", "pri", "pro", "bez", "nad", "pod", "w", "we", "z", "ze", "od"])


@lru_cache(maxsize=4096)
def to_ascii(text: str) -> str:
    """TEXT in ASCII: Cyrillic by ALA-LC (iuliia), everything else by anyascii."""
    if _CYRILLIC.search(text):
        import iuliia

        text = iuliia.ALA_LC_ALT.translate(text)
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text)
    return text


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The ASCII words of TEXT, lowercase, apostrophes and a possessive 's removed."""
    text = _POSSESSIVE.sub("", text)
    ascii_text = _APOSTROPHES.sub("", to_ascii(text)).lower()
    return tuple(w for w in _NON_ALNUM.split(ascii_text) if w)


def family_part(person: Person) -> str:
    """BibTeX's "Last" part of a name: the family name without lowercase particles."""
    words = person.family.split()
    while len(words) > 1 and words[0][:1].islower():
        words.pop(0)
    return "".join(_words(" ".join(words)))


def first_word(text: str | None) -> str:
    """The first word of TEXT that is not a function word (else its first word)."""
    words = _words(text or "")
    for w in words:
        if w not in SKIP_WORDS:
            return w
    return words[0] if words else ""


def year_part(c: Citation) -> str:
    m = _FOUR_DIGITS.search(c.year or c.date or "")
    return m.group(0) if m else ""


def _url_host(text: str | None) -> str:
    m = _URL_HOST.search(text or "")
    if not m:
        return ""
    labels = [x for x in m.group(1).lower().split(".") if x]
    # the registered name: "digitalarchive.wilsoncenter.org" → "wilsoncenter"
    name = labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")
    return _NON_ALNUM.sub("", name)


def _fond_number(fond: str | None) -> str:
    return _FOND_PREFIX.sub("", fond or "")


def _free_shelfmark_words(c: Citation) -> list[str]:
    from .sources import strip_free_locator  # the same trimming the unit identity uses

    return list(_words(strip_free_locator(c.shelfmark or c.raw))[1:6])


_LEVEL_PREFIX = {"entry": "e", "box": "b", "folder": "f"}


def _level_words(level: str, value: str) -> list[str]:
    """A Western level in a key: ``RG 59`` → ``rg-59``; a long name by its initials, its
    numbers kept (``Central Decimal File 1950–54`` → ``cdf-1950-54``); ``box 3009`` → ``b3009``."""
    words = list(_words(value))
    if level in _LEVEL_PREFIX:
        return [_LEVEL_PREFIX[level] + "".join(words)] if words else []
    alpha = [w for w in words if not w.isdigit()]
    if len(alpha) >= 3:
        return ["".join(w[0] for w in alpha), *(w for w in words if w.isdigit())]
    return words


def unit_key(c: Citation) -> str:
    """``garf-5446-98s-704``; a shelfmark outside the fond scheme: ``tna-fo-371-116982``,
    ``nara-rg-59-cdf-1950-54-b3009`` (a NARA box), ``lc-wahp-b172-f3`` (a folder of papers)."""
    archive = "".join(_words(c.archive or "")) or "archive"
    if c.fond or c.delo:
        parts = [archive, _fond_number(c.fond), c.opis, c.papka and f"p{c.papka}",
                 c.karton and f"k{c.karton}", c.delo]
    elif is_western(c):
        parts = [archive]
        for level in WESTERN_UNIT_LEVELS:
            value = getattr(c, level)
            if value:
                parts.extend(_level_words(level, value))
    else:
        parts = [archive, *_free_shelfmark_words(c)]
    return "-".join(p for p in (_slug(str(x)) for x in parts if x) if p)


def _slug(text: str) -> str:
    if text.isascii():
        return _NON_ALNUM.sub("", text.lower())
    return "".join(_words(text))


def base_key(c: Citation) -> str:
    """The key of C before any collision suffix."""
    if c.kind == "archival":
        return unit_key(c)
    people = c.authors or c.editors
    auth = family_part(people[0]) if people else ""
    what = (first_word(c.title) or first_word(c.container) or first_word(c.publisher)
            or _url_host(c.url) or _url_host(c.raw) or first_word(c.raw))
    return f"{auth}{year_part(c)}{what}" or "ref"


def suffix(i: int) -> str:
    """0 → a, 25 → z, 26 → aa ..."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def unique_key(base: str, is_taken: Callable[[str], bool]) -> str:
    """BASE, else BASE + a, b, ...: the first that IS_TAKEN refuses (Better BibTeX's postfix)."""
    if not is_taken(base):
        return base
    n = 0
    while is_taken(base + suffix(n)):
        n += 1
    return base + suffix(n)


def clean_key(key: str) -> str:
    """An imported entry key as the library can hold it: no whitespace or control characters."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", "", key) or "ref"
