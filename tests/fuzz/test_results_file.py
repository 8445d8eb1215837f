"""The tournament results reader (accord.tournament.results, JSON lines) on a damaged
results file, read by `accord report` and by a resumed `accord tournament --out`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from tests.fuzz.inputs import INPUTS
from tests.fuzz.mutations import damaged, damaged_bytes, dump_json
from tests.fuzz.outcome import fuzz_settings, read

from accord.tournament import TaskResult
from accord.tournament.report import build
from accord.tournament.results import ResultsFile

RAW = INPUTS.results.read_bytes()
LINES = [json.loads(line) for line in RAW.splitlines()]
#: The plan's tasks, in order: what a resumed run checks each line against.
TASKS = [TaskResult.from_json(line).task for line in sorted(LINES[1:], key=lambda d: d["index"])]


def _lines(tree: Any, raw: dict[str, str]) -> bytes:
    if not isinstance(tree, list):  # the damage replaced the whole file
        return dump_json(tree, raw)
    return b"".join(dump_json(line, raw).replace(b"\n", b"") + b"\n" for line in tree)


def _with_header(**edit: object) -> bytes:
    header = {**LINES[0], **edit}
    return json.dumps(header).encode() + b"\n" + RAW.split(b"\n", 1)[1]


def _with_result(**edit: object) -> bytes:
    first, second, rest = RAW.split(b"\n", 2)
    line = {**json.loads(second), **edit}
    return first + b"\n" + json.dumps(line, allow_nan=True).encode() + b"\n" + rest


DAMAGED = st.one_of(damaged(LINES, _lines), damaged_bytes(RAW))
CRASHES = [  # what the readers let through before the lines had a layout
    _with_header(tasks=10**15),  # the report allocated the header's claim: MemoryError
    _with_header(tasks="1e999"),  # ValueError in the report
    _with_result(utilities=["0.5", 0.5]),  # AttributeError in the standings
    _with_result(rounds_used=None),  # TypeError in the standings
    _with_result(welfare=float("nan")),
    b"[" * 5000 + b"]" * 5000 + b"\n",  # RecursionError
]


def _quiet(message: str) -> None:
    """Torn last lines are warned about, not refused: the warning is not under test."""


@fuzz_settings(250)
@given(DAMAGED)
@example(CRASHES[0])
@example(CRASHES[1])
@example(CRASHES[2])
@example(CRASHES[3])
@example(CRASHES[4])
@example(CRASHES[5])
def test_a_damaged_results_file_is_reported_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "results.jsonl"
    path.write_bytes(data)
    read("results file (report)", lambda: build(path, _quiet))


@fuzz_settings(150)
@given(DAMAGED)
@example(CRASHES[2])
@example(CRASHES[5])
def test_a_damaged_results_file_is_resumed_or_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "results.jsonl"
    path.write_bytes(data)
    opened = read("results file (resume)", lambda: ResultsFile.open(path, TASKS, warn=_quiet))
    if isinstance(opened, ResultsFile):
        opened.close()
