"""Golden references: real reference strings from published footnotes with their expected fields.

``tests/golden/references.json`` holds each string (``raw``), its language, where it was found
(``source``) and the fields a reader would write down (``expected``): kind, authors' and editors'
family names, title, title_translated, container, volume, issue, year, date, city, publisher,
pages, url. Every field given is asserted; a field not given is not checked.

The strings were written down for the first, rule-based parser, which was developed against
them (136 of 138 passed). The reference labeller that replaced it was trained on the corpus
(corpus/train), not on these strings, so they measure how it generalises; the ones it still
misreads are listed in ``references-known-wrong.json`` with the reason, each checked to still
fail so that fixing one means moving it out of the list.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from refcli.parsers.note import parse_note
from refcli.registry import Registry

from .conftest import GOLDEN

REFERENCES = json.loads((GOLDEN / "references.json").read_text(encoding="utf-8"))
KNOWN_WRONG: dict[str, str] = json.loads(
    (GOLDEN / "references-known-wrong.json").read_text(encoding="utf-8"))


def _norm(value: Any) -> Any:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else value


def _mismatches(raw: str, expected: dict[str, Any], registry: Registry) -> dict[str, tuple[Any, Any]]:
    cites = list(parse_note(raw, registry).citations)
    # the reference string is one work; a shelfmark inside it is its own citation
    cites = [c for c in cites if c.kind != "archival"] or cites
    if expected["kind"] == "document":
        cites = [c for c in cites if c.kind == "document"] or cites
    if not cites:
        return {"kind": (None, expected["kind"])}
    got = cites[0].to_json()
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


def test_known_wrong_are_few_and_explained() -> None:
    """Every listed string is in the golden set and has a reason; at least 90 of the 138 pass."""
    raws = {r["raw"] for r in REFERENCES}
    assert set(KNOWN_WRONG) <= raws
    assert all(reason.strip() for reason in KNOWN_WRONG.values())
    assert len(REFERENCES) - len(KNOWN_WRONG) >= 90


@pytest.mark.parametrize(
    "ref", [r for r in REFERENCES if r["raw"] not in KNOWN_WRONG], ids=lambda r: r["raw"][:60]
)
def test_golden_reference(ref: dict[str, Any], registry: Registry) -> None:
    """Every expected field of a real reference string is parsed as written down."""
    assert _mismatches(ref["raw"], ref["expected"], registry) == {}


@pytest.mark.parametrize("raw", sorted(KNOWN_WRONG))
def test_known_wrong_still_wrong(raw: str, registry: Registry) -> None:
    """A string listed as known wrong is in the golden set and still misread (else unlist it)."""
    ref = next(r for r in REFERENCES if r["raw"] == raw)
    assert _mismatches(ref["raw"], ref["expected"], registry) != {}
