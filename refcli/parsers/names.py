"""Personal names as footnotes write them.

Russian order (``Pantsov A.V.``, ``Иванов И. И.``), initials first (``A. M. Lankov``,
``A.-M. Le Gloannec``), full names (``John Lewis Gaddis``, ``Erik van Ree``), bibliography
order (``Brzezinski, Zbigniew K.``), lists joined by commas, ``and``/``et``/``und``/``и``/``&``
or ``/``, ``et al.``/``и др.``, and editor marks (``ed.``, ``(eds)``, ``(Hrsg.)``).

``lead_people`` reads the author block that opens a reference and says where it ends; the
order of the list's first name sets how a full name later in the list is read (``Lewis J. W.,
Xue Litai``: Russian order, so ``Xue`` is the family name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcli.model import Person

_UP = r"A-ZА-ЯЁÀ-ÖØ-ÞŁŚŻŹĆŃŠŽČŘĎŤŇ"
_LO = r"a-zа-яёß-öø-ÿłśżźćńęąőűšžčřďťňě"
UPPER = f"[{_UP}]"
# one initial: "A.", "Zh.", "Ю.", "A.-M.", "J.-J."
INITIAL = rf"{UPPER}[{_LO}]?\.(?:\s?-\s?{UPPER}[{_LO}]?\.)?"
_INITIALS = rf"(?:{INITIAL}\s?){{1,3}}"
_WORD = rf"{UPPER}[{_LO}'’]+(?:{UPPER}[{_LO}]+)?(?:-{UPPER}?[{_LO}'’]+)?"
_PARTICLE = r"(?:van|von|de|der|den|du|da|di|del|della|des|le|la|ten|zu|d['’])"
_CAP_PARTICLE = r"(?:Le|La|De|Du|Van|Von|Da|Di|Del|Dos|Des)"
FAMILY = rf"(?:{_PARTICLE}\s)?{_WORD}"
_FAMILY_AFTER_INITIALS = rf"(?:(?:{_PARTICLE}|{_CAP_PARTICLE})\s(?={UPPER}))?{_WORD}"
_GIVEN_WORD = rf"(?:{_WORD}|{INITIAL}|{UPPER}(?=\s))"

# words that start titles and sentences, never names
_NOT_NAMES_TEXT = """the a an in on of for from to with and at by as is was were his her its their this that
    der die das ein eine im von und zur zum la le les un une des du dans sur et il lo el
    moscow moscou moskau london paris new york berlin city university press volume vol part
    chapter see ibid op cit note notes records record memorandum letter report minutes
    ministry committee central soviet russian state archive archives collection documents
    meetings meeting president congress party republic people peoples war history
    pravda izvestiia izvestia trud правда известия труд комсомольская советская"""
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())

_RU_UNIT = re.compile(rf"(?P<family>{FAMILY})\s?,?\s(?P<given>{_INITIALS})")
_IF_UNIT = re.compile(rf"(?P<given>{_INITIALS})\s?(?P<family>{_FAMILY_AFTER_INITIALS})(?!\w)")
_FULL_UNIT = re.compile(
    rf"(?P<given>{_WORD}(?:\s{_GIVEN_WORD}){{0,2}})\s(?P<family>(?:{_PARTICLE}\s)?{_WORD})(?!\w)"
)
# "J. Arch Getty", "R. W Davies": an initial, then given words, then the family name
_FULL_INITIAL_UNIT = re.compile(
    rf"(?P<given>{INITIAL}(?:\s{_GIVEN_WORD}){{1,2}})\s(?P<family>(?:{_PARTICLE}\s)?{_WORD})(?!\w)"
)
_BIB_UNIT = re.compile(
    rf"(?P<family>{FAMILY}),\s(?P<given>(?:{_WORD}|{INITIAL})(?:\s?(?:{_WORD}|{INITIAL})){{0,2}})"
    rf"(?=,|(?<!\.)\.\s|\s(?:et|and|und|&)\s)"
)
_SINGLE_LIST = re.compile(
    rf"(?P<names>{_WORD}(?:,\s{_WORD})*\s(?:et|and|und|и)\s{_WORD})(?=,\s)"
)
_SEP = re.compile(r"\s?(?:,\s?(?:and\s|&\s|et\s|und\s|и\s)?|\s(?:and|&|et|und|и)\s|\s?/\s?)")
_ET_AL = re.compile(r",?\s?(?:et\s?al\.?|и\s?др\.?|u\.\s?a\.|a\.\s?o\.)")
_EDITOR_MARK = re.compile(
    r",?\s?(?:\(\s?(?:eds?\.?|Eds?\.?|ed\.\sby|Hrsg\.|Hg\.|éds?\.|dir\.|ред\.|сост\.)\s?\)|"
    r"(?:eds?\.|Eds?\.|Hrsg\.|Hg\.|éds?\.)(?=[\s,]))"
)
# what may follow a full name: punctuation, a quote, a bracket, "et al.", an editor mark
_AFTER_FULL = re.compile(r"\s?[,.:(“\"«‘'„]|\s(?:et\s?al|и\s?др)")
_AFTER_FULL_OVER_RU = re.compile(r"\s?(?:,|\(|et\s?al|и\s?др)")
_INITIALS_FORMS = ("if", "ru")


@dataclass(frozen=True, slots=True)
class PeopleBlock:
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    end: int  # where the block (with its editor mark and "et al.") ends
    order: str  # "ru" (family first), "if" (initials first), "full", "bib"


def tidy_initials(given: str) -> str:
    """``A.V.`` → ``A. V.``; ``И.И.`` → ``И. И.``; ``A.-M.`` stays; full names stay."""
    given = re.sub(r"\s+", " ", given.strip())
    if re.fullmatch(rf"(?:{INITIAL}\s?)+", given):
        parts = re.findall(INITIAL, given)
        return " ".join(p.replace(" ", "") for p in parts)
    return given


def _is_namey(*words: str) -> bool:
    return all(
        w.lower().strip(".") not in _NOT_NAMES and not w.endswith(("'s", "’s")) for w in words
    )


def _person(m: re.Match[str]) -> Person:
    return Person(m.group("family"), tidy_initials(m.group("given")))


def _unit(text: str, pos: int, order: str | None, first: bool) -> tuple[Person, int, str] | None:
    """One name at POS: (person, end, form)."""
    fi = _FULL_INITIAL_UNIT.match(text, pos)
    if (fi and _is_namey(fi.group("family"), *fi.group("given").split())
            and not all(w.endswith(".") for w in fi.group("given").split())):
        after = text[fi.end():]
        sep = _SEP.match(text, fi.end())
        nxt = _unit(text, sep.end(), order, first=False) if sep else None
        if (nxt and nxt[2] in _INITIALS_FORMS) or _ET_AL.match(after) or _EDITOR_MARK.match(after):
            return _person(fi), fi.end(), "full"
    m = _IF_UNIT.match(text, pos)
    if m and _is_namey(m.group("family")):
        return _person(m), m.end(), "if"
    ru = _RU_UNIT.match(text, pos)
    full = _FULL_UNIT.match(text, pos)
    full_ok = bool(full) and _is_namey(*full.group("given").split(), *full.group("family").split())
    # "Bertram D. Wolfe, Three Who ...": a full name, when it opens the list
    if ru and _is_namey(ru.group("family")) and (
        not (first and full_ok and full.end() > ru.end()
                and _AFTER_FULL_OVER_RU.match(text, full.end()))
    ):
        return _person(ru), ru.end(), "ru"
    if first or order == "bib":
        m = _BIB_UNIT.match(text, pos)
        if m and _is_namey(m.group("family"), *m.group("given").split()):
            return _person(m), m.end(), "bib"
    if full_ok and re.search(r"(?:aya|oe|ykh|ая|ое|ые|ых)\b", full.group("given")):
        full_ok = False  # "Zimnyaya Voina", "Stalinskoe Ekonomicheskoe ...": adjectives, not names
    if full and full_ok:
        words = full.group(0).split()
        if order == "ru" and len(words) == 2:
            # "Xue Litai" in a Russian-order list: family name first
            return Person(words[0], words[1]), full.end(), "full"
        return _person(full), full.end(), "full"
    return None


_CONJUNCTION = re.compile(r"\s(?:and|&|et|und|и)\s|/")


def _block(text: str, pos: int) -> PeopleBlock | None:
    people: list[Person] = []
    ends: list[tuple[int, str, bool]] = []  # (end, form, joined by a conjunction so far)
    order: str | None = None
    p = pos
    conj = False
    while len(people) < 12:
        unit = _unit(text, p, order, first=not people)
        if unit is None:
            break
        person, end, form = unit
        if people and form == "full" and order in ("if", "ru"):
            words = text[p:end].split()
            if len(words) != 2 or (order == "if" and not conj):
                break  # "K. D. Roh, Stalin’s Economic Advisors": a title, not a second author
        order = order or form
        people.append(person)
        ends.append((end, form, conj))
        p = end
        sep = _SEP.match(text, p)
        if sep and _unit(text, sep.end(), order, first=False):
            conj = conj or bool(_CONJUNCTION.search(sep.group()))
            p = sep.end()
            continue
        break
    for k in range(len(people), 0, -1):
        end, form, joined = ends[k - 1]
        if form in ("full", "bib") and not _AFTER_FULL.match(text, end):
            continue  # a full name must be set off from the title by punctuation
        if k >= 2 and not joined and all(f == "full" for _, f, _ in ends[:k]):
            continue  # full names in a list end with "and": "A, B, and C"
        block = _finish(text, end, tuple(people[:k]), order or "")
        if block is not None:
            return block
    return None


def _finish(text: str, p: int, people: tuple[Person, ...], order: str) -> PeopleBlock | None:
    et_al = _ET_AL.match(text, p)
    if et_al:
        p = et_al.end()
    editors: tuple[Person, ...] = ()
    authors = people
    mark = _EDITOR_MARK.match(text, p)
    if mark:
        editors, authors, p = authors, (), mark.end()
    rest = text[p:]
    if not rest.strip(" .,:;—–-"):
        return None
    stripped = rest.lstrip(" .,:;—–-")
    if stripped[:1].islower():
        return None  # "A. I. Mikoyan has traveled ..." is a sentence, not a reference
    return PeopleBlock(authors, editors, p, order)


def lead_people(text: str, pos: int = 0) -> PeopleBlock | None:
    """The author (or editor) block opening TEXT at POS, or None when TEXT does not open with
    names. The block must be followed by something (a title), never by a lowercase word."""
    block = _block(text, pos)
    if block is not None:
        return block
    m = _SINGLE_LIST.match(text, pos)
    if not m:
        return None
    names = re.split(r",\s|\s(?:et|and|und|и)\s", m.group("names"))
    if not _is_namey(*names):
        return None
    return _finish(text, m.end(), tuple(Person(n) for n in names), "single")


def parse_person(text: str) -> Person | None:
    """One name in either order, with initials; None when TEXT is not such a name."""
    text = text.strip()
    for pattern in (_RU_UNIT, _IF_UNIT):
        m = pattern.fullmatch(text)
        if m and _is_namey(m.group("family")):
            return Person(m.group("family"), tidy_initials(m.group("given")))
    return None


def parse_people(text: str, full_names: bool = False) -> tuple[Person, ...]:
    """Names joined by commas or 'and'/'и'; an empty tuple when any part is not a name.

    With FULL_NAMES, ``Chen Jian`` (given-name-last full names) count too."""
    text = _ET_AL.sub("", text.strip()).strip()
    parts = [p for p in re.split(r",\s*|\s+(?:and|и|&|et|und)\s+", text) if p.strip()]
    people = []
    for part in parts:
        person = parse_person(part)
        if person is None and full_names:
            m = _FULL_UNIT.fullmatch(part.strip())
            if m and _is_namey(*part.split()):
                person = Person(m.group("family"), tidy_initials(m.group("given")))
        if person is None:
            return ()
        people.append(person)
    return tuple(people)


def parse_editor_list(text: str) -> tuple[Person, ...]:
    """Names after ``ed. by``/``под ред.``/``сост.``/``Hg. von``: ``А. А. Чернобаева``,
    ``Fritz Kool und Erwin Oberländer``, ``Л. Кошелева, В. Лельчук и др.``."""
    block = lead_people(text.rstrip(" .,") + ", X")
    if block is None:
        return ()
    return block.authors or block.editors
