"""Link every Ibid. and op. cit. to the citation it stands for (DESIGN.md layer 3).

Pure: a parsed :class:`Document` in, the same document out with ``target``, ``status``,
``resolved`` (and ``candidates`` when ambiguous) filled on each back-reference.

- **Ibid.** stands for the citation just before it: the previous citation in its own note,
  else the citations of the last note before it that has any (a note of commentary alone is
  passed over). When that note holds several citations, what the Ibid. changes may decide
  (a leaf or a delo: the archival unit; pages: the published work); otherwise it is
  ``ambiguous``. A chain is followed to its root: an Ibid. after a short form stands for
  the full citation the short form stands for.
- **op. cit.** (``Op. cit.``, ``Указ. соч.``, ``Decree. op.``) finds the earlier full citation
  by the same author (family names compared after transliteration, so ``Pantsov`` finds
  ``Панцов``), narrowed by the short title when one is written; several works make it
  ``ambiguous``, none ``unresolved``.
- **Short forms** (``Prokhanov, In the Cauldron of Russia, 48``): a work cited without its
  imprint, whose authors and title match an earlier citation in the document, becomes an
  ``op_cit`` with ``short_form: true`` and that earlier citation as its target.
- **Abbreviations a note defines** (``... (hereafter RR), 45.``, ``(далее — КПСС)``): a later
  citation that opens with the abbreviation (``RR, 371.``) is an ``op_cit`` of the citation
  the gloss follows, unless it names another year or volume (``FRUS, 1958-1960, vol. 8``:
  another volume of the series the abbreviation names is a new citation).
- **Idem** (``Idem``, ``Eadem``, ``Он же``) opens a new work by the author cited just before.
- Nothing reaches back across a notes section (a chapter whose numbering restarts).

A locator on the back-reference replaces the root's (``Ibid., l. 102``); a bare ``Ibid.``
carries none, so no back-reference inherits the previous locator.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from refcli import rx

from .fold import fold
from .model import Citation, Document, Note, Person
from .parsers.backref import OPCIT
from .parsers.canon import is_western, render_shelfmark, western_at_leaves, western_folio
from .parsers.glosses import acronyms, glosses
from .parsers.normalize import find_date
from .parsers.note import split_segments
from .parsers.personal import is_personal

RESOLVED, AMBIGUOUS, UNRESOLVED = "resolved", "ambiguous", "unresolved"
_PUBLISHED = frozenset({"book", "article", "chapter"})
STATUS_RANK = {RESOLVED: 0, AMBIGUOUS: 1, UNRESOLVED: 2}

# fields a back-reference's locator may set, from the most to the least specific
_LOCATOR_FIELDS = ("leaves", "pages")
_LEVEL_FIELDS = ("fond", "opis", "papka", "karton", "delo", "tom")
_IDEM = rx.compile(r"^\s*(?:Idem|Eadem|Iidem|Eaedem|[Оо]н\s+же|[Оо]на\s+же|[Ее]го\s+же|[Ее]е\s+же|[Оо]ни\s+же)\b\.?,?\s*")
# what a citation opens with, up to its locator: "RR" in "RR, p. 113", "Серп и рубль" in
# "Серп и рубль. С. 44."
_LEAD = rx.compile(r"\s*([^\W\d_][^,:;]*?)(?=\s*(?:[,:;]|\.\s|\.?$|\s\d|\s(?:pp?|[СсS]|ll?|[Лл]{1,2})\.))")
_UP_TO_COMMA = rx.compile(r"\s*([^,:;]*)")
# what may follow an abbreviation read as an archive for it to be a book's ("BL, 115")
# (a quotation may follow it: "BL, 242: “since it is …”")
_ONLY_LOCATOR = rx.compile(r"[,.:]?\s*(?:(?:pp?|ll?)\.\s?)?\d[\d:.\-–—]*(?:[,.]?$|[,:]\s*[“\"«])")
_OPENING_QUOTES = " “\"«‘"
_LOCATOR_DIGITS = rx.compile(r"\d+(?:[.:]\d+)?(?:\s?[-–—]\s?\d+)?")
# an abbreviation and the pages cited in it: "RR, 371", "HSS, p. 113", "CD, 5.3"
# ("“KM,” 2:244" in quotes, "Cf. OSR, 242" after a lead-in)
_ABBREVIATION_USE = rx.compile(
    r"(?:(?i:cf|see(?:\s+also)?|compare)\.?,?\s+)?(?P<q>[“\"«‘]?)(?P<abbr>[^\W\d_][^,:;“”\"«»‘’]{0,59}?)"
    r"[,.:]?[”\"»’]?[,.:]?\s(?:(?:pp?|[СсS]|ll?)\.\s?)?(?P<loc>\d+(?:[.:]\d+)?(?:\s?[-–—]\s?\d+)?)(?![\w/])")
_SENTENCE_END = rx.compile(r"(?<=[.?!])[”\"’»]?\s+(?=\S)")
_RAW_LOCATOR = rx.compile(
    r"[,.]?\s*\b(?:pp?|[СсS]|стр|ll?|[Лл]{1,2})\.\s?\d[\dobоб\s.,–—-]*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Seen:
    """A citation already read, with the note it sits in and the record it stands for."""

    note: int
    citation: Citation  # as written
    record: Citation | None  # the full record (itself, or what a back-reference resolved to)
    root: int | None  # note number of the full citation at the end of the chain
    status: str
    candidates: tuple[int, ...] = ()
    part: int = 0  # which semicolon-separated part of its note it sits in


def worst(statuses: Iterable[str]) -> str:
    """The worst of some statuses (``resolved`` < ``ambiguous`` < ``unresolved``)."""
    return max(statuses, key=lambda s: STATUS_RANK.get(s, 0), default=RESOLVED)


def apply_locator(record: Citation, ref: Citation) -> Citation:
    """RECORD at the locator of the back-reference REF.

    Leaves and pages are replaced (a bare Ibid. leaves none); shelfmark levels the reference
    names (``Ibid., op. 11, d. 1605``) replace the record's, and every lower level is dropped,
    since a delo belongs to its opis. The canonical shelfmark is rendered again.
    """
    changes: dict[str, str | None] = {f: getattr(ref, f) for f in _LOCATOR_FIELDS}
    if record.kind == "archival" and is_western(record) and not ref.leaves:
        changes["leaves"] = western_folio(ref.raw)  # "Ibid., f. 25" after "TNA, FO 371/1, f. 23"
    named = [f for f in _LEVEL_FIELDS if getattr(ref, f)]
    if named:
        top = _LEVEL_FIELDS.index(named[0])
        for f in _LEVEL_FIELDS[top:]:
            changes[f] = getattr(ref, f)
    if ref.volume:
        changes["volume"] = ref.volume
    out = record.with_(**changes, target=None, status=None, resolved=None, candidates=())
    if out.kind == "archival" and (out.fond or out.opis or out.delo):
        out = out.with_(shelfmark=render_shelfmark(
            out.archive, out.fond, out.opis, out.papka, out.karton, out.delo, out.tom, out.leaves))
    elif out.kind == "archival" and out.shelfmark and is_western(out) and out.leaves != record.leaves:
        # "TNA, FO 371/116982, f. 23" cited again at f. 25
        out = out.with_(shelfmark=western_at_leaves(out.shelfmark, record.leaves, out.leaves))
    return out


def _family_keys(people: Sequence[Person]) -> set[str]:
    return {fold(p.family) for p in people if fold(p.family)}


def _title_words(title: str | None) -> list[str]:
    words = fold(title or "").split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return words


_ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "der", "die", "das"})


def _near(a: str, b: str) -> bool:
    """A and B are one word, or a word of six letters or more written with one letter
    dropped, added or changed."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


def _titles_match(short: str | None, full: str | None, fuzzy: bool = False) -> bool:
    """Does the short title SHORT name the work whose title is FULL? A prefix of it, or its
    words (at least two) all found in it, in any script."""
    s, f = _title_words(short), _title_words(full)
    # a number at the end of a short title is a page the labeller took into it
    while len(s) > 1 and s[-1].isdigit() and s[-1] not in f:
        s = s[:-1]
    if not s or not f:
        return False
    if f[: len(s)] == s:
        return True
    if len(s) >= 2 and set(s) <= set(f):
        return True
    if fuzzy and len(s) >= 2 and len(s) <= len(f) and all(_near(a, b) for a, b in zip(s, f[: len(s)], strict=True)):
        return True  # a slip in one word ("Weltanschaung" for "Weltanschauung")
    # a short title may cut a word the full one writes whole ("Bol'shevistskoe rukovodstvo.
    # Perepiska" vs "Bol'shevistskoe rukovodstvo")
    return len(s) >= 2 and " ".join(f).startswith(" ".join(s))


def _work_key(c: Citation) -> str:
    """What makes two full citations the same work, whatever their pages."""
    if c.kind == "archival":
        return "|".join(str(getattr(c, f) or "") for f in ("archive", *_LEVEL_FIELDS))
    if c.title:
        return f"{' '.join(_title_words(c.title))}|{c.volume or ''}"
    return fold(_RAW_LOCATOR.sub("", c.raw))


def _same_work(ref: Citation, full: Citation, fuzzy: bool = False) -> bool:
    """Is REF (a short form or an op. cit. naming a title) the work FULL cites?"""
    if full.kind in ("archival", "web") or full.is_backref:
        return False
    families = _family_keys(ref.authors) | _family_keys(ref.editors)
    # the author of the book a chapter is in ("Butler, 'The Origins ...,' in Il'in, On the
    # Essence ..."), or a name the labeller did not take as an author, is found in the text
    named = _family_keys(full.authors) | _family_keys(full.editors)
    if families and not families & named and (
            (not ref.title and ref.kind != "op_cit") or not families & set(fold(full.raw).split())):
        # a name found only in the full citation's text will do when a title matches too;
        # a bare "Krupskaya, p. 268" needs the name among the authors
        return False
    if ref.title:
        # (or its translation, which a short form of a work in another script gives: "Xiao,
        # Selected Military Writings" after "Xiao Jinguang, 肖劲光军事文选 [Selected Military
        # Writings of Xiao Jinguang] (Beijing …)")
        return (_titles_match(ref.title, full.title, fuzzy) or _titles_match(ref.title, full.container, fuzzy)
                or _titles_match(ref.title, full.title_translated, fuzzy))
    if ref.year and full.year and ref.year[:4] != full.year[:4]:
        return False  # "Rhodes (1995), 482" is not Rhodes's book of 1986
    return bool(families)


_COMPATIBLE_ARCHIVAL = ("leaves", "fond", "opis", "papka", "karton", "delo", "tom")


def _compatible(ref: Citation, seen: _Seen) -> bool:
    """Could the Ibid. REF stand for SEEN, given what it changes?"""
    record = seen.record
    if record is None:
        return True
    archival_override = any(getattr(ref, f) for f in _COMPATIBLE_ARCHIVAL)
    if archival_override:
        return record.kind == "archival"
    if ref.pages or ref.volume:
        return record.kind != "archival"
    return True


_A_FILE = rx.compile(r"\bfiles?\b")
_IN_NOTE = rx.compile(r"\bin\snote\s\d")  # "the file cited in note 1": refcli.parsers.note gives its target
# an interview described, not named short: "Interview with Idzik", "author's interviews with …"
_INTERVIEW_WITH = rx.compile(r"(?i:interviews?|conversations?)\s(?:[\w’']+\s){0,3}?with\b")


def _interview_words(raw: str) -> list[str]:
    """The words of an interview's citation, folded, for telling a repeat from a short form;
    its pages left out ("Moos, oral history interview, p. 18" repeats "…, p. 9")."""
    return [w for w in fold(raw).split() if not any(ch.isdigit() for ch in w) and w.strip(".,") not in ("p", "pp")]


class _Resolver:
    def __init__(self) -> None:
        self.full: list[_Seen] = []  # every full citation of the section so far, in order
        # folded name or word of a full citation's text -> positions in self.full, so that a
        # short form looks only at the works that may be by its author (linear documents)
        self.by_word: dict[str, list[int]] = {}
        # abbreviations the notes defined ("(hereafter RR)") -> the citation each stands for
        self.abbreviations: dict[str, _Seen] = {}
        self.written: set[str] = set()  # the abbreviations as the glosses write them
        # abbreviations glossing an archival reference ("…, Record Group 59, Archives II
        # (henceforth DoS CDF 1930-1939)") -> that reference, as written
        self.archival: dict[str, Citation] = {}
        self.by_note: dict[int, list[_Seen]] = {}  # what each note of the section cited

    def note(self, note: Note, previous: list[_Seen] | None) -> tuple[Note, list[_Seen]]:
        """Resolve NOTE's back-references; PREVIOUS is what the last note with citations
        held (None: no such note in this section)."""
        out: list[Citation] = []
        here: list[_Seen] = []
        spans = split_segments(note.text) if len(note.citations) > 1 else []
        starts = [a for a, _ in spans]
        defined = sorted((*glosses(note.text), *acronyms(note.text))) if note.text else []
        gloss_starts = [g.start for g in defined]
        if self.archival and note.text:
            note = replace(note, citations=self._archival_abbreviations(note))
        if self.abbreviations and note.text:
            note = replace(note, citations=self._abbreviations_unread(note))
        for k, c in enumerate(note.citations):
            before = here[-1:] if here else previous
            named = self._abbreviated(c) if self.abbreviations else None
            if named is not None:
                if c.kind == "archival":
                    loc = _LOCATOR_DIGITS.search(c.raw, len(named[0]))
                    end = loc.end() if loc else len(c.raw)
                    c = Citation(kind="op_cit", raw=c.raw[:end], start=c.start, end=c.start + end,
                                 pages=re.sub(r"\s*[–—]\s*", "-", loc.group()) if loc else None)
                seen = self._link(c.with_(kind="op_cit", short_form=True, authors=(),
                                          title=named[0]), note.n, named[1])
            elif c.kind == "ibid":
                seen = self._ibid(c, note.n, before)
            elif c.kind == "op_cit":
                seen = self._op_cit(c, note.n, before)
            elif c.short_form and c.kind in ("book", "article", "chapter") and c.item_title and c.date and not c.authors:
                # "Marshall to Lovett, December 11, 1947, in FRUS, 1947, II: 765." (a collection
                # without an author; not "Saint-Cyr, Mémoires, vol. 4, no. 15, …") after another
                # document of that volume: a new item of the collection, no back-reference to
                # the item before it (an Ibid. or an op. cit. written out still is one)
                seen = self._full(c, note.n, before)
            elif c.short_form and c.kind in ("book", "article", "chapter"):
                seen = self._short_form(c, note.n, before)
            elif c.kind in ("book", "article", "chapter") and c.authors and c.title \
                    and not (c.year or c.city or c.publisher or c.container or c.url):
                # "V. I. Lenin, Polnoe sobranie sochinenii, vol. 54, p. 330." named in full but
                # without an imprint: a back-reference when an earlier note cites that work,
                # else its first citation (refcli.parsers.assemble does not call it short)
                seen = self._short_form(c, note.n, before)
            elif (c.kind in ("book", "article") and c.authors and c.title and c.year
                  and not (c.city or c.publisher or c.container or c.url)
                  and (works := self._works(yearly := c.with_(title=f"{c.title} {c.year}", year=None)))):
                # "Pauer, Prag 1968, 231." after "Jan Pauer, Prag 1968: Der Einmarsch …": a
                # short title that ends with a year, the year read as the imprint's
                seen = self._short_form(yearly, note.n, before, works)
            elif (c.kind == "book" and len(c.authors) == 1 and not (c.title or c.year or c.city)
                  and (as_title := self._title_not_name(c)) is not None):
                # "Reliable Sources, p. 8." after "Reliable Sources: 100 Years at the National
                # Press Club (Nashville, TN: Turner, 2008)": a short title read as a name
                seen = self._short_form(as_title[0], note.n, before, as_title[1])
            elif c.kind in ("book", "article", "chapter") and c.title and (works := self._named_again(c)):
                # "Kovalev, “Rossiia i Kitai”, Duel', March 25, 1997." after "I. V. Kovalev,
                # “Rossiia i Kitai”, Duel', …": a work cited again in full, its author now by the
                # family name alone, is a back-reference to its first citation
                seen = self._short_form(c, note.n, before, works)
            elif is_personal(c) and c.authors and not c.date:
                # "Interview with Schramm." after "Interview with Klaus Eichner and Gotthold
                # Schramm, Berlin, June 24, 2008": the same interview again
                seen = self._interview_again(c, note.n, before)
            elif c.kind == "other" and c.authors and not (c.title or c.year or c.container or c.item_title) \
                    and not is_personal(c):  # "Hunt interview" is no short form of Hunt's book
                # "Khlevniuk. P. 105": an author and a page, standing for a work cited before
                seen = self._short_form(c, note.n, before)
            else:
                seen = self._full(c, note.n, before)
            out.append(seen.citation)
            if defined and c.kind == "archival" and c.archive:
                for g in defined:
                    if 0 <= g.start - c.end <= 80 and not any(c.start < g.start < o.start for o in note.citations):
                        self.archival[g.abbreviation] = c
            if defined and seen.record is not None and c.kind not in ("archival", "ibid", "op_cit"):
                limit = note.citations[k + 1].start if k + 1 < len(note.citations) else len(note.text)
                g_at = bisect_left(gloss_starts, c.start)
                while g_at < len(defined) and defined[g_at].start < limit:
                    g = defined[g_at]
                    if g.start - c.end <= 80:
                        self.abbreviations[_abbreviation_key(g.abbreviation)] = seen
                        self.written.add(g.abbreviation)
                    g_at += 1
            i = bisect_right(starts, c.start) - 1
            part = i if i >= 0 and spans[i][0] <= c.start < spans[i][1] else 0
            here.append(replace(seen, part=part) if part else seen)
        if here:
            self.by_note.setdefault(note.n, here)
        return replace(note, citations=tuple(out)), here

    def _abbreviations_unread(self, note: Note) -> tuple[Citation, ...]:
        """NOTE's citations, with a use of a defined abbreviation the parser read nothing in
        ("RR, 371.") added as a citation of its own (the resolver then links it)."""
        added = []
        starts = [c.start for c in note.citations]
        for a, b, lead in self._clause_starts(note.text, self.written):
            seg = note.text[a:b]
            m = _ABBREVIATION_USE.match(seg, lead)
            if m is None or _abbreviation_key(m.group("abbr")) not in self.abbreviations:
                continue
            start, end = a + m.start("q"), a + m.end("loc")
            i = bisect_left(starts, end)  # the citations in order: only those just before can reach in
            if any(c.start < end and start < c.end for c in note.citations[max(0, i - 3) : i]) \
                    or any(c.start < end and start < c.end for c in added[-1:]):
                continue
            volume, _, pages = m.group("loc").rpartition(":")  # "2:244": volume 2, page 244
            added.append(Citation(kind="op_cit", raw=note.text[start:end], title=m.group("abbr"),
                                  volume=volume or None, pages=re.sub(r"\s*[–—]\s*", "-", pages),
                                  short_form=True, start=start, end=end))
        if not added:
            return note.citations
        return tuple(sorted((*note.citations, *added), key=lambda c: c.start))

    def _archival_abbreviations(self, note: Note) -> tuple[Citation, ...]:
        """NOTE's citations with each clause that ends its document's reference with an
        abbreviation the notes defined for an archival collection ("Joseph Grew despatch to
        Secretary of State, September 5, 1934, 026 Foreign Relations/761, DoS CDF 1930-1939")
        read as a unit of that archive: the abbreviation its series, the file number before
        it its shelfmark, the document its item; in place of what was read there that is no
        shelfmark."""
        text = note.text
        found = list(note.citations)
        for a, b in split_segments(text):
            for abbr, held in self.archival.items():
                at = text.find(abbr, a, b)
                if at <= a or text[at - 2 : at] not in (", ", "n ") or (at + len(abbr) < len(text)
                                                                          and text[at + len(abbr)].isalnum()):
                    continue  # (written after the document: ", DoS CDF" or " in DoS CDF")
                inside = [c for c in found if c.start < b and a < c.end]
                if any(c.kind in ("archival", "ibid", "op_cit") or c.publisher or c.container for c in inside):
                    continue
                lead = a + len(text[a:b]) - len(text[a:b].lstrip())
                end = at + len(abbr)
                head = text[lead:at].rstrip(" ,")
                if head.endswith(" in"):
                    head = head[:-3].rstrip(" ,")
                unit = _FILE_NUMBER.search(head)
                shelfmark = unit.group() if unit else None
                described = head[: unit.start()].rstrip(" ,") if unit else head
                date = find_date(described)
                item = described[: date.start].rstrip(" ,") if date and date.start else described
                unit_c = Citation(kind="archival", raw=text[lead:end], archive=held.archive,
                                  collection=held.collection, series=abbr, shelfmark=shelfmark,
                                  item_title=item or None, date=described[date.start : date.end] if date else None,
                                  start=lead, end=end)
                found = sorted([*(c for c in found if c not in inside), unit_c], key=lambda c: c.start)
                break
        return tuple(found)

    @staticmethod
    def _clause_starts(text: str, written: set[str]) -> Iterator[tuple[int, int, int]]:
        """(segment start, end, where a clause opens in it) for each segment of TEXT and each
        sentence in one: "Ramelli, Social Justice, 184. Cf. OSR, 242" uses OSR after a full
        stop, "… above God's?” Eccl, 74." after a quoted sentence; and, after a comma, each
        abbreviation WRITTEN defines ("Letter from Seward to Wood, May 1, 1861, Message, 311")."""
        after_comma = [m.start() + 2 for w in written if w in text
                       for m in re.finditer(rf", {re.escape(w)}\b", text)]
        for a, b in split_segments(text):
            seg = text[a:b]
            yield a, b, len(seg) - len(seg.lstrip())
            for m in _SENTENCE_END.finditer(seg):
                yield a, b, m.end()
            for at in after_comma:
                if a <= at < b:
                    yield a, b, at - a

    def _abbreviated(self, c: Citation) -> tuple[str, _Seen] | None:
        """(the abbreviation, what it stands for) when C opens with one the notes defined
        and names no other year or volume than that citation's; else None."""
        if c.kind in ("ibid", "web") or not c.raw:
            return None
        m = _LEAD.match(c.raw, len(c.raw) - len(c.raw.lstrip(_OPENING_QUOTES)))  # “KM,” 2:244
        if m is None:
            return None
        if c.kind == "archival" and not _ONLY_LOCATOR.match(c.raw, m.end()):
            # "BL, 115" where the notes defined BL as a book: the gloss wins over the
            # registry's British Library; an archive with levels ("BL, Add MS 4") stays one
            return None
        # "RR" in "RR, 371"; "FRUS 1955–1957" in "FRUS 1955–1957, 15" (to the first comma)
        # ("DJBP Prolegomena, 11": an acronym, then the part of the work cited)
        first = m.group(1).split(maxsplit=1)[0]
        acronym = (first,) if first.isupper() and len(first) > 1 and first != m.group(1) else ()
        for lead in (m.group(1), _UP_TO_COMMA.match(c.raw).group(1), *acronym):
            seen = self.abbreviations.get(_abbreviation_key(lead))
            if seen is None or seen.record is None:
                continue
            full = seen.record
            if (c.year and full.year and c.year != full.year) or (c.volume and c.volume != full.volume):
                return None
            return lead.strip(), seen
        return None

    def _full(self, c: Citation, n: int, before: list[_Seen] | None) -> _Seen:
        idem = _IDEM.match(c.raw) if c.raw else None
        if idem and not c.authors:
            # "Idem. Another book ...": the author of the citation just before
            source = before[-1] if before else None
            authors = source.record.authors if source and source.record else ()
            title = c.title
            if title and (lead := _IDEM.match(title)):
                title = title[lead.end():] or None
            filled = c.with_(authors=authors, title=title) if authors else c
            seen = _Seen(n, filled, filled, n, RESOLVED)
        else:
            seen = _Seen(n, c, c, n, RESOLVED)
        self.full.append(seen)
        record = seen.record
        if record is not None and record.kind not in ("archival", "web"):
            # (a short form that is a work's first mention is indexed too: an explicit op. cit.
            # may stand for it, though another short form is no back-reference to it)
            words = _family_keys(record.authors) | _family_keys(record.editors)
            words |= set(fold(record.raw[:300]).split())
            for w in words:
                self.by_word.setdefault(w, []).append(len(self.full) - 1)
        return seen

    def _short_form(self, c: Citation, n: int, before: list[_Seen] | None,
                    works: list[_Seen] | None = None) -> _Seen:
        """C as a back-reference to the earlier work it names (WORKS, when the caller has found
        them already), else as the first citation of a work."""
        if works is None:
            c = self._name_not_title(c)
            works = self._works(c)
            if not works and len(c.authors) > 1 and c.title and not any(p.given for p in c.authors):
                # "Mills, Listen, Yankee, 12." after "C. Wright Mills, Listen, Yankee: The
                # Revolution in Cuba": the title's first words, before its comma, read as a
                # second author
                probe = c.with_(authors=c.authors[:1],
                                title=f"{', '.join(p.family for p in c.authors[1:])}, {c.title}")
                works = self._works(probe)
                c = probe if works else c
        if not works:
            return self._full(c, n, before)  # the first mention of the work in the notes
        as_opcit = c.with_(kind="op_cit")
        if len(works) > 1:
            return self._ambiguous(as_opcit, n, works[0], tuple(s.note for s in works))
        return self._link(as_opcit, n, works[0])

    def _named_again(self, c: Citation) -> list[_Seen]:
        """The earlier full citations of C's work, when C names its author by the family name
        alone and they named that author with a given name or initials (so that C is no first
        citation of a work by someone else of that name); else none."""
        if not c.authors or any(p.given for p in c.authors):
            return []
        works = self._works(c)
        # (the whole title again, not a short title: "The Yalta Papers: II" is no "… : I")
        same = works and all(
            s.record is not None and s.record.authors and s.record.authors[0].given
            and s.record.title is not None and _title_words(s.record.title) == _title_words(c.title or "")
            for s in works)
        return works if same else []

    def _interview_again(self, c: Citation, n: int, before: list[_Seen] | None) -> _Seen:
        """An undated interview with someone interviewed in an earlier note, named short
        ("Ryabov interview", "Monje, interview" after "Mario Monje, interview with the author,
        Moscow, October 25, 1995"): that interview (the latest when several fit). Else an
        interview of its own: the interview described again ("Interview with Idzik."), or
        written as it was before ("Baker interview" each time: a short form whose full
        citation is not in the notes)."""
        if _INTERVIEW_WITH.search(c.raw):
            return self._full(c, n, before)
        families = _family_keys(c.authors)
        positions = sorted({i for f in families for i in self.by_word.get(f, ())})
        again = _interview_words(c.raw)
        earlier = [self.full[i] for i in positions
                   if (r := self.full[i].record) is not None and is_personal(r) and families & _family_keys(r.authors)
                   and _interview_words(r.raw) != again]
        if not earlier:
            return self._full(c, n, before)
        return self._link(c.with_(kind="op_cit", short_form=True), n, earlier[-1])

    def _title_not_name(self, c: Citation) -> tuple[Citation, list[_Seen]] | None:
        """C, whose one "author" is a short title of an earlier work that names no author
        ("Reliable Sources"), with that title in its place, and those works; else None."""
        person = c.authors[0]
        if not person.given or "." in person.given or not person.given[:1].isupper():
            return None
        probe = c.with_(authors=(), title=f"{person.given} {person.family}", short_form=True)
        works = self._works(probe)
        return (probe, works) if works and all(s.record is not None and not s.record.authors for s in works) else None

    def _name_not_title(self, c: Citation) -> Citation:
        """"Pantsov, op. cit.", "Хлевнюк. С. 77.": a bare family name the labeller took for a
        one-word title is the author's name when an earlier work has that author."""
        if c.authors or not c.title or len(c.title.split()) != 1:
            return c
        probe = c.with_(authors=(Person(c.title),), title=None)
        return probe if self._works(probe) else c

    def _works(self, c: Citation, misspelt: bool = True) -> list[_Seen]:
        """The first citation of each earlier work C may stand for, oldest first."""
        firsts: dict[str, _Seen] = {}
        families = _family_keys(c.authors) | _family_keys(c.editors)
        explicit = c.kind == "op_cit" and not c.short_form  # "Litvinov, op. cit., p. 31."
        if families:
            positions = sorted({i for f in families for i in self.by_word.get(f, ())})
            pool = [self.full[i] for i in positions]
        else:
            pool = self.full
        for fuzzy in (False, True):  # a title with a slip in a word, only when none is exact
            for s in pool:
                # a short form stands for a full citation, never for another short form (an
                # explicit op. cit. may stand for either)
                if (s.record is not None and (not s.record.short_form or explicit)
                        and _same_work(c, s.record, fuzzy)):
                    firsts.setdefault(_work_key(s.record), s)
            if firsts or not c.title:
                break
        if not firsts and misspelt and families and c.kind == "op_cit" and not c.short_form:
            # "Talbot, op. cit." after "Strobe Talbott, The Russia Hand": an explicit op. cit.
            # whose name no earlier work has stands for the one earlier author it misspells
            # (a letter dropped, added or changed in a name of six letters or more)
            near = {f: [k for k in self.by_word if k != f and _near(f, k)] for f in families if len(f) >= 6}
            if len(near) == len(families) and all(len(ks) == 1 for ks in near.values()):
                spelled = {f: ks[0] for f, ks in near.items()}
                renamed = c.with_(authors=tuple(Person(spelled.get(fold(p.family), p.family), p.given, p.suffix)
                                                for p in c.authors), editors=())
                return self._works(renamed, misspelt=False)
        return list(firsts.values())

    def _ibid(self, c: Citation, n: int, before: list[_Seen] | None) -> _Seen:
        if not before:
            return self._fail(c, n, UNRESOLVED)
        if len(before) > 1:
            one = _one_reference(before, c)
            if one is not None:
                return self._link(c, n, one)
            fits = [s for s in before if _compatible(c, s)]
            if len(fits) == 1:
                return self._link(c, n, fits[0])
            pool = fits or list(before)
            if (len(_roots(pool)) == 1 and all(s.status == RESOLVED for s in pool)
                    and sum(not s.citation.is_backref for s in pool) <= 1):
                # "Ibid., V, 220. See also III, 463–64.": every citation of the note before
                # stands for one work, so the Ibid. does too
                return self._link(c, n, pool[0])
            return self._ambiguous(c, n, pool[-1], _roots(pool))
        return self._link(c, n, before[0])

    def _op_cit(self, c: Citation, n: int, before: list[_Seen] | None) -> _Seen:
        c = self._name_not_title(c)
        if c.target is not None and not c.authors and not c.title and _IN_NOTE.search(c.raw):
            return self._cited_in_note(c, n)  # (not an op. cit. resolved before, read again)
        if not c.authors and not c.title:
            # a bare "Op. cit." names nothing: it can only mean the citation just before
            return self._ibid(c, n, before)
        works = self._works(c) or self._named_in_text(c)
        if not works:
            return self._fail(c, n, UNRESOLVED)
        if len(works) > 1:
            published = [s for s in works if s.record is not None and s.record.kind in _PUBLISHED]
            if len(published) == 1:
                # "Bucher, op. cit." after an interview with Bucher and Bucher's memoir: a work
                # cited is a publication, not the talk
                return self._link(c, n, published[0])
            return self._ambiguous(c, n, works[0], tuple(s.note for s in works))
        return self._link(c, n, works[0])

    def _cited_in_note(self, c: Citation, n: int) -> _Seen:
        """"On the file cited in note 1.": what that earlier note of the section cited; of
        several, the archival reference a file is, else the first, the others as candidates."""
        cited = [s for s in self.by_note.get(c.target or 0, []) if c.target != n and s.record is not None]
        if not cited:
            return self._fail(c.with_(target=None), n, UNRESOLVED)
        if len(cited) > 1 and _A_FILE.search(c.raw):
            cited = [s for s in cited if s.record.kind == "archival"] or cited
        if len(cited) > 1:
            return self._ambiguous(c, n, cited[0], tuple(s.note for s in cited))
        return self._link(c, n, cited[0])

    def _named_in_text(self, c: Citation) -> list[_Seen]:
        """The earlier citations whose text holds the words an explicit op. cit. names when
        they are no author's or title's ("Cole collection, op. cit." after "Letter to Tom
        Cole, 3 May 1935, Cole collection, Bodleian Library"; "The Powys Brothers, op. cit.")."""
        m = _OP_CIT_MARK.search(c.raw)
        if m is None or c.short_form:
            return []
        head = c.raw[: m.start()].strip(" ,.;:")
        words = _title_words(head)
        if not 1 <= len(words) <= 8 or len(head) < 5:
            return []
        key = " ".join(words)
        firsts: dict[str, _Seen] = {}
        for s in self.full:
            if s.record is not None and f" {key} " in f" {' '.join(_title_words(s.record.raw))} ":
                firsts.setdefault(_work_key(s.record), s)
        return list(firsts.values())

    def _ambiguous(self, c: Citation, n: int, likeliest: _Seen, candidates: tuple[int, ...]) -> _Seen:
        """C could stand for several citations: the likeliest one's note is its target, the
        others are listed, and nothing is resolved."""
        candidates = tuple(dict.fromkeys(candidates))
        root = likeliest.root if likeliest.root is not None else likeliest.note
        linked = c.with_(target=root, status=AMBIGUOUS, resolved=None, candidates=candidates)
        return _Seen(n, linked, None, root, AMBIGUOUS, candidates)

    def _link(self, c: Citation, n: int, antecedent: _Seen) -> _Seen:
        if antecedent.status == AMBIGUOUS:
            # the ambiguity, and its candidates, carry down the chain
            linked = c.with_(target=antecedent.root, status=AMBIGUOUS, resolved=None,
                             candidates=antecedent.candidates)
            return _Seen(n, linked, None, antecedent.root, AMBIGUOUS, antecedent.candidates)
        if antecedent.record is None:
            names_a_work = antecedent.citation.kind == "op_cit" and bool(
                antecedent.citation.authors or antecedent.citation.title)
            if not names_a_work:
                return self._fail(c, n, UNRESOLVED)  # an Ibid. after a broken Ibid.
            # an op. cit. whose full citation is not in the document: this one stands for
            # the work that op. cit. names
            named = antecedent.citation.with_(kind="other", target=None, status=None,
                                              resolved=None, candidates=())
            record = apply_locator(named, c)
            linked = c.with_(target=antecedent.note, status=RESOLVED, resolved=record, candidates=())
            return _Seen(n, linked, record, antecedent.note, RESOLVED)
        record = apply_locator(antecedent.record, c)
        if c.item_title and record.kind != "archival":
            record = record.with_(item_title=c.item_title)
        root = antecedent.root if antecedent.root is not None else antecedent.note
        linked = c.with_(target=root, status=RESOLVED, resolved=record, candidates=())
        return _Seen(n, linked, record, root, RESOLVED)

    @staticmethod
    def _fail(c: Citation, n: int, status: str, candidates: tuple[int, ...] = ()) -> _Seen:
        candidates = tuple(dict.fromkeys(candidates))
        failed = c.with_(target=None, status=status, resolved=None, candidates=candidates)
        return _Seen(n, failed, None, None, status, candidates)


# a State Department file number with its subject: "026 Foreign Relations/761", "711.61/1234"
_FILE_NUMBER = rx.compile(r"\b\d{3}(?:\.\d{1,5})?(?:\s[A-Z][a-z]+){0,3}\s?/\s?\d{1,5}[a-z]?\b")


_OP_CIT_MARK = rx.compile(OPCIT)  # the back-reference reader's own forms


def _abbreviation_key(text: str) -> str:
    """An abbreviation as compared: case, spacing, dashes and full stops aside."""
    return fold(re.sub(r"[\s.\-–—“”\"«»‘’]+", "", text))


def _one_reference(before: Sequence[_Seen], ref: Citation) -> _Seen | None:
    """Two citations that are one reference: a document and the archival unit that holds it,
    in one part of a note (``"Record of a Conversation ...," 1957, Wilson Center Digital
    Archive, RGANI, f. 52, op. 1, d. 555, ll. 80-88``). A leaf or no locator means the
    archival unit; pages mean the document. None when they are separate references."""
    if len(before) != 2 or before[0].part != before[1].part:
        return None
    spans = sorted((s.citation.start, s.citation.end) for s in before)
    if spans[0][1] <= spans[0][0] or spans[0][1] > spans[1][0]:
        return None  # no real positions (constructed records) or overlapping ones
    archival = [s for s in before if s.record is not None and s.record.kind == "archival"]
    others = [s for s in before if s not in archival and s.record is not None
              and s.record.kind in ("document", "other")]
    if len(archival) != 1 or len(others) != 1:
        return None
    return others[0] if ref.pages else archival[0]


def _roots(seen: Sequence[_Seen]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(s.root if s.root is not None else s.note for s in seen))


# a reference to another part of the same work ("Document 68", "note 3 above", "supra"), with
# nothing but a lead-in before it in its note
_WITHIN = rx.compile(r"(?:documents?|(?:foot)?notes?|supra|infra|above|below|см\.)(?![^\W\d_])", re.IGNORECASE)
_SEE_ONLY = rx.compile(r"\s*(?:(?:see|cf\.)(?:\s+also)?\s*)?", re.IGNORECASE)


def _points_within(c: Citation, text: str) -> bool:
    """Is C, in a note of TEXT, a cross-reference to the work's own notes or documents (not a
    source)? Only when nothing but "See" comes before it: "Foreign Relations, 1945–1950, …,
    Document 358" is a document of another volume, a source."""
    return (c.kind == "other" and not (c.authors or c.title or c.item_title or c.container or c.url)
            and _WITHIN.match(c.raw) is not None and _SEE_ONLY.fullmatch(text, 0, c.start) is not None)


def resolve(doc: Document) -> Document:
    """DOC with every back-reference linked (see the module docstring)."""
    resolver = _Resolver()
    notes: list[Note] = []
    previous: list[_Seen] | None = None
    section = doc.notes[0].section if doc.notes else None
    for note in doc.notes:
        if note.section != section:
            resolver, previous, section = _Resolver(), None, note.section
        resolved, here = resolver.note(note, previous)
        if here and not all(_points_within(s.citation, note.text) for s in here):
            previous = here  # ("Document 68.", "See note 3 above.": no source an Ibid. repeats)
        notes.append(resolved)
    return replace(doc, notes=tuple(notes))


def candidate_labels(doc: Document, c: Citation, by_n: dict[int, Note] | None = None) -> list[str]:
    """What an ambiguous reference could stand for: each candidate note's citations (of the
    same work, when the reference names one), as short labels. BY_N: the notes by number,
    when the caller has them."""
    if by_n is None:
        by_n = {note.n: note for note in doc.notes}
    named = c.kind == "op_cit" and bool(c.authors or c.title)
    out = []
    for n in c.candidates:
        note = by_n.get(n)
        if note is None:
            continue
        for cand in note.citations:
            record = cand.resolved if cand.is_backref else cand
            if record is None:
                continue
            if named and not _same_work(c, record):
                continue
            out.append(f"note {n}: {label(record)}")
    return out


def label(c: Citation, width: int = 70) -> str:
    """A short human label for a citation (shelfmark, or author and title, or its text)."""
    if c.kind == "archival" and c.shelfmark:
        return c.shelfmark
    if c.title:
        who = ", ".join(p.family for p in c.authors[:2])
        text = f"{who}, {c.title}" if who else c.title
    else:
        text = " ".join(c.raw.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True, slots=True)
class Link:
    """One back-reference in a chain."""

    note: int
    citation: Citation

    @property
    def locator(self) -> str:
        return locator_text(self.citation)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"note": self.note, "kind": self.citation.kind,
                                  "locator": self.locator, "status": self.citation.status}
        if self.citation.candidates:
            out["candidates"] = list(self.citation.candidates)
        return out


@dataclass(frozen=True, slots=True)
class Chain:
    """A full citation and the back-references that stand for it; ``root`` is None for
    back-references that lead nowhere (or to several places)."""

    root: int | None
    citation: Citation | None
    links: tuple[Link, ...]

    @property
    def status(self) -> str:
        return worst(link.citation.status or UNRESOLVED for link in self.links)

    def to_json(self) -> dict[str, object]:
        citation = self.citation.to_json() if self.citation is not None else None
        return {"root": self.root, "citation": citation,
                "links": [link.to_json() for link in self.links], "status": self.status}


def locator_text(c: Citation) -> str:
    """A back-reference's own locator as written canonically: ``l. 102``, ``pp. 597-599``."""
    parts = []
    for label_, value in (("op.", c.opis), ("d.", c.delo), ("t.", c.tom), ("vol.", c.volume)):
        if value:
            parts.append(f"{label_} {value}")
    if c.leaves:
        parts.append(f"{'ll.' if '-' in c.leaves or ',' in c.leaves else 'l.'} {c.leaves}")
    if c.pages:
        parts.append(f"{'pp.' if '-' in c.pages or ',' in c.pages else 'p.'} {c.pages}")
    return ", ".join(parts)


def build_chains(doc: Document) -> list[Chain]:
    """Every chain of DOC, by root note; broken back-references after them, one chain each."""
    by_n = {note.n: note for note in doc.notes}
    rooted: dict[tuple[int, str], list[Link]] = {}
    broken: list[Chain] = []
    for note in doc.notes:
        for c in note.citations:
            if not c.is_backref:
                continue
            link = Link(note.n, c)
            if c.status == RESOLVED and c.target is not None and c.resolved is not None:
                rooted.setdefault((c.target, _work_key(c.resolved)), []).append(link)
            else:
                broken.append(Chain(None, None, (link,)))
    chains = []
    for (root, key), links in sorted(rooted.items(), key=lambda kv: (kv[0][0], kv[1][0].note)):
        note = by_n.get(root)
        fulls = [c for c in (note.citations if note else ()) if not c.is_backref]
        citation = next((c for c in fulls if _work_key(c) == key), fulls[0] if fulls else None)
        chains.append(Chain(root, citation, tuple(links)))
    return chains + broken
