"""Getting a file's text: size limits, binary detection, encodings, and one normalisation.

Russian notes often arrive as cp1251 (or KOI8-R, cp866, MacCyrillic, ISO-8859-5, or UTF-16
from Word's "Save as text"); a file is decoded as UTF-8 when it is UTF-8, by its BOM when it
has one, and otherwise by what charset-normalizer proposes, checked against every Cyrillic
single-byte code page: the reading under which the text is most like Russian wins (letter
frequencies, and no capital letters inside words), and a text with no Cyrillic reading keeps
charset-normalizer's guess. Anything else is refused with one line that says what to do.

Text copied from PDFs, web pages and word processors carries invisible differences;
:func:`normalize_text` removes them once, for every reader (see its docstring).
"""

from __future__ import annotations

import codecs
import math
import os
import unicodedata
from pathlib import Path

from refcli import rx
from refcli.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1000 * 1000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# -- normalisation ----------------------------------------------------------------------

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_TRANSLATE = str.maketrans({
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_INVISIBLE, None),
    "\u2011": "-",  # non-breaking hyphen
    "\u2028": "\n", "\u2029": "\n", "\x85": "\n",  # line and paragraph separators
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",  # ligatures PDF text extraction leaves
})  # fmt: skip
_SOFT = str.maketrans({"\u00ad": None})
_INNER_SOFT = rx.compile("\u00ad+(?![ \t]*\n)")


def normalize_chars(text: str) -> str:
    """TEXT in NFC, with no-break and other spaces as spaces, zero-width characters, byte
    order marks and soft hyphens removed, and typographic ligatures spelt out."""
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE).translate(_SOFT))


def normalize_text(text: str) -> str:
    """The one normalisation every reader applies: the characters as in
    :func:`normalize_chars`, and words broken at the end of a line joined again: after a soft
    hyphen, or after a hyphen with a lower-case letter on both sides (``histo-`` / ``rical`` →
    ``historical``; ``USSR-``, ``1950-`` and ``- Hanoi`` stay). The first part of the word
    moves down to the line its end is on, so every line keeps its start and (unless it held
    nothing but that part) its number. Line ends become ``\\n``."""
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATE))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u00ad" in text:  # soft hyphens count only where a line breaks after them
        text = _INNER_SOFT.sub("", text)
    if "-\n" in text or "\u00ad" in text or "- \n" in text:
        text = _join_broken_words(text)
    return unicodedata.normalize("NFC", text.translate(_SOFT))


def _join_broken_words(text: str) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        nxt = line.lstrip(" \t")
        while out:
            upper = out[-1]
            end = len(upper.rstrip(" \t"))
            pieces: list[str] = []  # the broken word's parts, last first
            first = nxt[:1]  # the first letter of what the word has so far
            while end:
                soft = upper[end - 1] == "\u00ad"
                if not (first.isalpha() and (soft or (
                        upper[end - 1] == "-" and upper[end - 2 : end - 1].islower() and first.islower()))):
                    break
                cut = end - 1
                while cut and upper[cut - 1] not in " \t":
                    cut -= 1
                pieces.append(upper[cut : end - 1])
                first = pieces[-1][:1] or first
                end = cut
                while end and upper[end - 1] in " \t":
                    end -= 1
            if not pieces:
                break
            nxt = "".join(reversed(pieces)) + nxt
            line = nxt
            if end:
                out[-1] = upper[:end]
                break
            out.pop()  # the line held only the start of the word: look at the one above
        out.append(line)
    return "\n".join(out)


# Letter frequencies of Russian text (per cent): the right code page gives common letters,
# the wrong one (cp1251 read as KOI8-R or back) rare ones, capitals inside words (MacCyrillic
# read as cp1251 makes every я an Я), signs that Russian text does not use (cp866 read as
# cp1251), or Cyrillic letters inside Latin words (a French text read as cp1251).
_RUSSIAN_FREQ = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62,
     2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32,
     0.26, 0.04, 0.04), strict=True))
_LOG_FREQ = {ch: math.log(f) for ch, f in _RUSSIAN_FREQ.items()}
_MIN_RUSSIAN_SCORE = 0.3  # mean per sign; real Russian scores about 1.5, misreadings below 0
_MISREAD = -4.0  # the score of a sign that a right reading would not give
_PUNCTUATION = frozenset("«»—–№…“”„‘’°§±·•×")  # signs Russian texts use beside letters
_DASHES = frozenset("—–…")
_SINGLE_BYTE_CYRILLIC = ("cp1251", "koi8-r", "cp866", "mac-cyrillic", "iso8859-5")
_SAMPLE = 50_000


def _russian_score(text: str) -> float | None:
    """How much TEXT reads as Russian: the mean, over its non-ASCII signs, of each Cyrillic
    letter's log-frequency in Russian, with _MISREAD for what a misreading gives (see above);
    None when TEXT has no Cyrillic letter."""
    total = 0.0
    count = letters = 0
    padded = f" {text} "
    for i, ch in enumerate(padded):
        if ch < "\x80" or ch.isspace():
            continue
        before, after = padded[i - 1], padded[i + 1]
        low = ch.lower()
        if low in _LOG_FREQ:
            letters += 1
            if (before < "\x80" and before.isalpha()) or (after < "\x80" and after.isalpha()):
                total += _MISREAD  # a Cyrillic letter inside a Latin word
            elif ch != low and before.lower() in _LOG_FREQ and before.islower():
                total += _MISREAD  # a capital inside a word
            else:
                total += _LOG_FREQ[low]
        elif ch in _PUNCTUATION:
            if ch in _DASHES and before.isalpha() and after.isalpha():
                total += _MISREAD  # a dash glued inside a word is a misread letter
            else:
                continue
        else:
            total += _MISREAD
        count += 1
    return total / count if letters else None


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or an InputError naming what is wrong with the path."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise InputError(f"{name}: is a directory, not a notes file")
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise InputError(
            f"{name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit for one "
            f"document; split it, or raise the limit with --max-size"
        )
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{name}: empty file, no notes to read")
    return data


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM shows NUL in every other byte."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    for ratio, enc in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if ratio > 0.3:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(8, len(sample) // 100)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). ENCODING forces one; otherwise it is detected."""
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start}") from None
        return text, encoding
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: broken {enc} text at byte {exc.start}") from None
    if b"\x00" in data[:4000]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None and not _looks_binary(utf16):
            return utf16, "utf-16"
        raise InputError(f"{name}: binary file, not text notes (give a .txt, .md, .tex or .docx)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _looks_binary(text):
            raise InputError(f"{name}: binary file, not text notes (give a .txt, .md, .tex or .docx)")
        return text, "utf-8"
    return _single_byte(data, name)


def _single_byte(data: bytes, name: str) -> tuple[str, str]:
    """A text in a single-byte code page: charset-normalizer's proposals and every Cyrillic
    code page, judged by how Russian they read (see the module docstring)."""
    from charset_normalizer import from_bytes

    guesses = [m.encoding for m in from_bytes(data[: 2 * _SAMPLE])]
    readings: dict[str, str] = {}  # the sample as read -> the first encoding that reads so
    for enc in [*_SINGLE_BYTE_CYRILLIC, *guesses]:
        try:
            # multi-byte guesses: the whole text, so that no character is cut in two
            text = data[:_SAMPLE].decode(enc) if enc in _SINGLE_BYTE_CYRILLIC else data.decode(enc)[:_SAMPLE]
        except (UnicodeDecodeError, LookupError):
            continue
        if not _looks_binary(text):
            readings.setdefault(text, enc)
    first = next((text for text, enc in readings.items() if guesses and enc == guesses[0]), None)
    scored = []
    for order, (text, enc) in enumerate(readings.items()):
        score = _russian_score(text)
        if score is not None:
            # a near tie goes to charset-normalizer's first choice, then to cp1251, by far
            # the most common of the code pages
            prior = (0.05 if text == first else 0.0) + (0.1 if enc == "cp1251" else 0.0)
            scored.append((score + prior, -order, enc))
    if scored and max(scored)[0] > _MIN_RUSSIAN_SCORE:
        return _decode_whole(data, max(scored)[2], name)
    if first is not None and _russian_score(first) is None:
        return _decode_whole(data, readings[first], name)  # a text without Cyrillic letters
    hint = f" (charset-normalizer guesses {guesses[0]})" if guesses else ""
    raise InputError(
        f"{name}: not UTF-8, and no Cyrillic code page reads it as Russian{hint}; "
        "name the encoding with --encoding"
    )


def _decode_whole(data: bytes, enc: str, name: str) -> tuple[str, str]:
    try:
        return data.decode(enc), codecs.lookup(enc).name
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: reads as {enc} but byte {exc.start} is not {enc}; "
                         "name the encoding with --encoding") from None
