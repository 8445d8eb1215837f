"""A tournament's results file: JSON lines, appended as tasks finish, resumable.

The first line names the plan (a fingerprint of the tasks, their number and the
run's settings); each further line is one finished task: `TaskResult.to_json()`
plus the task's `index` in the plan and its `key`. Lines are flushed one by one,
so a crash loses at most the tasks in flight. Reopening the file with the same
plan reads the results back (they are not run again) and appends the rest; a
torn last line (a write cut short) is dropped with a warning, and a file of
another plan is refused, so results of different tournaments never mix.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from accord.errors import InputError
from accord.formats.paths import exists, is_dir, is_file
from accord.tournament.results_format import HeaderLayout, ResultLayout, first_problem
from accord.tournament.runner import TaskResult
from accord.tournament.tasks import Task

FORMAT = "accord-tournament-results"
VERSION = 1


def fingerprint(tasks: Sequence[Task]) -> str:
    """A digest naming the plan: its size and 64 tasks spread over it (with their seeds).

    Cheap for a lazy plan of any size. It is a quick, friendly check; the real
    guard is that every line read back must match the plan's task at its index.
    """
    n = len(tasks)
    picks = sorted({round(k * (n - 1) / 63) for k in range(64)}) if n else []
    spec = [n, *(tasks[i].to_json() for i in picks)]
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:32]


class ResultsFile:
    """An open results file, ready to append; `done[i]` is 1 when task `i` has a result."""

    def __init__(self, path: Path, tasks: Sequence[Task], handle: IO[str]) -> None:
        self.path, self.tasks, self._handle = path, tasks, handle
        self.done = bytearray(len(tasks))
        self.count = 0

    @classmethod
    def open(
        cls,
        path: Path,
        tasks: Sequence[Task],
        *,
        meta: dict[str, Any] | None = None,
        take: Callable[[int, TaskResult], None] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> ResultsFile:
        """Open `path` for `tasks`: create it, or read back its results (each passed to `take`).

        Raises InputError when the file is not a results file, belongs to
        another plan, or is damaged anywhere but in its last line.
        """
        _check_path(path)
        plan = fingerprint(tasks)
        header = {"format": FORMAT, "version": VERSION, "plan": plan, "tasks": len(tasks)}
        if meta:
            header["meta"] = meta
        warn = warn or (lambda message: warnings.warn(message, stacklevel=3))
        if not path.exists() or path.stat().st_size == 0:
            handle = path.open("w", encoding="utf-8")
            handle.write(json.dumps(header) + "\n")
            handle.flush()
            return cls(path, tasks, handle)
        reader = _Reader(path, tasks, header, take, warn)
        reader.read()
        if reader.end < path.stat().st_size:  # drop the torn line before appending
            with path.open("r+b") as f:
                f.truncate(reader.end)
        handle = path.open("a", encoding="utf-8")
        if reader.end == 0:
            handle.write(json.dumps(header) + "\n")
        elif reader.unterminated:
            handle.write("\n")
        handle.flush()
        opened = cls(path, tasks, handle)
        opened.done, opened.count = reader.done, reader.count
        return opened

    def write(self, index: int, result: TaskResult) -> None:
        """Append task `index`'s result and flush it to the operating system."""
        line = {"index": index, "key": result.task.key, **result.to_json()}
        self._handle.write(json.dumps(line) + "\n")
        self._handle.flush()
        if not self.done[index]:
            self.done[index] = 1
            self.count += 1

    def close(self) -> None:
        self._handle.close()


class _Reader:
    """Reads a results file back, checking it belongs to the plan in `header`."""

    def __init__(
        self,
        path: Path,
        tasks: Sequence[Task],
        header: dict[str, Any],
        take: Callable[[int, TaskResult], None] | None,
        warn: Callable[[str], None],
    ) -> None:
        self.path, self.tasks, self.header = path, tasks, header
        self.take, self.warn = take, warn
        self.done = bytearray(len(tasks))
        self.count = 0
        self.end = 0  # bytes up to the end of the last good line
        self.unterminated = False  # the last good line lacks its newline
        self._seen_header = False

    def read(self) -> None:
        torn: int | None = None  # the last line, when a write was cut short
        with self.path.open("rb") as f:
            for number, raw, data in json_lines(f, 1, self._fail):
                if data is TORN:
                    torn = number
                    continue
                if data is None:  # a blank line
                    if raw.endswith(b"\n"):
                        self.end += len(raw)
                    continue
                if not isinstance(data, dict):
                    self._fail(f"line {number} is not a JSON object")
                self._line(number, data)
                self.end += len(raw)
                self.unterminated = not raw.endswith(b"\n")
        if torn is not None:
            lost = "its task runs again" if self._seen_header else "the file starts afresh"
            self.warn(
                f"{self.path}: line {torn} is incomplete (a run stopped while writing it); "
                f"ignored, {lost}"
            )

    def _line(self, number: int, data: dict[str, Any]) -> None:
        if not self._seen_header:
            self._check_header(data)
            self._seen_header = True
            return
        index = data.get("index")
        if not isinstance(index, int) or not 0 <= index < len(self.tasks):
            self._other_plan(f"line {number} is task {index!r}, not in this plan")
        task = self.tasks[index]
        if (data.get("key"), data.get("seed"), data.get("rounds")) != (
            task.key,
            task.seed,
            task.rounds,
        ):
            self._other_plan(f"line {number} has task {data.get('key')!r}, seed {data.get('seed')}")
        if self.done[index]:
            self.warn(f"{self.path}: line {number} repeats task {task.key}; counted once")
            return
        damage = first_problem(ResultLayout, data)
        if damage is not None:
            self._fail(f"line {number} is not a complete result ({damage})")
        try:
            result = TaskResult.from_json(data)
        except (KeyError, TypeError, IndexError):
            self._fail(f"line {number} is not a complete result")
        self.done[index] = 1
        self.count += 1
        if self.take is not None:
            self.take(index, result)

    def _check_header(self, data: dict[str, Any]) -> None:
        problem = format_problem(data)
        if problem is not None:
            self._fail(problem)
        if data.get("plan") == self.header["plan"] and data.get("tasks") == self.header["tasks"]:
            return
        theirs, ours = data.get("meta") or {}, self.header.get("meta") or {}
        differs = [
            f"{k} {theirs.get(k)!r} there, {ours.get(k)!r} here"
            for k in ours
            if k in theirs and theirs[k] != ours[k]
        ]
        detail = "; ".join(differs) or f"{data.get('tasks')} tasks there, {len(self.tasks)} here"
        self._other_plan(detail)

    def _other_plan(self, detail: str) -> NoReturn:
        raise InputError(
            f"this results file was written by a different tournament plan ({detail})",
            source=str(self.path),
            field="--out",
            expected="the same domains, strategies, opponents, repeat, rounds and seed "
            "as the run that wrote it, or a new --out file",
        )

    def _fail(self, message: str) -> NoReturn:
        raise InputError(
            message, source=str(self.path), field="--out", expected="a results file accord wrote"
        )


def read_results(
    path: Path, warn: Callable[[str], None] | None = None
) -> tuple[dict[str, Any], Iterator[tuple[int, TaskResult]]]:
    """A results file's header and its (task index, result) pairs, streamed in file
    order (for reports).

    Raises InputError when the file is missing or is not a results file; a torn
    last line (a run cut short) is skipped with a warning, other damage is an error.
    """
    source = str(path)
    if not is_file(path):
        raise InputError(
            "no such results file",
            source=source,
            expected="a .jsonl file `accord tournament --out` wrote",
        )
    warn = warn or (lambda message: warnings.warn(message, stacklevel=3))
    with path.open("rb") as f:
        first = f.readline()
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        header = None
    problem = format_problem(header)
    if problem is not None:
        raise InputError(
            problem, source=source, expected="a .jsonl file `accord tournament --out` wrote"
        )

    def fail(message: str) -> NoReturn:
        raise InputError(message, source=source, expected="a results file accord wrote")

    def results() -> Iterator[tuple[int, TaskResult]]:
        torn: int | None = None
        with path.open("rb") as f:
            f.readline()
            for number, _, data in json_lines(f, 2, fail):
                if data is TORN:
                    torn = number
                    continue
                if data is None:
                    continue
                damage = first_problem(ResultLayout, data)
                if damage is not None:
                    fail(f"line {number} is not a complete result ({damage})")
                try:
                    index, result = int(data["index"]), TaskResult.from_json(data)
                except (KeyError, TypeError, ValueError, IndexError, AttributeError):
                    fail(f"line {number} is not a complete result")
                yield index, result
        if torn is not None:
            warn(f"{path}: line {torn} is incomplete (a run stopped while writing it); ignored")

    return header, results()


#: What `json_lines` gives for a line that is not JSON: a write cut short.
TORN: Any = object()


def json_lines(
    lines: Iterable[bytes], start: int, fail: Callable[[str], NoReturn]
) -> Iterator[tuple[int, bytes, Any]]:
    """Each line's number, bytes and JSON (None when blank, `TORN` when not JSON).

    Only the last line may be torn (a crash mid-write); a line after a torn one
    means damage, and `fail` is called with its description.
    """
    torn: int | None = None
    for number, raw in enumerate(lines, start=start):
        if torn is not None:
            fail(f"line {torn} is not valid JSON")
        if not raw.strip():
            yield number, raw, None
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # nested too deeply to read is not JSON either
            torn = number
            yield number, raw, TORN
            continue
        yield number, raw, data


def format_problem(header: Any) -> str | None:
    """Why a first line is not the header of a results file this accord reads, or None."""
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return "not an accord tournament results file (its first line names no plan)"
    if header.get("version") != VERSION:
        return f"results format version {header.get('version')}, this accord reads {VERSION}"
    damage = first_problem(HeaderLayout, header)
    if damage is not None:
        return f"the first line is not a valid header ({damage})"
    return None


def _check_path(path: Path) -> None:
    if is_dir(path):
        raise InputError(
            "this is a folder", source=str(path), field="--out", expected="a file path"
        )
    if not exists(path.parent):
        raise InputError(
            "the folder for the results file does not exist",
            source=str(path),
            field="--out",
            expected="a path in an existing folder",
        )
    try:
        path.stat()
    except FileNotFoundError:
        pass
    except OSError as e:  # a name too long for the system, say
        raise InputError(
            f"cannot use this path ({e.strerror})",
            source=str(path),
            field="--out",
            expected="a path the system accepts",
        ) from None
