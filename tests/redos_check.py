"""A static check for super-linear backtracking in refcli's regular expressions.

Python's ``re`` is a backtracking matcher: when a pattern can match one piece of text in
many ways, a failing match tries them all. Two shapes do that:

- **exponential** (a loop that can match the same text in two ways: nested quantifiers such
  as ``(?:a+)+``, or alternatives that overlap under a quantifier, such as
  ``(?:[^,;]|\\.(?=\\S)){0,80}`` where a dot matches both branches): time doubles with each
  repeated character;
- **polynomial** (two loops in a row whose classes overlap, with a path between them that
  the same text can take, such as ``\\s*\\s*`` or ``[.\\s]*\\s+``): each extra loop adds a
  power of the input length.

``find_redos(pattern)`` decides both on the pattern's Glushkov automaton (one state per
character class occurrence), exactly as Weideman et al. (2016) do for backtracking
matchers: a loop state with two distinct cycles over the same word (EDA), or two loop
states p, q with p→p, p→q and q→q over one word (IDA).

Model and its limits (deliberately conservative):
- a bounded repeat ``{m,n}`` with n <= 10 is unrolled; above that it counts as unbounded
  (``{0,80}`` can backtrack 2^80 ways just as ``*`` can);
- an atomic group ``(?>...)`` or possessive repeat (``*+``, ``++``, ``?+``, ``{m,n}+``)
  never gives back what it matched: outside, it is one step that reads its first
  character; its body is checked on its own;
- lookarounds, anchors and back-references read nothing here; lookaround bodies are
  checked on their own;
- ``re.search`` trying every start adds one factor n to any pattern with a loop; that
  quadratic floor is not reported.

``collect(package)`` gathers the patterns really compiled by a package: every module is
imported and its globals and class attributes searched for ``re.Pattern`` objects (also
inside module-level lists, tuples and dicts), and every ``re.compile/search/match/...``
call in the source is read with ``ast``, its pattern evaluated in the module's namespace
when it is built from module constants.

Run ``python -m tests.redos_check`` for the report.
"""

from __future__ import annotations

import ast
import bisect
import importlib
import inspect
import pkgutil
import re
import re._constants as C
import re._parser as P
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

UNROLL = 10  # a bounded repeat up to this many times is unrolled; above, it is a loop
SHORT = 100  # two loops in a row cost n × this at most when one is bounded by it
MAXCHAR = sys.maxunicode
_RE_CALLS = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2,
             "finditer": 2, "split": 3, "sub": 4, "subn": 4}

# ---------------------------------------------------------------------------------------
# character classes as sorted, disjoint (lo, hi) intervals


def _norm(iv: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for lo, hi in sorted(iv):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((a, b) for a, b in out)


def _complement(iv: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    out, at = [], 0
    for lo, hi in iv:
        if lo > at:
            out.append((at, lo - 1))
        at = hi + 1
    if at <= MAXCHAR:
        out.append((at, MAXCHAR))
    return tuple(out)


def _runs(pred) -> tuple[tuple[int, int], ...]:
    out, start = [], None
    for cp in range(MAXCHAR + 2):
        ok = cp <= MAXCHAR and pred(chr(cp))
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append((start, cp - 1))
            start = None
    return tuple(out)


@cache
def _category(name: str, ascii_only: bool) -> tuple[tuple[int, int], ...]:
    """Unicode (or ASCII) \\d, \\s, \\w as sre defines them, and their complements."""
    base = name.replace("CATEGORY_NOT_", "CATEGORY_")
    if base == "CATEGORY_DIGIT":
        iv = ((48, 57),) if ascii_only else _runs(str.isdecimal)
    elif base == "CATEGORY_SPACE":
        iv = _norm([(9, 13), (32, 32)]) if ascii_only else _runs(str.isspace)
    elif base == "CATEGORY_WORD":
        iv = (_norm([(48, 57), (65, 90), (95, 95), (97, 122)]) if ascii_only
              else _runs(lambda c: c.isalnum() or c == "_"))
    elif base == "CATEGORY_LINEBREAK":
        iv = ((10, 10),)
    else:
        raise ValueError(name)
    return _complement(iv) if "_NOT_" in name else iv


def _case_variants(iv: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """IGNORECASE: every character's other cases too (over-approximated for huge ranges)."""
    extra = []
    for lo, hi in iv:
        if hi - lo > 20000:
            continue
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            for v in (ch.lower(), ch.upper(), ch.casefold(), ch.title()):
                if len(v) == 1 and v != ch:
                    extra.append((ord(v), ord(v)))
    return _norm([*iv, *extra]) if extra else iv


def _charset(op, av, flags: int) -> tuple[tuple[int, int], ...]:
    ascii_only = bool(flags & re.ASCII)
    if op is C.LITERAL:
        iv: tuple[tuple[int, int], ...] = ((av, av),)
    elif op is C.NOT_LITERAL:
        iv = _complement(_case_variants(((av, av),)) if flags & re.I else ((av, av),))
        return iv
    elif op is C.ANY:
        return ((0, MAXCHAR),) if flags & re.DOTALL else _complement(((10, 10),))
    elif op is C.IN:
        negate = bool(av) and av[0][0] is C.NEGATE
        parts: list[tuple[int, int]] = []
        for iop, iav in av[1:] if negate else av:
            if iop is C.LITERAL:
                parts.append((iav, iav))
            elif iop is C.RANGE:
                parts.append(iav)
            elif iop is C.CATEGORY:
                parts.extend(_category(iav.name, ascii_only))
            else:  # pragma: no cover - nothing else occurs inside [...]
                raise ValueError(iop)
        iv = _norm(parts)
        if flags & re.I:
            iv = _case_variants(iv)
        return _complement(iv) if negate else iv
    else:  # pragma: no cover
        raise ValueError(op)
    return _case_variants(iv) if flags & re.I else iv


# ---------------------------------------------------------------------------------------
# Glushkov automaton


@dataclass
class _Frag:
    first: set[int]
    last: set[int]
    nullable: bool
    # what can end the fragment with nothing after it that can fail (no anchor, lookaround,
    # back-reference or character): a loop ending there is never backtracked into
    clean_last: set[int] = field(default_factory=set)
    clean_nullable: bool = False


@dataclass
class _Loop:
    node: tuple  # (op, av) of the repeat
    flags: int

    @property
    def short(self) -> bool:
        hi = self.node[1][1]
        return hi is not C.MAXREPEAT and hi <= SHORT


@dataclass
class _Automaton:
    classes: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    loops_of: list[tuple[int, ...]] = field(default_factory=list)  # enclosing loops, outer first
    follow: list[dict[int, set[str]]] = field(default_factory=list)  # next state -> why (tags)
    loops: list[_Loop] = field(default_factory=list)
    first: set[int] = field(default_factory=set)
    separate: list[tuple[list, int, str]] = field(default_factory=list)  # bodies checked apart
    atomic: dict[int, str] = field(default_factory=dict)  # atomic steps that read a run
    clean_last: set[int] = field(default_factory=set)  # states after which nothing can fail


def _empty() -> _Frag:
    return _Frag(set(), set(), True, set(), True)


def _condition() -> _Frag:
    """An anchor, lookaround or back-reference: reads nothing, but can fail."""
    return _Frag(set(), set(), True, set(), False)


def _union(frags: list[_Frag]) -> _Frag:
    return _Frag(set().union(*(f.first for f in frags)), set().union(*(f.last for f in frags)),
                 any(f.nullable for f in frags), set().union(*(f.clean_last for f in frags)),
                 any(f.clean_nullable for f in frags))


class _Builder:
    def __init__(self) -> None:
        self.a = _Automaton()

    def position(self, cls: tuple[tuple[int, int], ...], loops: tuple[int, ...]) -> _Frag:
        i = len(self.a.classes)
        self.a.classes.append(cls)
        self.a.loops_of.append(loops)
        self.a.follow.append({})
        return _Frag({i}, {i}, False, {i}, False)

    def concat(self, f: _Frag, g: _Frag) -> _Frag:
        self.link(f.last, g.first, "seq")
        return _Frag(f.first | (g.first if f.nullable else set()),
                     g.last | (f.last if g.nullable else set()), f.nullable and g.nullable,
                     g.clean_last | (f.clean_last if g.clean_nullable else set()),
                     f.clean_nullable and g.clean_nullable)

    def link(self, last: set[int], first: set[int], tag: str) -> None:
        """Edges from LAST to FIRST; each tag is another way (parse) to take the edge."""
        for p in last:
            for q in first:
                self.a.follow[p].setdefault(q, set()).add(tag)

    def seq(self, items: list, flags: int, loops: tuple[int, ...]) -> _Frag:
        frag = _empty()
        for op, av in items:
            frag = self.concat(frag, self.item(op, av, flags, loops))
        return frag

    def item(self, op, av, flags: int, loops: tuple[int, ...]) -> _Frag:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return self.position(_charset(op, av, flags), loops)
        if op is C.BRANCH:
            frags = [self.seq(list(b), flags, loops) for b in av[1]]
            return _union(frags)
        if op is C.SUBPATTERN:
            _gid, add, remove, body = av
            return self.seq(list(body), (flags | add) & ~remove, loops)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            return self.repeat(op, av, flags, loops)
        if op in (C.ATOMIC_GROUP, C.POSSESSIVE_REPEAT):
            return self.atomic(op, av, flags, loops)
        if op in (C.ASSERT, C.ASSERT_NOT):
            kind = {(C.ASSERT, 1): "(?=", (C.ASSERT, -1): "(?<=", (C.ASSERT_NOT, 1): "(?!",
                    (C.ASSERT_NOT, -1): "(?<!"}[(op, av[0])]
            self.a.separate.append((list(av[1]), flags, kind + _unparse(list(av[1])) + ")"))
            return _condition()
        if op is C.GROUPREF_EXISTS:
            _gid, yes, no = av
            frags = [self.seq(list(yes), flags, loops), self.seq(list(no) if no else [], flags, loops)]
            return _union(frags)
        if op in (C.AT, C.GROUPREF):
            return _condition()
        raise ValueError(f"unknown regex opcode {op}")  # pragma: no cover

    def repeat(self, op, av, flags: int, loops: tuple[int, ...]) -> _Frag:
        lo, hi, body = av
        body = list(body)
        if hi == 0:
            return _empty()
        bounded = hi is not C.MAXREPEAT and hi <= UNROLL
        if bounded:
            frag = _empty()
            for _ in range(lo):
                frag = self.concat(frag, self.seq(body, flags, loops))
            for _ in range(hi - lo):
                opt = self.seq(body, flags, loops)
                frag = self.concat(frag, _Frag(opt.first, opt.last, True, opt.clean_last, True))
            return frag
        # a loop: min(lo, 2) - 1 plain copies, then the body with its back edge
        loop = len(self.a.loops)
        self.a.loops.append(_Loop((op, av), flags))
        frag = _empty()
        for _ in range(max(min(lo, 2) - 1, 0)):
            frag = self.concat(frag, self.seq(body, flags, loops))
        inner = self.seq(body, flags, (*loops, loop))
        self.link(inner.last, inner.first, f"loop{loop}")
        # a probe (-1 - loop) rides along in clean_last: still there at the end of the
        # pattern, it says that nothing after the loop can fail
        return self.concat(frag, _Frag(inner.first, inner.last, inner.nullable or lo == 0,
                                       inner.clean_last | {-1 - loop}, inner.clean_nullable or lo == 0))

    def atomic(self, op, av, flags: int, loops: tuple[int, ...]) -> _Frag:
        """Outside, one step that reads the first character; the body is checked alone."""
        if op is C.POSSESSIVE_REPEAT:
            lo, hi, body = av
            items = [(C.MAX_REPEAT, (lo, hi, list(body)))]
            nullable_hint = lo == 0
            text = _unparse([(op, av)])
        else:
            items = list(av)
            nullable_hint = False
            text = "(?>" + _unparse(items) + ")"
        self.a.separate.append((items, flags, text))
        sub = _Builder()
        f = sub.seq(items, flags, ())
        if not f.first:
            return _empty()
        cls = _norm(iv for p in f.first for iv in sub.a.classes[p])
        step = self.position(cls, loops)
        step.nullable = step.clean_nullable = f.nullable or nullable_hint
        if sub.a.loops:  # it reads a run, from wherever the text before it stops
            self.a.atomic[next(iter(step.first))] = text
        return step


# ---------------------------------------------------------------------------------------
# ambiguity


def _masks(classes: list[tuple[tuple[int, int], ...]]) -> list[int]:
    """Each class as a bitmask over the atoms (maximal ranges no class boundary splits)."""
    cuts = sorted({b for cls in classes for lo, hi in cls for b in (lo, hi + 1)})
    out = []
    for cls in classes:
        m = 0
        for lo, hi in cls:
            i, j = bisect.bisect_left(cuts, lo), bisect.bisect_left(cuts, hi + 1)
            m |= ((1 << (j - i)) - 1) << i
        out.append(m)
    return out


def _sccs(nodes: Iterable, succ) -> list[list]:
    """Tarjan's strongly connected components, iteratively."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    on: set = set()
    out: list[list] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ(w))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(comp)
    return out


@dataclass(frozen=True)
class Redos:
    """One vulnerable construct in a pattern."""

    kind: str  # "exponential" or "polynomial"
    construct: str  # the sub-pattern(s) that backtrack
    example: str  # a character both ways can read

    def __str__(self) -> str:
        return f"{self.kind}: {self.construct} (overlap on {self.example!r})"


def _example(*classes: tuple[tuple[int, int], ...]) -> str:
    """A character every one of CLASSES holds (printable where there is one)."""
    common = classes[0]
    for other in classes[1:]:
        common = tuple((max(a, c), min(b, d)) for a, b in common for c, d in other
                       if max(a, c) <= min(b, d))
    for lo, hi in common:
        for cp in range(max(lo, 0), min(hi, lo + 500) + 1):
            if chr(cp).isprintable():
                return chr(cp)
    return chr(common[0][0]) if common and common[0][0] >= 0 else "?"


def _loop_text(a: _Automaton, loop: int | None, fallback: int) -> str:
    if loop is None and fallback in a.atomic:
        return a.atomic[fallback]
    if loop is None:
        return _unparse_class(a.classes[fallback])
    op, av = a.loops[loop].node
    return _unparse([(op, av)])


def _innermost_common(chains: list[tuple[int, ...]]) -> int | None:
    common = None
    for parts in zip(*chains, strict=False):
        if all(x == parts[0] for x in parts):
            common = parts[0]
        else:
            break
    return common


def _analyse(a: _Automaton, limit: int = 2_000_000) -> Iterator[Redos]:
    n = len(a.classes)
    if not n:
        return
    masks = _masks(a.classes)
    follow = [sorted(f) for f in a.follow]
    comps = _sccs(range(n), lambda v: follow[v])
    comp_of = {v: i for i, c in enumerate(comps) for v in c}
    looping = [i for i, c in enumerate(comps) if len(c) > 1 or c[0] in a.follow[c[0]]]
    seen: set[str] = set()

    # EDA: inside one looping component, two different cycles over one word
    for ci in looping:
        members = set(comps[ci])
        succ_in = {v: [w for w in follow[v] if w in members] for v in members}

        def pair_succ(s, succ_in=succ_in):
            p, r = s
            for p2 in succ_in[p]:
                for r2 in succ_in[r]:
                    if masks[p2] & masks[r2]:
                        yield (p2, r2)

        starts = [(v, v) for v in members]
        for comp in _sccs(starts, pair_succ):
            diag = [s for s in comp if s[0] == s[1]]
            off = [s for s in comp if s[0] != s[1]]
            inside = {s[0] for s in diag}
            # two loops giving the same edge ((?:a+)+): two paths between the same states
            twice = [(q, q2) for q in inside for q2, tags in a.follow[q].items()
                     if q2 in inside and len(tags) > 1]
            if diag and (off or twice):
                if off:
                    q, (p, r) = diag[0][0], off[0]
                    loop = _innermost_common([a.loops_of[q], a.loops_of[p], a.loops_of[r]])
                else:
                    p, r = q, _ = twice[0]
                    tags = a.follow[p][r]
                    loop = min(int(t[4:]) for t in tags if t.startswith("loop"))
                if loop is not None and -1 - loop in a.clean_last:
                    break  # nothing after the loop can fail: it is never backtracked into
                text = _loop_text(a, loop, q)
                if text not in seen:
                    seen.add(text)
                    yield Redos("exponential", text, _example(a.classes[q], a.classes[p], a.classes[r]))
                break

    # IDA: loops p, q in different components, one word w with p→p, p→q, q→q. The later
    # loop may be an atomic group's run: it gives nothing back, but it is read again from
    # every place the earlier loop can stop at.
    run = [[*f, v] if v in a.atomic else f for v, f in enumerate(follow)]
    later = [*looping, *(comp_of[v] for v in a.atomic if comp_of[v] not in looping)]
    reach: dict[int, set[int]] = {}
    for ci in looping:
        todo, got = list(comps[ci]), set(comps[ci])
        while todo:
            v = todo.pop()
            for w in follow[v]:
                if w not in got:
                    got.add(w)
                    todo.append(w)
        reach[ci] = got
    budget = limit
    def harmless(ci: int) -> bool:
        """Nothing after this (later) loop can fail, so it never hands text back; or it
        is bounded by SHORT, which makes the pair cost a constant factor, not a power."""
        v = comps[ci][0]
        if len(comps[ci]) == 1 and v in a.atomic and v not in a.follow[v]:
            return v in a.clean_last
        loop = _innermost_common([a.loops_of[w] for w in comps[ci]])
        return loop is not None and (-1 - loop in a.clean_last or a.loops[loop].short)

    later = [c for c in later if not harmless(c)]
    for c1 in looping:
        if comps[c1][0] not in a.atomic and (
                (lp := _innermost_common([a.loops_of[w] for w in comps[c1]])) is not None
                and a.loops[lp].short):
            continue
        for c2 in later:
            if c1 == c2 or comps[c2][0] not in reach[c1]:
                continue
            m1, m2 = set(comps[c1]), set(comps[c2])
            found = None
            for p in comps[c1]:
                for q in comps[c2]:
                    if not masks[p] & masks[q]:
                        continue
                    start, goal = (p, p, q), (p, q, q)
                    seen3 = {start}
                    todo3 = [start]
                    while todo3 and found is None:
                        x, y, z = todo3.pop()
                        budget -= 1
                        if budget < 0:
                            yield Redos("unanalysed", "the automaton is too large to check", "")
                            return
                        for x2 in follow[x]:
                            if x2 not in m1:
                                continue
                            for z2 in run[z]:
                                if z2 not in m2 or not masks[x2] & masks[z2]:
                                    continue
                                both = masks[x2] & masks[z2]
                                for y2 in run[y]:
                                    if both & masks[y2] and (x2, y2, z2) not in seen3:
                                        if (x2, y2, z2) == goal:
                                            found = (p, q)
                                            break
                                        seen3.add((x2, y2, z2))
                                        todo3.append((x2, y2, z2))
                    if found:
                        break
                if found:
                    break
            if found:
                p, q = found
                lp = [x for x in a.loops_of[p] if x not in a.loops_of[q]]
                lq = [x for x in a.loops_of[q] if x not in a.loops_of[p]]
                text = (f"{_loop_text(a, lp[-1] if lp else None, p)} then "
                        f"{_loop_text(a, lq[-1] if lq else None, q)}")
                if text not in seen:
                    seen.add(text)
                    yield Redos("polynomial", text, _example(a.classes[p], a.classes[q]))


def find_redos(pattern: str | re.Pattern[str], flags: int = 0, full: bool = False) -> list[Redos]:
    """Every construct of PATTERN that backtracks super-linearly (empty when none).

    FULL: the pattern is used with ``fullmatch`` (the end of the text must follow)."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    parsed = P.parse(pattern, flags)
    flags = parsed.state.flags
    out: list[Redos] = []
    todo: list[tuple[list, int, str]] = [(list(parsed), flags, "")]
    while todo:
        items, fl, where = todo.pop()
        b = _Builder()
        frag = b.seq(items, fl, ())
        if full and not where:
            frag = b.concat(frag, _condition())
        b.a.first = frag.first
        b.a.clean_last = frag.clean_last
        for r in _analyse(b.a):
            construct = f"{r.construct} in {where}" if where else r.construct
            out.append(Redos(r.kind, construct, r.example))
        todo.extend(b.a.separate)
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------------------------------
# printing a parsed (sub)pattern back

_AT = {"AT_BEGINNING": "^", "AT_BEGINNING_STRING": r"\A", "AT_END": "$",
       "AT_END_STRING": r"\Z", "AT_BOUNDARY": r"\b", "AT_NON_BOUNDARY": r"\B",
       "AT_BEGINNING_LINE": "^", "AT_END_LINE": "$"}
_CAT = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
        "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _lit(cp: int, in_class: bool = False) -> str:
    ch = chr(cp)
    if ch in "\t\n\r\f\v":
        return {"\t": r"\t", "\n": r"\n", "\r": r"\r", "\f": r"\f", "\v": r"\v"}[ch]
    if in_class:
        return "\\" + ch if ch in r"\]^-[" else ch
    return re.escape(ch) if not ch.isalnum() else ch


def _unparse_class(iv: tuple[tuple[int, int], ...]) -> str:
    if len(iv) == 1 and iv[0][0] == iv[0][1]:
        return _lit(iv[0][0])
    if len(iv) > 8:
        return "[…]"
    return "[" + "".join(_lit(a, True) if a == b else f"{_lit(a, True)}-{_lit(b, True)}"
                         for a, b in iv) + "]"


def _unparse(items: list) -> str:
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(_lit(av))
        elif op is C.NOT_LITERAL:
            out.append(f"[^{_lit(av, True)}]")
        elif op is C.ANY:
            out.append(".")
        elif op is C.IN:
            if len(av) == 1 and av[0][0] is C.CATEGORY:
                out.append(_CAT[av[0][1].name])
                continue
            body = []
            for iop, iav in av:
                if iop is C.NEGATE:
                    body.append("^")
                elif iop is C.LITERAL:
                    body.append(_lit(iav, True))
                elif iop is C.RANGE:
                    body.append(f"{_lit(iav[0], True)}-{_lit(iav[1], True)}")
                elif iop is C.CATEGORY:
                    body.append(_CAT[iav.name])
            out.append("[" + "".join(body) + "]")
        elif op is C.BRANCH:
            out.append("(?:" + "|".join(_unparse(list(b)) for b in av[1]) + ")")
        elif op is C.SUBPATTERN:
            out.append(("(" if av[0] else "(?:") + _unparse(list(av[3])) + ")")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            inner = _unparse(list(body))
            simple = len(body) == 1 and body[0][0] in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN,
                                                       C.SUBPATTERN, C.BRANCH)
            if not simple:
                inner = f"(?:{inner})"
            q = {(0, C.MAXREPEAT): "*", (1, C.MAXREPEAT): "+", (0, 1): "?"}.get((lo, hi))
            if q is None:
                q = f"{{{lo},}}" if hi is C.MAXREPEAT else f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"
            q += {C.MIN_REPEAT: "?", C.POSSESSIVE_REPEAT: "+"}.get(op, "")
            out.append(inner + q)
        elif op is C.ATOMIC_GROUP:
            out.append("(?>" + _unparse(list(av)) + ")")
        elif op in (C.ASSERT, C.ASSERT_NOT):
            kind = {(C.ASSERT, 1): "(?=", (C.ASSERT, -1): "(?<=", (C.ASSERT_NOT, 1): "(?!",
                    (C.ASSERT_NOT, -1): "(?<!"}[(op, av[0])]
            out.append(kind + _unparse(list(av[1])) + ")")
        elif op is C.AT:
            out.append(_AT.get(av.name, ""))
        elif op is C.GROUPREF:
            out.append(f"\\{av}")
        elif op is C.GROUPREF_EXISTS:
            no = "|" + _unparse(list(av[2])) if av[2] else ""
            out.append(f"(?({av[0]}){_unparse(list(av[1]))}{no})")
    text = "".join(out)
    return text if len(text) <= 160 else text[:150] + "…" + text[-9:]


# ---------------------------------------------------------------------------------------
# collecting a package's patterns


@dataclass
class Found:
    """A regular expression of the package, and where it is."""

    file: str
    name: str
    pattern: str
    flags: int
    line: int = 0  # for a call inside a function
    full: bool = False  # used with fullmatch somewhere

    def where(self) -> str:
        return f"{self.file}:{self.line} {self.name}" if self.line else f"{self.file} {self.name}"


@dataclass
class Collected:
    patterns: list[Found]
    unresolved: list[Found]  # calls whose pattern is built from local values


def _patterns_in(value: object, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        yield "", value
    elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        for i, v in enumerate(value):
            for sub, p in _patterns_in(v, depth + 1):
                yield f"[{i}]{sub}", p
    elif depth < 2 and isinstance(value, dict):
        for k, v in value.items():
            for sub, p in _patterns_in(v, depth + 1):
                yield f"[{k!r}]{sub}", p


def _const_eval(node: ast.expr, namespace: dict, path: str) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    code = compile(ast.Expression(node), path, "eval")
    return eval(code, dict(namespace))  # the package's own constant expressions


def _enclosing(tree: ast.Module) -> dict[ast.AST, str]:
    """For each re.* call: the function it is in, or "" at module or class level."""
    where: dict[ast.AST, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{scope}.{child.name}" if scope else child.name)
            elif isinstance(child, ast.ClassDef) and not scope:
                visit(child, "")
            else:
                if isinstance(child, ast.Call):
                    where[child] = scope
                visit(child, scope)

    visit(tree, "")
    return where


def _calls(module, root: Path) -> Iterator[tuple[str, str, int, object, object]]:
    """(file, name, line, pattern or None, flags) for every re.<fn>(...) call in MODULE, and
    every rx.compile(...) (refcli.rx: re.compile with the compiled pattern kept between runs).

    Calls at module or class level are left to the globals (their patterns are objects
    there); a call inside a function is named after the function."""
    path = inspect.getsourcefile(module)
    if path is None:
        return
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    namespace = vars(module)
    rel = str(Path(path).resolve().relative_to(root))
    for node, scope in _enclosing(tree).items():
        if not (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                and (node.func.value.id == "re" or (node.func.value.id == "rx" and node.func.attr == "compile"))
                and node.func.attr in _RE_CALLS and node.args):
            continue
        flags_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
        at = _RE_CALLS[node.func.attr]
        if flags_node is None and len(node.args) > at:
            flags_node = node.args[at]
        if not scope and node.func.attr == "compile":
            continue  # a module-level pattern: its object is among the globals
        try:
            pattern = _const_eval(node.args[0], namespace, path)
            flags = _const_eval(flags_node, namespace, path) if flags_node is not None else 0
        except Exception:  # built from local values: cannot be read statically
            pattern = flags = None
            if not scope:
                continue  # a module-level pattern: its object is among the globals
        yield rel, f"{scope or '<module>'}(): {node.func.value.id}.{node.func.attr}", node.lineno, pattern, flags


def collect(package: str = "refcli") -> Collected:
    """Every pattern PACKAGE compiles: module globals, class attributes and re.* calls."""
    pkg = importlib.import_module(package)
    root = Path(pkg.__file__).resolve().parent.parent
    modules = [pkg]
    for info in pkgutil.walk_packages(pkg.__path__, package + "."):
        if info.name.endswith("__main__"):
            continue
        modules.append(importlib.import_module(info.name))
    found: list[Found] = []
    unresolved: list[Found] = []
    sources = "\n".join(Path(f).read_text(encoding="utf-8") for m in modules
                         if (f := inspect.getsourcefile(m)))
    for module in modules:
        src = inspect.getsourcefile(module)
        if src is None:
            continue
        rel = str(Path(src).resolve().relative_to(root))
        for key, value in vars(module).items():
            if module.__name__ == f"{package}.rx" and key == "_made":
                continue  # (refcli.rx's own cache holds the other modules' patterns: checked there)
            owners = [(key, value)]
            if isinstance(value, type) and value.__module__ == module.__name__:
                owners = [(f"{key}.{k}", v) for k, v in vars(value).items()]
            for name, v in owners:
                full = f"{name.rsplit('.', 1)[-1]}.fullmatch(" in sources
                for sub, p in _patterns_in(v):
                    if isinstance(p.pattern, str):
                        found.append(Found(rel, name + sub, p.pattern, p.flags, 0, full))
        for file, name, line, pattern, flags in _calls(module, root):
            if pattern is None:
                unresolved.append(Found(file, name, "", 0, line))
            elif isinstance(pattern, re.Pattern):
                found.append(Found(file, name, pattern.pattern, pattern.flags, line, "fullmatch" in name))
            elif isinstance(pattern, str) and isinstance(flags, int):
                found.append(Found(file, name, pattern, flags, line, "fullmatch" in name))
    return Collected(found, unresolved)


def patterns_of(obj: object, file: str, name: str) -> list[Found]:
    """The patterns reachable from OBJ's attributes and containers (patterns built from data
    at run time, e.g. a loaded Registry's)."""
    out: list[Found] = []
    seen: set[int] = set()

    def walk(v: object, path: str, depth: int) -> None:
        if id(v) in seen or depth > 6:
            return
        seen.add(id(v))
        if isinstance(v, re.Pattern):
            if isinstance(v.pattern, str):
                out.append(Found(file, path, v.pattern, v.flags))
        elif isinstance(v, (str, bytes, int, float, type)) or v is None or callable(v):
            return
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, f"{path}[{k!r}]", depth + 1)
        elif isinstance(v, (list, tuple, set, frozenset)):
            for i, x in enumerate(v):
                walk(x, f"{path}[{i}]", depth + 1)
        else:
            attrs = dict(vars(v)) if hasattr(v, "__dict__") else {}
            for slot in getattr(type(v), "__slots__", ()):
                if hasattr(v, slot):
                    attrs[slot] = getattr(v, slot)
            for k, x in attrs.items():
                walk(x, f"{path}.{k}", depth + 1)

    walk(obj, name, 0)
    return out


def report(found: Iterable[Found]) -> list[tuple[Found, Redos]]:
    """Every vulnerable construct of the FOUND patterns (each distinct pattern checked once)."""
    out = []
    memo: dict[tuple[str, int, bool], list[Redos]] = {}
    for f in found:
        key = (f.pattern, f.flags, f.full)
        if key not in memo:
            memo[key] = find_redos(f.pattern, f.flags, f.full)
        out.extend((f, r) for r in memo[key])
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the vulnerable patterns of refcli (or the packages named): file, name, construct."""
    packages = (argv if argv is not None else sys.argv[1:]) or ["refcli"]
    bad = 0
    for package in packages:
        got = collect(package)
        if package == "refcli":
            from refcli.registry import Registry

            registry = Registry.load()
            _ = registry.matcher  # built on first use
            got.patterns += patterns_of(registry, "refcli/registry.py", "Registry.load()")
        hits = report(got.patterns)
        for f, r in hits:
            print(f"{f.where()}: {r}")
        for u in got.unresolved:
            print(f"{u.where()}: pattern built from local values, not checked")
        print(f"{package}: {len({(f.pattern, f.flags) for f in got.patterns})} distinct patterns, "
              f"{len(hits)} vulnerable constructs, {len(got.unresolved)} not checked")
        bad += len(hits)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
