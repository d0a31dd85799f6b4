"""Storing: the SQLite schema, the writes of an ingest, speakers across articles, and the reads."""

from quotetrack.store.schema import open_database

__all__ = ["open_database"]
