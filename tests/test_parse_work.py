"""How much work a note costs the parser: what it reads once, and what it never reads twice.

Speed itself is measured in bench/ (never by timing in tests); these tests count the work
instead, so that a change that makes every note read twice fails here."""

from __future__ import annotations

from refcli.labeller import load_labeller
from refcli.parsers.note import parse_note
from refcli.registry import Registry

from .conftest import ROOT

REGISTRY = Registry.load(ROOT / "archives.json")


class CountingLabeller:
    """The shipped labeller, counting the sequences it is asked to label."""

    def __init__(self) -> None:
        self.inner = load_labeller()
        assert self.inner is not None
        self.calls: list[str] = []

    def label(self, seq):
        self.calls.append(seq.text)
        return self.inner.label(seq)


def test_an_imprint_in_brackets_is_not_read_a_second_time() -> None:
    """A citation's own imprint in brackets is not a reference inside commentary: one
    labelling of the note, and the citation keeps its place and publisher."""
    lab = CountingLabeller()
    parsed = parse_note("William Taubman, Khrushchev: The Man and His Era (New York: Norton, 2003), 45.",
                        REGISTRY, lab)
    assert len(lab.calls) == 1
    (c,) = parsed.citations
    assert [p.family for p in c.authors] == ["Taubman"]
    assert (c.city, c.year) == ("New York", "2003")


def test_a_reference_in_brackets_inside_commentary_is_still_read() -> None:
    """A bracket holding a whole reference inside a sentence is no imprint: its reference
    is read, with its author, and the sentence around it stays out."""
    parsed = parse_note("The same figure was given by the Central Committee's own commission "
                        "(Zubkova E. Iu. Obshchestvo i reformy. Moscow, 1993. P. 54) in its report.",
                        REGISTRY, CountingLabeller())
    (c,) = parsed.citations
    assert [p.family for p in c.authors] == ["Zubkova"]
    assert c.raw.startswith("Zubkova")


def test_the_archives_a_note_names_are_found_once() -> None:
    """The grammar and the labeller's sequence ask for the archives a note names; the
    registry reads the note once."""
    registry = Registry.load(ROOT / "archives.json")
    seen: list[str] = []
    real = registry.matcher

    class Spy:
        def finditer(self, text, *args):
            if not args:
                seen.append(text)
            return real.finditer(text, *args)

        def __getattr__(self, name):
            return getattr(real, name)

    registry.__dict__["matcher"] = Spy()
    text = "RGASPI, f. 17, op. 3, d. 1003, l. 45; NARA, RG 59, box 3009."
    parse_note(text, registry, load_labeller())
    assert seen.count(text) == 1
