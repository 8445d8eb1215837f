"""The debrief as a PNG: both sides' offers over the frontier, and concessions over time.

Left, the outcome space as `accord.plots` draws it (cloud, frontier, BATNAs,
Nash point) with each side's offers as a path, the agreement and the better
deal that was available, joined by an arrow. Right, each side's own utility
of its offers round by round, with its BATNA and our target: the concessions.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from accord.debrief.model import Debrief
from accord.model.issues import ROLES
from accord.plots import OFFER_COLOURS, draw_space, labelled, legend_below


def plot_debrief(d: Debrief, path: Path) -> Path:
    """Write the debrief's figure to `path` (PNG) and return it."""
    fig, (space, time) = plt.subplots(
        1, 2, figsize=(13, 8), dpi=110, gridspec_kw={"width_ratios": [1.1, 1]}
    )
    draw_space(space, d.analysis, d.transcript.seed, points=("Nash",), faint=True)
    _offers(space, d)
    _result(space, d)
    s = d.analysis.scenario
    we = s.a.name if d.side == "A" else s.b.name
    space.set(
        xlabel=f"utility of {s.a.name} (A)",
        ylabel=f"utility of {s.b.name} (B)",
        xlim=(-0.02, 1.02),
        ylim=(-0.02, 1.02),
        title="Offers over the outcome space",
    )
    space.grid(alpha=0.3)
    legend_below(space, fontsize=7)
    _concessions(time, d)
    fig.suptitle(
        f"Debrief: {s.name}, seen by {we} ({d.side})\n"
        f"{s.a.name} ({d.strategies[0]}) vs {s.b.name} ({d.strategies[1]}), "
        f"{d.result.reason.replace('_', ' ')} in round {d.rounds_used} of {d.rounds}",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _offers(ax: Axes, d: Debrief) -> None:
    s = d.analysis.scenario
    for k, role in enumerate(ROLES):
        offers = d.outcome.offers[role]
        if not offers:
            continue
        u = np.array([p.utilities for p in offers])
        name = (s.a, s.b)[k].name
        who = " (we)" if role == d.side else ""
        colour = OFFER_COLOURS[role]
        ax.plot(
            *u.T, "-o", c=colour, ms=4, lw=1.1, alpha=0.85, zorder=4, label=f"{name}{who}: offers"
        )
        ax.scatter(
            u[0, 0], u[0, 1], marker="o", s=70, facecolors="white", edgecolors=colour, zorder=5
        )


def _result(ax: Axes, d: Debrief) -> None:
    e, r = d.efficiency, d.result
    issues = d.analysis.scenario.space.issues
    if r.agreement:
        ax.scatter(
            *e.point,
            marker="*",
            s=320,
            c="gold",
            edgecolors="black",
            zorder=7,
            label=labelled(f"agreement ({e.point[0]:.2f}, {e.point[1]:.2f})", issues, r.terms),
        )
    else:
        ax.scatter(*e.point, marker="X", s=150, c="black", zorder=7, label="no agreement: BATNAs")
    if e.better is not None:
        b = e.better.utilities
        what = "Nash point" if e.kind == "nash" else "better deal"
        how = "available" if e.reachable else "on paper only"
        ax.scatter(
            *b,
            marker="P",
            s=160,
            c="#00a0b0",
            edgecolors="black",
            zorder=7,
            label=labelled(f"{what} {how} ({b[0]:.2f}, {b[1]:.2f})", issues, e.better.terms),
        )
        ax.annotate(
            "",
            xy=b,
            xytext=e.point,
            arrowprops={
                "arrowstyle": "->",
                "color": "#00a0b0",
                "lw": 1.5,
                "linestyle": "-" if e.reachable else "--",  # dashed: only on paper
            },
            zorder=6,
        )


def _concessions(ax: Axes, d: Debrief) -> None:
    s = d.analysis.scenario
    for k, role in enumerate(ROLES):
        steps = d.steps(role)
        colour = OFFER_COLOURS[role]
        name = (s.a, s.b)[k].name
        if steps:
            ax.step(
                [st.round for st in steps],
                [st.own for st in steps],
                "-o",
                where="post",
                c=colour,
                ms=3,
                label=f"{name}: own utility of its offers",
            )
        final = [st for st in steps if st.kind == "ultimatum"]
        if final:
            ax.scatter(
                [st.round for st in final],
                [st.own for st in final],
                marker="s",
                s=90,
                facecolors="none",
                edgecolors=colour,
                lw=1.5,
                zorder=5,
                label=f"{name}: ultimatum",
            )
        ax.axhline(d.result.reservations[k], c=colour, ls=":", lw=1, label=f"{name} BATNA")
    ax.axhline(
        d.result.target, c="black", ls="--", lw=1, label=f"our target ({d.result.target:.2f})"
    )
    end = "agreement" if d.result.agreement else d.result.reason.replace("_", " ")
    ax.axvline(d.rounds_used, c="grey", ls="-.", lw=1, label=f"{end} (round {d.rounds_used})")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(
        xlabel="round",
        ylabel="own utility of the offer",
        ylim=(-0.02, 1.02),
        xlim=(0.5, d.rounds + 0.5),
        title="Concessions over time",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=7, framealpha=0.9)
