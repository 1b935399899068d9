"""A place read as an author before its year, and a series' title read as a person (issue 10).

The forms are those of dev-split works (a Spanish-language GOST reference whose author and
title the labeller left as commentary; FRUS editors' "printed in the Federal Register, 1955");
the references are written here.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.parsers.note import parse_note
from refcli.registry import Registry


def _books(registry: Registry, text: str):
    return [c for c in parse_note(text, registry).citations if c.kind == "book"]


@pytest.mark.parametrize(("text", "family", "given", "title", "city", "year", "pages"), [
    ("Viñas Á. La soledad de la República. Barcelona, 2006. P.214.",
     "Viñas", "Á.", "La soledad de la República", "Barcelona", "2006", "214"),
    ("Largo Caballero F. Mis recuerdos. Madrid, 1976. P.XII.",
     "Largo Caballero", "F.", "Mis recuerdos", "Madrid", "1976", "XII"),
])
def test_a_gost_head_before_a_place_and_year_is_the_book(registry, text, family, given, title, city, year, pages):
    [book] = _books(registry, text)
    assert [(a.family, a.given) for a in book.authors] == [(family, given)]
    assert (book.title, book.city, book.year, book.pages) == (title, city, year, pages)
    assert book.raw == text.rstrip(".")


def test_a_place_after_commentary_is_not_given_an_author(registry):
    # no author and title just before the place: the commentary stays out of the reference
    for c in parse_note("He left for good in the spring of that year. Barcelona, 2006. P. 14.", registry).citations:
        assert "spring" not in c.raw


@pytest.mark.parametrize(("text", "title"), [
    ("Printed in the Federal Register, 1956, p. 4410.", "Federal Register"),
    ("Foreign Relations, 1949, vol. v, p. 312.", "Foreign Relations"),
])
def test_a_series_title_is_not_a_person(registry, text, title):
    [book] = _books(registry, text)
    assert book.authors == ()
    assert book.title == title


def test_a_person_before_a_year_stays_a_person(registry):
    [book] = _books(registry, "Winston Churchill, 1955, p. 3.")
    assert [a.family for a in book.authors] == ["Churchill"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="Á á.,;: 0123456789BarcelonFRegistVñ", max_size=80))
def test_place_and_series_readers_never_crash(registry, text):
    parse_note(f"{text} Barcelona, 2006. P. 4.", registry)
    parse_note(f"Federal Register, 1955, {text}", registry)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZй, 19 20 05-’'_.1")), max_size=40))
def test_the_place_and_year_hint_finds_what_the_pattern_finds(text: str) -> None:
    from refcli.parsers.note import _PLACE_YEAR, _PLACE_YEAR_HINT

    assert bool(_PLACE_YEAR_HINT.search(text)) == bool(_PLACE_YEAR.search(text))
