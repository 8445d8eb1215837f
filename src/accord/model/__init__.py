"""Issues, outcome spaces and scenarios."""

from accord.model.issues import ROLES, Issue, IssueKind, Role, Value, other
from accord.model.scenario import Party, Scenario
from accord.model.space import OutcomeSpace

__all__ = [
    "ROLES",
    "Issue",
    "IssueKind",
    "OutcomeSpace",
    "Party",
    "Role",
    "Scenario",
    "Value",
    "other",
]
