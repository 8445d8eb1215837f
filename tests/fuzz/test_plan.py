"""The plan reader (accord.plan.load_plan) on a damaged example plan, checked as
`accord plan check` does (the numbers derived from a plan that loads must not fail)."""

from __future__ import annotations

from hypothesis import example, given
from tests.fuzz.checks import in_the_files_terms
from tests.fuzz.inputs import INPUTS
from tests.fuzz.mutations import damaged, dump_yaml
from tests.fuzz.outcome import fuzz_settings, read

from accord.errors import InputError
from accord.plan import load_plan
from accord.plan.derive import check_plan

PLAN = INPUTS.plan.read_bytes()


@fuzz_settings(250)
@given(damaged(INPUTS.yaml(INPUTS.plan), dump_yaml))
@example(PLAN.replace(b"late: 0.85", b"late: 1"))  # was a ZeroDivisionError in the schedule
@example(PLAN.replace(b"scenario: dealer_rebate.yaml", b"scenario: " + b"x" * 5000))  # OSError
@example(PLAN + b"\xc3(")  # not UTF-8
@example(PLAN.replace(b"{rebate: 0.45, stock: 0.2", b"{rebate: 1e308, stock: 1e308"))  # sum: inf
def test_a_damaged_plan_loads_or_is_refused(data: bytes) -> None:
    path = INPUTS.folder / "damaged.plan.yaml"  # beside the scenario it names
    path.write_bytes(data)
    checked = read("plan", lambda: check_plan(load_plan(path)))  # what `plan check` does
    if isinstance(checked, InputError):
        in_the_files_terms(checked)
