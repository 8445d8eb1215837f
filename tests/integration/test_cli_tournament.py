"""End-to-end tests of `accord tournament`: table, JSON, determinism and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DEALER, GENIUS, RIVER
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["tournament", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict[str, Any]:
    code, out, err = run("--json", "--workers", "1", *args)
    assert code == 0, err
    return json.loads(out)


def test_table_ranks_strategies_and_marks_the_field() -> None:
    code, out, err = run(
        str(DEALER),
        "--strategies",
        "diplomat,boulware",
        "--opponents",
        "conceder",
        "--workers",
        "1",
    )
    assert code == 0, err
    assert "Tournament: 6 negotiations on 1 domain(s)" in out
    for column in ("strategy", "own", "opp", "agree", "welfare", "Pareto d", "Nash d"):
        assert column in out
    assert "conceder *" in out and "diplomat" in out and "boulware" in out


def test_json_has_every_pairing_both_orders_on_every_domain() -> None:
    data = run_json(
        "--domains", str(RIVER), str(DEALER),
        "--strategies", "diplomat,boulware", "--opponents", "linear",
        "--repeat", "2", "--rounds", "30",
    )  # fmt: skip
    games = data["negotiations"]
    assert len(games) == 6 * 2 * 2  # ordered pairs x domains x repeats
    pairs = {(g["a"], g["b"]) for g in games}
    assert pairs == {
        ("diplomat", "boulware"), ("boulware", "diplomat"), ("diplomat", "linear"),
        ("linear", "diplomat"), ("boulware", "linear"), ("linear", "boulware"),
    }  # fmt: skip
    assert len({g["scenario"] for g in games}) == 2
    assert all(g["rounds_used"] <= 30 for g in games)
    table = {r["strategy"]: r for r in data["standings"]}
    assert table["linear"]["n"] == 16 and table["diplomat"]["n"] == 16
    mine = [g for g in games if "diplomat" in (g["a"], g["b"])]
    own = sum(g["utilities"][0 if g["a"] == "diplomat" else 1] for g in mine) / len(mine)
    assert table["diplomat"]["own"] == pytest.approx(own)
    assert data["config"]["repeat"] == 2 and data["config"]["opponents"] == ["linear"]


def test_same_seed_same_result_on_any_number_of_workers() -> None:
    args = ("--domains", str(GENIUS), "--strategies", "micro,boulware,tit_for_tat", "--seed", "5")
    one = run_json(*args)
    code, out, err = run("--json", "--workers", "2", *args)
    assert code == 0, err
    assert json.loads(out) == one


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--strategies", "diplomat,nobody"), ["--strategies", "unknown strategy 'nobody'"]),
        (("--strategies", "diplomat", "--opponents", "ghost"), ["--opponents", "'ghost'"]),
        (("--strategies", "diplomat,diplomat"), ["--strategies", "twice"]),
        (("--strategies", "diplomat"), ["nobody to negotiate with"]),
        (("--strategies", " , "), ["--strategies", "no strategy names"]),
    ],
)
def test_bad_strategies_are_clear_errors(args: tuple[str, ...], words: list[str]) -> None:
    code, out, err = run(str(DEALER), *args)
    assert code == 2
    assert "Traceback" not in err + out
    for w in words:
        assert w in err


def test_bad_domains_are_clear_errors(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "missing.yaml"), "--strategies", "diplomat,boulware")
    assert code == 2 and "missing.yaml" in err and "--domains" in err
    code, _, err = run("--strategies", "diplomat,boulware")
    assert code == 2 and "no domains given" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("issues: [1, 2\n")
    code, _, err = run(str(broken), "--strategies", "diplomat,boulware")
    assert code == 2 and "broken.yaml" in err and "Traceback" not in err
    code, _, err = run(str(DEALER), "--strategies", "diplomat,boulware", "--repeat", "0")
    assert code == 2 and "--repeat" in err


RAY = pytest.mark.skipif(
    __import__("importlib").util.find_spec("ray") is None,
    reason="Ray is not installed (pip install 'accord[ray]')",
)
SMALL = ("--strategies", "diplomat,boulware", "--opponents", "conceder", "--rounds", "30",
         "--repeat", "2", "--seed", "4")  # fmt: skip


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize(
    "backend",
    [("--backend", "serial"), ("--backend", "processes", "--workers", "2"),
     pytest.param(("--backend", "ray", "--workers", "2"), marks=RAY, id="ray")],
)  # fmt: skip
def test_out_streams_results_and_every_backend_agrees(
    tmp_path: Path, backend: tuple[str, ...]
) -> None:
    plain = run_json(str(DEALER), *SMALL)
    out = tmp_path / "results.jsonl"
    code, stdout, err = run("--json", str(DEALER), *SMALL, *backend, "--out", str(out))
    assert code == 0, err
    assert json.loads(stdout) == plain
    header, *results = lines(out)
    assert header["tasks"] == 12 and header["meta"] == plain["config"]
    assert len(results) == 12 and {r["index"] for r in results} == set(range(12))
    by_index = {r.pop("index"): r for r in results}
    for i, game in enumerate(plain["negotiations"]):
        assert (
            by_index[i].pop("key") == f"{game['domain']}|{game['a']}|{game['b']}|{game['repeat']}"
        )
        assert by_index[i] == game


def test_rerun_resumes_and_tells(tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    code, table, err = run(str(DEALER), *SMALL, "--workers", "1", "--out", str(out))
    assert code == 0, err
    assert f"Results written to {out}" in table
    text = out.read_text().splitlines(keepends=True)
    out.write_text("".join(text[:5]) + text[5][:30])  # 4 results kept, a torn fifth
    code, again, err = run(str(DEALER), *SMALL, "--workers", "1", "--out", str(out))
    assert code == 0, err
    assert "incomplete" in err and "Traceback" not in err
    assert "(4 from an earlier run)" in again
    assert again.split("Results written")[0] == table.split("Results written")[0]
    assert len(lines(out)) == 13 and len({r["index"] for r in lines(out)[1:]}) == 12
    code, _, err = run(str(DEALER), *SMALL[:-1], "5", "--workers", "1", "--out", str(out))
    assert code == 2 and str(out) in err and "different tournament plan" in err
    assert "seed 4 there, 5 here" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--backend", "threads"), ["--backend", "backend 'threads'", "serial, processes, ray"]),
        (("--address", "127.0.0.1:6379"), ["--address", "needs the Ray backend"]),
        (("--out", "results.csv"), ["--out", "results.csv", ".jsonl"]),
        (("--out", "no/such/folder/r.jsonl"), ["--out", "folder", "does not exist"]),
    ],
)  # fmt: skip
def test_bad_backend_and_out_are_clear_errors(args: tuple[str, ...], words: list[str]) -> None:
    code, out, err = run(str(DEALER), "--strategies", "diplomat,boulware", *args)
    assert code == 2
    assert "Traceback" not in err + out
    for w in words:
        assert w in err


HEAD = """
import sys, time
from pathlib import Path
from accord.tournament.backends import _import_ray, _loopback
ray = _import_ray()
_loopback(ray)
ray.init(num_cpus=2, include_dashboard=False, object_store_memory=100 * 1024 * 1024)
print(ray.get_runtime_context().gcs_address, flush=True)
stop, start = Path(sys.argv[1]), time.time()
while not stop.exists() and time.time() - start < 120:
    time.sleep(0.2)
ray.shutdown()
"""


@RAY
def test_ray_cluster_at_an_address(tmp_path: Path) -> None:
    """A Ray head on loopback in another process; the CLI connects to it with --address."""
    stop = tmp_path / "stop"
    head = subprocess.Popen(
        [sys.executable, "-c", HEAD, str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        address = head.stdout.readline().strip()
        assert address.startswith("127.0.0.1:"), address
        cli = [sys.executable, "-m", "accord.cli.main", "tournament", str(DEALER), *SMALL]
        env = {**os.environ, "RAY_AUTH_MODE": "token"}  # Ray enables tokens on new clusters
        proc = subprocess.run(
            [*cli, "--json", "--backend", "ray", "--address", address],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == run_json(str(DEALER), *SMALL)
    finally:
        stop.touch()
        head.wait(timeout=60)
    code, _, err = run(str(DEALER), *SMALL, "--backend", "ray", "--address", "127.0.0.1:1")
    assert code == 2 and "nothing answers there" in err and "--address" in err
