"""`import accord` offers the main entry points, each loaded on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import accord


def test_every_entry_point_resolves() -> None:
    assert sorted(accord.__all__) == sorted(["__version__", *accord._ENTRY_POINTS])
    assert dir(accord) == sorted(accord.__all__)
    for name in accord.__all__:
        assert getattr(accord, name) is not None, name


def test_import_accord_loads_nothing_heavy() -> None:
    code = (
        "import sys, accord\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('accord') or m.split('.')[0] "
        "in ('numpy', 'yaml', 'pydantic', 'sqlalchemy', 'rich', 'typer'))\n"
        "assert loaded == ['accord'], loaded\n"
        "accord.load_scenario\n"
        "assert 'accord.formats' in sys.modules and 'sqlalchemy' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        accord.no_such_thing  # noqa: B018
