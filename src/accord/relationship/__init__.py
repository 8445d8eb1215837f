"""Relationships over repeated negotiations: resentment both ways, trust, dependence.

The model of DESIGN.md ("Relationship model (v1)") as pure functions over
immutable values, so a series runner, a store and a report can share it:

- `RelationshipParams`: every number of the model, named, bounded, justified
  (`parameter_table()`).
- `record_of(analysis, transcript_or_outcome)`: a `NegotiationRecord` of one
  negotiation (utilities, surplus and fair shares against the Nash point,
  concessions, tactics, gifts, the condition attached).
- `update(state, record, params)`, `resolve_condition(...)`, `leave(...)`:
  the next `RelationshipState`.
- `stay_probabilities` (resentment, trust and the exits), `stay_probability`,
  `effective_reservation`, `service_discount`: the effects.
- `long_term_value`, `summarise`: series metrics from the final state.
- `Series(scenario, a, b, rounds=10, seed=0).run()`: a seeded series of
  negotiations (`SeriesResult`, `SeriesRound`), with circumstances changing
  between them (`CircumstanceParams`, `Circumstance`, `draw`) and each
  strategy told the relationship from its own side (`RelationshipView`,
  `relationship_of`, `Strategy.relate`) and asked to renegotiate a standing
  deal in good faith when a change holds the other side below its walk-away
  (`request_for`, `renegotiate`, `Strategy.renegotiate`, P16).

>>> from accord.relationship import *
>>> p = RelationshipParams()
>>> s = RelationshipState.start(p)
>>> squeezed = NegotiationRecord(True, (0.75, 0.45), (0.4, 0.4), nash=(0.6, 0.7))
>>> s = update(s, squeezed, p)
>>> s.resentment[1] > 0 == s.resentment[0]
True
>>> stay_probability(s.resentment[1], s.trust, p) < 1.0
True
>>> s = leave(s, "B")
>>> [round(v, 3) for v in long_term_value(s, p, horizon=3)]
[1.363, 1.134]
"""

from typing import TYPE_CHECKING

from accord.lazy import lazy_names

# `update` is both a submodule and its function: bound here, once, so that the
# package's `update` is the function however the submodule is imported later.
from accord.relationship.update import update

if TYPE_CHECKING:
    from accord.relationship.circumstances import (
        Circumstance,
        CircumstanceParams,
        batna_moves,
        competitor_signs,
        costs_rise,
        crisis,
        draw,
        with_reservations,
    )
    from accord.relationship.effects import (
        effective_reservation,
        realised_utilities,
        service_discount,
        stay_probabilities,
        stay_probability,
    )
    from accord.relationship.observe import record_of
    from accord.relationship.params import ParamInfo, RelationshipParams, parameter_table
    from accord.relationship.record import (
        ConditionTerm,
        Gift,
        NegotiationRecord,
        Renegotiation,
        shares,
    )
    from accord.relationship.renegotiation import RenegotiationRequest, renegotiate, request_for
    from accord.relationship.series import (
        HONOUR,
        RelationshipView,
        Series,
        SeriesResult,
        SeriesRound,
        relationship_of,
        run_series,
    )
    from accord.relationship.state import RelationshipState, Snapshot
    from accord.relationship.update import (
        Grievance,
        dependence_of,
        grievance,
        leave,
        resolve_condition,
        self_blame,
    )
    from accord.relationship.value import (
        SeriesSummary,
        discounted_value,
        discounts,
        lifetime,
        long_term_value,
        mean_resentment,
        mean_trust,
        realised_series,
        summarise,
    )

#: Where every other public name lives. Submodules load on first use (PEP 562), so
#: the store's readers take `state` and `value` without the series runner and the
#: strategies and analysis it imports.
_HOMES = {
    "Circumstance": "circumstances",
    "CircumstanceParams": "circumstances",
    "ConditionTerm": "record",
    "Gift": "record",
    "Grievance": "update",
    "HONOUR": "series",
    "NegotiationRecord": "record",
    "ParamInfo": "params",
    "RelationshipParams": "params",
    "RelationshipState": "state",
    "RelationshipView": "series",
    "Renegotiation": "record",
    "RenegotiationRequest": "renegotiation",
    "Series": "series",
    "SeriesResult": "series",
    "SeriesRound": "series",
    "SeriesSummary": "value",
    "Snapshot": "state",
    "batna_moves": "circumstances",
    "competitor_signs": "circumstances",
    "costs_rise": "circumstances",
    "crisis": "circumstances",
    "dependence_of": "update",
    "discounted_value": "value",
    "discounts": "value",
    "draw": "circumstances",
    "effective_reservation": "effects",
    "grievance": "update",
    "leave": "update",
    "lifetime": "value",
    "long_term_value": "value",
    "mean_resentment": "value",
    "mean_trust": "value",
    "parameter_table": "params",
    "realised_series": "value",
    "realised_utilities": "effects",
    "record_of": "observe",
    "relationship_of": "series",
    "renegotiate": "renegotiation",
    "request_for": "renegotiation",
    "resolve_condition": "update",
    "run_series": "series",
    "self_blame": "update",
    "service_discount": "effects",
    "shares": "record",
    "stay_probabilities": "effects",
    "stay_probability": "effects",
    "summarise": "value",
    "with_reservations": "circumstances",
}


__all__ = [
    "HONOUR",
    "Circumstance",
    "CircumstanceParams",
    "ConditionTerm",
    "Gift",
    "Grievance",
    "NegotiationRecord",
    "ParamInfo",
    "RelationshipParams",
    "RelationshipState",
    "RelationshipView",
    "Renegotiation",
    "RenegotiationRequest",
    "Series",
    "SeriesResult",
    "SeriesRound",
    "SeriesSummary",
    "Snapshot",
    "batna_moves",
    "competitor_signs",
    "costs_rise",
    "crisis",
    "dependence_of",
    "discounted_value",
    "discounts",
    "draw",
    "effective_reservation",
    "grievance",
    "leave",
    "lifetime",
    "long_term_value",
    "mean_resentment",
    "mean_trust",
    "parameter_table",
    "realised_series",
    "realised_utilities",
    "record_of",
    "relationship_of",
    "renegotiate",
    "request_for",
    "resolve_condition",
    "run_series",
    "self_blame",
    "service_discount",
    "shares",
    "stay_probabilities",
    "stay_probability",
    "summarise",
    "update",
    "with_reservations",
]


__getattr__, __dir__ = lazy_names(__name__, _HOMES)
