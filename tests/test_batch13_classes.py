"""Classes of reference read from the notes of batch 13 (sealed, scored once, then moved to
corpus/dev): author–date references in square brackets, as Russian scholarly notes and
translations into Russian write them ("[Apter, Saich 1994: 49–54]"); "Он." for "Оп." in a
Cyrillic shelfmark; the levels of a shelfmark in brackets after the archive ("ОР ГБЛ (ф.
562)"); a book's own archive abbreviation before a box with its folder in brackets ("H/NSA, Box
160 (UGEMA Post-Independence)"); the Russian chapter form with "В кн.:" / "В сб.:"; a GOST
author before a title with a comma in it; and "Quoted in" before an author whose book's title
ends with a name. The strings are written in the forms those notes use. Each class test fails
on the code before this change; the guards pass on both."""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note
from refcli.registry import Registry

from .test_batch8_classes import _resolved
from .test_batch9_classes import _one

# -- author–date references in square brackets -------------------------------------------------


def test_a_bracketed_group_of_author_dates_is_one_short_form_each(registry: Registry) -> None:
    """Only the last of the group was read, and with the wrong year."""
    cs = parse_note("Кампания против критиков описана у [Cheek 1984: 37–44; Goldman 1967: 32–50; "
                    "Benton, Hunter 1995: 69–83].", registry).citations
    assert [([p.family for p in c.authors], c.year, c.pages, c.short_form) for c in cs] == [
        (["Cheek"], "1984", "37-44", True),
        (["Goldman"], "1967", "32-50", True),
        (["Benton", "Hunter"], "1995", "69-83", True),  # two family names, not "Hunter Benton"
    ]


@pytest.mark.parametrize(("text", "families", "year", "pages", "et_al"), [
    ("[Selden 1971] был одним из первых влиятельных источников такого подхода.", ["Selden"], "1971", None, False),
    ("См. также [Friedman et al. 1991: 44–51].", ["Friedman"], "1991", "44-51", True),
    ("[van de Ven 2011] анализирует источники этих предубеждений.", ["van de Ven"], "2011", None, False),
    ("Об этом см. [Иванов, 2005, с. 34].", ["Иванов"], "2005", "34", False),
    ("Этот раздел основан на [Сидоров и Павлов 1999: 5].", ["Сидоров", "Павлов"], "1999", "5", False),
])
def test_an_author_date_in_square_brackets(text: str, families: list[str], year: str, pages: str | None,
                                           et_al: bool, registry: Registry) -> None:
    c = _one(text, registry)
    assert ([p.family for p in c.authors], c.year, c.pages, c.et_al, c.short_form) == \
        (families, year, pages, et_al, True)


@pytest.mark.parametrize("text", [
    "Письмо датировано задним числом [August 1989].",   # a month
    "Издание вышло позже [Moscow 1998].",               # a city
])
def test_a_date_in_square_brackets_is_no_author(text: str, registry: Registry) -> None:
    assert not any(c.authors for c in parse_note(text, registry).citations)


def test_an_ibid_after_a_bracketed_author_date_points_to_it(registry: Registry) -> None:
    """The note was read as nothing, so the Ibid. after it skipped back a note."""
    got = _resolved(["Последующие абзацы основаны на [MacFarquhar, Schoenhals 2006: 133–135].",
                     "Последующие абзацы основаны на данных из [Walder 2009: 186–200].",
                     "Этот раздел основан на [Ibid.: 203–217]."], registry)
    assert got[2] == [("ibid", 2)]


# -- shelfmarks --------------------------------------------------------------------------------


def test_on_for_op_in_a_cyrillic_shelfmark_is_read_and_reported(registry: Registry) -> None:
    """"Он." (OCR of "Оп.") ended the shelfmark after its fond."""
    parsed = parse_note("РГАЛИ. Ф. 3019. Он. 1.Д. 12. Л. 8–9.", registry)
    (c,) = parsed.citations
    assert (c.archive, c.fond, c.opis, c.delo, c.leaves) == ("RGALI", "3019", "1", "12", "8-9")
    assert [s.code for s in parsed.slips] == ["shelfmark-typo"]
    assert "'Он.' read as 'op.'" in parsed.slips[0].message


def test_the_pronoun_on_is_no_opis(registry: Registry) -> None:
    assert parse_note("Он. 5 страниц написал в тот вечер.", registry).citations == ()


def test_levels_in_brackets_after_the_archive(registry: Registry) -> None:
    """"ОР ГБЛ (ф. 562)": the archive was not joined to the fond inside the brackets."""
    cs = parse_note("Цитируется по альбому прессы, составленному Булгаковым. – ОР ГБЛ (ф. 562).", registry).citations
    assert [(c.kind, c.archive, c.fond) for c in cs] == [("archival", "NIOR RGB", "562")]


def test_a_books_own_abbreviation_before_a_box_with_its_folder(registry: Registry) -> None:
    """Nothing was read, and the Ibid. after the note skipped back to an earlier one."""
    c = _one("H/NSA, Box 160 (UGEMA Post-Independence), November 26, 1962, Emmerson to Hoffman re Don "
             "Smith travel.", registry)
    assert (c.kind, c.collection, c.box, c.folder) == ("archival", "H/NSA", "160", "UGEMA Post-Independence")
    got = _resolved(["Paris Conference, November 3, 1962.",
                     "W/NSA, Box 22 (Shaul Dayfile), May 27, 1963, Shaul to Abrams.", "Ibid."], registry)
    assert got[2] == [("ibid", 2)]


# -- Russian chapters and GOST names -----------------------------------------------------------


@pytest.mark.parametrize(("text", "family", "title", "container"), [
    ("Каверин В. А. Заметки о драматургии Булгакова. — В кн.: Булгаков М. Драмы и комедии. — М.: "
     "Искусство, 1965, с. 10.", "Каверин", "Заметки о драматургии Булгакова", "Драмы и комедии"),
    ("В. С. Зайцев. Непокоренная Гдовщина. В кн.: \"Горят костры партизанские\", стр. 82.",
     "Зайцев", "Непокоренная Гдовщина", "Горят костры партизанские"),
    ("Н. В. Тимофеев-Ресовский. Из истории диалога биологов и физиков. В кн.: Воспоминания о И. Е. "
     "Тамме. Изд. \"Наука\", М., 1981, стр. 1.", "Тимофеев-Ресовский", "Из истории диалога биологов и физиков",
     "Воспоминания о И. Е. Тамме"),
])
def test_the_russian_chapter_form_in_a_book(text: str, family: str, title: str, container: str,
                                           registry: Registry) -> None:
    """Read as one book (the chapter's title and the book's run together, or the book's author
    taken for the chapter's), or as the book alone."""
    c = _one(text, registry)
    assert (c.kind, [p.family for p in c.authors], c.title, c.container) == ("chapter", [family], title, container)


def test_a_name_opening_the_books_title_is_not_its_author(registry: Registry) -> None:
    c = _one("Петров А. (Горький о Булгакове). — В кн.: М. Горький и русская литература. Горький, 1970, с. 5.",
             registry)
    assert (c.container or "").startswith("М. Горький и русская литература")


@pytest.mark.parametrize("text", [
    "Друскин М. Исследования, воспоминания. Л.; М., 1977. С. 245.",
    "Цит. по: Друскин М. Исследования, воспоминания. Л.; М., 1977. С. 245.",
])
def test_a_gost_author_before_a_title_with_a_comma(text: str, registry: Registry) -> None:
    """"Исследования, воспоминания" was read as the person "Исследования, Друскин М."."""
    c = _one(text, registry)
    assert ([p.family for p in c.authors], c.title) == (["Друскин"], "Исследования, воспоминания")


# -- lead-ins ----------------------------------------------------------------------------------


def test_quoted_in_before_an_author_and_a_title_ending_with_a_name(registry: Registry) -> None:
    """"Quoted in John L. Cobbs" was taken for a title written before its author."""
    c = _one("Quoted in John L. Cobbs, Understanding John Le Carré (Columbia: University of South Carolina "
             "Press, 1998), p. 12.", registry)
    assert ([p.family for p in c.authors], c.title) == (["Cobbs"], "Understanding John Le Carré")


def test_a_title_before_its_author_still_reads(registry: Registry) -> None:
    c = _one("Thirteen Years at the Russian Court, Pierre Gilliard (Hutchinson, 1921), p.65.", registry)
    assert ([p.family for p in c.authors], c.title) == (["Gilliard"], "Thirteen Years at the Russian Court")


# -- dev classes found beside batch 13 ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Memorandum, March 3, 1950, 661.00/3-350, RG 59, Central Decimal File 1950–54, box 3009.",
    "National Records Center (NRC), Record Group (RG) 338, Korean Military Advisor Group (KMAG) file, box 5418.",
])
def test_a_record_group_or_the_decimal_file_is_held_by_nara(text: str, registry: Registry) -> None:
    """Only the U.S. National Archives hold them; the note did not name it, and it was read
    as an archival reference of no archive."""
    (c,) = [c for c in parse_note(text, registry).citations if c.kind == "archival"]
    assert c.archive == "NARA"


def test_a_record_group_beside_another_archive_leaves_it(registry: Registry) -> None:
    cs = parse_note("Acheson to Truman, May 2, 1950, Acheson Papers, box 65, HSTL; cf. RG 59.", registry).citations
    assert "NARA" not in [c.archive for c in cs if c.kind == "archival"]


def test_a_title_does_not_run_over_a_semicolon_into_the_next_short_form(registry: Registry) -> None:
    cs = parse_note("Kennedy, Rise and Fall of the Great Powers; Howard, Continental Commitment.", registry).citations
    assert [([p.family for p in c.authors], c.title) for c in cs] == [
        (["Kennedy"], "Rise and Fall of the Great Powers"), (["Howard"], "Continental Commitment")]


def test_names_with_pages_joined_by_and_are_two_short_forms(registry: Registry) -> None:
    """Read as one short form of Buxhoeveden with Mouchanow's pages."""
    cs = parse_note("Buxhoeveden, p. 69, and Mouchanow, pp. 54–5, record the efforts the empress was making "
                    "to disguise, in public, her tearful private feelings.", registry).citations
    assert [([p.family for p in c.authors], c.title, c.pages) for c in cs] == [
        (["Buxhoeveden"], None, "69"), (["Mouchanow"], None, "54-5")]


def test_a_sentence_that_is_a_name_and_pages_after_a_shelfmark(registry: Registry) -> None:
    """"Larina, pp. 65, 142." was left as an unparsed fragment."""
    cs = parse_note("RGASPI 558.11.1549.40, Nadya to Keke Djugashvili 12 March 1932. Larina, pp. 65, 142. "
                    "Bukharin’s influence and Yenukidze: MR, p. 173.", registry).citations
    assert [(c.kind, [p.family for p in c.authors], c.pages) for c in cs[:2]] == [
        ("archival", [], None), ("book", ["Larina"], "65, 142")]


def test_a_short_form_before_a_sentence_of_commentary(registry: Registry) -> None:
    """Nothing was read, so the Ibid. notes after it went to the note before."""
    got = _resolved(["Shankovs’kyi, Pokhidni hrupy, 169, 172.",
                     "Dobrovol’s’kyi, OUN na Donechchyni, 226. In addition, she continued, her husband enjoyed "
                     "the trust of the German authorities.",
                     "Ibid., 218, 231."], registry)
    assert got[1:] == [[("book", None)], [("ibid", 2)]]
