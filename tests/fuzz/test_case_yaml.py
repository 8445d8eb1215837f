"""The teaching-case reader (accord.classroom.cases) on damaged shipped cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzz.checks import in_the_files_terms
from tests.fuzz.mutations import damaged, dump_yaml
from tests.fuzz.outcome import fuzz_settings, read

from accord.classroom.cases import SHIPPED, Case, load_case

NAMES = ("dealer_rebate", "scope_misunderstanding")
TREES = {n: yaml.safe_load((SHIPPED / n / "case.yaml").read_bytes()) for n in NAMES}


@fuzz_settings(150)
@given(st.sampled_from(NAMES).flatmap(lambda n: damaged(TREES[n], dump_yaml).map(lambda d: (n, d))))
def test_a_damaged_case_loads_or_is_refused(tmp_path: Path, named: tuple[str, bytes]) -> None:
    name, data = named
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    shutil.copy(SHIPPED / name / "scenario.yaml", folder / "scenario.yaml")
    (folder / "case.yaml").write_bytes(data)
    loaded = read("case YAML", lambda: load_case(folder))
    if isinstance(loaded, Case):
        assert loaded.brief("A").batna.terms and loaded.brief("B").batna.terms
    else:
        in_the_files_terms(loaded)
        assert loaded.source == str(folder / "case.yaml")
