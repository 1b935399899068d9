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
* ``storage``: TinyDB's view of these files (a TinyDB storage class);
* ``views``: what the read commands print, as data.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name → module: imported on first use, so that `refcli search` loads only what it needs
_EXPORTS = {
    "files": "files", "library_path": "files",
    "Library": "store", "writing": "store",
    "AtomicJSONStorage": "storage",
    "CheckReport": "update", "ImportReport": "update", "IngestItem": "update",
    "IngestReport": "update", "RekeyReport": "update", "RemoveReport": "update",
    "check": "update", "file_sha256": "update", "import_records": "update", "ingest": "update",
    "rekey": "update", "remove_document": "update", "restore": "update",
    "documents_json": "views", "label": "views", "source_json": "views", "stats": "views",
    "search": "search",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'refcli.library' has no attribute {name!r}")
    mod = import_module(f".{module}", __name__)
    return mod if module == name else getattr(mod, name)
