"""Advisor benchmark: the speed of one piece of advice, and the quality of advice followed.

Run from the project root:

    .venv/bin/python bench/advisor.py                      # both parts, a few minutes
    .venv/bin/python bench/advisor.py --skip-quality       # speed only, seconds
    .venv/bin/python bench/advisor.py --every 2 --repeat 2 --workers 2 --json out.json

(a) Speed. One call of `accord.advisor.advise(plan, history)` on ~10^5-outcome
    scenarios: ANAC 2012 SupermarketA (112,896 outcomes, 6 issues) and a seeded
    random scenario of 5 issues x 10 values (10^5 outcomes). The history is the
    first 100 turns of `advised` against `boulware` (100 rounds), so the advice
    reads 50 offers of theirs. Measured, each the median of `--repeats` calls:
    - fresh: `advise(plan, history)`: a new advisor reads the whole history
      (the scenario is loaded and its utility tables and ladder already built);
    - session: `Advisor.advise` after one more event, as a coach or the
      `advised` strategy calls it;
    - cold: the first call on a freshly loaded scenario (builds the dense utility
      table and the ladder: what `accord advise` pays once per command);
    for a plan that estimates their preferences from the scenario and for one
    that knows nothing about them. Target: fresh < 50 ms.
(b) Quality. `advised` (the advisor's recommendation played every turn) meets
    every other registered strategy (the field: all but itself and diplomat),
    in both orders, on a sample of the shared ANAC domains: every `--every`-th
    domain with at most `--max-outcomes` outcomes, in sorted order, `--repeat`
    seeds each, the scenarios' own deadlines (100 rounds), through
    `accord.tournament`. Each of those tasks is run again with `diplomat` in
    place of `advised` and the same seed (paired: the same opponents, the same
    draws). Reported: mean own utility and agreement rate of each against the
    field (a failed negotiation scores the reservation value), per opponent,
    the paired difference with its standard error, and advised against
    diplomat head to head. Target: advised >= diplomat on both, against the field.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ANAC = ROOT.parent / "shared" / "domains" / "anac"
SUPERMARKET = ANAC / "y2012" / "SupermarketA"


def random_scenario(seed: int = 2024) -> Any:
    """5 issues of 10 values, seeded random linear utilities, reservations 0.3 and 0.3."""
    from accord.model import Issue, OutcomeSpace, Party, Scenario
    from accord.preferences import LinearAdditiveUtility, Preferences

    rng = np.random.default_rng(seed)
    space = OutcomeSpace(tuple(Issue.categorical(f"i{k}", list(range(10))) for k in range(5)))

    def party(role: str) -> Party:
        tables = []
        for _ in range(5):
            t = rng.random(10)
            tables.append(t / t.max())
        u = LinearAdditiveUtility(space, rng.random(5) + 0.1, tuple(tables))
        return Party(role, role, Preferences(u, reservation=0.3))  # type: ignore[arg-type]

    return Scenario("random 10^5", space, party("A"), party("B"), deadline_rounds=100)


def plans(scenario: Any) -> dict[str, Any]:
    """A plan estimating their preferences from the scenario, and one knowing nothing."""
    from dataclasses import replace

    from accord.plan import Prior, default_plan

    base = default_plan(scenario.space, scenario.a.preferences, "A", scenario.deadline_rounds)
    them = scenario.b.preferences
    prior = Prior(tuple(them.utility.contributions()), 0.5, "scenario")
    return {
        "estimate": replace(base, their_prior=prior, their_batna=them.reservation),
        "unknown": base,
    }


def history_of(scenario: Any, turns: int) -> Any:
    from accord.advisor import History
    from accord.protocol import Negotiation
    from accord.strategies import make

    t = Negotiation(scenario, make("advised"), make("boulware"), seed=1).run()
    return History(tuple(t.events[:turns]), t.rounds)


def median_ms(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def speed(repeats: int) -> list[dict[str, Any]]:
    from accord.advisor import Advisor, History, advise
    from accord.formats import load_scenario
    from accord.strategies import ladder

    rows = []
    loaders = {"SupermarketA": lambda: load_scenario(SUPERMARKET), "random 10^5": random_scenario}
    for name, load in loaders.items():
        scenario = load()
        h = history_of(scenario, 100)
        for kind, plan in plans(scenario).items():
            fresh = median_ms(lambda p=plan, h=h: advise(p, h), repeats)
            sessions = []
            for _ in range(repeats):
                s = Advisor(plan)
                s.advise(History(h.events[:-1], h.rounds))
                start = time.perf_counter()
                s.advise(h)
                sessions.append(1000 * (time.perf_counter() - start))
            colds = []
            for _ in range(max(repeats // 4, 3)):
                ladder.cache_clear()
                again = load()
                cold_plan = plans(again)[kind]
                start = time.perf_counter()
                advise(cold_plan, h)
                colds.append(1000 * (time.perf_counter() - start))
            rows.append(
                {
                    "scenario": name,
                    "outcomes": scenario.space.n_outcomes,
                    "plan": kind,
                    "history_events": len(h.events),
                    "fresh_ms": fresh,
                    "session_ms": statistics.median(sessions),
                    "cold_ms": statistics.median(colds),
                    "target_ms": 50.0,
                    "pass": fresh < 50.0,
                }
            )
            print(
                f"{name:<13} {scenario.space.n_outcomes:>7,} outcomes, plan {kind:<8}: "
                f"fresh {fresh:6.1f} ms  session {rows[-1]['session_ms']:6.1f} ms  "
                f"cold {rows[-1]['cold_ms']:6.1f} ms  "
                f"{'PASS' if fresh < 50 else 'FAIL'} (< 50 ms)",
                flush=True,
            )
    return rows


def sample(every: int, max_outcomes: int) -> list[Path]:
    from accord.formats import load_scenario
    from accord.tournament import find_domains

    small = [d for d in find_domains([ANAC]) if load_scenario(d).space.n_outcomes <= max_outcomes]
    return small[::every]


def quality(domains: list[Path], repeat: int, seed: int, workers: int) -> dict[str, Any]:
    """Paired: every task of `advised` against the field is run again with `diplomat` in
    its place and the same seed, so the two meet the same opponents in the same draws."""
    from dataclasses import replace

    from accord.strategies import registry
    from accord.tournament import TournamentPlan, execute
    from accord.tournament.backends import make_backend

    field = [n for n in registry() if n not in MINE]
    ours = list(TournamentPlan(domains, ["advised"], field, repeat=repeat, seed=seed))
    theirs = [replace(t, a=_swap(t.a), b=_swap(t.b)) for t in ours]
    head = list(TournamentPlan(domains, MINE, [], repeat=repeat, seed=seed))
    backend = make_backend("serial" if workers == 1 else "processes", workers, None)
    start = time.perf_counter()
    done = execute([*ours, *theirs, *head], backend, keep=True)
    seconds = time.perf_counter() - start
    results = done.results or []
    rows = {m: _rows(results[: 2 * len(ours)], m) for m in MINE}
    paired = [(a[1] - d[1]) for a, d in zip(rows["advised"], rows["diplomat"], strict=True)]
    out = {
        "domains": [str(d.relative_to(ANAC)) for d in domains],
        "negotiations": len(results),
        "seconds": seconds,
        "overall": {m: _summary(rows[m]) for m in MINE},
        "paired_own_difference": {
            "mean": float(np.mean(paired)),
            "standard_error": float(np.std(paired, ddof=1) / np.sqrt(len(paired))),
            "n": len(paired),
        },
        "per_opponent": {m: _per_opponent(rows[m]) for m in MINE},
        "head_to_head": {m: _summary(_rows(results[2 * len(ours) :], m)) for m in MINE},
    }
    a, d = out["overall"]["advised"], out["overall"]["diplomat"]
    out["pass"] = a["own"] >= d["own"] - 1e-12 and a["agreement"] >= d["agreement"] - 1e-12
    return out


MINE = ("advised", "diplomat")


def _swap(name: str) -> str:
    return "diplomat" if name == "advised" else name


def _rows(results: list[Any], me: str) -> list[tuple[str, float, bool]]:
    """(opponent, own utility, agreement) of every negotiation `me` was in, in task order."""
    out = []
    for r in results:
        for k, (mine, other) in enumerate(((r.task.a, r.task.b), (r.task.b, r.task.a))):
            if mine == me:
                out.append((other, float(r.utilities[k]), bool(r.agreement)))
    return out


def _summary(rows: list[tuple[str, float, bool]]) -> dict[str, float]:
    return {
        "own": float(np.mean([u for _, u, _ in rows])),
        "agreement": float(np.mean([a for _, _, a in rows])),
        "n": len(rows),
    }


def _per_opponent(rows: list[tuple[str, float, bool]]) -> dict[str, dict[str, float]]:
    names = sorted({o for o, _, _ in rows})
    return {o: _summary([r for r in rows if r[0] == o]) for o in names}


def show_quality(q: dict[str, Any]) -> None:
    print(
        f"\n{q['negotiations']} negotiations on {len(q['domains'])} domains "
        f"in {q['seconds']:.0f} s: {', '.join(q['domains'])}"
    )
    print(
        f"{'opponent':<14}{'advised own':>12}{'diplomat own':>14}{'advised agr':>13}"
        f"{'diplomat agr':>14}"
    )
    a, d = q["per_opponent"]["advised"], q["per_opponent"]["diplomat"]
    rows = [(o, a[o], d[o]) for o in a] + [
        ("overall", q["overall"]["advised"], q["overall"]["diplomat"])
    ]
    for o, x, y in rows:
        print(
            f"{o:<14}{x['own']:>12.4f}{y['own']:>14.4f}{x['agreement']:>13.4f}"
            f"{y['agreement']:>14.4f}"
        )
    p = q["paired_own_difference"]
    print(
        f"paired own utility, advised - diplomat: {p['mean']:+.4f} "
        f"(standard error {p['standard_error']:.4f}, n = {p['n']})"
    )
    h = q["head_to_head"]
    print(
        f"head to head: advised {h['advised']['own']:.4f}, diplomat {h['diplomat']['own']:.4f}"
        f" (agreement {h['advised']['agreement']:.4f})"
    )
    verdict = "PASS" if q["pass"] else "FAIL"
    print(f"advised >= diplomat on own utility and agreement rate against the field: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=20, help="timed calls per measurement")
    parser.add_argument("--every", type=int, default=1, help="every k-th domain (sorted)")
    parser.add_argument("--max-outcomes", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1, help="seeds per pairing and domain")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="1: serial; more: processes")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "python": platform.python_version(),
            "numpy": np.__version__,
        }
    }
    ok = True
    if not args.skip_speed:
        report["speed"] = speed(args.repeats)
        ok = all(r["pass"] for r in report["speed"])
    if not args.skip_quality:
        q = quality(sample(args.every, args.max_outcomes), args.repeat, args.seed, args.workers)
        show_quality(q)
        report["quality"] = q
        ok = ok and q["pass"]
    report["machine"]["load_average_after"] = os.getloadavg()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
