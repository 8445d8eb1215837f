"""Packages whose public names load on first use (PEP 562).

A package that is imported on a fast path (`accord ledger` reads the store
without SQLAlchemy, the store reads relationship states without numpy) maps
each public name to the submodule that defines it and lets this module import
that submodule only when the name is first read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_names(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose name `n` lives in
    submodule `homes[n]`; a name read once is kept in the package."""
    module = sys.modules[package]

    def getattr_(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{home}"), name)
        setattr(module, name, value)
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(module)) | set(getattr(module, "__all__", ())))

    return getattr_, dir_
