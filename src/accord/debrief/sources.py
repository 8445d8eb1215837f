"""Where a negotiation to debrief comes from: a file, or the store.

A file is the JSON `accord negotiate --json` prints (the transcript under
"transcript"), a bare transcript (`Transcript.to_json()`), or, with a plan,
a moves file a person wrote (docs/advisor.md). A transcript names its
scenario by name only, so the scenario comes from `scenario` (a path) or the
plan. A stored negotiation knows its scenario file, and, when it was held
with a counterparty, the relationship it started from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.advisor.history import Claim, History
from accord.errors import InputError
from accord.formats.paths import is_file
from accord.model.scenario import Scenario
from accord.plan.core import Plan
from accord.protocol.transcript import Ending, Transcript
from accord.relationship import RelationshipParams, RelationshipState

if TYPE_CHECKING:
    from accord.debrief.model import Debrief
    from accord.store import Store
    from accord.store.coached import Saved

EXPECTED = (
    "`accord negotiate --json` output, a transcript JSON, or (with --plan) a moves file "
    "as in docs/advisor.md"
)


@dataclass(frozen=True)
class Loaded:
    """A finished negotiation with its scenario, and what the store knew around it: the
    claims said beside the moves, the relationship it started from, and for a coached
    negotiation the plan it was coached with."""

    scenario: Scenario
    transcript: Transcript
    claims: tuple[Claim, ...] = ()
    state: RelationshipState | None = None
    params: RelationshipParams | None = None
    plan: Plan | None = None

    def debrief(self, side: str | None = None, plan: Plan | None = None) -> Debrief:
        """Its debrief from `side`'s seat, judged by `plan`, else the plan it was coached
        with: what `accord debrief ID` shows and what the coach shows at the end."""
        from accord.debrief.build import debrief

        return debrief(
            self.scenario,
            self.transcript,
            side,
            plan if plan is not None else self.plan,
            state=self.state,
            params=self.params,
            claims=self.claims,
        )


def from_file(
    path: Path,
    plan: Plan | None = None,
    scenario: Path | None = None,
    profiles: tuple[Path, Path] | None = None,
) -> Loaded:
    """The negotiation in `path`, its scenario from `scenario` or the plan."""
    source = str(path)
    if not is_file(path):
        raise InputError("no such file", source=source, expected=EXPECTED)
    data = _json(path) if path.suffix.lower() == ".json" else None
    if isinstance(data, dict) and ("transcript" in data or "events" in data):
        body = data.get("transcript", data)
        if not isinstance(body, dict):
            raise InputError("the transcript is not a JSON object", source=source)
        transcript = Transcript.from_json(body, source=source)
        loaded = _scenario(scenario, profiles, plan, transcript.scenario, source)
        return Loaded(loaded, transcript)
    if plan is None:
        raise InputError(
            "not a transcript; a moves file needs the plan that says which side is 'we'",
            source=source,
            field="--plan",
            expected=EXPECTED,
        )
    from accord.advisor.moves import load_history

    history = load_history(path, plan)
    loaded = _scenario(scenario, profiles, plan, None, source)
    return Loaded(loaded, _transcript(history, plan, loaded), history.claims)


def from_store(
    store: Store,
    negotiation_id: int,
    scenario: Path | None = None,
    profiles: tuple[Path, Path] | None = None,
    *,
    held: Transcript | None = None,
) -> Loaded:
    """Stored negotiation `negotiation_id`, with the relationship it started from.
    `held` is its transcript as the caller holds it: a coach at the end of the talks,
    whose ending is stored only at `quit` (until then `undo` may take it back)."""
    from accord.store import negotiations

    info = negotiations.info(store, negotiation_id)
    if info.kind != "engine":
        raise InputError(
            f"negotiation {negotiation_id} was entered by hand: it has no moves to debrief",
            source=store.shown,
            expected="a negotiation run by `accord negotiate --db` or a coach",
        )
    transcript = held if held is not None else negotiations.transcript(store, negotiation_id)
    if transcript.ending is None:
        from accord.store.coached import is_coached

        how = "coach" if is_coached(store, negotiation_id) else "negotiate"
        raise InputError(
            f"negotiation {negotiation_id} has not ended: continue it with "
            f"`accord {how} --resume {negotiation_id}{store.option}`",
            source=store.shown,
        )
    where = scenario or (None if info.path is None else Path(info.path))
    if where is None:
        raise InputError(
            f"negotiation {negotiation_id} stores no scenario file",
            source=store.shown,
            field="--scenario",
            expected="the scenario file it was held on",
        )
    if profiles is None and scenario is None and info.profiles is not None:
        profiles = (Path(info.profiles[0]), Path(info.profiles[1]))
    from accord.formats import load_scenario

    loaded = load_scenario(where, profiles)
    state, params = (None, None)
    if info.counterparty is not None:
        state, params = _state_before(store, info.counterparty, negotiation_id)
    from accord.store import coached

    if coached.COACHED not in info.strategies:
        return Loaded(loaded, transcript, (), state, params)
    # A coached negotiation: what was said beside the moves (a deadline, say) and the
    # plan it was coached with, so the debrief judges it as the coach did.
    saved = coached.load(store, info.id)
    claims = claims_of(saved, [e.turn for e in transcript.events])
    return Loaded(loaded, transcript, claims, state, params, saved.plan())


def claims_of(saved: Saved, turns: Sequence[int]) -> tuple[Claim, ...]:
    """A coached negotiation's claims as the advisor reads them, given each event's turn.

    Each is dated to the turn at which it was said: the turn that was due when it was
    typed (the one after the event before it, 0 before any), so a deadline typed at
    the start of our round-4 turn is round 4, not the round of their last move. Its
    answer is the other side's move at that turn or after (`Talks.reply`), and the
    advisor counts it as pressure until our next move. A claim typed with a move is
    recorded after it (`Said`), so it is dated to the turn after that move. Claims
    after an undone move are gone."""
    return tuple(
        Claim(turns[c.after - 1] + 1 if c.after else 0, c.actor, c.kind, c.text)  # type: ignore[arg-type]
        for c in saved.claims
        if c.after <= len(turns)
    )


def _state_before(
    store: Store, name: str, negotiation_id: int
) -> tuple[RelationshipState, RelationshipParams]:
    """The relationship right before negotiation `negotiation_id` (us = A, them = B)."""
    from accord.store import ledger

    _, params = ledger.relationship(store, name)
    steps = ledger.history(store, name)
    at = next((k for k, s in enumerate(steps) if s.negotiation_id == negotiation_id), None)
    if at is None:  # its state was never stored: the relationship as it stands now
        return (steps[-1].state if steps else RelationshipState.start(params)), params
    return (steps[at - 1].state if at else RelationshipState.start(params)), params


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InputError(f"malformed JSON: {e}", source=str(path), expected=EXPECTED) from None


def _scenario(
    path: Path | None,
    profiles: tuple[Path, Path] | None,
    plan: Plan | None,
    name: str | None,
    source: str,
) -> Scenario:
    if path is not None:
        from accord.formats import load_scenario

        return load_scenario(path, profiles)
    if plan is not None and plan.scenario is not None:
        return plan.scenario
    named = f" ('{name}')" if name else ""
    raise InputError(
        f"the negotiation names its scenario{named} by name only, and the debrief needs "
        "both sides' utilities",
        source=source,
        field="--scenario",
        expected="--scenario FILE, or --plan PLAN naming the scenario file",
    )


def _transcript(history: History, plan: Plan, scenario: Scenario) -> Transcript:
    """A moves file's history as a transcript; ended by the deadline when it ran out."""
    rounds = history.rounds or plan.rounds
    ending = history.ending
    moves = [e for e in history.events if e.note != "closing"]
    if ending is None and moves and moves[-1].turn + 1 >= 2 * rounds:
        ending = Ending("deadline", 2 * rounds)
    names = ("we", "they") if plan.side == "A" else ("they", "we")
    return Transcript(scenario.name, names, 0, rounds, list(history.events), ending)
