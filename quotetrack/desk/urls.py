"""Where the quote desk's pages live, built in one place so links and routes agree."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

# Imported for type hints only: datasette.app imports plugins, so importing it here would be circular.
if TYPE_CHECKING:
    from datasette.app import Datasette


ARTICLE_ROUTE = r"^/(?P<database>[^/]+)/-/article/(?P<document_id>[^/]+)$"
# Any id is routed here, and a bad one answered 404 by the page.
SPEAKER_ROUTE = r"^/(?P<database>[^/]+)/-/speaker/(?P<speaker_id>[^/]+)$"
SEARCH_ROUTE = r"^/(?P<database>[^/]+)/-/search$"
OUTLETS_ROUTE = r"^/(?P<database>[^/]+)/-/outlets$"
TRAIL_ROUTE = r"^/(?P<database>[^/]+)/-/trail/(?P<trail_id>[^/]+)$"
ABOUT_PATH = "/-/quotetrack"
ABOUT_ROUTE = rf"^{ABOUT_PATH}$"


def article_url(datasette: Datasette, database: str, document_id: str, attribution: int | None = None) -> str:
    """The highlighted article, optionally scrolled to one attribution."""
    url = f"{datasette.urls.database(database)}/-/article/{quote(str(document_id), safe='')}"
    return f"{url}#attribution-{int(attribution)}" if attribution is not None else url


def speaker_url(datasette: Datasette, database: str, speaker_id: int) -> str:
    """A speaker's page."""
    return f"{datasette.urls.database(database)}/-/speaker/{int(speaker_id)}"


def search_url(datasette: Datasette, database: str, words: str | None = None) -> str:
    """The desk's search over speakers and attributions, for `words` if given."""
    url = f"{datasette.urls.database(database)}/-/search"
    return f"{url}?{urlencode({'q': words})}" if words else url


def outlets_url(datasette: Datasette, database: str) -> str:
    """The outlets page: quotes vs claims and anonymous sources per outlet."""
    return f"{datasette.urls.database(database)}/-/outlets"


def trail_url(datasette: Datasette, database: str, trail_id: int) -> str:
    """A quote's trail across articles (any member attribution's id finds it too)."""
    return f"{datasette.urls.database(database)}/-/trail/{int(trail_id)}"
