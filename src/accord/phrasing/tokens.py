"""A line of text as tokens: numbers (with `k` thousands and `1,500` separators), words
(contractions split, hyphens kept inside words) and symbols, each with its span in
the line so that free text (a claim, a condition) can be quoted as typed.

>>> [t.text for t in tokenize("They'll do 1.5% if you stock 1.5x, else 10k")]
['they', 'will', 'do', '1.5', '%', 'if', 'you', 'stock', '1.5', 'x', ',', 'else', '10k']
>>> tokenize("payment_days=60")[2].number
60.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from accord.phrasing.numerals import SCALES, read_words, word_value

_TOKEN = re.compile(
    r"""
    (?P<odd>\d+,\d{1,2}(?![\d]))
   |(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<k>k(?![a-z]))?
   |(?P<word>[a-z][a-z0-9_'\-]*)
   |(?P<sym>>=|<=|[=:;,%$€¥£()<>+×/&])
    """,
    re.VERBOSE,
)

#: Contractions split into two words (the apostrophe is normalised first).
_CONTRACTIONS = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
}
_SUFFIXES = {"n't": "not", "'re": "are", "'ll": "will", "'ve": "have", "'m": "am", "'d": "would"}


@dataclass(frozen=True)
class Token:
    """One token: `kind` is num, word or sym; `start`, `end` its span in the line."""

    kind: str
    text: str
    start: int
    end: int
    number: float | None = None


def tokenize(line: str) -> list[Token]:
    """The tokens of `line` (lowercased; quotes and dashes normalised)."""
    text = normalise(line)
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if m.group("odd") is not None:  # `114,00`: a decimal comma or a list? asked
            out.append(Token("word", m.group(0), start, end))
        elif m.group("num") is not None:
            x = float(m.group("num").replace(",", ""))
            if m.group("k"):
                x *= 1000
            out.append(Token("num", m.group(0), start, end, x))
        elif m.group("word") is not None:
            out += [Token("word", w, start, end) for w in _split_word(m.group("word"))]
        else:
            out.append(Token("sym", m.group("sym"), start, end))
    return _spelled(out, text)


def _spelled(tokens: list[Token], text: str) -> list[Token]:
    """Numbers written in words (`twelve hundred`, `twenty-five`, `12 hundred`) as one
    number token; a single plain number word (`two`) stays a word for the lexicon."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        words = [u.text if u.kind == "word" else "" for u in tokens[i + 1 : i + 6]]
        found = None
        if t.kind == "num" and words and words[0] in SCALES:
            found = read_words(words, start=t.number)
            found = (found[0], found[1] + 1) if found else None
        elif t.kind == "word" and "-" in t.text and word_value(t.text) is None:
            out += _compound(t)  # `one-year`, `two-month`
            i += 1
            continue
        elif t.kind == "word":
            found = read_words([t.text, *words])
            if found is not None and found[1] == 1 and "-" not in t.text:
                found = None
        if found is None:
            out.append(t)
            i += 1
            continue
        value, n = found
        last = tokens[i + n - 1]
        spelled = text[t.start : last.end]
        out.append(replace(t, kind="num", text=spelled, end=last.end, number=value))
        i += n
    return out


def _compound(t: Token) -> list[Token]:
    """`one-year` as the number 1 and the word `year`; `twenty-five-day` as 25 and `day`;
    any other hyphenated word as it is."""
    parts = t.text.split("-")
    if len(parts) == 2 and parts[1].isdigit() and parts[0].isalpha():
        cut = t.start + len(parts[0])  # `net-90`
        return [
            Token("word", parts[0], t.start, cut),
            Token("num", parts[1], cut + 1, t.end, float(parts[1])),
        ]
    for n in (2, 1):
        head = "-".join(parts[:n])
        value = word_value(head)
        if value is not None and len(parts) > n:
            cut = t.start + len(head)
            tail = "-".join(parts[n:])
            return [
                Token("num", head, t.start, cut, value),
                Token("word", tail, cut + 1, t.end),
            ]
    return [t]


def normalise(line: str) -> str:
    """Lowercase with typographic quotes made plain; the same length as `line`, so spans
    found in it quote the original."""
    plain = line.replace("\u2019", "'").replace("\u2018", "'").replace("\u00d7", "x")
    lowered = plain.lower()
    return lowered if len(lowered) == len(line) else plain


def _split_word(word: str) -> list[str]:
    word = word.strip("-'")
    if word in _CONTRACTIONS:
        return list(_CONTRACTIONS[word])
    for suffix, full in _SUFFIXES.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            head = word[: -len(suffix)]
            return [head if head != "ca" else "can", full]
    if word.endswith("'s"):  # possessive or "is": neither changes a move
        return [word[:-2]]
    return [word.replace("'", "")] if word else []
