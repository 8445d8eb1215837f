"""Strategy specs with parameters: `diplomat(edge=0.1, conditional=false)`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import DEALER

from accord.errors import InputError
from accord.formats import load_scenario
from accord.protocol import Negotiation
from accord.strategies import make, parse_spec, split_specs
from accord.strategies.diplomat import Diplomat


def test_specs_parse_and_build_the_variant() -> None:
    assert parse_spec(" Boulware ") == ("boulware", {})
    assert parse_spec("diplomat(edge=0.1, display=none, conditional=false)") == (
        "diplomat",
        {"edge": 0.1, "display": "none", "conditional": False},
    )
    d = make("diplomat(edge=0.1, settle=2, conditional=false)")
    assert isinstance(d, Diplomat)
    assert (d.edge, d.settle, d.conditional, d.display) == (0.1, 2, False, "modest")
    assert make("boulware(e=1)").e == 1.0 and isinstance(make("boulware(e=1)").e, float)
    assert split_specs("a(x=1, y=2),b, c(z=3)") == ["a(x=1, y=2)", "b", "c(z=3)"]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("diplomat(nope=1)", "has no parameter 'nope'"),
        ("diplomat(edge=high)", "edge of type float"),
        ("diplomat(settle=2.5)", "settle of type int"),
        ("diplomat(conditional=1)", "conditional of type bool"),
        ("diplomat(display=loud)", "not modest, triumphant or none"),
        ("diplomat(edge=-5)", "edge=-5 is outside 0 to 1"),  # the doctrine's BOUNDS
        ("diplomat(e=0)", "exponent=0 is outside more than 0 to 10"),
        ("diplomat(late_turns=-1)", "late_turns=-1 is outside 0 to 1000"),
        ("diplomat(edge=0.1", "is not a strategy"),
        ("diplomat(edge)", "not key=value"),
        ("nobody(x=1)", "unknown strategy"),
    ],
)
def test_bad_specs_say_what_was_expected(spec: str, words: str) -> None:
    with pytest.raises(InputError) as e:
        make(spec)
    assert words in str(e.value) and e.value.field == "strategy"


def test_the_ablations_change_what_diplomat_does() -> None:
    scenario = load_scenario(DEALER)

    def display(spec: str) -> str | None:
        t = Negotiation(scenario, make(spec), make("boulware"), seed=1).run()
        shown = [e.move.kind for e in t.events if e.kind == "display" and e.actor == "A"]
        return shown[0] if shown else None

    assert display("diplomat") == "modest"
    assert display("diplomat(display=triumphant)") == "triumphant"
    assert display("diplomat(display=none)") is None
    assert make("diplomat(good_faith=false)").renegotiate(None) is False


def test_a_tournament_takes_specs_with_commas() -> None:
    accord = str(Path(sys.executable).with_name("accord"))
    pair = "diplomat(edge=0.1, late=0.9),boulware"
    run = subprocess.run(
        [accord, "tournament", str(DEALER), "--strategies", pair, "--backend", "serial", "--json"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "diplomat(edge=0.1, late=0.9)" in run.stdout
