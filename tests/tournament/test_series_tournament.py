"""Tournaments of series: plans with a horizon and sweep points, long-term standings,
identical results on every backend, resuming, and the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import DEALER, JAPAN
from tests.tournament.backends import PARALLEL

from accord.analysis.outcome import evaluate
from accord.errors import InputError
from accord.formats import load_scenario
from accord.relationship import Series
from accord.tournament import TaskResult, TournamentPlan, execute, play
from accord.tournament.backends import SerialBackend, make_backend
from accord.tournament.report import build
from accord.tournament.sweep import points, settings
from accord.tournament.tasks import point_label

TRIO = ["diplomat", "hardliner", "panderer"]
CLI = [str(Path(sys.executable).with_name("accord"))]


def series_plan(sweep: list[str] | None = None, repeat: int = 2) -> TournamentPlan:
    return TournamentPlan(
        [DEALER, JAPAN], TRIO, repeat=repeat, seed=5, series=4, points=points(sweep or [])
    )


# sweeps -------------------------------------------------------------------------


def test_sweep_specs_make_a_grid_of_checked_points(tmp_path: Path) -> None:
    assert points([]) == [()]
    assert [point_label(p) for p in points(["alpha=0.5:2:4"])] == [
        "alpha=0.5",
        "alpha=1",
        "alpha=1.5",
        "alpha=2",
    ]
    grid = points(["kappa=1,2", "honour=0.5", "p_costs=0.3"])
    assert len(grid) == 2 and dict(grid[1]) == {"honour": 0.5, "kappa": 2.0, "p_costs": 0.3}
    rel, circ, honour = settings(grid[1])
    assert (rel.kappa, circ.p_costs, honour) == (2.0, 0.3, 0.5)
    listed = tmp_path / "sweep.yaml"
    listed.write_text("- {alpha: 2}\n- {alpha: 0.5, sigma: 0.4}\n")
    assert [dict(p) for p in points([str(listed)])] == [
        {"alpha": 2.0},
        {"alpha": 0.5, "sigma": 0.4},
    ]
    mapped = tmp_path / "grid.yaml"
    mapped.write_text("alpha: [0.5, 1]\nrho: '0:0.2:3'\n")
    assert len(points([str(mapped)])) == 6


@pytest.mark.parametrize(
    ("spec", "field", "words"),
    [
        ("gamma=1", "--sweep", "unknown parameter 'gamma'"),
        ("alpha=a:b:3", "alpha", "bad values"),
        ("alpha=1:2:0", "alpha", "bad values"),
        ("alpha", "--sweep", "not a sweep"),
        ("decay=0.5:1.5:3", "decay", "decay = 1.5"),
        ("honour=2", "honour", "honour = 2"),
    ],
)
def test_bad_sweeps_name_the_field(spec: str, field: str, words: str) -> None:
    with pytest.raises(InputError) as e:
        points([spec])
    assert e.value.field == field and words in e.value.message


def test_a_bad_sweep_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {alpha: two}\n")
    with pytest.raises(InputError) as e:
        points([str(bad)])
    assert e.value.source == str(bad) and e.value.field == "alpha"
    with pytest.raises(InputError, match="sweep file"):
        points([str(tmp_path / "missing.yaml")])
    with pytest.raises(InputError, match="swept twice"):
        points(["alpha=1", "alpha=2"])


# plans and results --------------------------------------------------------------


def test_sweep_points_share_seeds_and_differ_in_keys() -> None:
    plan = series_plan(["alpha=0.5,2"])
    assert len(plan) == 2 * 2 * 6 * 2
    half = len(plan) // 2
    for i in range(half):
        a, b = plan[i], plan[i + half]
        assert a.seed == b.seed and a.series == b.series == 4
        assert dict(a.params) == {"alpha": 0.5} and dict(b.params) == {"alpha": 2.0}
        assert a.key != b.key and a.key.endswith("|series=4|alpha=0.5")
    assert list(plan) == [plan[i] for i in range(len(plan))]
    with pytest.raises(InputError, match="needs series"):
        TournamentPlan([DEALER], TRIO, points=points(["alpha=2"]))


def test_a_series_task_is_its_series() -> None:
    task = series_plan()[0]
    result = play(task)
    scenario = load_scenario(task.domain)
    direct = Series(scenario, task.a, task.b, rounds=4, seed=task.seed).run()
    assert result.series is not None
    assert result.series.long_term_value == direct.summary.long_term_value
    assert result.series.lifetime == direct.summary.lifetime
    assert result.series.trust == tuple(s.trust for s in direct.state.trajectory)
    from accord.analysis.report import analyse

    first = evaluate(analyse(scenario), direct.rounds[0].transcript)
    assert result.utilities == first.utilities and result.agreement == first.agreement
    assert TaskResult.from_json(json.loads(json.dumps(result.to_json()))) == result


@pytest.fixture(scope="module")
def swept():
    return execute(series_plan(["alpha=0.5,2"]), SerialBackend(), keep=True)


def test_series_standings_rank_by_long_term_value_with_exact_means(swept) -> None:
    assert list(swept.by_point) == [(("alpha", 0.5),), (("alpha", 2.0),)]
    assert swept.standings == swept.by_point[(("alpha", 0.5),)]
    for point, records in swept.by_point.items():
        mine = [r for r in swept.results if r.task.params == point]
        ltv = [rec.long_term_value for rec in records]
        assert ltv == sorted(ltv, reverse=True)
        for rec in records:
            sides = [
                (r, 0 if r.task.a == rec.strategy else 1)
                for r in mine
                if rec.strategy in (r.task.a, r.task.b)
            ]
            assert rec.n == len(sides) == 16
            values = [r.series.long_term_value[k] for r, k in sides]
            assert rec.long_term_value == pytest.approx(np.mean(values), rel=1e-15)
            assert rec.breakups == pytest.approx(np.mean([bool(r.series.left) for r, _ in sides]))
            asked = [
                g for r, k in sides for who, g in r.series.renegotiations if who == "AB"[1 - k]
            ]
            assert (rec.asked, rec.granted) == (len(asked), sum(asked))


@pytest.mark.parametrize("backend", PARALLEL)
def test_series_give_the_serial_results_on_every_backend(backend: str, swept) -> None:
    other = execute(series_plan(["alpha=0.5,2"]), make_backend(backend, 2), keep=True)
    assert [r.to_json() for r in other.results] == [r.to_json() for r in swept.results]
    assert other.by_point == swept.by_point


def test_a_series_run_resumes_and_reports(tmp_path: Path, swept) -> None:
    tasks = series_plan(["alpha=0.5,2"])
    out = tmp_path / "run.jsonl"

    def stop_after_thirty(n: int) -> None:
        if n >= 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        execute(tasks, SerialBackend(), out=out, progress=stop_after_thirty)
    lines = out.read_text().splitlines()
    assert len(lines) == 31
    out.write_text("\n".join(lines) + "\n" + lines[-1][:40])  # and a torn last line
    partial = build(out, warn=lambda m: None)
    assert (partial.count, partial.expected) == (30, len(tasks))
    warned: list[str] = []
    done = execute(tasks, SerialBackend(), out=out, warn=warned.append)
    assert (done.reused, done.ran) == (30, len(tasks) - 30) and "incomplete" in warned[0]
    assert done.by_point == swept.by_point

    report = build(out)
    assert (report.count, report.expected, report.horizon) == (len(tasks), len(tasks), 4)
    assert report.standings == swept.by_point
    track = report.tracks[(("alpha", 0.5),)]["diplomat"]
    assert len(track.long_term_value) == 16 and track.alive[0] == 16
    assert track.alive[-1] == sum(1 for life in track.lifetimes if life == 4)


# the report command -------------------------------------------------------------


@pytest.fixture(scope="module")
def results_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    out = folder / "series.jsonl"
    cmd = [
        *CLI,
        "tournament",
        str(DEALER),
        "--strategies",
        "diplomat,hardliner",
        "--opponents",
        "panderer",
        "--series",
        "3",
        "--sweep",
        "kappa=0.5,2",
        "--backend",
        "serial",
        "--out",
        str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    return out


def test_report_prints_the_tables_and_writes_the_figures(results_file: Path) -> None:
    run = subprocess.run([*CLI, "report", str(results_file)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "series of 3" in run.stdout and "kappa=0.5" in run.stdout
    assert "Sensitivity" in run.stdout and "panderer *" in run.stdout
    folder = results_file.with_name("series-report")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["lifetimes.png", "long_term_value.png", "relationship.png", "sensitivity.png"]
    for p in folder.iterdir():
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 10_000


def test_report_json_matches_the_tournament(results_file: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [*CLI, "report", str(results_file), "--json", "--plots", str(tmp_path / "figs")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["read"] == data["tasks"] == 2 * 6  # 2 points x 6 ordered pairs
    assert [s["params"] for s in data["standings"]] == [{"kappa": 0.5}, {"kappa": 2.0}]
    ranked = [r["strategy"] for r in data["standings"][0]["standings"]]
    assert set(ranked) == {"diplomat", "hardliner", "panderer"}
    assert len(data["figures"]) == 4


def test_report_on_a_plain_tournament_and_on_bad_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    subprocess.run(
        [*CLI, "tournament", str(DEALER), "--strategies", "boulware,conceder", "--out", str(plain)],
        check=True,
        capture_output=True,
    )
    run = subprocess.run([*CLI, "report", str(plain)], capture_output=True, text=True)
    assert run.returncode == 0 and "2 negotiations" in run.stdout
    assert (tmp_path / "plain-report" / "utility.png").exists()
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"hello": 1}\n')
    for path, words in [
        (junk, "not an accord tournament results file"),
        (tmp_path / "no.jsonl", "no such"),
    ]:
        run = subprocess.run([*CLI, "report", str(path)], capture_output=True, text=True)
        assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--sweep", "alpha=1,2"], "needs series"),
        (["--series", "3", "--sweep", "alpha=x"], "bad values"),
        (["--series", "3", "--sweep", "nope=1"], "unknown parameter 'nope'"),
        (["--series", "0"], "greater than or equal to 1"),
    ],
)
def test_bad_series_options_get_one_paragraph(args: list[str], words: str) -> None:
    run = subprocess.run(
        [*CLI, "tournament", str(DEALER), "--strategies", "boulware,conceder", *args],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and words in run.stderr and "Traceback" not in run.stderr


def test_a_series_tournament_is_stored_with_every_sweep_point(tmp_path: Path) -> None:
    from accord.store import open_store
    from accord.store.tournaments import tournaments

    db = tmp_path / "accord.db"
    args = ["--strategies", "diplomat,hardliner", "--series", "2", "--sweep", "kappa=0.5,2"]
    run = subprocess.run(
        [*CLI, "tournament", str(DEALER), *args, "--backend", "serial", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)
    with open_store(str(db)) as store:
        (stored,) = tournaments(store)
    assert stored.config["series"] == 2
    assert list(stored.by_point) == [(("kappa", 0.5),), (("kappa", 2.0),)]
    first = [r.to_json() for r in stored.standings]
    assert first == shown["sweep"][0]["standings"] == shown["standings"]
