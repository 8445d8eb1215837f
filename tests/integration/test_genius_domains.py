"""Every ANAC 2010-2012 GENIUS domain loads, round-trips and agrees with negmas.

What is checked where:
- every domain: loading, GENIUS normalisation, reservation values, the save/load
  round trip on all outcomes, and negmas agreement on utilities (all outcomes,
  vectorised over negmas's own value functions, plus negmas's ufun called on a
  sample of outcomes), the rational Pareto frontier and the Nash point;
- the frontier comes from negmas's `pareto_frontier(ufuns, outcomes)` (which calls
  the ufuns outcome by outcome) for domains up to `FULL_NEGMAS_MAX` outcomes and
  for y2010/Travel (188,160 outcomes); for the other large domains (Energy,
  Supermarket, y2012 Travel) negmas's `pareto_frontier_numpy` runs on the rational
  utilities built from negmas's value functions, to keep the file fast.
"""

from __future__ import annotations

import math
import shutil
import warnings
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import ANAC, LAPTOP, load
from tests.conftest import ANAC_FOLDERS as FOLDERS

from accord.analysis.pareto import pareto_indices
from accord.analysis.points import nash_index, rational_mask
from accord.errors import InputError
from accord.formats.genius import (
    genius_discount,
    is_genius_profile,
    load_genius_domain,
    load_genius_profile,
    load_genius_scenario,
    save_genius,
)
from accord.model.issues import Issue
from accord.model.scenario import Party, Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences

IDS = [f"{p.parent.name}/{p.name}" for p in FOLDERS]
FULL_NEGMAS_MAX = 20_000
FULL_NEGMAS_ALSO = {"y2010/Travel"}
SAMPLE = 100_000
TOL = 1e-9


@pytest.mark.anac
def test_shared_domains_are_present() -> None:
    assert ANAC.is_dir(), f"the ANAC GENIUS domains are missing: expected them in {ANAC}"
    assert len(FOLDERS) == 83, f"expected 83 ANAC domain folders in {ANAC}, found {len(FOLDERS)}"


@cache
def _load(folder: Path) -> tuple[Scenario, np.ndarray]:
    s = load(folder)
    utils = np.column_stack([p.preferences.utility.all() for p in s.parties])
    return s, utils


def _sample(n: int) -> np.ndarray:
    """All outcome indices, or a seeded sample of SAMPLE of them in larger spaces."""
    if n <= 400_000:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, SAMPLE, replace=False))


def _xml_reservation(path: Path) -> float:
    el = ET.parse(path).getroot().find(".//reservation")
    return 0.0 if el is None else float(el.get("value", "0"))


# loading and round trip --------------------------------------------------------


@pytest.mark.anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_domain_loads_with_genius_normalisation(folder: Path) -> None:
    s, _ = _load(folder)
    xml = sorted(folder.glob("*.xml"), key=lambda p: p.name)
    profiles = [p for p in xml if is_genius_profile(p)]
    assert [p.name for p in s.parties] == [p.stem for p in profiles]
    assert s.space.n_outcomes == math.prod(i.n for i in s.space.issues)
    for party, path in zip(s.parties, profiles, strict=True):
        u = party.preferences.utility
        assert isinstance(u, LinearAdditiveUtility)
        assert u.weights.sum() == pytest.approx(1.0, abs=1e-12)
        for t in u.tables:
            assert t.max() == 1.0 or not t.any()
        assert party.preferences.reservation == _xml_reservation(path)


@pytest.mark.anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_save_and_reload_keeps_utilities(folder: Path, tmp_path: Path) -> None:
    s, utils = _load(folder)
    paths = save_genius(s, tmp_path)
    back = load_genius_scenario(tmp_path, profiles=paths[1:])
    assert [[str(v) for v in i.values] for i in back.space.issues] == [
        [str(v) for v in i.values] for i in s.space.issues
    ]
    assert back.reservations == s.reservations
    idx = _sample(s.space.n_outcomes)
    for k, party in enumerate(back.parties):
        again = party.preferences.utility(idx)
        np.testing.assert_allclose(again, utils[idx, k], rtol=0, atol=1e-12)


# negmas agreement ----------------------------------------------------------------


def _negmas_ufuns(folder: Path, s: Scenario) -> list:
    """negmas's parse of the same two profiles, in the same order, with GENIUS's normalisation.

    negmas keeps raw weights and evaluations (and ignores the reservation only on
    request, which we do not), so each issue's evaluations are divided by their
    maximum and the weights by their sum here, on negmas's own parsed values.
    """
    from negmas.inout import Scenario as NegmasScenario
    from negmas.outcomes import make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    domain = next(p for p in sorted(folder.glob("*.xml")) if not is_genius_profile(p))
    profiles = [folder / f"{p.name}.xml" for p in s.parties]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ns = NegmasScenario.from_genius_files(
            domain, profiles, ignore_discount=True, safe_parsing=False
        )
    assert ns is not None
    ufuns = []
    for raw in ns.ufuns:
        issues = raw.outcome_space.issues
        # Fitness: negmas turns the stray `weight index="1"` into a one-value DUMMY_ISSUE.
        assert all(i.cardinality == 1 for i in issues if i.name not in s.space.names)
        pos = {i.name: k for k, i in enumerate(issues)}
        tables, weights = [], []
        for name in s.space.names:
            k = pos[name]
            scores = {v: float(raw.values[k](v)) for v in issues[k].values}
            top = max(scores.values())
            tables.append(TableFun({v: x / top if top > 0 else 0.0 for v, x in scores.items()}))
            weights.append(raw.weights[k])
        total = sum(weights)
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=tables,
                weights=[w / total for w in weights],
                outcome_space=make_os([issues[pos[n]] for n in s.space.names]),
                reserved_value=raw.reserved_value,
            )
        )
    return ufuns


def _negmas_utils(ufuns: list, space: OutcomeSpace) -> np.ndarray:
    """Every outcome's utility (accord's index order) from negmas's weights and value functions."""
    cols = []
    for u in ufuns:
        total = np.zeros(1)
        for issue, w, f in zip(space.issues, u.weights, u.values, strict=True):
            c = np.array([w * float(f(str(v))) for v in issue.values])
            total = (total[:, None] + c[None, :]).ravel()
        cols.append(total)
    return np.column_stack(cols)


def _outcomes(space: OutcomeSpace, idx: np.ndarray) -> list[tuple[str, ...]]:
    labels = [[str(v) for v in i.values] for i in space.issues]
    return [tuple(labels[k][d] for k, d in enumerate(row)) for row in space.digits(idx).tolist()]


def _undominated(points: np.ndarray) -> np.ndarray:
    """Drop points another point beats by more than TOL: float noise (one ulp) can keep
    a weakly dominated outcome, such as (0.675, 0.93) next to (0.68, 0.93), on one side."""
    p = np.asarray(points, float).reshape(-1, 2)
    ge = (p[None, :, :] >= p[:, None, :] - TOL).all(axis=2)
    gt = (p[None, :, :] > p[:, None, :] + TOL).any(axis=2)
    return p[~(ge & gt).any(axis=1)]


def _same_points(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal as sets of utility pairs, each point matched within TOL."""
    a, b = _undominated(a), _undominated(b)
    if len(a) == 0 or len(b) == 0:
        return len(a) == len(b)
    d = np.abs(a[:, None, :] - b[None, :, :]).max(axis=2)
    return bool(d.min(axis=1).max() <= TOL and d.min(axis=0).max() <= TOL)


@pytest.mark.anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_negmas_agrees(folder: Path) -> None:
    from negmas.preferences.ops import nash_points, pareto_frontier, pareto_frontier_numpy

    s, utils = _load(folder)
    ufuns = _negmas_ufuns(folder, s)
    reservations = np.array(s.reservations)
    assert [u.reserved_value for u in ufuns] == list(reservations)

    # (a) utilities: all outcomes via negmas's value functions, a sample via ufun(outcome)
    negmas_utils = _negmas_utils(ufuns, s.space)
    np.testing.assert_allclose(negmas_utils, utils, rtol=0, atol=TOL)
    idx = np.random.default_rng(1).choice(
        s.space.n_outcomes, min(s.space.n_outcomes, 500), replace=False
    )
    called = [[float(u(o)) for u in ufuns] for o in _outcomes(s.space, idx)]
    np.testing.assert_allclose(called, utils[idx], rtol=0, atol=TOL)

    # (b) frontier of the rational outcomes = accord's frontier restricted to rational rows
    frontier = utils[pareto_indices(utils)]
    ours = frontier[rational_mask(frontier, reservations)]
    name = f"{folder.parent.name}/{folder.name}"
    if s.space.n_outcomes <= FULL_NEGMAS_MAX or name in FULL_NEGMAS_ALSO:
        every = np.arange(s.space.n_outcomes)
        theirs = np.array(pareto_frontier(ufuns, _outcomes(s.space, every))[0])
    else:
        rational = negmas_utils[rational_mask(negmas_utils, reservations)]
        theirs = rational[pareto_frontier_numpy(rational)]
    assert _same_points(ours, theirs), f"frontiers differ: {len(ours)} vs {len(theirs)} points"

    # (c) Nash point; ranges start at or below the reservation so negmas's disagreement
    # point is the reservation value, as in accord (by default negmas uses the worst
    # utility when it is higher than the reservation value)
    ranges = [
        (min(r, lo), hi)
        for r, lo, hi in zip(
            reservations, negmas_utils.min(axis=0), negmas_utils.max(axis=0), strict=True
        )
    ]
    points = nash_points(ufuns, [tuple(p) for p in theirs], ranges=ranges)
    k = nash_index(frontier, reservations)
    assert (k is None) == (len(points) == 0)
    if k is not None:
        tied = np.array([p for p, _ in points])
        if len(tied) == 1:
            np.testing.assert_allclose(frontier[k], tied[0], rtol=0, atol=TOL)
        else:
            assert np.abs(tied - frontier[k]).max(axis=1).min() <= TOL


# odd structures -------------------------------------------------------------------


@pytest.mark.anac
def test_similarity_functions_and_nested_items_are_ignored() -> None:
    car = ANAC / "y2011" / "Car"
    assert not is_genius_profile(car / "adg.xml")
    assert is_genius_profile(car / "adg_deal.xml") and is_genius_profile(car / "adg_deal2.xml")
    s, _ = _load(car)
    assert [p.name for p in s.parties] == ["adg_deal", "adg_deal2"]
    assert all(i.n == 5 for i in s.space.issues)  # the criteria functions list 6 items


@pytest.mark.anac
def test_discount_factor_is_readable() -> None:
    assert genius_discount(ANAC / "y2011" / "Camera" / "camera_buyer_utility.xml") == 0.890596104
    assert genius_discount(ANAC / "y2011" / "NiceOrDie" / "NiceOrDie1.xml") == 1.0


def test_integer_and_real_issues(tmp_path: Path) -> None:
    domain = tmp_path / "d.xml"
    domain.write_text(
        '<negotiation_template><utility_space><objective index="0" name="x">'
        '<issue index="1" name="n" vtype="integer" lowerbound="2" upperbound="5"/>'
        '<issue index="2" name="r" vtype="real" lowerbound="0" upperbound="1"/>'
        "</objective></utility_space></negotiation_template>"
    )
    space = load_genius_domain(domain)
    assert space.issues[0].values == (2, 3, 4, 5) and space.issues[1].n == 11
    profile = tmp_path / "p.xml"
    profile.write_text(
        '<utility_space><objective index="0" name="x">'
        '<issue index="1" name="n" vtype="integer">'
        '<evaluator ftype="linear" slope="1" offset="-2"/></issue>'
        '<issue index="2" name="r" vtype="real">'
        '<evaluator ftype="linear" lowerbound="1" upperbound="0"/></issue>'
        '<weight index="1" value="3"/><weight index="2" value="1"/></objective>'
        '<reservation value="0.2"/></utility_space>'
    )
    prefs = load_genius_profile(profile, space)
    u = prefs.utility
    assert isinstance(u, LinearAdditiveUtility)
    np.testing.assert_allclose(u.weights, [0.75, 0.25])
    np.testing.assert_allclose(u.tables[0], [0, 1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(u.tables[1], np.linspace(1, 0, 11))
    assert prefs.reservation == 0.2


def test_addon_integer_and_real_issues_round_trip(tmp_path: Path) -> None:
    space = OutcomeSpace(
        (Issue.addon("warranty", "A"), Issue.integer("n", 1, 3), Issue.real("r", 0.0, 0.5, 0.25))
    )
    tables_a = (np.array([1.0, 0.0]), np.array([0.0, 0.5, 1.0]), np.array([1.0, 0.3, 0.0]))
    tables_b = (np.array([0.0, 1.0]), np.array([1.0, 0.2, 0.0]), np.array([0.0, 0.7, 1.0]))
    ua = LinearAdditiveUtility(space, np.array([0.2, 0.5, 0.3]), tables_a)
    ub = LinearAdditiveUtility(space, np.array([0.6, 0.1, 0.3]), tables_b)
    s = Scenario(
        "mixed deal",
        space,
        Party("buyer", "A", Preferences(ua, 0.1)),
        Party("seller", "B", Preferences(ub, 0.3)),
    )
    paths = save_genius(s, tmp_path / "out")
    assert [p.name for p in paths] == ["mixed_deal_domain.xml", "buyer.xml", "seller.xml"]
    back = load_genius_scenario(tmp_path / "out", profiles=paths[1:])
    assert [i.values for i in back.space.issues] == [
        ("false", "true"),
        ("1", "2", "3"),
        ("0.0", "0.25", "0.5"),
    ]
    assert back.reservations == (0.1, 0.3)
    for old, new in zip(s.parties, back.parties, strict=True):
        np.testing.assert_allclose(
            new.preferences.utility.all(), old.preferences.utility.all(), rtol=0, atol=1e-12
        )


# bad input ------------------------------------------------------------------------


def _laptop(tmp_path: Path) -> Path:
    folder = tmp_path / "Laptop"
    shutil.copytree(LAPTOP, folder)
    return folder


def _error(call, *args) -> str:
    with pytest.raises(InputError) as info:
        call(*args)
    return str(info.value)


def test_malformed_xml(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"
    bad.write_text("<utility_space><objective>")
    text = _error(load_genius_domain, bad)
    assert "broken.xml" in text and "'xml'" in text and "line 1" in text


def test_missing_file(tmp_path: Path) -> None:
    text = _error(load_genius_domain, tmp_path / "nowhere.xml")
    assert "nowhere.xml" in text and "'file'" in text


def test_missing_profile(tmp_path: Path) -> None:
    folder = _laptop(tmp_path)
    text = _error(load_genius_scenario, folder, [folder / "buyer.xml", "gone.xml"])
    assert "gone.xml" in text and "'file'" in text
    text = _error(load_genius_scenario, folder, [folder / "buyer.xml"])
    assert "Laptop" in text and "'profiles'" in text


def test_three_profiles_need_a_choice(tmp_path: Path) -> None:
    folder = _laptop(tmp_path)
    shutil.copy(folder / "buyer.xml", folder / "buyer2.xml")
    text = _error(load_genius_scenario, folder)
    assert "Laptop" in text and "'profiles'" in text and "--profiles A.xml B.xml" in text
    assert "buyer2.xml" in text
    chosen = load_genius_scenario(folder, ["buyer2.xml", "seller.xml"])
    assert [p.name for p in chosen.parties] == ["buyer2", "seller"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_negative_weight(tmp_path: Path) -> None:
    folder = _laptop(tmp_path)
    profile = folder / "buyer.xml"
    _edit(profile, '<weight index="1" value="', '<weight index="1" value="-')
    text = _error(load_genius_scenario, folder)
    assert "buyer.xml" in text and "weight of issue 'Laptop'" in text


def test_negative_evaluation(tmp_path: Path) -> None:
    folder = _laptop(tmp_path)
    profile = folder / "seller.xml"
    _edit(profile, 'evaluation="', 'evaluation="-')
    text = _error(load_genius_scenario, folder)
    assert "seller.xml" in text and "issue 'Laptop' item 1 evaluation" in text


def test_unknown_value_and_issue(tmp_path: Path) -> None:
    folder = _laptop(tmp_path)
    profile = folder / "buyer.xml"
    _edit(profile, 'value="Dell"', 'value="Toshiba"')
    text = _error(load_genius_scenario, folder)
    assert "buyer.xml" in text and "issue 'Laptop' item 1 value" in text
    assert "Toshiba" in text
    _edit(profile, 'name="Laptop"', 'name="Tablet"')
    text = _error(load_genius_scenario, folder)
    assert "buyer.xml" in text and "issue 'Tablet'" in text


def test_issue_without_values(tmp_path: Path) -> None:
    domain = tmp_path / "empty.xml"
    domain.write_text(
        '<negotiation_template><utility_space><objective index="0" name="x">'
        '<issue index="1" name="colour" vtype="discrete"/>'
        "</objective></utility_space></negotiation_template>"
    )
    text = _error(load_genius_domain, domain)
    assert "empty.xml" in text and "issue 'colour'" in text
