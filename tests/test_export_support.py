"""Shared by the export tests (no tests here): the golden records and LaTeX-safety checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

from refcli.model import Citation, Person
from refcli.sources import Occurrence, Source, assign_keys, identity

EXPORT_GOLDEN = Path(__file__).resolve().parent / "golden" / "export"
RECORDS = EXPORT_GOLDEN / "records.json"

# the text macros refcli writes for the TeX specials
_TEXT_MACROS = {"textbackslash", "textbraceleft", "textbraceright", "textasciitilde",
                "textasciicircum"}
_CONTROL = re.compile(r"\\([a-zA-Z]+|.)")


def citation_from(data: dict) -> Citation:
    kw = dict(data)
    for name in ("authors", "editors"):
        if name in kw:
            kw[name] = tuple(Person(p["family"], p.get("given")) for p in kw[name])
    return Citation(**kw)


def golden_sources() -> list[Source]:
    """The golden records as sources with keys, each cited at its locators."""
    sources = []
    for i, item in enumerate(json.loads(RECORDS.read_text(encoding="utf-8"))):
        record = citation_from(item["record"])
        occurrences = [Occurrence("golden.txt", i + 1, loc) for loc in item["locators"]]
        sources.append(Source(identity(record), item.get("key", ""), record, occurrences))
    assign_keys(sources)
    return sources


def control_sequences(tex: str) -> list[str]:
    """The names of the control sequences in TEX (``\\input`` → ``input``, ``\\%`` → ``%``)."""
    return [m.group(1) for m in _CONTROL.finditer(tex)]


def unsafe_control_sequences(tex: str, source: str) -> list[str]:
    """Control sequences in TEX that escaping SOURCE should not have written (an injection).

    Allowed: the text macros for the TeX specials, and whatever a single non-ASCII character of
    SOURCE is spelt with on its own (pylatexenc's fixed table: ``{\\'e}``, ``{\\cyrp}``). So no
    control sequence can come from the user's ASCII text, where a backslash is.
    """
    from refcli.exporters.latex_escape import escape

    allowed = set(_TEXT_MACROS) | {"%", "&", "#", "_", "$"}
    for ch in set(source):
        if not ch.isascii():
            allowed.update(control_sequences(escape(ch, ascii_only=True)))
    return [name for name in control_sequences(tex) if name not in allowed]


def brace_depths_ok(tex: str) -> bool:
    """True when braces balance the way BibTeX counts them (every brace, escaped or not)."""
    depth = 0
    for ch in tex:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0
