"""The library: documents, their notes and citations, and the sources (works and archival
units) they cite, kept on disk and searched.

One job per module, imports flowing one way (keys ← sources ← search ← index ← store ←
update, views):

* ``keys``: citation keys (``pantsov2007mao``, ``garf-5446-98s-704``);
* ``sources``: which citations are one source (work identity, short forms, volumes), pure;
* ``search``: queries and the matching of index rows, pure;
* ``index``: the search index, derived from the documents' files;
* ``files``: paths, atomic writes, the writers' lock, OS errors as one line;
* ``store``: the catalogue, the documents' TinyDB files, reading and committing;
* ``update``: ingest, remove, import, rekey, check, restore;
* ``views``: what the read commands print, as data.
"""

from . import files
from .files import library_path
from .store import AtomicJSONStorage, Library, writing
from .update import (
    CheckReport,
    ImportReport,
    IngestItem,
    IngestReport,
    RekeyReport,
    RemoveReport,
    check,
    file_sha256,
    import_records,
    ingest,
    rekey,
    remove_document,
    restore,
)
from .views import documents_json, label, source_json, stats

__all__ = [
    "AtomicJSONStorage",
    "CheckReport",
    "ImportReport",
    "IngestItem",
    "IngestReport",
    "Library",
    "RekeyReport",
    "RemoveReport",
    "check",
    "documents_json",
    "file_sha256",
    "files",
    "import_records",
    "ingest",
    "label",
    "library_path",
    "rekey",
    "remove_document",
    "restore",
    "source_json",
    "stats",
    "writing",
]
