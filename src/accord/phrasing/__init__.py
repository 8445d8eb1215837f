"""Natural phrasing: a line a person types during a negotiation, read as a move.

`parse(line, Lexicon.of_plan(plan), Context(...))` returns a `Parsed` (the
moves-file entries `accord.advisor.moves.parse_moves` takes: `{"they":
{"offer": {...}}}`, `{"we": "silent"}`, `{"they": {"deadline": ...}}`), a
`Question` to ask back (with options that are reworded lines), or a `Refusal`.
It is deterministic and local: words are matched against the plan's issues,
values and units and a fixed vocabulary; anything ambiguous (a number that fits
two issues, a missing speaker, an unknown word, a condition without a fallback)
is asked back, never guessed. The grammar is in docs/coach.md.
"""

from accord.phrasing.clauses import Context
from accord.phrasing.lexicon import Lexicon
from accord.phrasing.parser import parse
from accord.phrasing.results import Parsed, Question, Reading, Refusal, Speaker

__all__ = ["Context", "Lexicon", "Parsed", "Question", "Reading", "Refusal", "Speaker", "parse"]
