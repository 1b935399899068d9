"""Back-references: ``Ibid., l. 102.``, ``Там же. С. 68.``, ``Pantsov A.V. op. cit., pp. 597-599``.

Recognises the forms and their locators; linking them to what they stand for is the
resolver's work.
"""

from __future__ import annotations

import re

from refcli import rx
from refcli.model import Citation

from .canon import canon_leaves, canon_unit
from .people import parse_people

IBID = r"(?:(?<![^\W\d_])[Iil]bid(?:em)?\b\.?|(?<![^\W\d_])[Ii]b\.|[Тт]ам\s?(?:же|само|жа)\b\.?|[Тт]амсама\b\.?)"
OPCIT = (
    r"(?:[Oo]p\.\s?cit\b\.?|[Ll]oc\.\s?cit\b\.?|[УуВв]каз\.\s?(?:соч|раб|праця|праці)\b\.?|"
    r"[Dd]ecree\.\s?[Oo]p\b\.?|[Oo]p\.\s?[Dd]ecree\b\.?|(?<!\w)cit\.)"
)
_LEAF = r"\d+(?:\s?(?:ob|об|v)\.?)?(?:\s*[-–—]\s*\d+(?:\s?(?:ob|об|v)\.?)?)?"
_PAGE = r"\d+(?:\s*[-–—]\s*\d+)?"
_LOCATOR = rx.compile(
    rf"[\s,.:—–-]*(?:"
    rf"(?P<leaves>(?:(?:ll?|Лл?|лл?|listy?)\.\s?|[Ss]heets?\s)(?:{_LEAF})(?:\s*,\s*{_LEAF})*)"
    rf"|(?P<pages>(?:pp?|[СсSs]|стр|Pp)\.\s?{_PAGE}(?:\s*,\s*{_PAGE})*)"
    rf"|(?P<levels>(?:(?:(?:[Oo]p|[Оо]п|[Dd]|[Дд])\.\s?|(?:[Ii]nventory|[Rr]egister|[Ff]ile)\s)\d+\w{{0,2}}[\s,.]*)+)"
    rf"|(?P<roman>[IVXL]{{1,6}}),\s?(?P<rpages>{_PAGE})(?![\w/-])"
    rf"|(?P<bare>{_PAGE})(?=\s*+(?:[.;]\s*+)?$)"
    rf"|(?P<volume>(?:vol|[ТтT]|[Vv]ol)\.\s?\d+(?:[\s,.]*(?:pp?|[СсSs])\.\s?{_PAGE})?)"
    rf")"
)
_BACKREF = rx.compile(rf"(?P<ibid>{IBID})|(?P<opcit>{OPCIT})")


# (compiled here, not looked up in re's cache at each call)
_LABEL = rx.compile(r"^[^\s\d]+\.?\s?")
_DASH = rx.compile(r"\s*[-–—]\s*")
_LEVEL_LABEL = rx.compile(r"(?:([OoОоDdДд])[pпn]?\.\s?|([Ii]nventory|[Rr]egister|[Ff]ile)\s)(\d+\w{0,2})")
_NUMBER = rx.compile(r"\d+")
_VOLUME_PAGES = rx.compile(rf"(?:pp?|[СсSs])\.\s?({_PAGE})")
_SEE = rx.compile(r"^(?:see|see also|cf|См|см|Подробнее см)\.?:?\s*", re.I)
_SENTENCE = rx.compile(r"[.!?]\s+[a-zа-яё]|[()]")


def locator_fields(text: str) -> tuple[dict[str, str], int]:
    """The locator right after a back-reference form (``, op. 3, d. 1051, l. 44``,
    ``. С. 68``, ``, vol. 4, p. 358``), and how much text it took."""
    out: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        m = _LOCATOR.match(text, pos)
        if not m or m.end() == pos:
            break
        if m.group("leaves") and "leaves" not in out:
            out["leaves"] = canon_leaves(_LABEL.sub("", m.group("leaves")))
        elif m.group("pages") and "pages" not in out:
            out["pages"] = _DASH.sub("-", _LABEL.sub("", m.group("pages")))
        elif m.group("roman") and not out:  # "Ibid., V, 220": volume V, page 220
            out["volume"] = m.group("roman")
            out["pages"] = _DASH.sub("-", m.group("rpages"))
        elif m.group("bare") and not out:
            out["pages"] = _DASH.sub("-", m.group("bare").strip())
        elif m.group("levels"):
            for label, word, value in _LEVEL_LABEL.findall(m.group("levels")):
                key = "opis" if (label or word[:1]).lower() in ("o", "о", "i", "r") else "delo"
                out.setdefault(key, canon_unit(value))
        elif m.group("bare") and "delo" in out and "leaves" not in out:
            out["leaves"] = canon_leaves(m.group("bare"))  # "Ibid., register 107, file 118, 39."
        elif m.group("volume") and "volume" not in out:
            vol = _NUMBER.search(m.group("volume"))
            if vol:
                out["volume"] = vol.group()
            pages = _VOLUME_PAGES.search(m.group("volume"))
            if pages:
                out["pages"] = _DASH.sub("-", pages.group(1))
        else:
            break
        pos = m.end()
    return out, pos


def parse_backref(segment: str, offset: int = 0) -> Citation | None:
    """SEGMENT as a back-reference, when it is one (it starts with, or names an author before,
    an Ibid. or op. cit. form)."""
    m = _BACKREF.search(segment)
    if not m:
        return None
    before = segment[: m.start()].strip(" ,;:")
    before = _SEE.sub("", before)
    if len(before) > 120 or _SENTENCE.search(before) or before.count(",") > 3:
        return None  # commentary that happens to mention "op. cit." further on
    locator, used = locator_fields(segment[m.end() :])
    end = m.end() + used
    if m.group("ibid"):
        if before:
            return None  # "Ibid." must open its citation
        return Citation(kind="ibid", raw=segment[:end].strip(), start=offset,
                        end=offset + end, **locator)
    authors = parse_people(before).persons if before else ()
    if before and not authors:
        # "Title, op. cit." is a short title; keep it, the resolver may match it
        return Citation(kind="op_cit", raw=segment[:end].strip(), title=before.rstrip("."),
                        start=offset, end=offset + end, **locator)
    return Citation(kind="op_cit", raw=segment[:end].strip(), authors=authors,
                    start=offset, end=offset + end, **locator)
