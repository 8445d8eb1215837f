"""accord: negotiate well over the long run.

The main entry points, importable from here; each is loaded on first use (PEP 562),
so `import accord` stays cheap and a script pays only for what it calls:

- `load_scenario(path)`: a scenario .yaml or a GENIUS folder; `analyse(scenario)`:
  its Pareto frontier, Nash and Kalai-Smorodinsky points, ZOPA and trades.
- `make_strategy(name)` and `strategy_names()`: the registered strategies;
  `Strategy` to write one.
- `Negotiation(scenario, a, b, seed=...)`: `.run()` gives the transcript;
  `evaluate(analysis, transcript)` the outcome's figures.
- `run_series(scenario, a, b, rounds=...)`: a relationship of repeated negotiations.
- `load_plan(path)`, `check_plan(plan)`: prepare (P1); `load_history(path, plan)`,
  `advise(plan, history)`: the next move; `debrief_of(scenario, transcript, plan=...)`:
  the negotiation read back from one side (`accord.debrief` is the package).
- `open_store(db)`: the ledger of relationships; `InputError`: every bad input.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing itself is not imported: `import accord` stays this cheap
__version__ = "0.1.0"

#: Public name -> (module, name in it).
_ENTRY_POINTS = {
    "load_scenario": ("accord.formats", "load_scenario"),
    "analyse": ("accord.analysis.report", "analyse"),
    "make_strategy": ("accord.strategies", "make"),
    "strategy_names": ("accord.strategies", "names"),
    "Strategy": ("accord.strategies", "Strategy"),
    "Negotiation": ("accord.protocol.engine", "Negotiation"),
    "evaluate": ("accord.analysis.outcome", "evaluate"),
    "run_series": ("accord.relationship.series", "run_series"),
    "load_plan": ("accord.plan", "load_plan"),
    "check_plan": ("accord.plan.derive", "check_plan"),
    "load_history": ("accord.advisor.moves", "load_history"),
    "advise": ("accord.advisor", "advise"),
    "debrief_of": ("accord.debrief", "debrief"),
    "open_store": ("accord.store", "open_store"),
    "InputError": ("accord.errors", "InputError"),
}

__all__ = [
    "InputError",
    "Negotiation",
    "Strategy",
    "__version__",
    "advise",
    "analyse",
    "check_plan",
    "debrief_of",
    "evaluate",
    "load_history",
    "load_plan",
    "load_scenario",
    "make_strategy",
    "open_store",
    "run_series",
    "strategy_names",
]

if TYPE_CHECKING:
    from typing import Any

    from accord.advisor import advise
    from accord.advisor.moves import load_history
    from accord.analysis.outcome import evaluate
    from accord.analysis.report import analyse
    from accord.debrief import debrief as debrief_of
    from accord.errors import InputError
    from accord.formats import load_scenario
    from accord.plan import load_plan
    from accord.plan.derive import check_plan
    from accord.protocol.engine import Negotiation
    from accord.relationship.series import run_series
    from accord.store import open_store
    from accord.strategies import Strategy
    from accord.strategies import make as make_strategy
    from accord.strategies import names as strategy_names


def __getattr__(name: str) -> Any:
    """Load an entry point on first use, then keep it as a plain attribute."""
    try:
        module, attribute = _ENTRY_POINTS[name]
    except KeyError:
        raise AttributeError(f"module 'accord' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
