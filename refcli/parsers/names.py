"""Personal names as footnotes write them: ``Pantsov A.V.``, ``A. M. Lankov``, ``Иванов И. И.``."""

from __future__ import annotations

import re

from refcli.model import Person

_INITIALS = r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?-?){1,3}"
_FAMILY = r"[A-ZА-ЯЁ][\w'’\-]+(?:\s(?:de|van|von|der|da|di|le|la)\s[A-ZА-ЯЁ][\w'’\-]+)?"
FAMILY_INITIALS = re.compile(rf"^\s*(?P<family>{_FAMILY})\s*,?\s+(?P<given>{_INITIALS})\s*$")
INITIALS_FAMILY = re.compile(rf"^\s*(?P<given>{_INITIALS})\s*(?P<family>{_FAMILY})\s*$")


def _tidy_initials(given: str) -> str:
    """``A.V.`` → ``A. V.``; ``И.И.`` → ``И. И.``."""
    parts = re.findall(r"[A-ZА-ЯЁ][a-zа-яё]?\.", given)
    return " ".join(parts) if parts else given.strip()


def parse_person(text: str) -> Person | None:
    """One name in either order, with initials; None when TEXT is not such a name."""
    m = FAMILY_INITIALS.match(text) or INITIALS_FAMILY.match(text)
    if not m:
        return None
    return Person(family=m.group("family"), given=_tidy_initials(m.group("given")))


def parse_people(text: str) -> tuple[Person, ...]:
    """Names joined by commas or 'and'/'и'; an empty tuple when any part is not a name."""
    parts = [p for p in re.split(r",\s*|\s+(?:and|и|&)\s+", text.strip()) if p.strip()]
    people = []
    for part in parts:
        person = parse_person(part)
        if person is None:
            return ()
        people.append(person)
    return tuple(people)
