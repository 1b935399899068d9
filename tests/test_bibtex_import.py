"""BibTeX import: entries to records with their keys; bad blocks are warnings, never errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.errors import InputError
from refcli.importers.bibtex import MAX_FIELD, MAX_WARNINGS, parse_bibtex, read_bibtex
from refcli.importers.bibtex_fields import parse_people


def test_entries_and_failed_blocks() -> None:
    """A good entry is kept with its key; an unclosed one is one warning naming its line."""
    result = parse_bibtex(
        "@book{pantsov2007, author = {Pantsov, A. V.}, title = {Mao Zedong}, year = 2007}\n"
        "@article{broken, title = {Unclosed\n"
        "@unpublished{garf, archive = {ГАРФ}, fond = {Р-5446}, opis = {98с}, delo = {704}}\n",
        "refs.bib")
    keys = [k for k, _ in result.records]
    assert keys == ["pantsov2007", "garf"]
    book = result.records[0][1]
    assert (book.kind, book.title, book.year, book.authors[0].family) == ("book", "Mao Zedong", "2007", "Pantsov")
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("refs.bib:2: entry skipped (")


def test_empty_entry_is_skipped_with_a_warning() -> None:
    result = parse_bibtex("@misc{nothing, year = 1999}\n", "x.bib")
    assert result.records == []
    assert result.warnings == ["x.bib: @misc{nothing} has no title, author or shelfmark; skipped"]


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "bin.bib").write_bytes(b"\x00\x01\x02")
    (tmp_path / "cp.bib").write_bytes("@book{a, title={Мао}}".encode("cp1251"))
    (tmp_path / "empty.bib").write_text("% only a comment\n", encoding="utf-8")
    with pytest.raises(InputError, match="binary data"):
        read_bibtex(tmp_path / "bin.bib")
    with pytest.raises(InputError, match="not UTF-8"):
        read_bibtex(tmp_path / "cp.bib")
    with pytest.raises(InputError, match="no BibTeX entries found"):
        read_bibtex(tmp_path / "empty.bib")
    with pytest.raises(InputError, match="no such file"):
        read_bibtex(tmp_path / "missing.bib")


@given(st.text(alphabet=st.sampled_from(list("@{}=,\"% \nabcАБ12\\#~")), max_size=120))
@settings(max_examples=300, deadline=None)
def test_parse_bibtex_never_raises(text: str) -> None:
    """Any text gives records and warnings, never an exception."""
    result = parse_bibtex(text)
    assert all(isinstance(k, str) for k, _ in result.records)


# -- names, unmapped fields, limits ----------------------------------------------------------------
@pytest.mark.parametrize(("written", "family", "given", "suffix"), [
    ("Sherry, John F., Jr.", "Sherry", "John F.", "Jr."),
    ("Sherry, Jr., John F.", "Sherry", "John F.", "Jr."),
    ("Martin Luther King, Jr.", "King", "Martin Luther", "Jr."),
    ("Ford, III, Henry", "Ford", "Henry", "III"),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig", None),
    ("van Beethoven, Ludwig", "van Beethoven", "Ludwig", None),
    ("Charles de Gaulle", "de Gaulle", "Charles", None),
    ("Jean de La Fontaine", "de La Fontaine", "Jean", None),
    ("Федор фон Бок", "фон Бок", "Федор", None),
    ("{Central Committee of the CPSU}", "Central Committee of the CPSU", None, None),
])
def test_names_as_bibtex_reads_them(written: str, family: str, given: str | None,
                                    suffix: str | None) -> None:
    """Suffixes go to the suffix, never the given name; particles stay with the family name."""
    (person,) = parse_people(written)
    assert (person.family, person.given, person.suffix) == (family, given, suffix)


def test_fields_refcli_has_no_place_for_are_kept() -> None:
    """doi, isbn, issn, venue, abstract ... stay in the record's extra, as written; url is
    the record's url; an @inproceedings venue is never the place of publication."""
    result = parse_bibtex(
        "@inproceedings{k1, author = {Kramer, Mark}, title = {The Soviet Union and Eastern Europe},"
        " booktitle = {Proceedings of the Cold War Conference}, venue = {Budapest},"
        " location = {Oxford}, publisher = {Berghahn}, year = {1999}, doi = {10.1000/xyz123},"
        " isbn = {978-1-57181-142-3}, issn = {1520-3972}, url = {https://example.org/k1},"
        " abstract = {A {\\em short} abstract.}}", "x.bib")
    ((key, record),) = result.records
    extra = dict(record.extra)
    assert key == "k1"
    assert extra == {"venue": "Budapest", "doi": "10.1000/xyz123", "isbn": "978-1-57181-142-3",
                     "issn": "1520-3972", "abstract": "A {\\em short} abstract."}
    assert record.city == "Oxford"
    assert record.url == "https://example.org/k1"
    assert record.container == "Proceedings of the Cold War Conference"


def test_extra_fields_reach_the_library_and_show(tmp_path: Path) -> None:
    """Import keeps the fields in the library: `show --json` lists them under extra."""
    from typer.testing import CliRunner

    from refcli.cli import app

    bib = tmp_path / "a.bib"
    bib.write_text("@book{zubok2007, author = {Zubok, Vladislav M.}, title = {A Failed Empire},"
                   " year = {2007}, publisher = {UNC Press}, isbn = {978-0-8078-3098-7},"
                   " doi = {10.5149/9780807887592_zubok}}\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(bib)]).exit_code == 0
    shown = runner.invoke(app, ["show", "zubok2007", "--json"])
    assert json.loads(shown.stdout)["extra"] == {"isbn": "978-0-8078-3098-7",
                                                 "doi": "10.5149/9780807887592_zubok"}


def test_a_field_over_64_kb_is_left_out_with_a_warning() -> None:
    big = "x" * (MAX_FIELD + 1)
    result = parse_bibtex(f"@book{{a, author = {{Lankov, A.}}, title = {{Crisis}}, year = 2002,"
                          f" abstract = {{{big}}}}}\n", "big.bib")
    ((_, record),) = result.records
    assert record.title == "Crisis"
    assert "abstract" not in dict(record.extra)
    assert result.warnings == [f"big.bib: @book{{a}}: field abstract is {MAX_FIELD + 1:,} "
                               f"characters long (over {MAX_FIELD:,}); left out"]


def test_thousands_of_bad_entries_end_in_one_summary_line(tmp_path: Path) -> None:
    """10,000 malformed entries: 20 warnings, then one line counting the rest; nothing could
    be imported, so the command exits 2 with one error line more."""
    from typer.testing import CliRunner

    from refcli.cli import app

    bib = tmp_path / "bad.bib"
    bib.write_text("".join(f"@article{{k{i}, title = {{Unclosed\n" for i in range(10_000)),
                   encoding="utf-8")
    result = parse_bibtex(bib.read_text(encoding="utf-8"), "bad.bib")
    assert result.records == []
    assert len(result.warnings) == MAX_WARNINGS + 1
    assert result.warnings[-1].startswith("bad.bib: … and ")
    assert result.warnings[-1].endswith(f"more entries could not be read ({result.failed:,} in all)")
    done = CliRunner().invoke(app, ["import", str(bib)])
    assert done.exit_code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == MAX_WARNINGS + 2
    assert lines[-1] == f"refcli: {bib}: none of its {result.failed:,} entries could be read"
