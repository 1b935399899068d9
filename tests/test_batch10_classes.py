"""Classes of reference read from the notes of batch 10 (sealed, scored once, then moved to
corpus/dev): a GOST op. cit. with the author's initials, a GOST pair of authors whose second
the labeller left unread, East Asian names written family name first (a hyphenated given name,
Wade-Giles, lists), Russian files numbered with "№" after the opis or as an investigation
file, an opis kept by year and part, the St. Petersburg branch of the Academy's archive, a
documentary edition's source note that names a collection without numbers, and a weekly with
its volume before the date in brackets. The strings are written in the forms those notes use.
Each class test fails on the code before this change; the guards (Western names that are East
Asian family names too, a newspaper's issue number, a source note whose box comes after a title
with full stops in it) and "Kim Dae-jung", which was read before, pass on both."""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note
from refcli.parsers.people import parse_people
from refcli.registry import Registry

from .test_batch8_classes import _resolved
from .test_batch9_classes import _one

# -- GOST ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Бурдин Л. М. Указ. соч., с. 155.", "Бурдин Л.М. Указ. соч. С. 155."])
def test_a_gost_op_cit_keeps_its_author_with_initials(text: str, registry: Registry) -> None:
    """The labeller read the initials "Л. М." as a city ("М." is Moscow in an imprint)
    and the op. cit. lost its author."""
    c = _one(text, registry)
    assert (c.kind, [p.family for p in c.authors], c.pages) == ("op_cit", ["Бурдин"], "155")


def test_an_op_cit_of_an_author_not_cited_before_stays_unresolved(registry: Registry) -> None:
    """With its author read, the op. cit. no longer falls back on the note before it, a work by
    someone else."""
    got = _resolved(["Краснов В. Неизвестный Троцкий. М., 2000. С. 345.",
                     "Бурдин Л. М. Указ. соч., с. 155."], registry)
    assert got[1] == [("op_cit", None)]


def test_a_gost_pair_of_authors_keeps_the_second(registry: Registry) -> None:
    c = _one("Краснов В., Дайнес В. Неизвестный Троцкий. М., 2000, с. 345.", registry)
    assert ([p.family for p in c.authors], c.title) == (["Краснов", "Дайнес"], "Неизвестный Троцкий")


# -- East Asian names -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "family"), [
    ("Yun Ki-bon", "Yun"),
    ("Koh Chik-mann", "Koh"),
    ("Chiang Kai-shek", "Chiang"),
    ("Kim Dae-jung", "Kim"),
    ("Lee Kuan Yew", "Lee"),
    ("Tak Jin", "Tak"),
])
def test_east_asian_names_are_written_family_name_first(name: str, family: str) -> None:
    (p,) = parse_people(name).persons
    assert p.family == family


@pytest.mark.parametrize(("name", "family"), [
    ("Kim Philby", "Philby"), ("Lee Hamilton", "Hamilton"), ("Lee Smith", "Smith"), ("Jean-Paul Sartre", "Sartre"),
])
def test_western_names_that_start_with_an_east_asian_family_name_stay_western(name: str, family: str) -> None:
    (p,) = parse_people(name).persons
    assert p.family == family


def test_a_list_of_east_asian_authors(registry: Registry) -> None:
    """The labeller read the first author and left the others in the title."""
    c = _one("Tak Jin, Kim Gang Il and Pak Hong Je, Great Leader Kim Jong Il, vol. I, p. 22.", registry)
    assert ([p.family for p in c.authors], c.title) == (["Tak", "Kim", "Pak"], "Great Leader Kim Jong Il")


# -- Russian archives ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "fields"), [
    # a file numbered "№" right after the opis (the Academy's archives)
    ("ПФА РАН. Ф. 75. Оп. 1. № 138. Л. 30-34.", ("SPbF ARAN", "75", "1", "138", "30-34")),
    # the police department's opis kept by year, with its part, before the file
    ("ГА РФ. Ф. 102 (ДП ОО). Оп. 316. 1904 (I). Д. 1, ч. 3. Л. 193—193 об.", ("GARF", "102", "316", "1", "193-193ob")),
    ("ГАРФ. Ф. 102. Оп. 316. 1905. Д. 210. Л. 43—43 об.", ("GARF", "102", "316", "210", "43-43ob")),
    ("СПбФ АРАН. Ф. 2. Оп. 1. № 5. Л. 7.", ("SPbF ARAN", "2", "1", "5", "7")),
])
def test_russian_files_by_number_and_by_year(text: str, fields: tuple, registry: Registry) -> None:
    c = _one(text, registry)
    assert (c.archive, c.fond, c.opis, c.delo, c.leaves) == fields


def test_an_investigation_file_by_its_number(registry: Registry) -> None:
    """"АСД № Р–34523": the archival investigation file of the security service's archive."""
    c = next(c for c in parse_note("ЦА ФСБ РФ, АСД № Р–34523 на Гриневича Е. К., л. 6.", registry).citations
             if c.kind == "archival")
    assert (c.archive, c.delo) == ("TsA FSB", "r-34523")


def test_a_newspaper_issue_number_is_no_file(registry: Registry) -> None:
    cites = parse_note("РГАСПИ. Ф. 17. Оп. 3. Д. 5. Л. 1; Известия. 1937. № 12.", registry).citations
    assert [(c.kind, c.delo) for c in cites] == [("archival", "5"), ("article", None)]


# -- documentary editions' source notes --------------------------------------------------------------

@pytest.mark.parametrize(("text", "archive", "collection"), [
    ("Source: Eisenhower Library, Project Clean Up. Confidential.", "DDEL", "Project Clean Up"),
    ("Source: Eisenhower Library, Project Clean Up. Top Secret. Prepared by Gray on July 16.", "DDEL",
     "Project Clean Up"),
])
def test_a_source_note_names_a_collection_without_numbers(text: str, archive: str, collection: str,
                                                          registry: Registry) -> None:
    c = _one(text, registry)
    assert (c.kind, c.archive, c.collection) == ("archival", archive, collection)


def test_a_source_note_keeps_its_box_after_a_title_with_full_stops(registry: Registry) -> None:
    c = _one("Source: Johnson Library, National Security File, Subject File, U.S. Draft Non-Proliferation "
             "Treaty, Box 27. Confidential.", registry)
    assert (c.archive, c.collection, c.box) == ("LBJL", "National Security File", "27")


def test_a_weekly_with_its_volume_before_the_date(registry: Registry) -> None:
    """"Department of State Bulletin 75 (July 5, 1976), 4.": the archive's name in the paper's
    made the labeller read a document; nothing was read at all."""
    c = _one("Kissinger speech: Department of State Bulletin 75 (July 5, 1976), 4.", registry)
    assert (c.kind, c.container, c.volume, c.year, c.pages) == (
        "article", "Department of State Bulletin", "75", "1976", "4")
