"""The moves-file reader (accord.advisor.moves.load_history, docs/advisor.md) on the
damaged example moves, then advised on as `accord advise` does."""

from __future__ import annotations

from hypothesis import example, given
from tests.fuzz.inputs import INPUTS
from tests.fuzz.mutations import damaged, dump_yaml
from tests.fuzz.outcome import fuzz_settings, read

from accord.advisor import advise
from accord.advisor.moves import load_history
from accord.plan import load_plan

PLAN = load_plan(INPUTS.plan)


@fuzz_settings(200)
@given(damaged(INPUTS.yaml(INPUTS.moves), dump_yaml))
@example(b"moves: " + b"[" * 5000 + b"]" * 5000)  # RecursionError
@example(INPUTS.moves.read_bytes() + b"\xff")  # not UTF-8
def test_a_damaged_moves_file_loads_or_is_refused(data: bytes) -> None:
    path = INPUTS.folder / "damaged.moves.yaml"
    path.write_bytes(data)
    read("moves file", lambda: advise(PLAN, load_history(path, PLAN)))  # bounded, both
