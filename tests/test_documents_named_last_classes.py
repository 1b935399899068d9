"""Forms found in the twenty-first session's dev misses, each tested on constructed notes
written in that form (none copied from the corpus):

- a dated document in papers the book names by its own acronym, closing the citation, with
  the document's number after the acronym or before it ("Hansen to Dobbs, July 31, 1940,
  TC 24:12."; "“Title,” May 20, 1952, no. 2812, JCAE.");
- an interview with someone the author leaves unnamed, described in lower case ("Author
  interview with person close to the minister, February 2015"), and a conversation with the
  author ("George Balanchine, in conversation with the author.");
- a dated document printed in a collection named by its acronym, in the compact forms of
  diplomatic history ("Byrnes to Harriman, May 2, 1946, FRUS, 1946, 6: 744"; "FRUS 1955-57,
  4:112-14"; "…,” FRUS 19, 210"; "…, DBPO, vol. II, 45").
"""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note
from refcli.parsers.personal import find_personal


def _archival(text: str, registry):
    cites = [c for c in parse_note(text, registry).citations if c.kind == "archival"]
    assert len(cites) == 1, [c.raw for c in parse_note(text, registry).citations]
    return cites[0]


@pytest.mark.parametrize(
    ("text", "collection", "item", "date"),
    [
        ("Hansen to Dobbs, July 31, 1940, TC 24:12.", "TC", "24:12", "July 31, 1940"),
        ("Smith to Jones, March 3, 1938, XYZ 4417.", "XYZ", "4417", "March 3, 1938"),
        ("Petrov, letter to Ivanova, 9 Sept. 1926, GA.", "GA", None, "9 Sept. 1926"),
        ("M. Blackett to The Times, 3 May 1962, PBLK 2/14.", "PBLK", "2/14", "3 May 1962"),
        ("Dodd to Marsh, 12 October 1951, PSF/NS 88; see also Marsh to Dodd, 14 October 1951, PSF/NS 91.",
         "PSF/NS", "88", "12 October 1951"),
    ],
)
def test_a_dated_document_in_papers_named_by_an_acronym(text, collection, item, date, registry):
    c = _archival(text.split("; see")[0], registry)
    assert c.collection == collection
    assert c.item == item
    assert c.date == date
    assert c.archive is None  # the book's own acronym names no archive the registry knows


def test_the_documents_number_may_stand_before_the_acronym(registry):
    c = _archival("“The Value of Deterrence,” June 2, 1953, no. 3104, JCNE.", registry)
    assert c.collection == "JCNE"


def test_each_of_two_documents_in_one_note_is_read(registry):
    cites = parse_note("Dodd to Marsh, 12 October 1951, PSF 88; Marsh to Dodd, 14 October 1951, PSF 91.",
                       registry).citations
    assert [(c.kind, c.item) for c in cites] == [("archival", "88"), ("archival", "91")]


@pytest.mark.parametrize(
    "text",
    [
        # a periodical's issue number, not papers
        "“Teatri da tskhovreba”, 1914, NO. 12: A. Petrov, op. cit., p. 48.",
        # a publication, a news agency, a distribution caption
        "Memorandum of conversation, May 3, 1962, FRUS.",
        "Izvestiia, June 4, 1961, TASS.",
        "Telegram 2214 from Moscow, May 4, 1962, NIACT.",
        # no date before the acronym
        "See the minutes of the committee, ABC 12.",
        # an accession number with a decimal part and pages after it: not the clause's end
        "Committee of the Red Cross, ‘Repatriation’, 25 July 1951, BAG 210-056-003.03, pp. 70–4.",
    ],
)
def test_what_closes_a_dated_clause_without_naming_papers(text, registry):
    cites = parse_note(text, registry).citations
    assert not any(c.collection in ("NO", "FRUS", "TASS", "NIACT", "ABC", "BAG") for c in cites)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Author interview with person close to the minister, February 2015", "February 2015"),
        ("Author interview with former Leningrad official, Boris Levin, January 2016.", "January 2016"),
        ("Author interviews with two people close to the ministry: one in March 2014, the other later.",
         "March 2014"),
        ("My interview with a former aide, Moscow, 12 May 1996.", "12 May 1996"),
    ],
)
def test_an_interview_with_someone_left_unnamed(text, date, registry):
    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.date, c.authors) == ("other", date, ())
    assert c.raw.startswith(("Author", "My"))


def test_a_conversation_with_the_author():
    (c,) = find_personal("Igor Moiseyev, in conversation with the author.")
    assert (c.kind, c.authors[0].family) == ("other", "Moiseyev")


def test_the_author_before_an_interview_is_part_of_it():
    (c,) = find_personal("Author interview with Joachim Rudolph, May 2012.")
    assert c.raw == "Author interview with Joachim Rudolph, May 2012"


@pytest.mark.parametrize("text", [
    # no date: a sentence about interviews, not a citation of one
    "Author interviews with officials were refused throughout.",
    "He gave an interview with great reluctance.",
])
def test_interviews_in_a_sentence_are_no_citation(text):
    assert find_personal(text) == []


@pytest.mark.parametrize(
    ("text", "title", "volume", "pages", "item", "date"),
    [
        ("Byrnes to Harriman, May 2, 1946, FRUS, 1946, 6: 744.", "FRUS, 1946", "6", "744",
         "Byrnes to Harriman", "1946-05-02"),
        ("Treaty of friendship (with the protocol attached), March 4, 1956, FRUS 1955-57, 4:112-14.",
         "FRUS 1955-57", "4", "112-14", "Treaty of friendship (with the protocol attached)", "1956-03-04"),
        ("“Letter from the Chairman to the President, Moscow, June 2, 1972,” FRUS 19, 210.", "FRUS", "19", "210",
         "Letter from the Chairman to the President, Moscow", "1972-06-02"),
        ("Strang to Bevin, 9 March 1948, DBPO, vol. II, 45.", "DBPO", "II", "45", "Strang to Bevin", "1948-03-09"),
        ("The reply came at once: Rowecki to Sosnkowski, 2 May 1942, AK Documents, vol. II, 231.",
         "AK Documents", "II", "231", "Rowecki to Sosnkowski", "1942-05-02"),
    ],
)
def test_a_dated_document_printed_in_a_collection(text, title, volume, pages, item, date, registry):
    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.title, c.volume, c.pages) == ("book", title, volume, pages)
    assert (c.item_title, c.date, c.short_form, c.authors) == (item, date, True, ())


def test_two_documents_of_a_collection_in_one_sentence(registry):
    cites = parse_note("Kerr to Eden, 3 June 1944, DBPO, vol. I, 12, and Eden to Kerr, 5 June 1944, DBPO, vol. I, 14.",
                       registry).citations
    assert [(c.item_title, c.pages) for c in cites] == [("Kerr to Eden", "12"), ("Eden to Kerr", "14")]


@pytest.mark.parametrize("text", [
    # a periodical's volume and page after a date: an article, not a collection of documents
    "Speech of 4 May 1962, CDSP, 14: 22.",
    # an archive's acronym before numbers
    "Gromyko to Stalin, 12 May 1949, AVPRF, 3: 14.",
])
def test_what_is_no_collection_of_documents(text, registry):
    assert not any(c.kind == "book" and c.short_form and c.item_title for c in parse_note(text, registry).citations)
