"""Advice a person can follow, as properties (issue 12, item 3), over seeded random talks:

(a) the recommended counter never asks back on an issue against our standing offer and
    never withdraws an add-on we granted (a retraction only when the standing offer is
    below our walk-away, and then said so);
(b) reviewing a repeat of our standing offer never yields a concession caution;
(c) one recommendation, and no warning or answer to their tactics in the panel telling
    us to do something else.

Histories are random typed moves of both sides (offers, conditional offers, add-ons,
silences) on the dealer rebate plan; plays are `advised` against built-in strategies.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.advisor.helpers import history, make_plan
from tests.conftest import DEALER, JAPAN, load

from accord.advisor import Advisor
from accord.advisor.warnings import holds
from accord.model.issues import Role
from accord.model.space import OutcomeSpace
from accord.plan.core import Plan
from accord.preferences.utility import LinearAdditiveUtility
from accord.protocol import Negotiation
from accord.protocol.moves import AddOn, Offer, Ultimatum
from accord.strategies import make

CONCESSIONS = {"unreciprocated", "over_concession", "fills_silence"}
PLAN = make_plan()
SCENARIOS = {"dealer": load(DEALER), "japan": load(JAPAN)}
OPPONENTS = ("boulware", "conceder", "hardliner", "linear", "tit_for_tat", "micro", "diplomat")


def asks_back(
    space: OutcomeSpace, utility: object, side: Role, standing: int, outcome: int
) -> list[str]:
    """Issues where `outcome` is worth more to `side` than `standing`, and add-ons of
    `side` granted in `standing` but not in `outcome`; written apart from the advisor."""
    assert isinstance(utility, LinearAdditiveUtility)
    parts = utility.contributions()
    before, after = space.digits([standing, outcome])
    found = []
    for k, issue in enumerate(space.issues):
        if issue.kind == "addon" and issue.giver == side and before[k] != 0:
            if after[k] != before[k]:
                found.append(issue.name)
        elif parts[k][after[k]] > parts[k][before[k]] + 1e-12:
            found.append(issue.name)
    return found


def random_entries(plan: Plan, rng: np.random.Generator, turns: int) -> list[dict[str, Any]]:
    """`turns` alternating entries, we first, ending with theirs: full offers (some with a
    condition), add-on grants and silences."""
    space = plan.space
    entries: list[dict[str, Any]] = []
    offered = False
    for k in range(turns):
        who = "we" if k % 2 == 0 else "they"
        terms = space.outcome(int(rng.integers(space.n_outcomes)))
        if who == "we":
            terms["co_marketing"] = False  # granted only by `add`, or kept from before
        r = rng.random()
        if who == "we" and offered and r < 0.15:
            entries.append({"we": {"add": "co_marketing"}})
        elif offered and r < 0.3:
            entries.append({who: "silent"})
        elif who == "we" and r < 0.45:
            issue = space.issues[int(rng.integers(len(space.issues)))]
            fallback = issue.values[int(rng.integers(issue.n))]
            cond = {"issue": issue.name, "else": fallback, "by": "they", "text": "a commitment"}
            entries.append({"we": {"offer": terms, "if": cond}})
            offered = True
        else:
            entries.append({who: {"offer": terms}})
            offered = offered or who == "we"
    return entries


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), pairs=st.integers(1, 9), extra=st.integers(1, 6))
def test_random_talks_advice_keeps_grants_and_agrees_with_itself(
    seed: int, pairs: int, extra: int
) -> None:
    plan = PLAN
    rng = np.random.default_rng(seed)
    h = history(plan, *random_entries(plan, rng, 2 * pairs), rounds=pairs + extra)
    advisor = Advisor(plan)
    advice = advisor.advise(h)
    s, rec = advice.situation, advice.recommendation
    mine = s.mine
    # (c) one recommendation
    assert [c for c in advice.candidates if c.verdict == "recommended"] == [rec]
    if mine is None:
        return
    retracting = plan.ours.utility.at(mine.outcome) < s.walk_away
    stated = any(r.text.startswith("Retract") for r in rec.reasons)
    assert stated == (retracting and rec.kind in ("counter", "ultimatum"))
    # (a) no counter asks back or withdraws a grant, unless it says it retracts
    for c in advice.candidates:
        if c.kind in ("counter", "ultimatum", "conditional", "add_on") and c.outcome is not None:
            back = asks_back(plan.space, plan.ours.utility, plan.side, mine.outcome, c.outcome)
            assert back == [] or retracting, (c.kind, back)
    if rec.kind in ("counter", "ultimatum") and not retracting:
        assert "retracts" not in {w.code for w in rec.warnings}
    # (b) repeating our standing offer is not a concession (nor a retraction)
    repeat = Offer(mine.outcome, mine.condition)
    codes = {c.code for c in advisor.review(h, repeat)}
    assert not codes & (CONCESSIONS | {"retracts"}), codes
    # (c) no past warning tells us to hold beside a recommendation that does not
    if not holds(s, rec.move):
        for w in advice.warnings:
            assert "hold here" not in w.message and "let silence work" not in w.message
        if rec.kind not in ("silence", "consult_authority"):
            for t in advice.tactics:  # "let our offer stand", "do not sweeten it"
                said = advice.answer(t).lower()
                assert "offer stand" not in said and "sweeten" not in said, (t.name, rec.kind)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    opponent=st.sampled_from(OPPONENTS),
    scenario=st.sampled_from(sorted(SCENARIOS)),
    first=st.booleans(),
    rounds=st.integers(4, 30),
)
def test_advised_play_never_asks_back(
    seed: int, opponent: str, scenario: str, first: bool, rounds: int
) -> None:
    sc = SCENARIOS[scenario]
    a, b = (make("advised"), make(opponent)) if first else (make(opponent), make("advised"))
    side: Role = "A" if first else "B"
    utility = sc.parties[0 if first else 1].preferences.utility
    t = Negotiation(sc, a, b, seed=seed, rounds=rounds).run()
    standing = None
    for e in t.events:
        if e.actor != side or e.outcome is None:
            continue
        if isinstance(e.move, Offer | Ultimatum | AddOn):
            if standing is not None:
                assert asks_back(sc.space, utility, side, standing, e.outcome) == [], e
            standing = e.outcome
