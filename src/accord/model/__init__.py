"""Issues, outcome spaces and scenarios."""

from accord.model.issues import Issue, IssueKind, Role, Value
from accord.model.scenario import Party, Scenario
from accord.model.space import OutcomeSpace

__all__ = ["Issue", "IssueKind", "OutcomeSpace", "Party", "Role", "Scenario", "Value"]
