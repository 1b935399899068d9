"""The library under faults: read-only files, a full disk, a held lock, damaged records, a
damaged catalogue. Every OS error is one line and exit 2 with the library byte for byte as it
was; a damaged record is reported and skipped; the backup puts a damaged catalogue right."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from refcli.cli import app
from refcli.library import files

runner = CliRunner()

NOTES = "1 GARF, f. 5446, op. 98 s, d. 704, l. 1. Mikoyan objected.\n2 Ibid., l. 2.\n"
MORE = "1 RGANI, f. 52, op. 1, d. 555, ll. 80-88.\n2 RGASPI, f. 17, op. 3, d. 1003, l. 4.\n"
BIB = "@book{zubok2007, author = {Zubok, Vladislav}, title = {A Failed Empire}, year = {2007}}\n"


def _snapshot(library: Path) -> dict[str, bytes]:
    """Every file of the library but its lock, and its bytes."""
    out = {}
    for f in sorted(library.parent.rglob("*")):
        if f.is_file() and not f.name.endswith(".lock"):
            out[str(f.relative_to(library.parent))] = f.read_bytes()
    return out


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library with two documents in its own directory (tmp_path/lib)."""
    lib = tmp_path / "lib" / "library.json"
    for name, text in (("a.txt", NOTES), ("b.txt", MORE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = runner.invoke(app, ["ingest", str(tmp_path / name), "--library", str(lib)])
        assert done.exit_code == 0, done.stderr
    (tmp_path / "c.txt").write_text("1 GARF, f. 1, op. 1, d. 1, l. 1.\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    return lib


def _writes(tmp_path: Path) -> list[list[str]]:
    return [["ingest", str(tmp_path / "c.txt")], ["remove", "a.txt"],
            ["import", str(tmp_path / "refs.bib")], ["rekey"], ["library", "check"]]


# -- OS errors ----------------------------------------------------------------------------------
def _can_mount() -> bool:
    if sys.platform != "linux" or os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _can_mount(),
                                  reason="needs root and mount namespaces (unshare -m)")

# run refcli commands inside a private mount namespace after mounting over the library's
# directory; prints one JSON line per command (exit code, stdout, stderr)
_HELPER = textwrap.dedent("""
    import json, subprocess, sys
    setup, library, commands, after = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
    subprocess.run(["sh", "-c", setup], check=True)
    for args in commands:
        done = subprocess.run([sys.executable, "-m", "refcli", *args, "--library", library],
                              capture_output=True, text=True)
        print(json.dumps([done.returncode, done.stdout, done.stderr]))
    if after:
        done = subprocess.run(["sh", "-c", after], capture_output=True, text=True)
        print(json.dumps([done.returncode, done.stdout, done.stderr]))
""")


def _in_namespace(setup: str, library: Path, commands: list[list[str]],
                  after: str = "") -> list[tuple[int, str, str]]:
    """Run SETUP (mounts), then the refcli COMMANDS, then AFTER, in a private mount namespace."""
    env = dict(os.environ, NO_COLOR="1")
    done = subprocess.run(["unshare", "-m", sys.executable, "-c", _HELPER, setup, str(library),
                           json.dumps(commands), after], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return [tuple(json.loads(line)) for line in done.stdout.splitlines()]


@needs_mounts
def test_read_only_file_system(library: Path, tmp_path: Path) -> None:
    """Every write command on a read-only mount: one line naming the file and the cause, exit
    2, the library byte for byte; reading still works."""
    before = _snapshot(library)
    d = library.parent
    setup = f"mount --bind '{d}' '{d}' && mount -o remount,bind,ro '{d}'"
    results = _in_namespace(setup, library, [*_writes(tmp_path), ["search", "Mikoyan", "--json"]])
    for (code, _, err), args in zip(results, [*_writes(tmp_path), ["search"]], strict=True):
        if args[0] == "search":
            assert code == 0, err
            assert err == ""
            continue
        lines = err.strip().splitlines()
        assert code == 2, (args, err)
        assert len(lines) == 1, (args, lines)
        assert "read-only file system" in lines[0]
        assert str(d) in lines[0]
        assert "Traceback" not in err
    assert _snapshot(library) == before


def test_read_only_directory_for_its_user(library: Path, tmp_path: Path) -> None:
    """The same with a directory its user may not write (chmod 555; root ignores modes, so as
    root the refcli processes run as nobody)."""
    d = library.parent
    before = _snapshot(library)
    user: dict[str, int] = {}
    if os.geteuid() == 0:
        if not _can_mount():
            pytest.skip("root without a way to drop privileges")
        user = {"user": 65534, "group": 65534}
        # nobody must reach the files and the interpreter
        for p in (tmp_path, *tmp_path.parents):
            if p == Path("/"):
                break
            os.chmod(p, os.stat(p).st_mode | 0o005)
        try:
            probe = subprocess.run([sys.executable, "-c", "import refcli"], capture_output=True,
                                   check=False, **user)
        except OSError:
            probe = None
        if probe is None or probe.returncode != 0:
            pytest.skip("the interpreter is not reachable by nobody (the read-only mount "
                        "test covers root)")
        for f in [d, *d.rglob("*")]:
            os.chmod(f, (os.stat(f).st_mode | 0o444 | (0o111 if f.is_dir() else 0)) & ~0o222)
    else:
        for f in [d, *[x for x in d.rglob("*") if x.is_dir()]]:
            os.chmod(f, 0o555)
    try:
        env = dict(os.environ, NO_COLOR="1", REFCLI_LIBRARY=str(library))
        for args in _writes(tmp_path):
            done = subprocess.run([sys.executable, "-m", "refcli", *args], capture_output=True,
                                  text=True, env=env, timeout=120, check=False, **user)
            lines = done.stderr.strip().splitlines()
            assert done.returncode == 2, (args, done.stderr)
            assert len(lines) == 1, (args, lines)
            assert "permission denied" in lines[0]
            assert str(d) in lines[0]
    finally:
        for f in [d, *d.rglob("*")]:
            os.chmod(f, 0o755 if f.is_dir() else 0o644)
    assert _snapshot(library) == before


@needs_mounts
def test_full_disk(tmp_path: Path) -> None:
    """A library on a small file system filled up: ingest fails with one line (no space left),
    exit 2, and every file of the library is as it was."""
    d = tmp_path / "small"
    d.mkdir()
    library = d / "library.json"
    (tmp_path / "a.txt").write_text(NOTES, encoding="utf-8")
    (tmp_path / "c.txt").write_text(MORE * 40, encoding="utf-8")
    setup = (f"mount -t tmpfs -o size=512k tmpfs '{d}' && "
             f"{sys.executable} -m refcli ingest '{tmp_path / 'a.txt'}' --library '{library}' >/dev/null && "
             f"sha256sum '{d}'/library.json '{d}'/library.json.d/*.json '{d}'/library.json.d/index/* > '{tmp_path}/before' && "
             f"(dd if=/dev/zero of='{d}/filler' bs=4k 2>/dev/null || true)")
    # the same files with the same bytes, and no other file (the filler, the lock aside)
    after = (f"sha256sum -c --quiet '{tmp_path}/before' && "
             f"find '{d}' -type f ! -name filler ! -name '*.lock' | sort")
    results = _in_namespace(setup, library, [["ingest", str(tmp_path / "c.txt")],
                                             ["search", "Mikoyan", "--json"]], after)
    (code, _, err), (s_code, s_out, _), (same, listing, why) = results
    assert same == 0, why
    assert len(listing.splitlines()) == len((tmp_path / "before").read_text().splitlines())
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, lines
    assert "no space left on the device" in lines[0]
    assert "the library was left unchanged" in lines[0]
    assert s_code == 0
    assert json.loads(s_out)["total"] == 1


@pytest.mark.parametrize("where", ["replace", "fsync", "write"])
def test_no_space_left_at_any_step(library: Path, tmp_path: Path, where: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC from os.replace, fsync or a write, at whichever file it comes: one line, exit 2,
    the library byte for byte (the files already written by that command deleted again)."""
    before = _snapshot(library)
    full = OSError(errno.ENOSPC, "No space left on device")
    if where == "replace":
        monkeypatch.setattr(os, "replace", lambda *a, **k: (_ for _ in ()).throw(full))
    elif where == "fsync":
        real_fsync = os.fsync
        calls = {"n": 0}

        def fsync(fd: int) -> None:
            calls["n"] += 1
            if calls["n"] >= 2:  # the first file gets through, the next fails
                raise full
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    else:
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                raise full

            def __getattr__(self, name):
                return getattr(self.fh, name)

        monkeypatch.setattr(os, "fdopen", lambda *a, **k: Full(real_fdopen(*a, **k)))
    for args in _writes(tmp_path):
        if args == ["rekey"]:  # every key is already right: rekey has nothing to write
            continue
        done = runner.invoke(app, [*args, "--library", str(library)])
        lines = done.stderr.strip().splitlines()
        assert done.exit_code == 2, (args, done.stderr, done.exception)
        assert len(lines) == 1, (args, lines)
        assert lines[0].startswith("refcli: ")
        assert "no space left on the device" in lines[0]
        assert _snapshot(library) == before, args


def test_lock_held_too_long(library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(library)
    monkeypatch.setenv("REFCLI_LOCK_TIMEOUT", "0.2")
    with FileLock(str(library) + ".lock"):
        done = runner.invoke(app, ["ingest", str(tmp_path / "c.txt"), "--library", str(library)])
    assert done.exit_code == 2
    (line,) = done.stderr.strip().splitlines()
    assert "locked by another refcli process" in line
    assert f"{library}.lock" in line
    assert _snapshot(library) == before


# -- damaged records ---------------------------------------------------------------------------
def _search(library: Path, query: str) -> tuple[dict, list[str]]:
    done = runner.invoke(app, ["search", query, "--json", "--library", str(library)])
    data = json.loads(done.stdout)
    assert done.exit_code == (0 if data["total"] else 1), done.stderr  # 1: nothing matched
    return data, done.stderr.strip().splitlines()


def _check(library: Path) -> tuple[int, dict]:
    done = runner.invoke(app, ["library", "check", "--json", "--library", str(library)])
    return done.exit_code, json.loads(done.stdout)


def test_a_damaged_index_line_is_skipped_and_rebuilt(library: Path) -> None:
    """A line of the index that lost a field separator (the file still reads): search and
    show answer for the rest with one warning; `library check` rebuilds the index. (An index
    file that is cut or grows is not read at all: it is rebuilt from the documents.)"""
    index = files.parts_dir(library) / "index"
    (seg,) = [f for f in index.iterdir() if b"rgani-52-1-555" in f.read_bytes()]
    data = seg.read_bytes()
    line_start = data.index(b"rgani-52-1-555\x1f")
    cut = data.index(b"\x1f", line_start + 20)
    seg.write_bytes(data[:cut] + b" " + data[cut + 1:])  # one separator lost, the size kept
    found, warnings = _search(library, "archive:RGANI")
    assert found["total"] == 0
    (warning,) = warnings
    assert "rgani-52-1-555 is damaged; skipped" in warning
    found, warnings = _search(library, "archive:GARF")
    assert [r["key"] for r in found["results"]] == ["garf-5446-98s-704"]
    shown = runner.invoke(app, ["show", "rgaspi-17-3-1003", "--json", "--library", str(library)])
    assert shown.exit_code == 0
    code, report = _check(library)
    assert code == 0
    assert report["index"] == "was stale or damaged"
    found, warnings = _search(library, "archive:RGANI")
    assert found["total"] == 1
    assert warnings == []


def test_a_damaged_record_in_a_document_is_reported_and_skipped(library: Path) -> None:
    """A citation record without its source in a document's file: the index built from it
    skips that record with one warning, the rest of the document is searchable, and
    `library check` names it (exit 1)."""
    parts = files.parts_dir(library)
    doc = json.loads(library.read_bytes())["documents"]["2"]["id"]
    data = json.loads((parts / f"{doc}.json").read_bytes())
    del data["citations"]["1"]["source"]
    (parts / f"{doc}.json").write_text(json.dumps(data), encoding="utf-8")
    for f in (parts / "index").iterdir():  # make the reader rebuild the index
        f.unlink()
    found, warnings = _search(library, "archive:RGASPI")
    assert found["total"] == 1
    (warning,) = warnings
    assert f"{doc}.json: citations record 1 is damaged (no source or note); skipped" in warning
    assert _search(library, "archive:RGANI")[0]["total"] == 0  # its only citation was lost
    code, report = _check(library)
    assert code == 1
    assert len(report["damaged"]) == 1
    assert "citations record 1 is damaged" in report["damaged"][0]


def test_a_document_whose_file_is_missing(library: Path) -> None:
    parts = files.parts_dir(library)
    doc = json.loads(library.read_bytes())["documents"]["1"]["id"]
    (parts / f"{doc}.json").unlink()
    for f in (parts / "index").iterdir():
        f.unlink()
    found, warnings = _search(library, "archive:RGANI")
    assert found["total"] == 1
    assert len(warnings) == 1
    assert "missing" in warnings[0]
    code, report = _check(library)
    assert code == 1
    assert any(f"{doc}.json: missing" in line for line in report["damaged"])


def test_check_of_a_sound_library(library: Path) -> None:
    code, report = _check(library)
    assert code == 0
    assert report["ok"]
    assert (report["documents"], report["sources"]) == (2, 3)
    assert report["index"] == "up to date"
    shown = runner.invoke(app, ["library", "check", "--library", str(library)])
    assert "the library is consistent" in shown.stdout


def test_check_removes_what_a_killed_writer_left(library: Path) -> None:
    parts = files.parts_dir(library)
    (parts / "d000099.json").write_bytes(b"{}")  # a document file no catalogue names
    (parts / ".d000100.json.abc.tmp").write_bytes(b"half")
    code, report = _check(library)
    assert code == 0
    assert any(r.endswith("d000099.json") for r in report["removed"])
    assert not (parts / "d000099.json").exists()
    assert not (parts / ".d000100.json.abc.tmp").exists()


# -- the catalogue's backup --------------------------------------------------------------------
def test_a_damaged_catalogue_is_restored_from_its_backup(library: Path) -> None:
    """A catalogue cut in half: commands refuse it (exit 2) and name the way back; restore
    puts the last good catalogue back and keeps the damaged one."""
    good_backup = library.with_name("library.json.bak").read_bytes()
    damaged = library.read_bytes()[:40]
    library.write_bytes(damaged)
    refused = runner.invoke(app, ["search", "Mikoyan", "--library", str(library)])
    assert refused.exit_code == 2
    assert "`refcli library restore`" in refused.stderr
    assert library.read_bytes() == damaged
    done = runner.invoke(app, ["library", "restore", "--library", str(library)])
    assert done.exit_code == 0, done.stderr
    kept = list(library.parent.glob("library.json.damaged-*"))
    assert [k.read_bytes() for k in kept] == [damaged]
    assert library.read_bytes() == good_backup
    found, _ = _search(library, "archive:GARF")
    assert found["total"] == 1  # the first document: the catalogue before the last write


def test_restore_refuses_a_readable_catalogue(library: Path) -> None:
    done = runner.invoke(app, ["library", "restore", "--library", str(library)])
    assert done.exit_code == 2
    assert "the catalogue is readable" in done.stderr
