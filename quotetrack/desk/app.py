"""Datasette over a quotetrack database, read-only: immutable when nothing is writing, live otherwise.

Immutable (Datasette's `immutables`) reads the file without any locking and trusts it never changes:
fastest, and it cannot write. That is only true when no ingest is running, so `auto` picks it only
when the write-ahead log is empty; otherwise it opens the file `live` (Datasette's `files`, SQLite
`mode=ro`), which follows a running ingest safely. Neither mode can write: Datasette 0.65 has no write
API, and quotetrack defines no writable saved queries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette

from quotetrack.desk.metadata import build_metadata
from quotetrack.store.schema import read_columns

MODES = ("auto", "immutable", "live")


def writer_active(db_path: str | Path) -> bool:
    """Whether the write-ahead log holds changes: an ingest is running (or one stopped mid-way).

    Readers leave an empty -wal file behind; an ingest writes to it as soon as it starts.
    """
    wal = Path(f"{db_path}-wal")
    return wal.is_file() and wal.stat().st_size > 0


def choose_mode(db_path: str | Path, mode: str = "auto") -> str:
    """`immutable` or `live`; `auto` is immutable unless something is writing to the database."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode != "auto":
        return mode
    return "live" if writer_active(db_path) else "immutable"


def metadata_for(db_path: str | Path, mode: str = "auto") -> dict[str, Any]:
    """Metadata fitted to the database's columns; for the full current schema if there is no file yet."""
    path = Path(db_path)
    if not path.is_file():
        return build_metadata(path.stem)
    immutable = choose_mode(path, mode) == "immutable"
    return build_metadata(path.stem, read_columns(path, immutable=immutable))


def make_datasette(db_path: str | Path, mode: str = "auto") -> Datasette:
    """A read-only Datasette over one quotetrack database, with its metadata and saved queries."""
    path = Path(db_path)
    mode = choose_mode(path, mode)
    files = {"immutables": [str(path)]} if mode == "immutable" else {"files": [str(path)]}
    return Datasette(**files, metadata=metadata_for(path, mode))
