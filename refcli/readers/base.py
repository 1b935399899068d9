"""Getting a file's text: size limits, binary detection and encodings.

Russian notes often arrive as cp1251 (or KOI8-R, or UTF-16 from Word's "Save as text"); a
file is decoded as UTF-8 when it is UTF-8, by its BOM when it has one, and otherwise as the
Cyrillic single-byte encoding under which it reads as Russian. Anything else is refused with
one line that says what to do.
"""

from __future__ import annotations

import codecs
import math
import os
from pathlib import Path

from refcli.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1000 * 1000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Letter frequencies of Russian text (per cent): the right code page gives common letters,
# the wrong one (cp1251 read as KOI8-R or back) rare ones.
_RUSSIAN_FREQ = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62,
     2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32,
     0.26, 0.04, 0.04), strict=True))
_LOG_FREQ = {ch: math.log(f) for ch, f in _RUSSIAN_FREQ.items()}
_MIN_RUSSIAN_SCORE = 0.3  # mean log-frequency; real Russian scores about 1.5, garbage below 0


def _russian_score(text: str) -> float | None:
    """Mean log-frequency of the Cyrillic letters of TEXT as Russian, or None without any."""
    letters = [_LOG_FREQ[ch] for ch in text.lower() if ch in _LOG_FREQ]
    return sum(letters) / len(letters) if letters else None


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
    best: tuple[float, str, str] | None = None
    for enc in ("cp1251", "koi8-r"):
        try:
            candidate = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_binary(candidate):
            continue
        score = _russian_score(candidate[:50000])
        if score is not None and (best is None or score > best[0]):
            best = (score, enc, candidate)
    if best is not None and best[0] > _MIN_RUSSIAN_SCORE:
        return best[2], best[1]
    raise InputError(
        f"{name}: not UTF-8 and not Cyrillic cp1251/KOI8-R text; name the encoding with --encoding"
    )
