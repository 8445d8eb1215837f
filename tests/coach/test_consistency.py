"""The coach, the advice, the debrief and the ledger never contradict each other.

Fifty seeded coached negotiations are driven through the coach's library API the
way a person types them: advised moves, offers of their own, conditional offers,
holding, silence, add-ons, ultimatums, their deadline claims and pauses (live
talks, where we type both sides), answers to the coach's warnings (yes and no),
and undo. For each, the test asserts that

- every warning the coach showed about a move we made (and kept) is in the
  debrief's checklist as that principle broken at that round, and that every
  breach the checklist reports on our moves was such a warning;
- the advice the coach showed equals `accord advise` on the same talks;
- the figures the coach showed at the end equal the debrief's, the debrief the
  coach showed equals `accord debrief ID` on the stored negotiation (which uses
  the plan it was coached with), and the ledger's trust and resentment after it
  equal the debrief's.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, JAPAN

from accord.advisor import advise
from accord.coach import CoachSession, Reply
from accord.coach.ending import debrief_of, summary
from accord.debrief import Debrief
from accord.debrief.checklist import NAMES, SERIOUS
from accord.debrief.sources import from_store
from accord.model.issues import Value
from accord.plan.core import Caution, Plan
from accord.plan.estimate import limit
from accord.store import Store, ledger, open_store

DEALER_PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
AGAINST = (None, "boulware", "hardliner", "conceder", "tit_for_tat", None)
SEEDS = range(50)


@pytest.fixture(scope="module")
def japan_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Plans for the second example, one for each side, as `accord plan new` writes them."""
    from accord.formats import load_scenario
    from accord.plan.template import template

    folder = tmp_path_factory.mktemp("plans")
    scenario = load_scenario(JAPAN)
    out = {}
    for side in ("A", "B"):
        path = folder / f"japan_{side}.plan.yaml"
        path.write_text(template(scenario, str(JAPAN), side, None), encoding="utf-8")
        out[side] = path
    return out


@dataclass
class Driver:
    """Types lines into a session at random, as a person would, and keeps what it showed."""

    session: CoachSession
    rng: random.Random
    shown: dict[int, tuple[Caution, ...]] = field(default_factory=dict)  # our event -> cautions

    @property
    def plan(self) -> Plan:
        return self.session.plan

    def type(self, line: str) -> Reply:
        """One line, and the answer `yes` or `no` when the coach asks before our move."""
        before = len(self.session.transcript.events)
        reply = self.session.handle(line)
        cautions = reply.cautions
        if reply.question is not None and reply.question.text.endswith("(yes / no)"):
            answer = self.rng.choice(("yes", "yes", "no"))
            reply = self.session.handle(answer)
            if answer == "no":
                return reply
        elif reply.question is not None and reply.question.options:
            reply = self.session.handle(reply.question.options[0][0])
            cautions = reply.cautions
        self._record(before, cautions)
        if reply.advice is not None:
            expected = advise(self.plan, self.session.history())
            assert reply.advice.to_json() == expected.to_json(), line
        return reply

    def _record(self, before: int, cautions: tuple[Caution, ...]) -> None:
        events = self.session.transcript.events
        for k in [k for k in self.shown if k >= len(events)]:  # undone
            del self.shown[k]
        ours = [k for k in range(before, len(events)) if events[k].actor == self.plan.side]
        if ours and len(events) > before:
            self.shown[ours[0]] = cautions

    def warned(self) -> set[tuple[str, int]]:
        """(principle, turn) of every serious warning shown about a move we made."""
        events = self.session.transcript.events
        return {
            (p, events[k].turn)
            for k, cautions in self.shown.items()
            for c in cautions
            if c.severity in SERIOUS
            for p in c.principles
            if p in NAMES
        }

    # what a person types ------------------------------------------------------------

    def ours(self) -> str:
        s, r = self.session, self.rng
        pick = r.random()
        advice = advise(self.plan, s.history()).recommendation
        if pick < 0.35 and advice.terms is not None and advice.kind in ("counter", "ultimatum"):
            return self._entry("we", "offer", advice.terms)
        if pick < 0.45:
            return "we hold"
        if pick < 0.52:
            return "we are silent"
        if pick < 0.57:
            return "we need to consult our director"
        if pick < 0.62:
            return "we accept"
        if pick < 0.67 and self._addons():
            return f"we add {r.choice(self._addons())}"
        if pick < 0.72:
            return self._entry("we", "ultimatum", self._terms())
        if pick < 0.80:
            return self._conditional()
        return self._entry("we", "offer", self._terms())

    def theirs(self) -> str:
        pick = self.rng.random()
        if pick < 0.10:
            return "they are silent"
        if pick < 0.16:
            return "they need to consult their director"
        if pick < 0.22:
            return "they accept"
        if pick < 0.24:
            return "they walk away"
        return self._entry("they", "offer", self._terms())

    def claim(self) -> str | None:
        return "they say they need an answer by Friday" if self.rng.random() < 0.08 else None

    def _terms(self) -> dict[str, Value]:
        return {i.name: self.rng.choice(i.values) for i in self.plan.space.issues}

    def _addons(self) -> list[str]:
        return [i.name for i in self.plan.space.issues if i.kind == "addon"]

    def _conditional(self) -> str:
        terms = self._terms()
        issue = self.rng.choice([i for i in self.plan.space.issues if i.n > 1])
        fallback = self.rng.choice([v for v in issue.values if v != terms[issue.name]])
        return (
            f"we: {{offer: {_flow(terms)}, if: {{issue: {issue.name}, else: {fallback!r}, "
            "by: they, text: volume commitment}}"
        ).replace("'", "")

    @staticmethod
    def _entry(who: str, kind: str, terms: dict[str, Value]) -> str:
        return f"{who}: {{{kind}: {_flow(terms)}}}"


def _flow(terms: dict[str, Value]) -> str:
    def show(v: Value) -> str:
        return ("yes" if v else "no") if isinstance(v, bool) else str(v)

    return "{" + ", ".join(f"{k}: {show(v)}" for k, v in terms.items()) + "}"


def drive(
    store: Store, plan_path: Path, seed: int, against: str | None, name: str | None
) -> Driver:
    session = CoachSession.start(store, plan_path, against=against, seed=seed, counterparty=name)
    d = Driver(session, random.Random(seed))
    for _ in range(120):
        if session.ended:
            break
        ours = session.neg.actor == session.plan.side
        if not ours and session.practice:  # pragma: no cover - the strategy moves by itself
            raise AssertionError("the practice strategy did not move")
        claim = None if ours or session.practice else d.claim()
        line = claim or (d.ours() if ours else d.theirs())
        if ours and d.rng.random() < 0.06 and session.transcript.events:
            d.type(line)
            d.type("undo")
            continue
        d.type(line)
    return d


def _utility_shown(lines: tuple[str, ...]) -> float | None:
    for line in lines:
        found = re.search(r"our (?:expected )?utility (\d\.\d{3})", line)
        if found:
            return float(found.group(1))
    return None


def _broken_on_moves(d: Debrief) -> set[tuple[str, int]]:
    return {
        (v.principle, t)
        for v in d.checklist
        if v.basis == "warned" and v.status == "broken"
        for t in v.turns
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_coach_and_debrief_agree(seed: int, tmp_path: Path, japan_plans: dict[str, Path]) -> None:
    plan_path = (DEALER_PLAN, japan_plans["A"], japan_plans["B"])[seed % 3]
    against = AGAINST[seed % len(AGAINST)]
    side_a = plan_path != japan_plans["B"]
    name = "Dealer Co" if side_a and seed % 2 == 0 else None
    with open_store(str(tmp_path / "coach.db")) as store:
        d = drive(store, plan_path, seed, against, name)
        session = d.session
        if not session.ended:
            pytest.skip("the talks did not end within the lines typed")  # pragma: no cover
        shown = debrief_of(session)
        assert shown is not None
        assert d.warned() == _broken_on_moves(shown), seed
        k = 0 if session.plan.side == "A" else 1
        if shown.result.agreement:
            assert _utility_shown(summary(session)) == round(shown.result.utilities[k], 3)
        session.finish()
        stored = from_store(store, session.negotiation_id).debrief()
        assert stored.to_json() == shown.to_json()
        assert stored.result.walk_away == pytest.approx(limit(d.plan))  # the coached plan's
        if name is not None:
            state = ledger.history(store, name)[-1].state
            assert state.trust == pytest.approx(stored.relationship.trust_after)
            assert state.resentment == pytest.approx(stored.relationship.resentment_after)
