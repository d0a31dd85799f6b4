"""View pages without a row count: Datasette counts a view by running all of it.

A table page counts its rows with `select count(*)` (from an index, milliseconds), but a view's count runs
the whole view: at a million attributions, 0.9 s for `speaker_counts` (every speaker, sorted) and past
Datasette's 1 s limit for `speaker_attributions` (every attribution, joined and sorted), on every visit,
while the page itself shows its first rows in milliseconds. So requests for a view of a quotetrack
database get Datasette's own `_nocount=1` (the page shows rows and a next link, without "N rows"); a
request that names `_nocount` itself is left as it is.

So do full-text searches (`?_search=`) of the tables the metadata lists as too big to count them
(plugin setting `uncounted_searches`: {database: [tables]}): counting the matches of two words found in
282,000 quotes took 250 ms of a 470 ms page at a million attributions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils import tilde_decode

from quotetrack.desk.read_only import ASGIApp, Scope
from quotetrack.store.schema import is_quotetrack

if TYPE_CHECKING:
    from datasette.app import Datasette

# Datasette's view pages: /<database>/<view>, with an optional format (.json, .csv).
FORMATS = (".json", ".csv")


def split_page(path: str) -> tuple[str, str] | None:
    """(database, table or view) of a table page's path, or None for any other page."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or not all(parts) or parts[0].startswith("-"):
        return None
    database, name = parts
    for suffix in FORMATS:
        name = name.removesuffix(suffix)
    return tilde_decode(database), tilde_decode(name)


async def is_quotetrack_view(datasette: Datasette, database: str, name: str) -> bool:
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    return name in await db.view_names() and is_quotetrack(await db.table_names())


def is_uncounted_search(datasette: Datasette, page: tuple[str, str], query: list[tuple[str, str]]) -> bool:
    """Whether this is a full-text search of a table too big to count its matches."""
    searched = any(key == "_search" or key.startswith("_search_") for key, value in query if value)
    tables = (datasette.plugin_config("quotetrack") or {}).get("uncounted_searches", {})
    return searched and page[1] in tables.get(page[0], ())


def uncounted_views(app: ASGIApp, datasette: Datasette) -> ASGIApp:
    """Wrap Datasette's ASGI app so view pages of quotetrack databases are served with `_nocount=1`."""

    async def serve(
        scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ):
        page = split_page(scope.get("path", "")) if scope["type"] == "http" else None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if page and (
            await is_quotetrack_view(datasette, *page) or is_uncounted_search(datasette, page, query)
        ):
            if not any(key == "_nocount" for key, _ in query):
                query.append(("_nocount", "1"))
                scope = {**scope, "query_string": urlencode(query).encode("latin-1")}
        await app(scope, receive, send)

    return serve
