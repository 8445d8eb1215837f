"""The class debrief: every pair's outcome of one exercise, and the class's figures.

Each pair is debriefed by `accord.debrief.debrief` from both seats, and every
number of a pair is read off those debriefs, never recomputed: the agreement
and both utilities (`Result`), the surplus shares (the outcome metrics'
`surplus_share`: each side's positive surplus over both, summing to 1), the
value left on the table (`Efficiency.left_on_table` and its sum `joint_left`:
what each side gains at the nearest frontier deal better for both, or without
an agreement at the Nash point), the distance to the frontier, welfare and the
maximum welfare, and the rounds used. The class's figures are plain sums,
means and spreads of those: the deal rate (agreements over pairs), the mean
and spread of A's share among deals, the value left on the table, the time to
agreement in rounds (and minutes when the caller gives them), and the
principles kept and broken counted over the students' seats (a seat played by
an accord strategy is not a student and is not counted).

`chart` is the data of the Pareto chart (the frontier, the Nash point, both
BATNAs and every pair's point); `csv` one row per pair (`COLUMNS`), written
with `accord.export.page` as every CSV of accord.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.analysis.report import ScenarioAnalysis, analyse
from accord.debrief import Debrief, debrief
from accord.doctrine import PRINCIPLES
from accord.errors import InputError
from accord.export.page import Cell, csv_text, write_csv
from accord.model.issues import ROLES, Role, Value
from accord.model.scenario import Scenario
from accord.model.units import show_terms
from accord.protocol.transcript import Transcript

Pair = tuple[float, float]

#: The CSV's columns, one row per pair; utilities and shares are (A, B).
COLUMNS = (
    "pair",
    "student_a",
    "student_b",
    "agreement",
    "reason",
    "terms",
    "utility_a",
    "utility_b",
    "share_a",
    "share_b",
    "welfare",
    "max_welfare",
    "left_a",
    "left_b",
    "left_joint",
    "distance_to_frontier",
    "rounds",
    "minutes",
    "broken_a",
    "broken_b",
)


@dataclass(frozen=True)
class PairNegotiation:
    """One pair's finished negotiation: its label (e.g. "Pair 3"), its transcript, the
    student at each side (None for a seat an accord strategy played) and the minutes
    it took when the caller timed it (`session.active_minutes`)."""

    label: str
    transcript: Transcript
    students: tuple[str | None, str | None]
    minutes: float | None = None


@dataclass(frozen=True)
class PairResult:
    """One pair's outcome, read off its two debriefs (A's seat, B's seat)."""

    label: str
    students: tuple[str | None, str | None]
    debriefs: tuple[Debrief, Debrief] = field(repr=False)
    minutes: float | None = None

    @property
    def agreement(self) -> bool:
        return self.debriefs[0].result.agreement

    @property
    def reason(self) -> str:
        return self.debriefs[0].result.reason

    @property
    def terms(self) -> dict[str, Value] | None:
        return self.debriefs[0].result.terms

    @property
    def utilities(self) -> Pair:
        return self.debriefs[0].result.utilities

    @property
    def shares(self) -> Pair | None:
        return self.debriefs[0].result.shares

    @property
    def point(self) -> Pair:
        """The pair's point on the Pareto chart (a conditional deal at face value)."""
        return self.debriefs[0].efficiency.point

    @property
    def welfare(self) -> float:
        return self.debriefs[0].efficiency.welfare

    @property
    def max_welfare(self) -> float | None:
        return self.debriefs[0].efficiency.max_welfare

    @property
    def left_on_table(self) -> Pair:
        return self.debriefs[0].efficiency.left_on_table

    @property
    def joint_left(self) -> float:
        return self.debriefs[0].efficiency.joint_left

    @property
    def distance_to_frontier(self) -> float:
        return self.debriefs[0].efficiency.distance_to_frontier

    @property
    def rounds(self) -> int:
        """Rounds used: the round of the last move, counted from 1."""
        return self.debriefs[0].rounds_used

    def seat(self, role: Role) -> Debrief:
        return self.debriefs[ROLES.index(role)]

    def broken(self, role: Role) -> tuple[str, ...]:
        """The principles side `role` broke (its own debrief's checklist)."""
        return tuple(v.principle for v in self.seat(role).broken)

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "students": {"A": self.students[0], "B": self.students[1]},
            "agreement": self.agreement,
            "reason": self.reason,
            "terms": self.terms,
            "utilities": list(self.utilities),
            "shares": None if self.shares is None else list(self.shares),
            "point": list(self.point),
            "welfare": self.welfare,
            "max_welfare": self.max_welfare,
            "left_on_table": list(self.left_on_table),
            "joint_left_on_table": self.joint_left,
            "distance_to_frontier": self.distance_to_frontier,
            "rounds": self.rounds,
            "minutes": self.minutes,
            "broken": {"A": list(self.broken("A")), "B": list(self.broken("B"))},
        }


@dataclass(frozen=True)
class Spread:
    """Mean, population standard deviation, least and most of `n` values."""

    n: int
    mean: float
    sd: float
    low: float
    high: float

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "mean": self.mean, "sd": self.sd, "low": self.low, "high": self.high}


def spread(values: Sequence[float]) -> Spread | None:
    """The spread of `values`; None without any."""
    if not values:
        return None
    xs = [float(x) for x in values]
    return Spread(len(xs), statistics.fmean(xs), statistics.pstdev(xs), min(xs), max(xs))


@dataclass(frozen=True)
class PrincipleCount:
    """How the students' seats stood on one principle, over the class."""

    principle: str
    name: str
    kept: int
    broken: int
    not_applicable: int
    #: The students who broke it, in pair order.
    broken_by: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "principle": self.principle,
            "name": self.name,
            "kept": self.kept,
            "broken": self.broken,
            "not_applicable": self.not_applicable,
            "broken_by": list(self.broken_by),
        }


@dataclass(frozen=True)
class ParetoChart:
    """The data of the class's Pareto chart, every point (A's utility, B's utility)."""

    frontier: tuple[Pair, ...]
    nash: Pair | None
    batna: Pair
    #: Each pair's label, point and whether it agreed.
    points: tuple[tuple[str, Pair, bool], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "frontier": [list(p) for p in self.frontier],
            "nash": None if self.nash is None else list(self.nash),
            "batna": list(self.batna),
            "points": [
                {"label": label, "utilities": list(p), "agreement": ok}
                for label, p, ok in self.points
            ],
        }


@dataclass(frozen=True)
class ClassDebrief:
    """Every pair's result and the class's figures (see the module's doc)."""

    scenario: str
    pairs: tuple[PairResult, ...]
    analysis: ScenarioAnalysis = field(repr=False)

    @property
    def deals(self) -> int:
        return sum(p.agreement for p in self.pairs)

    @property
    def deal_rate(self) -> float | None:
        """Agreements over pairs; None without pairs."""
        return self.deals / len(self.pairs) if self.pairs else None

    @property
    def shares(self) -> Spread | None:
        """Side A's surplus share over the deals that have one (B's is 1 minus it)."""
        return spread([p.shares[0] for p in self.pairs if p.shares is not None])

    @property
    def left_on_table(self) -> Spread | None:
        """The value left on the table (both sides' gains together), over every pair."""
        return spread([p.joint_left for p in self.pairs])

    @property
    def distance_to_frontier(self) -> Spread | None:
        return spread([p.distance_to_frontier for p in self.pairs])

    @property
    def rounds_to_agreement(self) -> Spread | None:
        return spread([p.rounds for p in self.pairs if p.agreement])

    @property
    def minutes_to_agreement(self) -> Spread | None:
        return spread([p.minutes for p in self.pairs if p.agreement and p.minutes is not None])

    @property
    def students(self) -> int:
        """Seats played by students."""
        return sum(s is not None for p in self.pairs for s in p.students)

    def principles(self) -> tuple[PrincipleCount, ...]:
        """Each principle's count over the students' seats, the most broken first (then
        in the doctrine's order); principles no seat was judged on are left out."""
        tally: dict[str, dict[str, int]] = {}
        who: dict[str, list[str]] = {}
        for p in self.pairs:
            for role, student in zip(ROLES, p.students, strict=True):
                if student is None:
                    continue
                for v in p.seat(role).checklist:
                    t = tally.setdefault(v.principle, {"kept": 0, "broken": 0, "n/a": 0})
                    t["n/a" if v.status == "not applicable" else v.status] += 1
                    if v.status == "broken":
                        who.setdefault(v.principle, []).append(student)
        order = list(PRINCIPLES)
        counts = [
            PrincipleCount(
                k, PRINCIPLES[k][0], t["kept"], t["broken"], t["n/a"], tuple(who.get(k, ()))
            )
            for k, t in tally.items()
        ]
        rank = {k: i for i, k in enumerate(order)}
        return tuple(sorted(counts, key=lambda c: (-c.broken, rank.get(c.principle, len(order)))))

    def chart(self) -> ParetoChart:
        a = self.analysis
        s = a.scenario
        front = tuple(sorted((float(x), float(y)) for x, y in a.frontier))
        return ParetoChart(
            frontier=front,
            nash=None if a.nash is None else a.nash.utilities,
            batna=(s.a.preferences.reservation, s.b.preferences.reservation),
            points=tuple((p.label, p.point, p.agreement) for p in self.pairs),
        )

    def rows(self) -> list[dict[str, Cell]]:
        """One CSV row per pair (`COLUMNS`)."""
        issues = self.analysis.scenario.space.issues
        out: list[dict[str, Cell]] = []
        for p in self.pairs:
            shares = p.shares
            out.append(
                {
                    "pair": p.label,
                    "student_a": p.students[0] or "",
                    "student_b": p.students[1] or "",
                    "agreement": "yes" if p.agreement else "no",
                    "reason": p.reason,
                    "terms": "" if p.terms is None else show_terms(issues, p.terms),
                    "utility_a": p.utilities[0],
                    "utility_b": p.utilities[1],
                    "share_a": None if shares is None else shares[0],
                    "share_b": None if shares is None else shares[1],
                    "welfare": p.welfare,
                    "max_welfare": p.max_welfare,
                    "left_a": p.left_on_table[0],
                    "left_b": p.left_on_table[1],
                    "left_joint": p.joint_left,
                    "distance_to_frontier": p.distance_to_frontier,
                    "rounds": p.rounds,
                    "minutes": p.minutes,
                    "broken_a": " ".join(p.broken("A")),
                    "broken_b": " ".join(p.broken("B")),
                }
            )
        return out

    def csv(self) -> str:
        return csv_text(COLUMNS, self.rows())

    def write_csv(self, path: Path) -> None:
        write_csv(path, COLUMNS, self.rows())

    def to_json(self) -> dict[str, Any]:
        def opt(s: Spread | None) -> dict[str, Any] | None:
            return None if s is None else s.to_json()

        return {
            "scenario": self.scenario,
            "pairs": [p.to_json() for p in self.pairs],
            "deals": self.deals,
            "deal_rate": self.deal_rate,
            "students": self.students,
            "share_a": opt(self.shares),
            "left_on_table": opt(self.left_on_table),
            "distance_to_frontier": opt(self.distance_to_frontier),
            "rounds_to_agreement": opt(self.rounds_to_agreement),
            "minutes_to_agreement": opt(self.minutes_to_agreement),
            "principles": [c.to_json() for c in self.principles()],
            "chart": self.chart().to_json(),
        }


def pair_result(
    label: str,
    debriefs: tuple[Debrief, Debrief],
    students: tuple[str | None, str | None],
    minutes: float | None = None,
) -> PairResult:
    """A pair's result from the debriefs its two seats already have (the rooms keep
    them); they must be of one negotiation, A's seat first."""
    a, b = debriefs
    if (a.side, b.side) != ("A", "B") or a.transcript != b.transcript:
        raise InputError(
            f"{label}: the debriefs are not side A's and side B's of one negotiation",
            field="debriefs",
            expected="(A's debrief, B's debrief) of the pair's transcript",
        )
    return PairResult(label, students, debriefs, minutes)


def summarise(analysis: ScenarioAnalysis, pairs: Sequence[PairResult]) -> ClassDebrief:
    """The class debrief of results already made (`pair_result`), all of one scenario."""
    name = analysis.scenario.name
    for p in pairs:
        if p.debriefs[0].scenario != name:
            raise InputError(
                f"{p.label} negotiated '{p.debriefs[0].scenario}', not '{name}'",
                field="pairs",
                expected="every pair on the exercise's scenario",
            )
    return ClassDebrief(name, tuple(pairs), analysis)


def class_debrief(
    source: Scenario | ScenarioAnalysis, pairs: Sequence[PairNegotiation]
) -> ClassDebrief:
    """Debrief every pair's finished negotiation from both seats (one analysis of the
    scenario for all), and sum the class up. A pair whose talks have not ended, or of
    another scenario, is an `InputError` naming the pair."""
    analysis = source if isinstance(source, ScenarioAnalysis) else analyse(source)
    results = []
    for p in pairs:
        try:
            seats = (debrief(analysis, p.transcript, "A"), debrief(analysis, p.transcript, "B"))
        except InputError as e:
            raise InputError(
                f"{p.label}: {e.message}", source=e.source, field=e.field, expected=e.expected
            ) from None
        results.append(PairResult(p.label, p.students, seats, p.minutes))
    return summarise(analysis, results)


__all__ = [
    "COLUMNS",
    "ClassDebrief",
    "PairNegotiation",
    "PairResult",
    "ParetoChart",
    "PrincipleCount",
    "Spread",
    "class_debrief",
    "pair_result",
    "spread",
    "summarise",
]
