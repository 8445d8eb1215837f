"""The zone of possible agreement: outcomes both sides prefer to their BATNA."""

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
    """Size and utility bounds of the ZOPA (strictly better than the BATNA for both).

    `estimated` is True when the space was too large to count and `n_outcomes`
    comes from a seeded uniform sample; the bounds are then the sample's.
    """

    n_outcomes: int
    fraction: float
    estimated: bool
    bounds_a: tuple[float, float] | None
    bounds_b: tuple[float, float] | None

    @property
    def exists(self) -> bool:
        return self.n_outcomes > 0


def zopa(
    ua: UtilityFunction, ub: UtilityFunction, reservations: Sequence[float], seed: int = 0
) -> Zopa:
    """Count (or estimate) the outcomes both sides strictly prefer to their BATNA."""
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
    count, seen = 0, 0
    lo = np.array([np.inf, np.inf])
    hi = np.array([-np.inf, -np.inf])
    ra, rb = reservations
    for chunk in chunks:
        a, b = (ua.of_digits(chunk), ub.of_digits(chunk)) if estimated else (ua(chunk), ub(chunk))
        inside = (a > ra) & (b > rb)
        seen += len(a)
        if inside.any():
            count += int(inside.sum())
            pair = np.column_stack((a[inside], b[inside]))
            lo = np.minimum(lo, pair.min(axis=0))
            hi = np.maximum(hi, pair.max(axis=0))
    fraction = count / seen if seen else 0.0
    n = round(fraction * total) if estimated else count
    if count == 0:
        return Zopa(0, 0.0, estimated, None, None)
    return Zopa(n, fraction, estimated, (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])))
