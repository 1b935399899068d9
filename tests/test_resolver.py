"""The resolver: Ibid., op. cit. and Idem linked to what they stand for, with a status."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.model import Citation, Document, Note, Person
from refcli.parsers.note import parse_note
from refcli.pipeline import parse_read_result
from refcli.readers.text import read_text_notes
from refcli.registry import Registry
from refcli.resolver import (
    AMBIGUOUS,
    RESOLVED,
    UNRESOLVED,
    apply_locator,
    build_chains,
    candidate_labels,
    locator_text,
    resolve,
)


def _doc(registry: Registry, *notes: str) -> Document:
    """A document read and parsed from numbered notes, the way a notes file is."""
    text = "\n".join(f"{i} {body}" for i, body in enumerate(notes, 1))
    return parse_read_result(read_text_notes(text, "t.txt"), registry)


def _cites(doc: Document, n: int) -> tuple[Citation, ...]:
    return next(note for note in doc.notes if note.n == n).citations


def _book(family: str, title: str, year: str, pages: str, given: str = "A. V.") -> Citation:
    return Citation(kind="book", raw=f"{family} {given} {title}, {year}, pp. {pages}.",
                    authors=(Person(family, given),), title=title, year=year, pages=pages)


def _op_cit(family: str, pages: str) -> Citation:
    return Citation(kind="op_cit", raw=f"{family} A. V. op. cit., pp. {pages}",
                    authors=(Person(family, "A. V."),), pages=pages)


def _document(*notes: tuple[Citation, ...]) -> Document:
    return resolve(Document("t", tuple(Note(i, "", c) for i, c in enumerate(notes, 1))))


def test_ibid_chain_follows_to_the_root_with_each_link_own_leaf(registry: Registry) -> None:
    """Every Ibid. of a run targets the root note and carries its own leaf, never the one before."""
    doc = _doc(registry, "GARF, f. 5446, op. 98 s, d. 704, l. 101.", "Ibid., l. 102.",
               "Ibid., ll. 104-105.", "Ibid.")
    for n, leaves in ((2, "102"), (3, "104-105"), (4, None)):
        (c,) = _cites(doc, n)
        assert (c.kind, c.target, c.status) == ("ibid", 1, RESOLVED)
        assert c.resolved is not None
        assert c.resolved.leaves == leaves
        assert (c.resolved.archive, c.resolved.fond, c.resolved.opis, c.resolved.delo) == (
            "GARF", "5446", "98s", "704")
    assert _cites(doc, 2)[0].resolved.shelfmark == "GARF, f. 5446, op. 98s, d. 704, l. 102"
    assert _cites(doc, 3)[0].resolved.shelfmark == "GARF, f. 5446, op. 98s, d. 704, ll. 104-105"
    assert _cites(doc, 4)[0].resolved.shelfmark == "GARF, f. 5446, op. 98s, d. 704"


def test_ibid_with_levels_replaces_opis_and_delo_and_keeps_the_fond(registry: Registry) -> None:
    """``Ibid., Op.11, D.1605.`` is the same fond at another opis and delo, without the old leaf."""
    doc = _doc(registry, "RGASPI, f. 17, op. 3, d. 1003, l. 45.", "Ibid., Op.11, D.1605.",
               "Ibid., l. 7.")
    (c,) = _cites(doc, 2)
    assert c.status == RESOLVED
    assert c.target == 1
    assert (c.resolved.fond, c.resolved.opis, c.resolved.delo, c.resolved.leaves) == (
        "17", "11", "1605", None)
    assert c.resolved.shelfmark == "RGASPI, f. 17, op. 11, d. 1605"
    (after,) = _cites(doc, 3)
    # the Ibid. after it stands for the unit just cited (op. 11, d. 1605), at its own leaf
    assert after.resolved.shelfmark == "RGASPI, f. 17, op. 11, d. 1605, l. 7"
    assert after.target == 1


def test_ibid_with_levels_in_english_words_and_bare_leaves(registry: Registry) -> None:
    """``Ibid., register 107, file 118, 39.`` (the form of a dev-split work, written here): the
    opis and delo in English words, the bare number after the file its leaf."""
    doc = _doc(registry, "TsDOOSO, fund 4, register 101, file 106, 3.", "Ibid., register 107, file 118, 39.",
               "Ibid., sheets 40–41.")
    (first,) = _cites(doc, 1)
    assert (first.fond, first.opis, first.delo, first.leaves) == ("4", "101", "106", "3")
    (c,) = _cites(doc, 2)
    assert (c.status, c.target) == (RESOLVED, 1)
    assert (c.resolved.fond, c.resolved.opis, c.resolved.delo, c.resolved.leaves) == ("4", "107", "118", "39")
    (after,) = _cites(doc, 3)
    assert (after.resolved.opis, after.resolved.delo, after.resolved.leaves) == ("107", "118", "40-41")


def test_ibid_in_the_same_note_stands_for_the_citation_before_it(registry: Registry) -> None:
    """The previous citation in the same note wins over the previous note."""
    doc = _doc(registry, "RGANI, f. 52, op. 1, d. 555, l. 80.",
               "GARF, f. 5446, op. 98, d. 704, l. 1; ibid., l. 2.")
    ibid = _cites(doc, 2)[1]
    assert (ibid.status, ibid.target) == (RESOLVED, 2)
    assert ibid.resolved.shelfmark == "GARF, f. 5446, op. 98, d. 704, l. 2"


def test_ibid_after_a_note_with_two_citations_is_ambiguous_and_names_both(
        registry: Registry) -> None:
    """Two citations in the note before: the Ibid. cannot choose, and both are named; its
    target is the note they sit in (as the gold conventions of ../shared/eval write it)."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, d. 704, l. 1; RGANI, f. 52, op. 1, d. 555, l. 80.",
               "Ibid., l. 3.")
    (c,) = _cites(doc, 2)
    assert c.status == AMBIGUOUS
    assert c.target == 1
    assert c.resolved is None
    assert c.candidates == (1,)
    labels = candidate_labels(doc, c)
    assert labels == ["note 1: GARF, f. 5446, op. 98, d. 704, l. 1",
                      "note 1: RGANI, f. 52, op. 1, d. 555, l. 80"]


def test_ibid_in_the_first_note_is_unresolved(registry: Registry) -> None:
    """Nothing comes before the first note."""
    (c,) = _cites(_doc(registry, "Ibid., l. 5.", "GARF, f. 1, op. 1, d. 1, l. 1."), 1)
    assert (c.status, c.target, c.resolved, c.candidates) == (UNRESOLVED, None, None, ())


def test_ibid_passes_over_a_note_of_commentary(registry: Registry) -> None:
    """The note before holds no citation (commentary only): the Ibid. stands for the last
    citation before it, as historians write it (a change from the first version, which
    called it unresolved)."""
    doc = _doc(registry, "GARF, f. 1, op. 1, d. 1, l. 1.",
               "On this plenum see the discussion above.", "Ibid., l. 2.")
    assert _cites(doc, 2) == ()
    (c,) = _cites(doc, 3)
    assert (c.status, c.target, c.resolved.shelfmark) == (RESOLVED, 1, "GARF, f. 1, op. 1, d. 1, l. 2")


def test_ibid_after_an_unresolved_ibid_is_unresolved(registry: Registry) -> None:
    """A chain whose start is broken stays broken."""
    doc = _doc(registry, "Commentary only.", "Ibid., l. 1.", "Ibid., l. 2.")
    assert [_cites(doc, n)[0].status for n in (2, 3)] == [UNRESOLVED, UNRESOLVED]


def test_ibid_after_an_ambiguous_ibid_stays_ambiguous() -> None:
    """The ambiguity, and its candidates, carry down the chain."""
    a, b = _book("Pantsov", "Mao Zedong", "2007", "1-2"), _book("Lankov", "August 1956", "2009", "4")
    doc = _document((a, b), (Citation("ibid", "Ibid.", pages="3"),), (Citation("ibid", "Ibid."),))
    assert [c.status for n in (2, 3) for c in doc.notes[n - 1].citations] == [AMBIGUOUS] * 2
    assert doc.notes[2].citations[0].candidates == (1,)


def test_op_cit_finds_the_latest_work_by_the_author_across_scripts() -> None:
    """``Панцов`` in the full citation and ``Pantsov`` in the op. cit. are one author."""
    full = Citation(kind="book", raw="Панцов А. В. Мао Цзэдун. М., 2007. С. 564-575.",
                    authors=(Person("Панцов", "А. В."),), title="Мао Цзэдун", year="2007",
                    pages="564-575")
    other = _book("Lankov", "August 1956", "2009", "4")
    doc = _document((full,), (other,), (_op_cit("Pantsov", "597-599"),))
    (c,) = doc.notes[2].citations
    assert (c.status, c.target) == (RESOLVED, 1)
    assert c.resolved.title == "Мао Цзэдун"
    assert c.resolved.pages == "597-599"
    assert c.resolved.kind == "book"


def test_op_cit_targets_the_latest_full_citation_of_the_same_work() -> None:
    """The same work cited in full twice (other pages): one work, whose first full citation
    is the target (the root a chain of short forms leads to)."""
    doc = _document((_book("Pantsov", "Mao Zedong", "2007", "1-2"),),
                    (_book("Pantsov", "Mao Zedong", "2007", "9"),),
                    (_op_cit("Pantsov", "10"),))
    (c,) = doc.notes[2].citations
    assert (c.status, c.target, c.resolved.pages) == (RESOLVED, 1, "10")


def test_op_cit_with_two_works_by_the_author_is_ambiguous() -> None:
    """Two different works by the author: both notes are candidates, the first is the target."""
    doc = _document((_book("Pantsov", "Mao Zedong", "2007", "1"),),
                    (_book("Pantsov", "The Real Story", "2012", "2"),),
                    (_op_cit("Pantsov", "3"),))
    (c,) = doc.notes[2].citations
    assert (c.status, c.candidates, c.target, c.resolved) == (AMBIGUOUS, (1, 2), 1, None)
    labels = candidate_labels(doc, c)
    assert labels == ["note 1: Pantsov, Mao Zedong", "note 2: Pantsov, The Real Story"]


def test_op_cit_without_a_full_citation_by_the_author_is_unresolved() -> None:
    """No earlier work by that author."""
    doc = _document((_book("Lankov", "August 1956", "2009", "4"),), (_op_cit("Pantsov", "3"),))
    assert doc.notes[1].citations[0].status == UNRESOLVED


def test_op_cit_never_looks_forward() -> None:
    """The full citation must come before the op. cit."""
    doc = _document((_op_cit("Pantsov", "3"),), (_book("Pantsov", "Mao Zedong", "2007", "1"),))
    assert doc.notes[0].citations[0].status == UNRESOLVED


def test_idem_fills_the_author_of_the_citation_before(registry: Registry) -> None:
    """``Idem. <new work>`` is a new work by the author cited just before."""
    first = _book("Pantsov", "Mao Zedong", "2007", "1")
    idem = Citation(kind="book", raw="Idem. The Real Story. New York, 2012, p. 5.",
                    title="The Real Story", year="2012", pages="5")
    doc = _document((first,), (idem,), (Citation("ibid", "Ibid., p. 6", pages="6"),))
    filled = doc.notes[1].citations[0]
    assert filled.authors == (Person("Pantsov", "A. V."),)
    assert not filled.is_backref  # a new work, not a back-reference
    after = doc.notes[2].citations[0]
    assert (after.target, after.resolved.title, after.resolved.pages) == (2, "The Real Story", "6")


@pytest.mark.parametrize("form", ["Ibid.", "Ibid", "Ibidem,", "Ib.", "Там же.", "Тамже.",
                                  "ibid."])
def test_every_ibid_form_resolves(registry: Registry, form: str) -> None:
    """Each written form of Ibid. is recognised and resolved with its leaf."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, d. 704, l. 101.", f"{form} l. 102.")
    (c,) = _cites(doc, 2)
    assert (c.kind, c.status, c.target, c.resolved.leaves) == ("ibid", RESOLVED, 1, "102")


@pytest.mark.parametrize("form", ["op. cit.", "Op. cit.", "loc. cit.", "Указ. соч.",
                                  "Указ. раб.", "Decree. op.", "cit."])
def test_every_op_cit_form_resolves_by_author(registry: Registry, form: str) -> None:
    """Each written form of op. cit. after an author's name finds that author's work."""
    full = _book("Pantsov", "Mao Zedong", "2007", "564-575")
    (ref,) = parse_note(f"Pantsov A. V. {form}, pp. 597-599.", registry).citations
    assert ref.kind == "op_cit"
    doc = _document((full,), (ref,))
    c = doc.notes[1].citations[0]
    assert (c.status, c.target, c.resolved.pages) == (RESOLVED, 1, "597-599")


def test_bare_op_cit_stands_for_the_citation_before() -> None:
    """``Op. cit.`` naming no author nor title can only mean the previous citation."""
    doc = _document((_book("Pantsov", "Mao Zedong", "2007", "1"),),
                    (Citation("op_cit", "Op. cit., p. 5", pages="5"),))
    c = doc.notes[1].citations[0]
    assert (c.status, c.target, c.resolved.pages) == (RESOLVED, 1, "5")


def test_apply_locator_never_keeps_the_roots_leaf() -> None:
    """The root's leaf and pages are replaced by the reference's (or dropped)."""
    root = Citation("archival", archive="GARF", fond="5446", opis="98s", delo="704", leaves="101",
                    shelfmark="GARF, f. 5446, op. 98s, d. 704, l. 101")
    out = apply_locator(root, Citation("ibid", pages="5"))
    assert (out.leaves, out.pages, out.shelfmark) == (None, "5", "GARF, f. 5446, op. 98s, d. 704")


def test_locator_text() -> None:
    """A back-reference's locator is written canonically, with l./ll. and p./pp."""
    assert locator_text(Citation("ibid", leaves="102")) == "l. 102"
    assert locator_text(Citation("ibid", leaves="104-105")) == "ll. 104-105"
    assert locator_text(Citation("op_cit", pages="597-599")) == "pp. 597-599"
    assert locator_text(Citation("ibid", opis="11", delo="1605")) == "op. 11, d. 1605"
    assert locator_text(Citation("ibid")) == ""


def test_chains_group_links_by_root_and_list_broken_ones(registry: Registry) -> None:
    """One chain per root citation; an unresolved back-reference is its own chain."""
    doc = _doc(registry, "Ibid., l. 9.", "GARF, f. 5446, op. 98, d. 704, l. 101.", "Ibid., l. 102.",
               "Ibid., l. 103.")
    chains = build_chains(doc)
    assert [(c.root, [link.note for link in c.links], c.status) for c in chains] == [
        (2, [3, 4], RESOLVED), (None, [1], UNRESOLVED)]
    data = chains[0].to_json()
    assert data["citation"]["shelfmark"] == "GARF, f. 5446, op. 98, d. 704, l. 101"
    assert data["links"][0] == {"note": 3, "kind": "ibid", "locator": "l. 102",
                                "status": RESOLVED}


def test_resolving_twice_changes_nothing(registry: Registry) -> None:
    """resolve is idempotent: a resolved document resolves to itself."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, d. 704, l. 101.", "Ibid., l. 102.",
               "Commentary.", "Ibid.")
    assert resolve(doc) == doc


_NOTE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["Ibid.", "Ibid., l. 5.", "Там же. С. 4.", "Op. cit., p. 3.",
                     "Pantsov A. V. op. cit., p. 9.", "GARF, f. 1, op. 2, d. 3, l. 4.",
                     "Idem. Title. Moscow, 2001, p. 4.", "Pantsov A. V. Mao. M., 2007, p. 1.",
                     "GARF, f. 1, op. 2, d. 3; ibid., l. 5", "Ibid., Op.11, D.1605.",
                     # the resolver's misspelt op. cit. names, short titles with a comma and
                     # abbreviations glossing an archival collection
                     "Strobe Talbott, The Russia Hand, Random House, 2003, p. 207.", "Talbot, op. cit., p. 7.",
                     "C. Wright Mills, Listen, Yankee: The Revolution in Cuba (New York, 1960), 7.",
                     "Mills, Listen, Yankee, 12.",
                     "Memo, May 1, 1936, 026 Foreign Relations/9 in Central Decimal Files, Record Group 59, "
                     "Archives II (henceforth DoS CDF)."]),
    st.text(max_size=40).map(lambda t: f"{t}, 026 Foreign Relations/761, DoS CDF, p. 2."),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_NOTE_TEXT, min_size=1, max_size=8))
def test_resolve_never_raises_and_every_backref_gets_a_status(texts: list[str]) -> None:
    """On any notes at all: no exception, every back-reference has a status, resolved ones
    point backwards at a full citation."""
    registry = Registry.load()
    notes = tuple(Note(i, t, parse_note(t, registry).citations) for i, t in enumerate(texts, 1))
    doc = resolve(Document("h", notes))
    for note in doc.notes:
        for c in note.citations:
            if c.is_backref:
                assert c.status in (RESOLVED, AMBIGUOUS, UNRESOLVED)
                if c.status == RESOLVED:
                    assert c.target is not None
                    assert c.target <= note.n
                    assert c.resolved is not None
                    assert not c.resolved.is_backref
    build_chains(doc)


def test_idem_prefix_is_dropped_from_the_title() -> None:
    """A parser that kept ``Idem.`` in the title: the resolver leaves the title alone after it."""
    first = _book("Pantsov", "Mao Zedong", "2007", "1")
    idem = Citation(kind="book", raw="Idem. The Real Story. New York, 2012, p. 5.",
                    title="Idem. The Real Story", year="2012", pages="5")
    filled = _document((first,), (idem,)).notes[1].citations[0]
    assert filled.title == "The Real Story"
    assert filled.authors[0].family == "Pantsov"


def test_idem_after_a_note_with_two_citations_is_the_last_author() -> None:
    """Idem is the author cited just before: the last citation of the note before."""
    idem = Citation(kind="book", raw="Idem. The Real Story, p. 5.", title="The Real Story")
    doc = _document((_book("Pantsov", "Mao", "2007", "1"), _book("Lankov", "August", "2009", "2")),
                    (idem,))
    c = doc.notes[1].citations[0]
    assert [p.family for p in c.authors] == ["Lankov"]


def test_op_cit_after_a_bare_family_name() -> None:
    """``Pantsov, op. cit.`` (a family name without initials) finds Pantsov's work."""
    doc = _document((_book("Lankov", "August 1956", "2009", "4"),),
                    (_book("Pantsov", "Mao Zedong", "2007", "1"),),
                    (Citation("op_cit", "Pantsov, op. cit., p. 9", title="Pantsov", pages="9"),))
    c = doc.notes[2].citations[0]
    assert (c.status, c.target, c.resolved.title, c.resolved.pages) == (
        RESOLVED, 2, "Mao Zedong", "9")


def test_op_cit_by_short_title() -> None:
    """``Mao Zedong, op. cit.`` finds the work by its short title."""
    doc = _document((_book("Pantsov", "Mao Zedong", "2007", "1"),),
                    (_book("Lankov", "August 1956", "2009", "4"),),
                    (Citation("op_cit", "Mao Zedong, op. cit., p. 9", title="Mao Zedong",
                              pages="9"),))
    c = doc.notes[2].citations[0]
    assert (c.status, c.target, c.resolved.pages) == (RESOLVED, 1, "9")


def test_op_cit_matches_an_unstructured_reference_by_its_opening_name() -> None:
    """A reference the bibliographic parser left as ``other`` still matches by the author's
    name at its start."""
    other = Citation("other", "Pantsov A.V. Mao Zedong, Moscow, 2007, pp. 564-575.")
    doc = _document((other,), (_op_cit("Pantsov", "597-599"),))
    c = doc.notes[1].citations[0]
    assert (c.status, c.target, c.resolved.pages) == (RESOLVED, 1, "597-599")


def _record_note() -> Note:
    """A document and the archival unit that holds it, in one part of a note."""
    text = ('"Record of a Conversation," August 23, 1957, Wilson Center Digital Archive, '
            "RGANI, f. 52, op. 1, d. 555, ll. 80-88.")
    cut = text.index("RGANI")
    document = Citation("document", text[: cut - 2], title="Record of a Conversation",
                        date="1957-08-23", start=0, end=cut - 2)
    archival = Citation("archival", text[cut:-1], archive="RGANI", fond="52", opis="1",
                        delo="555", leaves="80-88", shelfmark="RGANI, f. 52, op. 1, d. 555, ll. 80-88",
                        start=cut, end=len(text) - 1)
    return Note(1, text, (document, archival))


def test_ibid_after_a_document_and_its_archival_unit_is_the_unit() -> None:
    """``Ibid., l. 84`` after a document record with its shelfmark: the unit at leaf 84."""
    doc = resolve(Document("t", (_record_note(), Note(2, "Ibid., l. 84.",
                                                      (Citation("ibid", "Ibid., l. 84", leaves="84"),)))))
    c = doc.notes[1].citations[0]
    assert (c.status, c.target) == (RESOLVED, 1)
    assert c.resolved.shelfmark == "RGANI, f. 52, op. 1, d. 555, l. 84"


def test_ibid_after_two_references_decided_by_its_leaf() -> None:
    """The same two citations separated by a semicolon are two references, but a leaf can
    only be the archival unit's (DESIGN.md: what the Ibid. changes makes the target plain);
    pages leave it ambiguous."""
    note = _record_note()
    text = note.text.replace("Archive, RGANI", "Archive; RGANI")
    first = Note(1, text, note.citations)
    by_leaf = resolve(Document("t", (first, Note(2, "Ibid., l. 84.", (
        Citation("ibid", "Ibid., l. 84", leaves="84"),)))))
    c = by_leaf.notes[1].citations[0]
    assert (c.status, c.resolved.shelfmark) == (RESOLVED, "RGANI, f. 52, op. 1, d. 555, l. 84")
    bare = resolve(Document("t", (first, Note(2, "Ibid.", (Citation("ibid", "Ibid."),)))))
    assert bare.notes[1].citations[0].status == AMBIGUOUS


def test_op_cit_trusts_the_opening_name_when_the_authors_were_misread() -> None:
    """A full citation whose authors were misread still opens with the author's name."""
    misread = Citation("book", "Ланьков А. Н. Август, 1956 год. М., 2009. С. 4.",
                       authors=(Person("Август", "Ланьков А. Н."),), title="1956 год", year="2009")
    doc = _document((misread,), (Citation("op_cit", "Lankov A. N. op. cit., p. 34",
                                          authors=(Person("Lankov", "A. N."),), pages="34"),))
    c = doc.notes[1].citations[0]
    assert (c.status, c.target, c.resolved.pages) == (RESOLVED, 1, "34")


def test_a_reference_named_in_full_without_imprint_is_a_first_citation(registry: Registry) -> None:
    """"David Wise and Thomas Ross, The Invisible Government, pp. 95–98" gives the authors'
    names in full: the first citation of the work, so that "Wise and Ross, Invisible
    Government" later is a back-reference to it; repeated later in full, it is one too."""
    doc = _doc(registry,
               "There is a good discussion in David Wise and Thomas Ross, The Invisible Government, pp. 95–98.",
               "Harry Rositzke, The CIA’s Secret Operations: Espionage and Covert Action, pp. 186–87.",
               "Wise and Ross, Invisible Government, pp. 96–97.",
               "Rositzke, CIA’s Secret Operations, p. 23.",
               "Harry Rositzke, The CIA’s Secret Operations: Espionage and Covert Action, p. 40.")
    (first,) = _cites(doc, 1)
    assert (first.kind, first.short_form) == ("book", False)
    (wise,) = _cites(doc, 3)
    assert (wise.kind, wise.target, wise.status) == ("op_cit", 1, RESOLVED)
    (rositzke,) = _cites(doc, 4)
    assert (rositzke.kind, rositzke.target) == ("op_cit", 2)
    (again,) = _cites(doc, 5)
    assert (again.kind, again.target) == ("op_cit", 2)


def test_a_short_title_with_a_slip_in_a_word_finds_its_work(registry: Registry) -> None:
    """"Weltanschaung" for "Weltanschauung": one letter off in a long word still names the
    work, but only when no title matches exactly (two editions, "Aesthetik" and "Ästhetik")."""
    doc = _doc(registry,
               "S. L. Frank, “Persönlichkeit und Weltanschauung Friedrich Schleiermachers,” in Werke, "
               "vol. 8 (Freiburg: Karl Alber, 2013), 128.",
               "Frank, “Persönlichkeit und Weltanschaung Friedrich Schleiermachers,” 106.",
               "Friedrich Schleiermacher, Vorlesungen über die Aesthetik (Berlin: De Gruyter, 1931), 67.",
               "Friedrich Schleiermacher, Vorlesungen über die Ästhetik (Berlin: De Gruyter, 2021), 215.",
               "Schleiermacher, Vorlesungen über die Ästhetik, 43.")
    (slip,) = _cites(doc, 2)
    assert (slip.kind, slip.target) == ("op_cit", 1)
    (exact,) = _cites(doc, 5)
    assert (exact.kind, exact.target) == ("op_cit", 4)


def test_a_volume_and_pages_after_a_citation_cite_its_work_again(registry: Registry) -> None:
    """'Ibid., V, 220': the Roman volume is the Ibid.'s own. A volume and pages alone after a
    citation of the note are an Ibid. of it, not a book with no title; an Ibid. after a note
    whose citations all stand for one work stands for that work, not 'ambiguous'."""
    from refcli.parsers.note import _elliptical_locators

    (ibid,) = parse_note("Ibid., VII, 168.", registry).citations
    assert (ibid.kind, ibid.volume, ibid.pages) == ("ibid", "VII", "168")
    book = Citation(kind="book", raw="Smith, The Revolution (London, 1990), 218", authors=(Person("Smith"),),
                    title="The Revolution", year="1990", pages="218")
    bare = Citation(kind="book", raw="III, 460-61", pages="460-61", short_form=True)
    first, also = _elliptical_locators([book, bare])
    assert first == book
    assert (also.kind, also.volume, also.pages, also.short_form) == ("ibid", "III", "460-61", False)
    assert _elliptical_locators([bare]) == [bare]  # alone in its note it is left as it is
    doc = resolve(_document((first, also), (Citation(kind="ibid", raw="Ibid., VII, 168", volume="VII", pages="168"),)))
    (last,) = doc.notes[1].citations
    assert (last.target, last.status) == (1, RESOLVED)


def test_an_ibid_after_two_works_stays_ambiguous(registry: Registry) -> None:
    doc = _doc(registry, "Smith, The Revolution (London, 1990), 4; Jones, The War (Oxford, 1985), 7.", "Ibid., 9.")
    (ibid,) = _cites(doc, 2)
    assert ibid.status == AMBIGUOUS


def test_an_author_and_pages_alone_is_a_short_form_of_that_authors_work(registry: Registry) -> None:
    """Train-split form (Krasnoff's notes): "Wood, 25." after the full citation of Wood's book."""
    from refcli.parsers.note import _author_and_pages

    doc = _doc(registry, "Eric Fisher Wood, The Note-Book of an Attaché (New York: The Century Co., 1915), 4.",
               "Wood, 25.")
    (c,) = _cites(doc, 2)
    assert (c.kind, c.target, c.pages) == ("op_cit", 1, "25")
    got = _author_and_pages("Dawson and Smith, pp. 13–15.", 0, 28, registry)
    assert got is not None
    assert ([p.family for p in got.authors], got.pages, got.short_form) == (["Dawson", "Smith"], "13-15", True)
    for text in ("Moscow, 12.", "Moscow, 1937.", "GARF, 45.", "May, 12."):
        assert _author_and_pages(text, 0, len(text), registry) is None, text


def test_a_list_of_authors_and_pages_reads_every_clause(registry: Registry) -> None:
    """Train-split form (Rappaport's notes): "Wright, 22; Paléologue, 764." — the labeller read
    the first clause as a periodical and nothing in the second."""
    from refcli.labeller import load_labeller

    got = parse_note("Wright, 22; Paléologue, 764.", registry, load_labeller()).citations
    assert [([p.family for p in c.authors], c.pages) for c in got] == [(["Wright"], "22"), (["Paléologue"], "764")]
    # an abbreviation in capitals stays the titled source it is
    got = parse_note("Moran, Diaries, 384; WSCHCS, 8256, 8261.", registry, load_labeller()).citations
    assert got[-1].title == "WSCHCS"
    assert not got[-1].authors


@pytest.mark.parametrize(("text", "authors", "editors", "year", "pages"), [
    ("Seaborg (1987), 211–13.", ["Seaborg"], [], "1987", "211-13"),
    ("Gaddis (1997: 45–7).", ["Gaddis"], [], "1997", "45-7"),
    ("Holloway and York (1994), 88.", ["Holloway", "York"], [], "1994", "88"),
    ("Colville (ed.) (1985: 302).", [], ["Colville"], "1985", "302"),
    ("Hydrogen bomb: Galison (1997), 12; Bundy (1988), 200–4.", ["Galison"], [], "1997", "12"),
    # a volume after the name, the year of the edition used after the first's, a preface's pages
    ("Kennan II (1972:88).", ["Kennan"], [], "1972", "88"),
    ("Adenauer (1965 [1966]:212); Kennan II (1972:88).", ["Adenauer"], [], "1965", "212"),
    ("See, for example, Ulam and Ulam (2001:vii–x, 40–51).", ["Ulam", "Ulam"], [], "2001", "vii-x, 40-51"),
])
def test_an_author_date_short_form_names_author_year_and_pages(registry: Registry, text: str, authors: list[str],
                                                               editors: list[str], year: str, pages: str) -> None:
    """Dev-split form (notes that cite a bibliography by author and year, as Farmelo's and
    Herken's do), written here: the name, the year in brackets, the pages inside or after."""
    from refcli.labeller import load_labeller

    first = parse_note(text, registry, load_labeller()).citations[0]
    assert (first.kind, first.short_form, first.year, first.pages) == ("book", True, year, pages)
    assert [p.family for p in first.authors] == authors
    assert [p.family for p in first.editors] == editors


def test_what_is_no_author_date_short_form(registry: Registry) -> None:
    """A title's last word before a year, a city, or a bracketed year with neither pages nor
    the clause's end after it is not an author and year."""
    from refcli.parsers.note import _author_dates

    for text in ("Jimmy Carter, Keeping Faith (1982), 434.", "Journal of the Moscow Patriarchate (1976), no. 2.",
                 "Paris (1968), 12.", "Folder “Dissent Channel Package (1980),” Box 3."):
        assert _author_dates(text, registry) == [], text


def test_author_dates_joined_by_and_are_each_read(registry: Registry) -> None:
    """"See also Leffler (1992) and Gaddis (1997:45)": the first has no pages, yet "and" and a
    second author and year end it as a clause's end would; its volume is kept."""
    from refcli.labeller import load_labeller

    got = parse_note("See also Leffler (1992) and Gaddis IV (1997:45).", registry, load_labeller()).citations
    assert [([p.family for p in c.authors], c.year, c.volume, c.pages) for c in got] == [
        (["Leffler"], "1992", None, None), (["Gaddis"], "1997", "IV", "45")]


def test_an_author_date_short_form_resolves_to_that_years_work(registry: Registry) -> None:
    doc = _doc(registry, "Richard Rhodes, The Making of the Atomic Bomb (New York: Simon & Schuster, 1986), 45.",
               "Richard Rhodes, Dark Sun (New York: Simon & Schuster, 1995), 12.",
               "Rhodes (1995), 482–87.", "Rhodes (1986), 3.")
    assert [(c.kind, c.target) for c in _cites(doc, 3) + _cites(doc, 4)] == [("op_cit", 2), ("op_cit", 1)]


def test_an_author_date_short_form_after_a_shelfmark_is_read_on_its_own(registry: Registry) -> None:
    from refcli.labeller import load_labeller

    got = parse_note("Cherwell to Churchill, 3 May 1944, PREM 3/139/4, f. 20, NA. Gowing (1964: 298).",
                     registry, load_labeller()).citations
    assert [(c.kind, c.archive, c.leaves, c.year) for c in got] == [
        ("archival", "TNA", "20", None), ("book", None, None, "1964")]


def test_a_bare_number_before_pages_is_a_page_not_a_volume(registry: Registry) -> None:
    """Dev-split form ("Gorodetsky, Stafford Cripps, 96, 138–9, 164."), written here: a number
    with no mark of a volume before it, pages after it, is the first page cited; a marked
    volume stays a volume."""
    from refcli.labeller import load_labeller

    (c,) = parse_note("Service, Russian Revolution, 34, 51–3, 80.", registry, load_labeller()).citations
    assert (c.volume, c.pages) == (None, "34, 51-3, 80")
    (c,) = parse_note("Kennan, Memoirs, vol. 2, 45.", registry, load_labeller()).citations
    assert (c.volume, c.pages) == ("2", "45")


def test_idem_is_the_author_cited_before_it(registry: Registry) -> None:
    from refcli.labeller import load_labeller

    got = parse_note("Brandon Gallaher, “Chalcedonism,” Modern Theology 25 (2009): 1–5; idem., “Different "
                     "Concepts of Personality,” Studies 3 (2010): 20–30.", registry, load_labeller()).citations
    assert [[p.family for p in c.authors] for c in got] == [["Gallaher"], ["Gallaher"]]


def test_a_person_and_an_office_is_no_book(registry: Registry) -> None:
    """Dev-split form (FRUS editors' notes identifying people), written here: a name and the
    office held is commentary; a short form without pages stays a reference."""
    from refcli.labeller import load_labeller

    for text in ("Antonín Novotný, First Secretary of the Communist Party of Czechoslovakia.",
                 "Heinrich von Brentano, West German Foreign Minister."):
        assert parse_note(text, registry, load_labeller()).citations == (), text
    (c,) = parse_note("See Gaddis, The Long Peace.", registry, load_labeller()).citations
    assert [p.family for p in c.authors] == ["Gaddis"]


def test_an_editor_left_at_the_head_of_a_title_is_the_editor(registry: Registry) -> None:
    """Dev-split form (Krasnoff's notes), written here: "Name (ed.), Title (imprint)" names the
    editor, and "Name, page" later stands for that book."""
    doc = _doc(registry, "Arthur Link (ed.), The Papers of Woodrow Wilson (Princeton: Princeton University Press, "
                         "1979), 12.", "Link, 40.")
    (book,) = _cites(doc, 1)
    assert ([p.family for p in book.editors], book.title) == (["Link"], "The Papers of Woodrow Wilson")
    (short,) = _cites(doc, 2)
    assert (short.kind, short.target) == ("op_cit", 1)


def test_a_short_form_in_the_last_sentence_of_a_note_is_read(registry: Registry) -> None:
    """Dev-split form (a reference, then "Also Steel, Walter Lippmann, 441."), written here:
    the last sentence's short form is read after a lead-in or a sentence of commentary; a
    sentence that is no short form adds nothing."""
    from refcli.labeller import load_labeller

    got = parse_note("George Kennan, “The Sources of Soviet Conduct,” Foreign Affairs 25 (1947): 566–82. "
                     "Also Gaddis, Strategies of Containment, 25.", registry, load_labeller()).citations
    assert ([p.family for p in got[-1].authors], got[-1].title, got[-1].pages) == (
        ["Gaddis"], "Strategies of Containment", "25")
    got = parse_note("The talks went on into the night. Rhodes, Dark Sun, 45.", registry, load_labeller()).citations
    assert [([p.family for p in c.authors], c.pages) for c in got] == [(["Rhodes"], "45")]
    assert parse_note("The talks went on into the night. They ended at dawn.", registry,
                      load_labeller()).citations == ()


@pytest.mark.parametrize(("text", "read"), [
    # keyed notes (dev-split form, Massie's notes; written here): a quotation or a topic, a
    # colon, the sources by author and pages
    ("“An empire of snow”: Custine, II, 41.", [(["Custine"], None, "II", "41")]),
    ("Court balls: Anna Tiutcheva, 12; Wortman, 88–90.",
     [(["Tiutcheva"], None, None, "12"), (["Wortman"], None, None, "88-90")]),
    ("“Do not worry”: N to AF, 114. Sleepless nights: ibid., 120.", [([], "N to AF", None, "114")]),
    # a list begun keeps what it read when a later item is another form
    ("The regiments: Knox, 12–14; Pares, 30; Gurko, in Golder, 77.",
     [(["Knox"], None, None, "12-14"), (["Pares"], None, None, "30")]),
])
def test_keyed_notes_cite_sources_by_author_and_pages(registry: Registry, text: str, read: list) -> None:
    from refcli.labeller import load_labeller

    got = [c for c in parse_note(text, registry, load_labeller()).citations if c.kind == "book"]
    assert [([p.family for p in c.authors], c.title, c.volume, c.pages) for c in got][:len(read)] == read
    assert all(c.short_form for c in got)


@pytest.mark.parametrize("text", [
    "Ivanov, Istoriia (New York: Macmillan, 1988), 110.",
    "Gorky, ‘Untimely thoughts’: Novaya Zhizn, 17 November 1917.",
    "Nove, Economic History (London: Penguin, 1992, 45).",
])
def test_what_no_keyed_source_is(registry: Registry, text: str) -> None:
    """An imprint after its city, a periodical and its date, a publisher and a year."""
    from refcli.parsers.note import _keyed_sources

    assert _keyed_sources(text, [], registry) == []


@pytest.mark.parametrize(("text", "authors", "title", "year"), [
    # the title first, then the author (dev-split form: Cook's notes on Rasputin; written here)
    ("Ten Days that Shook the World, John Reed (Boni & Liveright, 1919), p.45.", ["Reed"],
     "Ten Days that Shook the World", "1919"),
    ("At the Court of the Last Tsar, A. A. Mossolov (Methuen, 1935), p.12.", ["Mossolov"],
     "At the Court of the Last Tsar", "1935"),
    ("Once a Grand Duke, Grand Duke Alexander (Cassell, 1932), p.188.", ["Alexander"], "Once a Grand Duke", "1932"),
    ("The Fall of the Romanovs, Mark Steinberg, translated by Elizabeth Tucker (Yale, 1995), p.9.",
     ["Steinberg"], "The Fall of the Romanovs", "1995"),
])
def test_a_book_written_title_first_names_its_author_after_the_title(registry: Registry, text: str,
                                                                      authors: list[str], title: str,
                                                                      year: str) -> None:
    from refcli.labeller import load_labeller

    c = parse_note(text, registry, load_labeller()).citations[0]
    assert (c.kind, [p.family for p in c.authors], c.title, c.year) == ("book", authors, title, year)


@pytest.mark.parametrize(("text", "authors", "title"), [
    ("David Brandenberger, Joseph Stalin (London: Reaktion, 2010), 12.", ["Brandenberger"], "Joseph Stalin"),
    ("Alexander Dallin and Gail W. Lapidus, The Soviet System (Boulder, CO: Westview, 1991), 5.",
     ["Dallin", "Lapidus"], "The Soviet System"),
    ("J. Arch Getty, Origins of the Great Purges (Cambridge, 1985), 92.", ["Getty"], "Origins of the Great Purges"),
])
def test_a_name_first_book_is_not_turned_round(registry: Registry, text: str, authors: list[str], title: str) -> None:
    from refcli.labeller import load_labeller

    c = parse_note(text, registry, load_labeller()).citations[0]
    assert ([p.family for p in c.authors], c.title) == (authors, title)


def test_a_work_cited_again_in_full_by_the_family_name_alone_is_a_back_reference(registry: Registry) -> None:
    """``Kovalev, “Title,” Journal, date.`` after ``I. V. Kovalev, “Title,” Journal, date.``:
    the whole reference again, its author by the family name alone, stands for the first
    citation (the form of a dev-split work, written here); a title that differs at its end (the
    next column of a series) is a work of its own."""
    doc = _doc(registry,
               "See A. B. Zorin, “Pis'ma iz Pekina,” Moskovskie novosti, March 5, 1994.",
               "Zorin, “Pis'ma iz Pekina,” Moskovskie novosti, March 5, 1994.",
               "Zorin, “Pis'ma iz Pekina: II,” Moskovskie novosti, March 12, 1994.")
    (again,) = _cites(doc, 2)
    assert (again.kind, again.target, again.status) == ("op_cit", 1, RESOLVED)
    (series,) = _cites(doc, 3)
    assert series.kind != "op_cit"


def test_documents_of_one_printed_volume_are_new_items_not_back_references(registry: Registry) -> None:
    """Each document printed in a collection is an item of its own: the second document of
    "FRUS, 1947, II" is no op. cit. of the first, while an Ibid. after it still stands for it."""
    doc = _doc(registry,
               "Walter B. Smith, memorandum of conversation, October 20, 1947, in FRUS, 1947, II: 700; Lewis W. "
               "Douglas, memorandum, undated but sent on September 18, 1947, in FRUS, 1947, II: 891–93.",
               "Marshall to Lovett, December 11, 1947, in FRUS, 1947, II: 765.",
               "Ibid., 766.")
    assert "op_cit" not in [c.kind for c in _cites(doc, 1)]
    (second,) = _cites(doc, 2)
    assert (second.kind, second.item_title, second.target) == ("book", "Marshall to Lovett", None)
    (ibid,) = _cites(doc, 3)
    assert (ibid.kind, ibid.target) == ("ibid", 2)
