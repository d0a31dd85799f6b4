"""Datasette over a quotetrack database: read-only, with limits on what one request may cost.

Two ways to open the file, both read-only (Datasette 0.65 has no write API, and quotetrack defines no
writable saved queries):
- `live` (the default; Datasette's `files`, SQLite `mode=ro`): safe while an ingest writes to the file,
  and shows its new rows as they are committed.
- `immutable` (Datasette's `immutables`): no locking at all, fastest, for a file nothing writes to while
  it is served; an ingest into it meanwhile makes pages fail (`database disk image is malformed`).

Arbitrary SQL (`?sql=`) is off unless asked for: one `select zeroblob(200000000)` took 5.6 GB of server
memory. Saved queries and tables are always there, under Datasette's time and size limits below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette

from quotetrack.desk.metadata import build_metadata
from quotetrack.store.schema import open_read_only, read_columns, read_rows, read_tables
from quotetrack.store.search_index import FTS_TABLE, SPEAKER_COLUMN
from quotetrack.store.statistics import has_statistics
from quotetrack.store.trails import has_trails

MODES = ("live", "immutable")
# Per request: SQL time (ms) for a page, a saved query or a facet; rows returned; characters of a cell
# shown in HTML (a 10 MB article text must not make a 10 MB page; JSON and CSV keep the whole value).
# Facets and facet suggestions are Datasette's own queries over whole tables: at a million attributions
# the suggestions alone took 2 s a table page (one count(distinct) per column), so none are suggested, and
# a facet that takes over 100 ms is shown as timed out (the page lists it) rather than holding the page.
LIMITS = {
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 100,
    "suggest_facets": False,
    "max_returned_rows": 1000,
    "truncate_cells_html": 500,
}


# Default facets are left off tables with more rows than this: each is Datasette's count of a whole column
# (at a million attributions, one took 320 ms: so each of the three timed out on every table page).
# They can still be asked for (?_facet=), under the same time limit.
FACETED_ROWS = 50_000


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def metadata_for(db_path: str | Path, mode: str = "live", allow_sql: bool = False) -> dict[str, Any]:
    """Metadata fitted to the database's columns; for the full current schema if there is no file yet."""
    path = Path(db_path)
    if not path.is_file():
        return build_metadata(path.stem, allow_sql=allow_sql)
    with open_read_only(path, immutable=check_mode(mode) == "immutable") as conn:
        tables = read_tables(conn)
        return build_metadata(
            path.stem,
            read_columns(conn),
            allow_sql=allow_sql,
            stats=has_statistics(tables),
            unfaceted=[
                name for name in ("attributions", "documents") if read_rows(conn, name) > FACETED_ROWS
            ],
            trails=has_trails(tables),
            trail_speakers="speaker_ids" in read_columns(conn, "trails"),
            unnamed_stats="unnamed_outlet" in read_columns(conn, "speaker_stats"),
            speaker_tokens=SPEAKER_COLUMN in read_columns(conn, FTS_TABLE),
        )


def make_datasette(db_path: str | Path, mode: str = "live", allow_sql: bool = False) -> Datasette:
    """A read-only Datasette over one quotetrack database, with its metadata, saved queries and limits."""
    path = Path(db_path)
    files = {"immutables": [str(path)]} if check_mode(mode) == "immutable" else {"files": [str(path)]}
    return Datasette(**files, metadata=metadata_for(path, mode, allow_sql), settings=LIMITS)
