"""The archive registry: ``archives.json`` read into lookups and one compiled matcher.

Adding an archive is adding an entry to ``archives.json``; nothing here names an archive.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from refcli import rx

from .errors import InputError

SCHEMA = "refcli.archives/1"


# letters that look alike in the Cyrillic and Latin alphabets, pair by pair
CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES = "АВСЕНКМОРТХасеорху", "ABCEHKMOPTXaceopxy"
_LATIN_TO_CYRILLIC = str.maketrans(LATIN_LOOKALIKES, CYRILLIC_LOOKALIKES)
_CYRILLIC_TO_LATIN = str.maketrans(CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES)
_HAS_CYRILLIC = rx.compile(r"[\u0400-\u04FF]")
_HAS_LATIN = rx.compile(r"[A-Za-z]")
# "ЦГВИА РФ", "TsGAOR SSSR": a country suffix some authors add to any acronym
_COUNTRY_SUFFIX = rx.compile(r"(?:RF|РФ|SSSR|СССР|USSR)$")


@lru_cache(maxsize=8192)  # (asked for the same few acronyms note after note)
def alias_key(text: str) -> str:
    """Fold an archive name for lookup: case, spaces, dots and hyphens do not count, and a
    name typed in a mix of Latin and Cyrillic look-alike letters (``ABПP``) counts as
    Cyrillic."""
    text = unicodedata.normalize("NFKC", text)
    key = re.sub(r"[\s.\-'’`]+", "", text).upper()
    if _HAS_CYRILLIC.search(key) and _HAS_LATIN.search(key):
        mapped = key.translate(_LATIN_TO_CYRILLIC)
        key = mapped if not _HAS_LATIN.search(mapped) else key
    return key


@dataclass(frozen=True, slots=True)
class Former:
    acronym: str
    aliases: tuple[str, ...] = ()
    name_en: str | None = None
    years: str | None = None


@dataclass(frozen=True, slots=True)
class Archive:
    acronym: str
    name_en: str
    aliases: tuple[str, ...] = ()
    short_aliases: tuple[str, ...] = ()
    former: tuple[Former, ...] = ()
    name_ru: str | None = None
    name_native: str | None = None
    city: str | None = None
    country: str | None = None
    scheme: str = "fond"
    sources: tuple[str, ...] = ()
    # place names a citation may add around the archive's name ("College Park, Maryland")
    places: tuple[str, ...] = ()
    # codes that name the archive with no name written ("FO 371/116982" is TNA's): a reference
    # form of its scheme opening with one of them is its unit wherever it stands
    bare_codes: tuple[str, ...] = ()
    # a place's name alone that cites the archive before one of its reference forms, as
    # historians of China write a provincial archive ("Hunan, 2 June 1960, 163-1-1087"): read
    # only there, since elsewhere the word is the place
    cited_by_place: tuple[str, ...] = ()

    @property
    def all_aliases(self) -> tuple[str, ...]:
        """Every spelling that names this archive, the short ones included."""
        out = [self.acronym, *self.aliases, *self.short_aliases]
        for f in self.former:
            out.append(f.acronym)
            out.extend(f.aliases)
        return tuple(out)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name_en, self.name_ru, self.name_native) if n)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"acronym": self.acronym}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.short_aliases:
            out["short_aliases"] = list(self.short_aliases)
        if self.former:
            out["former"] = [
                {k: v for k, v in (("acronym", f.acronym), ("aliases", list(f.aliases)),
                                   ("name_en", f.name_en), ("years", f.years)) if v}
                for f in self.former
            ]
        for key in ("name_en", "name_ru", "name_native", "city", "country", "scheme"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.places:
            out["places"] = list(self.places)
        if self.sources:
            out["sources"] = list(self.sources)
        if self.bare_codes:
            out["bare_codes"] = list(self.bare_codes)
        if self.cited_by_place:
            out["cited_by_place"] = list(self.cited_by_place)
        return out


def _archive_from_json(entry: dict[str, Any]) -> Archive:
    former = tuple(
        Former(
            acronym=f["acronym"],
            aliases=tuple(f.get("aliases", ())),
            name_en=f.get("name_en"),
            years=f.get("years"),
        )
        for f in entry.get("former", ())
    )
    return Archive(
        acronym=entry["acronym"],
        name_en=entry.get("name_en", entry["acronym"]),
        aliases=tuple(entry.get("aliases", ())),
        short_aliases=tuple(entry.get("short_aliases", ())),
        former=former,
        name_ru=entry.get("name_ru"),
        name_native=entry.get("name_native"),
        city=entry.get("city"),
        country=entry.get("country"),
        scheme=entry.get("scheme", "fond"),
        sources=tuple(entry.get("sources", ())),
        places=tuple(entry.get("places", ())),
        bare_codes=tuple(entry.get("bare_codes", ())),
        cited_by_place=tuple(entry.get("cited_by_place", ())),
    )


# the level fields a scheme may fill (refcli.model.Citation's names)
LEVELS = ("fond", "opis", "papka", "karton", "delo", "tom", "collection", "series", "entry", "box",
          "folder", "piece", "item", "leaves")


class Scheme:
    """How one family of archives writes its levels, read from ``archives.json``'s ``schemes``:
    the levels it uses, the label words of each (``box``, ``Bd.``, ``sygn.``), the levels that
    unlabelled segments fill in order, and the compact reference forms it writes
    (``FO 371/116982``, ``109-01234-05``). The label patterns are built here from the data,
    every label a literal, so that a scheme added to the data cannot make a pattern
    backtrack."""

    __slots__ = (
        "canonical_labels",
        "collection_words",
        "description",
        "keep_label",
        "label_after",
        "label_before",
        "labels",
        "levels",
        "name",
        "references",
        "strict",
        "unlabelled",
    )

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        self.description: str = data.get("description", name)
        self.levels: tuple[str, ...] = tuple(data.get("levels", ()))
        self.labels: dict[str, tuple[str, ...]] = {
            k: tuple(v) for k, v in data.get("labels", {}).items()}
        self.unlabelled: tuple[str, ...] = tuple(data.get("unlabelled", ()))
        self.references: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
            (r["form"], tuple(r["fields"])) for r in data.get("references", ()))
        self.keep_label: frozenset[str] = frozenset(data.get("keep_label", ()))
        # the label a kept label is written with, whatever the note wrote ("Record Group" → RG)
        self.canonical_labels: dict[str, str] = dict(data.get("canonical_labels", {}))
        # a name in prose as often as an archive ("Department of State"): cited first, it still
        # needs a labelled level or a reference form, not only names after it
        self.strict: bool = bool(data.get("strict", False))
        self.collection_words: frozenset[str] = frozenset(
            w.casefold() for w in data.get("collection_words", ()))
        for level in (*self.labels, *self.unlabelled, *(f for _, fs in self.references for f in fs)):
            if level not in LEVELS:
                raise InputError(f"archive registry: scheme {name!r} names an unknown level {level!r}")
        # "box 3009", "Bd. 1359", "sygn. 237/V-123"; and the Hungarian/Polish "12. doboz"
        self.label_before: re.Pattern[str] | None = None
        self.label_after: re.Pattern[str] | None = None
        if self.labels:
            groups = "|".join(
                f"(?P<{level}>{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})"
                for level, words in self.labels.items())
            self.label_before = rx.compile(
                rf"(?i:{groups})(?:\.:?\s?|:\s?|\s)(?P<value>\S.{{0,120}})")
            self.label_after = rx.compile(rf"(?P<value>\d{{1,6}}[a-z]?)\.?\s(?i:{groups})\.?")

    @property
    def western(self) -> bool:
        """Whether refcli.parsers.western reads this scheme (anything but fond and free)."""
        return bool(self.labels or self.references or self.unlabelled)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description, "levels": list(self.levels)}
        if self.labels:
            out["labels"] = {k: list(v) for k, v in self.labels.items()}
        if self.unlabelled:
            out["unlabelled"] = list(self.unlabelled)
        if self.references:
            out["references"] = [{"form": f, "fields": list(fs)} for f, fs in self.references]
        return out


_DEFAULT_SCHEMES = {"fond": {"description": "fond / opis / (papka, karton) / delo / (tom) / list",
                             "levels": ["fond", "opis", "papka", "karton", "delo", "tom", "leaves"]},
                    "free": {"description": "one free shelfmark string", "levels": []}}


_END = ""


def _trie_regex(sequences: Iterable[Sequence[str]], sep: str, ignore_case: bool = False) -> str:
    """One regex for many sequences of units, factored by common prefixes.

    Python's ``re`` tries the branches of an alternation one by one at every position; a
    prefix tree makes matching a few hundred archive names cost about as much as one. The
    units that start with the same character (sorted, they are neighbours) are also grouped
    under that character (``a(?:cademia|rchiv)``, the same language and the same order of
    trying as ``academia|archiv``): ``re`` skips a branch that starts with a plain literal
    the text does not have without entering it, but enters every branch that starts with a
    case-insensitive one, as the names' branches do (three times faster over a note).

    IGNORE_CASE: the sequences are matched case-insensitively, and each branch of the first
    level opens with a plain class, ``_first_letter_guard``, then looks back at the letter
    case-insensitively (``[^B-Zb-z…](?<=(?i:a))(?i:cademia|rchiv)``): at a word the engine
    passes over the branches of every other Latin or Cyrillic letter without entering them.
    The same matches as ``(?i:…)`` around the plain regex.
    """
    trie: dict[str, dict] = {}
    for seq in sequences:
        node = trie
        for unit in seq:
            node = node.setdefault(unit, {})
        node[_END] = {}

    def alternatives(node: dict[str, dict], top: bool = False) -> str:
        parts: list[tuple[str, str]] = []  # (unit, what may follow it)
        for unit in sorted(k for k in node if k != _END):
            child = node[unit]
            if any(k != _END for k in child):
                parts.append((unit, f"(?:{sep}{alternatives(child)})" + ("?" if _END in child else "")))
            else:
                parts.append((unit, ""))
        grouped = []
        i = 0
        while i < len(parts):
            j = i + 1
            while j < len(parts) and parts[j][0][0] == parts[i][0][0]:
                j += 1
            first = parts[i][0][0]
            if j - i == 1:  # (re.escape escapes character by character)
                rest = re.escape(parts[i][0][1:]) + parts[i][1]
            else:
                rest = "(?:" + "|".join(re.escape(unit[1:]) + tail for unit, tail in parts[i:j]) + ")"
            if top and ignore_case:
                grouped.append(f"{_first_letter_guard(first)}(?<=(?i:{re.escape(first)}))(?i:{rest})")
            else:
                grouped.append(re.escape(first) + rest)
            i = j
        return grouped[0] if len(grouped) == 1 else "(?:" + "|".join(grouped) + ")"

    if not trie:
        return "(?!)"
    return alternatives(trie, top=True) if ignore_case else alternatives(trie)


_BASIC_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + "".join(map(chr, range(0x410, 0x450))) + "Ёё"


def _first_letter_guard(c: str) -> str:
    """A class of every character that C matches case-insensitively: every character but the
    Latin and Cyrillic letters C does not match (each asked of the engine itself)."""
    same = rx.compile(f"(?i:{re.escape(c)})")
    left_out = sorted(ord(x) for x in _BASIC_LETTERS if not same.fullmatch(x))
    runs: list[list[int]] = []
    for code in left_out:  # (as ranges: a short class is compiled sooner)
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[^" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                          for a, b in runs) + "]"


def _acronym_units(alias: str) -> list[str]:
    """An acronym-like alias as its characters: dots, spaces and hyphens between them vary."""
    return [c for c in alias if not c.isspace() and c not in ".-"]


class Registry:
    """Lookups over the archives of ``archives.json``."""

    def __init__(self, archives: list[Archive], schemes: dict[str, Scheme] | None = None,
                 ambiguous: dict[str, Sequence[str]] | None = None) -> None:
        self.archives = archives
        self.schemes = schemes or {k: Scheme(k, v) for k, v in _DEFAULT_SCHEMES.items()}
        for archive in archives:
            if archive.scheme not in self.schemes:
                raise InputError(f"archive registry: {archive.acronym} has an unknown scheme {archive.scheme!r}")
        by_acronym = {a.acronym: a for a in archives}
        # aliases that deliberately name several archives ("MFA"): the first is the reading
        # get() gives, `refcli archives` shows them all
        self._ambiguous: dict[str, tuple[Archive, ...]] = {}
        for alias, acronyms in (ambiguous or {}).items():
            missing = [a for a in acronyms if a not in by_acronym]
            if missing:
                raise InputError(f"archive registry: ambiguous alias {alias!r} names unknown {missing}")
            self._ambiguous[alias_key(alias)] = tuple(by_acronym[a] for a in acronyms)
        self._last_named: tuple[str, tuple[tuple[int, int, str, Archive], ...]] | None = None
        self._by_key: dict[str, Archive] = {}
        self._short_keys: set[str] = set()
        self._by_name: dict[str, Archive] = {}
        for archive in archives:
            for alias in (archive.acronym, *archive.aliases):
                self._by_key.setdefault(alias_key(alias), archive)
            for f in archive.former:
                for alias in (f.acronym, *f.aliases):
                    self._by_key.setdefault(alias_key(alias), archive)
            for alias in archive.short_aliases:
                key = alias_key(alias)
                self._by_key.setdefault(key, archive)
                self._short_keys.add(key)
            for name in archive.names:
                self._by_name.setdefault(name.casefold(), archive)
        self._bare: dict[str, Archive] = {c: a for a in archives for c in a.bare_codes}
        self._by_place: dict[str, Archive] = {p: a for a in archives for p in a.cited_by_place}
        self._bare_pattern: re.Pattern[str] | None = None

    def bare_units(self, text: str) -> list[tuple[int, int, Archive]]:
        """(start, end, archive) of every unit TEXT cites by a code only one archive uses, its
        name left out: ``DO35/998/7/13``, ``FO 371/116982`` (the archives' ``bare_codes``)."""
        if not self._bare or ("/" not in text and "-" not in text):
            return []  # (every such unit has a slash or a hyphen: many notes have neither)
        if self._bare_pattern is None:
            codes = "|".join(re.escape(c) for c in sorted(self._bare, key=len, reverse=True))
            self._bare_pattern = rx.compile(
                rf"(?<![\w/])(?P<code>{codes})[\s/]?\d{{1,4}}[A-Z]?(?:\s?/\s?|-(?=\d{{3}}))\d[0-9A-Za-z]{{0,12}}"
                rf"(?:[/.\-][0-9A-Za-z]{{1,12}}){{0,8}}(?![\w/])")
        return [(m.start(), m.end(), self._bare[m.group("code")]) for m in self._bare_pattern.finditer(text)]

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registry:
        if data.get("schema") != SCHEMA:
            raise InputError(f"archive registry: unknown schema {data.get('schema')!r}")
        schemes = {k: Scheme(k, v) for k, v in {**_DEFAULT_SCHEMES, **data.get("schemes", {})}.items()}
        return cls([_archive_from_json(e) for e in data["archives"]], schemes, data.get("ambiguous"))

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Registry:
        """Read the registry: PATH, else ``REFCLI_ARCHIVES``, else the packaged archives.json."""
        path = path or os.environ.get("REFCLI_ARCHIVES")
        try:
            if path:
                text = Path(path).read_text(encoding="utf-8")
                where = str(path)
            else:
                ref = resources.files("refcli") / "data" / "archives.json"
                text = ref.read_text(encoding="utf-8")
                where = "the packaged archives.json"
            data = json.loads(text)
        except (OSError, ValueError) as exc:
            raise InputError(f"archive registry {path or ''}: {exc}".replace("  ", " ")) from exc
        try:
            return cls.from_json(data)
        except (KeyError, TypeError) as exc:
            raise InputError(f"{where}: malformed archive entry ({exc})") from exc

    # -- lookups -------------------------------------------------------------------------
    def get(self, text: str) -> Archive | None:
        """The archive a written acronym or name stands for, or None."""
        key = alias_key(text)
        name = " ".join(text.split()).casefold()
        found = self._by_key.get(key) or self._by_name.get(name) or self._transliterated.get(name)
        if found is None and _COUNTRY_SUFFIX.search(key):
            found = self._by_key.get(_COUNTRY_SUFFIX.sub("", key))
        return found

    def get_all(self, text: str) -> list[Archive]:
        """Every archive TEXT names: one, or several for a deliberately ambiguous alias
        ("MFA"), the default reading first."""
        found = self._ambiguous.get(alias_key(text))
        if found:
            return list(found)
        one = self.get(text)
        return [one] if one else []

    def of_citation(self, written: str) -> Archive | None:
        """The archive a citation's ``archive`` field names: an acronym or a name, or a place
        that cites an archive by itself ("Hunan")."""
        return self.get(written) or self._by_place.get(written)

    def cited_by_place(self, word: str) -> Archive | None:
        """The archive a place's name alone cites before a reference form ("Hunan"), or None."""
        return self._by_place.get(word)

    def scheme_of(self, archive: Archive) -> Scheme:
        return self.schemes[archive.scheme]

    def is_short(self, text: str) -> bool:
        return alias_key(text) in self._short_keys

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Acronyms close to an unknown one, for a 'did you mean'."""
        key = alias_key(text)
        close = difflib.get_close_matches(key, list(self._by_key), n=n * 3, cutoff=0.6)
        out: list[str] = []
        for k in close:
            acronym = self._by_key[k].acronym
            if acronym not in out:
                out.append(acronym)
        return out[:n]

    def find(self, word: str) -> list[Archive]:
        """Archives whose acronym, any alias or any name contains WORD (case-insensitive)."""
        key = alias_key(word)
        folded = word.casefold()
        hits = []
        for archive in self.archives:
            if any(key and key in alias_key(a) for a in archive.all_aliases) or any(
                folded in n.casefold() for n in archive.names
            ):
                hits.append(archive)
        return hits

    def named_in(self, text: str) -> tuple[tuple[int, int, str, Archive], ...]:
        """Every archive TEXT names: (start, end, as written, archive), in order. The note
        being parsed is asked for by the shelfmark grammar and the labeller's sequence
        alike, so the answer for the last text is kept."""
        last = self._last_named
        if last is not None and last[0] == text:
            return last[1]
        found = []
        for m in self.matcher.finditer(text):
            archive = self.get(m.group())
            if archive is not None:
                found.append((m.start(), m.end(), m.group(), archive))
        answer = tuple(found)
        self._last_named = (text, answer)
        return answer

    @cached_property
    def _transliterated(self) -> dict[str, Archive]:
        """Russian names as English-language notes spell them out: "Rossiiskii gosudarstvennyi
        arkhiv noveishei istorii (hereafter RGANI)" is RGANI. Library of Congress romanisation
        (the scholars' usual one; the soft sign written ' or ’, or left out) and the popular
        one ("Rossiysky gosudarstvenny arkhiv …"); folded to lower case, as get() asks."""
        import iuliia  # only when a note is matched or a name looked up

        out: dict[str, Archive] = {}
        for archive in self.archives:
            if not archive.name_ru:
                continue
            lc = iuliia.ALA_LC_ALT.translate(archive.name_ru)
            for name in (lc, lc.replace("'", "’"), lc.replace("'", ""),
                         iuliia.WIKIPEDIA.translate(archive.name_ru)):
                out.setdefault(" ".join(name.split()).casefold(), archive)
        return out

    @cached_property
    def matcher(self) -> re.Pattern[str]:
        """One regex that finds any alias or full name; the match text goes back through get()."""
        acronyms: set[tuple[str, ...]] = set()
        names: set[tuple[str, ...]] = set()
        for archive in self.archives:
            for alias in archive.all_aliases:
                if not alias_key(alias):
                    continue
                if len(alias.split()) > 2 and re.search(r"[a-zа-я]{3}", alias):
                    names.add(tuple(alias.casefold().split()))  # a spelled-out name
                else:
                    acronyms.add(tuple(_acronym_units(alias)))
            for name in archive.names:
                names.add(tuple(name.casefold().split()))
        names.update(tuple(name.split()) for name in self._transliterated)
        acronym_part = _trie_regex(acronyms, r"[.\s\-]{0,2}") + r"\.?"
        name_part = _trie_regex(names, r"\s+", ignore_case=True)
        # every alias starts with a letter: "\b(?=letter)" is "(?<!\w)" there, and lets the
        # engine skip the positions no alias can start at (twice as fast over a note)
        return rx.compile(
            rf"\b(?=[^\W\d_])(?:{name_part}|{acronym_part}(?:\s?(?:RF|РФ|SSSR|СССР)\b)?)(?![\w])"
        )
