"""Outcome-space analysis as small pure numpy functions."""

from accord.analysis.pareto import linear_frontier, pareto_indices
from accord.analysis.points import (
    kalai_smorodinsky_index,
    max_welfare_index,
    nash_index,
    rational_mask,
)

__all__ = [
    "kalai_smorodinsky_index",
    "linear_frontier",
    "max_welfare_index",
    "nash_index",
    "pareto_indices",
    "rational_mask",
]
