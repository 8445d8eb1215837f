"""What we have granted stays granted: the outcomes that keep every issue at least as
generous to them as our standing offer (P3, P14: asking back on an issue, or taking
back an add-on, is reneging to a human counterpart).

Pure functions of our utility and the standing offer, shared by the advisor (its
counters never retract) and Diplomat (with `retract=false`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from accord.model.issues import Role
from accord.preferences.ladder import Ladder, ladder
from accord.preferences.utility import LinearAdditiveUtility, UtilityFunction


def issue_values(utility: UtilityFunction) -> tuple[np.ndarray, ...]:
    """Per issue, what each value is worth to us: the plan's own utility, issue by issue.
    A plan's utilities are linear additive; any other has no per-issue worth (empty)."""
    return utility.contributions() if isinstance(utility, LinearAdditiveUtility) else ()


def allowed_values(utility: UtilityFunction, side: Role, standing: int) -> list[np.ndarray]:
    """Per issue, the values at least as generous to them as our `standing` offer's: worth
    no more to us on that issue; an add-on of ours granted there stays granted."""
    space = utility.space
    digits = space.digits(standing)[0]
    parts = issue_values(utility)
    out = []
    for k, issue in enumerate(space.issues):
        d = int(digits[k])
        if issue.kind == "addon" and issue.giver == side and d != 0:
            ok = np.arange(issue.n) == d
        elif parts:
            ok = parts[k] <= parts[k][d] + 1e-12
        else:
            ok = np.ones(issue.n, bool)
        out.append(ok)
    return out


@lru_cache(maxsize=8)
def kept(utility: UtilityFunction, side: Role, standing: int) -> Ladder:
    """The ladder of the outcomes that keep every issue at least as generous to them as
    our `standing` offer (`allowed_values`) and are worth no more to us in all. Cached:
    the rules ask several times a turn for the same standing offer."""
    mask = np.ones(1, bool)
    for ok in allowed_values(utility, side, standing):
        mask = (mask[:, None] & ok[None, :]).ravel()  # index order, as `utility.all()`
    lad = ladder(utility)
    keep = mask[lad.order]
    keep &= lad.utils <= utility.at(standing) + 1e-12
    return Ladder(lad.order[keep], lad.utils[keep])


def keeps_grants(allowed: list[np.ndarray], digits: np.ndarray) -> np.ndarray:
    """For rows of value indices, whether each keeps every issue within `allowed`."""
    ok = np.ones(len(digits), bool)
    for k, values in enumerate(allowed):
        ok &= values[digits[:, k]]
    return ok
