"""Hypothesis strategies for the relationship model: params, records and states.

Numbers come mostly from coarse grids (k/20) so ties and exact equalities
(an outcome exactly at the Nash point, a share exactly fair) are frequent,
mixed with arbitrary floats.
"""

from __future__ import annotations

from dataclasses import fields

from hypothesis import strategies as st

from accord.relationship import (
    ConditionTerm,
    Gift,
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    leave,
    resolve_condition,
    update,
)

ROLES = ("A", "B")
GRID = st.integers(0, 20).map(lambda k: k / 20)
UNIT = st.one_of(GRID, st.floats(0.0, 1.0, allow_nan=False, allow_subnormal=False))
role = st.sampled_from(ROLES)


def _within(low: float, high: float) -> st.SearchStrategy[float]:
    high = min(high, 5.0)  # unbounded parameters: a wide but sane range
    return st.one_of(
        st.sampled_from([low, high, (low + high) / 2]),
        # six decimals, as a sweep would write them: no 1e-181 that rounds away
        st.floats(low, high, allow_nan=False).map(lambda x: min(high, max(low, round(x, 6)))),
    )


@st.composite
def params(draw: st.DrawFn) -> RelationshipParams:
    """Any valid parameters (unbounded ones drawn from [0, 5])."""
    values = {}
    for f in fields(RelationshipParams):
        if draw(st.booleans()):
            values[f.name] = draw(_within(f.metadata["low"], f.metadata["high"]))
    return RelationshipParams(**values)


def pair(of: st.SearchStrategy[float] = UNIT) -> st.SearchStrategy[tuple[float, float]]:
    return st.tuples(of, of)


@st.composite
def tactics(draw: st.DrawFn) -> tuple[tuple[tuple[str, int], ...], ...]:
    names = ("display_modest", "display_triumphant", "silence", "ultimatum", "add_on")
    side = st.dictionaries(st.sampled_from(names), st.integers(0, 3))
    return (tuple(draw(side).items()), tuple(draw(side).items()))


@st.composite
def conditions(draw: st.DrawFn) -> ConditionTerm:
    return ConditionTerm(
        issue=draw(st.sampled_from(("rebate", "stock"))),
        obligor=draw(role),
        beliefs=draw(pair()),
        met=draw(pair()),
        fallback=draw(pair()),
        text=draw(st.sampled_from(("", "stock >= 1.5x monthly shipments"))),
    )


@st.composite
def records(
    draw: st.DrawFn,
    agreement: bool | None = None,
    at_nash: bool = False,
    condition: bool | None = None,
) -> NegotiationRecord:
    """A record of any kind; `at_nash` puts the agreement exactly at the Nash point."""
    agreed = draw(st.booleans()) if agreement is None else agreement
    r = draw(pair(GRID.map(lambda x: 0.6 * x)))
    nash = None
    if at_nash or draw(st.integers(0, 5)):
        gains = draw(pair(GRID.map(lambda x: 0.4 * x)))
        nash = (r[0] + gains[0], r[1] + gains[1])
    utilities = r  # no deal: both live on their BATNA
    if agreed:
        utilities = nash if at_nash and nash is not None else draw(pair())
    with_condition = agreed and (draw(st.booleans()) if condition is None else condition)
    gifts = draw(st.lists(st.builds(Gift, st.just("extra"), role, GRID), max_size=2))
    return NegotiationRecord(
        agreement=agreed,
        utilities=utilities,
        reservations=r,
        nash=nash,
        concessions=draw(pair()),
        retracted=draw(pair(GRID.map(lambda x: 0.2 * x))),
        tactics=draw(tactics()),
        gifts=tuple(gifts) if agreed else (),
        condition=draw(conditions()) if with_condition else None,
        ultimatum_by=None if agreed else draw(st.none() | role),
        reason="agreement" if agreed else draw(st.sampled_from(("deadline", "walk_away"))),
        scenario="generated",
        strategies=("x", "y"),
        rounds_used=draw(st.integers(0, 20)),
    )


@st.composite
def states(draw: st.DrawFn, p: RelationshipParams | None = None) -> RelationshipState:
    """A state reached by the update rules: records, resolved conditions, maybe a departure."""
    p = p or draw(params())
    state = RelationshipState.start(p)
    for record in draw(st.lists(records(), max_size=5)):
        state = update(state, record, p)
        if record.condition is not None and draw(st.booleans()):
            state = resolve_condition(state, len(state.history) - 1, draw(st.booleans()), p)
    if draw(st.booleans()):
        state = leave(state, draw(role))
    return state


def resentments() -> st.SearchStrategy[tuple[float, float]]:
    """Resentment levels: mostly small, sometimes large."""
    return pair(st.one_of(GRID, st.floats(0.0, 10.0, allow_nan=False, allow_subnormal=False)))
