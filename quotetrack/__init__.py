"""quotetrack: who said what, where and when, across a pile of news articles.

The public API (see README, "As a library"): `extract` and `extract_inputs` find attributions without a
database; a `Tracker` keeps them in SQLite and answers questions about them; the records are typed.

Names are imported on first use: Datasette loads the quote desk plugin (`quotetrack.desk`) while it is
itself being imported, and must not pull in spaCy or, through the API, Datasette again.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "DEFAULT_DB": "quotetrack.api",
    "Tracker": "quotetrack.api",
    "extract": "quotetrack.api",
    "extract_inputs": "quotetrack.api",
    "evaluate": "quotetrack.api",
    "NotFound": "quotetrack.store.reads",
    "Ambiguous": "quotetrack.store.reads",
    "IngestInterrupted": "quotetrack.ingest",
    "IngestSummary": "quotetrack.ingest",
    "IngestProgress": "quotetrack.ingest",
    "WorkerLost": "quotetrack.nlp.workers",
    "DEFAULT_MODEL": "quotetrack.nlp",
    "ReadOptions": "quotetrack.read",
    "Attribution": "quotetrack.records",
    "Correction": "quotetrack.records",
    "FixError": "quotetrack.store.fixes",
    "Document": "quotetrack.records",
    "Skipped": "quotetrack.records",
    "Speaker": "quotetrack.records",
    "SpeakerProfile": "quotetrack.records",
    "StoredAttribution": "quotetrack.records",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'quotetrack' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
