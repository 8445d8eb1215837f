"""The negmas adapter, both ways, checked against negmas's own mechanism.

- conversions: same outcomes, utilities equal float for float, reservation values;
- negmas inside accord: the same two negmas negotiators reach the same agreement
  at the same step, through the same offers and the same callbacks, in negmas's
  `SAOMechanism(n_steps=R)` and in accord's engine with ``rounds=R``;
- accord inside negmas: accord strategies complete negmas negotiations, never
  accept below their reservation, and replay accord's own engine exactly;
- `make("negmas:...")`, its errors, determinism and the conformance kit.
"""

from __future__ import annotations

import random
import time
from typing import Any

import numpy as np
import pytest

negmas = pytest.importorskip("negmas")

import negmas.sao as sao  # noqa: E402
from negmas.sao import ResponseType, SAOCallNegotiator, SAOMechanism, SAOResponse  # noqa: E402
from tests.conftest import ANAC, DEALER, LAPTOP, LEASE, RIVER, load  # noqa: E402

import accord.interop.negmas as adapter  # noqa: E402
from accord.errors import InputError  # noqa: E402
from accord.interop.negmas import (  # noqa: E402
    AccordNegotiator,
    NegmasStrategy,
    negmas_strategy,
    negmas_ufun,
    outcome_from_negmas,
    outcome_to_negmas,
    to_negmas,
)
from accord.model import Issue, OutcomeSpace, Party, Scenario  # noqa: E402
from accord.preferences import LinearAdditiveUtility, Preferences  # noqa: E402
from accord.protocol import (  # noqa: E402
    Accept,
    AddOn,
    Negotiation,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.replay import Scripted, ScriptExhaustedError  # noqa: E402
from accord.strategies import Strategy, make  # noqa: E402
from accord.testing import assert_conforms  # noqa: E402

SCENARIOS = {"RiverTreaty": RIVER, "OfficeLease": LEASE, "Laptop": LAPTOP, "dealer": DEALER}
#: The same cross-checks on real ANAC domains, where the collection is present.
ANAC_NAMES = ["y2010/EnglandZimbabwe", "y2010/ItexvsCypress", "y2012/ItexvsCypressA"]


def scenario(name: str) -> Scenario:
    return load(SCENARIOS[name] if name in SCENARIOS else ANAC / name)


def anac(*values: str) -> object:
    return pytest.param(*values, marks=pytest.mark.anac)


def negmas_run(s: Scenario, a: type, b: type, steps: int) -> SAOMechanism:
    """Two negmas negotiators in negmas's own mechanism on the converted scenario."""
    os_, ua, ub = to_negmas(s)
    mech = SAOMechanism(outcome_space=os_, n_steps=steps)
    mech.add(a(), ufun=ua)
    mech.add(b(), ufun=ub)
    mech.run()
    return mech


def negmas_offers(s: Scenario, mech: SAOMechanism) -> list[tuple[int, int, int]]:
    """(step, position, accord outcome) of every offer negmas recorded."""
    first = mech.negotiator_ids[0]
    return [
        (step, 0 if nid == first else 1, outcome_from_negmas(s.space, o))
        for step, nid, o in mech.extended_trace
    ]


def accord_offers(t: Any) -> list[tuple[int, int, int]]:
    return [(e.turn // 2, e.turn % 2, e.outcome) for e in t.events if e.kind == "offer"]


# conversions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["RiverTreaty", "OfficeLease", "Laptop", "dealer", *map(anac, ANAC_NAMES)]
)
def test_conversion_round_trips_and_utilities_are_exact(name: str) -> None:
    s = scenario(name)
    os_, ua, ub = to_negmas(s)
    n = s.space.n_outcomes
    outcomes = [outcome_to_negmas(s.space, i) for i in range(n)]
    # negmas enumerates the same outcomes, in accord's index order
    assert list(os_.enumerate()) == outcomes
    assert [outcome_from_negmas(s.space, o) for o in outcomes] == list(range(n))
    for ufun, party in ((ua, s.a), (ub, s.b)):
        values = np.array([ufun(o) for o in outcomes])
        assert np.array_equal(values, party.preferences.utility.all())  # float for float
        assert ufun.reserved_value == party.preferences.reservation
        assert ufun(None) == party.preferences.reservation


def test_values_keep_their_types_and_dict_outcomes_are_read() -> None:
    s = scenario("dealer")
    os_, _, _ = to_negmas(s)
    by_name = {i.name: i for i in os_.issues}
    for issue in s.space.issues:
        assert tuple(by_name[issue.name].values) == issue.values
    addons = [i for i in s.space.issues if i.kind == "addon"]
    assert addons and all(v in (False, True) for v in by_name[addons[0].name].values)
    k = s.space.n_outcomes - 7
    named = dict(zip(s.space.names, outcome_to_negmas(s.space, k), strict=True))
    assert outcome_from_negmas(s.space, named) == k
    with pytest.raises(InputError):
        outcome_from_negmas(s.space, ("no such value",) * len(s.space.names))
    with pytest.raises(InputError):
        outcome_to_negmas(s.space, s.space.n_outcomes)


class _Table:
    """A utility that is not linear-additive: any table over outcome indices."""

    def __init__(self, space: OutcomeSpace, dense: np.ndarray) -> None:
        self.space, self.dense = space, dense

    def __call__(self, indices: np.ndarray) -> np.ndarray:
        return self.dense[np.asarray(indices)]

    def of_digits(self, digits: np.ndarray) -> np.ndarray:
        return self.dense[self.space.indices(digits)]

    def all(self) -> np.ndarray:
        return self.dense

    def at(self, outcome: int) -> float:
        return float(self.dense[outcome])


def test_any_utility_becomes_a_table_ufun() -> None:
    space = OutcomeSpace((Issue.categorical("x", ["a", "b", "c"]), Issue.integer("y", 1, 4)))
    dense = np.random.default_rng(0).random(space.n_outcomes)
    ufun = negmas_ufun(Preferences(_Table(space, dense), reservation=0.3), space)  # type: ignore[arg-type]
    got = [ufun(outcome_to_negmas(space, i)) for i in range(space.n_outcomes)]
    assert got == dense.tolist()
    assert ufun.reserved_value == 0.3
    worst, best = ufun.extreme_outcomes()
    assert outcome_from_negmas(space, best) == int(dense.argmax())
    assert outcome_from_negmas(space, worst) == int(dense.argmin())


def test_a_million_outcomes_convert_without_enumerating() -> None:
    space = OutcomeSpace(tuple(Issue.categorical(f"i{k}", list("abcdefghij")) for k in range(6)))
    rng = np.random.default_rng(1)

    def party(role: str) -> Party:
        u = LinearAdditiveUtility(space, rng.random(6), tuple(rng.random((6, 10))))
        return Party(role, role, Preferences(u, reservation=0.2))  # type: ignore[arg-type]

    s = Scenario("big", space, party("A"), party("B"))
    start = time.perf_counter()
    _, ua, _ = to_negmas(s)
    assert time.perf_counter() - start < 0.5
    for i in rng.integers(0, space.n_outcomes, 200).tolist():
        assert ua(outcome_to_negmas(space, i)) == s.a.preferences.utility.at(i)


# negmas inside accord: the cross-check -------------------------------------------

PAIRS = [
    ("RiverTreaty", "BoulwareTBNegotiator", "ConcederTBNegotiator"),
    ("OfficeLease", "BoulwareTBNegotiator", "ConcederTBNegotiator"),
    ("OfficeLease", "ConcederTBNegotiator", "BoulwareTBNegotiator"),
    ("Laptop", "BoulwareTBNegotiator", "ConcederTBNegotiator"),
    ("RiverTreaty", "NaiveTitForTatNegotiator", "LinearTBNegotiator"),
    ("OfficeLease", "NiceTitForTatNegotiator", "NaiveTitForTatNegotiator"),
    ("Laptop", "NaiveTitForTatNegotiator", "LinearTBNegotiator"),
    anac("y2010/EnglandZimbabwe", "BoulwareTBNegotiator", "ConcederTBNegotiator"),
    anac("y2010/ItexvsCypress", "ConcederTBNegotiator", "BoulwareTBNegotiator"),
    anac("y2012/ItexvsCypressA", "BoulwareTBNegotiator", "ConcederTBNegotiator"),
    anac("y2010/EnglandZimbabwe", "NaiveTitForTatNegotiator", "LinearTBNegotiator"),
    anac("y2010/ItexvsCypress", "NiceTitForTatNegotiator", "NaiveTitForTatNegotiator"),
    anac("y2012/ItexvsCypressA", "NaiveTitForTatNegotiator", "LinearTBNegotiator"),
]


@pytest.mark.parametrize(("name", "a", "b"), PAIRS)
def test_wrapped_negmas_agents_play_as_in_negmas(name: str, a: str, b: str) -> None:
    s = scenario(name)
    ca, cb = getattr(sao, a), getattr(sao, b)
    mech = negmas_run(s, ca, cb, 100)
    t = Negotiation(s, NegmasStrategy(ca), NegmasStrategy(cb), seed=7, rounds=100).run()
    assert t.ending is not None
    last_step = mech.history[-1].step
    if mech.agreement is None:
        assert mech.state.timedout and t.ending.reason == "deadline"
    else:
        assert t.ending.reason == "agreement"
        assert t.ending.agreement == outcome_from_negmas(s.space, mech.agreement)
        assert t.ending.turn // 2 == last_step  # the same step
        # the accepting side moves second in its step when B accepts, first when A does
        assert t.ending.turn % 2 == (0 if t.ending.by == "A" else 1)
    assert accord_offers(t) == negmas_offers(s, mech)  # the same offers, turn by turn


def test_at_least_one_cross_check_ends_in_agreement_late() -> None:
    """Guards the cross-check against trivial runs: a late agreement exercises the clock."""
    s = scenario("Laptop")
    mech = negmas_run(s, sao.BoulwareTBNegotiator, sao.ConcederTBNegotiator, 100)
    assert mech.agreement is not None and mech.history[-1].step > 50


def _logger(base: type, log: list[tuple]) -> type:
    """`base` recording every callback and call with what it saw (ids left out)."""

    class Logged(base):  # type: ignore[misc, valid-type]
        def on_negotiation_start(self, state):  # type: ignore[no-untyped-def]
            log.append(("start", state.step, state.relative_time))
            super().on_negotiation_start(state)

        def on_round_start(self, state):  # type: ignore[no-untyped-def]
            log.append(("round_start", state.step, state.relative_time, state.current_offer))
            super().on_round_start(state)

        def on_round_end(self, state):  # type: ignore[no-untyped-def]
            log.append(("round_end", state.step, state.current_offer))
            super().on_round_end(state)

        def on_partner_proposal(self, state, partner_id, offer):  # type: ignore[no-untyped-def]
            log.append(("proposal", state.step, state.current_offer, offer, state.n_acceptances))
            super().on_partner_proposal(state, partner_id, offer)

        def on_partner_response(self, state, partner_id, outcome, response):  # type: ignore[no-untyped-def]
            log.append(("response", state.step, outcome, response))
            super().on_partner_response(state, partner_id, outcome, response)

        def __call__(self, state, dest=None):  # type: ignore[no-untyped-def]
            r = super().__call__(state, dest)
            log.append(
                ("call", state.step, state.relative_time, state.current_offer,
                 state.n_acceptances, r.response, r.outcome, len(self.nmi.history))
            )  # fmt: skip
            return r

    Logged.__name__ = base.__name__
    return Logged


@pytest.mark.parametrize("role", ["A", "B"])
def test_callbacks_states_and_history_match_negmas(role: str) -> None:
    s = scenario("OfficeLease")
    native: list[tuple] = []
    wrapped: list[tuple] = []
    plain = sao.ConcederTBNegotiator
    logged = _logger(sao.BoulwareTBNegotiator, native)
    a, b = (logged, plain) if role == "A" else (plain, logged)
    mech = negmas_run(s, a, b, 40)
    assert mech.agreement is not None
    logged = _logger(sao.BoulwareTBNegotiator, wrapped)
    sa, sb = (NegmasStrategy(logged), NegmasStrategy(plain))
    if role == "B":
        sa, sb = sb, sa
    Negotiation(s, sa, sb, seed=0, rounds=40).run()
    # accord tells a negotiator the talks ended only through agreements, and never
    # runs the round end after the final move: compare up to the last call
    last = max(i for i, e in enumerate(native) if e[0] == "call")
    assert wrapped[: last + 1] == native[: last + 1]
    assert native[0][0] == "start" and native[0][2] == pytest.approx(1 / 41)


class _Script(SAOCallNegotiator):
    """A negmas negotiator answering from a script and noting what it was shown."""

    def __init__(self, script: list[SAOResponse], **kw: Any) -> None:
        super().__init__(**kw)
        self.script = list(script)
        self.seen: list[tuple[int, float, Any]] = []

    def __call__(self, state, dest=None):  # type: ignore[no-untyped-def]
        self.seen.append((state.step, state.relative_time, state.current_offer))
        return self.script.pop(0)


def test_time_turns_and_response_mapping() -> None:
    s = scenario("OfficeLease")
    o = [outcome_to_negmas(s.space, i) for i in (5, 9, 17)]
    reject = ResponseType.REJECT_OFFER
    script = [
        SAOResponse(reject, o[0]),  # offer
        SAOResponse(reject, None),  # no counter-offer: silence
        SAOResponse(ResponseType.NO_RESPONSE, None),  # silence too
        SAOResponse(reject, o[1]),
        SAOResponse(ResponseType.ACCEPT_OFFER, None),  # accepts what is on the table
    ]
    holder: list[_Script] = []

    def factory() -> _Script:
        holder.append(_Script(script))
        return holder[-1]

    factory.__name__ = "Script"
    opponent = Scripted([Offer(40), Silence(), Ultimatum(41), Offer(42)])
    t = Negotiation(s, opponent, NegmasStrategy(factory), seed=0, rounds=10).run()
    kinds = [(e.turn, e.actor, e.kind, e.outcome) for e in t.events]
    assert kinds == [
        (0, "A", "offer", 40),
        (1, "B", "offer", 5),
        (2, "A", "silence", None),
        (3, "B", "silence", None),
        (4, "A", "ultimatum", 41),
        (5, "B", "walk_away", None),  # anything but Accept refuses an ultimatum
    ]
    assert t.ending is not None and t.ending.reason == "ultimatum_refused"
    seen = holder[0].seen
    # turn 2k+1 is negmas step k, relative time (k+1)/(rounds+1); A's silence at
    # turn 2 leaves its offer 40 on the table
    assert [x[0] for x in seen] == [0, 1, 2]
    assert [x[1] for x in seen] == pytest.approx([1 / 11, 2 / 11, 3 / 11])
    assert [outcome_from_negmas(s.space, x[2]) for x in seen] == [40, 40, 41]


def test_accept_end_and_walk_away_options() -> None:
    s = scenario("OfficeLease")

    def one(*responses: SAOResponse, **kw: Any) -> Any:
        def factory() -> _Script:
            return _Script(list(responses))

        factory.__name__ = "Script"
        return Negotiation(s, Scripted([Offer(3)] * 3), NegmasStrategy(factory, **kw)).run()

    t = one(SAOResponse(ResponseType.ACCEPT_OFFER, None))
    assert t.ending is not None and (t.ending.reason, t.ending.agreement) == ("agreement", 3)
    t = one(SAOResponse(ResponseType.END_NEGOTIATION, None))
    assert t.ending is not None and (t.ending.reason, t.ending.by) == ("walk_away", "B")
    t = one(SAOResponse(ResponseType.REJECT_OFFER, None), no_offer="walk_away")
    assert t.ending is not None and t.ending.reason == "walk_away"
    assert isinstance(t.events[-1].move, WalkAway)


def test_partner_add_on_is_a_proposal_of_the_sweetened_outcome() -> None:
    s = scenario("dealer")
    addon = next(i for i in s.space.issues if i.kind == "addon" and i.giver == "A")
    holder: list[_Script] = []

    def factory() -> _Script:
        holder.append(_Script([SAOResponse(ResponseType.REJECT_OFFER, None)] * 3))
        return holder[-1]

    factory.__name__ = "Script"
    neg = Negotiation(s, Scripted([Offer(0), AddOn(addon.name)]), NegmasStrategy(factory))
    with pytest.raises(ScriptExhaustedError):
        neg.run()
    assert [e.kind for e in neg.transcript.events] == ["offer", "silence", "add_on", "silence"]
    digits = s.space.digits(0)[0]
    digits[s.space.issue_index(addon.name)] = 1
    sweetened = int(s.space.indices(digits)[0])
    assert [outcome_from_negmas(s.space, x[2]) for x in holder[0].seen] == [0, sweetened]


# accord inside negmas ---------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["boulware", "diplomat", "tit_for_tat", "micro"])
@pytest.mark.parametrize("opponent", ["BoulwareTBNegotiator", "NaiveTitForTatNegotiator"])
@pytest.mark.parametrize("role", ["A", "B"])
def test_accord_strategies_complete_negmas_negotiations(
    strategy: str, opponent: str, role: str
) -> None:
    s = scenario("Laptop")  # reservation 0.5 on both sides
    os_, ua, ub = to_negmas(s)
    mech = SAOMechanism(outcome_space=os_, n_steps=60)
    mine = AccordNegotiator(make(strategy), s, role, seed=3)
    theirs = getattr(sao, opponent)()
    if role == "A":
        mech.add(mine)
        mech.add(theirs, ufun=ub)
    else:
        mech.add(theirs, ufun=ua)
        mech.add(mine)
    mech.run()
    assert not mech.state.has_error, mech.state.error_details
    t = mine.transcript
    assert t.ending is not None and mine.accord_role == role
    party = s.a if role == "A" else s.b
    if mech.agreement is None:
        assert t.ending.reason in ("deadline", "walk_away")
    else:
        agreed = outcome_from_negmas(s.space, mech.agreement)
        assert (t.ending.reason, t.ending.agreement) == ("agreement", agreed)
        if t.ending.by == role:  # we accepted: never below our reservation
            assert party.preferences.utility.at(agreed) >= party.preferences.reservation
    # every offer it made is rational for it, as accord's strategies promise
    for e in t.events:
        if e.actor == role and e.kind == "offer":
            assert party.preferences.utility.at(e.outcome) >= party.preferences.reservation


@pytest.mark.parametrize(
    ("a", "b"), [("boulware", "conceder"), ("tit_for_tat", "linear"), ("micro", "boulware")]
)
def test_accord_in_negmas_replays_accord_engine(a: str, b: str) -> None:
    """Two accord strategies inside SAOMechanism make the moves accord's engine makes."""
    s = scenario("OfficeLease")
    expected = Negotiation(s, make(a), make(b), seed=11, rounds=50).run()
    os_, _, _ = to_negmas(s)
    mech = SAOMechanism(outcome_space=os_, n_steps=50)
    na, nb = AccordNegotiator(a, s, "A", seed=11), AccordNegotiator(b, s, "B", seed=11)
    mech.add(na)
    mech.add(nb)
    mech.run()
    moves = [(e.turn, e.actor, e.kind, e.outcome) for e in expected.events if e.note != "closing"]
    for side in (na, nb):
        t = side.transcript
        assert [(e.turn, e.actor, e.kind, e.outcome) for e in t.events] == moves
        assert t.ending == expected.ending


def test_both_adapters_agree_with_each_other() -> None:
    """accord boulware vs negmas Conceder: the same talks whichever side hosts them."""
    s = scenario("Laptop")
    in_accord = Negotiation(
        s, make("boulware"), NegmasStrategy(sao.ConcederTBNegotiator), seed=4, rounds=80
    ).run()
    os_, _, ub = to_negmas(s)
    mech = SAOMechanism(outcome_space=os_, n_steps=80)
    mine = AccordNegotiator("boulware", s, "A", seed=4)
    mech.add(mine)
    mech.add(sao.ConcederTBNegotiator(), ufun=ub)
    mech.run()
    assert accord_offers(in_accord) == negmas_offers(s, mech)
    assert mine.transcript.ending == in_accord.ending


class _Mum(Strategy):
    """Says nothing, ever."""

    name = "mum"

    def act(self, view: Any) -> Silence:
        return Silence()


@pytest.mark.parametrize("strict", [False, True])
def test_accord_silence_in_negmas(strict: bool) -> None:
    s = scenario("OfficeLease")
    os_, _, ub = to_negmas(s)
    kw = {"allow_none_with_data": False, "end_on_no_response": True} if strict else {}
    mech = SAOMechanism(outcome_space=os_, n_steps=10, **kw)
    mine = AccordNegotiator(_Mum(), s, "A")
    mech.add(mine)
    mech.add(sao.BoulwareTBNegotiator(), ufun=ub)
    mech.run()
    assert not mech.state.broken  # silence never ends the talks
    proposals = [o for _, nid, o in mech.extended_trace if nid == mine.id]
    said = [e.kind for e in mine.transcript.events if e.actor == "A"]
    assert said == ["silence"] * len(proposals) and proposals
    if strict:  # no data-only replies: it repeats its standing offer (its best, here)
        best = outcome_to_negmas(s.space, int(np.argmax(s.a.preferences.utility.all())))
        assert proposals == [best] * len(proposals)
        assert mech.agreement in (None, best)
    else:
        assert proposals == [None] * 10 and mech.state.timedout


def test_accepting_a_stale_standing_offer_re_offers_it() -> None:
    s = scenario("OfficeLease")
    os_, _, _ = to_negmas(s)
    mech = SAOMechanism(outcome_space=os_, n_steps=5)
    rs = ResponseType.REJECT_OFFER
    them = _Script(
        [SAOResponse(rs, outcome_to_negmas(s.space, 8)), SAOResponse(rs, None, {"text": "hm"})]
        + [SAOResponse(ResponseType.ACCEPT_OFFER, None)] * 3
    )
    mine = AccordNegotiator(Scripted([Offer(1), Accept()]), s, "B")
    mech.add(them, ufun=to_negmas(s)[1])
    mech.add(mine)
    mech.run()
    assert outcome_from_negmas(s.space, mech.agreement) == 8
    t = mine.transcript
    assert [(e.actor, e.kind, e.outcome) for e in t.events] == [
        ("A", "offer", 8),
        ("B", "offer", 1),
        ("A", "silence", None),
        ("B", "offer", 8),  # its Accept, re-proposed: negmas no longer holds offer 8
        ("A", "accept", 8),
    ]
    assert "no longer" in t.events[3].note


# names, errors, determinism, conformance ---------------------------------------------


def test_make_routes_negmas_names() -> None:
    s = make("negmas:BoulwareTBNegotiator")
    assert isinstance(s, NegmasStrategy) and s.name == "negmas:BoulwareTBNegotiator"
    assert make("negmas:boulwaretbnegotiator").name == "negmas:BoulwareTBNegotiator"
    assert negmas_strategy("NiceTitForTatNegotiator").name == "negmas:NiceTitForTatNegotiator"


@pytest.mark.parametrize("name", ["negmas:NoSuchThing", "negmas:SAONegotiator", "negmas:"])
def test_unknown_negmas_names_are_input_errors(name: str) -> None:
    with pytest.raises(InputError) as err:
        make(name)
    assert err.value.field == "strategy"
    assert "negmas:BoulwareTBNegotiator" in (err.value.expected or "")


def test_missing_negmas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(adapter._lib, "_MISSING", ImportError("No module named 'negmas'"))
    with pytest.raises(InputError) as err:
        make("negmas:BoulwareTBNegotiator")
    assert "pip install 'accord[negmas]'" in str(err.value)
    with pytest.raises(InputError):
        to_negmas(scenario("OfficeLease"))


def test_core_does_not_import_negmas() -> None:
    import subprocess
    import sys

    code = (
        "import sys, accord, accord.strategies, accord.protocol, accord.formats, "
        "accord.analysis, accord.interop; accord.strategies.registry(); "
        "print('negmas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("cls", ["MiCRONegotiator", "RandomNegotiator"])
def test_stochastic_negotiators_are_seeded_privately(cls: str) -> None:
    s = scenario("OfficeLease")
    random.seed(123)
    before = random.getstate()
    runs = [
        Negotiation(s, make(f"negmas:{cls}"), make("boulware"), seed=seed, rounds=30).run().dumps()
        for seed in (5, 5, 6)
    ]
    assert runs[0] == runs[1]
    assert random.getstate() == before  # the global generator is left alone


@pytest.mark.parametrize("cls", ["BoulwareTBNegotiator", "NaiveTitForTatNegotiator"])
def test_wrapped_negmas_strategies_conform(cls: str) -> None:
    assert_conforms(
        f"negmas:{cls}",
        [scenario("Laptop"), scenario("dealer")],
        opponents=["diplomat", "hardliner", *_scripted()],
        seeds=(0,),
        rounds=(5, 20),
    )


def _scripted() -> list[Any]:
    from accord.testing.conformance import SCRIPTED_OPPONENTS

    return list(SCRIPTED_OPPONENTS)
