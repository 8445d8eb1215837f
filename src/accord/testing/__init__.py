"""Testing helpers shipped with accord: the strategy conformance kit.

Run it on a new strategy the way the test suite runs it on every registered one:

    from accord.testing import assert_conforms
    assert_conforms("my_strategy", [scenario])
"""

from accord.testing.conformance import (
    SCRIPTED_OPPONENTS,
    Accepter,
    AddOnner,
    Consulter,
    Silent,
    Stubborn,
    UltimatumGiver,
    Violation,
    agreed_utility,
    assert_conforms,
    assert_dialogue,
    check_strategy,
    render,
)

__all__ = [
    "SCRIPTED_OPPONENTS",
    "Accepter",
    "AddOnner",
    "Consulter",
    "Silent",
    "Stubborn",
    "UltimatumGiver",
    "Violation",
    "agreed_utility",
    "assert_conforms",
    "assert_dialogue",
    "check_strategy",
    "render",
]
