"""Tournament scale benchmark: processes vs serial, Ray vs serial, a million negotiations.

Run from the project root (Ray comes with the `test` or `bench` extra):

    .venv/bin/python bench/scale.py                  # (a) and (b), about a minute
    .venv/bin/python bench/scale.py --million        # and (c): about 5 minutes more
    .venv/bin/python bench/scale.py --skip-ray --repeats 5

(a) Throughput. One plan: ANAC 2010 EnglandZimbabwe and ItexvsCypress and
    examples/dealer_rebate.yaml; diplomat, boulware, conceder, linear, micro and
    tit_for_tat in every ordered pair (30 pairs); `--repeat` (default 20) seeds
    each; 100 rounds: 1,800 negotiations. Each run is a fresh child process
    calling `accord.tournament.execute(plan, backend)` (standings tallied as in
    `accord tournament`), timed end to end: pool start-up and scenario loading
    included. Serial and processes (all cores) alternate, `--repeats` times (default
    3); neg/s is tasks / median seconds. Target: processes >= 1.8x serial. The
    CPU time other processes used meanwhile (/proc/stat) is reported: on a
    2-core machine one busy neighbour halves what processes can gain.
(b) Ray. The same plan with a third of the repeats, on a local Ray cluster the
    child starts on loopback (all cores) and serially; the SHA-256 of the JSON of
    every result (in task order) plus the standings must be equal.
(c) --million. `accord tournament examples/dealer_rebate.yaml --strategies
    boulware,conceder --repeat 500000 --out FILE` (2 ordered pairs x 500,000 =
    1,000,000 negotiations at the scenario's own 20-round deadline, all cores),
    as a child process. Its memory is sampled every half second from /proc:
    the tournament process's resident set (and its kernel high-water mark),
    and the whole process tree's sum (workers included; shared pages counted
    twice, so an upper bound). Reported: wall time, peak RSS, RSS over time, the
    file's size and line count.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Y2010 = ROOT.parent / "shared" / "domains" / "anac" / "y2010"
DOMAINS = [
    Y2010 / "EnglandZimbabwe",
    Y2010 / "ItexvsCypress",
    ROOT / "examples" / "dealer_rebate.yaml",
]
STRATEGIES = ["diplomat", "boulware", "conceder", "linear", "micro", "tit_for_tat"]
TARGET = 1.8
BUSY = 0.2  # cores kept busy by other processes above which timings are suspect


def the_plan(repeat: int):
    from accord.tournament import TournamentPlan

    return TournamentPlan(
        [d.resolve() for d in DOMAINS], STRATEGIES, repeat=repeat, seed=0, rounds=100
    )


def child(backend: str, repeat: int) -> None:
    """One timed run in this fresh process; prints JSON."""
    from accord.tournament import execute
    from accord.tournament.backends import make_backend

    tasks = the_plan(repeat)
    start = time.perf_counter()
    done = execute(tasks, make_backend(backend), keep=True)
    seconds = time.perf_counter() - start
    digest = hashlib.sha256(
        json.dumps(
            {
                "results": [r.to_json() for r in done.results],
                "standings": [r.to_json() for r in done.standings],
            }
        ).encode()
    ).hexdigest()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "tasks": len(tasks),
                "sha256": digest,
                "agreement": sum(r.agreement for r in done.results) / len(tasks),
            }
        )
    )


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def _children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(backend: str, repeat: int) -> dict:
    """One timed run in a fresh process; `other_cores`: what other processes kept busy."""
    cmd = [sys.executable, __file__, "--child", backend, "--repeat", str(repeat)]
    busy, own, start = _busy_seconds(), _children_seconds(), time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    other = (_busy_seconds() - busy) - (_children_seconds() - own)
    if proc.returncode != 0:
        sys.exit(f"child {backend} failed:\n{proc.stderr}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "other_cores": other / wall}


def throughput(repeat: int, repeats: int) -> bool:
    times: dict[str, list[float]] = {"serial": [], "processes": []}
    digests, other = set(), []
    for _ in range(repeats):
        for backend in times:
            r = run_child(backend, repeat)
            times[backend].append(r["seconds"])
            digests.add(r["sha256"])
            other.append(r["other_cores"])
            tasks = r["tasks"]
    serial, processes = (statistics.median(times[b]) for b in ("serial", "processes"))
    ratio = serial / processes
    ok = ratio >= TARGET and len(digests) == 1
    print(
        f"(a) {tasks} negotiations, {len(DOMAINS)} domains, {len(STRATEGIES)} strategies, "
        f"100 rounds, median of {repeats}"
    )
    for b, label in (("serial", "serial"), ("processes", f"processes ({os.cpu_count()})")):
        print(
            f"    {label:<15} {statistics.median(times[b]):7.2f} s  "
            f"{tasks / statistics.median(times[b]):8.0f} neg/s  "
            f"runs {[round(t, 2) for t in times[b]]}"
        )
    print(
        f"    ratio {ratio:.2f}x (target >= {TARGET}x), identical results in every run: "
        f"{len(digests) == 1}  {'PASS' if ok else 'FAIL'}"
    )
    load = statistics.median(other)
    print(f"    other processes on this machine kept {load:.2f} cores busy (median over runs)")
    if load > BUSY:
        print(
            f"    WARNING: the machine was not quiet (> {BUSY} cores busy elsewhere): "
            "the ratio understates the speed-up; rerun when it is idle"
        )
    return ok


def ray_check(repeat: int) -> bool:
    serial = run_child("serial", repeat)
    ray = run_child("ray", repeat)
    ok = serial["sha256"] == ray["sha256"]
    print(f"(b) {serial['tasks']} negotiations, local Ray on loopback ({os.cpu_count()} CPUs)")
    print(f"    serial {serial['seconds']:6.2f} s  sha256 {serial['sha256']}")
    print(f"    ray    {ray['seconds']:6.2f} s  sha256 {ray['sha256']}  (start-up included)")
    print(f"    same results: {ok}  {'PASS' if ok else 'FAIL'}")
    return ok


def _tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[i]}/task"):
                text = Path(f"/proc/{pids[i]}/task/{task}/children").read_text()
                pids += [int(c) for c in text.split()]
        except OSError:
            pass
        i += 1
    return pids


def _kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def million(keep: bool) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="accord-million-"))
    out = folder / "million.jsonl"
    accord = Path(sys.executable).with_name("accord")
    cmd = [
        str(accord),
        "tournament",
        str(ROOT / "examples" / "dealer_rebate.yaml"),
        "--strategies",
        "boulware,conceder",
        "--repeat",
        "500000",
        "--out",
        str(out),
    ]
    print(f"(c) {' '.join(cmd[1:])}")
    busy, own, start = _busy_seconds(), _children_seconds(), time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples = []  # (seconds, main RSS KiB, main high-water KiB, tree RSS KiB, file bytes)
    while proc.poll() is None:
        tree = _tree(proc.pid)
        samples.append(
            (
                time.perf_counter() - start,
                _kib(proc.pid, "VmRSS"),
                _kib(proc.pid, "VmHWM"),
                sum(_kib(p, "VmRSS") for p in tree),
                out.stat().st_size if out.exists() else 0,
            )
        )
        time.sleep(0.5)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    cpu = _children_seconds() - own
    other = (_busy_seconds() - busy - cpu) / wall
    if proc.returncode != 0:
        sys.exit(f"the tournament failed:\n{stderr}")
    with out.open("rb") as f:
        lines = sum(1 for _ in f)
    size = out.stat().st_size
    peak_main = max(max(s[1], s[2]) for s in samples) / 1024
    peak_tree = max(s[3] for s in samples) / 1024
    print(
        f"    wall {wall:.0f} s ({1_000_000 / wall:,.0f} neg/s); {lines:,} lines "
        f"(a header + one per negotiation), {size / 1e6:,.0f} MB in {out}"
    )
    print(
        f"    peak RSS: tournament process {peak_main:.0f} MB; process tree (sum, "
        f"workers included) {peak_tree:.0f} MB"
    )
    print("    RSS over the run (main / tree MB at results written):")
    for q in (0.1, 0.25, 0.5, 0.75, 0.95):
        s = samples[min(len(samples) - 1, int(q * len(samples)))]
        print(
            f"      t={s[0]:5.0f} s  {s[1] / 1024:6.0f} / {s[3] / 1024:6.0f} MB  "
            f"{s[4] / size:4.0%} of the file"
        )
    print(
        f"    CPU: the tournament's processes {cpu:.0f} s ({cpu / wall:.2f} cores); "
        f"other processes on this machine {other:.2f} cores"
    )
    print("    standings:\n" + "\n".join("      " + line for line in stdout.splitlines()[2:6]))
    if not keep:
        out.unlink()
        folder.rmdir()
    return lines == 1_000_001


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--repeat", type=int, default=20, help="seeds per pairing and domain in (a)")
    p.add_argument("--repeats", type=int, default=3, help="timed runs of each backend in (a)")
    p.add_argument("--skip-ray", action="store_true", help="leave out (b)")
    p.add_argument("--million", action="store_true", help="also run (c), several minutes")
    p.add_argument("--keep", action="store_true", help="keep (c)'s results file")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.repeat)
        return 0

    import numpy as np

    try:
        import ray

        ray_version = ray.__version__
    except ImportError:
        ray_version = "not installed"
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, ray {ray_version}, "
        f"{cpu}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    )
    ok = throughput(args.repeat, args.repeats)
    if not args.skip_ray:
        if ray_version == "not installed":
            print("(b) skipped: Ray is not installed (pip install 'accord[ray]')")
        else:
            ok &= ray_check(max(1, args.repeat // 3))
    if args.million:
        ok &= million(args.keep)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
