"""Markdown footnotes as pandoc writes them: ``text[^1]`` with ``[^1]: note``, named labels
(``[^mikoyan]``), multi-line definitions and inline notes ``^[note text]``.

Notes are numbered as pandoc shows them: in the order of their first reference in the body,
whatever the labels say (``[^15]`` referenced first is note 1; with labels ``[^1]`` ... ``[^n]``
in order the numbers are the labels). Each note keeps its label as written (``label`` ``"15"``,
``"mikoyan"``), so the way back to the manuscript's own numbering is never lost; inline notes
have none. Definitions no reference points to are numbered after
the referenced ones (the ``marker-missing`` check reports them); a reference without a
definition is reported as ``marker-missing`` (it takes no number); a label defined twice keeps its first definition
and is reported as ``numbering-duplicate``.

A definition runs on over the lines that follow it until a blank line, another definition or a
heading, and over later paragraphs indented by four spaces or a tab. Fenced code blocks and
code spans are left alone. Note text is reduced to plain text: emphasis marks, code backticks
and backslash escapes removed, ``[text](url)`` read as ``text (url)``, HTML entities decoded.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from refcli import rx
from refcli.model import Finding, RawNote, ReadResult

from .base import normalize_chars, normalize_text

_DEF = rx.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$")
_FENCE = rx.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLOCK = rx.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|>|(?:`{3,}|~{3,})|[-*+]\s|(?:[-*_][ \t]*){3,}$)")
_TOKEN = rx.compile(r"\\.|`+|\^\[|\[\^([^\]\s]+)\]", re.DOTALL)
_ESCAPED = rx.compile(r"\\([!-/:-@\[-`{-~])")
_CODE = rx.compile(r"(?<!`)(`++)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_IMAGE = rx.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = rx.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = rx.compile(r"<((?:https?|ftp)://[^>\s]+|[^>\s@]+@[^>\s@]+)>")
_STRONG = rx.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EM_STAR = rx.compile(r"\*(?=\S)(.+?)(?<=\S)\*", re.DOTALL)
_EM_UNDERSCORE = rx.compile(r"(?<![\w])_(?=\S)(.+?)(?<=\S)_(?![\w])", re.DOTALL)
_STRIKE = rx.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.DOTALL)
_TAG = rx.compile(r"</?(?:i|em|b|strong|sup|sub|span|small|u|s)(?:\s[^<>]*)?>", re.IGNORECASE)
_ENTITY = rx.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PROTECT_BASE = 0xF0000  # supplementary private use area: escaped characters wait here


def _protect(text: str) -> str:
    return "".join(chr(_PROTECT_BASE + ord(c)) if ord(c) < 128 else c for c in text)


def _restore(text: str) -> str:
    return re.sub("[\U000f0000-\U000f007f]", lambda m: chr(ord(m.group()) - _PROTECT_BASE), text)


def markdown_to_text(text: str) -> str:
    """A note's Markdown as plain text (see the module docstring)."""
    text = _ESCAPED.sub(lambda m: _protect(m.group(1)), text)
    text = _CODE.sub(lambda m: _protect(m.group(2).strip()), text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(
        lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({_protect(m.group(2))})",
        text,
    )
    text = _AUTOLINK.sub(lambda m: _protect(m.group(1)), text)
    for pattern in (_STRONG, _EM_STAR, _EM_UNDERSCORE, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex or 1), text)
    text = _TAG.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    return " ".join(normalize_chars(_restore(text)).split())


@dataclass(slots=True)
class _Definition:
    label: str
    line: int
    parts: list[str]


def _split_definitions(lines: list[str]) -> tuple[list[_Definition], list[str]]:
    """The footnote definitions, and the body lines with definitions and code blanked out."""
    defs: list[_Definition] = []
    body: list[str] = []
    fence: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if fence is not None:
            body.append("")
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            i += 1
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            body.append("")
            i += 1
            continue
        m = _DEF.match(line)
        if not m:
            body.append(line)
            i += 1
            continue
        definition = _Definition(m.group(1), i + 1, [m.group(2)])
        defs.append(definition)
        body.append("")
        i += 1
        blank = 0
        while i < len(lines):
            nxt = lines[i]
            if not nxt.strip():
                blank += 1
            elif nxt.startswith(("    ", "\t")):
                definition.parts.extend([""] * min(blank, 1))
                definition.parts.append(nxt.strip())
                blank = 0
            elif not blank and not _DEF.match(nxt) and not _BLOCK.match(nxt):
                definition.parts.append(nxt.strip())  # a lazy continuation line
            else:
                break
            i += 1
        # blank lines after a definition belong to the body again
        body.extend([""] * (i - len(body)))
    return defs, body


def _paragraph_brackets(text: str) -> dict[int, int]:
    """Opening '[' offset → its matching ']', within one paragraph, escapes skipped."""
    match: dict[int, int] = {}
    offset = 0
    for para in re.split(r"(\n[ \t]*\n)", text):
        stack: list[int] = []
        i = 0
        while i < len(para):
            c = para[i]
            if c == "\\":
                i += 2
                continue
            if c == "[":
                stack.append(offset + i)
            elif c == "]" and stack:
                match[stack.pop()] = offset + i
            i += 1
        offset += len(para)
    return match


def read_markdown_notes(text: str, source: str, name: str | None = None) -> ReadResult:
    """The footnotes of the Markdown TEXT (see the module docstring)."""
    lines = normalize_text(text).splitlines()
    defs, body_lines = _split_definitions(lines)
    body = "\n".join(body_lines)
    line_starts = [0]
    for line in body_lines:
        line_starts.append(line_starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    findings: list[Finding] = []
    by_label: dict[str, _Definition] = {}
    for d in defs:
        key = d.label.casefold()
        if key in by_label:
            first = by_label[key]
            findings.append(Finding(
                "numbering-duplicate", "warning", None,
                f"[^{d.label}] is defined twice (lines {first.line} and {d.line}); the first is used",
            ))  # fmt: skip
        else:
            by_label[key] = d

    brackets = _paragraph_brackets(body)
    notes: list[RawNote] = []
    numbers: dict[str, int] = {}
    markers: list[int] = []
    undefined: set[str] = set()
    last = 0
    pos = 0
    while m := _TOKEN.search(body, pos):
        token = m.group(0)
        pos = m.end()
        if token.startswith("\\"):
            continue
        if token.startswith("`"):
            close = re.compile(rf"(?<!`){token}(?!`)").search(body, m.end())
            if close:
                pos = close.end()
            continue
        if token == "^[":
            end = brackets.get(m.start() + 1)
            if end is None:
                continue  # pandoc leaves an unclosed ^[ as text
            last += 1
            notes.append(RawNote(last, markdown_to_text(body[m.end() : end]), line_of(m.start())))
            markers.append(last)
            pos = end + 1
            continue
        label = m.group(1)
        key = label.casefold()
        if key not in by_label:
            if key not in undefined:
                undefined.add(key)
                findings.append(Finding(
                    "marker-missing", "warning", None,
                    f"[^{label}] at line {line_of(m.start())} has no definition '[^{label}]: ...'",
                ))  # fmt: skip
            continue
        if key not in numbers:
            last += 1
            numbers[key] = last
            d = by_label[key]
            notes.append(RawNote(numbers[key], markdown_to_text("\n".join(d.parts)), d.line, d.label))
        markers.append(numbers[key])
    for key, d in by_label.items():
        if key not in numbers:
            last += 1
            numbers[key] = last
            notes.append(RawNote(last, markdown_to_text("\n".join(d.parts)), d.line, d.label))
    notes.sort(key=lambda note: note.n)
    return ReadResult(source, tuple(notes), tuple(findings), tuple(markers), "markdown", body)
