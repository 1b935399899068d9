"""The search index: what search, show and the work matcher read, derived from the documents.

The index is never the only copy of anything: every line of it is rebuilt from a document's
file (or an import's) by :func:`segment`, so a missing, stale or damaged index costs time,
never data. It is made of

* one **segment** per document or import: a line per source the document cites (key, the
  document's id, kind, notes citing it, the matcher's tokens, the folded text of those notes,
  and the JSON of its spellings and occurrences), then a line per ``block`` (where the work
  matcher files the source: ``w|pantsov|2007``, a unit's identity) naming its key;
* the **main** index: the segments of many documents merged, lines sorted by key (so every line
  of a source is found by binary search) and blocks sorted (so a block or a family name is a
  binary search too).

Adding a document writes its segment; removing one writes nothing here (its lines are skipped
because the catalogue no longer lists it). When more than ``PENDING`` segments wait or as many
documents have gone, the store merges them into a new main index.

File format (bytes, UTF-8): a header ``refcli.index/1 US id,id,...``, the source lines, a line
holding GS (``\\x1d``), the block lines. Fields are separated by US (``\\x1f``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..fold import fold
from .search import Row, doc_token, row_tokens
from .sources import Source, block_of_json, citation_from_json, family_block, merge_forms

SCHEMA = b"refcli.index/1"
US = b"\x1f"
SECTION = b"\n\x1d\n"
PENDING = 16  # segments (or removed documents) that make the store merge into the main index


# -- building ------------------------------------------------------------------------------------
_CLEAN = str.maketrans({"\x1f": " ", "\n": " ", "\r": " ", "\x1d": " "})


def _clean(text: str) -> str:
    return text.translate(_CLEAN) if not text.isprintable() else text


@dataclass(slots=True)
class _Entry:
    kind: str = "other"
    forms: list[dict[str, Any]] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    occurrences: list[list[Any]] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    imported: bool = False


def _dumps(obj: Any) -> bytes:
    import orjson

    return orjson.dumps(obj)


def segment(item_id: str, data: dict[str, Any], where: str,
            problems: list[str] | None = None) -> bytes:
    """The index segment of one document's (or import's) file DATA (TinyDB tables as decoded).

    A record that cannot be read is reported in PROBLEMS (``WHERE: table record N: why``) and
    left out; the rest of the document is indexed."""
    problems = problems if problems is not None else []
    notes: dict[int, str] = {}
    for rid, n in _table(data, "notes", where, problems):
        if not isinstance(n.get("n"), int) or not isinstance(n.get("text"), str):
            problems.append(f"{where}: notes record {rid} is damaged (no note number or text); skipped")
            continue
        notes[n["n"]] = n["text"]
    entries: dict[str, _Entry] = {}
    imported = _meta(data).get("schema") == "refcli.import/1"
    for rid, s in _table(data, "sources", where, problems):
        key, forms = s.get("key"), s.get("forms")
        if (not isinstance(key, str) or not key or not isinstance(forms, list) or not forms
                or not all(isinstance(f, dict) for f in forms)):
            problems.append(f"{where}: sources record {rid} is damaged (no key or record); skipped")
            continue
        e = entries.setdefault(_clean(key), _Entry(imported=imported))
        e.forms.extend(f for f in forms if f not in e.forms)
        e.variants.extend(str(v) for v in s.get("variants") or () if str(v) not in e.variants)
    for rid, c in _table(data, "citations", where, problems):
        key, note = c.get("source"), c.get("note")
        if not isinstance(key, str) or not isinstance(note, int) or _clean(key) not in entries:
            problems.append(f"{where}: citations record {rid} is damaged (no source or note); skipped")
            continue
        e = entries[_clean(key)]
        e.occurrences.append([note, c.get("locator"), c.get("via")])
        if note not in e.notes:
            e.notes.append(note)
    rows: list[bytes] = []
    blocks: set[bytes] = set()
    folded: dict[int, str] = {}
    for key, e in entries.items():
        if not e.occurrences and not e.imported:
            continue  # a source record no citation points to (a damaged citation)
        full = [f for f in e.forms if not f.get("short_form")] or e.forms
        e.kind = str(full[0].get("kind") or "other")
        forms_blob = _dumps(e.forms)
        struct, text = _tokens(key, forms_blob, tuple(e.variants))
        texts = []
        for n in e.notes:
            if n not in folded:
                folded[n] = fold(notes.get(n, ""))
            texts.append(folded[n])
        payload: dict[str, Any] = {"f": e.forms, "o": e.occurrences}
        if e.variants:
            payload["v"] = e.variants
        if e.imported:
            payload["i"] = 1
        rows.append(US.join([key.encode(), item_id.encode(), _clean(e.kind).encode(),
                             str(len(e.notes)).encode(), _clean(struct).encode(),
                             _clean(text).encode(),
                             (" " + " | ".join(texts) + " ").encode(), _dumps(payload)]))
        try:
            blocks.update(b + US + key.encode() for b in _blocks(forms_blob))
        except (TypeError, ValueError, AttributeError):
            problems.append(f"{where}: source {key} has a damaged record; not matched")
    return encode([item_id], rows, blocks)


@lru_cache(maxsize=4096)
def _tokens(key: str, forms_blob: bytes, variants: tuple[str, ...]) -> tuple[str, str]:
    """row_tokens() of one source's forms (the same source recurs in document after document)."""
    import orjson

    return row_tokens(key, orjson.loads(forms_blob), list(variants))


@lru_cache(maxsize=4096)
def _blocks(forms_blob: bytes) -> tuple[bytes, ...]:
    import orjson

    return tuple(_clean(block_of_json(f)).encode() for f in orjson.loads(forms_blob))


def _meta(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("meta")
    if isinstance(meta, dict):
        for v in meta.values():
            if isinstance(v, dict):
                return v
    return {}


def _table(data: dict[str, Any], name: str, where: str,
           problems: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    table = data.get(name) or {}
    if not isinstance(table, dict):
        problems.append(f"{where}: table {name} is damaged; skipped")
        return
    for rid, record in table.items():
        if isinstance(record, dict):
            yield rid, record
        else:
            problems.append(f"{where}: {name} record {rid} is damaged (not an object); skipped")


def encode(ids: Iterable[str], rows: list[bytes], blocks: Iterable[bytes]) -> bytes:
    return b"".join(encode_chunks(ids, rows, blocks))


def encode_chunks(ids: Iterable[str], rows: list[bytes], blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The index file in pieces (ROWS is sorted in place): no second copy of a large index."""
    rows.sort()
    size = sum(len(r) + 1 for r in rows)  # the source lines' length, so a reader need not scan
    yield SCHEMA + US + ",".join(ids).encode() + US + str(size).encode() + b"\n"
    for i in range(0, len(rows), 4096):
        yield b"\n".join(rows[i:i + 4096]) + b"\n"
    yield b"\x1d\n"
    sorted_blocks = sorted(set(blocks))
    if sorted_blocks:
        yield b"\n".join(sorted_blocks) + b"\n"


class IndexDamaged(ValueError):
    """An index file that is not one (rebuilt from the documents)."""


@dataclass(slots=True)
class Part:
    """One index file as read: its ids, its source lines and its block lines."""

    ids: list[str]
    data: Any  # bytes, or an mmap of the file (read in place, never copied whole)
    rows: tuple[int, int]  # [start, end) of the source lines
    blocks: tuple[int, int]

    @classmethod
    def read(cls, path: Any) -> Part:
        """The index file at PATH, mapped rather than read (a search touches a small part)."""
        import mmap

        with open(path, "rb") as fh:
            try:
                data: Any = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (ValueError, OSError):  # an empty file, or no mmap here
                data = fh.read()
        return cls.parse(data)

    @classmethod
    def parse(cls, data: Any) -> Part:
        nl = data.find(b"\n")
        if nl < 0 or data[:len(SCHEMA) + 1] != SCHEMA + US:
            raise IndexDamaged("not a refcli index")
        header = data[len(SCHEMA) + 1:nl].decode("ascii", "replace").split("\x1f")
        ids = [i for i in header[0].split(",") if i]
        size = int(header[1]) if len(header) > 1 and header[1].isdigit() else -1
        gs = nl + size if size >= 0 else data.find(SECTION, nl)
        if gs < 0 or data[gs:gs + len(SECTION)] != SECTION:
            raise IndexDamaged("no block section")
        return cls(ids, data, (nl + 1, gs + 1), (gs + 3, len(data)))

    def lines(self) -> Iterator[bytes]:
        start, end = self.rows
        if end > start:
            yield from self.data[start:end - 1].split(b"\n")

    def block_lines(self) -> Iterator[bytes]:
        start, end = self.blocks
        if end > start:
            yield from self.data[start:end].rstrip(b"\n").split(b"\n")


def _lower_bound(data: bytes, lo: int, hi: int, target: bytes) -> int:
    """The offset of the first line in data[lo:hi] (sorted lines, each ending in \\n) whose
    text is not less than TARGET."""
    while lo < hi:
        mid = (lo + hi) // 2
        s = data.rfind(b"\n", lo, mid)
        s = lo if s < 0 else s + 1
        e = data.find(b"\n", s, hi)
        e = hi if e < 0 else e
        if data[s:e] < target:
            lo = e + 1
        else:
            hi = s
    return lo


def _prefixed(data: bytes, lo: int, hi: int, prefix: bytes) -> Iterator[bytes]:
    """Every line of data[lo:hi] (sorted) starting with PREFIX."""
    pos = _lower_bound(data, lo, hi, prefix)
    n = len(prefix)
    while pos < hi and data[pos:pos + n] == prefix:
        e = data.find(b"\n", pos, hi)
        e = hi if e < 0 else e
        yield data[pos:e]
        pos = e + 1


# -- reading ---------------------------------------------------------------------------------------
class Index:
    """The index as one command sees it: the main index and the segments the catalogue's live
    documents and imports add, without the lines of documents no longer listed."""

    def __init__(self, main: Part | None, segments: list[Part], live: set[str],
                 names: dict[str, str], problems: list[str] | None = None) -> None:
        self.problems = problems if problems is not None else []
        self.main = main
        self.live = live
        self.names = names  # document id → name
        self.segments = segments
        self._pending: dict[bytes, list[bytes]] = {}
        self._pending_blocks: list[bytes] = []
        for part in segments:
            for line in part.lines():
                self._pending.setdefault(line[:line.find(US)], []).append(line)
            self._pending_blocks.extend(part.block_lines())
        self._pending_blocks.sort()
        self._tokens = {i: doc_token(name) for i, name in names.items()}  # for doc: terms

    def _live(self, line: bytes) -> bool:
        a = line.find(US)
        b = line.find(US, a + 1)
        return line[a + 1:b].decode() in self.live

    # lines of one key
    def lines(self, key: str) -> list[bytes]:
        k = key.encode()
        out: list[bytes] = []
        if self.main is not None:
            out.extend(_prefixed(self.main.data, *self.main.rows, k + US))
        out.extend(self._pending.get(k, ()))
        return self._good(key, out)

    def _good(self, key: str, lines: list[bytes]) -> list[bytes]:
        """LINES of live documents that read, an imported entry's first (the user's own
        record), then documents in ingest order."""
        good = []
        for line in lines:
            if line.count(US) < 7 or not line[line.rfind(US) + 1:].startswith(b"{"):
                self.problems.append(f"the index line of source {key} is damaged; skipped "
                                     "(`refcli library check` rebuilds the index)")
            elif self._live(line):
                good.append(line)
        if len(good) > 1:
            good.sort(key=_line_order)
        return good

    def groups(self) -> Iterator[tuple[str, list[bytes]]]:
        """Every source's key with its live lines."""
        for key in self.all_keys():
            yield key, self.lines(key)

    def is_taken(self, key: str) -> bool:
        return bool(self.lines(key))

    def keys_in(self, prefix: str) -> list[str]:
        """The keys filed under every block starting with PREFIX."""
        p = prefix.encode()
        found: list[bytes] = []
        if self.main is not None:
            found.extend(_prefixed(self.main.data, *self.main.blocks, p))
        lo = _bisect(self._pending_blocks, p)
        for line in self._pending_blocks[lo:]:
            if not line.startswith(p):
                break
            found.append(line)
        return list(dict.fromkeys(line[line.rfind(US) + 1:].decode() for line in found))

    def _source(self, key: str) -> Source | None:
        lines = self.lines(key)
        if not lines:
            return None
        return to_source(key, lines, self.names, self.problems)

    # the work matcher's Lookup
    def in_block(self, name: str) -> list[Source]:
        return [s for k in self.keys_in(name + "\x1f") if (s := self._source(k)) is not None]

    def by_family(self, family: str) -> list[Source]:
        return [s for k in self.keys_in(family_block(family)) if (s := self._source(k)) is not None]

    def by_key(self, key: str) -> Source | None:
        return self._source(key)

    # search
    def rows(self, needle: str | None = None) -> list[Row]:
        """Every source as a search row; with NEEDLE, those with a line containing it."""
        n = needle.encode() if needle is not None else None
        groups: dict[bytes, list[bytes]] = {}
        if self.main is not None:
            groups.update(_groups(self.main, n))
        for k, lines in self._pending.items():
            if k in groups:
                groups[k] = groups[k] + lines
            elif n is None or any(n in line for line in lines):
                main = (list(_prefixed(self.main.data, *self.main.rows, k + US))
                        if self.main is not None else [])
                groups[k] = main + lines
        out = []
        for k, lines in groups.items():
            key = k.decode()
            good = self._good(key, lines)
            if good:
                out.append(make_row(key, good, self.names, self.problems, self._tokens))
        return out

    def vocabulary(self) -> set[str]:
        """Every folded word of the sources' fields and citing notes (for the fuzzy fallback),
        read straight from the lines."""
        words: set[bytes] = set()
        parts = ([self.main] if self.main is not None else []) + self.segments
        for part in parts:
            for line in part.lines():
                f = line.split(US, 7)
                if len(f) == 8:
                    words.update(f[5].split())
                    words.update(f[6].split())
        words.discard(b"|")
        return {w.decode() for w in words}

    def row(self, key: str) -> Row | None:
        lines = self.lines(key)
        return make_row(key, lines, self.names, self.problems, self._tokens) if lines else None

    def all_keys(self) -> list[str]:
        """Every key with a line (live or not: lines() tells)."""
        keys: dict[bytes, None] = {}
        if self.main is not None:
            for line in self.main.lines():
                keys[line[:line.find(US)]] = None
        keys.update(dict.fromkeys(self._pending))
        return [k.decode() for k in keys if self.lines(k.decode())]


def _line_order(line: bytes) -> tuple[bool, bytes]:
    a = line.find(US)
    item = line[a + 1:line.find(US, a + 1)]
    return (not item.startswith(b"i"), item)


def _bisect(lines: list[bytes], target: bytes) -> int:
    import bisect

    return bisect.bisect_left(lines, target)


def _groups(part: Part, needle: bytes | None) -> Iterator[tuple[bytes, list[bytes]]]:
    """(key, lines) of every key with a line containing NEEDLE (None: every key). The lines
    are sorted by key, so a key's lines are found around the hit."""
    data = part.data
    start, end = part.rows
    if needle is None:
        key, group = None, []
        for line in part.lines():
            k = line[:line.find(US)]
            if k != key:
                if group:
                    yield key, group  # type: ignore[misc]
                key, group = k, []
            group.append(line)
        if group:
            yield key, group  # type: ignore[misc]
        return
    pos = data.find(needle, start, end)
    while pos >= 0:
        s = max(data.rfind(b"\n", start, pos) + 1, start)
        key = data[s:data.find(US, s, end)]
        prefix = key + US
        n = len(prefix)
        gs = s
        while gs > start:
            ps = max(data.rfind(b"\n", start, gs - 1) + 1, start)
            if data[ps:ps + n] != prefix:
                break
            gs = ps
        ge = data.find(b"\n", s, end)
        while ge >= 0 and ge + 1 < end and data[ge + 1:ge + 1 + n] == prefix:
            ge = data.find(b"\n", ge + 1, end)
        if ge < 0:
            ge = end
        yield key, data[gs:ge].split(b"\n")
        pos = data.find(needle, ge, end)


def _fields(line: bytes) -> list[bytes]:
    return line.split(US, 7)


def make_row(key: str, lines: list[bytes], names: dict[str, str],
             problems: list[str] | None = None, tokens: dict[str, str] | None = None) -> Row:
    """The search row of KEY from its index LINES (one per document citing it)."""
    structs, texts, words, docs = [], [], [], []
    cited = 0
    kind = "other"
    for i, line in enumerate(lines):
        f = _fields(line)
        if i == 0 or kind == "other":
            kind = f[2].decode()
        cited += int(f[3] or 0)
        structs.append(f[4].decode())
        texts.append(f[5].decode())
        words.append(f[6].decode())
        item = f[1].decode()
        if tokens is not None and item in tokens:
            docs.append(tokens[item])
        elif item in names:
            docs.append(doc_token(names[item]))
    return Row(key, kind, cited, " ".join(structs), " ".join(texts), " ".join(words),
               " " + " ".join(docs) + " ", lambda: source_record(key, lines, names, problems))


def source_record(key: str, lines: list[bytes], names: dict[str, str],
                  problems: list[str] | None = None) -> dict[str, Any]:
    """The stored view of source KEY (what search, show and export print), from its lines:
    its record (every spelling merged), variants, notes, leaves, documents."""
    import orjson

    forms: list[dict[str, Any]] = []
    variants: list[str] = []
    notes: list[dict[str, Any]] = []
    documents: list[str] = []
    imported = False
    cited = 0
    kind = "other"
    for line in lines:
        f = _fields(line)
        try:
            payload = orjson.loads(f[7])
            occurrences = [(int(n), loc, via) for n, loc, via in payload.get("o", ())]
            parsed = [citation_from_json(x) for x in payload.get("f", ())]
        except (orjson.JSONDecodeError, TypeError, ValueError, AttributeError):
            if problems is not None:
                problems.append(f"the index line of source {key} is damaged; skipped "
                                "(`refcli library check` rebuilds the index)")
            continue
        del parsed
        if kind == "other" or not forms:
            kind = f[2].decode()
        cited += int(f[3] or 0)
        for form in payload.get("f", ()):
            if form not in forms:
                forms.append(form)
        for v in payload.get("v", ()):
            if v not in variants:
                variants.append(v)
        imported = imported or bool(payload.get("i"))
        name = names.get(f[1].decode(), f[1].decode())
        if occurrences and name not in documents:
            documents.append(name)
        for n, locator, via in occurrences:
            entry: dict[str, Any] = {"document": name, "note": n}
            if locator:
                entry["locator"] = locator
            if via:
                entry["via"] = via
            notes.append(entry)
    record = merge_forms([citation_from_json(f) for f in forms]).to_json() if forms else {}
    leaves: list[str] = []
    for n in notes:
        loc = n.get("locator")
        value = loc.split(" ", 1)[1] if loc and " " in loc else loc
        if value and value not in leaves:
            leaves.append(value)
    return {"key": key, "kind": record.get("kind", kind), "record": record, "forms": forms,
            "variants": variants, "notes": notes, "leaves": leaves, "cited": cited,
            "documents": documents, "imported": imported}


def to_source(key: str, lines: list[bytes], names: dict[str, str],
              problems: list[str] | None = None) -> Source:
    """KEY as a :class:`Source` with its occurrences (what the exporters and the matcher use)."""
    from .sources import Occurrence, identity

    data = source_record(key, lines, names, problems)
    forms = [citation_from_json(f) for f in data["forms"]]
    record = merge_forms(forms) if forms else citation_from_json(data["record"])
    occurrences = [Occurrence(n["document"], n["note"], n.get("locator"), n.get("via"))
                   for n in data["notes"]]
    return Source(identity(record), key, record, occurrences, set(data["variants"]), forms)


def merge(parts: list[Part], live: set[str]) -> bytes:
    """One main index from PARTS, keeping the lines of LIVE documents only."""
    return b"".join(merge_chunks(parts, live))


def merge_chunks(parts: list[Part], live: set[str]) -> Iterator[bytes]:
    """merge() in pieces; PARTS is emptied as it is read (so each part can be freed)."""
    ids: list[str] = []
    rows: list[bytes] = []
    blocks: set[bytes] = set()
    enabled = gc.isenabled()
    gc.disable()
    try:
        while parts:
            part = parts.pop(0)
            ids.extend(i for i in part.ids if i in live and i not in ids)
            for line in part.lines():
                a = line.find(US)
                b = line.find(US, a + 1)
                if line[a + 1:b].decode() in live:
                    rows.append(line)
            blocks.update(part.block_lines())
            del part
        keys = {line[:line.find(US)] for line in rows}
        kept = [b for b in blocks if b[b.rfind(US) + 1:] in keys]
        del blocks, keys
    finally:
        if enabled:
            gc.enable()
    yield from encode_chunks(ids, rows, kept)
