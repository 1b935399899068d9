"""References to other notes or documents of the same work ("See footnote 4, supra.",
"Document 9.", "См. прим. 12"): each an ``other`` of its own, as the gold conventions have
"see above, p. 14", never dropped and never taken for a published collection's document."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.parsers.note import _CROSS_HINT, _with_cross_references, parse_note
from refcli.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(("text", "raw"), [
    ("See footnote 4, supra.", "footnote 4, supra"),
    ("Document 9.", "Document 9"),
    ("See Documents 142 and 143.", "Documents 142 and 143"),
    ("See above, chapter 28.", "above, chapter 28"),
    ("Supra.", "Supra"),
    ("См. прим. 12.", "См. прим. 12"),
    ("Telegram 2100 is Document 1. Telegram 2102 reported that the British were unwilling.", "Document 1"),
    # a range with an en dash; a date's year before "see" is no collection's volume
    ("On the Council meeting of May 8–10, see Documents 31–36.", "Documents 31–36"),
    ("For the talks of April 16–21, 1959, see Document 107.", "Document 107"),
])
def test_a_cross_reference_is_an_other(registry: Registry, text: str, raw: str) -> None:
    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.raw) == ("other", raw)
    assert text[c.start : c.end] == c.raw


@pytest.mark.parametrize("text", [
    "For text, see vol. XIV, Document 296.",      # a document of a published collection
    "Regarding this memorandum, see ibid., Document 314.",
    "Smith, The Note (London, 1990), 4.",          # a title that holds the word
    "He noted 4 reasons, none of them above board.",
])
def test_no_cross_reference_where_none_is_made(registry: Registry, text: str) -> None:
    assert [c.raw for c in parse_note(text, registry).citations if c.kind == "other"] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("See footnote Document 12 and supra above, chapter См. прим. 3 .,;")),
               max_size=120))
def test_cross_references_never_crash(text: str) -> None:
    for c in _with_cross_references(text, []):
        assert text[c.start : c.end] == c.raw


# the hint as it reads, which _CROSS_HINT is written out from for speed
_PLAIN_HINT = re.compile(r"(?i:note|document|supra|infra|above|below)|[Сс]м\.")


def test_the_cross_reference_hint_has_every_case_of_its_first_letters() -> None:
    """Each first-letter class of _CROSS_HINT holds exactly the characters the engine's
    case-insensitive matching takes for that letter, whatever Python's Unicode tables say."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for word in ("note", "document", "supra", "infra", "above", "below"):
        for ch in {m.group() for m in re.finditer(f"(?i:{word[0]})", everything)}:
            for second in {m.group() for m in re.finditer(f"(?i:{word[1]})", everything)}:
                text = f"x {ch}{second}{word[2:].upper()} y"
                assert _CROSS_HINT.search(text), text
    for text in ("См. прим. 3", "см.", "См ", "NOTE", "ſupra", "İnfra", "ınfra", "Kelvin", "abov", "docu ment"):
        assert bool(_CROSS_HINT.search(text)) == bool(_PLAIN_HINT.search(text)), text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("noteNOTEdcumDCUMsSpraſİıIifFbBvVlLwWСсм. ,")), max_size=60))
def test_the_cross_reference_hint_finds_what_the_plain_pattern_finds(text: str) -> None:
    got, want = _CROSS_HINT.search(text), _PLAIN_HINT.search(text)
    assert (got and got.span()) == (want and want.span())


@pytest.mark.parametrize(("text", "families", "title", "pages"), [
    ("Catterall, Macmillan Diaries, 111, 114–15.", ["Catterall"], "Macmillan Diaries", "111, 114-15"),
    ("Wise and Ross, Invisible Government, pp. 95–98.", ["Wise", "Ross"], "Invisible Government", "95-98"),
    ("See Pribbenow, “General Vo Nguyen Giap,” 15.", ["Pribbenow"], "General Vo Nguyen Giap", "15"),
    ("Аксютин, Хрущевская оттепель, С. 196.", ["Аксютин"], "Хрущевская оттепель", "196"),
    # single quotes, British style, the comma inside or outside them; an apostrophe inside
    ("Hale, ‘The Winter Palace Ball,’ 41.", ["Hale"], "The Winter Palace Ball", "41"),
    ("Cross, ‘Stalin’s Last Winter’, 14–15.", ["Cross"], "Stalin’s Last Winter", "14-15"),
    # after "Quoted in", the title ending in a roman numeral
    ("Quoted in Dixon, Peter II, 12.", ["Dixon"], "Peter II", "12"),
])
def test_a_plain_short_form_is_read_where_the_labeller_read_nothing(registry: Registry, text: str, families: list[str],
                                                                    title: str, pages: str) -> None:
    from refcli.parsers.note import _read_short_form

    c = _read_short_form(text, 0, len(text), registry)
    assert c is not None
    assert ([a.family for a in c.authors], c.title, c.pages, c.short_form) == (families, title, pages, True)
    assert text[c.start : c.end] == c.raw


@pytest.mark.parametrize("text", [
    "Moscow, Progress, 1975.",          # a place and a year
    "Kennan, March 3, 1950.",           # a date
    "GARF, Some Fond, 45.",             # an archive's acronym
    "Smith, Ibid, 4.",
    "He wrote to Smith, who answered at once, 4 times.",
])
def test_no_short_form_in_what_is_not_one(registry: Registry, text: str) -> None:
    from refcli.parsers.note import _read_short_form

    assert _read_short_form(text, 0, len(text), registry) is None


@pytest.mark.parametrize(("text", "title", "volume", "editor", "pages"), [
    ("Dnevniki II, p. 8. This railway worker saw nothing of it.", "Dnevniki", "II", None, "8"),
    ("Harvey (ed.), p. 70", None, None, "Harvey", "70"),
    ("Kak eto bylo, pp. 12-14.", "Kak eto bylo", None, None, "12-14"),
])
def test_a_title_or_an_editor_and_a_page_is_a_short_form(registry: Registry, text: str, title: str | None,
                                                         volume: str | None, editor: str | None, pages: str) -> None:
    from refcli.parsers.note import _read_short_form

    c = _read_short_form(text, 0, len(text), registry)
    assert c is not None
    assert (c.kind, c.title, c.volume, c.pages, c.short_form) == ("book", title, volume, pages, True)
    assert [p.family for p in c.editors] == ([editor] if editor else [])


@pytest.mark.parametrize("text", ["See p. 5.", "GARF, p. 5.", "Dnevniki II, p. 8 of the diary, as he says."])
def test_no_title_and_page_short_form_in_what_is_not_one(registry: Registry, text: str) -> None:
    from refcli.parsers.note import _read_short_form

    assert _read_short_form(text, 0, len(text), registry) is None


@pytest.mark.parametrize(("text", "kind"), [
    ("Hale, ‘The Winter Palace Ball,’ 41.", "article"),
    ("Catterall, Macmillan Diaries, 111, 114–15.", "book"),
])
def test_a_short_title_in_quotes_is_a_parts(registry: Registry, text: str, kind: str) -> None:
    from refcli.parsers.note import parse_note

    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.short_form) == (kind, True)


@pytest.mark.parametrize(("text", "raws"), [
    # a documentary series' letters, appendices, editorial notes and volumes
    ("See Letters 41 and 42.", ["Letters 41 and 42"]),
    ("Letter 77.", ["Letter 77"]),
    ("See Appendix II in Volume VII.", ["Appendix II in Volume VII"]),
    ("The agreement is printed in Volume VII, Appendix III.", ["Volume VII, Appendix III"]),
    ("See editorial note ‘The Trade Talks of 1951’.", ["editorial note ‘The Trade Talks of 1951’"]),
    ("For the talks on Egypt, see volume ix.", ["volume ix"]),
    # one reference, however many documents and notes it joins, with its volume
    ("See Volume VI, Document 12 and note 3 to Document 15.", ["Volume VI, Document 12 and note 3 to Document 15"]),
    ("See Volume VI, Documents 40, note 2, and 51, note 1.", ["Volume VI, Documents 40, note 2, and 51, note 1"]),
    ("For an earlier exchange see Documents 310 and 312, Volume VI.", ["Documents 310 and 312, Volume VI"]),
])
def test_a_series_cross_reference_is_one_other(registry: Registry, text: str, raws: list[str]) -> None:
    from refcli.parsers.note import parse_note

    got = parse_note(text, registry).citations
    assert [(c.kind, c.raw) for c in got] == [("other", r) for r in raws]


def test_a_volume_in_a_files_name_is_no_cross_reference(registry: Registry) -> None:
    from refcli.parsers.note import parse_note

    text = "[Source: Johnson Library, National Security File, Agency File, Volume I. Secret.]"
    assert "other" not in [c.kind for c in parse_note(text, registry).citations]
