"""Forms found in the twenty-first session's dev misses, each tested on constructed notes
written in that form (none copied from the corpus):

- a dated document in papers the book names by its own acronym, closing the citation, with
  the document's number after the acronym or before it ("Hansen to Dobbs, July 31, 1940,
  TC 24:12."; "“Title,” May 20, 1952, no. 2812, JCAE.").
"""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note


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
