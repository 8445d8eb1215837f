"""Pictures of an outcome space (every utility pair, the frontier, BATNAs, named points)
and of a negotiation in it (each side's offers, the agreement)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from accord.analysis.outcome import NegotiationOutcome
from accord.analysis.report import ScenarioAnalysis
from accord.model.issues import ROLES, Issue, Value
from accord.model.units import show_terms
from accord.protocol.transcript import Transcript

#: Above this many outcomes the cloud is a seeded uniform sample.
MAX_PLOTTED = 200_000
#: Width of a legend line of terms, in characters.
TERMS_WIDTH = 46


def labelled(label: str, issues: tuple[Issue, ...], terms: dict[str, Value] | None) -> str:
    """A point's legend entry with the terms it stands for beneath, wrapped to stay
    readable: 'Nash (0.50, 0.71)' then 'rebate=2%, stock=2x, ...'."""
    if not terms:
        return label
    return "\n".join([label, *textwrap.wrap(show_terms(issues, terms), TERMS_WIDTH)])


def outcome_cloud(analysis: ScenarioAnalysis, seed: int = 0) -> tuple[np.ndarray, bool]:
    """Utility pairs of all outcomes, or of a seeded sample when there are too many."""
    s = analysis.scenario
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    if s.space.n_outcomes <= MAX_PLOTTED:
        return np.column_stack((ua.all(), ub.all())), False
    rng = np.random.default_rng(seed)
    digits = s.space.sample_digits(rng, MAX_PLOTTED)
    return np.column_stack((ua.of_digits(digits), ub.of_digits(digits))), True


def plot_outcome_space(analysis: ScenarioAnalysis, path: Path, seed: int = 0) -> Path:
    fig, ax = plt.subplots(figsize=(7.5, 8), dpi=120)
    draw_space(ax, analysis, seed, points=("Nash", "Kalai-Smorodinsky", "max welfare"))
    return _finish(fig, ax, analysis, path)


#: Colours of each side's offers in `plot_negotiation`.
OFFER_COLOURS = {"A": "#b03a2e", "B": "#2e7d32"}


def plot_negotiation(
    analysis: ScenarioAnalysis,
    transcript: Transcript,
    outcome: NegotiationOutcome,
    path: Path,
) -> Path:
    """The outcome space with each side's offers as a path, the agreement and the Nash point."""
    s = analysis.scenario
    fig, ax = plt.subplots(figsize=(7.5, 8), dpi=120)
    draw_space(ax, analysis, transcript.seed, points=("Nash",), faint=True)
    for k, role in enumerate(ROLES):
        offers = outcome.offers[role]
        if not offers:
            continue
        party = s.a if role == "A" else s.b
        u = np.array([p.utilities for p in offers])
        colour = OFFER_COLOURS[role]
        ax.plot(
            u[:, 0],
            u[:, 1],
            "-o",
            c=colour,
            ms=5,
            lw=1.2,
            alpha=0.85,
            zorder=4,
            label=f"{party.name} ({transcript.strategies[k]}): {len(offers)} offers",
        )
        ax.scatter(
            u[0, 0], u[0, 1], marker="o", s=70, facecolors="white", edgecolors=colour, zorder=5
        )
        ax.annotate(
            f"{role} opens",
            u[0],
            textcoords="offset points",
            xytext=(-6 if u[0, 0] > 0.8 else 6, -12 if u[0, 1] > 0.9 else 6),
            ha="right" if u[0, 0] > 0.8 else "left",
            fontsize=8,
            color=colour,
        )
    if outcome.agreement:
        label = f"agreement ({outcome.utilities[0]:.2f}, {outcome.utilities[1]:.2f})"
        if outcome.condition is not None and outcome.outcome is not None:
            label = "conditional " + label + ", expected"
        if outcome.outcome is not None:
            label = labelled(label, s.space.issues, s.space.outcome(outcome.outcome))
            face = [p.preferences.utility.at(outcome.outcome) for p in s.parties]
            ax.plot(
                [face[0], outcome.utilities[0]],
                [face[1], outcome.utilities[1]],
                ":",
                c="black",
                lw=1.2,
                zorder=6,
                label="as stated -> expected under each side's belief",
            )
        ax.scatter(
            *outcome.utilities,
            marker="*",
            s=320,
            c="gold",
            edgecolors="black",
            linewidths=1,
            zorder=7,
            label=label,
        )
    else:
        ax.scatter(
            *outcome.utilities,
            marker="X",
            s=160,
            c="black",
            zorder=7,
            label=f"no agreement ({outcome.reason.replace('_', ' ')}): BATNAs",
        )
    title = (
        f"{s.name}\n{s.a.name} ({transcript.strategies[0]}) vs "
        f"{s.b.name} ({transcript.strategies[1]}), seed {transcript.seed}"
    )
    return _finish(fig, ax, analysis, path, title=title)


def draw_space(
    ax: Axes,
    analysis: ScenarioAnalysis,
    seed: int,
    points: tuple[str, ...],
    faint: bool = False,
) -> None:
    """The outcome cloud, the Pareto frontier, both BATNA lines and the named `points`."""
    s = analysis.scenario
    cloud, sampled = outcome_cloud(analysis, seed)
    label = f"outcomes ({'sample of ' if sampled else ''}{len(cloud):,})"
    size = 12 if len(cloud) <= 5_000 else 3
    alpha = 0.25 if faint else 0.45
    ax.scatter(cloud[:, 0], cloud[:, 1], s=size, c="#8fa3bf", alpha=alpha, lw=0, label=label)
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
        if point is not None and name in points:
            ax.scatter(
                *point.utilities,
                marker=marker,
                s=120,
                c=color,
                zorder=5,
                edgecolors="black",
                linewidths=0.5,
                label=labelled(name, s.space.issues, point.outcome),
            )


def legend_below(ax: Axes, fontsize: int) -> None:
    """The legend under the axes in two columns: the labelled points carry their terms,
    too long to sit over the cloud and the frontier."""
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=2,
        fontsize=fontsize,
        framealpha=0.9,
    )


def _finish(
    fig: Figure, ax: Axes, analysis: ScenarioAnalysis, path: Path, title: str | None = None
) -> Path:
    s = analysis.scenario
    ax.set(
        xlabel=f"utility of {s.a.name} (A)",
        ylabel=f"utility of {s.b.name} (B)",
        xlim=(-0.02, 1.02),
        ylim=(-0.02, 1.02),
        title=s.name if title is None else title,
    )
    ax.grid(alpha=0.3)
    legend_below(ax, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
