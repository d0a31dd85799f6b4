"""Sentence starts the parser must respect: every new paragraph, and the story after a dateline."""

from __future__ import annotations

from spacy.tokens import Doc

# A dateline (`CLEVELAND, July 19 (UPI) —`) opens a paragraph with at most this many tokens before its dash.
MAX_DATELINE_TOKENS = 10
DATELINE_DASHES = {"—", "–", "--", "-"}


class ParagraphSplitter:
    """Marks sentence starts before the parser runs: after every line break, and after a dateline."""

    def __call__(self, doc: Doc) -> Doc:
        starts = [0] if len(doc) else []
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
                starts.append(token.i)
        for start in starts:
            after = _dateline_end(doc, start)
            if after is not None:
                doc[after].is_sent_start = True
        return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the story starts after a dateline (`WASHINGTON (AP) —`, `Paris, May 2 (AFP) –`), so the parser
    never takes the place for the subject of the first sentence: capitalised words, numbers and punctuation
    up to a dash, one of them in capitals."""
    capitals = False
    for token in doc[start : start + MAX_DATELINE_TOKENS]:
        if token.text in DATELINE_DASHES:
            return token.i + 1 if capitals and token.i > start and token.i + 1 < len(doc) else None
        if token.is_alpha and not token.is_title and not token.is_upper:
            return None
        capitals = capitals or (token.is_upper and token.is_alpha and len(token) > 1)
    return None
