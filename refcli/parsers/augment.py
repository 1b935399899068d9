"""Training notes in Cyrillic, written again in Latin letters: Russian conventions in translation.

Russian bibliographic conventions reach refcli in three dresses: GOST in Cyrillic
(``Аксютин Ю. Хрущевская «оттепель». М., 2004. С. 196.``), the same transliterated in an
English-language book or a journal's reference list (``Aksiutin Iu. Khrushchevskaia
«ottepel'». M., 2004. S. 196.``), and translated, by a person or a machine (``Aksyutin Yu.
Khrushchev's thaw. Moscow, 2004, p. 196``). The corpus holds the first; this module derives
the other two from it, so that the labeller learns the structure of a GOST reference rather
than the look of Cyrillic words. Each Cyrillic training note gets one Latin variant; the
transliteration scheme (Library of Congress without diacritics, or the popular Wikipedia
scheme) and whether abbreviations are translated are chosen from a hash of the note, so that
training stays reproducible. The gold values go through the same function as the text, so
the labels still align.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import iuliia

from refcli import rx

_CYRILLIC = rx.compile(r"[\u0400-\u04ff]")
# GOST abbreviations and the English a translation writes for them
_TRANSLATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (rx.compile(p), r) for p, r in (
        (r"(?<![^\W\d_])Там же", "Ibid."),
        (r"(?<![^\W\d_])[Уу]каз\. соч\.", "op. cit."),
        (r"(?<![^\W\d_])[Цц]ит\. по:", "Cited in"),
        (r"(?<![^\W\d_])[Пп]одробнее см\.:?", "For more details, see:"),
        (r"(?<![^\W\d_])См\.:?", "See:"),
        (r"(?<![^\W\d_])см\.:?", "see:"),
        (r"(?<![^\W\d_])и др\.", "et al."),
        (r"(?<![^\W\d_])М\.(?=\s?[,:;])", "Moscow"),
        (r"(?<![^\W\d_])СПб\.(?=\s?[,:;])", "St. Petersburg"),
        (r"(?<![^\W\d_])С\.\s?(?=\d)", "p. "),
        (r"(?<![^\W\d_])Т\.\s?(?=\d)", "Vol. "),
        (r"(?<![^\W\d_])Вып\.\s?(?=\d)", "Issue "),
        (r"№\s?(?=\d)", "No. "),
        (r"(?<![^\W\d_])[Пп]од ред\.", "ed. by"),
        (r"(?<![^\W\d_])[Сс]ост\.", "comp."),
    )
)
_SCHEMES = (iuliia.ALA_LC_ALT, iuliia.WIKIPEDIA)


def _choice(text: str) -> int:
    return hashlib.sha256(text.encode("utf-8")).digest()[0]


def _converter(text: str) -> Callable[[str], str]:
    pick = _choice(text)
    scheme = _SCHEMES[pick & 1]
    translate = bool(pick & 2)

    def convert(value: str) -> str:
        if translate:
            for pattern, repl in _TRANSLATIONS:
                value = pattern.sub(repl, value)
        return scheme.translate(value) if _CYRILLIC.search(value) else value

    return convert


def _convert_value(value: Any, convert: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_convert_value(v, convert) for v in value]
    if isinstance(value, dict):
        return {k: _convert_value(v, convert) for k, v in value.items()}
    return value


# canonical values that are Latin already and must not change
_KEEP = frozenset({"kind", "archive", "fond", "opis", "delo", "leaves", "target", "papka"})


def latin_variant(text: str, citations: list[Mapping[str, Any]]
                  ) -> tuple[str, list[dict[str, Any]]] | None:
    """TEXT and its gold CITATIONS written in Latin letters, or None when TEXT has no Cyrillic."""
    if not _CYRILLIC.search(text):
        return None
    convert = _converter(text)
    out = [{k: (v if k in _KEEP else _convert_value(v, convert)) for k, v in c.items()}
           for c in citations]
    return convert(text), out
