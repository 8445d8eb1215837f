"""Classroom material: teaching cases (a scenario, a confidential brief per side,
teaching notes and settings) that exercises and rooms are built from; classroom
sessions (`session`: join codes, the roster, pause and end; `pairing`;
`monitor`) and the class debrief (`class_debrief`), pure of the web."""

from __future__ import annotations

from accord.classroom.cases import Case, case, load_case, shipped_cases

__all__ = ["Case", "case", "load_case", "shipped_cases"]
