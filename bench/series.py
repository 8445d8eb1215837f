"""Series benchmark: what a 10-negotiation series costs against one negotiation.

Run from the project root:

    .venv/bin/python bench/series.py
    .venv/bin/python bench/series.py --domains EnglandZimbabwe --repeats 9

Target (issue 4): a 10-round series on a shared ANAC domain costs at most 10x
one negotiation. A series adds, per negotiation held, a change of
circumstance, the relationship view each side gets (`relate`), a possible
renegotiation, judging the outcome (`record_of` of `evaluate`), resolving
conditions, the update and the stay draws; this measures how much that is.

Work, per domain and pair: `--repeats` runs (median) of

- one negotiation: `Negotiation(scenario, make(a), make(b), seed=s).run()`,
  judged with `evaluate(analysis, transcript)` (what a tournament task does);
- one series: `Series(scenario, a, b, rounds=10, seed=s, analysis=analysis,
  params=RelationshipParams(kappa=0, no_deal=0, outside=0)).run()`, so nobody leaves
  and all 10 negotiations are held (the worst case for the target; circumstances
  still change as by default).

Both get the scenario and its analysis prepared once, outside the timing, as
a tournament worker has them. The ratio is series time / one negotiation's
time. "talks" is the time per negotiation spent inside the series' own
negotiations (`Negotiation(...)`, where strategies reset, and `.run()`; these
differ from the single negotiation: effective reservations and the
relationship change how strategies play); "rest" is
everything else per negotiation: circumstances, views, renegotiation, judging
the outcome (`evaluate` and `record_of`), the update and the draws. accord
only: negmas has no series to compare.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANAC = ROOT.parent / "shared" / "domains" / "anac"
DOMAINS = {
    "EnglandZimbabwe": ANAC / "y2010" / "EnglandZimbabwe",
    "ItexvsCypress": ANAC / "y2010" / "ItexvsCypress",
    "Laptop": ANAC / "y2011" / "Laptop",
    "Travel": ANAC / "y2010" / "Travel",
}
PAIRS = [("diplomat", "boulware"), ("boulware", "conceder"), ("diplomat", "hardliner")]
HORIZON = 10


def measure(folder: Path, a: str, b: str, repeats: int) -> dict[str, float]:
    from accord.analysis.outcome import evaluate
    from accord.analysis.report import analyse
    from accord.formats import load_scenario
    from accord.protocol.engine import Negotiation
    from accord.relationship import RelationshipParams, Series
    from accord.strategies import make

    scenario = load_scenario(folder)
    analysis = analyse(scenario)
    params = RelationshipParams(kappa=0.0, no_deal=0.0, outside=0.0)

    def one(seed: int) -> None:
        t = Negotiation(scenario, make(a), make(b), seed=seed).run()
        evaluate(analysis, t)

    def series(seed: int):
        return Series(
            scenario, a, b, rounds=HORIZON, seed=seed, analysis=analysis, params=params
        ).run()

    import accord.relationship.series as series_module

    spent = [0.0]  # seconds inside the series' own negotiations (set-up and run)

    class Timed(Negotiation):
        def __init__(self, *args, **kwargs) -> None:  # strategies reset here
            t0 = time.perf_counter()
            try:
                super().__init__(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t0

        def run(self):  # type: ignore[override]
            t0 = time.perf_counter()
            try:
                return super().run()
            finally:
                spent[0] += time.perf_counter() - t0

    one(0)
    series(0)  # warm caches (utility tables, ladders)
    singles, runs, talks = [], [], []
    series_module.Negotiation = Timed  # type: ignore[misc]
    try:
        for k in range(repeats):
            t0 = time.perf_counter()
            one(k)
            singles.append(time.perf_counter() - t0)
            spent[0] = 0.0
            t0 = time.perf_counter()
            result = series(k)
            runs.append(time.perf_counter() - t0)
            talks.append(spent[0])
            assert result.summary.lifetime == HORIZON
    finally:
        series_module.Negotiation = Negotiation  # type: ignore[misc]
    one_s, series_s = statistics.median(singles), statistics.median(runs)
    rest = statistics.median(r - t for r, t in zip(runs, talks, strict=True))
    return {
        "one_ms": 1e3 * one_s,
        "series_ms": 1e3 * series_s,
        "ratio": series_s / one_s,
        "talks_ms": 1e3 * statistics.median(talks) / HORIZON,
        "rest_ms": 1e3 * rest / HORIZON,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--domains", nargs="*", default=list(DOMAINS))
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"{'domain':16} {'pair':22} {'one ms':>8} {'series ms':>10} {'ratio':>6} "
        f"{'talks ms/neg':>13} {'rest ms/neg':>12}  target <= 10x"
    )
    ratios = []
    for name in args.domains:
        for a, b in PAIRS:
            m = measure(DOMAINS[name], a, b, args.repeats)
            ratios.append(m["ratio"])
            verdict = "PASS" if m["ratio"] <= HORIZON else "FAIL"
            print(
                f"{name:16} {a + ' vs ' + b:22} {m['one_ms']:8.2f} {m['series_ms']:10.2f} "
                f"{m['ratio']:6.2f} {m['talks_ms']:13.3f} {m['rest_ms']:12.3f}  {verdict}"
            )
    print(f"median ratio {statistics.median(ratios):.2f}, worst {max(ratios):.2f}")


if __name__ == "__main__":
    main()
