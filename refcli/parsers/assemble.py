"""From labelled tokens to citations: segments, field values, kinds.

The labeller marks each token with a field (``author``, ``title``, ``pages`` ...) or ``O``
for commentary, and marks the first token of each citation ``B-``. Here the tokens are cut
into citations (at ``B-``, at commentary, at a shelfmark, where an author follows the end
of a reference), each field's words are joined and normalised (pages with hyphens, a year
out of a date, persons out of an author field), and each citation gets its kind from the
fields it has. Pure and linear in the number of tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from refcli import rx
from refcli.model import Citation, Person

from .backref import locator_fields
from .canon import canon_leaves
from .features import lexicon
from .glosses import glosses
from .normalize import city_name, clean_publisher, find_date, split_title
from .people import JOINERS, PARTICLES, given_names, parse_people
from .sequence import FIELDS, OUTSIDE, NoteSequence, split_label
from .tokens import SHELFMARK, canon_url, is_url
from .western import DOCUMENT_KINDS

_REFERENCE_END = {"pages", "year", "publisher", "city", "url", "date", "locator", "volume",
                  "issue", "journal", "container", "title"}
_QUOTED_IN = rx.compile(  # (the look-ahead: the letters its phrases start with, as for LEAD_IN)
    r"(?=[qcar])(?:quoted|cited|qtd\.?|as\s+quoted|reprinted|reproduced)\s+(?:\w+\s+){0,3}?(?:in|by|from)\s*+(?::\s*+)?$"
    r"|цит(?:\.|ирую?т?с?я?)\s*(?:по|в)\s*+(?::\s*+)?$|цитирует\S*\s*$",
    re.IGNORECASE,
)
_CYRILLIC = rx.compile(r"[\u0400-\u04ff]")
# "Publ.", "izd.", "izdatel", "Moskva", "Nauka", "Politizdat" as words (first letter first, the
# word boundary looked at behind it: the engine skips to a possible first letter at once)
_RUSSIAN_IMPRINT = rx.compile(
    r"P(?<!\wP)(?:ubl\.?(?!\w)|olitizdat\b)|p(?<!\wp)ubl\.?(?!\w)|i(?<!\wi)zd(?:atel)?\.?(?!\w)|I(?<!\wI)zd\.?(?!\w)"
    r"|M(?<!\wM)oskva\b|N(?<!\wN)auka\b")
_YEAR = rx.compile(r"(?<!\d)(1[5-9]\d\d|20[0-3]\d)(?!\d)")
_NUMBER = rx.compile(r"\d+(?:[-–—]\d+)?[a-zа-я]?(?!\w)|(?<!\w)[IVXLCDM]+(?!\w)")
_PAGE_MARK_ANY = rx.compile(r"(?<![^\W\d_])(?:pp?|[СсSsPР]|стр|pgs?)\.\s?\d")
_PAGES_START = rx.compile(r"\d|(?<![^\W\d_])[IVXLCDMivxlcdm]+(?![^\W\d_])")
_DASH_SPACES = rx.compile(r"\s*[-‐‑‒–—―−]+\s*")
_STRIP = " ,.;:/\u00a0"
_OPEN = "“«„‘\"'([{"
_PAIRS = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"', "'": "'", "(": ")", "[": "]", "{": "}"}
_CLOSE = "”»’\"')]}"


@dataclass(slots=True)
class Segment:
    """The tokens of one citation, and item-title tokens said to belong to it."""

    idx: list[int] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    shelfmark: bool = False  # holds a shelfmark the grammar read

    def has(self, name: str) -> bool:
        return name in self.fields


class _Names(dict):
    """A label's field ("B-author" -> "author"), looked up in a dict: the repairs ask for it
    a million times in a thousand notes."""

    def __missing__(self, label: str) -> str:
        field = self[label] = split_label(label)[1]
        return field


_name = _Names().__getitem__


_NAME_WORDS = frozenset({"and", "et", "al", "ed", "eds", "trans", "comp", "by", "van", "von", "de",
                         "der", "den", "du", "da", "di", "del", "della", "des", "le", "la", "ten",
                         "ter", "zu", "и", "др", "ред", "под", "сост", "пер", "with", "edited",
                         "translated", "compiled", "jr", "sr", "фон", "of", "the", "u", "a"})


# what the "in" of a chapter or a document in a collection is written as
_IN_WORDS = frozenset(["in", "в", "во", "кн", "сб", "im", "dans", "w", "u", "auch", "also", "see", "idem"])


_WEBSITE = frozenset(["website", "site", "web-site", "сайт", "портал", "portal"])


def _urls_are_cited(toks: Sequence, out: list[str]) -> None:
    """A URL is never commentary: one labelled O ends the citation before it, when only a few
    words lie between (what follows a '//' then is the site's name: "… / / website
    Juche-songun - http://…"), or starts a citation of its own."""
    for k, tok in enumerate(toks):
        if out[k] != "O" or not is_url(tok):
            continue
        j = k - 1
        while j >= 0 and out[j] == "O" and k - j <= 8 and toks[j].text not in (";", "(", ")"):
            j -= 1
        if j >= 0 and out[j] != "O" and _name(out[j]) in ("in", "container", "journal", "title", "date", "item") \
                and any(toks[i].text.lower() in _WEBSITE for i in range(j + 1, k)):
            for i in range(j + 1, k):
                out[i] = "container"
            out[k] = "url"
        elif j >= 0 and out[j] != "O" and j == k - 1:
            out[k] = "url"
        else:
            out[k] = "B-url"


_CHAPTER_IN = frozenset(["in", "в", "im", "dans"])
# "in", "в", "im", "dans" as words (each opened by its first letter, the look-behind after it:
# the engine skips to the next possible first letter at once; the same matches)
_CHAPTER_WORD = rx.compile(r"(?:i(?<![^\W\d_]i)[nm]|в(?<![^\W\d_]в)|d(?<![^\W\d_]d)ans)(?![^\W\d_])")


def _chapter_in_a_book(toks: Sequence, out: list[str]) -> None:
    """A title, then "in", then another title: the second is the book the first is a chapter
    of ("“The Modernity of Khomiakov,” in A.S. Khomiakov: Poet, …, ed. …"; "…, in Hart, The
    Hidden and the Manifest"). The book's author named after "in" is no author of the
    chapter: with a comma after the name it goes with the "in", else it opens the book's
    title ("A.S. Khomiakov: Poet")."""
    n = len(out)
    for k in range(2, n - 2):
        # "Gregory of Nyssa, De beatitudinibus, in Gregory of Nyssa: On the Beatitudes": a
        # title run over ", in" and a capital, outside quotation marks, is two titles
        after = k + 2 if toks[k + 1].text == ":" else k + 1  # "…, in: VfZ 41 (1993)"
        if (out[k] == "title" and toks[k].text.lower() in _CHAPTER_IN and toks[k - 1].text == ","
                and _name(out[k - 2]) == "title" and after < n and out[after] == "title"
                and toks[after].text[:1].isupper()):
            a = k - 1
            # back to the title's start, but no further than a title is long (a long line of
            # titles stays linear)
            while a > max(0, k - 80) and _name(out[a - 1]) == "title" and not out[a].startswith("B-"):
                a -= 1
            opened = sum(toks[i].text in "“«\"‘'" for i in range(a, k)) - sum(toks[i].text in "”»’" for i in range(a, k))
            if opened <= 0:
                out[k] = "in"
                if after == k + 2:
                    out[k + 1] = "in"
    title_seen = False
    k = 0
    while k < n:
        if out[k].startswith("B-"):
            title_seen = False
        name = _name(out[k])
        if name == "title":
            title_seen = True
        elif name == "in" and title_seen and toks[k].text.lower() in _CHAPTER_IN:
            j = k + 1
            while j < n and out[j] == "in":
                j += 1
            a = j
            while j < n and out[j] == "author":
                j += 1
            if j < n and out[j] == "title":
                comma = any(toks[i].text == "," for i in range(a, j))
                for i in range(a, j):
                    out[i] = "in" if comma else "container"
                first = j
                while j < n and out[j] == "title":
                    out[j] = "container"
                    j += 1
                _journal_volume_year(toks, out, first, j)
                k = j
                continue
        k += 1


def _journal_volume_year(toks: Sequence, out: list[str], a: int, b: int) -> None:
    """The book after "in", TOKS[A:B], when it is a periodical's volume and year: words, a
    number, the year in brackets ("in: VfZ 41 (1993)"): journal, volume and year."""
    while b > a and toks[b - 1].text in (",", ".", ";"):
        b -= 1
    if b - a < 5 or toks[b - 1].text != ")" or toks[b - 3].text != "(" or not _YEAR.fullmatch(toks[b - 2].text):
        return
    if not toks[b - 4].text.isdigit() or not all(t.text[:1].isalpha() for t in toks[a : b - 4]):
        return
    for i in range(a, b - 4):
        out[i] = "journal"
    out[b - 4] = "volume"
    for i in range(b - 3, b):
        out[i] = "year"


_PAGE_WORDS = frozenset(["p", "pp", "page", "pages", "с", "стр", "s", "р", "no", "n", "№", "nr", "col", "cols",
                         "l", "ll", "л", "лл", "f", "ff", "fol", "fols", "folio", "at", "especially", "esp",
                         "passim", "vol", "т", "chapter", "ch", "гл", "part", "ч", "sec", "section", "art",
                         "doc", "document", "item", "entry", "fig", "note", "notes", "nn", "app", "appendix",
                         "table", "map", "plate", "frame", "reel", "box", "folder", "tab", "annex", "bk", "book"])


def _pages_open_with_a_locator(toks: Sequence, out: list[str]) -> None:
    """A run labelled pages opens with a number or a page's mark: the words the labeller put
    before it belong to the field before the run ("… Archive of the Russian Federation, 1997,
    No. 1": the periodical's name, its year, then the issue), and a year before the first mark
    is the year."""
    n = len(out)
    k = 0
    while k < n:
        if _name(out[k]) != "pages" or (k and _name(out[k - 1]) == "pages" and not out[k].startswith("B-")):
            k += 1
            continue
        end = k
        while end + 1 < n and out[end + 1] == "pages":
            end += 1
        first = next((i for i in range(k, end + 1) if toks[i].text[:1].isdigit()
                      or toks[i].text.lower().strip(".") in _PAGE_WORDS or _ROMAN.fullmatch(toks[i].text)), None)
        before = _name(out[k - 1]) if k else "O"
        if first is not None and first > k and before not in ("O", "pages") and not out[k].startswith("B-") \
                and all(toks[i].text[:1].isalpha() or toks[i].text in (",", "-") for i in range(k, first)):
            for i in range(k, first):
                out[i] = before
            if _YEAR.fullmatch(toks[first].text) and first + 1 <= end and toks[first + 1].text == ",":
                out[first], out[first + 1] = "year", "year"
        k = end + 1


def _quoted_in_cuts(toks: Sequence, out: list[str]) -> None:
    """"…, Men From the Valley, as quoted in Smith, OSS, p. 362": "as quoted in" ends the work
    quoted and opens the one it is quoted in, however the labeller ran them together."""
    n = len(out)
    for k in range(1, n - 2):
        if toks[k].text.lower() not in ("quoted", "cited") or toks[k + 1].text.lower() != "in" \
                or out[k] == "O" or out[k + 2] == "O":
            continue
        start = k - 1 if toks[k - 1].text.lower() == "as" else k
        if start > 0 and toks[start - 1].text == ",":
            start -= 1
        for i in range(start, k + 2):
            out[i] = "O"
        if (_name(out[k + 2]) == "title" and k + 4 < n and toks[k + 3].text == ","
                and toks[k + 2].text[:1].isupper() and _name(out[k + 4]) == "title"):
            out[k + 2], out[k + 3] = "B-author", "author"  # "Smith, OSS": a short form's author
        else:
            out[k + 2] = "B-" + _name(out[k + 2])


def _single_quoted_titles(toks: Sequence, out: list[str]) -> None:
    """A title in single quotes after the authors' comma is a title to its closing quote,
    commas and all: "…, Tauger and S. G. Wheatcroft, 'Stalin, Grain Stocks, and the Famine',
    Slavic Review" (the labeller took "'Stalin," for one more author)."""
    n = len(out)
    for k in range(1, n - 2):
        if toks[k].text not in ("'", "‘") or toks[k - 1].text != "," or _name(out[k]) not in ("author", "title") \
                or not toks[k + 1].text[:1].isupper():
            continue
        close = next((m for m in range(k + 2, min(n, k + 60)) if toks[m].text in ("'", "’")
                      and (m + 1 == n or toks[m + 1].text in (",", ".", ":", ";"))), None)
        if close is None or not all(_name(out[i]) in ("author", "title") for i in range(k, close + 1)):
            continue
        if any(_name(out[i]) == "author" for i in range(k, close + 1)):
            for i in range(k, close + 1):
                out[i] = "title"


def _dated_run(toks: Sequence, out: list[str], k: int) -> bool:
    """Whether the archival run that token K ends holds a year (a dated document)."""
    i = k - 1
    while i >= 0 and _name(out[i]) == "archival" and not out[i].startswith("B-") and toks[i].text != ";":
        if _YEAR.fullmatch(toks[i].text):
            return True
        i -= 1
    return i >= 0 and _name(out[i]) == "archival" and bool(_YEAR.fullmatch(toks[i].text))


def _stops_after_glosses(seq: NoteSequence, out: list[str]) -> None:
    """"…, 2019), 5.10. (Henceforth CD).": the full stop after a gloss (which the reader does
    not see) ends the note, not the pages: labelled so, it would carry the gloss into them."""
    found = glosses(seq.text)
    if not found:
        return
    toks = seq.tokens
    starts = [t.start for t in toks]
    for g in found:
        k = bisect_left(starts, g.end)
        if k < len(toks) and k and not any(ch.isalnum() for ch in toks[k].text) \
                and toks[k].text not in _OPEN and (k + 1 == len(toks) or _name(out[k + 1]) == OUTSIDE
                                                 or split_label(out[k + 1])[0]):
            out[k] = OUTSIDE


def repair(seq: NoteSequence, labels: Sequence[str]) -> list[str]:
    """Labels corrected where they break how names are written: a lower-case word is no
    part of a person's name ("Aroseva, Prozhivshaia dvazhdy" is an author and a title), so
    from the comma before it the run of author or editor words is the title."""
    out = list(labels)
    toks = seq.tokens
    # Each repair below acts only where some label (or a word of the note) it looks for is
    # present: the tests in front of them skip the repairs that cannot apply (most of them,
    # in most notes) without a loop over the tokens. HAS tests the labels as they stand at
    # that point (taken again after each repair that ran: a repair changes labels in place)
    text = seq.text
    low = text.lower()
    has = _Present(out)
    for k in range(1, len(out) if has("archival") else 0):
        # a comma the labeller gave to an archive between a document's title and its date
        if _name(out[k]) == "archival" and toks[k].text != SHELFMARK \
                and not toks[k].text[:1].isalnum() and _name(out[k - 1]) != "archival" \
                and (k + 1 >= len(out) or _name(out[k + 1]) != "archival"):
            out[k] = _name(out[k - 1])
        # "…, San Francisco; Thomas Sgovio NKVD file, Hoover Institution": a semicolon in an
        # archival run ends one reference and opens the next
        elif toks[k].text == ";" and out[k] == "archival" and k + 1 < len(out) and out[k + 1] == "archival" \
                and _name(out[k - 1]) == "archival" and not _dated_run(toks, out, k):
            # (dated documents listed before the archive they share stay one reference)
            out[k], out[k + 1] = OUTSIDE, "B-archival"
    if "(" in text or "hereafter" in low or "henceforth" in low:
        _stops_after_glosses(seq, out)
    if "ibid" in low or "там" in low or "lbid" in low:  # (a token's lower case is a part of the note's)
        _force_backrefs(toks, out)
    if "http" in low or "www" in low:
        _urls_are_cited(toks, out)
    has.again()
    if "B-author" in has.labels:
        _no_function_word_authors(toks, out)
        _sentence_out_of_names(toks, out)
    if "'" in text or "‘" in text:
        _single_quoted_titles(toks, out)
    if "quoted in" in low or "cited in" in low:
        _quoted_in_cuts(toks, out)
    if "pages" in has.labels:
        _pages_open_with_a_locator(toks, out)
    _strip_lead_ins(seq, out)
    if ". " in text:
        _family_dot_short_title(toks, out)
    if ", see " in text or "; see " in text:
        _commentary_before_see(seq, out)
    has.again()
    if has("title", "item"):
        _family_first_at_start(toks, out)
        has.again()
    if has("title"):
        if "." in text:
            _periodical_issues(toks, out)
        _authors_of_short_titles(toks, out)
        has.again()
    if has("pages"):
        _volumes_opening_pages(toks, out)
        if has("volume"):
            _unmarked_volumes_are_pages(toks, out)
        if "especially" in low or "esp." in low or "passim" in low or "particularly" in low or "notably" in low \
                or "особенно" in low:
            _emphasised_pages(toks, out)
        has.again()
    for k in range(len(out) - 2 if has("author") else 0):
        # "И.Сталин, т. 11": an initial glued to the family name it belongs to
        if _name(out[k]) == "author" and _initial_at(toks, k) \
                and _name(out[k + 2]) == "title" and toks[k + 2].start == toks[k + 1].end \
                and toks[k + 2].text[:1].isupper() and k + 3 < len(out) and toks[k + 3].text in (",", "."):
            out[k + 2] = "author"
    has.again()
    if has("archival") and has("in"):
        _containers_not_archives(seq, out)
        has.again()
    if has("title") and _CHAPTER_WORD.search(low):  # (nothing to do without the word "in")
        _chapter_in_a_book(toks, out)
        has.again()
    if "B-item" in has.labels or "item" in has.labels:
        _items_with_imprints(toks, out)
        has.again()
    for k in range(1, len(out) if "[" in text or has("in") else 0):
        if toks[k].text == "[" and _name(out[k - 1]) == "title":
            # "Stenogrammy [Transcripts]": a bracketed translation belongs to its title
            m = k
            while m < len(out) and m - k < 40:
                out[m] = "title"
                if toks[m].text == "]":
                    break
                m += 1
        if _name(out[k]) == "in" and _initial_at(toks, k):
            # "И. В. Сталина": the initial В., not the preposition в
            out[k] = out[k + 1] = _name(out[k - 1])
        elif _name(out[k]) == "in" and _name(out[k - 1]) == "title" and toks[k].text.isalpha() \
                and toks[k].text.lower() not in _IN_WORDS:
            # "Новое прочтение / Отв. ред.": a word of the title, not the "in" of a chapter
            out[k] = "title"
    # the runs of names, from each token labelled author or editor (labels that are names'
    # now: the loop relabels only the tokens it has passed, and only as titles)
    after = 0
    for i in _name_positions(out):
        name = _name(out[i])
        if i < after or name not in ("author", "editor"):
            continue
        j = i
        while j + 1 < len(out) and _name(out[j + 1]) == name and not split_label(out[j + 1])[0]:
            j += 1
        bad = next((k for k in range(i, j + 1) if toks[k].text[:1].islower()
                    and toks[k].text.isalpha() and toks[k].text.lower() not in _NAME_WORDS), None)
        if bad is not None:
            comma = next((k for k in range(bad - 1, i, -1) if toks[k].text == ","), None)
            if comma is not None:
                for k in range(comma + 1, j + 1):
                    out[k] = "title"
                j = comma
        if name == "editor":
            # "Witte and Bourdeaux, eds., Proselytism and Orthodoxy": the title after the mark
            mark = next((k for k in range(i, j) if toks[k].text.lower() in ("eds", "ed", "hrsg", "hg", "comps")
                         and k + 2 <= j and toks[k + 1].text in (".", ",")), None)
            if mark is not None:
                comma = next((k for k in range(mark + 1, min(mark + 4, j + 1)) if toks[k].text == ","), None)
                if comma is not None and comma < j:
                    for k in range(comma + 1, j + 1):
                        out[k] = "title"
                    j = comma
        cut = _after_family_first_name(toks, i, j)
        if cut is not None:
            # "Pantsov A.V. Mao Zedong": a name written family first ends with its initials
            for k in range(cut, j + 1):
                out[k] = "title"
        after = j + 1
    _names_completed(toks, out)
    has.again()
    if has("title") and _TITLE_IMPRINT.search(text):
        _imprint_ending_a_title(toks, out)
        has.again()
    if "», " in text and ", «" in text:
        _quoted_publishers(toks, out)
        has.again()
    if "B-title" in has.labels and ": " in text:
        _volume_titles_after_colons(toks, out)
        has.again()
    if has("title") and "(" in text and _BRACKETED_YEAR.search(text):
        _bracketed_years_ending_titles(toks, out)
        has.again()
    if has("title") and _DASH_JOURNAL.search(text):
        _journals_after_dashes(toks, out)
        has.again()
    if has("date", "year"):
        _periodicals_by_name(toks, out)
        if "(" in text:
            _periodicals_with_their_place(toks, out)
        has.again()
    if "/" in text:
        _journals_after_slashes(toks, out)
        has.again()
    if has("title"):
        _editors_in_titles(seq, out)
        has.again()
    if has(OUTSIDE) and has("title", "container"):
        _items_before_in(toks, out)
        has.again()
    if has("title", "item"):
        _items_in_titles(seq, out)
        has.again()
    if has("editor"):
        _containers_before_editors(toks, out)
        has.again()
    if has("title"):
        _split_imprints(seq, out)
        has.again()
    if has("volume", "issue", "year", "pages"):
        _cities_in_locators(seq, out)
        has.again()
    if has("journal"):
        _quoted_titles_before_periodicals(toks, out)
        has.again()
    if has("title"):
        _periodicals_after_quoted_titles(toks, out)
        has.again()
    if has("year", "publisher"):
        _chapters_as_locators(toks, out)
    _books_before_imprints(toks, out)
    has.again()
    if "B-title" in has.labels and OUTSIDE in has.labels:
        _names_before_titles(toks, out)
    # (a part's number needs a word of _PART_WORDS before it, a bracket a "[": in most notes
    # neither is there, and a token's lower case is a part of the note's)
    numbered = "[" in text or any(w in low for w in _PART_WORDS)
    for k in range(1, len(out) - 1 if numbered else 0):
        w = toks[k].text
        if len(w) <= 4 and toks[k - 1].text.lower() in _PART_WORDS and (w.isdigit() or _ROMAN.fullmatch(w)) \
                and _name(out[k - 1]) in ("title", "item") and _name(out[k]) != _name(out[k - 1]):
            out[k] = _name(out[k - 1])  # "Meetings of President Kim Il Sung: Part 1 (March 1949 ...": its number
        if w == "[" and _name(out[k - 1]) in ("author", "city") and split_label(out[k - 1])[0] \
                and toks[k - 1].text[:1].isupper():
            # "Dokumenty [Documents], Moscow": a transliterated title and its translation
            m = k + 1
            while m < len(out) and m - k < 20 and toks[m].text != "]":
                m += 1
            if m < len(out) and toks[m].text == "]":
                out[k - 1] = "B-title"
                for i in range(k, m + 1):
                    out[i] = "title"
    for k in range(2, len(out) if "B-title" in out else 0):
        # "Felix Chuev, ed., Molotov Remembers": names and their mark are no citation alone;
        # the title after them goes on with them
        if out[k] == "B-title" and toks[k - 1].text == "," \
                and _name(out[k - 1]) in ("author", "editor") and _name(out[k - 2]) in ("author", "editor"):
            out[k] = "title"
    return out


class _Present:
    """The labels of a list as a set, for the tests in front of the repairs: ``has("title")``
    is whether some label is the field, opening a citation ("B-title") or not; ``again()``
    takes the labels anew after a repair changed them."""

    __slots__ = ("labels", "out", "seen")

    def __init__(self, out: list[str]) -> None:
        self.out = out
        self.seen = out[:]
        self.labels = set(out)

    def again(self) -> None:
        if self.out != self.seen:  # (most repairs change nothing: a comparison, no new set)
            self.seen = self.out[:]
            self.labels = set(self.out)

    def __call__(self, *fields: str) -> bool:
        labels = self.labels
        for f in fields:  # noqa: SIM110 (a loop: asked some twenty times a note, any() and its generator cost more)
            if f in labels or _BEGINS[f] in labels:
                return True
        return False


_BEGINS = {f: f"B-{f}" for f in (*FIELDS, OUTSIDE)}


_GIVEN_WORD = rx.compile(r"[^\W\d_]{2,}")


def _named_in_full(authors: Sequence[Person], raw: str) -> bool:
    """Whether a reference names its first author as a first citation does: a given name
    written out ("David Wise and Thomas Ross, The Invisible Government, pp. 95–98") or
    initials before the family name ("R. W. Davies, The Socialist Offensive"). A short form
    writes the family name alone (Chicago) or after its initials (GOST: "Аксютин Ю. …")."""
    if not authors or not authors[0].given:
        return False
    first = authors[0]
    given_at, family_at = raw.find(first.given), raw.find(first.family)
    return bool(_GIVEN_WORD.search(first.given)) or 0 <= given_at < family_at


def _names_before_titles(toks: Sequence, out: list[str]) -> None:
    """A title the labeller starts in its middle, after a clause it took for commentary that
    opens with a name and a comma ("Gaston Bonet-Maury, Histoire de la liberté de conscience
    en France depuis l'édit de Nantes jusqu'à Juillet 1870 (Paris: F. Alcan, 1900)"): the name
    is the author and the words after it the start of the title. Only a clause that opens the
    note or follows a semicolon, with no full stop, bracket or lead-in in it."""
    for k in range(2, len(out)):
        if out[k] != "B-title" or out[k - 1] != OUTSIDE:
            continue
        j = k
        while j > 0 and out[j - 1] == OUTSIDE and toks[j - 1].text != ";":
            j -= 1
        if j > 0 and toks[j - 1].text != ";":
            continue
        # a full stop only after an initial ("Aleksandr S. Prokhanov"), never a sentence's end
        if LEAD_IN.match(f"{toks[j].text} ") or any(
                toks[i].text in "()[]" or (toks[i].text == "." and not (len(toks[i - 1].text) == 1
                                                                       and toks[i - 1].text.isupper()))
                for i in range(j, k)):
            continue
        comma = next((i for i in range(j, min(k, j + 6)) if toks[i].text == ","), None)
        if comma is None or comma == j or comma + 1 >= k or not toks[comma + 1].text[:1].isupper() \
                or not all(toks[i].text[:1].isupper() or toks[i].text in "-." for i in range(j, comma)):
            continue
        out[j] = "B-author"
        for i in range(j + 1, comma + 1):
            out[i] = "author"
        for i in range(comma + 1, k + 1):
            out[i] = "title"


def _books_before_imprints(toks: Sequence, out: list[str]) -> None:
    """A run labelled journal that a bracketed imprint follows ("in Sovetskii faktor v
    Vostochnoi Evrope (Moscow, 1999), 212") names a book: journals take a volume and a year,
    not a place of publication."""
    if "journal" not in out and "B-journal" not in out:
        return
    i = 0
    while i < len(out):
        if _name(out[i]) != "journal":
            i += 1
            continue
        j = i
        while j + 1 < len(out) and _name(out[j + 1]) == "journal" and not split_label(out[j + 1])[0]:
            j += 1
        if j + 2 < len(out) and toks[j + 1].text == "(" and _name(out[j + 2]) in ("city", "publisher") \
                and _name(out[j + 1]) in ("city", "publisher", "journal"):
            for k in range(i, j + 1):
                out[k] = out[k].replace("journal", "title")
        i = j + 1


_PART_WORDS = frozenset(["part", "book", "volume", "teil", "band", "часть", "книга", "том", "выпуск"])
_CHAPTER_WORDS = frozenset(["chapter", "chap", "ch", "гл", "глава", "kapitel", "kap", "chapitre"])
_ROMAN = rx.compile(r"[IVXLC]{1,7}|[ivxlc]{1,7}|\d{1,3}[a-z]?")


def _chapters_as_locators(toks: Sequence, out: list[str]) -> None:
    """"(Athens, Ohio: Ohio University Press, 1983), Chapter IX “God and I,” 224–260": a
    chapter named after the imprint is part of the locator, not an archive or a second title
    (the pages that follow it are the book's)."""
    for k in range(2, len(out) - 2):
        if toks[k - 1].text != "," or toks[k - 2].text != ")" or toks[k].text.lower() not in _CHAPTER_WORDS \
                or _name(out[k - 2]) not in ("year", "publisher"):
            continue
        m = k + 1
        if m < len(out) and toks[m].text == ".":
            m += 1
        if m >= len(out) or not _ROMAN.fullmatch(toks[m].text):
            continue
        m += 1
        end = m
        if m < len(out) and toks[m].text in _OPENING:  # the chapter's own title, quoted
            q = m + 1
            while q < len(out) and q - m < 30 and toks[q].text not in _CLOSING:
                q += 1
            if q < len(out) and toks[q].text in _CLOSING:
                end = q + 1
        if end < len(out) and toks[end].text == ",":
            end += 1
        if end < len(out) and toks[end].text[:1].isdigit():
            for i in range(k - 1, end):
                out[i] = "pages"
            out[end] = "pages" if _name(out[end]) != "pages" else out[end]


_CLOSING = frozenset(['"', "”", "»", "’"])
_OPENING = frozenset(['"', "“", "«", "‘"])


def _quoted_titles_before_periodicals(toks: Sequence, out: list[str]) -> None:
    """``"Record of Conversation with Mao Zedong, 31 March 1956," Cold War International
    History Project Bulletin, nos. 6–7``: a quoted span right before a periodical whose
    citation has no title is the article's title, whatever the labeller made of it."""
    n = len(out)
    for j in range(2, n):
        if not (_name(out[j]) == "journal" and _name(out[j - 1]) != "journal"):
            continue
        close = j - 1
        if toks[close].text not in _CLOSING:
            continue
        opening = next((q for q in range(close - 1, max(-1, close - 80), -1)
                        if toks[q].text in _OPENING and toks[q].text != "’"), None)
        if opening is None or opening + 2 > close:
            continue
        inside = {_name(out[q]) for q in range(opening, close + 1)}
        if "title" in inside or inside - {OUTSIDE, "author", "date", "year", "item", "pages"}:
            continue
        before = _name(out[opening - 1]) if opening else OUTSIDE
        out[opening] = "B-title" if before in (OUTSIDE, "journal", "pages") else "title"
        for q in range(opening + 1, close + 1):
            out[q] = "title"
        out[j] = "journal"


_FUNCTION_WORDS_EN = frozenset(["in", "on", "at", "the", "a", "an", "by", "for", "from", "with", "and",
                                "of", "to", "as", "but", "when", "after", "before", "during", "since",
                                "this", "that", "these", "it", "he", "she", "they", "we", "his", "her"])


def _no_function_word_authors(toks: Sequence, out: list[str]) -> None:
    """``In 2001, the collective work "The Black Book of Communism" …``: a sentence's first
    word is no author, and a "title" that then opens in lower case is the sentence going on:
    commentary, up to where the next citation begins."""
    n = len(out)
    for k in range(n):
        if out[k] != "B-author" or toks[k].text.lower() not in _FUNCTION_WORDS_EN:
            continue
        if k + 1 < n and _name(out[k + 1]) == "author" and toks[k + 1].text[:1].isupper() \
                and toks[k + 1].text.isalpha():
            continue  # a longer name ("Van Ree")
        end = next((q for q in range(k + 1, n) if split_label(out[q])[0]), n)
        first = next((q for q in range(k + 1, end) if toks[q].text[:1].isalpha()), None)
        if first is None or not toks[first].text[:1].islower():
            continue
        for q in range(k, end):
            out[q] = OUTSIDE


# lower-case words a name may hold: particles, joiners, editors' and translators' words
_NAME_SMALL_WORDS = PARTICLES | JOINERS | frozenset(
    {"al.", "e", "of", "ed", "eds", "trans", "под", "ред", "пер", "сост", "comp", "jr", "sr"})


def _sentence_out_of_names(toks: Sequence, out: list[str]) -> None:
    """``… her experiences and courtship with Putin in Blotsky, Vladimir Putin: …``: an author
    run that opens with a sentence's lower-case word ("courtship") begins after the last of
    them ("with", "in"); the words before it are commentary. (A run that opens with a name
    keeps its words: "P. Reddaway and the psychiatrist Sidney Bloch".)"""
    n = len(out)
    k = 0
    while k < n:
        if out[k] != "B-author":
            k += 1
            continue
        j = k
        while j + 1 < n and out[j + 1] == "author":
            j += 1
        first = toks[k].text
        if not (first.isalpha() and first.islower() and first not in _NAME_SMALL_WORDS):
            k = j + 1
            continue
        last = None
        for q in range(k, j + 1):
            w = toks[q].text
            if w.isalpha() and w.islower() and w not in _NAME_SMALL_WORDS and (
                    len(w) >= 4 or w in _FUNCTION_WORDS_EN):
                last = q
        if last is not None and last < j and toks[last + 1].text[:1].isupper():
            for q in range(k, last + 1):
                out[q] = OUTSIDE
            out[last + 1] = "B-author"
        k = j + 1


def _periodicals_after_quoted_titles(toks: Sequence, out: list[str]) -> None:
    """``"Political and Economic Crisis …," Cold War History 5, no. 4 (2005)``: a quoted
    title closes with its comma inside the quotes; the capitalised words after it, up to the
    volume, are the periodical, whatever the labeller took them for."""
    n = len(out)
    for k in range(1, n - 1):
        if not (toks[k].text in _CLOSING and toks[k - 1].text == "," and _name(out[k]) == "title"):
            continue
        q = k + 1
        while q < n and _name(out[q]) == "title" and toks[q].text not in ",:;(":
            q += 1
        words = range(k + 1, q)
        if not words or not toks[k + 1].text[:1].isupper() or q >= n:
            continue
        if _name(out[q]) not in ("volume", "issue", "year", "pages", "date") and not (
                toks[q].text == "," and q + 1 < n and _name(out[q + 1]) in ("volume", "issue", "year")):
            continue
        number = toks[q - 1].text.isdigit() and q - 1 > k + 1
        for r in words:
            out[r] = "journal"
        if number:
            out[q - 1] = "volume"


def _items_with_imprints(toks: Sequence, out: list[str]) -> None:
    """A run taken for a document's description that an imprint follows directly
    ("Presidium of the CC ... Stenogrammy, Moscow, ROSSPEN, 2004"), in a citation with no
    title, container or periodical: a document is described, a book is published, so the
    run is the title."""
    n = len(out)
    k = 0
    while k < n:
        if out[k] != "B-item" and not (out[k] == "item" and (k == 0 or _name(out[k - 1]) != "item")):
            k += 1
            continue
        j = k
        while j + 1 < n and out[j + 1] == "item":
            j += 1
        end = next((q for q in range(j + 1, n) if split_label(out[q])[0]), n)
        start = next((q for q in range(k, -1, -1) if split_label(out[q])[0] or q == 0), 0)
        names = {_name(out[q]) for q in range(start, end)}
        nxt = next((q for q in range(j + 1, end) if toks[q].text not in ",.:;[]()"), None)
        if not names & {"title", "container", "journal", "in"} and nxt is not None \
                and _name(out[nxt]) in ("city", "publisher", "year"):
            out[k] = "B-title" if split_label(out[k])[0] else "title"
            for q in range(k + 1, j + 1):
                out[q] = "title"
        k = j + 1


_NAME_LABELS = frozenset(["author", "B-author", "editor", "B-editor"])  # (every label whose field is a name's)


def _name_positions(out: list[str]) -> list[int]:
    """The tokens whose label is an author's or an editor's."""
    return [k for k, label in enumerate(out) if label in _NAME_LABELS]


def _name_word(toks: Sequence, k: int) -> bool:
    """A word that can be a family name: capitalised, letters (and inner hyphens or
    apostrophes), more than one letter, and not itself an initial."""
    w = toks[k].text
    return len(w) > 1 and w[:1].isupper() and w.replace("-", "").replace("’", "").replace("'", "").isalpha() \
        and not _initial_at(toks, k) and w.lower() not in _NAME_WORDS


def _initials_end(toks: Sequence, k: int) -> int:
    """The token after the run of initials that starts at K (K itself when there is none)."""
    while k < len(toks) and (step := _initial_at(toks, k)):
        k += step
    return k


def _names_completed(toks: Sequence, out: list[str]) -> None:
    """Names the labeller cut short, by how names are written:

    - an author run of initials alone (``Л. В.`` in ``Л. В. Максименков. Культ …``) lacks its
      family name: it is the capitalised word after them, when a full stop or comma ends it;
    - two initials and a word at the start of a citation, whatever their labels;
    - ``и др.``/``et al.`` right after a name;
    - a family-first name with its initials, a comma, then another word with initials
      (``Хлевнюк О., Горлицкий Й. Холодный мир``): the second author, not the title.
    """
    n = len(toks)
    # (two initials, each a word and its full stop, are needed: only the tokens with a full
    # stop one and three places on can start them)
    for k in [k for k in range(n - 3) if toks[k + 1].text == "." and toks[k + 3].text == "."]:
        # a citation that opens with two initials and a name ("И. В. Сталин. Сочинения"),
        # whatever the labeller took the initials for (the prepositions и, в)
        if k == 0 or toks[k - 1].text == ";" or _name(out[k - 1]) == OUTSIDE:
            end = _initials_end(toks, k)
            if not (end - k >= 4 and end + 1 < n and _name_word(toks, end)):
                continue
            if all(_name(out[q]) in ("author", "editor") for q in range(k, end + 1)):
                continue  # read whole already
            if toks[end + 1].text in (".", ","):
                gap = None
            else:
                # "A. M. Lankov August, 1956: The Crisis …": the name, then words the labeller
                # left out before the title it found; they open the title
                gap = next((m for m in range(end + 1, min(n, end + 9))
                            if _name(out[m]) == "title" or toks[m].text in (".", ";", "(", ")")), None)
                if gap is None or _name(out[gap]) != "title" \
                        or any(_name(out[q]) != OUTSIDE for q in range(end + 1, gap)):
                    continue
            out[k] = "B-author"
            for q in range(k + 1, end + 1):
                out[q] = "author"
            if gap is not None:
                for q in range(end + 1, gap + 1):
                    out[q] = "title"
    # from each token labelled author or editor (the loop relabels only tokens it has passed)
    after = 0
    for k in _name_positions(out):
        name = _name(out[k])
        if k < after or name not in ("author", "editor") or (k and _name(out[k - 1]) == name
                                                             and not split_label(out[k])[0]):
            continue
        j = k
        while j + 1 < n and _name(out[j + 1]) == name and not split_label(out[j + 1])[0]:
            j += 1
        end = _initials_end(toks, k)
        if end == j + 1 and end - k >= 2 and end + 1 < n and _name_word(toks, end) \
                and toks[end + 1].text in (".", ",") and _name(out[end]) in ("title", "item"):
            out[end] = name
            j = end
        if _et_al_at(toks, j + 1) and _name(out[j + 1]) != name:
            # "Волокитина Т. В. и др. Москва и …": the others belong to the names
            for q in range(j + 1, j + 4):
                out[q] = name
            j += 3
        while j + 2 < n:
            # … И., Word И. …: the list of family-first names goes on
            if toks[j].text == "," and j >= 2 and toks[j - 1].text == "." and _initial_at(toks, j - 2):
                comma = j
            elif toks[j].text == "." and j >= 1 and _initial_at(toks, j - 1) and toks[j + 1].text == ",":
                comma = j + 1
            else:
                break
            if comma + 2 >= n or not _name_word(toks, comma + 1) \
                    or _name(out[comma + 1]) not in ("title", "item", name):
                break
            stop = _initials_end(toks, comma + 2)
            # a comma after this name's initials ends the list, unless a third name with
            # initials follows it ("Девятов С., Шефов А., Юрьев Ю. Ближняя дача")
            goes_on = toks[stop].text == "," and stop + 2 < n and _name_word(toks, stop + 1) \
                and _initials_end(toks, stop + 2) > stop + 2 if stop < n else False
            if stop == comma + 2 or stop >= n or toks[stop].text == "(" \
                    or (toks[stop].text == "," and not goes_on) or _name(out[comma + 1]) == name:
                break
            for q in range(comma, stop):
                out[q] = name
            j = stop - 1
        after = j + 1


def _containers_before_editors(toks: Sequence, out: list[str]) -> None:
    """``in A History of the Baltic, ed. Peter K. Jones``: between ``in`` and ``, ed.`` stands
    the book the chapter is in, whatever part of it the labeller gave to the editors."""
    n = len(toks)
    for k in range(2, n - 1):
        if not (toks[k].text.lower() in ("ed", "eds", "edited") and toks[k + 1].text in (".", "by")
                and toks[k - 1].text == "," and _name(out[k]) == "editor"):
            continue
        if k + 2 < n and toks[k + 1].text == "." and toks[k + 2].text in (",", ":", "("):
            continue  # "in Lev Kosheleva et al., eds., Pis'ma …": the names came before the mark
        p = k - 2
        while p >= 0 and _name(out[p]) in ("editor", "in", "container") \
                and toks[p].text.lower() != "in":
            p -= 1
        if p < 0 or toks[p].text.lower() != "in" or _name(out[p]) != "in" or p + 1 > k - 2:
            continue
        if all(_name(out[q]) == "container" for q in range(p + 1, k - 1)):
            continue
        for q in range(p + 1, k - 1):
            out[q] = "container"


# the last words of newspapers' names, beyond the labeller's word list of periodicals
_NEWSPAPER_WORDS = frozenset(["guardian", "telegraph", "observer", "chronicle",
                              "gazette", "courier", "monitor", "mirror", "spectator", "economist",
                              "inquirer", "dispatch", "star", "sun", "express", "independent"])


@lru_cache(maxsize=1)
def _periodical_words() -> frozenset[str]:
    return lexicon()["journal"] | _NEWSPAPER_WORDS


def _et_al_at(toks: Sequence, k: int) -> bool:
    """Whether ``et al.``/``и др.`` (three tokens) starts at K."""
    return k + 2 < len(toks) and (toks[k].text.lower(), toks[k + 1].text.lower(), toks[k + 2].text) in (
        ("et", "al", "."), ("и", "др", "."))


_PERIODICAL_JOINS = frozenset({"of", "the", "and", "for", "on", "de", "du", "des", "für", "und"})


def _periodicals_by_name(toks: Sequence, out: list[str]) -> None:
    """``New York Times, June 5, 1961, 1``: a citation that opens with a few capitalised words
    ending in a periodical's word (Times, Post, Review, Вестник …), then a comma and a date,
    names a periodical, not an author and a city."""
    journals = _periodical_words()
    n = len(toks)
    if not any(toks[e].text == "," and toks[e - 1].text.lower() in journals for e in range(1, n)):
        return  # (a periodical's word before a comma, which every reading below needs: most notes have none)
    for k in range(n):
        if not (k == 0 or toks[k - 1].text == ";" or _name(out[k - 1]) == OUTSIDE):
            continue
        e = k
        # ("Department of State Bulletin": a joining word between two capitalised ones)
        while e < n and e - k < 6 and toks[e].text.isalpha() and (toks[e].text[:1].isupper() or (
                e > k and toks[e].text in _PERIODICAL_JOINS and e + 1 < n and toks[e + 1].text[:1].isupper())):
            e += 1
        if e == k or e + 1 >= n or toks[e].text != "," or toks[e - 1].text.lower() not in journals:
            continue
        if _name(out[e + 1]) not in ("date", "year") or _name(out[k]) == "journal":
            continue
        out[k] = "B-journal"
        for q in range(k + 1, e):
            out[q] = "journal"
        if _name(out[e]) in ("author", "city", "title", "item", "archival"):
            out[e] = "journal"  # the comma after the name goes with it


_NOT_IN_A_PERIODICAL = frozenset({"the", "in", "see", "and", "of", "also", "from", "by", "for", "to"})


def _periodicals_with_their_place(toks: Sequence, out: list[str]) -> None:
    """``“Title,” Evening Star (Washington, DC), August 21, 1927, p. 10``; ``Rudé právo
    (Prague), 25 April 1968``: the words a title run ends in, after its closing quotation mark
    or a lead-in's "the", just before a bracketed capitalised place that a comma and a date
    follow, name a periodical (the place is where it appears), not the end of a title."""
    n = len(toks)
    for p in range(2, n - 4):
        if toks[p].text != "(" or _name(out[p - 1]) != "title" or not toks[p + 1].text[:1].isupper():
            continue
        q = p + 1
        while q < n and q - p < 6 and toks[q].text != ")" and (toks[q].text in (",", ".") or toks[q].text.isalpha()):
            q += 1
        if q + 3 >= n or toks[q].text != ")" or toks[q + 1].text != ",":
            continue
        # a day's date after it ("August 21, 1927", "25 April 1968"), however labelled ("(London),
        # 1990" is a book's place and year)
        first = q + 3 if toks[q + 2].text.isdigit() and len(toks[q + 2].text) <= 2 else q + 2
        if toks[first].text.lower() not in lexicon()["month"]:
            continue
        end = first + 1
        while end < n and end - first < 4 and not _YEAR.fullmatch(toks[end].text):
            end += 1
        if end >= n or not _YEAR.fullmatch(toks[end].text):
            continue
        k = p
        while k > 0 and p - k < 4 and _name(out[k - 1]) == "title" and toks[k - 1].text.isalpha() \
                and toks[k - 1].text.lower() not in _NOT_IN_A_PERIODICAL:
            k -= 1
        if k == p or not toks[k].text[:1].isupper() or (k > 0 and _name(out[k - 1]) == "title" and not (
                toks[k - 1].text in ("”", "’", '"') or (k > 1 and toks[k - 1].text.lower() == "the"
                                                      and toks[k - 2].text.lower() == "in"))):
            continue  # (the words are the title's own, unless a quotation or "in the" ends it)
        for m in range(k, q + 1):  # (no new reference: the title before is the piece's)
            out[m] = "journal"
        for m in range(q + 2, end + 1):
            out[m] = "date"


def _journals_after_slashes(toks: Sequence, out: list[str]) -> None:
    """``… // Свободная мысль. 1993. № 10``: what follows the double slash up to its full stop
    is the periodical or collection the piece is in, never its publisher (a publisher comes
    after a city and a colon)."""
    n = len(toks)
    for k in range(n - 2):
        if not (toks[k].text == "/" and toks[k + 1].text == "/" and toks[k + 1].start == toks[k].end):
            continue
        m = k + 2
        if m >= n or _name(out[m]) != "publisher":
            continue
        q = m
        while q < n and _name(out[q]) == "publisher" and toks[q].text != ":":
            q += 1
        if q < n and toks[q].text == ":":
            continue  # "// М.: Наука": a city the labeller missed, then the publisher
        after = _name(out[q]) if q < n else OUTSIDE
        if after in ("year", "issue", "volume", "pages", "date"):
            for r in range(m, q):
                out[r] = "journal"
    for k in range(1, n - 1):
        # "Л. В. Максименков. Культ. Заметки … // Свободная мысль": between a name that ends
        # with its full stop and the double slash stands the piece's title, whatever the
        # labeller took it for
        if not (toks[k].text == "/" and toks[k + 1].text == "/" and _name(out[k + 2 if k + 2 < n else k]) == "journal"):
            continue
        q = k - 1
        while q >= 0 and _name(out[q]) == OUTSIDE and k - q < 60:
            q -= 1
        if q < 1 or q == k - 1 or _name(out[q]) not in ("author", "editor") or toks[q + 1].text != ".":
            continue
        if q + 2 < k and toks[q + 2].text[:1].isupper():
            out[q + 1] = _name(out[q])  # the name's own full stop
            out[q + 2] = "title"
            for r in range(q + 3, k):
                out[r] = "title"


def _items_before_in(toks: Sequence, out: list[str]) -> None:
    """``Gromyko to Molotov, 12 May 1945, in Sovetsko-amerikanskie otnosheniia …`` where the
    labeller left the document's description as commentary: a dated clause, then ``, in``
    and the collection, is the item printed in that collection."""
    months = lexicon()["month"]
    n = len(toks)
    for k in range(2, n - 1):
        if not (toks[k].text in ("in", "In") and toks[k - 1].text == ","
                and _name(out[k]) == OUTSIDE and _name(out[k + 1]) in ("title", "container")):
            continue
        a = k - 1
        while a > 0 and _name(out[a - 1]) == OUTSIDE and toks[a - 1].text not in (";", ".", ")"):
            a -= 1
        clause = toks[a : k - 1]
        if not (2 <= len(clause) <= 40 and any(_YEAR.fullmatch(t.text) for t in clause)
                and any(t.text.lower() in months for t in clause) and clause[0].text[:1].isupper()):
            continue
        out[a] = "B-item"
        for q in range(a + 1, k):
            out[q] = "item"
        out[k] = "in"
        begin, name = split_label(out[k + 1])
        if begin:
            out[k + 1] = name


def _items_in_titles(seq: NoteSequence, out: list[str]) -> None:
    """"Molotov to Stalin, 12 May 1945, in Sovetsko-amerikanskie otnosheniia …" read as one
    title: a dated document's description, then ', in' and the collection it is printed in."""
    from .features import lexicon

    months = lexicon()["month"]
    toks = seq.tokens
    n = len(out)
    if not any(toks[k].text in ("in", "In", "в", "В") and toks[k - 1].text == "," for k in range(1, n)):
        return  # (every reading below needs ", in" or ", в": most notes have neither)
    i = 0
    while i < n:
        name = _name(out[i])
        if name not in ("title", "item") or (i and _name(out[i - 1]) == name):
            i += 1
            continue
        j = i
        while j + 1 < n and _name(out[j + 1]) == name:
            j += 1
        if name == "item":
            # "Molotov to Stalin, 3 May 1946, in Anna Petrova et al., eds., …": an item run that
            # ran on past ', in' gives what follows to the collection's part after it
            after = _name(out[j + 1]) if j + 1 < n else OUTSIDE
            for k in range(i + 2, j + 1):
                if toks[k].text in ("in", "In") and toks[k - 1].text == "," and k < j \
                        and toks[k + 1].text[:1].isupper():
                    out[k] = "in"
                    for m in range(k + 1, j + 1):
                        out[m] = after if after in ("editor", "container", "title", "author") else "title"
                    break
            i = j + 1
            continue
        if j + 2 < n and toks[j].text == "," and toks[j + 1].text in ("in", "In") \
                and _name(out[j + 1]) == "in" and any(_YEAR.fullmatch(t.text) for t in toks[i:j]) \
                and any(t.text.lower() in months for t in toks[i:j]):
            # "Molotov to Stalin, 3 May 1946, in …" read as a title: a dated document's
            # description, the collection after ', in'
            begin = split_label(out[i])[0]
            for m in range(i, j + 1):
                out[m] = "item"
            if begin:
                out[i] = "B-item"
            i = j + 1
            continue
        for k in range(i + 2, j):
            if toks[k].text in ("in", "In", "в", "В") and toks[k - 1].text == "," \
                    and toks[k + 1].text[:1].isupper():
                before = toks[i:k]
                dated = any(_YEAR.fullmatch(t.text) for t in before) and any(
                    t.text.lower() in months for t in before)
                if dated:
                    begin = split_label(out[i])[0]
                    for m in range(i, k - 1):
                        out[m] = "item"
                    if begin:
                        out[i] = "B-item"
                    out[k - 1] = "item"
                    out[k] = "in"
                break
        i = j + 1


_EDITOR_LEADS = frozenset({"сост", "ред", "под", "hg", "hrsg", "edited", "ed", "comp", "compiled",
                           "отв", "общ", "науч", "авт", "вступ", "пер", "eds", "comps"})


def _editors_in_titles(seq: NoteSequence, out: list[str]) -> None:
    """"Письма … / сост. Л. Кошелева, В. Лельчук", "… Hg. von Fritz Kool": in a title run,
    ``/`` or an editor word followed by names opens the editors."""
    toks = seq.tokens
    n = len(out)
    k = 1
    while k < n:
        if _name(out[k]) == "title" and _name(out[k - 1]) == "title":
            w = toks[k].text
            lead = None
            if (w == "/" and k + 1 < n and toks[k + 1].text.lower() in _EDITOR_LEADS) or (w.lower() in ("hg", "hrsg", "edited", "сост") and k + 2 < n and \
                    toks[k + 1].text in (".",) and toks[k + 2].text.lower() in ("von", "by")):
                lead = k
            if lead is not None:
                m = lead
                while m < n and _name(out[m]) == "title":
                    out[m] = "editor"
                    m += 1
                k = m
                continue
        k += 1


def _imprint_colon(toks: Sequence, i: int, j: int) -> tuple[int, int] | None:
    """In a title run I..J: ``. City: Publisher`` (or ``? City:``, ``(City:``) at its end, as
    (city start, colon)."""
    for at in range(j, i + 1, -1):
        if toks[at].text != ":":
            continue
        start = at - 1
        if toks[start].text == ".":
            start -= 1
        words = 0
        while start > i and toks[start].text[:1].isupper() and toks[start].text.isalpha() and words < 3:
            words += 1
            if toks[start - 1].text in (".", "]", "?", "!") and start - 1 > i:
                return start, at
            if toks[start - 1].text == "(" and start - 1 > i:
                return start - 1, at  # "Mao's China (Chapel Hill: UNC Press": the bracket opens the imprint
            if toks[start - 1].text == ".":  # "St. Petersburg"
                start -= 1
            start -= 1
        return None
    return None


def _cities_in_locators(seq: NoteSequence, out: list[str]) -> None:
    """A known city labelled as part of a volume or year ("vol. 1. Moscow, Politizdat")."""
    from .features import lexicon

    cities = lexicon()["city"]
    toks = seq.tokens
    for k in range(1, len(out)):
        if _name(out[k]) in ("volume", "issue", "year", "pages") and toks[k].text[:1].isupper() \
                and len(toks[k].text) > 2 and toks[k].text.lower() in cities and toks[k - 1].text in (".", ","):
            out[k] = "city"


# (the look-ahead names the letters the lead-ins start with: most positions of a note fail on
# it at once, instead of on each of the lead-ins in turn; it changes no match)
_LEAD_IN_LETTERS = "scqprfeaсцп"  # what every lead-in starts with, in either case
LEAD_IN = rx.compile(
    rf"(?=[{_LEAD_IN_LETTERS}])(?<![^\W\d_])(?:see(?:\s+also)?|cf\.|cit\.\s+by|quoted\s+(?:in|from)|cited\s+in|citing|according\s+to|"
    r"printed\s+in|published\s+in|reproduced\s+in|[Сс]м\.(?:\s+также)?|[Цц]ит\.\s*по|"
    r"[Пп]одробнее\s+см\.|for\s+(?:more\s+information|example|details),?\s+see|e\.\s?g\.)[,:]?\s+",
    re.IGNORECASE,
)


def _family_first_at_start(toks: Sequence, out: list[str]) -> None:
    """A citation whose title seems to open with ``Иванов И. И.`` (a word and initials, then a
    capitalised word): that is its author, written family first."""
    n = len(toks)
    for k in range(n):
        begin, name = split_label(out[k])
        if name not in ("title", "item") or not (begin or k == 0 or _name(out[k - 1]) == OUTSIDE):
            continue
        w = toks[k].text
        if not (w[:1].isupper() and w.isalpha() and len(w) > 2 and not _initial_at(toks, k)):
            continue
        m = k + 1
        while m < n and _initial_at(toks, m):
            m += 2
        if m - (k + 1) < 2 or m >= n:
            continue
        if _et_al_at(toks, m):
            m += 3  # "Cartois S. et al. “Black Book” ...": the others belong to the name
        if m >= n or _name(out[m]) != name:
            continue
        opens = toks[m].text in "\"“«„" and m + 1 < n
        head = toks[m + 1].text if opens else toks[m].text
        if not (head[:1].isupper() and head.isalpha()):
            continue
        out[k] = "B-author"
        for q in range(k + 1, m):
            out[q] = "author"
        out[m] = "title"
        # a run the labeller took for a document's description is the work's title
        q = m + 1
        while name == "item" and q < n and out[q] == "item":
            out[q] = "title"
            q += 1


_ISSUE_MARKS = frozenset(["№", "no", "nr", "вып", "issue"])


def _periodical_issues(toks: Sequence, out: list[str]) -> None:
    """A "title" that is a periodical's name, a year and an issue ("Известия ЦК КПСС. 1989.
    № 3. С. 158", "Вестник АП РФ. 1995. № 2"): an issue of that periodical, cited whole, is
    its name, year and number, not a book's title (the labeller may have put the number in
    the title or in the pages after it)."""
    n = len(out)
    for k in range(n):
        if _name(out[k]) != "title" or not (out[k] == "B-title" or k == 0 or _name(out[k - 1]) == OUTSIDE
                                            or toks[k - 1].text == ";"):
            continue
        j = k
        while j + 1 < n and out[j + 1] == "title":
            j += 1
        # name . YEAR . mark NUMBER [.]: the year and the issue close the title or open the pages
        y = next((m for m in range(k + 1, min(j + 1, k + 12)) if toks[m - 1].text == "."
                  and _YEAR.fullmatch(toks[m].text)), None)
        if y is None or y + 3 >= n or toks[y + 1].text not in (".", ",") \
                or toks[y + 2].text.lower().strip(".") not in _ISSUE_MARKS \
                or _name(out[y + 2]) not in ("title", "pages", "issue"):
            continue
        num = y + 3 if toks[y + 3].text != "." else y + 4
        if num >= n or not toks[num].text[:1].isdigit() or _name(out[num]) != _name(out[y + 2]) \
                or any(toks[m].text not in (".", ",") for m in range(num + 1, j + 1)):
            continue
        if not toks[k].text[:1].isupper() or any(toks[m].text in _OPEN or toks[m].text in _CLOSE
                                                 or toks[m].text in (":", ".", "/") for m in range(k, y - 1)):
            continue
        out[k] = "B-journal"
        for m in range(k + 1, y):
            out[m] = "journal"
        out[y] = out[y + 1] = "year"
        end = num + 1 if num + 1 < n and toks[num + 1].text == "." else num
        for m in range(y + 2, end + 1):
            out[m] = "issue"


_VOLUME_MARKS = frozenset(["т", "vol", "vols", "том", "tom", "bd", "band", "кн"])


# a place and a year after a full stop, then a full stop ("Воспоминания. Берлин, 1923. Т. 1")
_TITLE_IMPRINT = rx.compile(r"\.\s?[A-ZА-ЯЁ][^\W\d_]*\.?(?:[\s-][A-ZА-ЯЁ][^\W\d_]*\.?){0,2},\s?(?:1[5-9]|20)\d\d\b")


def _imprint_ending_a_title(toks: Sequence, out: list[str]) -> None:
    """"Шидловский С. И. Воспоминания. Берлин, 1923. Т. 1. С. 128": a title run that ends,
    after a full stop, in a capitalised place (one to three words or abbreviations: "Л.",
    "СПб.", "Нью-Йорк") and a comma and a year, followed by a full stop and a volume, pages or
    the note's end, holds the imprint: the place is the city, the year the year (where the
    labeller read the year but left the place in the title, the place)."""
    n = len(out)
    for y in range(3, n):
        year = toks[y].text
        if not _YEAR.fullmatch(year) \
                or _name(out[y]) not in ("title", "year") or toks[y - 1].text != "," \
                or _name(out[y - 1]) not in ("title", "year", "city"):
            continue  # (the labeller may have read the year, and left the place in the title)
        after = y + 1
        if after < n and toks[after].text == "." and _name(out[after]) in ("title", "year"):
            after += 1
        if after < n and _name(out[after]) == "title":
            continue  # (the title goes on after the year: a year in a title)
        k = y - 2  # back over the place to the full stop before it
        if toks[k].text == "." and toks[k - 1].text.isalpha() and toks[k - 1].text[:1].isupper() \
                and len(toks[k - 1].text) <= 3 and toks[k - 1].end == toks[k].start:
            k -= 1  # (an abbreviated place: "Л.", "СПб.")
        while k > 0 and y - k < 8 and _name(out[k]) == "title" and (
                toks[k].text == "-" or (toks[k].text.isalpha() and toks[k].text[:1].isupper())):
            k -= 1
        if toks[k].text != "." or k + 1 >= y - 1 or not toks[k + 1].text[:1].isupper() or k < 1:
            continue
        if _name(out[k - 1]) == "author":
            # "Шидловский С. И. Воспоминания. Берлин": the labeller ran the name on into the
            # title; the title is what follows the name's initials
            i = k - 1
            while i > 0 and _name(out[i - 1]) == "author" and not split_label(out[i])[0]:
                i -= 1
            cut = i + 1  # (a family name, then its initials, then the title's first word)
            while cut < k and (step := _initial_at(toks, cut)):
                cut += step
            if not (toks[i].text.isalpha() and toks[i].text[:1].isupper() and i + 1 < cut < k
                    and toks[cut].text.isalpha() and toks[cut].text[:1].isupper()):
                continue
            for m in range(cut, k + 1):
                out[m] = "title"
        elif _name(out[k - 1]) != "title":
            continue
        for m in range(k + 1, y):
            out[m] = "city"
        for m in range(y, after):
            out[m] = "year"


_BRACKETED_YEAR = rx.compile(r"\w \((?:1[5-9]|20)\d\d\)(?:[,.;]|$)")
# a full stop and a dash, then a periodical's name and its year and number ("Маски
# эстрады.— Театр, 1946, № 7-8, с. 30"; "… Енукидзе. – «Театр», 1967, № 6")
_DASH_JOURNAL = rx.compile(r"\.\s?[–—]\s?«?[А-ЯЁA-Z][^,.;«»()]{1,50}»?[,.]\s?(?:[–—]\s?)?(?:1[6-9]|20)\d\d[,.]\s?(?:[–—]\s?)?(?:№|N\b)")


def _journals_after_dashes(toks: Sequence, out: list[str]) -> None:
    """"Зубков Ю. Сохраненное и утраченное.— Театр, 1953, № 12, с. 126": in the older Russian
    form, a piece's title ends with a full stop and a dash, and the periodical follows, then
    its year and number. The labeller reads the periodical into the title (a book's dash is
    followed by its place and a colon). The dash is the "in" of the piece, the words up to the
    comma or full stop before the year the periodical; a year the title held is the year."""
    n = len(toks)
    for k in range(1, n - 4):
        if toks[k].text not in ("–", "—") or toks[k - 1].text != "." or _name(out[k - 1]) != "title" \
                or _name(out[k]) != "title":
            continue
        a = k + 1
        if toks[a].text == "«":
            a += 1
        q = a
        while q < n and q - a < 8 and toks[q].text not in (",", ".", "»", "(", ";") \
                and _name(out[q]) in ("title", "journal", "container"):
            q += 1
        if q < n and toks[q].text == "»":
            q += 1
        if q == a or q + 1 >= n or toks[q].text not in (",", "."):
            continue
        y = q + 1
        if toks[y].text in ("–", "—") and y + 1 < n:
            y += 1
        if not _YEAR.fullmatch(toks[y].text) or _name(out[y]) not in ("title", "year", "date"):
            continue
        nxt = y + 1
        if nxt < n and toks[nxt].text in (",", ".") and nxt + 1 < n:
            nxt += 1
        if nxt < n and toks[nxt].text in ("–", "—") and nxt + 1 < n:
            nxt += 1
        if toks[nxt].text not in ("№", "N"):
            continue
        out[k] = "in"
        for m in range(k + 1, y):
            out[m] = "journal"
        if _name(out[y]) == "title":
            out[y] = "year"


def _bracketed_years_ending_titles(toks: Sequence, out: list[str]) -> None:
    """"Carter, Keeping Faith (1982), 434": a year alone in brackets at the end of a title,
    before the pages or the reference's end, is the work's year (as "(Princeton, 1956)" is
    its imprint); a title that goes on after the bracket keeps it ("The Crisis (1962) and
    After")."""
    n = len(toks)
    for k in range(1, n - 2):
        if toks[k].text != "(" or _name(out[k - 1]) != "title" or _name(out[k]) != "title" \
                or not _YEAR.fullmatch(toks[k + 1].text) or toks[k + 2].text != ")" \
                or _name(out[k + 2]) != "title":
            continue
        after = k + 3
        if after < n and toks[after].text in (",", ".", ";") and _name(out[after]) == "title":
            if after + 1 < n and _name(out[after + 1]) == "title":
                continue
        elif after < n and _name(out[after]) == "title":
            continue
        stop = after + 1 if after < n and toks[after].text == "," else after  # (with the comma after it)
        for m in range(k, stop):
            out[m] = "year"


def _volume_titles_after_colons(toks: Sequence, out: list[str]) -> None:
    """"A History of Philosophy, vol. 7: Modern Philosophy … (New York: Image Books, 1963)":
    a volume after the title, then a colon and the volume's own title, which the labeller
    may start as a new reference (the volume read as pages). Where the volume's title runs
    into the imprint, the volume is the volume and its title goes on the work's title."""
    n = len(toks)
    for k in range(2, n - 5):
        if toks[k].text.lower() not in _VOLUME_MARKS or toks[k + 1].text != "." or toks[k - 1].text != "," \
                or _name(out[k - 1]) != "title" or _name(out[k]) not in ("pages", "volume") \
                or not (toks[k + 2].text.isdigit() or _ROMAN.fullmatch(toks[k + 2].text)) \
                or toks[k + 3].text != ":" or out[k + 4] != "B-title":
            continue
        m = k + 5
        while m < n and out[m] == "title":
            m += 1
        if m >= n or _name(out[m]) not in ("city", "publisher", "year"):
            continue
        for r in range(k, k + 4):
            out[r] = "volume"
        out[k + 4] = "title"


def _quoted_publishers(toks: Sequence, out: list[str]) -> None:
    """"Крючков В.А., «Личное дело», М., «Олимп», в 2-х томах, 1996, т. 1": after a title in
    guillemets, a place, then the publisher in guillemets and the year (what stands between
    them, "в 2-х томах", with the publisher). The labeller reads the publisher for a title or
    a periodical, and the place for a name."""
    cities = lexicon()["city"]
    n = len(toks)
    for k in range(2, n - 6):
        if toks[k - 2].text != "»" or toks[k - 1].text != "," or toks[k].text.lower() not in cities:
            continue
        c = k + 1
        if toks[c].text == "." and toks[c].start == toks[k].end:
            c += 1
        if c + 1 >= n or toks[c].text != "," or toks[c + 1].text != "«":
            continue
        close = next((q for q in range(c + 2, min(n, c + 10)) if toks[q].text == "»"), None)
        if close is None or close + 2 >= n or toks[close + 1].text != ",":
            continue
        y = next((q for q in range(close + 2, min(n, close + 10)) if _YEAR.fullmatch(toks[q].text)), None)
        if y is None or toks[y - 1].text != "," or (y + 1 < n and toks[y + 1].text not in (",", ".", ";")):
            continue
        if any(toks[q].text in (";", "«", "(") for q in range(close + 2, y)):
            continue
        for q in range(k, c):
            out[q] = "city"
        for q in range(c, y - 1):
            out[q] = "publisher"
        out[y - 1] = out[y] = "year"


def _volumes_opening_pages(toks: Sequence, out: list[str]) -> None:
    """A pages run that opens with a volume ("Соч. Т. 13. С. 108", "vol. 4, p. 358") gives
    the volume first: the mark and its number are the volume, the page after them the pages."""
    n = len(out)
    for k in range(n - 4):
        if _name(out[k]) != "pages" or out[k] == "B-pages" or (k and _name(out[k - 1]) == "pages") \
                or toks[k].text.lower() not in _VOLUME_MARKS or toks[k + 1].text != ".":
            continue
        num = k + 2
        if not (toks[num].text.isdigit() or _ROMAN.fullmatch(toks[num].text)) or out[num] != "pages":
            continue
        nxt = num + 1 if num + 1 < n and toks[num + 1].text in (".", ",") else num
        mark = nxt + 1
        if mark + 1 >= n or out[mark] != "pages" or toks[mark].text.lower().strip(".") not in _PAGE_WORDS \
                or toks[mark].text.lower() in _VOLUME_MARKS:
            continue
        for m in range(k, nxt + 1):
            out[m] = "volume"


def _unmarked_volumes_are_pages(toks: Sequence, out: list[str]) -> None:
    """"Gorodetsky, Stafford Cripps, 96, 138–9, 164": a bare number the labeller took for a
    volume, with no mark of a volume before it ("vol.", "Т.") and pages right after it, is the
    first of the pages cited."""
    n = len(out)
    for k in range(1, n - 2):
        if out[k] != "B-volume" and not (out[k] == "volume" and _name(out[k - 1]) != "volume"):
            continue
        if not toks[k].text.isdigit() or toks[k - 1].text != "," \
                or (k >= 2 and toks[k - 2].text.lower().strip(".") in _VOLUME_MARKS):
            continue
        m = k + 1 if toks[k + 1].text == "," and _name(out[k + 1]) == "volume" else k
        if m + 1 >= n or _name(out[m + 1]) != "pages" or not toks[m + 1].text[:1].isdigit():
            continue
        for i in range(k, m + 1):
            out[i] = "pages"
        if out[m + 1] == "B-pages":
            out[m + 1] = "pages"


_EMPHASIS = frozenset(["especially", "esp", "particularly", "notably", "особенно", "passim"])


def _emphasised_pages(toks: Sequence, out: list[str]) -> None:
    """"“Archbishop of Paris,” especially 66–68 and 132–133": the word that singles pages out
    and the numbers after it are the pages, however the labeller split them between the title,
    a volume and the pages."""
    n = len(out)
    for k in range(1, n - 1):
        if toks[k].text.lower() not in _EMPHASIS or not toks[k + 1].text[:1].isdigit() \
                or _name(out[k]) == OUTSIDE:
            continue
        m = k + 1
        while m < n and (toks[m].text[:1].isdigit() or toks[m].text in ("-", "–", "—", ",")
                         or (toks[m].text.lower() in ("and", "и") and m + 1 < n and toks[m + 1].text[:1].isdigit())):
            m += 1
        while toks[m - 1].text == ",":
            m -= 1
        if any(_name(out[i]) == OUTSIDE or out[i].startswith("B-") for i in range(k + 1, m)):
            continue
        for i in range(k, m):
            out[i] = "pages"


def _authors_of_short_titles(toks: Sequence, out: list[str]) -> None:
    """A short form whose author the labeller took into its title ("Molotov, Molotov
    Remembers, 208": the name is repeated in the title): a capitalised word and a comma that
    open a title with no author, imprint or year, the title's words then ending at its pages,
    are the author and the title's start."""
    n = len(out)
    for k in range(n - 4):
        if _name(out[k]) != "title" or not (out[k] == "B-title" or k == 0 or _name(out[k - 1]) == OUTSIDE
                                            or toks[k - 1].text == ";"):
            continue
        w = toks[k].text
        if not (w[:1].isupper() and w.isalpha() and len(w) > 2 and not w.isupper()) or toks[k + 1].text != "," \
                or not (toks[k + 2].text[:1].isupper() or toks[k + 2].text in _OPEN) \
                or out[k + 1] != "title" or out[k + 2] != "title" or toks[k + 3].text == ",":
            continue
        j = k + 2
        while j + 1 < n and out[j + 1] == "title":
            j += 1
        after = next((m for m in range(j + 1, n) if _name(out[m]) != "title" or out[m].startswith("B-")), n)
        rest = {_name(out[m]) for m in range(after, n) if not out[m].startswith("B-")}
        # the citation goes on to its locator, no further: no imprint, no year, no names
        stop = next((m for m in range(after, n) if out[m].startswith("B-") or out[m] == OUTSIDE), n)
        fields = {_name(out[m]) for m in range(after, stop)}
        if not fields or not fields <= {"pages", "volume", "locator"} or not rest:
            continue
        out[k], out[k + 1], out[k + 2] = "B-author", "author", "title"


_LEAD_IN_START = rx.compile(f"[{_LEAD_IN_LETTERS}]", re.IGNORECASE)
_LEAD_IN_FIRST: dict[str, bool] = {}  # character -> whether a lead-in can start with it


# the page label after a short title in the family-dot form, and the labels that form may carry
_SHORT_TITLE_PAGE = frozenset(["S", "p", "pp", "P", "с", "С", "стр", "Стр"])
_FAMILY_DOT_LABELS = frozenset(["author", "title", "city"])


def _family_dot_short_title(toks: Sequence, out: list[str]) -> None:
    """A family name, a full stop, then a short title up to a comma and a page ("Namier.
    Europe, S. 260.", "Андросов. Накануне..., с. 106."): the short form of a GOST note, or
    of a translation keeping the original's notes. The name is the author and what follows
    the stop is the title, whichever the labeller read them as (it reads "Namier" as a given
    name, or the whole as one title). Not after an initial ("Namier L. Europe")."""
    for k in range(len(out) - 3):
        if out[k] not in ("B-author", "B-title") or toks[k + 1].text != "." or not _family_word(toks[k].text):
            continue
        if k > 0 and toks[k - 1].text not in (";", ":") and _name(out[k - 1]) != OUTSIDE:
            continue
        if not _family_word(toks[k + 2].text):
            continue
        j = k + 3
        while j < len(out) and j < k + 12 and toks[j].text != ",":
            j += 1
        if (j + 3 >= len(out) or toks[j].text != "," or toks[j + 1].text not in _SHORT_TITLE_PAGE
                or toks[j + 2].text != "." or not toks[j + 3].text[:1].isdigit()
                or any(_name(lab) not in _FAMILY_DOT_LABELS for lab in out[k:j + 1])
                or any(t.text in (";", "(", ")") for t in toks[k + 2 : j])):
            continue
        out[k], out[k + 1] = "B-author", "author"
        out[k + 2 : j + 1] = ["title"] * (j - k - 1)
        return


def _family_word(word: str) -> bool:
    """A capitalised word of two letters or more, not all capitals (a name or a title's word,
    not an initial or an acronym)."""
    return len(word) >= 2 and word[0].isupper() and word.isalpha() and not word.isupper()


def _strip_lead_ins(seq: NoteSequence, out: list[str]) -> None:
    """A lead-in the labeller took into a citation ("Cit. by Иванов ...", "See also ..."):
    its words are commentary, and the citation starts after it."""
    toks = seq.tokens
    text = seq.text
    for k, tok in enumerate(toks):
        first = _LEAD_IN_FIRST.get(text[tok.start])
        if first is None:  # (the letter asked of the engine once, as LEAD_IN's look-ahead reads it)
            first = _LEAD_IN_FIRST[text[tok.start]] = _LEAD_IN_START.match(text[tok.start]) is not None
        if not first:
            continue  # (no lead-in starts at a token without one of its letters: most of them)
        begin, name = split_label(out[k])
        if name == OUTSIDE or not (begin or k == 0 or _name(out[k - 1]) == OUTSIDE):
            continue
        m = LEAD_IN.match(text, tok.start)
        if not m:
            continue
        j = k
        while j < len(toks) and toks[j].end <= m.end():
            out[j] = OUTSIDE
            j += 1
        if j < len(toks) and _name(out[j]) != OUTSIDE:
            out[j] = "B-" + _name(out[j])


def _commentary_before_see(seq: NoteSequence, out: list[str]) -> None:
    """A sentence of commentary the labeller read as a title, up to the "see" that leads in
    to the reference ("Regarding the work of the Secretary's Committee, see Foreign Relations,
    1946, vol. i, pp. 712 ff."): the words before the lead-in hold only title words, no
    name, no imprint and no locator, and the reference starts after it."""
    toks = seq.tokens
    text = seq.text
    for k in range(2, len(toks)):
        if toks[k].text != "see" or toks[k - 1].text not in (",", ";") or out[k] == OUTSIDE:
            continue
        m = LEAD_IN.match(text, toks[k].start)  # "see", "see also"
        if m is None:
            continue
        begin = k
        while begin > 0 and not out[begin].startswith("B-") and out[begin - 1] != OUTSIDE:
            begin -= 1
        words = [t for t in toks[begin : k - 1] if t.text[:1].isalpha()]
        if len(words) < 5 or not {_name(label) for label in out[begin : k - 1]} <= {"title", "item"}:
            continue
        j = begin
        while j < len(toks) and toks[j].end <= m.end():
            out[j] = OUTSIDE
            j += 1
        if j < len(toks) and out[j] != OUTSIDE:
            out[j] = "B-" + _name(out[j])


# ("lbid": an OCR slip; "Там само", "Тамсама", "Там жа": Ukrainian and Belarusian Там же)
_IBID_WORDS = frozenset({"ibid", "ibidem", "lbid", "тамже", "тамсама"})
_IBID_SECOND = frozenset({"же", "само", "жа"})


def _force_backrefs(toks: Sequence, out: list[str]) -> None:
    """Ibid. and Там же are unmistakable: they open a back-reference whatever the labeller
    made of a rare spelling (``Ibidem,``)."""
    for k, tok in enumerate(toks):
        w = tok.text.lower()
        two = w == "там" and k + 1 < len(toks) and toks[k + 1].text.lower() in _IBID_SECOND
        if w in _IBID_WORDS or two:
            opens = k == 0 or _name(out[k - 1]) == OUTSIDE or toks[k - 1].text in ";("
            if _name(out[k]) != "ibid":
                out[k] = "B-ibid" if opens else "ibid"
            if two:
                out[k + 1] = "ibid"


def _containers_not_archives(seq: NoteSequence, out: list[str]) -> None:
    """Words labelled archival right after ``//`` or ``in`` name the journal or book a work
    appeared in ("/ / Bulletin of the Presidential Archive of the Russian Federation, 1997,
    No. 1"), not an archive: they are relabelled as the journal."""
    for k in range(1, len(out)):
        if _name(out[k]) == "archival" and seq.tokens[k].text != SHELFMARK \
                and _name(out[k - 1]) == "in":
            m = k
            field = "journal"
            while m < len(out) and _name(out[m]) == "archival" \
                    and seq.tokens[m].text != SHELFMARK:
                w = seq.tokens[m].text
                if _YEAR.fullmatch(w):
                    field = "year"
                elif w.lower() in ("no", "n", "№", "nr", "issue", "вып"):
                    field = "issue"
                elif w.lower() in ("p", "pp", "с", "s") or (w.isdigit() and field == "year"):
                    field = "pages"
                out[m] = field
                m += 1


def _initial_at(toks: Sequence, k: int) -> int:
    """How many tokens an initial takes at K ("A" "." or "Zh" "."), 0 if none."""
    if k + 1 < len(toks) and toks[k + 1].text == "." and toks[k].text[:1].isupper() \
            and toks[k].text.isalpha() and (len(toks[k].text) == 1 or (
                len(toks[k].text) <= 3 and toks[k].text[1:].islower())):
        return 2
    return 0


def _after_family_first_name(toks: Sequence, i: int, j: int) -> int | None:
    """In an author run I..J, the first token after a family-first name ("Pantsov A.V.")
    that neither continues the list nor is a name: where a title begins."""
    k = i
    while k <= j:
        w = toks[k].text
        lead = 0
        while k + lead <= j and _initial_at(toks, k + lead):
            lead += 2
        if lead >= 4 and k + lead + 1 <= j:
            # "A. M. Lankov August, 1956: ...": two initials, the family name, then a title
            fam, nxt = toks[k + lead].text, toks[k + lead + 1].text
            if fam[:1].isupper() and nxt[:1].isupper() and nxt.isalpha() \
                    and not _initial_at(toks, k + lead + 1) and nxt.lower() not in _NAME_WORDS:
                return k + lead + 1
        if lead:
            k += lead
            continue
        if not (w[:1].isupper() and w.isalpha() and len(w) > 1 and not _initial_at(toks, k)):
            k += 1
            continue
        if w.lower() in given_names():
            # "Melvyn P. Leffler and Odd Arne Westad": a given name before the initials, so
            # the name is written given name first and its family name follows them
            k += 1
            continue
        m = k + 1
        taken = 0
        while m <= j and (step := _initial_at(toks, m)):
            m += step
            taken += 1
        if not taken or m > j:
            k = max(m, k + 1)
            continue
        nxt = toks[m].text
        if nxt in (",", ";", "&", "/", "(", ")") or nxt.lower() in _NAME_WORDS:
            k = m
            continue
        # a word after the name with no comma or "and" before it opens the title, even one
        # followed by initials ("Ледовский А. М. Переговоры И. В. Сталина ..."); a single
        # word before the comma is the family name of a Western name ("Ilya V. Gaiduk,")
        words = 0
        q = m
        while q < len(toks) and toks[q].text not in (",", ".", ":", ";", "(") and words < 2:
            words += toks[q].text.isalpha()
            q += 1
        if words < 2 or _western_name_goes_on(toks, m + 1):
            k = m
            continue
        return m
    return None


def _western_name_goes_on(toks: Sequence, k: int) -> bool:
    """Whether the name whose family name ends before K goes on at K as a Western name does:
    a suffix ("Arthur M. Schlesinger Jr.,") or "and" and a name with an initial or a known
    given name ("Ivo H. Daalder and I. M. Destler", "Todd S. Purdum and Patrick E. Tyler")."""
    if k >= len(toks):
        return False
    w = toks[k].text.lower()
    if w in ("jr", "sr") and k + 1 < len(toks) and toks[k + 1].text in (".", ","):
        return True
    if w not in ("and", "&") or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1].text
    return bool(_initial_at(toks, k + 1)) or (nxt.lower() in given_names() and nxt[:1].isupper()) \
        or (nxt[:1].isupper() and nxt.isalpha() and bool(_initial_at(toks, k + 2)))


def _split_imprints(seq: NoteSequence, out: list[str]) -> None:
    """A title run that ends with an imprint the labeller did not see (``Na raznykh
    parallelyakh. Moscow, Kniga i biznes, 1996``): the city after the title's full stop and
    the publisher after it take their own labels."""
    from .features import lexicon

    cities = lexicon()["city"]
    toks = seq.tokens
    n = len(out)
    i = 0
    while i < n:
        if _name(out[i]) != "title":
            i += 1
            continue
        j = i
        while j + 1 < n and out[j + 1] == "title":
            j += 1
        followed_by_year = j + 1 < n and _name(out[j + 1]) in ("year", "publisher")
        colon = _imprint_colon(toks, i, j) if followed_by_year else None
        if colon is not None:
            # "… в 1956 году. СПб.: Алетейя, 2021", "Relations 1941-1949. Barnaul: BSPU, 1999"
            start, at = colon
            for m in range(start, at):
                out[m] = "city"
            for m in range(at, j + 1):
                out[m] = "publisher"
            i = j + 1
            continue
        for k in range(i + 1, j):
            if toks[k - 1].text in (".", "]") and toks[k].text.lower() in cities \
                    and toks[k + 1].text in (",", ":") and k + 2 <= j + 1:
                out[k] = "city"
                for m in range(k + 1, j + 1):
                    out[m] = "publisher"
                break
        else:
            # "Unknown Mao, Moscow, Tsentrpoligraf Publ.": the run ends with ", City"
            end = j - 1 if toks[j].text in (",", ":") else j
            if end > i + 1 and toks[end - 1].text == "," and toks[end].text.lower() in cities \
                    and j + 1 < n and _name(out[j + 1]) in ("publisher", "year"):
                for m in range(end, j + 1):
                    out[m] = "city"
        i = j + 1


def segments(seq: NoteSequence, labels: Sequence[str]) -> list[Segment]:
    """The citations' token groups, in order."""
    out: list[Segment] = []
    current: Segment | None = None
    last_field = ""
    for i, label in enumerate(labels):
        begin, name = split_label(label)
        tok = seq.tokens[i]
        if tok.text != SHELFMARK and name == OUTSIDE:
            current = None
            continue
        if tok.text == SHELFMARK:
            s = seq.shelfmark_at(i)
            in_backref = current is not None and (current.has("ibid") or current.has("opcit"))
            if in_backref and s is not None and not s.citation.archive:
                current.idx.append(i)  # "Ibid., d. 1356, ll. 120-121": the levels it changes
                current.fields.append("archival")
                continue
            if current is not None and current.fields and _spoken_fields(seq, current) <= {"item", "in", "date"}:
                current.idx.append(i)  # "Letter from Stalin to Lenin, 7 July 1918; RGASPI ..."
                current.fields.append("archival")
                current.shelfmark = True
            else:
                current = Segment([i], ["archival"], shelfmark=True)
                out.append(current)
            last_field = "archival"
            continue
        split = (
            current is None
            or (begin and not (name == "item" and set(current.fields) <= {"item"}))
            or (current.shelfmark and name not in ("item", "date"))
            or (name == "author" and last_field in _REFERENCE_END)
            or (name in ("ibid", "opcit") and last_field not in ("ibid", "opcit", "author", "title", "in")
                and not (name == "opcit" and _initials_after_author(seq, current)))
        )
        if split:
            if current is not None and set(current.fields) <= {"item"} and name != "item":
                current.idx.append(i)  # an item title, then the work it is in
                current.fields.append(name)
            else:
                current = Segment([i], [name])
                out.append(current)
        else:
            current.idx.append(i)
            current.fields.append(name)
        last_field = name
    return out


def _initials_after_author(seq: NoteSequence, seg: Segment | None) -> bool:
    """Does SEG hold an author followed only by initials the labeller gave another label
    (``Млечин Л. М.`` before ``Указ. соч.``, "М." read as Moscow)?"""
    if seg is None or "author" not in seg.fields:
        return False
    last = max(i for i, n in zip(seg.idx, seg.fields, strict=True) if n == "author")
    rest = [seq.tokens[i].text for i in seg.idx if i > last]
    return bool(rest) and all(_initial_like(w) for w in rest)


def _initial_like(word: str) -> bool:
    """A token of written initials: "Л", "Zh", or the full stop after one."""
    return word == "." or (len(word) <= 2 and word.isalpha() and word[:1].isupper())


def _runs(seg: Segment) -> list[tuple[str, int, int]]:
    """(field, first token, last token) for each run of one field in SEG."""
    runs: list[tuple[str, int, int]] = []
    for i, name in zip(seg.idx, seg.fields, strict=True):
        if runs and runs[-1][0] == name and runs[-1][2] == i - 1:
            runs[-1] = (name, runs[-1][1], i)
        else:
            runs.append((name, i, i))
    return runs


_EDGE_MARKS = rx.compile(r"^\(?(?:eds?|Eds?|Hrsg|ред|сост)\.?\)?[,.:]?\s+|\s+[—–-]+$|^[—–-]+\s+")


@lru_cache(maxsize=16384)
def _tidy(value: str) -> str:
    """A field's words without the punctuation around them; a quote is stripped only with
    its partner."""
    v = _EDGE_MARKS.sub("", value.strip(_STRIP)).strip(_STRIP)
    for _ in range(3):
        if (len(v) >= 2 and _PAIRS.get(v[0]) == v[-1]) or (len(v) >= 2 and v[0] in "“„" and v[-1] in "”“\""):
            v = v[1:-1].strip(_STRIP)
        elif v and v[0] in _OPEN and not any(c in v for c in _CLOSE):
            v = v[1:].strip(_STRIP)
        elif v and v[-1] in _CLOSE and not any(c in v for c in _OPEN):
            v = v[:-1].strip(_STRIP)
        else:
            break
    return v


_CHAPTER_LOCATOR = rx.compile(
    r"(?i:chapter|chap\.|ch\.)\s?(?:[IVXLC]{1,7}|\d{1,3})\b\s?(?:“[^”]{0,120}”|\"[^\"]{0,120}\")?[,:]?\s?(?=\d)")


@lru_cache(maxsize=16384)
def canon_pages(value: str) -> str | None:
    chapter = _CHAPTER_LOCATOR.match(value, len(value) - len(value.lstrip(" ,.;:")))
    if chapter:  # "Chapter IX “God and I,” 224–260": the pages of the chapter named
        value = value[chapter.end():]
    marks = list(_PAGE_MARK_ANY.finditer(value))
    if marks:  # "Ч. 2. С. 1210": the pages follow the last page mark
        value = value[marks[-1].end() - 1 :]
    m = _PAGES_START.search(value)
    if not m:
        return None
    v = value[m.start():].strip(_STRIP + ")]")
    v = _DASH_SPACES.sub("-", v)
    return v or None


@lru_cache(maxsize=16384)
def _number(value: str) -> str | None:
    m = _NUMBER.search(value)
    return m.group() if m else None


@dataclass(slots=True)
class _Fields:
    text: dict[str, str] = field(default_factory=dict)
    start: int = 0
    end: int = 0


def _collect(seq: NoteSequence, seg: Segment) -> _Fields:
    out = _Fields(start=seq.tokens[seg.idx[0]].start, end=seq.tokens[seg.idx[-1]].end)
    text = seq.text
    for name, a, b in _runs(seg):
        if name == "archival":
            continue
        value = text[seq.tokens[a].start : seq.tokens[b].end]
        if name in out.text:
            # a second run of the same field ("Sergeev and Glushik" split by a stray label)
            if name in ("author", "editor", "translator", "pages", "item"):
                out.text[name] += (" and " if name in ("author", "editor", "translator") else ", ") + value
            continue
        out.text[name] = value
    return out


def _people(value: str | None) -> tuple[tuple[Person, ...], bool]:
    if not value:
        return (), False
    p = parse_people(value)
    return p.persons, p.et_al


def _year(f: _Fields, dated: bool = True) -> str | None:
    """The year of publication; a book's DATE is that of the document it quotes, not its own."""
    for key in ("year", "date", "publisher", "city", "issue", "volume"):
        if key == "date" and not dated:
            continue
        m = _YEAR.search(f.text.get(key, ""))
        if m:
            return m.group()
    return None


def _quoted(value: str) -> bool:
    """Is the whole title in quotation marks ("“Title,”"), not just its first words?"""
    v = value.strip(" ,.;:")
    return len(v) > 2 and v[0] in "“«„\"‘" and v[-1] in "”»“\"’" and not any(
        ch in "”»\"’" for ch in v[1:-1].replace("'", ""))


_INTERVIEW = rx.compile(r"\s*(?:interview|интервью|беседа)\b", re.IGNORECASE)


def _kind(f: _Fields) -> str | None:
    t = f.text
    has_imprint = any(k in t for k in ("publisher", "city", "year"))
    bare_title = "journal" not in t and "container" not in t and "title" in t and not (
        "publisher" in t or "city" in t)
    if bare_title and (_quoted(t["title"]) or ("issue" in t and "author" not in t)):
        # "Polyakov, “Activities of the Moscow Patriarchate,” p. 152": a quoted title is an
        # article's; «Деревенский коммунист», №4, 1928: a periodical's issue
        return "article"
    if "journal" in t:
        if "url" in t and not any(k in t for k in ("volume", "issue", "pages")):
            return "web"
        return "article"
    if "container" in t:
        return "chapter" if "title" in t and ("in" in t or "editor" in t or "author" in t) else "book"
    if "url" in t and not (has_imprint and "publisher" in t) and "pages" not in t:
        return "web"
    if "title" in t:
        return "book"
    if "author" in t and ("year" in t or "pages" in t):
        # "Krupskaya, p. 268.", "Mao 1993b, vol. 1, p. 61": a work named by its author alone,
        # a short form (resolved to the full citation when an earlier note holds it)
        return "book"
    if "other" in t or ("item" in t and ("pages" in t or "date" in t)):
        return "other"
    return None


_STATES = frozenset(["al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc", "uk", "usa", "mass", "calif", "conn", "ill", "ind", "mich", "minn", "penn", "wis", "n.j", "n.y", "n.c", "d.c", "alabama", "alaska", "arizona", "california", "colorado", "connecticut", "delaware", "florida", "georgia", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia", "washington", "wisconsin", "wyoming", "ontario", "quebec", "england", "scotland"])


def _split_city_publisher(t: dict[str, str]) -> None:
    """"Moscou, Novosti" read as the city, "Bruxelles, Éditions Complexe" as the publisher:
    a known city before a comma, then a publisher (not a state: "Lanham, Maryland")."""
    from .features import lexicon

    cities = lexicon()["city"]
    if "city" in t and "publisher" not in t and "," in t["city"]:
        first, rest = t["city"].split(",", 1)
        if rest.strip(" .,").lower() not in _STATES and len(rest.strip(" .,")) > 3:
            t["city"], t["publisher"] = first, rest
    elif "publisher" in t and "city" not in t and "," in t["publisher"]:
        first, rest = t["publisher"].split(",", 1)
        if first.strip().lower() in cities and rest.strip():
            t["city"], t["publisher"] = first, rest


def _substantial(f: _Fields) -> bool:
    """Whether the words labelled as a reference could be one: some word that is not a lead-in
    or a locator, in a field that names a work or its author."""
    filler = _filler_words()
    for name in ("title", "author", "journal", "container", "editor", "url", "other"):
        for word in _WORD.findall(f.text.get(name, "")):
            if len(word) > 1 and word.lower() not in filler:
                return True
    return False


@lru_cache(maxsize=1)
def _filler_words() -> frozenset[str]:
    """Lead-ins, locators and back-reference words (the lexicon's, joined once)."""
    lex = lexicon()
    return lex["lead"] | lex["locator"] | lex["ibid"] | lex["opcit"]


@lru_cache(maxsize=1)
def _backref_words() -> frozenset[str]:
    lex = lexicon()
    return lex["ibid"] | lex["opcit"]


MAX_REFERENCE = 800  # characters: a longer run of "reference" words is a misreading


# (compiled here, not looked up in re's cache at each call)
_THREE_LETTERS = rx.compile(r"[^\W\d_]{3}")
_VOLUME_NUMBER = rx.compile(r"\d|\b[IVXLC]{1,6}\b")
_ISSUE_MARK = rx.compile(r"\s*(?:No\.?|N|№|Nr\.?)\s?\d")


def _bibliographic(seq: NoteSequence, seg: Segment) -> Citation | None:
    f = _collect(seq, seg)
    kind = _kind(f)
    if kind is None or not _substantial(f) or f.end - f.start > MAX_REFERENCE:
        return None
    t = f.text
    authors, et_al = _people(t.get("author"))
    if (_INTERVIEW.match(t.get("author", "")) or _INTERVIEW.match(t.get("title", ""))) and not any(
            k in t for k in ("pages", "publisher", "journal", "container", "volume")):
        # "Interview with the author, Moscow, 12 May 2004", "Zorin, interview with the author":
        # an interview, not a publication (one printed in a book has its pages)
        kind = "other"
        if _INTERVIEW.match(t.get("author", "")):
            authors = ()
    editors, _ = _people(t.get("editor"))
    if authors and not editors and _EDITOR_MARK.search(t.get("author", "")):
        authors, editors = (), authors  # "Peter Ruggenthaler (Hrsg.)", "Witte and Bourdeaux, eds."
    translators, _ = _people(t.get("translator"))
    title = _tidy(t["title"]) if "title" in t else None
    title_translated = None
    if title:
        title, title_translated = split_title(title)
        title = _tidy(title)
    journal = _tidy(t["journal"]) if "journal" in t else None
    container = _tidy(t["container"]) if "container" in t else None
    if kind == "book" and not title and container:
        title, container = container, None
    if (editors and title and not journal and not container and "volume" in t
            and not _VOLUME_NUMBER.search(t["volume"]) and len(_tidy(t["volume"]).split()) >= 2):
        # "…,” in Semenov, ed., Chernobyl: Ten Years On, 22.": the edited book, read as a volume
        container = _tidy(t.pop("volume"))
        kind = "chapter"
    m = _PAGE_MARK.search(t.get("pages", ""))
    if m and m.start() > 0 and _THREE_LETTERS.search(t["pages"][: m.start()]):
        t["pages"] = t["pages"][m.start():]  # "29 января. С. 1": the date was read as pages
    for key in ("issue", "volume", "year"):
        m = _PAGE_MARK.search(t.get(key, ""))
        if m and "pages" not in t:
            # "№ 1. С. 23–47" read as one run: the pages after the page mark
            t["pages"], t[key] = t[key][m.start():], t[key][: m.start()]
    if kind == "article" and "issue" not in t and _ISSUE_MARK.match(t.get("pages", "")):
        # "Rodina, 2008, N 7": the issue, not a page ("№ 1. С. 23–47": the issue, then pages)
        pages = t.pop("pages")
        m = _PAGE_MARK.search(pages)
        t["issue"] = pages[: m.start()] if m else pages
        if m:
            t["pages"] = pages[m.start():]
    if kind == "article" and title and not journal and not container and "issue" in t and not authors:
        journal, title = title, None  # the periodical's own title, with its issue
    year = _year(f, dated=kind not in ("book", "chapter"))
    has_imprint = bool("year" in t or "city" in t or "publisher" in t)
    raw = seq.text[f.start : f.end]
    if "city" in t and "publisher" not in t and ":" in t["city"].strip(" :"):
        # "М.: Книга": the city and its publisher in one run
        t["city"], t["publisher"] = t["city"].split(":", 1)
    _split_city_publisher(t)
    english = not _CYRILLIC.search(raw) and not _RUSSIAN_IMPRINT.search(raw)
    date = None
    if "date" in t or kind == "article":
        found = (find_date(t["date"]) if "date" in t else None) or find_date(raw)
        if found is not None:
            date = found.iso
            if kind not in ("book", "chapter"):
                year = year or found.year
        elif "date" in t and not _YEAR.fullmatch(_tidy(t["date"])):
            date = _tidy(t["date"]) or None
    if "item" in t:
        # "Molotov to Stalin, 3 May 1946": the date that ends an item's description is its date
        found = find_date(t["item"])
        if found is not None and found.start > 0 and t["item"][: found.start].rstrip().endswith(",") \
                and not t["item"][found.end:].strip(" ,.;:"):
            t["item"] = t["item"][: found.start]
            date = date or found.iso
    # (a URL token starts with "http" or "www." or holds a "/": a note with none of them has none)
    url_tok = next((tok for i in seg.idx if is_url(tok := seq.tokens[i])), None) \
        if "/" in seq.text or "http" in seq.text or "www." in seq.text else None
    url = canon_url(url_tok.text) if url_tok is not None else None
    site = next((v for k in ("in", "journal", "container", "publisher") if (v := t.get(k)) and _SITE.search(v)), None)
    if url and site and "pages" not in t:
        # "… / / Military Literature website - russian/mikoyan/05.html": a web page
        kind = "web"
        if site == t.get("in"):
            site = t.get("journal") or t.get("container") or t.get("publisher") or ""
        name = _SITE.sub("", site.replace(url_tok.text, "")).strip(" /-–—,.:")
        journal, container = None, _tidy(name) or None
        if site == t.get("publisher"):
            t.pop("publisher")
        if (not title or title.strip(" -–—,.:/") == site.strip(" -–—,.:/")) and "item" in t:
            title = _tidy(t.pop("item")) or None  # the site is no title: the page's own is
    if title and "pages" not in t and not has_imprint and (roman := _ROMAN_PAGE.search(title)):
        # "Milbank, Being Reconciled, ix.": a preface's page in Roman numerals ends the short form
        t["pages"], title = roman.group(1), title[: roman.start()]
    cite = Citation(
        kind=kind,
        raw=raw,
        authors=authors,
        editors=editors,
        translators=translators,
        et_al=et_al,
        title=title or None,
        title_translated=title_translated,
        container=journal or container or None,
        volume=_number(t.get("volume", "")) if "volume" in t else None,
        issue=_number(t.get("issue", "")) if "issue" in t else None,
        year=year,
        date=date,
        city=city_name(t["city"], english) or None if "city" in t else None,
        publisher=clean_publisher(t["publisher"]) if "publisher" in t else None,
        pages=canon_pages(t["pages"]) if "pages" in t else None,
        url=url,
        item_title=_tidy(t["item"]) or None if "item" in t else None,
        short_form=kind in ("book", "article", "chapter") and not has_imprint and "journal" not in t
        and not _named_in_full(authors, raw),
        start=f.start,
        end=f.end,
    )
    if (cite.short_form and cite.title and cite.title[0].islower() and not cite.container
            and not (cite.pages or cite.volume or cite.year or cite.date or cite.url)):
        return None  # "Kuusinen and Ponomarev, and from the Yugoslav side, …": a sentence, not a work
    if (kind in ("book", "article", "chapter") and not (cite.pages or cite.volume or cite.issue or cite.url
                                                        or cite.publisher or cite.container
                                                        or (cite.city and (cite.year or cite.date)))
            and _names_an_office(raw)):
        # "W. S. Crawford, United Kingdom representative on the …", "A. S. Watt, Counsellor,
        # Australian Legation, Washington": who a person was (a place alone is no imprint)
        return None
    return cite


# what a person was ("Australian High Commissioner", "Dean of the Faculty of Commerce", "Labour
# M.P."), as editors' notes that identify people write it; the words before the office name
# are capitalised or say when ("former", "acting"), never "to the" or "of the"
_OFFICES = frozenset([
    "minister", "secretary", "ambassador", "commissioner", "chairman", "chairwoman", "director",
    "president", "governor", "consul", "envoy", "adviser", "advisor", "counsellor", "counselor",
    "attaché", "attache", "chargé", "charge", "delegate", "representative", "official", "officer",
    "chief", "leader", "premier", "chancellor", "senator", "dean", "editor", "correspondent",
    "assistant", "deputy", "m.p", "mp"])
_BEFORE_OFFICE = frozenset(["former", "formerly", "acting", "then", "later", "special", "deputy", "assistant",
                            "vice", "first", "second", "third", "permanent", "principal", "senior", "junior"])
_NOT_A_ROLE = frozenset(["the", "a", "an", "see", "cf", "in"])


def _names_an_office(raw: str) -> bool:
    """Does a comma- or semicolon-separated part of RAW open with a person's office ("Sir
    Joseph Cook, Australian High Commissioner.", "Conservative M.P.; Chairman of …")?"""
    if any(q in raw for q in "“«„‘\""):
        return False  # a quoted title
    for part in re.split(r"[,;]", raw.replace("M. P.", "M.P.")):
        words = [w.strip(".:()").lower() for w in part.split()]
        if not words or words[0] in _NOT_A_ROLE:
            continue
        for word, written in zip(words[:5], part.split()[:5], strict=False):
            if word in _OFFICES and not written.rstrip(".:").endswith(("'s", "’s")):
                return True
            if not (written[:1].isupper() or word in _BEFORE_OFFICE):
                break
    return False


_LOWER_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_ROMAN_PAGE = rx.compile(rf",\s?({_LOWER_ROMAN}(?:\s?[-–]\s?{_LOWER_ROMAN})?)\.?$")


def _backref(seq: NoteSequence, seg: Segment) -> Citation:
    f = _collect(seq, seg)
    t = f.text
    kind = "ibid" if seg.has("ibid") else "op_cit"
    # the locator: everything after the Ibid./op. cit. words themselves
    markers = _backref_words()
    last_marker = max(i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("ibid", "opcit"))
    first = min(i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("ibid", "opcit"))
    j = first
    stop = min(len(seq.tokens), max(seg.idx) + 1)  # within this citation: "Ibid. Ibid. …" stays linear
    while j + 1 < stop and (seq.tokens[j + 1].text.lower() in markers
                                       or seq.tokens[j + 1].text == "."):
        j += 1
    last_marker = min(last_marker, j) if seq.tokens[first].text.lower() in markers else last_marker
    tail_start = seq.tokens[last_marker].end
    # the locator is read from the text itself, whatever the labels after the marker say
    locator, used = locator_fields(seq.text[tail_start : tail_start + 400])
    f.end = max(f.end, tail_start + len(seq.text[tail_start : tail_start + used].rstrip(" .,;")))
    for i, n in zip(seg.idx, seg.fields, strict=True):
        if n == "archival":
            s = seq.shelfmark_at(i)
            if s is not None:
                c = s.citation
                for level in ("fond", "opis", "papka", "karton", "delo", "tom", "leaves"):
                    if getattr(c, level):
                        locator[level] = getattr(c, level)
    if "pages" in t and "pages" not in locator and "leaves" not in locator:
        p = canon_pages(t["pages"])
        if p:
            locator["pages"] = p
    if "volume" in t and "volume" not in locator:
        v = _number(t["volume"])
        if v:
            locator["volume"] = v
    if "leaves" in locator:
        locator["leaves"] = canon_leaves(locator["leaves"])
    author = t.get("author")
    if kind == "op_cit" and author:
        author = _with_initials_before(seq, seg, first) or author
    authors, et_al = _people(author) if kind == "op_cit" else ((), False)
    title = _tidy(t["title"]) if kind == "op_cit" and "title" in t else None
    return Citation(kind=kind, raw=seq.text[f.start : f.end], authors=authors, et_al=et_al,
                    title=title or None, start=f.start, end=f.end, **locator)


def _with_initials_before(seq: NoteSequence, seg: Segment, marker: int) -> str | None:
    """The author of an op. cit. with the initials between the name and the marker that the
    labeller gave another label (``Млечин Л. М. Указ. соч.``: "М." read as Moscow), else None."""
    named = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n == "author" and i < marker]
    if not named:
        return None
    between = seq.tokens[named[-1] + 1 : marker]
    if not between or not all(_initial_like(tok.text) for tok in between):
        return None
    return seq.text[seq.tokens[named[0]].start : between[-1].end]


def _spoken_fields(seq: NoteSequence, seg: Segment) -> set[str]:
    """SEG's fields, leaving out punctuation labelled archival (the comma between a
    document's date and the shelfmark after it)."""
    return {n for i, n in zip(seg.idx, seg.fields, strict=True)
            if not (n == "archival" and not any(ch.isalnum() for ch in seq.tokens[i].text))}


def _archival(seq: NoteSequence, seg: Segment) -> Citation | None:
    marks = [i for i, n in zip(seg.idx, seg.fields, strict=True)
             if n == "archival" and seq.shelfmark_at(i) is not None]
    if not marks:
        return _unread_archival(seq, seg)
    pos = marks[0]
    s = seq.shelfmark_at(pos)
    assert s is not None
    cite = s.citation
    item = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("item", "date") and i < pos]
    if item and not cite.item_title:
        a, b = seq.tokens[item[0]].start, seq.tokens[item[-1]].end
        titled = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n == "item" and i < pos]
        dated = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n == "date" and i < pos]
        if titled and dated and max(titled) < min(dated):
            # "Gromyko to CC, May 4, 1959, 0129, 41/12/7, MFA": the document, then its date
            title = _tidy(seq.text[a : seq.tokens[titled[-1]].end]) or None
            date = _tidy(seq.text[seq.tokens[dated[0]].start : b]) or None
        elif dated and not titled:
            title, date = None, _tidy(seq.text[a:b]) or None  # "..., March 3, 1958, APRF."
        else:
            title, date = _tidy(seq.text[a:b]) or None, cite.date
        if cite.start is not None and a < cite.start:
            cite = cite.with_(raw=seq.text[a : cite.end], start=a)
        cite = cite.with_(item_title=title, date=date)
    return cite


def _opening_quote(text: str, start: int, default: int) -> int:
    """Where a quoted title really opens, when the labels start inside it: the opening quote
    of the quotation that START sits in, on the same line, or DEFAULT."""
    back = text.rfind("\n", 0, start) + 1
    head = text[back:start]
    for q in '"“«':
        i = head.rfind(q)
        if i >= 0 and head.count('"') % 2 == 1 if q == '"' else i >= 0 and not any(c in head[i:] for c in "”»"):
            return back + i
    return min(default, start)


def _unread_archival(seq: NoteSequence, seg: Segment) -> Citation | None:
    """An archival reference the shelfmark grammar could not read ("Adzhubei to CC, March
    12, 1962, APRF"): the archive it names, its own words as the shelfmark, and the
    document's title and date written before them."""
    runs = _runs(seg)
    archival = [(a, b) for name, a, b in runs if name == "archival"]
    a, b = seq.tokens[archival[-1][0]].start, seq.tokens[archival[-1][1]].end
    archive = next((acr for s, e, acr in seq.archive_hits if s < b and e > a), None)
    if archive is None:
        archive = next((acr for s, e, acr in seq.archive_hits
                        if any(s < seq.tokens[y].end and e > seq.tokens[x].start for x, y in archival)), None)
    shelfmark = _tidy(seq.text[a:b])
    if not shelfmark or archive is None:
        return None
    f = _collect(seq, seg)
    titled = [i for i, n in zip(seg.idx, seg.fields, strict=True) if n in ("item", "title")]
    item = (_tidy(seq.text[seq.tokens[titled[0]].start : seq.tokens[titled[-1]].end]) or None
            if titled else None)
    date = _tidy(f.text.get("date", "")) or None
    year_m = _YEAR.search(date or "")
    if titled:
        f.start = _opening_quote(seq.text, seq.tokens[titled[0]].start, f.start)
        whole = seq.text[f.start : seq.tokens[titled[-1]].end]
        item = _tidy(whole) or item
    return Citation(kind="archival", raw=seq.text[f.start : f.end], archive=archive,
                    shelfmark=shelfmark, item_title=item, date=date,
                    year=year_m.group() if year_m else None, start=f.start, end=f.end)


_WORD = rx.compile(r"[^\W_]+")
# an editor's mark ending the names: ``(?<![^\W\d_])(?:eds?|Eds?|Hrsg|Hg|éds?|ред|сост|comps?)`` written
# first letter first, the look-behind after it (the engine skips to a possible first letter)
_EDITOR_MARK = rx.compile(r"(?:e(?<![^\W\d_]e)ds?|E(?<![^\W\d_]E)ds?|H(?<![^\W\d_]H)(?:rsg|g)|é(?<![^\W\d_]é)ds?"
                          r"|р(?<![^\W\d_]р)ед|с(?<![^\W\d_]с)ост|c(?<![^\W\d_]c)omps?)\.?\)?\s*+(?:[,.]\s*+)?$")
_PAGE_MARK = rx.compile(r"(?<![^\W\d_])(?:pp?|[СсSsPР]|стр)\.\s?\d")
_SITE = rx.compile(r"(?<![^\W\d_])(?:web\s?site|website|site|сайт|portal|портал)(?![^\W\d_])", re.IGNORECASE)
_QUOTED_BEFORE = rx.compile(r"[\"“«]([^\"“”«»]{3,300})[\"”»][,.]?\s*$")
_BETWEEN = rx.compile(r"[\s,.;:()\[\]—–-]*")


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only punctuation between END and START."""
    return end <= start and _BETWEEN.fullmatch(text, end, start) is not None


def _document(unread: Citation, unit: Citation) -> Citation:
    """A document the note names before the unit holding it ("'Record of a Conversation
    ...', August 23, 1957, Wilson Center Digital Archive, RGANI, f. 52, ..."): its title,
    date and the archive or collection it was read in, with the unit's shelfmark."""
    found = find_date(unread.date or "")
    return Citation(
        kind="document", raw=unread.raw.rstrip(" ,;") , title=unread.item_title,
        date=found.iso if found else unread.date, year=found.year if found else unread.year,
        container=unread.shelfmark if unread.shelfmark != unread.date else None,
        archive=unit.archive, fond=unit.fond, opis=unit.opis, papka=unit.papka,
        karton=unit.karton, delo=unit.delo, tom=unit.tom, leaves=unit.leaves,
        shelfmark=unit.shelfmark, start=unread.start, end=unread.end)


def assemble(seq: NoteSequence, labels: Sequence[str]) -> list[Citation]:
    """The citations the labels describe, in order of appearance."""
    out: list[Citation] = []
    pending_item: tuple[str, int, int] | None = None
    for seg in segments(seq, repair(seq, labels)):
        if seg.has("ibid") or seg.has("opcit"):
            cite: Citation | None = _backref(seq, seg)
        elif seg.has("archival"):
            cite = _archival(seq, seg)
        elif set(seg.fields) <= {"item", "in", "date"}:
            # a document's description: it belongs to the work cited right after it, else
            # to the one before
            f = _collect(seq, seg)
            pending_item = (_tidy(seq.text[f.start : f.end]), f.start, f.end)
            continue
        else:
            cite = _bibliographic(seq, seg)
        if cite is None:
            continue
        if pending_item is not None:
            item, a, b = pending_item
            pending_item = None
            if item and not cite.item_title and _adjacent(seq.text, b, cite.start):
                cite = cite.with_(item_title=item, start=a, raw=seq.text[a : cite.end])
            elif item and out and not out[-1].item_title and not out[-1].is_backref:
                out[-1] = out[-1].with_(item_title=item)
        before = seq.text[max(0, cite.start - 40) : cite.start]
        if _QUOTED_IN.search(before):
            cite = cite.with_(quoted_in=True)
        prev = out[-1] if out else None
        if (prev is not None and cite.kind == "archival" and cite.fond and prev.kind == "archival"
                and not prev.fond and _adjacent(seq.text, prev.end, cite.start)):
            if not prev.item_title:
                quoted = _QUOTED_BEFORE.search(seq.text, 0, prev.start)
                if quoted and quoted.end() >= prev.start - 3:
                    prev = prev.with_(item_title=quoted.group(1), start=quoted.start(),
                                      raw=seq.text[quoted.start() : prev.end])
            if prev.item_title:
                out[-1] = _document(prev, cite)
        if prev is not None and cite.kind == "archival" and not cite.item_title and _described(prev) \
                and _adjacent(seq.text, prev.end, cite.start):
            # "Telegram from Bryan to Herrick, September 5, 1914. (National Archives, RG 59 …)":
            # the labeller read the telegram as a book; it is the item the archive holds
            out.pop()
            found = find_date(prev.raw)
            item = prev.raw[: found.start].rstrip(" ,.;") if found and found.start > 8 else prev.raw
            cite = cite.with_(item_title=item, date=prev.raw[found.start : found.end] if found else cite.date,
                              start=prev.start, raw=seq.text[prev.start : cite.end])
        out.append(cite)
    if pending_item is not None and out and (second := _second_document(seq.text, out[-1], pending_item)):
        out.append(second)
    elif pending_item is not None and out and not out[-1].item_title and not out[-1].is_backref:
        out[-1] = out[-1].with_(item_title=pending_item[0])
    return [_trim(c) for c in out]


# a letter or cable described by its writer and addressee: "Muccio to State", "Holt to Bevin"
_LETTER = rx.compile(r"[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,2}\sto\s[A-Z]")
_HELD_IN = ("archive", "fond", "opis", "papka", "karton", "delo", "tom", "collection", "series", "entry", "box")


def _second_document(text: str, held: Citation, item: tuple[str, int, int]) -> Citation | None:
    """"NA, 895.00 file, box no. 7127, Drumwright to State, March 14, 1949; Muccio to State,
    April 18, 1949.": a second letter after a semicolon, when the unit before it already
    describes one, is another document of the same unit (``elliptical``), not a title of the
    first. A unit that describes none takes the letter as its item, as before."""
    title, a, b = item
    if held.kind != "archival" or not held.archive or ";" not in text[held.end : a]:
        return None
    if not (held.item_title or _LETTER.match(held.folder or "")) or not _LETTER.match(title):
        return None
    found = find_date(title)
    date = None
    if found is not None and not title[found.end :].strip(" .,"):
        date, title = title[found.start : found.end], title[: found.start].rstrip(" ,")
    levels = {f: getattr(held, f) for f in _HELD_IN}
    return Citation(kind="archival", raw=text[a:b], item_title=title, date=date, elliptical=True,
                    start=a, end=b, **levels)


def _described(c: Citation) -> bool:
    """Whether C, read as a book, is a document's description: titled by a kind of document
    ("Telegram from …", "Letter from …"), with no author, publisher or journal."""
    if c.kind != "book" or c.authors or c.publisher or c.container or not c.raw:
        return False
    first = c.raw.split(None, 1)[0].lower().strip(".,:")
    return first in DOCUMENT_KINDS


def _trim(c: Citation) -> Citation:
    """A citation's text without a closing bracket it never opened or a trailing comma."""
    raw = c.raw.rstrip(" ,;")
    while raw.endswith((")", "]")) and raw.count(raw[-1]) > raw.count("(" if raw[-1] == ")" else "["):
        raw = raw[:-1].rstrip(" ,;")
    if raw == c.raw:
        return c
    return c.with_(raw=raw, end=c.start + len(raw))
