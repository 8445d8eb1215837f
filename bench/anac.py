"""Quality benchmark: Diplomat against the ANAC winners, inside negmas's own mechanism.

Run from the project root (needs the `bench` or `test` extra: negmas and
negmas-genius-agents), niced on a shared machine:

    nice -n 19 .venv/bin/python bench/anac.py                  # 72 domains, 100 and 20 rounds
    nice -n 19 .venv/bin/python bench/anac.py --split tune --workers 2 --json tune.json
    nice -n 19 .venv/bin/python bench/anac.py --split holdout   # report on unseen domains
    nice -n 19 .venv/bin/python bench/anac.py --domains 2 --rounds 20   # a smoke test
    nice -n 19 .venv/bin/python bench/anac.py --split tune --cache winners.jsonl \
        --accord "diplomat,diplomat(e=0.3),boulware"            # variants, winners cached
    .venv/bin/python bench/anac.py --list                       # the domains and their split

What is played (issue 14): a round robin of twelve agents, Diplomat and accord's
boulware (`--accord`) and the ten ANAC winners 2010-2019 (`--genius`; AgentK,
HardHeaded, CUHKAgent, TheFawkes, AgentM, Atlas3, Caduceus, PonPokoAgent,
AgreeableAgent2018, AgentGG, as re-implemented by negmas-genius-agents), no
self-play, each ordered pair once (both orders: first and second mover), on
every GENIUS domain under `--root` of at most `--max-outcomes` outcomes
(`$ACCORD_ANAC_DOMAINS/anac`, else `../shared/domains/anac`: 72 domains of the
83), at each deadline of `--rounds` (100 and 20 by default), in one run. Each
negotiation runs in negmas's own `SAOMechanism(n_steps=rounds)`: the accord
strategies wrapped as `accord.interop.negmas.AccordNegotiator`, the winners as
they are, each with its side's utility function converted exactly by
`accord.interop.negmas.to_negmas`. Stochastic agents draw from the global
`random` and `numpy.random`, seeded per negotiation from `--seed` and the
negotiation's domain, deadline and pair, so a run is reproducible whatever
`--workers` is.

What is measured, per agent and deadline, as the mean over all its negotiations
(both sides, both orders): own utility, the opponent's utility, the agreement
rate, welfare (the sum of both utilities), the distance to the Nash point
(Euclidean, in utility space) and the margin: over its agreements, how far its
own utility lands above (+) or below (-) its utility at the Nash point (does a
"fair deal plus a small edge" come out as one?), and the share of its
negotiations that ended in a deal *below its own reservation value* (P2: a deal
worse than walking away; an agreement rate bought that way is not one to aim
for). Utilities are the profiles' own (best outcome 1, as GENIUS defines them)
and a failed negotiation scores both reservation values.
Rank is by own utility. The issue's targets for Diplomat are checked at the end,
for every accord strategy but boulware (so a variant such as
`--accord "diplomat(edge=0.1),boulware"` is judged too): first in own utility,
agreement at least 99% at 100 rounds (97% at 20), welfare within 0.02 of the
best agent's. A negotiation in which an agent raised an exception counts as a
failed one and is reported.

The split (`--split tune|holdout|all`). So that work on Diplomat can tune on
some domains and report on others, the domains are split by *family*: domains
with the same issues and values (the y2012 A/B/C variants of a domain, and the
same domain under another year's name, e.g. y2011/IS_BT_Acquisition and
y2012/AcquisitionA) form one family, so that no variant of a held-out domain
is tuned on. A family is held out when the first 8 hex digits of the SHA-256
of its signature (`family()`), read as an integer, leave 2 when divided by 3.
Of the 72 shared domains that holds out 5 families of 21, 17 domains
(EnglandZimbabwe, Fitness, Phone, FiftyFifty and NiceOrDie, each with its
variants: 3 to 3520 outcomes), leaving 16 families, 55 domains, to tune on;
`--list` prints the assignment. The rule reads only the domain's issues, so
it does not change when domains are added or renamed.

Tuning cheaply. Several Diplomat variants can be judged in one run
(`--accord "diplomat,diplomat(edge=0.1),boulware"`): every accord strategy but
boulware is a contender, contenders never meet, and each is ranked in its own
twelve-agent round robin (the winners' games against the other contenders left
out). `--cache FILE` keeps every winner-against-winner result (no accord
strategy plays, so no change to accord alters it) as a JSON line keyed by
domain, deadline, pair and seed, appended as soon as it is played, and reuses
it: a rerun plays only the games with an accord strategy, under a third of
the round robin.

Cost (x86_64, niced on a shared machine): the smoke run `--domains 2 --rounds 20`
(264 negotiations on y2012/HouseKeepingB and y2012/ItexvsCypressC) takes 11 s.
A full run is 72 domains x 132 ordered pairs x 2 deadlines = 19 008
negotiations, estimated from timings of each agent on Car (15 625 outcomes),
Fitness (3520) and EnglandZimbabwe (576) at about 75 CPU-minutes, most of it
at 100 rounds on the seven 15 625-outcome domains (Car, EnergySmall) and in
AgentK (the slowest agent by far); about 40 minutes with `--workers 2`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import sys
import time
import warnings
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ANAC = Path(os.environ.get("ACCORD_ANAC_DOMAINS") or ROOT.parent / "shared" / "domains") / "anac"
ACCORD = ["diplomat", "boulware"]
#: The issue's targets for Diplomat: agreement at least this at each deadline, welfare
#: within WELFARE_GAP of the best agent's, first in own utility.
AGREEMENT = {100: 0.99, 20: 0.97}
WELFARE_GAP = 0.02
HOLDOUT = (3, 2)  # a family is held out when its hash % 3 == 2
BELOW = 1e-9  # a deal this far below a reservation value is below it, not equal to it


@dataclass(frozen=True)
class Task:
    domain: str  # the GENIUS folder
    rounds: int
    a: str  # an accord strategy spec, or "genius:<Agent>"
    b: str
    seed: int


@dataclass(frozen=True)
class Result:
    domain: str
    rounds: int
    a: str
    b: str
    seed: int
    agreement: bool
    utilities: tuple[float, float]
    reservations: tuple[float, float]
    nash_distance: float | None
    steps: int
    erred: str  # the agent that raised an exception ("" if none; "?" if unknown)
    error: str


# the domains and their split -----------------------------------------------------------


def family(scenario: Any) -> str:
    """A domain's signature: its issues and their values (names lower-cased), sorted."""
    issues = sorted(
        (issue.name.lower(), ",".join(map(str, issue.values))) for issue in scenario.space.issues
    )
    return "; ".join(f"{name}={values}" for name, values in issues)


def held_out(scenario: Any) -> bool:
    digest = hashlib.sha256(family(scenario).encode()).hexdigest()
    return int(digest[:8], 16) % HOLDOUT[0] == HOLDOUT[1]


def domains(root: Path, max_outcomes: int) -> list[tuple[Path, bool]]:
    """(folder, held out?) of every domain under `root` within the size cap, sorted."""
    from accord.formats import load_scenario
    from accord.tournament import find_domains

    found = []
    for d in find_domains([root]):
        s = load_scenario(d)
        if s.space.n_outcomes <= max_outcomes:
            found.append((d, held_out(s)))
    return found


def label(domain: str | Path) -> str:
    """`y2012/CarA` from the folder."""
    p = Path(domain)
    return f"{p.parent.name}/{p.name}"


# one negotiation -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _prepared(domain: str) -> tuple[Any, Any]:
    from accord.analysis.report import analyse
    from accord.formats import load_scenario

    scenario = load_scenario(Path(domain))
    return scenario, analyse(scenario)


def _negotiator(spec: str, scenario: Any, role: str, ufun: Any, seed: int) -> tuple[Any, Any]:
    """(negotiator, the ufun to add it with): a winner as it is, accord's strategies wrapped."""
    from accord.interop.negmas import AccordNegotiator
    from accord.interop.negmas.genius import genius_classes

    if spec.lower().startswith("genius:"):
        return genius_classes()[spec.split(":", 1)[1].lower()](name=spec), ufun
    return AccordNegotiator(spec, scenario, role, seed=seed, name=spec), None  # its own ufun


def nash_point(domain: str) -> tuple[float, float] | None:
    """The domain's Nash utilities (A's, B's), as accord's analysis finds them."""
    nash = _prepared(domain)[1].nash
    return None if nash is None else (float(nash.utilities[0]), float(nash.utilities[1]))


def play(task: Task) -> Result:
    """One negotiation in negmas's SAOMechanism, measured as accord's analysis does."""
    import numpy as np
    from negmas.sao import SAOMechanism

    from accord.interop.negmas import outcome_from_negmas, to_negmas

    warnings.filterwarnings("ignore")
    scenario, analysis = _prepared(task.domain)
    random.seed(task.seed)
    np.random.seed(task.seed % 2**32)
    space, ua, ub = to_negmas(scenario)
    mech = SAOMechanism(outcome_space=space, n_steps=task.rounds, ignore_negotiator_exceptions=True)
    erred = error = ""
    try:
        for spec, role, ufun in ((task.a, "A", ua), (task.b, "B", ub)):
            negotiator, given = _negotiator(spec, scenario, role, ufun, task.seed)
            if not mech.add(negotiator, ufun=given):
                raise RuntimeError(f"{spec} refused to join")
        mech.run()
    except Exception as e:  # outside a negotiator's move (e.g. a callback): whose is unknown
        erred, error = "?", f"{type(e).__name__}: {e}"
    state = mech.state
    if not error and state.has_error:  # a negotiator raised in its move: the talks broke
        names = {n.id: n.name for n in mech.negotiators}
        erred, error = names.get(state.erred_negotiator, "?"), str(state.error_details)[-300:]
    r = (float(scenario.reservations[0]), float(scenario.reservations[1]))
    agreed = not error and state.agreement is not None
    if agreed:
        k = outcome_from_negmas(scenario.space, state.agreement)
        u = (
            float(scenario.a.preferences.utility.at(k)),
            float(scenario.b.preferences.utility.at(k)),
        )
    else:
        u = r
    nash = analysis.nash
    distance = (
        None
        if nash is None
        else float(np.hypot(nash.utilities[0] - u[0], nash.utilities[1] - u[1]))
    )
    return Result(
        task.domain, task.rounds, task.a, task.b, task.seed, agreed, u, r, distance,
        int(state.step), erred, error,
    )  # fmt: skip


# the round robin -------------------------------------------------------------------------


def task_seed(seed: int, domain: Path, rounds: int, a: str, b: str) -> int:
    key = f"{seed}|{label(domain)}|{rounds}|{a}|{b}".encode()
    return int(hashlib.sha256(key).hexdigest()[:15], 16)


def plan(
    found: list[Path],
    agents: list[str],
    deadlines: list[int],
    seed: int,
    contenders: list[str] | None = None,
) -> list[Task]:
    """Every ordered pair of distinct agents, on every domain, at every deadline; two
    `contenders` (variants of Diplomat judged side by side) never meet."""
    rivals = set(contenders or [])
    return [
        Task(str(d), r, a, b, task_seed(seed, d, r, a, b))
        for d in found
        for r in deadlines
        for a in agents
        for b in agents
        if a != b and not (a in rivals and b in rivals)
    ]


# the cache of negotiations that no change to accord can alter ----------------------------


def cacheable(task: Task) -> bool:
    """Only winner against winner: no accord strategy plays, so no change to accord
    alters the result (the winners are seeded per negotiation from the task)."""
    return task.a.lower().startswith("genius:") and task.b.lower().startswith("genius:")


def cache_key(task: Task | Result) -> str:
    return f"{label(task.domain)}|{task.rounds}|{task.a}|{task.b}|{task.seed}"


def load_cache(path: Path | None) -> dict[str, Result]:
    """The cached results (JSON lines of `Result`), by `cache_key`; none if no file."""
    if path is None or not path.exists():
        return {}
    found: dict[str, Result] = {}
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            d["utilities"], d["reservations"] = tuple(d["utilities"]), tuple(d["reservations"])
            r = Result(**d)
        except (ValueError, TypeError, KeyError) as e:
            sys.exit(f"{path}, line {n}: not a cached result ({e}); delete the file to rebuild it")
        found[cache_key(r)] = r
    return found


def run(tasks: list[Task], workers: int, cache: Path | None = None) -> list[Result]:
    """The tasks' results in task order; progress on stderr. With a `cache` file, a
    winner-against-winner negotiation found there is not replayed, and each one played
    is appended to it as soon as it ends (a run stopped half-way keeps what it did)."""
    kept = load_cache(cache)
    todo = [t for t in tasks if not (cacheable(t) and cache_key(t) in kept)]
    if cache is not None:
        print(f"  cache {cache}: {len(tasks) - len(todo)} of {len(tasks)} kept", file=sys.stderr)
    played = dict(zip(map(id, todo), _run(todo, workers, cache), strict=True))
    return [played[id(t)] if id(t) in played else kept[cache_key(t)] for t in tasks]


def _run(tasks: list[Task], workers: int, cache: Path | None) -> list[Result]:
    results: list[Result] = []
    step = max(1, len(tasks) // 20)
    start = time.perf_counter()

    def note(done: int) -> None:
        last = results[-1]
        if cache is not None and not last.error and cacheable(tasks[done - 1]):
            with cache.open("a") as f:
                f.write(json.dumps(asdict(last)) + "\n")
        if done % step == 0 or done == len(tasks):
            elapsed = time.perf_counter() - start
            print(f"  {done}/{len(tasks)} negotiations, {elapsed:.0f} s", file=sys.stderr)

    if workers <= 1:
        for task in tasks:
            results.append(play(task))
            note(len(results))
        return results
    chunk = max(1, min(32, len(tasks) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(play, tasks, chunksize=chunk):
            results.append(result)
            note(len(results))
    return results


@dataclass(frozen=True)
class Row:
    agent: str
    n: int
    own: float
    opponent: float
    agreement: float
    welfare: float
    nash_distance: float
    errors: int
    rank: int
    margin: float = float("nan")  # own utility less its utility at the Nash point, agreements
    below_batna: float = 0.0  # share of its negotiations ending in a deal below its reservation


def standings(
    results: list[Result], rounds: int, nash: dict[str, tuple[float, float]] | None = None
) -> list[Row]:
    """Per agent at one deadline, the mean over both sides; ranked by own utility. With
    `nash` (each domain's Nash utilities, A's and B's, by `label`), also the margin:
    how far above or below its own utility at the Nash point its agreements land."""
    sides: dict[str, list[tuple[float, float, bool, float | None, bool, bool]]] = defaultdict(list)
    margins: dict[str, list[float]] = defaultdict(list)
    for r in results:
        if r.rounds != rounds:
            continue
        for k, agent in enumerate((r.a, r.b)):
            own, theirs = r.utilities[k], r.utilities[1 - k]
            failed = r.erred == agent
            below = r.agreement and own < r.reservations[k] - BELOW
            sides[agent].append((own, theirs, r.agreement, r.nash_distance, failed, below))
            point = (nash or {}).get(label(r.domain))
            if r.agreement and point is not None:
                margins[agent].append(own - point[k])
    rows = []
    for agent, xs in sides.items():
        distances = [x[3] for x in xs if x[3] is not None]
        ms = margins.get(agent, [])
        rows.append(
            Row(
                agent=agent,
                n=len(xs),
                own=sum(x[0] for x in xs) / len(xs),
                opponent=sum(x[1] for x in xs) / len(xs),
                agreement=sum(x[2] for x in xs) / len(xs),
                welfare=sum(x[0] + x[1] for x in xs) / len(xs),
                nash_distance=sum(distances) / len(distances) if distances else float("nan"),
                errors=sum(x[4] for x in xs),
                rank=0,
                margin=sum(ms) / len(ms) if ms else float("nan"),
                below_batna=sum(x[5] for x in xs) / len(xs),
            )
        )
    rows.sort(key=lambda row: -row.own)
    return [Row(**{**asdict(row), "rank": i + 1}) for i, row in enumerate(rows)]


def verdicts(rows: list[Row], rounds: int, agent: str = "diplomat") -> str:
    """The issue's targets for `agent` at this deadline, PASS or FAIL each."""
    mine = next(row for row in rows if row.agent == agent)
    best_welfare = max(row.welfare for row in rows)
    need = AGREEMENT.get(rounds)
    parts = [
        f"rank {mine.rank} of {len(rows)} {'PASS' if mine.rank == 1 else 'FAIL'}",
        f"welfare {mine.welfare:.3f} within {WELFARE_GAP} of the best {best_welfare:.3f} "
        f"{'PASS' if mine.welfare >= best_welfare - WELFARE_GAP else 'FAIL'}",
    ]
    if need is not None:
        ok = "PASS" if mine.agreement >= need else "FAIL"
        parts.insert(1, f"agreement {mine.agreement:.1%} >= {need:.0%} {ok}")
        keeps = [row for row in rows if row.below_batna == 0]  # P2: never below the BATNA
        if keeps:
            top = max(keeps, key=lambda row: row.agreement)
            parts.insert(2, f"(best of the agents never below their BATNA: {top.agreement:.1%})")
    return f"{agent} at {rounds} rounds: " + "; ".join(parts)


def main() -> int:
    from accord.interop.negmas.genius import WINNERS
    from accord.strategies import split_specs

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--root", default=ANAC, type=Path, help="a folder of GENIUS domains")
    p.add_argument("--max-outcomes", type=int, default=20_000)
    p.add_argument("--split", choices=["tune", "holdout", "all"], default="all")
    p.add_argument("--domains", type=int, default=None, metavar="N", help="a sample of N domains")
    p.add_argument("--rounds", default="100,20", help="deadlines, comma-separated")
    p.add_argument("--accord", default=",".join(ACCORD), help="accord strategy specs")
    p.add_argument("--genius", default=",".join(WINNERS), help="negmas-genius-agents agents")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    p.add_argument("--json", metavar="OUT", help="write the standings and every result as JSON")
    p.add_argument(
        "--cache",
        type=Path,
        metavar="FILE",
        help="JSON lines of winner-against-winner results: reused, and new ones added",
    )
    p.add_argument("--list", action="store_true", help="list the domains and their split, and stop")
    args = p.parse_args()

    found = domains(args.root, args.max_outcomes)
    if args.list:
        for d, out in found:
            print(f"{'holdout' if out else 'tune':<8} {label(d)}")
        held = sum(out for _, out in found)
        print(f"{len(found)} domains: {len(found) - held} tune, {held} holdout")
        return 0
    chosen = [d for d, out in found if args.split == "all" or out == (args.split == "holdout")]
    if args.domains is not None and args.domains < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.domains))
    deadlines = [int(x) for x in args.rounds.split(",") if x.strip()]
    accord = split_specs(args.accord)
    genius = [f"genius:{x}" for x in split_specs(args.genius)]
    agents = accord + genius
    _check(agents)
    contenders = [x for x in accord if x != "boulware"]
    tasks = plan(chosen, agents, deadlines, args.seed, contenders)

    import negmas
    import negmas_genius_agents
    import numpy as np

    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, negmas {negmas.__version__}, "
        f"negmas-genius-agents {negmas_genius_agents.__version__}, "
        f"{platform.processor() or platform.machine()}, {args.workers} worker(s)"
    )
    print(
        f"{len(chosen)} domains (split {args.split}, <= {args.max_outcomes} outcomes) under "
        f"{args.root}; {len(agents)} agents; deadlines {deadlines}; {len(tasks)} negotiations "
        f"in negmas's SAOMechanism, seed {args.seed}"
    )
    start = time.perf_counter()
    results = run(tasks, args.workers, args.cache)
    elapsed = time.perf_counter() - start
    nash = {label(d): p for d in chosen if (p := nash_point(str(d))) is not None}
    fields = list(contenders) or [""]  # one round robin per contender (variants never meet)
    tables: dict[str, dict[int, list[Row]]] = {}
    for c in fields:
        rivals = set(contenders) - {c}
        mine = [x for x in results if x.a not in rivals and x.b not in rivals]
        tables[c] = {r: standings(mine, r, nash) for r in deadlines}
        for r, rows in tables[c].items():
            print(_table(rows, f"{r} rounds" + (f", the field of {c}" if len(fields) > 1 else "")))
    print()
    for c in contenders:  # the issue's targets, per variant
        for r, rows in tables[c].items():
            print(verdicts(rows, r, c))
    print(
        f"{len(tasks)} negotiations in {elapsed:.0f} s ({elapsed / max(len(tasks), 1):.3f} s each)"
    )
    errors = [x for x in results if x.error]
    for x in errors[:5]:
        print(f"error: {label(x.domain)} {x.rounds} rounds {x.a} vs {x.b}: {x.erred} {x.error}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "root": str(args.root),
                    "split": args.split,
                    "domains": [label(d) for d in chosen],
                    "agents": agents,
                    "rounds": deadlines,
                    "seed": args.seed,
                    "seconds": elapsed,
                    "standings": {
                        str(r): [asdict(row) for row in rows]
                        for r, rows in tables[fields[0]].items()
                    },
                    "fields": {
                        c: {str(r): [asdict(row) for row in rows] for r, rows in t.items()}
                        for c, t in tables.items()
                    },
                    "negotiations": [asdict(x) for x in results],
                },
                indent=1,
            )
        )
    return 0


def _table(rows: list[Row], title: str) -> str:
    header = (
        f"{title}\n{'#':>2} {'agent':<28} {'n':>5} {'own':>6} {'opp':>6} {'agree':>6} "
        f"{'welfare':>7} {'Nash d':>7} {'margin':>7} {'<BATNA':>6} {'errors':>6}"
    )
    lines = ["", header, "-" * len(header.splitlines()[1])]
    for row in rows:
        lines.append(
            f"{row.rank:>2} {row.agent:<28} {row.n:>5} {row.own:>6.3f} {row.opponent:>6.3f} "
            f"{row.agreement:>6.1%} {row.welfare:>7.3f} {row.nash_distance:>7.3f} "
            f"{row.margin:>+7.3f} {row.below_batna:>6.1%} {row.errors:>6}"
        )
    return "\n".join(lines)


def _check(agents: list[str]) -> None:
    """Every agent built once before the run: a bad name stops here, not in a worker."""
    from accord.errors import InputError
    from accord.strategies import make

    if len(set(agents)) != len(agents):
        sys.exit(f"an agent appears twice: {agents}")
    for spec in agents:
        try:
            make(spec)
        except InputError as e:
            sys.exit(f"{spec}: {e}")


if __name__ == "__main__":
    sys.exit(main())
