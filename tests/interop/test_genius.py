"""The ANAC agents of negmas-genius-agents in accord's engine (`genius:Name`).

- each of the ten ANAC winners 2010-2019 completes negotiations against Diplomat
  on the flagship scenario, within the protocol, reproducibly;
- the deterministic ones play turn for turn as in negmas's own `SAOMechanism`,
  with the same callbacks and states (the negmas adapter's own cross-checks,
  `tests/interop/test_negmas_adapter.py`, whose helpers are reused here);
- `make("genius:...")`: case, errors, the missing package, and through the CLI
  (negotiate, tournament and series) and the coach's `--against`.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

negmas = pytest.importorskip("negmas")
pytest.importorskip("negmas_genius_agents")

import negmas.sao as sao  # noqa: E402
from tests.conftest import DEALER, EXAMPLES, LAPTOP, LEASE  # noqa: E402
from tests.interop.test_negmas_adapter import (  # noqa: E402
    _logger,
    accord_offers,
    anac,
    negmas_offers,
    negmas_run,
    scenario,
)
from typer.testing import CliRunner  # noqa: E402

from accord.errors import InputError  # noqa: E402
from accord.interop.negmas import NegmasStrategy, outcome_from_negmas  # noqa: E402
from accord.interop.negmas.genius import (  # noqa: E402
    INSTALL,
    WINNERS,
    GeniusStrategy,
    genius_classes,
    genius_strategy,
)
from accord.protocol import Negotiation  # noqa: E402
from accord.strategies import make  # noqa: E402
from accord.testing.conformance import check_strategy  # noqa: E402

#: Winners whose moves depend on nothing but the negotiation (checked below, in negmas).
DETERMINISTIC = ["HardHeaded", "CUHKAgent", "TheFawkes", "AgentGG"]
#: Winners whose re-implementations never read the reservation value (negmas's
#: `reserved_value`): they may accept a deal worth less to them than walking away.
IGNORE_RESERVATION = {"TheFawkes", "Atlas3"}


def agent(name: str) -> type:
    return genius_classes()[name.lower()]


def wrapped(cls: type) -> NegmasStrategy:
    return (
        GeniusStrategy(cls) if cls.__module__.startswith("negmas_genius") else NegmasStrategy(cls)
    )


# the ten winners against Diplomat ---------------------------------------------------------


@pytest.mark.parametrize("name", WINNERS)
def test_each_winner_completes_negotiations_against_diplomat(name: str) -> None:
    s = scenario("dealer")
    # both roles, 20 rounds: no protocol error, ends by the deadline, same seed same
    # bytes, replays exactly
    found = check_strategy(f"genius:{name}", [s], opponents=["diplomat"], seeds=(0,), rounds=(20,))
    kinds = {v.check for v in found}
    assert kinds <= ({"reservation"} if name in IGNORE_RESERVATION else set()), found
    for role in ("A", "B"):
        g, d = make(f"genius:{name}"), make("diplomat")
        a, b = (g, d) if role == "A" else (d, g)
        t = Negotiation(s, a, b, seed=2, rounds=30).run()
        assert t.ending is not None
        assert t.ending.reason in ("agreement", "deadline", "walk_away", "ultimatum_refused")
        assert t.strategies[0 if role == "A" else 1] == f"genius:{name}"
        offers = [e.outcome for e in t.events if e.actor == role and e.outcome is not None]
        assert offers and all(0 <= o < s.space.n_outcomes for o in offers)
        if t.ending.reason == "agreement":
            diplomat = s.b if role == "A" else s.a
            assert t.ending.agreement is not None
            utility = diplomat.preferences.utility.at(t.ending.agreement)
            assert utility >= diplomat.preferences.reservation  # Diplomat never signs below


def test_some_winners_agree_with_diplomat() -> None:
    """Guards the test above against only ever seeing deadlines."""
    s = scenario("dealer")
    ends = [
        Negotiation(s, make(f"genius:{n}"), make("diplomat"), seed=2, rounds=30).run().ending
        for n in ("AgentK", "TheFawkes", "Atlas3")
    ]
    assert sum(e is not None and e.reason == "agreement" for e in ends) >= 2


# the deterministic winners, cross-checked against negmas ------------------------------------


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_deterministic_winners_are_deterministic_in_negmas(name: str) -> None:
    """The premise of the cross-check: the global random state changes nothing."""
    s = scenario("OfficeLease")
    traces = []
    for seed in (1, 2):
        random.seed(seed)
        np.random.seed(seed)
        mech = negmas_run(s, agent(name), sao.BoulwareTBNegotiator, 40)
        traces.append(negmas_offers(s, mech))
    assert traces[0] == traces[1]


CROSS = [
    (name, other, domain, first)
    for name in DETERMINISTIC
    for other in ("BoulwareTBNegotiator", "ConcederTBNegotiator")
    for domain in ("OfficeLease", "dealer")
    for first in (True, False)
]
#: Two ANAC winners against each other.
DUELS = [
    ("HardHeaded", "TheFawkes", "OfficeLease"),
    ("TheFawkes", "AgentGG", "Laptop"),
    ("AgentGG", "HardHeaded", "dealer"),
    ("CUHKAgent", "TheFawkes", "OfficeLease"),
    anac("HardHeaded", "AgentGG", "y2010/ItexvsCypress"),
    anac("TheFawkes", "HardHeaded", "y2012/ItexvsCypressA"),
    anac("AgentGG", "TheFawkes", "y2010/EnglandZimbabwe"),
]


def cross_check(name: str, a: type, b: type, rounds: int) -> object:
    """`a` against `b` in negmas's SAOMechanism and in accord's engine: the same talks."""
    s = scenario(name)
    mech = negmas_run(s, a, b, rounds)
    t = Negotiation(s, wrapped(a), wrapped(b), seed=7, rounds=rounds).run()
    assert t.ending is not None
    if mech.agreement is None:
        assert mech.state.timedout and t.ending.reason == "deadline"
    else:
        assert t.ending.reason == "agreement"
        assert t.ending.agreement == outcome_from_negmas(s.space, mech.agreement)
        assert t.ending.turn // 2 == mech.history[-1].step  # the same step
        assert t.ending.turn % 2 == (0 if t.ending.by == "A" else 1)
    assert accord_offers(t) == negmas_offers(s, mech)  # the same offers, turn by turn
    return mech.agreement


@pytest.mark.parametrize(("name", "other", "domain", "first"), CROSS)
def test_deterministic_winners_play_as_in_negmas(
    name: str, other: str, domain: str, first: bool
) -> None:
    g, o = agent(name), getattr(sao, other)
    a, b = (g, o) if first else (o, g)
    cross_check(domain, a, b, 40)


@pytest.mark.parametrize(("a", "b", "domain"), DUELS)
def test_deterministic_winners_against_each_other_as_in_negmas(a: str, b: str, domain: str) -> None:
    cross_check(domain, agent(a), agent(b), 60)


def test_the_cross_checks_include_agreements() -> None:
    """Guards the cross-checks against trivial runs (only deadlines)."""
    agreed = [
        cross_check(domain, agent(a), agent(b), 60)
        for a, b, domain in DUELS
        if isinstance(a, str) and domain in ("OfficeLease", "Laptop")
    ]
    agreed += [
        cross_check("OfficeLease", agent(n), sao.ConcederTBNegotiator, 40) for n in DETERMINISTIC
    ]
    assert sum(x is not None for x in agreed) >= 4


@pytest.mark.parametrize("role", ["A", "B"])
def test_hardheaded_sees_the_callbacks_and_states_it_sees_in_negmas(role: str) -> None:
    s = scenario("OfficeLease")
    native: list[tuple] = []
    inside: list[tuple] = []
    plain = sao.ConcederTBNegotiator
    logged = _logger(agent("HardHeaded"), native)
    a, b = (logged, plain) if role == "A" else (plain, logged)
    mech = negmas_run(s, a, b, 40)
    assert mech.agreement is not None
    logged = _logger(agent("HardHeaded"), inside)
    sa, sb = NegmasStrategy(logged), NegmasStrategy(plain)
    if role == "B":
        sa, sb = sb, sa
    Negotiation(s, sa, sb, seed=0, rounds=40).run()
    last = max(i for i, e in enumerate(native) if e[0] == "call")
    assert inside[: last + 1] == native[: last + 1]
    assert sum(e[0] == "call" for e in native) > 5


@pytest.mark.parametrize("name", ["Atlas3", "PonPokoAgent"])
def test_stochastic_winners_are_seeded_privately(name: str) -> None:
    s = scenario("Laptop")
    random.seed(99)
    before = random.getstate()
    runs = [
        Negotiation(s, make(f"genius:{name}"), make("boulware"), seed=seed, rounds=30).run()
        for seed in (5, 5)
    ]
    assert runs[0].dumps() == runs[1].dumps()
    assert random.getstate() == before  # the global generator is left alone


# names and errors ----------------------------------------------------------------------------


def test_make_routes_genius_names_case_insensitively() -> None:
    s = make("genius:hardheaded")
    assert isinstance(s, GeniusStrategy) and s.name == "genius:HardHeaded"
    assert make("genius:AGREEABLEAGENT2018").name == "genius:AgreeableAgent2018"
    assert genius_strategy(" AgentGG ").name == "genius:AgentGG"
    assert "negmas-genius-agents" in (s.traits.source or "")
    assert set(map(str.lower, WINNERS)) <= set(genius_classes())
    assert len(genius_classes()) > 100  # the whole package, not the winners only


@pytest.mark.parametrize("name", ["genius:NoSuchAgent", "genius:", "genius:SortedOutcomeSpace"])
def test_unknown_genius_names_list_examples(name: str) -> None:
    with pytest.raises(InputError) as err:
        make(name)
    assert err.value.field == "strategy"
    assert "genius:HardHeaded" in (err.value.expected or "")
    assert "genius:AgentGG" in (err.value.expected or "")


def test_missing_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    genius_classes.cache_clear()
    monkeypatch.setitem(sys.modules, "negmas_genius_agents", None)  # import fails
    try:
        with pytest.raises(InputError) as err:
            make("genius:HardHeaded")
        assert "negmas-genius-agents" in str(err.value)
        assert err.value.expected == INSTALL and "accord[negmas]" in INSTALL
    finally:
        genius_classes.cache_clear()


def test_the_adapter_imports_the_package_only_when_asked() -> None:
    code = (
        "import sys, accord.interop.negmas, accord.interop.negmas.genius; "
        "from accord.strategies import make; make('negmas:BoulwareTBNegotiator'); "
        "a = 'negmas_genius_agents' in sys.modules; make('genius:HardHeaded'); "
        "print(a, 'negmas_genius_agents' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


# the command line and the coach ------------------------------------------------------------------

runner = CliRunner()


def test_negotiate_against_a_genius_agent() -> None:
    from accord.cli.main import app

    ok = runner.invoke(
        app, ["negotiate", str(DEALER), "--a", "diplomat", "--b", "genius:HardHeaded", "--json"]
    )
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["strategies"]["B"] == "genius:HardHeaded"
    bad = runner.invoke(app, ["negotiate", str(DEALER), "--b", "genius:Nope"])
    assert bad.exit_code == 2
    assert "--b" in bad.stderr and "genius:HardHeaded" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_tournament_and_series_against_genius_agents() -> None:
    from accord.cli.main import app

    field = "genius:TheFawkes,genius:AgentGG"
    one = runner.invoke(
        app,
        ["tournament", str(LAPTOP), "--strategies", "diplomat", "--opponents", field,
         "--rounds", "30", "--workers", "1", "--json"],
    )  # fmt: skip
    assert one.exit_code == 0, one.stderr
    games = json.loads(one.stdout)["negotiations"]
    assert len(games) == 4 and {g["a"] for g in games} == {"diplomat", *field.split(",")}
    series = runner.invoke(
        app,
        ["tournament", str(LEASE), "--strategies", "diplomat", "--opponents", field,
         "--rounds", "20", "--workers", "1", "--series", "2", "--json"],
    )  # fmt: skip
    assert series.exit_code == 0, series.stderr
    played = json.loads(series.stdout)["negotiations"]
    assert len(played) == 4 and all(g["series_stats"]["horizon"] == 2 for g in played)


def test_coach_practice_against_a_genius_agent(tmp_path: Path) -> None:
    from accord.coach import CoachSession
    from accord.store import open_store

    with open_store(str(tmp_path / "coach.db")) as store:
        s = CoachSession.start(
            store, EXAMPLES / "dealer_rebate.plan.yaml", against="genius:HardHeaded"
        )
        reply = s.handle("")  # our advised move, then HardHeaded's answer
        assert reply.error is None and len(reply.said) == 2
        assert reply.said[1].startswith("round 1: they offer")
        assert [e.actor for e in s.transcript.events] == ["A", "B"]
        with pytest.raises(InputError) as err:
            CoachSession.start(store, EXAMPLES / "dealer_rebate.plan.yaml", against="genius:Nope")
        assert err.value.field == "--against"
