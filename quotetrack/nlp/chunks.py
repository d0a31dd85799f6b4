"""Cut very long texts into pieces spaCy can parse, and map offsets found in a piece back to the whole.

spaCy refuses texts longer than `nlp.max_length`; well below that, memory and the attribution
extractor's time grow faster than a text's length (a 100,000-character text took 55 s to extract, four
25,000-character pieces 19 s). Pieces end at a paragraph break where there is one, so a quote and its
speaker stay together; speakers are resolved within a piece.
"""

from __future__ import annotations

# Above any article of the PolNeAR news corpus (the longest of 924 has 33,672 characters).
CHUNK_CHARS = 40_000
# Where to cut, best first: between paragraphs, between lines, after a sentence, between words.
BREAKS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs of at most `limit` characters each that concatenate back to `text`."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((window.rfind(mark) + len(mark) for mark in BREAKS if window.rfind(mark) > 0), limit)
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces
