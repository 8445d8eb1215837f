"""Scripted dialogues for Diplomat: the doctrine's principles as observable behaviour."""

from __future__ import annotations

import pytest
from tests.conftest import DEALER, JAPAN, LOPSIDED

from accord.doctrine import STANCE
from accord.formats import load_scenario
from accord.model.scenario import Scenario
from accord.protocol import (
    ConsultAuthority,
    Negotiation,
    Offer,
    Silence,
    Ultimatum,
)
from accord.strategies import ladder, make
from accord.strategies.diplomat import Diplomat
from accord.testing import assert_dialogue


def own_offers(t, role: str = "A") -> list[int]:
    return [e.outcome for e in t.events if e.actor == role and e.kind in ("offer", "ultimatum")]


def test_opens_at_its_aspiration_not_below(dealer: Scenario) -> None:
    """P3: a firm, equal-footing opening: at its aspiration, never a pandering one."""
    t = assert_dialogue("diplomat", [Silence()], dealer, role="A")
    first = own_offers(t)[0]
    assert dealer.a.preferences.utility.at(first) >= dealer.a.preferences.aspiration


def test_does_not_concede_into_silence(dealer: Scenario) -> None:
    """P5: silence, pauses and delay are not answered with concessions."""
    they_open = ladder(dealer.b.preferences.utility).order[0]
    script = [Offer(int(they_open))] + [Silence(), ConsultAuthority(2)] * 8
    t = assert_dialogue("diplomat", script, dealer, role="A")
    u = dealer.a.preferences.utility
    mine = [u.at(o) for o in own_offers(t)]
    assert mine and min(mine) >= max(mine) - 1e-9, mine


def test_concedes_only_in_exchange(dealer: Scenario) -> None:
    """Reciprocity: while they repeat their opening, Diplomat holds its target (before `late`)."""
    they_open = int(ladder(dealer.b.preferences.utility).order[0])
    script = [Offer(they_open)] * 12  # 12 of 20 rounds: still before the late phase
    t = assert_dialogue("diplomat", script, dealer, role="A")
    u = dealer.a.preferences.utility
    levels = [u.at(o) for o in own_offers(t)]
    assert levels[-1] >= levels[0] - 0.03  # only the logrolling band, no real concession


def test_never_accepts_below_its_walk_away(dealer: Scenario) -> None:
    """P2: an ultimatum below the BATNA is refused, even at the last moment."""
    worst = int(ladder(dealer.a.preferences.utility).order[-1])
    t = assert_dialogue("diplomat", [Ultimatum(worst)], dealer, role="A")
    assert t.ending is not None and t.ending.reason == "ultimatum_refused"


def test_accepts_a_fair_ultimatum_above_its_walk_away(dealer: Scenario) -> None:
    u = dealer.a.preferences.utility
    lad = ladder(u)
    decent = int(lad.closest_at_least(dealer.a.preferences.reservation + 0.15))
    t = assert_dialogue("diplomat", [Ultimatum(decent)], dealer, role="A")
    assert t.ending is not None and t.ending.reason == "agreement"


def test_keeps_add_ons_for_the_close_and_closes_modestly(dealer: Scenario) -> None:
    """P11 and P13: co-marketing is not in early offers; it comes late; the close is modest."""
    t = Negotiation(dealer, make("diplomat"), make("boulware"), seed=3).run()
    space = dealer.space
    k = space.names.index("co_marketing")
    early = [e.outcome for e in t.events if e.actor == "A" and e.kind == "offer" and e.round < 10]
    assert early and all(space.digits(o)[0][k] == 0 for o in early)
    assert any(e.actor == "A" and e.kind == "add_on" for e in t.events)
    displays = [e.move for e in t.events if e.actor == "A" and e.kind == "display"]
    if t.ending is not None and t.ending.reason == "agreement":
        assert [d.kind for d in displays] == ["modest"]


def test_ultimatum_only_at_its_last_turn(dealer: Scenario) -> None:
    """P7: never an early ultimatum."""
    for opponent in ("boulware", "hardliner", "micro", "tit_for_tat"):
        t = Negotiation(dealer, make("diplomat"), make(opponent), seed=1).run()
        for e in t.events:
            if e.actor == "A" and e.kind == "ultimatum":
                assert e.round == t.rounds - 1, (opponent, e)
                assert dealer.a.preferences.utility.at(e.outcome) > dealer.a.preferences.reservation


def test_conditional_concession_when_losing(dealer: Scenario) -> None:
    """P12: against a side that never moves, Diplomat concedes late, with a condition attached."""
    they_open = int(ladder(dealer.b.preferences.utility).order[0])
    t = assert_dialogue("diplomat", [Offer(they_open)] * 20, dealer, role="A")
    conditional = [
        e for e in t.events if e.actor == "A" and e.kind == "offer" and e.move.condition is not None
    ]
    assert len(conditional) == 1
    c = conditional[0].move.condition
    assert c.obligor == "B" and c.issue in dealer.space.names
    assert conditional[0].round >= 0.85 * t.rounds - 1


@pytest.mark.parametrize("name", ["dealer", "japan", "lopsided"])
def test_a_conditional_concession_is_a_step_not_a_leap(name, tmp_path) -> None:
    """P12: at most `losing_gap` below what it asks at that turn; before, it could jump to
    their best value of an issue, which negmas (no conditions) made an outright gift."""
    seen: list[tuple[float, float, float]] = []

    class Watched(Diplomat):
        def _conditional(self, view, target):  # type: ignore[no-untyped-def]
            move = super()._conditional(view, target)
            if move is not None:
                seen.append((target, view.utility(view.mine.outcome), view.utility(move.outcome)))
            return move

    path = {"dealer": DEALER, "japan": JAPAN}.get(name, tmp_path / "lopsided.yaml")
    if name == "lopsided":  # conceding its best issue to them would take A near 0.2
        path.write_text(LOPSIDED)
    scenario = load_scenario(path)
    u = scenario.a.preferences.utility
    they_open = int(ladder(scenario.b.preferences.utility).order[0])
    assert_dialogue(Watched(), [Offer(they_open)] * scenario.deadline_rounds, scenario, role="A")
    assert len(seen) == 1
    target, standing, conceded = seen[0]
    assert target - STANCE.losing_gap - 1e-9 <= conceded < standing, seen
    assert conceded > u.at(they_open)


def test_never_concedes_below_the_best_offer_they_made(dealer: Scenario) -> None:
    """Firm with a side that retreats: once they offered a deal, Diplomat's late concession
    stops there (that deal is on the table), where it used to run on to its walk-away."""
    u = dealer.a.preferences.utility
    lad = ladder(u)
    r = dealer.a.preferences.reservation
    decent = int(lad.closest_at_least(r + 0.35))
    they_open = int(ladder(dealer.b.preferences.utility).order[0])
    script = [Offer(decent)] + [Offer(they_open)] * 19
    t = assert_dialogue("diplomat", script, dealer, role="A")
    mine = [u.at(o) for o in own_offers(t)]
    assert len(mine) >= 15 and min(mine) >= u.at(decent) - 1e-9, mine
    assert mine[0] > mine[-1]  # it did concede late, down to their best offer


def test_closes_at_a_short_deadline(dealer: Scenario) -> None:
    """A late phase of at least `late_turns` turns, on its own clock: at 10 and 20 rounds it
    reaches deals with counterparts it used to run out of time with."""
    for opponent in ("micro", "tit_for_tat"):
        for rounds in (10, 20):
            t = Negotiation(dealer, make("diplomat"), make(opponent), seed=1, rounds=rounds).run()
            assert t.ending is not None and t.ending.reason == "agreement", (opponent, rounds)
            k = t.ending.agreement
            assert dealer.a.preferences.utility.at(k) >= dealer.a.preferences.reservation
