"""Texts too long for one spaCy parse: split at paragraph breaks, with offsets still into the whole text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import run_cli
from sqlite_utils import Database

from quotetrack.nlp.annotate import annotate
from quotetrack.nlp.chunks import CHUNK_CHARS, split_text
from quotetrack.read.documents import make_document
from quotetrack.read.inputs import read_sources

NAMES = ("Ana Lopes", "Tom Reyes", "Jane Okafor", "Sam Oduya", "Maria Lind", "Omar Haddad")


def long_article(paragraphs: int) -> str:
    """Paragraphs that each hold one quote by a named person, so no quote depends on another paragraph."""
    return "\n\n".join(
        f"“Item {n} will cost {n * 7} million,” said {NAMES[n % len(NAMES)]} on Monday. "
        f"The committee met for {n} hours."
        for n in range(paragraphs)
    )


def test_pieces_end_at_the_best_break_and_join_back_to_the_text() -> None:
    text = long_article(40)
    pieces = split_text(text, 500)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 500 and text[offset:].startswith(piece) for offset, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])
    assert split_text("word " * 10, 12)[:2] == [(0, "word word "), (10, "word word ")]
    assert split_text("x" * 25, 10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]
    assert split_text("short", 10) == [(0, "short")]


def test_a_50_mb_file_is_read_whole_and_split_under_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    paragraph = long_article(3) + "\n\n"
    path.write_text(paragraph * (50_000_000 // len(paragraph)))
    started = time.perf_counter()
    [document] = read_sources([path])
    pieces = split_text(document.text)
    elapsed = time.perf_counter() - started
    assert len(document.text) > 49_000_000
    assert max(len(piece) for _, piece in pieces) <= CHUNK_CHARS < 1_000_000
    assert pieces[-1][0] + len(pieces[-1][1]) == len(document.text)
    assert elapsed < 30  # reading and splitting, not parsing: seconds, not minutes


def test_long_text_is_parsed_in_pieces_with_offsets_into_the_whole(nlp, tmp_path: Path) -> None:
    text = long_article(12)
    document = make_document(text, "long.txt", "long.txt")
    [(_, expected)] = annotate(nlp, [document])  # parsed whole, as spaCy's limit allows by default
    assert len(expected) == 12
    path = tmp_path / "long.txt"
    path.write_text(text)
    db_path = tmp_path / "q.db"

    nlp.max_length, previous = 500, nlp.max_length
    try:
        with pytest.raises(ValueError, match="E088"):
            nlp(text)  # the limit really is in the way
        run_cli("ingest", str(path), "--db", str(db_path))
    finally:
        nlp.max_length = previous

    stored = list(
        Database(db_path).query(
            "select content_start, content_end, content, speaker_mention as speaker, speaker_start,"
            " speaker_end from attributions order by content_start"
        )
    )
    assert stored == [{key: getattr(found, key) for key in stored[0]} for found in expected]
    assert all(text[row["content_start"] : row["content_end"]] == row["content"] for row in stored)
    assert all(text[row["speaker_start"] : row["speaker_end"]] == row["speaker"] for row in stored)
