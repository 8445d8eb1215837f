"""negmas itself, imported once and only here: the adapter's other modules take its
names from this one, and `require_negmas` fails clearly when it is not installed."""

from __future__ import annotations

from accord.errors import InputError

try:
    from negmas.gb.negotiators import GBNegotiator
    from negmas.outcomes import make_issue, make_os
    from negmas.outcomes.common import ExtendedOutcome
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences import UtilityFunction as NegmasUtility
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import ResponseType, SAOCallNegotiator, SAOMechanism, SAONegotiator, SAOResponse
except ImportError as e:  # pragma: no cover - exercised only without the extra
    _MISSING: ImportError | None = e
    # bases for classes defined at import; every other name is used only after require()
    SAONegotiator = SAOCallNegotiator = NegmasUtility = object
    GBNegotiator = make_issue = make_os = ExtendedOutcome = None
    LinearAdditiveUtilityFunction = TableFun = ResponseType = None
    SAOMechanism = SAOResponse = None
else:
    _MISSING = None


#: What a silent party sends when negmas accepts a rejection without a counter-offer.
SILENCE_DATA = {"text": "silence"}


def require_negmas() -> None:
    """Raise the user's error (not an ImportError deep inside) when negmas is absent."""
    if _MISSING is not None:
        raise InputError(
            f"the negmas adapter needs negmas, which is not installed ({_MISSING})",
            field="strategy",
            expected="negmas installed: pip install 'accord[negmas]'",
        )


__all__ = [
    "SILENCE_DATA",
    "ExtendedOutcome",
    "GBNegotiator",
    "LinearAdditiveUtilityFunction",
    "NegmasUtility",
    "ResponseType",
    "SAOCallNegotiator",
    "SAOMechanism",
    "SAONegotiator",
    "SAOResponse",
    "TableFun",
    "make_issue",
    "make_os",
    "require_negmas",
]
