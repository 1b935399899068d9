"""The State Department's decimal files cited by the series' name, and the older FRUS volumes'
cross-references to their own pages ("ante, p. 308", "post, p. 463"). Constructed in the forms
found in the corpus's notes."""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note
from refcli.parsers.western import read_decimal_files
from refcli.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(("text", "shelfmark", "date"), [
    ("U.S. State Dept. Decimal File, 861.00/2245.", "861.00/2245", None),
    ("U.S. State Dept. Decimal File, 861.00/1417, April 2, 1918.", "861.00/1417", "April 2, 1918"),
    ("U.S. State Dept. Decimal File, 316-42-807.", "316-42-807", None),  # microcopy, roll, frame
    ("U.S. State Dept. Decimal File, 861.51/97 (316-116-520).", "861.51/97 (316-116-520)", None),
    ("The full report is in U.S. State Dept. Decimal File, 861.00/998a.", "861.00/998a", None),
])
def test_a_decimal_file_by_the_series_name_is_archival(registry: Registry, text: str, shelfmark: str,
                                                       date: str | None) -> None:
    (c,) = parse_note(text, registry).citations
    assert c.kind == "archival"
    assert c.shelfmark == shelfmark
    assert c.date == date
    assert c.series
    assert c.series.endswith("Decimal File")
    assert c.archive == "NARA"  # the decimal files are the National Archives' (RG 59)
    assert text[c.start : c.end] == c.raw


def test_the_book_after_a_decimal_file_is_read_too(registry: Registry) -> None:
    text = "U.S. State Dept. Decimal File, 861.00/2245. But see Kennan, The Decision to Intervene, p. 88."
    kinds = [(c.kind, c.shelfmark or c.title) for c in parse_note(text, registry).citations]
    assert kinds == [("archival", "861.00/2245"), ("book", "The Decision to Intervene")]


def test_the_department_named_is_read_as_its_archive(registry: Registry) -> None:
    (c,) = parse_note("Department of State Decimal File 711.61/312.", registry).citations
    assert c.kind == "archival"
    assert "711.61/312" in (c.shelfmark or "")
    assert [m.shelfmark for m in read_decimal_files("Department of State Decimal File 711.61/312.")] == ["711.61/312"]


def test_a_decimal_number_without_the_series_is_no_decimal_file() -> None:
    assert read_decimal_files("See section 861.00 of the file, 861.00/2245.") == []
    assert read_decimal_files("U.S. State Dept. Decimal File, 2245.") == []


@pytest.mark.parametrize(("text", "raw", "pages"), [
    ("See ante, p. 412.", "ante, p. 412", "412"),
    ("Ante, p. 217.", "Ante, p. 217", "217"),
    ("Post, p. 455.", "Post, p. 455", "455"),
    ("For the text of the directive, see post, p. 470.", "post, p. 470", "470"),
    ("See ante, pp. 11, 186, 187.", "ante, pp. 11, 186, 187", "11, 186, 187"),
    ("See ante, p. 201, fn. 4.", "ante, p. 201, fn. 4", "201"),
    ("Supra, p. 96.", "Supra, p. 96", "96"),
    ("See above, p. 44.", "above, p. 44", "44"),
    # a document the volume prints elsewhere, described before the cross-reference
    ("i.e., Winant’s telegram No. 4120 of September 8, 1944, ante, p. 210.",
     "i.e., Winant’s telegram No. 4120 of September 8, 1944, ante, p. 210", "210"),
])
def test_ante_and_post_are_cross_references(registry: Registry, text: str, raw: str, pages: str) -> None:
    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.raw, c.pages) == ("other", raw, pages)
    assert not c.authors
    assert text[c.start : c.end] == c.raw


def test_a_newspaper_named_post_is_no_cross_reference(registry: Registry) -> None:
    cs = parse_note("Washington Post, p. 4.", registry).citations
    assert not any(c.kind == "other" and c.raw.startswith("Post") for c in cs)
    assert cs  # still a citation of the newspaper


@pytest.mark.parametrize(("text", "symbols"), [
    ("For text of the Indian statement, see U.N. doc. A/PV.880.", ["A/PV.880"]),
    ("U.N. doc. A/RES/377(V), November 3, 1950.", ["A/RES/377(V)"]),
    ("For text, see U.N. doc. A/RES/1237 (ES-III).", ["A/RES/1237 (ES-III)"]),
    ("The report (UN Doc. S/AC.10/CONF.2/7) was read.", ["S/AC.10/CONF.2/7"]),
    ("For the first, see U.N. doc. S/PV.830; for the second, U.N. doc. S/PV.831.", ["S/PV.830", "S/PV.831"]),
])
def test_a_united_nations_document_is_an_other_by_its_symbol(registry: Registry, text: str,
                                                             symbols: list[str]) -> None:
    cs = parse_note(text, registry).citations
    assert [c.kind for c in cs] == ["other"] * len(symbols)
    assert [c.title for c in cs] == symbols
    assert all(text[c.start : c.end] == c.raw for c in cs)


@pytest.mark.parametrize(("text", "item", "volume", "pages"), [
    ("Acheson to Bevin, March 2, 1949, in FRUS, 1949, III: 412.", "Acheson to Bevin", "III", "412"),
    ("Kennan to Marshall, May 4, 1948, in FRUS, 1948, 4: 850–52.", "Kennan to Marshall", "4", "850-52"),
    ("Acheson to Bevin, March 2, 1949, FRUS, 1949, III: 412.", "Acheson to Bevin", "III", "412"),
])
def test_a_document_printed_in_frus_after_in(registry: Registry, text: str, item: str, volume: str,
                                             pages: str) -> None:
    (c,) = parse_note(text, registry).citations
    assert (c.kind, c.item_title, c.volume, c.pages) == ("book", item, volume, pages)
    assert c.title is not None
    assert c.title.startswith("FRUS")
