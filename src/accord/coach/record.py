"""The plan of a coached negotiation, read back from its session record as it was used
(the file may have changed since). The record itself, and how it is kept, is the
store's (`accord.store.coached`); its claims as the advisor reads them, the debrief's
(`accord.debrief.sources.claims_of`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from accord.errors import InputError
from accord.plan.core import Plan
from accord.store.coached import Saved


def plan_of(saved: Saved) -> Plan:
    """The plan as it was used, from the record (its scenario path is absolute)."""
    from accord.plan.schema import PlanSpec, build_plan

    source = saved.plan_path
    try:
        spec = PlanSpec.model_validate(saved.plan_body)
    except ValidationError as e:
        raise InputError(
            f"the stored plan is not valid ({e.error_count()} problems)", source=source
        ) from None
    try:
        return build_plan(spec, Path(source).parent, source)
    except InputError as e:
        raise e.located(source) from None
