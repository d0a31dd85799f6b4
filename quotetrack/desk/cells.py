"""Table and query cells as links into the quote desk: speakers to their page, titles to the article.

Also turns the match markers in search snippets into highlights. Applies only to quotetrack
databases, and only when the row carries the id to link to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from markupsafe import Markup

from quotetrack.desk import reads
from quotetrack.desk.highlight import render_matches
from quotetrack.desk.urls import article_url, speaker_url

# Imported for type hints only: datasette.app imports plugins, so importing it here would be circular.
if TYPE_CHECKING:
    from datasette.app import Datasette


# In any table, view or query: column shown -> (column with the speaker id / document id, anchor column).
SPEAKER_LINKS = {"speaker": "speaker_id"}
ARTICLE_LINKS = {
    "title": ("document_id", "attribution_id"),
    "document_title": ("document_id", "attribution_id"),
    "first_title": ("first_document_id", "first_attribution_id"),
}
# In the tables themselves, where the id is the primary key.
TABLE_LINKS = {("speakers", "name"): "speaker", ("documents", "title"): "article"}
SNIPPET_COLUMNS = frozenset({"snippet"})

known: WeakKeyDictionary[Datasette, dict[str, bool]] = WeakKeyDictionary()


def get(row: Any, key: str) -> Any:
    """A value from a result row by column name, None if absent; expanded foreign keys give their id."""
    try:
        value = row[key]
    except (IndexError, KeyError):
        return None
    return value["value"] if isinstance(value, dict) else value


async def is_quotetrack(datasette: Datasette, database: str) -> bool:
    """Whether a database is quotetrack's, asked once per database rather than once per cell."""
    answers = known.setdefault(datasette, {})
    if database not in answers:
        answers[database] = await reads.is_quotetrack(datasette.get_database(database))
    return answers[database]


def href_for(row: Any, column: str, table: str | None, datasette: Datasette, database: str) -> str | None:
    """Where this cell should link to, if anywhere."""
    kind = TABLE_LINKS.get((table, column))
    if kind == "speaker":
        return speaker_url(datasette, database, get(row, "id"))
    if kind == "article":
        return article_url(datasette, database, get(row, "id"))
    if column in SPEAKER_LINKS and isinstance(get(row, SPEAKER_LINKS[column]), int):
        return speaker_url(datasette, database, get(row, SPEAKER_LINKS[column]))
    if column in ARTICLE_LINKS and get(row, ARTICLE_LINKS[column][0]):
        id_column, anchor_column = ARTICLE_LINKS[column]
        anchor = get(row, anchor_column)
        return article_url(
            datasette, database, get(row, id_column), anchor if isinstance(anchor, int) else None
        )
    return None


def renderer(
    row: Any, value: Any, column: str, table: str | None, datasette: Datasette, database: str
) -> Callable[[], Markup] | None:
    """The HTML for a cell we handle (built lazily), or None to leave it to Datasette."""
    if not isinstance(value, str) or not value:
        return None
    if table is None and column in SNIPPET_COLUMNS:
        return lambda: Markup('<span class="qt-snippet">{}</span>').format(render_matches(value))
    href = href_for(row, column, table, datasette, database)
    if href is None:
        return None
    return lambda: Markup('<a href="{}">{}</a>').format(href, value)


def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Awaitable[Markup | None] | None:
    """Datasette hook: a link or highlighted snippet for cells we handle in quotetrack databases."""
    build = renderer(row, value, column, table, datasette, database)
    if build is None:
        return None

    async def checked() -> Markup | None:
        return build() if await is_quotetrack(datasette, database) else None

    return checked()
