"""Plans and hand-written histories on the dealer rebate scenario, for the advisor's tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import DEALER, ROOT

from accord.advisor.history import History
from accord.advisor.moves import parse_moves
from accord.plan.core import Plan
from accord.plan.schema import PlanSpec, build_plan

#: The manufacturer's (A's) best outcome and the dealer's (B's); worth 1.0 and 0.075 to A.
OURS = {"rebate": 1.0, "stock": 2.0, "payment_days": 30, "term_years": 3}
THEIRS = {"rebate": 2.0, "stock": 1.0, "payment_days": 90, "term_years": 2}
#: Worth 0.557 to A and 0.547 to B: about a fair deal.
FAIR = {"rebate": 1.75, "stock": 1.75, "payment_days": 45, "term_years": 2}


def make_plan(**fields: Any) -> Plan:
    """The manufacturer's plan with the dealer's true preferences as our estimate."""
    data = {
        "scenario": str(DEALER),
        "side": "A",
        "batna": {"utility": 0.3, "description": "the second dealer"},
        "their_preferences": {"source": "scenario", "confidence": 0.9},
    }
    data.update(fields)
    return build_plan(PlanSpec.model_validate(data), ROOT, "test plan")


def history(plan: Plan, *entries: dict[str, Any], rounds: int | None = None) -> History:
    """A history from moves-file entries: `{"we": ...}` / `{"they": ...}`."""
    return parse_moves(list(entries), plan, rounds=rounds)


def offer(**terms: Any) -> dict[str, Any]:
    return {"offer": terms}


def exchanges(n: int, ours: dict[str, Any], theirs: dict[str, Any]) -> list[dict[str, Any]]:
    """`n` rounds of both sides repeating their offers, we first."""
    out: list[dict[str, Any]] = []
    for _ in range(n):
        out += [{"we": offer(**ours)}, {"they": offer(**theirs)}]
    return out
