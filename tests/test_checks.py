"""Integrity checks on small constructed documents: every finding code, its severity, its note
and its related notes; and the marker finder of plain-text articles."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.checks import SEVERITY, FileReport, check, fails, report, summarize
from refcli.model import Citation, Document, Finding, Note, Person
from refcli.pipeline import parse_read_result
from refcli.readers.markers import find_markers
from refcli.readers.text import read_text_notes
from refcli.registry import Registry
from refcli.resolver import resolve


def _doc(registry: Registry, *notes: str) -> Document:
    text = "\n".join(f"{i} {body}" for i, body in enumerate(notes, 1))
    return parse_read_result(read_text_notes(text, "t.txt"), registry)


def _only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def _book(family: str, title: str) -> Citation:
    return Citation("book", f"{family} A. {title}. M., 2000.", authors=(Person(family, "A."),),
                    title=title, year="2000")


# -- chains ------------------------------------------------------------------------------


def test_ibid_unresolved_is_an_error_on_its_note(registry: Registry) -> None:
    """An Ibid. with only commentary before it: ibid-unresolved, error, saying why. (A note
    of commentary between a citation and its Ibid. is passed over: see test_resolver.)"""
    doc = _doc(registry, "Only commentary here.", "Ibid., l. 2.")
    (f,) = _only(check(doc, registry), "ibid-unresolved")
    assert (f.severity, f.note, f.related) == ("error", 2, ())
    assert "no note before it holds a citation" in f.message


def test_ibid_in_the_first_note_is_unresolved(registry: Registry) -> None:
    """Nothing comes before note 1."""
    doc = _doc(registry, "Ibid., l. 2.", "GARF, f. 1, op. 1, d. 1, l. 1.")
    (f,) = _only(check(doc, registry), "ibid-unresolved")
    assert (f.severity, f.note) == ("error", 1)
    assert "first note" in f.message


def test_ibid_ambiguous_names_both_citations(registry: Registry) -> None:
    """An Ibid. after a note with two citations names both in the message; related is note 1."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, d. 704, l. 1; RGANI, f. 52, op. 1, d. 555, l. 80.",
               "Ibid., l. 3.")
    (f,) = _only(check(doc, registry), "ibid-ambiguous")
    assert (f.severity, f.note, f.related) == ("error", 2, (1,))
    assert "GARF, f. 5446, op. 98, d. 704, l. 1" in f.message
    assert "RGANI, f. 52, op. 1, d. 555, l. 80" in f.message


def test_opcit_unresolved_and_ambiguous(registry: Registry) -> None:
    """op. cit. by an author never cited: unresolved; by an author with two works: ambiguous,
    related to both notes."""
    doc = resolve(Document("t", (
        Note(1, "", (_book("Pantsov", "Mao Zedong"),)),
        Note(2, "", (_book("Pantsov", "The Real Story"),)),
        Note(3, "", (Citation("op_cit", "Pantsov A. op. cit., p. 4",
                              authors=(Person("Pantsov", "A."),), pages="4"),)),
        Note(4, "", (Citation("op_cit", "Lankov A. op. cit., p. 4",
                              authors=(Person("Lankov", "A."),), pages="4"),)),
    )))
    findings = check(doc, registry)
    (amb,) = _only(findings, "opcit-ambiguous")
    assert (amb.severity, amb.note, amb.related) == ("error", 3, (1, 2))
    assert "Mao Zedong" in amb.message
    assert "The Real Story" in amb.message
    (unres,) = _only(findings, "opcit-unresolved")
    assert (unres.severity, unres.note) == ("error", 4)
    assert "Lankov" in unres.message


# -- numbering -------------------------------------------------------------------------


def _numbered(*numbers: int) -> Document:
    return Document("t", tuple(Note(n, f"note {n}") for n in numbers))


def test_numbering_gap(registry: Registry) -> None:
    """1, 2, 5: notes 3-4 are missing; reported on note 5, related to note 2."""
    (f,) = check(_numbered(1, 2, 5), registry)
    assert (f.code, f.severity, f.note, f.related) == ("numbering-gap", "warning", 5, (2,))
    assert "no note 3-4" in f.message


def test_numbering_duplicate(registry: Registry) -> None:
    """1, 2, 2, 3: the second 2 is a duplicate, an error."""
    (f,) = check(_numbered(1, 2, 2, 3), registry)
    assert (f.code, f.severity, f.note) == ("numbering-duplicate", "error", 2)


def test_numbering_order(registry: Registry) -> None:
    """1, 3, 2: note 2 comes after note 3; no gap is reported, since note 2 is there."""
    findings = check(_numbered(1, 3, 2), registry)
    (order,) = _only(findings, "numbering-order")
    assert (order.severity, order.note, order.related) == ("warning", 2, (3,))
    assert [f.code for f in findings] == ["numbering-order"]


def test_numbering_gap_names_only_the_numbers_missing_from_the_section(registry: Registry) -> None:
    """1, 2, 6, 4, 7: between 2 and 6 only 3 and 5 are missing (4 comes late)."""
    findings = check(_numbered(1, 2, 6, 4, 7), registry)
    (gap,) = _only(findings, "numbering-gap")
    assert (gap.note, gap.related) == (6, (2,))
    assert "no note 3, 5 between notes 2 and 6" in gap.message
    assert [f.note for f in _only(findings, "numbering-order")] == [4]


def _sectioned(*sections: tuple[str, Sequence[int]]) -> Document:
    return Document("t", tuple(Note(n, f"note {n}", section=name)
                               for name, numbers in sections for n in numbers))


def test_numbering_restart_opens_a_section_and_numbering_is_checked_within_it(
        registry: Registry) -> None:
    """Two sections 1-3 and 1, 2, 5: one restart (info), one gap; no duplicate across sections."""
    findings = check(_sectioned(("Chapter 1", [1, 2, 3]), ("Chapter 2", [1, 2, 5])), registry)
    assert [(f.code, f.severity, f.note, f.section) for f in findings] == [
        ("numbering-restart", "info", 1, "Chapter 2"),
        ("numbering-gap", "warning", 5, "Chapter 2"),
    ]
    assert "'Chapter 2' begins after note 3 of notes section 'Chapter 1'" in findings[0].message
    assert findings[0].to_json()["section"] == "Chapter 2"


def test_number_displaced_from_the_reader_is_kept(registry: Registry) -> None:
    """A note number set inside the author's name is repaired by the reader and reported."""
    text = "1 GARF, f. 1, op. 1, d. 1, l. 1.\nSelivanov I. N. 2 Moscow - Hanoi. Contacts // VI, 2012.\n3 Ibid."
    doc = parse_read_result(read_text_notes(text, "t.txt"), registry)
    (f,) = _only(check(doc, registry), "number-displaced")
    assert (f.severity, f.note) == ("warning", 2)


# -- shelfmarks ------------------------------------------------------------------------


def test_shelfmark_variant_one_finding_per_unit_naming_all_notes(registry: Registry) -> None:
    """f. 5446 and f. R-5446, op. 98 s and op. 98: one unit, one finding, every note related."""
    doc = _doc(registry, "GARF, f. 5446, op. 98 s, d. 704, l. 101.", "Ibid., l. 102.",
               "GARF, f. R-5446, op. 98 s, d. 704, l. 125.", "GARF, f. 5446, op. 98, d. 704, l. 3.",
               "GARF, f. 5446, op. 98 s, d. 705, l. 1.")
    (f,) = _only(check(doc, registry), "shelfmark-variant")
    assert (f.severity, f.note, f.related) == ("warning", 1, (3, 4))
    assert "written 3 ways" in f.message
    assert "'f. R-5446, op. 98s' (note 3)" in f.message


def test_shelfmark_typo_from_the_parser(registry: Registry) -> None:
    """``on.`` for ``op.`` is a warning on its note."""
    doc = _doc(registry, "GARF, f. R-5446, on. 98 s, d. 704, l. 125.")
    (f,) = _only(check(doc, registry), "shelfmark-typo")
    assert (f.severity, f.note) == ("warning", 1)


def test_shelfmark_incomplete_without_delo(registry: Registry) -> None:
    """A fond-scheme shelfmark without a delo."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, l. 5.")
    (f,) = _only(check(doc, registry), "shelfmark-incomplete")
    assert (f.severity, f.note) == ("warning", 1)
    assert "no delo" in f.message


def test_archive_unknown_with_did_you_mean(registry: Registry) -> None:
    """An acronym not in the registry, with the registry's suggestion."""
    doc = _doc(registry, "GARFF, f. 5446, op. 1, d. 2, l. 3.")
    (f,) = _only(check(doc, registry), "archive-unknown")
    assert (f.severity, f.note) == ("warning", 1)
    assert "'GARFF'" in f.message
    assert "did you mean GARF" in f.message


def test_locator_missing_is_info(registry: Registry) -> None:
    """An archival citation without a leaf."""
    doc = _doc(registry, "GARF, f. 5446, op. 1, d. 2.")
    (f,) = check(doc, registry)
    assert (f.code, f.severity, f.note) == ("locator-missing", "info", 1)


def test_range_reversed_on_leaves_and_pages(registry: Registry) -> None:
    """ll. 88-80 and pp. 575-564 run backwards; 1955-59 style abbreviations do not."""
    doc = resolve(Document("t", (
        Note(1, "", (Citation("archival", "GARF, f. 1, op. 1, d. 1, ll. 88-80", archive="GARF",
                              fond="1", opis="1", delo="1", leaves="88-80"),)),
        Note(2, "", (Citation("book", "X", title="T", pages="575-564"),)),
        Note(3, "", (Citation("book", "Y", title="U", pages="1955-59"),)),
    )))
    found = _only(check(doc, registry), "range-reversed")
    assert [(f.severity, f.note) for f in found] == [("warning", 1), ("warning", 2)]


def test_clean_document_has_no_findings(registry: Registry) -> None:
    """A well-formed chain with leaves raises nothing."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, d. 704, l. 101.", "Ibid., l. 102.")
    assert check(doc, registry) == []


# -- markers ---------------------------------------------------------------------------


def test_marker_missing_both_ways(registry: Registry) -> None:
    """Notes 1-4, markers 1, 3, 5: notes 2 and 4 have no marker, marker 5 has no note."""
    doc = Document("t", tuple(Note(n, "x") for n in (1, 2, 3, 4)), markers=(1, 3, 5))
    found = _only(check(doc, registry), "marker-missing")
    assert [(f.severity, f.note) for f in found] == [("warning", 2), ("warning", 4),
                                                     ("warning", 5)]
    assert "marker 5 in the text has no note 5" in found[-1].message


def test_no_marker_check_where_the_format_shows_none(registry: Registry) -> None:
    """markers None (a bare notes list): nothing reported."""
    doc = Document("t", tuple(Note(n, "x") for n in (1, 2)), markers=None)
    assert check(doc, registry) == []


def test_markers_glued_to_words() -> None:
    """``system1.``, ``MNR2``, ``chain 3.``, ``Molotov4.``, ``"swearing"13,`` style markers."""
    body = ('the Eastern political system1. Fearing this, to the USSR and the MNR2 in an '
            'effort. Out of this chain 3.\n\nwith Stalin and V. M. Molotov4. The law; '
            '"there was an argument, even swearing"5, but')
    assert find_markers(body, [1, 2, 3, 4, 5]) == (1, 2, 3, 4, 5)


def test_years_dates_quantities_and_labels_are_not_markers() -> None:
    """1956, 1948-1952, April 2, 150-thousandth, 30%, 17th, Part 1, 40 thousand are skipped."""
    body = ("In February 1956 the system1. In 1948-1952 the MNR2 and on April 2, a "
            "150-thousandth rally; 30% of 17th parallel; Part 1 (March 1949); 40 thousand "
            "people; chain 3. In June 1953.4 Then No. 5 and vol. 5 and 19 April; the East5.")
    assert find_markers(body, [1, 2, 3, 4, 5]) == (1, 2, 3, 4, 5)


def test_marker_beyond_the_last_note_is_kept_for_reporting() -> None:
    """A glued marker 4 with only notes 1-3 is found, so check can report it."""
    body = "one1. two2. three3. four4. In 1956."
    assert find_markers(body, [1, 2, 3]) == (1, 2, 3, 4)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.lists(st.integers(1, 50), min_size=1, max_size=20))
def test_find_markers_never_raises_and_increases(body: str, notes: list[int]) -> None:
    """Any body: no exception; markers strictly increase and stay in range."""
    out = find_markers(body, notes)
    assert list(out) == sorted(set(out))
    assert all(1 <= m <= max(notes) + 3 for m in out)


# -- severities and exit logic -----------------------------------------------------------


def test_every_code_has_a_severity() -> None:
    """The DESIGN.md codes all have a severity."""
    codes = {"ibid-unresolved", "ibid-ambiguous", "opcit-unresolved", "opcit-ambiguous",
             "numbering-gap", "numbering-duplicate", "numbering-order", "number-displaced",
             "shelfmark-variant", "shelfmark-typo", "shelfmark-incomplete", "archive-unknown",
             "locator-missing", "range-reversed", "marker-missing"}
    assert codes <= SEVERITY.keys()
    assert set(SEVERITY.values()) <= {"error", "warning", "info"}


def test_fails_by_severity() -> None:
    """Errors fail; warnings fail only when strict; info never."""
    def rep(*severities: str) -> FileReport:
        return FileReport("t", 1, 1, tuple(Finding("x", s, 1, "m") for s in severities))

    assert fails([rep("error")])
    assert fails([rep("error")], strict=True)
    assert not fails([rep("warning", "info")])
    assert fails([rep("warning")], strict=True)
    assert not fails([rep("info")], strict=True)
    assert summarize([rep("error", "warning"), rep("info", "info")]) == {
        "error": 1, "warning": 1, "info": 2}


def test_report_counts_notes_and_citations(registry: Registry) -> None:
    """The per-file numbers of the JSON report."""
    doc = _doc(registry, "GARF, f. 5446, op. 98, d. 704, l. 101.", "Ibid., l. 102.", "Comment.")
    r = report(doc, registry)
    assert (r.notes, r.citations, r.findings) == (3, 2, ())


_NOTE = st.one_of(
    st.text(max_size=50),
    st.sampled_from(["Ibid.", "Ibid., l. 5.", "Op. cit., p. 3.", "Pantsov A. V. op. cit., p. 9.",
                     "GARF, f. 1, op. 2, d. 3, l. 4.", "GARF, f. R-1, op. 2 s, d. 3, ll. 9-4.",
                     "GARFF, f. 1, op. 2, d. 3.", "GARF, f. 1, op. 2, l. 4.",
                     "GARF, f. 1, op. 2, d. 3; RGANI, f. 5, op. 30, d. 1, l. 2."]),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), _NOTE), min_size=1, max_size=8),
       st.none() | st.lists(st.integers(1, 14), max_size=10))
def test_check_never_raises(notes: list[tuple[int, str]], markers: list[int] | None) -> None:
    """Any notes in any numbering, with or without markers: findings with known codes and
    severities, never an exception."""
    from refcli.parsers.note import parse_note

    registry = Registry.load()
    doc = resolve(Document("h", tuple(Note(n, t, parse_note(t, registry).citations)
                                      for n, t in notes),
                           markers=tuple(markers) if markers is not None else None))
    for f in check(doc, registry):
        assert f.code in SEVERITY
        assert f.severity == SEVERITY[f.code]
        assert f.note not in f.related
