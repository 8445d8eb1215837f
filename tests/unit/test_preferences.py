"""Utilities, value functions, issues and preferences against plain-loop twins."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.property.strategies import linear_utilities, spaces

from accord.errors import InputError
from accord.model.issues import Issue
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences
from accord.preferences.value_functions import LinearValue, PeakValue, TableValue

FAST = settings(deadline=None, max_examples=100)
TOL = 1e-12


def _space() -> OutcomeSpace:
    return OutcomeSpace(
        (
            Issue.integer("price", 10, 14),
            Issue.categorical("colour", ["red", "blue", "green"]),
            Issue.addon("warranty", "A"),
        )
    )


def _tables() -> tuple[np.ndarray, ...]:
    return (
        np.array([1.0, 0.75, 0.5, 0.25, 0.0]),
        np.array([0.5, 1.0, 0.0]),
        np.array([0.0, 1.0]),
    )


# -- LinearAdditiveUtility -----------------------------------------------------------


@FAST
@given(st.data())
def test_all_equals_plain_loop_sums(data: st.DataObject) -> None:
    space = data.draw(spaces())
    u = data.draw(linear_utilities(space))
    # weights normalised to sum 1 (plain sum)
    total_w = 0.0
    for w in u.weights.tolist():
        assert w >= 0
        total_w += w
    assert abs(total_w - 1.0) <= 1e-12
    values = u.all()
    order = list(itertools.product(*[range(issue.n) for issue in space.issues]))
    assert values.shape == (len(order),)
    for k, digits in enumerate(order):
        want = 0.0
        for j, d in enumerate(digits):
            want += u.weights[j] * u.tables[j][d]
        assert abs(values[k] - want) <= TOL
        assert -TOL <= values[k] <= 1 + 1e-9
    # best / worst are the largest / smallest over all outcomes
    assert abs(u.best - max(values.tolist())) <= TOL
    assert abs(u.worst - min(values.tolist())) <= TOL
    picks = data.draw(st.lists(st.integers(0, len(order) - 1), max_size=30))
    idx = np.array(picks, dtype=np.int64)
    assert u(idx).tolist() == values[idx].tolist()
    for k in picks[:5]:
        assert abs(u.of(space.outcome(k)) - values[k]) <= TOL


@FAST
@given(st.lists(st.floats(0.0, 10.0, allow_subnormal=False), min_size=3, max_size=3))
def test_weights_are_normalised(raw: list[float]) -> None:
    total = raw[0] + raw[1] + raw[2]
    if total <= 0:
        with pytest.raises(InputError) as err:
            LinearAdditiveUtility(_space(), np.array(raw), _tables())
        assert err.value.field == "weights"
        return
    u = LinearAdditiveUtility(_space(), np.array(raw), _tables())
    for got, w in zip(u.weights.tolist(), raw, strict=True):
        assert math.isclose(got, w / total, rel_tol=1e-12, abs_tol=1e-15)


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ([1.0, -0.5, 1.0], "weights.colour"),
        ([1.0, float("nan"), 1.0], "weights.colour"),
        ([float("inf"), 1.0, 1.0], "weights.price"),
        ([1.0, 1.0], "weights"),
        ([1.0, 1.0, 1.0, 1.0], "weights"),
        ([0.0, 0.0, 0.0], "weights"),
    ],
)
def test_bad_weights_raise(weights: list[float], field: str) -> None:
    with pytest.raises(InputError) as err:
        LinearAdditiveUtility(_space(), np.array(weights), _tables())
    assert err.value.field == field
    assert f"'{field}'" in str(err.value)


@pytest.mark.parametrize(
    "tables",
    [
        (np.array([1.0, 0.75, 0.5, 0.25]), np.array([0.5, 1.0, 0.0]), np.array([0.0, 1.0])),
        (np.array([1.0, 0.75, 0.5, 0.25, -0.1]), np.array([0.5, 1.0, 0.0]), np.array([0.0, 1.0])),
        (np.array([1.0, 0.75, 0.5, 0.25, 1.5]), np.array([0.5, 1.0, 0.0]), np.array([0.0, 1.0])),
    ],
)
def test_bad_tables_raise(tables: tuple[np.ndarray, ...]) -> None:
    with pytest.raises(InputError) as err:
        LinearAdditiveUtility(_space(), np.ones(3), tables)
    assert err.value.field == "price"


def test_nan_table_score_is_rejected() -> None:
    tables = (np.array([1.0, np.nan, 0.5, 0.25, 0.0]), *_tables()[1:])
    with pytest.raises(InputError) as err:
        LinearAdditiveUtility(_space(), np.ones(3), tables)
    assert err.value.field == "price"


def test_wrong_number_of_tables_is_an_input_error() -> None:
    with pytest.raises(InputError):
        LinearAdditiveUtility(_space(), np.ones(3), _tables()[:2])


def test_from_functions() -> None:
    space = _space()
    u = LinearAdditiveUtility.from_functions(
        space,
        {"price": 2.0, "colour": 1.0, "warranty": 1.0},
        {
            "price": LinearValue("low"),
            "colour": TableValue({"red": 2.0, "blue": 4.0, "green": 0.0}),
            "warranty": TableValue({False: 0.0, True: 3.0}),
        },
    )
    # price 11 (score 0.75), blue (1.0), warranty True (1.0): 0.5*0.75 + 0.25 + 0.25
    assert abs(u.of({"price": 11, "colour": "blue", "warranty": True}) - 0.875) <= TOL
    with pytest.raises(InputError) as err:
        LinearAdditiveUtility.from_functions(
            space, {"price": 1.0, "colour": 1.0}, {"price": LinearValue()}
        )
    assert err.value.field == "weights.warranty"
    with pytest.raises(InputError) as err:
        LinearAdditiveUtility.from_functions(
            space, {"price": 1.0, "colour": 1.0, "warranty": 1.0, "size": 1.0}, {}
        )
    assert "size" in (err.value.field or "")
    assert "'size'" in str(err.value)
    with pytest.raises(InputError) as err:
        LinearAdditiveUtility.from_functions(
            space, {"price": 1.0, "colour": 1.0, "warranty": 1.0}, {"price": LinearValue()}
        )
    assert err.value.field == "values.colour"


# -- TableValue ------------------------------------------------------------------------------


@FAST
@given(st.lists(st.floats(0.0, 100.0, allow_subnormal=False), min_size=1, max_size=6))
def test_table_value_normalises_by_max(scores: list[float]) -> None:
    issue = Issue.categorical("c", [f"v{k}" for k in range(len(scores))])
    got = TableValue({f"v{k}": s for k, s in enumerate(scores)}).compile(issue)
    top = max(scores)
    for g, s in zip(got.tolist(), scores, strict=True):
        want = s / top if top > 0 else s
        assert math.isclose(g, want, rel_tol=1e-12, abs_tol=1e-300)
    if top > 0:
        assert max(got.tolist()) == 1.0


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_table_value_rejects_invalid_scores(bad: float) -> None:
    issue = Issue.categorical("c", ["a", "b"])
    with pytest.raises(InputError) as err:
        TableValue({"a": 1.0, "b": bad}).compile(issue)
    assert err.value.field == "c.b"


def test_table_value_rejects_missing_and_unknown_values() -> None:
    issue = Issue.categorical("c", ["a", "b", "d"])
    with pytest.raises(InputError) as err:
        TableValue({"a": 1.0, "d": 0.5}).compile(issue)
    assert err.value.field == "c"
    assert "'b'" in str(err.value)
    with pytest.raises(InputError) as err:
        TableValue({"a": 1.0, "b": 0.5, "d": 0.0, "zz": 1.0}).compile(issue)
    assert err.value.field == "c"


def test_table_value_accepts_text_for_numbers() -> None:
    issue = Issue.ordered("n", [1, 2, 3])
    got = TableValue({"1": 1.0, "2": 2.0, "3.0": 4.0}).compile(issue)
    assert got.tolist() == [0.25, 0.5, 1.0]


# -- LinearValue / PeakValue ------------------------------------------------------------------


@FAST
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=8, unique=True))
def test_linear_value_high_and_low(values: list[int]) -> None:
    issue = Issue.ordered("x", values)
    high = LinearValue("high").compile(issue).tolist()
    low = LinearValue("low").compile(issue).tolist()
    lo, hi = min(values), max(values)
    for v, h, w in zip(values, high, low, strict=True):
        want = 1.0 if hi == lo else (v - lo) / (hi - lo)
        assert abs(h - want) <= TOL
        assert abs(w - (1.0 if hi == lo else 1.0 - want)) <= TOL
    if hi > lo:
        assert high[values.index(hi)] == 1.0 and high[values.index(lo)] == 0.0
        assert low[values.index(lo)] == 1.0 and low[values.index(hi)] == 0.0


def test_linear_value_rejects_non_numeric() -> None:
    with pytest.raises(InputError) as err:
        LinearValue().compile(Issue.categorical("c", ["a", "b"]))
    assert err.value.field == "c"


@FAST
@given(st.integers(-20, 20), st.integers(1, 30), st.data())
def test_peak_value_is_triangular(low: int, count: int, data: st.DataObject) -> None:
    issue = Issue.integer("x", low, low + count)
    xs = list(range(low, low + count + 1))
    peak = data.draw(st.integers(xs[0], xs[-1]))
    got = PeakValue(float(peak)).compile(issue).tolist()
    for x, g in zip(xs, got, strict=True):
        if x == peak:
            want = 1.0
        elif x < peak:
            want = (x - xs[0]) / (peak - xs[0])
        else:
            want = (xs[-1] - x) / (xs[-1] - peak)
        assert abs(g - want) <= TOL, (x, g, want)
    assert got[xs.index(peak)] == 1.0
    if peak != xs[0]:
        assert got[0] == 0.0
    if peak != xs[-1]:
        assert got[-1] == 0.0


def test_peak_value_with_explicit_ends() -> None:
    issue = Issue.integer("x", 0, 10)
    got = PeakValue(5.0, low=2.0, high=6.0).compile(issue).tolist()
    want = [0.0, 0.0, 0.0, 1 / 3, 2 / 3, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    for g, w in zip(got, want, strict=True):
        assert abs(g - w) <= TOL


@pytest.mark.parametrize(
    ("peak", "low", "high"), [(-1.0, None, None), (11.0, None, None), (5.0, 6.0, 9.0)]
)
def test_peak_outside_range_is_rejected(peak: float, low: float | None, high: float | None) -> None:
    with pytest.raises(InputError) as err:
        PeakValue(peak, low, high).compile(Issue.integer("x", 0, 10))
    assert err.value.field == "x.peak"


# -- Issue -----------------------------------------------------------------------------------


def test_real_grid_endpoints_and_noisy_lookups() -> None:
    issue = Issue.real("r", 1, 2, 0.1)
    assert issue.values == (1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0)
    assert issue.index(1.3000000001) == 3
    assert issue.index(1.0 + 3 * 0.1) == 3  # 1.3000000000000003
    assert issue.index("1.3") == 3
    assert issue.index(2) == 10
    with pytest.raises(InputError) as err:
        issue.index(1.35)
    assert err.value.field == "r"
    # a step that misses high is refused, with the fixes (it used to drop high silently)
    with pytest.raises(InputError) as err:
        Issue.real("r", 0, 1, 0.3)
    assert err.value.field == "issues.r.step"
    assert "ends at 0.9, not 1" in err.value.message and "set high: 0.9" in err.value.message


@FAST
@given(
    st.integers(-1000, 1000),
    st.sampled_from([0.01, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.5, 10.0]),
    st.integers(1, 40),
)
def test_real_grid_on_decimal_steps(low100: int, step: float, count: int) -> None:
    low = low100 / 100
    high = low + (count - 1) * step
    issue = Issue.real("r", low, high, step)
    assert issue.n == count
    assert math.isclose(issue.values[0], low, abs_tol=1e-9)
    assert math.isclose(issue.values[-1], high, rel_tol=1e-9, abs_tol=1e-9)
    for k in range(count):
        assert issue.index(low + k * step) == k
        assert issue.index(low + k * step + 1e-10) == k


@settings(deadline=None, max_examples=200)
@given(
    st.floats(-100.0, 100.0, allow_subnormal=False),
    st.floats(0.001, 10.0, allow_subnormal=False),
    st.integers(1, 10),
)
def test_real_grid_points_are_found_for_any_low_and_step(
    low: float, step: float, count: int
) -> None:
    # every point low + k*step of the grid must be a value the issue recognises
    issue = Issue.real("r", low, low + (count - 1) * step, step)
    assert issue.n == count
    for k in range(count):
        assert issue.index(low + k * step) == k


def test_integer_issue() -> None:
    assert Issue.integer("i", 2, 8, 3).values == (2, 5, 8)
    assert Issue.integer("i", 2, 8, 3).index("5") == 1
    with pytest.raises(InputError) as err:  # 9 is off the grid: refused, not dropped
        Issue.integer("i", 2, 9, 3)
    assert err.value.field == "issues.i.step"
    with pytest.raises(InputError) as err:
        Issue.integer("i", 5, 4)
    assert err.value.field == "issues.i.high"
    with pytest.raises(InputError) as err:
        Issue.integer("i", 0, 4, 0)
    assert err.value.field == "issues.i.step"


def test_integer_issue_with_fractional_step_is_an_input_error() -> None:
    with pytest.raises(InputError):
        Issue.integer("i", 0, 10, 0.5)


def test_addon() -> None:
    issue = Issue.addon("gift", "B")
    assert issue.values == (False, True)
    assert issue.kind == "addon" and issue.giver == "B"
    assert issue.index("yes") == 1
    assert issue.index("no") == 0
    assert issue.index(True) == 1
    assert issue.index("TRUE") == 1
    with pytest.raises(InputError) as err:
        issue.index("maybe")
    assert err.value.field == "gift"
    with pytest.raises(InputError) as err:
        Issue.addon("gift", "C")  # type: ignore[arg-type]
    assert err.value.field == "issues.gift.giver"


def test_issue_validation() -> None:
    with pytest.raises(InputError):
        Issue.categorical("", ["a"])
    with pytest.raises(InputError):
        Issue.categorical("c", [])
    with pytest.raises(InputError) as err:
        Issue.categorical("c", ["a", "a"])
    assert err.value.field == "issues.c.values"


# -- Preferences -------------------------------------------------------------------------------


def _utility() -> LinearAdditiveUtility:
    return LinearAdditiveUtility(_space(), np.ones(3), _tables())


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), float("inf")])
def test_preferences_reject_reservation_outside_unit_interval(bad: float) -> None:
    with pytest.raises(InputError) as err:
        Preferences(_utility(), reservation=bad)
    assert err.value.field == "reservation"
    with pytest.raises(InputError) as err:
        Preferences(_utility(), reservation=0.0, aspiration=bad)
    assert err.value.field == "aspiration"


def test_preferences_reject_aspiration_below_reservation() -> None:
    with pytest.raises(InputError) as err:
        Preferences(_utility(), reservation=0.6, aspiration=0.5)
    assert err.value.field == "aspiration"
    ok = Preferences(_utility(), reservation=0.5, aspiration=0.5)
    assert ok.reservation == ok.aspiration == 0.5
    assert Preferences(_utility(), reservation=0.0, aspiration=1.0).aspiration == 1.0
