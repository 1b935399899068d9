"""Forms of a reference's imprint and periodical found in the twentieth session's dev misses,
each tested on constructed notes written in that form (none copied from the corpus):

- the older Russian form of an article, its title closed by a full stop and a dash, then the
  periodical, its year and number ("Заметки.— Театр, 1950, № 4, с. 12");
- a short title with its year alone in brackets ("Smith, Keeping Faith (1982), 43");
- a volume with its own title after a colon, before the imprint ("vol. 2: The Later Years
  (London: Macmillan, 1960)");
- a place, then a publisher in guillemets ("«Заглавие», М., «Наука», в 2-х томах, 1980");
- an archive's name as a book's publisher ("(Washington, D.C.: Library of Congress, 1990)").
"""

from __future__ import annotations

import pytest

from refcli.parsers.note import parse_note


def _one(text: str, registry):
    cites = parse_note(text, registry).citations
    assert len(cites) == 1, [c.raw for c in cites]
    return cites[0]


@pytest.mark.parametrize(
    ("text", "family", "title", "journal", "year", "issue"),
    [
        ("Петров А. Заметки о сцене.— Театр, 1950, № 4, с. 12.", "Петров", "Заметки о сцене", "Театр", "1950", "4"),
        ("Сидоров Б. Новые постановки. – «Жизнь искусства», 1926, № 17, с. 3.",
         "Сидоров", "Новые постановки", "Жизнь искусства", "1926", "17"),
        ("Кузнецова В. Заметки о прозе. — Новый мир. — 1965. — № 3. — С. 12.", "Кузнецова", "Заметки о прозе", "Новый мир", "1965", "3"),
    ],
)
def test_periodical_after_a_dash(text, family, title, journal, year, issue, registry):
    c = _one(text, registry)
    assert c.kind == "article"
    assert [a.family for a in c.authors] == [family]
    assert c.title == title
    assert c.container == journal
    assert (c.year, c.issue) == (year, issue)


def test_a_book_after_a_dash_keeps_its_imprint(registry):
    # the dash of a book's imprint is followed by its place and a colon: no periodical
    c = _one("Иванов И. И. История края. — М.: Наука, 1980. — 200 с.", registry)
    assert c.kind == "book"
    assert (c.title, c.year, c.publisher) == ("История края", "1980", "Наука")


@pytest.mark.parametrize(
    ("text", "title", "year", "pages"),
    [
        ("Smith, Keeping Faith (1982), 43.", "Keeping Faith", "1982", "43"),
        ("“A quotation”: Jane Doe, Behind the Lines (1987), 96.", "Behind the Lines", "1987", "96"),
    ],
)
def test_a_year_in_brackets_ends_a_short_title(text, title, year, pages, registry):
    c = _one(text, registry)
    assert (c.title, c.year, c.pages) == (title, year, pages)


def test_a_year_inside_a_title_stays_there(registry):
    c = _one("Smith, The Crisis (1962) and After, 12.", registry)
    assert c.title == "The Crisis (1962) and After"
    assert c.year is None


def test_a_volume_with_its_own_title_is_one_reference(registry):
    c = _one("John Smith, A History of the Empire, vol. 2: The Later Years, from Peter to Paul "
             "(London: Macmillan, 1960), 152.", registry)
    assert c.kind == "book"
    assert [a.family for a in c.authors] == ["Smith"]
    assert c.title == "A History of the Empire"
    assert (c.volume, c.city, c.publisher, c.year, c.pages) == ("2", "London", "Macmillan", "1960", "152")


@pytest.mark.parametrize(
    ("text", "family", "title", "publisher", "year"),
    [
        ("Иванов И.И., «Записки», М., «Наука», в 2-х томах, 1980, т. 1, с. 22.", "Иванов", "Записки", "Наука", "1980"),
        ("Петров П., «Годы и люди», Л., «Лениздат», 1975, с.86.", "Петров", "Годы и люди", "Лениздат", "1975"),
    ],
)
def test_a_publisher_in_guillemets_after_the_place(text, family, title, publisher, year, registry):
    c = _one(text, registry)
    assert c.kind == "book"
    assert [a.family for a in c.authors] == [family]
    assert (c.title, c.publisher, c.year) == (title, publisher, year)


def test_an_archive_as_a_books_publisher(registry):
    c = _one("Jane Doe and John Roe (eds.), Documents from the Archives (Washington, D.C.: "
             "Library of Congress, 1990), 27.", registry)
    assert c.kind == "book"
    assert (c.publisher, c.year, c.pages) == ("Library of Congress", "1990", "27")


def test_an_archive_with_its_papers_stays_archival(registry):
    c = _one("Harriman Papers, Library of Congress, box 172.", registry)
    assert c.kind == "archival"
    assert (c.archive, c.box) == ("LC", "172")

