"""Negotiation engine benchmark: accord against negmas, Boulware vs Conceder, in one run.

Run from the project root:

    .venv/bin/python bench/negotiation.py
    .venv/bin/python bench/negotiation.py --domains EnglandZimbabwe --accord-batch 100

Work: one bilateral negotiation of 100 rounds, Boulware (side A, first mover)
against Conceder (side B), on GENIUS folders under `--root` (ANAC 2010
EnglandZimbabwe, 576 outcomes, and Travel, 188 160 outcomes).

- accord: `load_scenario(folder)`, then `Negotiation(scenario, make("boulware"),
  make("conceder"), seed=i, rounds=100).run()`, a fresh pair of strategies each
  time. `--accord-batches` batches (default 5) of `--accord-batch` negotiations.
- negmas: `Scenario.from_genius_folder(folder, ignore_discount=True,
  safe_parsing=False)`, then `scenario.normalize()` (negmas's own normalised
  utilities, max 1), after which each ufun gets back the reservation value the
  profile declares (normalize() rescales it). Then `SAOMechanism(outcome_space=...,
  n_steps=100)` with `BoulwareTBNegotiator` and `ConcederTBNegotiator` added with
  the two ufuns, `.run()`. `--negmas-batches` batches (default 3); the batch
  size is per domain (20 on EnglandZimbabwe, 2 on Travel, where one negmas
  negotiation takes about 1.3 s).

Each side runs in its own fresh child process (this script with `--child`):
loading the scenario and one warm-up negotiation (which builds cached utility
tables) are excluded from the timing. neg/s is the median over batches of
(batch size / batch seconds). Peak MB is the child's whole ru_maxrss (imports,
scenario and all runs included). The agreement rate counts every timed run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DOMAINS = {  # name: (outcomes, ratio target, default negmas batch)
    "EnglandZimbabwe": (576, 30, 20),
    "Travel": (188_160, 300, 2),
}
ACCORD_PEAK_MB = 300


def accord_runner(folder: Path, rounds: int):
    from accord.formats import load_scenario
    from accord.protocol.engine import Negotiation
    from accord.strategies import make

    scenario = load_scenario(folder)

    def run(i: int) -> tuple[bool, float]:
        a, b = make("boulware"), make("conceder")
        ending = Negotiation(scenario, a, b, seed=i, rounds=rounds).run().ending
        return ending.reason == "agreement", (ending.turn + 1) / 2  # rounds used

    return run


def negmas_runner(folder: Path, rounds: int):
    import warnings

    warnings.filterwarnings("ignore")
    from negmas.gb.negotiators import BoulwareTBNegotiator, ConcederTBNegotiator
    from negmas.inout import Scenario
    from negmas.sao import SAOMechanism

    scenario = Scenario.from_genius_folder(folder, ignore_discount=True, safe_parsing=False)
    declared = [u.reserved_value for u in scenario.ufuns]
    scenario = scenario.normalize() or scenario
    for ufun, reserved in zip(scenario.ufuns, declared, strict=True):
        ufun.reserved_value = reserved
    ua, ub = scenario.ufuns

    def run(i: int) -> tuple[bool, float]:
        mechanism = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=rounds)
        mechanism.add(BoulwareTBNegotiator(), ufun=ua)
        mechanism.add(ConcederTBNegotiator(), ufun=ub)
        state = mechanism.run()
        return state.agreement is not None, state.step  # rounds used

    return run


def child(kind: str, folder: Path, rounds: int, batch: int, batches: int) -> None:
    """One side's measurement on one domain in this fresh process; prints JSON."""
    run = (accord_runner if kind == "accord" else negmas_runner)(folder, rounds)
    start = time.perf_counter()
    run(0)  # warm-up, excluded
    warmup = time.perf_counter() - start
    rates, agreed, used, i = [], 0, 0.0, 1
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(batch):
            ok, n_rounds = run(i)
            agreed += ok
            used += n_rounds
            i += 1
        rates.append(batch / (time.perf_counter() - start))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        json.dumps(
            {
                "rate": statistics.median(rates),
                "rates": [round(r, 2) for r in rates],
                "warmup_s": warmup,
                "rss_mb": rss_mb,
                "runs": i - 1,
                "agreement_rate": agreed / (i - 1),
                "mean_rounds": used / (i - 1),
            }
        )
    )


def run_child(kind: str, folder: Path, rounds: int, batch: int, batches: int) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--folder",
        str(folder),
        "--rounds",
        str(rounds),
        "--batch",
        str(batch),
        "--batches",
        str(batches),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"child {kind} on {folder} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--root", default="../shared/domains/anac/y2010", help="folder of the domains")
    p.add_argument("--domains", default=",".join(DOMAINS), help="comma-separated domain folders")
    p.add_argument("--rounds", type=int, default=100)
    p.add_argument("--accord-batch", type=int, default=50, help="negotiations per accord batch")
    p.add_argument("--accord-batches", type=int, default=5)
    p.add_argument(
        "--negmas-batch",
        type=int,
        help="negotiations per negmas batch (default: 20 on EnglandZimbabwe, 2 on Travel)",
    )
    p.add_argument("--negmas-batches", type=int, default=3)
    p.add_argument("--json", metavar="FILE", help="write the results as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--folder", help=argparse.SUPPRESS)
    p.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    p.add_argument("--batches", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, Path(args.folder), args.rounds, args.batch, args.batches)
        return 0

    import negmas
    import numpy as np

    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, negmas {negmas.__version__}, "
        f"{args.rounds} rounds, boulware (A) vs conceder (B)"
    )
    header = (
        f"{'domain':<16} {'outcomes':>8} {'accord neg/s':>12} {'peak MB':>8} "
        f"{'negmas neg/s':>12} {'peak MB':>8} {'ratio':>8} {'target':>7} "
        f"{'agree a/n':>10} {'verdict':>7}"
    )
    print(header + "\n" + "-" * len(header))
    results, failed = [], False
    for name in args.domains.split(","):
        outcomes, target, negmas_batch = DOMAINS.get(name, (0, 30, 3))
        folder = Path(args.root) / name
        acc = run_child("accord", folder, args.rounds, args.accord_batch, args.accord_batches)
        neg = run_child(
            "negmas", folder, args.rounds, args.negmas_batch or negmas_batch, args.negmas_batches
        )
        ratio = acc["rate"] / neg["rate"]
        ok = ratio >= target and acc["rss_mb"] < ACCORD_PEAK_MB
        failed |= not ok
        agree = f"{acc['agreement_rate']:.2f}/{neg['agreement_rate']:.2f}"
        print(
            f"{name:<16} {outcomes:>8} {acc['rate']:12.1f} {acc['rss_mb']:8.1f} "
            f"{neg['rate']:12.2f} {neg['rss_mb']:8.1f} {ratio:7.1f}x {target:>6}x "
            f"{agree:>10} {'PASS' if ok else 'FAIL':>7}"
        )
        results.append(
            {
                "domain": name,
                "outcomes": outcomes,
                "target_ratio": target,
                "ratio": ratio,
                "pass": ok,
                "accord": acc,
                "negmas": neg,
            }
        )
    print(
        f"ratio = accord neg/s / negmas neg/s (= negmas time / accord time); "
        f"PASS = ratio >= target and accord peak < {ACCORD_PEAK_MB} MB;\n"
        "peak MB = whole child ru_maxrss; agree a/n = agreement rate accord/negmas"
    )
    for r in results:
        print(
            f"  {r['domain']}: accord batches {r['accord']['rates']} neg/s "
            f"(warm-up {r['accord']['warmup_s']:.3f} s, "
            f"mean {r['accord']['mean_rounds']:.1f} rounds); "
            f"negmas batches {r['negmas']['rates']} neg/s (warm-up "
            f"{r['negmas']['warmup_s']:.3f} s, mean {r['negmas']['mean_rounds']:.1f} rounds)"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rounds": args.rounds, "results": results}, f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
