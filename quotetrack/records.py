"""Attributions as records for output: the evaluation's prediction format and flat rows."""

from __future__ import annotations

from spacy.tokens import Doc


def prediction_record(doc_id: str, doc: Doc) -> dict:
    """One document in the prediction format of the evaluation (`id`, `quotes` with offsets)."""
    return {"id": doc_id, "quotes": list(doc._.attributions or [])}
