"""refcli's CSL style for notes: Chicago's notes-bibliography style, with archival units cited
as historians of Russian and Soviet archives write them.

``refcli export --csl-style -o refcli-chicago.csl`` writes it; Pandoc, Zotero and citeproc
then print ``GARF, f. R-5446, op. 98s, d. 704, l. 101.`` for the CSL-JSON item of the unit
cited at folio 101 (``[@garf-5446-98s-704, l. 101]`` in Pandoc's Markdown).

The style is derived, when asked for, from the vendored Chicago style
(``refcli/data/csl/chicago-notes-bibliography.csl``, CC BY-SA 3.0, which stays unmodified) by
three changes, each made at one anchor that must occur once (a changed upstream file fails
loudly, not silently):

1. ``<info>``: its own title and id, the Chicago style linked as its template, refcli named
   as a contributor; the licence and authors kept (CC BY-SA asks for both).
2. The locale: CSL's ``folio`` locator is a *list* (leaf) of an archival file, labelled
   ``l.``/``ll.`` as in the Russian archival tradition (Chicago's locale says ``fol.``); so
   that ``l.`` means one thing when Pandoc reads a locator, ``line`` is spelt out.
3. The citation and the bibliography layouts: an item that is an archival unit — a CSL
   ``manuscript`` with ``archive`` and ``archive_location`` and neither author nor title — is
   printed ``archive, archive_collection, archive_location, locator`` in every note (first
   and subsequent: a unit has no shorter form than its shelfmark), and ``archive,
   archive-place, archive_collection, archive_location`` in the bibliography (the archive's
   city there, not in the middle of a note). Chicago's own order (most specific first,
   CMOS18 14.127) and its "unpublished manuscript" label (14.114) are for titled papers in
   a collection, which keep Chicago's rendering; every other item is rendered as before.
"""

from __future__ import annotations

from importlib import resources

STYLE_NAME = "refcli-chicago-notes.csl"
TEMPLATE = "chicago-notes-bibliography.csl"
STYLE_ID = "https://github.com/refcli/refcli/styles/refcli-chicago-notes"

_UNIT_TEST = 'type="manuscript" variable="archive archive_location"'

_INFO = (
    "<title>Chicago Manual of Style 18th edition (notes and bibliography), archival units"
    " as historians cite them (refcli)</title>\n"
    "    <title-short>CMOS notes, archival shelfmarks (refcli)</title-short>\n"
    f"    <id>{STYLE_ID}</id>\n"
    '    <link href="http://www.zotero.org/styles/chicago-notes-bibliography" rel="template"/>\n'
)

_TERMS = """<terms>
      <!-- refcli: a folio of an archival file is a list (leaf): l. 101, ll. 104-105 -->
      <term name="folio" form="short">
        <single>l.</single>
        <multiple>ll.</multiple>
      </term>
      <term name="folio">
        <single>leaf</single>
        <multiple>leaves</multiple>
      </term>
      <!-- refcli: 'l.' is the leaf, so a line is spelt out -->
      <term name="line" form="short">
        <single>line</single>
        <multiple>lines</multiple>
      </term>
"""

_MACROS = """  <!-- refcli: an archival unit (no author, no title): its shelfmark, as historians write it -->
  <macro name="refcli-archival-unit-note">
    <group delimiter=", ">
      <text variable="archive"/>
      <text variable="archive_collection"/>
      <text variable="archive_location"/>
      <text macro="label-locator-all"/>
    </group>
  </macro>
  <macro name="refcli-archival-unit-bib">
    <group delimiter=", ">
      <text variable="archive"/>
      <text variable="archive-place"/>
      <text variable="archive_collection"/>
      <text variable="archive_location"/>
    </group>
  </macro>
"""


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"the CSL template changed: {old[:60]!r} occurs {text.count(old)} times")
    return text.replace(old, new)


def _layout(text: str, opening: str, unit_macro: str) -> str:
    """Wrap the body of the layout that starts with OPENING in a choice that prints an
    archival unit with UNIT_MACRO and everything else as the template does."""
    start = text.index(opening)
    body_start = text.index(">", start) + 1
    end = text.index("</layout>", body_start)
    body = text[body_start:end]
    wrapped = (
        "\n      <choose>\n"
        f"        <if {_UNIT_TEST}>\n"
        "          <choose>\n"
        '            <if match="none" variable="author title">\n'
        f'              <text macro="{unit_macro}"/>\n'
        "            </if>\n"
        f"            <else>{body}            </else>\n"
        "          </choose>\n"
        "        </if>\n"
        f"        <else>{body}        </else>\n"
        "      </choose>\n    ")
    return text[:body_start] + wrapped + text[end:]


def csl_style_text() -> str:
    """The text of refcli's CSL style, derived from the vendored Chicago notes style."""
    text = resources.files("refcli").joinpath("data", "csl", TEMPLATE).read_text(encoding="utf-8")
    start = text.index("<title>")
    end = text.index('<link href="http://www.zotero.org/styles/chicago-notes-bibliography" rel="self"/>')
    text = text[:start] + _INFO.rstrip("\n") + "\n    " + text[end + len(
        '<link href="http://www.zotero.org/styles/chicago-notes-bibliography" rel="self"/>'):].lstrip()
    text = _replace_once(text, "    <author>\n",
                         "    <contributor>\n      <name>refcli</name>\n    </contributor>\n"
                         "    <author>\n")
    text = _replace_once(text, '<locale xml:lang="en">\n    <terms>\n',
                         '<locale xml:lang="en">\n    ' + _TERMS)
    text = _replace_once(text, "  <!-- Bibliography -->\n", _MACROS + "  <!-- Bibliography -->\n")
    text = _layout(text, '<layout delimiter="; " suffix=".">', "refcli-archival-unit-note")
    text = _layout(text, '<layout suffix=".">', "refcli-archival-unit-bib")
    return text
