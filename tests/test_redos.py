"""The static check for super-linear backtracking (tests/redos_check.py), run over refcli.

Every regular expression refcli compiles is checked: module globals, class attributes,
``re.*`` calls in the source and the patterns a loaded registry builds from archives.json.
A pattern found vulnerable fails the test unless it is listed in PENDING with its owner
and a proposed rewrite (files other developers are changing); each proposal is itself
checked, and shown to match exactly what the current pattern matches on the corpus notes,
the sample documents and generated strings. Once an owner applies the rewrite, the entry
must go (a stale entry fails too).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from refcli.registry import Registry
from tests.redos_check import Found, collect, find_redos, patterns_of, report

ROOT = Path(__file__).resolve().parent.parent
_Y = r"(?:1[5-9]\d\d|20[0-4]\d)"

# (file, name) -> (owner, (the vulnerable part, its rewrite), whether the rewrite matches
# exactly what the current pattern matches)
PENDING: dict[tuple[str, str], tuple[str, tuple[str, str], bool]] = {
}
# patterns built from values known only at run time, each reviewed
DYNAMIC = {
    ("refcli/cli/render_library.py", "_highlight(): re.compile"): "re.escape of a search word: a literal",
    ("refcli/readers/markdown.py", "read_markdown_notes(): re.compile"): "a run of backticks: a literal",
    ("refcli/registry.py", "matcher(): rx.compile"): "checked from a loaded Registry below",
    ("refcli/registry.py", "_first_letter_guard(): rx.compile"): "one re.escape'd character, case-insensitive: "
                                                                  "a literal",
    ("refcli/registry.py", "bare_units(): rx.compile"): "archives' bare codes (re.escape'd): checked from a "
                                                      "loaded Registry below",
    ("refcli/registry.py", "__init__(): rx.compile"): "a scheme's label patterns (re.escape'd label words): "
                                                     "checked from a loaded Registry below",
    ("refcli/rx.py", "_compile(): re.compile"): "re.compile of the caller's own pattern (the cache's fallback): "
                                               "checked where the caller is",
    ("refcli/resolver.py", "_clause_starts(): re.finditer"): "', ' and one re.escape'd abbreviation: a literal",
}


def _rewrite(found: Found, proposal: tuple[str, str]) -> str:
    """The whole proposed pattern."""
    old, new = proposal
    assert old in found.pattern, (f"{found.file} {found.name} changed since the proposal was "
                                  f"written (no {old}): rerun python -m tests.redos_check, update PENDING")
    return found.pattern.replace(old, new)


@pytest.fixture(scope="module")
def collected() -> tuple[list[Found], list[Found]]:
    got = collect("refcli")
    registry = Registry.load(ROOT / "archives.json")
    _ = registry.matcher
    registry.bare_units("")  # compiles the pattern of the archives' bare codes
    return got.patterns + patterns_of(registry, "refcli/registry.py", "Registry.load()"), got.unresolved


@pytest.fixture(scope="module")
def vulnerable(collected: tuple[list[Found], list[Found]]) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for f, r in report(collected[0]):
        out.setdefault((f.file, f.name), []).append(str(r))
    return out


@pytest.mark.parametrize("pattern", [
    r"(?:a+)+b", r"(?: |  )*x", r"(?:[^,;:]|\.(?=\S)){0,80}?:", r"(?:a|ab|b)*c",
    r"\s*\s*x", r"[.\s]*\s+x", r"a*(?>a+)b", r"x(?=(?:b+)+c)", r"(?:D\.\d+\w?)+x",
])
def test_the_check_finds_backtracking_shapes(pattern: str) -> None:
    """Nested, overlapping and adjacent quantifiers are found, in lookarounds too."""
    assert find_redos(pattern), pattern


@pytest.mark.parametrize("pattern", [
    r"a+b", r"(?:\s+\w+)*x", r"\d{1,4}\d?x", r"(?>a+)+b", r"a*+a*b", r"[^,;:()\[\]]{0,80}?:",
    r"\s*(?:,\s*)?publ", r"(?:(?>a+)b?)+x", r"(?:D\.\d+\w?)+", r"\s*\s*",
])
def test_the_check_passes_linear_shapes(pattern: str) -> None:
    """Disjoint classes, atomic groups, possessive and bounded repeats, and loops nothing
    after can fail, are not reported."""
    assert find_redos(pattern) == [], pattern


def test_the_check_collects_the_packages_patterns(collected: tuple[list[Found], list[Found]]) -> None:
    """Globals, class attributes, re.* calls inside functions and the registry's matcher."""
    names = {(f.file, f.name) for f in collected[0]}
    assert ("refcli/parsers/note.py", "_REFERENCE_LIKE") in names
    assert any(n[0] == "refcli/registry.py" and "matcher" in n[1] for n in names)
    assert any(n[1].endswith("(): re.sub") for n in names)
    assert len({(f.pattern, f.flags) for f in collected[0]}) > 150


def test_no_vulnerable_pattern_outside_pending(vulnerable: dict[tuple[str, str], list[str]]) -> None:
    """No regular expression of refcli backtracks super-linearly, but the listed ones."""
    new = {k: v for k, v in vulnerable.items() if k not in PENDING}
    assert not new, "\n".join(f"{f} {n}: {'; '.join(r)}" for (f, n), r in new.items())


def test_pending_entries_are_still_vulnerable(vulnerable: dict[tuple[str, str], list[str]]) -> None:
    """An entry whose pattern was rewritten (or removed) must leave PENDING."""
    stale = [k for k in PENDING if k not in vulnerable]
    assert not stale, f"fixed or gone, remove from PENDING: {stale}"


def test_patterns_built_at_run_time_are_reviewed(collected: tuple[list[Found], list[Found]]) -> None:
    """A pattern the check cannot read statically is a literal or checked another way."""
    unknown = [u.where() for u in collected[1] if (u.file, u.name) not in DYNAMIC]
    assert not unknown, unknown


def _texts() -> list[str]:
    out = []
    for path in sorted([*ROOT.glob("corpus/train/*.jsonl"), *ROOT.glob("corpus/dev/*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend([json.loads(line)["text"]] if '"text"' in line else [])
    for path in sorted(ROOT.glob("refs/*")):
        try:
            out.extend(path.read_text(encoding="utf-8").splitlines())
        except UnicodeDecodeError:
            continue
    rnd = random.Random(16)
    alphabet = [*list(" .,:;()[]-–—`\n0123456789aLlpSsMoф1905ГгМ"), "pp.", "l. ", "1957", "Publ", "за ", "fond"]
    out += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(3000)]
    return out


def _matches(p: re.Pattern[str], text: str) -> list[object]:
    def res(m: re.Match[str] | None) -> object:
        return (m.span(), m.groups()) if m else None

    return [[res(m) for m in p.finditer(text)], res(p.fullmatch(text)),
            *(res(p.match(text, i)) for i in range(min(len(text), 120) + 1))]


def test_pending_proposals_are_safe_and_match_the_same(collected: tuple[list[Found], list[Found]]) -> None:
    """Each proposed rewrite passes the check and, where it says so, matches exactly what
    the current pattern matches (spans and groups at every start) on real and generated text."""
    by_key = {(f.file, f.name): f for f in collected[0]}
    texts = _texts()
    for key, (_owner, proposal, same) in PENDING.items():
        if key not in by_key:
            continue  # gone: the stale-entry test says so
        found = by_key[key]
        new = _rewrite(found, proposal)
        assert find_redos(new, found.flags) == [], (key, new)
        if not same:
            continue
        old_p, new_p = re.compile(found.pattern, found.flags), re.compile(new, found.flags)
        for text in texts:
            assert _matches(old_p, text) == _matches(new_p, text), (key, text)
