"""The README's library example runs as written (a doctest, from the repository's folder)."""

from __future__ import annotations

import doctest

import pytest
from tests.conftest import ROOT


def test_readme_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False)
    assert result.attempted >= 8
    assert result.failed == 0
