"""Classroom material: teaching cases (a scenario, a confidential brief per side,
teaching notes and settings) that exercises and rooms are built from."""

from __future__ import annotations

from accord.classroom.cases import Case, case, load_case, shipped_cases

__all__ = ["Case", "case", "load_case", "shipped_cases"]
