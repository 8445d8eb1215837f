"""Negotiations that write every event as it happens, and resume after a crash.

`Recorder.flush` stores each event the engine appended since the last flush,
one committed transaction per event, so after `kill -9` the store holds every
move made before it. `resume` rebuilds the negotiation from its stored events:
a fresh engine with the same scenario, seed and strategies, where each side
plays its recorded moves (its strategy still sees every turn, so it ends in
the state it was in) until the stored events are used up; then the
strategies play on. The engine re-checks every replayed move, and the
replayed events must equal the stored ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import InputError
from accord.model.issues import ROLES, Role
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.protocol.errors import ProtocolError
from accord.protocol.moves import Condition, Display, Move
from accord.protocol.replay import ENGINE_NOTES
from accord.protocol.strategy import Strategy
from accord.protocol.transcript import Event, Transcript
from accord.protocol.view import View
from accord.store import negotiations
from accord.store.coached import is_coached
from accord.store.database import Store

if TYPE_CHECKING:
    from accord.analysis.report import ScenarioAnalysis


class Recorder:
    """Stores a running negotiation's events, each in its own transaction."""

    def __init__(self, store: Store, negotiation_id: int, written: int = 0) -> None:
        self.store = store
        self.negotiation_id = negotiation_id
        self.written = written

    def flush(self, transcript: Transcript) -> list[Event]:
        """Store the events appended since the last flush; returns them."""
        new = transcript.events[self.written :]
        for event in new:
            negotiations.append_event(self.store, self.negotiation_id, self.written, event)
            self.written += 1
        return new


def run(
    neg: Negotiation, recorder: Recorder, on_event: Callable[[Event], None] | None = None
) -> Transcript:
    """Step `neg` to its end, storing each event before the next move is made."""
    recorder.flush(neg.transcript)
    while not neg.ended:
        neg.step()
        for event in recorder.flush(neg.transcript):
            if on_event is not None:
                on_event(event)
    return neg.transcript


class Following(Strategy):
    """Plays `moves` (a side's recorded moves) while any remain, then `inner` alone.

    `inner` is asked for every move too, and its answer ignored while replaying,
    so its state (opponent model, concession clock, use of the random stream)
    is what it would have been; a deterministic strategy asked the same
    questions gives the recorded answers anyway.
    """

    def __init__(self, inner: Strategy, moves: list[Move]) -> None:
        self.inner = inner
        self.moves = moves
        self.name = inner.name  # type: ignore[misc]  # a ClassVar: the inner strategy's
        self._next = 0

    def reset(self, view: View) -> None:
        self.inner.reset(view)

    def act(self, view: View) -> Move:
        move = self.inner.act(view)
        if self._next < len(self.moves):
            move = self.moves[self._next]
            self._next += 1
        return move

    def close(self, view: View) -> Display | None:
        return self.inner.close(view)

    def belief(self, condition: Condition, view: View) -> float:
        return self.inner.belief(condition, view)


@dataclass
class Resumed:
    """A negotiation rebuilt from the store, ready to continue, with its recorder."""

    negotiation: Negotiation
    recorder: Recorder
    replayed: int


def resume(
    store: Store, negotiation_id: int, scenario: Scenario, a: Strategy, b: Strategy
) -> Resumed:
    """Rebuild stored negotiation `negotiation_id` to where its events end.

    Raises `InputError` when it has ended, or when the scenario or strategies
    do not reproduce its stored events.
    """
    neg_info = negotiations.info(store, negotiation_id)
    if not neg_info.open:
        raise InputError(
            f"negotiation {negotiation_id} has already ended ({neg_info.reason})",
            source=store.shown,
        )
    stored = negotiations.events(store, negotiation_id)
    moves = {
        role: [e.move for e in stored if e.actor == role and e.note not in ENGINE_NOTES]
        for role in ROLES
    }
    neg = Negotiation(
        scenario,
        Following(a, moves["A"]),
        Following(b, moves["B"]),
        seed=neg_info.seed or 0,
        rounds=neg_info.rounds,
    )
    try:
        while not neg.ended and len(neg.transcript.events) < len(stored):
            neg.step()
    except ProtocolError as e:
        raise _diverged(store, negotiation_id, f"a stored move is refused ({e})") from None
    replayed = neg.transcript.events
    for k, (mine, theirs) in enumerate(zip(replayed, stored, strict=False)):
        if mine != theirs:
            raise _diverged(
                store, negotiation_id, f"event {k} differs: stored {theirs}, now {mine}"
            )
    if len(replayed) < len(stored):
        raise _diverged(store, negotiation_id, "it ended before its last stored event")
    return Resumed(neg, Recorder(store, negotiation_id, written=len(stored)), len(stored))


def _diverged(store: Store, negotiation_id: int, why: str) -> InputError:
    return InputError(
        f"negotiation {negotiation_id} cannot be resumed here: {why}",
        source=store.shown,
        expected="the scenario file and strategies it was started with",
    )


# whole negotiations from scenario files -------------------------------------------------


@dataclass
class Prepared:
    """A stored negotiation ready to run: scenario, strategies, engine and recorder."""

    scenario: Scenario
    a: Strategy
    b: Strategy
    negotiation: Negotiation
    recorder: Recorder
    replayed: int = 0

    @property
    def negotiation_id(self) -> int:
        return self.recorder.negotiation_id


def start_file(
    store: Store,
    path: Path,
    profiles: tuple[Path, Path] | None,
    names: tuple[str, str],
    *,
    seed: int,
    rounds: int | None,
    counterparty: str | None = None,
) -> Prepared:
    """Store a new negotiation of the scenario at `path` between strategies `names`
    (registered names, kept so that it can be resumed), before its first move."""
    from accord.formats import load_scenario

    a, b = _make(names[0], "--a"), _make(names[1], "--b")
    loaded = load_scenario(path, profiles)
    neg = Negotiation(loaded, a, b, seed=seed, rounds=rounds)
    neg_id = negotiations.start(
        store,
        scenario=loaded.name,
        strategies=names,
        seed=seed,
        rounds=neg.rounds,
        path=str(path.absolute()),
        profiles=None
        if profiles is None
        else (str(profiles[0].absolute()), str(profiles[1].absolute())),
        counterparty=counterparty,
    )
    return Prepared(loaded, a, b, neg, Recorder(store, neg_id))


def resume_file(
    store: Store,
    negotiation_id: int,
    path: Path | None = None,
    profiles: tuple[Path, Path] | None = None,
    names: tuple[str | None, str | None] = (None, None),
) -> Prepared:
    """Rebuild a stored negotiation from its scenario file (the stored path unless
    `path` is given: a file moved to another machine) and its strategies."""
    from accord.formats import load_scenario

    found = negotiations.info(store, negotiation_id)
    if found.kind != "engine" or found.strategies[0] is None or found.strategies[1] is None:
        raise InputError(f"negotiation {negotiation_id} was entered by hand", source=store.shown)
    for given, stored, option in zip(names, found.strategies, ("--a", "--b"), strict=True):
        if given is not None and given != stored:
            raise InputError(
                f"negotiation {negotiation_id} was started with {stored}, not {given}",
                field=option,
                expected="no strategy, or the stored one",
            )
    where = path or (None if found.path is None else Path(found.path))
    if where is None:
        raise InputError(f"negotiation {negotiation_id} stores no scenario file", field="SCENARIO")
    if profiles is None and found.profiles is not None:
        profiles = (Path(found.profiles[0]), Path(found.profiles[1]))
    loaded = load_scenario(where, profiles)
    a, b = _make(found.strategies[0], "--a"), _make(found.strategies[1], "--b")
    resumed = resume(store, negotiation_id, loaded, a, b)
    return Prepared(loaded, a, b, resumed.negotiation, resumed.recorder, resumed.replayed)


def finish_analysed(
    store: Store,
    negotiation_id: int,
    analysis: ScenarioAnalysis,
    transcript: Transcript,
    side: Role = "A",
) -> None:
    """Store the ending, the outcome metrics and the relationship's record (which
    updates the counterparty's relationship, if the negotiation has one). The ledger
    keeps us first: talks we held at `side` B give the record seen from that chair
    (`NegotiationRecord.mirrored`); the transcript and metrics stay as held."""
    from accord.analysis.outcome import evaluate
    from accord.relationship import record_of

    outcome = evaluate(analysis, transcript)
    record = record_of(analysis, outcome)
    negotiations.finish(
        store,
        negotiation_id,
        transcript.ending,
        record=record if side == "A" else record.mirrored(),
        metrics=outcome.to_json(),
    )


def prepare(
    store: Store,
    scenario: Path | None,
    profiles: tuple[Path, Path] | None,
    names: tuple[str | None, str | None],
    *,
    seed: int,
    rounds: int | None,
    resume: int | None = None,
    counterparty: str | None = None,
) -> Prepared:
    """A stored negotiation ready to `play`: a new one of the scenario file `scenario`
    between strategies `names`, or stored negotiation `resume` rebuilt where it stopped
    (then `names` must be None or the stored ones, and seed and rounds are the stored
    ones). A coached negotiation is refused: a person plays one side of it."""
    if resume is not None:
        _not_coached(store, resume)
        return resume_file(store, resume, scenario, profiles, names)
    if scenario is None:
        raise InputError("no scenario given", field="SCENARIO", expected="a scenario file")
    return start_file(
        store,
        scenario,
        profiles,
        (names[0] or "", names[1] or ""),
        seed=seed,
        rounds=rounds,
        counterparty=counterparty,
    )


@dataclass(frozen=True)
class Played:
    """A stored negotiation played to its end, every event written as it happened."""

    scenario: Scenario
    strategies: tuple[Strategy, Strategy]
    transcript: Transcript
    analysis: ScenarioAnalysis
    negotiation_id: int


def play(store: Store, prepared: Prepared) -> Played:
    """Run `prepared` to its end, storing each event before the next move; then store
    its ending, outcome and the relationship's record (`finish_analysed`)."""
    from accord.analysis.report import analyse

    transcript = run(prepared.negotiation, prepared.recorder)
    analysis = analyse(prepared.scenario, seed=transcript.seed)
    finish_analysed(store, prepared.negotiation_id, analysis, transcript)
    strategies = (prepared.a, prepared.b)
    return Played(prepared.scenario, strategies, transcript, analysis, prepared.negotiation_id)


def _not_coached(store: Store, negotiation_id: int) -> None:
    if is_coached(store, negotiation_id):
        raise InputError(
            f"negotiation {negotiation_id} is held with the coach (a person plays one side)",
            source=store.shown,
            field="--resume",
            expected=(f"`accord coach --resume {negotiation_id}{store.option}` to continue it"),
        )


def _make(name: str, option: str) -> Strategy:
    from accord.strategies import make

    try:
        return make(name)
    except InputError as e:
        raise InputError(e.message, field=option, expected=e.expected) from None
