"""LaTeX-safe field values for BibTeX and biblatex, and their decoding back to text.

bibtexparser 2 writes field values verbatim (CONVENTIONS.md §5.2), so every value refcli puts
into a ``.bib`` file is escaped here first. The rules, deliberately:

- The ten TeX specials become text: ``\\`` → ``\\textbackslash{}``, ``{``/``}`` →
  ``\\textbraceleft{}``/``\\textbraceright{}`` (never ``\\{``: BibTeX and biber count every brace,
  escaped or not, so an unbalanced ``\\{`` would still break the file), ``% & # _ $`` →
  ``\\% \\& \\# \\_ \\$``, ``~`` → ``\\textasciitilde{}``, ``^`` → ``\\textasciicircum{}``. No
  footnote text can then reach TeX as a command (``\\input``, ``\\write18``, ``\\catcode``) or
  unbalance a group.
- TeX's input ligatures are broken with ``{}`` so the text prints as written: ``--`` would be an
  en dash, ``''`` a closing quote, ``<<`` a guillemet under T1/T2A.
- Whitespace (newlines, tabs, a blank line that would be ``\\par``) collapses to one space,
  except the no-break space, which becomes TeX's tie ``~``; control characters are dropped.
- biblatex keeps every other character as UTF-8 (biber reads UTF-8). Classic BibTeX gets ASCII:
  accented Latin letters as ``{\\'e}``, Cyrillic as the T2A macros ``{\\cyrp}{\\cyrr}...`` that
  ``\\usepackage[T2A]{fontenc}`` (with babel ``russian``) typesets; characters without a LaTeX
  spelling that reads back as the same character (CJK, ``·``) are left as UTF-8.

``decode_latex`` is the inverse that refcli's importer uses: pylatexenc's ``latex2text`` with
the text-mode macros above declared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from refcli import rx

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\u00a0": "~",  # a no-break space is TeX's tie
}
# a character that, doubled (or followed by `), makes a TeX ligature
_LIGATURE_FIRST = {"-": "-", "'": "'", "`": "`", "<": "<", ">": ">", ",": ",", "!": "`", "?": "`"}
# a character escape() changes, or the first of a ligature pair
_NEEDS_ESCAPE = rx.compile(r"[\\{}%&#_$~^\u00a0]|--|''|``|<<|>>|,,|[!?]`")
_WHITESPACE = rx.compile(r"[^\S\u00a0]+")  # every space but the no-break one


def clean_text(text: str) -> str:
    """TEXT as a field can hold it: NFC, no control characters, spaces collapsed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # the common case, checked in C: no control or odd space
        return text if "  " not in text and text.strip() == text else _WHITESPACE.sub(" ", text).strip()
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C"
                   or ch in "\u200c\u200d")
    return _WHITESPACE.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def _ascii_char(ch: str) -> str:
    """One non-ASCII character as LaTeX (``é`` → ``{\\'e}``, ``П`` → ``{\\CYRP}``), or itself."""
    from pylatexenc.latexencode import unicode_to_latex

    out = unicode_to_latex(ch, non_ascii_only=True, replacement_latex_protection="braces-all",
                           unknown_char_policy="keep", unknown_char_warning=False)
    # only spellings that read back as the same character (· is not \textperiodcentered's ˙)
    return out if out.isascii() and decode_latex(out) == ch else ch


def escape(text: str, ascii_only: bool = False) -> str:
    """TEXT as a LaTeX field value that prints as TEXT and runs no TeX.

    >>> escape("50% & {x}")
    '50\\\\% \\\\& \\\\textbraceleft{}x\\\\textbraceright{}'
    """
    text = clean_text(text)
    if not text or (not _NEEDS_ESCAPE.search(text) and (not ascii_only or text.isascii())):
        return text
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        special = _SPECIALS.get(ch)
        if special is not None:
            out.append(special)
        elif ch.isascii():
            out.append(ch)
            follow = _LIGATURE_FIRST.get(ch)
            if follow is not None and i + 1 < n and text[i + 1] == follow:
                out.append("{}")
        elif ascii_only:
            out.append(_ascii_char(ch))
        else:
            out.append(ch)
    return "".join(out)


_URL_UNSAFE = rx.compile(r"[\s{}\\\"<>^`|]")


def escape_url(url: str, in_macro: bool = False) -> str:
    """A URL for a verbatim ``url`` field, or (IN_MACRO) for ``\\url{...}`` inside another field.

    Characters a URL may not hold unencoded (spaces, braces, backslash, quotes) are
    percent-encoded, which keeps the braces balanced and the URL equivalent. Inside a macro
    argument TeX would read ``%`` as a comment and ``#`` as a parameter, so there they are
    written ``\\%`` and ``\\#``, which hyperref's ``\\url`` prints as ``%`` and ``#``.
    """
    url = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url.strip())
    if in_macro:
        url = url.replace("%", r"\%").replace("#", r"\#")
    return url


def unescape_url(value: str) -> str:
    """The URL of a ``url`` field or of ``\\url{...}``: macro escapes removed."""
    value = value.strip()
    m = re.fullmatch(r"\\url\{(.*)\}", value, re.DOTALL)
    if m:
        value = m.group(1)
    return re.sub(r"\\([%#&_$])", r"\1", value)


@lru_cache(maxsize=1)
def _latex2text():
    from pylatexenc import latex2text

    text_macros = {
        "textbraceleft": "{", "textbraceright": "}", "textbackslash": "\\",
        "textasciitilde": "~", "textasciicircum": "^", "textquotedbl": '"',
        "textunderscore": "_", "textdollar": "$",
    }
    l2t_db = latex2text.get_default_latex_context_db()
    l2t_db.add_context_category(
        "refcli-text-macros",
        macros=[latex2text.MacroTextSpec(name, simplify_repl=value.replace("%", "%%"))
                for name, value in text_macros.items()],
        prepend=True,
    )
    return latex2text.LatexNodes2Text(latex_context=l2t_db, math_mode="verbatim",
                                      strict_latex_spaces=True)


MAX_BRACE_DEPTH = 64  # no real field nests deeper; pylatexenc recurses once per level


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    for c in value:
        if c == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif c == "}":
            depth = max(depth - 1, 0)
    return deepest


def _decode_plain(value: str) -> str:
    """Braces dropped, escaped specials kept as characters: for values pylatexenc cannot take."""
    return _PLAIN.sub(lambda m: m.group(1) or ("\u00a0" if m.group() == "~" else ""), value)


_PLAIN = rx.compile(r"\\([%#&_${}])|[{}~]")


def decode_latex(value: str) -> str:
    """A LaTeX field value read back as text (``{\\cyrp}`` → ``п``, ``\\&`` → ``&``, ``~`` → no-break space).

    A value whose braces nest deeper than MAX_BRACE_DEPTH (which pylatexenc would recurse
    through until Python's stack runs out) loses its braces instead."""
    if not any(c in value for c in "\\{}~$%"):
        return _WHITESPACE.sub(" ", value).strip()
    try:
        if _brace_depth(value) > MAX_BRACE_DEPTH:
            raise RecursionError
        text = _latex2text().latex_to_text(value)
    except RecursionError:
        text = _decode_plain(value)
    text = unicodedata.normalize("NFC", text)
    return _WHITESPACE.sub(" ", text).strip()
