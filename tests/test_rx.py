"""refcli.rx: the patterns kept between runs are the patterns re.compile gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from refcli import rx

ROOT = Path(__file__).resolve().parent.parent

# every module-level pattern of the package, as (module, name, pattern, flags), and whether
# each came from the cache: printed as JSON by a fresh interpreter
_LIST = """
import importlib, json, pkgutil, re, sys
import refcli
from refcli import rx
out = []
for m in pkgutil.walk_packages(refcli.__path__, "refcli."):
    if m.name.endswith("__main__"):
        continue
    mod = importlib.import_module(m.name)
    for name, value in vars(mod).items():
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            out.append((m.name, name, value.pattern, value.flags,
                        value == re.compile(value.pattern, value.flags)))
reg = __import__("refcli.registry", fromlist=["Registry"]).Registry.load()
m = reg.matcher
out.append(("refcli.registry", "matcher", m.pattern, m.flags, m == re.compile(m.pattern, m.flags)))
print(json.dumps({"patterns": out, "stored": len(rx._state.get("entries") or {})}))
"""


def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a new process: no cache file read, no pattern compiled."""
    monkeypatch.setattr(rx, "_state", {})
    monkeypatch.setattr(rx, "_made", {})


def _run(cache: str, code: str = _LIST) -> dict:
    env = {**os.environ, rx.ENV: cache}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return json.loads(done.stdout)


def test_every_pattern_read_back_from_the_cache_is_the_pattern_re_compiles(tmp_path: Path) -> None:
    """A first run fills the cache; a second compiles nothing and gets, for every module-level
    pattern of refcli and the registry's archive names, a pattern equal to re.compile's (the
    engine compares patterns by their instruction lists and flags)."""
    first = _run(str(tmp_path))
    assert len(first["patterns"]) > 300
    files = list(tmp_path.glob("patterns-*.marshal"))
    assert len(files) == 1
    second = _run(str(tmp_path))
    assert second["stored"] >= len(first["patterns"])
    wrong = [(m, n) for m, n, *_rest, same in second["patterns"] if not same]
    assert wrong == []
    assert [p[:4] for p in second["patterns"]] == [p[:4] for p in first["patterns"]]


def test_a_pattern_from_the_cache_matches_and_groups_as_re_compiles(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(rx.ENV, str(tmp_path))
    _fresh(monkeypatch)
    pattern = r"(?P<fond>[fф]\.\s*(?:R-)?\d+)[,.]\s*(?P<opis>op\.\s*\d+)(?i:\s*s)?"
    rx.compile(pattern, re.IGNORECASE)
    rx.save()
    _fresh(monkeypatch)
    cached = rx.compile(pattern, re.IGNORECASE)
    assert (pattern, int(re.IGNORECASE)) in rx._state["entries"]
    plain = re.compile(pattern, re.IGNORECASE)
    assert cached == plain
    assert (cached.groupindex, cached.groups) == (plain.groupindex, plain.groups)
    text = "GARF, F. R-5446, op. 98 s, d. 704"
    assert cached.search(text).groupdict() == plain.search(text).groupdict() == {"fond": "F. R-5446", "opis": "op. 98"}


@pytest.mark.parametrize("damage", [b"", b"\x00\x01garbage", b"truncated"])
def test_a_damaged_cache_file_is_ignored_and_written_again(tmp_path: Path, monkeypatch, damage: bytes) -> None:
    monkeypatch.setenv(rx.ENV, str(tmp_path))
    _fresh(monkeypatch)
    rx.compile(r"\bop\.\s*\d+")
    rx.save()
    (path,) = tmp_path.glob("patterns-*.marshal")
    path.write_bytes(damage or path.read_bytes()[:40])
    _fresh(monkeypatch)
    assert rx.compile(r"\bop\.\s*\d+").search("f. 5, op. 12").group() == "op. 12"
    rx.save()
    _fresh(monkeypatch)
    rx.compile(r"\bop\.\s*\d+")
    assert (r"\bop\.\s*\d+", 0) in rx._state["entries"]


def test_another_interpreters_file_is_not_read(tmp_path: Path, monkeypatch) -> None:
    import marshal

    monkeypatch.setenv(rx.ENV, str(tmp_path))
    _fresh(monkeypatch)
    path = rx.cache_file()
    path.write_bytes(marshal.dumps({"tag": "cpython-399-other", "entries": {("x", 0): (32, [0], 0, {}, (None,))}}))
    assert rx.compile("x").match("x")
    assert ("x", 0) not in rx._state["entries"] or rx._state["entries"][("x", 0)][1] != [0]


def test_the_cache_can_be_turned_off_and_an_unwritable_folder_costs_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(rx.ENV, "off")
    _fresh(monkeypatch)
    assert rx.cache_file() is None
    assert rx.compile(r"\d+").findall("ll. 80-88") == ["80", "88"]
    rx.save()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(rx.ENV, str(blocked / "cache"))
    _fresh(monkeypatch)
    assert rx.compile(r"\d+").findall("l. 101 ob.") == ["101"]
    rx.save()  # (cannot create the folder: nothing raised, nothing written)
    assert blocked.read_text() == "not a folder"


def test_a_bad_pattern_raises_as_re_compile_does(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(rx.ENV, str(tmp_path))
    _fresh(monkeypatch)
    with pytest.raises(re.error):
        rx.compile(r"(unclosed")


def test_the_cli_checks_a_manuscript_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    sample = ROOT / "refs" / "selivanov-2012-notes.txt"
    outs = []
    for cache in ("off", str(tmp_path), str(tmp_path)):
        env = {**os.environ, rx.ENV: cache}
        done = subprocess.run([sys.executable, "-m", "refcli", "check", "--json", str(sample)], env=env,
                              capture_output=True, text=True, cwd=ROOT, check=False)
        outs.append((done.returncode, done.stdout))
    assert outs[0] == outs[1] == outs[2]
    assert json.loads(outs[0][1])["summary"]["warning"] > 0
