"""A note's text in, its citations (and the slips noticed while reading them) out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from refcli import rx
from refcli.model import Citation, Person
from refcli.registry import Registry

from .assemble import _CYRILLIC, assemble
from .assemble import LEAD_IN as _LEAD_IN
from .backref import IBID, OPCIT, parse_backref
from .canon import canon_leaves
from .features import lexicon
from .glosses import glosses
from .legal import CASE_NAME, LEGAL_HINT, find_legal
from .normalize import city_name, find_date, unmixed
from .people import family_first, given_names, parse_people
from .periodicals import PERIODICAL_WORDS, holds_date, read_periodical, read_unknown_paper
from .personal import DATE, find_personal, read_unplaced_document
from .sequence import NoteSequence, note_sequence
from .shelfmark import find_shelfmarks, with_bare_leaves
from .tokens import canon_url, is_url
from .western import (
    PERIODICAL_ACRONYMS,
    read_acronyms_named_last,
    read_decimal_files,
    read_state_department_files,
    read_unnamed_boxes,
)

if TYPE_CHECKING:
    from refcli.labeller import Labeller


@dataclass(frozen=True, slots=True)
class Slip:
    """Something noticed in a note while parsing it; the pipeline turns it into a Finding."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class ParsedNote:
    citations: tuple[Citation, ...]
    slips: tuple[Slip, ...] = field(default=())


_OPEN, _CLOSE = "([{«“", ")]}»”"
_BRACKET = rx.compile(r"[()]")  # the round brackets a second reading looks into


def split_segments(text: str) -> list[tuple[int, int]]:
    """Spans of TEXT between top-level semicolons (not inside brackets or quotes).

    Straight double quotes count as brackets only when they pair up in the note; an
    unbalanced bracket or quote is ignored rather than swallowing the rest of the note."""
    spans = _split(text, quotes=text.count('"') % 2 == 0)
    if len(spans) == 1 and ";" in text and _unbalanced(text):
        spans = _split(text, quotes=False, brackets=False)
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _unbalanced(text: str) -> bool:
    return any(text.count(o) != text.count(c) for o, c in zip(_OPEN, _CLOSE, strict=True))


# the characters _split acts on (every other one leaves its state as it is): it jumps from one
# to the next instead of looking at every character of the note
_SPLIT_MARK = rx.compile(r'[";([{«“)\]}»”]')


def _split(text: str, quotes: bool, brackets: bool = True) -> list[tuple[int, int]]:
    spans, depth, start, in_quote = [], 0, 0, False
    for m in _SPLIT_MARK.finditer(text):
        i, ch = m.start(), m.group()
        if ch == '"' and quotes:
            in_quote = not in_quote
        elif brackets and ch in _OPEN:
            depth += 1
        elif brackets and ch in _CLOSE and depth:
            depth -= 1
        elif ch == ";" and depth == 0 and not in_quote:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


# "Page 3 she learned that the KGB: …", "P. 214 the warhead was armed: …": the page of the text
# and the phrase a note is keyed to (a phrase with no full stop, no digit after its first word)
_PAGE_KEY = rx.compile(r"(?:Page|P\.|p\.|Pp\.|pp\.)\s?\d{1,4}(?:[-–]\d{1,4})?\s(?=[^:.;()]*?[^\W\d_])[^:.;()]{1,120}:\s+")


_NOTE_MARK = rx.compile(r"\s*[*†‡§¶]{1,3}\s*")
# a note keyed to a phrase of the text, in a quotation or not, after the page it is on or not:
# "p. 497: “He just felt”: Guthman and Shulman, 328.", "The Trumans and the shaky chandelier:
# West, Upstairs at the White House, 96–97." (no full stop, digit, comma or bracket in a phrase
# not quoted: "Moscow: Nauka", "Gaddis, We Now Know: Rethinking…" are no keys)
_LEAD_KEY = rx.compile(
    r"\s*(?:(?:Page|P\.|p\.|Pp\.|pp\.)\s?\d{1,4}(?:[-–]\d{1,4})?:\s+)?"
    r"(?:[“\"‘][^“”\"\n]{1,300}[”\"’]|[^\W\d_][^:.;,()\d“”\"\n]{0,120})\s?:\s+")
_KEY_OPENS = rx.compile(r"[A-ZА-ЯЁ][\w'’\-]+(?:\s(?:and|&)\s[A-ZА-ЯЁ][\w'’\-]+)?,\s|[A-Z]\.\s?[A-Z]")


def _after_key(text: str, lead: re.Match[str], found: ParsedNote, registry: Registry,
               labeller: Labeller) -> ParsedNote:
    """FOUND, or the citations of the note after the phrase it is keyed to (LEAD) where that
    phrase is no part of a reference: the rest opens with an author's name and a comma, and
    reads as a citation with an author and pages from its start. Those citations stand in place
    of FOUND when what was found ran over the phrase (or nothing was); else each fills a part of
    the note where nothing was found ("Topic: Schecter and Deriabin, Spy, 19–38; Ashley, CIA
    SpyMaster, 150.")."""
    shift = lead.end()
    rest = text[shift:]
    if _KEY_OPENS.match(rest) is None:
        return found
    words = text[:shift].rstrip(": \n").split()
    if words and words[-1].strip("”\"’").casefold() in lexicon()["city"]:
        return found  # an imprint: "New York: Norton, 1982"
    got = parse_note(rest, registry, labeller)
    first = got.citations[0] if got.citations else None
    if first is None or first.start > 2 or not first.authors or not (first.pages or first.kind == "op_cit"):
        return found
    moved = _shifted(got, shift)
    read = [c for c in found.citations if c.kind != "other" or c.authors]
    if not read or any(c.start < shift for c in read):
        return moved
    added = [c for c in moved.citations if not any(c.start < f.end and f.start < c.end for f in found.citations)]
    if not added:
        return found
    return ParsedNote(tuple(sorted([*found.citations, *added], key=lambda c: c.start)), found.slips)


def _shifted(parsed: ParsedNote, shift: int) -> ParsedNote:
    """PARSED, read in a note's text from SHIFT on, with its citations placed in the whole note."""
    return ParsedNote(tuple(c.with_(start=c.start + shift, end=c.end + shift) for c in parsed.citations),
                      parsed.slips)


def parse_note(text: str, registry: Registry, labeller: Labeller | None = None) -> ParsedNote:
    """Every citation in a note, in order of appearance; commentary yields none.

    Shelfmarks are read by their grammar, and every other token of the note is labelled by
    LABELLER (the trained reference labeller; by default the one shipped with refcli); the
    labels are assembled into citations. With no model at all, only shelfmarks and
    back-references are read."""
    if labeller is None:
        from refcli.labeller import load_labeller  # the packaged model, read once

        labeller = load_labeller()
        if labeller is None:
            return _parse_note_rules(text, registry)
    text = unmixed(text)  # "Кеrеnskу, р. 31": a word in two alphabets is one word of one
    mark = _NOTE_MARK.match(text)
    if mark is not None and mark.end() < len(text):
        # "*The evolution … is the subject of Nina Tumarkin’s Lenin Lives! (…)": the symbol a
        # note is keyed by (books that mark notes with *, †, ‡) is no part of what it says
        return _shifted(parse_note(text[mark.end():], registry, labeller), mark.end())
    key = _PAGE_KEY.match(text)
    if key is not None and key.end() < len(text):
        # "Page 17 swindled Russia’s largest carmaker: Hoffman, The Oligarchs, 45.": a note
        # keyed to a page and a phrase of the text; the rest is read as a note of its own
        return _shifted(parse_note(text[key.end():], registry, labeller), key.end())
    found = _parse_unkeyed(text, registry, labeller)
    lead = _LEAD_KEY.match(text)
    if lead is not None and lead.end() < len(text):
        found = _after_key(text, lead, found, registry, labeller)
    return found


# GOST 7.0.5-2008, the form of Russian, Ukrainian and Belarusian theses: the author's family
# name, a comma and initials, the title, then the statement of responsibility after " / "
# ("Иванов, И. И. История деревни / И. И. Иванов. – М. : Наука, 2005. – С. 102."; "Стасюк, І.
# Эканамічнае становішча БССР / І. Стасюк // Беларускі гістарычны часопіс. – 2009. – № 3.")
# a GOST imprint after its dash: ". – City : Publisher, Year" (the city one or two words with a
# capital: "М.", "Новосибирск", "С-Птб.")
_GOST_IMPRINT = (r"\.?\s[–—]\s(?P<city>[^\W\d_a-zа-яё][^\W\d_]*\.?(?:[\s-][^\W\d_][^\W\d_]*\.?)?)"
                 r"(?:\s?:\s?(?P<publisher>[^,–—:]{2,60}))?,\s(?P<year>1[5-9]\d\d|20[0-3]\d)")
_GOST_INITIALS = r"(?:[А-ЯЁІЇЄҐЎA-Z]\.\s?){1,2}"  # Russian, Ukrainian, Belarusian or Latin initials
_GOST_PERSON = r"[А-ЯЁІЇЄҐЎA-Z][а-яёіїєґўa-z’'\-]{1,30}"  # one family name in the statement
_GOST_2008_HEAD = rx.compile(
    r"(?<![^\s(;:—–])(?:[А-ЯЁІЇЄҐЎ][а-яёіїєґў’'\-]{1,30}|[A-Z][a-z’'\-]{1,30})(?P<comma>,)"
    rf"\s{_GOST_INITIALS}\s?(?=[^\W\d_])")
_GOST_2008_RESPONSIBILITY = rx.compile(
    rf"\s/\s?{_GOST_INITIALS}\s?{_GOST_PERSON}(?:,\s{_GOST_INITIALS}\s?{_GOST_PERSON}){{0,3}}(?:\s\[и др\.\])?"
    r"(?=\s?(?://|[.,]|\s[–—]))")


# one person of a statement of responsibility: initials, then the family name
_GOST_2008_PERSON = rx.compile(rf"(?P<given>{_GOST_INITIALS})\s?(?P<family>[^\W\d_][^\s,\[]*)")


def _gost_2008_masked(text: str) -> tuple[str, list[tuple[int, tuple[Person, ...], str, int]]]:
    """TEXT with each GOST 7.0.5-2008 reference written as the older GOST form the labeller
    reads ("Иванов И. И. История деревни. – М., 2005"): the comma after the family name and
    the statement of responsibility become spaces, so every offset stays the same. With it,
    where each such reference starts, the authors its statement names and its title."""
    chars = list(text)
    heads: list[tuple[int, tuple[Person, ...], str, int]] = []
    for head in _GOST_2008_HEAD.finditer(text):
        resp = _GOST_2008_RESPONSIBILITY.search(text, head.end(), min(len(text), head.end() + 400))
        if resp is None or ";" in text[head.end() : resp.start()]:
            continue
        people = tuple(Person(m.group("family"), " ".join(m.group("given").replace(".", ". ").split()))
                       for m in _GOST_2008_PERSON.finditer(resp.group()))
        heads.append((head.start(), people, text[head.end() : resp.start()].strip(), resp.end()))
        chars[head.start("comma")] = " "
        end = resp.end()
        if text.startswith(".", end):
            # "Записки / И. С. Кузнецов. – Новосибирск": the title's full stop comes up to it
            chars[resp.start()] = "."
            chars[resp.start() + 1 : end + 1] = " " * (end - resp.start())
        else:
            chars[resp.start() : end] = " " * (end - resp.start())
    return "".join(chars), heads


# what follows a GOST 7.0.5-2008 statement of responsibility: a journal or collection after
# "//", its year, volume and issue, or a book's imprint, then the pages, each after a dash
_GOST_2008_IN = rx.compile(
    r"\s?//\s?(?P<container>[^–—]{2,160}?)\.?\s[–—]\s(?:(?P<city>[^\W\d_][^,:–—]{0,30}?)\s?:\s?[^,–—]{2,60},\s)?"
    r"(?P<year>1[5-9]\d\d|20[0-3]\d)\b")
_GOST_2008_IMPRINT = rx.compile(rf"{_GOST_IMPRINT}\b")
_GOST_2008_ISSUE = rx.compile(r"[.,]?\s[–—]\s(?:[Тт]\.\s?(?P<volume>\d{1,4})\.?\s[–—]\s)?№\s?(?P<issue>\d[\d\-/]*)")
_GOST_2008_PAGES = rx.compile(r"[.,]\s[–—]\s[СсPp]\.\s?(?P<pages>\d[\d\s–—\-,]*\d|\d)")


def _gost_2008_fields(text: str, at: int) -> dict[str, object]:
    """The fields after a GOST 7.0.5-2008 statement of responsibility ending at AT."""
    fields: dict[str, object] = {}
    inside = _GOST_2008_IN.match(text, at)
    imprint = None if inside else _GOST_2008_IMPRINT.match(text, at)
    found = inside or imprint
    if found is None:
        return fields
    fields["year"] = found.group("year")
    if inside:
        fields.update(kind="article", container=inside.group("container").strip(" .,"))
        issue = _GOST_2008_ISSUE.match(text, inside.end())
        if issue:
            fields.update({k: v for k, v in issue.groupdict().items() if v})
    else:
        fields.update(kind="book", city=city_name(imprint.group("city")),
                      publisher=(imprint.group("publisher") or "").strip() or None)
    pages = _GOST_2008_PAGES.search(text, found.end(), min(len(text), found.end() + 60))
    if pages and ";" not in text[found.end() : pages.start()]:
        fields["pages"] = re.sub(r"\s*[–—]\s*", "-", pages.group("pages").strip())
    return fields


def _unmasked(c: Citation, text: str, masked: str) -> Citation:
    """C, read from MASKED (TEXT with some characters blanked, every offset the same), with its
    raw text as TEXT writes it and no run of blanks left inside its fields."""
    if masked[c.start : c.end] == c.raw:
        c = c.with_(raw=text[c.start : c.end])
    return c.with_(**{f: " ".join(v.split()) for f in ("title", "container", "city", "publisher")
                      if isinstance(v := getattr(c, f), str) and "  " in v})


def _as_written(parsed: ParsedNote, text: str, masked: str,
                heads: list[tuple[int, tuple[Person, ...], str, int]]) -> ParsedNote:
    """PARSED, read from MASKED, with each citation's raw text as TEXT writes it, and the
    authors of a GOST 7.0.5-2008 reference those its statement of responsibility names; its
    title is what stands between the head and the statement when the labeller read another."""
    out = []
    for c in parsed.citations:
        c = _unmasked(c, text, masked)
        head = next(((p, t, e) for at, p, t, e in heads if c.start <= at < c.end), None)
        if head and head[0] and c.kind in ("book", "article", "chapter", "other"):
            people, title, end = head
            fields = _gost_2008_fields(text, end)
            if c.kind == "other" and not fields:
                out.append(c)
                continue
            if (fields.get("kind") == "article" and c.kind == "book") or (c.volume and c.volume == fields.get("year")):
                c = c.with_(volume=None)  # "– 2001. – № 5": the year, not a volume
            c = c.with_(authors=people, title=c.title if c.title and title.startswith(c.title) else title,
                        short_form=False if fields else c.short_form,
                        **{k: v for k, v in fields.items() if v})
        out.append(c)
    return ParsedNote(tuple(out), parsed.slips)


# a translation in brackets right after a quoted title ("“Fenomen Yel’tsina” (The Yeltsin
# phenomenon), Moskovskiye novosti"), or after a periodical's name before its number or date
# ("Problemy Dal'nego Vostoka (Far Eastern Affairs), no. 6"): capitalised words, no digit
_TITLE_GLOSS = rx.compile(r"(?<=[”\"])\s(\([A-Z][^()\d\[\]]{2,160}(?:\[[^()\[\]\d]{1,80}\][^()\d\[\]]{0,80})?\))(?=,\s?[^\W\d_]|\sin\s)")
_PERIODICAL_GLOSS = rx.compile(r"(?:(?<=[^\W\d_])|(?<=[^\W\d_]['’]))\s(\([A-Z][^()\d]{2,80}\))(?=,\s(?:no\.|vol\.|[A-Z][a-z]{2,8}\.?\s\d))")
# the quoted title of a piece, then the periodical's name (and perhaps the title's own translation)
_QUOTED_TITLE_BEFORE = rx.compile(r"[”\"],?(?:\s\([^()]{2,160}\))?,?\s(?:[^()”\".]|\.(?!\s)){2,60}$")
# a bracket that holds an imprint, not a translation ("(Moscow: Nauka)", "(London, Verso)")
_BRACKETED_PLACE = rx.compile(r"\(([^\W\d_][^\s:,]*(?:\s[^\W\d_][^\s:,]*)?)\s?[:,]")


def _glosses_masked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """TEXT with the translations in brackets after quoted titles and periodicals' names
    blanked (spaces: every offset stays the same), and where they stand. The labeller reads
    "“Title,” Journal, date" well, and reads the same with a translation between as an
    imprint or a date; the translations go back on the titles after reading."""
    spans: list[tuple[int, int]] = []
    found = [*_TITLE_GLOSS.finditer(text), *_PERIODICAL_GLOSS.finditer(text)]
    if not found:  # (most notes with brackets: no need for the glosses and the cities)
        return text, spans
    cities = lexicon()["city"]
    defined = {(g.start, g.end) for g in glosses(text)}
    for m in found:
        a, b = m.span(1)
        if (a, b) in defined:
            continue  # "(hereafter DS)" defines an abbreviation
        place = _BRACKETED_PLACE.match(text, a)
        if (place and place.group(1).lower() in cities) or text[a + 1 : b - 1].split()[0].lower() in cities:
            continue  # a place ("(Moscow: Nauka)", "(Smolensk)"), not a translation
        if m.re is _PERIODICAL_GLOSS and not _QUOTED_TITLE_BEFORE.search(text, max(0, a - 90), a):
            continue  # a periodical's, after the title of the piece in it ("to Rhoads (National Archives)")
        spans.append((a, b))
    if not spans:
        return text, spans
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars), sorted(spans)


def _glosses_restored(parsed: ParsedNote, text: str, masked: str, spans: list[tuple[int, int]]) -> ParsedNote:
    """PARSED, read from MASKED, with each citation's raw text as TEXT writes it, and the
    translation after its title as the title's translation."""
    out = []
    for c in parsed.citations:
        c = _unmasked(c, text, masked)
        inside = [(a, b) for a, b in spans if c.start <= a < c.end]
        if inside and c.title and not c.title_translated and c.kind in ("book", "article", "chapter", "other"):
            a, b = inside[0]
            if text.rfind(c.title, c.start, a) >= 0:
                c = c.with_(title_translated=text[a + 1 : b - 1].strip())
        out.append(c)
    return ParsedNote(tuple(out), parsed.slips)


def _parse_unkeyed(text: str, registry: Registry, labeller: Labeller) -> ParsedNote:
    if " / " in text and "," in text:
        masked, heads = _gost_2008_masked(text)
        if heads:
            return _as_written(_parse_unkeyed(masked, registry, labeller), text, masked, heads)
    if " (" in text and ("), " in text or ") in " in text):
        masked, spans = _glosses_masked(text)
        if spans:
            return _glosses_restored(_parse_unkeyed(masked, registry, labeller), text, masked, spans)
    seq = note_sequence(text, registry)
    quick = _without_words(seq)
    if quick is not None:
        if not quick.citations and "/" in text:  # "711.90/3–1448": a FRUS document's source note
            return ParsedNote(tuple(read_state_department_files(text, registry)), quick.slips)
        return quick
    labels = labeller.label(seq)
    citations = _inside_commentary(seq, _cut_at_semicolons(seq, assemble(seq, labels), registry, labeller),
                                   registry, labeller)
    if ")" in text:
        citations = _whole_brackets(text, citations)
    citations = _with_personal(text, citations)
    if _AUTHOR_DATE_HINT.search(text) or ("[" in text and _SQUARE_HINT.search(text)):
        citations = _with_author_dates(seq, citations, registry, labeller)
    abbreviated, dated = _abbreviation_hint(text), holds_date(text)
    short = (not citations or ";" in text) and _SHORT_FORM_HINT.search(text)
    if abbreviated or dated or short:  # (most notes have none: no second pass over their clauses)
        spans = split_segments(text)
        if abbreviated:
            citations = _fill_clauses(citations, spans, lambda a, b: _read_abbreviated(text, a, b, registry))
        if dated:
            found = citations
            citations = _fill_clauses(citations, spans, lambda a, b: read_periodical(text, a, b)
                                      or _unplaced_document(text, a, b, found))
            # a periodical the labeller read as a book with no imprint ("Sanobar Shermatova, "The
            # Secret War …", Moscow News, 8 August 2000."; "Аргументы и факты. 1988. № 20. С. 8.")
            citations = _fill_clauses(citations, spans, lambda a, b: read_periodical(text, a, b),
                                      holds=lambda c: not _imprintless_book(c))
            if _SENTENCE_BREAK.search(text):
                # a periodical in a sentence of its own, before or after one that cites a work
                citations = _fill_clauses(citations, _sentences(text, spans), lambda a, b: read_periodical(text, a, b))
        if short and not citations:
            citations = _fill_clauses(citations, spans, lambda a, b: _read_short_form(text, a, b, registry))
        elif short and ";" in text:
            # "Wright, 22; Paléologue, 764.": each clause that is an author and pages, in place of
            # a reading that names no author (a periodical "Wright") or where nothing was read
            citations = _fill_clauses(citations, spans, lambda a, b: _author_and_pages(text, a, b, registry),
                                      holds=lambda c: bool(c.authors))
    if not citations and _PAGES_THEN_SENTENCE.search(text):
        # "Dobrovol’s’kyi, OUN na Donechchyni, 226. In addition, she continued, …": a short
        # form in a sentence of its own before (or after) commentary, where nothing was read
        citations = _fill_clauses(citations, _sentences(text, split_segments(text)),
                                  lambda a, b: _read_short_form(text, a, b, registry))
    if citations and _SENTENCE_NAME_PAGES.search(text):
        # "RGASPI 558.11.1549.40, Nadya to Keke … 1932. Larina, pp. 65, 142.": a sentence that
        # is an author and pages, after another reference or commentary
        citations = _fill_clauses(citations, _sentences(text, split_segments(text)),
                                  lambda a, b: _author_and_pages(text, a, b, registry))
    if _NAME_PAGES_HINT.search(text):
        # "Wonlar-Larsky pp 172-3; in Russian, …", "Mossolov p. 12.": a family name and pages
        citations = _fill_clauses(citations, split_segments(text),
                                  lambda a, b: _name_then_pages(text, a, b, registry),
                                  holds=lambda c: bool(c.authors or c.container or c.year or c.publisher
                                                       or c.kind in ("archival", "ibid", "op_cit")))
    if _SHORT_FORM_HINT.search(text):
        # "…, April 5, 1947. Also Steel, Walter Lippmann, 441.": a short form in the last
        # sentence of a note, after a reference or a sentence of commentary
        citations = _last_sentence_short_form(text, citations, registry)
    if _DOTTED_HINT.search(text):
        citations = _dotted_short_forms(text, citations, registry)
    if ":" in text and _KEYED_HINT.search(text):
        citations = _keyed_sources(text, citations, registry)
    if not citations and ("/" in text or "http" in text or "www." in text):  # (what a URL token needs)
        citations = _url_alone(seq)
    if not citations and _GOST_NAME_HINT.match(text):
        citations = _gost_imprintless(text)
    if not citations and ", " in text:
        citations = [c for c in [read_unknown_paper(text, registry)] if c is not None]
    if _CROSS_HINT.search(text) or _SERIES_CROSS_HINT.search(text):
        citations = _with_cross_references(text, citations)
    if "this volume" in text:
        citations = _in_this_volume(text, citations)
    if ";" in text:
        citations = _locator_clauses(text, citations)
        citations = _short_forms_in_a_list(text, citations)
    citations = _elliptical_locators(citations)
    if ", p" in text or ", с" in text or ", С" in text:
        citations = _pages_for_titles(text, citations, registry)
    if "(ed" in text or "(ред" in text:
        citations = [_editor_out_of_title(c) for c in citations]
    if ", " in text and ("(" in text or ", trans" in text or ", ed" in text):
        citations = _titles_before_authors(text, citations)
    if ("ox" in text or "older" in text or "arton" in text) and _BOXES_READ_LATE.search(text):
        citations = _with_papers_named_last(text, citations, registry)
    if "/" in text or "ot " in text:
        citations = _in_place_of(citations, read_state_department_files(text, registry))
    if "Decimal File" in text:
        citations = _in_place_of(citations, read_decimal_files(text))
    if "uoted by " in text:
        citations = _in_place_of(citations, _quoted_by(text))
    if _ACRONYM_HINT.search(text):
        citations = _with_acronyms_named_last(text, citations, registry)
    if _PRINTED_IN.search(text):
        citations = _with_printed_documents(text, citations, registry)
    if _IDEM_HINT.search(text):
        citations = _idem(citations)
    citations = _archives_are_no_titles(citations, registry)
    citations = _with_bare_leaves(text, citations)
    if ", д. " in text or ", d. " in text:
        citations = _further_files_of_ibid(text, citations)
    citations = _renamed_archives(text, citations, registry)
    if _NARA_FILES.search(text):
        citations = _nara_by_its_files(text, citations)
    citations = _named_twice(text, citations)
    citations = _titled_documents_of_units(text, citations)
    if "” (" in text or '" (' in text:
        citations = [_glossed_quoted_title(c) for c in citations]
    if "’s " in text or "'s " in text or " in his " in text or " in her " in text:
        citations = _possessive_authors(text, citations)
    citations = [_name_inside_title(_surname_for_title(_title_word_not_author(c))) for c in citations]
    if " and " in text or " & " in text:
        citations = [_authors_of_a_list(text, c) for c in citations]
    if "(with " in text:
        citations = [_with_a_coauthor(c) for c in citations]
    if _INSTITUTION_HINT.search(text):
        citations = [_institution_not_person(c) for c in citations]
    if "ch" in text or "гл." in text:
        citations = [_chapter_out_of_title(c) for c in citations]
    if " кн." in text or " сб." in text:
        citations = [_in_a_book(text, c) for c in citations]
    if _GOST_NAME_HINT.search(text):
        citations = [_gost_authors(c) for c in citations]
    if "entry" in text:
        citations = _diary_entries(text, citations)
    if _UNPUBLISHED_HINT.search(text):
        citations = [_unpublished(c) for c in citations]
    if (" doc" in text or " Doc" in text) and ("U.N." in text or "UN " in text or "United Nations" in text):
        citations = _in_place_of(citations, _un_documents(text))
    if LEGAL_HINT.search(text):
        citations = _laws_in_place(citations, find_legal(text))
    if " v. " in text:
        citations = [_a_case(c) for c in citations]
    if _PERIODICAL_LAST_WORD.search(text):
        citations = [_periodical_by_its_name(c) for c in citations]
    if _PLACE_YEAR_HINT.search(text):
        citations = _gost_heads_of_places(text, citations)
        citations = [_series_not_person(c) for c in citations]
    citations = [_pages_cleaned(_year_left_in_the_raw(_imprint_in_title(_author_after_by(_op_cit_by_title(c)))))
                 for c in citations]
    # (after the readers that give titles the words the labeller left out)
    citations = [c for c in citations if not _a_person_identified(c)]
    if "http" in text or "www." in text:
        citations = _links_to_their_works(text, citations)
    if "“" in text or '"' in text or "«" in text:
        citations = [_quoted_title_after_its_body(c) for c in citations]
    slips = [Slip("shelfmark-typo", "warning", t) for s in seq.shelfmarks for t in s.typos]
    unread = _unparsed(text, citations)
    if unread:
        citations, unread, fragments = _place_unread(text, citations, unread)
        for raw in fragments:
            slips.append(Slip("citation-unparsed", "warning",
                              f"part of a reference was not read: {_short(raw)}"))
    for c in unread:
        if not _CROSS_REFERENCE.search(c.raw):
            slips.append(Slip("citation-unparsed", "warning",
                              f"text that reads like a reference was not parsed: {_short(c.raw)}"))
    if unread:
        citations = sorted([*citations, *unread], key=lambda c: c.start)
    return ParsedNote(tuple(citations), tuple(slips))


# a title that is only an op. cit.'s words, in the back-reference reader's forms: what the
# labeller, trained on Russian and English notes, makes of the Ukrainian "Указ. праця"
# ("Серков А. Указ. праця. — С. 208.")
_OP_CIT_TITLE = rx.compile(rf"{OPCIT}\.?")


# what no book or article is (the eval's "other": unpublished documents, laws): a manuscript,
# typescript or mimeographed paper ("Dearing, unpublished MS memoirs, 88."; "…, mimeo, October
# 2004"; "“Vospominaniia o Van Mine” (manuscript), 66"), an oral history or the author's
# interview ("Moos, oral history interview, p. 18"; "inter- view by author", broken at a line's
# end), a statute by the volume and page of the Statutes at Large ("64 Stat. 798")
_UNPUBLISHED = rx.compile(
    r"\b(?:(?:unpublished|untitled)\s(?:(?:MS|TS|typescript|manuscript)\s)?(?:MS|TS|typescript|manuscript|memoirs?|diary|paper)"
    r"|mimeo(?:graph(?:ed)?)?|oral\shistory\sinterview|inter-?\s?view\sby\s(?:the\s)?author)\b"
    r"|\((?:manuscript|typescript|unpublished)\)")
_STATUTE = rx.compile(r"\d{1,3}\sStat\.?\s\d{1,5}")
_UNPUBLISHED_HINT = rx.compile(f"{_UNPUBLISHED.pattern}|{_STATUTE.pattern}")  # (either, anywhere in the note)


# a periodical's name by its last word, before its volume ("Department of State Bulletin, Vol.
# XXII, 1950, pp. 111–18"; "Soviet Studies, vol. 12, no. 3, 1961, p. 40"). Narrower than the
# lexicon's journal words (which hold "FRUS", a series of books) and than
# periodicals.PERIODICAL_WORDS (newspapers' words, in any position)
_PERIODICAL_NAME_ENDS = r"(?:Journal|Review|Quarterly|Bulletin|Gazette|Herald|Magazine|Newsletter|Tribune|Monitor|Survey|Studies|Affairs)"
_PERIODICAL_LAST_WORD = rx.compile(rf"\b{_PERIODICAL_NAME_ENDS},\s(?:[Vv]ol|[Nn]o)")
_PERIODICAL_NAME = rx.compile(rf"\b{_PERIODICAL_NAME_ENDS}$")


def _periodical_by_its_name(c: Citation) -> Citation:
    """A "book" with no author, editor or imprint whose title is a periodical's name, with its
    volume or issue and a year or pages: an article in that periodical."""
    if c.kind != "book" or not c.title or c.authors or c.editors or c.publisher or c.city or c.container \
            or not (c.volume or c.issue) or not (c.year or c.pages):
        return c
    if _PERIODICAL_NAME.search(c.title) is None:
        return c
    return c.with_(kind="article", container=c.title, title=None, short_form=False)


# a place read as an author before its year, the book's author and title before it left as
# commentary (a GOST reference in a Western language, which the labeller has seen little of):
# "Viñas Á. El escudo de la República. Barcelona, 2007. P.514."; "Largo Caballero F. Escritos
# de la Republica. Madrid, 1985. P.XXIV."
_PLACE_YEAR = rx.compile(r"(?P<place>[^\W\d_][^\W\d_’'-]*),\s(?P<year>1[5-9]\d\d|20[0-3]\d)\b")
# whether a note holds one: the same strings, the comma first (the engine then skips to the
# next comma at once, where _PLACE_YEAR reads every word of the note before failing)
_PLACE_YEAR_HINT = rx.compile(r",(?<=[^\W\d_],)\s(?:1[5-9]\d\d|20[0-3]\d)\b")
_GOST_HEAD = rx.compile(
    r"(?P<family>(?=[A-ZÀ-ÞА-ЯЁ])[^\W\d_][^\W\d_’'-]+(?:\s(?=[A-ZÀ-ÞА-ЯЁ])[^\W\d_][^\W\d_’'-]+)?)"
    r"\s(?P<given>(?=[A-ZÀ-ÞА-ЯЁ])[^\W\d_]\.(?:\s?(?=[A-ZÀ-ÞА-ЯЁ])[^\W\d_]\.)?)"
    r"\s(?P<title>(?=[«\"“A-ZÀ-ÞА-ЯЁ])[^\d;]{3,250}?)\.\s")


def _gost_heads_of_places(text: str, citations: list[Citation]) -> list[Citation]:
    """A "book" that is only a place, its year and pages, after a GOST author and title the
    labeller left out: the whole reference, the place its city."""
    out: list[Citation] = []
    for c in citations:
        place = c.authors[0].family if len(c.authors) == 1 and not c.authors[0].given else None
        m = _PLACE_YEAR.match(c.raw) if c.kind == "book" and place and not c.title else None
        if m is None or m.group("place") != place or c.city or c.publisher:
            out.append(c)
            continue
        since = out[-1].end if out else 0
        before = text[since : c.start]
        head = _GOST_HEAD.search(before)
        if head is None or head.end() != len(before) or before[: head.start()].strip(" ;:—-"):
            out.append(c)
            continue
        start = since + head.start()
        out.append(c.with_(raw=text[start : c.end], start=start, authors=(Person(head.group("family"), head.group("given")),),
                           title=head.group("title"), city=place, year=c.year or m.group("year"), short_form=False))
    return out


# the title of a series of documents read as a person before its year ("Federal Register, 1955,
# p.1237"; "Foreign Relations, 1948, vol. i"): no given name and no initial, a word for
# documents last
_DOCUMENT_SERIES = rx.compile(
    r"(?:Register|Relations|Documents|Papers|Records|Reports?|Proceedings|Debates|Hearings|Statutes|Treaties"
    r"|Yearbook|Digest|Chronicle|Archives)")


def _series_not_person(c: Citation) -> Citation:
    """A titleless book whose one "author" is a series' title ("Federal Register"): the title."""
    if c.kind != "book" or c.title or len(c.authors) != 1 or c.editors:
        return c
    person = c.authors[0]
    given = person.given or ""
    if not given or "." in given or given.casefold() in given_names() or not given[:1].isupper() \
            or _DOCUMENT_SERIES.fullmatch(person.family) is None:
        return c
    written = f"{given} {person.family}"
    if not c.raw.startswith(written + ","):
        return c
    return c.with_(authors=(), title=written, short_form=False)


def _unpublished(c: Citation) -> Citation:
    """C as an ``other`` where it is an unpublished document, an interview or a statute."""
    if c.kind not in ("book", "article", "chapter"):
        return c
    if _UNPUBLISHED.search(c.raw) or _STATUTE.fullmatch(c.raw.rstrip(". ")):
        return c.with_(kind="other", short_form=False)
    return c


def _laws_in_place(found: list[Citation], laws: list[Citation]) -> list[Citation]:
    """FOUND with each of LAWS (refcli.parsers.legal) in place of the citations it overlaps
    ("75 Stat. 86" read as a book's title, "United States Treaties and Other International
    Agreements (UST), vol. 3" as a book), unless one of them is a shelfmark, a back-reference or
    a work with an imprint or a container (a law printed in a book stays that book)."""
    out = found
    for law in laws:
        inside = [c for c in out if c.start < law.end and law.start < c.end]
        if any(c.kind in ("archival", "ibid", "op_cit") or c.city or c.publisher or c.container
               for c in inside):
            continue
        out = sorted([*(c for c in out if c not in inside), law], key=lambda c: c.start)
    return out


def _a_case(c: Citation) -> Citation:
    """C as an ``other`` where it is a court case by its parties and nothing publishes it
    ("South China Sea Arbitration (Phil. v. China), Case No. 2013-19, Award (Perm. Ct. Arb.
    2016)"); a book about a case has its imprint."""
    if c.kind not in ("book", "article") or c.container or not CASE_NAME.search(c.title or ""):
        return c
    if (c.city or c.publisher) and "Case No" not in c.raw:
        return c  # (a docket number is no book's: "(Perm. Ct. Arb. 2016)" is the court, not an imprint)
    return c.with_(kind="other", authors=(), city=None, publisher=None, short_form=False)


# a United Nations document by its symbol ("see U.N. doc. A/PV.869"; "U.N. doc. A/RES/290(IV),
# December 1, 1949"; "UN Doc. S/INF/15"): an unpublished document, the eval's "other", the symbol
# its title. The symbol: the organ's letter(s), then parts joined by "/", a session's roman
# numeral in brackets after it ("A/RES/1474 (ES-IV)")
_UN_DOCUMENT = rx.compile(
    r"(?:U\.\s?N\.|UN|United\sNations)\s[Dd]oc(?:ument)?s?\.?\s"
    r"(?P<symbol>[A-Z]{1,3}(?:/[A-Za-z0-9\-]{1,12}(?:\.[A-Za-z0-9\-]{1,12}){0,3}){1,6}(?:\s?\((?:[A-Z]{1,2}-)?[IVXLC]{1,6}\))?)"
    rf"(?:,\s(?P<date>{DATE}))?")


def _un_documents(text: str) -> list[Citation]:
    return [Citation(kind="other", raw=m.group(), title=m.group("symbol"), date=m.group("date"),
                     start=m.start(), end=m.end())
            for m in _UN_DOCUMENT.finditer(text)]


def _op_cit_by_title(c: Citation) -> Citation:
    """A short form whose title is only the words for "the work cited" is an op. cit. of the
    author's earlier work."""
    if c.kind != "book" or not c.title or _OP_CIT_TITLE.fullmatch(c.title.strip()) is None:
        return c
    return c.with_(kind="op_cit", title=None, short_form=False)


# a year the labeller left in the raw unread: after a city or a publisher, in brackets, after
# a GOST dash ("Буэнос-Айрес, 1922, с. 10", "[Hong Kong: Union Research Institute, 1968], 445",
# "— Театр, 1946, № 7-8"); never a page or a number, a day's date ("25 April 1968", "Dec. 6,
# 1954": a document's or an entry's date, not its publication), the year of a series' volume, a
# year inside the title, or a year before a volume or a document number (a journal's issue
# after its year is read: "Театр, 1946, № 7-8")
_YEAR_IN_RAW = rx.compile(r"(?<![\d/.:–-])(1[5-9]\d\d|20[0-3]\d)(?:\s?[-–/]\s?(?:1[5-9]\d\d|20[0-3]\d|\d\d))?(?!\d)")
_NUMBER_BEFORE = rx.compile(r"(?:pp?|[СсS]|no|№|nos|vol|[тТ])\.?\s*$", re.IGNORECASE)
_DATE_BEFORE = rx.compile(
    r"(?:\b\d{1,2}\s|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|янв|февр|март|апр|ма[яй]|июн|июл|авг|сент|"
    r"окт|нояб|дек)[a-zа-я]*\.?\s(?:\d{1,2},\s)?|accessed\s\w*\s?)$", re.IGNORECASE)
# a year right after a series of volumes named by its capitals ("FRUS, 1948", "PPP: JFK, 1962"):
# the volume's year
_SERIES_BEFORE = rx.compile(r"\b[A-Z]{3,}(?::\s[A-Z]{2,})?,?\s$")
_NUMBER_AFTER = rx.compile(r"\s*(?:,\s*)?(?:vol|т\.|document)", re.IGNORECASE)


# an imprint the labeller left at a title's end. After a GOST dash: ". – City : Publisher, Year"
# ("Записки. – Новосибирск, 2003", "На ростанях айчыннай гісторыі. – Мн., 1999"). In the British
# form, after the number of volumes a work has: ", City, Year" with a city it did not know
# ("Imperator Aleksandr pervyi , 4 vols., SPB, 1897", "Memoires du General Bennigsen, 3 vols.,
# Paris, n.d."), or ", City" alone before the year it did read ("Istoriia kavalergardov, SPB")
_GOST_IMPRINT_TAIL = rx.compile(rf"{_GOST_IMPRINT}\.?$")
_BRITISH_CITY = (
    r"\s*,\s*(?:(?:\d{1,2}|[IVX]{1,4})\s+vols?\.\s*,\s*)?"
    r"(?P<city>(?!(?:Series|Ser|Part|Pt|Book|Vol|Volume|No|Nos|Number|Section|Chapter)\b)"
    r"[A-Z][A-Za-z'’-]*\.?(?:\s(?:am|on|upon|de|sur)?\s?[A-Z][A-Za-z'’-]*\.?)?)")
_BRITISH_IMPRINT_TAIL = rx.compile(_BRITISH_CITY + r"\s*,\s*(?P<year>1[5-9]\d\d|20[0-3]\d|n\.\s?d\.?)$")
_BRITISH_CITY_TAIL = rx.compile(_BRITISH_CITY + "$")


def _imprint_in_title(c: Citation) -> Citation:
    """A book whose title ends with an imprint (see above) has that imprint: the city, the
    publisher and the year leave the title, and it is no short form."""
    if c.kind != "book" or not c.title or c.city or "," not in c.title:
        return c
    m = _GOST_IMPRINT_TAIL.search(c.title) if " – " in c.title or " — " in c.title else None
    gost = m is not None
    if m is None and c.year and (at := c.raw.find(c.title)) >= 0 and (
            c.raw[at + len(c.title):].lstrip(" ,").startswith(c.year)):
        m = _BRITISH_CITY_TAIL.search(c.title)
    if m is None:
        m = _BRITISH_IMPRINT_TAIL.search(c.title)
    if m is None or m.start() < 3:
        return c
    year = m.groupdict().get("year")
    if not gost and year and c.year and c.year != year[:4]:
        return c  # a year read elsewhere: the title's last words are no imprint
    publisher = (m.groupdict().get("publisher") or "").strip() or None
    return c.with_(title=c.title[: m.start()].rstrip(" .,"), city=city_name(m.group("city"), english=not gost),
                   publisher=c.publisher or publisher,
                   year=c.year or ("n.d." if year and year[0] == "n" else year), short_form=False)


# "On the Track of Unknown Animals by Bernard Heuvelmans", "The State in Russia—Old and New,
# by Leon Trotzky": a title that ends with its author after "by" (an older English form)
_BY_AUTHOR = rx.compile(r",?\sby\s(?P<name>(?:[A-Z][a-z'’\-]+\.?\s|[A-Z]\.\s?){1,3}[A-Z][a-z'’\-]+)$")
# words that open a name "by" leads to in a title that is no author ("Judges Appointed by
# President Kennedy", "a Speech by General Marshall")
_BY_RANK = frozenset({"President", "General", "Secretary", "Ambassador", "Senator", "Minister", "Premier",
                      "Chairman", "Governor", "Admiral", "Colonel", "Captain", "King", "Queen", "Prince",
                      "Pope", "Emperor", "Marshal", "Commander", "Mr", "Mrs", "The"})


def _author_after_by(c: Citation) -> Citation:
    """A work with no author whose title ends "by Given Family" is that person's work."""
    if c.authors or c.editors or c.kind not in ("book", "article") or not c.title or " by " not in c.title:
        return c
    m = _BY_AUTHOR.search(c.title)
    if m is None or m.start() == 0 or m.group("name").split()[0].rstrip(".") in _BY_RANK:
        return c
    people = parse_people(m.group("name")).persons
    if not people:
        return c
    return c.with_(authors=people, title=c.title[: m.start()].strip(" ,"))


def _year_left_in_the_raw(c: Citation) -> Citation:
    """A work without a year whose raw holds one where an imprint gives it: the last such."""
    if c.year or c.kind not in ("book", "article", "chapter") or "http" in c.raw:
        return c
    raw, title = c.raw, c.title or ""
    at = raw.find(title) if title else -1
    year = None
    for m in _YEAR_IN_RAW.finditer(raw):
        if ((0 <= at <= m.start() < at + len(title)) or _NUMBER_BEFORE.search(raw, max(0, m.start() - 6), m.start())
                or _DATE_BEFORE.search(raw, max(0, m.start() - 20), m.start())
                or _SERIES_BEFORE.search(raw, max(0, m.start() - 20), m.start())
                or _NUMBER_AFTER.match(raw, m.end())):
            continue
        year = m.group(1)
    return c.with_(year=year) if year else c


# the cited pages as the labeller read them, with what is not a page: a volume before a colon
# ("Patouillet, 1:72–3"), a volume or series number before them ("vol. 1, 329"), a year ("PPP:
# JFK, 1962, 292-306"), or words after them ("576, прим.*", "1, col. 7", "200–8, inc. Nikolaev");
# of a range and the pages stressed in it, the stressed ones
_VOLUME_COLON = rx.compile(r"(\d{1,2}):\s?(\d.*)")
_LEVEL_BEFORE = rx.compile(r"(?<![^\W\d_])(?:vols?|ser|series|book|pt|part|[тТ]|[кК]н|[вВ]ып)\.?\s?$", re.IGNORECASE)
_YEAR_BEFORE_PAGES = rx.compile(r"(?:1[5-9]\d\d|20[0-3]\d),\s(?=\d)")
_WORDS_AFTER_PAGES = rx.compile(r",\s?(?:col|прим|inc|note|n|fn|примеч|сноска|citing)\b.*$", re.IGNORECASE)
# a link after the pages ("784–807, https://doi.org/10.2307/2128383"): the reference's URL
_LINK_AFTER_PAGES = rx.compile(r",?\s(https?://\S+)$")
# a bracket of words after the pages: "28949–28963 (published July 3, 1978"
_BRACKET_AFTER_PAGES = rx.compile(r"(?<=\d)\.?\s?\((?=[^\W\d_]{3})[^)]*\)?$")
# the page a note points to inside a range it gives ("439–48, esp. 445")
_ESPECIALLY = rx.compile(r"\d[\d\s,–-]*,\s?esp\.?\s(\d[\d\s,–-]*)$")


def _pages_cleaned(c: Citation) -> Citation:
    """The pages alone: a volume, series or year before them, or a word after them, goes (a
    link after them is the reference's URL)."""
    pages = c.pages
    if not pages or not pages[0].isdigit():
        return c
    volume = c.volume
    if (m := _VOLUME_COLON.fullmatch(pages)) is not None and volume in (None, m.group(1)):
        volume, pages = m.group(1), m.group(2)
    url = c.url
    if "http" in pages and (link := _LINK_AFTER_PAGES.search(pages)) is not None:
        pages, url = pages[: link.start()], url or link.group(1)
    pages = _WORDS_AFTER_PAGES.sub("", pages)
    pages = _BRACKET_AFTER_PAGES.sub("", pages)
    if (m := _ESPECIALLY.fullmatch(pages)) is not None:
        pages = m.group(1)
    if (m := _YEAR_BEFORE_PAGES.match(pages)) is not None:
        pages = pages[m.end() :]
    head, _, rest = pages.partition(", ")
    at = c.raw.find(pages)
    if rest and rest[0].isdigit() and at > 0 and _LEVEL_BEFORE.search(c.raw, max(0, at - 12), at):
        volume, pages = volume or head, rest  # "vol. 1, 329", "series 1, 93"
    if pages == c.pages and volume == c.volume:
        return c
    return c.with_(pages=pages.strip(" ,;") or None, volume=volume, url=url)


_JOIN = rx.compile(r"[\s,.;:()/—–-]*")
_ADJACENT = rx.compile(r"[\s,]{0,4}")


# a person's name: one to three capitalised words (initials included), the last the family's
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x250)) if ch.isupper()) + "А-ЯЁ"
_PNAME = rf"(?:[{_UPPER}](?:[\w.-]|[’'](?!s\b)(?=\w))*\s){{0,2}}[{_UPPER}](?:[\w-]|[’'](?!s\b)(?=\w))+"
# "Harrison Salisbury’s 900 Days": a given name, the family name, "’s", the title (capital first)
_POSSESSOR_TITLE = rx.compile(rf"(?P<name>{_PNAME})[’']s\s(?P<rest>[\d“\"«]?[^\W\d_]?.*)", re.DOTALL)
# "Dubček’s comments on this matter in Hope Dies Last": small words, then "in" and the title
_WORDS_THEN_IN = rx.compile(r"[a-z][a-z ,]{0,60}?\bin\s(?:(?:his|her|their)\s)?(?=[\d“\"«A-Z])")
# "… Amy Knight’s excellent reconstruction in her Who Killed Kirov?", "… comments of Jiří
# Hájek, who served …, in his Dix ans après": the person "his"/"her" points to
_WORK_WORD = r"(?:book|memoirs?|study|article|essay|diary|account)"
_IN_HIS_HER = rx.compile(rf"\bin\s(?:his|her|their)\s(?:{_WORK_WORD},?\s)?$")
# the pronoun and the word for the work, which the labeller may take for an author's name
_PRONOUN_AND_WORK = rx.compile(rf"(?:his|her|their)\s{_WORK_WORD},?\s")
# a person, given name first, then a verb ("Abigail McCarthy describes")
_NO_GIVEN_NAME = frozenset(["The", "This", "That", "These", "Those", "His", "Her", "Its", "Their", "Our", "One", "Another"])
_SUBJECT = rx.compile(rf"(?<![\w’'])(?P<name>(?P<given>[{_UPPER}][a-z]+)\s(?:[{_UPPER}]\.\s)?[{_UPPER}][\w’'-]+)\s[a-z]+s\b")
_POSSESSOR = rx.compile(rf"(?<![\w’'])(?:(?P<a>{_PNAME})[’']s\s|of\s(?P<b>{_PNAME})(?=[\s,]))")


# "DDE, entry for July 24, 1953, in Diaries, p. 246.", "Hagerty, Jan. 18, 1955, entry in Diary,
# p. 164.", "Lockhart, diary entry of 3 March 1918, in The Diaries of …, vol. 1, p. 33."
_DIARY_ENTRY = rx.compile(
    rf"(?<![\w’'])(?P<name>{_PNAME}),\s(?:(?P<d1>[^;:()]{{3,25}}?\d{{4}}),\s)?(?:diary\s)?entry"
    rf"(?:\s(?:for|of)\s(?P<d2>[^;:()]{{3,25}}?\d{{4}}),?)?\sin\s(?P<title>[^,;:()]{{2,120}}?)\s?,\s"
    rf"(?:vol\.\s?(?P<vol>[\dIVXL]{{1,5}}),\s)?pp?\.\s?(?P<pages>\d+(?:\s?[-–]\s?\d+)?)")


def _diary_entries(text: str, found: list[Citation]) -> list[Citation]:
    """An entry of a published diary, its writer first: a book by the writer, titled as the
    diary is, with the entry's date (the labeller read the diary's title as a name)."""
    out = list(found)
    for m in _DIARY_ENTRY.finditer(text):
        over = [c for c in out if c.start < m.end() and m.start() < c.end]
        if any(c.kind in ("archival", "ibid", "op_cit") for c in over):
            continue
        person = _person(m.group("name"))
        if person is None:
            continue
        entry = Citation(kind="book", raw=m.group(), authors=(person,), title=m.group("title"),
                         volume=m.group("vol"), pages=_DASH.sub("-", m.group("pages")),
                         date=(m.group("d1") or m.group("d2")), short_form=True,
                         start=m.start(), end=m.end())
        out = sorted([c for c in out if c not in over] + [entry], key=lambda c: c.start)
    return out


_NAME_OF = frozenset(["of", "and", "the", "to", "for", "from", "about", "on", "with", "by", "&"])
_LEADS_TO_NAME = frozenset(["by", "from", "in", "see"])
_NAME_AT_END = rx.compile(rf"(?<!\S)(?:{_PNAME})$")
_TITLE_START = rx.compile(rf"[\d“\"«{_UPPER}]")


def _name_inside_title(c: Citation) -> Citation:
    """A title the labeller ran from the phrase a note is keyed to over the author's name:
    "Guns had been important Chris Bellamy, Red God of War: Soviet Artillery …" is
    Bellamy's "Red God of War: …"; so is a title that opens with the name ("Hedley Bull, The
    Anarchical Society") or a quotation before it ("‘Then in 911 Oleg set off …’, G.
    Vernadsky, Kievan Rus"), whose raw then starts at the name. Only where the name opens
    with a known given name or initials, at one of the title's first commas, and the phrase
    before it, if any, has words in small letters."""
    if c.kind not in ("book", "article", "chapter") or c.authors or not c.title:
        return c
    pos = 0
    for _ in range(3):
        comma = c.title.find(", ", pos)
        if comma < 0:
            return c
        pos = comma + 2
        if not _TITLE_START.match(c.title, comma + 2) or c.title[comma + 2].isdigit():
            continue
        m = _NAME_AT_END.search(c.title, max(0, comma - 60), comma)
        if m is None:
            continue
        key = c.title[: m.start()]
        # commentary in small letters that leads to the name ("the arguments by Hedley Bull,
        # The Anarchical Society"): no title, whatever its last word
        lead = bool(key) and key[0].islower() and key.split()[-1].casefold() in _LEADS_TO_NAME
        if key and not lead and (not any(ch.islower() for ch in key) or key.rstrip().endswith(":")
                                 or key.split()[-1].casefold() in _NAME_OF):
            continue  # ("Memoirs of John Smith, The Early Years" is a title)
        person = _person(m.group())
        if person is None or not person.given or not _given_or_initials(person.given):
            continue
        found = c.with_(authors=(person,), title=c.title[comma + 2 :])
        if lead or key.rstrip().endswith(("’,", "”,", "',", '",')):  # a quotation before the reference
            at = c.raw.find(m.group())
            if at > 0:
                found = found.with_(start=c.start + at, raw=c.raw[at:])
        return found
    return c


def _given_or_initials(given: str) -> bool:
    first = given.split()[0]
    return first.casefold() in given_names() or bool(re.fullmatch(rf"[{_UPPER}]\.", first))


# a person in a list of authors: a given name or initials first ("Leo Huberman", "Paul W.
# Sweezy", "Paco Ignacio Taibo II"), the family name last
_LISTED = rf"[{_UPPER}][\w'’-]*\.?(?:\s[{_UPPER}][\w'’-]*\.?){{1,3}}(?:\s(?:II|III|Jr\.))?"
_LIST_BEFORE = rx.compile(rf"(?:^|(?<=[.;:(]\s)|(?<=\b[Ii]n\s)|(?<=\b[Ss]ee\s)|(?<=\bby\s))"
                          rf"(?P<names>{_LISTED}(?:,\s{_LISTED}){{0,4}}),?\s(?:and|&)\s$")
_LIST_IN_TITLE = rx.compile(rf"(?P<names>{_LISTED}(?:,\s{_LISTED}){{0,3}},?\s(?:and|&)\s{_LISTED}),\s(?=[^\W\d_])")


def _authors_of_a_list(text: str, c: Citation) -> Citation:
    """Every author of "Leo Huberman and Paul W. Sweezy, Cuba: …" (the labeller began the
    authors at the last) and of "Froilan Escobar, Félix Guerra, and Paco Ignacio Taibo II, El
    año …" (it read the first and left the others in the title): each person a known given
    name or initials first, so that a title's words are never taken."""
    if c.kind not in ("book", "article", "chapter") or not c.authors:
        return c
    before = _LIST_BEFORE.search(text, max(0, c.start - 160), c.start)
    if before is not None and (people := _listed(before.group("names"))):
        return c.with_(authors=people + c.authors, start=before.start(), raw=text[before.start() : c.end])
    if c.title and len(c.authors) == 1 and text.find(c.title, c.start) > c.start:
        m = _LIST_IN_TITLE.match(c.title)
        if m is not None and m.end() < len(c.title) and (people := _listed(m.group("names"), one_known=True)):
            return c.with_(authors=c.authors + people, title=c.title[m.end():])
    return c


# a body cited as an author: "Church Committee", "Warren Commission", "Joint Chiefs of Staff"
_INSTITUTION_WORDS = frozenset(["Committee", "Commission", "Council", "Office", "Department", "Ministry",
                                "Agency", "Bureau", "Board", "Institute", "Senate", "Congress", "Staff"])
_INSTITUTION_HINT = rx.compile(r"\b(?:" + "|".join(sorted(_INSTITUTION_WORDS)) + r")\b")
_VOLUME_TITLE = rx.compile(r"(?:[Bb]ook|[Vv]ol\.?|[Vv]olume|[Pp]art|[Pp]t\.)\s(?P<n>[IVXLC]{1,6}|\d{1,3})")


def _institution_not_person(c: Citation) -> Citation:
    """"Church Committee, book IV, pp. 31–32.": a committee, a commission or an office the
    labeller read as a person (given name "Church", family name "Committee") is the work's
    name when what it read as the title is only a volume; else a body as the author, its name
    whole."""
    if c.kind not in ("book", "article", "chapter") or len(c.authors) != 1:
        return c
    person = c.authors[0]
    if person.family not in _INSTITUTION_WORDS or not person.given or "." in person.given:
        return c
    name = f"{person.given} {person.family}"
    if c.title and (m := _VOLUME_TITLE.fullmatch(c.title)) is not None and not c.volume:
        return c.with_(authors=(), title=name, volume=m.group("n"))
    return c.with_(authors=(Person(name),))


_WITH_COAUTHOR = rx.compile(rf"(?P<one>{_LISTED})\s\(with\s(?P<two>{_LISTED})\),\s")


def _with_a_coauthor(c: Citation) -> Citation:
    """"R. S. McNamara (with B. Van De Mark), In Retrospect …", "Craig Roberts Stapleton (with
    Louise French McCready), Where Liberty Dwells …": both are the book's authors, and what
    follows is its title (the labeller read the pair as a title or a document's description)."""
    if c.kind not in ("book", "article", "chapter") or c.authors or not c.title:
        return c
    m = _WITH_COAUTHOR.match(c.raw)
    if m is None:
        return c
    people = parse_people(m.group("one")).persons + parse_people(m.group("two")).persons
    if len(people) == 2 and c.title.startswith(m.group()) and len(c.title) > m.end():
        return c.with_(authors=people, title=c.title[m.end():])
    at = c.raw.find(c.title, m.end() - 1)
    if len(people) != 2 or at < 0:
        return c
    title = c.raw[m.end() : at + len(c.title)].strip(" ,")
    return c.with_(authors=people, title=title, item_title=None if c.item_title and "(with" in c.item_title
                   else c.item_title)


def _listed(names: str, one_known: bool = False) -> tuple[Person, ...]:
    """The persons of NAMES ("A B, C D, and E F"), or none when one has no known given name
    or initials first (with ONE_KNOWN, when none has)."""
    known = given_names()
    out = []
    seen_known = False
    for name in re.split(r",\s(?:and\s|&\s)?|\s(?:and|&)\s", names):
        words = name.split()
        if len(words) < 2:
            return ()
        suffix = words.pop() if words[-1] in ("II", "III", "Jr.") else None
        if family_first(words):  # "Kim Gang Il and Pak Hong Je": East Asian order
            out.append(Person(words[0], " ".join(words[1:]), suffix))
            seen_known = True
            continue
        first = words[0]
        is_known = len(first.rstrip(".")) == 1 or first.casefold() in known or _unaccented(first) in known
        if not is_known and not one_known:
            return ()
        seen_known = seen_known or is_known
        out.append(Person(words[-1], " ".join(words[:-1]), suffix))
    return tuple(out) if seen_known else ()


def _unaccented(word: str) -> str:
    """"Félix" → "felix"."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(ch))


def _person(name: str) -> Person | None:
    words = name.split()
    if not all(w[:1].isupper() for w in words):
        return None
    return Person(words[-1], " ".join(words[:-1]) or None)


def _possessive_authors(text: str, found: list[Citation]) -> list[Citation]:
    """Works named after their author's possessive, as commentary names them: "based on
    Harrison Salisbury’s 900 Days" (a given name first, so that "Stalin’s Letters to Molotov"
    stays a title), "Dubček’s comments on this matter in Hope Dies Last", "Amy Knight’s
    excellent reconstruction in her Who Killed Kirov?", "the comments of Jiří Hájek, …, in his
    Dix ans après". Only where the labeller read no author."""
    out: list[Citation] = []
    for c in found:
        if c.authors and (lead := _PRONOUN_AND_WORK.match(text, c.start)) is not None:
            # "in her book, Private Faces, …": the pronoun and the word for the work are no author
            c = c.with_(authors=(), start=lead.end())
        if c.kind not in ("book", "article", "chapter") or (c.authors and not any(
                "’s" in f"{p.given} {p.family}" or "'s" in f"{p.given} {p.family}" for p in c.authors)):
            out.append(c)
            continue
        source = c.title if c.title and not c.authors else text[c.start : c.end]
        m = _POSSESSOR_TITLE.match(source or "")
        person = _person(m.group("name")) if m else None
        if m and person is not None:
            rest = m.group("rest")
            lead = _WORDS_THEN_IN.match(rest)
            if lead and len(m.group("name").split()) == 1:
                out.append(c.with_(authors=(person,), title=_title_end(rest[lead.end():], c)))
                continue
            if person.given and person.given.split()[0].casefold() in given_names() and (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "“\"«"):
                out.extend(_possessed_works(person, rest, c))
                continue
        if not c.authors and c.title and _IN_HIS_HER.search(text, max(0, c.start - 30), c.start):
            sentence = text[_sentence_start(text, c.start) : c.start]
            # (only one person named before "his"/"her": "the comments of Boris Ilizarov on
            # Radzinsky’s hypothesis in his …" names two, and the pronoun decides nothing here)
            named = {m.group("a") or m.group("b") for m in _POSSESSOR.finditer(sentence)}
            if not named:  # "Abigail McCarthy describes … in her book, …": the one person who acts
                named = {m.group("name") for m in _SUBJECT.finditer(sentence)
                         if m.group("given").casefold() in given_names()
                         or (not sentence[: m.start()].strip() and m.group("given") not in _NO_GIVEN_NAME)}
            who = _person(named.pop()) if len(named) == 1 else None
            if who is not None:
                out.append(c.with_(authors=(who,)))
                continue
        out.append(c)
    return out


_PAGES_AT_END = rx.compile(r",\s(?:pp?\.\s)?\d[\d,\s–-]*$")


def _title_end(title: str, c: Citation) -> str:
    """TITLE without the pages the citation holds after it."""
    return _PAGES_AT_END.sub("", title).strip(" ,.") if c.pages else title.strip(" ,.")


def _possessed_works(person: Person, rest: str, c: Citation) -> list[Citation]:
    """"Harrison Salisbury’s 900 Days, John Erickson’s Road to Stalingrad": one work for each
    possessor, the pages to the last."""
    out = []
    while True:
        nxt = re.search(rf",\s(?:and\s)?({_PNAME})[’']s\s(?=[\d“\"«A-Z])", rest)
        who = _person(nxt.group(1)) if nxt else None
        if nxt is None or who is None or not who.given:
            out.append(c.with_(authors=(person,), title=_title_end(rest, c)))
            return out
        out.append(c.with_(authors=(person,), title=rest[: nxt.start()].strip(" ,"), pages=None))
        person, rest = who, rest[nxt.end():]


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


def _place_unread(text: str, found: list[Citation], unread: list[Citation]
                  ) -> tuple[list[Citation], list[Citation], list[str]]:
    """Unread clauses next to a citation belong to it: one ending in '//' right before a
    citation is its document's title; one after a fond's shelfmark and '//' is the file's
    title; any other right after an archival reference is a piece of that shelfmark the
    grammar did not take (reported, not made a citation of its own)."""
    found = list(found)
    keep: list[Citation] = []
    fragments: list[str] = []
    for u in unread:
        after = next((i for i, c in enumerate(found) if c.start >= u.end
                      and _JOIN.fullmatch(text, u.end, c.start)), None)
        before = next((c for c in reversed(found) if c.end <= u.start
                       and _JOIN.fullmatch(text, c.end, u.start)), None)
        if after is not None and text[u.start : found[after].start].rstrip().endswith(("//", "/", ":")):
            c = found[after]
            if not c.item_title:
                found[after] = c.with_(item_title=u.raw.rstrip(" /:"))
        elif (before is not None and before.kind == "archival" and before.fond
              and "//" in text[before.end : u.start] + u.raw[:3]):
            # "РГИА. Ф. 472. Оп. 40. Д. 1. Л. 5 // Title of the file. 1890": the file's title
            i = found.index(before)
            if not before.item_title:
                found[i] = before.with_(item_title=u.raw.strip(" .,/"))
        elif before is not None and before.kind == "archival":
            fragments.append(u.raw)
        else:
            keep.append(u)
    return found, keep, fragments


_NO_WORDS = rx.compile(r"[\W\d_]*")
_BARE_BACKREF = rx.compile(
    rf"[\s.,;:]*(?P<ref>{IBID},?"
    r"(?:[\s\d.,;:–—\-]|(?<![^\W\d_])(?:pp|p|ll|l|[СсЛл]|стр|об|ob|vol|[Тт])(?![^\W\d_]))*+)")


def _without_words(seq: NoteSequence) -> ParsedNote | None:
    """A note that holds nothing but shelfmarks, or a bare Ibid. with its locator
    (``Ibid., l. 102.``, ``Там же. С. 68.``), needs no labeller: the grammar and the
    back-reference rules read it whole. None for any other note."""
    text = seq.text
    pieces, pos = [], 0
    for s in seq.shelfmarks:
        pieces.append(text[pos : s.start])
        pos = s.end
    pieces.append(text[pos:])
    rest = " ".join(pieces)
    citations = [s.citation for s in seq.shelfmarks]
    if not _NO_WORDS.fullmatch(rest):
        if seq.shelfmarks:
            return None
        m = _BARE_BACKREF.fullmatch(rest)
        if m is None:
            return None
        cite = parse_backref(m.group("ref").strip(), m.start("ref"))
        if cite is None or cite.kind != "ibid":
            return None
        citations.append(cite)
    slips = [Slip("shelfmark-typo", "warning", t) for s in seq.shelfmarks for t in s.typos]
    if _NARA_FILES.search(text):
        citations = _nara_by_its_files(text, citations)
    return ParsedNote(tuple(_with_bare_leaves(text, citations)), tuple(slips))


# a clause with a page locator, a bracketed imprint or '//' left outside every citation
# (written as ``(?<![^\W\d_])(?:pp?|[СсS]|стр|ll?|[Лл]{1,2}|fols?)\.\s?\d|\([^()]{2,80}:\s?[^()]{2,80}\d{4}\)
# |\s//\s`` reads, but each branch opening with a plain character, the page mark's full stop and
# the slash read first and the rest looked at behind them: the engine skips from one full stop,
# bracket or slash to the next, 3x faster. Only asked whether it finds something in a clause)
_LOCATOR_LIKE = rx.compile(
    r"\.(?:(?<=(?<![^\W\d_])(?:p|[СсS]|l|[Лл])\.)|(?<=(?<![^\W\d_])(?:pp|ll|[Лл][Лл])\.)"
    r"|(?<=(?<![^\W\d_])(?:стр|fol)\.)|(?<=(?<![^\W\d_])fols\.))\s?\d"
    r"|\([^()]{2,80}:\s?[^()]{2,80}\d{4}\)|/(?<=\s/)/\s")
_CROSS_REFERENCE = rx.compile(r"(?<![^\W\d_])(?:above|below|supra|infra|выше|ниже|chapter|глав[аеу])(?![^\W\d_])",
                              re.IGNORECASE)
# (the full stop written first and the letter before it looked at behind it: a pattern whose
# branches open with a plain character lets the engine skip to the next '.' or ';' at once)
_CLAUSE_END = rx.compile(r"\.(?<=[a-zа-яё0-9)»”\"]\.)(?=\s+[A-ZА-ЯЁ(«“\"]|\s*$)|;")
_PAGES_IN = rx.compile(r"(?:pp?|[СсS]|стр)\.\s?(\d+(?:\s?[-–—]\s?\d+|\s?ff(?![^\W\d_]))?)")
# the lead-in after a clause of commentary ("For documentation on …, see vol. iii, pp. 816 ff."):
# the reference is what follows it
_SEE_AFTER_COMMENTARY = rx.compile(r"[,;]\s(?:see(?:\s+also)?)\s+(?=\S)")


# (compiled here, not looked up in re's cache at each call)
_THREE_LETTERS = rx.compile(r"[^\W\d_]{3}")
_DASH = rx.compile(r"\s?[-–—]\s?")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# the pages or the number a cross-reference gives: one, a range, or a list ("pp. 9, 182, 183"; not
# a decimal's digits after its point)
_CROSS_NUMBERS = r"\d+(?:[-–]\d+)?(?:,\s\d+(?!\d|\.\d))*"
# a reference to another note or document of the same work: "See footnote 4, supra.", "Document
# 9.", "See Documents 142 and 143.", "See above, chapter 28.", "См. прим. 12"
_CROSS = rx.compile(
    r"(?<![^\W\d_])(?:(?:[Ss]ee(?:\s+also)?\s+)?"
    r"(?:(?:[Ff]oot)?[Nn]otes?\s\d+(?:\s(?:and|to|[-–])\s\d+)?(?:,?\s(?:above|below|supra|infra))?"
    r"|Documents?\s\d+(?:,\snote\s\d+)?(?:(?:,\s(?:and\s)?|\s(?:and|to)\s|\s?[-–]\s?)\d+(?:,\snote\s\d+)?)*"
    # a documentary series' own: its letters, appendices and editorial notes, another volume
    # ("See Letters 92 and 93.", "See Appendix I in Volume XI.", "See editorial note ‘Changes
    # to the Act’.", "For documentation on Iran, see volume x.": a volume alone after "see")
    r"|Letters?\s\d+(?:\s(?:and|to)\s\d+)?"
    r"|Appendix\s[IVXLC\d]+(?:\s(?:in|to|of)\s[Vv]olume\s[IVXLC]+)?"
    r"|[Ee]ditorial\snote\s(?:‘[^‘’]{2,120}’|“[^“”]{2,120}”)"
    r"|(?<=[Ss]ee\s|lso\s)[Vv]olume\s(?:[IVXLC]{1,6}|[ivxlc]{1,6})(?=\s*(?:[.;)]|$))"
    # ("See ante, p. 308."; "C.C.S. 680/2, post, p. 469": the older FRUS volumes' own words, after
    # a comma or "see" only, where "Washington Post, p. 4" is a newspaper)
    r"|(?:above|below|[Ss]upra|[Ii]nfra|(?:(?<=[,;(]\s)|(?<=[Ss]ee\s)|(?<=^))(?:[Aa]nte|post)|(?<=^)Post)"
    rf",?\s(?:chapter|ch\.|pp?\.|n\.|note)\s?{_CROSS_NUMBERS}(?:,\sfn\.\s?\d+)?"
    r"|[Ss]upra|[Ii]nfra)(?![^\W\d_])"
    r"|[Сс]м\.\s(?:прим(?:ечани[еяи])?\.?\s?\d+(?:\sи\s\d+)?|выше|ниже|сноску\s\d+))")
_SEE = rx.compile(r"[Ss]ee(?:\s+also)?\s+")
# Whether a note may hold a cross-reference: "note", "document", "supra", "infra", "above" or
# "below" in any case, or "См."/"см.". Written first letter first, as a class that holds every
# character Python's case-insensitive matching takes for it ("ſ" for s; "İ" and "ı" for i;
# tests/test_cross_references.py checks the classes against the engine), each branch then
# opening with a plain class of its second letter: the engine skips to the next possible first
# letter at once and leaves a branch at its second letter, where ``(?i:note|document|...)``
# entered six case-insensitive branches at every position of the note (four times slower)
_CROSS_HINT = rx.compile(
    r"[NnDdSsſIiİıAaBbСс](?:[Oo](?:(?<=[Nn][Oo])(?i:te)|(?<=[Dd][Oo])(?i:cument))|[Uu](?<=[Ssſ][Uu])(?i:pra)"
    r"|[Nn](?<=[Iiİı][Nn])(?i:fra)|[Bb](?<=[Aa][Bb])(?i:ove)|[Ee](?<=[Bb][Ee])(?i:low)|м(?<=[Сс]м)\.)")
# the words of a documentary series' own cross-references (_CROSS), "ante, p. 308" among them
_SERIES_CROSS_HINT = rx.compile(r"\b(?:Letters?\s\d|Appendix\s|[Vv]olume\s[IVXLCivxlc]|[Ee]ditorial\snote\s|[Aa]nte,?\sp|[Pp]ost,?\sp)")
# the volume before a cross-reference or after it, words that join two of them, and what
# else they point to after them: one reference, "Volume IX, Document 27 and note 2 to
# Document 34", "Documents 422 and 424, Volume XI", "Document 317 and note 2 thereto"
_VOLUME = r"[Vv]olume\s[IVXLC]{1,6}"
_VOLUME_BEFORE = rx.compile(rf"{_VOLUME},\s$")
_CROSS_WHOLE = rx.compile(rf"(?:{_VOLUME},\s)?(?:{_CROSS.pattern})")
_CROSS_JOINED = rx.compile(r",\s(?:and\s)?|\s(?:and|to)\s")
_CROSS_AFTER = rx.compile(rf"(?:,?\s(?:in\s)?{_VOLUME}\b|\sthereto\b)+")
# what makes "Document 277" part of a published collection's reference, not a cross-reference
_IN_A_COLLECTION = rx.compile(r"(?:vol\.\s?[IVXLC\d]+|ibid\.|\d)\s?,\s*$", re.IGNORECASE)


# a document's name and number before "supra"/"infra": "Polto 2017, supra", "telegram 512, infra"
_NUMBERED_BEFORE = rx.compile(r"(?<![^\W\d_])[A-Za-z][a-z]{1,15}\s\d{1,5},\s$")
# a chapter or an article of the same collected volume: "See the chapter by Alessandro Brogi in
# this volume.", "See Mikhail Prozumenshchikov’s chapter in this volume."
_THIS_VOLUME = rx.compile(r"(?:(?<=[Ss]ee\s)|(?<=[Ss]ee also\s))?[^.;:()]{0,80}\b(?:chapters?|articles?|essays?|contributions?)"
                          r"\b[^.;:()]{0,60}\bin\sthis\svolume\b(?=\s*(?:[.,;)]|$))")


def _in_this_volume(text: str, found: list[Citation]) -> list[Citation]:
    """FOUND with each reference to a chapter of the same volume an ``other`` of its own (a
    cross-reference), where nothing was read there."""
    added = []
    found = list(found)
    for m in _THIS_VOLUME.finditer(text):
        start = m.start()
        while start < m.end() and text[start] == " ":
            start += 1
        over = [c for c in found if c.start < m.end() and start < c.end]
        if over and not all(c.kind in ("book", "article") and c.title and "this volume" in c.title
                            and not c.authors for c in over):
            continue
        # (a "book" titled "Wettig's article in this volume" is the cross-reference, its pages kept)
        pages = next((c.pages for c in over if c.pages), None)
        end = max([m.end(), *(c.end for c in over)])
        found = [c for c in found if c not in over]
        added.append(Citation(kind="other", raw=text[start:end], pages=pages, start=start, end=end))
    return sorted([*found, *added], key=lambda c: c.start) if added else found


# what an earlier note cited, named by that note's number: "On the file cited in note 1.",
# "his cablegram cited in note 4", "the draft agenda referred to in note 1": an op. cit. whose
# target the note gives (not "the works cited in note 2", a pointer to a list)
_CITED_IN_NOTE = rx.compile(
    r"(?:\b[Oo]n\s)?\b(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s(?!works?\b)(?:[A-Za-z'’-]+\s){1,3}"
    r"(?:cited|referred\sto|mentioned)\sin\snote\s(?P<n>\d{1,3})(?![\d-])")


def _with_cross_references(text: str, found: list[Citation]) -> list[Citation]:
    """FOUND with the note's references to other notes or documents of the work, each an
    ``other`` of its own (the gold convention for "see above, p. 14"), where nothing was read;
    what a numbered earlier note cited ("on the file cited in note 1") is an op. cit. whose
    target is that note (refcli.resolver links it)."""
    added = []
    for m in _CITED_IN_NOTE.finditer(text) if "in note " in text else ():
        if not any(c.start < m.end() and m.start() < c.end for c in found):
            added.append(Citation(kind="op_cit", raw=m.group(), target=int(m.group("n")),
                                  start=m.start(), end=m.end()))
    found = sorted([*found, *added], key=lambda c: c.start) if added else found
    # a "book" that is only a cross-reference ("Volume VII, Appendix III": a volume taken for
    # an author) gives way to it
    found = [c for c in found if not (c.kind in ("book", "article") and not (c.year or c.publisher or c.container)
                                      and _CROSS_WHOLE.fullmatch(c.raw.rstrip(". ")))]
    # a document the volume prints elsewhere, described before "ante" or "post" and read as a
    # book or an article ("Harriman’s telegram No. 3413 of September 10, 1944, ante, p. 203"):
    # a cross-reference, its pages the volume's
    found = [_printed_elsewhere(c, m) if c.kind in ("book", "article") and not (c.publisher or c.city)
             and (m := _ANTE_POST_END.search(c.raw)) else c for c in found]
    added = []
    for m in _CROSS.finditer(text):
        if any(c.start < m.end() and m.start() < c.end for c in found):
            continue
        lead = _SEE.match(m.group())  # the lead-in is commentary, as everywhere
        if not lead and m.group()[-1] not in "aA" and _IN_A_COLLECTION.search(text, max(0, m.start() - 24), m.start()):
            continue  # "vol. XIV, Document 296": a document of a published collection
        if m.group() in ("supra", "infra") and (telegram := _NUMBERED_BEFORE.search(text, max(0, m.start() - 40), m.start())):
            # "see Polto 2017, supra.": a telegram (a document) the work prints elsewhere
            added.append(Citation(kind="other", raw=text[telegram.start() : m.end()],
                                  start=telegram.start(), end=m.end()))
            continue
        start = m.start() + (lead.end() if lead else 0)
        pages = _CROSS_PAGES.search(m.group())
        added.append(Citation(kind="other", raw=text[start : m.end()], pages=pages and pages.group(1),
                              start=start, end=m.end()))
    if not added:
        return found
    return sorted([*found, *_joined_cross_references(text, added, found)], key=lambda c: c.start)


# the pages of a cross-reference ("ante, pp. 204, 205"), and one that closes a longer reading
_CROSS_PAGES = rx.compile(rf"\bpp?\.\s?({_CROSS_NUMBERS})(?:,\sfn\.\s?\d+)?$")
_ANTE_POST_END = rx.compile(rf",\s(?:ante|post|supra|infra),\spp?\.\s?{_CROSS_NUMBERS}$")


def _printed_elsewhere(c: Citation, m: re.Match[str]) -> Citation:
    pages = _CROSS_PAGES.search(m.group())
    return Citation(kind="other", raw=c.raw, pages=pages and pages.group(1), start=c.start, end=c.end)


def _joined_cross_references(text: str, added: list[Citation], found: list[Citation]) -> list[Citation]:
    """The cross-references ADDED, those joined by "and", "to" or a comma taken as one, each
    with the volume named before or after it ("Volume IX, Document 27 and note 2 to Document
    34"), where no citation FOUND stands there."""
    out: list[Citation] = []
    for c in added:
        if out and _CROSS_JOINED.fullmatch(text, out[-1].end, c.start):
            out[-1] = out[-1].with_(end=c.end)
        else:
            out.append(c)
    for i, c in enumerate(out):
        start, end = c.start, c.end
        if (before := _VOLUME_BEFORE.search(text, max(0, start - 20), start)) is not None:
            start = before.start()
        if (after := _CROSS_AFTER.match(text, end)) is not None:
            end = after.end()
        if (start, end) != (c.start, c.end) and not any(f.start < end and start < f.end for f in found):
            c = c.with_(start=start, end=end)
        out[i] = c.with_(raw=text[c.start : c.end])
    return out


def _archives_are_no_titles(found: list[Citation], registry: Registry) -> list[Citation]:
    """A "book" titled by an archive's acronym and nothing else ("GARF, 45."): an archival
    reference to that archive whose levels are not written (the checks report it), not a
    book."""
    out = list(found)
    for i, c in enumerate(out):
        if (c.kind in ("book", "article") and c.title and not (c.authors or c.editors or c.container or c.year)
                and (entry := registry.get(c.title)) is not None):
            out[i] = Citation(kind="archival", raw=c.raw, archive=entry.acronym, shelfmark=c.raw,
                              start=c.start, end=c.end)
    return out


# a quoted title with its translation in brackets after it, taken whole for the title:
# "“Mao Tszedun o kitaiskoi politike Kominterna” (Mao Zedong on the Comintern's China Policy)"
_GLOSSED_QUOTED = rx.compile(r"[“\"«](?P<title>[^“”\"«»]{2,300})[”\"»],?\s\((?P<gloss>[^()]{2,300})\)")


def _glossed_quoted_title(c: Citation) -> Citation:
    """C with a quoted title and the translation after it apart; a quoted title with nothing
    to publish it as a book (no city, publisher or container) is an article's, in its short
    form."""
    if not c.title or c.title_translated or (m := _GLOSSED_QUOTED.fullmatch(c.title)) is None:
        return c
    kind = "article" if c.kind == "book" and not (c.city or c.publisher or c.container) else c.kind
    return c.with_(kind=kind, title=m.group("title").strip(" ,"), title_translated=m.group("gloss").strip())


def _renamed_archives(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """An archival reference whose archive is named again after one of its units is two
    references ("…, PRO, FO371-99238, pp. 13–15, and British Embassy to Foreign Office, PRO,
    FO371-99239, p. 31"): read after labelling, which saw the one span."""
    out = list(found)
    split: list[Citation] | None = None
    for c in found:
        if c.kind != "archival" or not c.archive or c.fond or len(c.raw) < 12:
            continue
        # (the registry's matcher over the reference alone: named_in keeps its answer for the
        # whole note, which later steps ask for again)
        names = (registry.get(m.group()) for m in registry.matcher.finditer(c.raw))
        if sum(a is not None and a.acronym == c.archive for a in names) < 2:
            continue
        if split is None:
            split = [s.citation for s in find_shelfmarks(text, registry, split_renamed=True)]
        parts = [p for p in split if c.start <= p.start and p.end <= c.end + 1]
        # (a name again with no unit after it is the same reference: "…, box 16, MHI, Carlisle
        # Barracks")
        if len(parts) > 1 and all(any(getattr(p, f) for f in _UNIT_FIELDS) for p in parts):
            out = sorted([o for o in out if o is not c] + parts, key=lambda o: o.start)
    return out


# the files only the U.S. National Archives hold, which notes cite without naming it: a record
# group ("RG 59", "Record Group (RG) 338") and the State Department's decimal files ("DoS CDF
# 1930-1939", "Central Decimal File 1950–54", "661.00/4-1553")
_NARA_FILES = rx.compile(r"\b(?:RG|Record\sGroup(?:\s\(RG\))?)\s\d{1,3}\b|\bDecimal\sFiles?\b|\bCDF\b")


def _nara_by_its_files(text: str, found: list[Citation]) -> list[Citation]:
    """FOUND with NARA as the archive of the archival references that name none, where the
    note cites a record group or the decimal files and names no other archive."""
    if any(c.kind == "archival" and c.archive for c in found):
        return found
    return [c.with_(archive="NARA") if c.kind == "archival" and not c.archive and not c.fond else c
            for c in found]


# what may stand between a document's title and the place that holds it ("… 1922 г. // Там
# же"), the '//' inside the title's reading or after it
_SLASHES_ONLY = rx.compile(r"[\s.,/]*")


def _titled_documents_of_units(text: str, found: list[Citation]) -> list[Citation]:
    """A title right before an archival unit or an Ibid. names the document there, not an
    article or a book of its own: a quoted title with its date before a unit ("“Meeting Notes
    on Radiological Warfare Conferences,” June 26, 1948, no. 70749, CIC/DOE."), or a title
    alone before '//' ("Отчет делегации ИККИ о берлинской конференции // Там же. Оп. 18. Д. 86.
    Л. 71.")."""
    out: list[Citation] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and c.kind in ("archival", "ibid") and not c.item_title and prev.title
                and not (prev.container or prev.publisher or prev.city)
                and (_quoted_and_dated(text, prev, c) or _before_slashes(text, prev, c))):
            out[-1] = c.with_(item_title=prev.title, date=prev.date or c.date, start=prev.start,
                              raw=text[prev.start : c.end])
            continue
        out.append(c)
    return out


def _quoted_and_dated(text: str, prev: Citation, c: Citation) -> bool:
    return (c.kind == "archival" and prev.kind in ("article", "book") and bool(prev.date) and not prev.authors
            and prev.raw.lstrip().startswith(("“", '"')) and _JOIN.fullmatch(text, prev.end, c.start) is not None)


def _before_slashes(text: str, prev: Citation, c: Citation) -> bool:
    return (prev.kind in ("book", "article", "other")
            and not (prev.year or prev.url or prev.pages or prev.volume)
            and _SLASHES_ONLY.fullmatch(text, prev.end, c.start) is not None
            and "//" in text[max(prev.start, prev.end - 3) : c.start])


def _named_twice(text: str, found: list[Citation]) -> list[Citation]:
    """An archive's second name right after its reference ("Ridgway Papers, box 16, MHI,
    Carlisle Barracks"; "…, Mudd Library, Seeley G. Mudd Manuscript Library") belongs to that
    reference, not to one of its own with no unit."""
    out: list[Citation] = []
    for c in found:
        prev = out[-1] if out else None
        if (prev is not None and c.kind == "archival" and prev.kind == "archival" and c.archive
                and c.archive == prev.archive and not any(getattr(c, f) for f in _UNIT_FIELDS)
                and not c.item_title and _JOIN.fullmatch(text, prev.end, c.start)):
            out[-1] = prev.with_(end=c.end, raw=text[prev.start : c.end])
            continue
        out.append(c)
    return out


# "See Cohen, Rethinking, chaps. 1–2.": the label of a chapter locator the labeller left in the title
_CHAPTER_LABEL = rx.compile(r",?\s(?:[Cc]haps?|[Cc]h|[Cc]hapters?|гл)\.?$")


# a chapter cited with its number where the title ended ("Jones, Blue and Gray, chap. 3")
_CHAPTER_TAIL = rx.compile(r",\s(?:[Cc]haps?|[Cc]h|[Cc]hapters?|гл)\.?\s\d{1,3}(?:\s?[-–]\s?\d{1,3})?$")


def _chapter_out_of_title(c: Citation) -> Citation:
    if c.kind not in ("book", "article", "chapter", "op_cit") or not c.title:
        return c
    if not c.pages:
        m = _CHAPTER_TAIL.search(c.title)
        return c.with_(title=c.title[: m.start()]) if m is not None and m.start() else c
    m = _CHAPTER_LABEL.search(c.title)
    if m is None or not m.start():
        return c
    return c.with_(title=c.title[: m.start()].rstrip(" ,"))


_UNIT_FIELDS = ("fond", "opis", "delo", "leaves", "collection", "series", "entry", "box", "folder", "piece", "item")


# a further file and its leaves after an Ibid. that changed the file: ", д. 149, л. 207–210, 328–340"
_FURTHER_FILE = rx.compile(
    r",\s(?:[дДdD]\.)\s?(?P<delo>\d{1,6}[а-яa-z]?),\s(?:лл?\.|ll?\.)\s?"
    r"(?P<leaves>\d{1,4}(?:\s?об\.?)?(?:\s?[-–]\s?\d{1,4}(?:\s?об\.?)?)?"
    r"(?:,\s\d{1,4}(?:\s?[-–]\s?\d{1,4})?){0,6})")


def _further_files_of_ibid(text: str, found: list[Citation]) -> list[Citation]:
    """"Там же, оп. 1, д. 65, л. 1–3, д. 149, л. 207–210, 328–340.": an Ibid. that changes the
    file may name a further file of the same opis; each is an Ibid. of its own with its own
    leaves (the grammar read the first only, and the second was lost)."""
    out = list(found)
    for c in found:
        if c.kind != "ibid" or not c.delo:
            continue
        files = list(_FURTHER_FILE.finditer(text, c.start, len(text)))
        if len(files) < 2 or files[0].group("delo") != c.delo or files[0].start() > c.start + 40:
            continue
        further = [files[1]]
        for m in files[2:]:
            if m.start() != further[-1].end():
                break
            further.append(m)
        if files[1].start() != files[0].end() or any(
                o.start < further[-1].end() and files[1].start() < o.end for o in out if o is not c):
            continue
        out[out.index(c)] = c.with_(end=files[1].start(), raw=text[c.start : files[1].start()])
        for m in further:
            start = m.start() + 2
            out.append(Citation(kind="ibid", raw=text[start : m.end()], fond=c.fond, opis=c.opis,
                                delo=m.group("delo"), leaves=canon_leaves(m.group("leaves")),
                                start=start, end=m.end()))
    return sorted(out, key=lambda c: c.start) if len(out) > len(found) else found


def _with_bare_leaves(text: str, found: list[Citation]) -> list[Citation]:
    """Archival citations that end at their file take the bare leaves after it ("d. 1003,
    45."); whatever else was read from those leaves goes."""
    out: list[Citation] = []
    for c in found:
        longer = with_bare_leaves(text, c)
        if longer is not c:
            out = [o for o in out if not (c.end <= o.start and o.end <= longer.end)]
        elif out and out[-1].kind == "archival" and out[-1].start < c.start and c.end <= out[-1].end:
            continue  # (the leaves, read as something else before)
        out.append(longer)
    return out


def _elliptical_locators(found: list[Citation]) -> list[Citation]:
    """A volume and pages alone after another citation of the note ("Ibid., V, 220. See also
    III, 463–64."; "PTsR, V, 218. See also III, 460–61.") cite the same work again: an
    ``ibid`` of it, not a book with no author and no title."""
    out = list(found)
    for i, c in enumerate(out):
        if (i and c.kind in ("book", "article", "chapter") and (c.pages or c.volume)
                and not (c.authors or c.editors or c.title or c.container or c.year or c.city
                         or c.publisher or c.url or c.item_title or c.date)
                and out[i - 1].kind not in ("archival", "other")):
            roman = _ROMAN_VOLUME.match(c.raw)
            out[i] = c.with_(kind="ibid", short_form=False,
                             volume=c.volume or (roman.group(1) if roman else None))
    return out


_ROMAN_VOLUME = rx.compile(r"([IVXL]{1,6}),\s?\d")

# GOST's "Surname I. I." (Cyrillic, or Latin in a Russian note): one person, family name first
_GOST_ONE = r"[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ]?[a-zа-яё'’]+)*\s[A-ZА-ЯЁ][a-zа-яё]?\.\s?(?:[A-ZА-ЯЁ][a-zа-яё]?\.?)?"
_GOST_NAME_HINT = rx.compile(r"[A-ZА-ЯЁ][a-zа-яё]+\s[A-ZА-ЯЁ]\.")
# "Дзенискевич А.Р., Ковальчук В.М., Соболев Г.Л., Цамутали А.И., Шишкин В.А. Непокоренный …"
_GOST_LIST = rx.compile(rf"(?:См\.:?\s)?(?P<list>{_GOST_ONE}(?:(?:,\s|\s(?:и|and)\s){_GOST_ONE})+)\s(?=\S)")
# "Суходеев В. Сталин. Военный гений." read as the person "Суходеев В. Сталин"
_WORD_INITIALS = rx.compile(r"(?P<family>[А-ЯЁ][а-яё\-]+)\s(?P<initials>[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?)")


# the Russian chapter form: the chapter's author and title, then "В кн.:" (in the book) or
# "В сб.:" (in the collection) and the book, perhaps with its own author or editor first:
# "Каверин В. А. Заметки о драматургии Булгакова. — В кн.: Булгаков М. Драмы и комедии. — М.:
# Искусство, 1965, с. 10."; "Н. В. Тимофеев-Ресовский. Из истории … В кн.: Воспоминания о …"
_IN_BOOK = rx.compile(r"(?:\.\s?|\s)(?:[—–-]\s)?[Вв]\s(?:кн|сб)\.:?\s(?=\S)")
_IN_BOOK_END = rx.compile(r"\.\s[—–-]\s|\.\s(?=(?:Изд|М|Л|СПб|Киев|Минск)\.?\s)|,\s(?:стр|с|С)\.\s?\d|\.\s(?:С|с|стр)\.\s?\d"
                          r"|,\s(?:М|Л|СПб)\.")
_HEAD_GOST_NAME = rx.compile(
    r"(?P<family>[А-ЯЁ][а-яё'’]+(?:-[А-ЯЁ][а-яё'’]+)?)\s(?P<initials>[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)\s"
    r"|(?P<initials2>[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?)(?P<family2>[А-ЯЁ][а-яё'’]+(?:-[А-ЯЁ][а-яё'’]+)?)\.?\s")
# the lead-ins a Russian reference may open with: "См.:", "См. также", "Цит. по:", "Подробнее см.:"
_RU_LEAD = r"(?:См\.(?:\sтакже)?|Цит\.\sпо|Подробнее\sсм\.)[:.]?\s+"
_CLAUSE_OPEN = rx.compile(rf"(?:^|;\s)(?:{_RU_LEAD})?")


def _in_a_book(text: str, c: Citation) -> Citation:
    """A chapter written in the Russian form with "В кн.:" / "В сб.:", which the labeller
    read as one book (the chapter's title and the book's run together) or as the book alone
    (the chapter's author and title dropped as commentary)."""
    if c.kind not in ("book", "article"):
        return c
    marker = None
    for m in _IN_BOOK.finditer(text, max(0, c.start - 300), c.end):
        marker = m
    if marker is None:
        return c
    if c.start < marker.start():
        head_start = c.start
    else:  # the clause the marker ends, from its start: read only if it opens with a name
        head_start = max(m.end() for m in _CLAUSE_OPEN.finditer(text, 0, marker.start()))
        if _HEAD_GOST_NAME.match(text, head_start) is None:
            return c
    head = text[head_start : marker.start()]
    name = _HEAD_GOST_NAME.match(head)
    authors = c.authors
    if name is not None:
        family, initials = (name.group("family"), name.group("initials")) if name.group("family") \
            else (name.group("family2"), name.group("initials2"))
        authors = (Person(family=family, given=_spaced_initials(initials)),)
        head = head[name.end():]
    elif c.start >= marker.start():
        return c
    title = head.strip(" .,—–-«»\"“”")
    book = text[marker.end() : c.end]
    end = _IN_BOOK_END.search(book)
    book = book[: end.start()] if end else book
    owner = _HEAD_GOST_NAME.match(book)
    if owner is not None and owner.group().rstrip().endswith(".") and owner.end() < len(book):
        book = book[owner.end():]  # the book's own author or editor
    book = book.strip(" .,«»\"“”")
    if not title or not book:
        return c
    return c.with_(kind="chapter", authors=authors, title=title, container=book, start=head_start,
                   raw=text[head_start : c.end])


_GOST_LEAD = rx.compile(_RU_LEAD)


def _gost_authors(c: Citation) -> Citation:
    """A GOST reference's authors as written, family name first, when the labeller read them
    otherwise: every person of a list ("Дзенискевич А.Р., Ковальчук В.М., Соболев Г.Л., …",
    of which it kept two and put the rest in the title), or the one author before a title of
    one word ("Суходеев В. Сталин. Военный гений.": not the person "Суходеев В. Сталин"; a
    known given name before the initials, "Иван В. Сталин", is left as read)."""
    if c.kind not in ("book", "article", "chapter") or not c.authors or not c.title:
        return c
    m = _GOST_LIST.match(c.raw)
    if m is not None:
        people = re.split(r",\s|\s(?:и|and)\s", m.group("list"))
        if len(people) > len(c.authors):
            persons = tuple(Person(family=p.split()[0], given=_spaced_initials(p.split(None, 1)[1]))
                            for p in people)
            if (last := people[-1]) in c.title:
                title = c.title[c.title.index(last) + len(last):].strip(" .,")
                if title:
                    return c.with_(authors=persons, title=title)
            elif c.raw[m.end():].startswith(c.title):
                # "Краснов В., Дайнес В. Неизвестный Троцкий.": the second person labelled as
                # neither author nor title, the title right after the list
                return c.with_(authors=persons)
        return c
    if len(c.authors) == 1 and (given := c.authors[0].given):
        w = _WORD_INITIALS.fullmatch(given)
        family = c.authors[0].family
        head = _GOST_LEAD.sub("", c.raw.lstrip(), count=1)
        # (or before a title whose first words hold a comma: "Друскин М. Исследования,
        # воспоминания." is not the person "Исследования, Друскин М.")
        sep = head[len(given) + len(family) + 1 : len(given) + len(family) + 3]
        if (w is not None and w.group("family").casefold() not in given_names()
                and head.startswith(f"{given} {family}") and sep in (". ", ", ")):
            return c.with_(authors=(Person(family=w.group("family"), given=_spaced_initials(w.group("initials"))),),
                           title=f"{family}{sep}{c.title}")
    return c


def _spaced_initials(initials: str) -> str:
    """"А.Р." → "А. Р.", as refcli writes initials everywhere."""
    return re.sub(r"\.(?=\w)", ". ", initials.strip())

# a clause that is only a volume and/or pages: "Bd 2. S. 253, 306", "Т. 39. С. 20", "vol. 5, p. 12"
_LOCATOR_PAGES = r"(?:pp?|S|С|с|P)\.\s?(?P<pages>\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?:,\s?\d{1,4}(?:\s?[-–]\s?\d{1,4})?){0,6})"
_LOCATOR_VOLUME = rx.compile(
    r"\s?(?:[Vv]ols?|Bde?|Band|[Tt]ome|[TtТт]|[Кк]н|[Кк]нига)\.?\s?(?P<volume>\d{1,4}|[IVXL]{1,6})"
    rf"(?:[.,]?\s{{0,3}}{_LOCATOR_PAGES})?[\s.]*")
_LOCATOR_PAGES_ONLY = rx.compile(rf"\s?{_LOCATOR_PAGES}[\s.]*")


def _locator_clauses(text: str, found: list[Citation]) -> list[Citation]:
    """A clause after a semicolon that is only a volume and pages cites again the work of the
    citation before it in the note: "Hitler A. Op. cit. Bd 1. S. 145–146; Bd 2. S. 253, 306."
    (the op. cit. again, in another volume), "Ленин В.И. Полн. собр. соч. Т. 38. С. 15; Т. 39.
    С. 20." (the labeller read the locator as a title, or nothing at all). When the work before
    it has no pages of its own (or took its year for them: "München, 1940; Bd 2. S. 252") the
    locator is its own; otherwise a copy of that citation with this locator, marked
    ``elliptical``. A book with no author and no title stays for ``_elliptical_locators``.
    One pass over the clauses and the citations, both in order (a note of thousands of
    clauses stays linear)."""
    spans = split_segments(text)
    if len(spans) < 2:
        return found
    cites = sorted(found, key=lambda c: c.start)
    out: list[Citation] = []
    k, changed = 0, False
    for i, (a, b) in enumerate(spans):
        inside: list[Citation] = []
        while k < len(cites) and cites[k].start < b:
            (inside if cites[k].end > a else out).append(cites[k])
            k += 1
        m = (_LOCATOR_VOLUME.fullmatch(text, a, b) or _LOCATOR_PAGES_ONLY.fullmatch(text, a, b)) if i else None
        prev = out[-1] if out and out[-1].end <= a else None
        if (m is None or prev is None or prev.kind in ("archival", "other")
                or any(c.start < a or c.end > b or not _a_misread_locator(c) for c in inside)):
            out.extend(inside)
            continue
        pages = re.sub(r"\s?[-–]\s?", "-", m.group("pages")) if m.group("pages") else None
        volume = m.groupdict().get("volume") or prev.volume
        lead = a + len(text[a:b]) - len(text[a:b].lstrip())
        stop = a + len(text[a:b].rstrip(" ."))
        if not prev.pages or prev.pages == prev.year:
            if text[prev.end:lead].strip(" ;,.") or not pages:
                out.extend(inside)
                continue
            out[-1] = prev.with_(volume=volume, pages=pages, raw=text[prev.start:stop], end=stop)
        else:
            out.append(prev.with_(volume=volume, pages=pages, raw=text[lead:stop], start=lead, end=stop,
                                  elliptical=True))
        changed = True
    out.extend(cites[k:])
    return out if changed else found


def _a_misread_locator(c: Citation) -> bool:
    """Whether C, inside a clause that is only a locator, is the labeller's misreading of it: a
    work titled with the locator's words ("Bd 2") or something with pages and nothing else."""
    if c.authors or c.editors or c.container or c.year or c.city or c.publisher or c.url:
        return False
    return c.kind in ("book", "other") and (c.title is None or _LOCATOR_VOLUME.fullmatch(c.title) is not None
                                             or _LOCATOR_PAGES_ONLY.fullmatch(c.title) is not None)


def _unparsed(text: str, found: list[Citation]) -> list[Citation]:
    """Clauses outside every citation that read like a reference (a page locator, an imprint
    in brackets, '//'): kept as ``other`` so that nothing a note cites is dropped. A
    cross-reference ("see above, p. 14") is one; anything else gets a citation-unparsed slip."""
    covered = sorted((c.start, c.end) for c in found)
    out: list[Citation] = []
    pos = 0
    gaps: list[tuple[int, int]] = []
    for a, b in covered:
        if a > pos:
            gaps.append((pos, a))
        pos = max(pos, b)
    if pos < len(text):
        gaps.append((pos, len(text)))
    for a, b in gaps:
        start = a
        for m in [*_CLAUSE_END.finditer(text, a, b), None]:
            end = m.start() if m else b
            clause = text[start:end]
            if _LOCATOR_LIKE.search(clause) and _THREE_LETTERS.search(clause):
                lead = len(clause) - len(clause.lstrip(" ,;:.)("))
                see = _SEE_AFTER_COMMENTARY.search(clause)
                if see is not None and _LOCATOR_LIKE.search(clause, see.end()):
                    lead = see.end()
                raw = clause[lead:].rstrip(" ,;:.)(")
                if raw and len(raw) <= 400:
                    pages = _PAGES_IN.search(raw)
                    out.append(Citation(kind="other", raw=raw, start=start + lead,
                                        end=start + lead + len(raw),
                                        pages=_DASH.sub("-", pages.group(1)) if pages else None))
            if m is None:
                break
            start = m.end()
    return out


# what makes a span worth reading again: a year, a page, "//", a URL, initials
# (``(?<!\d)(?:1[5-9]|20)\d\d(?!\d)|(?<![^\W\d_])(?:pp?|[СсSs]|l{1,2}|[Лл]{1,2})\.\s?\d|//|/\s/|https?:|www\.``
# with each branch opening with a plain character, the look-behinds after it: the engine skips
# to the next 1, 2, full stop, slash, h or w at once, 6x faster)
_REFERENCE_LIKE = rx.compile(
    r"1(?<!\d1)[5-9]\d\d(?!\d)|2(?<!\d2)0\d\d(?!\d)"
    r"|\.(?:(?<=(?<![^\W\d_])(?:p|[СсSs]|l|[Лл])\.)|(?<=(?<![^\W\d_])(?:pp|ll|[Лл][Лл])\.))\s?\d"
    r"|/(?:/|\s/)|https?:|www\.")
# or a short form in a sentence's bracket, the whole span: "(Leffler, For the Soul of Mankind, 54)"
_SHORT_FORM_LIKE = rx.compile(r"\s*[^\W\d_][\w'’-]+(?: and [^\W\d_][\w'’-]+| et al\.)?, [^\W\d_][^,()]{2,100}, \d+(?:[-–]\d+)?\.?\s*$")
# a sentence saying where something is found or drawn from ("appears in", "may be found in",
# "is based on", "is reprinted in"), before a capital or an opening quote ("was found in the
# garden" is no such sentence): what follows it may be the reference, read again as a lead-in's
# clause is. The phrases LEAD_IN holds ("printed in", "published in", "reproduced in", "quoted
# from", "according to") are not repeated here: each would give the same span twice, and a
# second reading of it twice. (The look-ahead names the letters its phrases start with, so that
# the engine skips every other position; it changes no match.)
_SOURCE_PHRASE = rx.compile(
    r"(?=[abcdfrstABCDFRST])(?<![^\W\d_])(?i:(?:reprinted|found|covered|summari[sz]ed|discussed|recounted"
    r"|described|translated)\s+in|appears?\s+in|based\s+on|translat(?:ed|ion)\s+from"
    r"|comes?\s+from|relied(?:\s+mainly)?\s+on|compare\s+(?:to|with))\s+(?=[A-ZА-ЯЁ“\"«‘])")
_MAX_SECOND_LOOKS = 6
# a bracket longer than this is a passage, not a reference in a sentence (and reading a long
# note's unclosed bracket again would read the whole note twice)
_MAX_SECOND_LOOK_CHARS = 2_000
_MAX_SPANS_EXAMINED = 48


# what a clause citing a source by its abbreviation starts with ("WSCHCS, 7800")
# (or a pair of initials for the author's own notes of talks: "LBJ/DHK.")
_ABBREVIATION_HINT = rx.compile(
    r"(?<![^\W\d_])[A-Z](?:[A-Z&\-]|[a-z](?=[A-Z])){1,11}(?:\s\d{1,2})?(?:,\s[IVX]{1,6})?[,.]?\s(?:pp?\.\s?)?\d"
    r"|\b[A-Z]{2,8}/[A-Z]{2,8}\b")
# what every match of _ABBREVIATION_HINT starts with: two capitals (or a capital and '&' or
# '-', or a capital, a small letter and a capital, as in "TsK")
_CAPITALS = rx.compile(r"[A-Z](?:[A-Z&\-]|[a-z][A-Z])")


def _abbreviation_hint(text: str) -> bool:
    """Whether _ABBREVIATION_HINT finds a match in TEXT: searched from the first pair of
    capitals (none in most notes), where any match of it starts. (A search from a position
    still sees the characters before it, for the look-behind and the word boundary.)"""
    pair = _CAPITALS.search(text)
    return pair is not None and _ABBREVIATION_HINT.search(text, pair.start()) is not None


_PAIR_ALONE = rx.compile(r"\s*(?P<abbr>[A-Z]{2,8}/[A-Z]{2,8})(?=\.?\s*$|\.\s+[A-Z])")
# a locator's last digit, a semicolon, then a word: where the next reference starts
# (the name perhaps after given names or initials: "; Ted Morgan, A Covert Life")
_NAME_AFTER_SEMICOLON = rx.compile(r";\s+(?:and\s+)?(?=(?:[A-ZА-ЯЁ][\w'’\-]*\.?\s){0,3}[A-ZА-ЯЁ][\w'’\-]+"
                                   r"(?:\s(?:and|&)\s[A-ZА-ЯЁ][\w'’\-]+)?,\s(?:eds?\.,\s)?[A-ZА-ЯЁ“\"«])")
_LOCATOR_SEMICOLON = rx.compile(r"\d\.?\s?;\s+(?=[^\W\d_])")
_HEAD_PAGES = rx.compile(r"(\d+(?:\s?[-–—]\s?\d+)?)\.?\s*$")
# the pages of a short form: a page or a range, up to seven of them ("111, 114–15")
_PAGES = r"\d+(?:\s?[-–]\s?\d+)?(?:,\s?\d+(?:\s?[-–]\s?\d+)?){0,6}"
_PAGE_LIST = rf"(?P<loc>{_PAGES})"
# a source cited by its abbreviation alone: "WSCHCS, 7800", "GILBERT 8, 638", "PPP, 2–15", a
# transliterated one with its volume: "PTsR, V, 218"
_ABBREVIATED = rx.compile(
    r"\s*(?P<abbr>[A-Z](?:[A-Z&\-]|[a-z](?=[A-Z])){1,11}(?:\s\d{1,2})?)(?:,\s(?P<vol>[IVX]{1,6}))?[,.]?\s(?:pp?\.\s?)?"
    rf"{_PAGE_LIST}\.?\s*")


def _cut_at_semicolons(seq: NoteSequence, found: list[Citation], registry: Registry,
                       labeller: Labeller) -> list[Citation]:
    """A citation that runs on over a semicolon after its locator into words ("GILBERT 8,
    638; WSCHCS, 7214"; "Khlevniuk. P. 105 ; Хлевнюк. С. 77.") ends at the semicolon: what
    follows is the next reference, read on its own (at most a few per note)."""
    text = seq.text
    out: list[Citation] = []
    cuts = 0
    for c in found:
        m = None
        if c.kind not in ("archival", "ibid", "op_cit") and cuts < _MAX_SECOND_LOOKS:
            m = _LOCATOR_SEMICOLON.search(text, c.start, c.end)
            if m is None and c.title and ";" in c.title:
                # "Kennedy, Rise and Fall of the Great Powers; Howard, Continental Commitment.":
                # a title runs over a semicolon into the next short form, a name and a title
                m = _NAME_AFTER_SEMICOLON.search(text, c.start, c.end)
        if m is not None and _inside_bracket(text, c.start, m.start() + m.group().index(";")):
            m = None  # "(Moscow, 1904; repr. 2005), pp. 259–6": the semicolon is the imprint's
        if m is None:
            out.append(c)
            continue
        cuts += 1
        cut = m.start() + m.group().index(";")
        head = text[c.start : cut]
        at = head.find(c.title) if c.title else -1
        # (or the title runs to the semicolon, the head's locator in it: "ПСРЛ. Т. 2. С. 117,
        # 136; Т. 9. С. 229.")
        if (c.title and (at < 0 or at + len(c.title) >= len(head.rstrip()))) \
                or (c.authors and c.authors[0].family not in head):
            # the reading's author or title lies past the semicolon ("Thompson, Missiles of
            # October, 268; O’Donnell and Powers, “Johnny,” 380." read as one document): the
            # head is read again on its own
            again = ([x for x in _read_again(text, c.start, cut, registry, labeller) if x.kind != "other"]
                     or [x for x in [_read_short_form(text, c.start, cut, registry)
                                     or _name_and_title(text, c.start, cut)] if x is not None])
            if again:
                out.extend(again)
                tail = _tail_start(text, cut + 1, c.end)
                if text.startswith("and ", tail):
                    tail += 4
                out.extend([x for x in _read_again(text, tail, c.end, registry, labeller) if x.kind != "other"]
                           or [x for x in [_read_short_form(text, tail, c.end, registry)
                                           or _name_and_title(text, tail, c.end)] if x is not None])
                continue
        pages = _HEAD_PAGES.search(head)
        out.append(c.with_(raw=head.rstrip(), end=c.start + len(head.rstrip()),
                           pages=_DASH.sub("-", pages.group(1)) if pages else None))
        out.extend(_read_again(text, cut + 1, c.end, registry, labeller))
    return out


_NAME_AND_TITLE = rx.compile(r"(?P<names>[A-ZА-ЯЁ][\w'’\-]+(?:\s(?:and|&)\s[A-ZА-ЯЁ][\w'’\-]+)?),\s(?P<title>[A-ZА-ЯЁ“\"«][^;,.“”\"«»]{2,120}?)[”\"»]?\.?")


def _inside_bracket(text: str, a: int, i: int) -> bool:
    """Whether TEXT[I] lies inside a bracket opened in TEXT[A:I] and closed after it."""
    head = text[a:i]
    return head.count("(") > head.count(")") and ")" in text[i : i + 200]


def _name_and_title(text: str, a: int, b: int) -> Citation | None:
    """The short form without a locator that TEXT[A:B] is, a name and a title ("Howard,
    Continental Commitment."): read only after a semicolon closing another short form."""
    b = a + len(text[a:b].rstrip())
    m = _NAME_AND_TITLE.fullmatch(text, a, b)
    if m is None or m.group("names").split()[0].casefold() in _NOT_A_NAME:
        return None
    return Citation(kind="book", raw=text[a:b].rstrip(" ."), start=a, end=a + len(text[a:b].rstrip(" .")),
                    authors=tuple(Person(family=f) for f in _NAME_SEPARATORS.split(m.group("names"))),
                    title=m.group("title").strip("“”\"«» "), short_form=True)


_DIGIT_IN = rx.compile(r"\d")
_LIST_LEAD = rx.compile(r"(?:See(?:\s+also)?|Cf\.|See,\s+for\s+example,)\s+")


def _short_forms_in_a_list(text: str, found: list[Citation]) -> list[Citation]:
    """A short form without a locator that no reading covers, as an item of a list of
    references set apart by semicolons ("Stueck, Korean War; Chen Jian, China’s Road to the
    Korean War (New York: …, 1995)."): the note's first item, or one between two semicolons,
    read as a name and a title."""
    covered = sorted((c.start, c.end) for c in found)
    out = list(found)
    start = 0
    for m in [*re.finditer(";", text), None]:
        end = m.start() if m else len(text)
        a = start + len(text[start:end]) - len(text[start:end].lstrip())
        if lead := _LIST_LEAD.match(text, a, end):
            a = lead.end()
        listed = m is not None or start > 0  # a semicolon after it or before it
        if (listed and a < end and not any(x < end and a < y for x, y in covered)
                and (c := _name_and_title(text, a, end)) is not None
                # not an agency's acronym ("JANIS, Study of Korea"), nor a date ("Brief, Apr 1945")
                and not c.authors[0].family.isupper() and not _DIGIT_IN.search(c.title or "")):
            out.append(c.with_(start=a, end=a + len(c.raw)))
        start = end + 1
    return sorted(out, key=lambda c: c.start) if len(out) > len(found) else found


def _tail_start(text: str, a: int, b: int) -> int:
    """A, past the spaces that open TEXT[A:B]."""
    return b - len(text[a:b].lstrip())


def _read_again(text: str, a: int, b: int, registry: Registry, labeller: Labeller) -> list[Citation]:
    """The citations the labeller reads in TEXT[A:B] on its own, placed in TEXT."""
    sub = note_sequence(text[a:b], registry)
    return [x.with_(start=x.start + a, end=x.end + a) for x in assemble(sub, labeller.label(sub))]


def _holds_a_reference(c: Citation) -> bool:
    return bool(c.title or c.container or (c.authors and c.year))


def _sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """SPANS cut at every sentence's end inside them."""
    out = []
    for a, b in spans:
        for m in _SENTENCE_BREAK.finditer(text, a, b):
            out.append((a, m.start() + 1))
            a = m.end()
        out.append((a, b))
    return out


def _imprintless_book(c: Citation) -> bool:
    """A book with no publisher, no container and no city but a periodical's name read as one."""
    if c.kind != "book" or c.publisher or c.container or (c.short_form and c.authors):
        return False
    return not c.city or c.city.split()[-1].casefold() in PERIODICAL_WORDS


def _fill_clauses(found: list[Citation], spans: list[tuple[int, int]],
                  read: Callable[[int, int], Citation | None],
                  holds: Callable[[Citation], bool] = _holds_a_reference) -> list[Citation]:
    """FOUND with what READ finds in the clauses SPANS where nothing was read, or only what
    HOLDS finds less than a reference in: by default no title, no container, not both an
    author and a year (the labeller's "author" WSCHCS, its bare year in "Punch, 17 July
    1940")."""
    added = []
    gone: set[int] = set()
    for a, b in spans:
        inside = [c for c in found if c.start < b and a < c.end]
        if any(c.kind in ("archival", "ibid", "op_cit") or holds(c) or c.start < a or c.end > b for c in inside):
            continue
        got = read(a, b)
        if got is None:
            continue
        gone.update(id(c) for c in inside)
        added.append(got)
    if not added:
        return found
    return sorted([*(c for c in found if id(c) not in gone), *added], key=lambda c: c.start)


_PAGES_THEN_SENTENCE = rx.compile(r",\s(?:(?:pp?|[Сс])\.\s?)?\d+(?:\s?[-–]\s?\d+)?\.\s+[A-ZА-ЯЁ]")
_SENTENCE_NAME_PAGES = rx.compile(r"(?<=[\w)”\"’]\.\s)[A-ZА-ЯЁ][\w'’\-]+,\s(?:pp?|[Сс])\.\s?\d")


# a short form in its plainest shape, when the labeller read nothing in the note: "Catterall,
# Macmillan Diaries, 111, 114–15.", "Wise and Ross, Invisible Government, pp. 95–98."
_SHORT_FORM_HINT = rx.compile(r",[’”\"]?\s(?:(?:pp?|[Сс])\.\s?)?\d+(?:\s?[-–]\s?\d+)?\.?\s*$|,\s(?:pp?|[Сс])\.\s?\d")
# a title alone, perhaps with its volume, or an editor's name, and a page: "Dnevniki II, p. 8.",
# "Harvey (ed.), p. 70"
_TITLE_PAGE = rx.compile(
    r"\s*(?:(?P<editor>[A-ZА-ЯЁ][\w'’\-]+)\s\((?:eds?|ред)\.\)"
    r"|(?P<title>[A-ZА-ЯЁ][\w'’\-]+(?:\s[A-ZА-ЯЁa-zа-яё][\w'’\-]+){0,3}?)(?:\s(?P<vol>[IVX]{1,5}))?),\s"
    rf"(?:pp?|[Сс])\.\s?{_PAGE_LIST}(?P<stop>\.?\s*)")
_NAME = r"[A-ZА-ЯЁ][\w'’\-]+"
_SHORT_FORM = rx.compile(
    rf"\s*(?:(?:See also|See|Cf\.|См\.|(?:Quoted|Cited) in)\s+)?(?P<authors>{_NAME}(?:\s(?:and|&|и)\s{_NAME}|\set al\.)?),\s"
    r"(?P<title>“[^”]{2,150}”|\"[^\"]{2,150}\"|«[^»]{2,150}»|‘[^‘’]{1,150}(?:’\w[^‘’]{0,150})*’"
    r"|[A-ZА-ЯЁ][^\d,;:()“”\"«»‘]{1,120}?),?\s"
    rf"(?:(?:pp?|[Сс])\.\s?)?{_PAGE_LIST}\.?\s*")
_DASH = rx.compile(r"\s?[-–]\s?")


def _dashed(pages: str) -> str:
    return _DASH.sub("-", pages)


_YEAR_ALONE = rx.compile(r"(?:1[5-9]|20)\d\d")
# an author and the pages alone, the Chicago short form of a work the notes cited in full
# before ("Wood, 25.", "Dawson and Smith, pp. 13–15.")
_AUTHOR_PAGE = rx.compile(
    rf"\s*(?P<authors>{_NAME}(?:\s(?:and|&|и)\s{_NAME})?),\s(?:(?:pp?|[Сс])\.\s?)?"
    rf"{_PAGE_LIST}\.?\s*")


# where a sentence ends and the next begins: a full stop after a small letter, a digit, a
# bracket or a quote (not after an initial), then a capital
_SENTENCE_BREAK = rx.compile(r"(?<=[a-zа-яё\d)”\"’])\.\s+(?=[A-ZА-ЯЁ])")
_SENTENCE_LEAD = rx.compile(r"(?:Also|See\s+also|See|Cf\.|For\s+example,?)\s+")


def _last_sentence_short_form(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with the short form the note's last sentence is ("Also Steel, Walter Lippmann,
    441."; "... rethinking. Rhodes, Dark Sun, 45."), where nothing was read in that sentence."""
    breaks = list(_SENTENCE_BREAK.finditer(text))
    if not breaks:
        return found
    last = breaks[-1]
    a, b = last.end(), len(text)
    if any(c.end > a for c in found):
        return found
    lead = _SENTENCE_LEAD.match(text, a)
    got = _read_short_form(text, lead.end() if lead else a, b, registry)
    if got is None or not got.authors:
        return found
    return [*found, got]


# keyed notes, as trade histories write them: a quotation or a topic, a colon, then the sources
# by author and pages: "“Merde”: Gilliard, 74.", "Receptions and balls: Meriel Buchanan, 13;
# Vorres, 99.", "“This curious conglomeration”: Paléologue, I, 93.", letters by their writers'
# initials ("MF to N, 44")
_KEYED_HINT = rx.compile(r"[\w”\"’)]:\s(?:(?:[A-ZА-ЯЁ][\w'’\-]+\s){0,2}[A-ZА-ЯЁ][\w'’\-]+|[A-Z]{1,3}\sto\s[A-Z]{1,3}),"
                         r"\s(?:[IVX]{1,4},\s)?\d")
_KEYED_SOURCE = rx.compile(
    r"(?:(?P<letters>[A-Z]{1,3}\sto\s[A-Z]{1,3})|(?P<ibid>[Ii]bid\.?)"
    r"|(?P<who>(?:[A-ZА-ЯЁ][\w'’\-]+\s){0,2}[A-ZА-ЯЁ][\w'’\-]+)),\s"
    r"(?:(?P<vol>[IVX]{1,4}),\s)?(?:pp?\.\s?)?(?P<loc>\d+(?:\s?[-–]\s?\d+)?(?:,\s?\d+(?:\s?[-–]\s?\d+)?){0,24})")
_KEYED_NEXT = rx.compile(r";\s|\.(?=\s+[A-ZА-ЯЁ“\"‘])|\.?\s*$")
_WORD_BEFORE = rx.compile(r"(\w+)\W*$")


_IN_AFTER_QUOTE = rx.compile(r"[”\"],?\s+in\s")


def _keyed_sources(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with the sources of a keyed note's sentences (_KEYED_SOURCE, after a colon), in
    place of what overlaps them; only where the whole list up to the sentence's end is sources
    (a publisher and a year, "Moscow: Nauka, 1987", is not: years are no pages), or a list of
    two or more begun that way, and not over a shelfmark, an Ibid. or an op. cit."""
    added: list[Citation] = []
    for hint in _KEYED_HINT.finditer(text):
        items: list[re.Match[str]] = []
        key = _WORD_BEFORE.search(text, max(0, hint.start() - 30), hint.start() + 1)
        if key is not None and key.group(1).casefold() in lexicon()["city"]:
            continue  # an imprint: "New York: Macmillan, 1888, 110"
        pos = text.index(":", hint.start()) + 1
        after = text[pos : pos + 16].strip()
        if any(c.start < pos - 1 < c.end and ((c.kind in ("chapter", "article") and c.title
                                               and _IN_AFTER_QUOTE.search(text, c.start, pos))
                                              or (c.authors and after in f"{c.title or ''} {c.container or ''}"))
               for c in found):
            # a subtitle inside a reference read whole: "…,” in Semenov, ed., Chernobyl: Ten
            # Years On, 22"; "Yevgeni Pasternak, Boris Pasternak: The Tragic Years, 12."
            continue
        while text[pos : pos + 1].isspace():
            pos += 1
        while True:
            m = _KEYED_SOURCE.match(text, pos)
            if m is None:
                # a list of sources already begun keeps what it read ("…; Kobylinsky, 220–1;
                # Gibbs, in Wilton, 254–5.")
                if len(items) < 2:
                    items = []
                break
            items.append(m)
            nxt = _KEYED_NEXT.match(text, m.end())
            if nxt is None:
                items = []
                break
            pos = nxt.end()
            if not nxt.group().startswith(";"):
                break
        for m in items:
            if m.group("ibid") or any(_YEAR_ALONE.fullmatch(n) for n in re.findall(r"\d+", m.group("loc"))):
                continue
            who = m.group("who")
            last = who.split()[-1] if who else ""
            if who and (who.isupper() or registry.get(who) is not None or registry.get(last) is not None
                        or any(last.casefold() in lexicon()[k] for k in ("city", "month"))):
                continue
            start, end = m.start(), m.end("loc")
            people = parse_people(who).persons if who else ()
            added.append(Citation(kind="book", raw=text[start:end], authors=people,
                                  title=m.group("letters"), volume=m.group("vol"),
                                  pages=_dashed(m.group("loc")), short_form=True, start=start, end=end))
    return _in_place_of(found, added)


def _in_place_of(found: list[Citation], readings: list[Citation]) -> list[Citation]:
    """FOUND with each of READINGS in place of the citations it overlaps, in the note's order;
    not where a shelfmark, an Ibid. or an op. cit. was read over it."""
    out = found
    for d in readings:
        inside = [c for c in out if c.start < d.end and d.start < c.end]
        if any(c.kind in ("archival", "ibid", "op_cit") for c in inside):
            continue
        out = sorted([*(c for c in out if c not in inside), d], key=lambda c: c.start)
    return out


# a dated document printed in a collection of documents the notes name by its acronym, then its
# volume and pages, in the compact forms of diplomatic history: "Marshall to Douglas, August
# 12, 1947, FRUS, 1947, 2: 1027–29"; "…, December 11, 1947, in FRUS, 1947, II: 765"; "…,
# October 22, 1954, FRUS 1952-54, 5:1446-56"; "…,
# Beijing, May 29, 1971,” FRUS 17, 332"; "Rowecki to London, 5 August 1941, AK Documents, vol.
# II, 29"
_PRINTED_IN = rx.compile(
    r",[”\"]?\s(?:in\s)?(?P<title>[A-Z]{2,8}(?:\s[A-Z][a-z]{2,12})?(?:(?P<years>,?\s\d{4}(?:[-–]\d{2,4})?)"
    r"|(?=\s\d{1,3},\s\d))?)"
    r"(?:,\s?[Vv]ol\.\s?(?P<v1>[IVXLC]{1,6}|\d{1,3}),\s(?:pp?\.\s?)?|,\s?(?P<v2>[IVXLC]{1,6}|\d{1,3})\s?:\s?"
    r"|\s(?P<v3>\d{1,3}),\s(?:pp?\.\s?)?)"
    r"(?P<pages>\d{1,5}(?:\s?[-–]\s?\d{1,5})?)(?=\s*(?:[.;)]|,\s(?:and|see|ibid)\b|$))")
_PRINTED_DATE = rx.compile(rf"{DATE}[,”\"]*$")
# where the document's description starts: after a bracket, a semicolon, a sentence's end or
# the colon of a phrase the note is keyed to, and after a lead-in
_PRINTED_ITEM_START = rx.compile(r"(?:^|[(;]\s*|(?<![A-Z])(?<!Mr|Dr|St|Jr)(?<!Mrs)[.!?][”\"]?\s+(?=[A-Z“\"])|:\s+)"
                                 r"(?:(?:[Ss]ee|[Cc]f\.)(?:,?\s(?:for\sexample|also|e\.g\.),?)?\s|and\s|[Aa]lso,?\s)?")
_AND_ANOTHER = rx.compile(r"[\s,;]*(?:(?:and|also)\s)?")


def _printed_in_collections(text: str, registry: Registry) -> list[Citation]:
    """The dated documents TEXT cites in a published collection by its acronym, volume and
    pages (_PRINTED_IN): each a book's short form titled by the collection, the document its
    item with its date (the gold convention for FRUS and the like). Not an archive's acronym
    or a periodical's."""
    out: list[Citation] = []
    for m in _PRINTED_IN.finditer(text):
        title = m.group("title")
        acronym = title.split()[0].rstrip(",")
        if acronym in PERIODICAL_ACRONYMS or registry.get(acronym) is not None:
            continue
        date = _PRINTED_DATE.search(text, max(0, m.start() - 40), m.start() + 1)
        if date is None:
            continue
        start = _item_start(text, date.start(), max(0, m.start() - 300, out[-1].end if out else 0))
        if start >= date.start():
            continue  # no description before the date
        item = text[start : date.start()].strip(" ,“\"”")
        written = date.group().rstrip(",”\" ")
        iso = find_date(written)
        out.append(Citation(kind="book", raw=text[start : m.end()], title=title.rstrip(","),
                            volume=m.group("v1") or m.group("v2") or m.group("v3"),
                            pages=_dashed(m.group("pages")), item_title=item or None,
                            date=iso.iso if iso else written, short_form=True, start=start, end=m.end()))
    return out


def _with_printed_documents(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with the dated documents printed in collections (_printed_in_collections) in
    place of what the labeller read there; not over a reference with its authors, unless the
    labeller read the document's date and the collection into its title ("9 March 1948,
    DBPO", a "book" by "Strang to Bevin")."""
    printed = _printed_in_collections(text, registry)
    acronyms = [(c.title or "").split(",")[0].split()[0] for c in printed]
    kept = [o for o in found if o.authors and not any(a in (o.title or "") for a in acronyms)]
    return _in_place_of(found, [c for c in printed if not any(o.start < c.end and c.start < o.end for o in kept)])


def _item_start(text: str, date: int, floor: int) -> int:
    """Where the description of a dated document whose date starts at DATE begins: after a
    bracket, a semicolon, a sentence's end or the colon of the phrase the note is keyed to, and
    after a lead-in ("See, for example,"), no earlier than FLOOR (past an "and" there: the
    document after another)."""
    start = floor
    for b in _PRINTED_ITEM_START.finditer(text, floor, date):
        if text[b.start()] != "(" or ")" not in text[b.end() : date]:  # (a bracket closed in the description)
            start = b.end()
    if start == floor and floor:  # "…, CW, vol. 44, p. 423, and Lenin to his mother, 24 June 1907, …"
        start = _AND_ANOTHER.match(text, start).end()
    return start


# the papers a book names by its acronym, closing a dated document's citation
_ACRONYM_HINT = rx.compile(r",\s[A-Z][A-Z&/]+(?:\s[\d:./-]+[a-z]?)?\s*(?:[.;]|$)")


def _with_acronyms_named_last(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with the dated documents in papers the notes name by their own acronym ("Hansen
    to Trotsky, April 20, 1940, TEP 1823.": refcli.parsers.western.read_acronyms_named_last),
    each with its description as its item, in place of what the labeller read there; read
    after labelling (the labeller's notes of training were read without it)."""
    readings = []
    for c in read_acronyms_named_last(text, registry):
        start = _item_start(text, c.start, max(0, c.start - 300, readings[-1].end if readings else 0))
        item = text[start : c.start].strip(" ,“\"”") if start < c.start else ""
        readings.append(c.with_(raw=text[start : c.end], start=start, item_title=item or None)
                        if item else c)
    return _in_place_of(found, readings)


# a family name right before its pages, with no comma: "Mossolov p. 12", "Wonlar-Larsky pp 172-3"
_NAME_PAGES_HINT = rx.compile(r"[a-zа-яё]\s(?:pp?|[Сс])\.?\s?\d|[а-яё]\.\sС\.\s?\d")
_NAME_PAGES = rx.compile(
    r"\s*(?:(?:See|Cf\.|См\.:?)\s)?(?P<name>[A-ZА-ЯЁ][a-zа-яё'’]+(?:-[A-ZА-ЯЁ][a-zа-яё'’]+)?)"
    r"(?:\s(?:pp?|[Сс])|(?<=[а-яё])\.\sС)\.?\s?(?P<loc>\d{1,4}(?:\s?[-–]\s?\d{1,4})?(?:,\s?\d{1,4}(?:\s?[-–]\s?\d{1,4})?){0,4})"
    r"(?=\s*(?:[.;(]|$))")


def _name_then_pages(text: str, a: int, b: int, registry: Registry) -> Citation | None:
    """A clause that opens with a family name and its pages, no comma between them ("Mossolov
    p. 12."): a short form of that author's work; not an archive's name, a month or a lead-in."""
    m = _NAME_PAGES.match(text, a, b)
    if m is None:
        return None
    name = m.group("name")
    folded = name.casefold()
    if registry.get(name) is not None or folded in _NOT_A_NAME or folded in lexicon()["month"] \
            or folded in lexicon()["city"]:
        return None
    if text.startswith(".", m.end("name")) and not _RU_SURNAME.search(name):
        return None  # "Правда. С. 3.": a newspaper; "Маклаков. С. 579.": an author
    start, end = m.start("name"), m.end("loc")
    return Citation(kind="book", raw=text[start:end], authors=(Person(name),), pages=_dashed(m.group("loc")),
                    short_form=True, start=start, end=end)


def _title_word_not_author(c: Citation) -> Citation:
    """"Golder, War, Revolution and Peace in Russia, 53", "Possony, Lenin, p. 150": a title's
    first word after the author's name, read as a second author. Two authors joined by a comma
    alone, the second a single word that is no given name (not "Nagornaya, Irina"), no initial
    and not followed by a year ("Apter, Saich 1994: 49"), are one author and a title."""
    if c.kind not in ("book", "article", "chapter") or len(c.authors) != 2 or c.authors[1].given \
            or (c.authors[0].given is None and c.authors[0].family.casefold() in given_names()):
        return c
    first, second = c.authors
    at = _after_comma_of(c.raw, first.family, second.family)
    if at is None or len(second.family) < 3 or second.family.casefold() in given_names() \
            or not second.family[:1].isupper():
        return c
    rest = c.raw[at:]
    title = second.family
    if c.title and 0 <= (known := rest.find(c.title)) <= len(second.family) + 2:
        title = rest[: known + len(c.title)]  # the rest of the title, as the labeller read it
    return c.with_(authors=(first,), title=title)


def _after_comma_of(raw: str, first: str, second: str) -> int | None:
    """Where SECOND starts in RAW when it follows FIRST and a comma as a whole word that no
    year or page follows ("Golder, War, …"), else None."""
    i = raw.find(f"{first},")
    if i < 0 or (i > 0 and raw[i - 1].isalnum()):
        return None
    j = i + len(first) + 1
    while j < len(raw) and raw[j].isspace():
        j += 1
    end = j + len(second)
    if raw[j:end] != second or (end < len(raw) and raw[end].isalnum()) or raw[end:].lstrip()[:1].isdigit():
        return None
    return j


# the endings of most Russian family names (Маклаков, Тюкавкин, Троцкий, Шевченко, Ковальчук)
_RU_SURNAME = rx.compile(r"(?:[оеё]в|[иы]н|[сц]к(?:ий|ой|ая)|[оеи]ва|[иы]на|енко|[юу]к|[ое]вич|ман|ер)$")


def _surname_for_title(c: Citation) -> Citation:
    """"Сидельников. С. 98": a Russian family name and pages, read as a one-word title, is the
    author of a short form."""
    if c.kind not in ("book", "other") or c.authors or not c.title or " " in c.title \
            or not _RU_SURNAME.search(c.title) or not c.title[:1].isupper() or not _CYRILLIC.match(c.title) \
            or c.year or c.city or c.publisher or c.container or not c.pages:
        return c
    return c.with_(kind="book", authors=(Person(c.title),), title=None, short_form=True)


_NOT_A_NAME = frozenset(["ibid", "ibidem", "see", "cf", "op", "loc", "там", "он", "она", "указ", "idem", "vol",
                         "part", "chapter", "appendix", "table", "figure", "note", "page", "source", "annex"])


def _read_short_form(text: str, a: int, b: int, registry: Registry) -> Citation | None:
    """A clause that is a short form and nothing else ("Catterall, Macmillan Diaries, 111,
    114–15."): the author's family name, a short title and the pages, read where the labeller
    read nothing in the note. Not a place and a year ("Moscow, Progress, 1975"), not an
    archive's acronym."""
    t = _TITLE_PAGE.match(text, a, b)
    if t is not None and (t.end() == b or (t.group("stop").startswith(".") and text[t.end()].isupper())):
        start, end = t.start("editor") if t.group("editor") else t.start("title"), t.end("loc")
        title = t.group("title")
        if title is None or (registry.get(title) is None and title.casefold() not in ("ibid", "see", "cf")):
            return Citation(kind="book", raw=text[start:end], title=title, volume=t.group("vol"),
                            editors=(Person(t.group("editor")),) if t.group("editor") else (),
                            pages=_dashed(t.group("loc")), short_form=True, start=start, end=end)
    m = _SHORT_FORM.fullmatch(text, a, b)
    if m is None:
        return _author_and_pages(text, a, b, registry)
    if (any(_YEAR_ALONE.fullmatch(n) for n in re.findall(r"\d+", m.group("loc")))
            or registry.get(m.group("authors")) is not None):
        return None
    if m.group("title").strip().casefold() in ("ibid", "ibid.", "op. cit", "там же", "там само"):
        return None
    people = parse_people(m.group("authors"))
    start, end = m.start("authors"), m.end("loc")
    # a title in quotes is a part's, an article's most often (the notes' corpus: 87 of the 156
    # quoted short titles, chapters 44, books 25)
    kind = "article" if m.group("title")[0] in "“\"‘" else "book"
    return Citation(kind=kind, raw=text[start:end], authors=people.persons, et_al=people.et_al,
                    title=m.group("title").strip("“”\"«»‘’ ,"), short_form=True, start=start, end=end,
                    pages=_dashed(m.group("loc")))


# the short form of GOST-style notes that name the author by the family name alone: the name,
# a full stop, the short title, a full stop and the page ("Кун. КИВД. С. 48.", "Lazitch.
# Lénine et la IIIe Internationale. P. 48.", "Сталин. Об основах ленинизма. С. 21. В этом …")
_DOTTED_HINT = rx.compile(r"\.\s(?:[СсPpS]|pp)\.\s?\d")
_DOTTED_LEAD = r"\s*(?:(?:См\.|See|Cf\.):?\s+)?"
# (a volume perhaps, then the page, to the clause's end)
_DOTTED_PAGE = rf"(?:(?:Т|Vol|vol)\.\s?(?P<vol>\d{{1,2}})\.\s)?(?:[СсPpS]|pp)\.\s?{_PAGE_LIST}(?=\s*(?:[.;]|$))"
_DOTTED_SHORT = rx.compile(
    _DOTTED_LEAD + r"(?P<authors>[A-ZА-ЯЁ][a-zа-яёéèáíóúüöäç'’\-]{1,20})\.\s"
    r"(?P<title>[A-ZА-ЯЁ«“\"][^.;/]{1,150}?)\.\s" + _DOTTED_PAGE)
# a title alone before the page, where nothing was read in the clause ("СССР в борьбе за мир
# накануне Второй мировой войны. С. 604.", "Socialism Victorious. P. 299."): the short form of
# a collection or an anonymous work; two words at least (one is a periodical's name)
_DOTTED_TITLE = rx.compile(_DOTTED_LEAD + r"(?P<title>[A-ZА-ЯЁ«“\"][^.;/\s]*\s[^.;/]{1,200}?)\.\s" + _DOTTED_PAGE)
_NOT_A_NAME = frozenset({"ibid", "там", "см", "see", "cf", "op", "loc", "idem", "он", "она", "они"})
# Russian nouns that open a collection's title ("Лубянка. Сталин и ВЧК-ГПУ-ОГПУ-НКВД. С. 748.")
# end so; family names seldom do
_NOUN_ENDING = rx.compile(r"(?:ка|ия|ние|ость|ство|ция|ьба)$")


def _dotted_short_forms(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with each clause that opens with a dotted short form read as one, in place of
    what was read there without an author. Not a periodical, a city, a month or an archive
    by its name ("Правда. Передовая. С. 1.")."""
    readings = []
    lex = lexicon()
    for a, b in split_segments(text):
        m = _DOTTED_SHORT.match(text, a, b)
        if m is None:
            t = _DOTTED_TITLE.match(text, a, b)
            if t is not None and not any(c.start < b and a < c.end for c in found) \
                    and t.group("title").split()[0].casefold().strip(".,") not in _NOT_A_NAME:
                start, end = t.start("title"), t.end("loc")
                readings.append(Citation(kind="book", raw=text[start:end], title=t.group("title").strip("“”\"«» "),
                                         volume=t.group("vol"), pages=_dashed(t.group("loc")), short_form=True,
                                         start=start, end=end))
            continue
        name = m.group("authors")
        folded = name.casefold()
        if (folded in _NOT_A_NAME or folded in PERIODICAL_WORDS or registry.get(name) is not None
                or _NOUN_ENDING.search(folded)
                or any(folded in lex[k] for k in ("city", "month", "journal", "publisher"))):
            continue
        if any(c.authors and c.start < m.end("loc") and m.start("authors") < c.end for c in found):
            continue  # an author was read there already
        start, end = m.start("authors"), m.end("loc")
        readings.append(Citation(kind="book", raw=text[start:end], authors=(Person(name),),
                                 title=m.group("title").strip("“”\"«» "), volume=m.group("vol"),
                                 pages=_dashed(m.group("loc")), short_form=True, start=start, end=end))
    return _in_place_of(found, readings) if readings else found


def _author_and_pages(text: str, a: int, b: int, registry: Registry) -> Citation | None:
    """A clause that is an author and pages and nothing else ("Wood, 25."): a short form whose
    title the notes leave out (the resolver finds the work by its author). Not a place and a
    year ("Moscow, 1937"), not an archive and its leaf ("GARF, 45"), not an abbreviation in
    capitals ("WSCHCS, 8065": a source of the book's own list)."""
    m = _AUTHOR_PAGE.fullmatch(text, a, b)
    if m is None or m.group("authors").isupper() or any(_YEAR_ALONE.fullmatch(n) for n in re.findall(r"\d+", m.group("loc"))) \
            or registry.get(m.group("authors")) is not None \
            or any(m.group("authors").casefold() in lexicon()[k] for k in ("city", "month")):
        return None
    people = parse_people(m.group("authors"))
    start, end = m.start("authors"), m.end("loc")
    return Citation(kind="book", raw=text[start:end], authors=people.persons, short_form=True, start=start,
                    end=end, pages=_dashed(m.group("loc")))


# a title that is a page: "Buxhoeveden, p. 69, and Mouchanow, pp. 54–5, record …" read as one
# short form entitled "p. 69, and Mouchanow"; each name and its pages is a short form
_TITLE_IS_PAGE = rx.compile(r"(?:pp?|[Сс])\.\s?\d")
_NAME_PAGE_MARKED = rx.compile(rf"(?:^|(?<=,\s)|(?<=\sand\s)|(?<=;\s))(?P<authors>{_NAME}),\s(?:pp?|[Сс])\.\s?{_PAGE_LIST}")


def _pages_for_titles(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with each book whose title is a page, or which has no title and holds two names
    with their pages, read as a short form per name and pages."""
    out: list[Citation] = []
    for c in found:
        marked = []
        if c.kind == "book" and (not c.title or _TITLE_IS_PAGE.match(c.title)):
            marked = list(_NAME_PAGE_MARKED.finditer(text, c.start, c.end))
        if len(marked) < (1 if c.title else 2):
            out.append(c)
            continue
        reads = [r for m in marked if (r := _author_and_pages(text, m.start(), m.end(), registry)) is not None]
        out.extend(reads or [c])
    return out


# the author–date short form of notes that cite a bibliography: "Rhodes (1995), 482–87",
# "Bernstein (1987: 46–7)", "Hewlett and Duncan (1990), 249–51", "Leasor (ed.) (1959: 69)"
_AUTHOR_DATE_HINT = rx.compile(r"\((?:1[5-9]|20)\d\d[a-z]?(?:\s\[(?:1[5-9]|20)\d\d\])?[:)]")
# (a volume may follow the name, "Pogue IV (1987:139)"; the year of the edition used may follow
# the first edition's, "Bidault (1965 [1967]:40)"; pages may be a preface's, "(1999:vii–viii, 15–55)")
_ROMAN_PAGES = r"[ivxlc]{1,7}(?:\s?[-–]\s?[ivxlc]{1,7})?"
_DATED_PAGES = rf"(?:{_ROMAN_PAGES}|\d+(?:\s?[-–]\s?\d+)?)(?:,\s?(?:{_ROMAN_PAGES}|\d+(?:\s?[-–]\s?\d+)?)){{0,6}}"
_AUTHOR_DATE = rx.compile(
    rf"(?P<authors>{_NAME}(?:,\s{_NAME}){{0,3}}(?:,?\s(?:and|&|и)\s{_NAME}|\set\sal\.)?)"
    r"(?:\s(?P<vol>[IVX]{1,5}))?"
    r"(?P<ed>\s\((?:eds?|ред)\.\))?\s\((?P<year>(?:1[5-9]|20)\d\d[a-z]?)(?:\s\[(?:1[5-9]|20)\d\d\])?"
    rf"(?::\s?(?:pp?\.\s?)?(?P<inner>{_DATED_PAGES}))?\)"
    rf"(?:,\s(?:pp?\.\s?)?(?P<loc>{_DATED_PAGES})(?!\w|\.\w))?")
# what may come right before it: the start of the note or of a clause, a colon (after a topic:
# "Mike: Hansen (1988), 54–55"), a bracket, or a word leading into a reference
_AUTHOR_DATE_BEFORE = rx.compile(
    r"(?:^|[;:.(]|\b(?:[Ss]ee|[Ii]n|and|also|[Cc]f\.|e\.g\.,?|by|[Сс]м\.|[Вв]|for\sexample,|for\sinstance,)\s*)$")


# another author–date form after this one: "See also Harbutt (1986) and Trachtenberg (1999: 15)"
_AND_NEXT = rx.compile(rf"\s(?:and|&)\s{_NAME}(?:\s[IVX]{{1,5}})?\s\((?:1[5-9]|20)\d\d")


def _not_authors(names: str, registry: Registry) -> bool:
    """Whether the names before an author–date's year are an abbreviation in capitals, or open
    with an archive, a city or a month."""
    first = names.split()[0].strip(",")
    return (names.isupper() or registry.get(first) is not None
            or any(first.casefold() in lexicon()[k] for k in ("city", "month")))


def _author_dates(text: str, registry: Registry) -> list[Citation]:
    """The author–date short forms of TEXT: a family name (or two, or "et al."), perhaps
    "(ed.)", the year in brackets and the pages inside them or after. The name opens the note
    or a clause, or follows a lead-in ("see", "in", "and"); a title's last word before a year
    ("Keeping Faith (1982)", "the Cold War (1993)") is not a name, nor a city, a month, an
    archive or a lifespan ("Stalin (1879–1953)")."""
    out = []
    for m in _AUTHOR_DATE.finditer(text):
        after = text[m.end() : m.end() + 2]
        if not (m.group("inner") or m.group("loc")) and after.strip(" .;)") and not after.startswith((".", ";", ")")) \
                and not _AND_NEXT.match(text, m.end()):
            continue  # neither pages nor the end of a clause: "Package (1980),” Box 3"
        head = text[max(0, m.start() - 16) : m.start()].rstrip()
        if not _AUTHOR_DATE_BEFORE.search(head):
            continue
        names = m.group("authors")
        if _not_authors(names, registry):
            continue
        people = parse_people(names)
        loc = m.group("inner") or m.group("loc")
        editors = bool(m.group("ed"))
        out.append(Citation(kind="book", raw=m.group(), start=m.start(), end=m.end(), short_form=True,
                            authors=() if editors else people.persons, et_al=people.et_al,
                            editors=people.persons if editors else (), year=m.group("year"),
                            volume=m.group("vol"), pages=_dashed(loc) if loc else None))
    return out


# the author–date references in square brackets of Russian scholarly notes (GOST R 7.0.5's
# in-text form) and of translations into Russian: "[Taylor 1940]", "[Apter, Saich 1994: 49–54]",
# "[Friedman et al. 1991: 44–51]", "[Иванов, 2005, с. 34]", several joined by semicolons
_SQUARE = rx.compile(r"\[(?P<inside>[^\[\]]{6,400})\]")
_PARTICLE_NAME = rf"(?:(?:van|von|de|der|den|di|da|du|le|la|ten|ter)\s){{0,3}}{_NAME}"
_SQUARE_ITEM = rx.compile(
    r"(?:(?:[Сс]м\.|[Ss]ee|[Cc]f\.)(?:\sтакже|\salso)?:?\s)?"
    rf"(?P<authors>{_PARTICLE_NAME}(?:,\s{_PARTICLE_NAME}){{0,3}}(?:,?\s(?:and|&|и)\s{_PARTICLE_NAME})?"
    r"(?:\s(?:et\sal\.|и\sдр\.))?),?\s(?P<year>(?:1[5-9]|20)\d\d[a-zа-я]?)"
    rf"(?:(?::\s?|,\s(?:[СсPpS]\.|pp\.)\s?)(?P<loc>{_DATED_PAGES}))?\.?")
_NAME_SEPARATORS = rx.compile(r",?\s(?:and|&|и)\s|,\s")  # (every name of an author–date list is a family name)
_SQUARE_HINT = rx.compile(r"\[[^\[\]]{2,200}?\s(?:1[5-9]|20)\d\d[a-zа-я]?[:,;\]]")


def _square_author_dates(text: str, registry: Registry) -> list[Citation]:
    """The author–date references in square brackets in TEXT, each of a group's items that is
    family names and a year (and pages after a colon or "с."/"p."); a month, a city or an
    archive before a year is no author ("[August 1989]", "[Moscow 1998]")."""
    out = []
    for g in _SQUARE.finditer(text):
        at = g.start("inside")
        for piece in g.group("inside").split(";"):
            lead = len(piece) - len(piece.lstrip())
            m = _SQUARE_ITEM.fullmatch(piece.strip())
            start, at = at + lead, at + len(piece) + 1
            if m is None:
                continue
            names = m.group("authors")
            if _not_authors(names, registry):
                continue
            et_al = names.endswith((" et al.", " и др."))
            families = _NAME_SEPARATORS.split(names.removesuffix(" et al.").removesuffix(" и др."))
            a = start + m.start("authors")
            loc = m.group("loc")
            out.append(Citation(kind="book", raw=text[a : start + m.end()].rstrip("."), start=a,
                                end=start + m.end(), short_form=True, et_al=et_al, year=m.group("year"),
                                authors=tuple(Person(family=f) for f in families if f),
                                pages=_dashed(loc) if loc else None))
    return out


def _with_author_dates(seq: NoteSequence, found: list[Citation], registry: Registry,
                       labeller: Labeller) -> list[Citation]:
    """FOUND with each author–date short form of the note (_author_dates) in place of what the
    labeller made of it; a reading that ran on from before it or past it keeps only its own
    part, read again ("Minutes, Apr. 23–25, 1948, GAC no. 9; Seidel (1983), 394."). Not where
    a shelfmark, an Ibid. or an op. cit. was read."""
    text = seq.text
    dates = sorted(_author_dates(text, registry) + _square_author_dates(text, registry), key=lambda c: c.start)
    if not dates:
        return found
    out = list(found)
    for d in dates:
        inside = [c for c in out if c.start < d.end and d.start < c.end]
        if any(c.kind in ("archival", "ibid", "op_cit") for c in inside):
            continue
        kept = [c for c in out if c not in inside]
        for c in inside:
            for a, b in ((c.start, d.start), (d.end, c.end)):
                piece = text[a:b]
                lead = len(piece) - len(piece.lstrip(" ,;:.()"))
                piece = piece.strip(" ,;:.()")
                if len(piece) < 4 or not any(ch.isalpha() for ch in piece):
                    continue
                kept.extend(_read_again(text, a + lead, a + lead + len(piece), registry, labeller))
        kept.append(d)
        out = sorted(kept, key=lambda c: c.start)
    return out


def _unplaced_document(text: str, a: int, b: int, found: list[Citation]) -> Citation | None:
    """The unpublished document the clause TEXT[A:B] is (read_unplaced_document), unless the
    next clause is a shelfmark, the document's place ("Letter from Stalin to Lenin, 3 October
    1918; RGASPI, f. 558, …")."""
    if any(c.kind == "archival" and b <= c.start <= b + 3 for c in found):
        return None
    return read_unplaced_document(text, a, b)


def _read_abbreviated(text: str, a: int, b: int, registry: Registry) -> Citation | None:
    """A clause citing a source by an abbreviation and pages only ("WSCHCS, 7800."): a book's
    short form titled by the abbreviation (the notes' list of abbreviations names the work);
    the author's notes of talks as a pair of initials ("LBJ/DHK."): a source of its own. An
    archive's acronym is neither."""
    m = _ABBREVIATED.match(text, a, b)
    if m is not None and m.end() < b and not (text[m.end("loc") : m.end()].startswith(".")
                                             and text[m.end()].isupper()):
        m = None  # the clause goes on: only a sentence after the full stop may follow
    if m is None:
        pair = _PAIR_ALONE.match(text, a, b)
        if pair is None:
            return None
        return Citation(kind="other", raw=pair.group("abbr"), title=pair.group("abbr"),
                        start=pair.start("abbr"), end=pair.end())
    if registry.get(m.group("abbr")) is not None:
        return None
    start, end = m.start("abbr"), m.end("loc")
    return Citation(kind="book", raw=text[start:end], title=m.group("abbr"), volume=m.group("vol"),
                    pages=_dashed(m.group("loc")), short_form=True, start=start, end=end)


# an editor the labeller left at the head of the title: "Warrington Dawson (ed.), The War Memoirs"
_EDITOR_IN_TITLE = rx.compile(
    r"(?P<names>[A-ZА-ЯЁ][\w.'’-]*(?:\s[A-ZА-ЯЁ][\w.'’-]*){0,3}"
    r"(?:\s(?:and|&|и)\s[A-ZА-ЯЁ][\w.'’-]*(?:\s[A-ZА-ЯЁ][\w.'’-]*){0,3})?)"
    r"\s\((?:eds?|ред)\.?\),?\s+(?P<title>\S.*)", re.DOTALL)


def _editor_out_of_title(c: Citation) -> Citation:
    """"Warrington Dawson (ed.), The War Memoirs of William Graves Sharp (London, 1931)": the
    name before "(ed.)" is the book's editor, not the head of its title."""
    if c.kind not in ("book", "chapter") or c.authors or c.editors or not c.title:
        return c
    m = _EDITOR_IN_TITLE.fullmatch(c.title)
    if m is None:
        return c
    return c.with_(editors=parse_people(m.group("names")).persons, title=m.group("title").strip())


# the title first, then the author, as some British popular histories write a book: "Thirteen
# Years at the Russian Court, Pierre Gilliard (Hutchinson, 1921), p.65.", "Lost Splendour, Prince
# Yusupov (Jonathan Cape, 1953)", "The Ochrana, A.T. Vassilyev (Harrap, 1930)"
_HONORIFIC = r"(?:Prince|Princess|Sir|Lord|Lady|Count|Countess|Baron|Baroness|Dr\.|General|Grand\sDuke(?:ss)?)"
_TITLE_THEN_AUTHOR = rx.compile(
    r"(?:^|(?<=[.;]\s)|(?<=\bin\s))(?P<title>[A-Z][^,()\[\];:]{1,100}?(?:,\s(?:[a-z]|Vol\.\s|Part\s)[^,()\[\];]{1,60}?)?),\s"
    rf"(?P<name>(?P<hon>{_HONORIFIC}\s)?(?P<initials>(?:[A-Z]\.\s?){{1,3}})?(?P<given>[A-Z][a-z]+\s(?:[A-Z]\.\s)?)?"
    r"(?P<family>(?:(?:[A-Z][\w'’\-]+|de|De|van|von|da)\s){0,2}[A-Z][\w'’\-]+))"
    r"(?=\s\([^()]{0,80}(?:1[5-9]|20)\d\d\)|,\s(?:translated|trans\.|ed\.|edited))")
# a "title" that is a lead-in and a person ("Quoted in John L. Cobbs, Understanding John Le Carré
# (…)"): the name is its end, the title follows it
_LEAD_OR_NAME = rx.compile(r"^(?:Quoted|Cited|See|Cf\.|Also|As)\s|\b[A-Z]\.\s?[A-Z][\w'’\-]+$")
_IMPRINT_AFTER = rx.compile(r"[^()]{0,200}?\([^()]{0,80}?((?:1[5-9]|20)\d\d)\)")
_PAGES_AFTER = rx.compile(r",\s(?:pp?\.\s?)?(\d+(?:\s?[-–]\s?\d+)?)")
_NOT_IN_NAMES = frozenset({"the", "a", "an", "of", "and", "in", "on"})


def _titles_before_authors(text: str, found: list[Citation]) -> list[Citation]:
    """FOUND with the books written title first (_TITLE_THEN_AUTHOR) given their author and
    title: the name has an honorific, initials or a known given name, and the title before it
    is not itself a person's name ("David Brandenberger, Joseph Stalin (2010)" stays)."""
    out = list(found)
    for m in _TITLE_THEN_AUTHOR.finditer(text):
        name, title = m.group("name"), m.group("title")
        given, words = m.group("given"), title.split()
        if words[0].casefold() in given_names() or _INITIAL_HEAD.match(title) or _LEAD_OR_NAME.search(title) \
                or any(w.casefold() in _NOT_IN_NAMES for w in name.split()):
            continue
        # a name with an honorific, initials or a known given name; or a given name and a family
        # name after a title that has a word in small letters ("Rasputin, the Last Word,
        # Edvard Radzinski (…)"), which a list of names ("Zubok and Pleshakov") has not
        if not (m.group("hon") or m.group("initials") or (given and given.split()[0].casefold() in given_names())
                or (given and any(w.islower() and w not in ("and", "&", "et", "al") for w in words))):
            continue
        people = parse_people(name[len(m.group("hon") or ""):]).persons
        if not people:
            continue
        imprint = _IMPRINT_AFTER.match(text, m.end())
        end_at = imprint.end() if imprint else m.end()
        inside = [c for c in out if c.start < end_at and m.start() < c.end]
        if any(c.kind in ("archival", "ibid", "op_cit") for c in inside):
            continue
        if not inside:
            if imprint is None:
                continue
            pages = _PAGES_AFTER.match(text, end_at)
            end = pages.end() if pages else end_at
            out = sorted([*out, Citation(kind="book", raw=text[m.start():end], authors=people, title=title,
                                         year=imprint.group(1), pages=_dashed(pages.group(1)) if pages else None,
                                         start=m.start(), end=end)], key=lambda c: c.start)
            continue
        if any(c.authors and c.authors[0].family == people[0].family and c.title == title for c in inside):
            continue
        base = max(inside, key=lambda c: c.end - c.start)
        end = max(c.end for c in inside)
        kind = base.kind if base.kind in ("book", "chapter") else "book"
        merged = base.with_(kind=kind, authors=people, title=title, start=m.start(), end=end,
                            raw=text[m.start():end], year=base.year or (imprint.group(1) if imprint else None))
        out = sorted([*(c for c in out if c not in inside), merged], key=lambda c: c.start)
    return out


_INITIAL_HEAD = rx.compile(r"[A-Z]\.\s?[A-Z]")


# "quoted by Kappeler in La Russie, 96", "quoted by Schnitzler, Etudes sur l’empire des tsar,
# 463–64": the work a passage is quoted from, by its author's family name and its short title
_QUOTED_BY = rx.compile(
    r"\b[Qq]uoted\sby\s(?P<name>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?:\sin|,)\s"
    r"(?P<title>[^\W\d_][^,;()“”\"]{1,100}),\s(?P<pages>\d{1,4}(?:\s?[-–]\s?\d{1,4})?)(?=\s*(?:[.;]|$))")


def _quoted_by(text: str) -> list[Citation]:
    """The works a note quotes a passage from "quoted by" their author, each a short form
    marked quoted_in."""
    return [Citation(kind="book", raw=text[m.start("name") : m.end()], authors=(Person(family=m.group("name")),),
                     title=m.group("title").strip(), pages=_dashed(m.group("pages")), short_form=True,
                     quoted_in=True, start=m.start("name"), end=m.end())
            for m in _QUOTED_BY.finditer(text)]


# a box, carton or folder and then, closing the clause, the initials of the papers it is in;
# a folder's title quoted with the comma inside the closing quote before its box; a folder
# named by a person, family name first (refcli.parsers.western.read_unnamed_boxes, LATE)
_BOXES_READ_LATE = rx.compile(r"(?:[Bb]ox(?:es)?|[Cc]artons?|[Ff]older)\s\d{1,5}[A-Za-z]?,\s[A-Z]{3,6}\.?\s*(?:$|;)"
                              r"|,[”\"]\s[Bb]ox\s\d|\b[Ff]older\s[A-Z][\w'’-]+,\s[A-Z][a-z]")


def _with_papers_named_last(text: str, found: list[Citation], registry: Registry) -> list[Citation]:
    """FOUND with the files of papers in the forms read after labelling: the papers named last
    by their initials ("Cooksey to Loomis, Mar. 24, 1948, folder 10, carton 46, EOL."), a
    quoted folder title with the comma inside the quote, a person's folder ("folder Meyer,
    Cord"); in place of what the labeller read there, not where a shelfmark or a
    back-reference was read. A reading of the same papers by fewer of their levels ("3 March
    1958, box 7, folder Lowe, Ann, Hart Papers": the papers alone, after a date) gives way,
    its document kept."""
    readings = []
    for d in read_unnamed_boxes(text, registry, late=True):
        fewer = [c for c in found if c.kind == "archival" and c.archive is None and c.collection == d.collection
                 and d.start <= c.start and c.end <= d.end]
        if fewer:
            found = [c for c in found if c not in fewer]
            d = d.with_(date=d.date or fewer[0].date, item_title=d.item_title or fewer[0].item_title)
        readings.append(d)
    return _in_place_of(found, readings)


# the offices an editor's note names a person by ("Wladyslaw Gomulka, First Secretary of the
# Polish United Workers' Party."; "Paul-Henri Spaak, Belgian Foreign Minister.")
_OFFICE = rx.compile(
    r"(?<![^\W\d_])(?:[Mm]inister|[Ss]ecretary|[Aa]mbassador|[Pp]resident|[Cc]hairman|[Dd]irector|[Pp]remier"
    r"|[Cc]hancellor|[Cc]ommander|[Cc]hief|[Dd]eputy|[Cc]ounsel(?:l)?or|[Mm]ayor|[Gg]overnor|[Ss]enator"
    r"|[Cc]onsul|[Ll]eader|[Hh]ead|[Ee]nvoy|[Aa]ttaché|[Oo]fficer|[Mm]ember|[Cc]ommissioner|[Aa]dvis[eo]r"
    r"|[Aa]ssistant|[Pp]rofessor|[Ll]ecturer|[Dd]ean|[Dd]elegate|[Rr]epresentative|[Aa]dmiral|[Mm]arshal"
    r"|[Cc]olonel|[Cc]ommandant|[Cc]ommanding|[Oo]fficial|[Cc]orrespondent|[Cc]ommissar(?:iat)?)(?![^\W\d_])"
    # ... or a description opening in lower case: "a scholar of Vietnam", "then First Lord"
    r"|(?:^|,\s)(?:an?|the|then|later|formerly|former)\s")
# a rank or title of nobility before a name, which the labeller reads as an author
_RANKS = frozenset(["General", "Admiral", "Marshal", "Colonel", "Captain", "Major", "Lieutenant", "Count",
                    "Countess", "Lord", "Lady", "Sir", "Prince", "Princess", "King", "Queen", "Baron", "Earl",
                    "Duke", "Generalissimo", "Brigadier", "Commodore"])
# a name alone: up to five capitalised words or initials, with the particles of names
_NAME_WORD_OR_PARTICLE = r"(?:[A-Z][\w'’.\-]*+|de|da|di|do|dos|van|von|der|den|la|le|y)"
_A_NAME = rx.compile(rf"{_NAME_WORD_OR_PARTICLE}(?:\s{_NAME_WORD_OR_PARTICLE}){{0,4}}")
# a term of office, read as a title ending in its first year and a page ("Ambassador to
# Germany 1920-26")
_TERM_OPEN = rx.compile(r"(?<!\d)1[89]\d\d\s*[-–]\s*$")


def _a_person_identified(c: Citation) -> bool:
    """A "book" that is a person and the office they held (an editor's note identifying
    someone: "Sir William Strang, Permanent Under-Secretary, UK Foreign Office (German
    Section)", "Joseph Buttinger, a scholar of Vietnam"), not a work: a name, then an office
    or a description, with no year, page, imprint or container. A place in brackets with no
    publisher, or an institution read as a publisher with no place, is the office's, not an
    imprint; a two-digit "page" after a title ending in a year is the end of a term of office
    ("Ambassador to Germany 1920-26")."""
    if c.kind not in ("book", "article") or not c.authors or not c.title:
        return False
    title = c.title.strip(" ,.")
    term = c.pages is not None and c.pages.isdigit() and len(c.pages) == 2 and _TERM_OPEN.search(title)
    if c.year or (c.pages and not term) or c.volume or (c.publisher and c.city) or c.container or c.url:
        return False
    if c.authors[0].family in _RANKS and not (c.city or c.publisher or c.pages) and _A_NAME.fullmatch(title):
        return True  # "General A.O. Fragoso de Carmona.": a rank read as the author, the name as the title
    return (_OFFICE.search(title) is not None and not title.startswith(("“", '"', "«", "‘", "'"))
            and len(title.split()) <= 16)


# (a hint only: _idem compares the author's name itself; opening with a character class lets
# the engine skip to the next possible start at once)
_IDEM_HINT = rx.compile(r"[IiEe]a?dem|[Оо]на?\s+же")
_IDEM = frozenset(["idem", "eadem", "он же", "она же"])


def _idem(found: list[Citation]) -> list[Citation]:
    """"idem, “Different Concepts of Personality”": the author of the work cited before it in
    the note, not a person named Idem."""
    out: list[Citation] = []
    for c in found:
        names = [p.family.casefold().strip(". ") for p in c.authors]
        if names and names[0] in _IDEM:
            earlier = next((e for e in reversed(out) if e.authors and e.authors[0].family.casefold() not in _IDEM), None)
            if earlier is not None:
                c = c.with_(authors=earlier.authors + c.authors[1:])
        out.append(c)
    return out


def _with_personal(text: str, found: list[Citation]) -> list[Citation]:
    """FOUND with the interviews and diaries the note cites (refcli.parsers.personal): each
    added where nothing was read, or in place of what the labeller made of it when that holds
    less than a reference (no title: an "author" run of "Author's interview with ...")."""
    personal = find_personal(text)
    if not personal:
        return found
    kept = list(found)
    for p in personal:
        overlapped = [c for c in kept if c.start < p.end and p.start < c.end]
        if any(_keeps_its_reading(c, p) for c in overlapped):
            continue
        held = next((c for c in kept if c.kind == "archival" and p.end <= c.start
                     and _ADJACENT.fullmatch(text, p.end, c.start)), None)
        if held is not None:
            # "Kennan diary, March 3, 1950, Kennan Papers": the diary is the unit's item
            whole = held.with_(start=p.start, raw=text[p.start : held.end],
                               item_title=held.item_title or p.item_title or p.raw,
                               date=held.date or p.date)
            kept = [whole if c is held else c for c in kept if c not in overlapped]
            continue
        paged = next((c for c in overlapped if c.pages), None)
        if paged is not None and not p.pages and paged.end > p.end:
            # "Rodimtsev, interview, pp. 298–301": the pages the labeller read after it are its
            p = p.with_(pages=paged.pages, end=paged.end, raw=text[p.start : paged.end])
        gone = {id(c) for c in overlapped}
        kept = [c for c in kept if id(c) not in gone] + [p]
    kept.sort(key=lambda c: c.start)
    return kept


_SPOKEN_TITLE = rx.compile(r"^(?:a\s|an\s|the\s)?(?:telephone\s|personal\s)?(?:interview|press conference|speech|remarks|"
                           r"discussion|conversation|correspondence|e-?mail|letter|message)"
                           r"(?![\w-])", re.IGNORECASE)


def _keeps_its_reading(c: Citation, p: Citation) -> bool:
    """Whether the labeller's reading C stays where the interview or diary P was found: a
    shelfmark or back-reference does, an ``other`` with a title (its names as the labeller
    read them), and a titled work unless its "title" is the interview's own words ("telephone
    interview by author") or says who the person was."""
    if c.kind in ("archival", "ibid", "op_cit", "other"):
        return c.kind != "other" or _titled(c)
    if c.title and p.start <= c.start and f"“{c.title}" in p.raw:
        return False  # the person's nickname in quotes: "Dariel Alarcón Ramírez, “Benigno,” interview …"
    return _titled(c) and not _SPOKEN_TITLE.search(c.title or "") and not _inside_unpublished(c, p)


def _inside_unpublished(c: Citation, p: Citation) -> bool:
    """Whether C lies inside the interview P and nothing publishes it: the labeller's "title"
    of words that say who the person was ("Stanislav Alekseyev, a party propagandist …")."""
    return p.start <= c.start and c.end <= p.end and not (c.city or c.publisher or c.container or c.year)


def _titled(c: Citation) -> bool:
    """Whether C has what names a work: a title of some length (shelfmarks and
    back-references need none)."""
    return c.kind in ("archival", "ibid", "op_cit") or bool(c.title and len(c.title) > 3)


def _quality(c: Citation) -> int:
    """How much of a reference a citation holds: names, a title, an imprint, a locator."""
    if c.kind in ("archival", "ibid", "op_cit"):
        return 6
    title_ok = bool(c.title) and len(c.title) > 3 and not _LEAD_IN.match(c.title + " ")
    return (2 * bool(c.authors or c.editors) + 2 * title_ok + bool(c.year) + bool(c.pages)
            + bool(c.city or c.publisher or c.container or c.url) + bool(c.item_title))


def _inside_commentary(seq: NoteSequence, found: list[Citation], registry: Registry,
                       labeller: Labeller) -> list[Citation]:
    """FOUND, with the references the first pass left in commentary or misread, read again
    on their own: what a bracket holds ("... (Mikoyan A. I. So it was / / Military
    Literature website ...)") and what follows a lead-in ("... is cited in Wolfe, Three Who
    Made a Revolution, p. 453"), when it looks like a reference (a year, a page, '//', a
    URL). A second reading replaces first-pass citations it overlaps only when it holds
    more of a reference. At most a few second readings per note."""
    text = seq.text
    kept = list(found)
    spans: list[tuple[int, int]] = []
    for m in _LEAD_IN.finditer(text):
        end = _clause_end(text, m.end())
        spans.append((m.end(), end))
    for m in _SOURCE_PHRASE.finditer(text):
        spans.append((m.end(), _clause_end(text, m.end())))
    depth_start: list[int] = []
    if "(" in text:  # (a closing bracket with none open counts for nothing)
        for m in _BRACKET.finditer(text):
            i = m.start()
            if m.group() == "(":
                depth_start.append(i + 1)
            elif depth_start:
                spans.append((depth_start.pop(), i))
    if depth_start:  # a bracket never closed runs to the end
        spans.append((depth_start[0], len(text)))
    looks = 0
    defined = {(g.start + 1, g.end - 1) for g in glosses(text)}
    # the largest spans first, and only so many of them, so that a long note stays linear
    for a, b in sorted(spans, key=lambda s: s[1] - s[0], reverse=True)[:_MAX_SPANS_EXAMINED]:
        if looks >= _MAX_SECOND_LOOKS:
            break
        if (a, b) in defined:
            continue  # "(hereafter RR)" defines an abbreviation, it cites nothing
        piece = text[a:b]
        if len(piece.strip()) < 12 or b - a > _MAX_SECOND_LOOK_CHARS \
                or not (_REFERENCE_LIKE.search(piece) or _SHORT_FORM_LIKE.match(piece)):
            continue
        overlapped = [c for c in kept if c.start < b and a < c.end]
        if any(_imprint_of(c, text, a, b) for c in overlapped):
            continue
        # a first-pass citation that starts before the bracket and runs into it ("its leader
        # (Cartois S. ...") may have misread where the reference starts: the reading of the
        # bracket alone wins a tie with it
        def worth(c: Citation, a: int = a, b: int = b) -> int:
            straddles = (c.start < a - 1 < c.end) or (a <= c.start < b and c.end > b + 1)
            return _quality(c) - 1 if straddles else _quality(c)

        if any(worth(c) >= 4 and worth(c) == _quality(c) and _titled(c) for c in overlapped):
            continue  # read well already (a citation without a title is read again)
        looks += 1
        sub = note_sequence(piece, registry)
        again = [c.with_(start=c.start + a, end=c.end + a) for c in assemble(sub, labeller.label(sub))
                 if c.kind != "archival" and not c.is_backref and (c.title or c.container or c.url)]
        if again and sum(map(_quality, again)) > sum(map(worth, overlapped)):
            gone = {id(c) for c in overlapped}
            kept = [c for c in kept if id(c) not in gone] + again
    kept.sort(key=lambda c: c.start)
    return kept


def _unopened_close(raw: str) -> int | None:
    """Where RAW first closes a bracket it never opened ("1930–1950-е гг.). Брянск, 2005"),
    or None."""
    depth = 0
    for i, ch in enumerate(raw):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return i
    return None


def _opening_bracket(text: str, end: int) -> int | None:
    """Where the bracket opens that TEXT[END] (a ')') closes, or None."""
    depth = 0
    for i in range(end, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


_SENTENCE_IN_CLAUSE = rx.compile(r"(?:[a-zа-яё]{3}|\d)\.\s+[A-ZА-ЯЁ][a-zа-яё]")


def _whole_brackets(text: str, found: list[Citation]) -> list[Citation]:
    """FOUND, where a citation starts inside a bracket opened before it, made whole. When the
    bracket opened inside the citation before ("(Moscow, 1904; repr. 2005), pp. 259–6"; "(Vol.
    120, No. 488; September 2005), pp. 932-62"), the two are one citation. When it opened in
    text no citation holds, that text is the names and title the labeller left out
    ("Дубровский А. М. Историк и власть … (1930–1950-е гг.). Брянск, 2005"; "Chen, “…”
    (Comrade Chen Yi's Report …), 192"): they are read from where the clause starts (the last
    semicolon or citation before the bracket) and put in front of the citation."""
    kept = list(found)
    for c in found:
        unopened = None if c.kind in ("archival", "ibid", "op_cit") else _unopened_close(c.raw)
        if unopened is None:
            continue
        close = c.start + unopened
        opened = _opening_bracket(text, close)
        if opened is None or opened >= c.start:
            continue
        before = [p for p in kept if p.end <= c.start]
        inside = [p for p in before if p.start < opened < p.end]
        if inside:
            first = inside[-1]
            if first.kind in ("archival", "ibid", "op_cit") or "//" in text[first.end:c.start] \
                    or any(p is not first and first.start < p.start < c.start for p in kept):
                continue
            whole = _joined(text, first, c)
            kept = [whole if p is first else p for p in kept if p is not c]
            continue
        if not text[close + 1 : c.end].strip(" .,;:"):
            continue  # "… neutrality (Jones, Blue and Gray, chap. 3).": a reference in brackets
        start = max([p.end for p in before] + [text.rfind(";", 0, opened) + 1, 0])
        head = text[start:opened]
        if "(" in head or ")" in head or _SENTENCE_IN_CLAUSE.search(head) or not 3 < len(head) <= 300:
            continue
        start += len(head) - len(head.lstrip(" ,.;:—–-"))
        lead = _LEAD_IN.match(text, start)
        if lead is not None:
            start = lead.end()
        named = _head_of(text[start:opened].rstrip(" ,.:"))
        if named is None:
            # "A systematic analysis … appears in Cao Shuji, Da jihuang: …": commentary, then
            # a lead-in word and the reference's head
            lead = _LAST_LEAD_WORD.match(text, start, opened)
            if lead is None:
                continue
            start = lead.end()
            named = _head_of(text[start:opened].rstrip(" ,.:"))
            if named is None or not named[0]:
                continue
        authors, title = named
        gloss = text[opened + 1 : close].strip()
        if _CYRILLIC.search(title):
            title = f"{title} {text[opened:close + 1]}"  # a Russian title's bracket is part of it
            gloss = ""
        whole = c.with_(kind="book" if c.kind == "other" else c.kind, start=start,
                        raw=text[start : c.end], authors=authors or c.authors, title=title,
                        title_translated=gloss if re.search(r"[A-Za-z]{4}", gloss) else c.title_translated)
        kept = [whole if p is c else p for p in kept]
    return kept


_LAST_LEAD_WORD = rx.compile(r".*\b(?:in|by|see|from|cf\.|of)\s+(?=[A-Z])", re.DOTALL)
_WESTERN_HEAD = rx.compile(r"(?P<names>(?:[A-Z][\w’'.-]*\s+){0,3}(?:\[[^\]]{2,40}\]|[A-Z][\w’'-]+)),\s+(?P<title>\S.*)")


def _head_of(head: str) -> tuple[tuple[Person, ...], str] | None:
    """The names and title of a reference's head, before its bracket: GOST's "Дубровский
    А. М. Историк и власть: …" or a Western "Chen, “Chen Yi …”", "Li Rui, Mao Zedong de
    zaonian yu wannian"; a title alone ("Zhou Enlai nianpu") has no names."""
    if _GOST_NAME_HINT.match(head):
        read = _gost_imprintless(head)
        if read and read[0].title:
            return read[0].authors, read[0].title
    m = _WESTERN_HEAD.fullmatch(head)
    if m is not None:
        people = parse_people(m.group("names").strip("[]")).persons
        if people:
            return people[:1], m.group("title").strip("“”\"«»‘’' ,")
    if head[:1].isupper() and "," not in head and len(head.split()) <= 12:
        return (), head.strip("“”\"«»‘’' ")
    return None


def _joined(text: str, first: Citation, rest: Citation) -> Citation:
    """FIRST and REST, the two halves of one reference cut inside its bracket, as one: the
    locator after the bracket is REST's."""
    filled = {f: getattr(rest, f) for f in ("volume", "issue", "year", "date", "city", "publisher",
                                            "container", "url", "item_title")
              if getattr(first, f) is None and getattr(rest, f) is not None}
    pages = rest.pages or (first.pages if first.pages != first.year else None)
    container = first.container.rstrip(" (") if first.container else filled.pop("container", None)
    return first.with_(end=rest.end, raw=text[first.start : rest.end], pages=pages, container=container, **filled)


def _imprint_of(c: Citation, text: str, a: int, b: int) -> bool:
    """Whether TEXT[A:B], a bracket inside citation C, is only C's imprint ("(New York:
    Norton, 1982)"): C runs around it, its names and title come before it, and its place,
    publisher or year is in it. Such a bracket needs no second reading."""
    if not (c.start < a and c.end >= b) or not c.title or not (c.authors or c.editors) or b - a > 80:
        return False
    head, piece = text[c.start : a], text[a:b]
    if c.title not in head or any(p.family not in head for p in (*c.authors, *c.editors)):
        return False
    return any(v and v in piece for v in (c.city, c.publisher, c.year))


def _clause_end(text: str, start: int) -> int:
    """Where the clause after a lead-in ends: a semicolon, or the bracket that closes one
    opened before it, at most 600 characters on (the labeller decides where the reference
    inside it stops)."""
    stop = min(len(text), start + 600)
    depth = 0
    for m in _CLAUSE_MARK.finditer(text, start, stop):  # (from one bracket or semicolon to the next)
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            if depth == 0:
                return m.start()
            depth -= 1
        elif depth == 0:
            return m.start()
    return stop


_CLAUSE_MARK = rx.compile(r"[();]")


def _parse_note_rules(text: str, registry: Registry) -> ParsedNote:
    """Without a trained model: the shelfmarks and the back-references, nothing else."""
    found = find_shelfmarks(text, registry)
    citations = _with_bare_leaves(text, [s.citation for s in found])
    slips = [Slip("shelfmark-typo", "warning", t) for s in found for t in s.typos]
    for a, b in split_segments(text):
        segment = text[a:b]
        lead = len(segment) - len(segment.lstrip())
        if any(s.start < b and a < s.end for s in found):
            continue
        cite = parse_backref(segment[lead:], a + lead)
        if cite is not None:
            citations.append(cite)
    citations.sort(key=lambda c: c.start)
    return ParsedNote(tuple(citations), tuple(slips))


# "Фредерикс М. В царском кругу. Воспоминания фрейлин дома Романовых.": GOST's author, family
# name first, and a title, with no imprint; "… URL: …" after it makes it a web page
_GOST_IMPRINTLESS = rx.compile(
    r"\s*(?P<family>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s(?P<given>[А-ЯЁ]\.(?:\s?[А-ЯЁ]\.)?)\s(?=[«\"“]?[А-ЯЁ])")


def _gost_imprintless(text: str) -> list[Citation]:
    """A note that is a GOST author and a title and nothing else (the labeller read nothing):
    a book with no imprint (short_form, as a repeated citation often is), or a web page with
    its URL. Not where the "title" holds a year, a page or a digit of an imprint."""
    m = _GOST_IMPRINTLESS.match(text)
    if m is None:
        return []
    at = text.find(" URL:", m.end())
    body = text[m.end() : at if at >= 0 else len(text)].rstrip().rstrip(".")
    if not body or "\n" in body or any(ch.isdigit() for ch in body) or len(body) > 250:
        return []
    start = m.start("family")
    stop = len(text.rstrip()) if at >= 0 else m.end() + len(body)
    url = _URL_IN.search(text, at, stop) if at >= 0 else None
    return [Citation("web" if at >= 0 else "book", raw=text[start:stop],
                     authors=(Person(m.group("family"), m.group("given")),), title=body.strip(),
                     url=canon_url(url.group()) if url else None, short_form=at < 0, start=start, end=stop)]


_URL_IN = rx.compile(r"(?:https?://|www\.)\S+")


# what stands between a work and the link to it: punctuation, "available at", "URL:"
_TO_LINK = rx.compile(r"[\s;,:.]*+(?:(?:available|online|accessible)\s+(?:at|from)\s*+:?\s*+|URL\s*+:?\s*+)?")
_LINKED = ("book", "article", "chapter", "other", "document")


def _links_to_their_works(text: str, found: list[Citation]) -> list[Citation]:
    """A link read as a web page of its own right after a work with no link ("Brief
    History of IMO, (London: IMO, 2021): 1-3; https://www.imo.org/...") is that work's link:
    the work with its URL, not two references."""
    out: list[Citation] = []
    for c in found:
        p = out[-1] if out else None
        if (p is not None and c.kind == "web" and c.url and not c.title and not c.authors
                and p.kind in _LINKED and not p.url and p.title and 0 <= p.end <= c.start
                and _TO_LINK.fullmatch(text, p.end, c.start)):
            out[-1] = p.with_(url=c.url, raw=text[p.start : c.end], end=c.end)
            continue
        out.append(c)
    return out


# a title read as a body's name and the quoted title after it ("NOAA Office of General
# Counsel, “Submarine Cables-Domestic Regulation,”"): the name holds no quote of its own
_HEAD_THEN_QUOTED = rx.compile(r"[^“”\"«»,]++(?:,\s*+[^“”\"«»,\s][^“”\"«»,]*+)?+,\s*+[“\"«](?P<q>[^“”\"«»]+?)[,.]?[”\"»],?")


def _quoted_title_after_its_body(c: Citation) -> Citation:
    """A work with no personal author whose "title" is an institution's name, then the
    title in quotation marks: the quoted words are the title (the institution wrote it)."""
    if c.authors or c.kind not in ("book", "article", "chapter", "web", "other") or not c.title:
        return c
    m = _HEAD_THEN_QUOTED.fullmatch(c.title)
    return c.with_(title=m.group("q")) if m else c


def _url_alone(seq: NoteSequence) -> list[Citation]:
    """A note that is nothing but a link (``<https://…>``) cites that web page, whatever the
    labeller made of it."""
    urls = [t for t in seq.tokens if is_url(t)]
    if len(urls) != 1 or any(t.text[:1].isalnum() for t in seq.tokens if t is not urls[0]):
        return []
    u = urls[0]
    return [Citation("web", raw=u.text, url=canon_url(u.text), start=u.start, end=u.end)]


def attach_url(previous: tuple[Citation, ...], current: tuple[Citation, ...]) -> tuple[Citation, ...] | None:
    """When a note is nothing but a URL (``<https://...>`` on the line after a document
    record), the URL completes the previous note's document or web citation: the previous
    note's citations with the URL set, or None when it does not apply."""
    if len(current) != 1 or current[0].kind != "web" or current[0].title or not current[0].url:
        return None
    for i in range(len(previous) - 1, -1, -1):
        c = previous[i]
        if c.kind in ("document", "web") and not c.url:
            return (*previous[:i], c.with_(url=current[0].url), *previous[i + 1 :])
    return None
