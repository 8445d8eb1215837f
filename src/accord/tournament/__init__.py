"""Tournaments: many seeded negotiations between strategies, and their standings."""

from accord.tournament.runner import Result, play, run
from accord.tournament.standings import Record, standings
from accord.tournament.tasks import Task, derive_seed, find_domains, pairings, plan

__all__ = [
    "Record",
    "Result",
    "Task",
    "derive_seed",
    "find_domains",
    "pairings",
    "plan",
    "play",
    "run",
    "standings",
]
