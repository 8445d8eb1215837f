"""The base of accord's file schemas, and their errors as a user reads them.

Every file accord reads into pydantic models (scenario YAML, plan, ledger
export) rejects unknown fields, so a misspelt key fails instead of being
ignored, and its models are frozen values. `input_error` turns a scenario's or
a plan's `ValidationError` into one `InputError` naming the file and the first
bad field (the ledger import words its own, `accord.store.backup`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from accord.errors import InputError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


class StrictModel(BaseModel):
    """A frozen model that forbids unknown fields: the base of every file schema."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def input_error(e: ValidationError, source: str) -> InputError:
    """The first problem of `e` as an `InputError` on `source`, counting the rest."""
    first = e.errors()[0]
    field = ".".join(str(x) for x in first["loc"]) or None
    message = first["msg"].removeprefix("Value error, ")
    more = f" ({e.error_count() - 1} more problem(s) after this one)" if e.error_count() > 1 else ""
    return InputError(message + more, source=source, field=field, expected=_expected(first))


def _expected(err: ErrorDetails) -> str | None:
    kind = err["type"]
    if kind == "missing":
        return "this field to be present"
    if kind == "extra_forbidden":
        return "only the fields documented in examples/"
    if kind in ("greater_than_equal", "less_than_equal"):
        return err["msg"].replace("Input should be", "a number").strip()
    if kind.endswith(("_type", "_parsing")):
        return err["msg"].replace("Input should be", "").strip()
    return None
