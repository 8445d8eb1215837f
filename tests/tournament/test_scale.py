"""Scaling out: lazy plans, backends with identical results, streamed and resumed results."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import DEALER, RIVER
from tests.tournament.backends import PARALLEL

from accord.errors import InputError
from accord.tournament import TaskResult, TournamentPlan, execute, plan, run, standings
from accord.tournament.backends import ProcessBackend, RayBackend, SerialBackend, make_backend
from accord.tournament.results import fingerprint

TRIO = ["diplomat", "boulware", "conceder"]


def small_plan(seed: int = 3, strategies: list[str] = TRIO) -> TournamentPlan:
    return TournamentPlan([RIVER, DEALER], strategies, repeat=2, seed=seed, rounds=30)  # 24 tasks


def as_json(done: Any) -> str:
    return json.dumps(
        {
            "standings": [r.to_json() for r in done.standings],
            "results": [r.to_json() for r in done.results],
        }
    )


def result_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()[1:]]


def test_lazy_plan_is_the_plan() -> None:
    lazy = small_plan()
    tasks = plan([RIVER, DEALER], TRIO, repeat=2, seed=3, rounds=30)
    assert len(lazy) == len(tasks) == 24
    assert list(lazy) == tasks
    assert [lazy[i] for i in range(len(lazy))] == tasks
    assert lazy[-1] == tasks[-1] and lazy[3:7] == tasks[3:7]
    with pytest.raises(IndexError):
        lazy[24]
    assert fingerprint(lazy) == fingerprint(tasks) == fingerprint(small_plan())
    assert fingerprint(small_plan(seed=4)) != fingerprint(lazy)
    other = TournamentPlan([RIVER, DEALER], TRIO, repeat=2, seed=3, rounds=29)
    assert fingerprint(other) != fingerprint(lazy)
    huge = TournamentPlan([DEALER], ["boulware", "conceder"], repeat=500_000)  # a million tasks
    assert len(huge) == 1_000_000
    assert huge[999_999].key.endswith("|conceder|boulware|499999")
    assert sys.getsizeof(huge.__dict__) < 10_000  # nothing per task is stored


def test_standings_are_exact_means_in_any_order() -> None:
    results = list(run(small_plan()))
    table = standings(results)
    shuffled = results[:]
    random.Random(1).shuffle(shuffled)
    assert standings(shuffled) == table  # to the last bit, whatever the order
    for rec in table:
        mine = [r for r in results if rec.strategy in (r.task.a, r.task.b)]
        own = [r.utilities[0 if r.task.a == rec.strategy else 1] for r in mine]
        assert rec.n == len(mine)
        assert rec.own == pytest.approx(np.mean(own), rel=1e-15)
        assert rec.rounds_used == pytest.approx(np.mean([r.rounds_used for r in mine]))


def test_results_round_trip_through_json() -> None:
    for r in run(small_plan()[:6]):
        assert TaskResult.from_json(json.loads(json.dumps(r.to_json()))) == r


@pytest.mark.parametrize("backend", PARALLEL)
def test_every_backend_gives_the_serial_results(backend: str) -> None:
    tasks = small_plan()
    serial = execute(tasks, SerialBackend(), keep=True)
    other = execute(tasks, make_backend(backend, 2), keep=True)  # a local Ray of 2 CPUs
    assert other.ran == len(tasks)
    assert as_json(other) == as_json(serial)
    assert [r.task for r in serial.results] == list(tasks)


def test_run_keeps_task_order_on_processes() -> None:
    tasks = small_plan()
    assert [r.task for r in run(tasks, backend=ProcessBackend(2))] == list(tasks)


def test_stream_writes_one_line_per_task(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    tasks = small_plan()
    done = execute(tasks, ProcessBackend(2), out=out, keep=True)
    header = json.loads(out.read_text().splitlines()[0])
    assert header["format"] == "accord-tournament-results" and header["tasks"] == len(tasks)
    lines = result_lines(out)
    assert sorted(line["index"] for line in lines) == list(range(len(tasks)))
    for line in lines:
        index = line.pop("index")
        assert line.pop("key") == tasks[index].key
        assert TaskResult.from_json(line) == done.results[index]


def test_resume_after_a_torn_line_runs_each_task_once(tmp_path: Path) -> None:
    tasks = small_plan()
    full = tmp_path / "full.jsonl"
    whole = execute(tasks, SerialBackend(), out=full, keep=True)
    text = full.read_text().splitlines(keepends=True)
    half = len(tasks) // 2
    cut = tmp_path / "cut.jsonl"  # header, half the results, and a write cut short
    cut.write_text("".join(text[: 1 + half]) + text[1 + half][:57])
    warnings: list[str] = []
    resumed = execute(tasks, ProcessBackend(2), out=cut, keep=True, warn=warnings.append)
    assert (resumed.reused, resumed.ran) == (half, len(tasks) - half)
    assert len(warnings) == 1 and "incomplete" in warnings[0] and f"line {half + 2}" in warnings[0]
    assert resumed.standings == whole.standings
    assert as_json(resumed) == as_json(whole)
    lines = result_lines(cut)
    assert len(lines) == len(tasks)  # nothing ran twice
    assert sorted(line["index"] for line in lines) == list(range(len(tasks)))
    key = lambda d: d["index"]  # noqa: E731
    assert sorted(lines, key=key) == sorted(result_lines(full), key=key)
    again = execute(tasks, SerialBackend(), out=cut)  # complete: nothing left to run
    assert (again.ran, again.reused) == (0, len(tasks)) and again.standings == whole.standings
    assert len(result_lines(cut)) == len(tasks)


def test_interrupted_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    tasks = small_plan()
    out = tmp_path / "r.jsonl"

    def stop_after_ten(n: int) -> None:
        if n >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute(tasks, ProcessBackend(2), out=out, progress=stop_after_ten)
    assert len(result_lines(out)) == 10
    seen: list[int] = []
    resumed = execute(tasks, ProcessBackend(2), out=out, progress=seen.append)
    assert (resumed.reused, resumed.ran) == (10, len(tasks) - 10)
    assert seen[0] == 10 and seen[-1] == len(tasks)
    assert sorted(line["index"] for line in result_lines(out)) == list(range(len(tasks)))
    assert resumed.standings == execute(tasks).standings


def test_a_file_of_another_plan_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    execute(small_plan(seed=3), out=out, meta={"seed": 3})
    before = out.read_text()
    with pytest.raises(InputError) as e:
        execute(small_plan(seed=4), out=out, meta={"seed": 4})
    assert e.value.source == str(out) and "different tournament plan" in e.value.message
    assert "seed 3 there, 4 here" in e.value.message
    with pytest.raises(InputError, match="different tournament plan"):
        execute(small_plan(strategies=["diplomat", "boulware"]), out=out)
    assert out.read_text() == before  # untouched
    lines = before.splitlines(keepends=True)
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(lines[0] + lines[1][:40] + "\n" + "".join(lines[2:]))
    with pytest.raises(InputError, match="line 2 is not valid JSON") as e:
        execute(small_plan(), out=damaged)
    assert e.value.source == str(damaged)
    other = tmp_path / "other.jsonl"
    other.write_text('{"some": "thing"}\n')
    with pytest.raises(InputError, match="not an accord tournament results file"):
        execute(small_plan(), out=other)
    with pytest.raises(InputError, match="folder"):
        execute(small_plan(), out=tmp_path)


def test_backend_names_and_missing_ray(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(make_backend("serial", 4), SerialBackend)
    assert make_backend("processes", 3).workers == 3
    assert isinstance(make_backend("RAY", 2), RayBackend)
    with pytest.raises(InputError, match="unknown backend 'threads'") as e:
        make_backend("threads")
    assert e.value.field == "--backend"
    with pytest.raises(InputError) as e:
        make_backend("processes", address="127.0.0.1:6379")
    assert e.value.field == "--address"
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    with pytest.raises(InputError) as e:
        execute(small_plan(), make_backend("ray", 2))
    assert "pip install 'accord[ray]'" in e.value.describe()


def test_ray_is_imported_only_by_its_backend() -> None:
    code = (
        "import sys\n"
        "import accord.cli.main\n"
        "from accord.tournament import TournamentPlan, execute\n"
        "from accord.tournament.backends import make_backend\n"
        f"plan = TournamentPlan([{str(DEALER)!r}], ['boulware', 'conceder'])\n"
        "execute(plan, make_backend('processes', 2))\n"
        "assert 'ray' not in sys.modules, 'ray was imported'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
