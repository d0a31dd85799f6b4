"""Run the spaCy pipeline over documents, keeping each document paired with its attributions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from quotetrack.nlp.chunks import CHUNK_CHARS, split_text
from quotetrack.records import Attribution, Document, Skipped

__all__ = ["DEFAULT_BATCH_SIZE", "FAILED_IN_WORKER", "annotate"]

Annotated = tuple[Document, list[Attribution]]
# Where a piece of text sits: (document number, piece number, pieces in the document, offset).
Piece = tuple[int, int, int, int]
FAILED_IN_WORKER = "a component raised an error in a worker process; --processes 1 shows it"
# Parsing needs about 3 KB of memory per character in a batch: 8 pieces of 40,000 characters stay near
# 1 GB. On CPU, batches of 8 news articles parse as fast as batches of 32 (measured: 23 s and 24 s).
DEFAULT_BATCH_SIZE = 8

# The Piece a Doc was made from. User data travels with a Doc to spaCy's worker processes and back, and
# the error handler reads it to know which document failed.
if not Doc.has_extension("quotetrack_piece"):
    Doc.set_extension("quotetrack_piece", default=None)


@contextlib.contextmanager
def failures_recorded(nlp: Language) -> Iterator[dict[int, str]]:
    """While active, a text on which a component raises is dropped from nlp.pipe instead of ending it;
    the error is recorded by document number (in this process: worker processes cannot report back).

    Covers components that use the pipeline's default error handler: quotetrack's own, and any plain
    function component. (spaCy's Cython components cannot take a handler: set_error_handler fails on
    the parser in spaCy 3.8.)
    """
    failures: dict[int, str] = {}

    def record(name: str, component: object, docs: list[Doc], error: Exception) -> None:
        lines = str(error).strip().splitlines()
        message = f"{name}: {type(error).__name__}" + (f": {lines[0]}" if lines else "")
        for doc in docs:
            if doc._.quotetrack_piece is not None:
                failures.setdefault(doc._.quotetrack_piece[0], message)

    previous = nlp.default_error_handler
    nlp.default_error_handler = record
    try:
        yield failures
    finally:
        nlp.default_error_handler = previous


def annotate(
    nlp: Language,
    documents: Iterable[Document],
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[Annotated | Skipped]:
    """Stream (document, attributions) pairs in input order, parsing in batches via nlp.pipe.

    A text too long for one parse is parsed in pieces (`quotetrack.nlp.chunks`); its attributions come back
    joined, with offsets into the whole text. A document the pipeline fails on comes back as Skipped
    (`extraction failed`), in its place, and the others carry on.
    """
    limit = min(CHUNK_CHARS, nlp.max_length)
    waiting: dict[int, Document] = {}  # read, not yet given back
    found: dict[int, list[Attribution]] = {}
    parsed: dict[int, int] = {}

    def pieces() -> Iterator[Doc]:
        for number, document in enumerate(documents):
            waiting[number] = document
            parts = split_text(document.text, limit)
            for index, (offset, text) in enumerate(parts):
                doc = nlp.make_doc(text)
                doc._.quotetrack_piece = (number, index, len(parts), offset)
                yield doc

    def finish(number: int, complete: bool) -> Annotated | Skipped:
        document, attributions, _ = waiting.pop(number), found.pop(number, []), parsed.pop(number, 0)
        if complete:
            return document, attributions
        return Skipped(document.source, "extraction failed", failures.get(number, FAILED_IN_WORKER))

    with failures_recorded(nlp) as failures:
        for doc in nlp.pipe(pieces(), batch_size=batch_size, n_process=n_process):
            number, index, total, offset = doc._.quotetrack_piece  # a list after a worker process
            for earlier in sorted(n for n in waiting if n < number):  # dropped: the pipeline failed
                yield finish(earlier, complete=False)
            found.setdefault(number, []).extend(
                Attribution.from_dict(a).shifted(offset) for a in doc._.attributions or []
            )
            parsed[number] = parsed.get(number, 0) + 1
            if index == total - 1:
                yield finish(number, complete=parsed[number] == total)
        for number in sorted(waiting):
            yield finish(number, complete=False)
