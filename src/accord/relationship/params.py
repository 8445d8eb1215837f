"""Parameters of the relationship model: each named, bounded, defaulted and justified.

The defaults set scales; they are not fitted to data. Resentment is measured in
units of surplus share (alpha = 1), and every other parameter is scaled against
that. Sweeps (`--sweep alpha=0.5:2:5`, sweep files) build params with
`RelationshipParams.from_mapping`, which fails with an `InputError` naming the
field and the range it expected.

Grounding cited in the table: Fehr and Schmidt (1999), "A theory of fairness,
competition, and cooperation", QJE 114(3): disadvantageous inequity weighs more
than advantageous; Curhan, Elfenbein and Xu (2006), "What do people value when
they negotiate?", JPSP 91(3): subjective value (feelings about the outcome,
oneself, the process and the relationship) counts beside the instrumental
outcome; Slovic (1993), "Perceived risk, trust, and democracy", Risk Analysis
13(6): trust is easier to destroy than to build; and the doctrine's seeds
(`../shared/seeds/`, principle ids of DESIGN.md).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from accord.doctrine import STANCE
from accord.errors import InputError

INF = math.inf
#: Resentment above which a deal earns no trust: the doctrine's alert, not a copy of it.
_ALERT = STANCE.resentment_alert


UNIT = (0.0, 1.0)
NONNEGATIVE = (0.0, INF)


def _param(default: float, bounds: tuple[float, float], meaning: str, why: str) -> Any:
    low, high = bounds
    return field(
        default=default, metadata={"low": low, "high": high, "meaning": meaning, "why": why}
    )


@dataclass(frozen=True)
class ParamInfo:
    """One row of the parameter table, for reports and `--help` texts."""

    name: str
    default: float
    low: float
    high: float
    meaning: str
    why: str


@dataclass(frozen=True)
class RelationshipParams:
    """Every number of the relationship model (DESIGN.md, "Relationship model (v1)").

    Each field's meaning, range and justification are in its metadata; read
    them with `parameter_table()`. Values are checked on construction.

    >>> RelationshipParams().alpha
    1.0
    >>> RelationshipParams(decay=1.5)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: at field 'decay': decay = 1.5 (expected a number in [0, 1])
    """

    decay: float = _param(
        0.7,
        UNIT,
        "share of a side's resentment carried into the next negotiation",
        "seed 003: resentment costs you 'down the road' and 'eventually' unravels the "
        "relationship, so it outlasts one round; 0.7 halves a grievance in two negotiations",
    )
    alpha: float = _param(
        1.0,
        NONNEGATIVE,
        "resentment per unit of surplus share below the fair share, the part the other "
        "side pushed it into (the exploited counterpart, P14)",
        "Fehr and Schmidt 1999: disadvantageous inequity is what hurts; 1 makes resentment "
        "read in units of surplus share, the scale of every other parameter",
    )
    beta: float = _param(
        1.0,
        NONNEGATIVE,
        "resentment per unit of surplus share below the fair share, the part the side "
        "gave away itself by conceding more than the other (the over-conceding self, P14); "
        "not Fehr and Schmidt's beta (guilt over advantageous inequity), which is not modelled",
        "seed 003: 'I negotiated poorly from a position of weakness and ended up hating my "
        "customer'; equal to alpha so the default is DESIGN.md's single formula",
    )
    face: float = _param(
        0.2,
        NONNEGATIVE,
        "resentment added when the other side displays triumph over an outcome below "
        "one's fair share (P13)",
        "seed 001 / P13: let the other side feel it won; Curhan et al. 2006: feelings about "
        "oneself (face) are part of subjective value beyond the outcome; 0.2 weighs a "
        "gloat like 20 points of surplus share",
    )
    modesty: float = _param(
        0.2,
        UNIT,
        "fraction of a side's shortfall grievance from a negotiation (both parts, P14) "
        "relieved when the other side closes with a modest display (P13)",
        "seed 001: 'you must not show the joy of winning'; Thompson, Valley and Kramer 1995 "
        "(JESP 31): the same outcome feels better when the other side seems disappointed, "
        "worse when it seems happy; smaller than a gloat's cost (bad is stronger than good, "
        "Baumeister et al. 2001): a shortfall of 0.25 loses 0.05",
    )
    face_ultimatum: float = _param(
        0.1,
        NONNEGATIVE,
        "resentment of a side handed an ultimatum that ended the talks with no deal (P7)",
        "Curhan et al. 2006: the process counts, and a take-it-or-leave-it that ends the "
        "talks is a process grievance; half the triumph loss, since no outcome was taken",
    )
    gesture_weight: float = _param(
        1.0,
        NONNEGATIVE,
        "resentment removed per unit of utility received as an add-on or an easy "
        "conditional concession (P8, P11, P12)",
        "Curhan et al. 2006: feelings about the relationship count beside the outcome; "
        "seed 002 'provide value that they value'; 1 counts a gesture at its worth to the "
        "receiver",
    )
    kappa: float = _param(
        1.0,
        NONNEGATIVE,
        "hazard of leaving per unit of resentment: stay = exp(-kappa * R * (1 - trust_stay * T) "
        "- the exits' hazards (no_deal, outside))",
        "seed 003: contempt 'caused the business relationship to unravel'; with 1 and "
        "neutral trust a side denied half its fair share (R = 0.5) stays with p = 0.69",
    )
    no_deal: float = _param(
        0.35,
        NONNEGATIVE,
        "hazard of leaving per negotiation in a row that ended without a deal "
        "(each side takes its business elsewhere)",
        "seed 004: a transactional deal 'usually ends the relationship quickly', 'not every "
        "discussion should become a partnership'; 0.35 gives even odds (exp(-0.7) = 0.50) "
        "that both sides come back after one failed renewal",
    )
    outside: float = _param(
        0.7,
        NONNEGATIVE,
        "hazard of leaving per unit by which a side's dependence falls short of the other "
        "side's: the side that cares less (P15) is the likelier to leave",
        "seed 002, P15: 'the individual who cares less' is defined by comparison; Rusbult's "
        "investment model (Le and Agnew 2003): better alternatives lower commitment, less "
        "strongly than dissatisfaction, so below kappa's 1",
    )
    rho: float = _param(
        0.1,
        NONNEGATIVE,
        "rise of a side's effective reservation value per unit of resentment",
        "DESIGN.md: a resentful party negotiates harder; small, so one grievance (R = 0.3) "
        "raises the walk-away by 0.03, about one grid step, not out of the ZOPA",
    )
    sigma: float = _param(
        0.2,
        NONNEGATIVE,
        "service discount per unit of resentment: the other side realises "
        "(1 - min(1, sigma * R)) of its deal's utility",
        "seed 003: resentment hurts 'how you and your team value, serve, and interact "
        "with your customer'; R = 0.5 costs the other side 10% of its deal",
    )
    initial_trust: float = _param(
        0.5,
        UNIT,
        "trust before the first negotiation",
        "DESIGN.md keeps trust in [0, 1]; with no evidence either way its middle lets the "
        "first negotiations move it both ways",
    )
    trust_surplus: float = _param(
        0.5,
        NONNEGATIVE,
        "trust gained per unit of joint surplus of an agreement, as a fraction of the "
        "distance to full trust; none when the deal leaves either side's resentment above "
        f"the doctrine's alert (accord.doctrine.STANCE.resentment_alert = {_ALERT:g})",
        "DESIGN.md, P15: value created for both sides builds trust; a typical deal with "
        "joint surplus 0.3 closes 15% of the gap. P14: a deal one side resents (the level "
        "at which the coach warns) builds none, whatever its surplus; bluffs still cost",
    )
    trust_honoured: float = _param(
        0.3,
        UNIT,
        "fraction of the distance to full trust closed when a condition is honoured",
        "DESIGN.md, P12: a met condition is evidence of good faith",
    )
    trust_broken: float = _param(
        0.5,
        UNIT,
        "fraction of trust lost when a condition is broken",
        "Slovic 1993: trust is easier to destroy than to create, so a broken condition "
        "costs more than an honoured one gains",
    )
    trust_bluff: float = _param(
        0.2,
        UNIT,
        "fraction of trust lost for each side that took back a concession in a negotiation",
        "DESIGN.md: trust falls with bluffs; P9: invented pressure destroys trust; less "
        "than a broken condition, since no agreed term was broken",
    )
    retraction_tolerance: float = _param(
        0.05,
        UNIT,
        "least rise of a side's own utility above its earlier offers that counts as taking "
        "a concession back (a bluff)",
        "logrolling (P8) moves along a band of equal own utility (Diplomat's offers vary by "
        "about 0.01 on dealer_rebate) and is not a bluff",
    )
    trust_stay: float = _param(
        0.5,
        UNIT,
        "how far full trust shields staying from resentment (factor on the hazard)",
        "DESIGN.md: trust raises staying; full trust halves the hazard of leaving",
    )
    trust_renegotiated: float = _param(
        0.3,
        UNIT,
        "fraction of the distance to full trust closed when a side grants a good-faith "
        "renegotiation of a standing deal the other side asked for (P16)",
        "seed 004: when circumstances change, both sides are expected to adjust in good "
        "faith; keeping that faith is evidence like an honoured condition, so the same 0.3",
    )
    refusal: float = _param(
        1.0,
        NONNEGATIVE,
        "resentment of a side whose request to renegotiate was refused, per unit of "
        "utility by which the standing deal holds it below its new walk-away (P16)",
        "Fehr and Schmidt 1999: a loss the other side could have relieved and chose not "
        "to; weighted like alpha, with the utility shortfall standing in for the share",
    )
    renegotiation_term: float = _param(
        0.5,
        UNIT,
        "fraction of a standing deal's term that a renegotiation adjusts (the rest was "
        "already delivered on the old terms)",
        "seed 004, P16: a change arrives while the contract runs, on average halfway "
        "through a yearly one",
    )
    discount: float = _param(
        0.9,
        UNIT,
        "discount factor per negotiation in long-term value",
        "yearly renewals (seed 001) at about 10% a year, near the 9% cost of capital of "
        "examples/dealer_rebate.yaml",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _checked(f.name, getattr(self, f.name), f.metadata))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str | None = None) -> RelationshipParams:
        """Params from a mapping (a sweep file's entry); unknown names are errors."""
        if not isinstance(data, Mapping):
            raise InputError(
                f"parameters given as {type(data).__name__}",
                source=source,
                expected="a mapping of parameter names to numbers",
            )
        known = names()
        for key in data:
            if key not in known:
                raise InputError(
                    f"unknown relationship parameter '{key}'",
                    source=source,
                    field=str(key),
                    expected="one of: " + ", ".join(known),
                )
        try:
            return cls(**data)
        except InputError as e:
            raise (e.located(source) if source else e) from None

    def to_json(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def names() -> tuple[str, ...]:
    """The parameter names, in table order."""
    return tuple(f.name for f in fields(RelationshipParams))


def parameter_table() -> list[ParamInfo]:
    """Name, default, range, meaning and justification of every parameter.

    >>> [p.name for p in parameter_table()][:3]
    ['decay', 'alpha', 'beta']
    """
    defaults = RelationshipParams()
    return [
        ParamInfo(
            f.name,
            getattr(defaults, f.name),
            f.metadata["low"],
            f.metadata["high"],
            **_texts(f.metadata),
        )
        for f in fields(defaults)
    ]


def _texts(meta: Mapping[str, Any]) -> dict[str, str]:
    return {"meaning": meta["meaning"], "why": meta["why"]}


def _checked(name: str, value: object, meta: Mapping[str, Any]) -> float:
    low, high = meta["low"], meta["high"]
    expected = f"a number in [{low:g}, {high:g}]" if high < INF else f"a number >= {low:g}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} = {value!r}", field=name, expected=expected)
    x = float(value)
    if not (math.isfinite(x) and low <= x <= high):
        raise InputError(f"{name} = {value!r}", field=name, expected=expected)
    return x
