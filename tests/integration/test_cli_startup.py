"""The CLI starts light: `--help` loads no command's implementation, and no command
module reaches back into `accord.cli.main` (which only assembles the app)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import cli_in_fresh_python

import accord.cli

CLI = Path(accord.cli.__file__).parent
# rich (with typer.rich_utils, markdown_it, pygments) is the larger half of --help's
# time: the app prints click's plain help (rich_markup_mode=None) to start fast.
HEAVY = (
    "numpy",
    "sqlalchemy",
    "alembic",
    "matplotlib",
    "ray",
    "yaml",
    "pydantic",
    "rich",
    "markdown_it",
    "pygments",
)


def test_help_loads_nothing_heavy() -> None:
    started = cli_in_fresh_python("--help")
    ours = [m for m in started.loaded("accord") if m != "accord" and not m.startswith("accord.cli")]
    assert started.loaded(*HEAVY) == []
    assert ours == ["accord.errors"]
    assert "analyze" in started.stdout and "ledger" in started.stdout


def test_usage_error_is_one_plain_paragraph() -> None:
    """Without rich, a usage error is click's: usage, a hint, then `Error: ...` (exit 2)."""
    proc = subprocess.run(
        [sys.executable, "-m", "accord.cli.main", "analyze", "--bogus"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == "Error: No such option: --bogus"
    assert "╭" not in proc.stderr  # no rich box


def test_no_command_module_imports_the_app() -> None:
    for path in sorted(CLI.glob("*.py")):
        if path.name == "main.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "accord.cli.main", path.name
            elif isinstance(node, ast.Import):
                assert all(a.name != "accord.cli.main" for a in node.names), path.name
