"""The catalog finds strategies by name through entry points, importing only what is asked for."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import EntryPoint

import pytest

from accord.errors import InputError
from accord.protocol import Silence
from accord.strategies import Strategy, catalog, make, names, register, registry
from accord.strategies.timebased import Boulware


@pytest.fixture(autouse=True)
def _own_registrations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "_REGISTERED", {})


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {m for m in out.stdout.split() if m.startswith("accord")}


def test_listing_names_imports_no_strategy() -> None:
    loaded = _modules_after("import accord.strategies as s\nassert 'diplomat' in s.names()")
    assert not {m for m in loaded if m.startswith(("accord.advisor", "accord.strategies."))} - {
        "accord.strategies.catalog",
        "accord.strategies.specs",
    }


def test_making_one_imports_only_its_module() -> None:
    loaded = _modules_after("import accord.strategies as s\ns.make('boulware(e=0.1)')")
    assert "accord.strategies.timebased" in loaded
    assert not {"accord.strategies.diplomat", "accord.advisor", "accord.analysis"} & loaded


def test_every_declared_name_is_a_strategy_of_that_name() -> None:
    known = registry()
    assert list(known) == names() == sorted(known)
    assert {"advised", "boulware", "diplomat", "tit_for_tat"} <= set(known)
    for name, cls in known.items():
        assert issubclass(cls, Strategy) and cls.name == name


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(InputError) as err:
        make("bluff")
    assert "unknown strategy 'bluff'" in str(err.value)
    assert err.value.expected == "one of: " + ", ".join(names())


class _Quiet(Strategy):
    """Says nothing."""

    name = "quiet"

    def __init__(self, patience: int = 3) -> None:
        self.patience = patience

    def act(self, view: object) -> Silence:  # type: ignore[override]
        return Silence()


def test_a_strategy_registered_at_run_time_is_made_and_listed() -> None:
    assert register(_Quiet) is _Quiet
    assert register(_Quiet) is _Quiet  # again: the same class, no clash
    assert make("Quiet(patience=5)").patience == 5  # type: ignore[attr-defined]
    assert "quiet" in names() and registry()["quiet"] is _Quiet


def test_registered_names_never_overwrite() -> None:
    class Other(_Quiet):
        pass

    register(_Quiet)
    with pytest.raises(ValueError, match="already registered"):
        register(Other)

    class Fake(Boulware):
        name = "boulware"

    with pytest.raises(ValueError, match="already registered"):
        register(Fake)
    assert register(Boulware) is Boulware  # the declared class itself is no clash

    class Shouting(_Quiet):
        name = "Shouting"

    with pytest.raises(ValueError, match="lower-case"):
        register(Shouting)


def test_an_entry_point_that_is_not_its_strategy_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = EntryPoint("stubborn", "accord.strategies.timebased:Boulware", catalog.GROUP)
    monkeypatch.setattr(catalog, "_declared", lambda: {"stubborn": wrong})
    monkeypatch.setattr(catalog, "_builtin", dict)
    with pytest.raises(TypeError, match="not a Strategy named 'stubborn'"):
        make("stubborn")


def test_a_family_entry_point_makes_prefixed_names(monkeypatch: pytest.MonkeyPatch) -> None:
    again = EntryPoint("again", "accord.strategies.catalog:make", catalog.FAMILIES)
    monkeypatch.setattr(catalog, "_families", lambda: {"again": again})
    made = make("again:Boulware")
    assert isinstance(made, Boulware)
    with pytest.raises(InputError, match="unknown strategy 'other:boulware'"):
        make("other:boulware")  # not a family: an unknown name, as before families
