"""The doctrine's claims, tested with accord's own tools (docs/study.md reports the numbers).

Run from the project root (about 10 minutes on 2 cores):

    .venv/bin/python studies/doctrine.py                 # every experiment
    .venv/bin/python studies/doctrine.py --only e1 e3    # some of them
    .venv/bin/python studies/doctrine.py --quick         # 4 domains, a smoke run

Experiments, all series of 10 negotiations with the model's default parameters
unless swept, on accord's two example scenarios and 12 small ANAC domains
(STUDY_DOMAINS), every pairing in both orders, seeds derived per task:

- e1: Does Diplomat earn more over 10 rounds than Hardliner and Panderer?
  diplomat, hardliner, panderer ranked by long-term value against each other
  and a field (boulware, conceder, micro, tit_for_tat), and head to head.
- e2: How does that depend on the model? One-dimensional sweeps of alpha,
  kappa, sigma, rho and discount, and of the doctrine's exits no_deal, outside
  and modesty (0 switches each off; field: boulware, conceder).
- e3: The art of losing: a conditional concession against the same concession
  made plain (`diplomat` vs `diplomat(conditional=false)`), and how often the
  move is used at all.
- e4: Does a modest close matter? `diplomat` vs `diplomat(display=triumphant)`
  vs `diplomat(display=none)`.
- e5: The side that cares less (the higher BATNA): does it win single rounds
  and lose relationships? Every e1 pairing twice with the same seed: as is,
  and with side A's BATNA raised by LIFT; paired differences of A's first
  negotiation, the lifetime, each side's long-term value above living on its
  BATNA, and B's resentment.

Results stream to studies/out/*.jsonl (rerun resumes; `accord report` reads
them) and the tables print as markdown.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from accord.relationship.value import discounts
from accord.tournament import TournamentPlan, execute
from accord.tournament.backends import ProcessBackend
from accord.tournament.runner import TaskResult
from accord.tournament.standings import Record
from accord.tournament.sweep import points
from accord.tournament.tasks import point_label

ROOT = Path(__file__).resolve().parents[1]
ANAC = ROOT.parent / "shared" / "domains" / "anac"
OUT = ROOT / "studies" / "out"
STUDY_DOMAINS = [
    ROOT / "examples" / "dealer_rebate.yaml",
    ROOT / "examples" / "japan_supplier.yaml",
    *(
        ANAC / p
        for p in (
            "y2010/EnglandZimbabwe",
            "y2010/ItexvsCypress",
            "y2011/Amsterdam",
            "y2011/Camera",
            "y2011/Grocery",
            "y2011/IS_BT_Acquisition",
            "y2011/Laptop",
            "y2012/BarbecueA",
            "y2012/FitnessA",
            "y2012/HouseKeepingA",
            "y2012/MusicCollectionA",
            "y2012/RentalHouseA",
        )
    ),
]
QUICK = STUDY_DOMAINS[:4]
HORIZON = 10
DOCTRINE = ["diplomat", "hardliner", "panderer"]
EXITS = ("no_deal", "outside", "modesty")
FIELD = ["boulware", "conceder", "micro", "tit_for_tat"]


def run(name: str, plan: TournamentPlan, workers: int) -> tuple[dict, list[TaskResult]]:
    """Execute `plan` (resuming studies/out/NAME.jsonl) and return its standings and results."""
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    done = execute(plan, ProcessBackend(workers), out=OUT / f"{name}.jsonl", keep=True)
    took = time.perf_counter() - t0
    print(f"\n<!-- {name}: {len(plan)} series, {done.ran} run now in {took:.0f} s -->")
    assert done.results is not None
    return done.by_point, done.results


def table(records: Sequence[Record], field: Sequence[str] = ()) -> None:
    print(
        "| # | strategy | LTV | one-shot own | per deal | agree | life | resent | caused "
        "| trust | break-ups | reneg granted/asked |"
    )
    print("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    k = 0
    for r in records:
        if r.strategy in field:
            continue
        k += 1
        print(
            f"| {k} | {r.strategy} | {r.long_term_value:.3f} | {r.own:.3f} | {r.mean_utility:.3f} "
            f"| {r.agreement:.0%} | {r.lifetime:.2f} | {r.resentment:.3f} "
            f"| {r.resentment_caused:.3f} | {r.trust:.3f} | {r.breakups:.0%} "
            f"| {r.granted}/{r.asked} |"
        )


def head_to_head(results: list[TaskResult], names: Sequence[str]) -> None:
    """Mean long-term value of row against column, over both orders."""
    ltv: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in results:
        assert r.series is not None
        ltv[(r.task.a, r.task.b)].append(r.series.long_term_value[0])
        ltv[(r.task.b, r.task.a)].append(r.series.long_term_value[1])
    cols = sorted({b for _, b in ltv})
    print("| LTV of row vs column | " + " | ".join(cols) + " |")
    print("|---|" + "--:|" * len(cols))
    for a in names:
        cells = [f"{statistics.mean(ltv[(a, b)]):.3f}" if ltv.get((a, b)) else "-" for b in cols]
        print(f"| {a} | " + " | ".join(cells) + " |")
    # issue 14, item 4: Diplomat against Hardliner, paired within each series
    d = np.asarray(
        [
            r.series.long_term_value[i] - r.series.long_term_value[1 - i]
            for r in results
            if r.series is not None and {r.task.a, r.task.b} == {"diplomat", "hardliner"}
            for i in (0 if r.task.a == "diplomat" else 1,)
        ]
    )
    if len(d) > 1:
        half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
        print(
            f"\nDiplomat minus Hardliner, same series: {d.mean():+.3f} ± {half:.3f} "
            f"(n={len(d)}; Diplomat ahead in {np.mean(d > 1e-9):.0%}, level in "
            f"{np.mean(np.abs(d) <= 1e-9):.0%})"
        )


def e1(domains: list[Path], repeat: int, workers: int) -> None:
    print("\n### e1: Diplomat, Hardliner and Panderer over 10 negotiations\n")
    plan = TournamentPlan(domains, DOCTRINE, FIELD, repeat=repeat, seed=1, series=HORIZON)
    by_point, results = run("e1", plan, workers)
    table(by_point[()], FIELD)
    print()
    head_to_head(results, DOCTRINE)


def e2(domains: list[Path], repeat: int, workers: int) -> None:
    print("\n### e2: sensitivity of the ranking to the model's parameters\n")
    sweeps = {
        "alpha": "alpha=0.25:2:4",
        "kappa": "kappa=0.25:2:4",
        "sigma": "sigma=0:0.6:4",
        "rho": "rho=0:0.4:3",
        "discount": "discount=0.5,0.8,0.95",
        # the doctrine's exits (issue 14, item 5), each alone, 0 switching it off
        "no_deal": "no_deal=0,0.175,0.35,0.7",
        "outside": "outside=0,0.35,0.7,1.4",
        "modesty": "modesty=0,0.2,0.5,1",
    }
    for name, spec in sweeps.items():
        plan = TournamentPlan(
            domains,
            DOCTRINE,
            ["boulware", "conceder"],
            repeat=repeat,
            seed=2,
            series=HORIZON,
            points=points([spec]),
        )
        by_point, _ = run(f"e2_{name}", plan, workers)
        labels = [point_label(p) for p in by_point]
        exit_ = name in EXITS  # the exits: lifetime and break-ups too, their direct effect
        head = "rank (LTV; life, break-ups)" if exit_ else "rank (LTV)"
        print(f"\n| {head} | " + " | ".join(labels) + " |")
        print("|---|" + "--:|" * len(labels))
        for s in DOCTRINE:
            cells = []
            for records in by_point.values():
                ranked = [r for r in records if r.strategy in DOCTRINE]
                k = next(i for i, r in enumerate(ranked, 1) if r.strategy == s)
                r = ranked[k - 1]
                more = f"; {r.lifetime:.2f}, {r.breakups:.0%}" if exit_ else ""
                cells.append(f"{k} ({r.long_term_value:.3f}{more})")
            print(f"| {s} | " + " | ".join(cells) + " |")


def variants(name: str, title: str, strategies: list[str], domains, repeat, workers) -> None:
    print(f"\n### {name}: {title}\n")
    field = ["boulware", "conceder", "hardliner", "micro", "tit_for_tat"]
    # the variants meet the field, not each other: a clean paired comparison
    rows, own = [], []
    for s in strategies:
        plan = TournamentPlan(domains, [s], field, repeat=repeat, seed=3, series=HORIZON)
        file = "variant_" + "".join(c if c.isalnum() else "_" for c in s)
        by_point, results = run(file, plan, workers)  # e3 and e4 share plain diplomat
        rows.append(next(r for r in by_point[()] if r.strategy == s))
        print(f"- {s}: {_moves(results, s)}")
        own.append(_own(results, s))
    table(rows)
    print("\nSame seeds, opponents and circumstances (task by task): the rows differ by the")
    print("variant alone. Paired differences from the first row, mean and 95% interval:\n")
    print("| variant | LTV difference | one-shot difference | lifetime difference |")
    print("|---|--:|--:|--:|")
    for s, mine in zip(strategies[1:], own[1:], strict=True):
        cells = []
        for j in range(3):
            d = mine[:, j] - own[0][:, j]
            half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
            cells.append(f"{d.mean():+.3f} ± {half:.3f}")
        print(f"| {s} | " + " | ".join(cells) + " |")


def _own(results: list[TaskResult], strategy: str) -> np.ndarray:
    """Per series, in task order: the strategy's LTV, one-shot utility and the lifetime."""
    rows = []
    for r in results:
        assert r.series is not None
        side = 0 if r.task.a == strategy else 1
        rows.append((r.series.long_term_value[side], r.utilities[side], r.series.lifetime))
    return np.asarray(rows, dtype=float)


def _moves(results: list[TaskResult], strategy: str) -> str:
    """How often the variant used its moves: per series, conditional offers, displays."""
    n, counts = 0, defaultdict(int)
    agreed = honoured = 0
    for r in results:
        assert r.series is not None
        for side, name in enumerate((r.task.a, r.task.b)):
            if name != strategy:
                continue
            n += 1
            for tactic, k in r.series.tactics[side]:
                counts[tactic] += k
        agreed += r.series.conditions[0]
        honoured += r.series.conditions[1]
    used = ", ".join(f"{t} {k / n:.2f}" for t, k in sorted(counts.items()))
    return f"{n} series; per series: {used}; conditional deals {agreed}, honoured {honoured}"


LIFT = 0.15


def _cares_less(job: tuple[str, str, str, int]) -> list[float]:
    """One pairing on one domain, twice with the same seed: as is, and with A's
    BATNA raised by LIFT (A now cares less). Returns, for each run: A's and B's
    first-negotiation utility, A's surplus share of it, the lifetime, each
    side's long-term value above living on its BATNA all along, B's mean
    resentment, and whether A left (the exit of the side that cares less)."""
    from accord.analysis.report import analyse
    from accord.formats import load_scenario
    from accord.relationship import Series, with_reservations
    from accord.tournament.tasks import derive_seed

    domain, a, b, k = job
    base = load_scenario(Path(domain))
    seed = derive_seed(5, Path(domain).name, a, b, k)
    w = discounts(HORIZON, 0.9).sum()
    out: list[float] = []
    r = base.reservations
    for scenario in (base, with_reservations(base, (r[0] + LIFT, r[1]))):
        played = Series(scenario, a, b, rounds=HORIZON, seed=seed, analysis=analyse(scenario)).run()
        first = played.rounds[0].record
        share = first.shares[0] if first.shares is not None else float("nan")
        ltv = played.summary.long_term_value
        rr = scenario.reservations
        out += [
            first.utilities[0],
            first.utilities[1],
            share,
            played.summary.lifetime,
            ltv[0] - w * rr[0],
            ltv[1] - w * rr[1],
            played.summary.mean_resentment[1],
            float("A" in played.state.left),
        ]
    return out


def e5(domains: list[Path], repeat: int, workers: int) -> None:
    print(f"\n### e5: the side that cares less (A's BATNA raised by {LIFT})\n")
    from concurrent.futures import ProcessPoolExecutor

    from accord.tournament.tasks import pairings

    jobs = [
        (str(d), a, b, k)
        for d in domains
        for a, b in pairings(DOCTRINE, FIELD)
        for k in range(repeat)
    ]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        rows = np.asarray(list(pool.map(_cares_less, jobs, chunksize=4)), dtype=float)
    print(f"<!-- e5: {len(jobs)} pairs of series in {time.perf_counter() - t0:.0f} s -->")
    names = [
        "A's utility, first negotiation",
        "B's utility, first negotiation",
        "A's surplus share, first negotiation (agreements)",
        "lifetime (negotiations held)",
        "A's long-term value above its BATNA",
        "B's long-term value above its BATNA",
        "B's mean resentment",
        "A left (share of series)",
    ]
    print("| measure | as is | A cares less | paired difference (95%) |")
    print("|---|--:|--:|--:|")
    for j, name in enumerate(names):
        before, after = rows[:, j], rows[:, j + len(names)]
        ok = ~(np.isnan(before) | np.isnan(after))
        d = after[ok] - before[ok]
        half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
        print(
            f"| {name} | {before[ok].mean():.3f} | {after[ok].mean():.3f} "
            f"| {d.mean():+.3f} ± {half:.3f} (n={ok.sum()}) |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=["e1", "e2", "e3", "e4", "e5"])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    domains = QUICK if args.quick else STUDY_DOMAINS
    print(f"<!-- {len(domains)} domains, repeat {args.repeat}, horizon {HORIZON} -->")
    if "e1" in args.only:
        e1(domains, args.repeat, args.workers)
    if "e2" in args.only:
        e2(domains, 1, args.workers)
    if "e3" in args.only:
        variants(
            "e3",
            "a conditional concession against the same concession made plain",
            ["diplomat", "diplomat(conditional=false)"],
            domains,
            args.repeat,
            args.workers,
        )
    if "e4" in args.only:
        variants(
            "e4",
            "a modest close against a triumphant one and none",
            ["diplomat", "diplomat(display=triumphant)", "diplomat(display=none)"],
            domains,
            args.repeat,
            args.workers,
        )
    if "e5" in args.only:
        e5(domains, 1, args.workers)


if __name__ == "__main__":
    main()
