"""The library's files on disk: where they are, how each is written, the writers' lock.

* The library's path is ``--library PATH``, else ``$REFCLI_LIBRARY``, else
  ``platformdirs.user_data_dir("refcli")/library.json``: the catalogue. Its other files live in
  the directory beside it named ``PATH.d`` (``library.json.d/``).
* Every file is written whole to a temporary file in its own directory, flushed, fsynced and
  ``os.replace``d over its name, then the directory is fsynced: a kill at any moment leaves the
  old file or the new one, never half of one.
* Writers hold ``FileLock(PATH + ".lock")``; readers take no lock (every file they read is
  either immutable or replaced atomically).
* Every OS error on this path (permissions, a read-only file system, a full disk, a lock held
  too long) becomes a :class:`LibraryError` (exit 2) naming the file and the cause.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from glob import escape as glob_escape
from pathlib import Path

from ..errors import LibraryError

ENV_PATH = "REFCLI_LIBRARY"
ENV_LOCK_TIMEOUT = "REFCLI_LOCK_TIMEOUT"
# test-only: seconds to sleep between writing the catalogue's temporary file and replacing
# the catalogue, so that a reliability test can kill a writer in the middle of a write
ENV_SLOW_WRITE = "REFCLI_TEST_SLOW_WRITE"


def library_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--library PATH``, else ``$REFCLI_LIBRARY``, else the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_PATH)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("refcli", appauthor=False)) / "library.json"


def parts_dir(path: Path) -> Path:
    """The directory of a library's documents and index: ``library.json.d``."""
    return path.with_name(path.name + ".d")


_CAUSES = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def cause(exc: OSError) -> str:
    return _CAUSES.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def os_error(path: Path | str, exc: OSError, doing: str = "write") -> LibraryError:
    """One line for an OS error on the library path: what, where, why; nothing was changed."""
    where = exc.filename if isinstance(exc.filename, str) and exc.filename else str(path)
    tail = "; the library was left unchanged" if doing == "write" else ""
    return LibraryError(f"{where}: cannot {doing} the library ({cause(exc)}){tail}")


def _file_mode(path: Path) -> int:
    """The existing file's permissions, else what the umask gives a new file (mkstemp's own
    0600 would surprise a user who shares the library)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, payload: bytes | Iterable[bytes], slow: bool = False,
                 sync_dir: bool = True) -> None:
    """Replace PATH with PAYLOAD (bytes, or pieces of it) atomically: temp file, fsync,
    os.replace, fsync of the directory (unless SYNC_DIR is false: a caller writing many files
    into one directory fsyncs it once, before its commit).

    OSError propagates (the caller maps it); the temporary file never stays behind."""
    tmp = _temp_file(path, payload)
    try:
        _fsync_file(tmp)
        delay = os.environ.get(ENV_SLOW_WRITE) if slow else None
        if delay:
            time.sleep(float(delay))
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_dir:
        fsync_dir(path.parent)


def stage(path: Path, payload: bytes | Iterable[bytes]) -> Path:
    """Write PAYLOAD to a temporary file beside PATH, not yet fsynced nor in place: a write of
    many files stages them all, then :func:`put_in_place` fsyncs them one after the other
    (the first fsync commits the file system's journal for all of them, so the others cost
    little) and replaces their targets. The temporary file never stays behind an error."""
    return _temp_file(path, payload)


def _temp_file(path: Path, payload: bytes | Iterable[bytes]) -> Path:
    """PAYLOAD in a new temporary file beside PATH (PATH's mode), removed on any error."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _file_mode(path))
        with os.fdopen(fd, "wb") as fh:
            if isinstance(payload, bytes):
                fh.write(payload)
            else:
                for piece in payload:
                    fh.write(piece)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def put_in_place(staged: list[tuple[Path, Path]]) -> None:
    """fsync each staged (temporary file, target) pair's file (several at once, so that the
    file system's journal commits them together), then replace its target with it; the caller
    fsyncs the directories before anything names the new files."""
    if len(staged) > 1:  # fsyncs issued together share the journal's commits
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(8, len(staged))) as pool:
            list(pool.map(_fsync_file, [tmp for tmp, _ in staged]))
    else:
        for tmp, _ in staged:
            _fsync_file(tmp)
    for tmp, path in staged:
        os.replace(tmp, path)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:  # platforms without directory handles
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def read_bytes(path: Path) -> bytes | None:
    """PATH's bytes, None when it does not exist; other OS errors are LibraryErrors."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise LibraryError(f"{path}: is a directory, not a library file") from None
    except OSError as exc:
        raise os_error(path, exc, "read") from None


def lock_timeout() -> float:
    try:
        return float(os.environ.get(ENV_LOCK_TIMEOUT, "30"))
    except ValueError:
        return 30.0


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the writers' lock of the library at PATH (creating its directory if needed)."""
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(path.parent, exc) from None
    timeout = lock_timeout()
    lock = FileLock(str(path) + ".lock", timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LibraryError(f"{path}: the library is locked by another refcli process "
                           f"({path}.lock held for over {timeout:g} s); try again; "
                           "the library was left unchanged") from None
    except OSError as exc:
        raise os_error(str(path) + ".lock", exc) from None
    try:
        yield
    finally:
        with suppress(OSError):
            lock.release()


def remove_stale_temp_files(directory: Path, name: str = "*") -> None:
    """Temporary files of writers killed before their replace. Called under the lock, when no
    other writer can be writing one."""
    for stale in directory.glob(f".{glob_escape(name) if name != '*' else '*'}.*.tmp"):
        with suppress(OSError):
            stale.unlink()
