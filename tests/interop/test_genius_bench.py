"""bench/anac.py on a tiny field: the split, the round robin, and its figures.

The benchmark plays inside negmas's SAOMechanism with accord's strategies wrapped
as `AccordNegotiator`; for deterministic agents that is the same negotiation as in
accord's engine (both adapters are cross-checked against each other), which is
what lets the benchmark's numbers be checked here against accord's own.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("negmas")
pytest.importorskip("negmas_genius_agents")

from tests.conftest import ANAC, GENIUS, LAPTOP, LEASE, ROOT, load

from accord.protocol import Negotiation
from accord.strategies import make


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_anac", ROOT / "bench" / "anac.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_anac"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_split_keeps_a_domains_variants_together(bench: ModuleType) -> None:
    laptop = load(LAPTOP)
    # another profile for the same issues (as the y2012 variants are): the same family
    a = replace(laptop.a, preferences=replace(laptop.a.preferences, reservation=0.9))
    variant = replace(laptop, name="LaptopC", a=a)
    assert bench.family(variant) == bench.family(laptop)
    assert bench.held_out(variant) == bench.held_out(laptop)
    assert bench.family(laptop) != bench.family(load(LEASE))
    found = bench.domains(GENIUS, 20_000)
    assert [d.name for d, _ in found] == sorted(p.name for p in GENIUS.iterdir() if p.is_dir())


@pytest.mark.anac
def test_the_shared_split_is_by_family(bench: ModuleType) -> None:
    found = dict(bench.domains(ANAC, 20_000))
    by_label = {bench.label(d): out for d, out in found.items()}
    assert len(found) == 72
    for family in ("Laptop", "Car", "Grocery", "Amsterdam"):  # y2011 and its y2012 variants
        splits = {by_label[f"y2011/{family}"]} | {by_label[f"y2012/{family}{v}"] for v in "ABC"}
        assert len(splits) == 1, family
    assert by_label["y2011/IS_BT_Acquisition"] == by_label["y2012/AcquisitionA"]
    held = {label.split("/")[1] for label, out in by_label.items() if out}
    # the module docstring's account: five families, 17 domains
    assert len(held) == 17 and {"EnglandZimbabwe", "FitnessA", "PhoneB", "NiceOrDie"} <= held


def test_a_tiny_round_robin_measures_as_accord_does(bench: ModuleType) -> None:
    agents = ["diplomat", "genius:HardHeaded", "genius:TheFawkes"]
    tasks = bench.plan([LAPTOP], agents, [20], seed=3)
    assert len(tasks) == 6 and len({(t.a, t.b) for t in tasks}) == 6
    assert tasks == bench.plan([LAPTOP], agents, [20], seed=3)  # seeds are stable
    results = bench.run(tasks, workers=1)
    assert not any(r.error for r in results)
    s = load(LAPTOP)
    for task, r in zip(tasks, results, strict=True):
        t = Negotiation(s, make(task.a), make(task.b), seed=task.seed, rounds=20).run()
        assert t.ending is not None
        assert r.agreement == (t.ending.reason == "agreement")
        if r.agreement:
            k = t.ending.agreement
            assert r.utilities == (s.a.preferences.utility.at(k), s.b.preferences.utility.at(k))
        else:
            assert r.utilities == s.reservations
    rows = bench.standings(results, 20)
    assert [row.rank for row in rows] == [1, 2, 3]
    assert [row.own for row in rows] == sorted((row.own for row in rows), reverse=True)
    for row in rows:
        assert row.n == 4  # two opponents, both orders
        assert row.welfare == pytest.approx(row.own + row.opponent)
    assert sum(r.agreement for r in results) >= 1
    assert all(math.isnan(row.margin) for row in rows)  # no Nash points given
    nash = bench.nash_point(str(LAPTOP))
    deals = [
        r.utilities[k] - nash[k]
        for r in results
        for k in (0, 1)
        if r.agreement and (r.a, r.b)[k] == "diplomat"
    ]
    [mine] = [
        row
        for row in bench.standings(results, 20, {bench.label(LAPTOP): nash})
        if row.agent == "diplomat"
    ]
    assert deals and mine.margin == pytest.approx(sum(deals) / len(deals))
    line = bench.verdicts(rows, 20)
    assert line.startswith("diplomat at 20 rounds: rank ") and "agreement" in line


def test_an_agent_that_raises_is_counted_not_fatal(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.interop.negmas.genius import genius_classes

    cls = genius_classes()["hardheaded"]

    def broken(self, state, dest=None):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(cls, "__call__", broken)
    [r] = bench.run([bench.Task(str(LAPTOP), 10, "diplomat", "genius:HardHeaded", 1)], 1)
    assert r.erred == "genius:HardHeaded" and "boom" in r.error and not r.agreement
    [row] = [x for x in bench.standings([r], 10) if x.agent == "genius:HardHeaded"]
    assert row.errors == 1


def test_winner_pairs_are_cached_and_variants_never_meet(bench: ModuleType, tmp_path: Path) -> None:
    agents = ["diplomat", "diplomat(edge=0.1)", "genius:HardHeaded", "genius:TheFawkes"]
    tasks = bench.plan([LAPTOP], agents, [10], seed=3, contenders=agents[:2])
    assert not any(t.a in agents[:2] and t.b in agents[:2] for t in tasks)
    assert len(tasks) == 10  # 12 ordered pairs less the two between the variants
    cache = tmp_path / "cache.jsonl"
    first = bench.run(tasks, workers=1, cache=cache)
    lines = cache.read_text().splitlines()
    assert len(lines) == 2  # only the winners' pairs, both orders
    # a cached result is reused as it is, not replayed: mark it and see it come back
    marked = [{**json.loads(line), "steps": 9999} for line in lines]
    cache.write_text("".join(json.dumps(x) + "\n" for x in marked))
    again = bench.run(tasks, workers=1, cache=cache)
    assert [r.steps for r in again if bench.cacheable(r)] == [9999, 9999]
    others = [(r.a, r.b, r.utilities) for r in again if not bench.cacheable(r)]
    assert others == [(r.a, r.b, r.utilities) for r in first if not bench.cacheable(r)]
    cache.write_text("not json\n")
    with pytest.raises(SystemExit, match="line 1: not a cached result"):
        bench.run(tasks, workers=1, cache=cache)


def test_a_deal_below_an_agents_batna_is_counted_against_it(bench: ModuleType) -> None:
    """P2 in the standings: an agreement rate bought with deals worse than walking away
    shows as such, and the verdict names the best rate of the agents that never do it."""

    def result(b: str, agreed: bool, utilities: tuple[float, float]) -> object:
        return bench.Result(
            "d", 20, "diplomat", b, 1, agreed, utilities, (0.5, 0.5), None, 20, "", ""
        )

    results = [
        result("genius:Atlas3", True, (0.9, 0.3)),  # Atlas3 took less than its 0.5
        result("genius:Atlas3", True, (0.6, 0.5)),  # exactly its reservation: not below
        result("genius:HardHeaded", False, (0.5, 0.5)),
        result("genius:HardHeaded", True, (0.7, 0.6)),
    ]
    rows = {row.agent: row for row in bench.standings(results, 20)}
    assert rows["genius:Atlas3"].below_batna == 0.5
    assert rows["genius:Atlas3"].agreement == 1.0
    assert rows["diplomat"].below_batna == 0 and rows["genius:HardHeaded"].below_batna == 0
    line = bench.verdicts(list(rows.values()), 20)
    assert "agreement 75.0% >= 97% FAIL" in line
    assert "best of the agents never below their BATNA: 75.0%" in line
