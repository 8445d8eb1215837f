"""Replay a transcript through a fresh engine, and load transcripts from JSON files.

Each side is played by a `Scripted` strategy that repeats its recorded moves
in order; the engine re-validates every one of them, so a tampered transcript
raises a `ProtocolError` instead of being trusted. Events the engine makes on
a party's behalf (waiting while consulting authority, closing displays) are
not replayed as moves: the engine makes them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from accord.errors import InputError
from accord.model.issues import Role
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.protocol.errors import ProtocolError
from accord.protocol.moves import Condition, Display, Move
from accord.protocol.strategy import Strategy
from accord.protocol.transcript import Ending, Transcript
from accord.protocol.view import View

#: Notes of events the engine records by itself, not as a party's move.
ENGINE_NOTES = ("consulting authority", "closing")


class ScriptExhaustedError(ProtocolError):
    """A scripted party was asked for a move after its last one."""


class Scripted(Strategy):
    """Plays `moves` in order; closes with `display`; answers `belief` with a fixed value.

    Raises `ScriptExhaustedError` when asked for a move beyond the script, so a
    driver can tell "the script ended" from "the strategy moved".
    """

    name = "scripted"

    def __init__(
        self, moves: Iterable[Move], display: Display | None = None, belief: float | None = None
    ) -> None:
        self.moves = list(moves)
        self.display = display
        self.fixed_belief = belief
        self._next = 0

    @property
    def remaining(self) -> int:
        return len(self.moves) - self._next

    def act(self, view: View) -> Move:
        if self._next >= len(self.moves):
            raise ScriptExhaustedError(f"the script of {view.role} ends before turn {view.turn}")
        self._next += 1
        return self.moves[self._next - 1]

    def close(self, view: View) -> Display | None:
        return self.display

    def belief(self, condition: Condition, view: View) -> float:
        if self.fixed_belief is None:
            return super().belief(condition, view)
        return self.fixed_belief


def script_of(transcript: Transcript, role: Role) -> Scripted:
    """The scripted party that replays `role`'s side of `transcript`."""
    mine = [e for e in transcript.events if e.actor == role]
    moves = [e.move for e in mine if e.note not in ENGINE_NOTES]
    closing = [e.move for e in mine if e.note == "closing"]
    display = closing[0] if closing and isinstance(closing[0], Display) else None
    beliefs = transcript.ending.beliefs if transcript.ending else None
    belief = None if beliefs is None else beliefs[0 if role == "A" else 1]
    return Scripted(moves, display, belief)


def replay(scenario: Scenario, transcript: Transcript, rounds: int | None = None) -> Transcript:
    """Re-run `transcript`'s moves on `scenario` and return the engine's own transcript.

    Args:
        scenario: the scenario the transcript was played on (same name).
        transcript: the transcript to check.
        rounds: the deadline to replay under; the transcript's own by default.

    Raises:
        ProtocolError: a move the engine refuses, or a replay that differs from
            the transcript (a changed outcome, note or ending).
        InputError: the transcript names another scenario.
    """
    if transcript.scenario != scenario.name:
        raise InputError(
            f"the transcript is of scenario '{transcript.scenario}'",
            field="scenario",
            expected=f"a transcript of '{scenario.name}'",
        )
    a, b = script_of(transcript, "A"), script_of(transcript, "B")
    deadline = transcript.rounds if rounds is None else rounds
    neg = Negotiation(scenario, a, b, seed=transcript.seed, rounds=deadline)
    neg.transcript.strategies = transcript.strategies
    _drive(neg, transcript.ending)
    if a.remaining or b.remaining:
        raise ProtocolError(f"moves recorded after the end at turn {neg.turn}")
    _compare(neg.transcript, transcript)
    return neg.transcript


def _drive(neg: Negotiation, ending: Ending | None) -> None:
    """Step until the engine ends or the script runs out (a time limit or an open transcript)."""
    while not neg.ended:
        try:
            neg.step()
        except ScriptExhaustedError:
            if ending is not None and ending.reason == "time_limit" and ending.turn == neg.turn:
                neg.transcript.ending = ending  # a wall-clock stop cannot be re-derived
            elif ending is not None:
                raise
            return


def _compare(replayed: Transcript, recorded: Transcript) -> None:
    """Raise `ProtocolError` at the first event (or the ending) where the two differ."""
    for k, (mine, theirs) in enumerate(zip(replayed.events, recorded.events, strict=False)):
        if mine != theirs:
            raise ProtocolError(f"event {k} differs on replay: recorded {theirs}, replayed {mine}")
    if len(replayed.events) != len(recorded.events):
        raise ProtocolError(
            f"{len(recorded.events)} events recorded, {len(replayed.events)} on replay"
        )
    if replayed.ending != recorded.ending:
        raise ProtocolError(f"ending differs: recorded {recorded.ending}, now {replayed.ending}")


def load_transcript(path: Path) -> Transcript:
    """Read a transcript from a JSON file written by `Transcript.dumps`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror})", source=str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(
            f"not valid JSON ({e})", source=str(path), expected="a transcript in JSON"
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"a JSON {type(data).__name__}", source=str(path), expected="a transcript object"
        )
    try:
        return Transcript.from_json(data, source=str(path))
    except AttributeError as e:  # from_json misses this on nested garbage (a list for an event)
        raise InputError(f"not a valid transcript ({e})", source=str(path)) from None
