"""The scenario YAML reader (accord.formats.accord_yaml) on damaged example scenarios."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from tests.fuzz.checks import in_the_files_terms, sound_scenario
from tests.fuzz.inputs import EXAMPLES
from tests.fuzz.mutations import damaged, dump_yaml
from tests.fuzz.outcome import fuzz_settings, read

from accord.formats.accord_yaml import load_yaml_scenario
from accord.model.scenario import Scenario

DEALER = (EXAMPLES / "dealer_rebate.yaml").read_bytes()
TREES = [yaml.safe_load(DEALER), yaml.safe_load((EXAMPLES / "japan_supplier.yaml").read_bytes())]


@fuzz_settings(250)
@given(st.sampled_from(TREES).flatmap(lambda tree: damaged(tree, dump_yaml)))
@example(b"\x80" + DEALER)  # not UTF-8: was a UnicodeDecodeError
@example(DEALER.replace(b"rounds: 20", b"rounds: " + b"[" * 5000 + b"]" * 5000))  # RecursionError
@example(DEALER.replace(b"rounds: 20", b"rounds: " + b"[" * 200_000 + b"]" * 200_000))  # a hang
@example(DEALER.replace(b"low: 1\n", b"low: -.inf\n"))  # an infinite bound: OverflowError
@example(DEALER + b"name: a second name\n")  # a repeated key was silently dropped
def test_a_damaged_scenario_loads_or_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_bytes(data)
    loaded = read("scenario YAML", lambda: load_yaml_scenario(path))
    if isinstance(loaded, Scenario):
        sound_scenario(loaded)
    else:
        in_the_files_terms(loaded)
