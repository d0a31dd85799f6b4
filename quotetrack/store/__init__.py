"""Storing: the SQLite schema, the writes of an ingest, speakers across articles, and the reads."""

from quotetrack.store.connection import NotQuotetrackDatabase, open_database

__all__ = ["NotQuotetrackDatabase", "open_database"]
