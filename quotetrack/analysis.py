"""Run the spaCy pipeline over documents, keeping each document paired with its attributions."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

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
    """Stream (document, attributions) pairs in input order, parsing in batches via nlp.pipe."""
    for_pairs, for_texts = itertools.tee(documents)
    texts = (document.text for document in for_texts)
    for document, doc in zip(for_pairs, parse_texts(nlp, texts, batch_size, n_process), strict=True):
        yield document, list(doc._.attributions)
