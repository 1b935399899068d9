"""Kept for code written against the single-file library: it moved to :mod:`refcli.library`."""

from .library import IngestItem, Library, file_sha256, import_records, ingest, remove_document
from .library.sources import citation_from_json

__all__ = ["IngestItem", "Library", "citation_from_json", "file_sha256", "import_records",
           "ingest", "remove_document"]
