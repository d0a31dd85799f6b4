"""Find quotation spans in raw text, robust to unbalanced marks and apostrophes.

Quotation marks are paired on characters, before any parsing, because a quote may run over several
sentences or paragraphs. Single quotes (British style, `‘We will win,’ she said`, or straight: `'We will
win,' she said`) count only outside double quotes, within one paragraph, opened at a word's start and
closed at a word's end by the same style of mark: a single mark is far more often an apostrophe (`CBS
News’ ‘Face The Nation’`, `don’t`, `the workers' union`, `the '90s`), and a wrong pairing must never
swallow the rest of the document. Two apostrophes (`''Yes,'' he said`, as some newspapers
print quotation marks) count as one straight double mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = {"“": "”", "«": "»", "„": "“"}
CLOSING = {"”", "»"}
STRAIGHT = '"'
# Marks that may stand between a sentence's full stop and the next quotation: `... said “Yes.” “No ...`.
CLOSERS = '”»’")'
DOUBLED_APOSTROPHES = re.compile("''")
# Single quotation marks, typographic and straight, with the mark that closes each.
SINGLE_MARKS = {"‘": "’", "'": "'"}
# What follows a straight apostrophe that stands for left-out letters, not a quotation mark.
ELISIONS = re.compile(r"(?:\d0s|\d\d\b|em\b|n'|til\b|cause\b|tis\b|twas\b)", re.IGNORECASE)
# A quote that has not closed after this many paragraphs is treated as an unbalanced mark.
MAX_PARAGRAPHS = 6


@dataclass(frozen=True)
class Quotation:
    """A quotation: `start`/`end` cover the words inside the marks, `open_at`/`close_at` the marks."""

    open_at: int
    close_at: int

    @property
    def start(self) -> int:
        return self.open_at + 1

    @property
    def end(self) -> int:
        return self.close_at


def _word_may_open(text: str, i: int) -> bool:
    """Whether a mark at `i` stands where a quoted word may start: the text's start, after a space, an
    opening bracket, a dash or a colon."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-:"


def _straight_mark_opens(text: str, i: int) -> bool:
    """A straight `"` opens a quote when it follows a space or start of text and precedes a non-space."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return _word_may_open(text, i) and not after.isspace()


def follows_sentence_end(text: str, at: int, ends: str = "\n.?!:") -> bool:
    """Whether a quotation mark at `at` stands where a sentence starts: the text's start, or after one of
    `ends` (a paragraph break, `.`, `?`, `!`, `:`), spaces and closing marks aside (`... he said.” “We`)."""
    i = at
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    while i > 0 and text[i - 1] in CLOSERS:
        i -= 1
    return i == 0 or text[i - 1] in ends


def _may_run_on(text: str, open_at: int | None) -> bool:
    """Only a quote opened where a sentence starts (a paragraph's start, or after `.`, `?`, `!`, as in
    `... he said. “We will rebuild.`) or after `:`/`,` runs on over paragraphs; a mark in mid sentence
    that never closed is more likely unbalanced than the start of a long quotation."""
    return open_at is not None and follows_sentence_end(text, open_at, "\n:,.?!")


def _doubled_apostrophes_as_marks(text: str) -> str:
    """The text with each `''` written as one straight mark beside a space, keeping every offset: ` "` when
    it opens (the mark stays next to the words it encloses), `" ` when it closes."""

    def mark(match: re.Match[str]) -> str:
        start = match.start()
        return ' "' if _word_may_open(text, start) else '" '

    return DOUBLED_APOSTROPHES.sub(mark, text)


def find_quotations(text: str) -> list[Quotation]:
    """Pair opening and closing quotation marks.

    A quote running over several paragraphs reopens each new paragraph with an opening mark and closes
    only at its end; a paragraph that does not reopen it means the mark was unbalanced, and it is dropped.
    """
    text = _doubled_apostrophes_as_marks(text)
    found: list[Quotation] = []
    open_at: int | None = None
    paragraphs = 0
    awaiting_reopen = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if ch == "\n" and open_at is not None:
                awaiting_reopen = True
            continue
        opens = ch in OPENING or (ch == STRAIGHT and _straight_mark_opens(text, i))
        if awaiting_reopen:
            awaiting_reopen = False
            paragraphs += 1
            if opens and paragraphs <= MAX_PARAGRAPHS and _may_run_on(text, open_at):
                continue
            open_at = None
        if opens and (open_at is None or ch != "“" or text[open_at] != "„"):
            open_at, paragraphs = i, 0
        elif open_at is not None and (ch in CLOSING or ch == STRAIGHT or ch == "“"):
            found.append(Quotation(open_at, i))
            open_at = None
    found = [q for q in found if q.close_at - q.open_at > 1]
    inside_double = [(q.open_at, q.close_at) for q in found]
    singles = [q for q in _single_quotations(text) if not any(a <= q.open_at <= b for a, b in inside_double)]
    return sorted(found + singles, key=lambda q: q.open_at)


def _single_quotations(text: str) -> list[Quotation]:
    """`‘...’` and `'...'` pairs within a paragraph (SINGLE_MARKS); an apostrophe never closes one. A
    straight mark after an `s` with a word after it (`the workers' union`) closes a quotation only if no
    other mark does before the paragraph ends (`of 'sitting on their hands' while ...`)."""
    found: list[Quotation] = []
    open_at: int | None = None
    plural_at: int | None = None  # the first `s'` seen since the quotation opened
    for i, ch in enumerate(text + "\n"):
        if ch == "\n":
            if open_at is not None and plural_at is not None:
                found.append(Quotation(open_at, plural_at))
            open_at = plural_at = None
        elif ch in SINGLE_MARKS and open_at is None and _single_mark_opens(text, i):
            open_at = i
        elif open_at is not None and ch == SINGLE_MARKS[text[open_at]]:
            closes = _single_mark_closes(text, open_at, i)
            if closes is None:
                plural_at = i if plural_at is None else plural_at
            elif closes:
                found.append(Quotation(open_at, i))
                open_at = plural_at = None
    return found


def _single_mark_opens(text: str, i: int) -> bool:
    """A single mark at a word's start (`‘We`, ` 'We`), not an elided letter (`'90s`, `'em`, `'n'`)."""
    after = text[i + 1] if i + 1 < len(text) else " "
    if (i > 0 and text[i - 1].isalnum()) or after.isspace():
        return False
    return text[i] == "‘" or (_word_may_open(text, i) and not ELISIONS.match(text, i + 1))


def _single_mark_closes(text: str, open_at: int, i: int) -> bool | None:
    """Whether a mark closes the quotation opened at `open_at`: at a word's end, not inside one (`won’t`,
    `don't`); None for a straight one that may be the apostrophe of a plural (`the workers' union`: an
    `s`, then a word)."""
    after = text[i + 1] if i + 1 < len(text) else " "
    if i - open_at <= 1 or after.isalnum() or text[i - 1].isspace():
        return False
    if text[i] == "’" or not (text[i - 1] in "sS" and after.isspace() and text[i + 2 : i + 3].isalpha()):
        return True
    return None
