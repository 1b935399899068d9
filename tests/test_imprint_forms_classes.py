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


# a transliterated title in quotes with its translation in brackets, then the periodical or
# the book it is in: the translation is the title's, never an imprint or a date
@pytest.mark.parametrize(
    ("text", "kind", "family", "title", "translated", "container", "year"),
    [
        ("Ivan Petrov, “Tishina v Kremle” (Silence in the Kremlin), Moskovskiye novosti, May 3, 1990.",
         "article", "Petrov", "Tishina v Kremle", "Silence in the Kremlin", "Moskovskiye novosti", "1990"),
        ("Anna Sidorova, “Godovshchina: Moskva, provintsiya i vlast’” (The anniversary: Moscow, the provinces "
         "and power), Ural, June 1993, 44–50.",
         "article", "Sidorova", "Godovshchina: Moskva, provintsiya i vlast",  # (a final ’ goes as a quote)
         "The anniversary: Moscow, the provinces and power", "Ural", "1993"),
        ("“Usilit’ rabotu na mestakh” (Strengthen work in the localities), Leningradskaya pravda, April 9, 1986.",
         "article", None, "Usilit’ rabotu na mestakh", "Strengthen work in the localities",
         "Leningradskaya pravda", "1986"),
        ("P. Ivanov, “Poslednie vstrechi” (The last meetings), in Sergei Ivanov, Sobranie sochinenii, vol. 4, 312.",
         "chapter", "Ivanov", "Poslednie vstrechi", "The last meetings", "Sobranie sochinenii", None),
    ],
)
def test_a_translated_title_before_its_periodical(text, kind, family, title, translated, container, year, registry):
    c = _one(text, registry)
    assert c.kind == kind
    assert [a.family for a in c.authors][:1] == ([family] if family else [])
    assert (c.title, c.title_translated) == (title, translated)
    # (the book's own author may stay in front of its title: "in Sergei Ivanov, Sobranie …")
    assert c.container is not None
    assert c.container.endswith(container)
    assert c.year == year
    assert c.city is None
    assert c.publisher is None


def test_a_periodicals_own_translation(registry):
    c = _one("A. Kuznetsov, “Ob odnoi vstreche” (On one meeting), Voprosy istorii (Questions of History), "
             "no. 4 (1996): 60–72.", registry)
    assert c.kind == "article"
    assert (c.title, c.title_translated) == ("Ob odnoi vstreche", "On one meeting")
    assert (c.issue, c.year, c.pages) == ("4", "1996", "60-72")


@pytest.mark.parametrize(
    "text",
    [
        "Rabochii put’ (Smolensk), October 30, 1936, 1.",  # a place, not a translation
        "Letter, Smith (Division of Records) to Jones (National Archives), Oct. 16, 1961.",  # people's offices
    ],
)
def test_brackets_that_are_no_translation_stay_read(text, registry):
    for c in parse_note(text, registry).citations:
        assert c.title_translated is None
