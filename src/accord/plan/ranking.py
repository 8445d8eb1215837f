"""Their priorities as a ranking of issues ("price > delivery > warranty"), made weights.

A person can say what matters most to the other side long before they can put
numbers on it. Given only the order, the rank-order centroid weights (Barron and
Barrett 1996, "Decision quality using ranked attribute weights", Management
Science 42(11)) are the expected weights: the k-th of n issues gets
(1/n) * sum(1/i for i = k..n). Tied issues share the mean of their places'
weights; issues the ranking leaves out are tied last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from accord.errors import InputError

#: How a ranking is written: `>` or `,` between places, `=` between tied issues.
SYNTAX = "issue names, most important first, separated by > (or commas); = ties two"


def parse_ranking(text: str, names: Sequence[str], field: str) -> list[list[str]]:
    """The places of a ranking, each a list of issue names as `names` spells them.

    >>> parse_ranking("Rebate > stock = term_years", ["rebate", "stock", "term_years"], "x")
    [['rebate'], ['stock', 'term_years']]
    """
    by_lower = {n.lower(): n for n in names}
    expected = f"{SYNTAX}; the issues: {', '.join(names)}"
    places: list[list[str]] = []
    seen: set[str] = set()
    for part in re.split(r"[>,]", text):
        place = []
        for token in (t.strip() for t in part.split("=")):
            name = by_lower.get(token.lower())
            if not token:
                raise InputError(f"an empty place in '{text}'", field=field, expected=expected)
            if name is None:
                raise InputError(f"'{token}' is not an issue", field=field, expected=expected)
            if name in seen:
                raise InputError(f"'{name}' is ranked twice", field=field, expected=expected)
            seen.add(name)
            place.append(name)
        places.append(place)
    rest = [n for n in names if n not in seen]
    return places + ([rest] if rest else [])


def centroid_weights(places: Sequence[Sequence[str]]) -> dict[str, float]:
    """Rank-order centroid weights of the places (ties share their places' mean).

    >>> centroid_weights([["a"], ["b"], ["c"]])
    {'a': 0.6111, 'b': 0.2778, 'c': 0.1111}
    >>> centroid_weights([["a"], ["b", "c"]])
    {'a': 0.6111, 'b': 0.1944, 'c': 0.1944}
    """
    n = sum(len(p) for p in places)
    roc = [sum(1.0 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    weights: dict[str, float] = {}
    start = 0
    for place in places:
        share = sum(roc[start : start + len(place)]) / len(place)
        weights.update({name: round(share, 4) for name in place})
        start += len(place)
    return weights


def ranking_weights(text: str, names: Sequence[str], field: str) -> dict[str, float]:
    """Weights of every issue in `names` from a ranking written as `SYNTAX` says."""
    return centroid_weights(parse_ranking(text, names, field))
