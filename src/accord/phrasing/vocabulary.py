"""The words the parser knows before it reads a plan: speakers, the verbs of each move,
markers (if, else, with, without), units, number words and harmless fillers.

Each phrase (words separated by spaces, as `tokenize` splits them) has one or more
senses; `accord.phrasing.lexicon` adds the plan's issues, values and units. A word
that is in none of these tables, outside the free text of a claim or a condition,
is asked back rather than skipped: it may be a term the parser would otherwise lose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.phrasing.numerals import NUMBER_WORDS


@dataclass(frozen=True)
class Sense:
    """One meaning of a phrase: `role` (speaker, kind, issue, unit, ...) and its value."""

    role: str
    value: Any = None


def _senses(role: str, phrases: str, value: Any = None) -> dict[str, Sense]:
    return {p.strip(): Sense(role, value) for p in phrases.split("|") if p.strip()}


#: Moves by their verbs. "offer" after a determiner ("their offer") is a noun instead.
KINDS: dict[str, str] = {
    "offer": "offer|offers|offered|offering|propose|proposes|proposed|proposal|counter|counters"
    "|countered|counteroffer|counter-offer|counter offer|suggest|suggests|suggested|ask for"
    "|asks for|asked for|want|wants|wanted|demand|demands|demanded|request|requests|requested"
    "|bid|bids|put forward|puts forward|table|tables|tabled|come back with|comes back with"
    "|came back with|make an offer|makes an offer|made an offer|open|opens|opened|opening"
    "|open with|opens with|opened with|open at|opens at|opened at|start at|starts at"
    "|started at|start with|starts with|started with|quote|quotes|quoted|pitch|pitches"
    "|pitched|supply|supplies|supplied|commit|commits|committed|commit to|commits to"
    "|committed to|commitment|commitment of|guarantee|guarantees|guaranteed|upgrade"
    "|upgrades|upgraded|ask|asks|insist on|insists on|insisted on|push for|pushes for"
    "|pushed for|hold out for|holds out for|held out for|stretch|stretches|stretched"
    "|stretch to|split the difference|splits the difference|meet halfway|halfway|prefer"
    "|prefers|preferred|would like|would prefer"
    "|settle at|settles at|settle for|settles for|go with|goes with|go for|goes for|deliver"
    "|delivers|ship|ships|go back to|goes back to|went back to",
    "repeat": "repeat|repeats|repeated|same offer|same terms|again|stands|stand|unchanged"
    "|hold|holds|held|hold firm|holds firm|stick to|sticks to|stay at|stays at|firm|stick with"
    "|sticks with|stuck with|stuck to|same as before|as before",
    "accept": "accept|accepts|accepted|agree|agrees|agreed|a deal|deal|deal done|done deal"
    "|take it|takes it|took it|shake hands|shakes hands|shook hands|sign|signs|signed"
    "|sign it|signs it|signed it|works for us|works for me|sounds good|go ahead|goes ahead"
    "|agree to|agrees to|agreed to|sign off|signs off|signed off|sign off on|signs off on"
    "|signed off on"
    "|good with that|fine with that|ok with that|okay with that|happy with that"
    "|say yes|says yes|said yes|yes to|we have a deal|you have a deal|you've got a deal",
    "walk": "walk away|walks away|walked away|walk out|walks out|walked out|walk|walks"
    "|leave the table|leaves the table|left the table|break off|breaks off|broke off"
    "|end the talks|ends the talks|ended the talks|call it off|calls it off|called it off"
    "|end the negotiation|ends the negotiation|ended the negotiation|end negotiations"
    "|ends negotiations|ended negotiations|done talking|are done talking"
    "|walk_away|walk-away",
    "silent": "silent|silence|quiet|say nothing|says nothing|said nothing|no answer"
    "|no response|no reply|no counter|pass|passes|passed|nothing|stay silent|stays silent"
    "|remain silent|remains silent|go quiet|goes quiet|went quiet|stay quiet|stays quiet"
    "|stayed quiet|keep quiet|keeps quiet|kept quiet|keep silent|keeps silent|kept silent"
    "|remain quiet|remains quiet|remained quiet|remained silent|stayed silent|no comment"
    "|hold our tongue|let it sit|let silence work|ghost|ghosts|ghosted|radio silence"
    "|not heard back|no news|no word|not responding|not answering|not replying|unresponsive"
    "|not getting back|go dark|goes dark|went dark|gone dark",
    "consult": "consult|consults|consulted|consulting|consult authority|consult_authority"
    "|check with|checks with|checked with|run it by|runs it by|ran it by|run this by"
    "|runs this by|ran this by|run that by|approval|approve|approves|need sign-off"
    "|needs sign-off|get sign-off|gets sign-off|sign-off from|need to sign off"
    "|needs to sign off|has to sign off|have to sign off|must sign off|talk to|talks to"
    "|talked to|speak to|speaks to|spoke to"
    "|speak with|speaks with|spoke with|escalate|escalates|escalated|take it to|takes it to"
    "|took it to|get approval|gets approval|need approval|needs approval|align internally"
    "|run it past|runs it past|ran it past|run this past|runs this past"
    "|aligns internally|check internally|checks internally|discuss internally"
    "|discusses internally|internally",
    "ultimatum": "ultimatum|final offer|last offer|best and final|take it or leave it|or nothing"
    "|take-it-or-leave-it|final|final answer|last word|final position|final terms",
    "add": "add|adds|added|grant|grants|granted|throw in|throws in|threw in|include|includes"
    "|included|sweeten|sweetens|sweetened|fund|funds|funded|provide|provides|provided"
    "|thrown in"
    "|chip in|chips in|chipped in|contribute|contributes|contributed",
    "delay": "delay|delays|delayed|postpone|postpones|postponed|stall|stalls|stalled"
    "|come back later|comes back later|get back to us|gets back to us|get back later"
    "|later|put off|puts off|think it over|thinks it over|think about it|thinks about it"
    "|sleep on it|sleeps on it|mull it over|mulls it over|need time|needs time|need more time"
    "|needs more time|take time|takes time|get back to them|gets back to them"
    "|get back to you|gets back to you",
}

VOCABULARY: dict[str, list[Sense]] = {}


def _add(table: dict[str, Sense]) -> None:
    for phrase, sense in table.items():
        VOCABULARY.setdefault(phrase, []).append(sense)


for _kind, _phrases in KINDS.items():
    _add(_senses("kind", _phrases, _kind))
_add(_senses("speaker", "we|us|i|me|our side|my side|we:|i:|let me|let us", "we"))
#: Who a side may consult: named, they are a note or the one consulted, never a move.
_add(
    _senses(
        "authority",
        "authority|director|directors|boss|board|manager|managers|management|owner|owners"
        "|ceo|cfo|cto|cio|coo|vp|vice president|head office|hq|headquarters|legal|finance"
        "|committee|superior|superiors|higher-ups|higher ups|principal|principals|partner"
        "|partners|procurement|purchasing|leadership|the team|my team|our team|their team"
        "|head of|chief|executive|executives|head|heads|deal desk|division|department"
        "|controller|controlling|approver|approvers|steering|md|gm|general manager"
        "|managing director|president|founder|founders|legal team",
    )
)
_add(
    _senses(
        "speaker",
        "they|them|he|she|the other side|other side|their side|counterpart|the counterpart"
        "|the other party|other party",
        "they",
    )
)
_add(_senses("pronoun", "you|your|yours", "you"))
_add(_senses("pronoun", "our|ours|my|mine", "we"))
_add(_senses("pronoun", "their|theirs|his|her", "they"))
_add(
    _senses(
        "say",
        "say|says|said|tell|tells|told|tell us|tells us|told us|mention|mentions|mentioned"
        "|note|notes|noted|claim|claims|claimed|explain|explains|explained|point out"
        "|points out|pointed out|insist|insists|insisted|remark|remarks",
    )
)
#: Dates a deadline is set by (`by June 30`, `before Friday`, `by EOM`).
_DATE_WORDS = (
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec eod eow eom eoq"
)
_DATES = _DATE_WORDS.split(" ")
_add(
    _senses(
        "deadline",
        "deadline|need an answer|needs an answer|needed an answer|want an answer"
        "|wants an answer|answer by|reply by|respond by|decide by|decision by|expire|expires"
        "|expiring|expired|expiry|offer ends|ends on|valid until|until|time limit|cut-off"
        "|cutoff|by tomorrow|by tonight|by today|by noon|by the end|by end|by next|by monday"
        "|by tuesday|by wednesday|by thursday|by friday|by saturday|by sunday|before monday"
        "|before tuesday|before wednesday|before thursday|before friday|before the end"
        "|this week only|today only|before the|before our|before their|before end|by the"
        "|need our answer|needs our answer|need your answer|needs your answer|answer before"
        "|ends at|end of the|month end|quarter end|year end|end of month|end of quarter"
        "|end of year|valid through|good until|good till|valid till"
        + "".join(f"|by {d}|before {d}" for d in _DATES),
    )
)
_add(
    _senses(
        "if",
        "if|only if|provided|provided that|providing|as long as|so long as|on condition that"
        "|on condition|subject to|assuming|when",
    )
)
_add(_senses("else", "else|otherwise|or else|if not|failing that|and otherwise"))
_add(_senses("with", "with|plus|including|and also|along with|+|&|w /"))
_add(_senses("without", "without|no|excluding|minus|but no|and no"))
#: Taking an add-on out of an offer (`we drop the consulting hours`).
_add(
    _senses(
        "remove",
        "drop|drops|dropped|remove|removes|removed|take out|takes out|took out|withdraw"
        "|withdraws|withdrew|pull|pulls|pulled|scrap|scraps|scrapped",
    )
)
_add(
    _senses(
        "connector",
        "=|:|of|at|to|is|be|at least|minimum|min|set to|equal to|about|around|for|on|in",
    )
)
_add(_senses("boundary", ",|;|but|and|then|while|though|although"))
#: A package, not a condition: "2% in exchange for 1.5x stock" is one offer of both terms.
_add(_senses("filler", "in exchange for|in return for|in exchange|in return|against|for which"))
_add(
    _senses(
        "negation",
        "not|never|refuse|refuses|refused|reject|rejects|rejected|decline|declines|declined"
        "|turn down|turns down|turned down|nope|no deal|turn it down|turns it down"
        "|turned it down|say no|says no|said no|no to|turn us down|turns us down"
        "|turned us down|turn them down|turns them down|turned them down|is off|off the table",
    )
)
_add(
    _senses(
        "hedge",
        "maybe|perhaps|might|possibly|probably|consider|considers|considering|think|thinks"
        "|thinking|hint|hints|hinted|open to|wonder|wonders|may|likely|unlikely|i think"
        "|i guess|i believe|seems|seem",
    )
)
_add(_senses("determiner", "the|their|our|your|this|that|his|her|my|a|an|its|these|those"))
_add(
    _senses(
        "noun",
        "offer|offers|proposal|proposals|terms|deal|package|counter-offer|counteroffer|position",
    )
)
_add(_senses("rounds", "round|rounds|turn|turns"))
_add(_senses("bool", "yes|true|on|included", True))
_add(_senses("bool", "no|false|off|none", False))
_add(
    _senses(
        "filler",
        "/|and|or|at|of|to|for|on|in|is|are|am|was|were|be|been|being|will|would|can|could"
        "|shall|should|do|does|did|have|has|had|need|needs|needed|it|now|then|please|just"
        "|also|too|so|ok|okay|well|let|lets|instead|back|up|down|come|comes|came|go|goes"
        "|going|went|move|moves|moved|get|gets|got|new|revised|improved|both|all|which|what"
        "|here|there|from|by|give|gives|gave|make|makes|made|pay|pays|paid"
        "|keep|keeps|kept|go to|goes to|willing|ready|able|happy|prepared|fine"
        "|contract|agreement|per|each|annual|annually|total|rate|level|value"
        "|only|even|still|right|exactly|sure|really|very|meet|meets|met"
        "|reply|replies|replied|respond|responds|responded|answer|answers|answered"
        "|some|any|more|less|than|over|under|across|like|as|wish"
        "|try|tries|tried|put|puts|take|takes|took|bring|brings|brought|drop"
        "|drops|dropped|raise|raises|raised|lower|lowers|lowered|increase|increases|increased"
        "|reduce|reduces|reduced|improve|improves|accepting|settle|settles|settled|close"
        "|closes|closed|billing|billed|invoicing|invoiced|invoice|invoices|basis|cycle|long"
        "|short|brief|free|must|within|another|extra|further|additional|live with|can live with"
        "|could live with|net|(|)|support|package|programme|program|budget|funding|best|lowest"
        "|highest|max|maximum|at most|renewal|spread|at no extra cost|at no cost|for free"
        "|free of charge|no charge|at no charge|no extra charge|fewer|bill|bills|delivery"
        "|service|today|tomorrow|tonight|this week|next week|yet|how about|what about|lift"
        "|lifts|lifted|requirement|requirements|hi|hello|hey|thanks|thank you|um|uh|fyi|btw"
        "|alright|great|unfortunately|sadly|basically|actually|honestly|look|listen",
    )
)
_add(
    {
        "from us": Sense("from", "we"),
        "by us": Sense("from", "we"),
        "from them": Sense("from", "they"),
        "by them": Sense("from", "they"),
    }
)

#: Units by a canonical key; an issue's `unit` text maps to a key through its first word.
UNITS: dict[str, str] = {
    "%": "%|percent|per cent|pct|percentage|percentage points|points|point|pp",
    "x": "x|times|fold",
    "day": "day|days",
    "week": "week|weeks",
    "month": "month|months",
    "year": "year|years|yr|yrs|y",
    "hour": "hour|hours|h|hrs",
    "$": "$|usd|dollar|dollars|buck|bucks",
    "€": "€|eur|euro|euros",
    "£": "£|gbp|pound|pounds",
    "¥": "¥|yen|jpy",
    "unit": "unit|units|pcs|pieces|piece",
}
for _key, _phrases in UNITS.items():
    _add(_senses("unit", _phrases, _key))

#: Number words, so that "two years" and "three rounds" read as numbers (runs such as
#: "twelve hundred" are read by the tokenizer, `accord.phrasing.numerals`).
for _word, _n in NUMBER_WORDS.items():
    _add({_word: Sense("numword", _n)})


def unit_key(text: str) -> str | None:
    """The canonical unit of an issue's `unit` text ('% of annual sales' -> '%').

    >>> unit_key("% of annual sales"), unit_key("x monthly shipments"), unit_key("days")
    ('%', 'x', 'day')
    >>> unit_key("yen per unit"), unit_key("") is None
    ('¥', True)
    """
    from accord.phrasing.tokens import tokenize

    tokens = tokenize(text)
    if not tokens:
        return None
    for sense in VOCABULARY.get(tokens[0].text, []):
        if sense.role == "unit":
            return str(sense.value)
    return tokens[0].text


def stems(word: str) -> list[str]:
    """The word and the forms it may be an inflection of ('rebates' -> 'rebate')."""
    out = [word]
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)])
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")  # deliveries
    if word.endswith("ing") and len(word) > 5:
        out.append(word[:-3] + "e")  # proposing
    for suffix in ("ed", "ing"):  # capped, capping
        head = word[: -len(suffix)]
        if word.endswith(suffix) and len(head) > 2 and head[-1] == head[-2]:
            out.append(head[:-1])
    return out


def describe_known() -> str:
    """A short list of the move verbs, for help and error messages."""
    return (
        "offer, accept, walk away, are silent, consult (their director), final offer, "
        "add ADD-ON, delay, or a deadline (need an answer by Friday)"
    )


__all__ = ["KINDS", "NUMBER_WORDS", "UNITS", "VOCABULARY", "Sense", "describe_known", "unit_key"]
