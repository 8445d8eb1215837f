"""Trust never rises after a deal that leaves a side's resentment above the alert
(issue 12, item 5; P14): the ledger saw 0.75 rise to 0.83 after a deal that gave
the counterpart 0% of the surplus and left it resenting 0.50."""

from __future__ import annotations

import importlib
from dataclasses import replace

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from tests.relationship.generators import params, records, states

from accord.doctrine import STANCE, Stance
from accord.relationship import NegotiationRecord, RelationshipParams, RelationshipState, update

ALERT = STANCE.resentment_alert
DEFAULT = RelationshipParams()
#: The submodule (the package's `update` is the function).
update_module = importlib.import_module("accord.relationship.update")
#: The issue's case: we got the whole surplus (0.6), they a fair half of nothing.
ZERO_FOR_THEM = NegotiationRecord(True, (0.9, 0.3), (0.3, 0.3), nash=(0.6, 0.6))


def _at(trust: float) -> RelationshipState:
    return RelationshipState(trust=trust)


def test_the_issues_deal_leaves_trust_at_0_75_instead_of_0_83() -> None:
    after = update(_at(0.75), ZERO_FOR_THEM, DEFAULT)
    assert after.resentment == (0.0, pytest.approx(0.5))
    assert after.trust == 0.75
    # The same surplus split fairly still builds trust, as before the rule.
    fair = replace(ZERO_FOR_THEM, utilities=(0.6, 0.6))
    assert update(_at(0.75), fair, DEFAULT).trust == pytest.approx(0.825)


def test_the_rule_applies_above_the_alert_not_at_it() -> None:
    # B's fair share 0.5, realised 0.5 - gap: resentment exactly `gap` (alpha = beta = 1).
    def squeezed(gap: float) -> NegotiationRecord:
        return NegotiationRecord(
            True, (0.3 + 0.6 * (0.5 + gap), 0.3 + 0.6 * (0.5 - gap)), (0.3, 0.3), (0.6, 0.6)
        )

    at_alert = update(_at(0.5), squeezed(ALERT), DEFAULT)
    above = update(_at(0.5), squeezed(ALERT + 0.01), DEFAULT)
    assert at_alert.resentment[1] == pytest.approx(ALERT) and at_alert.trust > 0.5
    assert above.resentment[1] > ALERT and above.trust == 0.5


def test_resentment_carried_from_earlier_deals_counts_too() -> None:
    """The level a deal leaves counts: old grievance decayed, plus the deal's own."""
    fair = replace(ZERO_FOR_THEM, utilities=(0.6, 0.6))
    still_sore = RelationshipState(resentment=(0.0, 0.5), trust=0.6)  # 0.7 * 0.5 = 0.35
    assert update(still_sore, fair, DEFAULT).trust == 0.6


def test_a_bluff_still_costs_trust_after_a_resented_deal() -> None:
    bluff = replace(ZERO_FOR_THEM, retracted=(DEFAULT.retraction_tolerance + 0.01, 0.0))
    assert update(_at(0.75), bluff, DEFAULT).trust == pytest.approx(0.75 * (1 - 0.2))


def test_the_alert_is_the_doctrines_not_a_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(update_module, "STANCE", Stance(resentment_alert=0.6))
    assert update(_at(0.75), ZERO_FOR_THEM, DEFAULT).trust == pytest.approx(0.825)


def test_the_parameter_table_states_the_rule_with_the_doctrines_number() -> None:
    from accord.relationship import parameter_table

    row = next(r for r in parameter_table() if r.name == "trust_surplus")
    assert f"resentment_alert = {ALERT:g}" in row.meaning and "P14" in row.why


@settings(deadline=None, max_examples=150)
@given(states(), records(), params(), st.floats(0.0, 1.0))
def test_trust_never_rises_past_the_resentment_alert(state, record, p, trust) -> None:
    before = replace(state, left=(), trust=trust)
    after = update(before, record, p)
    resented = max(after.resentment) > ALERT
    event("resented" if resented else "not resented")
    if resented:
        assert after.trust <= before.trust
