"""Classes of reference read from the notes of batch 19 (sealed, scored once, then moved to
corpus/dev): the State Department's decimal files cited by "File No." as the older FRUS
volumes print them, a British library's "Additional Manuscripts" after its acronym, a letters
archive named by its acronym last after a letter or a date, a reference joined on with "and"
after an archive's name, and, in the text reader, a date wrapped onto a line of its own. The
strings are written in the forms those notes use, with other names, titles and numbers. Each
class test fails on the code before this change; the guards mark the repair's limits."""

from __future__ import annotations

import pytest

from refcli.checks import check_shelfmarks
from refcli.model import Document, Note
from refcli.parsers.note import parse_note
from refcli.readers.text import read_text_notes
from refcli.registry import Registry


def _archival(text: str, registry: Registry) -> list[tuple]:
    return [(c.kind, c.archive, c.shelfmark) for c in parse_note(text, registry).citations]


# -- "File No." -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shelfmark"), [
    ("File No. 711.61/118", "711.61/118"),
    ("File No. 033.6111/29a", "033.6111/29a"),
    ("File Nos. 861.00/1520, 861.00/1534.", "861.00/1520, 861.00/1534"),
])
def test_a_file_number_alone_is_a_state_department_file(text: str, shelfmark: str, registry: Registry) -> None:
    assert _archival(text, registry) == [("archival", "Department of State", f"Department of State, {shelfmark}")]


@pytest.mark.parametrize("number", ["861.77/402", "760d.61/402"])
def test_a_file_number_inside_commentary_is_read(number: str, registry: Registry) -> None:
    text = ("In a despatch of Mar. 2, not printed, the Minister enclosed a translation of the "
            f"note (File No. {number}).")
    assert ("archival", "Department of State", f"Department of State, {number}") in _archival(text, registry)


def test_an_unnamed_collection_is_reported_as_naming_no_archive(registry: Registry) -> None:
    text = "Kennan Papers, box 23, folder 4."
    note = parse_note(text, registry)
    doc = Document(source="t", notes=(Note(n=1, text=text, citations=note.citations),))
    (finding,) = check_shelfmarks(doc, registry)
    assert finding.code == "shelfmark-incomplete"
    assert "names no archive" in finding.message


def test_a_file_number_word_without_its_number_is_no_file(registry: Registry) -> None:
    assert all(c.kind != "archival" for c in parse_note("See the file no. 3 above.", registry).citations)


# -- "CUL Add 9429/…" -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "archive", "shelfmark"), [
    ("Alan Brooke, letter to Peter Fleming, 3 Mar. 1975, CUL Add 8120/3B/41.", "CUL", "CUL, Add 8120/3B/41"),
    ("Peter Fleming, ‘Notes on Riga’, CUL Add. 8120/3B/12 (ii).", "CUL", "CUL, Add. 8120/3B/12 (ii)"),
    ("Memorandum, 1911, BL Add MS 52301, f. 14.", "BL", "BL, Add MS 52301, f. 14"),
])
def test_additional_manuscripts_after_a_librarys_acronym(text: str, archive: str, shelfmark: str,
                                                        registry: Registry) -> None:
    (c,) = [c for c in parse_note(text, registry).citations if c.kind == "archival"]
    assert (c.archive, c.shelfmark) == (archive, shelfmark)


def test_cul_alone_in_prose_is_no_archive(registry: Registry) -> None:
    # the acronym without a manuscript number, a letter or a date before it names nothing
    assert all(c.archive != "CUL" for c in parse_note("The CUL copy was lost.", registry).citations)


# -- an acronym named last after a letter or a date --------------------------------------------


@pytest.mark.parametrize("text", [
    "Elena, letter to Kerensky, HIA. Undated: probably early June 1917.",
    "Elena, letter to Kerensky, 14 Jun. 1917, HIA.",
])
def test_a_letters_archive_named_last_by_its_acronym(text: str, registry: Registry) -> None:
    assert [(c.kind, c.archive) for c in parse_note(text, registry).citations][:1] == [("archival", "HIA")]


def test_an_acronym_after_a_number_that_is_no_year_is_not_taken_alone(registry: Registry) -> None:
    # "tape 28, HIA": the number is a level of the collection before it, not a date; the
    # acronym is not read as a reference of its own with nothing in it
    got = [(c.kind, c.archive, c.shelfmark) for c in
           parse_note("Photograph album, box 4, tape 28, HIA.", registry).citations]
    assert ("archival", "HIA", "HIA") not in got


def test_a_reference_joined_on_after_an_archive_is_its_own(registry: Registry) -> None:
    text = ("Olga, letter to Gorky, 2 Feb. 1921, RBML, and Serge, Memoirs of a Revolutionary, p. 77.")
    got = [(c.kind, c.archive, tuple(a.family for a in c.authors), c.pages)
           for c in parse_note(text, registry).citations]
    assert got == [("archival", "RBML", (), None), ("book", None, ("Serge",), "77")]


# -- a date wrapped onto its own line ----------------------------------------------------------


def test_a_date_wrapped_onto_a_line_is_not_a_note_number() -> None:
    text = ("20 Crane, The Road to Riga, p. 83.\n"
            "21 Elena, letter to Kerensky, HIA. Undated.\n"
            "22 Elena, letter to Kerensky, HIA. Undated: probably 22 or\n"
            "23 May 1917.\n"
            "23 Elena, letter to Kerensky, HIA. Undated: probably 22 or\n"
            "23 May 1917; and letter to Kerensky, LL.\n"
            "24 Crane, The Road to Riga, p. 102.\n"
            "25 Ibid., p. 104.\n")
    result = read_text_notes(text, "t")
    assert [n.n for n in result.notes] == [20, 21, 22, 23, 24, 25]
    assert result.notes[2].text.endswith("probably 22 or 23 May 1917.")


def test_a_day_and_month_after_a_name_is_no_displaced_number() -> None:
    text = ("11 Hoare, letter to Cumming, HIA.\n"
            "12 Moura Budberg file: Boyce, letter to Maj. Spencer,\n"
            "Passport Control Office, London, 10 Jun. 1929.\n"
            "\nChapter 4\n\n"
            "14 Budberg file, note, 12 Aug. 1941.\n"
            "15 Budberg file, minute sheet, 17 Jul. 1941.\n"
            "16 Lockhart, diary, 24 Jun. 1941.\n")
    assert [n.n for n in read_text_notes(text, "t").notes] == [11, 12, 14, 15, 16]


def test_a_month_and_its_day_wrapped_to_a_line_start_is_no_displaced_number() -> None:
    # the FRUS editors' "Makarios' February 4 statement", wrapped: a date, not note 4
    text = ("1 Source: Department of State, Central Files, POL 23-8 CYP.\n"
            "Confidential; Flash.\n"
            "2 In a February 2 statement to the conference, he said so.\n"
            "For text of\n"
            "Makarios' February 4 statement, see American Foreign Policy:\n"
            "Current Documents, 1964, p. 557.\n"
            "\nChapter 9\n\n"
            "1 Source: Department of State, Central Files, POL 23-8 CYP.\n"
            "2 Telegram 1184, February 10, reported Ball's view.\n")
    assert [n.n for n in read_text_notes(text, "t").notes] == [1, 2, 1, 2]


# -- "Namier. Europe, S. 260." -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "family", "title", "pages"), [
    # a one-word title: the name was read as a given name and the title as the family name
    ("Toscano. Origins, S. 12.", "Toscano", "Origins", "12"),
    ("Hofer. Entfesselung, S. 71.", "Hofer", "Entfesselung", "71"),
    ("Sontag. Germany, S. 34.", "Sontag", "Germany", "34"),
    # the title a city's name: read as the imprint
    ("Ribbentrop. London, S. 181.", "Ribbentrop", "London", "181"),
    # the name read into the title
    ("Андросов. Накануне..., с. 106.", "Андросов", "Накануне", "106"),
    # guards: longer titles were read right before
    ("Hassell. Vom andern Deutschland, S. 92.", "Hassell", "Vom andern Deutschland", "92"),
    ("Майский. Воспоминания..., с. 48.", "Майский", "Воспоминания", "48"),
])
def test_a_family_name_a_stop_and_a_short_title(text: str, family: str, title: str, pages: str,
                                                registry: Registry) -> None:
    (c,) = parse_note(text, registry).citations
    assert ([p.family for p in c.authors], c.title, c.pages, c.short_form) == ([family], title, pages, True)


@pytest.mark.parametrize(("text", "family"), [
    ("Майский И. М. Воспоминания советского дипломата. М., 1971. С. 48.", "Майский"),
    ("Namier L. Europe in Decay. London, 1950. P. 260.", "Namier"),
])
def test_a_name_with_initials_keeps_its_full_reference(text: str, family: str, registry: Registry) -> None:
    (c,) = parse_note(text, registry).citations
    assert c.authors[0].family == family
    assert c.year is not None
    assert not c.short_form
