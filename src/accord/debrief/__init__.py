"""The debrief: a finished negotiation read back from one side's seat (issue 5, item 4).

`debrief(scenario_or_analysis, transcript, side, plan)` returns a frozen
`Debrief`: the outcome against BATNA, target and the Nash point, the surplus
share, Pareto efficiency with the better deal that was available, concessions
of each side over time, tactics of each side with how the other answered,
resentment and trust after the talks (the relationship model), and a
checklist of the principles kept and broken with the turn it happened.
`accord.debrief.figure.plot_debrief` draws the offers over the frontier (it
imports matplotlib, so it is not imported here); `accord debrief` renders it.

>>> from pathlib import Path
>>> from accord.formats import load_scenario
>>> from accord.protocol.engine import Negotiation
>>> from accord.strategies import make
>>> examples = Path(__file__).resolve().parents[3] / "examples"
>>> scenario = load_scenario(examples / "dealer_rebate.yaml")
>>> talks = Negotiation(scenario, make("diplomat"), make("boulware"), seed=0).run()
>>> d = debrief(scenario, talks, "A")
>>> d.result.agreement, d.verdict("P13").status, d.efficiency.better is None
(True, 'kept', True)
"""

from accord.debrief.build import debrief
from accord.debrief.efficiency import better_deal_index, dominating, left_on_table
from accord.debrief.model import (
    Answer,
    Deal,
    Debrief,
    Efficiency,
    RelationshipEffect,
    Result,
    Step,
    TacticUse,
    Verdict,
)

__all__ = [
    "Answer",
    "Deal",
    "Debrief",
    "Efficiency",
    "RelationshipEffect",
    "Result",
    "Step",
    "TacticUse",
    "Verdict",
    "better_deal_index",
    "debrief",
    "dominating",
    "left_on_table",
]
