"""Exporters: sources in, the text of a BibTeX, biblatex, CSL-JSON or RIS file out (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from ..registry import Registry
from ..sources import Source
from .common import Progress

FORMATS = ("biblatex", "bibtex", "csl-json", "ris")


def export(sources: Iterable[Source], fmt: str = "biblatex", registry: Registry | None = None,
           per_leaf: bool = False, progress: Progress | None = None) -> str:
    """SOURCES written in FMT (one of ``FORMATS``)."""
    if fmt == "csl-json":
        from .csl import write_csl

        return write_csl(sources, registry, per_leaf, progress)
    if fmt == "ris":
        from .ris import write_ris

        return write_ris(sources, registry, per_leaf, progress)
    if fmt in ("biblatex", "bibtex"):
        from .bibtex import write_bibtex

        return write_bibtex(sources, fmt, per_leaf, progress, registry)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
