"""Phrasing benchmark: how long the coach takes to read one typed line.

Run from the project root:

    .venv/bin/python bench/phrasing.py
    .venv/bin/python bench/phrasing.py --repeats 21 --json out.json

Every line of the phrasing corpus (`tests/data/phrasings/*.phrasings.yaml`) is
read with its scenario's plan exactly as `accord phrase` and the coach read it
(`accord.cli.phrase.read_line`: `accord.phrasing.parse` with the plan's lexicon
and the line's speaker and standing offers). Each line is read `--repeats` times
after one warm-up; its time is the median of those. Printed per scenario: the
median, 90th percentile and maximum over its lines, and the one-off cost of the
plan's lexicon (`Lexicon.of_plan`, paid once per coached session).

Target (issue 13): the median line under 5 ms on a 12,000-outcome plan, the SaaS
renewal (examples/saas_renewal.plan.yaml, 12,096 outcomes). Takes seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "phrasings"
TARGET_MS = 5.0
TARGET_SCENARIO = "saas_renewal"


def lines_of(path: Path) -> tuple[Path, list[tuple[str, Any, dict[str, dict[str, Any]]]]]:
    """The plan and each line with its speaker and standing offers (as the corpus test
    gives them: the file's standing terms, an entry's own merged over them)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    default = data.get("standing") or {}
    lines = []
    for entry in data["phrasings"]:
        given = entry.get("standing")
        standing: dict[str, dict[str, Any]] = {}
        if given != "none":
            standing = {side: dict(terms) for side, terms in default.items()}
            for side, terms in (given or {}).items():
                standing[side] = {**standing.get(side, {}), **terms}
        lines.append((str(entry["text"]), entry.get("speaker"), standing))
    return (path.parent / data["plan"]).resolve(), lines


def measure(path: Path, repeats: int) -> dict[str, Any]:
    from accord.cli.phrase import read_line, terms_of
    from accord.phrasing import Lexicon
    from accord.plan import load_plan

    plan_path, lines = lines_of(path)
    plan = load_plan(plan_path)
    started = time.perf_counter()
    lexicon = Lexicon.of_plan(plan)
    lexicon_ms = (time.perf_counter() - started) * 1000
    per_line = []
    for text, speaker, standing in lines:
        # standing as the plan's values, as the coach holds them
        terms = {
            side: terms_of(plan, ", ".join(f"{k}={v}" for k, v in given.items()), side)
            for side, given in standing.items()
        }
        read_line(text, lexicon, speaker, terms)  # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            read_line(text, lexicon, speaker, terms)
            times.append((time.perf_counter() - t0) * 1000)
        per_line.append(statistics.median(times))
    per_line.sort()
    return {
        "scenario": path.name.removesuffix(".phrasings.yaml"),
        "outcomes": plan.space.n_outcomes,
        "lines": len(per_line),
        "median_ms": statistics.median(per_line),
        "p90_ms": per_line[int(0.9 * (len(per_line) - 1))],
        "max_ms": per_line[-1],
        "lexicon_ms": lexicon_ms,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=11, help="reads of each line")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = [measure(p, args.repeats) for p in sorted(CORPUS.glob("*.phrasings.yaml"))]
    heads = ("outcomes", "lines", "median", "p90", "max", "lexicon")
    print(f"{'scenario':>16} " + " ".join(f"{h:>9}" for h in heads))
    for r in results:
        print(
            f"{r['scenario']:>16} {r['outcomes']:>9,} {r['lines']:>6} {r['median_ms']:>7.2f}ms "
            f"{r['p90_ms']:>7.2f}ms {r['max_ms']:>7.2f}ms {r['lexicon_ms']:>7.1f}ms"
        )
    target = next(r for r in results if r["scenario"] == TARGET_SCENARIO)
    ok = target["median_ms"] < TARGET_MS
    print(
        f"verdict: median line on the {target['outcomes']:,}-outcome {TARGET_SCENARIO} plan "
        f"{target['median_ms']:.2f} ms, target < {TARGET_MS:g} ms: {'met' if ok else 'MISSED'}"
    )
    if args.json:
        args.json.write_text(json.dumps({"results": results, "target_met": ok}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
