"""Pareto frontier benchmark: accord against negmas on the same scenarios, in one run.

Run from the project root:

    .venv/bin/python bench/pareto.py            # or: make bench
    .venv/bin/python bench/pareto.py --large    # adds negmas at 10^7 (~1 min, ~3.3 GB)
    .venv/bin/python bench/pareto.py --sizes 5,6 --repeat 3 --json results.json

Work: a seeded random linear additive bilateral scenario, every issue discrete
with 10 values, both parties' weights and per-value scores drawn from
`numpy.random.default_rng(seed)`. `--sizes` lists numbers of issues: 5, 6, 7
and 20 give 10^5, 10^6, 10^7 and 10^20 outcomes. Per size:

- accord enum: `utility.all()` for both parties, then `pareto_indices` (timed
  together); not run at 10^20, which cannot be enumerated.
- accord linear: `linear_frontier` on the per-issue contributions (the CLI path).
- negmas: `negmas.preferences.ops.pareto_frontier(ufuns, issues=...)` on the same
  issues, weights and value tables, reserved values 0 (the whole space counts,
  as all utilities are >= 0). Run at 10^5 and 10^6, at 10^7 only with `--large`.

Every measurement runs in a fresh child process (this script with `--child`).
Peak MB is the child's ru_maxrss minus that of a baseline child that only
imports and builds the scenario (the baseline is reported too). Times are
medians: accord `--repeat` runs (default 5), negmas 3 runs at 10^5, 2 at 10^6,
1 at 10^7. Frontiers are compared as sets of utility pairs (tolerance 1e-9).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

VALUES = 10
TOL = 1e-9
NEGMAS_REPEAT = {5: 3, 6: 2, 7: 1}


def build_accord(n_issues: int, seed: int):
    from accord.model.issues import Issue
    from accord.model.space import OutcomeSpace
    from accord.preferences.utility import LinearAdditiveUtility

    rng = np.random.default_rng(seed)
    values = [f"v{j}" for j in range(VALUES)]
    space = OutcomeSpace(tuple(Issue.categorical(f"i{k}", values) for k in range(n_issues)))

    def party() -> LinearAdditiveUtility:
        weights = rng.random(n_issues)
        return LinearAdditiveUtility(space, weights, tuple(rng.random((n_issues, VALUES))))

    return space, party(), party()


def build_negmas(space, ua, ub):
    """The same issues, (already normalised) weights and value tables as negmas objects."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

    issues = [make_issue(list(issue.values), name=issue.name) for issue in space.issues]

    def ufun(u):
        tables = {
            issue.name: TableFun(dict(zip(issue.values, t.tolist(), strict=True)))
            for issue, t in zip(space.issues, u.tables, strict=True)
        }
        weights = {issue.name: float(w) for issue, w in zip(space.issues, u.weights, strict=True)}
        return LinearAdditiveUtilityFunction(tables, weights, issues=issues, reserved_value=0.0)

    return issues, ufun(ua), ufun(ub)


def child(kind: str, n_issues: int, seed: int, want_points: bool) -> None:
    """One measurement (or a baseline: `*-base`) in this fresh process; prints JSON."""
    from accord.analysis.pareto import linear_frontier, pareto_indices

    space, ua, ub = build_accord(n_issues, seed)
    if kind.startswith("negmas"):
        from negmas.preferences.ops import pareto_frontier

        issues, na, nb = build_negmas(space, ua, ub)
    points = None
    start = time.perf_counter()
    if kind == "accord-enum":
        utils = np.column_stack((ua.all(), ub.all()))
        points = utils[pareto_indices(utils)]
    elif kind == "accord-linear":
        points, _ = linear_frontier(ua.contributions(), ub.contributions())
    elif kind == "negmas":
        frontier, _ = pareto_frontier([na, nb], issues=issues)
        points = np.array(frontier, dtype=float).reshape(-1, 2)
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    result = {"seconds": seconds, "rss_mb": rss_mb}
    if points is not None:
        result["count"] = len(points)
        result["self_consistent"] = bool(len(pareto_indices(points)) == len(points))
        if want_points:
            result["points"] = points.tolist()
    print(json.dumps(result))


def run_child(kind: str, n_issues: int, seed: int, want_points: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--sizes", str(n_issues), "--seed", str(seed)]
    cmd += ["--points"] if want_points else []
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"child {kind} at {n_issues} issues failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(kind: str, n_issues: int, seed: int, repeat: int) -> dict:
    base = run_child(kind.split("-")[0] + "-base", n_issues, seed)
    # frontier points are only compared up to 10^7, and only the first run's
    runs = [run_child(kind, n_issues, seed, i == 0 and n_issues <= 7) for i in range(repeat)]
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "all_seconds": [round(r["seconds"], 4) for r in runs],
        "peak_mb": max(r["rss_mb"] for r in runs) - base["rss_mb"],
        "baseline_mb": base["rss_mb"],
        "count": runs[0]["count"],
        "self_consistent": all(r["self_consistent"] for r in runs),
        "points": runs[0].get("points"),
    }


def covered(x: np.ndarray, y: np.ndarray) -> bool:
    """Every pair of x is within TOL (in both utilities) of some pair of y."""
    y = y[np.argsort(y[:, 0], kind="stable")]
    lo = np.searchsorted(y[:, 0], x[:, 0] - TOL, "left")
    hi = np.searchsorted(y[:, 0], x[:, 0] + TOL, "right")
    near = zip(lo, hi, x[:, 1], strict=True)
    return all(np.any(np.abs(y[a:b, 1] - v) <= TOL) for a, b, v in near)


def same_frontier(x, y) -> bool:
    x, y = np.asarray(x, dtype=float).reshape(-1, 2), np.asarray(y, dtype=float).reshape(-1, 2)
    return covered(x, y) and covered(y, x)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="5,6,7,20", help="numbers of issues (10 values each)")
    p.add_argument("--repeat", type=int, default=5, help="runs per accord measurement")
    p.add_argument("--large", action="store_true", help="also run negmas at 10^7 (~1 min, 3.3 GB)")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--json", metavar="FILE", help="write the results as JSON")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--points", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.child:
        child(args.child, sizes[0], args.seed, args.points)
        return 0

    import negmas

    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, negmas {negmas.__version__}, "
        f"seed {args.seed}, accord repeat {args.repeat}"
    )
    header = (
        f"{'size':>6} {'accord method':<15} {'median s':>9} {'peak MB':>8} {'base MB':>8} "
        f"{'negmas s':>9} {'peak MB':>8} {'base MB':>8} {'ratio':>8} {'agree':>6} "
        f"{'points':>7}"
    )
    print(header + "\n" + "-" * len(header))
    results, verdicts, disagree = [], [], []
    for n in sizes:
        kinds = ["accord-enum", "accord-linear"] if n <= 7 else ["accord-linear"]
        rows = {k: measure(k, n, args.seed, args.repeat) for k in kinds}
        neg = None
        if n <= 6 or (n == 7 and args.large):
            neg = measure("negmas", n, args.seed, min(NEGMAS_REPEAT[n], args.repeat))
        for kind, row in rows.items():
            if neg is not None:
                row["agree"] = same_frontier(row["points"], neg["points"])
                row["ratio"] = neg["seconds"] / row["seconds"]
            elif kind == "accord-linear" and "accord-enum" in rows:
                row["agree"] = same_frontier(row["points"], rows["accord-enum"]["points"])
            if row.get("agree") is False or not row["self_consistent"]:
                disagree.append(f"10^{n} {kind}")
            ns = (
                f"{neg['seconds']:9.4f} {neg['peak_mb']:8.1f} {neg['baseline_mb']:8.1f}"
                if neg
                else f"{'-':>9} {'-':>8} {'-':>8}"
            )
            ratio = f"{row['ratio']:7.1f}x" if "ratio" in row else f"{'-':>8}"
            agree = {True: "True", False: "FALSE"}.get(row.get("agree"), "-")
            if row.get("agree") is not None and neg is None:
                agree += "*"
            print(
                f"{'10^' + str(n):>6} {kind[7:]:<15} {row['seconds']:9.4f} {row['peak_mb']:8.1f} "
                f"{row['baseline_mb']:8.1f} {ns} {ratio} {agree:>6} {row['count']:>7}"
            )
        results.append({"issues": n, "outcomes": f"10^{n}", "negmas": neg, **rows})
        enum, lin = rows.get("accord-enum"), rows["accord-linear"]
        if n in (5, 6) and neg is not None:
            ok = enum["ratio"] >= 30 and enum["agree"]
            verdicts.append(
                (
                    f"10^{n}: accord >= 30x faster than negmas",
                    ok,
                    f"enum {enum['ratio']:.1f}x, linear_frontier {lin['ratio']:.1f}x",
                )
            )
        if n == 7:
            ok = enum["seconds"] < 2 and enum["peak_mb"] + enum["baseline_mb"] < 1024
            verdicts.append(
                (
                    "10^7: accord < 2 s and < 1 GB",
                    ok,
                    f"enum {enum['seconds']:.2f} s, {enum['peak_mb']:.0f} MB net "
                    f"({enum['peak_mb'] + enum['baseline_mb']:.0f} MB total); "
                    f"linear_frontier {lin['seconds']:.3f} s",
                )
            )
        if n == 20:
            verdicts.append(
                (
                    "10^20: linear additive frontier exact in < 1 s",
                    lin["seconds"] < 1 and lin["self_consistent"],
                    f"linear_frontier {lin['seconds']:.3f} s, {lin['count']} points",
                )
            )
    print(
        "ratio = negmas median / accord median; peak MB = max child ru_maxrss - baseline child;"
        "\nagree = same frontier as negmas (tolerance 1e-9); * = checked against accord enum"
    )
    for name, ok, detail in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {name}  ({detail})")
    if disagree:
        msg = "!!! FRONTIERS DISAGREE (or are not mutually non-dominated): " + ", ".join(disagree)
        print(msg)
        print(msg, file=sys.stderr)
    if args.json:
        for r in results:
            for row in (r.get("accord-enum"), r["accord-linear"], r["negmas"]):
                if row:
                    row.pop("points", None)
        with open(args.json, "w") as f:
            verdict_rows = [{"target": t, "pass": ok, "detail": d} for t, ok, d in verdicts]
            json.dump(
                {
                    "seed": args.seed,
                    "repeat": args.repeat,
                    "results": results,
                    "verdicts": verdict_rows,
                },
                f,
                indent=2,
            )
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
