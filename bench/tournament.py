"""Quality benchmark: accord strategies against the pool of negmas's own agents.

Run from the project root (needs the `bench` or `test` extra):

    .venv/bin/python bench/tournament.py                 # diplomat vs the pool
    .venv/bin/python bench/tournament.py --pool-alone    # the pool among itself
    .venv/bin/python bench/tournament.py --strategies diplomat,boulware --json out.json

Work: every GENIUS domain folder under `--root` with at most `--max-outcomes`
outcomes; 100 rounds; each strategy meets every pool agent in both orders
(first and second mover), `--repeat` times with seeds derived from `--seed`.
The pool is negmas's BoulwareTB, LinearTB, ConcederTB, NiceTitForTat,
NaiveTitForTat and MiCRO negotiators, run inside accord's engine through
`accord.interop.negmas` (checked turn for turn against negmas's own mechanism
in tests/interop). Utilities are the profiles' own, normalised to a best
outcome of 1 as GENIUS defines them; a failed negotiation scores the
reservation values.

Why a size cap: negmas's NiceTitForTat recomputes the Pareto frontier by brute
force at every step (about 6 s per step on Travel's 188 160 outcomes), so the
11 shared domains above 100 000 outcomes would take hours. The 72 domains at or
below 20 000 outcomes are used.

`--pool-alone` runs the pool's round robin instead (no self-play), to compare
with the figures measured with negmas alone in the issue.

`--no-reservation` sets both sides' reservation value to 0 (written to
temporary GENIUS copies): the y2012 A and B variants declare 0.5 and 0.25,
under which some domains have no agreement both sides prefer to walking away
(NiceOrDieC has none at all), so no agent can reach 100% agreement there.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

POOL = [
    "negmas:BoulwareTBNegotiator",
    "negmas:LinearTBNegotiator",
    "negmas:ConcederTBNegotiator",
    "negmas:NiceTitForTatNegotiator",
    "negmas:NaiveTitForTatNegotiator",
    "negmas:MiCRONegotiator",
]
#: The issue's target for Diplomat against the pool: (metric, bound, at least?).
TARGETS = [
    ("own", 0.85, True),
    ("agreement", 0.99, True),
    ("welfare", 1.56, True),
    ("distance_to_nash", 0.10, False),
]


def domains(root: Path, max_outcomes: int) -> list[Path]:
    from accord.formats import load_scenario
    from accord.tournament import find_domains

    return [d for d in find_domains([root]) if load_scenario(d).space.n_outcomes <= max_outcomes]


def without_reservations(found: list[Path], folder: Path) -> list[Path]:
    """Copies of the domains with both reservation values set to 0."""
    from dataclasses import replace

    from accord.formats import load_scenario
    from accord.formats.genius import save_genius

    copies = []
    for d in found:
        s = load_scenario(d)
        a, b = (replace(p, preferences=replace(p.preferences, reservation=0.0)) for p in (s.a, s.b))
        save_genius(replace(s, a=a, b=b), folder / d.name)
        copies.append(folder / d.name)
    return copies


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--root", default="../shared/domains/anac", type=Path)
    p.add_argument("--max-outcomes", type=int, default=20_000)
    p.add_argument("--strategies", default="diplomat", help="accord strategies, comma-separated")
    p.add_argument("--pool-alone", action="store_true", help="the pool's own round robin")
    p.add_argument("--rounds", type=int, default=100)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--no-reservation", action="store_true", help="reservation values 0")
    p.add_argument("--json", metavar="FILE", help="write standings and every result as JSON")
    args = p.parse_args()

    import negmas
    import numpy as np

    from accord.tournament import plan, run, standings
    from accord.tournament.runner import default_workers

    found = domains(args.root, args.max_outcomes)
    if args.no_reservation:
        import tempfile

        found = without_reservations(found, Path(tempfile.mkdtemp(prefix="accord-bench-")))
    names = POOL if args.pool_alone else args.strategies.split(",")
    field = [] if args.pool_alone else POOL
    tasks = plan(found, names, field, repeat=args.repeat, seed=args.seed, rounds=args.rounds)
    workers = args.workers or default_workers()
    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, negmas {negmas.__version__}, "
        f"{platform.processor() or platform.machine()}, {workers} worker(s)"
    )
    print(
        f"{len(found)} domains (<= {args.max_outcomes} outcomes) under {args.root}, "
        f"{args.rounds} rounds, {len(tasks)} negotiations, seed {args.seed}"
        + (", reservation values 0" if args.no_reservation else "")
    )
    start = time.perf_counter()
    results = list(run(tasks, workers=workers))
    elapsed = time.perf_counter() - start
    table = standings(results)
    header = (
        f"{'strategy':<34} {'n':>5} {'own':>6} {'opp':>6} {'agree':>6} {'welfare':>7} "
        f"{'Pareto d':>8} {'Nash d':>7}"
    )
    print(header + "\n" + "-" * len(header))
    for r in table:
        mark = "" if r.strategy in names else " *"
        print(
            f"{r.strategy + mark:<34} {r.n:>5} {r.own:>6.3f} {r.opponent:>6.3f} "
            f"{r.agreement:>6.1%} {r.welfare:>7.3f} {r.distance_to_pareto:>8.3f} "
            f"{r.distance_to_nash or float('nan'):>7.3f}"
        )
    print(f"(* pool agent, its results against the strategies only)  {elapsed:.0f} s")
    if not args.pool_alone:
        for r in table:
            if r.strategy not in names:
                continue
            verdicts = []
            for metric, bound, at_least in TARGETS:
                value = getattr(r, metric)
                ok = value is not None and (value >= bound if at_least else value <= bound)
                verdicts.append(
                    f"{metric} {value:.3f} {'>=' if at_least else '<='} {bound} "
                    f"{'PASS' if ok else 'FAIL'}"
                )
            print(f"{r.strategy}: " + "; ".join(verdicts))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "domains": [str(d) for d in found],
                    "strategies": names,
                    "pool": POOL,
                    "rounds": args.rounds,
                    "repeat": args.repeat,
                    "seed": args.seed,
                    "seconds": elapsed,
                    "no_reservation": args.no_reservation,
                    "standings": [r.to_json() for r in table],
                    "negotiations": [r.to_json() for r in results],
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
