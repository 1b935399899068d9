"""What ``refcli chains`` and ``refcli check`` show people: trees of chains and a linter report.

User text always goes through ``Text`` so that ``[Documents]`` in a note is not read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.padding import Padding
from rich.text import Text
from rich.tree import Tree

from ..checks import FileReport, summarize
from ..model import SEVERITIES, Document
from ..resolver import Chain, label
from .render import SEVERITY_STYLE, STATUS_STYLE, stdout_console, summary, text, tidy

_PLURAL = {"error": "errors", "warning": "warnings", "info": "info"}


def chains_tree(doc: Document, chains: Sequence[Chain]) -> None:
    """One tree per chain: the root citation, then each back-reference, coloured by status."""
    console = stdout_console()
    summary(console, text(f"{doc.source}: {len(chains)} chain{'s' if len(chains) != 1 else ''}",
                          style="bold"))
    if not chains:
        console.print(Text("no Ibid. or op. cit. back-references", style="dim"))
        return
    for chain in chains:
        style = STATUS_STYLE.get(chain.status, "")
        if chain.root is None:
            head = Text("(no antecedent) ", style="bold") + Text(chain.status, style=style)
        else:
            head = Text(f"note {chain.root}  ", style="bold")
            head.append_text(text(tidy(label(chain.citation)) if chain.citation else "?"))
            head.append(f"  {chain.status}", style=style)
        tree = Tree(head)
        for link in chain.links:
            c = link.citation
            row = Text(f"note {link.note}  ", style="bold")
            row.append_text(text(tidy(" ".join(c.raw.split())) or c.kind))
            if link.locator:
                row.append_text(text(f"  → {link.locator}", style="dim"))
            row.append(f"  {c.status}", style=STATUS_STYLE.get(c.status or "", ""))
            if c.candidates:
                row.append(f" (notes {', '.join(map(str, c.candidates))})", style="dim")
            tree.add(row)
        console.print(tree)


def _summary_text(counts: dict[str, int]) -> Text:
    out = Text()
    for i, severity in enumerate(SEVERITIES):
        if i:
            out.append(", ")
        n = counts.get(severity, 0)
        word = _PLURAL[severity] if n != 1 or severity == "info" else severity
        out.append(f"{n} {word}", style=SEVERITY_STYLE[severity] if n else "dim")
    return out


def check_report(reports: Sequence[FileReport], texts: Sequence[dict[tuple[str | None, int], str]],
                 width: int = 100) -> None:
    """Each file's findings grouped by severity, quoting the note; a summary per file, and a
    total when there are several files."""
    console = stdout_console()
    for report, note_texts in zip(reports, texts, strict=True):
        summary(console, text(f"{report.source}: {report.notes} notes, {report.citations} citations",
                              style="bold"))
        for severity in SEVERITIES:
            found = [f for f in report.findings if f.severity == severity]
            if not found:
                continue
            console.print(Text(f"  {_PLURAL[severity]} ({len(found)})",
                               style=SEVERITY_STYLE[severity]))
            for f in found:
                where = f"note {f.note}" if f.note is not None else "document"
                if f.section is not None:
                    where = f"{where} ({f.section})"
                line = text(f"    {where:>8}  ", style="bold")
                line.append(f.code, style=SEVERITY_STYLE[severity])
                if f.related:
                    line.append(f"  (see {', '.join(map(str, f.related))})", style="dim")
                console.print(line)
                # message and quotation under the code, wrapped with a hanging indent
                console.print(Padding(text(f.message), (0, 0, 0, 14), expand=False))
                quoted = " ".join(note_texts.get((f.section, f.note), "").split()) if f.note is not None else ""
                if quoted:
                    if len(quoted) > width:
                        quoted = quoted[: width - 1] + "…"
                    console.print(Padding(text(f"“{quoted}”", style="dim"), (0, 0, 0, 14), expand=False))
        if not report.findings:
            console.print(Text("  no findings", style="green"))
        summary(console, Text("  ") + _summary_text(summarize([report])))
    if len(reports) > 1:
        summary(console, Text(f"total over {len(reports)} files: ", style="bold")
                + _summary_text(summarize(reports)))
