"""accord inside negmas: any accord strategy as a negmas SAO negotiator."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from accord.errors import InputError
from accord.interop.negmas._lib import (
    SILENCE_DATA,
    ResponseType,
    SAOCallNegotiator,
    SAOResponse,
    require_negmas,
)
from accord.interop.negmas.convert import codec_of, negmas_ufun
from accord.model.issues import Role, other
from accord.model.scenario import Scenario
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
from accord.strategies import Strategy, ladder, make


class AccordNegotiator(SAOCallNegotiator):
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
        require_negmas()
        if role not in ("A", "B"):
            raise InputError(f"role {role!r}", field="role", expected="'A' or 'B'")
        self.strategy = make(strategy) if isinstance(strategy, str) else strategy
        self.scenario = scenario
        self.seed = seed
        party = scenario.a if role == "A" else scenario.b
        self._preferences_accord = party.preferences
        kwargs.setdefault("name", f"accord:{self.strategy.name}")
        if "ufun" not in kwargs and "preferences" not in kwargs:
            kwargs["ufun"] = negmas_ufun(party.preferences, scenario.space)
        super().__init__(**kwargs)
        self.codec_of = codec_of(scenario.space)
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
        if turn > 0:
            self._partner_moved(turn - 1, other(self.accord_role), state)
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
            outcome = self.codec_of.from_negmas(state.current_offer)
            self._theirs = Standing(outcome)
            self._events.append(Event(turn, other, Offer(outcome), outcome))
        else:
            self._events.append(Event(turn, other, Silence(), None))

    def _log(self, turn: int, move: Move, outcome: int | None, note: str = "") -> None:
        self._events.append(Event(turn, self.accord_role, move, outcome, note))
        self._last_kind = type(move).__name__

    def _offer(self, outcome: int) -> Any:
        self._mine = Standing(outcome)
        return SAOResponse(ResponseType.REJECT_OFFER, self.codec_of.to_negmas(outcome))

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
                self._log(turn, move, self.codec_of.from_negmas(current))
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
        partner = other(self.accord_role)
        theirs_turn = self._last_turn + 1
        if state.agreement is not None:
            outcome = self.codec_of.from_negmas(state.agreement)
            by, turn = (
                (self.accord_role, self._last_turn)
                if self._last_kind == "Accept"
                else (partner, theirs_turn)
            )
            if by == partner:
                self._events.append(Event(turn, partner, Accept(), outcome))
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
                else (partner, "walk_away")
            )
            turn = self._last_turn if by == self.accord_role else theirs_turn
            if by == partner:
                self._events.append(Event(turn, partner, WalkAway(), None))
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
