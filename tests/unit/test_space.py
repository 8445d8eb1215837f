"""OutcomeSpace: mixed-radix indexing against itertools.product, huge spaces, errors."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.property.strategies import spaces

from accord.errors import InputError
from accord.model.issues import Issue
from accord.model.space import OutcomeSpace

FAST = settings(deadline=None, max_examples=100)


def product_order(space: OutcomeSpace) -> list[tuple[int, ...]]:
    return list(itertools.product(*[range(issue.n) for issue in space.issues]))


def plain_named(space: OutcomeSpace, digits: tuple[int, ...]) -> dict:
    out = {}
    for issue, d in zip(space.issues, digits, strict=True):
        out[issue.name] = issue.values[d]
    return out


# -- round trips against itertools.product ------------------------------------------


@FAST
@given(st.data())
def test_digits_follow_itertools_product_order(data: st.DataObject) -> None:
    space = data.draw(spaces())
    order = product_order(space)
    n = 1
    for issue in space.issues:
        n *= issue.n
    assert space.n_outcomes == n == len(order)
    picks = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=20))
    got = space.digits(np.array(picks))
    assert got.shape == (len(picks), len(space.issues))
    for row, k in zip(got.tolist(), picks, strict=True):
        assert tuple(row) == order[k]
    # scalar index gives one row
    assert tuple(space.digits(picks[0])[0].tolist()) == order[picks[0]]
    # and back: indices(digits) == k
    assert space.indices(np.array([order[k] for k in picks])).tolist() == picks


@FAST
@given(spaces(max_issues=3, max_values=5))
def test_every_index_round_trips(space: OutcomeSpace) -> None:
    order = product_order(space)
    all_digits = space.digits(np.arange(len(order)))
    assert [tuple(r) for r in all_digits.tolist()] == order
    assert space.indices(all_digits).tolist() == list(range(len(order)))
    chunks = list(space.iter_chunks(chunk=7))
    assert np.concatenate(chunks).tolist() == list(range(len(order)))


@FAST
@given(st.data())
def test_outcome_named_and_index_of(data: st.DataObject) -> None:
    space = data.draw(spaces())
    order = product_order(space)
    k = data.draw(st.integers(0, len(order) - 1))
    want = plain_named(space, order[k])
    got = space.outcome(k)
    assert got == want
    assert list(got) == list(space.names)  # issue order preserved
    assert space.named(order[k]) == want
    assert space.named(np.array(order[k])) == want
    assert space.index_of(got) == k
    assert space.digits_of(got) == order[k]


# -- a space far too large to enumerate ------------------------------------------------------


def _huge() -> OutcomeSpace:
    return OutcomeSpace(tuple(Issue.integer(f"i{k}", 0, 9) for k in range(20)))


def test_huge_space_is_lazy() -> None:
    start = time.perf_counter()
    space = _huge()
    n = space.n_outcomes
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5  # nothing is materialised
    assert n == 10**20
    assert isinstance(n, int)
    assert space.indexable is False
    last = space.outcome(10**20 - 1)
    assert last == {f"i{k}": 9 for k in range(20)}
    assert space.index_of(last) == 10**20 - 1
    assert space.outcome(0) == {f"i{k}": 0 for k in range(20)}


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 10**20 - 1))
def test_huge_space_outcomes_are_decimal_digits(k: int) -> None:
    # 20 issues of 0..9: the outcome's values are k's decimal digits, most significant first
    space = _huge()
    text = str(k).zfill(20)
    want = {f"i{j}": int(ch) for j, ch in enumerate(text)}
    assert space.outcome(k) == want
    assert space.index_of(want) == k


def test_huge_space_refuses_numpy_indexing() -> None:
    space = _huge()
    with pytest.raises(InputError) as err:
        space.digits(5)
    assert err.value.field == "issues"
    with pytest.raises(InputError):
        space.outcome(10**20)


# -- errors ---------------------------------------------------------------------------------------


def _small() -> OutcomeSpace:
    return OutcomeSpace(
        (
            Issue.integer("price", 10, 14),
            Issue.categorical("colour", ["red", "blue"]),
            Issue.addon("warranty", "A"),
        )
    )


def _assert_field(err: pytest.ExceptionInfo[InputError], field: str) -> None:
    assert err.value.field == field
    assert f"'{field}'" in str(err.value)


def test_unknown_issue_name() -> None:
    space = _small()
    with pytest.raises(InputError) as err:
        space.index_of({"price": 10, "colour": "red", "warranty": False, "size": 3})
    _assert_field(err, "size")
    with pytest.raises(InputError) as err:
        space.issue_index("size")
    _assert_field(err, "size")


def test_missing_issue() -> None:
    with pytest.raises(InputError) as err:
        _small().digits_of({"price": 10, "warranty": True})
    _assert_field(err, "colour")


def test_value_not_in_issue() -> None:
    with pytest.raises(InputError) as err:
        _small().index_of({"price": 10, "colour": "green", "warranty": True})
    _assert_field(err, "colour")
    with pytest.raises(InputError) as err:
        _small().index_of({"price": 15, "colour": "red", "warranty": True})
    _assert_field(err, "price")


@pytest.mark.parametrize("index", [-1, 20, 21, 10**6])
def test_index_out_of_range(index: int) -> None:
    space = _small()
    assert space.n_outcomes == 20
    with pytest.raises(InputError) as err:
        space.outcome(index)
    _assert_field(err, "outcome")
    with pytest.raises(InputError) as err:
        space.digits(index)
    _assert_field(err, "outcome")
    with pytest.raises(InputError) as err:
        space.digits(np.array([0, index, 3]))
    _assert_field(err, "outcome")


def test_index_beyond_int64_is_an_input_error() -> None:
    # an index too large for int64 is still just "outside the space"
    with pytest.raises(InputError) as err:
        _small().digits(2**63)
    _assert_field(err, "outcome")


def test_digits_that_do_not_fit() -> None:
    space = _small()
    for bad in ([5, 0, 0], [0, 2, 0], [0, 0, -1], [0, 0]):
        with pytest.raises(InputError) as err:
            space.indices(np.array(bad))
        _assert_field(err, "outcome")


def test_space_construction_errors() -> None:
    with pytest.raises(InputError) as err:
        OutcomeSpace(())
    _assert_field(err, "issues")
    with pytest.raises(InputError) as err:
        OutcomeSpace((Issue.integer("a", 0, 1), Issue.categorical("a", ["x"])))
    _assert_field(err, "issues")
