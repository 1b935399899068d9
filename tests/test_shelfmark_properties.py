"""Properties of the shelfmark parser: it never raises, and rendering then parsing is the
identity for composed shelfmarks in either script and either punctuation style."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcli.parsers.canon import canon_fond, canon_leaves, canon_unit, render_shelfmark
from refcli.parsers.shelfmark import (
    _NUMBER_START,
    _NUMBER_START_NO_SLASH,
    _unlabelled,
    find_shelfmarks,
)
from refcli.registry import Registry

from .conftest import ROOT

REGISTRY = Registry.load(ROOT / "archives.json")
FOND_ARCHIVES = [a for a in REGISTRY.archives if a.scheme == "fond"]

numbers = st.integers(min_value=1, max_value=99999).map(str)
fond_prefix = st.sampled_from(["", "R-", "Р-", "A-", "P-"])
opis_suffix = st.sampled_from(["", "s", "с", " s"])
leaf = st.tuples(st.integers(1, 999), st.sampled_from(["", " об.", "ob."])).map(lambda t: f"{t[0]}{t[1]}")
leaves = st.one_of(
    leaf,
    st.tuples(st.integers(1, 500), st.integers(0, 400)).map(lambda t: f"{t[0]}-{t[0] + t[1]}"),
    st.lists(st.integers(1, 900), min_size=2, max_size=4, unique=True).map(lambda xs: ", ".join(map(str, sorted(xs)))),
)


@st.composite
def shelfmarks(draw: st.DrawFn) -> tuple[str, dict[str, str | None]]:
    archive = draw(st.sampled_from(FOND_ARCHIVES))
    cyrillic = draw(st.booleans())
    written_archive = draw(st.sampled_from([archive.acronym, *archive.aliases[:3]]))
    fond = draw(fond_prefix) + draw(numbers)
    opis = draw(numbers) + draw(opis_suffix)
    delo = draw(numbers)
    leaf_text = draw(st.one_of(st.none(), leaves))
    if cyrillic:
        parts = [written_archive, f"Ф. {fond}", f"Оп. {opis}", f"Д. {delo}"]
        if leaf_text:
            parts.append(f"Л. {leaf_text}")
        text = ". ".join(parts) + "."
    else:
        parts = [written_archive, f"f. {fond}", f"op. {opis}", f"d. {delo}"]
        if leaf_text:
            parts.append(f"{'ll.' if ('-' in leaf_text or ',' in leaf_text) else 'l.'} {leaf_text}")
        text = ", ".join(parts) + "."
    expected = {
        "archive": archive.acronym,
        "fond": canon_fond(fond),
        "opis": canon_unit(opis),
        "delo": canon_unit(delo),
        "leaves": canon_leaves(leaf_text) if leaf_text else None,
    }
    return text, expected


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(shelfmarks())
def test_composed_shelfmarks_parse_back(case: tuple[str, dict[str, str | None]]) -> None:
    """A shelfmark composed from registry aliases and random levels parses to its parts."""
    text, expected = case
    found = find_shelfmarks(text, REGISTRY)
    assert len(found) == 1, text
    c = found[0].citation
    got = {k: getattr(c, k) for k in expected}
    assert got == expected, text
    assert c.shelfmark == render_shelfmark(c.archive, c.fond, c.opis, None, None, c.delo, None, c.leaves)


@settings(max_examples=300)
@given(shelfmarks())
def test_canonical_shelfmark_is_a_fixed_point(case: tuple[str, dict[str, str | None]]) -> None:
    """Parsing the canonical rendering gives the same record again (render → parse = identity)."""
    text, _ = case
    first = find_shelfmarks(text, REGISTRY)[0].citation
    again = find_shelfmarks(first.shelfmark or "", REGISTRY)
    assert len(again) == 1
    second = again[0].citation
    for key in ("archive", "fond", "opis", "delo", "leaves", "shelfmark"):
        assert getattr(second, key) == getattr(first, key)


@settings(max_examples=500)
@given(st.text(max_size=300))
def test_any_text_never_raises(text: str) -> None:
    """Arbitrary text yields a list of archival citations and never an exception."""
    for s in find_shelfmarks(text, REGISTRY):
        assert s.citation.kind == "archival"
        assert 0 <= s.start <= s.end <= len(text)


@settings(max_examples=300)
@given(st.text(alphabet="fdlopФОДЛ.,; -–0123456789RРsсGARFГАРФобkКpП\n", max_size=200))
def test_shelfmark_like_noise_never_raises(text: str) -> None:
    """Text made of shelfmark pieces (the hard case for the grammar) never raises."""
    find_shelfmarks(text, REGISTRY)


def test_canonical_forms_are_idempotent() -> None:
    """Canonicalising twice changes nothing."""
    for value in ("Р-5446", "r 5446", "500К", "98 с", "12а", "5 ob.–7", "34 об.", "5,7, 9—10"):
        assert canon_fond(canon_fond(value)) == canon_fond(value)
        assert canon_unit(canon_unit(value)) == canon_unit(value)
        assert canon_leaves(canon_leaves(value)) == canon_leaves(value)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.:-–()/aZяЯ")), max_size=40))
def test_a_number_start_skipped_without_a_slash_reads_nothing(text: str) -> None:
    """With no "/" after them, the compressed, comma and hyphenated forms are tried only where
    _NUMBER_START_NO_SLASH finds a start: every start it leaves out reads nothing."""
    for m in _NUMBER_START.finditer(text):
        if "/" not in text[m.start():] and _unlabelled(text, m.start()) is not None:
            assert _NUMBER_START_NO_SLASH.match(text, m.start()), text
