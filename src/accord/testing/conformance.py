"""A conformance kit for strategies, shipped in the package (like PettingZoo's `api_test`).

`check_strategy` plays a strategy against every registered strategy and a set
of scripted opponents, in both roles, over several seeds and deadlines, and
lists what it got wrong:

- ``reservation``: it accepted a deal worth less to it than its reservation
  value (for a conditional deal, the expected utility under its own belief);
- ``protocol``: the engine refused one of its moves (an offer outside the
  space, an illegal move); ``opponent_protocol`` when the opponent erred;
- ``deadline``: the talks did not end by ``2 * rounds`` turns, or events were
  recorded after the end (other than closing displays);
- ``seed``: the same seed did not give the same transcript bytes;
- ``replay``: replaying the transcript did not reproduce it.

`assert_dialogue` plays a strategy against a scripted list of moves, for
tests of one exchange (Axelrod's `versus_test`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from accord.model.issues import ROLES, Role
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.protocol.errors import ProtocolError
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Move,
    Offer,
    Silence,
    Ultimatum,
    expected_utility,
)
from accord.protocol.replay import Scripted, ScriptExhaustedError, replay
from accord.protocol.transcript import Ending, Transcript
from accord.protocol.view import View
from accord.strategies import Strategy, ladder, make, registry

Factory = Callable[[], Strategy]
StrategyLike = str | Factory


# scripted opponents ------------------------------------------------------------


def best_outcome(view: View) -> int:
    """The outcome best for the viewer."""
    return int(ladder(view.preferences.utility).order[0])


class Stubborn(Strategy):
    """Always offers its own best outcome."""

    name = "stubborn"

    def act(self, view: View) -> Move:
        return Offer(best_outcome(view))


class Silent(Strategy):
    """Only ever stays silent."""

    name = "silent"

    def act(self, view: View) -> Move:
        return Silence()


class Accepter(Strategy):
    """Accepts any standing offer, else offers its best."""

    name = "accepter"

    def act(self, view: View) -> Move:
        return Accept() if view.theirs is not None else Offer(best_outcome(view))


class UltimatumGiver(Strategy):
    """Issues an ultimatum at its best outcome on its first turn, then offers its best."""

    name = "ultimatum_giver"

    def act(self, view: View) -> Move:
        first = view.mine is None
        return Ultimatum(best_outcome(view)) if first else Offer(best_outcome(view))


class Consulter(Strategy):
    """Consults its authority for 2 rounds on its first turn, then offers its best."""

    name = "consulter"

    def act(self, view: View) -> Move:
        if not any(e.actor == view.role for e in view.events):
            return ConsultAuthority(2)
        return Offer(best_outcome(view))


class AddOnner(Strategy):
    """Offers its best, then grants each add-on it can give, then repeats its offer."""

    name = "add_onner"

    def act(self, view: View) -> Move:
        if view.mine is None:
            return Offer(best_outcome(view))
        digits = view.space.digits(view.mine.outcome)[0]
        for issue, d in zip(view.space.issues, digits, strict=True):
            if issue.kind == "addon" and issue.giver == view.role and d == 0:
                return AddOn(issue.name)
        return Offer(view.mine.outcome)


SCRIPTED_OPPONENTS: tuple[type[Strategy], ...] = (
    Stubborn,
    Silent,
    Accepter,
    UltimatumGiver,
    Consulter,
    AddOnner,
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule, with the run that shows it."""

    check: str
    strategy: str
    opponent: str
    scenario: str
    role: Role
    seed: int
    rounds: int
    detail: str

    def __str__(self) -> str:
        return (
            f"[{self.check}] {self.strategy} as {self.role} vs {self.opponent} on "
            f"'{self.scenario}' (seed {self.seed}, {self.rounds} rounds): {self.detail}"
        )


@dataclass(frozen=True, slots=True)
class _Case:
    """One run: a strategy in one role against one opponent, seed and deadline."""

    scenario: Scenario
    name: str
    factory: Factory
    opponent: str
    opponent_factory: Factory
    role: Role
    seed: int
    rounds: int

    def violation(self, check: str, detail: str) -> Violation:
        return Violation(
            check, self.name, self.opponent, self.scenario.name, self.role, self.seed,
            self.rounds, detail,
        )  # fmt: skip

    def negotiation(self) -> Negotiation:
        me, them = self.factory(), self.opponent_factory()
        a, b = (me, them) if self.role == "A" else (them, me)
        return Negotiation(self.scenario, a, b, seed=self.seed, rounds=self.rounds)


def resolve(strategy: StrategyLike) -> tuple[str, Factory]:
    """A strategy's name and a factory of fresh instances, from a registered name or a factory."""
    if isinstance(strategy, str):
        make(strategy)  # an unknown name fails here, with the list of known ones
        key = strategy.strip().lower()
        return key, lambda: make(key)
    return strategy().name or getattr(strategy, "__name__", "strategy"), strategy


def default_opponents() -> list[tuple[str, Factory]]:
    """Every registered strategy, then the kit's scripted opponents."""
    registered = [resolve(name) for name in registry()]
    return registered + [(f"{cls.name} (scripted)", cls) for cls in SCRIPTED_OPPONENTS]


def check_strategy(
    name_or_factory: StrategyLike,
    scenarios: Sequence[Scenario],
    opponents: Sequence[StrategyLike] | None = None,
    seeds: Sequence[int] = (0, 1),
    rounds: Sequence[int] = (5, 40),
) -> list[Violation]:
    """Every violation of the conformance rules found for one strategy.

    Args:
        name_or_factory: a registered name, or a callable returning a fresh strategy.
        scenarios: the scenarios to play on.
        opponents: names or factories; every registered strategy plus the
            scripted opponents by default.
        seeds: the seeds of each pairing.
        rounds: the deadlines of each pairing.
    """
    name, factory = resolve(name_or_factory)
    rivals = default_opponents() if opponents is None else [resolve(o) for o in opponents]
    found: list[Violation] = []
    for case in _cases(name, factory, scenarios, rivals, seeds, rounds):
        found.extend(_check_case(case))
    return found


def assert_conforms(
    name_or_factory: StrategyLike,
    scenarios: Sequence[Scenario],
    opponents: Sequence[StrategyLike] | None = None,
    seeds: Sequence[int] = (0, 1),
    rounds: Sequence[int] = (5, 40),
) -> None:
    """`check_strategy`, raising `AssertionError` that lists the violations."""
    found = check_strategy(name_or_factory, scenarios, opponents, seeds, rounds)
    if found:
        shown = "\n".join(f"  {v}" for v in found[:25])
        more = f"\n  ... and {len(found) - 25} more" if len(found) > 25 else ""
        raise AssertionError(f"{len(found)} conformance violation(s):\n{shown}{more}")


def _cases(
    name: str,
    factory: Factory,
    scenarios: Sequence[Scenario],
    rivals: Sequence[tuple[str, Factory]],
    seeds: Sequence[int],
    rounds: Sequence[int],
) -> Iterator[_Case]:
    for scenario, (rival, rival_factory), role, seed, r in itertools.product(
        scenarios, rivals, ROLES, seeds, rounds
    ):
        yield _Case(scenario, name, factory, rival, rival_factory, role, seed, r)


def _check_case(case: _Case) -> list[Violation]:
    """All checks of one run; a run stopped by a protocol error is not checked further."""
    transcript, error = _play(case)
    if error is not None:
        return [error]
    return [
        case.violation(check, detail)
        for check, detail in (
            ("reservation", _below_reservation(case, transcript)),
            ("deadline", deadline_violation(transcript, case.rounds)),
            ("seed", _not_reproduced(case, transcript)),
            ("replay", _not_replayed(case, transcript)),
        )
        if detail
    ]


def _play(case: _Case) -> tuple[Transcript, Violation | None]:
    """Run the case to its end (at most `2 * rounds` steps); a protocol error stops it."""
    neg = case.negotiation()
    for _ in range(2 * case.rounds):
        if neg.ended:
            break
        actor = neg.actor
        try:
            neg.step()
        except ProtocolError as e:
            mine = actor == case.role
            who = case.name if mine else case.opponent
            check = "protocol" if mine else "opponent_protocol"
            return neg.transcript, case.violation(check, f"{who}: {type(e).__name__}: {e}")
        except Exception as e:
            e.add_note(f"while running {case.violation('crash', 'see above')}")
            raise
    return neg.transcript, None


def agreed_utility(scenario: Scenario, ending: Ending, role: Role) -> float:
    """Utility of an agreement to `role`; for a conditional one, expected under its belief."""
    assert ending.agreement is not None
    utility = (scenario.a if role == "A" else scenario.b).preferences.utility
    belief = ending.beliefs[0 if role == "A" else 1] if ending.beliefs else 0.5
    return expected_utility(utility, scenario.space, ending.agreement, ending.condition, belief)


def _below_reservation(case: _Case, t: Transcript) -> str:
    e = t.ending
    if e is None or e.reason != "agreement" or e.by != case.role:
        return ""
    party = case.scenario.a if case.role == "A" else case.scenario.b
    got, floor = agreed_utility(case.scenario, e, case.role), party.preferences.reservation
    if got >= floor - 1e-9:
        return ""
    return f"accepted outcome {e.agreement} worth {got:.4f} < reservation {floor:.4f}"


def deadline_violation(t: Transcript, rounds: int) -> str:
    """Why the transcript does not end by the deadline, or ''."""
    e = t.ending
    if e is None:
        return f"still running after {2 * rounds} turns"
    if e.turn > 2 * rounds:
        return f"ended at turn {e.turn} > {2 * rounds}"
    closing = sum(1 for ev in t.events if ev.note == "closing")
    tail = t.events[len(t.events) - closing :]
    if closing and (e.reason != "agreement" or any(ev.note != "closing" for ev in tail)):
        return "closing displays outside the end of an agreement"
    late = [ev for ev in t.events if ev.turn > e.turn or ev.turn >= 2 * rounds]
    return f"event after the end ({e.reason} at turn {e.turn}): {late[0]}" if late else ""


def _not_reproduced(case: _Case, t: Transcript) -> str:
    again, error = _play(case)
    if error is not None:
        return f"the second run with the same seed failed: {error.detail}"
    if again.dumps() != t.dumps():
        return f"same seed, different transcript: {_first_difference(t, again)}"
    return ""


def _not_replayed(case: _Case, t: Transcript) -> str:
    try:
        replayed = replay(case.scenario, t)
    except ProtocolError as e:
        return f"{type(e).__name__}: {e}"
    return "" if replayed.dumps() == t.dumps() else "replay differs from the transcript"


def _first_difference(t: Transcript, u: Transcript) -> str:
    for k, (x, y) in enumerate(zip(t.events, u.events, strict=False)):
        if x != y:
            return f"event {k}: {x} vs {y}"
    if len(t.events) != len(u.events):
        return f"{len(t.events)} vs {len(u.events)} events"
    return f"ending {t.ending} vs {u.ending}"


def assert_dialogue(
    strategy: StrategyLike | Strategy,
    scripted_moves: Sequence[Move],
    scenario: Scenario,
    role: Role = "A",
    expect: Callable[[Transcript], object] | None = None,
) -> Transcript:
    """Play `strategy` as `role` against `scripted_moves`, stopping when the script runs out.

    Returns the transcript; if `expect` returns False (or raises
    AssertionError) the failure shows the dialogue turn by turn.

    >>> import numpy as np
    >>> from accord.model import Issue, OutcomeSpace, Party, Scenario
    >>> from accord.preferences import LinearAdditiveUtility, Preferences
    >>> from accord.protocol import Offer
    >>> space = OutcomeSpace((Issue.ordered("price", [1, 2, 3]),))
    >>> def party(role, table):
    ...     u = LinearAdditiveUtility(space, np.ones(1), (np.array(table),))
    ...     return Party(role, role, Preferences(u, reservation=0.4))
    >>> s = Scenario("toy", space, party("A", [1, 0.5, 0]), party("B", [0, 0.5, 1]))
    >>> t = assert_dialogue("linear", [Offer(2)], s, role="A")
    >>> [(e.actor, e.kind, e.outcome) for e in t.events]
    [('A', 'offer', 0), ('B', 'offer', 2), ('A', 'offer', 0)]
    """
    mine = strategy if isinstance(strategy, Strategy) else resolve(strategy)[1]()
    other = Scripted(scripted_moves)
    a, b = (mine, other) if role == "A" else (other, mine)
    neg = Negotiation(scenario, a, b)
    while not neg.ended:
        try:
            neg.step()
        except ScriptExhaustedError:
            break
    transcript = neg.transcript
    if expect is not None:
        _expect(expect, transcript)
    return transcript


def _expect(expect: Callable[[Transcript], object], t: Transcript) -> None:
    try:
        ok = expect(t)
    except AssertionError as e:
        e.add_note(render(t))
        raise
    if ok is False:
        raise AssertionError(f"the dialogue did not meet the expectation:\n{render(t)}")


def render(t: Transcript) -> str:
    """The transcript as one line per event, for failure messages."""
    lines = [
        f"  turn {e.turn:>3} {e.actor} {e.kind:<17} outcome={e.outcome} {e.note}".rstrip()
        for e in t.events
    ]
    return "\n".join([*lines, f"  ending: {t.ending}"])
