"""One hierarchy of user-facing errors; each carries its exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILURE = 1  # findings (check), or nothing matched (search, show, export QUERY ...)
    BAD_INPUT = 2  # bad usage, unreadable input, a library that does not parse
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
    CLOSED_PIPE = 141  # the reader of the output went away: 128 + SIGPIPE, as for `cat`


class RefcliError(Exception):
    """An error the CLI reports as one line on stderr."""

    exit_code: ExitStatus = ExitStatus.FAILURE


class InputError(RefcliError):
    """A file that cannot be read as notes: missing, empty, binary, undecodable, too large."""

    exit_code = ExitStatus.BAD_INPUT


class UsageError(RefcliError):
    exit_code = ExitStatus.BAD_INPUT


class LibraryError(RefcliError):
    """The library file is corrupt, of an unknown schema, or locked."""

    exit_code = ExitStatus.BAD_INPUT


class NotFoundError(RefcliError):
    exit_code = ExitStatus.FAILURE
