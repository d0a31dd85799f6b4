"""The columns of `documents`, defined once here; those only some databases have, named safely in read SQL.

Ingest from HTML, URLs, JSONL and CSV adds metadata columns to `documents`; databases made before
that lack them. Read-side SQL asks which columns exist and reads NULL for the missing ones, so the
quote desk works on old and new databases alike.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection
from pathlib import Path

# The schema (store.py creates it) and what metadata.py describes when there is no database to look at.
DOCUMENT_COLUMNS: dict[str, type] = {
    "id": str,
    "text": str,
    "title": str,
    "source": str,
    "url": str,
    "author": str,
    "outlet": str,
    "published": str,  # ISO 8601 date
    "external_id": str,  # the article's id in the export it came from
    "n_chars": int,
    "ingested_at": str,
    "run_id": int,
}
OPTIONAL_COLUMNS = ("url", "author", "outlet", "published")


def field(available: Collection[str], name: str) -> str:
    """SQL for documents.<name>, or NULL when this database has no such column."""
    return f"documents.{name}" if name in available else "null"


def day(available: Collection[str]) -> str:
    """SQL for an article's date: its published date when known, else the day it was ingested.

    Ingestion day is the best stand-in for "when it appeared" that every database has.
    """
    ingested = "date(documents.ingested_at)"
    return f"coalesce(date(documents.published), {ingested})" if "published" in available else ingested


def read_columns(db_path: str | Path, immutable: bool = False) -> list[str]:
    """Columns of `documents` in the database file, read without writing to it.

    `immutable` reads the file as it is, without the -wal and -shm files a read-only reader leaves behind.
    """
    uri = f"{Path(db_path).resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return [row[1] for row in conn.execute("pragma table_info(documents)")]
