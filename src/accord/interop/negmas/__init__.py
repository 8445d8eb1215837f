"""negmas interoperability, both ways.

- `to_negmas`, `outcome_to_negmas`, `outcome_from_negmas`: the same issues,
  utilities (exactly, float for float) and reservation values as negmas objects.
- `NegmasStrategy`: a negmas SAO negotiator playing inside accord's engine
  (``make("negmas:BoulwareTBNegotiator")``).
- `AccordNegotiator`: an accord strategy playing inside a negmas `SAOMechanism`.
- `GeniusStrategy`: an agent of `negmas-genius-agents` (the ANAC winners among
  them) playing inside accord's engine (``make("genius:HardHeaded")``).

negmas is AGPL and optional: it is imported here only, never by accord's core.

Time. negmas's `SAOMechanism(n_steps=R)` runs R steps; in each step it calls
the negotiators in the order they joined (`ordered_indices` in
`SAOMechanism.__call__`), each once, with `state_for(negotiator)` whose
`relative_time` is ``(step + 1) / (R + 1)`` (`Mechanism._relative_time_for`:
``relative_step = (self._current_state.step + 1) / (n_steps + 1)``). accord's A
moves on even turns and B on odd ones, R rounds of one turn each, so accord
turn ``t`` is negmas step ``t // 2`` for the negotiator in position ``t % 2``:
a negotiator wrapped here sees the step, relative time, current offer and the
callbacks (``on_negotiation_start``, ``on_round_start``, ``on_partner_response``,
``on_partner_proposal``, ``on_round_end``) in the order `Mechanism.step` and
`SAOMechanism.__call__` produce them.
"""

from accord.interop.negmas._lib import SILENCE_DATA, require_negmas
from accord.interop.negmas.convert import (
    negmas_ufun,
    outcome_from_negmas,
    outcome_to_negmas,
    to_negmas,
)
from accord.interop.negmas.genius import GeniusStrategy, genius_strategy
from accord.interop.negmas.in_accord import NegmasStrategy, negmas_strategy
from accord.interop.negmas.in_negmas import AccordNegotiator

__all__ = [
    "SILENCE_DATA",
    "AccordNegotiator",
    "GeniusStrategy",
    "NegmasStrategy",
    "genius_strategy",
    "negmas_strategy",
    "negmas_ufun",
    "outcome_from_negmas",
    "outcome_to_negmas",
    "require_negmas",
    "to_negmas",
]
