"""Parameters: every one documented and justified, bad values fail with a clear InputError."""

from __future__ import annotations

import math
import re
from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.relationship.generators import params

from accord.errors import InputError
from accord.relationship import RelationshipParams, parameter_table
from accord.relationship.params import names

#: What the brief and DESIGN.md name; the model may have more, never fewer.
REQUIRED = {
    "decay", "alpha", "beta", "face", "face_ultimatum", "gesture_weight", "kappa", "rho",
    "sigma", "trust_surplus", "trust_honoured", "trust_broken", "trust_bluff", "discount",
}  # fmt: skip
#: A citation: a paper, a seed, a principle id or the design document.
GROUNDING = re.compile(
    r"Fehr and Schmidt 1999|Curhan et al\. 2006|Slovic 1993|seed 00\d|P\d+\b|DESIGN\.md"
)


def test_every_parameter_has_a_default_a_range_a_meaning_and_a_justification() -> None:
    table = parameter_table()
    assert {row.name for row in table} >= REQUIRED
    defaults = RelationshipParams()
    for row in table:
        assert getattr(defaults, row.name) == row.default
        assert row.low <= row.default <= row.high
        assert len(row.meaning) > 20 and len(row.why) > 20
        assert GROUNDING.search(row.why), f"{row.name}: cite a source"


def test_the_grounding_is_cited_where_the_brief_says() -> None:
    why = {row.name: row.why for row in parameter_table()}
    assert "Fehr and Schmidt" in why["alpha"]
    assert "Curhan" in why["face"] and "Curhan" in why["gesture_weight"]
    assert "seed 003" in why["beta"] and "seed 003" in why["sigma"]


BAD_NUMBERS = st.sampled_from([-0.1, -1, -1e-9, math.nan, math.inf, -math.inf])
NOT_NUMBERS = st.sampled_from(["0.5", None, True, False, [0.5], {"x": 1}])


@given(st.sampled_from(names()), st.one_of(BAD_NUMBERS, NOT_NUMBERS))
def test_a_bad_value_raises_an_input_error_naming_the_field(name, value) -> None:
    with pytest.raises(InputError) as info:
        RelationshipParams(**{name: value})
    assert info.value.field == name
    assert "expected a number" in str(info.value)


@pytest.mark.parametrize(
    "name", [f.name for f in fields(RelationshipParams) if f.metadata["high"] == 1.0]
)
def test_probabilities_and_fractions_stay_in_the_unit_interval(name) -> None:
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        RelationshipParams(**{name: 1.01})
    assert getattr(RelationshipParams(**{name: 1}), name) == 1.0  # ints become floats


def test_a_sweep_entry_with_an_unknown_or_bad_name_fails_cleanly() -> None:
    with pytest.raises(InputError) as info:
        RelationshipParams.from_mapping({"alpah": 1.0}, source="sweep.yaml")
    assert info.value.field == "alpah" and info.value.source == "sweep.yaml"
    assert "alpha" in str(info.value)  # the list of known names helps spot the typo
    with pytest.raises(InputError) as info:
        RelationshipParams.from_mapping({"kappa": -2}, source="sweep.yaml")
    assert info.value.field == "kappa" and info.value.source == "sweep.yaml"
    assert str(info.value).startswith("in sweep.yaml at field 'kappa'")
    with pytest.raises(InputError, match="mapping"):
        RelationshipParams.from_mapping([("alpha", 1.0)], source="sweep.yaml")  # type: ignore[arg-type]


@given(params())
def test_params_round_trip_through_their_mapping(p) -> None:
    assert RelationshipParams.from_mapping(p.to_json()) == p
    assert all(type(v) is float for v in p.to_json().values())
