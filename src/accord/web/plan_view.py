"""What the plan page shows beside the form: the plan's numbers as packages of terms.

The same library calls as `accord plan check` (`accord.cli.render_plan`): the
report of `accord.plan.derive.check_plan`, each number's package
(`PlanReport.packages`, `step_package`), the terms with their units
(`accord.model.units`), the ZOPA and the warnings, worded as the command words them.
"""

from __future__ import annotations

from typing import Any

from accord.plan.derive import PlanReport
from accord.plan.package import Package

NUMBER_ROWS = (
    ("opening", "Opening"),
    ("target", "Target"),
    ("estimated_nash", "Fair deal (estimated)"),
    ("walk_away", "Walk-away"),
)


def terms(report: PlanReport, package: Package) -> list[tuple[str, str]]:
    """The package's terms, each with its unit (`accord.model.units.show_value`)."""
    from accord.model.units import show_value

    issues = {i.name: i for i in report.plan.space.issues}
    return [(k, show_value(issues[k], v)) for k, v in package.values.items()]


def worth(package: Package) -> str:
    """What the package is worth, when it differs from its level (as `plan check` says)."""
    said = []
    if f"{package.ours:.3f}" != f"{package.level:.3f}":
        said.append(f"{package.ours:.3f} to us")
    if package.theirs is not None:
        said.append(f"about {package.theirs:.3f} to them")
    return ", ".join(said)


def view(report: PlanReport) -> dict[str, Any]:
    """The derived panel: the numbers as packages, the schedule, the ZOPA, the warnings."""
    p = report.plan
    how = {
        "opening": "given" if p.opening is not None else "our aspiration (P3)",
        "target": "derived: estimated fair deal + edge" if report.target_derived else "given",
        "estimated_nash": "the Nash point of our estimate",
        "walk_away": "never agree below (P2)",
    }
    packages = report.packages()
    rows = [
        {"key": k, "label": label, "level": packages[k].level, "how": how[k]}
        | {"terms": terms(report, packages[k]), "worth": worth(packages[k])}
        for k, label in NUMBER_ROWS
        if k in packages
    ]
    schedule, before = [], None
    for s in report.schedule:
        step = report.step_package(s)
        shown = terms(report, step)
        schedule.append({"row": s, "terms": shown, "worth": worth(step), "same": shown == before})
        before = shown
    return {
        "report": report,
        "rows": rows,
        "schedule": schedule,
        "zopa": zopa_line(report),
        "heading": _heading(report),
    }


def _heading(report: PlanReport) -> str:
    kept = ", ".join(report.plan.keep_for_close)
    close = f"; {kept} kept for the close until the late phase" if kept else ""
    if report.informed:
        return "at that utility for us, the best for them by our estimate" + close
    return "the package closest above that utility; their preferences are unknown"


def zopa_line(report: PlanReport) -> str:
    z = report.zopa
    if z is None:
        return "ZOPA: unknown until we estimate their preferences."
    a, b = z.bounds_a, z.bounds_b
    if a is None or b is None:
        return "No ZOPA by our estimate: no outcome is at least as good as both BATNAs."
    ours, theirs = (a, b) if report.plan.side == "A" else (b, a)
    strict = "" if z.n_strict == z.n_outcomes else f", {z.n_strict:,} strictly better"
    return (
        f"Estimated ZOPA: {z.n_outcomes:,} outcomes ({z.fraction:.1%}{strict}); "
        f"we get {ours[0]:.3f}-{ours[1]:.3f}, they about {theirs[0]:.3f}-{theirs[1]:.3f}."
    )


def report_json(report: PlanReport) -> dict[str, Any]:
    """`accord plan check --json`, with each package's terms as shown."""
    from accord.model.units import show_terms

    issues = report.plan.space.issues
    shown = {k: show_terms(issues, p.values) for k, p in report.packages().items()}
    return report.to_json() | {"terms_shown": shown}
