"""Errors a user can act on.

Every error raised on bad input names the source (file), the field and what was
expected, so the CLI can print one paragraph and exit with code 2 instead of a
traceback.
"""

from __future__ import annotations

#: The most characters of a user's input an error message repeats.
ECHO = 60


def echo(text: str, limit: int = ECHO) -> str:
    """`text` as an error repeats it: whole when short, else its start and how long it
    was, so a pasted page does not come back as the message.

    >>> echo("rebate"), echo("x" * 100, 5)
    ('rebate', 'xxxxx... (100 characters)')
    """
    text = text.strip()
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


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

    def at(self, field: str) -> InputError:
        """The same error, named by `field` (a form's name for a command line's option)."""
        return InputError(self.message, source=self.source, field=field, expected=self.expected)

    def located(self, source: str) -> InputError:
        """The same error, attributed to `source` when it had no source yet."""
        if self.source:
            return self
        return InputError(self.message, source=source, field=self.field, expected=self.expected)
