"""Run the spaCy pipeline over documents, keeping each document paired with its attributions."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from quotetrack.chunks import CHUNK_CHARS, shifted, split_text
from quotetrack.pipeline import DEFAULT_MODEL, load_pipeline, parse_texts
from quotetrack.sources import Document

Attribution = dict[str, Any]


class ModelError(Exception):
    """The requested spaCy pipeline is not installed or not loadable."""


@functools.lru_cache(maxsize=2)
def get_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load a pipeline once per process: loading costs seconds, and tests and CLI calls reuse it."""
    try:
        return load_pipeline(model)
    except OSError as error:  # spaCy's "can't find model" is an OSError
        raise ModelError(f"cannot load spaCy model {model!r}: {error}") from error


def annotate(
    nlp: Language, documents: Iterable[Document], batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Document, list[Attribution]]]:
    """Stream (document, attributions) pairs in input order, parsing in batches via nlp.pipe.

    A text too long for one parse is parsed in pieces (`quotetrack.chunks`); its attributions come back
    joined, with offsets into the whole text.
    """
    limit = min(CHUNK_CHARS, nlp.max_length)
    pieces = (
        (number, document, offset, piece)
        for number, document in enumerate(documents)
        for offset, piece in split_text(document.text, limit)
    )
    for_pairs, for_texts = itertools.tee(pieces)
    texts = (piece for _, _, _, piece in for_texts)
    parsed = zip(for_pairs, parse_texts(nlp, texts, batch_size, n_process), strict=True)
    for _, group in itertools.groupby(parsed, key=lambda pair: pair[0][0]):
        parts = list(group)
        found = [shifted(a, offset) for (_, _, offset, _), doc in parts for a in doc._.attributions or []]
        yield parts[0][0][1], found
