"""Hypothesis strategies that damage real files the way people and crashes do.

A file is parsed into its tree (YAML, JSON, XML), one or two nodes are
changed (a wrong type, a huge or negative number, NaN or infinity, a removed
or unknown key, a duplicated key, nesting thousands deep), the tree is written
back, and the bytes may then be cut short or have non-UTF-8 bytes put in. Deep
nesting and duplicate keys cannot be built as trees, so they go in as raw text
in place of a marker value.
"""

from __future__ import annotations

import copy
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import yaml
from hypothesis import strategies as st

Tree = Any
Path_ = tuple[Any, ...]
MARK = "ZZRAW{}ZZ"

#: Values of the wrong type or out of every range.
EVIL: list[Any] = [
    None,
    True,
    "",
    "x" * 5000,
    "1e999",
    "NaN",
    -1,
    0,
    -(10**30),
    10**30,
    2**63,
    1e308,
    -1e308,
    math.nan,
    math.inf,
    -math.inf,
    0.5,
    [],
    {},
    [1, "two", None],
    {"unexpected": 1},
]

#: Depths of nesting: a little, past Python's recursion limit, far past it.
DEPTHS = (50, 5_000, 200_000)
#: XML parsers build every element, so the deepest XML is smaller (the suite's time).
XML_DEPTHS = (50, 5_000, 50_000)

#: Bytes that are not UTF-8 (a lone continuation byte, a UTF-16 BOM, a surrogate, a NUL).
NOT_UTF8 = (b"\xff\xfe", b"\x80", b"\xc3(", b"\xed\xa0\x80", b"\x00")


def evil() -> st.SearchStrategy[Any]:
    """One of `EVIL`, a fresh copy: a later damage may change it in place."""
    return st.sampled_from(EVIL).map(copy.deepcopy)


def paths(tree: Tree, here: Path_ = ()) -> list[Path_]:
    """Every node's path, the root first."""
    found = [here]
    if isinstance(tree, dict):
        for k, v in tree.items():
            found += paths(v, (*here, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            found += paths(v, (*here, i))
    return found


def _get(tree: Tree, path: Path_) -> Tree:
    for k in path:
        tree = tree[k]
    return tree


def _set(tree: Tree, path: Path_, value: Tree) -> Tree:
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


def _deep(kind: str, depth: int) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a": ' * depth + "1" + "}" * depth


def _duplicated(node: dict[Any, Any]) -> str:
    """The mapping as JSON text (valid YAML flow too) with its first key written twice."""
    body = [f"{json.dumps(str(k))}: {json.dumps(v, default=str)}" for k, v in node.items()]
    first = next(iter(node))
    body.append(f"{json.dumps(str(first))}: {json.dumps(EVIL[6])}")
    return "{" + ", ".join(body) + "}"


@st.composite
def damaged_tree(draw: st.DrawFn, tree: Tree) -> tuple[Tree, dict[str, str]]:
    """A copy of `tree` with one or two nodes damaged, and the raw texts for its markers."""
    tree = copy.deepcopy(tree)
    raw: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(paths(tree)))
        node = _get(tree, path)
        op = draw(st.sampled_from(["replace", "replace", "delete", "extra", "deep", "dup"]))
        if op == "delete" and path:
            parent = _get(tree, path[:-1])
            del parent[path[-1]]
        elif op == "extra" and isinstance(node, dict):
            node[draw(st.sampled_from(["extra", "", "0", "name"]))] = draw(evil())
        elif op in ("deep", "dup"):
            mark = MARK.format(len(raw))
            if op == "dup" and isinstance(node, dict) and node:
                raw[mark] = _duplicated(node)
            else:
                depth = draw(st.sampled_from(DEPTHS))
                raw[mark] = _deep(draw(st.sampled_from(["list", "dict"])), depth)
            tree = _set(tree, path, mark)
        else:
            tree = _set(tree, path, draw(evil()))
    return tree, raw


def dump_json(tree: Tree, raw: dict[str, str]) -> bytes:
    text = json.dumps(tree, indent=1)  # NaN and Infinity as Python writes them
    for mark, body in raw.items():
        text = text.replace(json.dumps(mark), body)
    return text.encode()


def dump_yaml(tree: Tree, raw: dict[str, str]) -> bytes:
    text = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=1 << 30)
    for mark, body in raw.items():
        text = text.replace(mark, body)
    return text.encode()


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` cut short, with bytes overwritten or inserted, or a line doubled or dropped."""
    op = draw(st.sampled_from(["truncate", "overwrite", "not_utf8", "line_twice", "line_gone"]))
    at = draw(st.integers(0, len(data)))
    if op == "truncate":
        return data[:at]
    if op == "overwrite":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8 :]
    if op == "not_utf8":
        return data[:at] + draw(st.sampled_from(NOT_UTF8)) + data[at:]
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    k = draw(st.integers(0, len(lines) - 1))
    if op == "line_twice":
        return b"".join([*lines[: k + 1], lines[k], *lines[k + 1 :]])
    return b"".join(lines[:k] + lines[k + 1 :])


def damaged(tree: Tree, dump: Callable[[Tree, dict[str, str]], bytes]) -> st.SearchStrategy[bytes]:
    """The file of `tree` damaged in its structure, its bytes, or both."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        how = draw(st.sampled_from(["tree", "tree", "bytes", "both"]))
        if how == "bytes":
            return draw(damaged_bytes(dump(tree, {})))
        data = dump(*draw(damaged_tree(tree)))
        return draw(damaged_bytes(data)) if how == "both" else data

    return build()


# XML -------------------------------------------------------------------------------

#: Attribute values a GENIUS file should never hold.
EVIL_ATTRIBUTES = (
    "",
    "nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "1e308",
    "-1e308",
    "99999999999999999999999",
    "abc",
    "0x10",
    " 1 ",
    "integer",
    "real",
    "discrete",
    "objective",
)

_LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
#: DOCTYPEs with entities: a billion laughs, external files and URLs, a parameter entity.
DOCTYPES = {
    "laughs": f'<!DOCTYPE r [<!ENTITY lol0 "lol">{_LAUGHS}]>',
    "file": '<!DOCTYPE r [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>',
    "url": '<!DOCTYPE r [<!ENTITY lol9 SYSTEM "http://127.0.0.1:9/x.xml">]>',
    "parameter": '<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    "internal": '<!DOCTYPE r [<!ENTITY lol9 "issue">]>',
}


@st.composite
def damaged_xml(draw: st.DrawFn, data: bytes) -> bytes:
    """A GENIUS file with attributes, elements or a DOCTYPE damaged, then maybe its bytes."""
    root = ET.fromstring(data)
    elements = list(root.iter())
    mark = None
    for _ in range(draw(st.integers(1, 2))):
        el = draw(st.sampled_from(elements))
        parent = next((p for p in elements if el in list(p)), None)
        op = draw(st.sampled_from(["attribute", "attribute", "drop_attribute", "element"]))
        names = sorted(el.attrib) or ["value"]
        if op == "attribute":
            el.set(draw(st.sampled_from(names)), draw(st.sampled_from(EVIL_ATTRIBUTES)))
        elif op == "drop_attribute" and el.attrib:
            del el.attrib[draw(st.sampled_from(names))]
        elif parent is not None:
            action = draw(st.sampled_from(["remove", "twice", "deep", "entity"]))
            if action == "remove":
                parent.remove(el)
            elif action == "twice":
                parent.append(ET.fromstring(ET.tostring(el)))
            elif action == "deep":
                mark = ("deep", draw(st.sampled_from(XML_DEPTHS)))
                el.append(ET.Element(MARK.format(0)))
            else:
                mark = ("entity", draw(st.sampled_from(sorted(DOCTYPES))))
                el.set(draw(st.sampled_from(names)), MARK.format(0))
    text = ET.tostring(root, encoding="unicode")
    if mark is not None and mark[0] == "deep":
        depth = int(mark[1])
        text = text.replace(f"<{MARK.format(0)} />", "<a>" * depth + "</a>" * depth)
    elif mark is not None:
        text = DOCTYPES[str(mark[1])] + text.replace(MARK.format(0), "&lol9;")
    out = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode()
    return draw(damaged_bytes(out)) if draw(st.booleans()) else out
