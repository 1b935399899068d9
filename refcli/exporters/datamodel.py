"""refcli's biblatex data model: the shipped ``refcli.dbx`` and the same model as a biber
configuration for tool mode.

biblatex reads a data model file with ``\\usepackage[datamodel=refcli]{biblatex}`` and hands
it to biber in the ``.bcf``; ``biber --tool`` has no ``.bcf``, so it takes the same
declarations as the ``<datamodel>`` of a configuration file (``--configfile``), which biber
adds to its default model. One source, ``refcli/data/refcli.dbx``; the configuration is
derived from it by reading the few declaration commands the file uses (without the
constraints, which biber's tool mode cannot take per entry type).
"""

from __future__ import annotations

import re
from importlib import resources
from xml.sax.saxutils import escape

from refcli import rx

DBX_NAME = "refcli.dbx"
BIBER_CONFIG_NAME = "refcli-biber.conf"

_COMMAND = rx.compile(r"\\(DeclareDatamodel(?:Entrytypes|Fields|Entryfields|Constraints))"
                      r"(?:\[([^\]]*)\])?\{")


def dbx_text() -> str:
    """The text of ``refcli.dbx`` as shipped in the package."""
    return resources.files("refcli").joinpath("data", DBX_NAME).read_text(encoding="utf-8")


def _strip_comments(tex: str) -> str:
    return re.sub(r"(?<!\\)%.*", "", tex)


def _group(tex: str, start: int) -> tuple[str, int]:
    """The text of the brace group opening just before START, and the index after it."""
    depth = 1
    i = start
    while depth:
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        i += 1
    return tex[start:i - 1], i


def _names(body: str) -> list[str]:
    return [n.strip() for n in body.split(",") if n.strip()]


def declarations(dbx: str | None = None) -> list[tuple[str, list[str], str]]:
    """(command, options, body) of each data model declaration in DBX."""
    tex = _strip_comments(dbx_text() if dbx is None else dbx)
    out = []
    pos = 0
    while m := _COMMAND.search(tex, pos):
        body, pos = _group(tex, m.end())
        out.append((m.group(1), _names(m.group(2) or ""), body))
    return out


def declared_fields(dbx: str | None = None) -> list[str]:
    """The field names the data model declares (``archive``, ``fond`` ...)."""
    return [n for cmd, _, body in declarations(dbx) if cmd == "DeclareDatamodelFields"
            for n in _names(body)]


def biber_config(dbx: str | None = None) -> str:
    """A biber configuration file whose ``<datamodel>`` adds the declarations of DBX, for
    ``biber --tool --configfile refcli-biber.conf --validate-datamodel refs.bib``."""
    entrytypes: list[str] = []
    fields: list[str] = []
    blocks: list[str] = []
    for cmd, options, body in declarations(dbx):
        if cmd == "DeclareDatamodelEntrytypes":
            entrytypes += [f"      <entrytype>{escape(n)}</entrytype>" for n in _names(body)]
        elif cmd == "DeclareDatamodelFields":
            opts = dict(o.split("=", 1) for o in options if "=" in o)
            attrs = (f'fieldtype="{escape(opts.get("type", "field"))}" '
                     f'datatype="{escape(opts.get("datatype", "literal"))}"')
            fields += [f"      <field {attrs}>{escape(n)}</field>" for n in _names(body)]
        elif cmd == "DeclareDatamodelEntryfields":
            lines = [f"      <entrytype>{escape(t)}</entrytype>" for t in options]
            lines += [f"      <field>{escape(n)}</field>" for n in _names(body)]
            blocks.append("    <entryfields>\n" + "\n".join(lines) + "\n    </entryfields>")
        # Constraints are left out: biber 2.18 adds a configuration's constraints to the
        # default model's first constraint block, which holds for every entry type
        # (Biber/DataModel.pm, new), so @archival's "archive or shelfmark or note" would be
        # demanded of every book. biblatex's .bcf keeps them per type.
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<!-- refcli's biblatex data model (refcli.dbx) for biber's tool mode:\n"
            "     biber (tool mode) with this file as its configfile -->\n"
            "<config>\n  <datamodel>\n"
            "    <entrytypes>\n" + "\n".join(entrytypes) + "\n    </entrytypes>\n"
            "    <fields>\n" + "\n".join(fields) + "\n    </fields>\n"
            + "\n".join(blocks) + "\n  </datamodel>\n</config>\n")
