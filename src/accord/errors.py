"""Errors a user can act on.

Every error raised on bad input names the source (file), the field and what was
expected, so the CLI can print one paragraph and exit with code 2 instead of a
traceback.
"""

from __future__ import annotations


class AccordError(Exception):
    """Base class of accord's own errors."""


class InputError(AccordError, ValueError):
    """Bad input: names where it came from, which field and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        field: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.field = field
        self.expected = expected
        super().__init__(self.describe())

    def describe(self) -> str:
        parts = []
        if self.source:
            parts.append(f"in {self.source}")
        if self.field:
            parts.append(f"at field '{self.field}'")
        where = (" ".join(parts) + ": ") if parts else ""
        text = f"{where}{self.message}"
        if self.expected:
            text += f" (expected {self.expected})"
        return text

    def located(self, source: str) -> InputError:
        """The same error, attributed to `source` when it had no source yet."""
        if self.source:
            return self
        return InputError(self.message, source=source, field=self.field, expected=self.expected)
