"""Tournaments: many seeded negotiations between strategies, and their standings."""

from accord.tournament.runner import Executed, TaskResult, execute, play, run
from accord.tournament.standings import Record, Tally, standings
from accord.tournament.tasks import Task, TournamentPlan, derive_seed, find_domains, pairings, plan

__all__ = [
    "Executed",
    "Record",
    "Tally",
    "Task",
    "TaskResult",
    "TournamentPlan",
    "derive_seed",
    "execute",
    "find_domains",
    "pairings",
    "plan",
    "play",
    "run",
    "standings",
]
