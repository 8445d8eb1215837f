"""The base of accord's file schemas, and their errors as a user reads them.

Every file accord reads into pydantic models (scenario YAML, plan, ledger
export) rejects unknown fields, so a misspelt key fails instead of being
ignored, and its models are frozen values. `input_error` turns a scenario's or
a plan's `ValidationError` into one `InputError` naming the file and the first
bad field in the file's own terms: the path of keys (an issue by its name),
what was found and what is expected there, never pydantic's wording or the
name of a schema class (each model says how it is written in `shape`). The
ledger import words its own (`accord.store.backup`).
"""

from __future__ import annotations

import difflib
import re
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError

from accord.errors import InputError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

#: Every schema model by class name, so an error's class can say how it is written.
_MODELS: dict[str, type[StrictModel]] = {}


class StrictModel(BaseModel):
    """A frozen model that forbids unknown fields: the base of every file schema."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    #: How this section is written, shown when a file gives it in another shape.
    shape: ClassVar[str] = "a mapping (`key: value` lines)"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _MODELS[cls.__name__] = cls


def input_error(e: ValidationError, source: str, data: Any = None) -> InputError:
    """The first problem of `e` as an `InputError` on `source`, counting the rest.

    `data` is what was validated: with it, a list item with a `name` is named by it
    (`issues.price_per_seat.step`) and the tags pydantic adds to a path are dropped.
    """
    groups: dict[tuple[Any, ...], list[ErrorDetails]] = {}
    for err in e.errors():
        path = _path(err["loc"], data)
        if err["type"] == "missing":  # not in the data: name it after the path that lacks it
            path = (*path, err["loc"][-1])
        groups.setdefault(path, []).append(err)
    (path, errs), *rest = groups.items()
    first = errs[0]
    where = _model_at(_MODELS.get(e.title), _clean_loc(first["loc"][:-1], data))
    message, expected = _words(first, errs, where)
    more = f" ({len(rest)} more problem(s) after this one)" if rest else ""
    field = ".".join(str(x) for x in path) or None
    return InputError(message + more, source=source, field=field, expected=expected)


# The path of keys ---------------------------------------------------------------------


def _clean_loc(loc: tuple[int | str, ...], data: Any) -> tuple[int | str, ...]:
    """`loc` without pydantic's union tags (`str`, `int`, ...) and `[key]` markers."""
    if data is None:
        return tuple(x for x in loc if not _is_tag(x))
    kept: list[int | str] = []
    node = data
    for seg in loc:
        if not _holds(node, seg):
            break
        node = node[seg]
        kept.append(seg)
    return tuple(kept)


def _holds(node: Any, seg: int | str) -> bool:
    if isinstance(node, dict):
        return seg in node
    return isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node)


def _is_tag(seg: int | str) -> bool:
    return isinstance(seg, str) and (
        seg in ("str", "int", "float", "bool", "none") or "[" in seg or seg in _MODELS
    )


def _path(loc: tuple[int | str, ...], data: Any) -> tuple[Any, ...]:
    """The path as the file reads: a list item with a `name` is called by it."""
    clean = _clean_loc(loc, data)
    if data is None:
        return clean
    shown: list[Any] = []
    node = data
    for seg in clean:
        node = node[seg]
        name = node.get("name") if isinstance(node, dict) and isinstance(seg, int) else None
        shown.append(name if isinstance(name, str) and name.strip() else seg)
    return tuple(shown)


# What was found, what is expected -------------------------------------------------------

_SIMPLE = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list, e.g. `[a, b]` or one `- item` per line",
    "dict_type": "a mapping (`key: value` lines)",
    "string_too_short": "some text",
}
_BOUNDS = {
    "greater_than_equal": ("ge", ">="),
    "less_than_equal": ("le", "<="),
    "greater_than": ("gt", ">"),
    "less_than": ("lt", "<"),
}


def _words(
    err: ErrorDetails, group: list[ErrorDetails], where: type[BaseModel] | None
) -> tuple[str, str | None]:
    """What was found and what is expected; `where` is the model holding the field."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        name = str(err["loc"][-1])
        need = _described(_field_type(where, name))
        return f"'{name}' is missing", (f"'{name}': {need}" if need else None)
    if kind == "extra_forbidden":
        return _unknown(str(err["loc"][-1]), where)
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, "), None
    if "[key]" in err["loc"]:
        allowed = f"keys {ctx['expected']}" if "expected" in ctx else None
        return f"{_found(err['input'])} is not allowed as a key here", allowed
    found = f"got {_found(err['input'])}"
    percent = _percent(err["input"]) if kind == "float_parsing" else None
    if percent is not None:  # the exact form: 30% is written 0.3 here
        return found, f"a number: {percent:.10g} for {err['input'].strip()}"
    if len(group) > 1:  # a union: every member's expectation, once each
        options = list(dict.fromkeys(_expected(g) or "" for g in group))
        return found, _either([o for o in options if o])
    return found, _expected(err)


def _expected(err: ErrorDetails) -> str | None:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "model_type":
        model = _MODELS.get(str(ctx.get("class_name")))
        return model.shape if model else _SIMPLE["dict_type"]
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in _BOUNDS:
        key, sign = _BOUNDS[kind]
        return f"a number {sign} {ctx.get(key)}"
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    if kind == "too_short":
        return f"at least {ctx.get('min_length', 1)} item(s)"
    text = re.sub(r",? or instance of \w+", "", err["msg"])
    return text.removeprefix("Input should be ").strip() or None


def _percent(value: Any) -> float | None:
    """'30%' as 0.3; None for anything else."""
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*%\s*", value) if isinstance(value, str) else None
    return float(match.group(1)) / 100 if match else None


def _either(options: list[str]) -> str | None:
    if set(options) <= {"text", "a whole number", "a number", "true or false"}:
        return "a single value: text, a number, or true or false"
    return " or ".join(options) or None


def _unknown(name: str, where: type[BaseModel] | None) -> tuple[str, str | None]:
    if where is None:
        return f"unknown field '{name}'", None
    fields = list(where.model_fields)
    swapped = [f for f in fields if sorted(f) == sorted(name)]  # 'stpe' is 'step', not 'type'
    close = swapped or difflib.get_close_matches(name, fields, n=1, cutoff=0.7)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown field '{name}'{hint}", "only the fields " + ", ".join(fields)


def _found(value: Any) -> str:
    """What the file holds, in a few words."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        text = " ".join(value.split())
        return f"the text '{text[:40]}{'...' if len(text) > 40 else ''}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


# The schema at a path -------------------------------------------------------------------


def _model_at(root: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model at `loc` from `root`, if the schema has one there."""
    tp: Any = root
    for seg in loc:
        tp = _inside(tp, seg)
        if tp is None:
            return None
    tp = _bare(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _field_type(model: type[BaseModel] | None, name: str) -> Any:
    return _inside(model, name) if model is not None else None


def _inside(tp: Any, seg: Any) -> Any:
    tp = _bare(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(seg) if isinstance(seg, str) else None
        return field.annotation if field else None
    args = get_args(tp)
    if get_origin(tp) in (list, tuple) and args:
        return args[0]
    if get_origin(tp) is dict and len(args) == 2:
        return args[1]
    return None


def _bare(tp: Any) -> Any:
    """`tp` without `Annotated` and without `| None`."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (Union, UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _described(tp: Any) -> str | None:
    tp = _bare(tp)
    if isinstance(tp, type) and issubclass(tp, StrictModel):
        return tp.shape
    simple = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    if tp in simple:
        return simple[tp]
    origin = get_origin(tp)
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    return None
