"""The class debrief on real negotiations: pairs of accord strategies play a shipped case
through the engine, and every figure is checked against the debrief and the outcome
metrics it must come from, and the CSV read back."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from accord.analysis.outcome import evaluate
from accord.analysis.report import ScenarioAnalysis, analyse
from accord.classroom.cases import case
from accord.classroom.class_debrief import (
    COLUMNS,
    ClassDebrief,
    PairNegotiation,
    class_debrief,
    pair_result,
    spread,
    summarise,
)
from accord.debrief import debrief
from accord.errors import InputError
from accord.protocol.engine import Negotiation
from accord.protocol.moves import Move, WalkAway
from accord.protocol.strategy import Strategy
from accord.protocol.transcript import Transcript
from accord.protocol.view import View
from accord.strategies import make

CASE = "dealer_rebate"


class Walker(Strategy):
    """Walks away at its first move."""

    name = "walker"

    def act(self, view: View) -> Move:
        return WalkAway()


def talks(a: str, b: str) -> Transcript:
    scenario = case(CASE).scenario
    other = Walker() if b == "walker" else make(b)
    return Negotiation(scenario, make(a), other, seed=0).run()


#: (label, A's strategy, B's strategy, students, minutes)
PLAYS = (
    ("Pair 1", "diplomat", "hardliner", ("Ann", "Bo"), 22.0),
    ("Pair 2", "boulware", "boulware", ("Cy", "Di"), 18.5),
    ("Pair 3", "diplomat", "diplomat", ("Ed", "Flo"), None),
    ("Pair 4", "diplomat", "walker", ("Gus", "Hal"), 3.0),
    ("Pair 5", "conceder", "linear", ("Ivy", None), 9.0),
)


@cache
def analysis() -> ScenarioAnalysis:
    return analyse(case(CASE).scenario)


@cache
def negotiations() -> tuple[PairNegotiation, ...]:
    return tuple(PairNegotiation(lab, talks(a, b), who, m) for lab, a, b, who, m in PLAYS)


@cache
def the_class() -> ClassDebrief:
    return class_debrief(analysis(), negotiations())


def test_the_plays_cover_deals_and_no_deals() -> None:
    reasons = [p.transcript.ending.reason for p in negotiations() if p.transcript.ending]
    assert reasons == ["ultimatum_refused", "agreement", "agreement", "walk_away", "agreement"]


def test_the_deal_rate_is_agreements_over_pairs() -> None:
    cd = the_class()
    ended = [p.transcript.ending for p in negotiations()]
    agreements = sum(e is not None and e.reason == "agreement" for e in ended)
    assert cd.deals == agreements == 3
    assert cd.deal_rate == pytest.approx(agreements / len(PLAYS))
    assert [p.agreement for p in cd.pairs] == [False, True, True, False, True]
    assert class_debrief(analysis(), ()).deal_rate is None


def test_every_pair_figure_is_the_debriefs() -> None:
    for p, n in zip(the_class().pairs, negotiations(), strict=True):
        d = debrief(analysis(), n.transcript, "A")
        o = evaluate(analysis(), n.transcript)
        assert p.utilities == d.result.utilities == o.utilities
        assert p.shares == o.surplus_share
        assert p.joint_left == d.efficiency.joint_left
        assert p.left_on_table == d.efficiency.left_on_table
        assert p.distance_to_frontier == d.efficiency.distance_to_frontier
        if o.condition is None:  # a conditional deal is judged at face value (the debrief's rule)
            assert p.distance_to_frontier == o.distance_to_pareto
        assert p.rounds == o.rounds_used
        assert p.broken("B") == tuple(
            v.principle for v in debrief(analysis(), n.transcript, "B").broken
        )


def test_a_deal_on_the_frontier_leaves_nothing_on_the_table() -> None:
    frontier = {(round(float(a), 9), round(float(b), 9)) for a, b in analysis().frontier}
    on = [
        p
        for p in the_class().pairs
        if p.agreement and tuple(round(u, 9) for u in p.point) in frontier
    ]
    assert {p.label for p in on} >= {"Pair 2"}
    for p in on:
        assert p.joint_left == 0.0 and p.left_on_table == (0.0, 0.0)
        assert p.distance_to_frontier == pytest.approx(0.0)
    off = next(p for p in the_class().pairs if p.label == "Pair 3")
    assert tuple(round(u, 9) for u in off.point) not in frontier
    assert off.joint_left > 0.01  # diplomat with diplomat settles short of the frontier


def test_the_shares_of_a_deal_sum_to_one_and_a_no_deal_has_none() -> None:
    for p in the_class().pairs:
        if p.agreement:
            assert p.shares is not None and sum(p.shares) == pytest.approx(1.0)
            assert all(0.0 <= s <= 1.0 for s in p.shares)
        else:
            assert p.shares is None and p.utilities == analysis_batna()


def analysis_batna() -> tuple[float, float]:
    s = analysis().scenario
    return (s.a.preferences.reservation, s.b.preferences.reservation)


def test_the_class_figures_are_means_and_spreads_of_the_pairs() -> None:
    cd = the_class()
    deals = [p for p in cd.pairs if p.agreement]
    shares = [p.shares[0] for p in deals if p.shares is not None]
    assert cd.shares is not None and cd.shares.n == 3
    assert cd.shares.mean == pytest.approx(sum(shares) / 3)
    assert (cd.shares.low, cd.shares.high) == (min(shares), max(shares))
    assert cd.left_on_table is not None and cd.left_on_table.n == 5
    assert cd.left_on_table.mean == pytest.approx(sum(p.joint_left for p in cd.pairs) / 5)
    assert cd.rounds_to_agreement is not None
    assert cd.rounds_to_agreement.mean == pytest.approx(sum(p.rounds for p in deals) / 3)
    minutes = cd.minutes_to_agreement  # Pair 3 was not timed; no-deals do not count
    assert (
        minutes is not None and minutes.n == 2 and minutes.mean == pytest.approx((18.5 + 9.0) / 2)
    )
    assert spread([]) is None
    one = spread([2.0])
    assert one is not None and one.sd == 0.0
    assert spread([1.0, 3.0]) == spread([3.0, 1.0])


def test_principles_are_counted_over_the_students_seats_only() -> None:
    cd = the_class()
    assert cd.students == 9  # Pair 5's side B is a strategy
    broken: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    for p, (_, _, _, who, _) in zip(cd.pairs, PLAYS, strict=True):
        for role, student in zip("AB", who, strict=True):
            if student is not None:
                d = p.seat(role)  # type: ignore[arg-type]
                broken.update(v.principle for v in d.broken)
                judged.update(v.principle for v in d.checklist)
    counts = cd.principles()
    assert {c.principle: c.broken for c in counts if c.broken} == dict(broken)
    assert {c.principle: c.kept + c.broken + c.not_applicable for c in counts} == dict(judged)
    assert [c.broken for c in counts] == sorted((c.broken for c in counts), reverse=True)
    top = counts[0]
    assert top.broken == max(broken.values()) and len(top.broken_by) == top.broken
    assert all(name is not None for c in counts for name in c.broken_by)


def test_the_chart_holds_the_frontier_and_every_pair() -> None:
    chart = the_class().chart()
    assert len(chart.frontier) == len(analysis().frontier)
    assert list(chart.frontier) == sorted(chart.frontier)
    assert chart.nash == analysis().nash.utilities  # type: ignore[union-attr]
    assert chart.batna == analysis_batna()
    assert [(label, ok) for label, _, ok in chart.points] == [
        (p.label, p.agreement) for p in the_class().pairs
    ]


def test_the_csv_round_trips(tmp_path: Path) -> None:
    cd = the_class()
    path = tmp_path / "class.csv"
    cd.write_csv(path)
    text = path.read_text(encoding="utf-8")
    assert text == cd.csv()
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    rows = list(reader)
    assert len(rows) == len(cd.pairs)
    for row, p in zip(rows, cd.pairs, strict=True):
        assert row["pair"] == p.label
        assert (row["student_a"], row["student_b"]) == tuple(s or "" for s in p.students)
        assert row["agreement"] == ("yes" if p.agreement else "no")
        assert float(row["utility_a"]) == pytest.approx(p.utilities[0], abs=5e-5)
        assert float(row["left_joint"]) == pytest.approx(p.joint_left, abs=5e-5)
        assert int(row["rounds"]) == p.rounds
        assert row["broken_a"].split() == list(p.broken("A"))
        if p.shares is None:
            assert row["share_a"] == row["share_b"] == "" and row["terms"] == ""
        else:
            assert float(row["share_a"]) + float(row["share_b"]) == pytest.approx(1.0, abs=2e-4)
            assert "=" in row["terms"]
        assert row["minutes"] == ("" if p.minutes is None else f"{p.minutes:.4f}")


def test_the_json_is_plain_data() -> None:
    data = json.loads(json.dumps(the_class().to_json()))
    assert data["deals"] == 3 and len(data["pairs"]) == 5
    assert data["principles"][0]["broken"] == the_class().principles()[0].broken
    assert data["pairs"][4]["students"] == {"A": "Ivy", "B": None}


def test_debriefs_the_rooms_already_hold_are_summed_the_same() -> None:
    n = negotiations()[1]
    seats = (debrief(analysis(), n.transcript, "A"), debrief(analysis(), n.transcript, "B"))
    made = summarise(analysis(), [pair_result(n.label, seats, n.students, n.minutes)])
    assert made.pairs[0].to_json() == the_class().pairs[1].to_json()
    with pytest.raises(InputError, match="side A's and side B's"):
        pair_result(n.label, (seats[1], seats[0]), n.students)
    again = Transcript.from_json(n.transcript.to_json())  # as a room reloaded from its store
    b_again = debrief(analysis(), again, "B")
    assert pair_result(n.label, (seats[0], b_again), n.students).agreement
    elsewhere = debrief(analysis(), negotiations()[2].transcript, "B")
    with pytest.raises(InputError, match="one negotiation"):
        pair_result(n.label, (seats[0], elsewhere), n.students)


def test_an_unfinished_or_foreign_negotiation_is_refused_by_pair() -> None:
    open_talks = Transcript(case(CASE).scenario.name, ("x", "y"), 0, 10)
    with pytest.raises(InputError, match="Pair 9: the negotiation has not ended"):
        class_debrief(analysis(), [PairNegotiation("Pair 9", open_talks, ("A", "B"))])
    other = case("saas_renewal").scenario
    foreign = Negotiation(other, make("boulware"), make("boulware"), seed=0).run()
    with pytest.raises(InputError, match="Pair 8: the transcript is of scenario"):
        class_debrief(analysis(), [PairNegotiation("Pair 8", foreign, ("A", "B"))])
