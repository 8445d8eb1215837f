"""The ledger as CSV rows and as a printable page: each counterparty's health, its
negotiations with their numbers, trust and resentment over time, open conditions.

The CSV has one header and one kind of row per `section` (docs/store.md has the
ledger, docs/debrief.md the columns): `counterparty` (its health now),
`history` (each negotiation, or a condition checked, with the state after it)
and `condition` (conditions still to check, P12). We are side A: `us` and
`them` as in `accord ledger show`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from accord.doctrine import STANCE
from accord.export.page import (
    Cell,
    Section,
    Table,
    csv_text,
    png,
    render_html,
    write_csv,
    write_text,
)

if TYPE_CHECKING:
    from accord.relationship import RelationshipState
    from accord.store.health import Health
    from accord.store.ledger import HistoryEntry, OpenCondition
    from accord.store.manual import Terms

#: The CSV's columns, in order.
COLUMNS = (
    "section",
    "counterparty",
    "id",
    "day",
    "what",
    "deal",
    "u_us",
    "u_them",
    "share_us",
    "fair_us",
    "trust",
    "resent_us",
    "resent_them",
    "value_us",
    "value_them",
    "terms",
    "detail",
)
Row = dict[str, Cell]
#: Draws a counterparty's chart of trust and resentment to a PNG path.
Chart = Callable[["Counterparty", Path], object]


@dataclass(frozen=True)
class Counterparty:
    """What the store holds on one counterparty, read by the command that exports it."""

    health: Health
    steps: list[HistoryEntry]
    conditions: list[OpenCondition]
    start: RelationshipState  # before the first negotiation: the chart's first point
    terms: Mapping[int, Terms] = field(default_factory=dict)  # deals entered by their terms


def rows(parties: Sequence[Counterparty]) -> list[Row]:
    """Every row of the CSV: each counterparty's health, then its history and conditions."""
    out: list[Row] = []
    for p in parties:
        out.append(_health_row(p.health))
    for p in parties:
        out += _history_rows(p)
        out += [_condition_row(p.health.name, c) for c in p.conditions]
    return out


def write_csv_file(parties: Sequence[Counterparty], path: Path) -> None:
    write_csv(path, COLUMNS, rows(parties))


def csv(parties: Sequence[Counterparty]) -> str:
    """The CSV `write_csv_file` writes, as text."""
    return csv_text(COLUMNS, rows(parties))


def write_html_file(
    parties: Sequence[Counterparty], path: Path, chart: Chart | None, shown: str
) -> None:
    """The ledger as one standalone page; `chart` draws each counterparty's figure."""
    write_text(path, html(parties, chart, shown))


def html(parties: Sequence[Counterparty], chart: Chart | None, shown: str) -> str:
    """The standalone page `write_html_file` writes, as text."""
    title = f"Relationship with {parties[0].health.name}" if len(parties) == 1 else "The ledger"
    subtitle = (
        f"{len(parties)} counterpart{'y' if len(parties) == 1 else 'ies'} in {shown}. "
        f"Trust and resentment run from 0; resentment above {STANCE.resentment_alert} "
        "is the alert (P14)."
    )
    sections = [_overview(parties)]
    for p in parties:
        sections.append(_history(p, None if chart is None else png(partial(chart, p))))
    return render_html(title, subtitle, sections)


def plot_relationship(
    steps: list[HistoryEntry], start: RelationshipState, name: str, path: Path
) -> None:
    """Trust and both resentments from the start through each state of the relationship
    (the PNG of `accord ledger show --plot` and of the page's figures)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    states = [start, *(s.state for s in steps)]
    x = list(range(len(states)))
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    ax.plot(x, [s.trust for s in states], "-o", label="trust", c="#2a7ab9")
    ax.plot(x, [s.resentment[0] for s in states], "-s", label="our resentment", c="#d9822b")
    ax.plot(x, [s.resentment[1] for s in states], "-^", label="their resentment", c="#c23b22")
    labels = ["start"]
    for k, s in enumerate(steps, start=1):
        if s.cause == "condition":
            ax.axvline(k, c="0.7", ls=":", lw=1)
        labels.append(s.held_on.isoformat() if s.held_on else "condition")
    ax.set_xticks(x, labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("negotiations (dotted: a condition checked)")
    ax.set_title(f"Relationship with {name}")
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# rows -------------------------------------------------------------------------------


def _health_row(h: Health) -> Row:
    return {
        "section": "counterparty",
        "counterparty": h.name,
        "day": None if h.last is None else h.last.isoformat(),
        "what": "ended" if h.left else "health",
        "trust": h.trust,
        "resent_us": h.resentment[0],
        "resent_them": h.resentment[1],
        "value_us": None if h.value is None else h.value[0],
        "value_them": None if h.value is None else h.value[1],
        "detail": f"held {h.negotiations}, still open {h.open_negotiations}, "
        f"open conditions {h.open_conditions}",
    }


def _history_rows(p: Counterparty) -> list[Row]:
    out: list[Row] = []
    for step in p.steps:
        snap = step.state
        row: Row = {
            "section": "history",
            "counterparty": p.health.name,
            "id": step.negotiation_id,
            "day": None if step.held_on is None else step.held_on.isoformat(),
            "trust": snap.trust,
            "resent_us": snap.resentment[0],
            "resent_them": snap.resentment[1],
        }
        if step.cause != "negotiation":
            row["what"] = "condition checked"
        else:
            rec = snap.history[-1]
            row |= {
                "what": rec.scenario or rec.reason or "negotiation",
                "deal": "yes" if rec.agreement else "no",
                "u_us": rec.utilities[0],
                "u_them": rec.utilities[1],
                "share_us": None if rec.shares is None else rec.shares[0],
                "fair_us": None if rec.fair_shares is None else rec.fair_shares[0],
                "detail": "" if rec.condition is None else f"condition: {rec.condition.text}",
            }
            entered = p.terms.get(step.negotiation_id or 0)
            if entered is not None:
                row["terms"] = entered.shown or ", ".join(
                    f"{k}={v}" for k, v in entered.values.items()
                )
        out.append(row)
    return out


def _condition_row(name: str, c: OpenCondition) -> Row:
    return {
        "section": "condition",
        "counterparty": name,
        "id": c.negotiation_id,
        "day": None if c.check_by is None else c.check_by.isoformat(),
        "what": c.text,
        "detail": f"to be met by {c.obligor}",
    }


# the page ---------------------------------------------------------------------------


def _f(x: Cell, fmt: str = ".2f") -> str:
    return "" if x is None else format(x, fmt) if isinstance(x, float) else str(x)


def _overview(parties: Sequence[Counterparty]) -> Section:
    rows = [_health_row(p.health) for p in parties]
    table = Table(
        ("counterparty", "last", "trust", "resent us", "resent them", "value us", "value them"),
        [
            (
                str(r["counterparty"]),
                _f(r["day"]),
                _f(r["trust"]),
                _f(r["resent_us"]),
                _f(r["resent_them"]),
                _f(r["value_us"]),
                _f(r["value_them"]),
            )
            for r in rows
        ],
        marks=["broken" if _alert(p.health.resentment) else "" for p in parties],
        numeric=(2, 3, 4, 5, 6),
    )
    return Section(
        "Counterparties",
        ("value: the long-term value of the relationship so far, each side (P15).",),
        table,
    )


def _alert(resentment: tuple[float, float]) -> bool:
    return max(resentment) > STANCE.resentment_alert


def _history(p: Counterparty, figure: str | None) -> Section:
    rows = _history_rows(p)
    table = Table(
        (
            "#",
            "day",
            "what",
            "deal",
            "u us",
            "u them",
            "share us",
            "fair us",
            "trust",
            "resent us",
            "resent them",
        ),
        [
            (
                _f(r.get("id")),
                _f(r.get("day")),
                _f(r.get("what"))
                + (f": {r['terms']}" if r.get("terms") else "")
                + (f" ({r['detail']})" if r.get("detail") else ""),
                _f(r.get("deal")),
                *(_f(r.get(k)) for k in ("u_us", "u_them")),
                *(_f(r.get(k), ".0%") for k in ("share_us", "fair_us")),
                *(_f(r.get(k)) for k in ("trust", "resent_us", "resent_them")),
            )
            for r in rows
        ],
        numeric=(0, 4, 5, 6, 7, 8, 9, 10),
    )
    paragraphs = [
        f"Open condition of #{c.negotiation_id}: {c.text} (to be met by {c.obligor}"
        + ("" if c.check_by is None else f", check by {c.check_by.isoformat()}")
        + ")."
        for c in p.conditions
    ]
    if not p.steps:
        paragraphs.insert(0, "No negotiation recorded yet.")
    return Section(
        f"{p.health.name}: negotiations, trust and resentment",
        tuple(paragraphs),
        table if p.steps else None,
        figure,
        caption="u: each side's utility of the deal, 0 (worst terms) to 1 (best); share: of "
        "the surplus over both walk-aways; fair: the share at the Nash point.",
    )
