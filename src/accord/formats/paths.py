"""Asking the system about a path a person gave: one it cannot look up is not there.

`Path.exists()` and its kin raise `OSError` for a name longer than the system
allows, so a mistyped argument became a traceback; here such a path simply
does not exist, and the reader's own "no such file" error names it.
"""

from __future__ import annotations

from pathlib import Path


def exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
