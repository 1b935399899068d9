"""What a plain `pip install .` puts in site-packages: every data file the package reads
(the labeller model, its lexicon, the archive registry, the CSL styles) must be named by the
package-data globs of pyproject.toml, or an installed refcli silently parses without them."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from .conftest import ROOT


def test_every_data_file_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["refcli"]
    package = ROOT / "refcli"
    data = [p.relative_to(package).as_posix() for p in (package / "data").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts]
    assert "data/labeller.crfsuite" in data
    assert "data/lexicon.txt" in data
    missing = [f for f in data if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert missing == []


def test_the_installed_package_has_its_labeller(tmp_path: Path) -> None:
    """Run from elsewhere, so that the package imported is the installed one (in CI, a
    plain install in a fresh venv), not this checkout."""
    import subprocess
    import sys

    code = ("from pathlib import Path; from refcli.labeller import load_labeller, packaged_model; "
            "from refcli.parsers.features import lexicon; "
            "print(Path(packaged_model()).is_file(), load_labeller() is not None, len(lexicon()) > 5)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          check=False)
    assert done.stdout.split() == ["True", "True", "True"], done.stderr


def test_a_missing_model_is_said_once_on_stderr(monkeypatch, tmp_path: Path) -> None:
    """Without the packaged model refcli still reads shelfmarks, and says so on stderr."""
    import importlib

    from typer.testing import CliRunner

    import refcli.labeller

    cli_app = importlib.import_module("refcli.cli.app")

    monkeypatch.setattr(refcli.labeller, "packaged_model", lambda: tmp_path / "none.crfsuite")
    # (the once-only flag lives where documents are read: refcli.cli.documents)
    monkeypatch.setattr(importlib.import_module("refcli.cli.documents"), "_MODEL_CHECKED", [])
    notes = tmp_path / "n.txt"
    notes.write_text("1 GARF, f. 5446, op. 1, d. 2, l. 3.\n2 Ibid., l. 4.\n", encoding="utf-8")
    result = CliRunner().invoke(cli_app.app, ["parse", str(notes), "--json"])
    assert result.exit_code == 0
    assert result.stderr.count("no parsing model") == 1
    assert '"archive": "GARF"' in result.stdout
