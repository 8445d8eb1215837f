"""States and records survive JSON exactly, and bad JSON fails with an InputError."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from tests.relationship.generators import records, states

from accord.errors import InputError
from accord.relationship import NegotiationRecord, RelationshipState


@settings(deadline=None, max_examples=80)
@given(states())
def test_a_state_round_trips_through_json(state) -> None:
    text = state.dumps()
    again = RelationshipState.loads(text)
    assert again == state
    assert again.dumps() == text  # canonical: same state, same bytes
    assert RelationshipState.from_json(json.loads(json.dumps(state.to_json()))) == state


@given(records())
def test_a_record_round_trips_and_shows_its_shares(record) -> None:
    data = json.loads(json.dumps(record.to_json(), sort_keys=True))
    assert NegotiationRecord.from_json(data) == record
    assert data["shares"] == (None if record.shares is None else list(record.shares))
    assert data["fair_shares"] == (None if record.fair_shares is None else list(record.fair_shares))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"version": 2}, "version"),
        ({"trust": 1.5}, "trust"),
        ({"resentment": [-0.1, 0.0]}, "resentment"),
        ({"resentment": [0.1]}, "ValueError"),
        ({"left": ["C"]}, "role"),
        ({"trajectory": []}, "snapshots"),
        ({"history": [{"agreement": "yes"}]}, "Error"),
    ],
)
def test_bad_state_json_raises_an_input_error(change, why) -> None:
    record = NegotiationRecord(True, (0.6, 0.5), (0.3, 0.4), nash=(0.5, 0.6))
    from accord.relationship import RelationshipParams, update

    data = update(RelationshipState(), record, RelationshipParams()).to_json() | change
    with pytest.raises(InputError, match=why) as info:
        RelationshipState.from_json(data, source="store")
    assert info.value.source == "store"


def test_text_that_is_not_a_state_raises_an_input_error() -> None:
    with pytest.raises(InputError, match="not JSON"):
        RelationshipState.loads("{", source="x.json")
    with pytest.raises(InputError, match="JSON object"):
        RelationshipState.loads("[]", source="x.json")
