"""The sources list of a thesis: archival sources grouped archive → fond → opis → delo, with
the leaves cited and the notes citing them, then the published works in bibliography order.

Pure: sources and the registry in, a ``SourcesList`` out; ``render_text``, ``render_markdown``,
``render_latex`` and ``render_docx`` turn it into a file. Archival units are written by refcli
(their grammar is the shelfmark's: ``ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130.`` in GOST,
``GARF, f. R-5446, op. 98s, d. 704, ll. 101–130`` in Chicago); published works are rendered
by citeproc-py with the vendored CSL styles (``refcli/data/csl``: GOST R 7.0.5-2008 and
Chicago 18th edition notes-bibliography), not by hand.
"""

from __future__ import annotations

import html
import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from refcli import rx

from .exporters.common import ExportItem, exported_form, has_archive, is_unit, unit_location
from .exporters.csl import csl_item
from .registry import Registry
from .sources import Source

STYLES = {"gost": "gost-r-7-0-5-2008.csl", "chicago": "chicago-notes-bibliography.csl"}
FORMATS = ("text", "markdown", "latex", "docx")

_LAT_TO_CYR = str.maketrans("abvgdeziklmnoprstufABVGDEZIKLMNOPRSTUF",
                            "абвгдезиклмнопрстуфАБВГДЕЗИКЛМНОПРСТУФ")

# words of each style
_WORDS = {
    "gost": {"archival": "Архивные источники", "published": "Опубликованные источники и литература",
             "fond": "Ф.", "opis": "Оп.", "papka": "П.", "karton": "К.", "delo": "Д.",
             "tom": "Т.", "leaf": "Л.", "leaves": "Л.", "verso": " об.", "note": "прим.",
             "notes": "прим.", "cited": "Цит.", "ibid": "там же", "op_cit": "указ. соч."},
    "chicago": {"archival": "Archival sources", "published": "Published works",
                "fond": "f.", "opis": "op.", "papka": "p.", "karton": "k.", "delo": "d.",
                "tom": "t.", "leaf": "l.", "leaves": "ll.", "verso": "ob", "note": "n.",
                "notes": "nn.", "cited": "Cited", "ibid": "ibid.", "op_cit": "op. cit."},
}


@dataclass(slots=True)
class Citing:
    """One note citing a unit: where, at which leaves, and how (directly, ibid., op. cit.)."""

    document: str
    note: int
    leaves: str | None = None
    via: str | None = None


@dataclass(slots=True)
class Unit:
    """A delo (or a free shelfmark) with the leaves cited and the notes citing it."""

    key: str
    label: str  # the full reference: ГАРФ. Ф. Р-5446. Оп. 98с. Д. 704. Л. 101–130.
    title: str | None
    citing: list[Citing] = field(default_factory=list)


@dataclass(slots=True)
class Level:
    """A fond or an opis: its heading and what is below it."""

    heading: str
    levels: list[Level] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


@dataclass(slots=True)
class ArchiveGroup:
    heading: str  # Государственный архив Российской Федерации (ГАРФ)
    levels: list[Level] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # shelfmarks outside the fond scheme


@dataclass(slots=True)
class Entry:
    """A published work as the style renders it: runs of (text, italic)."""

    key: str
    runs: list[tuple[str, bool]]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(slots=True)
class SourcesList:
    style: str
    archives: list[ArchiveGroup]
    published: list[Entry]
    documents: int  # how many documents the notes come from


# --- archival units ------------------------------------------------------------------------------


def _natural(value: str | None) -> tuple:
    """``R-5446`` < ``R-10026``; ``98s`` after ``98``: numbers compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower())
                 for p in re.findall(r"\d+|\D+", value or ""))


def cyrillic_acronym(archive: str, registry: Registry | None) -> str:
    """``GARF`` → ``ГАРФ`` (the registry's first Cyrillic alias), else as written."""
    found = registry.get(archive) if registry else None
    if found:
        for alias in found.aliases:
            if re.fullmatch(r"[А-ЯЁа-яё .\-]+", alias):
                return alias
    return archive


def _gost_value(value: str) -> str:
    """``R-5446`` → ``Р-5446``, ``98s`` → ``98с``: the letters of a shelfmark in Cyrillic."""
    return value.translate(_LAT_TO_CYR) if re.search(r"\d", value) else value


def _leaf_number(leaf: str) -> tuple:
    return _natural(leaf.split("-")[0].split(",")[0])


def leaves_span(leaves: Iterable[str], style: str) -> str | None:
    """``101``, ``102``, ``104-105`` ... ``130`` → ``Л. 101–130`` (GOST) / ``ll. 101–130``."""
    words = _WORDS[style]
    points = []
    for lv in leaves:
        for part in lv.split(","):
            points += [p.strip() for p in part.split("-") if p.strip()]
    if not points:
        return None
    points.sort(key=_natural)
    first, last = points[0], points[-1]
    verso = words["verso"]

    def show(p: str) -> str:
        return re.sub(r"ob$", verso, p) if style == "gost" else p

    if first == last:
        return f"{words['leaf']} {show(first)}"
    return f"{words['leaves']} {show(first)}–{show(last)}"


def unit_label(c, style: str, registry: Registry | None, leaves: list[str]) -> str:
    """The full reference of a unit with the span of its cited leaves."""
    span = leaves_span(leaves, style)
    if style == "gost":
        if is_unit(c):
            parts = [cyrillic_acronym(c.archive, registry)] if c.archive else []
            for name in ("fond", "opis", "papka", "karton", "delo", "tom"):
                value = getattr(c, name)
                if value:
                    parts.append(f"{_WORDS['gost'][name]} {_gost_value(value)}")
        else:
            parts = [p for p in (c.archive, unit_location(c)) if p]
        if span:
            parts.append(span)
        return ". ".join(p.rstrip(".") for p in parts) + "."
    parts = [p for p in (c.archive, unit_location(c)) if p]
    if span:
        parts.append(span)
    return ", ".join(parts)


def _leaves_of(locator: str | None) -> str | None:
    if not locator:
        return None
    label, _, value = locator.partition(" ")
    return value.strip() if label in ("l.", "ll.") else None


def _archive_heading(archive: str, style: str, registry: Registry | None) -> str:
    found = registry.get(archive) if registry else None
    if style == "gost":
        name = found.name_ru if found and found.name_ru else None
        acronym = cyrillic_acronym(archive, registry)
        return f"{name} ({acronym})" if name else acronym
    if found:
        city = f", {found.city}" if found.city else ""
        return f"{found.name_en} ({found.acronym}){city}"
    return archive


def _group_archival(sources: list[Source], style: str,
                    registry: Registry | None) -> list[ArchiveGroup]:
    words = _WORDS[style]
    by_archive: dict[str, list[Source]] = {}
    for s in sources:
        by_archive.setdefault(s.record.archive or "?", []).append(s)
    groups = []
    for archive in sorted(by_archive, key=lambda a: (a == "?", a.lower())):
        group = ArchiveGroup(_archive_heading(archive, style, registry))
        fonds: dict[str, Level] = {}
        opises: dict[tuple[str, str], Level] = {}
        for s in sorted(by_archive[archive], key=lambda s: (
                _natural(s.record.fond), _natural(s.record.opis), _natural(s.record.papka),
                _natural(s.record.delo), _natural(s.record.shelfmark))):
            c = exported_form(s.record)
            leaves = [lv for o in s.occurrences if (lv := _leaves_of(o.locator))]
            citing = [Citing(o.document, o.note, _leaves_of(o.locator), o.via)
                      for o in s.occurrences]
            unit = Unit(s.key, unit_label(c, style, registry, leaves), c.title, citing)
            if not is_unit(c) or not c.fond:
                group.units.append(unit)
                continue
            fond_value = _gost_value(c.fond) if style == "gost" else c.fond
            fond = fonds.get(c.fond)
            if fond is None:
                fond = fonds[c.fond] = Level(f"{words['fond']} {fond_value}")
                group.levels.append(fond)
            if not c.opis:
                fond.units.append(unit)
                continue
            opis = opises.get((c.fond, c.opis))
            if opis is None:
                value = _gost_value(c.opis) if style == "gost" else c.opis
                opis = opises[(c.fond, c.opis)] = Level(f"{words['opis']} {value}")
                fond.levels.append(opis)
            opis.units.append(unit)
        groups.append(group)
    return groups


_VERSO = rx.compile(r"ob\b")


def citing_text(unit: Unit, style: str, several_documents: bool) -> str:
    """``прим. 15 (л. 101); прим. 16 (л. 102, там же)`` / ``n. 15 (l. 101); n. 16 (l. 102,
    ibid.)``, after the document's name when the notes come from several documents."""
    words = _WORDS[style]
    by_document: dict[str, list[str]] = {}
    for c in unit.citing:
        inside = []
        if c.leaves:
            leaves = c.leaves.replace("-", "–")
            if style == "gost":
                inside.append("л. " + _VERSO.sub(" об.", leaves))
            else:
                many = "-" in c.leaves or "," in c.leaves
                inside.append(f"{words['leaves'] if many else words['leaf']} {leaves}")
        if c.via:
            inside.append(words[c.via])
        note = f"{words['note']} {c.note}" + (f" ({', '.join(inside)})" if inside else "")
        by_document.setdefault(c.document, []).append(note)
    if not several_documents:
        return "; ".join(n for notes in by_document.values() for n in notes)
    return " — ".join(f"{doc}: {'; '.join(notes)}" for doc, notes in by_document.items())


# --- published works through citeproc-py --------------------------------------------------------


def style_path(style: str) -> str:
    return str(resources.files("refcli").joinpath("data", "csl", STYLES[style]))


_TAG = rx.compile(r"<(/?)(i|b|em|strong|span)\b[^>]*>|<[^>]+>")


def _runs(markup: str) -> list[tuple[str, bool]]:
    """citeproc-py's HTML (``<i>``, ``<b>``, ``<span>``) as (text, italic) runs."""
    runs: list[tuple[str, bool]] = []
    italic = 0
    pos = 0
    for m in _TAG.finditer(markup):
        if m.start() > pos:
            runs.append((html.unescape(markup[pos:m.start()]), italic > 0))
        if m.group(2) in ("i", "em"):
            italic += -1 if m.group(1) else 1
        pos = m.end()
    if pos < len(markup):
        runs.append((html.unescape(markup[pos:]), italic > 0))
    merged: list[tuple[str, bool]] = []
    for text, it in runs:
        if merged and merged[-1][1] == it:
            merged[-1] = (merged[-1][0] + text, it)
        elif text:
            merged.append((text, it))
    return merged


def render_published(items: list[dict[str, Any]], style: str) -> list[Entry]:
    """CSL-JSON ITEMS as the STYLE's bibliography, in its order, by citeproc-py."""
    if not items:
        return []
    import citeproc
    from citeproc.source.json import CiteProcJSON

    from .citeproc_fixes import install

    install()  # a title standing in for a missing author is not printed twice
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about every variable it skips
        source = CiteProcJSON(items)
        csl = citeproc.CitationStylesStyle(style_path(style), validate=False)
        bibliography = citeproc.CitationStylesBibliography(csl, source, citeproc.formatter.html)
        for item in items:
            bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        # item by item (citeproc-py renders each on its own anyway): a style leaves some
        # works out of its bibliography (Chicago: a private document, a note that is only
        # text, CMOS18 14.114), and the whole list would no longer say which entry is whose
        rendered = []
        for cited in bibliography.items:
            out = bibliography.style.render_bibliography([cited])
            if out:
                rendered.append(Entry(cited.key, _runs(str(out[0]))))
    return rendered


def build(sources: Iterable[Source], style: str = "gost",
          registry: Registry | None = None) -> SourcesList:
    """The sources list of SOURCES in STYLE (``gost`` or ``chicago``)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; use one of {', '.join(STYLES)}")
    sources = list(sources)
    archival = [s for s in sources if s.kind == "archival"]
    published = []
    for s in sorted((s for s in sources if s.kind != "archival"), key=lambda s: s.key):
        item = csl_item(ExportItem(s.key, exported_form(s.record)), registry)
        for name in ("note", "custom"):  # Zotero's Extra and refcli's parts: not for print
            item.pop(name, None)
        if s.kind == "document" and has_archive(s.record) and style == "gost":
            item.pop("archive-place", None)
        published.append(item)
    documents = {o.document for s in sources for o in s.occurrences}
    return SourcesList(style, _group_archival(archival, style, registry),
                       render_published(published, style), len(documents))


# --- rendering -----------------------------------------------------------------------------------


def _walk(sl: SourcesList):
    """(depth, kind, payload) in reading order: ('archive', heading), ('level', heading),
    ('unit', Unit)."""
    for group in sl.archives:
        yield 0, "archive", group.heading
        for unit in group.units:
            yield 1, "unit", unit
        for fond in group.levels:
            yield 1, "level", fond.heading
            for unit in fond.units:
                yield 2, "unit", unit
            for opis in fond.levels:
                yield 2, "level", opis.heading
                for unit in opis.units:
                    yield 3, "unit", unit


def _unit_lines(unit: Unit, sl: SourcesList) -> tuple[str, str]:
    head = unit.label if not unit.title else (
        f"{unit.title}. {unit.label}" if sl.style == "gost" else f"{unit.title}, {unit.label}")
    return head, citing_text(unit, sl.style, sl.documents > 1)


def render_text(sl: SourcesList) -> str:
    words = _WORDS[sl.style]
    out = []
    if sl.archives:
        out += [words["archival"], ""]
        for depth, kind, payload in _walk(sl):
            pad = "  " * depth
            if kind == "unit":
                head, citing = _unit_lines(payload, sl)
                out.append(f"{pad}{head}")
                if citing:
                    out.append(f"{pad}  {words['cited']}: {citing}")
            else:
                out.append(f"{pad}{payload}")
        out.append("")
    if sl.published:
        out += [words["published"], ""]
        out += [e.text for e in sl.published]  # the style numbers them or not
        out.append("")
    return "\n".join(out)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def render_markdown(sl: SourcesList) -> str:
    words = _WORDS[sl.style]
    out = []
    if sl.archives:
        out += [f"## {words['archival']}", ""]
        for depth, kind, payload in _walk(sl):
            if kind == "archive":
                if out[-1] != "":
                    out.append("")
                out += [f"### {_md_escape(payload)}", ""]
            elif kind == "level":
                out.append(f"{'  ' * (depth - 1)}- {_md_escape(payload)}")
            else:
                head, citing = _unit_lines(payload, sl)
                pad = "  " * (depth - 1)
                out.append(f"{pad}- {_md_escape(head)}")
                if citing:
                    out.append(f"{pad}  {words['cited']}: {_md_escape(citing)}")
            if kind != "archive" and depth == 0:
                out.append("")
        out.append("")
    if sl.published:
        out += [f"## {words['published']}", ""]
        for e in sl.published:  # paragraphs: the style numbers them or not
            text = "".join(f"*{_md_escape(t.strip())}*{' ' if t.endswith(' ') else ''}"
                           if it and t.strip() else _md_escape(t) for t, it in e.runs)
            out += [re.sub(r"^(\d+)\.", r"\1\\.", text), ""]
    return "\n".join(out)


def render_latex(sl: SourcesList) -> str:
    """A LaTeX fragment (``\\section*`` and nested ``itemize``), UTF-8, every value escaped."""
    from .exporters.latex_escape import escape

    words = _WORDS[sl.style]
    out = []
    if sl.archives:
        out.append(f"\\section*{{{escape(words['archival'])}}}")
        depth_open = 0
        for depth, kind, payload in _walk(sl):
            target = depth if kind != "archive" else 0
            while depth_open > target:
                out.append("  " * (depth_open - 1) + "\\end{itemize}")
                depth_open -= 1
            if kind == "archive":
                out.append(f"\\subsection*{{{escape(payload)}}}")
                continue
            while depth_open < depth:
                out.append("  " * depth_open + "\\begin{itemize}")
                depth_open += 1
            pad = "  " * depth
            if kind == "level":
                out.append(f"{pad}\\item {escape(payload)}")
            else:
                head, citing = _unit_lines(payload, sl)
                line = f"{pad}\\item {escape(head)}"
                if citing:
                    line += f"\\\\\n{pad}  {{\\small {escape(words['cited'])}: {escape(citing)}}}"
                out.append(line)
        while depth_open:
            out.append("  " * (depth_open - 1) + "\\end{itemize}")
            depth_open -= 1
    if sl.published:
        out.append(f"\\section*{{{escape(words['published'])}}}")
        for e in sl.published:  # hanging paragraphs: the style numbers them or not
            text = "".join(f"\\emph{{{escape(t)}}}" if it else escape(t) for t, it in e.runs)
            out.append(f"\\noindent\\hangindent=2em\\hangafter=1 {text}\\par")
    return "\n".join(out) + "\n"


# --- docx: WordprocessingML by hand (a handful of paragraphs needs no library) ------------------

_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
               '</Types>')
_DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
              '</Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INVALID_XML = rx.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _run(text: str, italic: bool = False, bold: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    text = html.escape(_INVALID_XML.sub("", text), quote=False)
    return (f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}"
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def _para(runs: str, indent: int = 0) -> str:
    props = f'<w:ind w:left="{indent * 360}"/>' if indent else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def render_docx(sl: SourcesList) -> bytes:
    """A Word document (.docx) of the list: headings in bold, published works with italics."""
    words = _WORDS[sl.style]
    paras = []
    if sl.archives:
        paras.append(_para(_run(words["archival"], bold=True)))
        for depth, kind, payload in _walk(sl):
            if kind == "unit":
                head, citing = _unit_lines(payload, sl)
                paras.append(_para(_run(head), depth))
                if citing:
                    paras.append(_para(_run(f"{words['cited']}: {citing}"), depth + 1))
            else:
                paras.append(_para(_run(payload, bold=kind == "archive"), depth))
    if sl.published:
        paras.append(_para(_run(words["published"], bold=True)))
        for e in sl.published:
            paras.append(_para("".join(_run(t, it) for t, it in e.runs)))
    body = "".join(paras)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", _DOCX_TYPES), ("_rels/.rels", _DOCX_RELS),
                           ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buffer.getvalue()


def render(sl: SourcesList, fmt: str) -> str | bytes:
    if fmt == "text":
        return render_text(sl)
    if fmt == "markdown":
        return render_markdown(sl)
    if fmt == "latex":
        return render_latex(sl)
    if fmt == "docx":
        return render_docx(sl)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
