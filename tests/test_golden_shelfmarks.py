"""Golden shelfmarks: real strings from published footnotes, every canonical field asserted."""

from __future__ import annotations

import json

import pytest

from refcli.parsers.shelfmark import find_shelfmarks
from refcli.registry import Registry

from .conftest import GOLDEN

CASES = json.loads((GOLDEN / "shelfmarks.json").read_text(encoding="utf-8"))
FIELDS = ("archive", "fond", "opis", "papka", "karton", "delo", "tom", "leaves", "shelfmark")


def test_golden_set_is_large_and_varied() -> None:
    """At least 60 distinct strings, in both scripts."""
    raws = [c["raw"] for c in CASES]
    assert len(set(raws)) == len(raws) >= 60
    cyrillic = sum(1 for r in raws if any("\u0400" <= ch <= "\u04ff" for ch in r))
    assert cyrillic >= 20
    assert len(raws) - cyrillic >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["raw"][:50] for c in CASES])
def test_golden_shelfmark(case: dict, registry: Registry) -> None:
    """The string parses to exactly one shelfmark with every canonical field as expected."""
    found = find_shelfmarks(case["raw"], registry)
    assert len(found) == 1, [f.citation.shelfmark for f in found]
    c = found[0].citation
    got = {f: getattr(c, f) for f in FIELDS if getattr(c, f) is not None}
    assert got == case["expected"]
