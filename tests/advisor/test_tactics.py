"""Each tactic detector on a hand-made transcript, and what it does not fire on."""

from __future__ import annotations

from tests.advisor.helpers import FAIR, OURS, THEIRS, history, make_plan, offer

from accord.advisor import detect


def names(*entries: dict) -> dict[str, tuple[int, ...]]:
    plan = make_plan()
    return {t.name: t.turns for t in detect(plan, history(plan, *entries, rounds=20))}


def test_a_plain_exchange_shows_no_tactic() -> None:
    found = names({"we": offer(**OURS)}, {"they": offer(**FAIR)}, {"we": offer(**OURS)})
    assert found == {}


def test_silence() -> None:
    found = names({"we": offer(**OURS)}, {"they": "silent"})
    assert found == {"silence": (1,)}


def test_authority_is_read_as_process() -> None:
    plan = make_plan()
    h = history(plan, {"we": offer(**OURS)}, {"they": "consult authority"}, rounds=20)
    (tactic,) = detect(plan, h)
    assert tactic.name == "authority" and tactic.turns == (1,)
    assert "P6" in tactic.principles and "not rejection" in tactic.meaning


def test_delay_by_turns_without_an_offer_or_by_a_note() -> None:
    run = names(
        {"we": offer(**OURS)}, {"they": "silent"}, {"we": "silent"}, {"they": "consult authority"}
    )
    assert run["delay"] == (1,) and "silence" in run and "authority" in run
    noted = names({"we": offer(**OURS)}, {"they": {"delay": "no reply for two weeks"}})
    assert noted == {"delay": (1,)}  # a noted delay is not a chosen silence


def test_ultimatum_early_is_also_time_pressure() -> None:
    found = names({"we": offer(**OURS)}, {"they": {"ultimatum": FAIR}})
    assert found == {"ultimatum": (1,), "time_pressure": (1,)}
    plan = make_plan()
    entries = [{"we": offer(**OURS)}, {"they": offer(**FAIR)}] * 9 + [
        {"we": offer(**OURS)},
        {"they": {"ultimatum": FAIR}},
    ]
    late = {t.name: t for t in detect(plan, history(plan, *entries, rounds=10))}
    assert set(late) == {"ultimatum"} and "(late)" in late["ultimatum"].meaning


def test_time_pressure_from_a_claimed_deadline() -> None:
    found = names({"we": offer(**OURS)}, {"they": offer(**FAIR)}, {"they": {"deadline": "Friday"}})
    assert found == {"time_pressure": (2,)}  # said after their turn 1: at turn 2


def test_anchoring_on_an_extreme_first_offer_only() -> None:
    assert names({"they": offer(**THEIRS)}) == {"anchoring": (0,)}  # worth 0.075 to us
    assert names({"they": offer(**FAIR)}) == {}  # worth 0.557: a serious opening


def test_nibbling_for_an_add_on_and_after_a_gift() -> None:
    asked = names(
        {"we": offer(**OURS)},
        {"they": offer(**FAIR)},
        {"we": offer(**OURS)},
        {"they": offer(**FAIR, co_marketing=True)},
    )
    assert asked == {"nibbling": (3,)}
    after_gift = names(
        {"we": offer(**OURS)},
        {"they": offer(**FAIR)},
        {"we": {"add": "co_marketing"}},
        {"they": offer(**FAIR | {"rebate": 2.0})},
    )
    assert after_gift == {"nibbling": (3,)}
