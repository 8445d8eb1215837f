"""Start-up benchmark: what a person pays, in CPU and wall time, on every command.

Run from the project root:

    .venv/bin/python bench/startup.py
    .venv/bin/python bench/startup.py --runs 9

Each command runs as a whole process, `--runs` times after one warm-up, in turns
with `python -c pass` (the interpreter's own start-up) so that a machine whose
speed drifts slows both alike. CPU is user + sys of each finished child, from
`resource.getrusage(RUSAGE_CHILDREN)` before and after it; wall is the time
from start to exit. Printed: the median of each, and the median of the per-run
ratios of CPU to the `python -c pass` run beside it.

Targets (issue 11) are CPU seconds, set on a machine where `python -c pass`
cost 13 ms: `--help` 0.12 s, `ledger` on a store holding one negotiation 0.35 s,
`analyze` of the flagship 0.5 s. A shared, loaded machine runs everything
slower, so each target is judged twice: on the CPU seconds as measured, and on
the ratio times 13 ms (the same process on the machine the targets were set on).

The commands run with the environment a person has, except that Python may
write its bytecode cache (PYTHONDONTWRITEBYTECODE removed), as after a normal
install; the warm-up run writes it. ACCORD_DB points at a temporary store.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEALER = ROOT / "examples" / "dealer_rebate.yaml"
#: `python -c pass` on the machine the targets were set on, seconds of CPU.
REFERENCE = 0.013


@dataclass(frozen=True)
class Case:
    label: str
    args: list[str]
    target: float | None  # CPU seconds


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float


def accord() -> list[str]:
    """The installed `accord` command beside this interpreter, else `python -m`."""
    script = Path(sys.executable).with_name("accord")
    return [str(script)] if script.exists() else [sys.executable, "-m", "accord.cli.main"]


def cases() -> list[Case]:
    cmd = accord()
    return [
        Case("accord --help", [*cmd, "--help"], 0.12),
        Case("accord --version", [*cmd, "--version"], None),
        Case("python -c 'import accord'", [sys.executable, "-c", "import accord"], None),
        Case("accord ledger (1 negotiation)", [*cmd, "ledger"], 0.35),
        Case("accord analyze dealer_rebate.yaml", [*cmd, "analyze", str(DEALER)], 0.5),
    ]


def timed(args: list[str], env: dict[str, str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        print(f"note: {' '.join(args[-2:])} exited {done.returncode}", file=sys.stderr)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cpu, wall)


def small_store(folder: Path, env: dict[str, str]) -> None:
    """A store holding one stored negotiation with one counterparty."""
    args = [*accord(), "negotiate", str(DEALER), "--counterparty", "Dealer Co"]
    subprocess.run(args, env=env, cwd=ROOT, capture_output=True, check=True)


def measure(case: Case, runs: int, env: dict[str, str]) -> tuple[list[Run], list[Run]]:
    """`runs` runs of the case and of `python -c pass`, in turns, after a warm-up of each."""
    base = [sys.executable, "-c", "pass"]
    timed(case.args, env)
    timed(base, env)
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(timed(case.args, env))
        theirs.append(timed(base, env))
    return mine, theirs


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return "-"
    return "PASS" if value <= target else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each command")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["ACCORD_DB"] = str(Path(folder) / "accord.db")
        small_store(Path(folder), env)
        header = (
            f"{'command':36} {'cpu s':>7} {'wall s':>7} {'x pass':>7} {'target':>7} "
            f"{'cpu':>5} {'x 13ms':>7} {'scaled':>6}"
        )
        print(f"median of {options.runs} runs; python: {sys.executable}")
        print(header)
        failed = False
        passes: list[float] = []
        for case in cases():
            mine, theirs = measure(case, options.runs, env)
            cpu = statistics.median(r.cpu for r in mine)
            wall = statistics.median(r.wall for r in mine)
            ratio = statistics.median(
                m.cpu / max(t.cpu, 1e-6) for m, t in zip(mine, theirs, strict=True)
            )
            passes += [t.cpu for t in theirs]
            scaled = ratio * REFERENCE
            target = "-" if case.target is None else f"{case.target:.2f}"
            print(
                f"{case.label:36} {cpu:7.3f} {wall:7.3f} {ratio:7.1f} {target:>7} "
                f"{verdict(cpu, case.target):>5} {scaled:7.3f} {verdict(scaled, case.target):>6}"
            )
            failed |= verdict(scaled, case.target) == "FAIL"
        print(f"python -c pass: median {statistics.median(passes):.3f} s CPU")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
