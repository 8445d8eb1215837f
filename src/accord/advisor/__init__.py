"""The live advisor: the next move, with reasons citing principles, tactics and warnings.

`advise(plan, history)` for one piece of advice; `Advisor(plan)` for a
session that advises after every move (a coach, the `advised` strategy).
"""

from accord.advisor.advice import Advice, Advisor, Candidate, advise
from accord.advisor.decide import KINDS, Choice, Reason, Situation
from accord.advisor.history import Claim, History, history_of
from accord.advisor.tactics import Tactic, detect

__all__ = [
    "KINDS",
    "Advice",
    "Advisor",
    "Candidate",
    "Choice",
    "Claim",
    "History",
    "Reason",
    "Situation",
    "Tactic",
    "advise",
    "detect",
    "history_of",
]
