"""Archival references as English-language Cold War histories write them (issue 11).

The strings are constructed in the forms found in that literature (the archive named last,
levels in words and translated labels, compressed notations, prose, OCR slips); none is copied
from the evaluation notes. Aliases the registry may not have yet (``MFA`` for the foreign
ministry's archive, "Presidential Archive") are added here through the registry's own API, so
that the grammar is shown to work with whatever alias the registry holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refcli.cli import app
from refcli.parsers.shelfmark import find_shelfmarks
from refcli.registry import Registry

FIELDS = ("archive", "fond", "opis", "papka", "delo", "leaves", "series")


@pytest.fixture(scope="module")
def reg() -> Registry:
    base = Registry.load(Path(__file__).resolve().parent.parent / "archives.json")
    # the registry itself names the Soviet foreign ministry's archive MFA and the APRF the
    # Presidential Archive, as English-language books do
    assert base.get("MFA") is not None
    assert base.get("Presidential Archive").acronym == "APRF"
    return base


def _one(text: str, reg: Registry) -> dict[str, str]:
    found = find_shelfmarks(text, reg)
    assert len(found) == 1, [f.citation.raw for f in found]
    c = found[0].citation
    return {f: getattr(c, f) for f in FIELDS if getattr(c, f) is not None}


def _avp(reg: Registry) -> str:
    archive = reg.get("AVPRF")
    assert archive is not None
    return archive.acronym


CASES = [
    # the archive named last
    ("Gromyko to CC, May 4, 1959, 0129, 41/12/7, pp. 12–15, MFA.",
     {"archive": "AVP", "fond": "0129", "opis": "41", "papka": "12", "delo": "7", "leaves": "12-15"}),
    ("Memcon, N. and K., September 11, 1962, 0757, FRG 1958, 7/33/2, MFA",
     {"archive": "AVP", "fond": "0757", "series": "FRG 1958", "opis": "7", "papka": "33", "delo": "2"}),
    ("Diary of the ambassador, October 17, 1960, 0570, 6/3/2. MFA",
     {"archive": "AVP", "fond": "0570", "opis": "6", "papka": "3", "delo": "2"}),
    ("Khrushchev to Mao, 3-66-117, APRF.", {"archive": "APRF", "fond": "3", "opis": "66", "delo": "117"}),
    ("Konev to NSK, August 13, 1961, 3-65-745, pp. 140–41, APRF",
     {"archive": "APRF", "fond": "3", "opis": "65", "delo": "745", "leaves": "140-41"}),
    ("Fond 5, Opis 30, Delo 214, pp. 3–9, Presidential Archive.",
     {"archive": "APRF", "fond": "5", "opis": "30", "delo": "214", "leaves": "3-9"}),
    ("F. 3, op. 66, d. 117, MFA; and more", {"archive": "AVP", "fond": "3", "opis": "66", "delo": "117"}),
    ("Protocol 12, Presidium meeting of March 3, 1958, APRF.", {"archive": "APRF"}),
    # levels in words and translated labels
    ("Fond 5, Opis 30, Delo 214, pp. 3–9", {"fond": "5", "opis": "30", "delo": "214", "leaves": "3-9"}),
    ("RGASPI, f. 17, op. 3, d. 5, Listy 22-25",
     {"archive": "RGASPI", "fond": "17", "opis": "3", "delo": "5", "leaves": "22-25"}),
    ("AVPRF, f. 06, op. 1, Papka 4, d. 12", {"archive": "AVP", "fond": "06", "opis": "1", "papka": "4", "delo": "12"}),
    ("AVP RF, f. 082, op. 14, pap. 62, d. 2, l. 365",
     {"archive": "AVP", "fond": "082", "opis": "14", "papka": "62", "delo": "2", "leaves": "365"}),
    ("Russian State Archive of the Economy Coll. 4372, ser. 11, fold. 904, f. 17.",
     {"archive": "RGAE", "fond": "4372", "opis": "11", "delo": "904", "leaves": "17"}),
    ("RGASPI, f. 17, op. 3, dd. 1–125.", {"archive": "RGASPI", "fond": "17", "opis": "3", "delo": "1-125"}),
    # "Schedule" and "Case" for opis and delo, "Folio" for the leaf, the archive after them
    # (dev-split form: Cook's notes on Rasputin; written here)
    ("Report of the Okhrana, Fond 63, Schedule 47, Case 484, Folios 12-14, GARF, Moscow.",
     {"archive": "GARF", "fond": "63", "opis": "47", "delo": "484", "leaves": "12-14"}),
    ("RGASPI f. 17, op. 3, del. 45.", {"archive": "RGASPI", "fond": "17", "opis": "3", "delo": "45"}),
    # English words for every level: collection/fund, inventory/register, file, vol., sheet(s),
    # "reverse" for the verso (dev-split forms: Pantsov and Levine's Mao, Colton's Yeltsin;
    # written here)
    ("RGASPI, collection 558, inventory 11, file 70, vol. 2, sheets 12 reverse–14.",
     {"archive": "RGASPI", "fond": "558", "opis": "11", "delo": "70", "leaves": "12ob-14"}),
    ("See RGANI, fund 5, register 30, file 141, sheet 3.",
     {"archive": "RGANI", "fond": "5", "opis": "30", "delo": "141", "leaves": "3"}),
    ("RGIA, fond (f.) 12, op. 1, d. 3, l. 5ob.",
     {"archive": "RGIA", "fond": "12", "opis": "1", "delo": "3", "leaves": "5ob"}),
    ("RGIA, fond 77 (Department of the press), op. 8, d. 20, l. 9",
     {"archive": "RGIA", "fond": "77", "opis": "8", "delo": "20", "leaves": "9"}),
    ("RGIA, f. 77, op.' 8, d. 20, l. 4.", {"archive": "RGIA", "fond": "77", "opis": "8", "delo": "20", "leaves": "4"}),
    ("RGALI, f. 23, op. 1, d. 41, ll. 13a ob.",
     {"archive": "RGALI", "fond": "23", "opis": "1", "delo": "41", "leaves": "13aob"}),
    # compressed notations
    ("AVPRF, 0100, 46/12/183.", {"archive": "AVP", "fond": "0100", "opis": "46", "papka": "12", "delo": "183"}),
    ("AVPRF, 06 (Molotov Files) 41/12/7.",
     {"archive": "AVP", "fond": "06", "opis": "41", "papka": "12", "delo": "7"}),
    ("AVPRF, 06/12a/59/395, pp. 4ff",
     {"archive": "AVP", "fond": "06", "opis": "12a", "papka": "59", "delo": "395", "leaves": "4ff"}),
    ("0570/6/3/5, MFA", {"archive": "AVP", "fond": "0570", "opis": "6", "papka": "3", "delo": "5"}),
    ("RGANI, 45-1-329.", {"archive": "RGANI", "fond": "45", "opis": "1", "delo": "329"}),
    ("RGASPI 17.162.9.54.", {"archive": "RGASPI", "fond": "17", "opis": "162", "delo": "9", "leaves": "54"}),
    ("RGASPI, 17/137/944, p. 181", {"archive": "RGASPI", "fond": "17", "opis": "137", "delo": "944", "leaves": "181"}),
    # the leaf after a comma, at the end of the sentence, a range of leaves (dev-split form:
    # Merridale's notes, written here)
    # the file of a Bulgarian archive, "а. е." (архивна единица); Belgrade's diplomatic archive
    # in Cyrillic
    ("ЦДА. Ф. 1Б. Оп. 6. а. е. 212. Л. 4.", {"archive": "TsDA", "fond": "1b", "opis": "6", "delo": "212", "leaves": "4"}),
    ("ДАСМИП. ПА-1955. Ф. 12.", {"archive": "DASMIP"}),
    ("GARF 6991/1/12, 40.", {"archive": "GARF", "fond": "6991", "opis": "1", "delo": "12", "leaves": "40"}),
    ("RGADA 248/3/1002, 7–9. The next", {"archive": "RGADA", "fond": "248", "opis": "3", "delo": "1002", "leaves": "7-9"}),
    # in prose, OCR slips
    ("The draft, from the Presidential Archive of the Russian Federation, was typed, Fond 45, "
     "Opis 1, Delo 12, ll. 3-5.", {"archive": "APRF", "fond": "45", "opis": "1", "delo": "12", "leaves": "3-5"}),
    ("As the record is held in TsKhSD, F. 5, Op. 30, D. 195, Ll. 14-20.",
     {"archive": "RGANI", "fond": "5", "opis": "30", "delo": "195", "leaves": "14-20"}),
    ("GARF, f. 5446, op. 1, d. 3, LI. 12-150b.",
     {"archive": "GARF", "fond": "5446", "opis": "1", "delo": "3", "leaves": "12-15ob"}),
    ("ЦА ФСБ. Ф. 7. Оп. 1. Д. 19-а.", {"archive": "TsA FSB", "fond": "7", "opis": "1", "delo": "19-a"}),
    # the part of a fond between fond and opis, a part of a file before the leaves
    ("RGIA, f. 1282, Department of General Affairs (DOD), 1905 g., op. 3, d. 4, chast' 1, l. 7",
     {"archive": "RGIA", "fond": "1282", "opis": "3", "delo": "4", "leaves": "7"}),
    ("RGIA f. 1282, DOD 1905, op. 3 d. 4 ch. 1, l. 9.",
     {"archive": "RGIA", "fond": "1282", "opis": "3", "delo": "4", "leaves": "9"}),
    ("ГАРФ. Ф. 1. Оп. 2. Д. 3. Ч. 1. Л. 5.", {"archive": "GARF", "fond": "1", "opis": "2", "delo": "3", "leaves": "5"}),
    # an old number in brackets after a level is not a level of its own
    ("GARF, f. R-8131, op. 37 (old op. 1), d. 4, l. 3.",
     {"archive": "GARF", "fond": "R-8131", "opis": "37", "delo": "4", "leaves": "3"}),
    ("RGASPI, fond 17, opis' 3 [formerly 5], delo 45, list 2.",
     {"archive": "RGASPI", "fond": "17", "opis": "3", "delo": "45", "leaves": "2"}),
    ("РГИА. Ф. 1405. Оп. 521 (старая оп. 12). Д. 476. Л. 12.",
     {"archive": "RGIA", "fond": "1405", "opis": "521", "delo": "476", "leaves": "12"}),
    # Ukrainian levels: sprava is the file, arkush the leaf, zvorot the verso
    ("TsDAHO, f. 1, op. 20, spr. 6530, ark. 12 zv.",
     {"archive": "TsDAHOU", "fond": "1", "opis": "20", "delo": "6530", "leaves": "12ob"}),
    ("ЦДАГО України, ф. 1, оп. 20, спр. 6530, арк. 12 зв.",
     {"archive": "TsDAHOU", "fond": "1", "opis": "20", "delo": "6530", "leaves": "12ob"}),
    # OCR reads "ll." and "l." as "11." and "1."
    ("RGASPI, f. 17, op. 3, d. 45, 11. 5-7.",
     {"archive": "RGASPI", "fond": "17", "opis": "3", "delo": "45", "leaves": "5-7"}),
    ("GARF, f. 5446, op. 1, d. 704, 1. 101.",
     {"archive": "GARF", "fond": "5446", "opis": "1", "delo": "704", "leaves": "101"}),
]


def test_more_files_of_the_opis(reg: Registry) -> None:
    """'Д. 4-в, 5-г': two files of one opis, two references; a bare number after a file is not
    taken for one."""
    found = find_shelfmarks("ГАРФ. Ф. 3. Оп. 2. Д. 4-в, 5-г.", reg)
    assert [(f.citation.archive, f.citation.fond, f.citation.delo) for f in found] == [
        ("GARF", "3", "4-v"), ("GARF", "3", "5-g")]
    assert [f.citation.delo for f in find_shelfmarks("GARF, f. 3, op. 2, d. 4, 12.", reg)] == ["4"]


def test_another_unit_of_the_archive_just_named(reg: Registry) -> None:
    """After ';' or 'and', a fond or a slashed unit with no archive is the last one's."""
    found = find_shelfmarks("GARF, f. 1, op. 2, d. 3, l. 4; f. 5, op. 6, d. 7, l. 8.", reg)
    assert [(f.citation.archive, f.citation.fond) for f in found] == [("GARF", "1"), ("GARF", "5")]
    found = find_shelfmarks("GARF, 9401/1a/6 and 9414/1/8 among others", reg)
    assert [(f.citation.archive, f.citation.fond, f.citation.delo) for f in found] == [
        ("GARF", "9401", "6"), ("GARF", "9414", "8")]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_form(text: str, expected: dict[str, str], reg: Registry) -> None:
    want = {k: (_avp(reg) if v == "AVP" else v) for k, v in expected.items()}
    assert _one(text, reg) == want


def test_a_later_file_in_english_words_continues_the_shelfmark_before(reg: Registry) -> None:
    found = find_shelfmarks("RGASPI, collection 17, inventory 162, file 41, sheets 50–51; file 42, sheet 163.", reg)
    assert [(f.citation.fond, f.citation.opis, f.citation.delo, f.citation.leaves) for f in found] == [
        ("17", "162", "41", "50-51"), ("17", "162", "42", "163")]


def test_bare_leaves_after_the_file_are_read_after_labelling(reg: Registry) -> None:
    """A bare number or range after the file, to the clause's end, is its leaves; a year is
    not. (Read after the labeller, which was trained on shelfmarks ending at the file.)"""
    from refcli.parsers.shelfmark import with_bare_leaves

    def leaves(text: str) -> str | None:
        (s,) = find_shelfmarks(text, reg)
        return with_bare_leaves(text, s.citation).leaves

    assert leaves("TsDOOSO, fund 4, register 101, file 106, 3.") == "3"
    assert leaves("in APRF, fund 3, register 3194, file 22, 8–9. I do not know why") == "8-9"
    assert leaves("RGASPI, f. 17, op. 3, d. 1003, 45; GARF") == "45"
    assert leaves("RGASPI, f. 17, op. 3, d. 1003, 1945.") is None      # a year
    assert leaves("RGASPI, f. 17, op. 3, d. 1003, 45 and more") is None  # not the clause's end


def test_ocr_slips_are_reported(reg: Registry) -> None:
    (s,) = find_shelfmarks("GARF, f. 5446, op. 1, d. 3, LI. 12-150b.", reg)
    assert any("LI." in t for t in s.typos)
    assert any("0b" in t for t in s.typos)


def test_ocr_digits_for_leaves_are_reported(reg: Registry) -> None:
    (s,) = find_shelfmarks("RGASPI, f. 17, op. 3, d. 45, 11. 5-7.", reg)
    assert "'11.' read as 'll.' (leaves)" in s.typos


def test_a_bracket_after_the_pages_of_a_book_holds_a_shelfmark_of_its_own(reg: Registry) -> None:
    """Only old numbers of a level just given are skipped; an archival reference in brackets
    after a book's volume and pages is read."""
    (s,) = find_shelfmarks("Совершенно секретно. Т. 8. Ч. 2. С. 1210 (ЦА ФСБ. Ф. 2. Оп. 8. Д. 658. Л. 398).", reg)
    assert (s.citation.archive, s.citation.fond, s.citation.delo) == ("TsA FSB", "2", "658")


def test_an_unknown_acronym_keeps_the_leaves_after_a_slashed_unit(reg: Registry) -> None:
    (s,) = find_shelfmarks("DAZhO, 136/3/71, ark. 5.", reg)
    c = s.citation
    assert (c.archive, c.fond, c.opis, c.delo, c.leaves) == ("DAZhO", "136", "3", "71", "5")
    assert not s.archive_known


def test_archive_in_another_sentence_is_not_taken(reg: Registry) -> None:
    (s,) = find_shelfmarks("This copy is in GARF. The other is Fond 45, Opis 1, Delo 12.", reg)
    assert s.citation.archive is None


@pytest.mark.parametrize("text", [
    "Between 1958, 12-1-3 and the rest",          # hyphenated numbers with no archive by them
    "on 4/12/61, 3/17/3 were sent",               # slashed dates, no archive
    "In 1961-03-12, APRF said",                    # an ISO date is no shelfmark
    "The APRF holds much of this.",                # an archive mentioned, not cited
    "In 1991, GARF, RGASPI and RGANI opened.",     # archives listed after a year, not cited
    "Coll. 4372 of papers, see p. 5",              # a lone level, no archive
    # English level words with no opis are everyday words, not a fond and a file
    "in collection 12, file 3 of his papers.",
    "the FBI's file 100-12, sheet 4",
    "GARF holds collection 12, file 3, sheet 5.",
])

def test_not_a_shelfmark(text: str, reg: Registry) -> None:
    assert [f.citation.raw for f in find_shelfmarks(text, reg)] == []


def test_translated_labels_in_a_western_archive_are_not_read_as_fond(reg: Registry) -> None:
    """'Coll. 12, ser. 3' in papers kept by an archive outside the fond scheme are that
    archive's own levels: the grammar does not make them a fond and an opis."""
    western = next(a for a in reg.archives if a.scheme != "fond")
    found = find_shelfmarks(f"{western.acronym}, Coll. 12, ser. 3, fold. 4", reg)
    assert all(f.citation.fond is None for f in found)
    found = find_shelfmarks("Hoover Institution, collection 12, file 3.", reg)
    assert found
    assert all(f.citation.fond is None and f.citation.delo is None for f in found)


def test_check_reports_missing_archive_and_levels(tmp_path: Path, reg: Registry) -> None:
    """``refcli check`` on constructed notes: a shelfmark without an archive and an archive
    named without levels are ``shelfmark-incomplete``; a complete one is not."""
    registry = tmp_path / "archives.json"
    data = json.loads((Path(__file__).resolve().parent.parent / "archives.json").read_text("utf-8"))
    registry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "1 Fond 5, Opis 30, Delo 214, pp. 3–9.\n"
        "2 Protocol 12, Presidium meeting of March 3, 1958, APRF.\n"
        "3 RGANI, 45-1-329, l. 5.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(notes), "--json"], env={"REFCLI_ARCHIVES": str(registry)})
    assert result.exit_code == 0, result.stderr
    findings = json.loads(result.stdout)["files"][0]["findings"]
    incomplete = {f["note"]: f["message"] for f in findings if f["code"] == "shelfmark-incomplete"}
    assert set(incomplete) == {1, 2}
    assert "no archive" in incomplete[1]
    assert "no fond" in incomplete[2]


def test_document_before_an_archive_named_last_is_kept(reg: Registry) -> None:
    """Through the whole parse: the document's description and its date before a shelfmark
    whose archive comes last stay with the archival citation."""
    from refcli.parsers.note import parse_note

    (c,) = parse_note("Gromyko to CC, May 4, 1959, 0129, 41/12/7, pp. 12–15, MFA.", reg).citations
    assert (c.kind, c.archive, c.fond, c.papka, c.leaves) == ("archival", _avp(reg), "0129", "12", "12-15")
    assert (c.item_title, c.date) == ("Gromyko to CC", "May 4, 1959")
    assert c.raw.startswith("Gromyko")
