"""A series of negotiations between the same two parties (yearly renewals, say).

`Series(scenario, "diplomat", "hardliner", rounds=10, seed=0).run()` plays up to
`rounds` negotiations. Before negotiation k (DESIGN.md, "Relationship model (v1)"):

1. circumstances change (`circumstances.draw`; none before the first): the
   scenario's *true* reservations move, and stay moved for later negotiations;
2. fresh strategies (`make(name)`) learn the relationship from their own side
   through `Strategy.relate` (a `RelationshipView`);
3. if the change holds a side below its new walk-away under the standing deal,
   it asks to renegotiate that deal and the other side's strategy decides
   (`Strategy.renegotiate`; `accord.relationship.renegotiation`, P16);
4. each side negotiates on its effective reservation, its true one raised by
   `effective_reservation(r, R, params)` (a resentful side negotiates harder),
   in a `Negotiation` with a seed derived from the series seed;

and after it:

5. the record is judged against the *true* reservations
   (`record_of(analysis of the true scenario, outcome)`);
6. conditions attached in earlier negotiations are resolved: the obligor meets
   one with probability `honour` (seeded draw), and `resolve_condition` moves trust;
7. `update` adds the record to the relationship;
8. unless it was the last, each side stays with `stay_probabilities` (seeded
   draw: resentment, trust, failed negotiations in a row, and how far it cares
   less than the other side); if one leaves, `leave` ends the series and both live on their BATNA
   for the remaining negotiations of the horizon (`long_term_value`).

Conditions still pending when the series ends (the last negotiation's, or at a
break-up) are resolved then too: the obligation runs for its term whether or
not the parties meet again.

Seeds: a series draws from two generators seeded by `SeedSequence(seed)`'s two
children. The first gives every negotiation the same fixed block, whatever
happened before: its negotiation seed, then (from the second negotiation on)
the three numbers of its circumstance, then the two stay draws. So a seed
fixes the circumstances of every negotiation whatever the strategies do
(paired comparisons of strategies). The second resolves conditions, in order,
as they come. The same seed gives byte-identical `SeriesResult.dumps()`.

Cost: the scenario is analysed once; a changed reservation pair re-uses the
frontier and recomputes only the bargaining points and the ZOPA, so a series
costs about `rounds` negotiations plus a small overhead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from accord.analysis.outcome import NegotiationOutcome, evaluate
from accord.analysis.points import kalai_smorodinsky_index, max_welfare_index, nash_index
from accord.analysis.report import NamedPoint, ScenarioAnalysis, analyse
from accord.analysis.zopa import Zopa, zopa
from accord.model.issues import ROLES, Role, other
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.protocol.transcript import Transcript
from accord.relationship.circumstances import (
    Circumstance,
    CircumstanceParams,
    draw,
    with_reservations,
)
from accord.relationship.effects import effective_reservation, stay_probabilities
from accord.relationship.observe import record_of
from accord.relationship.params import RelationshipParams
from accord.relationship.record import NegotiationRecord, Pair, Renegotiation, index_of
from accord.relationship.renegotiation import renegotiate, request_for
from accord.relationship.state import RelationshipState
from accord.relationship.update import leave, resolve_condition, update
from accord.relationship.value import SeriesSummary, realised_series, summarise
from accord.strategies import Strategy, make

#: Probability that the obligor meets a condition it accepted (P12: the art of
#: losing attaches a condition the other side "can easily meet"; 0.8 makes it
#: likely but not certain, so broken conditions occur and cost trust).
HONOUR = 0.8

StrategySpec = str | Callable[[], Strategy]


@dataclass(frozen=True)
class RelationshipView:
    """The relationship as one side sees it before a negotiation (`Strategy.relate`).

    Only what that side can know: its own resentment and dependence (how far its
    BATNA falls short of what the relationship delivered, P15, P17), the shared
    trust, how many negotiations were held, and per past negotiation its own
    realised utility (its BATNA when there was no deal; net of the other side's
    poorer service when resentful) and its own surplus share and fair share.

    The shares are the relationship record's assessment (they need the other
    side's utilities): in a long relationship the split of the gains becomes
    known ex post, as renewal talks review the past year's figures. Since both
    sides' shares sum to 1, the other side's shortfall below its fair share is
    then known too: `their_shortfall`. The other side's resentment and
    dependence are private and are not in the view. Known ex post the same way:
    per past negotiation its own utility at the fair (Nash) point, `fair_utilities`,
    the concessions each side made in it, in its own utility (`concessions`,
    `their_concessions`), and how many take-it-or-leave-its the other side issued
    (`their_ultimatums`, seen at the table): what lets a side recognise an
    exploiter (issue 14).
    """

    role: Role
    negotiations: int = 0
    resentment: float = 0.0
    trust: float = 0.5
    dependence: float = 0.0
    utilities: tuple[float, ...] = ()
    shares: tuple[float | None, ...] = ()
    fair_shares: tuple[float | None, ...] = ()
    fair_utilities: tuple[float | None, ...] = ()
    concessions: tuple[float, ...] = ()
    their_concessions: tuple[float, ...] = ()
    their_ultimatums: tuple[int, ...] = ()

    @property
    def last_margin(self) -> float | None:
        """Own share minus own fair share in the last negotiation (None if unknown)."""
        if not self.shares:
            return None
        x, f = self.shares[-1], self.fair_shares[-1]
        return None if x is None or f is None else x - f

    @property
    def their_shortfall(self) -> float:
        """How far the last negotiation left the other side below its fair share."""
        m = self.last_margin
        return 0.0 if m is None else max(0.0, m)


def relationship_of(
    state: RelationshipState, role: Role, params: RelationshipParams
) -> RelationshipView:
    """`role`'s view of the relationship (cheap: one pass over the history)."""
    return relationships_of(state, params)[index_of(role)]


def relationships_of(
    state: RelationshipState, params: RelationshipParams
) -> tuple[RelationshipView, RelationshipView]:
    """Both sides' views of the relationship, A's first (one pass for both)."""
    realised = realised_series(state, params)
    n = len(state.history)
    shares = [r.shares for r in state.history]
    fair = [r.fair_shares for r in state.history]
    return (
        _view(state, "A", n, realised[:, 0], shares, fair),
        _view(state, "B", n, realised[:, 1], shares, fair),
    )


def _view(
    state: RelationshipState,
    role: Role,
    n: int,
    realised: np.ndarray,
    shares: list[Pair | None],
    fair: list[Pair | None],
) -> RelationshipView:
    k = index_of(role)
    return RelationshipView(
        role=role,
        negotiations=n,
        resentment=state.resentment[k],
        trust=state.trust,
        dependence=state.dependence[k],
        utilities=tuple(realised.tolist()),
        shares=tuple(None if x is None else x[k] for x in shares),
        fair_shares=tuple(None if f is None else f[k] for f in fair),
        fair_utilities=tuple(None if r.nash is None else r.nash[k] for r in state.history),
        concessions=tuple(r.concessions[k] for r in state.history),
        their_concessions=tuple(r.concessions[1 - k] for r in state.history),
        their_ultimatums=tuple(r.tactic(other(role), "ultimatum") for r in state.history),
    )


@dataclass(frozen=True)
class SeriesRound:
    """One negotiation of a series and what followed it.

    `reservations` are the true ones after the circumstance, `effective` the
    ones the sides negotiated with; `renegotiation` the good-faith request the
    circumstance prompted about the previous deal, if any (P16); `outcome` the
    negotiation judged against the true reservations and `record` what the
    relationship keeps of it; `resolved` lists (negotiation index, honoured) for
    the conditions resolved after it; `stay` each side's probability of staying
    and `stayed` the draw (None after the last negotiation); `state` the
    relationship after all of it.
    """

    index: int
    seed: int
    circumstance: Circumstance
    reservations: Pair
    effective: Pair
    renegotiation: Renegotiation | None
    transcript: Transcript
    outcome: NegotiationOutcome
    record: NegotiationRecord
    resolved: tuple[tuple[int, bool], ...]
    stay: Pair | None
    stayed: tuple[bool, bool] | None
    state: RelationshipState

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "seed": self.seed,
            "circumstance": self.circumstance.to_json(),
            "reservations": list(self.reservations),
            "effective_reservations": list(self.effective),
            "renegotiation": None if self.renegotiation is None else self.renegotiation.to_json(),
            "resolved": [[j, h] for j, h in self.resolved],
            "stay_probability": None if self.stay is None else list(self.stay),
            "stayed": None if self.stayed is None else list(self.stayed),
            "transcript": self.transcript.to_json(),
        }


@dataclass(frozen=True)
class SeriesResult:
    """A finished series: its rounds, the final relationship and the summary."""

    scenario: str
    strategies: tuple[str, str]
    horizon: int
    seed: int
    honour: float
    params: RelationshipParams
    circumstance_params: CircumstanceParams
    rounds: tuple[SeriesRound, ...]
    state: RelationshipState
    summary: SeriesSummary

    @property
    def transcripts(self) -> tuple[Transcript, ...]:
        return tuple(r.transcript for r in self.rounds)

    @property
    def circumstances(self) -> tuple[Circumstance, ...]:
        return tuple(r.circumstance for r in self.rounds)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "strategies": list(self.strategies),
            "horizon": self.horizon,
            "seed": self.seed,
            "honour": self.honour,
            "params": self.params.to_json(),
            "circumstance_params": self.circumstance_params.to_json(),
            "rounds": [r.to_json() for r in self.rounds],
            "state": self.state.to_json(),
            "summary": _summary_json(self.summary),
        }

    def dumps(self) -> str:
        """Canonical JSON text (sorted keys, no spaces): same seed, same bytes."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))


class Series:
    """Up to `rounds` negotiations between strategies `a` and `b` on `scenario`.

    `a` and `b` are registered names (made fresh by `make` for each negotiation)
    or zero-argument factories of strategies. `honour` is the true probability
    that the obligor meets a condition; `negotiation_rounds` overrides the
    scenario's deadline for each negotiation.
    """

    def __init__(
        self,
        scenario: Scenario,
        a: StrategySpec,
        b: StrategySpec,
        *,
        rounds: int = 10,
        seed: int = 0,
        params: RelationshipParams | None = None,
        circumstances: CircumstanceParams | None = None,
        honour: float = HONOUR,
        negotiation_rounds: int | None = None,
        analysis: ScenarioAnalysis | None = None,
    ) -> None:
        if rounds < 1:
            raise ValueError(f"a series needs at least one negotiation, not {rounds}")
        if type(seed) is not int or seed < 0:
            raise ValueError(f"seed must be a non-negative int, not {seed!r}")
        if not 0.0 <= honour <= 1.0:
            raise ValueError(f"honour {honour} is not a probability")
        self.scenario = scenario
        self.specs = (a, b)
        self.rounds = rounds
        self.seed = seed
        self.params = params or RelationshipParams()
        self.circumstances = circumstances or CircumstanceParams()
        self.honour = float(honour)
        self.negotiation_rounds = negotiation_rounds
        base = analysis if analysis is not None else analyse(scenario)
        if base.scenario is not scenario:
            raise ValueError("the analysis is of another scenario")
        self._analyses: dict[Pair, ScenarioAnalysis] = {scenario.reservations: base}

    # running ---------------------------------------------------------------------

    def __iter__(self) -> Iterator[SeriesRound]:
        """Play the series, yielding each negotiation as it finishes (a fresh run each time)."""
        p = self.params
        state = RelationshipState.start(p)
        true = self.scenario
        fixed, cond_rng = (
            np.random.default_rng(child) for child in np.random.SeedSequence(self.seed).spawn(2)
        )
        for k in range(self.rounds):
            neg_seed = int(fixed.integers(0, 2**63 - 1))
            circumstance = Circumstance.none() if k == 0 else draw(fixed, self.circumstances)
            u_stay = fixed.random(2)
            true = circumstance.apply(true)
            r = true.reservations
            analysis = self._analysis(true)
            strategies = [self._make(spec) for spec in self.specs]
            for strategy, view in zip(strategies, relationships_of(state, p), strict=True):
                strategy.relate(view)
            renegotiation = None
            request = request_for(state, r, analysis.frontier, circumstance.label)
            if request is not None:
                granted = bool(strategies[index_of(request.role)].renegotiate(request))
                state = renegotiate(state, request, granted, p)
                renegotiation = state.history[-1].renegotiation
            table = with_reservations(
                true,
                (
                    effective_reservation(r[0], state.resentment[0], p),
                    effective_reservation(r[1], state.resentment[1], p),
                ),
            )
            transcript = Negotiation(
                table, strategies[0], strategies[1], seed=neg_seed, rounds=self.negotiation_rounds
            ).run()
            outcome = evaluate(analysis, transcript)
            record = record_of(analysis, outcome)

            state, resolved = self._resolve(state, cond_rng)
            state = update(state, record, p)

            last = k == self.rounds - 1
            stay: Pair | None = None
            stayed: tuple[bool, bool] | None = None
            if not last:
                stay = stay_probabilities(state, p)
                stayed = (bool(u_stay[0] < stay[0]), bool(u_stay[1] < stay[1]))
                leavers = [role for role, s in zip(ROLES, stayed, strict=True) if not s]
                if leavers:
                    state = leave(state, *leavers)
            if last or state.ended:
                state, more = self._resolve(state, cond_rng)
                resolved += more
            yield SeriesRound(
                index=k,
                seed=neg_seed,
                circumstance=circumstance,
                reservations=r,
                effective=table.reservations,
                renegotiation=renegotiation,
                transcript=transcript,
                outcome=outcome,
                record=record,
                resolved=resolved,
                stay=stay,
                stayed=stayed,
                state=state,
            )
            if state.ended:
                return

    def run(self) -> SeriesResult:
        """Play the whole series and summarise it."""
        played = tuple(self)
        state = played[-1].state
        names = played[0].transcript.strategies
        return SeriesResult(
            scenario=self.scenario.name,
            strategies=(names[0], names[1]),
            horizon=self.rounds,
            seed=self.seed,
            honour=self.honour,
            params=self.params,
            circumstance_params=self.circumstances,
            rounds=played,
            state=state,
            summary=summarise(state, self.params, self.rounds),
        )

    # pieces ----------------------------------------------------------------------

    @staticmethod
    def _make(spec: StrategySpec) -> Strategy:
        return make(spec) if isinstance(spec, str) else spec()

    def _resolve(
        self, state: RelationshipState, rng: np.random.Generator
    ) -> tuple[RelationshipState, tuple[tuple[int, bool], ...]]:
        """Resolve every pending condition, in order, by a draw against `honour`."""
        done = []
        for j, rec in enumerate(state.history):
            if rec.condition is not None and rec.condition.honoured is None:
                honoured = bool(rng.random() < self.honour)
                state = resolve_condition(state, j, honoured, self.params)
                done.append((j, honoured))
        return state, tuple(done)

    def _analysis(self, scenario: Scenario) -> ScenarioAnalysis:
        """The analysis of `scenario` (same issues and utilities as the series' own,
        other reservations): the frontier and trades are shared (they do not depend
        on reservations), the bargaining points recomputed, the ZOPA on first read."""
        key = scenario.reservations
        found = self._analyses.get(key)
        if found is None:
            found = self._analyses[key] = _reanalysed(next(iter(self._analyses.values())), scenario)
        return found


class _Reanalysed(ScenarioAnalysis):
    """A `ScenarioAnalysis` whose ZOPA is counted only when read: judging a
    negotiation (`evaluate`, `record_of`) never reads it, and counting it costs
    more than a negotiation on a large space."""

    @property
    def zopa(self) -> Zopa:
        z = self.__dict__.get("_zopa")
        if z is None:
            s = self.scenario
            z = zopa(s.a.preferences.utility, s.b.preferences.utility, s.reservations, seed=0)
            object.__setattr__(self, "_zopa", z)
        return z


def _reanalysed(base: ScenarioAnalysis, scenario: Scenario) -> ScenarioAnalysis:
    utils, digits = base.frontier, base.frontier_digits
    r = scenario.reservations

    def named(i: int | None) -> NamedPoint | None:
        if i is None:
            return None
        a, b = utils[i]
        return NamedPoint((float(a), float(b)), scenario.space.named(digits[i]))

    values = {
        "scenario": scenario,
        "frontier": utils,
        "frontier_digits": digits,
        "nash": named(nash_index(utils, r)),
        "kalai_smorodinsky": named(kalai_smorodinsky_index(utils, r)),
        "max_welfare": named(max_welfare_index(utils, r)),
        "logrolls": base.logrolls,
        "value_adds": base.value_adds,
    }
    result = object.__new__(_Reanalysed)
    for f in fields(ScenarioAnalysis):
        if f.name != "zopa":
            object.__setattr__(result, f.name, values[f.name])
    return result


def run_series(scenario: Scenario, a: StrategySpec, b: StrategySpec, **kwargs: Any) -> SeriesResult:
    """`Series(scenario, a, b, **kwargs).run()`."""
    return Series(scenario, a, b, **kwargs).run()


def _summary_json(s: SeriesSummary) -> dict[str, Any]:
    d = asdict(s)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


__all__ = [
    "HONOUR",
    "RelationshipView",
    "Series",
    "SeriesResult",
    "SeriesRound",
    "relationship_of",
    "relationships_of",
    "run_series",
]
