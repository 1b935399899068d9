"""The people of an author or editor field, read token by token (no backtracking).

The labeller says which words of a note are its authors; this module splits that field
into persons and picks each one's family name, for every order footnotes use:

- initials first (``R. W. Davies``, ``A.-M. Le Gloannec``), full names (``Matthew Lee
  Miller``), with particles (``Erik van Ree``);
- family first (``Аксютин Ю.``, ``Pantsov A.V.``, ``Иванов Иван Иванович``), and the
  bibliography order (``Brzezinski, Zbigniew K.``, ``Sherry, John F., Jr.``);
- Chinese names in their own order (``Chen Jian``, ``Shen Zhihua``);
- lists joined by commas, ``and``, ``&``, ``и``, ``/``, with ``et al.``/``и др.`` and
  editor marks (``ed.``, ``eds.``, ``(ред.)``, ``сост.``) noted and left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from refcli import rx
from refcli.model import Person

from .tokens import tokenize

# compared case-sensitively: "A." is an initial, "a" (Czech "and") a joiner
JOINERS = _JOINERS = frozenset({"and", "&", "и", "та", "und", "et", "y", "i", "a", "/", ";", "with", "And"})
PARTICLES = _PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "da", "di", "del", "della",
                        "des", "le", "la", "ten", "ter", "zu", "dos", "das", "фон", "ван", "де",
                        "d'", "d’", "al", "el", "bin", "ibn"})
_PEERAGES = frozenset({"earl", "duke", "duchess", "marquess", "marquis", "countess", "count", "viscount",
                       "baron", "baroness", "lord", "lady", "prince", "princess"})
# titles a name may open with ("Sir Kenneth Strong", "Count Paul Benckendorff")
_TITLES = _PEERAGES | {"sir", "dame", "general", "colonel", "captain", "admiral", "commander", "father",
                       "dr", "professor", "mr", "mrs", "miss", "madame", "president", "senator"}
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "jun", "sen"})
_EDITOR_WORDS = frozenset({"ed", "eds", "edited", "editor", "editors", "ред", "редактор", "под",
                           "редакцией", "сост", "составитель", "составители", "comp", "comps",
                           "compiled", "hrsg", "hg", "dir", "éd", "éds", "by", "отв", "trans",
                           "transl", "translated", "пер", "introduction", "intro", "with"})
_ETAL = frozenset({"al", "др", "others", "alii"})
# family names that open an East Asian name written family first: Chinese ("Chen Jian",
# "Shen Zhihua"), Vietnamese ("Luu Van Loi", "Vu Thu Hien"), Korean ("Kim Il Sung")
_FAMILY_FIRST = frozenset(
    ["chen", "zhang", "li", "wang", "liu", "yang", "zhou", "shen", "niu", "xue", "huang", "zhao", "wu", "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie", "han", "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "xu", "fu", "zeng", "peng", "lu", "su", "jiang", "cai", "jia", "ding", "wei", "ye", "yan", "pan", "du", "dai", "xia", "zhong", "tian", "ren", "fan", "fang", "shi", "yao", "tan", "liao", "zou", "xiong", "jin", "hao", "kong", "bai", "cui", "kang", "mao", "qiu", "qin", "gu", "hou", "shao", "meng", "long", "wan", "duan", "qian", "yin", "yi", "chang", "qiao", "lai", "gong", "wen", "zhai", "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong", "ly", "luu", "truong", "dinh", "doan", "lam", "mai", "trinh", "ha", "ta", "thai", "quach", "kim", "pak", "park", "choi", "choe", "jung", "kang", "cho", "yoon", "jang", "lim", "shin", "seo", "kwon", "hwang", "ahn", "yoo", "jeon", "ko",
     # Wade-Giles and other older romanisations ("Chiang Kai-shek", "Chou En-lai", "Teng
     # Hsiao-p'ing"), more Korean ones ("Koh Chik-mann", "Ri In Mo", "Tak Jin"; not "Yun", the given name of
     # "Yun Zhang" in Russian translations of Jung Chang)
     "chiang", "chou", "teng", "chu", "hsu", "kao", "tsai", "tseng", "kuo", "yeh", "sung", "chao",
     "chin", "hsieh", "liao", "tsou", "chai", "koh", "tak", "oh", "nam", "ryu", "mun",
     "moon", "paek", "baek", "hong", "chong", "chung", "kwak", "kil", "won", "ri", "hyon", "ju",
     "pae", "pang", "sin", "chae", "roh", "son", "kye", "lee", "yi"]
)
# family names above that are also given names in the West ("Kim Philby", "Lee Hamilton"):
# family first only when the rest reads as romanised syllables ("Kim Il Sung", "Lee Kuan Yew")
_WESTERN_TOO = frozenset({"kim", "lee", "lin", "song", "ma"})
_SYLLABLE = rx.compile(
    r"(?:ch|sh|zh|hs|ts|tz|kk|tt|pp|ss|jj|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|yeo|iao|ian|uai|uan|ao|ai|ei|ou|ia|ie|iu|ua|uo|ui|eo|eu|ae|oe|ew|oo|ee|[aeiouü])"
    r"(?:ng|n|l|k|p|t|m|h|r)?")
# a hyphenated given name with a small second half: "Kai-shek", "Jang-yop", "Ki-bon"
_SPLIT_GIVEN = rx.compile(r"[A-Z][a-z]{1,5}-[a-z]{1,6}")


def _syllabic(word: str) -> bool:
    """WORD reads as one or two romanised East Asian syllables ("Sung", "Zedong", "Kuan")."""
    w = word.lower().replace("'", "").replace("’", "")
    if not w.isalpha():
        return False
    for k in range(1, len(w)):
        if _SYLLABLE.fullmatch(w[:k]) and _SYLLABLE.fullmatch(w[k:]):
            return True
    return _SYLLABLE.fullmatch(w) is not None


def family_first(words: list[str]) -> bool:
    """Is this a name of two or three words written family name first, East Asian style?"""
    if len(words) not in (2, 3) or not words[0][:1].isupper():
        return False
    first = words[0].lower()
    if len(words) == 2 and _SPLIT_GIVEN.fullmatch(words[1]) and len(first) <= 6 and words[0].isalpha():
        return True
    if first not in _FAMILY_FIRST:
        return False
    return first not in _WESTERN_TOO or all(
        _SPLIT_GIVEN.fullmatch(w) or _syllabic(w) for w in words[1:])
_PATRONYMIC = ("ович", "евич", "овна", "евна", "ична", "ьич", "ovich", "evich", "ovna", "evna")


@dataclass(frozen=True, slots=True)
class People:
    persons: tuple[Person, ...]
    et_al: bool = False
    editor_mark: bool = False


def _is_initial(word: str, dotted: bool) -> bool:
    """``A`` (before a full stop), ``Zh.``, ``Iu.``, ``Ю``: a given name's initial."""
    if not word[:1].isupper() or not word.isalpha():
        return False
    if len(word) == 1:
        return True
    return dotted and len(word) <= 3 and word[1:].islower()


def _words(text: str) -> list[tuple[str, bool]]:
    """The words of TEXT, each with whether a full stop follows it; separators as words."""
    toks = tokenize(text)
    out: list[tuple[str, bool]] = []
    for i, t in enumerate(toks):
        w = t.text
        dotted = i + 1 < len(toks) and toks[i + 1].text == "." and toks[i + 1].start == t.end
        if w == ".":
            continue
        if w == "-" and out and i + 1 < len(toks) and toks[i + 1].start == t.end:
            # "A.-M.", "Равич-Черкасский": a hyphen joins two halves
            prev, d = out.pop()
            nxt = toks[i + 1].text
            out.append((f"{prev}-{nxt}", d))
            toks[i + 1] = toks[i + 1].__class__("", toks[i + 1].start, toks[i + 1].end)
            continue
        if not w:
            # the second half of a hyphenated pair, already joined
            if i + 1 < len(toks) and toks[i + 1].text == "." and out:
                out[-1] = (out[-1][0], True)
            continue
        out.append((w, dotted))
    return out


def _family_of(group: list[tuple[str, bool]]) -> Person | None:
    names = [(w, d) for w, d in group if w.lower().strip(".") not in _SUFFIXES]
    if not names:
        return None
    is_init = [_is_initial(w.split("-")[0], d) for w, d in names]
    for k in range(1, len(names) - 1):
        if names[k][0] in _SAINT and not is_init[k + 1]:
            is_init[k] = False  # "Michael St. John": "St." opens the family name, it is no initial
    words = [w for (w, _), i in zip(names, is_init, strict=True) if not i]
    initials = [w for (w, _), i in zip(names, is_init, strict=True) if i]
    if not words:
        return Person(names[-1][0])
    given_initials = " ".join(f"{w}." if len(w) <= 3 else w for w in initials)
    if initials and not is_init[-1]:
        # "R. W. Davies", "J. Arch Getty", "Vladislav M. Zubok": the family name comes last
        family, given = _tail_family(words)
        given_all = [f"{w}." if i and len(w) <= 3 else w
                     for (w, _), i in zip(names, is_init, strict=True) if w not in family.split()]
        return Person(family, " ".join(given_all) or None)
    if initials:
        # "Pantsov A.V.", "Le Gloannec A.-M.": the family name comes first
        return Person(" ".join(words), given_initials or None)
    if len(words) == 1:
        return Person(words[0])
    if len(words) == 3 and words[1] == "of" and words[0][:1].isupper() and words[2][:1].isupper():
        if words[0].lower() in _PEERAGES:
            return Person(words[2], f"{words[0]} of")  # "Earl of Avon": cited as Avon
        # "Gregory of Nyssa", "Sergius of Radonezh": a name with its place, cited whole
        return Person(" ".join(words))
    given = given_names()
    grand = tuple(w.lower() for w in words[:2]) in _GRAND
    rest = words[2:] if grand else words
    if (grand and rest) or (len(rest) == 2 and rest[0].lower() in given and rest[1].lower().endswith(_PATRONYMIC)
                            and _CYRILLIC_WORD.fullmatch(rest[1])):
        # a grand duke, or a name and patronymic alone in Cyrillic ("Александр Михайлович.
        # Мемуары великого князя"): the Romanovs are cited by the name they were known by, which
        # has no family name ("Mark Rascovich", "Viktor Dyatlikovich" are a name and a family name)
        return Person(" ".join(rest))
    if family_first(words):
        return Person(words[0], " ".join(words[1:]))  # "Chen Jian", "Luu Van Loi", "Yun Ki-bon"
    if words[0].lower() not in given and (words[-1].lower().endswith(_PATRONYMIC) or (
            len(words) == len(names) == 2 and names[-1][1] and words[1].lower() in given
            and words[0].lower() not in _TITLES)):
        # "Иванов Иван Иванович"; "Fitzpatrick Sheila." (a Western name written family first
        # and closed by a full stop, as Russian bibliographies write it); never after a known
        # given name ("Mark Rascovich")
        return Person(words[0], " ".join(words[1:]))
    family, given = _tail_family(words)
    return Person(family, " ".join(given) or None)


# lower-case particles that stay with the given name in the family name's sorting form
# ("Gustave de Molinari" is cited as "Molinari"); the others ("Erik van Ree", "Le Gloannec")
# belong to the family name
_GIVEN_PARTICLES = frozenset({"de", "di", "da", "du", "des", "von", "zu", "dos", "das", "d'", "d’"})


def _tail_family(words: list[str]) -> tuple[str, list[str]]:
    """The last word with the particles before it, and the words before those."""
    j = len(words) - 1
    while j > 0 and ((words[j - 1].lower() in _PARTICLES and words[j - 1] not in _GIVEN_PARTICLES)
                     or (words[j - 1] in _SAINT and j > 1)):  # "Andrew St. George"
        j -= 1
    return " ".join(words[j:]), words[:j]


_GRAND = frozenset({("grand", "duke"), ("grand", "duchess"), ("великий", "князь"), ("великая", "княгиня"),
                    ("великая", "княжна")})  # the Romanovs' titles
_SAINT = frozenset({"St", "Saint"})  # "St." before a family name ("Andrew St. George")
_CYRILLIC_WORD = rx.compile(r"[а-яёА-ЯЁ]+")
# "Goncharov, Lewis, and Xue": a comma before the last "and" closes a list of family names
# (when every name in it is one word)
_SERIAL_AND = rx.compile(r",\s(?:and|&)\s")


@lru_cache(maxsize=16384)
def parse_people(text: str) -> People:
    """The persons of an author or editor field. (Cached: a pure function of a short string,
    and a document names the same authors note after note; People and Person are frozen.)"""
    words = _words(text)
    et_al = editor = False
    groups: list[list[tuple[str, bool]]] = [[]]
    i = 0
    while i < len(words):
        w, d = words[i]
        low = w.lower()
        if low in ("et", "и", "u") and i + 1 < len(words) and words[i + 1][0].lower() in _ETAL | {"a"}:
            et_al = True
            i += 2
            continue
        if low in _ETAL and i and words[i - 1][0].lower() in ("et", "и"):
            et_al = True
        elif low in _EDITOR_WORDS:
            editor = True
        elif w in _JOINERS or w in "(),:;[]" or not (w[:1].isalpha() or w[:1] in "'’"):
            if w == ",":
                groups.append([("\x00,", False)])  # a comma: maybe bibliography order
            else:
                groups.append([])
        elif low in ("al",):
            et_al = True
        else:
            groups[-1].append((w, d))
        i += 1
    return People(_persons(groups, serial=_SERIAL_AND.search(text) is not None), et_al, editor)


def _persons(groups: list[list[tuple[str, bool]]], serial: bool = False) -> tuple[Person, ...]:
    out: list[Person] = []
    pending: list[tuple[str, bool]] | None = None
    # "Family, Given" needs evidence when the field lists several people ("Lih, Naumov, and
    # Khlevniuk" is three family names): an initial, or a known given name
    listed = len([g for g in groups if g and g[0][0] != "\x00,"]) > 1 or len(groups) > 2
    # (a serial list of single names only: "Brzezinski, Zbigniew, and Samuel Huntington" opens
    # in bibliography order)
    serial = serial and all(len([w for w in g if w[0] != "\x00,"]) <= 1 for g in groups)
    for g in groups:
        comma = bool(g) and g[0][0] == "\x00,"
        body = g[1:] if comma else g
        if not body:
            continue
        if comma and pending is not None and _completes(pending, body) and (
                not listed or (_looks_given(body) and _looks_given(body[-1:])
                               and (not serial or any(_is_initial(w, d) for w, d in body)))):
            # (in a list, the given name's last word too: "Gevorkyan, Nataliya, Natalya
            # Timakova" is three people, not a Nataliya whose given name is "Natalya Timakova")
            # "Brzezinski, Zbigniew K.", "Sherry, John F., Jr.": bibliography order
            if not all(w.lower().strip(".") in _SUFFIXES for w, _ in body):
                fam = " ".join(w for w, _ in pending)
                given = " ".join(f"{w}." if d and len(w) <= 3 else w for w, d in body)
                out[-1] = Person(fam, given)
            pending = None
            continue
        p = _family_of(body)
        if p is not None and p.family:
            out.append(p)
            pending = body
    return tuple(out)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names known after labelling: the labeller's own list (lexicon.txt's [given])
    and data/given_names.txt, which is read only here and so grows without retraining."""
    from importlib import resources

    from .features import lexicon

    text = resources.files("refcli").joinpath("data/given_names.txt").read_text(encoding="utf-8")
    extra = (line.strip() for line in text.splitlines())
    return lexicon()["given"] | frozenset(w for w in extra if w and not w.startswith("#"))


def _looks_given(words: list[tuple[str, bool]]) -> bool:
    given = given_names()
    return any(_is_initial(w.split("-")[0], d) or w.lower() in given
               or w.lower().strip(".") in _SUFFIXES for w, d in words)


def _completes(before: list[tuple[str, bool]], after: list[tuple[str, bool]]) -> bool:
    """Whether AFTER (behind a comma) is the given name of the family name BEFORE."""
    if all(w.lower().strip(".") in _SUFFIXES for w, _ in after):
        return True
    before_words = [w for w, d in before if not _is_initial(w.split("-")[0], d)]
    if len(before_words) != len(before):
        return False  # "Девятов С., Шефов А.": the part before is already a whole name
    if len(before_words) > 1 and not (len(before_words) == 2 and before_words[0].lower() in _PARTICLES):
        return False
    after_words = [w for w, d in after if not _is_initial(w.split("-")[0], d)]
    return len(after_words) <= 2 and len(after) <= 4
