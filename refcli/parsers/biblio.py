"""Bibliographic references (books, articles, chapters, web pages, documents).

Placeholder until the bibliographic parser lands: a segment that looks like a reference
becomes an ``other`` citation carrying its raw text, and nothing is guessed.
"""

from __future__ import annotations

import re

from refcli.model import Citation

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_MARKS = re.compile(r"//|/ /|\b(?:pp?|[СсS])\.\s?\d|\b(?:Moscow|М\.|M\.|Publ|ed\.|eds\.|vol\.)|https?:")


def parse_reference(segment: str, offset: int = 0) -> Citation | None:
    """SEGMENT as a reference, or None when it reads as commentary."""
    text = segment.strip()
    if len(text) < 8 or not (_YEAR.search(text) and _MARKS.search(text)):
        return None
    start = offset + segment.find(text)
    return Citation(kind="other", raw=text, start=start, end=start + len(text))
