"""Rich tables and the PNG chart of `accord ledger`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from accord.doctrine import STANCE

if TYPE_CHECKING:
    from accord.relationship import RelationshipState
    from accord.store.health import Health
    from accord.store.ledger import HistoryEntry, OpenCondition
    from accord.store.manual import Terms
    from accord.store.negotiations import NegotiationInfo


def render_health(rows: list[Health], shown: str) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from accord.cli.common import literal, out
    from accord.cli.formatting import print_wide

    if not rows:
        literal(out, f"No counterparties in {shown} yet: `accord ledger record NAME ...` adds one.")
        return
    t = Table(
        title=f"Ledger ({escape(shown)})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption=(
            f"resentment 0 = none, red above {STANCE.resentment_alert} (the alert, P14); "
            "value: long-term value so far (P15)"
        ),
        caption_justify="left",
    )
    t.add_column("counterparty")
    for column in ("held", "trust", "resent us", "resent them", "last", "value us", "value them"):
        t.add_column(column, justify="right", no_wrap=True)
    t.add_column("open cond.", justify="right", no_wrap=True)
    for h in rows:
        t.add_row(
            f"[bold]{escape(h.name)}[/bold]" + (" (ended)" if h.left else ""),
            str(h.negotiations) + (f" +{h.open_negotiations} open" if h.open_negotiations else ""),
            f"{h.trust:.2f}",
            *_warned(h.resentment),
            "" if h.last is None else h.last.isoformat(),
            *(("", "") if h.value is None else (f"{h.value[0]:.2f}", f"{h.value[1]:.2f}")),
            str(h.open_conditions) if h.open_conditions else "",
        )
    print_wide(t, out)


def render_show(
    health: Health,
    steps: list[HistoryEntry],
    conditions: list[OpenCondition],
    running: list[NegotiationInfo],
    terms: dict[int, Terms] | None = None,
    agreed: dict[int, str] | None = None,
    option: str = "",
) -> None:
    """`ledger show`: the history, the terms of each deal (entered by hand, with what
    they are worth, or agreed in accord), the relationship's health, its open conditions
    and its open negotiations (with the command, on this `--db` `option`, that goes on)."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from accord.cli.common import out
    from accord.cli.formatting import print_wide
    from accord.store.coached import kind_of

    t = Table(
        title=f"Relationship with {escape(health.name)}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    t.add_column("#", justify="right")
    t.add_column("day", no_wrap=True)
    t.add_column("what")
    for column in (
        "deal",
        "u us",
        "u them",
        "share us",
        "fair us",
        "trust",
        "resent us",
        "resent them",
    ):
        t.add_column(column, justify="right", no_wrap=True)
    checked: dict[int, int | None] = {}  # a record's position -> its negotiation's id
    for k, step in enumerate(steps):
        snap = step.state
        if step.cause != "negotiation":
            which = _checked(steps[k - 1].state if k else None, snap, checked)
            t.add_row(
                "",
                "",
                f"[italic]condition of #{which} checked[/italic]"
                if which is not None
                else "[italic]condition checked[/italic]",
                *[""] * 5,
                f"{snap.trust:.2f}",
                *_warned(snap.resentment),
            )
            continue
        rec = snap.history[-1]
        x, f = rec.shares, rec.fair_shares
        checked[len(snap.history) - 1] = step.negotiation_id
        t.add_row(
            "" if step.negotiation_id is None else str(step.negotiation_id),
            "" if step.held_on is None else step.held_on.isoformat(),
            escape(rec.scenario or rec.reason or "negotiation"),
            "yes" if rec.agreement else "no",
            f"{rec.utilities[0]:.2f}",
            f"{rec.utilities[1]:.2f}",
            "" if x is None else f"{x[0]:.2f}",
            "" if f is None else f"{f[0]:.2f}",
            f"{snap.trust:.2f}",
            *_warned(snap.resentment),
        )
    print_wide(t, out)
    lines = {n: terms_lines(t, label=f"#{n} ") for n, t in (terms or {}).items()}
    lines |= {n: [f"#{n} Terms: {text}"] for n, text in (agreed or {}).items()}
    for _, said in sorted(lines.items()):
        for line in said:
            out.print(escape(line), highlight=False, soft_wrap=True)
    value = "" if health.value is None else f"; long-term value so far {_pair(health.value)}"
    out.print(
        f"Trust {health.trust:.2f}; dependence {_pair(health.dependence)}{value}", highlight=False
    )
    render_conditions(conditions)
    for n in running:
        kind = kind_of(n.strategies, n.kind)
        command = "negotiate" if kind == n.kind else "coach"
        out.print(
            f"Open: #{n.id} ({kind}, {escape(n.scenario)}, started "
            f"{n.started_at:%Y-%m-%d}): `accord {command} --resume {n.id}{option}`",
            highlight=False,
            soft_wrap=True,
        )


def terms_lines(entered: Terms, label: str = "") -> list[str]:
    """A deal entered by its terms, with what they are worth: 'Terms: rebate=2%, ...:
    0.612 to us by the plan, about 0.550 to them by its estimate'; then the terms if
    the condition is not met."""
    worth = "to us by plan '{p}', about {t:.3f} to them by its estimate"
    if entered.given:
        worth = "to us by plan '{p}', {t:.3f} to them as given"
    lines = [
        f"{label}Terms: {entered.shown}: {entered.ours:.3f} "
        + worth.format(p=entered.plan, t=entered.theirs)
    ]
    if entered.else_shown is not None and entered.else_ours is not None:
        theirs = entered.else_theirs if entered.else_theirs is not None else 0.0
        lines.append(
            f"{label}If the condition is not met: {entered.else_shown}: "
            f"{entered.else_ours:.3f} to us, about {theirs:.3f} to them"
        )
    return lines


def _checked(
    before: RelationshipState | None, after: RelationshipState, ids: dict[int, int | None]
) -> int | None:
    """The id of the negotiation whose condition was checked between `before` and `after`."""
    from accord.relationship.state import condition_checked

    k = condition_checked(before, after)
    return None if k is None else ids.get(k)


def render_conditions(conditions: list[OpenCondition]) -> None:
    from rich.markup import escape

    from accord.cli.common import out

    if not conditions:
        out.print("No open conditions.")
        return
    today = dt.date.today()
    out.print(
        "[bold]Open conditions to check (P12)[/bold]: "
        "`accord ledger resolve NAME # --honoured/--broken` (# is the negotiation's id)",
        soft_wrap=True,
    )
    for c in conditions:
        due = "" if c.check_by is None else f", check by {c.check_by.isoformat()}"
        flag = " [red]due[/red]" if c.check_by is not None and c.due(today) else ""
        out.print(
            f"  #{c.negotiation_id} {escape(c.text)} (to be met by {c.obligor}{due}){flag}",
            highlight=False,
            soft_wrap=True,
        )


def _warned(p: tuple[float, float]) -> tuple[str, str]:
    """Both resentments, red above the alert the coach and the debrief warn at (P14)."""

    def shown(v: float) -> str:
        return f"[red]{v:.2f}[/red]" if v > STANCE.resentment_alert else f"{v:.2f}"

    return shown(p[0]), shown(p[1])


def _pair(p: tuple[float, float]) -> str:
    return f"{p[0]:.2f} / {p[1]:.2f}"
