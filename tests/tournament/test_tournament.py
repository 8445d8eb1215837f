"""Tournament planning, running and standings: real negotiations on small domains."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import DEALER, GENIUS, LAPTOP, LEASE, RIVER

from accord.errors import InputError
from accord.tournament import derive_seed, find_domains, pairings, plan, run, standings

SMALL = [RIVER, LEASE]

names = st.lists(st.sampled_from("abcdefg"), min_size=0, max_size=5, unique=True)


@given(names, names)
def test_pairings_cover_both_orders_without_self_play(strategies: list[str], field: list[str]):
    pairs = pairings(strategies, field)
    assert len(pairs) == len(set(pairs))
    assert all(a != b for a, b in pairs)
    assert all((b, a) in pairs for a, b in pairs)
    assert all(a in strategies or b in strategies for a, b in pairs)
    for s in strategies:  # every strategy meets every other participant
        for other in {*strategies, *field} - {s}:
            assert (s, other) in pairs


def test_plan_counts_and_seeds() -> None:
    tasks = plan(SMALL, ["diplomat", "boulware"], ["conceder"], repeat=3, seed=7)
    assert len(tasks) == 2 * 6 * 3
    assert len({t.seed for t in tasks}) == len(tasks)
    assert len({t.key for t in tasks}) == len(tasks)
    again = plan(SMALL, ["diplomat", "boulware", "linear"], ["conceder"], repeat=3, seed=7)
    seeds = {t.key: t.seed for t in again}
    assert all(seeds[t.key] == t.seed for t in tasks)  # adding a strategy changes no seed
    other = plan(SMALL, ["diplomat", "boulware"], ["conceder"], repeat=3, seed=8)
    assert {t.seed for t in other}.isdisjoint({t.seed for t in tasks})


def test_derive_seed_is_a_non_negative_63_bit_int() -> None:
    s = derive_seed(123, "x", "y", 0)
    assert isinstance(s, int) and 0 <= s < 2**63


def test_plan_rejects_nonsense() -> None:
    with pytest.raises(InputError, match="nobody to negotiate"):
        plan(SMALL, ["diplomat"])
    with pytest.raises(InputError) as e:
        plan(SMALL, ["diplomat", "boulware"], repeat=0)
    assert e.value.field == "--repeat"


def test_find_domains(tmp_path: Path) -> None:
    found = find_domains([GENIUS, LAPTOP, DEALER])
    assert [p.name for p in found] == ["Laptop", "OfficeLease", "RiverTreaty", DEALER.name]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no scenario found"):
        find_domains([tmp_path / "empty"])
    with pytest.raises(InputError, match="no such file"):
        find_domains([tmp_path / "missing"])


def test_serial_and_parallel_runs_agree_and_standings_balance() -> None:
    tasks = plan(SMALL, ["diplomat", "boulware", "conceder"], repeat=2, seed=3, rounds=40)
    serial = list(run(tasks, workers=1))
    parallel = list(run(tasks, workers=2))
    assert [r.to_json() for r in serial] == [r.to_json() for r in parallel]
    assert [r.task for r in serial] == tasks
    table = standings(serial)
    assert {r.strategy for r in table} == {"diplomat", "boulware", "conceder"}
    assert sum(r.n for r in table) == 2 * len(tasks)
    # every utility is someone's own and someone else's opponent utility
    own = sum(r.own * r.n for r in table)
    opp = sum(r.opponent * r.n for r in table)
    assert own == pytest.approx(opp)
    assert [r.own for r in table] == sorted((r.own for r in table), reverse=True)
    for r in serial:
        assert r.welfare == pytest.approx(sum(r.utilities))
        assert r.rounds_used <= 40
        if not r.agreement:
            assert r.utilities == r.reservations
        else:  # nobody agrees below its walk-away
            assert all(u >= res - 1e-12 for u, res in zip(r.utilities, r.reservations, strict=True))
