"""YAML as accord reads a person's files: safe tags only, each key once, nesting bounded.

PyYAML's safe loader keeps the last of two equal keys without a word, so a
scenario with `weights:` written twice would silently lose the first; YAML
says keys are unique, and here a repeated key is a `yaml.YAMLError` at its
line. libyaml's parser (when PyYAML has it, as its wheels do) refuses nesting
past 1000 levels at once; the pure-Python one would recurse until Python's
limit, slowly, so that overflow is turned into a `yaml.YAMLError` too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from accord.errors import InputError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):
    """The safe loader, refusing a mapping that repeats a key."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: the base class says so
                break
            if repeated:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key '{key}' twice",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str) -> Any:
    """The data in `text`; every problem, too deep nesting included, is a `yaml.YAMLError`."""
    try:
        return yaml.load(text, Loader=StrictLoader)
    except RecursionError:
        raise yaml.YAMLError("the data is nested too deeply") from None


def yaml_problem(e: yaml.YAMLError | UnicodeDecodeError) -> str:
    """What `parse_yaml` (or decoding) refused, on one line with its place when known:
    PyYAML's own text spans several lines, and a key it quotes may hold line breaks."""
    mark = getattr(e, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = " ".join(str(getattr(e, "problem", None) or e).split())
    return f"malformed YAML{where}: {problem}"


def read_yaml_file(path: Path, expected: str) -> Any:
    """The data of the YAML (or JSON) file at `path`; a file that cannot be read or
    parsed is an InputError naming it, with `expected` saying what it should hold."""
    source = str(path)
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror}", source=source) from None
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(yaml_problem(e), source=source, expected=expected) from None
