"""The bibliographic parser: one reference string in, its fields out (parsers/biblio.py)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.model import KINDS, Citation
from refcli.parsers.biblio import canon_pages, find_date, parse_reference
from refcli.parsers.names import lead_people, parse_people


def _fields(raw: str) -> dict[str, Any]:
    cite = parse_reference(raw)
    assert cite is not None, raw
    out = cite.to_json()
    out.pop("raw")
    return out


def _families(people: list[dict[str, str]]) -> list[str]:
    return [p["family"] for p in people]


# --- Russian and transliterated --------------------------------------------------------


def test_transliterated_article_with_double_slash() -> None:
    """``Author I. O. Title // Journal, 2012, No. 8.`` is an article with its issue."""
    assert _fields("Selivanov I. N. Moscow - Ho Chi Minh City. Contacts 1950-1952 // Voprosy istorii, 2012, No. 8.") == {
        "kind": "article", "authors": [{"family": "Selivanov", "given": "I. N."}],
        "title": "Moscow - Ho Chi Minh City. Contacts 1950-1952", "container": "Voprosy istorii",
        "year": "2012", "issue": "8",
    }


@pytest.mark.parametrize(("slash", "number"), [("/ /", "N 7"), ("//", "№ 7"), ("/ /", "No. 7"), ("//", "Vyp. 7")])
def test_slips_in_the_separator_and_the_issue_label(slash: str, number: str) -> None:
    """``/ /`` reads as ``//``; ``N 7``, ``№ 7``, ``No. 7`` and ``Vyp. 7`` are the issue."""
    f = _fields(f"Konoreva I. A., Selivanov I. N. Secret trips of Uncle Ho {slash} Rodina, 2008, {number}.")
    assert f["kind"] == "article"
    assert _families(f["authors"]) == ["Konoreva", "Selivanov"]
    assert (f["container"], f["year"], f["issue"]) == ("Rodina", "2008", "7")


def test_volume_labels_in_a_journal() -> None:
    """``T. 5`` and ``vol. 61`` are volumes; pages after ``С.``/``pp.`` are canonical."""
    f = _fields("Иванов И. И. Статья // Вопросы истории. 1990. Т. 5, вып. 3. С. 3–20.")
    assert (f["volume"], f["issue"], f["pages"], f["year"]) == ("5", "3", "3-20", "1990")
    f = _fields("Smith J. Article // Slavic Review, 2002, vol. 61, No. 4, pp. 787–814.")
    assert (f["volume"], f["issue"], f["pages"]) == ("61", "4", "787-814")


def test_transliterated_book_with_publisher_and_pages() -> None:
    """``Pantsov A.V. Mao Zedong, Moscow, Molodaya gvardiya publ., 2007, pp. 564-575``."""
    assert _fields("Pantsov A.V. Mao Zedong, Moscow, Molodaya gvardiya publ., 2007, pp. 564-575") == {
        "kind": "book", "authors": [{"family": "Pantsov", "given": "A. V."}], "title": "Mao Zedong",
        "city": "Moscow", "publisher": "Molodaya gvardiya", "year": "2007", "pages": "564-575",
    }


@pytest.mark.parametrize(
    ("imprint", "city"),
    [("M, ROSSPEN, 2009", "Moscow"), ("M.: ROSSPEN, 2009", "Moscow"), ("М.: РОССПЭН, 2009", "Moscow"),
     ("SPb.: Nauka, 2009", "St Petersburg"), ("СПб.: Наука, 2009", "St Petersburg"),
     ("L.: Nauka, 2009", "Leningrad"), ("Л., 2009", "Leningrad"), ("Moscow, 2009", "Moscow"),
     ("Paris, 2009", "Paris"), ("Barnaul, BSPU Publ., 2009", "Barnaul")],
)
def test_city_abbreviations(imprint: str, city: str) -> None:
    """``M.``, ``M,``, ``М.:``, ``SPb.``, ``L.`` become city names; full names stay as written."""
    f = _fields(f"Ivanov I. I. Some title. {imprint}. P. 5.")
    assert (f["kind"], f["city"], f["year"]) == ("book", city, "2009")
    assert "Publ" not in (f.get("publisher") or "")


def test_bracketed_translation_of_a_transliterated_title() -> None:
    """``Na raznykh parallelyakh [On different parallels]`` → title and title_translated."""
    f = _fields("Kapitsa M. S. Na raznykh parallelyakh [On different parallels]. Moscow, Kniga i biznes, 1996, p. 63.")
    assert (f["title"], f["title_translated"], f["pages"]) == ("Na raznykh parallelyakh", "On different parallels", "63")


def test_cyrillic_gost_book() -> None:
    """``Иванов И. И. Название. М.: Наука, 1990. С. 15–20.``"""
    assert _fields("Иванов И. И. Название. М.: Наука, 1990. С. 15–20.") == {
        "kind": "book", "authors": [{"family": "Иванов", "given": "И. И."}], "title": "Название",
        "city": "Moscow", "publisher": "Наука", "year": "1990", "pages": "15-20",
    }


def test_chapter_in_a_russian_collection() -> None:
    """``Title // Book. City, Year. P.`` and ``В кн.:`` are chapters in a book."""
    f = _fields("Петров П. П. Глава // Сборник статей. М.: Наука, 1985. С. 10–12.")
    assert (f["kind"], f["container"], f["city"], f["pages"]) == ("chapter", "Сборник статей", "Moscow", "10-12")
    f = _fields("Петров П. П. Глава. В кн.: Сборник статей. М.: Наука, 1985. С. 10–12.")
    assert (f["kind"], f["title"], f["container"]) == ("chapter", "Глава", "Сборник статей")


def test_editors_and_et_al() -> None:
    """``и др.``/``et al.`` end the author list; ``под ред.`` and ``(eds)`` name editors."""
    f = _fields("Девятов С. В. и др. Московский Кремль. М., 2010. С. 113–114.")
    assert _families(f["authors"]) == ["Девятов"]
    f = _fields("На приеме у Сталина / под ред. А. А. Чернобаева. М., 2008.")
    assert _families(f["editors"]) == ["Чернобаева"]
    assert "authors" not in f
    f = _fields("J. Arch Getty and O.V. Naumov (eds), The Road to Terror, Yale University Press: New Haven 1999.")
    assert _families(f["editors"]) == ["Getty", "Naumov"]


# --- Western ---------------------------------------------------------------------------


def test_chicago_book() -> None:
    """``Chen Jian, Mao's China and the Cold War (Chapel Hill: ..., 2001), 12–15.``"""
    f = _fields("Chen Jian, Mao's China and the Cold War (Chapel Hill: University of North Carolina Press, 2001), 12–15.")
    assert f == {
        "kind": "book", "authors": [{"family": "Jian", "given": "Chen"}], "title": "Mao's China and the Cold War",
        "city": "Chapel Hill", "publisher": "University of North Carolina Press", "year": "2001", "pages": "12-15",
    }


def test_chicago_article_with_volume_issue_year_pages() -> None:
    """``“Title,” Journal 12, no. 3 (2010): 45–67.``"""
    f = _fields("Mark Kramer, “The Soviet Union and the 1956 Crises,” Journal of Cold War Studies 12, no. 3 (2010): 45–67.")
    assert (f["kind"], f["title"], f["container"], f["volume"], f["issue"], f["year"], f["pages"]) == (
        "article", "The Soviet Union and the 1956 Crises", "Journal of Cold War Studies", "12", "3", "2010", "45-67")


def test_chicago_chapter_with_editor() -> None:
    """``“Chapter,” in Editor (ed.), Book (City: Publisher, Year), pages.``"""
    f = _fields("Odd Arne Westad, “Introduction,” in Odd Arne Westad (ed.), Brothers in Arms (Stanford: Stanford University Press, 1998), 1–46.")
    assert (f["kind"], f["title"], f["container"], f["city"], f["year"], f["pages"]) == (
        "chapter", "Introduction", "Brothers in Arms", "Stanford", "1998", "1-46")
    assert _families(f["editors"]) == ["Westad"]


@pytest.mark.parametrize(
    ("raw", "date"),
    [("Pravda, 27.01.1956.", "1956-01-27"), ("Правда. 1961. 7 авг.", "1961-08-07"),
     ("New York Times, September 17, 1959.", "1959-09-17"), ("Izvestia, 15 août 1936.", "1936-08-15")],
)
def test_newspapers_by_date(raw: str, date: str) -> None:
    """A newspaper cited by its name and date is an article with an ISO date."""
    f = _fields(raw)
    assert (f["kind"], f["date"], f["year"]) == ("article", date, date[:4])


# --- web and documents -----------------------------------------------------------------


def test_broken_url_and_website() -> None:
    """``http.://www.site. ru`` is mended; ``website X`` names the site."""
    f = _fields("Meetings of President Kim Il Sung: Part 1 / / website Juche-songun - http.://www.juche-songun. ru")
    assert (f["kind"], f["url"], f["container"]) == ("web", "http://www.juche-songun.ru", "Juche-songun")
    assert f["title"] == "Meetings of President Kim Il Sung: Part 1"
    f = _fields("Mikoyan A. I. So it was / / Military Literature website - russian/mikoyan/05.html")
    assert (f["kind"], f["container"], f["title"]) == ("web", "Military Literature", "So it was")


def test_bare_url_with_access_date() -> None:
    """A bare URL is a web citation; the access note is not part of it."""
    f = _fields("https://www.marxists.org/reference/archive/stalin/works/1934/07/19.htm. Accessed 4 August 2021.")
    assert f == {"kind": "web", "url": "https://www.marxists.org/reference/archive/stalin/works/1934/07/19.htm"}


def test_dated_document_in_an_online_archive() -> None:
    """A quoted title with a full date and a collection is a document."""
    f = _fields('"Record of a Conversation between N.S. Khrushchev with DRV President Ho Chi Minh in Crimea", '
                "August 23, 1957, Wilson Center Digital Archive, RGANI, f. 52, op. 1, d. 555, ll. 80-88.")
    assert (f["kind"], f["date"], f["year"], f["container"]) == (
        "document", "1957-08-23", "1957", "Wilson Center Digital Archive")


# --- commentary and the end of a reference ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["A. I. Mikoyan has traveled to Afghanistan, Pakistan, India and Burma since March 20, 1956.",
     "The plenum of the Central Committee of the PTV was held from 19 to 24 April 1956",
     "He died in 1974 and was buried in Moscow at the Novodevichy Cemetery.",
     "In 2001, the collective work (French edition - 1997) was published in Russian translation.",
     "In September 1956, at the eighth Congress of the CPC, he was elected to the Central Committee.",
     "", "   ", "1956", "p. 5"],
)
def test_commentary_is_not_a_reference(text: str) -> None:
    """Prose with names, places and years is not a reference."""
    assert parse_reference(text) is None


def test_reference_ends_before_commentary() -> None:
    """``end`` stops at the reference; the sentence after it is left out."""
    text = "Pravda, 27.01.1956. The collection was translated into Russian in early 1956."
    cite = parse_reference(text, offset=10)
    assert cite is not None
    assert cite.raw == "Pravda, 27.01.1956."
    assert (cite.start, cite.end) == (10, 10 + len(cite.raw))


# --- pieces ----------------------------------------------------------------------------


def test_canon_pages() -> None:
    """Dashes become ``-``; lists are joined by ``, ``."""
    assert canon_pages("328–30") == "328-30"
    assert canon_pages("15–16,29, 109") == "15-16, 29, 109"
    assert canon_pages("157—158") == "157-158"


def test_find_date_forms() -> None:
    """Numeric, English, French, German and Russian dates become ISO dates."""
    assert find_date("27.01.1956").iso == "1956-01-27"
    assert find_date("am 4. Mai 1950 in Moskau").iso == "1950-05-04"
    assert find_date("30 января 1959 г.").iso == "1959-01-30"
    assert find_date("21 décembre 1994").iso == "1994-12-21"
    assert find_date("31.02.1956 or 1956") is not None  # day range is checked, not the calendar
    assert find_date("no date here 1956") is None


def test_names_in_both_orders() -> None:
    """``Yun Zhang, Holliday J.`` keeps the order the note writes; ``Lewis J. W., Xue Litai``
    reads the full name family-first, as the Russian-order list it is in."""
    block = lead_people("Yun Zhang, Holliday J. Unknown Mao")
    assert block is not None
    assert [(p.family, p.given) for p in block.authors] == [("Zhang", "Yun"), ("Holliday", "J.")]
    block = lead_people("Lewis J. W., Xue Litai. China Builds the Bomb")
    assert block is not None
    assert [p.family for p in block.authors] == ["Lewis", "Xue"]
    assert parse_people("Chen Jian", full_names=True)[0].family == "Jian"
    assert lead_people("A. I. Mikoyan has traveled") is None


# --- hypothesis ------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "Ivanov I. I.", "A. M. Lankov", "John Smith,", "//", "/ /", "M.:", "Moscow,", "(", ")", "[", "]",
    "“", "”", "«", "»", '"', "2009", "1956", "pp. 1-2", "С. 15–20", "No. 8", "N", "vol. 3", "in:",
    "В кн.:", "ed.", "(eds)", "под ред.", "http.://www.x. ru", "website", "27.01.1956", ";", ".",
    ",", ":", " ", "August 23, 1957", "et al.", "и др.", "Publ.", "Title", "Заглавие",
])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parse_reference_never_raises_on_any_text(text: str) -> None:
    """Any string gives a Citation of a known kind, or None."""
    cite = parse_reference(text)
    assert cite is None or (isinstance(cite, Citation) and cite.kind in KINDS)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join), st.integers(min_value=0, max_value=10_000))
def test_parse_reference_on_reference_like_text(text: str, offset: int) -> None:
    """Reference-shaped noise never raises; spans lie inside the text; pages are canonical."""
    cite = parse_reference(text, offset)
    if cite is None:
        return
    assert offset <= cite.start <= cite.end <= offset + len(text)
    assert cite.raw
    if cite.pages:
        assert "–" not in cite.pages
        assert "—" not in cite.pages
    for value in cite.to_json().values():
        assert value != ""


@settings(max_examples=30, deadline=None)
@given(st.lists(_PIECES, min_size=200, max_size=600).map(" ".join))
def test_long_reference_like_text_is_parsed(text: str) -> None:
    """Long inputs finish (no catastrophic backtracking) and never raise."""
    parse_reference(text)


def test_markdown_link() -> None:
    """``[label](url)`` is a web citation titled by its label, unless the label is the host."""
    assert _fields("[Stalin works](https://www.marxists.org/x.htm)") == {
        "kind": "web", "title": "Stalin works", "url": "https://www.marxists.org/x.htm"}
    assert _fields("[digitalarchive.wilsoncenter.org](https://digitalarchive.wilsoncenter.org/document/208969)") == {
        "kind": "web", "url": "https://digitalarchive.wilsoncenter.org/document/208969"}


def test_bare_site_link_is_not_a_citation() -> None:
    """A masthead link to a site's home page cites nothing; a page on the site does."""
    from refcli.parsers.biblio import parse_reference

    assert parse_reference("[digitalarchive.wilsoncenter.org](https://digitalarchive.wilsoncenter.org)") is None
    page = parse_reference("Wilson Center Digital Archive, https://digitalarchive.wilsoncenter.org/document/208969")
    assert page is not None
    assert page.url == "https://digitalarchive.wilsoncenter.org/document/208969"


def test_date_phrase_is_not_a_newspaper() -> None:
    """'From 20 March 1956 Mikoyan ...' is commentary, not a newspaper named 'From'."""
    from refcli.parsers.biblio import parse_reference

    assert parse_reference("From 20 March 1956 Mikoyan had been touring Afghanistan and India.") is None
    pravda = parse_reference("Pravda, 27.01.1956.")
    assert pravda is not None
    assert (pravda.container, pravda.date) == ("Pravda", "1956-01-27")
