"""The report's PNG figures: long-term value by strategy, resentment and trust over
the series, lifetimes (survival), and sensitivity to a sweep.

Each takes a `Report` and a path and returns the path; error bars are 95%
normal intervals of the mean (1.96 standard errors), the spread of the seeded
repetitions and domains, not of the model's parameters (that is the sweep).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from accord.tournament.report import Report, StrategyTrack
from accord.tournament.tasks import Point, point_label


def write_all(report: Report, folder: Path) -> list[Path]:
    """Every figure that applies to `report`, written into `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not report.series:
        return [utility(report, folder / "utility.png")]
    written = [
        long_term_value(report, folder / "long_term_value.png"),
        relationship(report, folder / "relationship.png"),
        lifetimes(report, folder / "lifetimes.png"),
    ]
    if len(report.points) > 1:
        written.append(sensitivity(report, folder / "sensitivity.png"))
    return written


def _ranked(report: Report, point: Point) -> list[str]:
    return [r.strategy for r in report.standings[point] if r.strategy not in report.field]


def _mean_ci(xs: list[float]) -> tuple[float, float]:
    a = np.asarray(xs, dtype=float)
    if len(a) < 2:
        return float(a.mean()) if len(a) else float("nan"), 0.0
    return float(a.mean()), float(1.96 * a.std(ddof=1) / np.sqrt(len(a)))


def long_term_value(report: Report, path: Path) -> Path:
    """Two panels per strategy: long-term value, and single-negotiation utility."""
    point = report.points[0]
    names = _ranked(report, point)
    tracks = report.tracks.get(point, {})
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), dpi=120)
    for ax, attr, title in (
        (axes[0], "long_term_value", f"Long-term value over {report.horizon} negotiations"),
        (axes[1], "one_shot", "Single-negotiation utility (first of each series)"),
    ):
        stats = [_mean_ci(getattr(tracks[n], attr)) for n in names]
        ax.bar(
            names,
            [m for m, _ in stats],
            yerr=[e for _, e in stats],
            capsize=4,
            color="#4c72b0",
        )
        ax.set_title(title, fontsize=10)
        ax.tick_params(axis="x", rotation=30)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(_subtitle(report, point), fontsize=9)
    return _save(fig, path)


def relationship(report: Report, path: Path) -> Path:
    """Mean own resentment and mean trust after each negotiation of the series."""
    point = report.points[0]
    tracks = report.tracks.get(point, {})
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), dpi=120)
    for name in _ranked(report, point):
        t = tracks[name]
        k = np.arange(1, len(t.alive) + 1)
        axes[0].plot(k, t.mean_path("resentment"), marker="o", ms=3, label=name)
        axes[1].plot(k, t.mean_path("trust"), marker="o", ms=3, label=name)
    axes[0].set_title("Own resentment after negotiation k (series still running)", fontsize=10)
    axes[1].set_title("Trust after negotiation k", fontsize=10)
    axes[1].set_ylim(0, 1)
    for ax in axes:
        ax.set_xlabel("negotiation")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle(_subtitle(report, point), fontsize=9)
    return _save(fig, path)


def lifetimes(report: Report, path: Path) -> Path:
    """Survival: the share of each strategy's series still running at negotiation k."""
    point = report.points[0]
    tracks = report.tracks.get(point, {})
    horizon = report.horizon or 1
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    k = np.arange(1, horizon + 1)
    for name in _ranked(report, point):
        life = np.asarray(tracks[name].lifetimes)
        ax.step(k, [(life >= j).mean() for j in k], where="post", label=name)
    ax.set_xlabel("negotiation")
    ax.set_ylabel("share of series still running")
    ax.set_ylim(0, 1.05)
    ax.set_title("Relationship lifetimes", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.suptitle(_subtitle(report, point), fontsize=9)
    return _save(fig, path)


def sensitivity(report: Report, path: Path) -> Path:
    """Long-term value of each strategy at every sweep point."""
    fig, ax = plt.subplots(figsize=(max(7, 1.1 * len(report.points)), 4.5), dpi=120)
    x = np.arange(len(report.points))
    for name in _ranked(report, report.points[0]):
        stats = [_mean_ci(_track(report, p, name).long_term_value) for p in report.points]
        ax.errorbar(
            x, [m for m, _ in stats], yerr=[e for _, e in stats], marker="o", capsize=3, label=name
        )
    ax.set_xticks(x, [point_label(p) for p in report.points], rotation=30, ha="right")
    ax.set_ylabel("long-term value")
    ax.set_title("Sensitivity of long-term value to the swept parameters", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return _save(fig, path)


def utility(report: Report, path: Path) -> Path:
    """Mean own utility by strategy (a tournament of single negotiations)."""
    point = report.points[0]
    records = [r for r in report.standings[point] if r.strategy not in report.field]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ax.bar([r.strategy for r in records], [r.own for r in records], color="#4c72b0")
    ax.set_ylabel("mean own utility")
    ax.set_title("Own utility by strategy", fontsize=10)
    ax.tick_params(axis="x", rotation=30)
    ax.grid(axis="y", alpha=0.3)
    return _save(fig, path)


def _track(report: Report, point: Point, name: str) -> StrategyTrack:
    return report.tracks.get(point, {}).get(name, StrategyTrack())


def _subtitle(report: Report, point: Point) -> str:
    extra = f"; {point_label(point)}" if point else ""
    return f"{report.count // len(report.points)} results from {report.path.name}{extra}"


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
