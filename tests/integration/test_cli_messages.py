"""What every command prints around its work: `--version`, and messages that carry file
names, user input or data, printed literally (square brackets are not markup)."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from tests.conftest import DEALER, cli_in_fresh_python
from typer.testing import CliRunner

import accord
from accord.cli.main import app

runner = CliRunner()


def test_version_is_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"accord {accord.__version__}\n"
    assert accord.__version__ == version("accord")


def test_version_of_the_installed_command_loads_no_command() -> None:
    """`--version` answers before any command's implementation (or rich) is imported."""
    started = cli_in_fresh_python("--version")
    assert started.loaded("rich", "numpy", "sqlalchemy", "yaml", "pydantic") == []
    assert started.stdout == f"accord {accord.__version__}\n"


def test_error_keeps_square_brackets_of_a_file_name(tmp_path: Path) -> None:
    missing = tmp_path / "deal[2025].yaml"
    result = runner.invoke(app, ["analyze", str(missing)])
    assert result.exit_code == 2
    assert "deal[2025].yaml" in result.stderr


def test_error_keeps_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    args = ["tournament", str(DEALER), "--strategies", "boulware,conceder", "--backend", "ray"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "pip install 'accord[ray]'" in result.stderr


def test_messages_with_a_path_keep_its_brackets(tmp_path: Path) -> None:
    db = tmp_path / "ledger[test].db"
    result = runner.invoke(app, ["ledger", "add", "Dealer [EU] Co", "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added Dealer [EU] Co\n"
    result = runner.invoke(app, ["ledger", "--db", str(db)])
    assert "Dealer [EU] Co" in result.stdout
    assert "ledger[test].db" in result.stdout
