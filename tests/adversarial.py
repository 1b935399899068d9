"""Adversarial text for refcli's parsers: the families that make backtracking parsers slow,
and mutations of real notes. Plain functions of a ``random.Random`` (so that bench/fuzz.py
and bench/bench_adversarial.py can use them without hypothesis) and hypothesis strategies
built on them for the tests.

Families (each ``family(n)`` is one unit repeated n times, in a plausible context):
dot leaders of a table of contents, runs of initials, ``l.0.l.0.``, repeated labels
(``Ibid.``, ``op. cit.``, ``See:``, ``pp.``, ``f. 1, op. 2,``), brackets and quotes
opened and never closed, runs of spaces and punctuation.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

FAMILIES: dict[str, Callable[[int], str]] = {
    "dot-leaders": lambda n: "Introduction" + "." * n + " 5",
    "spaced-leaders": lambda n: "2 Moscow and Hanoi in 1956 " + ". " * n + "17",
    "ellipsis-leaders": lambda n: "Chapter 3 " + "…" * n + " 40",
    "initials": lambda n: "A. " * n + "Lankov, Moscow, 2009",
    "cyrillic-initials": lambda n: "Иванов " + "И. " * n + "Название. М.: Наука, 1990.",
    "glued-initials": lambda n: "A." * n + " Pantsov, Mao Zedong",
    "l0": lambda n: "Панцов А. В." + "l.0." * n,
    "leaves": lambda n: "GARF, f. 5446, op. 98 s, d. 704, ll. " + "1-2, " * n + "3.",
    "levels": lambda n: "Ibid., " + "op. 1, d. 2, " * n + "l. 3.",
    "ibid": lambda n: "Ibid. " * n + "P. 5.",
    "glosses": lambda n: "Pipes, The Revolution (New York: Knopf, 1990), 45 " + "(hereafter RR) RR, 371; " * n,
    "imprints": lambda n: "Taubman, Khrushchev " + "(New York: Norton, 2003), 45, " * n + "p. 6.",
    "op-cit": lambda n: "Pantsov A.V. " + "op. cit., " * n + "p. 5.",
    "see": lambda n: "See: " * n + "Selivanov I. N. Title // Voprosy istorii, 2012, No. 8.",
    "cities": lambda n: "Title. " + "Moscow: " * n + "Nauka, 1990.",
    "pages": lambda n: "Title, " + "pp. " * n + "12-15.",
    "open-brackets": lambda n: "Title " + "(" * n + "Moscow, 1990",
    "nested-brackets": lambda n: "(" * n + "GARF, f. 1, op. 2, d. 3" + ")" * n,
    "open-quotes": lambda n: 'Kramer, "' + 'Title, "' * n + "Journal 12 (2010): 45.",
    "guillemets": lambda n: "«" * n + "Название" + " // Вопросы истории. 2012. № 8.",
    "spaces": lambda n: "Title," + " " * n + "Moscow" + " " * n + ",1990 x",
    "commas": lambda n: "Title" + ", ." * n + " 1990",
    "slashes": lambda n: "Title " + "/ /" * n + " website",
    "years": lambda n: "Title (" + "1957 " * n,
    "backticks": lambda n: "[^1]: " + "`" * n + "code",
    "braces": lambda n: "\\footnote{" + "{" * n + "GARF, f. 1}",
    "interviews": lambda n: "Interview with " + "A. " * n + "Kennan, Princeton, " + "June 12, " * n + "1982.",
    "diaries": lambda n: "Kennan " * n + "diary, " + "March 3, 1950, " * n + "Kennan Papers.",
    "papers": lambda n: "Smith Papers, " * n + "box 1, " * n + "folder 2.",
    # the readers added for batch 9's forms: writers of newspapers, lists of authors, a
    # co-author in brackets, further files after an Ibid., key phrases, locators alone
    "writers": lambda n: "Michael Freedman, " * n + "Forbes, 23 May 2005.",
    "name-lists": lambda n: "Leo Huberman, " * n + "and Paul Sweezy, Cuba: Anatomy (New York, 1960), 95.",
    "with-coauthor": lambda n: "R. S. McNamara (with " * n + "B. Mark), In Retrospect, 5.",
    "further-files": lambda n: "Там же, оп. 1, " + "д. 65, л. 1–3, " * n + "д. 149, л. 7.",
    "key-phrases": lambda n: "a " * n + "phrase: Tass, October 28, 1958.",
    "locators": lambda n: "Hitler A. Op. cit. " + "Bd 1. S. 5; " * n + "Bd 2. S. 6.",
}

_UNITS = [". ", ".", " ", "l.0.", "A. ", "И. ", "(", ")", "[", "]", "«", "»", '"', "“", "//", "/ /", ", ",
          "; ", ": ", "pp. ", "Ibid. ", "op. cit. ", "f. 1, ", "op. 2, ", "d. 3, ", "ll. 4-5, ", "1957 ",
          "Moscow: ", "M.: ", "No. ", "№ ", "See: ", "См.: ", "\n", "\t", "…", "–", "—", "-", "`", "{", "}",
          "\\footnote{", "[^1]: ", "http://", "www.", "\x1b[2J", "\u00ad", "\u200b", "ё", "Ё"]


def real_notes() -> list[str]:
    """Real note texts: the sample documents, the corpus's train split, the seeds."""
    out: list[str] = []
    for path in sorted((ROOT / "refs").glob("*")):
        try:
            out += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        except UnicodeDecodeError:
            continue
    for path in sorted((ROOT / "corpus" / "train").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "text" in record:
                out.append(record["text"])
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []:
        out += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def mutate(rnd: random.Random, text: str, steps: int = 3) -> str:
    """TEXT with a few random edits: a slice repeated, cut, or moved; an adversarial unit
    inserted many times; characters doubled; text from another script."""
    for _ in range(steps):
        if not text:
            text = rnd.choice(_UNITS)
        a = rnd.randrange(len(text) + 1)
        b = min(len(text), a + rnd.randint(1, 12))
        op = rnd.randrange(6)
        if op == 0:  # repeat a slice
            text = text[:a] + text[a:b] * rnd.randint(2, 40) + text[b:]
        elif op == 1:  # cut a slice
            text = text[:a] + text[b:]
        elif op == 2:  # insert a unit, many times
            text = text[:a] + rnd.choice(_UNITS) * rnd.randint(1, 60) + text[a:]
        elif op == 3:  # double every punctuation mark in a slice
            text = text[:a] + "".join(c * 2 if not c.isalnum() else c for c in text[a:b]) + text[b:]
        elif op == 4:  # move a slice
            piece = text[a:b]
            rest = text[:a] + text[b:]
            at = rnd.randrange(len(rest) + 1)
            text = rest[:at] + piece + rest[at:]
        else:  # another family's unit in the middle
            name = rnd.choice(list(FAMILIES))
            text = text[:a] + FAMILIES[name](rnd.randint(1, 30)) + text[a:]
    return text


def generate(rnd: random.Random, notes: list[str], max_len: int = 4000) -> str:
    """One adversarial input: a family at a random size, a mutated real note, or a few
    real notes and family texts run together."""
    kind = rnd.randrange(3)
    if kind == 0:
        name = rnd.choice(list(FAMILIES))
        text = FAMILIES[name](rnd.choice([1, 2, 5, 10, 20, 40, 80, 200]))
    elif kind == 1 and notes:
        text = mutate(rnd, rnd.choice(notes), rnd.randint(1, 5))
    else:
        parts = [rnd.choice(notes) if notes and rnd.random() < 0.5 else FAMILIES[rnd.choice(list(FAMILIES))](rnd.randint(1, 40))
                 for _ in range(rnd.randint(2, 4))]
        text = mutate(rnd, " ".join(parts), rnd.randint(0, 2))
    return text[:max_len]


# -- hypothesis strategies -----------------------------------------------------------------

_NOTES = real_notes()
family_texts = st.builds(lambda name, n: FAMILIES[name](n),
                         st.sampled_from(sorted(FAMILIES)), st.integers(1, 200))
mutated_notes = st.builds(lambda seed, steps: mutate(random.Random(seed), random.Random(seed).choice(_NOTES), steps),
                          st.integers(0, 2**32), st.integers(1, 5))
unit_soup = st.lists(st.sampled_from(_UNITS), max_size=120).map("".join)
adversarial = st.one_of(family_texts, mutated_notes, unit_soup,
                        st.builds(lambda seed: generate(random.Random(seed), _NOTES), st.integers(0, 2**32)))


# -- a hang detector -----------------------------------------------------------------------


class Hung(BaseException):
    """Raised in the code under test when it runs past the guard (a BaseException, so that
    the parsers' own ``except Exception`` lets it through)."""


def run_guarded(seconds: float, work: Callable[[], object]) -> bool:
    """Run WORK; False if it was still running after SECONDS (then it is interrupted: a
    timer signal, which also stops a regular expression in the middle of backtracking)."""
    import signal

    armed = [True]

    def expire(signum: int, frame: object) -> None:
        if armed[0]:
            raise Hung

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        work()
        armed[0] = False
    except Hung:
        return False
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return True
