"""Numbers written in words: `twelve hundred`, `a thousand two hundred`, `twenty-five`,
`two and a half`, `1.2 thousand`. A few rules over a closed list of words, so a
run of words is read as one number only when it parses as one; anything else
(`five five`) stays separate and is asked back by the parser.

>>> read_words(["twelve", "hundred"]), read_words(["a", "thousand", "two", "hundred"])
((1200.0, 2), (1200.0, 4))
>>> read_words(["twenty-five", "days"]), read_words(["two", "and", "a", "half", "years"])
((25.0, 1), (2.5, 4))
>>> read_words(["five", "five"]), read_words(["the", "one"])
((5.0, 1), None)
"""

from __future__ import annotations

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
#: Words worth less than a hundred, by their value.
SMALL: dict[str, float] = {w: float(k) for k, w in enumerate(_SMALL.split(" "))}
TENS: dict[str, float] = {w: float(10 * k) for k, w in enumerate(_TENS.split(" "), 2)}
#: Multipliers; a number before them multiplies (`1.2 thousand`).
SCALES: dict[str, float] = {"hundred": 100.0, "thousand": 1000.0, "million": 1e6}
#: Every single word with a value of its own.
NUMBER_WORDS: dict[str, float] = SMALL | TENS


def word_value(word: str) -> float | None:
    """`seven` -> 7, `twenty-five` -> 25; else None."""
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    head, _, tail = word.partition("-")
    if head in TENS and tail in SMALL and 0 < SMALL[tail] < 10:
        return TENS[head] + SMALL[tail]
    return None


def read_words(words: list[str], start: float | None = None) -> tuple[float, int] | None:
    """The number the leading words of `words` spell, and how many words it takes; None
    when they spell none. `start` is a number written in digits just before them
    (`12 hundred`): only a scale may follow it."""
    total, current = 0.0, start or 0.0
    used, last = 0, "digits" if start is not None else ""
    i = 0
    while i < len(words):
        w = words[i]
        value = word_value(w)
        if w in ("a", "an") and i + 1 < len(words) and words[i + 1] in SCALES and not last:
            current, last, i = 1.0, "small", i + 1
            continue
        if w == "and" and used and _half(words, i + 1):
            return total + current + 0.5, i + 1 + _half(words, i + 1)
        if w == "and" and last == "hundred" and word_value(_at(words, i + 1)) is not None:
            i += 1
            continue
        if w in SCALES and last in ("small", "tens", "digits", "hundred"):
            scale = SCALES[w]
            if scale == 100.0 and last != "hundred":
                current = current * 100.0
                last = "hundred"
            elif scale > 100.0:
                total += current * scale
                current, last = 0.0, "scale"
            else:
                break
        elif value is not None and _follows(last, current, value):
            current += value
            last = "tens" if value >= 20 and value % 10 == 0 else "small"
        else:
            break
        i += 1
        used = i
    if not used or (start is None and total + current == 0 and words[0] not in SMALL):
        return None
    return total + current, used


def _follows(last: str, current: float, value: float) -> bool:
    """Whether a word worth `value` may come after what was read so far."""
    if last in ("", "hundred", "scale"):
        return True
    return last == "tens" and value < 10 and current % 10 == 0


def _at(words: list[str], i: int) -> str:
    return words[i] if i < len(words) else ""


def _half(words: list[str], i: int) -> int:
    """`a half` at `i`: the number of words it takes (0 if not there)."""
    return 2 if words[i : i + 2] == ["a", "half"] else 0
