"""Logrolling and value-adding trades for linear additive utilities.

Both read only the per-issue contributions (w_k * v_k), so they work on spaces of
any size. A party's *stake* in an issue is the utility it can win or lose on it:
the spread of that issue's contributions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.model.issues import Role, Value
from accord.preferences.utility import LinearAdditiveUtility


@dataclass(frozen=True)
class Logroll:
    """A trade across two issues: A moves its way on `a_gets`, B on `b_gets`.

    Gains are measured against the per-issue compromise (the value that best
    balances both sides' scores on each issue); `contrast` is the log of the
    ratio of the two sides' priority ratios.
    """

    a_gets: str
    b_gets: str
    terms: dict[str, Value]
    gain_a: float
    gain_b: float
    contrast: float


@dataclass(frozen=True)
class ValueAdd:
    """Move `issue` from the giver's best value to `to_value`: cheap to give, worth more to get."""

    giver: Role
    issue: str
    from_value: Value
    to_value: Value
    cost: float
    value: float
    is_addon: bool

    @property
    def net(self) -> float:
        return self.value - self.cost


def stakes(u: LinearAdditiveUtility) -> np.ndarray:
    """Utility at stake per issue (max minus min contribution)."""
    return np.array([c.max() - c.min() for c in u.contributions()])


def logrolls(ua: LinearAdditiveUtility, ub: LinearAdditiveUtility, top: int = 5) -> list[Logroll]:
    """Issue pairs whose relative priorities differ most, each with the trade that gains both most.

    A should get its way on issue i and B on j when A's stake ratio i:j exceeds
    B's. The trade is the pair of values on (i, j) maximising the product of
    both gains over the per-issue compromise (Raiffa's integrative bargaining).
    """
    sa, sb = stakes(ua), stakes(ub)
    found: list[Logroll] = []
    for i in range(len(sa)):
        for j in range(len(sa)):
            if i == j or min(sa[i], sa[j], sb[i], sb[j]) <= 0:
                continue
            with np.errstate(all="ignore"):  # stakes 1e300 apart: an infinite contrast
                contrast = float(np.log(sa[i] * sb[j] / (sa[j] * sb[i])))
            if not contrast > 1e-9:  # NaN (both products underflow): no contrast known
                continue
            trade = _best_pair_trade(ua, ub, i, j)
            if trade is not None:
                found.append(
                    Logroll(
                        a_gets=ua.space.issues[i].name,
                        b_gets=ua.space.issues[j].name,
                        terms=trade[0],
                        gain_a=trade[1],
                        gain_b=trade[2],
                        contrast=contrast,
                    )
                )
    found.sort(key=lambda t: (-t.contrast, -(t.gain_a + t.gain_b)))
    return found[:top]


def _best_pair_trade(
    ua: LinearAdditiveUtility, ub: LinearAdditiveUtility, i: int, j: int
) -> tuple[dict[str, Value], float, float] | None:
    ca, cb = ua.contributions(), ub.contributions()
    ref_i, ref_j = _compromise(ua, ub, i), _compromise(ua, ub, j)
    gain_a = (ca[i] - ca[i][ref_i])[:, None] + (ca[j] - ca[j][ref_j])[None, :]
    gain_b = (cb[i] - cb[i][ref_i])[:, None] + (cb[j] - cb[j][ref_j])[None, :]
    product = np.where((gain_a > 1e-12) & (gain_b > 1e-12), gain_a * gain_b, -np.inf)
    x, y = np.unravel_index(int(np.argmax(product)), product.shape)
    if not np.isfinite(product[x, y]):
        return None
    issues = ua.space.issues
    terms = {issues[i].name: issues[i].values[x], issues[j].name: issues[j].values[y]}
    return terms, float(gain_a[x, y]), float(gain_b[x, y])


def value_adds(
    giver: LinearAdditiveUtility, receiver: LinearAdditiveUtility, role: Role, top: int = 5
) -> list[ValueAdd]:
    """Per issue, the move away from the giver's best value that adds most net value to the deal."""
    found = []
    cg, cr = giver.contributions(), receiver.contributions()
    for k, issue in enumerate(giver.space.issues):
        if issue.kind == "addon" and issue.giver != role:
            continue
        start = _best(giver.tables[k], receiver.tables[k])
        cost = cg[k][start] - cg[k]
        value = cr[k] - cr[k][start]
        to = int(np.argmax(value - cost))
        if value[to] - cost[to] > 1e-12:
            found.append(
                ValueAdd(
                    giver=role,
                    issue=issue.name,
                    from_value=issue.values[start],
                    to_value=issue.values[to],
                    cost=float(cost[to]),
                    value=float(value[to]),
                    is_addon=issue.kind == "addon",
                )
            )
    found.sort(key=lambda v: (-v.net, v.cost))
    return found[:top]


def _best(own: np.ndarray, other: np.ndarray) -> int:
    """Own best value; among ties, the one the other side likes most."""
    return int(np.lexsort((-other, -own))[0])


def _compromise(ua: LinearAdditiveUtility, ub: LinearAdditiveUtility, k: int) -> int:
    ta, tb = ua.tables[k], ub.tables[k]
    return int(np.lexsort((-(ta + tb), -np.minimum(ta, tb)))[0])
