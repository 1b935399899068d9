"""References that a sentence says something is drawn from or printed in ("Quoted from …",
"According to …", "… is based on …", "… is printed in …"): the phrase is commentary, the
reference after it is read. Notes constructed in the forms of the corpus's train split."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refcli.labeller import load_labeller
from refcli.parsers.note import _SOURCE_PHRASE, parse_note
from refcli.registry import Registry

from .conftest import ROOT

REGISTRY = Registry.load(ROOT / "archives.json")
LABELLER = load_labeller()


@pytest.mark.parametrize(("text", "family", "title", "pages"), [
    ("Quoted from Short, Mao, 273.", "Short", "Mao", "273"),
    ("According to Staden, Land and Government, p. 32.", "Staden", "Land and Government", "32"),
    ("This account of the Congress is based on Amy Knight’s Kirov, pp. 127, 171–7.", "Knight", "Kirov",
     "127, 171-7"),
])
def test_the_phrase_stays_out_of_the_reference(text: str, family: str, title: str, pages: str) -> None:
    (c,) = parse_note(text, REGISTRY, LABELLER).citations
    assert c.kind == "book"
    assert [a.family for a in c.authors] == [family]
    assert (c.title, c.pages) == (title, pages)
    assert not any(w in (c.raw or "") for w in ("Quoted", "According", "based on"))


def test_a_title_alone_after_quoted_from_is_the_work_not_the_phrase() -> None:
    (c,) = parse_note("Quoted from Rossiiskie samoderzhtsy, p. 83.", REGISTRY, LABELLER).citations
    assert (c.title, c.pages, c.authors) == ("Rossiiskie samoderzhtsy", "83", ())


@pytest.mark.parametrize("text", [
    "The full text is reprinted in Pravda, 1 May 1950.",
    "An account of the talks appears in Kissinger, White House Years, 1171.",
    "The memorandum may be found in Kolko, The Politics of War, 34.",
])
def test_a_source_phrase_opens_a_second_reading(text: str) -> None:
    m = _SOURCE_PHRASE.search(text)
    assert m is not None
    assert text[m.end()].isupper()
    assert _SOURCE_PHRASE.search(text.replace(text[m.end()], text[m.end()].lower(), 1)) is None


@pytest.mark.parametrize("text", [
    "He was found in the garden.",  # no capitalised word after it
    "Mr. Reprinted information",  # no phrase
    "the unfounded in Moscow",  # inside a word
])
def test_prose_without_a_source_phrase(text: str) -> None:
    assert _SOURCE_PHRASE.search(text) is None


def test_prose_after_according_to_yields_no_reference() -> None:
    note = parse_note("According to the report, the army lost 500 men in 1942.", REGISTRY, LABELLER)
    assert note.citations == ()


@given(st.text(max_size=200))
def test_source_phrases_never_fail(text: str) -> None:
    parse_note(f"It is printed in {text}", REGISTRY, LABELLER)


def test_the_phrase_pattern_finds_what_its_plain_form_finds() -> None:
    """_SOURCE_PHRASE's look-ahead on its phrases' first letters changes no match."""
    import random
    import re

    plain = re.compile(_SOURCE_PHRASE.pattern.split(")", 1)[1])
    assert plain.pattern != _SOURCE_PHRASE.pattern
    r = random.Random(11)
    pieces = ["printed", "Printed", "APPEARS", "appear", " in ", " on ", "based", "according", " to ", "Quoted",
              " from ", "compare", " with ", "relied", " mainly", "x", "é", " ", "Pravda", "“Title”", "«Заря»",
              "1", "_", "found", "covered", "translation", "Ü"]
    for text in ("".join(r.choice(pieces) for _ in range(r.randint(0, 10))) for _ in range(20000)):
        assert [m.span() for m in _SOURCE_PHRASE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


@pytest.mark.parametrize("text", [
    "It is printed in Pravda, 1 May 1950.",
    "Quoted from Short, Mao, 273.",
    "According to Staden, Land and Government, p. 32.",
])
def test_a_lead_in_phrase_gives_one_span_not_two(text: str) -> None:
    """What LEAD_IN already opens a second reading after is not found again as a source phrase."""
    from refcli.parsers.assemble import LEAD_IN

    assert LEAD_IN.search(text) is not None
    assert _SOURCE_PHRASE.search(text) is None
