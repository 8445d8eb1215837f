"""The sweep-file reader (`accord tournament --series N --sweep FILE.yaml`,
accord.tournament.sweep) on damaged sweep files of both forms: a list of points and a grid."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from tests.fuzz.mutations import damaged, dump_yaml
from tests.fuzz.outcome import fuzz_settings, read

from accord.errors import InputError
from accord.tournament.sweep import points, settings

LISTED = b"""\
- {alpha: 0.5, kappa: 2}
- {alpha: 2, honour: 0.6, sigma: 0.4}
- {p_batna: 0.3, batna_size: 0.2, trust_broken: 0.7}
"""
GRID = b"""\
alpha: [0.5, 1, 2]
rho: '0:0.2:3'
honour: 0.9
p_crisis: [0, 0.1]
"""
TREES = [yaml.safe_load(LISTED), yaml.safe_load(GRID)]
DEEP = b"[" * 5000 + b"]" * 5000


def _load(tmp_path: Path, data: bytes) -> list[tuple[tuple[str, float], ...]] | InputError:
    path = tmp_path / "sweep.yaml"
    path.write_bytes(data)
    return read("sweep file", lambda: points([str(path)]))


@fuzz_settings(200)
@given(st.sampled_from(TREES).flatmap(lambda tree: damaged(tree, dump_yaml)))
@example(GRID.replace(b"[0.5, 1, 2]", DEEP))  # RecursionError
@example(GRID.replace(b"[0.5, 1, 2]", b"[" * 200_000 + b"]" * 200_000))  # minutes to refuse
@example(GRID.replace(b"[0.5, 1, 2]", b"[-.inf]"))  # refused without naming the file
@example(GRID.replace(b"'0:0.2:3'", b"'0:0.2:1000000000'"))  # a 8 GB grid built, then refused
@example(LISTED.replace(b"kappa: 2", b"kappa: " + b"9" * 400))  # OverflowError
@example(LISTED.replace(b"- {alpha: 2", b"- {alpha: [2"))  # "not YAML" over several lines
def test_a_damaged_sweep_file_loads_or_is_refused(tmp_path: Path, data: bytes) -> None:
    loaded = _load(tmp_path, data)
    if isinstance(loaded, InputError):
        assert "\n" not in loaded.describe(), loaded.describe()  # one line, as the CLI prints it
        return
    assert 1 <= len(loaded) <= 10_000
    for point in loaded:
        assert all(math.isfinite(v) for _, v in point), point
        settings(point)  # every point a series can run


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (GRID.replace(b"[0.5, 1, 2]", b"[-.inf]"), "alpha", "a number >= 0"),
        (GRID.replace(b"p_crisis: [0, 0.1]", b"p_crisis: [1.5]"), "p_crisis", "in [0, 1]"),
        (GRID.replace(b"p_crisis: [0, 0.1]", b"p_batna: [0.9]"), "p_batna", "<= 1"),  # the sum
        (GRID.replace(b"'0:0.2:3'", b"'0:0.2:1000000000'"), "rho", "at most 10000"),
        (GRID + b"alpha: [3]\n", None, "found the key 'alpha' twice"),
        (LISTED.replace(b"honour: 0.6", b"honour: .nan"), "honour", "in [0, 1]"),
    ],
    ids=["infinite", "out of range", "probabilities past 1", "huge grid", "repeated key", "NaN"],
)
def test_a_refusal_names_the_file_the_field_and_what_was_expected(
    tmp_path: Path, data: bytes, field: str | None, words: str
) -> None:
    refused = _load(tmp_path, data)
    assert isinstance(refused, InputError)
    assert refused.source == str(tmp_path / "sweep.yaml") and refused.field == field
    assert words in refused.describe(), refused.describe()
