"""Kept for the exporters and their tests: the sources moved to :mod:`refcli.library.sources`."""

from .library.keys import base_key
from .library.sources import (
    UNIT_LEVELS,
    Occurrence,
    Source,
    assign_keys,
    collect_sources,
    identity,
    locator_of,
    strip_locator,
    unit_identity,
    work_identity,
)

__all__ = ["UNIT_LEVELS", "Occurrence", "Source", "assign_keys", "base_key", "collect_sources",
           "identity", "locator_of", "strip_locator", "unit_identity", "work_identity"]
