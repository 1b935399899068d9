"""Shared fixtures: the seeds, the registry, and a library that is never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcli.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_ARTICLE = SEEDS / "000_a4f42772a78bf8d3.txt"
SEED_RECORD = SEEDS / "002_75604949d2e33e76.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(autouse=True)
def _private_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own library path; the user's library is never touched."""
    monkeypatch.setenv("REFCLI_LIBRARY", str(tmp_path / "library.json"))
    monkeypatch.delenv("REFCLI_ARCHIVES", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load(ROOT / "archives.json")


def need_seeds() -> None:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed documents not found beside the repository ({SEEDS})")


def command_paths() -> list[list[str]]:
    """Every command path of the CLI: ['parse'], ..., ['library', 'check'] ..."""
    import typer.main

    from refcli.cli import app

    top = typer.main.get_command(app)
    out: list[list[str]] = []
    for name, cmd in top.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            out.extend([name, sub] for sub in cmd.commands)
        else:
            out.append([name])
    return out
