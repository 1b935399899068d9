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
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from ..fold import fold
from .search import Row, doc_token, row_tokens

SCHEMA = b"refcli.index/2"
SCHEMA_1 = b"refcli.index/1"  # read too: it has no vocabulary section
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
    from .sources import block_of_json

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
        e = entries.get(_clean(key))
        if e is None:
            e = entries[_clean(key)] = _Entry(imported=imported)
        if e.forms:
            e.forms.extend(f for f in forms if f not in e.forms)
        else:
            e.forms.extend(forms)
        for v in s.get("variants") or ():
            if str(v) not in e.variants:
                e.variants.append(str(v))
    for rid, c in _table(data, "citations", where, problems):
        key, note = c.get("source"), c.get("note")
        e = entries.get(_clean(key)) if isinstance(key, str) else None
        if e is None or not isinstance(note, int):
            problems.append(f"{where}: citations record {rid} is damaged (no source or note); skipped")
            continue
        e.occurrences.append([note, c.get("locator"), c.get("via")])
        if note not in e.notes:
            e.notes.append(note)
    rows: list[bytes] = []
    blocks: set[bytes] = set()
    vocab: Counter[bytes] = Counter()
    folded: dict[int, str] = {}
    fold_text = getattr(fold, "__wrapped__", fold)  # note texts do not recur: no cache
    for key, e in entries.items():
        if not e.occurrences and not e.imported:
            continue  # a source record no citation points to (a damaged citation)
        full = [f for f in e.forms if not f.get("short_form")] or e.forms
        e.kind = str(full[0].get("kind") or "other")
        struct, text = row_tokens(key, e.forms, e.variants)
        texts = []
        for n in e.notes:
            if n not in folded:
                folded[n] = fold_text(notes.get(n, ""))
            texts.append(folded[n])
        payload: dict[str, Any] = {"f": e.forms, "o": e.occurrences}
        if e.variants:
            payload["v"] = e.variants
        if e.imported:
            payload["i"] = 1
        text_b = _clean(text).encode()
        words_b = (" " + " | ".join(texts) + " ").encode()
        rows.append(US.join([key.encode(), item_id.encode(), _clean(e.kind).encode(),
                             str(len(e.notes)).encode(), _clean(struct).encode(),
                             text_b, words_b, _dumps(payload)]))
        vocab.update(_line_words(text_b, words_b))
        kb = key.encode()
        try:
            blocks.update(_clean(block_of_json(f)).encode() + US + kb for f in e.forms)
        except (TypeError, ValueError, AttributeError):
            problems.append(f"{where}: source {key} has a damaged record; not matched")
    return encode([item_id], rows, blocks, vocab)


def _line_words(text: bytes, words: bytes) -> set[bytes]:
    """The vocabulary one index line adds (the fuzzy fallback's words): the words of its
    fields' folded text and of its citing notes."""
    out = set(text.split())
    out.update(words.split())
    out.discard(b"|")
    return out


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


def encode(ids: Iterable[str], rows: list[bytes], blocks: Iterable[bytes],
           vocab: dict[bytes, int] | None = None) -> bytes:
    rows.sort()
    return b"".join(_encode_sorted(list(ids), rows, sorted(set(blocks)),
                                   sorted((vocab or {}).items())))


def _encode_sorted(ids: list[str], rows: Iterable[bytes], blocks: list[bytes],
                   vocab: list[tuple[bytes, int]], size: int | None = None) -> Iterator[bytes]:
    """The index file in pieces, from its sorted sections (SIZE: the rows' length, when ROWS
    is an iterator that cannot be measured first)."""
    if size is None:
        rows = rows if isinstance(rows, list) else list(rows)
        size = sum(len(r) + 1 for r in rows)
    block_bytes = b"".join(b + b"\n" for b in blocks)
    vocab_bytes = b"".join(w + US + str(n).encode() + b"\n" for w, n in vocab)
    yield (SCHEMA + US + ",".join(ids).encode() + US + str(size).encode() + US
           + str(len(block_bytes)).encode() + US + str(len(vocab_bytes)).encode() + b"\n")
    chunk: list[bytes] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == 4096:
            yield b"\n".join(chunk) + b"\n"
            chunk = []
    if chunk:
        yield b"\n".join(chunk) + b"\n"
    yield b"\x1d\n"
    yield block_bytes
    yield b"\x1d\n"
    yield vocab_bytes


class IndexDamaged(ValueError):
    """An index file that is not one (rebuilt from the documents)."""


def _size(text: str) -> int:
    return int(text) if text.isdigit() else -1


@dataclass(slots=True)
class Part:
    """One index file as read: its ids, its source lines, its block lines and its vocabulary
    (``None`` in a ``refcli.index/1`` file, which has none: read from the lines then)."""

    ids: list[str]
    data: Any  # bytes, or an mmap of the file (read in place, never copied whole)
    rows: tuple[int, int]  # [start, end) of the source lines
    blocks: tuple[int, int]
    vocab: tuple[int, int] | None = None
    in_order: bool = False  # known to be sorted (made here, not read from a file)

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
    def parse(cls, data: Any, start: int = 0, end: int | None = None) -> Part:
        """The index file held in DATA (from START to END: one of several in a spool file)."""
        end = len(data) if end is None else end
        nl = data.find(b"\n", start, end)
        head = data[start:start + len(SCHEMA) + 1]
        if nl < 0 or head not in (SCHEMA + US, SCHEMA_1 + US):
            raise IndexDamaged("not a refcli index")
        header = data[start + len(SCHEMA) + 1:nl].decode("ascii", "replace").split("\x1f")
        ids = [i for i in header[0].split(",") if i]
        size = _size(header[1]) if len(header) > 1 else -1
        gs = nl + size if size >= 0 else data.find(SECTION, nl, end)
        if gs < 0 or gs + len(SECTION) > end or data[gs:gs + len(SECTION)] != SECTION:
            raise IndexDamaged("no block section")
        if head == SCHEMA_1 + US:
            return cls(ids, data, (nl + 1, gs + 1), (gs + 3, end))
        sizes = [_size(h) for h in header[2:4]]
        if len(sizes) != 2 or min(sizes) < 0:
            raise IndexDamaged("no section sizes")
        gs2 = gs + 2 + sizes[0]
        if data[gs2:gs2 + len(SECTION)] != SECTION or end != gs2 + 3 + sizes[1]:
            raise IndexDamaged("cut, or grown")
        return cls(ids, data, (nl + 1, gs + 1), (gs + 3, gs2 + 1), (gs2 + 3, end))

    def lines(self) -> Iterator[bytes]:
        return _split_lines(self.data, *self.rows)

    def block_lines(self) -> Iterator[bytes]:
        return _split_lines(self.data, *self.blocks)

    def vocabulary(self) -> Iterator[tuple[bytes, int]]:
        """(word, number of live-at-merge lines holding it); read from the lines in an old
        index file."""
        if self.vocab is None:
            counts: dict[bytes, int] = {}
            for line in self.lines():
                f = line.split(US, 7)
                if len(f) == 8:
                    for w in _line_words(f[5], f[6]):
                        counts[w] = counts.get(w, 0) + 1
            yield from sorted(counts.items())
            return
        for line in _split_lines(self.data, *self.vocab):
            w, _, n = line.rpartition(US)
            if w and n.isdigit():
                yield w, int(n)


_CHUNK = 1 << 14


def _split_lines(data: Any, start: int, end: int) -> Iterator[bytes]:
    """The lines of data[start:end] (each ending in \\n, the last one's optional), split a
    megabyte at a time: a large index is never copied whole."""
    while start < end:
        stop = min(start + _CHUNK, end)
        if stop < end:
            cut = data.rfind(b"\n", start, stop)
            stop = cut + 1 if cut >= start else (data.find(b"\n", stop, end) + 1 or end)
        piece = data[start:stop]
        if piece.endswith(b"\n"):
            piece = piece[:-1]
        yield from piece.split(b"\n")
        start = stop


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
        self._live_ids = {i.encode() for i in live}

    def _live(self, line: bytes) -> bool:
        a = line.find(US)
        return line[a + 1:line.find(US, a + 1)] in self._live_ids

    # lines of one key
    def lines(self, key: str) -> list[bytes]:
        if self.main is None and not self._pending:
            return []
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
        live = self._live_ids
        for line in lines:
            if line.count(US) < 7 or not line.startswith(b"{", line.rfind(US) + 1):
                self.problems.append(f"the index line of source {key} is damaged; skipped "
                                     "(`refcli library check` rebuilds the index)")
            else:
                a = line.find(US)
                if line[a + 1:line.find(US, a + 1)] in live:
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
        if self.main is None and not self._pending_blocks:  # a new library: nothing filed
            return []
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

    def _source(self, key: str) -> Any:
        lines = self.lines(key)
        if not lines:
            return None
        return to_source(key, lines, self.names, self.problems)

    # the work matcher's Lookup
    def in_block(self, name: str) -> list[Any]:
        return [s for k in self.keys_in(name + "\x1f") if (s := self._source(k)) is not None]

    def by_family(self, family: str) -> list[Any]:
        from .sources import family_block

        return [s for k in self.keys_in(family_block(family)) if (s := self._source(k)) is not None]

    def by_key(self, key: str) -> Any:
        return self._source(key)

    # search
    def rows(self, needle: str | None = None, required: Iterable[str] = ()) -> list[Row]:
        """Every source as a search row; with NEEDLE, those with a line containing it, and
        with REQUIRED, those each of whose strings some line contains (a cheap test on the
        bytes, before a row is made)."""
        n = needle.encode() if needle is not None else None
        need = [r.encode() for r in required]
        groups: dict[bytes, list[bytes] | bytes] = {}
        if self.main is not None:
            groups.update(_groups(self.main, n))
        for k, lines in self._pending.items():
            if k in groups:
                found = groups[k]
                groups[k] = (found.split(b"\n") if isinstance(found, bytes) else found) + lines
            elif n is None or any(n in line for line in lines):
                main = (list(_prefixed(self.main.data, *self.main.rows, k + US))
                        if self.main is not None else [])
                groups[k] = main + lines
        out = []
        for k, found in groups.items():
            if need:
                text = found if isinstance(found, bytes) else b"\n".join(found)
                if not all(r in text for r in need):
                    continue
            lines = found.split(b"\n") if isinstance(found, bytes) else found
            key = k.decode()
            good = self._good(key, lines)
            if good:
                out.append(make_row(key, good, self.names, self.problems, self._tokens))
        return out

    def vocabulary(self) -> set[str]:
        """Every folded word of the sources' fields and citing notes (for the fuzzy fallback):
        the main index's vocabulary section and the pending segments' (no line is read)."""
        words: set[bytes] = set()
        parts = ([self.main] if self.main is not None else []) + self.segments
        for part in parts:
            words.update(w for w, _ in part.vocabulary())
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


def _groups(part: Part, needle: bytes | None) -> Iterator[tuple[bytes, list[bytes] | bytes]]:
    """(key, lines) of every key with a line containing NEEDLE (None: every key); with a
    NEEDLE, the lines as one piece of the file (split by the caller). The lines are sorted by
    key, so a key's lines are found around the hit."""
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
        yield key, data[gs:ge]
        pos = data.find(needle, ge, end)


def _fields(line: bytes) -> list[bytes]:
    return line.split(US, 7)


def make_row(key: str, lines: list[bytes], names: dict[str, str],
             problems: list[str] | None = None, tokens: dict[str, str] | None = None) -> Row:
    """The search row of KEY from its index LINES (one per document citing it)."""
    if len(lines) == 1:  # most sources: one document cites them
        f = lines[0].split(US, 7)
        item = f[1].decode()
        token = tokens.get(item) if tokens is not None else None
        if token is None and item in names:
            token = doc_token(names[item])
        return Row(key, f[2].decode(), int(f[3] or 0), f[4].decode(), f[5].decode(),
                   f[6].decode(), f" {token} " if token is not None else "  ",
                   lambda: source_record(key, lines, names, problems))
    fs = [line.split(US, 7) for line in lines]
    # the first line's kind, else the first that is not "other"
    kind = next((f[2] for f in fs if f[2] != b"other"), b"other").decode()
    docs = []
    for f in fs:
        item = f[1].decode()
        if tokens is not None and item in tokens:
            docs.append(tokens[item])
        elif item in names:
            docs.append(doc_token(names[item]))
    return Row(key, kind, sum(int(f[3] or 0) for f in fs), b" ".join([f[4] for f in fs]).decode(),
               b" ".join([f[5] for f in fs]).decode(), b" ".join([f[6] for f in fs]).decode(),
               " " + " ".join(docs) + " ", lambda: source_record(key, lines, names, problems))


def source_record(key: str, lines: list[bytes], names: dict[str, str],
                  problems: list[str] | None = None) -> dict[str, Any]:
    """The stored view of source KEY (what search, show and export print), from its lines:
    its record (every spelling merged), variants, notes, leaves, documents."""
    import orjson

    from .sources import citation_from_json, merge_forms

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
              problems: list[str] | None = None) -> Any:
    """KEY as a :class:`Source` with its occurrences (what the exporters and the matcher use)."""
    from .sources import Occurrence, Source, citation_from_json, identity, merge_forms

    data = source_record(key, lines, names, problems)
    forms = [citation_from_json(f) for f in data["forms"]]
    record = merge_forms(forms) if forms else citation_from_json(data["record"])
    occurrences = [Occurrence(n["document"], n["note"], n.get("locator"), n.get("via"))
                   for n in data["notes"]]
    return Source(identity(record), key, record, occurrences, set(data["variants"]), forms)


def merge(parts: list[Part], live: set[str]) -> bytes:
    """One main index from PARTS, keeping the lines of LIVE documents only."""
    return b"".join(merge_chunks(parts, live))


def _item(line: bytes) -> bytes:
    a = line.find(US)
    return line[a + 1:line.find(US, a + 1)]


def _is_sorted(lines: Iterable[bytes]) -> bool:
    last = b""
    for line in lines:
        if line < last:
            return False
        last = line
    return True


def _count_words(vocab: dict[bytes, int], line: bytes, step: int) -> None:
    f = line.split(US, 7)
    if len(f) == 8:
        for w in _line_words(f[5], f[6]):
            vocab[w] = vocab.get(w, 0) + step


def merge_chunks(parts: list[Part], live: set[str]) -> Iterator[bytes]:
    """merge() in pieces. Each part's lines are sorted already, so they are merged as they
    are written (heapq.merge): the new index is never held in memory, only its keys and its
    vocabulary. PARTS is emptied at the end (as each part can be freed then)."""
    import heapq
    import itertools

    todo = list(parts)
    maps = list({id(p.data): p.data for p in todo if not isinstance(p.data, bytes)}.values())
    in_order = True
    for p in todo:
        if not p.in_order:
            in_order = in_order and _is_sorted(p.lines()) and _is_sorted(p.block_lines())
            release(maps)
    if not in_order:
        # a part out of order (written by hand, or damaged): sorted in memory first
        todo = [Part.parse(encode(p.ids, list(p.lines()), list(p.block_lines()),
                                  dict(p.vocabulary()))) for p in todo]
    live_ids = {i.encode() for i in live}
    ids: list[str] = []
    keys: set[bytes] = set()
    vocab: dict[bytes, int] = {}
    size = 0
    enabled = gc.isenabled()
    gc.disable()
    try:
        for part in todo:
            release(maps)
            ids.extend(i for i in part.ids if i in live and i not in ids)
            if part.vocab is not None:  # its counts cover every line it holds
                for w, n in part.vocabulary():
                    vocab[w] = vocab.get(w, 0) + n
            for line in part.lines():
                if _item(line) in live_ids:
                    keys.add(line[:line.find(US)])
                    size += len(line) + 1
                    if part.vocab is None:  # an old index file: count its words here
                        _count_words(vocab, line, 1)
                elif part.vocab is not None:  # a removed document's words leave
                    _count_words(vocab, line, -1)
    finally:
        if enabled:
            gc.enable()
    release(maps)
    words = sorted(wn for wn in vocab.items() if wn[1] > 0)
    del vocab
    blocks = [b for b, _ in itertools.groupby(heapq.merge(*(p.block_lines() for p in todo)))
              if b[b.rfind(US) + 1:] in keys]
    del keys
    release(maps)
    rows = (line for line in heapq.merge(*(p.lines() for p in todo)) if _item(line) in live_ids)
    for chunk in _encode_sorted(ids, rows, blocks, words, size):
        yield chunk
        release(maps)
    parts.clear()


def release(maps: list[Any]) -> None:
    """Let the OS take back the pages of mapped index files read so far (they are read again
    from the page cache if needed): a merge reads every part once, and the pages it touched
    would otherwise count as the writer's memory until it ends."""
    import mmap

    advice = getattr(mmap, "MADV_DONTNEED", None)
    for m in maps:
        if advice is not None and hasattr(m, "madvise"):
            with suppress(OSError, ValueError):
                m.madvise(advice)
