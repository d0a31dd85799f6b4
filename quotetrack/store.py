"""The SQLite schema and all writes, so every ingest leaves the database consistent and queryable."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from quotetrack import __version__
from quotetrack.registry import ensure_registry_schema, link_speaker
from quotetrack.sources import Document
from quotetrack.speaker_views import create_speaker_views
from quotetrack.timestamps import now

FTS_COLUMNS = ("content", "context")


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) a quotetrack database with its schema, WAL mode and foreign keys on."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    ensure_schema(db)
    return db


def ensure_schema(db: Database) -> None:
    """Create tables, indexes, full-text search and views; safe to run on an existing database."""
    db["runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "model": str,
            "quotetrack_version": str,
            "documents_read": int,
            "documents_new": int,
            "documents_skipped": int,
            "attributions": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["documents"].create(
        {
            "id": str,
            "text": str,
            "title": str,
            "source": str,
            "n_chars": int,
            "ingested_at": str,
            "run_id": int,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
        if_not_exists=True,
    )
    db["speakers"].create(
        {"id": int, "name": str, "name_key": str, "kind": str, "role": str}, pk="id", if_not_exists=True
    )
    # name_key, not name: unnamed sources (`officials`) get one row per document under the same name.
    db["speakers"].create_index(["name_key"], unique=True, if_not_exists=True)
    ensure_registry_schema(db)
    db["attributions"].create(
        {
            "id": int,
            "document_id": str,
            "speaker_id": int,
            "content": str,
            "content_start": int,
            "content_end": int,
            "kind": str,
            "cue": str,
            "cue_lemma": str,
            "cue_start": int,
            "cue_end": int,
            "speaker_mention": str,
            "speaker_start": int,
            "speaker_end": int,
            "speaker_role": str,
            "context": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("speaker_id", "speakers", "id")],
        if_not_exists=True,
    )
    attributions = db["attributions"]
    # This unique index also serves lookups by document_id (its leading column), so no separate one.
    attributions.create_index(
        ["document_id", "content_start", "content_end"], unique=True, if_not_exists=True
    )
    attributions.create_index(["speaker_id"], if_not_exists=True)
    attributions.create_index(["kind"], if_not_exists=True)
    if not db["attributions_fts"].exists():
        attributions.enable_fts(FTS_COLUMNS, create_triggers=True)
    create_speaker_views(db)


def start_run(db: Database, model: str) -> int:
    """Record the start of an ingest, so every stored document can be traced to the model that read it."""
    with db.atomic():
        table = db["runs"].insert({"started_at": now(), "model": model, "quotetrack_version": __version__})
    return int(table.last_pk)


def finish_run(db: Database, run_id: int, counts: Mapping[str, Any]) -> None:
    """Close a run with its totals (documents_read, documents_new, documents_skipped, attributions, model)."""
    with db.atomic():
        db["runs"].update(run_id, {**counts, "finished_at": now()})


def has_document(db: Database, document_id: str) -> bool:
    """Whether this exact content is already stored, checked before spending time on parsing it."""
    return db.execute("select 1 from documents where id = ?", [document_id]).fetchone() is not None


def attribution_row(db: Database, doc: Document, attribution: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten one extracted attribution into an `attributions` row, linking its speaker."""
    speaker = link_speaker(db, attribution, doc.id)
    start, end = attribution.get("sentence_start"), attribution.get("sentence_end")
    return {
        "document_id": doc.id,
        "speaker_id": speaker,
        "content": attribution["content"],
        "content_start": attribution["content_start"],
        "content_end": attribution["content_end"],
        "kind": attribution.get("kind"),
        "cue": attribution.get("cue"),
        "cue_lemma": attribution.get("cue_lemma"),
        "cue_start": attribution.get("cue_start"),
        "cue_end": attribution.get("cue_end"),
        "speaker_mention": attribution.get("speaker"),
        "speaker_start": attribution.get("speaker_start"),
        "speaker_end": attribution.get("speaker_end"),
        "speaker_role": attribution.get("speaker_role"),
        "context": doc.text[start:end] if start is not None and end is not None else None,
    }


def store_document(
    db: Database, doc: Document, attributions: Iterable[Mapping[str, Any]], run_id: int | None
) -> int:
    """Store a document and its attributions in one transaction; returns how many attributions were stored.

    A document already present is left untouched (returns 0), so re-ingesting is harmless.
    """
    with db.atomic():
        if has_document(db, doc.id):
            return 0
        db["documents"].insert(
            {
                "id": doc.id,
                "text": doc.text,
                "title": doc.title,
                "source": doc.source,
                "n_chars": len(doc.text),
                "ingested_at": now(),
                "run_id": run_id,
            }
        )
        rows: dict[tuple[int, int], dict[str, Any]] = {}
        for attribution in attributions:
            key = (attribution["content_start"], attribution["content_end"])
            if key not in rows:
                rows[key] = attribution_row(db, doc, attribution)
        if rows:
            db["attributions"].insert_all(rows.values())
        return len(rows)
