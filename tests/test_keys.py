"""Citation keys: Better BibTeX's auth + year + first title word, ASCII, for real authors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcli.library.keys import base_key, clean_key, unique_key
from refcli.model import Citation, Person


def _work(family: str, given: str | None, year: str, title: str, kind: str = "book",
          suffix: str | None = None) -> Citation:
    return Citation(kind, authors=(Person(family, given, suffix),), title=title, year=year)


# (family, given, year, title) → key: real authors and works in six languages
GOLDEN = [
    # English and other Latin-script names
    ("Chen", "Jian", "2001", "Mao's China and the Cold War", "chen2001mao"),
    ("Lüthi", "Lorenz M.", "2008", "The Sino-Soviet Split: Cold War in the Communist World", "luthi2008sino"),
    ("Gaiduk", "Ilya V.", "2003", "Confronting Vietnam: Soviet Policy toward the Indochina Conflict", "gaiduk2003confronting"),
    ("Szalontai", "Balázs", "2005", "Political and Economic Crisis in North Vietnam, 1955–56", "szalontai2005political"),
    ("Zubok", "Vladislav M.", "2007", "A Failed Empire: The Soviet Union in the Cold War", "zubok2007failed"),
    ("Taubman", "William", "2003", "Khrushchev: The Man and His Era", "taubman2003khrushchev"),
    ("Westad", "Odd Arne", "2005", "The Global Cold War", "westad2005global"),
    ("van Ree", "Erik", "2002", "The Political Thought of Joseph Stalin", "ree2002political"),
    ("de Gaulle", "Charles", "1954", "Mémoires de guerre", "gaulle1954memoires"),
    ("O'Neill", "Barry", "1999", "Honor, Symbols, and War", "oneill1999honor"),
    # Russian, in Cyrillic (ALA-LC through iuliia)
    ("Панцов", "А. В.", "2007", "Мао Цзэдун", "pantsov2007mao"),
    ("Капица", "М. С.", "1996", "На разных параллелях: записки дипломата", "kapitsa1996raznykh"),
    ("Хрущёв", "Н. С.", "1999", "Воспоминания: время, люди, власть", "khrushchev1999vospominaniia"),
    ("Микоян", "А. И.", "1999", "Так было: размышления о минувшем", "mikoian1999tak"),
    ("Селиванов", "И. Н.", "2021", "Эпоха ХХ съезда", "selivanov2021epokha"),
    ("Хлевнюк", "О. В.", "2010", "Хозяин: Сталин и утверждение сталинской диктатуры", "khlevniuk2010khoziain"),
    ("Ледовский", "А. М.", "1997", "Переговоры И. В. Сталина с Мао Цзэдуном", "ledovskii1997peregovory"),
    ("Зубкова", "Е. Ю.", "2000", "Послевоенное советское общество", "zubkova2000poslevoennoe"),
    # Polish
    ("Paczkowski", "Andrzej", "1995", "Pół wieku dziejów Polski", "paczkowski1995pol"),
    ("Friszke", "Andrzej", "1994", "Opozycja polityczna w PRL 1945–1980", "friszke1994opozycja"),
    ("Żaryn", "Jan", "1997", "Kościół a władza w Polsce (1945–1950)", "zaryn1997kosciol"),
    ("Kamiński", "Łukasz", "2000", "Polacy wobec nowej rzeczywistości 1944–1948", "kaminski2000polacy"),
    ("Wałęsa", "Lech", "1987", "Droga nadziei", "walesa1987droga"),
    # Danish
    ("Østergaard", "Uffe", "1999", "Danish National Identity", "ostergaard1999danish"),
    ("Jensen", "Bent", "1999", "Bjørnen og haren: Sovjetunionen og Danmark 1945–1965", "jensen1999bjornen"),
    ("Villaume", "Poul", "1995", "Allieret med forbehold", "villaume1995allieret"),
    ("Petersen", "Nikolaj", "2004", "Europæisk og globalt engagement", "petersen2004europaeisk"),
    # Chinese, in pinyin and in characters
    ("Shen", "Zhihua", "2003", "Sulian zhuanjia zai Zhongguo", "shen2003sulian"),
    ("Li", "Danhui", "2002", "Beijing yu Mosike: cong lianmeng zouxiang duikang", "li2002beijing"),
    ("Yang", "Kuisong", "1999", "Mao Zedong yu Mosike de enen yuanyuan", "yang1999mao"),
    ("Zhang", "Shu Guang", "1995", "Mao's Military Romanticism", "zhang1995mao"),
    ("沈", "志华", "2003", "毛泽东、斯大林与朝鲜战争", "shen2003maozedong"),
    # German
    ("Baberowski", "Jörg", "2003", "Der rote Terror: Die Geschichte des Stalinismus", "baberowski2003rote"),
    ("Weber", "Hermann", "1985", "Geschichte der DDR", "weber1985geschichte"),
    ("Hildermeier", "Manfred", "1998", "Geschichte der Sowjetunion 1917–1991", "hildermeier1998geschichte"),
    ("Weiß", "Hermann", "1998", "Biographisches Lexikon zum Dritten Reich", "weiss1998biographisches"),
    ("Heydemann", "Günther", "2003", "Die Innenpolitik der DDR", "heydemann2003innenpolitik"),
    ("Schröder", "Klaus", "1998", "Der SED-Staat", "schroder1998sed"),
]


@pytest.mark.parametrize(("family", "given", "year", "title", "key"), GOLDEN,
                         ids=[g[-1] for g in GOLDEN])
def test_golden_keys(family: str, given: str, year: str, title: str, key: str) -> None:
    """auth + year + first title word, transliterated: the keys Better BibTeX users expect."""
    assert base_key(_work(family, given, year, title)) == key


def test_golden_table_covers_six_languages() -> None:
    assert len(GOLDEN) >= 30


def test_suffix_and_editor_and_date() -> None:
    """Jr. is not part of the key; an edited volume takes its editor; a date gives the year."""
    assert base_key(_work("Sherry", "John F.", "1995", "Contemporary Marketing", suffix="Jr.")) == "sherry1995contemporary"
    edited = Citation("book", editors=(Person("Fursenko", "A. A."),), year="2004",
                      title="Президиум ЦК КПСС. 1954–1964")
    assert base_key(edited) == "fursenko2004prezidium"
    dated = Citation("document", title="Record of a Conversation with Mao Zedong", date="1956-03-31")
    assert base_key(dated) == "1956record"


def test_keys_without_author_or_title() -> None:
    """A newspaper issue takes its title; a bare web page its site; an unparsed one its first word."""
    assert base_key(Citation("article", container="Pravda", date="1956-01-27")) == "1956pravda"
    assert base_key(Citation("web", url="http://www.juche-songun.ru/page")) == "juchesongun"
    assert base_key(Citation("other", raw="https://digitalarchive.wilsoncenter.org/document/1")) == "wilsoncenter"


def test_unit_keys() -> None:
    unit = Citation("archival", archive="ГАРФ", fond="R-5446", opis="98s", delo="704")
    assert base_key(unit) == "garf-5446-98s-704"
    tna = Citation("archival", archive="TNA", shelfmark="TNA, FO 371/116982")
    assert base_key(tna) == "tna-fo-371-116982"


def test_collisions_get_letters() -> None:
    taken = {"pantsov2007mao", "pantsov2007maoa"}
    assert unique_key("pantsov2007mao", taken.__contains__) == "pantsov2007maob"
    assert unique_key("zubok2007failed", taken.__contains__) == "zubok2007failed"
    assert clean_key("my key\t1") == "mykey1"


@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=8))
@settings(max_examples=300, deadline=None)
def test_keys_are_ascii_and_never_empty(family: str, title: str, year: str) -> None:
    """Whatever the names and titles, a key is non-empty lowercase ASCII letters and digits."""
    key = base_key(Citation("book", authors=(Person(family or "x"),), title=title, year=year))
    assert key
    assert key.isascii()
    assert key == key.lower()
    assert all(ch.isalnum() for ch in key)
