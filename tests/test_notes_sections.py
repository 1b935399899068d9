"""Never lose a note: every run of numbered notes in a plain-text file (chapter restarts with or
without headings, gaps, jumps, e-book layout), each note's printed label and section, and the
numbering findings, through ``refcli parse --json`` and ``refcli check``; plus real notes from
the labelled corpus laid out the ways files arrive."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcli.cli import app
from refcli.readers.text import read_text_notes

from .conftest import ROOT

runner = CliRunner()

# references of the kinds notes hold, for the constructed files (numbered in the file, not here)
REFERENCES = [
    "GARF, f. 5446, op. 98, d. {k}, l. 101.",
    "Pantsov A. V. Mao Zedong. Moscow: Molodaya gvardiya, 2007, p. {k}.",
    "RGANI, f. 5, op. 30, d. {k}, ll. 2-3.",
    "Ibid., l. {k}.",
    "Chen Jian, Mao's China and the Cold War (Chapel Hill: UNC Press, 2001), {k}.",
    "ГАРФ. Ф. Р-5446. Оп. 98с. Д. {k}. Л. 12 об.",
    "Там же. Л. {k}.",
]


def _ref(k: int) -> str:
    return REFERENCES[k % len(REFERENCES)].format(k=k)


def _parse(path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _check(path: Path) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["check", str(path), "--json"])
    return result.exit_code, json.loads(result.stdout)["files"][0]


def _write(tmp_path: Path, text: str, name: str = "notes.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _codes(findings: list[dict[str, Any]]) -> list[tuple[str, int | None, str | None]]:
    return [(f["code"], f["note"], f.get("section")) for f in findings]


# ---------------------------------------------------------------- the issue's cases


ISSUE_FILE = """\
1 GARF, f. 5446, op. 98, d. 704, l. 101.
2 Ibid., l. 102.
3 RGANI, f. 5, op. 30, d. 1, l. 2.
4 Ibid., l. 3.
5 Pantsov A. V. Mao Zedong. Moscow, 2007, p. 5.
1 Ibid., l. 7.
2 RGASPI, f. 17, op. 3, d. 1003, l. 45.
3 Ibid., l. 46.
4 GARF, f. 8131, op. 32, d. 5, l. 9.
40 RGAE, f. 4372, op. 11, d. 1605, l. 3.
41 Ibid., l. 4.
42 GARF, f. 9401, op. 2, d. 64, l. 1.
43 Ibid., l. 2.
"""


def test_restart_and_jump_keep_every_note_with_its_label_and_section(tmp_path: Path) -> None:
    """1-5, then 1-4, then 40-43: thirteen notes, not five; the second chapter is a section of
    its own, 40-43 a gap in it; each note keeps its own text and its printed label."""
    data = _parse(_write(tmp_path, ISSUE_FILE))
    notes = data["notes"]
    assert [(n["n"], n["label"], n["section"]) for n in notes] == (
        [(k, str(k), "1") for k in range(1, 6)]
        + [(k, str(k), "2") for k in (1, 2, 3, 4, 40, 41, 42, 43)]
    )
    assert notes[4]["text"] == "Pantsov A. V. Mao Zedong. Moscow, 2007, p. 5."
    assert [c["kind"] for n in notes for c in n["citations"]].count("archival") == 6
    assert _codes(data["findings"]) == [("numbering-restart", 1, "2"), ("numbering-gap", 40, "2")]
    gap = data["findings"][1]
    assert (gap["severity"], gap["related"]) == ("warning", [4])
    assert "no note 5-39 between notes 4 and 40" in gap["message"]


def test_ibid_never_reaches_back_across_a_section(tmp_path: Path) -> None:
    """The Ibid. opening chapter 2 stands for nothing (not for chapter 1's last note); the
    Ibid. notes inside chapter 2 resolve within it; check reports it and fails."""
    path = _write(tmp_path, ISSUE_FILE)
    notes = _parse(path)["notes"]
    opening = notes[5]["citations"][0]
    assert (opening["kind"], opening["status"]) == ("ibid", "unresolved")
    assert "target" not in opening
    assert [(c["status"], c["target"]) for c in notes[7]["citations"]] == [("resolved", 2)]
    assert notes[10]["citations"][0]["resolved"]["archive"] == "RGAE"
    code, report = _check(path)
    assert code == 1
    assert report["notes"] == 13
    unresolved = [f for f in report["findings"] if f["code"] == "ibid-unresolved"]
    assert [(f["note"], f["section"]) for f in unresolved] == [(1, "2")]
    assert "opens a notes section" in unresolved[0]["message"]
    assert {f["code"] for f in report["findings"]} == {"ibid-unresolved", "numbering-restart",
                                                       "numbering-gap"}


@pytest.mark.parametrize(
    ("heading", "name"),
    [("Chapter 3", "Chapter 3"), ("Notes to Chapter 3", "Notes to Chapter 3"),
     ("Глава 3.", "Глава 3"), ("Примечания к главе 3", "Примечания к главе 3"),
     ("CHAPTER THREE", "CHAPTER THREE"), ("Part II", "Part II")],
)
def test_sections_take_their_heading_as_name(tmp_path: Path, heading: str, name: str) -> None:
    """The heading above a restarted run names its section; the run before it keeps its own."""
    text = (f"Introduction\n\n1 {_ref(1)}\n2 {_ref(2)}\n\n{heading}\n\n"
            f"1 {_ref(3)}\n2 {_ref(4)}\n3 {_ref(5)}\n")
    notes = _parse(_write(tmp_path, text))["notes"]
    assert [(n["n"], n["section"]) for n in notes] == [
        (1, "Introduction"), (2, "Introduction"), (1, name), (2, name), (3, name)]


def test_a_chapter_whose_one_note_is_no_reference_is_a_section_of_its_own(tmp_path: Path) -> None:
    """A chapter with a single note that cites nothing ("An interview with the author."),
    under its heading between two chapters' notes, is its own section, not a second note 1
    of the chapter before (batch 15's Merriman, 'Tunnel 29', chapter 64)."""
    text = ("Chapter 1\n\n1. Smith, History, 12.\n2. Ibid., 14.\n3. Jones, Tale, 15.\n\n"
            "Chapter 2\n\n1. An interview with the author.\n\n"
            "Chapter 3\n\n1. Green, Book, 3.\n2. Ibid., 5.\n")
    notes = read_text_notes(text, "x.txt").notes
    assert [(n.n, n.section) for n in notes] == [
        (1, "Chapter 1"), (2, "Chapter 1"), (3, "Chapter 1"), (1, "Chapter 2"), (1, "Chapter 3"), (2, "Chapter 3")]


def test_sections_without_headings_are_numbered(tmp_path: Path) -> None:
    """Runs that restart at 1 with nothing between them: sections '1', '2', '3'."""
    text = "".join(f"{k} {_ref(k)}\n" for run in (3, 2, 4) for k in range(1, run + 1))
    notes = _parse(_write(tmp_path, text))["notes"]
    assert [n["section"] for n in notes] == ["1"] * 3 + ["2"] * 2 + ["3"] * 4


def test_a_heading_used_twice_gets_the_ordinal(tmp_path: Path) -> None:
    """Each chapter's notes under the same heading 'Notes': the sections stay apart."""
    text = "".join(f"Notes\n\n1 {_ref(1)}\n2 {_ref(2)}\n\nText of the next chapter.\n\n"
                   for _ in range(3))
    notes = _parse(_write(tmp_path, text))["notes"]
    assert [n["section"] for n in notes] == ["Notes"] * 2 + ["Notes (2)"] * 2 + ["Notes (3)"] * 2


def test_gaps_keep_both_runs(tmp_path: Path) -> None:
    """Notes 17-37 then 70-89 (an excerpt with pages missing): all 41, one section, one gap."""
    numbers = [*range(17, 38), *range(70, 90)]
    text = "\n".join(f"{k} {_ref(k)}" for k in numbers) + "\n"
    data = _parse(_write(tmp_path, text))
    assert [n["n"] for n in data["notes"]] == numbers
    assert all("section" not in n for n in data["notes"])
    assert _codes(data["findings"]) == [("numbering-gap", 70, None)]


def test_a_lone_note_between_two_gaps_is_kept(tmp_path: Path) -> None:
    """363-367, 424-427, 562, 597-599 on consecutive lines: note 562 is not swallowed."""
    numbers = [*range(363, 368), *range(424, 428), 562, *range(597, 600)]
    text = "\n".join(f"{k} {_ref(k)}" for k in numbers) + "\n"
    data = _parse(_write(tmp_path, text))
    assert [n["n"] for n in data["notes"]] == numbers
    assert [f["note"] for f in data["findings"] if f["code"] == "numbering-gap"] == [424, 562, 597]


def test_a_last_note_after_a_gap(tmp_path: Path) -> None:
    """Notes 1-3, then 9 alone: as a paragraph of its own (or e-book style) it is note 9; on
    the line right after note 3's text it may be a line of that text, so it stays there with
    a number-merged finding, never silently."""
    refs = [f"{k} {_ref(k)}" for k in (1, 2, 3, 9)]
    data = _parse(_write(tmp_path, "\n\n".join(refs) + "\n"))
    assert [n["n"] for n in data["notes"]] == [1, 2, 3, 9]
    assert _codes(data["findings"]) == [("numbering-gap", 9, None)]
    data = _parse(_write(tmp_path, "\n".join(refs) + "\n"))
    assert [n["n"] for n in data["notes"]] == [1, 2, 3]
    assert data["notes"][2]["text"] == f"{_ref(3)} {refs[3]}"
    assert _codes(data["findings"]) == [("number-merged", 3, None)]


@pytest.mark.parametrize("blank", ["", "\n"])
def test_ebook_layout_keeps_the_printed_numbers(tmp_path: Path, blank: str) -> None:
    """'498' alone on its line, the note on the next (with or without a blank line between):
    notes 498-510, not 1-13."""
    text = "Notes\n\n" + "".join(f"{k}\n{blank}{_ref(k)}\n{blank}" for k in range(498, 511))
    notes = _parse(_write(tmp_path, text))["notes"]
    assert [(n["n"], n["label"]) for n in notes] == [(k, str(k)) for k in range(498, 511)]
    assert notes[0]["text"] == _ref(498)
    assert (notes[2]["text"], notes[2]["citations"][0]["target"]) == ("Ibid., l. 500.", 499)


def test_ebook_notes_keep_their_continuation_lines(tmp_path: Path) -> None:
    """An e-book note running over two lines keeps both."""
    text = "12\nGARF, f. 5446, op. 98, d. 704,\nl. 101.\n13\nIbid., l. 102.\n"
    notes = _parse(_write(tmp_path, text))["notes"]
    assert [(n["n"], n["text"]) for n in notes] == [
        (12, "GARF, f. 5446, op. 98, d. 704, l. 101."), (13, "Ibid., l. 102.")]


def test_out_of_order_note_is_a_note_with_a_finding(tmp_path: Path) -> None:
    """1, 2, 3, 5, 4, 6 in paragraphs: note 4 is its own note, reported as out of order; no
    gap is reported, since note 4 is there."""
    text = "\n\n".join(f"{k} {_ref(k)}" for k in (1, 2, 3, 5, 4, 6)) + "\n"
    path = _write(tmp_path, text)
    data = _parse(path)
    assert [n["n"] for n in data["notes"]] == [1, 2, 3, 5, 4, 6]
    assert _codes(data["findings"]) == [("numbering-order", 4, None)]
    code, report = _check(path)
    assert code == 0
    assert [(f["code"], f["severity"], f["related"]) for f in report["findings"]
            if f["code"].startswith("numbering")] == [("numbering-order", "warning", [5])]


def test_duplicate_number_is_an_error(tmp_path: Path) -> None:
    """1, 2, 2, 3: both notes 2 are kept; check reports the duplicate and fails."""
    text = "\n".join(f"{k} {_ref(k)}" for k in (1, 2, 2, 3)) + "\n"
    path = _write(tmp_path, text)
    assert [n["n"] for n in _parse(path)["notes"]] == [1, 2, 2, 3]
    code, report = _check(path)
    assert code == 1
    assert [f["note"] for f in report["findings"] if f["code"] == "numbering-duplicate"] == [2]


def test_numbered_line_merged_into_the_note_before_is_reported(tmp_path: Path) -> None:
    """A line of note 5's text that starts with '2' (a date) stays in note 5, and a
    number-merged finding says so: never silently."""
    text = ("1 GARF, f. 5446, op. 98, d. 704, l. 101.\n2 Ibid., l. 102.\n"
            "3 RGANI, f. 5, op. 30, d. 1, l. 2.\n4 GARF, f. 8131, op. 32, d. 5, l. 9.\n"
            "5 RGAE, f. 4372, op. 11, d. 1605, l. 3, and the letter of\n"
            "2 April 1956 to the Central Committee.\n6 Ibid., l. 4.\n")
    path = _write(tmp_path, text)
    data = _parse(path)
    assert [n["n"] for n in data["notes"]] == [1, 2, 3, 4, 5, 6]
    assert data["notes"][4]["text"].endswith("letter of 2 April 1956 to the Central Committee.")
    (merged,) = data["findings"]
    assert (merged["code"], merged["severity"], merged["note"]) == ("number-merged", "warning", 5)
    assert "line 6 starts with 2" in merged["message"]
    code, report = _check(path)
    assert code == 0
    assert [f["code"] for f in report["findings"]] == ["number-merged"]


def test_the_next_chapters_notes_need_fewer_references() -> None:
    """A preface's notes, then a chapter's whose notes are mostly commentary (two of five read as
    references): after kept notes with only a heading between, the chapter's run is notes too
    (it was dropped as a numbered list of prose)."""
    preface = "".join(f"{k}. {_ref(k)}\n" for k in range(1, 7))
    chapter = ("1. The earliest source on the service is its founder's diary, kept as a record.\n"
               "2. Kennedy, Rise and Fall; Howard, Continental Commitment.\n"
               "3. For the threat as it was seen at the time, see Andrew, Defence of the Realm, 3-52.\n"
               "4. Jeffery, Wilson, 75; Hiley, 'Failure of espionage'.\n"
               "5. Report of the sub-committee, Oct. 1909 (TNA, CAB 16/8).\n")
    result = read_text_notes(f"Preface\n\n{preface}\nChapter 1\n\n{chapter}", "book.txt")
    assert [(n.n, n.section) for n in result.notes] == [
        *((k, "Preface") for k in range(1, 7)), *((k, "Chapter 1") for k in range(1, 6))]


def test_a_numbered_list_after_the_notes_then_prose_stays_out() -> None:
    """Chapter-end notes, then the next chapter opening with a numbered list of prose (nothing in
    it reads as a reference) and running text after it: the list is not the next chapter's
    notes. (A list in that place with a third of its points holding a year would be taken.)"""
    notes = "".join(f"{k}. {_ref(k)}\n" for k in range(1, 7))
    body = ("1. The first concerned agriculture and the collective farms of the north, see below.\n"
            "2. The second concerned industry and the plans for the coming years.\n"
            "3. The third concerned the party apparatus and its cadres.\n\n"
            "The Congress then turned to foreign policy, which it discussed for three days and "
            "without any decision that the delegates could take home to their regions.\n")
    result = read_text_notes(f"Notes\n\n{notes}\nChapter 2\n\n{body}", "book.txt")
    assert [n.n for n in result.notes] == list(range(1, 7))


def test_a_numbered_list_in_the_body_is_not_a_notes_section(tmp_path: Path) -> None:
    """A list 1., 2., 3. of prose points just above the notes, with or without a 'Notes'
    heading, stays body text: exactly the notes 1-6 come back, with their markers."""
    body = ("The Congress met in 1956 and took three decisions.1\n\n"
            "1. The first concerned agriculture and the collective farms of the north.\n\n"
            "2. The second concerned industry and the plans for the coming years.2\n\n"
            "3. The third concerned the party apparatus and its cadres.3 4 5 6\n\n")
    notes = "".join(f"{k} {_ref(k)}\n\n" for k in range(1, 7))
    for heading in ("", "Notes\n\n"):
        data = _parse(_write(tmp_path, body + heading + notes))
        assert [(n["n"], n.get("section")) for n in data["notes"]] == [(k, None) for k in range(1, 7)]
        assert data["notes"][0]["text"] == _ref(1)


def test_seed_article_still_gives_exactly_notes_1_to_36() -> None:
    """The seed article: 1-36, one section, the printed numbers as labels."""
    from .conftest import SEED_ARTICLE, need_seeds

    need_seeds()
    notes = _parse(SEED_ARTICLE)["notes"]
    assert [(n["n"], n["label"]) for n in notes] == [(k, str(k)) for k in range(1, 37)]
    assert all("section" not in n for n in notes)


# ---------------------------------------------------------------- a 40-chapter book


def _book(layout: str) -> str:
    prose = ("The plenum of the Central Committee met again in the spring, and the discussion "
             "went on for several days.")
    out = ["Notes", ""] if layout == "back" else []
    for chapter in range(1, 41):
        if layout == "back":
            out += [f"Chapter {chapter}", ""]
        elif layout == "interleaved":
            out += [f"Chapter {chapter}", ""] + [prose, ""] * 30
        out += [f"{k} {_ref(chapter + k)}" for k in range(1, 61)] + [""]
    return "\n".join(out)


@pytest.mark.parametrize("layout", ["back", "bare", "interleaved"])
def test_forty_chapter_book(tmp_path: Path, layout: str) -> None:
    """A book's notes, 40 chapters of notes 1-60 (under chapter headings at the back of the
    book, one run after another with no heading, or after each chapter's text): 2,400 notes in
    40 sections with the right labels, 39 restarts reported, nothing else."""
    data = _parse(_write(tmp_path, _book(layout)))
    notes = data["notes"]
    assert len(notes) == 2400
    sections = list(dict.fromkeys(n["section"] for n in notes))
    assert len(sections) == 40
    if layout == "back":
        assert sections == [f"Chapter {k}" for k in range(1, 41)]
    assert Counter(n["section"] for n in notes) == dict.fromkeys(sections, 60)
    assert [n["label"] for n in notes] == [str(k) for _ in range(40) for k in range(1, 61)]
    assert [n["n"] for n in notes] == [k for _ in range(40) for k in range(1, 61)]
    assert Counter(f["code"] for f in data["findings"]) == {"numbering-restart": 39}


# ---------------------------------------------------------------- generated files


@st.composite
def _sections(draw: st.DrawFn) -> list[list[int]]:
    """Runs of notes: each section restarts at 1 (or at 0, as FRUS source notes do) and may
    have one gap of more than MAX_SKIP + 1 numbers, with at least three notes before it and two
    after it. (In a dense list, a single note after a gap, or two notes between a restart and
    a gap, read as lines of the note before, with a number-merged finding: see below.)"""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.sampled_from([0, 1]))
        length = draw(st.integers(2, 12))
        numbers = list(range(start, start + length))
        if draw(st.booleans()) and length > 4:
            cut = draw(st.integers(3, length - 2))
            jump = draw(st.integers(6, 300))
            numbers = numbers[:cut] + [n + jump for n in numbers[cut:]]
        out.append(numbers)
    return out


def _layout(sections: list[list[int]], layout: str, headings: bool) -> str:
    out = []
    for s, numbers in enumerate(sections, 1):
        if headings:
            out += ["", f"Chapter {s}", ""]
        for k, n in enumerate(numbers):
            text = _ref(n + 7 * s + k)
            if layout == "paragraphs":
                out += [f"{n} {text}", ""]
            elif layout == "lines":
                out.append(f"{n}. {text}")
            elif layout == "ebook":
                out += [str(n), text]
            else:  # wrapped at 30 columns, as a PDF's text comes out
                out += textwrap.wrap(f"{n} {text} {text}", 30)
    return "\n".join(out) + "\n"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sections(), st.sampled_from(["paragraphs", "lines", "ebook", "wrapped"]), st.booleans())
def test_generated_sections_are_found_exactly(sections: list[list[int]], layout: str,
                                             headings: bool) -> None:
    """Any runs of notes, in any of four layouts, with or without headings: every note with
    its number, and a new section exactly where the numbering goes back."""
    result = read_text_notes(_layout(sections, layout, headings), "g.txt")
    assert [note.n for note in result.notes] == [n for numbers in sections for n in numbers]
    assert [note.label for note in result.notes] == [str(n) for numbers in sections for n in numbers]
    got = [note.section for note in result.notes]
    expected = [s for s, numbers in enumerate(sections) for _ in numbers]
    assert [got[i] != got[i - 1] for i in range(1, len(got))] == [
        expected[i] != expected[i - 1] for i in range(1, len(expected))]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789 .\n[]^aZя-\u00ad\u00a0"), max_size=300))
def test_text_reader_never_raises(text: str) -> None:
    """Any text of digits, dots, brackets and line breaks: notes or lines, never an exception;
    every note carries its label."""
    result = read_text_notes(text, "h.txt")
    if result.format == "text":
        assert all(note.label is not None for note in result.notes)


# ---------------------------------------------------------------- real notes, real layouts


CORPUS = [p for split in ("train", "dev") for p in sorted((ROOT / "corpus" / split).glob("*.jsonl"))]


def _work(path: Path) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[1:]


def _corpus_file(notes: list[dict[str, Any]], layout: str) -> str:
    out: list[str] = []
    section: object = object()
    for note in notes:
        if note.get("section") != section and note.get("section") is not None:
            out += ["", f"Chapter {note['section']}", ""]
        section = note.get("section")
        if layout == "paragraphs":
            out += [f"{note['n']} {note['text']}", ""]
        elif layout == "lines":
            out.append(f"{note['n']}. {note['text']}")
        elif layout == "ebook":
            out += [str(note["n"]), note["text"]]
        else:
            out += textwrap.wrap(f"{note['n']} {note['text']}", 60)
    return "\n".join(out) + "\n"


# works the reader does not yet read whole, each with why; still_unread checks every one,
# so that a reader that learns to read them forces its entry out
_ALL = ("paragraphs", "lines", "ebook", "wrapped")
KNOWN_UNREAD: dict[str, dict[str, Any]] = {
    # batch 6, moved from the sealed split to dev on 2026-12-02: not every note is found in
    # these layouts; not yet diagnosed (the shapes are noted)
    "booksonline59245_lankov_severnaya_koreya.jsonl": {
        "layouts": ("paragraphs",),
        "why": "undiagnosed; five short runs with forward jumps (8 → 37, 40 → 88, 107 → 289)"},
    "litbaza123492_barenberg_ot_goroda_gulaga_ru_translation.jsonl": {
        "layouts": ("paragraphs", "lines", "wrapped"),
        "why": "undiagnosed; runs of a translation's endnotes with jumps between chapters"},
    "steil_marshall_plan.jsonl": {
        "layouts": ("paragraphs", "ebook", "wrapped"),
        "why": "undiagnosed; several chapters' runs, notes opening with an author and a year in "
               "brackets"},
    "wikireading244590_roberts_molotov_ru_translation.jsonl": {
        "layouts": ("ebook", "wrapped"),
        "why": "undiagnosed; a translation's note pages with restarts"},
    # batch 7, moved from the sealed split to dev on 2026-12-02 (the session after it was
    # scored): not every note is found in these layouts; not yet diagnosed
    "kramer_cwihp_bulletin_8_9_1956_crises.jsonl": {
        "layouts": ("lines", "wrapped"), "why": "undiagnosed; long notes of commentary with numbers in them"},
    # batch 8, moved from the sealed split to dev on 2026-12-02 (the session after it was
    # scored): not every note is found in these layouts; not yet diagnosed
    "suvorov_chief_culprit.jsonl": {
        "layouts": ("paragraphs",),
        "why": "two chapters' runs joined with a forward jump (note 8, then note 16 of the next run): "
               "as paragraphs, note 16 is read as the text of note 8"},
    # batch 11, moved from the sealed split to dev on 2026-12-02
    "vdocuments_pearson_eden_suez_reluctant_gamble.jsonl": {
        "layouts": _ALL,
        "why": "a work of one note: one numbered note alone is no evidence of notes, so the file is "
               "read as unnumbered paragraphs and its heading becomes a note"},
    # batch 13, moved from the sealed split to dev at the start of the next session
    "bibliboba_longworth_russia_once_and_future_empire.jsonl": {
        "layouts": ("paragraphs", "lines", "wrapped"),
        "why": "the page opens with the last note (33) of the chapter before, a fragment of one "
               "line; the chapter's notes from 1 follow without a heading, so 33 is not kept"},
    # batch 14, moved from the sealed split to dev at the start of the session after it was scored
    "bookreadfree251288_bass_blood_telegram.jsonl": {
        "layouts": ("wrapped",),
        "why": "excerpts of reader pages, one of them a single note (19) under its own heading "
               "right after 22–24: when lines are wrapped the lone lower number is still taken for "
               "a displaced note, not a restart"},
    "cameron_golodnaya_step_ru_translation.jsonl": {
        "layouts": ("lines", "wrapped"),
        "why": "a lone note 77 before a run from 91 of the same chapter: in line layouts the "
               "isolated 77 is not kept as a note"},
    "mybooks230286_egorev_operatsii_vladivostokskikh_kreiserov.jsonl": {
        "layouts": ("paragraphs", "ebook", "wrapped"),
        "why": "the excerpt opens with a lone note 3 (the tail of a chapter) before a chapter "
               "from 1: the lone 3 is not kept"},
    # batch 17, moved from the sealed split to dev at the start of the session after it was scored
    "lieven_russia_against_napoleon.jsonl": {
        "layouts": _ALL,
        "why": "excerpts of chapters: one ends at note 32 and the next, under its own heading, "
               "starts at 32 again; the repeated number is read as a note printed twice, not as a "
               "new section"},
    # batch 19, moved from the sealed split to dev at the start of the session after it was scored
    "dafp_v21_anzus_treaty.jsonl": {
        "layouts": _ALL,
        "why": "documents with one to five editors' notes each, many of them cross-references "
               "('Document 34.') or dates ('29 January. It reported …') that do not read as "
               "references: the short runs from 1 under their headings are dropped"},
    "dafp_v07_1944.jsonl": {
        "layouts": ("wrapped",),
        "why": "in the wrapped layout a wrapped line that opens with a number is read as a note "
               "of its own"},
    # batch 22, moved from the sealed split to dev at the start of the session after it was scored
    "dafp_v10_1946_july_december.jsonl": {
        "layouts": ("ebook",),
        "why": "a note opens 'On 4 July, ...': under its own number in the e-book layout, the 4 reads "
               "as the next note's number displaced into the text"},
    "dafp_v13_1948_indonesia.jsonl": {
        "layouts": ("wrapped",),
        "why": "numbers wrapped to a line's start inside notes ('Article 1 of Document 24', "
               "'dispatched on 9 / February') read as the next note's, in the e-book and wrapped layouts"},
    # batch 23, moved from the sealed split to dev at the start of the session after it was scored
    "dafp_v01_1937_38.jsonl": {
        "layouts": ("wrapped",),
        "why": "undiagnosed: in the wrapped layout the first note is lost and about 30 notes of the "
               "short runs after it (the notes '? organise.' are read since the twenty-seventh session)"},
    # batch 28, moved from the sealed split to dev at the start of the session after it was scored
    "frus_1949_v07p1_far_east_indochina.jsonl": {
        "layouts": ("paragraphs", "ebook"),
        "why": "the excerpt opens with a lone note 1 (a chapter's editorial note) before a document "
               "whose source note is 0: the lone 1 before a 0 is not kept"},
}


def _read_whole(path: Path, layout: str) -> bool:
    notes = _work(path)
    result = read_text_notes(_corpus_file(notes, layout), path.name)
    if [n.n for n in result.notes] != [n["n"] for n in notes]:
        return False
    got = [n.section for n in result.notes]
    restarts = [notes[i]["n"] <= notes[i - 1]["n"] for i in range(1, len(notes))]
    return [got[i] != got[i - 1] for i in range(1, len(got))] == restarts


@pytest.mark.skipif(not CORPUS, reason="the labelled corpus (corpus/train, corpus/dev) is not here")
@pytest.mark.parametrize(("name", "layout"), [(k, lay) for k, v in KNOWN_UNREAD.items() for lay in v["layouts"]])
def test_known_unread_works_are_still_unread(name: str, layout: str) -> None:
    """Each listed work and layout still fails: when the reader learns it, unlist it."""
    path = next((p for p in CORPUS if p.name == name), None)
    assert path is not None, f"{name} is no longer in the corpus: unlist it"
    assert not _read_whole(path, layout), f"{name} is now read whole in {layout}: unlist it"


@pytest.mark.skipif(not CORPUS, reason="the labelled corpus (corpus/train, corpus/dev) is not here")
@pytest.mark.parametrize("layout", ["paragraphs", "lines", "ebook", "wrapped"])
def test_real_notes_of_every_corpus_work_are_found(layout: str) -> None:
    """The notes of every work in corpus/train and corpus/dev (real notes with gaps, chapter
    restarts, FRUS documents' single notes 0 and 1), written out in four layouts: every note
    comes back with its number, and a section starts wherever the numbering goes back."""
    lost = [path.name for path in CORPUS
            if layout not in KNOWN_UNREAD.get(path.name, {}).get("layouts", ()) and not _read_whole(path, layout)]
    assert lost == []


@pytest.mark.parametrize(("text", "n", "body"), [
    ("1 Source: Eisenhower Library, Whitman File, DDE Diaries. Secret.\n", 1, "Source: Eisenhower Library"),
    ("12. Ibid., p. 4.\n", 12, "Ibid., p. 4."),
    ("Ibid., p. 4.\n", 1, "Ibid., p. 4."),
    # a FRUS document's source note, numbered 0 (it had kept "0." in its text, as note 1)
    ("0. Source: Department of State, Secretary’s Memoranda of Conversation: Lot 65 D 330. Secret.\n", 0,
     "Source: Department of State"),
])
def test_a_file_of_one_numbered_note_keeps_its_number_out_of_the_text(text: str, n: int, body: str) -> None:
    """A FRUS document's only note ("1 Source: …") or one note pasted alone: its number is the
    note's, not the first word of its text (the archive after "Source:" was read as a title)."""
    (note,) = read_text_notes(text, "one.txt").notes
    assert (note.n, note.text.startswith(body)) == (n, True)


def test_ebook_note_whose_text_opens_with_a_number_keeps_its_own_number() -> None:
    """A number alone on its line, then a note that opens with a number (a statute, a
    document number): the text belongs to the number above it, and is not a note of its own."""
    text = ("1\nRishi Sunak, Undersea Cables (London: Policy Exchange, 2017), 12.\n"
            "2\n3 USC 301, https://www.govinfo.gov/content/pkg/USCODE-2018-title3/pdf/x.pdf.\n"
            "3\n10 USC 113, https://www.govinfo.gov/content/pkg/USCODE-2018-title10/pdf/x.pdf.\n"
            "4\nIbid.\n")
    notes = read_text_notes(text, "e.txt").notes
    assert [n.n for n in notes] == [1, 2, 3, 4]
    assert notes[1].text.startswith("3 USC 301")
    assert notes[2].text.startswith("10 USC 113")


@pytest.mark.parametrize(("text", "numbers"), [
    # a document number wrapped to the next line, then a note that restarts the numbering
    ("2 Delivered on February 15; see Document 110.\n3 Reference is to the notes exchanged on\n"
     "December 10, 1954; see Document\n3.\n\nChapter 120\n\n1 Source: Department of State, Central\n"
     "Files, 611.95A241/2-1855. Secret.\n2 See Document 242.\n", [2, 3, 1, 2]),
    # a day wrapped after its month, in a document's source note
    ("2 Delivered on February 15; see Document 110.\n3 See Document 111.\n1 Source: Department of\n"
     "State, Central Files, 674.84A/8-3155. Secret. Received at 3 a.m., September\n1. Repeated to\n"
     "Cairo.\n2 See Document 242.\n3 Not found.\n", [2, 3, 1, 2, 3]),
    # a leaf number wrapped alone onto its line before the next note (a guard: the reading of
    # a number alone on its line followed by a note must not take it)
    ("2 Chen Jian, Mao's China and the Cold War (Chapel Hill, 2001), 18.\n3 Там же. Л.\n20.\n"
     "21 Там же. Л. 41.\n22 Там же. Л. 42.\n", [2, 3, 21, 22]),
])
def test_a_number_the_line_before_asks_for_is_not_a_note(text: str, numbers: list[int]) -> None:
    """A line that ends in what a number follows ("see Document", a month, "Л."): a number
    opening the next line continues it, and is not read as a note."""
    assert [n.n for n in read_text_notes(text, "w.txt").notes] == numbers


@pytest.mark.parametrize(("text", "numbers", "body"), [
    # an editor's doubtful reading of a garbled word in a cablegram is a note of its own
    ("5 Dated 2 June 1939, not printed, on file AA: A981, Trade 12, ii.\n6 Ibid. Repeated to London.\n"
     "7 ? failing.\n8 Not found.\n9 F.K. Officer.\n", [5, 6, 7, 8, 9], "? failing."),
    # a source note typed in lower case, between documents that each have one note
    ("1 Source: Department of State, Central Files, 884A.424/2-2758. Secret.\n"
     "1 Source: Eisenhower Library, Whitman File, Dulles-Herter Series.\n"
     "1 source: Department of State, Central Files, 320.511/3-658. Secret.\n"
     "2 Copies of telegrams 967 and 969 are ibid., 320.511/3-558.\n"
     "1 Source: Department of State, Central Files, 684A.85322/3-2758. Confidential.\n"
     "2 See Document 4.\n", [1, 1, 1, 2, 1, 2], "source: Department of State"),
])
def test_notes_that_open_unusually_are_still_notes(text: str, numbers: list[int], body: str) -> None:
    """A note that opens with a question mark before a word, or a lower-case "source:", keeps
    its number (a question mark alone before the text, or a lower-case word, continues one)."""
    notes = read_text_notes(text, "q.txt").notes
    assert [n.n for n in notes] == numbers
    assert any(n.text.startswith(body) for n in notes)
    # a question mark that closes a sentence wrapped onto the next line stays in its note
    assert [n.n for n in read_text_notes("1 Was it sent\n2 ?\n2 Ibid., p. 4.\n", "q.txt").notes] == [1, 2]
