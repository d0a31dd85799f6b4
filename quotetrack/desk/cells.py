"""Table and query cells as links into the quote desk: speakers to their page, titles to the article,
quotes to their trail.

In tables, a row's speaker and article (Datasette's labelled foreign keys) open the speaker page and the
article at that attribution rather than the bare rows; document hashes show their first characters.
Also turns the match markers in search snippets into highlights. Applies only to quotetrack
databases, and only when the row carries the id to link to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from markupsafe import Markup, escape

from quotetrack.desk import reads
from quotetrack.desk.highlight import render_matches
from quotetrack.desk.urls import article_url, speaker_url, trail_url

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
# Document ids (64-character hashes) in views and queries: shown short, linked to the article.
DOCUMENT_IDS = {"document_id": "attribution_id", "first_document_id": "first_attribution_id"}
HASH_SHOWN = 8
# A quote that comes with its trail's id links to the trail page.
TRAIL_LINKS = {"content": "trail_id"}
# In the tables themselves, where the id is the primary key.
TABLE_LINKS = {
    ("speakers", "name"): "speaker",
    ("documents", "title"): "article",
    ("trails", "canonical"): "trail",
}
SNIPPET_COLUMNS = frozenset({"snippet"})
# An attribution id in a view or query opens the stored row (offsets, sentence).
ROW_LINKS = {"attribution_id": "attributions"}

known: WeakKeyDictionary[Datasette, dict[str, bool]] = WeakKeyDictionary()


def link(href: str, text: Any) -> Markup:
    """`<a href>text</a>`, both escaped: built directly, as a page of 500 rows builds a few thousand
    (Markup.format took about a tenth of such a page's time)."""
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


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
    if kind == "trail":
        return trail_url(datasette, database, get(row, "id"))
    if column in TRAIL_LINKS and isinstance(get(row, TRAIL_LINKS[column]), int):
        return trail_url(datasette, database, get(row, TRAIL_LINKS[column]))
    if column in SPEAKER_LINKS and isinstance(get(row, SPEAKER_LINKS[column]), int):
        return speaker_url(datasette, database, get(row, SPEAKER_LINKS[column]))
    if column in ARTICLE_LINKS and get(row, ARTICLE_LINKS[column][0]):
        id_column, anchor_column = ARTICLE_LINKS[column]
        return article_at(datasette, database, get(row, id_column), get(row, anchor_column))
    if column in DOCUMENT_IDS:
        return article_at(datasette, database, get(row, column), get(row, DOCUMENT_IDS[column]))
    return None


def article_at(datasette: Datasette, database: str, document_id: str, anchor: Any) -> str:
    """The article, at one attribution when `anchor` is an attribution id."""
    return article_url(datasette, database, document_id, anchor if isinstance(anchor, int) else None)


def foreign_key_link(
    row: Any, value: dict, column: str, table: str | None, datasette: Datasette, database: str
) -> Callable[[], Markup] | None:
    """A speaker or article a table row points to (Datasette shows its label), as the speaker page or the
    article instead of the bare row; an attribution's article opens at that attribution."""
    label = value.get("label") if value.get("label") not in (None, "") else value.get("value")
    if column == "speaker_id" and isinstance(value.get("value"), int):
        href = speaker_url(datasette, database, value["value"])
    elif column == "document_id" and isinstance(value.get("value"), str):
        anchor = get(row, "id") if table == "attributions" else None
        href = article_at(datasette, database, value["value"], anchor)
    else:
        return None
    return lambda: link(href, label)


def renderer(
    row: Any, value: Any, column: str, table: str | None, datasette: Datasette, database: str
) -> Callable[[], Markup] | None:
    """The HTML for a cell we handle (built lazily), or None to leave it to Datasette."""
    if isinstance(value, dict):
        return foreign_key_link(row, value, column, table, datasette, database)
    if column in ROW_LINKS and isinstance(value, int) and table != ROW_LINKS[column]:
        href = f"{datasette.urls.table(database, ROW_LINKS[column])}/{value}"
        return lambda: link(href, value)
    if not isinstance(value, str) or not value:
        return None
    if table is None and column in SNIPPET_COLUMNS:
        return lambda: Markup('<span class="qt-snippet">{}</span>').format(render_matches(value))
    href = href_for(row, column, table, datasette, database)
    if href is None:
        return None
    if column in DOCUMENT_IDS and len(value) > HASH_SHOWN:
        return lambda: Markup('<a class="qt-hash" href="{}" title="{}">{}…</a>').format(
            href, value, value[:HASH_SHOWN]
        )
    return lambda: link(href, value)


def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | Awaitable[Markup | None] | None:
    """Datasette hook: a link or highlighted snippet for cells we handle in quotetrack databases (once
    that is known, answered at once rather than awaited: a page of 500 rows has thousands of cells)."""
    build = renderer(row, value, column, table, datasette, database)
    if build is None:
        return None
    answer = known.get(datasette, {}).get(database)
    if answer is not None:
        return build() if answer else None

    async def checked() -> Markup | None:
        return build() if await is_quotetrack(datasette, database) else None

    return checked()
