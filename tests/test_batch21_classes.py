"""Classes of failure read from the notes of batch 21 (sealed, scored once, then moved to
corpus/dev). The first is how a document collection's notes are found in a whole file: each
document's editors' notes restart at 1 (or at a source note 0) under a heading, and many runs
hold no note that reads as a reference (a person named, "Not printed.", "Document 12."). The
texts are written here in the forms those volumes use. Each class test fails on the code before
this change; the guards mark the repair's limits. The second is the files the Australian
documents volumes cite as the Department of Foreign Affairs' ("FA:A3195, 1942, 1.34188")."""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note
from refcli.readers.text import read_text_notes
from refcli.registry import Registry


def _collection(documents: list[list[str]], first: int = 40) -> str:
    out = []
    for k, notes in enumerate(documents):
        out += ["", f"{first + k}", ""]
        out += [f"{n} {text}" for n, text in enumerate(notes, start=1)]
    return "\n".join(out) + "\n"


def _numbers(text: str) -> list[int]:
    return [note.n for note in read_text_notes(text, "x").notes]


# documents whose notes are mostly glosses; every other one cites a file
_GLOSSES = [
    ["Repeated to the Legation in Chungking as no. 12.", "Lord Halifax.", "Sumner Welles."],
    ["Not printed.", "General Sikorski."],
    ["On file AA:A1608, B41/1/7, ii.", "Dispatched 4 May. On file AA:A981, Far East 20B, iii.",
     "See Documents on Australian Foreign Policy, vol. IV, Document 212, p. 301."],
    ["Sir Owen Dixon.", "Not printed."],
    ["Admiral Sir Guy Royle.", "The Netherlands Minister in Canberra."],
    ["Dr H. V. Evatt."],
    ["Cablegram 402 of 9 June, on file AA:A3195, 1941, 1.6621.", "Ibid., 1.6690.",
     "For the reply see file AA:A1608, B41/1/7, iii, p. 12."],
]


def test_a_document_collections_gloss_runs_between_cited_ones_are_notes() -> None:
    text = _collection(_GLOSSES)
    want = [n for notes in _GLOSSES for n in range(1, len(notes) + 1)]
    assert _numbers(text) == want
    sections = {note.section for note in read_text_notes(text, "x").notes}
    assert len(sections) == len(_GLOSSES)


def test_the_runs_before_the_first_cited_document_are_notes_from_their_first_reference() -> None:
    # FRUS documents: a source note 0, then cross-references and glosses; the first runs hold
    # one reference each (the source note), a third of their notes or fewer
    docs = [
        ["Source: Eisenhower Library, Whitman File, NSC Series. Secret.", "Document 61.",
         "Not printed.", "Not found."],
        ["Source: Department of State, S/P Files: Lot 67 D 548, Trade. Confidential.",
         "Document 63.", "Printed from an unsigned copy.", "The word was added by hand.",
         "Not printed."],
        ["Source: Department of State, Central Files, 460.509/3-1455. Secret.",
         "Ibid., 460.509/3-1655.", "See Foreign Relations, 1952-1954, vol. I, Part 2, pp. 817-823.",
         "Department of State Bulletin, March 21, 1955, p. 475."],
    ]
    text = "\n".join("\n".join(["", f"Document {60 + k}", ""] + [f"{n} {t}" for n, t in enumerate(d)])
                     for k, d in enumerate(docs)) + "\n"
    assert _numbers(text) == [0, 1, 2, 3, 0, 1, 2, 3, 4, 0, 1, 2, 3]


_CHAPTER_NOTES = ["1 GARF, f. 5446, op. 98, d. 704, l. 101.", "2 Ibid., l. 102.",
                  "3 RGANI, f. 52, op. 1, d. 555, ll. 80-88."]


def _only_the_chapter_notes(text: str) -> None:
    notes = read_text_notes(text, "x").notes
    assert [n.n for n in notes] == [1, 2, 3]
    assert notes[0].text.startswith("GARF")


def test_guard_a_numbered_list_without_references_before_the_notes_stays_out() -> None:
    text = "\n".join([
        "The committee named three aims:",
        "1 to end the blockade,",
        "2 to hold the conference,",
        "3 to keep the allies together.",
        "",
        "Notes to chapter 2",
        "",
        *_CHAPTER_NOTES,
    ]) + "\n"
    _only_the_chapter_notes(text)


def test_guard_a_numbered_list_in_the_body_set_apart_by_running_text_stays_out() -> None:
    body = ["This paragraph of running text discusses the negotiations at some length."] * 14
    text = "\n".join([
        "1 Sir Owen Dixon.", "2 Not printed.", "",
        *body, "",
        *_CHAPTER_NOTES,
    ]) + "\n"
    _only_the_chapter_notes(text)


def test_gloss_runs_that_end_a_collection_are_notes_when_no_running_text_follows() -> None:
    docs = [*_GLOSSES, ["Sir Frederic Eggleston.", "Not printed."], ["Lord Cranborne.", "Not found."]]
    want = [n for notes in docs for n in range(1, len(notes) + 1)]
    assert _numbers(_collection(docs)) == want
    # the same runs with a paragraph of running text after them are a list in the body
    prose = "\nThe minister then turned to the question of the Pacific War Council and its sittings.\n"
    assert _numbers(_collection(docs) + prose) == want[:-4]


# -- "FA:A3195, 1942, 1.34188" -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shelfmark"), [
    ("In series FA: A3195, 1.2231. It anticipated this cablegram.", "DFAT, A3195, 1.2231"),
    ("FA:A3195, 1943, 1.41876.", "DFAT, A3195, 1943, 1.41876"),
    ("Dispatched 2 March. In FA:A3830, packet inwards 1944 Most Secret, 1.120 to 1.455.",
     "DFAT, A3830, packet inwards 1944 Most Secret, 1.120 to 1.455"),
])
def test_the_department_of_foreign_affairs_files(text: str, shelfmark: str, registry: Registry) -> None:
    archival = [(c.archive, c.shelfmark) for c in parse_note(text, registry).citations if c.kind == "archival"]
    assert archival == [("DFAT", shelfmark)]


@pytest.mark.parametrize("text", [
    "FA: the abbreviation is explained in the introduction.",
    "The FA Cup final of 1946 was played at Wembley.",
    "SOFA: A3195 is no file.",
])
def test_guard_fa_names_the_department_only_before_a_series(text: str, registry: Registry) -> None:
    assert all(c.archive != "DFAT" for c in parse_note(text, registry).citations)
