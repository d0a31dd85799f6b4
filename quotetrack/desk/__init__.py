"""The quote desk: a Datasette plugin with article and speaker pages and linked, highlighted cells.

Registered through the `datasette` entry point, so it is active in `quotetrack serve` and in any
`datasette` run where quotetrack is installed; it only acts on quotetrack databases.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl

from quotetrack.desk import cells, errors, home, pages, trail_page
from quotetrack.desk.read_only import read_only
from quotetrack.desk.uncounted import uncounted_views
from quotetrack.desk.urls import (
    ABOUT_ROUTE,
    ARTICLE_ROUTE,
    OUTLETS_ROUTE,
    SEARCH_ROUTE,
    SPEAKER_ROUTE,
    TRAIL_ROUTE,
)
from quotetrack.store.connection import register_functions
from quotetrack.store.search_index import SOURCE_VIEW


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The article, speaker, search, outlets, trail and about pages; they only read."""
    return [
        (ARTICLE_ROUTE, pages.article_page),
        (SPEAKER_ROUTE, pages.speaker_page),
        (SEARCH_ROUTE, home.search_page),
        (OUTLETS_ROUTE, pages.outlets_page),
        (TRAIL_ROUTE, trail_page.trail_page),
        (ABOUT_ROUTE, pages.about_page),
    ]


# Readers map the database file (up to SQLite's 2 GB build limit) rather than read each page into their own
# 2 MB cache: at a million attributions, the row counts the database page makes of every table took
# 440 ms with reads, 70 ms mapped, and every page that scans an index gains the same way.
MMAP_BYTES = 0x7FFF0000


@hookimpl
def extra_template_vars(template: str, request: Any, datasette: Any) -> Any:
    """The home page's search box and ways in (the plugin's index.html shows them)."""
    return home.home_context(datasette, request) if template == "index.html" else None


@hookimpl
def extra_css_urls(database: str | None, datasette: Any) -> Any:
    """The desk's styles (desk/static/desk.css) on the home page and on pages of quotetrack databases."""

    async def urls() -> list[str]:
        if database is None or await cells.is_quotetrack(datasette, database):
            return [datasette.urls.static_plugins("quotetrack", "desk.css")]
        return []

    return urls()


@hookimpl
def prepare_connection(conn: Any) -> None:
    """The SQL functions of quotetrack's speaker lookup, used by the saved queries; the file mapped."""
    register_functions(conn)
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


# FTS5's index of attributions, keyed by blobs: Datasette 0.65 links its rows to pages it cannot find
# (404), and nothing in it is readable; the view the index reads repeats the attributions table. The
# full-text table itself, attributions_fts, stays open.
UNVIEWABLE_TABLES = frozenset({"attributions_fts_idx", SOURCE_VIEW})


@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> Any:
    """Nobody views the tables in UNVIEWABLE_TABLES of a quotetrack database; anything else is left alone."""
    if action != "view-table" or not isinstance(resource, tuple) or resource[1] not in UNVIEWABLE_TABLES:
        return None

    async def refused() -> bool | None:
        return False if await cells.is_quotetrack(datasette, resource[0]) else None

    return refused()


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Links to speaker and article pages, highlighted search snippets."""
    return cells.render_cell(row, value, column, table, database, datasette)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """View pages without a row count (see uncounted.py); every non-read request refused when the metadata
    asks for it (quotetrack's always does)."""
    config = datasette.plugin_config("quotetrack") or {}

    def wrap(app: Any) -> Any:
        app = uncounted_views(app, datasette)
        return read_only(app) if config.get("read_only") else app

    return wrap


@hookimpl(wrapper=True)
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Any:
    """A URL no route matches answers 404, even with `rich` installed (see errors.py)."""
    return (yield from errors.raise_unraised(exception))
