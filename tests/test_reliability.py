"""The library never loses data: real processes, real kills, real concurrent writers."""

from __future__ import annotations

import glob
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from refcli.library import Library

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _notes(path: Path, delo: int, n: int = 3) -> Path:
    lines = [f"{i} GARF, f. 5446, op. 1, d. {delo}, l. {i}. Mikoyan." for i in range(1, n + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env(library: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["REFCLI_LIBRARY"] = str(library)
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def _refcli(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "refcli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _names(library: Path) -> list[str]:
    return sorted(d["name"] for d in Library.open(library).documents())


def _check(library: Path) -> dict:
    """`refcli library check --json` on LIBRARY: it must find the library consistent."""
    done = subprocess.run([sys.executable, "-m", "refcli", "library", "check", "--json"],
                          env=_env(library), capture_output=True, timeout=120)
    assert done.returncode == 0, (done.stdout + done.stderr).decode()
    report = json.loads(done.stdout)
    assert report["damaged"] == []
    assert report["ok"]
    return report


def test_four_ingests_started_at_once_all_land(tmp_path: Path) -> None:
    """Four processes, different files, same library: every document is there afterwards.

    Each writer is slowed between its catalogue's temp file and the replace, so the others
    really have to wait for the lock (without the lock one would overwrite another)."""
    library = tmp_path / "lib.json"
    notes = [_notes(tmp_path / f"{x}.txt", i) for i, x in enumerate("abcd", 1)]
    env = _env(library, REFCLI_TEST_SLOW_WRITE="0.3")
    procs = [_refcli("ingest", str(n), env=env) for n in notes]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    assert _names(library) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    lib = Library.open(library)
    assert sorted(s["cited"] for s in lib.sources()) == [3, 3, 3, 3]
    _check(library)


def test_kill_during_write_leaves_the_earlier_library(tmp_path: Path) -> None:
    """SIGKILL after the temp file is written but before the replace: old library intact."""
    library = tmp_path / "lib.json"
    a = _notes(tmp_path / "a.txt", 1)
    b = _notes(tmp_path / "b.txt", 2)
    first = _refcli("ingest", str(a), env=_env(library))
    assert first.wait(timeout=120) == 0
    before = library.read_bytes()
    writer = _refcli("ingest", str(b), env=_env(library, REFCLI_TEST_SLOW_WRITE="60"))
    deadline = time.monotonic() + 60
    pattern = str(tmp_path / ".lib.json.*.tmp")
    while not glob.glob(pattern):  # the new library is fully written to its temp file
        assert writer.poll() is None, writer.stderr.read().decode() if writer.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.02)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert library.read_bytes() == before
    assert _names(library) == ["a.txt"]
    assert _check(library)["documents"] == 1
    # the lock died with the writer: the next ingest goes through
    again = _refcli("ingest", str(b), env=_env(library))
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    assert _names(library) == ["a.txt", "b.txt"]
    assert not glob.glob(pattern)  # the dead writer's temp file was cleared under the lock


def test_readers_never_see_a_half_written_library(tmp_path: Path) -> None:
    """Searches running while another process keeps writing always read a whole library."""
    library = tmp_path / "lib.json"
    _notes(tmp_path / "seed.txt", 0)
    assert _refcli("ingest", str(tmp_path / "seed.txt"), env=_env(library)).wait(timeout=120) == 0
    files = [_notes(tmp_path / f"w{i}.txt", i, n=30) for i in range(1, 5)]
    writer = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys\n"
         "for f in sys.argv[1:]:\n"
         "    subprocess.run([sys.executable, '-m', 'refcli', 'ingest', f], check=True)\n",
         *map(str, files)], env=_env(library))
    reads = 0
    while writer.poll() is None:
        result = subprocess.run([sys.executable, "-m", "refcli", "search", "archive:GARF", "--json"],
                                env=_env(library), capture_output=True, timeout=60)
        assert result.returncode == 0, result.stderr.decode()
        assert json.loads(result.stdout)["total"] >= 1  # the seed unit is always there
        reads += 1
    assert reads >= 1
    assert writer.returncode == 0
    assert _names(library) == ["seed.txt", "w1.txt", "w2.txt", "w3.txt", "w4.txt"]


def test_kills_at_random_moments_never_corrupt(tmp_path: Path) -> None:
    """A loop of ingests killed at random times: the library always parses, and every
    document it lists is complete (its notes and citations are all there)."""
    library = tmp_path / "lib.json"
    rng = random.Random(5)
    files = [_notes(tmp_path / f"d{i}.txt", i, n=20) for i in range(8)]
    for f in files:
        proc = _refcli("ingest", str(f), env=_env(library))
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if not library.exists():
            continue
        orjson.loads(library.read_bytes())  # never half a file
        lib = Library.open(library)
        for doc in lib.documents():
            data = lib.data(doc["id"])  # every document the catalogue lists is whole
            assert data is not None
            assert len(data["notes"]) == doc["notes"] == 20
            assert len(data["citations"]) == doc["citations"] == 20
        assert sum(s["cited"] for s in lib.sources()) == 20 * len(lib.documents())
        _check(library)
    last = _notes(tmp_path / "last.txt", 99, n=20)
    final = subprocess.run([sys.executable, "-m", "refcli", "ingest", str(last)],
                           env=_env(library), capture_output=True, timeout=120)
    assert final.returncode == 0, final.stderr.decode()
    check = subprocess.run([sys.executable, "-m", "refcli", "documents", "--json"],
                           env=_env(library), capture_output=True, timeout=60)
    assert check.returncode == 0, check.stderr.decode()
    assert "last.txt" in [d["name"] for d in json.loads(check.stdout)["documents"]]


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
@pytest.mark.parametrize("command", [["search", "Mikoyan"], ["ingest", "{notes}"], ["documents"],
                                     ["remove", "a.txt"]])
def test_damaged_library_is_exit_2_and_left_byte_for_byte(tmp_path: Path, damage: str,
                                                          command: list[str]) -> None:
    """Read or write command on a truncated or garbage file: one stderr line, exit 2, same bytes."""
    library = tmp_path / "lib.json"
    a = _notes(tmp_path / "a.txt", 1)
    assert subprocess.run([sys.executable, "-m", "refcli", "ingest", str(a)],
                          env=_env(library), capture_output=True, timeout=120).returncode == 0
    good = library.read_bytes()
    bad = good[: len(good) // 2] if damage == "truncate" else b"\x89PNG\r\n\x1a\n" + os.urandom(64)
    library.write_bytes(bad)
    b = _notes(tmp_path / "b.txt", 2)
    args = [x.replace("{notes}", str(b)) for x in command]
    result = subprocess.run([sys.executable, "-m", "refcli", *args], env=_env(library),
                            capture_output=True, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"refcli: {library}: library file is corrupt (")
    assert lines[0].endswith("it was left untouched")
    assert "Traceback" not in result.stderr.decode()
    assert library.read_bytes() == bad


def test_unknown_schema_via_cli(tmp_path: Path) -> None:
    library = tmp_path / "lib.json"
    content = json.dumps({"meta": {"1": {"schema": "refcli.library/9"}}}).encode()
    library.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "refcli", "stats"], env=_env(library),
                            capture_output=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        f"refcli: {library}: unknown library schema 'refcli.library/9' (this refcli reads "
        "refcli.library/2); it was left untouched")
    assert library.read_bytes() == content
