"""The outcome space as a picture the server draws: SVG, no chart library, no script.

`outcome_chart(scenario, analysis, offers=..., deal=...)` returns one `<svg>`
element as `Markup`, ready for a template (`{{ chart }}`). x is A's utility, y
is B's. It draws:

- the **outcome cloud**, thinned to at most `max_points` markers (outcomes with
  the same utilities to a 1/400 grid are one marker; beyond that a seeded sample),
  and above 200,000 outcomes drawn from a seeded sample of the space, so a
  10^5-outcome scenario stays fast and the page small;
- the **Pareto frontier** as a line through every vertex, each vertex a marker
  (always kept while the frontier has at most `max_points` vertices; a longer one
  is drawn through vertices spread evenly along it, its ends kept);
- **Nash**, **Kalai-Smorodinsky** and **max welfare** marked and labelled (points
  that coincide share one label);
- both **BATNA lines** (the reservation values) and the **ZOPA** shaded: the
  outcomes at least as good as both BATNAs lie under the frontier's staircase
  in that corner;
- optionally a negotiation: `offers`, a sequence of `(role, outcome, label)` with
  role 'A' or 'B', drawn as one polyline per side in order, and the `deal`.

Hovering any marker shows its `<title>`: the terms with their units
(`accord.model.units.show_terms`) and both utilities. The figures are those of
`accord.analysis` (`analyse`); nothing is recomputed here but the cloud. The
drawing of a scenario without offers is kept (a few per process), so a page
that redraws the chart after every move pays only for the offers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from markupsafe import Markup, escape

from accord.model.units import show_terms

if TYPE_CHECKING:
    from accord.analysis.report import NamedPoint, ScenarioAnalysis
    from accord.model.issues import Value
    from accord.model.scenario import Scenario

#: Most markers the cloud and the frontier draw together (the frontier first).
MAX_POINTS = 1000
#: Up to this many outcomes the cloud is computed from every outcome; above, a sample.
MAX_ENUMERATED = 200_000
#: Outcomes sampled from a larger space.
SAMPLED = 50_000
#: Utilities closer than 1/GRID on both axes draw as one marker.
GRID = 400
#: Colours of each side's offers (as `accord.plots` draws them).
OFFER_COLOURS = {"A": "#b03a2e", "B": "#2e7d32"}
#: The bargaining points: attribute of ScenarioAnalysis, label, marker colour.
POINTS = (
    ("nash", "Nash", "#6a1b9a"),
    ("kalai_smorodinsky", "Kalai-Smorodinsky", "#00838f"),
    ("max_welfare", "max welfare", "#ef6c00"),
)
_MARGIN = (58, 18, 16, 46)  # left, right, top, bottom, in pixels
_LEGEND_ROW = 20


@dataclass(frozen=True)
class _Frame:
    """Utility to pixel: the plot area and the utility range it shows."""

    left: float
    top: float
    size: float
    lo: float
    hi: float

    def x(self, u: float) -> float:
        return round(self.left + (u - self.lo) / (self.hi - self.lo) * self.size, 1)

    def y(self, u: float) -> float:
        return round(self.top + (self.hi - u) / (self.hi - self.lo) * self.size, 1)


def outcome_chart(
    scenario: Scenario,
    analysis: ScenarioAnalysis | None = None,
    *,
    offers: Sequence[tuple[str, int, str]] = (),
    deal: int | None = None,
    max_points: int = MAX_POINTS,
    size: int = 520,
    seed: int = 0,
) -> Markup:
    """The outcome space of `scenario` as an `<svg role="img">` element.

    Args:
        scenario: what to draw.
        analysis: `accord.analysis.report.analyse(scenario)`, computed (and kept)
            here when not given.
        offers: the offers made so far, in order, as `(role, outcome index, label)`:
            role 'A' or 'B', the label shown first in the marker's tooltip
            ("round 3: Vendor offers").
        deal: the agreed outcome's index, highlighted.
        max_points: most markers for the cloud and frontier together (the
            frontier is always drawn whole while it fits).
        size: width and height of the plot area in pixels (the SVG scales).
        seed: the sample's seed when the space is too large to enumerate.
    """
    if analysis is None:
        analysis = analysed(scenario)
    key = ("base", id(scenario), id(analysis), max_points, size, seed)
    base: _Base | None = _memo(key, (scenario, analysis))
    if base is None:
        base = _remember(
            key, (scenario, analysis), _Base.draw(scenario, analysis, max_points, size, seed)
        )
    extra = _negotiation(scenario, base.frame, offers, deal)
    legend = _legend(base, offers, deal)
    height = base.plot_height + _LEGEND_ROW * (1 + (len(legend) - 1) // 2) + 8
    width, label = base.width, base.label
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart outcome-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{label}" font-family="system-ui, sans-serif" font-size="12">'
        f"<title>{label}</title>{base.body}{extra}"
        f'<g class="legend">{_legend_svg(legend, base.plot_height, width)}</g></svg>'
    )


def analysed(scenario: Scenario, seed: int = 0) -> ScenarioAnalysis:
    """`analyse(scenario, seed)`, kept for the few scenarios used last (a scenario
    object is loaded once per file version by the workspace, so this is per file)."""
    from accord.analysis.report import analyse

    found: ScenarioAnalysis | None = _memo(("analysis", id(scenario), seed), (scenario,))
    if found is None:
        found = analyse(scenario, seed=seed)
        _remember(("analysis", id(scenario), seed), (scenario,), found)
    return found


# the drawing of a scenario, kept --------------------------------------------


@dataclass(frozen=True)
class _Base:
    frame: _Frame
    width: int
    plot_height: int
    label: str
    body: str
    layers: tuple[str, ...]  # what the legend lists: cloud, frontier, points, batna, zopa

    @classmethod
    def draw(
        cls, scenario: Scenario, a: ScenarioAnalysis, max_points: int, size: int, seed: int
    ) -> _Base:
        front = np.asarray(a.frontier, dtype=float)
        front_digits = np.asarray(a.frontier_digits)
        keep = _even(len(front), max_points)
        cloud, digits = cloud_points(scenario, max(max_points - len(keep), 0), seed)
        r = scenario.reservations
        everything = np.vstack([cloud.reshape(-1, 2), front, np.array([r])])
        lo = min(0.0, float(everything.min()))
        hi = max(1.0, float(everything.max()))
        left, right, top, bottom = _MARGIN
        frame = _Frame(left, top, size, lo, hi)
        issues = scenario.space.issues
        tip = _tipper(scenario)
        parts = [
            _axes(frame, scenario),
            _zopa(frame, a, r),
            _batna_lines(frame, scenario),
            _markers(frame, cloud, digits, issues, tip, "cloud", 2.2, "#9aa4b2"),
            _frontier(frame, front[_even(len(front), 4 * max_points)]),
            _markers(frame, front[keep], front_digits[keep], issues, tip, "frontier", 3, "#1f5fbf"),
            _named_points(frame, a, tip),
        ]
        named = tuple(name for attr, name, _ in POINTS if getattr(a, attr) is not None)
        layers = ("cloud", "frontier", *named, "batna") + (("zopa",) if a.zopa.exists else ())
        label = escape(_label(scenario, a))
        return cls(frame, left + size + right, top + size + bottom, label, "".join(parts), layers)


def cloud_points(scenario: Scenario, budget: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """At most `budget` outcomes to draw: their utility pairs (k, 2) and digits (k, issues).

    Every outcome up to MAX_ENUMERATED (a seeded sample above); outcomes whose
    utilities fall in the same 1/GRID cell are one; a seeded sample of the cells
    when more than `budget` remain. Sorted by A's utility for a stable drawing.
    """
    space = scenario.space
    ua, ub = scenario.a.preferences.utility, scenario.b.preferences.utility
    rng = np.random.default_rng(seed)
    if budget <= 0:
        return np.empty((0, 2)), np.empty((0, len(space.issues)), dtype=np.int64)
    if space.n_outcomes <= MAX_ENUMERATED:
        utils = np.column_stack((ua.all(), ub.all()))
        index: np.ndarray | None = np.arange(space.n_outcomes)
        digits = None
    else:
        digits = space.sample_digits(rng, SAMPLED)
        utils = np.column_stack((ua.of_digits(digits), ub.of_digits(digits)))
        index = None
    cells = np.round(utils * GRID).astype(np.int64)
    _, first = np.unique(cells[:, 0] * (4 * GRID + 1) + cells[:, 1], return_index=True)
    if len(first) > budget:
        first = rng.choice(first, budget, replace=False)
    first = first[np.argsort(utils[first, 0], kind="stable")]
    chosen = space.digits(index[first]) if index is not None else digits[first]  # type: ignore[index]
    return utils[first], chosen


# pieces of the picture --------------------------------------------------------

Tip = Callable[[dict[str, "Value"], float, float], str]


def _tipper(scenario: Scenario) -> Tip:
    """A marker's tooltip: its terms with units, then both sides' utilities."""
    issues = scenario.space.issues
    a, b = scenario.a.name, scenario.b.name

    def tip(terms: dict[str, Value], ua: float, ub: float) -> str:
        return f"{show_terms(issues, terms)}\n{a} (A): {ua:.3f} · {b} (B): {ub:.3f}"

    return tip


def _markers(
    f: _Frame,
    utils: np.ndarray,
    digits: np.ndarray,
    issues: tuple[Any, ...],
    tip: Tip,
    name: str,
    radius: float,
    colour: str,
) -> str:
    out = [f'<g class="{name}" fill="{colour}">']
    for (ua, ub), d in zip(utils.tolist(), digits.tolist(), strict=True):
        terms = {i.name: i.values[k] for i, k in zip(issues, d, strict=True)}
        out.append(
            f'<circle cx="{f.x(ua)}" cy="{f.y(ub)}" r="{radius}">'
            f"<title>{escape(tip(terms, ua, ub))}</title></circle>"
        )
    out.append("</g>")
    return "".join(out)


def _axes(f: _Frame, scenario: Scenario) -> str:
    x0, y0, x1, y1 = f.x(f.lo), f.y(f.lo), f.x(f.hi), f.y(f.hi)
    out = ['<g class="axes" stroke="#d8dde5" fill="#5b6473">']
    for t in np.linspace(0.0, 1.0, 6):
        if f.lo <= t <= f.hi:
            out.append(
                f'<line x1="{f.x(t)}" y1="{y0}" x2="{f.x(t)}" y2="{y1}"/>'
                f'<line x1="{x0}" y1="{f.y(t)}" x2="{x1}" y2="{f.y(t)}"/>'
                f'<text x="{f.x(t)}" y="{y0 + 14}" text-anchor="middle" '
                f'stroke="none">{t:.1f}</text>'
                f'<text x="{x0 - 6}" y="{f.y(t) + 4}" text-anchor="end" '
                f'stroke="none">{t:.1f}</text>'
            )
    out.append(
        f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" '
        'fill="none" stroke="#5b6473"/>'
    )
    xa = escape(f"utility of A: {scenario.a.name}")
    ya = escape(f"utility of B: {scenario.b.name}")
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    out.append(
        f'<text x="{mid_x}" y="{y0 + 34}" text-anchor="middle" stroke="none" '
        f'fill="#1d2430">{xa}</text>'
        f'<text transform="translate(16 {mid_y}) rotate(-90)" text-anchor="middle" '
        f'stroke="none" fill="#1d2430">{ya}</text></g>'
    )
    return "".join(out)


def _zopa(f: _Frame, a: ScenarioAnalysis, r: tuple[float, float]) -> str:
    """The corner at least as good as both BATNAs, under the frontier's staircase."""
    front = np.asarray(a.frontier, dtype=float)
    inside = front[(front[:, 0] >= r[0]) & (front[:, 1] >= r[1])] if len(front) else front
    if not a.zopa.exists or len(inside) == 0:
        return ""
    pts = [(r[0], r[1]), (r[0], inside[0, 1])]
    for k, (ua, ub) in enumerate(inside.tolist()):
        pts.append((ua, ub))
        if k + 1 < len(inside):
            pts.append((ua, float(inside[k + 1, 1])))
    pts.append((float(inside[-1, 0]), r[1]))
    poly = " ".join(f"{f.x(x)},{f.y(y)}" for x, y in pts)
    z = a.zopa
    approx = "about " if z.estimated else ""
    title = f"ZOPA: {approx}{z.n_outcomes:,} outcomes at least as good as both BATNAs"
    return (
        f'<polygon class="zopa" points="{poly}" fill="#1e7a3c" fill-opacity="0.12" '
        f'stroke="none"><title>{escape(title)}</title></polygon>'
    )


def _batna_lines(f: _Frame, scenario: Scenario) -> str:
    ra, rb = scenario.reservations
    a, b = scenario.a.name, scenario.b.name
    ta = escape(f"BATNA of A ({a}): {ra:.3f}")
    tb = escape(f"BATNA of B ({b}): {rb:.3f}")
    return (
        f'<g class="batna" stroke="#a15c00" stroke-width="1.5" stroke-dasharray="5 4">'
        f'<line x1="{f.x(ra)}" y1="{f.y(f.lo)}" x2="{f.x(ra)}" y2="{f.y(f.hi)}">'
        f"<title>{ta}</title></line>"
        f'<line x1="{f.x(f.lo)}" y1="{f.y(rb)}" x2="{f.x(f.hi)}" y2="{f.y(rb)}">'
        f"<title>{tb}</title></line>"
        f'<text x="{f.x(ra) + 4}" y="{f.y(f.hi) + 12}" stroke="none" fill="#a15c00">BATNA A</text>'
        f'<text x="{f.x(f.hi) - 4}" y="{f.y(rb) - 4}" text-anchor="end" stroke="none" '
        f'fill="#a15c00">BATNA B</text></g>'
    )


def _frontier(f: _Frame, front: np.ndarray) -> str:
    if len(front) == 0:
        return ""
    pts = " ".join(f"{f.x(ua)},{f.y(ub)}" for ua, ub in front.tolist())
    return (
        f'<polyline class="frontier-line" points="{pts}" fill="none" '
        'stroke="#1f5fbf" stroke-width="2"/>'
    )


def _named_points(f: _Frame, a: ScenarioAnalysis, tip: Tip) -> str:
    """Each bargaining point a marker in its colour; points at the same place share one
    label, and labels sit left of their points, pushed apart so none overlap."""
    groups: dict[tuple[float, float], list[tuple[str, str, NamedPoint]]] = {}
    for attr, name, colour in POINTS:
        p: NamedPoint | None = getattr(a, attr)
        if p is not None:
            key = (round(p.utilities[0], 9), round(p.utilities[1], 9))
            groups.setdefault(key, []).append((name, colour, p))
    out, labels, last = ['<g class="points">'], [], -1e9
    for (ua, ub), found in sorted(groups.items(), key=lambda g: -g[0][1]):
        names = ", ".join(n for n, _, _ in found)
        x, y = f.x(ua), f.y(ub)
        title = escape(f"{names}: {tip(found[0][2].outcome, ua, ub)}")
        out.extend(
            f'<circle cx="{x}" cy="{y}" r="{7 - 2 * k}" fill="{colour}" stroke="#fff" '
            f'stroke-width="1.5"><title>{title}</title></circle>'
            for k, (_, colour, _) in enumerate(found)
        )
        last = max(y + 4, last + 15)
        labels.append(
            f'<text x="{x - 11}" y="{last}" text-anchor="end" fill="{found[0][1]}" '
            f'stroke="#fff" stroke-width="3" paint-order="stroke" font-weight="600">'
            f"{escape(names)}</text>"
        )
    return "".join([*out, *labels, "</g>"])


def _negotiation(
    scenario: Scenario, f: _Frame, offers: Sequence[tuple[str, int, str]], deal: int | None
) -> str:
    """Each side's offers as a line in order, and the deal ringed."""
    if not offers and deal is None:
        return ""
    tip = _tipper(scenario)
    space, ua, ub = scenario.space, scenario.a.preferences.utility, scenario.b.preferences.utility
    out = ['<g class="offers">']
    for role, colour in OFFER_COLOURS.items():
        mine = [(o, label) for r, o, label in offers if r == role]
        if not mine:
            continue
        at = [(ua.at(o), ub.at(o)) for o, _ in mine]
        pts = " ".join(f"{f.x(x)},{f.y(y)}" for x, y in at)
        out.append(f'<g class="offers-{role}" fill="{colour}">')
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (o, label), (x, y) in zip(mine, at, strict=True):
            text = escape(f"{label}: {tip(space.outcome(o), x, y)}")
            out.append(
                f'<circle cx="{f.x(x)}" cy="{f.y(y)}" r="4.5"><title>{text}</title></circle>'
            )
        out.append("</g>")
    if deal is not None:
        x, y = ua.at(deal), ub.at(deal)
        text = escape(f"deal: {tip(space.outcome(deal), x, y)}")
        out.append(
            f'<g class="deal"><circle cx="{f.x(x)}" cy="{f.y(y)}" r="9" fill="#f0b400" '
            'fill-opacity="0.5" stroke="#1d2430" stroke-width="2">'
            f"<title>{text}</title></circle></g>"
        )
    out.append("</g>")
    return "".join(out)


_LEGEND = {
    "cloud": ("outcomes", "circle", "#9aa4b2"),
    "frontier": ("Pareto frontier", "line", "#1f5fbf"),
    **{name: (name, "circle", colour) for _, name, colour in POINTS},
    "batna": ("BATNA (walk-away) lines", "dash", "#a15c00"),
    "zopa": ("ZOPA (both at least their BATNA)", "box", "#1e7a3c"),
    "A": ("A's offers", "line", OFFER_COLOURS["A"]),
    "B": ("B's offers", "line", OFFER_COLOURS["B"]),
    "deal": ("the deal", "circle", "#f0b400"),
}


def _legend(base: _Base, offers: Sequence[tuple[str, int, str]], deal: int | None) -> list[str]:
    roles = [r for r in ("A", "B") if any(o[0] == r for o in offers)]
    return [*base.layers, *roles, *(["deal"] if deal is not None else [])]


def _legend_svg(keys: list[str], top: int, width: int) -> str:
    out = []
    column = (width - _MARGIN[0]) / 2
    for k, key in enumerate(keys):
        text, shape, colour = _LEGEND[key]
        x = _MARGIN[0] + (k % 2) * column
        y = top + (k // 2) * _LEGEND_ROW + 4
        if shape == "circle":
            mark = f'<circle cx="{x + 8}" cy="{y}" r="5" fill="{colour}"/>'
        elif shape == "box":
            mark = (
                f'<rect x="{x}" y="{y - 6}" width="16" height="12" '
                f'fill="{colour}" fill-opacity="0.25"/>'
            )
        else:
            dash = ' stroke-dasharray="5 4"' if shape == "dash" else ""
            mark = (
                f'<line x1="{x}" y1="{y}" x2="{x + 16}" y2="{y}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
            )
        out.append(f'{mark}<text x="{x + 22}" y="{y + 4}" fill="#1d2430">{escape(text)}</text>')
    return "".join(out)


def _label(scenario: Scenario, a: ScenarioAnalysis) -> str:
    """What the chart shows, in words (the SVG's accessible name)."""
    s = scenario
    parts = [
        f"Outcome space of {s.name}: utility of A ({s.a.name}) across, "
        f"of B ({s.b.name}) up; {s.space.n_outcomes:,} outcomes, "
        f"Pareto frontier of {len(a.frontier):,} points"
    ]
    for attr, name, _ in POINTS:
        p = getattr(a, attr)
        if p is not None:
            parts.append(f"{name} at ({p.utilities[0]:.2f}, {p.utilities[1]:.2f})")
    parts.append(f"BATNAs {s.reservations[0]:.2f} and {s.reservations[1]:.2f}")
    parts.append("a ZOPA" if a.zopa.exists else "no ZOPA")
    return "; ".join(parts)


def _even(n: int, most: int) -> np.ndarray:
    """Indices of `n` items, all of them, or `most` spread evenly (ends kept)."""
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max(most, 2)).round().astype(np.int64))


# a small cache keyed by object identity ------------------------------------------

T = TypeVar("T")
_CACHE: dict[tuple[Any, ...], tuple[tuple[object, ...], Any]] = {}
_CACHE_SIZE = 16
_LOCK = threading.Lock()


def _memo(key: tuple[Any, ...], owners: tuple[object, ...]) -> Any:
    """What was kept for `key`, if its owners are the very objects it was made from."""
    with _LOCK:
        found = _CACHE.get(key)
    if found is None or any(x is not y for x, y in zip(found[0], owners, strict=True)):
        return None
    return found[1]


def _remember(key: tuple[Any, ...], owners: tuple[object, ...], value: T) -> T:
    with _LOCK:
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (owners, value)
    return value
