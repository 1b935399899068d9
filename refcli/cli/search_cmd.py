"""`refcli search`, without typer: the command's work, which the typer command calls and which
:mod:`refcli.cli.fast` runs directly for the plain forms of the command (a cold search does not
pay typer's start-up). Returns the exit status; rich is imported only to print a table or a
warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def run_search(query: str, json_: bool, limit: int, library: Path | None,
               archives: Path | None) -> int:
    """Search and print; the exit status (1: nothing matched)."""
    from refcli.cli.jsonout import print_json
    from refcli.errors import ExitStatus, UsageError
    from refcli.library import search as s
    from refcli.library.store import Library
    from refcli.library.views import source_json

    q = s.parse_query(query)
    if q.problems:
        raise UsageError(q.problems[0])
    if not q.terms:
        raise UsageError("empty query; give a word or a field:value term, e.g. archive:GARF")
    lib = Library.open(library)
    if not lib.exists:
        from refcli.cli import render_library as view

        view.empty_library(lib.path, json_, {"schema": "refcli.search/1", "query": query,
                                             "total": 0, "results": []})
        return int(ExitStatus.FAILURE)
    outcome = s.run(lib.source_rows, q, search_matcher(lib, archives), limit,
                    lambda: lib.index.vocabulary())
    results = [source_json(h.source) for h in outcome.hits]
    problems = lib.take_problems()
    if problems or not json_:
        from refcli.cli import render_library as view

        view.problems(problems)
    if json_:
        data: dict[str, Any] = {"schema": "refcli.search/1", "query": query,
                                "total": outcome.total, "results": results}
        if outcome.corrections:
            data["fuzzy"] = outcome.corrections
        print_json(data)
    else:
        view.search_table(outcome)
    # nothing matched: 1, as for export and show
    return int(ExitStatus.FAILURE) if not outcome.hits else 0


def search_matcher(lib: Any, archives: Path | None) -> Any:
    """The matcher of `refcli search`; `refcli export QUERY` uses it to select the same sources."""
    from refcli.library import search as s

    registry: list[Any] = []

    def canon(text: str) -> str | None:
        if not registry:
            from refcli.registry import Registry

            registry.append(Registry.load(archives))
        found = registry[0].get(text)
        return found.acronym if found else None

    return s.Matcher(canon)
