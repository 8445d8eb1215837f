"""A private random state for negmas's stochastic negotiators."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


class Randomness:
    """A private state for `random` and `numpy.random`, swapped in around negmas calls.

    negmas's stochastic negotiators draw from the global generators; swapping
    makes each wrapped negotiator deterministic given the accord seed without
    disturbing (or being disturbed by) anybody else's use of them.
    """

    def __init__(self, seed: int) -> None:
        self._py = random.Random(seed).getstate()
        self._np = np.random.RandomState(seed % 2**32).get_state()

    @contextmanager
    def active(self) -> Iterator[None]:
        saved_py, saved_np = random.getstate(), np.random.get_state()
        random.setstate(self._py)
        np.random.set_state(self._np)
        try:
            yield
        finally:
            self._py, self._np = random.getstate(), np.random.get_state()
            random.setstate(saved_py)
            np.random.set_state(saved_np)
