"""How a coached negotiation is kept in the store, so that nothing typed is lost.

- The negotiation is an engine negotiation (`negotiations.start`): the
  scenario's file as its path, `coach` as our side's strategy, `counterpart`
  (typed in) or the practice strategy as theirs, the seed and the rounds. Every
  event is appended in its own committed transaction as it is made
  (`live.Recorder`), so `live.resume` rebuilds it after a crash.
- What the engine does not hold is the coach's *session record*, saved as a
  version in the plans table under the name `coach session KEY` (KEY: the
  negotiation's key): the plan file's path and body as it was used (the advice
  can be given again even if the file changed), our side, the practice strategy
  and the claims said beside the moves (a deadline, a note, with the number of
  events before each). Each claim, or its undo, appends a new version: the
  newest is the session, earlier ones stay, and a crash loses none.
- Undo takes back the last typed move: its event and the automatic ones after
  it (a strategy's reply, a turn spent consulting) are deleted in one
  transaction, while the negotiation is still open (`withdraw`). That is the
  one exception to the store's append-only rule: a mistyped move never
  happened, and the log stays gap-free (a crash can still only cut it short).

The coach (`accord.coach`) writes these records and the debrief reads their
claims; both go through the functions here, never the tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from accord.errors import InputError
from accord.model.issues import Role
from accord.store import negotiations, plans
from accord.store.database import Store
from accord.store.schema import EventRow, OutcomeRow

if TYPE_CHECKING:
    from accord.plan.core import Plan

FORMAT = "accord-coach-session"

#: The strategy name of the coached side in the store (a person types its moves).
COACHED = "coach"
#: The strategy name of a counterpart whose moves a person types as they happen; in
#: practice the strategy playing them is stored instead.
COUNTERPART = "counterpart"


def kind_of(strategies: tuple[str | None, str | None], kind: str) -> str:
    """How a stored negotiation is listed: `coached` (a real counterpart typed in),
    `practice` (the coach against a strategy), else its stored kind."""
    if COACHED not in strategies:
        return kind
    return "coached" if COUNTERPART in strategies else "practice"


@dataclass(frozen=True)
class Said:
    """A claim with the number of events before it (what orders it among the moves)."""

    after: int
    actor: Role
    kind: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"after": self.after, "actor": self.actor, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Saved:
    """The coach's record of one negotiation (beside its events)."""

    negotiation_id: int
    key: str
    plan_path: str
    plan_body: dict[str, Any]
    side: Role
    against: str | None
    claims: tuple[Said, ...] = ()

    @property
    def name(self) -> str:
        return session_name(self.key)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "negotiation": self.key,
            "plan_path": self.plan_path,
            "plan": self.plan_body,
            "side": self.side,
            "against": self.against,
            "claims": [c.to_json() for c in self.claims],
        }

    def with_claims(self, claims: tuple[Said, ...]) -> Saved:
        return replace(self, claims=claims)

    def plan(self) -> Plan:
        """The plan as it was used (the file may have changed since), its scenario path
        resolved beside the file it came from. The coach resumes with it and the
        debrief of this negotiation judges by it."""
        from pydantic import ValidationError

        from accord.plan.schema import PlanSpec, build_plan

        source = self.plan_path
        try:
            spec = PlanSpec.model_validate(self.plan_body)
        except ValidationError as e:
            raise InputError(
                f"the stored plan is not valid ({e.error_count()} problems)", source=source
            ) from None
        try:
            return build_plan(spec, Path(source).parent, source)
        except InputError as e:
            raise e.located(source) from None


def session_name(key: str) -> str:
    return f"coach session {key}"


def begin(
    store: Store,
    *,
    scenario_name: str,
    scenario_path: str | None,
    strategies: tuple[str, str],
    seed: int,
    rounds: int,
    plan_path: Path,
    plan_body: dict[str, Any],
    side: Role,
    against: str | None,
    counterparty: str | None = None,
) -> Saved:
    """Store a new coached negotiation and its session record, before any move."""
    neg_id = negotiations.start(
        store,
        scenario=scenario_name,
        strategies=strategies,
        seed=seed,
        rounds=rounds,
        path=scenario_path,
        counterparty=counterparty,
    )
    key = negotiations.info(store, neg_id).key
    body = json.loads(json.dumps(plan_body, default=str))  # YAML dates and the like as text
    saved = Saved(neg_id, key, str(plan_path.absolute()), body, side, against)
    write(store, saved)
    return saved


def write(store: Store, saved: Saved) -> None:
    """Save a new version of the session record (one committed transaction)."""
    plans.save_plan(store, saved.name, saved.to_json())


def is_coached(store: Store, negotiation_id: int) -> bool:
    """Was stored negotiation `negotiation_id` held with the coach (a person on one side)?"""
    return COACHED in negotiations.info(store, negotiation_id).strategies


def load(store: Store, negotiation_id: int) -> Saved:
    """The session record of stored negotiation `negotiation_id`."""
    info = negotiations.info(store, negotiation_id)
    found = plans.latest_plan(store, session_name(info.key))
    if found is None or found.body.get("format") != FORMAT:
        raise InputError(
            f"negotiation {negotiation_id} was not held with `accord coach`",
            source=store.shown,
            expected="a coached negotiation's id (continue others with "
            "`accord negotiate --resume ID`)",
        )
    body = found.body
    try:
        claims = tuple(
            Said(int(c["after"]), c["actor"], str(c["kind"]), str(c["text"]))
            for c in body.get("claims", [])
        )
        return Saved(
            negotiation_id,
            info.key,
            str(body["plan_path"]),
            dict(body["plan"]),
            body["side"],
            body.get("against"),
            claims,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise InputError(
            f"the coach's record of negotiation {negotiation_id} is damaged ({e!r})",
            source=store.shown,
        ) from None


def latest_open(store: Store) -> int:
    """The id of the newest open coached negotiation."""
    for info in reversed(negotiations.listing(store, open_only=True)):
        if COACHED in info.strategies:
            return info.id
    raise InputError(
        "no coached negotiation is open",
        source=store.shown,
        expected="start one with `accord coach PLAN`",
    )


def withdraw(store: Store, negotiation_id: int, keep: int) -> None:
    """Delete the events from position `keep` on, in one transaction (undo)."""

    def cut(s: Session) -> None:
        if s.get(OutcomeRow, negotiation_id) is not None:
            raise InputError(f"negotiation {negotiation_id} has ended", source=store.shown)
        s.execute(
            delete(EventRow).where(EventRow.negotiation_id == negotiation_id, EventRow.seq >= keep)
        )

    store.write(cut)
