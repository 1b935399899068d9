"""Classes of reference read from the notes of batch 9 (sealed, scored once, then moved to
corpus/dev): newspapers cited by writer, name and date; GOST lists of authors and a one-word
title after a single initial; a locator alone after a semicolon; a misspelt name before "op.
cit."; a short title with a comma in it; a chapter's locator and an edited book's subtitle in
short forms; a second letter of the same archival unit; boxes written "box no."; an archive
named twice in a row; archives added to the registry; interviews, conversations, letters and
speeches with a date. The strings are written in the forms those notes use. Each class test
fails on the code before this change; the guards (a letter that is no newspaper, a title of
places that is no list of authors, a key phrase with "and" in it, a unit with no document of
its own, a letter placed by an archive's acronym, a city before a page) and one of the GOST
periodicals, which the labeller already read, pass on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcli.model import Document, Note
from refcli.parsers.note import parse_note
from refcli.registry import Registry
from refcli.resolver import resolve

from .test_batch8_classes import _resolved

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load(ROOT / "archives.json")


def _one(text: str, reg: Registry):
    (c,) = parse_note(text, reg).citations
    return c


# -- newspapers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "families", "paper", "date"), [
    ("Michael Freedman, Forbes, 23 May 2005.", ["Freedman"], "Forbes", "2005-05-23"),
    ("Oliver Harvey and Nick Parker, Sun, 16 March 2007.", ["Harvey", "Parker"], "Sun", "2007-03-16"),
    ("P. Gumbel, Time, 2 November 2003.", ["Gumbel"], "Time", "2003-11-02"),
    ("Kommersant, 16 November 1995.", [], "Kommersant", "1995-11-16"),
    ("«Правда» от 15-го марта 1946 года.", [], "Правда", "1946-03-15"),
])
def test_a_newspaper_by_writer_name_and_date(text: str, families: list[str], paper: str, date: str,
                                             reg: Registry) -> None:
    c = _one(text, reg)
    assert (c.kind, [p.family for p in c.authors], c.container, c.date, c.year) == (
        "article", families, paper, date, date[:4])


def test_a_letter_with_a_date_is_no_newspaper(reg: Registry) -> None:
    """"Kennan to Acheson, March 3, 1950": no writer's given name, no periodical's word."""
    assert all(c.kind != "article" for c in parse_note("Kennan to Acheson, March 3, 1950.", reg).citations)


# -- GOST authors ---------------------------------------------------------------------------

def test_every_author_of_a_gost_list(reg: Registry) -> None:
    c = _one("Дзенискевич А.Р., Ковальчук В.М., Соболев Г.Л., Цамутали А.И., Шишкин В.А. "
             "Непокоренный Ленинград. Л., 1985. С. 12.", reg)
    assert [p.family for p in c.authors] == ["Дзенискевич", "Ковальчук", "Соболев", "Цамутали", "Шишкин"]
    assert c.authors[2].given == "Г. Л."
    assert c.title == "Непокоренный Ленинград"


@pytest.mark.parametrize(("text", "family", "title"), [
    ("Суходеев В. Сталин. Военный гений. М.: ОЛМА-ПРЕСС, 2005.", "Суходеев", "Сталин. Военный гений"),
    ("См.: Горьков Ю. Кремль. Ставка. Генштаб. Тверь: РИФ ЛТД, 1995. С. 138.", "Горьков", "Кремль. Ставка. Генштаб"),
])
def test_a_one_word_title_after_a_single_initial_is_no_name(text: str, family: str, title: str,
                                                             reg: Registry) -> None:
    c = _one(text, reg)
    assert ([p.family for p in c.authors], c.title) == ([family], title)


# -- a locator alone after a semicolon ----------------------------------------------------------

def test_a_locator_after_an_op_cit_is_that_op_cit_in_another_volume(reg: Registry) -> None:
    got = _resolved([
        "Hitler A. Mein Kampf. Bde 1–2. München, 1940; Bd 2. S. 252.",
        "Hitler A. Op. cit. Bd 1. S. 145–146; Bd 2. S. 253, 306.",
    ], reg)
    assert got == [[("book", None)], [("op_cit", 1), ("op_cit", 1)]]
    first, second = parse_note("Hitler A. Mein Kampf. Bde 1–2. München, 1940; Bd 2. S. 252.", reg).citations, \
        parse_note("Hitler A. Op. cit. Bd 1. S. 145–146; Bd 2. S. 253, 306.", reg).citations
    assert (first[0].volume, first[0].pages) == ("2", "252")  # its own locator, not its year
    assert (second[1].volume, second[1].pages, second[1].elliptical) == ("2", "253, 306", True)


def test_a_gost_volume_and_page_after_a_semicolon_is_not_dropped(reg: Registry) -> None:
    cs = parse_note("Ленин В.И. Полн. собр. соч. Т. 38. С. 15; Т. 39. С. 20.", reg).citations
    assert [(c.volume, c.pages) for c in cs] == [("38", "15"), ("39", "20")]
    assert [p.family for p in cs[1].authors] == ["Ленин"]


# -- back-references ----------------------------------------------------------------------------

def test_an_op_cit_with_a_misspelt_name_finds_the_one_author_it_misspells(reg: Registry) -> None:
    got = _resolved([
        "Strobe Talbott, The Russia Hand, Random House, 2003, p. 207.",
        "Michael Freedman, Forbes, 23 May 2005.",
        "Talbot, op. cit., p. 207.",
        "Talbat, op. cit., p. 9.",  # two letters off: nothing
    ], reg)
    assert got[2] == [("op_cit", 1)]
    assert got[3] == [("op_cit", None)]


def test_a_short_title_with_a_comma_in_it(reg: Registry) -> None:
    got = _resolved([
        "C. Wright Mills, Listen, Yankee: The Revolution in Cuba (New York: McGraw-Hill, 1960), 7.",
        "Mills, Listen, Yankee, 12.",
    ], reg)
    assert got[1] == [("op_cit", 1)]


def test_a_short_form_with_chapters_for_its_locator(reg: Registry) -> None:
    got = _resolved([
        "Stephen F. Cohen, Rethinking the Soviet Experience: Politics and History since 1917 "
        "(New York: Oxford University Press, 1985).",
        "See Cohen, Rethinking, chaps. 1–2.",
    ], reg)
    assert got[1] == [("op_cit", 1)]


def test_a_chapter_in_an_edited_book_cited_short_keeps_its_subtitle(reg: Registry) -> None:
    c = _one("“If you want to be a dad”: A. N. Semenov, “For the 10th Anniversary of the Chernobyl "
             "Catastrophe,” in Semenov, ed., Chernobyl: Ten Years On, 22.", reg)
    assert (c.kind, [p.family for p in c.authors], c.container, c.pages) == (
        "chapter", ["Semenov"], "Chernobyl: Ten Years On", "22")


# -- archives -----------------------------------------------------------------------------------

def test_a_second_letter_of_the_same_unit_after_a_semicolon(reg: Registry) -> None:
    first, second = parse_note("NA, 895.00 file, box no. 7127, Drumwright to State, March 14, 1949; "
                               "Muccio to State, April 18, 1949.", reg).citations
    assert (first.archive, first.box) == ("NARA", "7127")
    assert (second.kind, second.archive, second.box, second.item_title, second.date, second.elliptical) == (
        "archival", "NARA", "7127", "Muccio to State", "April 18, 1949", True)


def test_a_unit_without_a_document_takes_the_letter_after_it_as_its_item(reg: Registry) -> None:
    (c,) = parse_note("RG 59, Central Decimal File 1950–54, 661.00/4-1553, box 3009, NARA; "
                      "Bohlen to Dulles, April 15, 1953.", reg).citations
    assert c.item_title == "Bohlen to Dulles, April 15, 1953"


@pytest.mark.parametrize(("text", "archive", "collection"), [
    ("Ridgway Papers, box 16, MHI, Carlisle Barracks.", "USAHEC", "Ridgway Papers"),
    ("Dulles Papers, box 3, Mudd Library, Seeley G. Mudd Manuscript Library.", "Mudd Library", "Dulles Papers"),
])
def test_an_archive_named_twice_in_a_row_is_one_reference(text: str, archive: str, collection: str,
                                                          reg: Registry) -> None:
    c = _one(text, reg)
    assert (c.archive, c.collection, c.end) == (archive, collection, len(text) - 1)


@pytest.mark.parametrize(("text", "archive", "fields"), [
    ("Memoir by D. Chachanidze: GF IML 8.1.2.4.", "GF IML",
     {"fond": "8", "opis": "1", "delo": "2", "leaves": "4"}),
    ("Source: Washington National Records Center, RG 383, ACDA/D Files: FRC 77 A 52.", "WNRC",
     {"collection": "RG 383"}),
    ("Carlisle Barracks, Matthew Ridgway Papers, box 16, Willoughby to Ridgway, Aug. 7, 1950.", "USAHEC",
     {"collection": "Matthew Ridgway Papers", "box": "16"}),
    ("Antoshkin, handwritten testimony, Chernobyl Museum, 1986.", "Chernobyl Museum", {}),
])
def test_archives_added_to_the_registry(text: str, archive: str, fields: dict[str, str], reg: Registry) -> None:
    c = next(c for c in parse_note(text, reg).citations if c.kind == "archival")
    assert c.archive == archive
    assert {f: getattr(c, f) for f in fields} == fields


@pytest.mark.parametrize(("text", "paper", "issue", "pages"), [
    ("Аргументы и факты. 1988. № 20. С. 8.", "Аргументы и факты", "20", "8"),
    ("Вопросы истории. 1990. № 5. С. 3–15.", "Вопросы истории", "5", "3-15"),
])
def test_a_periodicals_issue_cited_whole_in_gost(text: str, paper: str, issue: str, pages: str, reg: Registry) -> None:
    c = _one(text, reg)
    assert (c.kind, c.container, c.issue, c.pages, c.year) == ("article", paper, issue, pages, text.split(". ")[1])


def test_a_newspaper_article_with_writer_and_quoted_title(reg: Registry) -> None:
    """The quoted title makes the writer's unknown given name ("Sanobar") enough."""
    c = _one('Sanobar Shermatova, "The Secret War between Russian Intelligence Agencies in Chechnya", '
             "Moscow News, 8 August 2000.", reg)
    assert (c.kind, [p.family for p in c.authors], c.container, c.year) == (
        "article", ["Shermatova"], "Moscow News", "2000")


# -- conversations, interviews and letters ------------------------------------------------------

@pytest.mark.parametrize(("text", "family", "date", "year"), [
    ("Ciro Bustos, telephone conversation with the author, September 7, 1996.", "Bustos", "September 7, 1996", None),
    ("Dariel Alarcón Ramírez, “Benigno,” interview with the author, Paris, November 3, 1995.", "Ramírez",
     "November 3, 1995", None),
    ("Bitter potassium iodide tablets: Mimka, author interview, 2016.", "Mimka", "2016", "2016"),
    ("Details: Yuri Shcherbak, author interview, Kiev, February 2016. News spread by word of mouth.",
     "Shcherbak", "February 2016", None),
])
def test_conversations_and_interviews_with_the_author(text: str, family: str, date: str, year: str | None,
                                                      reg: Registry) -> None:
    """A full date is the interview's date; a year written alone is its year too."""
    c = _one(text, reg)
    assert (c.kind, [p.family for p in c.authors], c.date, c.year) == ("other", [family], date, year)


@pytest.mark.parametrize(("text", "item"), [
    ("One Navy captain estimated: Letter, Lewis Melson to Adm. Leyton, February 25, 1966 (author’s collection).",
     "Letter, Lewis Melson to Adm. Leyton"),
    ("Deck logs of the USS Petrel, April 7, 1966.", "Deck logs of the USS Petrel"),
    ("Bill Moyers, letter to Flora Lewis, August 11, 1966.", "Bill Moyers, letter to Flora Lewis"),
])
def test_an_unpublished_letter_or_log_after_a_key_phrase(text: str, item: str, reg: Registry) -> None:
    c = _one(text, reg)
    assert (c.kind, c.item_title) == ("other", item)


# -- authors --------------------------------------------------------------------------------------

def test_authors_the_labeller_began_at_the_last(reg: Registry) -> None:
    c = parse_note("Leo Huberman and Paul W. Sweezy, Cuba: Anatomy of a Revolution (New York: Monthly "
                   "Review Press, 1960), 95. There are some superficial resemblances between Huberman and "
                   "Sweezy’s book and Listen, Yankee.", reg).citations[0]
    assert [p.family for p in c.authors] == ["Huberman", "Sweezy"]
    assert c.start == 0


def test_authors_the_labeller_left_in_the_title(reg: Registry) -> None:
    c = _one("Pablo Ribalta, quoted in Froilan Escobar, Félix Guerra, and Paco Ignacio Taibo II, El año que "
             "estuvimos en ninguna parte (Buenos Aires: Ediciones del Pensamiento Nacional, 1994), 55.", reg)
    assert [p.family for p in c.authors] == ["Escobar", "Guerra", "Taibo"]
    assert c.authors[2].suffix == "II"
    assert c.title == "El año que estuvimos en ninguna parte"


def test_a_title_of_places_is_no_list_of_authors(reg: Registry) -> None:
    c = _one("John Smith, Soviet Union, Eastern Europe, and Western Powers, 1945 (London, 1990), 4.", reg)
    assert [p.family for p in c.authors] == ["Smith"]


def test_an_author_date_short_form_with_a_prefaces_page(reg: Registry) -> None:
    c = _one("James (1993), xi, 140–44, 178, 195.", reg)
    assert ([p.family for p in c.authors], c.year, c.pages) == (["James"], "1993", "xi, 140-44, 178, 195")


def test_a_subtitle_after_a_colon_is_no_key_phrase(reg: Registry) -> None:
    c = _one("“Hemmed in on all sides by noise”: Yevgeni Pasternak, Boris Pasternak: The Tragic Years, 12.", reg)
    assert ([p.family for p in c.authors], c.title, c.pages) == (
        ["Pasternak"], "Boris Pasternak: The Tragic Years", "12")


@pytest.mark.parametrize(("text", "item"), [
    ("Speech to the Frontline Club, June 2007.", "Speech to the Frontline Club"),
    ("Remarks at the National Press Club, January 12, 1950.", "Remarks at the National Press Club"),
])
def test_a_dated_speech_or_remarks(text: str, item: str, reg: Registry) -> None:
    c = _one(text, reg)
    assert (c.kind, c.item_title) == ("other", item)


def test_a_letter_with_an_archives_acronym_in_brackets_is_no_unplaced_document(reg: Registry) -> None:
    """"(PBAFP KFYA)" places the letter: it is not read as an unpublished document."""
    cs = parse_note("Paul B. Anderson, letter to his mother, October 10, 1920, 4 (PBAFP KFYA).", reg).citations
    assert not any(c.kind == "other" and c.item_title for c in cs)


def test_a_presidential_librarys_collection_by_its_abbreviation_and_a_folders_volume(reg: Registry) -> None:
    c = next(c for c in parse_note(
        "Mikhail Suslov, quoted in Thomas Hughes/INR-DOS, Cuba 1964, Research Memorandum, Department of State, "
        "April 17, 1964 (Secret), p. 10, NSF, Country File, Cuba, vol. 1, LBJ Library.", reg).citations
        if c.kind == "archival")
    assert (c.archive, c.collection, c.series) == ("LBJL", "NSF", "Country File, Cuba, vol. 1")


def test_archives_of_the_foreign_ministry_in_moscow(reg: Registry) -> None:
    c = next(c for c in parse_note(
        "MID-9-V-63, Aleksandr Alexeiev, “Memorandum of Conversation of February 25, 1963,” May 9, 1963 "
        "(Secret), Archives of the Foreign Ministry, Moscow.", reg).citations if c.kind == "archival")
    assert c.archive == "AVP RF"


@pytest.mark.parametrize(("text", "family"), [
    ("Receptions and balls: Meriel Buchanan, 13; Vorres, 99.", "Buchanan"),
    ("at the Kremlin and Mikoyan wasn’t happy: Anastas Mikoyan, 418–419.", "Mikoyan"),
])
def test_a_key_phrase_with_and_in_it_stays_a_key_phrase(text: str, family: str, reg: Registry) -> None:
    c = parse_note(text, reg).citations[0]
    assert ([p.family for p in c.authors], c.title) == ([family], None)


def test_an_abbreviation_glossing_an_archival_collection_names_it_in_later_notes(reg: Registry) -> None:
    """"(henceforth DoS CDF 1930-1939)" after a NARA reference: a later document cited with
    its file number and that abbreviation is a unit of NARA, not an unread "other"."""
    texts = [
        "Cornelius Engert personal telegram to Wallace Murray, November 6, 1936, 026 Foreign Relations/1099 in "
        "Department of State Central Decimal Files 1930-1939, Record Group 59, Archives II, College Park, "
        "Maryland (henceforth DoS CDF 1930-1939).",
        "Joseph Grew despatch to Secretary of State, September 5, 1934, 026 Foreign Relations/761, "
        "DoS CDF 1930-1939, p. 2.",
    ]
    notes = tuple(Note(n=i, text=t, citations=tuple(parse_note(t, reg).citations)) for i, t in enumerate(texts, 1))
    (c,) = resolve(Document(source="t.txt", notes=notes)).notes[1].citations
    assert (c.kind, c.archive, c.series, c.shelfmark, c.item_title, c.date) == (
        "archival", "NARA", "DoS CDF 1930-1939", "026 Foreign Relations/761",
        "Joseph Grew despatch to Secretary of State", "September 5, 1934")


def test_an_archive_named_last_after_a_documents_accession_number(reg: Registry) -> None:
    """The quoted title and date before the number are the document the unit holds."""
    c = _one("“Meeting Notes on Radiological Warfare Conferences,” June 26, 1948, no. 70749, CIC/DOE.", reg)
    assert (c.kind, c.archive, c.shelfmark, c.item_title, c.date) == (
        "archival", "CIC/DOE", "CIC/DOE, no. 70749", "Meeting Notes on Radiological Warfare Conferences",
        "1948-06-26")


@pytest.mark.parametrize(("text", "archive"), [
    ("Wuxi, 1961, B1-2-164, pp. 58–66.", "Wuxi"),
    ("MOD Archive.", "MOD Archive"),
])
def test_more_archives_in_the_registry(text: str, archive: str, reg: Registry) -> None:
    c = _one(text, reg)
    assert (c.kind, c.archive) == ("archival", archive)


@pytest.mark.parametrize(("text", "family", "pages"), [
    ("Wonlar-Larsky pp 172-3; in Russian, her married name was Vonlyarlyarskaya", "Wonlar-Larsky", "172-3"),
    ("Mossolov p. 12.", "Mossolov", "12"),
])
def test_a_family_name_right_before_its_pages(text: str, family: str, pages: str, reg: Registry) -> None:
    c = parse_note(text, reg).citations[0]
    assert (c.kind, [p.family for p in c.authors], c.pages, c.short_form) == ("book", [family], pages, True)


def test_a_city_before_a_page_is_no_author(reg: Registry) -> None:
    assert not any(p.family == "Moscow" for c in parse_note("Moscow p. 12.", reg).citations for p in c.authors)


def test_a_news_agency_after_a_key_phrase_in_a_sentence_of_its_own(reg: Registry) -> None:
    cs = parse_note("a long, formal resolution stated: Tass, October 28, 1958. See full resolution in Conquest, "
                    "Courage of Genius, Appendix IV, 173–75.", reg).citations
    assert (cs[0].kind, cs[0].container) == ("article", "Tass")
    assert cs[0].date == "1958-10-28"


@pytest.mark.parametrize(("text", "families", "title"), [
    ("R. S. McNamara (with B. Van De Mark), In Retrospect: The Tragedy and Lessons of Vietnam (New York, 1995), p. 33.",
     ["McNamara", "Van De Mark"], "In Retrospect: The Tragedy and Lessons of Vietnam"),
    ("Craig Roberts Stapleton (with Louise French McCready), Where Liberty Dwells, There Is My Country "
     "(New York: Carroll and Graf, 2010), 12.", ["Stapleton", "McCready"], "Where Liberty Dwells, There Is My Country"),
])
def test_an_author_with_a_coauthor_in_brackets(text: str, families: list[str], title: str, reg: Registry) -> None:
    c = _one(text, reg)
    assert ([p.family for p in c.authors], c.title) == (families, title)


def test_a_gost_list_with_a_two_letter_initial(reg: Registry) -> None:
    c = _one("Косик В. К, Темелски Хр., Турилов А. А. Болгарская церковь. М., 2000. С. 5.", reg)
    assert ([p.family for p in c.authors], c.title) == (["Косик", "Темелски", "Турилов"], "Болгарская церковь")


@pytest.mark.parametrize(("text", "series", "piece"), [
    ("NA SUPP 3/16, Charles de Gaulle, ‘Economic Mobilisation in Foreign Countries’.", "SUPP 3", "16"),
    ("HW 12/78, decrypt of 3 May 1942.", "HW 12", "78"),
])
def test_more_kew_department_codes(text: str, series: str, piece: str, reg: Registry) -> None:
    c = next(c for c in parse_note(text, reg).citations if c.kind == "archival")
    assert (c.archive, c.series, c.piece) == ("TNA", series, piece)


def test_a_further_file_after_an_ibid_that_changed_the_file_is_not_dropped(reg: Registry) -> None:
    texts = ["ГАРФ, ф. 6991, оп. 2, д. 5, л. 4.", "Там же, оп. 1, д. 65, л. 1–3, д. 149, л. 207–210, 328–340."]
    notes = tuple(Note(n=i, text=t, citations=tuple(parse_note(t, reg).citations)) for i, t in enumerate(texts, 1))
    first, second = resolve(Document(source="t.txt", notes=notes)).notes[1].citations
    assert [(c.kind, c.opis, c.delo, c.leaves, c.target) for c in (first, second)] == [
        ("ibid", "1", "65", "1-3", 1), ("ibid", "1", "149", "207-210, 328-340", 1)]
    assert second.resolved is not None
    assert second.resolved.shelfmark == "GARF, f. 6991, op. 1, d. 149, ll. 207-210, 328-340"


def test_a_kew_pieces_item_before_its_folios(reg: Registry) -> None:
    c = next(c for c in parse_note("WSC to Lindemann, 20 September 1944, PREM 3/139, 8A, ff. 298–9, NA.", reg).citations
             if c.kind == "archival")
    assert (c.archive, c.series, c.piece, c.item, c.leaves) == ("TNA", "PREM 3", "139", "8A", "298-9")


def test_a_committee_read_as_a_person(reg: Registry) -> None:
    """"Church Committee" is no person with the given name Church: with only a volume after it,
    it is the work's name; before a title, a body as the author."""
    c = _one("Church Committee, book IV, pp. 31–32.", reg)
    assert (c.authors, c.title, c.volume, c.pages) == ((), "Church Committee", "IV", "31-32")
    c = _one("Church Committee, Final Report, p. 5.", reg)
    assert ([(p.family, p.given) for p in c.authors], c.title) == ([("Church Committee", None)], "Final Report")
