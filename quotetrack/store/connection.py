"""Opening a quotetrack database safely: refuse other applications' files, create or upgrade the schema
once, wait for other writers instead of failing, and take the write lock at the start of a transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from quotetrack.store.names import name_key
from quotetrack.store.schema import SCHEMA_VERSION, ensure_schema, is_quotetrack, open_read_only, read_tables
from quotetrack.store.search import fts_query
from quotetrack.store.statistics import refresh_statistics

# How long a writer waits for another (a document's transaction takes milliseconds; an ensure_schema or a
# merge on a large database, seconds) before giving up with `database is locked`.
BUSY_TIMEOUT_MS = 60_000
CACHE_KIB = 256 * 1024


class NotQuotetrackDatabase(Exception):
    """The file is a SQLite database of another application: quotetrack leaves it untouched."""


def register_functions(connection: sqlite3.Connection) -> None:
    """SQL functions quotetrack's SQL needs, on every connection that reads or writes its database."""
    connection.create_function("speaker_key", 1, name_key, deterministic=True)
    connection.create_function("fts_query", 1, fts_query, deterministic=True)


@contextlib.contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock when it begins (BEGIN IMMEDIATE), so that a concurrent
    writer waits (busy timeout) instead of failing half-way with `database is locked` when a read
    transaction tries to become a write; nested blocks are savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def foreign_tables(path: Path) -> list[str]:
    """Tables of an existing database that quotetrack did not make (empty for a new or empty file)."""
    if not path.is_file() or path.stat().st_size == 0:
        return []
    with open_read_only(path) as conn:
        tables = read_tables(conn)
    return [] if not tables or is_quotetrack(tables) else tables


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) a quotetrack database with its schema, WAL mode and foreign keys on.

    Another application's database is refused before anything in it changes; the schema is created or
    upgraded in one transaction, only when its version says so, so reading never writes.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a parent that is a file, or a folder we may not create
        raise OSError(error.errno, f"cannot create the folder for {path}: {error.strerror}") from error
    others = foreign_tables(path)
    if others:
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise NotQuotetrackDatabase(f"{path} is another application's database (tables {shown}); not changed")
    db = Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # SQLite's default page cache is 2 MB: with a database of gigabytes, every insert into its indexes
    # (quote keys, full-text, statistics) read pages from disk again.
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    register_functions(db.conn)
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        db.enable_wal()
        with immediate(db):
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:  # not done meanwhile
                ensure_schema(db)
                refresh_statistics(db)  # of everything, on a database made before statistics
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db
