"""One coached negotiation, without a terminal: `handle(line)` in, a `Reply` out.

The negotiation runs in the engine: the person types our moves and (live) the
counterpart's as they happen, or (practice, `against`) a registered strategy
plays the counterpart. Every event is committed to the store as it is made and
each claim with the session record (`accord.store.coached`), so a crash loses
nothing and `CoachSession.resume` continues. Before our move the advisor
reviews it: warnings of severity error or warning are shown and the move waits
for a `yes`. Lines are read by `accord.phrasing`; what it asks back is a
`Question` whose options (or a retyped line) answer it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from accord.advisor import Advisor, History
from accord.coach import words
from accord.coach.entries import Entry, is_claim, to_move
from accord.coach.reply import Confirm, Reply, help_text
from accord.coach.typed import automatic, names_of, pause_left, stand_in, strategies_for
from accord.debrief.sources import claims_of
from accord.errors import InputError
from accord.model.issues import ROLES, Role, Value
from accord.model.scenario import Scenario
from accord.phrasing import Context, Lexicon, Parsed, Question, Refusal, Speaker, parse
from accord.plan.core import Caution, Plan
from accord.protocol.engine import Negotiation
from accord.protocol.errors import ProtocolError
from accord.protocol.moves import Accept, Move, Offer, Ultimatum
from accord.protocol.transcript import Event, Transcript
from accord.store import coached, live
from accord.store.coached import Said, Saved
from accord.store.database import Store

ENDED = "The talks have ended: `undo` takes back the last move, `quit` saves the outcome."
_YES = ("yes", "y")
_NO = ("no", "n")
COMMANDS = ("help", "?", "undo", "advice", "moves", "history", "quit", "exit", "q")
#: At our move, these lines (Enter alone, or `ok`) record the advised move.
ADVISED = ("", "ok", "okay")


class CoachSession:
    """A coached negotiation: the plan, our side, the engine, the store."""

    def __init__(
        self,
        store: Store,
        plan: Plan,
        scenario: Scenario,
        saved: Saved,
        negotiation: Negotiation,
        recorder: live.Recorder,
    ) -> None:
        self.store, self.plan, self.scenario, self.saved = store, plan, scenario, saved
        self.neg, self.recorder = negotiation, recorder
        both = {plan.side, plan.other} if saved.against is None else {plan.side}
        self.typed: frozenset[Role] = frozenset(both)
        self.advisor = Advisor(plan)
        self.lexicon = Lexicon.of_plan(plan)
        self._pending: Question | Confirm | None = None
        self.finished = False

    # starting and resuming ---------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: Store,
        plan_path: Path,
        against: str | None = None,
        seed: int = 0,
        counterparty: str | None = None,
    ) -> CoachSession:
        """A new coached negotiation of the plan at `plan_path`, stored before any move;
        with a `counterparty`, its relationship in the ledger is updated at the end."""
        from accord.plan import load_plan
        from accord.plan.schema import read_yaml

        plan = load_plan(plan_path)
        body = read_yaml(plan_path, "a plan")
        if isinstance(body.get("scenario"), str):
            body["scenario"] = str((plan_path.parent / body["scenario"]).absolute())
        if against is not None and plan.scenario is None:
            raise InputError(
                "practice needs a scenario: the strategy plays its other party",
                source=str(plan_path),
                field="--against",
                expected="a plan with a `scenario:` file",
            )
        if counterparty is not None and plan.scenario is None:
            raise InputError(
                "the ledger keeps relationships on a scenario",
                source=str(plan_path),
                field="--counterparty",
                expected="a plan with a `scenario:` file",
            )
        scenario = plan.scenario or stand_in(plan)
        a, b = strategies_for(plan, against)
        saved = coached.begin(
            store,
            scenario_name=scenario.name,
            scenario_path=str(Path(scenario.source).absolute())
            if plan.scenario is not None and scenario.source
            else None,
            strategies=names_of(plan, against),
            seed=seed,
            rounds=plan.rounds,
            plan_path=plan_path,
            plan_body=body,
            side=plan.side,
            against=against,
            counterparty=counterparty,
        )
        neg = Negotiation(scenario, a, b, seed=seed, rounds=plan.rounds)
        session = cls(store, plan, scenario, saved, neg, live.Recorder(store, saved.negotiation_id))
        session._advance()
        return session

    @classmethod
    def resume(cls, store: Store, negotiation_id: int) -> CoachSession:
        """Coached negotiation `negotiation_id`, rebuilt from the store where it stopped."""
        saved = coached.load(store, negotiation_id)
        plan = saved.plan()
        scenario = plan.scenario or stand_in(plan)
        a, b = strategies_for(plan, saved.against)
        resumed = live.resume(store, negotiation_id, scenario, a, b)
        session = cls(store, plan, scenario, saved, resumed.negotiation, resumed.recorder)
        session._advance()  # killed before a strategy's reply: it moves now
        return session

    # state ----------------------------------------------------------------------------

    @property
    def negotiation_id(self) -> int:
        return self.saved.negotiation_id

    @property
    def transcript(self) -> Transcript:
        return self.neg.transcript

    @property
    def ended(self) -> bool:
        return self.neg.ended

    @property
    def practice(self) -> bool:
        return self.saved.against is not None

    def history(self) -> History:
        events = self.neg.transcript.events
        claims = claims_of(self.saved, [e.turn for e in events])
        return History(tuple(events), self.neg.rounds, self.neg.transcript.ending, claims)

    def prompt(self) -> str:
        """'round 3/20, our move> ' (or their move, or ended)."""
        if self.ended:
            return "ended> "
        whose = "our" if self.neg.actor == self.plan.side else "their"
        return f"round {self.neg.turn // 2 + 1}/{self.neg.rounds}, {whose} move> "

    def moves(self) -> tuple[str, ...]:
        """Every event and claim so far, in words, in order."""
        out: list[str] = []
        claims = list(self.saved.claims)
        for k, e in enumerate(self.neg.transcript.events):
            while claims and claims[0].after <= k:
                out.append("  " + words.claim(self.plan, claims.pop(0)))
            out.append(words.event(self.plan, e))
        out += ["  " + words.claim(self.plan, c) for c in claims]
        return tuple(out)

    def status(self) -> Reply:
        """Where the talks stand: the advice on our move, or whose move we wait for."""
        return self._after(())

    # lines -------------------------------------------------------------------------------

    def handle(self, line: str) -> Reply:
        """One line typed: a command, an answer to the last question, or a move."""
        text = line.strip()
        word = text.lower().rstrip(".!")
        if word in ADVISED and self._pending is None and self._ours():
            return self._advised()
        if not text:
            return Reply()
        if word in COMMANDS:
            return self._command(word)
        pending, self._pending = self._pending, None
        if isinstance(pending, Confirm):
            if word in _YES:
                return self._confirmed(pending)
            if word in _NO:
                return Reply(info=("Not recorded.",))
        elif isinstance(pending, Question):
            answer = pending.answer(text)
            if answer is not None:
                return self._line(answer)
        return self._line(text)

    def _ours(self) -> bool:
        """Our move, in talks still going."""
        return not self.ended and self.neg.actor == self.plan.side

    def _advised(self) -> Reply:
        """The recommendation recorded as if typed: reviewed, confirmed, stored."""
        from accord.coach.advised import entry

        rec = self.advisor.advise(self.history()).recommendation
        what = entry(rec.move, self.plan)
        if what is None:
            kind = rec.kind.replace("_", " ")
            return Reply(error=f"The advice ({kind}) is not a move to record: type our move.")
        reply = self._apply(Parsed("we", what))
        return Reply(info=(f"The advised move ({rec.kind.replace('_', ' ')}):",)).joined(reply)

    def _command(self, word: str) -> Reply:
        if word in ("help", "?"):
            return Reply(info=(help_text(self.plan, self.lexicon),))
        if word == "undo":
            return self.undo()
        if word == "advice":
            return Reply(advice=self.advisor.advise(self.history()), full=True)
        if word in ("moves", "history"):
            return Reply(info=self.moves() or ("No moves yet.",))
        return Reply(quit=True)

    def _line(self, text: str) -> Reply:
        if self.ended:
            return Reply(error=ENDED)
        reading = parse(text, self.lexicon, self._context())
        if isinstance(reading, Question):
            self._pending = reading
            return Reply(question=reading)
        if isinstance(reading, Refusal):
            return Reply(error=f"Cannot read '{text}': {reading.text}. Type `help` for examples.")
        reply = self._apply(reading)
        if reading.working:  # how a relative figure was worked out: "$120 less 5% is $114"
            return replace(reply, info=(*(f"read as: {w}" for w in reading.working), *reply.info))
        return reply

    def _context(self) -> Context:
        standing: dict[str, dict[str, Value]] = {}
        for role in ROLES:
            terms = self._standing(role)
            if terms is not None:
                standing["we" if role == self.plan.side else "they"] = terms
        return Context("we" if self.practice else None, standing)

    def _standing(self, role: Role) -> dict[str, Value] | None:
        mine = self.neg.view(role).mine
        return None if mine is None else self.plan.space.outcome(mine.outcome)

    # moves --------------------------------------------------------------------------------

    def _apply(self, parsed: Parsed, confirmed: bool = False) -> Reply:
        role: Role = self.plan.side if parsed.speaker == "we" else self.plan.other
        if role not in self.typed:
            return Reply(error=f"{self.saved.against} plays their side: type only our moves.")
        what, claim = parsed.move, parsed.claim
        if is_claim(what):
            claim, what = next(iter(what.items())), None
        if what is None:
            said = () if claim is None else (self._say(role, claim),)
            return self._after(said)
        if self.ended:
            return Reply(error=ENDED)
        if role != self.neg.actor:
            return self._out_of_turn(parsed)
        try:
            mine = self.neg.view(role).mine
            held = None if mine is None else mine.condition
            entry = to_move(what, parsed.speaker, role, self.plan, self._standing(role), held)
        except InputError as e:
            return Reply(error=f"Not recorded: {e.describe()}")
        cautions: tuple[Caution, ...] = ()
        if role == self.plan.side:
            cautions = self.advisor.review(self.history(), entry.move)
            if not confirmed and any(c.severity in ("error", "warning") for c in cautions):
                question = Question(
                    f"{self._intended(role, entry.move)}: make this move anyway? (yes / no)",
                    (("yes", ""), ("no", "")),
                )
                self._pending = Confirm(parsed, question=question)
                return Reply(cautions=cautions, question=question)
        return self._submit(role, entry, claim, () if confirmed else cautions)

    def _submit(
        self, role: Role, entry: Entry, claim: tuple[str, str] | None, cautions: tuple[Caution, ...]
    ) -> Reply:
        try:
            self.neg.submit(role, entry.move)
        except ProtocolError as e:
            return Reply(error=f"Not recorded: the protocol refuses it ({e}).")
        said = [words.event(self.plan, e) for e in self._advance()]
        if entry.note:
            said.append("  " + self._say(role, ("note", entry.note)))
        if claim is not None:
            said.append("  " + self._say(role, claim))
        return self._after(tuple(said), cautions)

    def _confirmed(self, pending: Confirm) -> Reply:
        if pending.before is None:
            return self._apply(pending.parsed, confirmed=True)
        first = self._apply(pending.before, confirmed=True)
        if first.error is not None or first.question is not None:
            return first
        return first.joined(self._apply(pending.parsed))

    def _out_of_turn(self, parsed: Parsed) -> Reply:
        whose: Speaker = "we" if self.neg.actor == self.plan.side else "they"
        ours = "ours" if parsed.speaker == "we" else "theirs"
        question = Question(
            f"It is {'our' if whose == 'we' else 'their'} move, but the line is {ours}: did "
            f"{whose} stay silent first? (yes: record '{whose} are silent', then this line; "
            f"no: type what {whose} did)",
            (("yes", ""), ("no", "")),
        )
        self._pending = Confirm(parsed, Parsed(whose, "silent"), question)
        return Reply(question=question)

    def _intended(self, role: Role, move: Move) -> str:
        outcome: int | None = None
        if isinstance(move, Offer | Ultimatum):
            outcome = move.outcome
        elif isinstance(move, Accept):
            theirs = self.neg.view(role).theirs
            outcome = None if theirs is None else theirs.outcome
        event = Event(self.neg.turn, role, move, outcome)
        return words.event(self.plan, event).split(": ", 1)[1]

    def _advance(self) -> list[Event]:
        """Store the new events, and play what is not typed: the strategy's moves and
        the turns a side spends consulting its authority."""
        new = self.recorder.flush(self.neg.transcript)
        while not self.neg.ended:
            role = self.neg.actor
            if role in self.typed and pause_left(self.neg.transcript.events, role) == 0:
                break
            self.neg.step()
            new += self.recorder.flush(self.neg.transcript)
        return new

    def _say(self, role: Role, claim: tuple[str, str]) -> str:
        kind, text = claim
        said = Said(len(self.neg.transcript.events), role, kind, str(text or ""))
        self.saved = self.saved.with_claims((*self.saved.claims, said))
        coached.write(self.store, self.saved)
        return words.claim(self.plan, said)

    def _after(self, said: tuple[str, ...], cautions: tuple[Caution, ...] = ()) -> Reply:
        if self.ended:
            return Reply(said, cautions, ended=True)
        if self.neg.actor == self.plan.side:
            return Reply(said, cautions, advice=self.advisor.advise(self.history()))
        waiting = "Their move: type what they do (`they offer ...`, `they are silent`, ...)."
        return Reply(said, cautions, waiting=waiting)

    # undo and the end ----------------------------------------------------------------------

    def undo(self) -> Reply:
        """Take back the last thing typed: a claim, or a move with what followed it."""
        self._pending = None
        events = self.neg.transcript.events
        claims = self.saved.claims
        if claims and claims[-1].after >= len(events):
            self.saved = self.saved.with_claims(claims[:-1])
            coached.write(self.store, self.saved)
            return self._noted(words.claim(self.plan, claims[-1])).joined(self._after(()))
        k = next(
            (k for k in range(len(events) - 1, -1, -1) if not automatic(events[k], self.typed)),
            None,
        )
        if k is None:
            return Reply(error="Nothing to undo.")
        gone = [words.event(self.plan, e) for e in events[k:]]
        coached.withdraw(self.store, self.negotiation_id, k)
        a, b = strategies_for(self.plan, self.saved.against)
        resumed = live.resume(self.store, self.negotiation_id, self.scenario, a, b)
        self.neg, self.recorder = resumed.negotiation, resumed.recorder
        self.advisor = Advisor(self.plan)
        return self._noted(*gone).joined(self._after(()))

    def _noted(self, *undone: str) -> Reply:
        return Reply(info=tuple(f"Undone: {u}" for u in undone))

    def finish(self) -> None:
        """Store how the talks ended (once they have), with the outcome metrics and the
        relationship's record when the plan has a scenario."""
        if self.finished or not self.ended:
            return
        ending = self.neg.transcript.ending
        if self.plan.scenario is not None:
            from accord.analysis.report import analyse

            analysis = analyse(self.scenario, seed=self.neg.transcript.seed)
            live.finish_analysed(
                self.store, self.negotiation_id, analysis, self.neg.transcript, self.plan.side
            )
        else:
            from accord.store import negotiations

            negotiations.finish(self.store, self.negotiation_id, ending)
        self.finished = True


__all__ = ["CoachSession"]
