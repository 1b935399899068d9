r"""LaTeX footnotes: ``\footnote{...}`` (nested braces, optional ``[n]``),
``\footnotemark``/``\footnotetext`` and ``\setcounter{footnote}{n}``, with LaTeX's own
counter rules: ``\footnote`` and ``\footnotemark`` step the counter, ``[n]`` sets a number
without stepping it, ``\footnotetext`` takes the current number.

Comments (``%`` to the end of the line, and the next line's leading spaces, as TeX reads
them) are removed first; only the text between ``\begin{document}`` and ``\end{document}``
is read when the file has them. ``ReadResult.markers`` is the numbers of ``\footnote`` and
``\footnotemark`` in the order they appear. Note text is reduced to plain text: accents
(``\"{o}`` → ö, ``\'e`` → é, ``\v{c}`` → č), ``\textit{}``/``\emph{}`` and other commands
dropped around their text, ``--``/``---`` → en/em dash, ``~`` → space, ``\&``, ``\%``,
``\ldots``, ``{}``, quotes (``\`\``, ``''``). Not read: ``\endnote``, ``\thanks``,
footnotes produced by citation commands (``\footcite``), macros the document defines itself.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from refcli import rx
from refcli.errors import InputError
from refcli.model import RawNote, ReadResult

from .base import normalize_chars, normalize_text

_COMMENT = rx.compile(r"(?<!\\)(?:\\\\)*%")
_NOTE_COMMAND = rx.compile(
    r"(?<!\\)(?:\\\\)*\\(footnote|footnotemark|footnotetext|setcounter|addtocounter)(?![A-Za-z@])\*?"
)
_OPTIONAL = rx.compile(r"\s*\[([^\[\]{}]*)\]")
_SPACE = rx.compile(r"\s*")
_WORD = rx.compile(r"[A-Za-z]+")
_CONTROL = rx.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}  # fmt: skip
_SYMBOL_WORDS = {
    "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
    "S": "§", "P": "¶", "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
    "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«", "guillemetright": "»",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "textquotedbl": '"', "textquotesingle": "'",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textasciigrave": "`",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$", "textdegree": "°",
    "textnumero": "№", "textsection": "§", "copyright": "©", "pounds": "£", "euro": "€",
    "dag": "†", "ddag": "‡", "LaTeX": "LaTeX", "TeX": "TeX",
    "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " ", "nobreakspace": " ",
    "newline": " ", "linebreak": " ", "par": " ", "space": " ",
}  # fmt: skip
_SYMBOL_CHARS = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", ",": " ",
    ";": " ", ":": " ", "!": "", "\\": " ", "-": "", "/": "", "@": "", "\n": " ", "\t": " ",
}  # fmt: skip
_DROP_ARGUMENT = {"label", "index", "hspace", "vspace", "nocite", "phantom", "glossary",
                  "hyphenation", "pagestyle", "thispagestyle", "vskip", "hskip"}  # fmt: skip
_VERBATIM_ARGUMENT = {"url", "path", "nolinkurl"}
_DOTLESS = {"ı": "i", "ȷ": "j"}


def _group_end(text: str, start: int) -> int | None:
    """TEXT[START] is '{': the offset of its matching '}', or None."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _argument(text: str, i: int) -> tuple[str, int] | None:
    """The argument at TEXT[I:] (after spaces): a braced group or one character; and the
    offset after it."""
    i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
    if i >= len(text):
        return None
    if text[i] == "{":
        end = _group_end(text, i)
        if end is None:
            return text[i + 1 :], len(text)
        return text[i + 1 : end], end + 1
    if text[i] == "\\":
        m = _CONTROL.match(text, i)
        assert m is not None
        return m.group(), m.end()
    return text[i], i + 1


def latex_to_text(text: str) -> str:
    """LaTeX markup reduced to plain text (see the module docstring). Never raises."""
    out: list[str] = []
    pending: str | None = None  # a combining accent waiting for its letter

    def emit(s: str) -> None:
        nonlocal pending
        if not s:
            return
        if pending is not None and not s.isspace():
            base = _DOTLESS.get(s[0], s[0])
            s = unicodedata.normalize("NFC", base + pending) + s[1:]
            pending = None
        out.append(s)

    suffixes: list[tuple[int, str]] = []  # (offset, text to emit on reaching it)
    i = 0
    n = len(text)
    while i < n:
        while suffixes and i >= suffixes[-1][0]:
            emit(suffixes.pop()[1])
        c = text[i]
        if c == "\\":
            m = _WORD.match(text, i + 1)
            if m:
                word = m.group()
                i = _SPACE.match(text, m.end()).end()  # type: ignore[union-attr]
                if word in _SYMBOL_WORDS:
                    emit(_SYMBOL_WORDS[word])
                elif word in _ACCENTS:
                    pending = _ACCENTS[word]
                elif word in _DROP_ARGUMENT:
                    arg = _argument(text, i)
                    i = arg[1] if arg else n
                elif word in _VERBATIM_ARGUMENT:
                    arg = _argument(text, i)
                    if arg:
                        emit(re.sub(r"\\(.)", r"\1", arg[0]))
                        i = arg[1]
                elif word == "verb" and i < n:
                    i = m.end()
                    delimiter = text[i] if i < n else ""
                    close = text.find(delimiter, i + 1) if delimiter else -1
                    close = n if close < 0 else close
                    emit(text[i + 1 : close])
                    i = close + 1
                elif word == "foreignlanguage":
                    arg = _argument(text, i)  # the language name; its text follows
                    i = arg[1] if arg else n
                elif word == "href":
                    url = _argument(text, i)
                    if url is None:
                        i = n
                        continue
                    j = _SPACE.match(text, url[1]).end()  # type: ignore[union-attr]
                    close = _group_end(text, j) if j < n and text[j] == "{" else None
                    link = re.sub(r"\\(.)", r"\1", url[0])
                    if close is None:
                        emit(link)
                        i = url[1]
                    else:  # the link text is read in place; the address follows it
                        suffixes.append((close, f" ({link})"))
                        i = j + 1
                continue
            if i + 1 >= n:
                break
            symbol = text[i + 1]
            i += 2
            if symbol in _ACCENTS:
                pending = _ACCENTS[symbol]
            elif symbol in _SYMBOL_CHARS:
                emit(_SYMBOL_CHARS[symbol])
            else:
                emit(symbol)
            continue
        if c in "{}$":
            i += 1
            continue
        if c == "~":
            emit(" ")
        elif c == "-" and text.startswith("---", i):
            emit("—")
            i += 3
            continue
        elif c == "-" and text.startswith("--", i):
            emit("–")
            i += 2
            continue
        elif c == "`" and text.startswith("``", i):
            emit("“")
            i += 2
            continue
        elif c == "'" and text.startswith("''", i):
            emit("”")
            i += 2
            continue
        elif c == "`":
            emit("‘")
        elif c == '"' and text.startswith(('"<', '">'), i):
            emit("«" if text[i + 1] == "<" else "»")
            i += 2
            continue
        else:
            emit(c)
        i += 1
    while suffixes:
        emit(suffixes.pop()[1])
    return " ".join(normalize_chars("".join(out)).split())


def _strip_comments(text: str) -> tuple[str, list[int]]:
    """TEXT without comments, and the offset in it where each source line starts."""
    pieces: list[str] = []
    starts: list[int] = []
    length = 0
    eat_spaces = False
    for line in text.splitlines():
        starts.append(length)
        if eat_spaces:
            line = line.lstrip(" \t")
        m = _COMMENT.search(line)
        if m:
            piece = line[: m.end() - 1]
            eat_spaces = True
        else:
            piece = line + "\n"
            eat_spaces = False
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces), starts


def _number(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 7 else None


def read_latex_notes(text: str, source: str, name: str | None = None) -> ReadResult:
    """The footnotes of the LaTeX TEXT (see the module docstring)."""
    name = name or source
    src, starts = _strip_comments(normalize_text(text))
    begin = src.find("\\begin{document}")
    start = begin + len("\\begin{document}") if begin >= 0 else 0
    end = src.find("\\end{document}", start)
    stop = end if end >= 0 else len(src)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    notes: list[RawNote] = []
    markers: list[int] = []
    body: list[str] = []
    counter = 0
    pos = start
    while (m := _NOTE_COMMAND.search(src, pos, stop)) is not None:
        command = m.group(1)
        body.append(src[pos : m.start()])
        i = m.end()
        if command in ("setcounter", "addtocounter"):
            which = _argument(src, i)
            value = _argument(src, which[1]) if which else None
            pos = value[1] if value else i
            if which and value and which[0].strip() == "footnote":
                number = _number(value[0].lstrip("-")) if value else None
                if number is not None:
                    sign = -1 if value[0].strip().startswith("-") else 1
                    counter = sign * number if command == "setcounter" else counter + sign * number
            continue
        explicit = None
        opt = _OPTIONAL.match(src, i)
        if opt:
            explicit = _number(opt.group(1))
            i = opt.end()
        if command == "footnotemark":
            if explicit is None:
                counter += 1
            markers.append(counter if explicit is None else explicit)
            pos = i
            continue
        j = _SPACE.match(src, i).end()  # type: ignore[union-attr]
        if j >= stop or src[j] != "{":
            pos = i  # \footnote without an argument: not a note
            continue
        close = _group_end(src, j)
        if close is None or close >= stop:
            raise InputError(f"{name}: line {line_of(m.start())}: \\{command}{{ is never closed (unbalanced braces)")
        if command == "footnote":
            if explicit is None:
                counter += 1
            number = counter if explicit is None else explicit
            markers.append(number)
        else:
            number = counter if explicit is None else explicit
        notes.append(RawNote(number, latex_to_text(src[j + 1 : close]), line_of(m.start()),
                             opt.group(1).strip() if opt and explicit is None else str(number)))
        pos = close + 1
    body.append(src[pos:stop])
    return ReadResult(source, tuple(notes), (), tuple(markers), "latex", latex_to_text("".join(body)))
