"""What the coach answers a line with, and the help it gives."""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.advisor import Advice
from accord.phrasing import Parsed, Question
from accord.plan.core import Caution


@dataclass(frozen=True)
class Reply:
    """What the coach says after a line: the events recorded (in words), cautions about
    our move, a question to answer, an error (nothing recorded), the advice when it is
    our move, whose move we wait for, and whether the talks have ended or we quit."""

    said: tuple[str, ...] = ()
    cautions: tuple[Caution, ...] = ()
    question: Question | None = None
    error: str | None = None
    advice: Advice | None = None
    waiting: str | None = None
    ended: bool = False
    info: tuple[str, ...] = ()
    quit: bool = False
    full: bool = False  # show the advice with every candidate

    def joined(self, later: Reply) -> Reply:
        """This reply followed by `later` (two moves recorded from one answer)."""
        return Reply(
            self.said + later.said,
            self.cautions + later.cautions,
            later.question,
            later.error,
            later.advice,
            later.waiting,
            later.ended,
            self.info + later.info,
        )


@dataclass
class Confirm:
    """A move waiting for `yes`: after warnings, or after a silence to record first."""

    parsed: Parsed
    before: Parsed | None = None
    question: Question = field(default_factory=lambda: Question("yes or no?"))


HELP = """\
Type what happens, one move per line, for us ("we ...") and them ("they ..."):
  they offer rebate=1.5 stock=1.25        issues named; the rest keep the side's last offer
  we can do 1.5% if you stock 1.5x        numbers matched to issues by unit and by value
  we offer 2% if you stock 1.5x, else 1%  a conditional offer (else: what applies otherwise)
  final offer: 2% and 60 days             an ultimatum ("take it or leave it" too)
  we accept   /   they walk away   /   they are silent
  they need to consult their director     a pause (consult authority [rounds])
  we add co_marketing                     grant an add-on
  they say they need an answer by Friday  a deadline claim (takes no turn)
  they: {offer: {rebate: 1.5}}            a moves-file entry as it is
Commands: advice (again, with every candidate), moves (so far), undo, help, quit.
Anything ambiguous is asked back: answer with one of the options, or retype the line.
Everything is saved as it happens; `accord coach --resume` continues after a quit or a crash."""
