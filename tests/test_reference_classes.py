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
    ("dotted short form: family name alone, title, page", "gosudarstvo_natsiy_martin_chapter_ru", None, 159),
    ("a collection's title opening with a noun, not a name", "velikanova_konstitutsiya_1936", None, 91),
    ("a name run holding a lower-case word ('the psychiatrist')", "kovalev_russias_dead_end_notes", "foreword", 1),
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



@pytest.mark.parametrize(("text", "family", "title", "pages"), [
    # the train split's form (kotkin_stalin2_ru_translation, note 597), read in its work
    ("Кен. Москва и пакт. С. 113–114.", "ken", "Москва и пакт", "113-114"),
    # the same form written here, alone in its note, with commentary after it, after "См.:"
    ("Тарле. Наполеон. С. 112.", "tarle", "Наполеон", "112"),
    ("Тарле. Наполеон. С. 112. Здесь автор спорит с Вандалем.", "tarle", "Наполеон", "112"),
    ("См.: Тарле. Наполеон. С. 112–114.", "tarle", "Наполеон", "112-114"),
    # a title abbreviated in capitals (the labeller alone takes the name for its first word)
    ("Зиновьев. ИККИ. С. 9.", "zinovev", "ИККИ", "9"),
    # commentary after it that the labeller alone reads as the whole note's sense
    ("Бухарин. Об основах ленинизма. С. 21. В этом исследовании произведения.", "bukharin",
     "Об основах ленинизма", "21"),
])
def test_dotted_short_form(text: str, family: str, title: str, pages: str, registry: Registry) -> None:
    """The family name alone, a full stop, the short title and the page is a short form by
    that author, in Cyrillic as in Latin script."""
    (c,) = parse_note(text, registry).citations
    assert (c.kind, _families([{"family": p.family} for p in c.authors]), c.title, c.pages, c.short_form) == (
        "book", {family}, title, pages, True)


@pytest.mark.parametrize("text", ["Лубянка. Сталин и ВЧК-ГПУ-ОГПУ-НКВД. С. 748.", "Правда. Передовая. С. 1."])
def test_dotted_title_is_no_short_form_by_an_author(text: str, registry: Registry) -> None:
    """A collection's title that opens with a noun, or a newspaper's name, is no author."""
    assert all(not c.authors for c in parse_note(text, registry).citations)


def test_a_sentence_before_a_short_form_is_no_part_of_the_name(registry: Registry) -> None:
    """``… their friendship with Lenin in Krupskaya, Title, p. 35.``: the labeller may open the
    author at a lower-case word of the sentence; the name begins after the last of them, and
    a family name alone makes the reference a short form."""
    text = ("Her letters give a long account of the exile and friendship with Lenin in Krupskaya, "
            "Vospominaniia o Lenine, p. 35.")
    cites = [c for c in parse_note(text, registry).citations if c.authors]
    assert [(p.family, p.given) for c in cites for p in c.authors] == [("Krupskaya", None)]
    assert cites[0].short_form


@pytest.mark.parametrize(("text", "title", "pages"), [
    ("Внешняя политика СССР накануне войны. С. 604.", "Внешняя политика СССР накануне войны", "604"),
    ("ГАРФ. Ф. 5446. Оп. 1. Д. 3. Л. 5; Внешняя политика СССР накануне войны. Т. 2. С. 60.",
     "Внешняя политика СССР накануне войны", "60"),
    ("Documents on Polish-Soviet Relations. P. 299.", "Documents on Polish-Soviet Relations", "299"),
    # two words the labeller alone reads as nothing
    ("Revolution Betrayed. P. 12.", "Revolution Betrayed", "12"),
    ("Socialist Construction. P. 45.", "Socialist Construction", "45"),
])
def test_dotted_title_alone_is_a_short_form(text: str, title: str, pages: str, registry: Registry) -> None:
    """A collection's title alone, a full stop and the page, where nothing else was read in
    the clause: the short form of a work cited in full before."""
    books = [c for c in parse_note(text, registry).citations if c.kind == "book"]
    assert [(c.title, c.pages, c.short_form, c.authors) for c in books] == [(title, pages, True, ())]


def test_a_translation_in_brackets_after_a_quoted_title_or_a_newspaper(registry: Registry) -> None:
    """``“Transliterated title” (English translation), 106–7.``: the translation is no part of
    the title, and a quoted title nothing publishes as a book is an article's short form;
    ``Pravda (Truth), December 17, 1949.`` is the newspaper of that day."""
    (c,) = parse_note("“Stalin i kitaiskaia revoliutsiia” (Stalin and the Chinese Revolution), 106–7.",
                      registry).citations
    assert (c.kind, c.title, c.title_translated, c.pages, c.short_form) == (
        "article", "Stalin i kitaiskaia revoliutsiia", "Stalin and the Chinese Revolution", "106-7", True)
    (paper,) = parse_note("Izvestiia (News), March 5, 1953.", registry).citations
    assert (paper.kind, paper.container, paper.date) == ("article", "Izvestiia", "1953-03-05")
