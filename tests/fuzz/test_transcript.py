"""The transcript reader (accord.protocol.transcript, `accord negotiate --json` output) on
a damaged transcript, read as `accord advise` and `accord debrief` read it."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from tests.fuzz.inputs import INPUTS
from tests.fuzz.mutations import damaged, dump_json
from tests.fuzz.outcome import fuzz_settings, read

from accord.advisor import advise
from accord.advisor.history import History
from accord.advisor.moves import load_history
from accord.analysis.report import analyse
from accord.debrief.build import debrief
from accord.debrief.sources import Loaded, from_file
from accord.errors import InputError
from accord.formats import load_scenario
from accord.plan import load_plan

PLAN = load_plan(INPUTS.plan)
ANALYSIS = analyse(load_scenario(INPUTS.scenario))
TALKS = INPUTS.json(INPUTS.transcript)  # {"transcript": {...}, ...}


def _edited(edit: dict[str, object]) -> bytes:
    """The transcript with its first event's fields replaced by `edit`."""
    data = json.loads(json.dumps(TALKS))
    data["transcript"]["events"][0].update(edit)
    return json.dumps(data, allow_nan=True).encode()


CRASHES = [  # what the reader let through before it checked every field
    _edited({"turn": float("inf")}),  # OverflowError
    _edited({"actor": {"A": 1}}),  # a dict for a role: TypeError in the advisor
    _edited({"move": {"kind": "offer", "outcome": 10**30}}),  # OverflowError in the advisor
    _edited({"move": {"kind": "offer", "outcome": 10**6}}),  # IndexError: outside the space
    b'{"transcript": ' + b"[" * 5000 + b"]" * 5000 + b"}",  # RecursionError
]


def _debriefed(path: Path) -> object:
    loaded = from_file(path, scenario=INPUTS.scenario)
    try:
        return debrief(ANALYSIS, loaded.transcript)
    except InputError as e:  # the debrief checks the talks against the scenario
        raise e.located(str(path)) from None


@fuzz_settings(250)
@given(st.sampled_from([TALKS, TALKS["transcript"]]).flatmap(lambda t: damaged(t, dump_json)))
@example(CRASHES[0])
@example(CRASHES[1])
@example(CRASHES[2])
@example(CRASHES[3])
@example(CRASHES[4])
def test_a_damaged_transcript_loads_or_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "talks.json"
    path.write_bytes(data)
    read("transcript (advise)", lambda: advise(PLAN, load_history(path, PLAN)))
    read("transcript (debrief)", lambda: _debriefed(path))


def test_the_real_transcript_loads_both_ways() -> None:
    """The undamaged file passes, so the refusals above are about the damage."""
    assert isinstance(load_history(INPUTS.transcript, PLAN), History)
    assert isinstance(from_file(INPUTS.transcript, scenario=INPUTS.scenario), Loaded)
