"""Abbreviations a note defines ("(hereafter RR)") and the later citations that use them.

The notes are constructed in the forms the corpus's train split shows (Chicago "henceforth"
glosses, FRUS "hereafter cited as", GOST "(далее — ...)")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refcli.parsers.glosses import acronyms, glosses, masked
from refcli.pipeline import parse_read_result
from refcli.readers.text import read_text_notes
from refcli.registry import Registry
from refcli.resolver import RESOLVED

from .conftest import ROOT

REGISTRY = Registry.load(ROOT / "archives.json")


@pytest.mark.parametrize(("text", "abbreviation"), [
    ("Richard Pipes, The Russian Revolution (New York: Knopf, 1990), 45 (hereafter RR).", "RR"),
    ("Gregory, On the Soul (Washington: CUA Press, 1967), 270. (Henceforth OSR).", "OSR"),
    ("Bulgakov, “Hypostasis,” SVTQ 49 (2005): 27. (Henceforth “HH”).", "HH"),
    ("Declassified Documents, 1977, 73B (hereinafter cited as DDRS).", "DDRS"),
    ("Foreign Relations, 1955–1957, vol. V, p. 3, hereafter cited as FRUS 1955–1957.", "FRUS 1955–1957"),
    ("История КПСС (далее — КПСС). Т. 3. М., 1968. С. 53.", "КПСС"),
    ("Мерль Файнсод. Смоленск при советской власти. Кембридж, 1958, с. 240. (Далее «М. Файнсод»)",
     "М. Файнсод"),
])
def test_a_gloss_gives_its_abbreviation(text: str, abbreviation: str) -> None:
    (g,) = glosses(text)
    assert g.abbreviation == abbreviation
    assert text[g.start : g.end].startswith(("(", "hereafter"))


@pytest.mark.parametrize("text", [
    "He hereafter refused to sign (1956), p. 4.",
    "The committee, hereafter, met weekly.",
    "Pipes, The Russian Revolution (New York: Knopf, 1990), 45.",
])
def test_prose_is_no_gloss(text: str) -> None:
    assert glosses(text) == []


@given(st.text(max_size=300))
def test_masking_keeps_every_offset(text: str) -> None:
    out = masked(text)
    assert len(out) == len(text)
    for g in glosses(text):
        assert out[g.start : g.end].strip() == ""


def _doc(*notes: str):
    text = "\n".join(f"{i} {body}" for i, body in enumerate(notes, 1))
    return parse_read_result(read_text_notes(text, "t.txt"), REGISTRY)


def _cites(doc, n: int):
    return next(note for note in doc.notes if note.n == n).citations


def test_the_gloss_stays_out_of_the_reference() -> None:
    doc = _doc("Вишневский А. Г. Серп и рубль. М.: ОГИ, 1998 (далее — СиР). С. 5.",
               "Там же. С. 6.", "Там же. С. 7.")
    (c,) = _cites(doc, 1)
    assert c.title == "Серп и рубль"
    assert (c.city, c.year, c.pages) == ("Moscow", "1998", "5")


def test_a_later_citation_by_the_abbreviation_is_an_op_cit_of_the_glossed_work() -> None:
    doc = _doc("Richard Pipes, The Russian Revolution (New York: Knopf, 1990), 45 (hereafter RR).",
               "RR, 371.",
               "See John Smith, Becoming Men (London: Faber, 1999), 12; RR, p. 113.")
    (two,) = _cites(doc, 2)
    assert (two.kind, two.target, two.status, two.pages) == ("op_cit", 1, RESOLVED, "371")
    assert two.resolved is not None
    assert two.resolved.title == "The Russian Revolution"
    smith, rr = _cites(doc, 3)
    assert smith.kind == "book"
    assert smith.target is None
    assert (rr.kind, rr.target, rr.pages) == ("op_cit", 1, "113")


def test_another_volume_of_an_abbreviated_series_is_a_new_citation() -> None:
    doc = _doc("Foreign Relations of the United States, 1955–1957, vol. 5 (Washington: GPO, 1988), "
               "12 (hereafter FRUS).",
               "FRUS, vol. 8, p. 15.",
               "FRUS, p. 16.")
    (eight,) = _cites(doc, 2)
    assert eight.kind != "op_cit"
    assert eight.target is None
    (same,) = _cites(doc, 3)
    assert (same.kind, same.target) == ("op_cit", 1)


def test_an_abbreviation_in_quotes_after_a_lead_in_or_shared_with_an_archive_is_the_glossed_work() -> None:
    """The note's own definition wins: "(Henceforth BL)" makes "BL, 115" the book, not the
    British Library; a quoted abbreviation ("“KM,” 2:244") and one after "Cf." are uses too."""
    doc = _doc("Sergii Bulgakov, The Bride of the Lamb, trans. Boris Jakim (Grand Rapids, MI: "
               "Eerdmans, 2002), 149, emphasis original. (Henceforth BL).",
               "Sergii Bulgakov, “Karl Marks kak religioznyi tip,” in Sochineniia, ed. I. B. "
               "Rodnianskaia (Moscow: Nauka, 1993), 2:246. (Henceforth “KM”). Translations are mine.",
               "BL, 115.",
               "“KM,” 2:244. Bulgakov had begun to critique Marxism before 1906.",
               "Ramelli, Social Justice, 184. Cf. BL, 242: “since it is the nature of evil.”")
    (bl,) = _cites(doc, 3)
    assert (bl.kind, bl.target, bl.pages, bl.archive) == ("op_cit", 1, "115", None)
    (km,) = _cites(doc, 4)
    assert (km.kind, km.target, km.volume, km.pages) == ("op_cit", 2, "2", "244")
    cf = _cites(doc, 5)[-1]
    assert (cf.kind, cf.target, cf.pages, cf.raw) == ("op_cit", 1, "242", "BL, 242")


def test_an_archive_with_levels_stays_an_archive_whatever_the_glosses() -> None:
    doc = _doc("Sergii Bulgakov, The Bride of the Lamb (Grand Rapids, MI: Eerdmans, 2002), 149 (Henceforth BL).",
               "BL, Add MS 41234, f. 12.")
    (c,) = _cites(doc, 2)
    assert c.kind == "archival"


def test_an_abbreviation_used_after_a_sentence_of_commentary_is_the_glossed_work() -> None:
    """The resolver finds a use the parser left in commentary after a full stop or a quoted
    sentence, not only at a clause's start (here the parser read nothing after the first)."""
    from refcli.model import Citation, Document, Note, Person
    from refcli.resolver import resolve

    one = "Richard Pipes, The Russian Revolution (New York: Knopf, 1990), 5. (Henceforth RR)."
    pipes = Citation(kind="book", raw=one[:63], start=0, end=63, authors=(Person("Pipes", "Richard"),),
                     title="The Russian Revolution", year="1990", pages="5")
    two = "RR, 74. He adds: “What was free was never bound.” RR, 75. Smith disagrees. RR, 80-82."
    first = Citation(kind="op_cit", raw="RR, 74", start=0, end=6, title="RR", pages="74", short_form=True)
    doc = resolve(Document("t", (Note(1, one, (pipes,)), Note(2, two, (first,)))))
    got = [(c.kind, c.target, c.pages) for c in doc.notes[1].citations]
    assert got == [("op_cit", 1, "74"), ("op_cit", 1, "75"), ("op_cit", 1, "80-82")]


def test_the_full_stop_after_a_gloss_stays_out_of_the_pages() -> None:
    from refcli.parsers.assemble import repair
    from refcli.parsers.sequence import note_sequence

    text = "Pipes, The Russian Revolution, 5.10. (Henceforth RR)."
    seq = note_sequence(text, Registry.load())
    labels = ["B-author", "author"] + ["title"] * 4 + ["pages"] * 5
    assert len(seq.tokens) == len(labels), [t.text for t in seq.tokens]
    assert repair(seq, labels)[-1] == "O"


def test_a_gloss_in_square_brackets_and_its_use_after_a_document_description() -> None:
    """Train form (Fursenko and Naftali; the FRUS history articles): "[hereafter Message]",
    then "Letter from Seward to Wood, May 1, 1861, Message, 311." citing the item in it."""
    text = ("Letter from Seward to Schurz, April 27, 1861, Message of the President (Washington: "
            "Government Printing Office, 1861) [hereafter Message], 257.")
    (g,) = glosses(text)
    assert g.abbreviation == "Message"
    assert masked(text) == text  # the labeller sees square-bracket glosses as it was trained to
    from refcli.model import Citation, Document, Note
    from refcli.resolver import resolve

    start = text.index("Message of")
    book = Citation(kind="book", raw=text[start:-1], start=start, end=len(text) - 1,
                    title="Message of the President", year="1861", pages="257")
    two = "Letter from Seward to Wood, May 1, 1861, Message, 311. See also the Times, 4 May 1861."
    doc = resolve(Document("t", (Note(1, text, (book,)), Note(2, two, ()))))
    (c,) = doc.notes[1].citations
    assert (c.kind, c.target, c.pages, c.raw) == ("op_cit", 1, "311", "Message, 311")


@pytest.mark.parametrize(("text", "abbreviation"), [
    ("Hugo Grotius, De Jure Belli ac Pacis (DJBP) 2.8.1.2.", "DJBP"),
    ("Akten zur Auswärtigen Politik der Bundesrepublik Deutschland (AAPBD), 1977, doc. 12.", "AAPBD"),
    ("Foreign Relations of the United States (FRUS), 1961–1963, vol. 5, p. 12.", "FRUS"),
])
def test_an_acronym_in_brackets_after_the_words_it_abbreviates_is_defined(text: str, abbreviation: str) -> None:
    (g,) = acronyms(text)
    assert g.abbreviation == abbreviation
    assert text[g.start : g.end] == f"({abbreviation})"
    assert glosses(text) == []  # (not a gloss: the reference's reader still sees the brackets)


@pytest.mark.parametrize("text", [
    "Several reports of 1958 (USSR) survive.",  # a year, not the words
    "the Communist Party (CPSU) decided",  # lower-case words do not abbreviate to capitals
    "Communist Party of the Soviet Union (KPSS).",  # another language's initials
    "Moscow, 1990. (MS)",  # after a full stop: no words to abbreviate
])
def test_brackets_that_do_not_spell_the_words_before_them_define_nothing(text: str) -> None:
    assert acronyms(text) == []


@given(st.text(max_size=300))
def test_acronyms_never_fail(text: str) -> None:
    for g in acronyms(text):
        assert text[g.start] == "("
        assert text[g.end - 1] == ")"


def test_a_later_note_citing_a_work_by_its_bracketed_acronym_is_an_op_cit_of_it() -> None:
    doc = _doc("Hugo Grotius, De Jure Belli ac Pacis (DJBP) 2.8.1.2 (Oxford: Clarendon Press, 1925).",
               "Stephen Krasner, Sovereignty: Organized Hypocrisy (Princeton: Princeton University Press, 1999), 3.",
               "DJBP Prolegomena, 11.",
               "DJBP 3.4.15.1–2.",
               "Krasner, Sovereignty, 5.")
    for n in (3, 4):
        (c,) = _cites(doc, n)
        assert (c.kind, c.target, c.status, c.title) == ("op_cit", 1, RESOLVED, "DJBP")
    assert _cites(doc, 3)[0].pages == "11"
    (k,) = _cites(doc, 5)
    assert (k.kind, k.target) == ("op_cit", 2)
