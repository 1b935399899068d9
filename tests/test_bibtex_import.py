"""BibTeX import: entries to records with their keys; bad blocks are warnings, never errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.errors import InputError
from refcli.importers.bibtex import parse_bibtex, read_bibtex


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
