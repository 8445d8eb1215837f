"""Pictures of an outcome space: every utility pair, the frontier, BATNAs, named points."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from accord.analysis.report import ScenarioAnalysis

#: Above this many outcomes the cloud is a seeded uniform sample.
MAX_PLOTTED = 200_000


def outcome_cloud(analysis: ScenarioAnalysis, seed: int = 0) -> tuple[np.ndarray, bool]:
    """Utility pairs of all outcomes, or of a seeded sample when there are too many."""
    s = analysis.scenario
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    if s.space.n_outcomes <= MAX_PLOTTED:
        return np.column_stack((ua.all(), ub.all())), False
    rng = np.random.default_rng(seed)
    digits = np.column_stack([rng.integers(0, n, MAX_PLOTTED) for n in s.space.sizes])
    return np.column_stack((ua.of_digits(digits), ub.of_digits(digits))), True


def plot_outcome_space(analysis: ScenarioAnalysis, path: Path, seed: int = 0) -> Path:
    s = analysis.scenario
    cloud, sampled = outcome_cloud(analysis, seed)
    fig, ax = plt.subplots(figsize=(7, 6), dpi=120)
    label = f"outcomes ({'sample of ' if sampled else ''}{len(cloud):,})"
    size = 12 if len(cloud) <= 5_000 else 3
    ax.scatter(cloud[:, 0], cloud[:, 1], s=size, c="#8fa3bf", alpha=0.45, lw=0, label=label)
    f = analysis.frontier
    ax.plot(f[:, 0], f[:, 1], "-o", c="#1f4e79", ms=3, lw=1.2, label="Pareto frontier")
    ra, rb = s.reservations
    ax.axvline(ra, c="#c0504d", ls="--", lw=1, label=f"{s.a.name} BATNA ({ra:.2f})")
    ax.axhline(rb, c="#9bbb59", ls="--", lw=1, label=f"{s.b.name} BATNA ({rb:.2f})")
    marks = (
        ("Nash", analysis.nash, "*", "#e36c09"),
        ("Kalai-Smorodinsky", analysis.kalai_smorodinsky, "D", "#7030a0"),
        ("max welfare", analysis.max_welfare, "s", "#00847f"),
    )
    for name, point, marker, color in marks:
        if point is not None:
            ax.scatter(
                *point.utilities,
                marker=marker,
                s=120,
                c=color,
                zorder=5,
                edgecolors="black",
                linewidths=0.5,
                label=name,
            )
    ax.set(
        xlabel=f"utility of {s.a.name} (A)",
        ylabel=f"utility of {s.b.name} (B)",
        xlim=(-0.02, 1.02),
        ylim=(-0.02, 1.02),
        title=s.name,
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
