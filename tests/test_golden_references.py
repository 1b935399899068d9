"""Golden references: real reference strings from published footnotes with their expected fields.

``tests/golden/references.json`` holds each string (``raw``), its language, where it was found
(``source``) and the fields a reader would write down (``expected``): kind, authors' and editors'
family names, title, title_translated, container, volume, issue, year, date, city, publisher,
pages, url. Every field given is asserted; a field not given is not checked.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from refcli.parsers.biblio import parse_reference

from .conftest import GOLDEN

REFERENCES = json.loads((GOLDEN / "references.json").read_text(encoding="utf-8"))

# Strings the parser still reads wrongly, with the reason; each is checked to still fail, so
# that fixing one means moving it out of this list.
KNOWN_WRONG = {
    # "Письма И. В." has the shape of a name in Russian order (family + initials): the title
    # starts with a noun followed by the initials of the genitive name after it
    "Письма И. В. Сталина В. М. Молотову. 1925–1936 гг. / сост. Л. Кошелева, В. Лельчук и др. М., 1995",
    # "Unserem Freund und Lehrer J. W." reads as two names joined by "und"
    "Unserem Freund und Lehrer J. W. Stalin zum Siebzigsten Geburtstag. Berlin 1949.",
}


def _norm(value: Any) -> Any:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


def _mismatches(raw: str, expected: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    cite = parse_reference(raw)
    if cite is None:
        return {"kind": (None, expected["kind"])}
    got = cite.to_json()
    out = {}
    for key, want in expected.items():
        if key in ("authors", "editors"):
            value: Any = [p["family"] for p in got.get(key, [])]
        else:
            value = got.get(key)
        if _norm(value) != _norm(want):
            out[key] = (value, want)
    return out


def test_golden_set_is_large_and_varied() -> None:
    """At least 80 strings, in English, transliterated Russian, Cyrillic, French and German."""
    assert len(REFERENCES) >= 80
    langs = Counter(r["lang"] for r in REFERENCES)
    assert {"en", "ru", "ru-translit", "fr", "de"} <= set(langs)
    kinds = Counter(r["expected"]["kind"] for r in REFERENCES)
    assert {"book", "article", "chapter", "document", "web"} <= set(kinds)


@pytest.mark.parametrize(
    "ref", [r for r in REFERENCES if r["raw"] not in KNOWN_WRONG], ids=lambda r: r["raw"][:60]
)
def test_golden_reference(ref: dict[str, Any]) -> None:
    """Every expected field of a real reference string is parsed as written down."""
    assert _mismatches(ref["raw"], ref["expected"]) == {}


@pytest.mark.parametrize("raw", sorted(KNOWN_WRONG))
def test_known_wrong_still_wrong(raw: str) -> None:
    """A string listed as known wrong is in the golden set and still misread (else unlist it)."""
    ref = next(r for r in REFERENCES if r["raw"] == raw)
    assert _mismatches(ref["raw"], ref["expected"]) != {}
