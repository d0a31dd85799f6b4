"""Datasette configuration for browsing a quotetrack database: titles, descriptions, facets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette

TITLE = "quotetrack"
DESCRIPTION = "Attributed quotes and claims extracted from news text: who said what, in which article."


def build_metadata(database: str = "quotes") -> dict[str, Any]:
    """Datasette metadata for a database named `database` (Datasette names it after the file stem)."""
    tables = {
        "attributions": {
            "description": "One row per quote or claim: its content, how it was introduced (cue), "
            "the speaker as mentioned and as resolved, and the surrounding sentence.",
            "facets": ["speaker_id", "kind"],
            "label_column": "content",
        },
        "speakers": {
            "description": "People, organisations and groups quoted, under one canonical name each.",
            "label_column": "name",
        },
        "documents": {
            "description": "Ingested texts, keyed by a SHA-256 of the normalised text.",
            "label_column": "title",
        },
        "runs": {"description": "One row per ingest run: when, with which model, and what it stored."},
        "speaker_counts": {"description": "How often each speaker is quoted, by kind and document."},
        "speaker_attributions": {"description": "Attributions with speaker name and document title."},
    }
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {database: {"title": TITLE, "tables": tables}},
    }


def make_datasette(db_path: str | Path) -> Datasette:
    """A read-only Datasette over one quotetrack database, used by `quotetrack serve` and the tests."""
    path = Path(db_path)
    return Datasette(files=[str(path)], metadata=build_metadata(path.stem))
