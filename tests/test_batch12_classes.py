"""Classes of reference read from the notes of batch 12 (sealed, scored once, then moved to
corpus/dev): Western names written family name first in Russian bibliographies ("Kotkin
Stephen."), a co-author whose family name ends like a patronymic ("Mark Rascovich"), a serial
list of single family names ("Goncharov, Lewis, and Xue"), several files of one opis in GOST
order ("Д. 789. Лл. 8–9. Д. 790. Л. 43"), a GOST list of Latin names with a hyphenated
one ("Overland I., Berg-Nordlie M."), a fond numbered with a leading zero ("ф. 0-116"), the
USSR defence ministry's archive by its short name, and an op. cit. that stands for a
publication rather than an interview with its author. The strings are written in the forms
those notes use. Each class test fails on the code before this change; the guards (names in
their usual order, titles before a name, a serial list in bibliography order) pass on both."""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note
from refcli.parsers.people import parse_people
from refcli.registry import Registry

from .test_batch8_classes import _resolved
from .test_batch9_classes import _one

# -- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "family"), [
    ("Kotkin Stephen. Magnetic Mountain: Stalinism as a Civilization. — Berkeley: University of "
     "California Press, 1995. — P. 225-230.", "Kotkin"),
    ("Boym Svetlana. Common Places: Mythologies of Everyday Life in Russia. — Cambridge, Mass.: "
     "Harvard University Press, 1994. — P. 123.", "Boym"),
])
def test_a_western_name_written_family_first_keeps_its_family_name(text: str, family: str,
                                                                    registry: Registry) -> None:
    """The given name ("Stephen") was taken for the family name."""
    c = _one(text, registry)
    assert [p.family for p in c.authors] == [family]


@pytest.mark.parametrize(("text", "family"), [
    ("Enno Rudolph,", "Rudolph"),          # a given name the lexicon lacks, then one it has
    ("Sir Kenneth Strong,", "Strong"),     # a title before the name
    ("Count Paul Benckendorff.", "Benckendorff"),
    ("Lorna Arnold,", "Arnold"),
])
def test_a_name_in_its_usual_order_is_not_turned_round(text: str, family: str) -> None:
    assert [p.family for p in parse_people(text).persons] == [family]


def test_a_family_name_ending_like_a_patronymic_after_a_given_name(registry: Registry) -> None:
    """"Mark Rascovich" was read as Rascovich's given name and Mark's family name."""
    c = _one("Lloyd M. Bucher and Mark Rascovich, Bucher: My Story (Doubleday & Co., Inc., Garden "
             "City, New York, 1970), 263.", registry)
    assert [p.family for p in c.authors] == ["Bucher", "Rascovich"]


def test_a_serial_list_of_single_names_is_a_list_of_family_names(registry: Registry) -> None:
    """"Lewis" (a given name too) was taken for Goncharov's given name."""
    c = _one("Goncharov, Lewis, and Xue, Uncertain Partners, 144.", registry)
    assert [p.family for p in c.authors] == ["Goncharov", "Lewis", "Xue"]


def test_a_serial_list_in_bibliography_order_keeps_the_given_name() -> None:
    got = parse_people("Brzezinski, Zbigniew, and Samuel Huntington,").persons
    assert [(p.family, p.given) for p in got] == [("Brzezinski", "Zbigniew"), ("Huntington", "Samuel")]


# -- shelfmarks --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ГА РФ. Ф. 5881. Оп. 2. Д. 789. Лл. 8–9. Д. 790. Л. 43;",
    "ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101 об. Д. 790. Л. 43.",
])
def test_another_file_of_the_opis_after_a_full_stop_is_a_second_reference(text: str,
                                                                          registry: Registry) -> None:
    """The second file, after ". ", was dropped."""
    got = parse_note(text, registry).citations
    assert [(c.archive, c.opis, c.delo, c.leaves) for c in got][1:] == [("GARF", got[0].opis, "790", "43")]
    assert len(got) == 2
    assert got[0].fond == got[1].fond


def test_a_fond_with_a_leading_zero(registry: Registry) -> None:
    c = _one("ЛПА, ф. 0-116, оп. 1, д. 27, л. 17.", registry)
    assert (c.fond, c.opis, c.delo, c.leaves) == ("0-116", "1", "27", "17")


def test_the_ussr_defence_ministry_archive_by_its_short_name(registry: Registry) -> None:
    c = _one("Архив МО СССР, ф. 217, оп. 1217, д. 27, л. 38.", registry)
    assert (c.archive, c.fond, c.leaves) == ("TsAMO", "217", "38")


# -- back-references ---------------------------------------------------------------------------


def test_an_op_cit_stands_for_the_publication_not_the_interview(registry: Registry) -> None:
    """With an interview of Bucher and Bucher's memoir before it, "Bucher, op. cit." was
    ambiguous (and its likeliest target the interview)."""
    got = _resolved([
        "Profound sense of shame: Author interview with Lloyd M. Bucher.",
        "Lloyd M. Bucher and Mark Rascovich, Bucher: My Story (Doubleday & Co., Inc., Garden City, "
        "New York, 1970), 263.",
        "Scowling grimly: The Rules of Life are quoted in Bucher, op. cit., 281.",
        "Stepped into a sunken tub: Ibid., 284.",
    ], registry)
    assert got[2] == [("op_cit", 2)]
    assert got[3] == [("ibid", 2)]


def test_a_gost_list_of_latin_names_with_a_hyphenated_family_name(registry: Registry) -> None:
    """"Berg-Nordlie M." was read as the start of the title."""
    c = _one("Overland I., Berg-Nordlie M. Bridging Divides. P. 41–43.", registry)
    assert ([p.family for p in c.authors], c.title, c.pages) == (["Overland", "Berg-Nordlie"], "Bridging Divides",
                                                                 "41-43")
