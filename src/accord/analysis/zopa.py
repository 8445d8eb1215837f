"""The zone of possible agreement: outcomes at least as good as both sides' BATNA.

One rule with the bargaining points (`rational_mask`) and the engine's acceptance:
a deal worth exactly a side's BATNA is one it can take, so it is in the zone. The
count of outcomes *strictly* better for both is kept beside it (`n_strict`): where
the two differ, some of the zone leaves a side no better off than walking away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.preferences.utility import UtilityFunction

#: Spaces up to this size are counted exactly, in chunks; larger ones are sampled.
MAX_COUNTED = 20_000_000
_CHUNK = 1 << 20
_SAMPLES = 1_000_000


@dataclass(frozen=True)
class Zopa:
    """Size and utility bounds of the ZOPA (at least as good as the BATNA for both).

    `n_strict` counts the outcomes strictly better than both BATNAs. `estimated`
    is True when the space was too large to count and both counts come from a
    seeded uniform sample; the bounds are then the sample's.
    """

    n_outcomes: int
    fraction: float
    estimated: bool
    bounds_a: tuple[float, float] | None
    bounds_b: tuple[float, float] | None
    n_strict: int

    @property
    def exists(self) -> bool:
        return self.n_outcomes > 0


def zopa(
    ua: UtilityFunction, ub: UtilityFunction, reservations: Sequence[float], seed: int = 0
) -> Zopa:
    """Count (or estimate) the outcomes at least as good as both sides' BATNA."""
    space = ua.space
    total = space.n_outcomes
    if total <= MAX_COUNTED:
        chunks = space.iter_chunks(_CHUNK)
        estimated = False
    else:
        rng = np.random.default_rng(seed)
        digits = space.sample_digits(rng, _SAMPLES)
        chunks = iter([digits])
        estimated = True
    count, strict, seen = 0, 0, 0
    lo = np.array([np.inf, np.inf])
    hi = np.array([-np.inf, -np.inf])
    ra, rb = reservations
    for chunk in chunks:
        a, b = (ua.of_digits(chunk), ub.of_digits(chunk)) if estimated else (ua(chunk), ub(chunk))
        inside = (a >= ra) & (b >= rb)
        seen += len(a)
        if inside.any():
            count += int(inside.sum())
            strict += int(((a > ra) & (b > rb)).sum())
            pair = np.column_stack((a[inside], b[inside]))
            lo = np.minimum(lo, pair.min(axis=0))
            hi = np.maximum(hi, pair.max(axis=0))
    fraction = count / seen if seen else 0.0
    n = round(fraction * total) if estimated else count
    n_strict = round(strict / seen * total) if estimated else strict
    if count == 0:
        return Zopa(0, 0.0, estimated, None, None, 0)
    bounds_a, bounds_b = (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))
    return Zopa(n, fraction, estimated, bounds_a, bounds_b, n_strict)
