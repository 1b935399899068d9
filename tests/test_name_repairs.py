"""How names are written, where the labeller alone cuts them short: initials before a family
name, lists of family-first names, and the periodical after ``//``. Constructed notes in the
forms found in Russian (GOST) and Western notes; each asserts the fields read."""

from __future__ import annotations

import pytest

from refcli.labeller import load_labeller
from refcli.parsers.note import parse_note
from refcli.registry import Registry


@pytest.fixture(scope="module")
def read():
    registry, labeller = Registry.load(), load_labeller()
    if labeller is None:
        pytest.skip("no labeller model")

    def first(text: str):
        cites = parse_note(text, registry, labeller).citations
        assert cites, text
        c = cites[0]
        return c.kind, [p.family for p in c.authors], c.title, c.container

    return first


@pytest.mark.parametrize(("text", "kind", "authors", "title", "container"), [
    # initials, then the family name
    ("Л. В. Максименков. Культ. Заметки о словах-символах // Свободная мысль. 1993. № 10. С. 5.",
     "article", ["Максименков"], "Культ. Заметки о словах-символах", "Свободная мысль"),
    ("И. В. Сталин. Сочинения. Т. 13. М., 1951. С. 38.", "book", ["Сталин"], "Сочинения", None),
    # a list of family-first names
    ("Хлевнюк О., Горлицкий Й. Холодный мир: Сталин и завершение сталинской диктатуры. М.: РОССПЭН, 2011. С. 45.",
     "book", ["Хлевнюк", "Горлицкий"], "Холодный мир: Сталин и завершение сталинской диктатуры", None),
    ("Иванов И. И., Петров П. П. Название книги. М., 1990. С. 5.", "book", ["Иванов", "Петров"],
     "Название книги", None),
    ("Зубкова Е., Жиромская В. Общество и реформы. М., 1993. С. 12.", "book",
     ["Зубкова", "Жиромская"], "Общество и реформы", None),
    # three names: the comma after the second's initials does not end the list
    ("Кудряшов С., Шевченко А., Орлов Б. Дача Сталина в Кунцеве. М., 2004. С. 87.", "book",
     ["Кудряшов", "Шевченко", "Орлов"], "Дача Сталина в Кунцеве", None),
    # the periodical after the double slash, never a publisher
    ("Максименков Л. В. Культ. Заметки о словах-символах // Свободная мысль. 1993. № 10. С. 5.",
     "article", ["Максименков"], "Культ. Заметки о словах-символах", "Свободная мысль"),
    # a family-first name followed by a title is left alone
    ("Ivanov I., Stalin's War, London, 1990, p. 5.", "book", ["Ivanov"], "Stalin's War", None),
])
def test_names_and_periodicals(read, text, kind, authors, title, container) -> None:
    assert read(text) == (kind, authors, title, container)


@pytest.mark.parametrize("text", ["Krupskaya, p. 268.", "Mao 1993b, vol. 1, p. 61."])
def test_a_work_named_by_its_author_alone_is_a_short_form(text: str) -> None:
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert (c.kind, c.short_form, bool(c.authors)) == ("book", True, True)


@pytest.mark.parametrize(("text", "title", "city", "publisher"), [
    # the imprint's bracket or a question mark ends the title
    ("Chen Jian, Mao's China and the Cold War (Chapel Hill: UNC Press, 2001), 64.",
     "Mao's China and the Cold War", "Chapel Hill", "UNC Press"),
    ("Mastny V., Byrne M. A Cardboard Castle? Budapest: CEU Press, 2005. P. 77.",
     "A Cardboard Castle?", "Budapest", "CEU Press"),
])
def test_imprint_after_a_title(text: str, title: str, city: str, publisher: str) -> None:
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert (c.title, c.city, c.publisher) == (title, city, publisher)


def test_a_short_form_in_a_sentences_bracket_is_read_and_resolved() -> None:
    from refcli.model import Document, Note
    from refcli.resolver import resolve

    registry, labeller = Registry.load(), load_labeller()
    texts = ["Melvyn P. Leffler, For the Soul of Mankind (New York: Hill and Wang, 2007), 12–15.",
             "As Leffler argues, the choice was made in haste (Leffler, For the Soul of Mankind, 54)."]
    notes = tuple(Note(n=i + 1, text=t, citations=parse_note(t, registry, labeller).citations)
                  for i, t in enumerate(texts))
    doc = resolve(Document(source="t", notes=notes))
    c = doc.notes[1].citations[0]
    assert (c.kind, c.target, c.pages) == ("op_cit", 1, "54")


@pytest.mark.parametrize(("text", "authors", "editors", "title", "et_al"), [
    # a given name before the initials: the family name follows them
    ("Anne Smith, “Ports and Power,” in A History of the Baltic, ed. Peter K. Jones and Mary Ann Brown "
     "(Oxford: Clarendon Press, 2012), 10–20.", ["Smith"], ["Jones", "Brown"], "Ports and Power", False),
    # the editor statement after a GOST title
    ("Внешняя политика СССР (1945–1985). Новое прочтение / Отв. ред. И. И. Петров. М.: Наука, 1995. С. 12.",
     [], ["Петров"], "Внешняя политика СССР (1945–1985). Новое прочтение", False),
    # и др. after the first author
    ("Сидорова Т. В. и др. Москва и Варшава. М.: РОССПЭН, 2004. С. 7.", ["Сидорова"], [],
     "Москва и Варшава", True),
])
def test_editors_and_others(text: str, authors, editors, title: str, et_al: bool) -> None:
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert ([p.family for p in c.authors], [p.family for p in c.editors], c.title, c.et_al) == (
        authors, editors, title, et_al)


@pytest.mark.parametrize(("text", "container", "date"), [
    ("Chicago Tribune, March 3, 1958, 4.", "Chicago Tribune", "1958-03-03"),
    ("Manchester Guardian, 12 October 1956, p. 2.", "Manchester Guardian", "1956-10-12"),
])
def test_a_newspaper_named_first_is_a_periodical(text: str, container: str, date: str) -> None:
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert (c.kind, c.authors, c.container, c.date) == ("article", (), container, date)


def test_editors_named_before_their_mark_stay_editors() -> None:
    text = ("Molotov to Stalin, 3 May 1946, in Anna Petrova et al., eds., Sovetskaia diplomatiia "
            "(Moscow: Nauka, 1999), 41.")
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert ([p.family for p in c.editors], c.title, c.item_title) == (
        ["Petrova"], "Sovetskaia diplomatiia", "Molotov to Stalin")


@pytest.mark.parametrize("text", ["Interview with Ivan Petrov, Moscow, March 1995.",
                                  "Petrov, interview with the author."])
def test_an_interview_is_other(text: str) -> None:
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert c.kind == "other"


def test_a_dated_description_left_as_commentary_is_the_item_of_its_collection() -> None:
    text = "Vyshinsky to Stalin, 14 June 1947, in Sovetskii faktor v Vostochnoi Evrope (Moscow, 1999), 212."
    c = parse_note(text, Registry.load(), load_labeller()).citations[0]
    assert (c.item_title, c.date, c.title, c.pages) == (
        "Vyshinsky to Stalin", "1947-06-14", "Sovetskii faktor v Vostochnoi Evrope", "212")


def test_a_bare_family_name_read_as_a_title_resolves_to_its_authors_work() -> None:
    from refcli.model import Document, Note
    from refcli.resolver import resolve

    registry, labeller = Registry.load(), load_labeller()
    texts = ["Зубкова Е. Ю. Послевоенное советское общество. М., 2000. С. 5.",
             "Зубкова. С. 77.", "Известия. С. 3."]
    notes = tuple(Note(n=i + 1, text=t, citations=parse_note(t, registry, labeller).citations)
                  for i, t in enumerate(texts))
    doc = resolve(Document(source="t", notes=notes))
    short, paper = doc.notes[1].citations[0], doc.notes[2].citations[0]
    assert (short.kind, short.target, short.pages) == ("op_cit", 1, "77")
    assert paper.target is None  # a one-word title nobody earlier wrote stays what it was


# --- the repairs on their own: labels as a labeller might give them, whatever the model ---

def _repaired(text: str, labels_by_word: list[str]) -> list[tuple[str, str]]:
    """TEXT's tokens with LABELS (one per token) after ``repair``."""
    from refcli.parsers.assemble import repair
    from refcli.parsers.sequence import note_sequence

    seq = note_sequence(text, Registry.load())
    assert len(seq.tokens) == len(labels_by_word), [t.text for t in seq.tokens]
    return list(zip([t.text for t in seq.tokens], repair(seq, labels_by_word), strict=True))


def test_a_description_with_an_imprint_is_a_title() -> None:
    """A run taken for a document's description that an imprint follows is a book's title."""
    got = _repaired("Plenum TsK. Stenogramma, Moskva, ROSSPEN, 2004.",
                    ["B-item", "item", "item", "item", "item", "city", "city", "publisher", "publisher",
                     "year", "O"])
    assert [lab for _, lab in got[:5]] == ["B-title", "title", "title", "title", "title"]
    assert got[5][1] == "city"


def test_a_description_before_a_collection_stays_an_item() -> None:
    got = _repaired("Molotov to Stalin, in Sbornik, Moskva, 1999.",
                    ["B-item", "item", "item", "item", "in", "container", "container", "city", "city",
                     "year", "O"])
    assert [lab for _, lab in got[:4]] == ["B-item", "item", "item", "item"]


def test_a_quoted_span_before_a_periodical_is_the_articles_title() -> None:
    got = _repaired('"Record of Conversation, 31 March 1956," CWIHP Bulletin, no. 6 (1995): 167.',
                    ["O"] * 10 + ["B-journal", "journal", "journal", "issue", "issue", "issue",
                                  "year", "year", "year", "year", "pages", "O"])
    assert got[0] == ('"', "B-title")
    assert all(lab == "title" for _, lab in got[1:10])
    assert got[10] == ("CWIHP", "journal")


def test_a_sentences_first_word_is_no_author() -> None:
    """"In 2001, the collective work …": commentary, not a book by "In"."""
    got = _repaired("In 2001, the collective work appeared.",
                    ["B-author", "author", "author", "title", "title", "title", "title", "O"])
    assert all(lab == "O" for _, lab in got)


def test_the_title_between_a_name_and_the_double_slash() -> None:
    """GOST: a name, its full stop, the title, then ``//`` and the periodical."""
    got = _repaired("Л. В. Максименков. Культ // Свободная мысль. 1993.",
                    ["O"] * 7 + ["in", "in", "B-journal", "journal", "journal", "year", "year"])
    labels = [lab for _, lab in got]
    assert labels[:5] == ["B-author", "author", "author", "author", "author"]
    assert labels[5:7] == ["author", "title"]


def test_a_word_of_the_title_is_no_chapters_in() -> None:
    got = _repaired("Внешняя политика. Новое прочтение / Отв. ред.",
                    ["B-title", "title", "title", "title", "in", "in", "editor", "editor", "editor",
                     "editor"])
    assert got[4] == ("прочтение", "title")


def test_the_words_after_a_quoted_title_are_its_periodical() -> None:
    """Chicago: ``"Title," Journal 5, no. 4 (2005)``: the periodical and its volume, not more
    of the title."""
    got = _repaired('Smith, "Crisis in Hanoi," Cold War History 5, no. 4 (2005): 395.',
                    ["B-author", "author"] + ["title"] * 10 + ["issue"] * 4 + ["year"] * 4 + ["pages", "O"])
    labels = dict(got)
    assert [labels[w] for w in ("Cold", "War", "History")] == ["journal"] * 3
    assert labels["5"] == "volume"
    assert labels["Crisis"] == "title"


def test_a_chapter_after_the_imprint_is_part_of_the_locator() -> None:
    got = _repaired("Frank, Reality (London: Faber, 1965), Chapter IV “Man and God,” 110–161.",
                    ["B-author", "author", "title", "city", "city", "city", "publisher", "publisher",
                     "year", "year", "archival", "archival", "archival", "archival", "title", "title",
                     "title", "title", "title", "pages", "pages", "pages", "O"])
    assert all(lab == "pages" for _, lab in got[10:22]), got[10:22]


def test_a_journal_with_a_place_of_publication_is_a_book() -> None:
    got = _repaired("Vyshinsky to Stalin, in Sovetskii faktor (Moscow, 1999), 212.",
                    ["B-item", "item", "item", "item", "in", "journal", "journal", "city", "city",
                     "city", "year", "year", "year", "pages", "O"])
    assert [lab for _, lab in got[5:7]] == ["title", "title"]


def test_the_number_of_a_part_belongs_to_its_title() -> None:
    got = _repaired("Meetings of Kim Il Sung: Part 1 (March 1949), website",
                    ["B-title", "title", "title", "title", "title", "title", "title", "date", "date",
                     "date", "date", "date", "O", "O"])
    assert got[7] == ("1", "title")


def test_a_transliterated_title_with_its_translation_is_a_title() -> None:
    got = _repaired("Dokumenty [Documents], Moscow, MFD, 2012.",
                    ["B-author", "city", "city", "city", "city", "city", "city", "publisher", "publisher",
                     "year", "O"])
    assert [lab for _, lab in got[:4]] == ["B-title", "title", "title", "title"]


def test_an_editor_and_the_mark_go_on_into_the_title() -> None:
    got = _repaired("Felix Chuev, ed., Molotov Remembers (Chicago: Dee, 1993), 45.",
                    ["B-editor", "editor", "editor", "editor", "editor", "editor", "B-title", "title",
                     "city", "city", "city", "publisher", "publisher", "year", "year", "pages", "pages", "O"])
    assert got[6] == ("Molotov", "title")


def test_a_name_and_a_comma_before_a_title_begun_late_are_its_author() -> None:
    """The labeller took "Gaston Bonet-Maury, Histoire de la" for commentary and began the
    title mid-way: a clause opening the note with a name and a comma is author and title."""
    got = _repaired("Gaston Bonet-Maury, Histoire de la liberté (Paris: Alcan, 1900).",
                    ["O", "O", "O", "O", "O", "O", "O", "B-title", "title", "city", "city", "city",
                     "publisher", "publisher", "year", "year", "O"])
    labels = [lab for _, lab in got]
    assert labels[:5] == ["B-author", "author", "author", "author", "author"]
    assert labels[5:9] == ["title"] * 4


def test_commentary_before_a_title_stays_commentary() -> None:
    got = _repaired("See, for this, Histoire de la liberté (Paris: Alcan, 1900).",
                    ["O", "O", "O", "O", "O", "B-title", "title", "title", "title", "city", "city", "city",
                     "publisher", "publisher", "year", "year", "O"])
    assert [lab for _, lab in got][:5] == ["O"] * 5


def test_a_title_in_another_is_a_chapter_in_its_book() -> None:
    """A title, "in", a second title: the second is the book (container); the book's author
    named after "in" with a comma is no author of the chapter; initials without a comma open
    the book's title."""
    got = _repaired("Paul Valliere, “The Modernity of Khomiakov,” in A.S. Khomiakov: Poet, 1990.",
                    ["B-author", "author", "author"] + ["title"] * 7 + ["in", "author", "author", "author",
                                                                      "author", "title", "title", "title",
                                                                      "title", "year", "O"])
    labels = [lab for _, lab in got]
    assert labels[11:18] == ["container"] * 7
    assert labels[:3] == ["B-author", "author", "author"]
    got = _repaired("Hart, “Matter,” in Hart, The Hidden, 12.",
                    ["B-author", "author", "title", "title", "title", "title", "in", "author", "author",
                     "title", "title", "title", "pages", "O"])
    labels = [lab for _, lab in got]
    assert labels[7:9] == ["in", "in"]
    assert labels[9:12] == ["container"] * 3


def test_a_title_run_over_in_and_a_capital_is_two_titles() -> None:
    got = _repaired("Gregory of Nyssa, De beatitudinibus, in Gregory of Nyssa: On the Beatitudes, 30.",
                    ["B-author", "author", "author", "author"] + ["title"] * 12 + ["pages", "O"])
    labels = [lab for _, lab in got]
    assert labels[4:7] == ["title"] * 3
    assert labels[7] == "in"
    assert labels[8:15] == ["container"] * 7


def test_in_inside_a_quoted_title_stays_in_the_title() -> None:
    got = _repaired("Smith, “War, in Peace and Later,” 12.",
                    ["B-author", "author"] + ["title"] * 9 + ["pages", "O"])
    assert all(lab == "title" for _, lab in got[2:11])


def test_a_single_quoted_title_runs_to_its_closing_quote() -> None:
    got = _repaired("Davies and Wheatcroft, 'Stalin, Grain Stocks', Slavic Review 54.",
                    ["B-author", "author", "author", "author", "author", "author", "title", "title",
                     "title", "title", "title", "journal", "journal", "volume", "O"])
    labels = [lab for _, lab in got]
    assert labels[:4] == ["B-author", "author", "author", "author"]
    assert labels[5:11] == ["title"] * 6


def test_a_periodical_after_in_colon_is_journal_volume_and_year() -> None:
    """German style: 'Title, in: VfZ 41 (1993), S. 355.': the periodical, its volume and year."""
    got = _repaired("Kittel, Genesis einer Legende, in: VfZ 41 (1993), S. 355.",
                    ["B-author", "author"] + ["title"] * 12 + ["pages"] * 3 + ["O"])
    labels = dict(got)
    assert [labels[w] for w in ("Genesis", "Legende", "in", ":", "VfZ", "41", "1993")] == [
        "title", "title", "in", "in", "journal", "volume", "year"]


def test_as_quoted_in_cuts_one_work_from_the_next() -> None:
    got = _repaired("Miller, Men From the Valley, as quoted in Smith, OSS, p. 362.",
                    ["B-author", "author"] + ["title"] * 12 + ["pages"] * 3 + ["O"])
    labels = [lab for _, lab in got]
    assert labels[2:6] == ["title"] * 4            # Men From the Valley
    assert labels[6:10] == ["O"] * 4               # , as quoted in
    assert labels[10:12] == ["B-author", "author"]  # Smith ,
    assert labels[12] == "title"                    # OSS


def test_a_title_opening_with_a_name_and_a_comma_in_a_short_form_is_its_author() -> None:
    """Train (Rappaport): "Almedingen, I Remember St Petersburg, 186–7." labelled all title."""
    got = _repaired("Almedingen, I Remember St Petersburg, 186–7.",
                    ["B-title"] + ["title"] * 6 + ["pages"] * 3 + ["O"])
    labels = [lab for _, lab in got]
    assert labels[:3] == ["B-author", "author", "title"]
    # with an imprint it is a title that opens with a name ("Stalin, Ivan Groznyi i Drugie")
    got = _repaired("Stalin, Ivan Groznyi i Drugie, Moscow, 2019.",
                    ["B-title"] + ["title"] * 6 + ["city", "city", "year", "O"])
    assert got[0][1] == "B-title"
    # a list of names is no author and title ("Молотов, Маленков, Каганович, 1957")
    got = _repaired("Молотов, Маленков, Каганович, 1957. С. 409.",
                    ["B-title"] + ["title"] * 5 + ["year", "year"] + ["pages"] * 4)
    assert got[0][1] == "B-title"


@pytest.mark.parametrize("labels", [
    ["B-title"] + ["title"] * 8 + ["pages"] * 3,             # the issue taken into the title
    ["B-title"] + ["title"] * 5 + ["pages"] * 6,             # or into the pages
])
def test_a_periodical_cited_by_year_and_issue_is_its_name_year_and_number(labels: list[str]) -> None:
    got = _repaired("Известия ЦК КПСС. 1989. № 3. С. 158", labels)
    assert [lab for _, lab in got][:9] == ["B-journal", "journal", "journal", "journal", "year", "year",
                                           "issue", "issue", "issue"]
    assert [lab for _, lab in got][9:] == ["pages"] * 3
    # a book's title with a year in it is left alone: no issue follows the year
    got = _repaired("Сталин. 1937. С. 5", ["B-title", "title", "title", "title", "pages", "pages", "pages"])
    assert got[0][1] == "B-title"


def test_a_volume_opening_the_pages_is_the_volume() -> None:
    got = _repaired("Сталин И. В. Соч. Т. 13. С. 108.",
                    ["B-author"] + ["author"] * 4 + ["title", "title"] + ["pages"] * 7 + ["O"])
    labels = dict(got)
    assert (labels["Т"], labels["13"], labels["С"], labels["108"]) == ("volume", "volume", "pages", "pages")


@pytest.mark.parametrize(("text", "family"), [
    ("Gregory of Nyssa", "Gregory of Nyssa"),   # a name with its place is cited whole
    ("Sergius of Radonezh", "Sergius of Radonezh"),
    ("Earl of Avon", "Avon"),                   # a peer is cited by the title's place
    ("Gustave de Molinari", "Molinari"),
])
def test_names_with_of(text: str, family: str) -> None:
    from refcli.parsers.people import parse_people

    (p,) = parse_people(text).persons
    assert p.family == family


def test_pages_singled_out_by_especially_are_the_pages() -> None:
    got = _repaired("Smith, “Red Army Days,” especially 12–14 and 20–22.",
                    ["B-author", "author"] + ["title"] * 7 + ["volume"] * 4 + ["pages"] * 3 + ["O"])
    labels = [lab for _, lab in got]
    assert labels[2:8] == ["title"] * 6
    assert labels[8:16] == ["pages"] * 8


@pytest.mark.parametrize(("value", "pages"), [
    ("especially 66–68 and 132–133", "66-68 and 132-133"),  # no Roman "c" inside a word
    ("col. 43", "43"),
    ("xii–xiv", "xii-xiv"),
    ("p. 12", "12"),
])
def test_canonical_pages(value: str, pages: str) -> None:
    from refcli.parsers.assemble import canon_pages

    assert canon_pages(value) == pages


def test_a_semicolon_in_an_archival_run_cuts_two_references_unless_dated_items_share_one() -> None:
    text = "Sgovio interview with Kovacs, tapes, San Francisco; Sgovio NKVD file, Hoover Institution."
    seq_labels = ["B-archival"] + ["archival"] * 15 + ["O"]
    got = _repaired(text, seq_labels)
    labels = [lab for _, lab in got]
    semi = [w for w, _ in got].index(";")
    assert (labels[semi], labels[semi + 1]) == ("O", "B-archival")
    # dated documents listed before the archive they share stay one reference
    text = "Embassy to Department, March 14, 1968; Department to Embassy, March 24, 1969, in NARA."
    got = _repaired(text, ["B-archival"] + ["archival"] * 19 + ["O"])
    assert "B-archival" not in [lab for _, lab in got][1:]


@pytest.mark.parametrize(("text", "authors", "title"), [
    # a suffix after the family name (corpus/train mcallister_frus_history_ch8 has "Carol M.
    # Barker and Matthew H. Fox, Classified Files: ..."; these are constructed in its forms)
    ("Arthur M. Schlesinger Jr., A Thousand Days: John F. Kennedy in the White House (Boston: Houghton Mifflin, 1965), 420.",
     ["Schlesinger"], "A Thousand Days: John F. Kennedy in the White House"),
    # "and" and a second name with initials: the first name was written given name first
    ("Ivo H. Daalder and I. M. Destler, In the Shadow of the Oval Office (New York: Simon & Schuster, 2009), 4.",
     ["Daalder", "Destler"], "In the Shadow of the Oval Office"),
    ("Carol M. Barker and Matthew H. Fox, Classified Files (New York: Twentieth Century Fund, 1972), 26–38.",
     ["Barker", "Fox"], "Classified Files"),
    # a family-first name followed by its title is still cut where the title begins
    ("Pantsov A. V. Mao Zedong and the Chinese Revolution. Moscow, 2007. P. 5.", ["Pantsov"],
     "Mao Zedong and the Chinese Revolution"),
])
def test_a_given_name_first_with_initials_keeps_its_family_name(read, text, authors, title) -> None:
    _, got_authors, got_title, _ = read(text)
    assert (got_authors, got_title) == (authors, title)
