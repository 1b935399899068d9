"""Each class of citation issue 10 names, on real notes from the corpus's train split.

A note is read in its work (every note of the work parsed, then resolved, as `refcli parse`
does), and what the scorer of ../shared/eval measures is compared with the note's gold
labels: the kinds of its citations, the authors' family names, years and pages, and where
back-references point.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from refcli.fold import fold
from refcli.model import Document, Note
from refcli.parsers.note import parse_note
from refcli.registry import Registry
from refcli.resolver import resolve

from .conftest import ROOT

TRAIN = ROOT / "corpus" / "train"

# (class, work, section, note number)
CASES = [
    ("short form with et al.", "historypress_stalin_notes", "4", 1),
    ("short form with и др.", "kotkin_stalin2_ru_translation", None, 366),
    ("short form with a volume", "dobbs_down_with_big_brother", "p79", 46),
    ("Russian short form", "booksonline123904_bolshevik_power_1918", "p138", 1),
    ("Там же after a reference", "khrushcheva_khrushchev_vozhd", None, 509),
    ("Там же changing the delo", "felshtinsky_chernyavsky_trotsky_bolshevik", None, 747),
    ("a full reference without an imprint", "applebaum_gulag_notes", "work", 19),
    ("an imprint without brackets", "cyberleninka_vostochnaya_evropa_yalta_us_diplomats", None, 24),
    ("an imprint in brackets", "fursenko_naftali_khrushchevs_cold_war", "13", 5),
    ("a journal article with volume and year", "miller_anderson_berdyaev", None, 12),
    ("two authors joined by &", "cyberleninka_vostochnaya_evropa_yalta_us_diplomats", None, 23),
    ("a translator", "applebaum_iron_curtain", "church", 54),
    ("edited and translated by", "historypress_stalin_notes", "2", 2),
    ("after 'See'", "applebaum_iron_curtain", "church", 50),
    ("after 'Cited in'", "historypress_stalin_notes", "2", 1),
    ("after 'Цит. по:'", "khrushcheva_khrushchev_vozhd", None, 503),
    ("'published in' inside commentary", "dobbs_down_with_big_brother", "p81", 105),
    ("a newspaper, then 'According to' commentary", "dobbs_down_with_big_brother", "p79", 61),
    ("in brackets after commentary", "applebaum_iron_curtain", "camps", 65),
    ("after a sentence of commentary", "roberts_stalins_library", "2", 1),
    ("op. cit. after a family name", "fursenko_naftali_khrushchevs_cold_war", "12", 111),
    ("Указ. соч. after initials", "booksonline145557_soviet_economy_1920s", None, 70),
]


@cache
def _work(name: str) -> tuple[list[dict[str, Any]], dict[tuple[Any, int], Note]]:
    registry = Registry.load()
    lines = (TRAIN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(x) for x in lines[1:] if x.strip()]
    notes = tuple(Note(g["n"], g["text"], parse_note(g["text"], registry).citations,
                       section=g.get("section")) for g in gold)
    doc = resolve(Document(name, notes))
    return gold, {(n.section, n.n): n for n in doc.notes}


def _plain(value: Any) -> str:
    """Pages compared as the eval's scorer does: letters and digits, dashes as '-'."""
    text = str(value or "").lower().replace("–", "-").replace("—", "-")
    return "".join(ch for ch in text if ch.isalnum() or ch == "-")


def _families(people: list[Any]) -> set[str]:
    out = set()
    for p in people:
        name = p.get("family", "") if isinstance(p, dict) else str(p)
        name = unicodedata.normalize("NFKD", fold(name)).replace(" ", "")
        if name:
            out.add(name)
    return out


@pytest.mark.parametrize(("label", "work", "section", "n"), CASES, ids=[c[0] for c in CASES])
def test_class_of_citation_read_as_labelled(label: str, work: str, section: Any, n: int) -> None:
    """The note's citations have the gold kinds, authors, years, pages and targets."""
    gold, parsed = _work(work)
    note = next(g for g in gold if g["n"] == n and g.get("section") == section)
    got = [c.to_json() for c in parsed[(section, n)].citations]
    assert Counter(c["kind"] for c in got) == Counter(c["kind"] for c in note["citations"])
    for g in note["citations"]:
        same = [c for c in got if c["kind"] == g["kind"]]
        if g.get("authors"):
            assert any(_families(g["authors"]) <= _families(c.get("authors", [])) for c in same), g
        if g.get("year"):
            assert any(c.get("year") == g["year"] for c in same), g
        if g.get("pages"):
            assert any(_plain(c.get("pages")) == _plain(g["pages"]) for c in same), g
        if g["kind"] in ("ibid", "op_cit") and "target" in g:
            assert any(c.get("target") == g["target"] for c in same), g


def test_cases_come_from_the_train_split() -> None:
    """Every case names a work of corpus/train (never dev or the sealed test)."""
    for _, work, _, _ in CASES:
        assert (TRAIN / f"{work}.jsonl").is_file(), work
    assert not any(Path(ROOT / "corpus" / "test" / f"{w}.jsonl").exists() for _, w, _, _ in CASES)


def test_reference_like_text_is_never_dropped(registry: Registry) -> None:
    """A clause with a page locator that no citation took becomes `other` with a
    citation-unparsed slip; a cross-reference ("see above, p. 14") is `other` without one;
    an item before '//' goes to the citation after it."""
    from refcli.model import Citation
    from refcli.parsers.note import _place_unread, _unparsed

    text = "He says so in the memo of 12 May, p. 45; see above, p. 14"
    found = _unparsed(text, [])
    assert [c.kind for c in found] == ["other", "other"]
    assert found[0].pages == "45"
    assert found[1].raw == "see above, p. 14"
    text = "Записка № 3561/б // РГАСПИ. Ф.17. Оп.171. Д.378. Л.1–2."
    unit = Citation("archival", "РГАСПИ. Ф.17. Оп.171. Д.378. Л.1–2", start=text.index("РГАСПИ"),
                    end=len(text) - 1)
    item = Citation("other", "Записка № 3561/б", start=0, end=16)
    kept, rest, _ = _place_unread(text, [unit], [item])
    assert rest == []
    assert kept[0].item_title == "Записка № 3561/б"


def test_documents_in_published_collections(registry: Registry) -> None:
    """A document printed in a collection is the collection with the document's own
    `item_title` and date; an Ibid. after it stands for the collection with a new item."""
    from refcli.pipeline import parse_read_result
    from refcli.readers.text import read_text_notes

    text = ("1 Memorandum of conversation, June 3, 1961, FRUS, 1961–1963, vol. 5, pp. 182–97.\n"
            "2 Rusk to Kennedy, June 5, 1961, ibid., p. 201.\n"
            "3 Molotov to Stalin, 12 May 1945, in Sovetsko-amerikanskie otnosheniia, 1939–1945 "
            "(Moscow, 2004), p. 654.\n")
    doc = parse_read_result(read_text_notes(text, "t.txt"), registry)
    (first,), (ibid,), (third,) = (n.citations for n in doc.notes)
    assert (first.kind, first.title, first.volume, first.pages) == ("book", "FRUS, 1961–1963", "5", "182-97")
    assert (first.item_title, first.date) == ("Memorandum of conversation", "1961-06-03")
    assert (ibid.kind, ibid.target, ibid.status) == ("ibid", 1, "resolved")
    assert ibid.resolved.title == "FRUS, 1961–1963"
    assert ibid.resolved.item_title == "Rusk to Kennedy, June 5, 1961"
    assert ibid.resolved.pages == "201"
    assert (third.title, third.item_title, third.date, third.year) == (
        "Sovetsko-amerikanskie otnosheniia, 1939–1945", "Molotov to Stalin", "1945-05-12", "2004")
