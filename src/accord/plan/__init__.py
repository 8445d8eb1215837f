"""Preparation plans (P1): the file format, the derived numbers and warnings, the template."""

from accord.doctrine import Stance
from accord.plan.core import ELEMENTS, TACTICS, Fit, Plan, Prior, default_plan
from accord.plan.schema import PlanSpec, load_plan

__all__ = [
    "ELEMENTS",
    "TACTICS",
    "Fit",
    "Plan",
    "PlanSpec",
    "Prior",
    "Stance",
    "default_plan",
    "load_plan",
]
