"""`debrief(...)`: a finished negotiation, read back from one side's seat.

One pure function of the scenario (or its analysis), the transcript, our side
and optionally our plan and the relationship before the talks. Every number
comes from accord's own functions: `analysis.outcome.evaluate` for the outcome
metrics, the analysis' frontier and Nash point, `relationship.record_of` and
`update` for resentment and trust, the advisor's detectors for tactics.
"""

from __future__ import annotations

from accord.advisor.history import Claim
from accord.analysis.outcome import evaluate
from accord.analysis.report import ScenarioAnalysis, analyse
from accord.debrief.checklist import SERIOUS, Facts, checklist
from accord.debrief.concessions import steps
from accord.debrief.efficiency import efficiency
from accord.debrief.model import Deal, Debrief, RelationshipEffect, Result
from accord.debrief.replay import replay
from accord.debrief.tactics import tactics
from accord.debrief.talks import Talks, plans_for
from accord.errors import InputError
from accord.model.issues import ROLES, Role
from accord.model.scenario import Scenario
from accord.plan.core import Plan
from accord.protocol.transcript import Transcript, check_fits
from accord.relationship import (
    RelationshipParams,
    RelationshipState,
    grievance,
    record_of,
    shares,
    stay_probabilities,
    update,
)


def debrief(
    source: Scenario | ScenarioAnalysis,
    transcript: Transcript,
    side: str | None = None,
    plan: Plan | None = None,
    *,
    state: RelationshipState | None = None,
    params: RelationshipParams | None = None,
    claims: tuple[Claim, ...] = (),
) -> Debrief:
    """The debrief of a finished negotiation for `side`, "A" or "B" in any case (default:
    the plan's, else A); any other text is an `InputError`.

    `plan` gives our walk-away, target, stance and add-ons kept for the close
    (else the default a strategy makes: walk-away at the BATNA, target at the
    fair deal plus the edge). `state` is the relationship before the talks
    (default: a new one), `params` the relationship model's parameters, `claims`
    what was said beside the moves (a deadline they claimed, from a moves file).
    Raises `InputError` for talks that have not ended or that do not belong to
    the scenario or the plan.
    """
    analysis = source if isinstance(source, ScenarioAnalysis) else analyse(source, transcript.seed)
    role = _side(side, plan)
    _check(analysis, transcript, role, plan)
    outcome = evaluate(analysis, transcript)
    talks = Talks(analysis, transcript, outcome, role, plans_for(analysis, role, plan), claims)
    eff = efficiency(analysis, outcome, role)
    moments = replay(talks.plans[role], transcript, claims)
    warned = {
        m.turn: frozenset(p for c in m.cautions if c.severity in SERIOUS for p in c.principles)
        for m in moments
    }
    uses = tactics(talks, warned)  # our answers judged as the checklist judges them
    rel = _relationship(talks, state, params or RelationshipParams())
    scenario = analysis.scenario
    return Debrief(
        scenario=scenario.name,
        side=role,
        parties=(scenario.a.name, scenario.b.name),
        strategies=transcript.strategies,
        rounds=transcript.rounds,
        rounds_used=outcome.rounds_used,
        result=_result(talks, plan),
        efficiency=eff,
        concessions=steps(outcome),
        tactics=uses,
        relationship=rel,
        checklist=checklist(Facts(talks, uses, eff, rel, moments)),
        advice=moments,
        analysis=analysis,
        transcript=transcript,
        outcome=outcome,
    )


def _side(side: str | None, plan: Plan | None) -> Role:
    if side is None:
        return plan.side if plan is not None else "A"
    role = side.strip().upper()
    if role not in ROLES:
        raise InputError(f"side '{side}'", field="--side", expected="A or B")
    if plan is not None and plan.side != role:
        raise InputError(
            f"the plan is for side {plan.side}, the debrief asked for {role}",
            source=plan.source or None,
            field="side",
            expected=f"--side {plan.side}, or no --side",
        )
    return role


def _check(
    analysis: ScenarioAnalysis, transcript: Transcript, side: Role, plan: Plan | None
) -> None:
    scenario = analysis.scenario
    if transcript.scenario != scenario.name:
        raise InputError(
            f"the transcript is of scenario '{transcript.scenario}', not '{scenario.name}'",
            field="scenario",
            expected="the scenario the negotiation was held on",
        )
    if transcript.ending is None:
        raise InputError(
            "the negotiation has not ended: there is nothing to debrief yet",
            field="ending",
            expected="a finished negotiation (an agreement, a walk-away or the deadline)",
        )
    check_fits(transcript, scenario.space, None)
    if plan is not None and plan.scenario is not None and plan.scenario.name != scenario.name:
        raise InputError(
            f"the plan is for scenario '{plan.scenario.name}', not '{scenario.name}'",
            source=plan.source or None,
            field="scenario",
            expected="a plan for the negotiation's scenario",
        )
    if plan is not None and plan.space.issues != scenario.space.issues:
        raise InputError(
            "the plan's issues are not the scenario's",
            source=plan.source or None,
            field="issues",
            expected="a plan for the negotiation's scenario",
        )


def _result(talks: Talks, plan: Plan | None) -> Result:
    o, a = talks.outcome, talks.analysis
    nash = None if a.nash is None else Deal(a.nash.utilities, a.nash.outcome)
    fair = None
    if nash is not None:
        r = o.reservations
        fair = shares((nash.utilities[0] - r[0], nash.utilities[1] - r[1]))
    condition = None
    if o.condition is not None:
        c = o.condition
        condition = c.text or f"a condition on {c.issue} ({c.obligor} to meet it)"
    ending = talks.transcript.ending
    return Result(
        agreement=o.agreement,
        reason=o.reason,
        turn=None if ending is None else ending.turn,
        terms=o.values,
        condition=condition,
        utilities=o.utilities,
        reservations=o.reservations,
        walk_away=talks.walk_away[talks.side],
        target=talks.targets[talks.side],
        target_source="plan" if plan is not None and plan.target is not None else "derived",
        nash=nash,
        surplus=o.surplus,
        shares=o.surplus_share,
        fair_shares=fair,
    )


def _relationship(
    talks: Talks, state: RelationshipState | None, params: RelationshipParams
) -> RelationshipEffect:
    before = state if state is not None else RelationshipState.start(params)
    if before.ended:
        raise InputError(
            f"the relationship has ended ({', '.join(before.left)} left): no negotiation follows",
            field="relationship",
        )
    record = record_of(talks.analysis, talks.outcome)
    after = update(before, record, params)
    g = (grievance(record, "A", params), grievance(record, "B", params))
    return RelationshipEffect(
        resentment_before=before.resentment,
        resentment_after=after.resentment,
        trust_before=before.trust,
        trust_after=after.trust,
        grievances=g,
        stay=stay_probabilities(after, params),  # the same exits as a series
        record=record,
    )
