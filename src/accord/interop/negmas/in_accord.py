"""negmas inside accord: any negmas SAO negotiator as an accord `Strategy` (`negmas:Name`)."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

from accord.errors import InputError
from accord.interop.negmas._lib import (
    SILENCE_DATA,
    ExtendedOutcome,
    GBNegotiator,
    ResponseType,
    SAOMechanism,
    SAONegotiator,
    SAOResponse,
    require_negmas,
)
from accord.interop.negmas.convert import codec_of, negmas_ufun
from accord.interop.negmas.randomness import Randomness
from accord.model.issues import Value
from accord.protocol.moves import (
    Accept,
    AddOn,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.transcript import Event
from accord.protocol.view import View

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


class _Absent(SAONegotiator):
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
        self.codec = codec_of(view.space)
        self.no_offer = no_offer
        self.randomness = Randomness(seed)
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
        require_negmas()
        if no_offer not in ("silence", "walk_away"):
            raise InputError(
                f"no_offer={no_offer!r}", field="no_offer", expected="'silence' or 'walk_away'"
            )
        # Strategy.name is a ClassVar: each wrapper is named after its negotiator.
        self.name = f"negmas:{getattr(negotiator, '__name__', 'negotiator')}"  # type: ignore[misc]
        self._factory: Callable[[], Any] = (lambda: negotiator(**kwargs)) if kwargs else negotiator
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
                and issubclass(obj, SAONegotiator | GBNegotiator)
                and name not in _NOT_PLAYERS
                and not _abstract(obj)
            ):
                found.setdefault(name.lower(), obj)
    return found


def negmas_strategy(class_name: str, **kwargs: Any) -> NegmasStrategy:
    """`NegmasStrategy` for a negotiator class named in negmas.sao or negmas.gb.negotiators.

    Case-insensitive, so that ``make("negmas:boulwaretbnegotiator")`` works too.
    """
    require_negmas()
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
        with Randomness(0).active():  # negmas may draw from `random` while constructing
            cls(**kwargs)
    except Exception as e:
        raise InputError(
            f"negmas negotiator '{cls.__name__}' cannot be built here ({type(e).__name__}: {e})",
            field="strategy",
            expected="a negmas negotiator that needs no constructor arguments",
        ) from None
    return NegmasStrategy(cls, **kwargs)
