"""Scenario files: accord YAML and GENIUS XML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from accord.errors import InputError
from accord.formats.paths import exists
from accord.model.scenario import Scenario


def load_scenario(path: Path | str, profiles: Sequence[Path] | None = None) -> Scenario:
    """Load a YAML scenario file or a GENIUS folder (domain plus two profiles)."""
    path = Path(path)
    if not exists(path):
        raise InputError(
            "no such file or folder",
            source=str(path),
            expected="a scenario .yaml file or a GENIUS folder",
        )
    if path.is_dir():
        from accord.formats.genius import load_genius_scenario

        return load_genius_scenario(path, profiles)
    if profiles:
        raise InputError(
            "--profiles applies to GENIUS folders only",
            source=str(path),
            field="--profiles",
            expected="a folder of GENIUS XML files",
        )
    if path.suffix.lower() in (".yaml", ".yml"):
        from accord.formats.accord_yaml import load_yaml_scenario

        return load_yaml_scenario(path)
    raise InputError(
        f"unknown scenario file type '{path.suffix}'",
        source=str(path),
        expected="a .yaml file, or the folder holding a GENIUS domain and profiles",
    )


__all__ = ["load_scenario"]
