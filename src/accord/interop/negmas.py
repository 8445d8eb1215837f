"""negmas interoperability, both ways.

- `to_negmas`, `outcome_to_negmas`, `outcome_from_negmas`: the same issues,
  utilities (exactly, float for float) and reservation values as negmas objects.
- `NegmasStrategy`: a negmas SAO negotiator playing inside accord's engine
  (``make("negmas:BoulwareTBNegotiator")``).
- `AccordNegotiator`: an accord strategy playing inside a negmas `SAOMechanism`.

negmas is AGPL and optional: it is imported here only, never by accord's core.

Time. negmas's `SAOMechanism(n_steps=R)` runs R steps; in each step it calls
the negotiators in the order they joined (`ordered_indices` in
`SAOMechanism.__call__`), each once, with `state_for(negotiator)` whose
`relative_time` is ``(step + 1) / (R + 1)`` (`Mechanism._relative_time_for`:
``relative_step = (self._current_state.step + 1) / (n_steps + 1)``). accord's A
moves on even turns and B on odd ones, R rounds of one turn each, so accord
turn ``t`` is negmas step ``t // 2`` for the negotiator in position ``t % 2``:
a negotiator wrapped here sees the step, relative time, current offer and the
callbacks (``on_negotiation_start``, ``on_round_start``, ``on_partner_response``,
``on_partner_proposal``, ``on_round_end``) in the order `Mechanism.step` and
`SAOMechanism.__call__` produce them.
"""

from __future__ import annotations

import inspect
import math
import random
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Literal

import numpy as np

from accord.errors import InputError
from accord.model.issues import Issue, Role, Value
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences
from accord.protocol.errors import IllegalMoveError, OutsideSpaceError
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Ending, EndReason, Event, EventWindow, Transcript
from accord.protocol.view import Standing, View
from accord.strategies.base import Strategy, Traits, ladder, make

try:
    from negmas.gb.negotiators import GBNegotiator
    from negmas.outcomes import make_issue, make_os
    from negmas.outcomes.common import ExtendedOutcome
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences import UtilityFunction as _NegmasUtility
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import ResponseType, SAOCallNegotiator, SAOMechanism, SAOResponse
    from negmas.sao import SAONegotiator as _SAONegotiator
except ImportError as e:  # pragma: no cover - exercised only without the extra
    _MISSING: ImportError | None = e
    _SAONegotiator = SAOCallNegotiator = _NegmasUtility = object  # type: ignore[assignment,misc]
else:
    _MISSING = None

__all__ = [
    "AccordNegotiator",
    "NegmasStrategy",
    "negmas_strategy",
    "negmas_ufun",
    "outcome_from_negmas",
    "outcome_to_negmas",
    "to_negmas",
]

#: What a silent party sends when negmas accepts a rejection without a counter-offer.
SILENCE_DATA = {"text": "silence"}
#: Classes in negmas's namespaces that are bases or need sub-negotiators, not players.
_NOT_PLAYERS = frozenset(
    {
        "SAONegotiator",
        "SAOPRNegotiator",
        "SAOCallNegotiator",
        "GBNegotiator",
        "ControlledSAONegotiator",
        "SAOMetaNegotiator",
        "SAOAggMetaNegotiator",
        "GBMetaNegotiator",
        "MeanMetaNegotiator",
        "OSMeanMetaNegotiator",
        "RangeMetaNegotiator",
    }
)
_EXAMPLES = (
    "BoulwareTBNegotiator",
    "LinearTBNegotiator",
    "ConcederTBNegotiator",
    "NaiveTitForTatNegotiator",
    "NiceTitForTatNegotiator",
    "MiCRONegotiator",
    "AspirationNegotiator",
)


def _require_negmas() -> None:
    if _MISSING is not None:
        raise InputError(
            f"the negmas adapter needs negmas, which is not installed ({_MISSING})",
            field="strategy",
            expected="negmas installed: pip install 'accord[negmas]'",
        )


# conversions -------------------------------------------------------------------


class _Codec:
    """Index <-> negmas tuple for one accord space, with per-issue lookup tables.

    Holds no reference to the accord space, so a cache keyed on it can be weak.
    """

    def __init__(self, space: OutcomeSpace) -> None:
        self.names = space.names
        self.issues: tuple[Issue, ...] = space.issues
        self.values: tuple[tuple[Value, ...], ...] = tuple(i.values for i in space.issues)
        self.sizes = tuple(i.n for i in space.issues)
        self.n = space.n_outcomes
        self.lookup = tuple({v: d for d, v in enumerate(vals)} for vals in self.values)
        self._space: Any = None

    @property
    def negmas_space(self) -> Any:
        """negmas's outcome space, built on first use and shared (negmas treats it as immutable)."""
        if self._space is None:
            _require_negmas()
            issues = [
                make_issue(list(v), name=n) for v, n in zip(self.values, self.names, strict=True)
            ]
            self._space = make_os(issues)
        return self._space

    def to_negmas(self, index: int) -> tuple[Value, ...]:
        i = int(index)
        if not 0 <= i < self.n:
            raise InputError(
                f"outcome {index} is outside the space",
                field="outcome",
                expected=f"0 <= index < {self.n}",
            )
        out: list[Value] = [False] * len(self.sizes)
        for k in range(len(self.sizes) - 1, -1, -1):
            i, d = divmod(i, self.sizes[k])
            out[k] = self.values[k][d]
        return tuple(out)

    def from_negmas(self, outcome: Sequence[Value] | Mapping[str, Value]) -> int:
        if isinstance(outcome, Mapping):
            outcome = tuple(outcome.get(n) for n in self.names)  # type: ignore[misc]
        if outcome is None or len(outcome) != len(self.sizes):
            raise InputError(
                f"{outcome!r} is not an outcome of this space",
                field="outcome",
                expected=f"one value for each of {len(self.sizes)} issues",
            )
        index = 0
        for k, value in enumerate(outcome):
            try:
                d = self.lookup[k].get(value)
            except TypeError:  # an unhashable value
                d = None
            if d is None:
                d = self.issues[k].index(value)  # tolerant match, or a clear InputError
            index = index * self.sizes[k] + d
        return index


_CODECS: dict[int, tuple[weakref.ref[OutcomeSpace], _Codec]] = {}


def _codec(space: OutcomeSpace) -> _Codec:
    """The codec of `space`, built once per space object (per value, not per outcome)."""
    key = id(space)
    hit = _CODECS.get(key)
    if hit is not None and hit[0]() is space:
        return hit[1]
    codec = _Codec(space)
    _CODECS[key] = (weakref.ref(space, _forget(key, _CODECS)), codec)
    return codec


def _forget(key: int, codecs: dict[int, Any]) -> Callable[[Any], None]:
    """Drop the cache entry of a collected space (binds the dict: safe at interpreter exit)."""

    def callback(ref: Any) -> None:
        entry = codecs.get(key)
        if entry is not None and entry[0] is ref:
            del codecs[key]

    return callback


def outcome_to_negmas(space: OutcomeSpace, index: int) -> tuple[Value, ...]:
    """The negmas outcome (a tuple of issue values, in issue order) of accord outcome `index`."""
    return _codec(space).to_negmas(index)


def outcome_from_negmas(space: OutcomeSpace, outcome: Sequence[Value] | Mapping[str, Value]) -> int:
    """The accord outcome index of a negmas outcome (a tuple, or a dict by issue name)."""
    return _codec(space).from_negmas(outcome)


def negmas_ufun(preferences: Preferences, space: OutcomeSpace) -> Any:
    """A fresh negmas utility function equal to `preferences` (utility and reservation).

    Linear-additive utilities become negmas's `LinearAdditiveUtilityFunction` with
    the same normalised weights and value tables: negmas evaluates
    ``0.0 + w_0*v_0 + w_1*v_1 + ...`` in issue order, exactly the sum accord
    builds, so the values are identical. Other utilities become a lookup into
    accord's dense table. Fresh per call because negotiators take ownership of
    their ufun.
    """
    _require_negmas()
    codec = _codec(space)
    u = preferences.utility
    reserved = float(preferences.reservation)
    if isinstance(u, LinearAdditiveUtility):
        values = [
            TableFun(dict(zip(vals, table.tolist(), strict=True)))
            for vals, table in zip(codec.values, u.tables, strict=True)
        ]
        return LinearAdditiveUtilityFunction(
            values=values,
            weights=[float(w) for w in u.weights],
            outcome_space=codec.negmas_space,
            reserved_value=reserved,
        )
    dense = u.dense if hasattr(u, "dense") else u.all()
    return _dense_ufun_type()(codec, np.asarray(dense, dtype=float), reserved)


@cache
def _dense_ufun_type() -> type:
    """A negmas ufun reading accord's dense utilities; defined on demand (needs negmas)."""

    class DenseUtilityFunction(_NegmasUtility):  # type: ignore[misc, valid-type]
        """u(o) = dense[index(o)]: O(n_issues) per call, no per-outcome table in Python."""

        def __init__(self, codec: _Codec, dense: np.ndarray, reserved: float) -> None:
            super().__init__(outcome_space=codec.negmas_space, reserved_value=reserved)
            self._codec = codec
            self._dense = dense

        def eval(self, offer: Any) -> float:
            if offer is None:
                return float(self.reserved_value)
            return float(self._dense[self._codec.from_negmas(offer)])

        def extreme_outcomes(self, outcome_space=None, issues=None, outcomes=None, **kw):  # type: ignore[no-untyped-def]
            if outcome_space is None and issues is None and outcomes is None:
                c = self._codec
                return c.to_negmas(int(self._dense.argmin())), c.to_negmas(
                    int(self._dense.argmax())
                )
            return super().extreme_outcomes(outcome_space, issues, outcomes, **kw)

    return DenseUtilityFunction


def to_negmas(scenario: Scenario) -> tuple[Any, Any, Any]:
    """negmas's outcome space and A's and B's utility functions for `scenario`.

    Issue values keep their accord type (strings, numbers, booleans for add-ons);
    each ufun's value for every outcome equals accord's utility and its
    ``reserved_value`` equals the party's reservation value. Construction costs
    O(total issue values), never O(outcomes).

    >>> import numpy as np
    >>> from accord.model import Issue, OutcomeSpace, Party, Scenario
    >>> from accord.preferences import LinearAdditiveUtility, Preferences
    >>> space = OutcomeSpace((Issue.integer("price", 1, 3), Issue.addon("support", "A")))
    >>> def party(role, price):
    ...     tables = (np.array(price), np.array([0, 1.0]))
    ...     u = LinearAdditiveUtility(space, np.array([3.0, 1.0]), tables)
    ...     return Party(role, role, Preferences(u, reservation=0.25))
    >>> s = Scenario("toy", space, party("A", [1, 0.5, 0]), party("B", [0, 0.5, 1]))
    >>> os_, ua, ub = to_negmas(s)
    >>> outcome_to_negmas(space, 3), outcome_from_negmas(space, (2, True))
    ((2, True), 3)
    >>> ua((2, True)) == s.a.preferences.utility.at(3), ub.reserved_value
    (True, 0.25)
    """
    _require_negmas()
    space = scenario.space
    return (
        _codec(space).negmas_space,
        negmas_ufun(scenario.a.preferences, space),
        negmas_ufun(scenario.b.preferences, space),
    )


# seeding -----------------------------------------------------------------------


class _Randomness:
    """A private state for `random` and `numpy.random`, swapped in around negmas calls.

    negmas's stochastic negotiators draw from the global generators; swapping
    makes each wrapped negotiator deterministic given the accord seed without
    disturbing (or being disturbed by) anybody else's use of them.
    """

    def __init__(self, seed: int) -> None:
        self._py = random.Random(seed).getstate()
        self._np = np.random.RandomState(seed % 2**32).get_state()

    @contextmanager
    def active(self) -> Iterator[None]:
        saved_py, saved_np = random.getstate(), np.random.get_state()
        random.setstate(self._py)
        np.random.set_state(self._np)
        try:
            yield
        finally:
            self._py, self._np = random.getstate(), np.random.get_state()
            random.setstate(saved_py)
            np.random.set_state(saved_np)


# negmas inside accord ------------------------------------------------------------


class _Absent(_SAONegotiator):  # type: ignore[misc, valid-type]
    """Stands for the accord-side opponent in the private mechanism; never called, no ufun."""

    def propose(self, state: Any, dest: str | None = None) -> None:
        return None


def _call_negotiator(negotiator: Any, state: Any, dest: str | None) -> Any:
    """Call a negotiator as `SAOMechanism._safe_counter` does (with `dest`, else without)."""
    try:
        response = negotiator(state=state, dest=dest)
    except TypeError:
        response = negotiator(state=state)
    if response is not None and isinstance(response.outcome, ExtendedOutcome):
        response = SAOResponse(response.response, response.outcome.outcome, response.outcome.data)
    return response


class _Mirror:
    """A private SAOMechanism, never stepped, whose state we advance turn by turn.

    It gives the negotiator a real nmi (n_steps, outcome space, ids, state,
    history) and reproduces, for one negotiator, what `Mechanism.step` and
    `SAOMechanism.__call__` do around it: the same state fields and the same
    callbacks in the same order. This relies on negmas 0.16's private fields
    (`_current_state`, `_current_proposer`, `_add_to_history`, ...), which is
    why negmas is pinned to 0.16.
    """

    def __init__(
        self, factory: Callable[[], Any], view: View, seed: int, no_offer: str, label: str
    ) -> None:
        self.codec = _codec(view.space)
        self.no_offer = no_offer
        self.randomness = _Randomness(seed)
        self.position = 0 if view.role == "A" else 1
        with self.randomness.active():
            self.me = factory()
            self.partner = _Absent(name=f"accord-{view.other}")
            self.mech = SAOMechanism(
                outcome_space=self.codec.negmas_space, n_steps=view.rounds, name=label
            )
            ufun = negmas_ufun(view.preferences, view.space)
            first, second = (
                (self.me, self.partner) if self.position == 0 else (self.partner, self.me)
            )
            for negotiator in (first, second):
                ok = self.mech.add(negotiator, ufun=ufun if negotiator is self.me else None)
                if not ok:
                    raise InputError(
                        f"{type(negotiator).__name__} refused to join the negotiation",
                        field="strategy",
                        expected="a negmas SAO negotiator that accepts this outcome space",
                    )
        self.started = False
        self.ended = False
        self.seen = 0  # events of view.events already replayed
        self.theirs: tuple[Value, ...] | None = None

    # the mechanism's bookkeeping ---------------------------------------------------

    @property
    def state(self) -> Any:
        return self.mech._current_state

    def _start(self) -> None:
        mech, st = self.mech, self.state
        st.running, st.started, st.step = True, True, 0
        mech._start_time = time.perf_counter_ns()
        st.relative_time = mech._relative_time_for(mech._internal_nmi)
        mech._call(self.me, self.me._on_negotiation_start, state=mech.state_for(self.me))
        self._round_start()
        self.started = True

    def _round_start(self) -> None:
        mech = self.mech
        mech._call(self.me, self.me.on_round_start, state=mech.state_for(self.me))
        self.state.new_offers = []  # SAOMechanism.__call__ clears them after on_round_start
        self.state.new_data = []

    def _advance_to(self, step: int) -> None:
        """Close rounds until the mechanism is at `step`, as `Mechanism.step` does after a round."""
        mech, st = self.mech, self.state
        while st.step < step:
            snapshot = mech.state4history
            mech._call(self.me, self.me.on_round_end, state=mech.state_for(self.me))
            mech._add_to_history(snapshot)
            st.step += 1
            st.time = mech.time
            st.relative_time = mech._relative_time_for(mech._internal_nmi)
            self._round_start()

    def _record(self, who: Any, proposal: tuple[Value, ...] | None, data: Any) -> None:
        """A proposal (or a data-only rejection) entering the state, as in SAOMechanism."""
        mech, st = self.mech, self.state
        st.current_offer = proposal
        st.current_data = data
        mech._current_proposer = who
        st.current_proposer = who.id
        st.new_offers.append((who.id, proposal))
        st.new_data.append((who.id, data))
        st.last_negotiator = who.name
        mech._current_proposer_agent, st.new_offerer_agents = mech._agent_info()

    def _accepting(self) -> bool:
        return bool(self.mech._internal_nmi.offering_is_accepting)

    # the partner's moves -------------------------------------------------------------

    def _replay(self, event: Event) -> None:
        """The accord opponent's move, shown to the negotiator as a negmas partner's response.

        Offers, ultimatums and add-ons are proposals of the resulting outcome.
        Silence (also while consulting authority) keeps their standing offer on
        the table: it is shown as that offer proposed again; with no standing
        offer, as a rejection without counter-offer (negmas's data-only reply).
        """
        mech, st, me, partner = self.mech, self.state, self.me, self.partner
        self._advance_to(event.turn // 2)
        move = event.move
        if isinstance(move, Accept | WalkAway | Display):
            return  # the negotiation is over; the engine will not ask us again
        if isinstance(move, Offer | Ultimatum | AddOn):
            assert event.outcome is not None
            self.theirs = self.codec.to_negmas(event.outcome)
        proposal, data = (self.theirs, None) if self.theirs is not None else (None, SILENCE_DATA)
        mech._last_checked_negotiator = 1 - self.position
        if mech._current_proposer is partner and self._accepting():
            st.n_acceptances = 0
        if st.current_offer is not None:
            me.on_partner_response(
                state=mech.state_for(me),
                partner_id=partner.id,
                outcome=st.current_offer,
                response=ResponseType.REJECT_OFFER,
            )
        if proposal is None:
            st.n_acceptances = 0
        else:
            st.n_acceptances = 1 if self._accepting() else 0
            me.on_partner_proposal(partner_id=partner.id, offer=proposal, state=mech.state)
        self._record(partner, proposal, data)

    # our move ----------------------------------------------------------------------------

    def act(self, view: View) -> Move:
        with self.randomness.active():
            if not self.started:
                self._start()
            events = view.events
            for k in range(self.seen, len(events)):
                if events[k].actor != view.role:
                    self._replay(events[k])
            self.seen = len(events)
            self._advance_to(view.turn // 2)
            return self._respond(view)

    def _respond(self, view: View) -> Move:
        mech, st, me = self.mech, self.state, self.me
        mech._last_checked_negotiator = self.position
        if mech._current_proposer is me and self._accepting():
            st.n_acceptances = 0
        response = _call_negotiator(me, mech.state_for(me), self.partner.id)
        if response is None:  # a negmas timeout: the mechanism would end the talks
            return WalkAway()
        kind = response.response
        if kind in (ResponseType.END_NEGOTIATION, ResponseType.LEAVE):
            return WalkAway()
        if kind == ResponseType.ACCEPT_OFFER:
            if st.current_offer is None or view.theirs is None:
                return WalkAway()  # negmas breaks a negotiation whose accept has no offer
            st.n_acceptances += 1
            return Accept()
        if kind == ResponseType.REJECT_OFFER:
            if response.outcome is None:
                st.n_acceptances = 0
                self._record(me, None, response.data or SILENCE_DATA)
                ends = self.no_offer == "walk_away" and not response.data
                return WalkAway() if ends else Silence()
            st.n_acceptances = 1 if self._accepting() else 0
            outcome = self.codec.from_negmas(response.outcome)
            self._record(me, tuple(response.outcome), response.data)
            return Offer(outcome)
        return Silence()  # NO_RESPONSE and WAIT: nothing changes on the table

    def finish(self, agreement: int | None) -> None:
        """Tell the negotiator the talks ended (accord says so only for agreements)."""
        if self.ended or not self.started:
            return
        self.ended = True
        with self.randomness.active():
            st, mech = self.state, self.mech
            st.running = False
            st.agreement = None if agreement is None else self.codec.to_negmas(agreement)
            mech._call(self.me, self.me._on_negotiation_end, state=mech.state_for(self.me))


class NegmasStrategy(Strategy):
    """Any negmas SAO negotiator (an `SAONegotiator` or `GBNegotiator` class) as an accord strategy.

    The negotiator gets its own utility (converted from the view's preferences,
    never the opponent's), a private `SAOMechanism` with ``n_steps = rounds`` for
    its nmi, and the states and callbacks it would get in negmas's own
    mechanism (see the module docstring). Responses map as ACCEPT_OFFER ->
    Accept, END_NEGOTIATION / LEAVE -> WalkAway, REJECT with an offer -> Offer,
    REJECT without one -> Silence (``no_offer="walk_away"`` instead follows
    negmas's default mechanism, which ends the talks then unless the rejection
    carries data).

    Args:
        negotiator: the negmas negotiator class, or a factory of fresh instances.
        no_offer: what a rejection without counter-offer becomes.
        **kwargs: passed to the class on construction (one instance per negotiation).
    """

    traits = Traits(source="negmas (https://github.com/yasserfarouk/negmas)")

    def __init__(
        self,
        negotiator: type | Callable[[], Any],
        *,
        no_offer: Literal["silence", "walk_away"] = "silence",
        **kwargs: Any,
    ) -> None:
        _require_negmas()
        if no_offer not in ("silence", "walk_away"):
            raise InputError(
                f"no_offer={no_offer!r}", field="no_offer", expected="'silence' or 'walk_away'"
            )
        self.name = f"negmas:{getattr(negotiator, '__name__', 'negotiator')}"  # type: ignore[misc]
        self._factory: Callable[[], Any] = (
            (lambda: negotiator(**kwargs)) if kwargs else negotiator  # type: ignore[operator]
        )
        self._no_offer = no_offer
        self._mirror: _Mirror | None = None

    @property
    def negotiator(self) -> Any:
        """The negmas negotiator of the current negotiation (None before `reset`)."""
        return None if self._mirror is None else self._mirror.me

    def reset(self, view: View) -> None:
        seed = int(view.rng.integers(2**63 - 1))
        self._mirror = _Mirror(self._factory, view, seed, self._no_offer, self.name)

    def act(self, view: View) -> Move:
        if self._mirror is None:
            self.reset(view)
        assert self._mirror is not None
        return self._mirror.act(view)

    def close(self, view: View) -> Display | None:
        if self._mirror is not None:
            acceptor = "A" if view.turn % 2 == 0 else "B"
            taken = view.theirs if acceptor == view.role else view.mine
            self._mirror.finish(None if taken is None else taken.outcome)
        return None


def _abstract(cls: type) -> bool:
    """Abstract methods left, even without ABCMeta (negmas's bases are not all ABCs)."""
    return inspect.isabstract(cls) or any(
        getattr(getattr(cls, n, None), "__isabstractmethod__", False) for n in dir(cls)
    )


@cache
def _negmas_classes() -> dict[str, type]:
    """Playable negotiator classes of negmas.sao and negmas.gb.negotiators, by lower-case name."""
    import negmas.gb.negotiators as gb
    import negmas.sao as sao

    found: dict[str, type] = {}
    for module in (sao, gb):
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, _SAONegotiator | GBNegotiator)
                and name not in _NOT_PLAYERS
                and not _abstract(obj)
            ):
                found.setdefault(name.lower(), obj)
    return found


def negmas_strategy(class_name: str, **kwargs: Any) -> NegmasStrategy:
    """`NegmasStrategy` for a negotiator class named in negmas.sao or negmas.gb.negotiators.

    Case-insensitive, so that ``make("negmas:boulwaretbnegotiator")`` works too.
    """
    _require_negmas()
    name = class_name.strip()
    cls = _negmas_classes().get(name.lower())
    if cls is None:
        raise InputError(
            f"unknown negmas negotiator '{name}'",
            field="strategy",
            expected="negmas:<class> with a class from negmas.sao, e.g. "
            + ", ".join(f"negmas:{n}" for n in _EXAMPLES),
        )
    try:
        with _Randomness(0).active():  # negmas may draw from `random` while constructing
            cls(**kwargs)
    except Exception as e:
        raise InputError(
            f"negmas negotiator '{cls.__name__}' cannot be built here ({type(e).__name__}: {e})",
            field="strategy",
            expected="a negmas negotiator that needs no constructor arguments",
        ) from None
    return NegmasStrategy(cls, **kwargs)


# accord inside negmas --------------------------------------------------------------


class AccordNegotiator(SAOCallNegotiator):  # type: ignore[misc, valid-type]
    """An accord strategy (instance or registered name) as a negmas SAO negotiator.

    It rebuilds the accord view from negmas's states: the partner's proposals
    become offers and their standing offer, everything else silence; its own
    moves go into the same event list, so opponent models reading
    ``view.events`` work unmodified. The accord role seen by the strategy
    follows the move order (the first to join is A, like accord's engine);
    `role` picks whose preferences (and negmas ufun) it negotiates with.
    Time is accord's ``turn / (2 * n_steps)`` (turn = 2 * step + position).

    Moves negmas lacks: Silence and ConsultAuthority -> a rejection without
    counter-offer (with text data, which negmas allows by default; otherwise
    the standing offer is repeated), the pause itself is kept for the announced
    rounds; Ultimatum -> a plain offer; AddOn -> the sweetened offer; conditions
    are dropped; WalkAway -> END_NEGOTIATION. Accepting a standing offer that is
    no longer negmas's current offer re-proposes it instead.

    After the negotiation, `transcript` gives the accord transcript of it.
    """

    def __init__(
        self,
        strategy: Strategy | str,
        scenario: Scenario,
        role: Role = "A",
        *,
        seed: int = 0,
        **kwargs: Any,
    ) -> None:
        _require_negmas()
        if role not in ("A", "B"):
            raise InputError(f"role {role!r}", field="role", expected="'A' or 'B'")
        self.strategy = make(strategy) if isinstance(strategy, str) else strategy
        self.scenario = scenario
        self.party_role: Role = role
        self.seed = seed
        party = scenario.a if role == "A" else scenario.b
        self._preferences_accord = party.preferences
        kwargs.setdefault("name", f"accord:{self.strategy.name}")
        if "ufun" not in kwargs and "preferences" not in kwargs:
            kwargs["ufun"] = negmas_ufun(party.preferences, scenario.space)
        super().__init__(**kwargs)
        self._codec = _codec(scenario.space)
        self._ready = False
        self.accord_role: Role = role  # set from the move order when the talks start
        self._rounds = scenario.deadline_rounds
        self._events: list[Event] = []
        self._ending: Ending | None = None
        self._partner_name = "negmas"

    # set-up -----------------------------------------------------------------------

    def on_negotiation_start(self, state: Any) -> None:
        super().on_negotiation_start(state)
        self._setup(state)

    def _setup(self, state: Any) -> None:
        nmi = self.nmi
        if nmi.n_negotiators != 2:
            raise ValueError(
                f"accord negotiates bilaterally; this mechanism has {nmi.n_negotiators}"
            )
        if getattr(nmi, "one_offer_per_step", False):
            raise ValueError("accord's turns need SAO steps of one move each side")
        self._position = nmi.negotiator_index(self.id)
        self.accord_role = "A" if self._position == 0 else "B"
        self._partner_id = nmi.negotiator_ids[1 - self._position]
        self._partner_name = nmi.participants[1 - self._position].name
        self._rounds = int(nmi.n_steps) if nmi.n_steps else self.scenario.deadline_rounds
        seeds = np.random.SeedSequence(self.seed).spawn(2)
        self._rng = np.random.default_rng(seeds[self._position])
        self._events = []
        self._theirs: Standing | None = None
        self._mine: Standing | None = None
        self._pause = 0
        self._last_turn = -1
        self._last_kind: str = ""
        self._ending = None
        self._closing: Display | None = None
        self._ready = True
        self.strategy.reset(self._view(0, state))

    def _time(self, turn: int, state: Any) -> float:
        t = turn / (2 * self._rounds) if self.nmi.n_steps else 0.0
        limit = self.nmi.time_limit
        if limit is not None and math.isfinite(limit) and limit > 0:
            t = max(t, state.time / limit)
        if not self.nmi.n_steps:
            t = max(t, state.relative_time)
        return min(t, 1.0)

    def _view(self, turn: int, state: Any) -> View:
        return View(
            role=self.accord_role,
            space=self.scenario.space,
            preferences=self._preferences_accord,
            rounds=self._rounds,
            turn=turn,
            time=self._time(turn, state),
            events=EventWindow(self._events),
            theirs=self._theirs,
            mine=self._mine,
            rng=self._rng,
        )

    # negotiating ------------------------------------------------------------------

    def __call__(self, state: Any, dest: str | None = None) -> Any:
        if not self._ready:
            self._setup(state)
        turn = 2 * state.step + self._position
        other: Role = "B" if self.accord_role == "A" else "A"
        if turn > 0:
            self._partner_moved(turn - 1, other, state)
        self._last_turn = turn
        if self._pause > 0:
            self._pause -= 1
            self._log(turn, Silence(), None, "consulting authority")
            return self._silence(state)
        move = self.strategy.act(self._view(turn, state))
        return self._send(move, turn, state)

    def _partner_moved(self, turn: int, other: Role, state: Any) -> None:
        """What the partner did since our last move: a proposal, or nothing said."""
        if state.current_proposer == self._partner_id and state.current_offer is not None:
            outcome = self._codec.from_negmas(state.current_offer)
            self._theirs = Standing(outcome)
            self._events.append(Event(turn, other, Offer(outcome), outcome))
        else:
            self._events.append(Event(turn, other, Silence(), None))

    def _log(self, turn: int, move: Move, outcome: int | None, note: str = "") -> None:
        self._events.append(Event(turn, self.accord_role, move, outcome, note))
        self._last_kind = type(move).__name__

    def _offer(self, outcome: int) -> Any:
        self._mine = Standing(outcome)
        return SAOResponse(ResponseType.REJECT_OFFER, self._codec.to_negmas(outcome))

    def _silence(self, state: Any) -> Any:
        nmi = self.nmi
        if getattr(nmi, "allow_none_with_data", False) or not getattr(
            nmi, "end_on_no_response", True
        ):
            return SAOResponse(ResponseType.REJECT_OFFER, None, dict(SILENCE_DATA))
        if self._mine is not None:
            return self._offer(self._mine.outcome)
        return self._offer(int(ladder(self._preferences_accord.utility).order[0]))

    def _check(self, outcome: object) -> int:
        n = self.scenario.space.n_outcomes
        if isinstance(outcome, bool) or not isinstance(outcome, int | np.integer):
            raise OutsideSpaceError(f"outcome {outcome!r} is not in the outcome space")
        if not 0 <= outcome < n:
            raise OutsideSpaceError(f"outcome {outcome!r} is not in the outcome space")
        return int(outcome)

    def _send(self, move: Move, turn: int, state: Any) -> Any:
        """The accord move as a negmas response, logged as the strategy made it."""
        if isinstance(move, Accept):
            if self._theirs is None:
                raise IllegalMoveError(
                    f"{self.accord_role} accepted, but there is no offer on the table"
                )
            current = state.current_offer
            if current is not None and state.current_proposer == self._partner_id:
                self._log(turn, move, self._codec.from_negmas(current))
                return SAOResponse(ResponseType.ACCEPT_OFFER, current)
            outcome = self._theirs.outcome
            self._log(turn, Offer(outcome), outcome, "accepted an offer negmas no longer holds")
            return self._offer(outcome)
        if isinstance(move, Offer | Ultimatum):
            outcome = self._check(move.outcome)
            notes = []
            if move.condition is not None:
                notes.append("condition dropped (negmas has none)")
            if isinstance(move, Ultimatum):
                notes.append("sent as a plain offer")
            self._log(turn, type(move)(outcome), outcome, "; ".join(notes))
            return self._offer(outcome)
        if isinstance(move, AddOn):
            outcome = self._with_addon(move.issue)
            self._log(turn, move, outcome)
            return self._offer(outcome)
        if isinstance(move, WalkAway):
            self._log(turn, move, None)
            return SAOResponse(ResponseType.END_NEGOTIATION, None)
        if isinstance(move, ConsultAuthority):
            if not 1 <= move.rounds <= 3:
                raise IllegalMoveError(f"a pause of {move.rounds} rounds; allowed: 1 to 3")
            self._pause = move.rounds
            self._log(turn, move, None)
            return self._silence(state)
        if isinstance(move, Silence):
            self._log(turn, move, None)
            return self._silence(state)
        raise IllegalMoveError(f"{move!r} is not a move during the negotiation")

    def _with_addon(self, name: str) -> int:
        space = self.scenario.space
        if name not in space.names:
            raise IllegalMoveError(f"unknown add-on '{name}'")
        k = space.names.index(name)
        issue = space.issues[k]
        if issue.kind != "addon" or issue.giver != self.accord_role:
            raise IllegalMoveError(f"'{name}' is not an add-on that {self.accord_role} can grant")
        if self._mine is None:
            raise IllegalMoveError(f"{self.accord_role} has no offer on the table to sweeten")
        digits = space.digits(self._mine.outcome)[0]
        if digits[k] == 1:
            raise IllegalMoveError(f"'{name}' is already in {self.accord_role}'s offer")
        digits[k] = 1
        return int(space.indices(digits)[0])

    # the end ----------------------------------------------------------------------

    def on_negotiation_end(self, state: Any) -> None:
        super().on_negotiation_end(state)
        if not self._ready or self._ending is not None:
            return
        other: Role = "B" if self.accord_role == "A" else "A"
        theirs_turn = self._last_turn + 1
        if state.agreement is not None:
            outcome = self._codec.from_negmas(state.agreement)
            by, turn = (
                (self.accord_role, self._last_turn)
                if self._last_kind == "Accept"
                else (other, theirs_turn)
            )
            if by == other:
                self._events.append(Event(turn, other, Accept(), outcome))
            self._closing = self.strategy.close(self._view(turn, state))
            if self._closing is not None:
                self._events.append(Event(turn, self.accord_role, self._closing, None, "closing"))
            self._ending = Ending("agreement", turn, by, outcome)
            return
        reason: EndReason
        if state.broken:
            by, reason = (
                (self.accord_role, "walk_away")
                if self._last_kind == "WalkAway"
                else (other, "walk_away")
            )
            turn = self._last_turn if by == self.accord_role else theirs_turn
            if by == other:
                self._events.append(Event(turn, other, WalkAway(), None))
            self._ending = Ending(reason, turn, by)
            return
        reason = "deadline" if self.nmi.n_steps and state.step >= self.nmi.n_steps else "time_limit"
        self._ending = Ending(reason, min(2 * state.step, 2 * self._rounds), None)

    @property
    def transcript(self) -> Transcript:
        """The negotiation so far as an accord transcript (the partner under its negmas name)."""
        me, them = self.strategy.name, self._partner_name
        names = (me, them) if self.accord_role == "A" else (them, me)
        return Transcript(
            self.scenario.name, names, self.seed, self._rounds, list(self._events), self._ending
        )
