"""The desk's home page (Datasette's index, with one search box and the ways in) and its search page.

The home page is Datasette's `index.html` overridden by the plugin's template; this module gives it, for
each quotetrack database, where to search, the recent articles, and links to the top speakers and the
unresolved attributions (the top speakers are a link, not a list: ranking every speaker took 365 ms at a
million attributions, five times the rest of the page).
The search page answers the box: speakers by the one speaker lookup (name, alias, surname) or a part of
their name, and attributions by the `search` saved query's full-text search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils.asgi import Request, Response

from quotetrack.desk import reads
from quotetrack.desk.highlight import render_matches
from quotetrack.desk.metadata import QUOTES_AND_CLAIMS
from quotetrack.desk.pages import quotetrack_database, render
from quotetrack.desk.saved_queries import search_sql
from quotetrack.desk.urls import article_url, outlets_url, search_url, speaker_url
from quotetrack.store.registry import SPEAKER_LOOKUP_SQL
from quotetrack.store.views import day, field

# Imported for type hints only: datasette.app imports plugins, so importing it here would be circular.
if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

SHOWN = 5  # recent articles on the home page
SPEAKERS_FOUND = 20
ATTRIBUTIONS_FOUND = 50
# The saved query of attributions without a resolved speaker (`quotetrack fix` credits them), where the
# desk has it; else the view filtered to attributions with no speaker. Its count is counted the same way.
UNRESOLVED_QUERY = "unresolved_attributions"


async def recent_articles(db: Database) -> list[dict[str, Any]]:
    """The SHOWN most recently published articles (most recently ingested where none has a date)."""
    available = await db.table_columns("documents")
    order = "published desc, ingested_at desc" if "published" in available else "ingested_at desc"
    return await reads.rows(
        db,
        f"select documents.id, documents.title, {field(available, 'outlet')} as outlet,"
        f" {day(available)} as date from documents order by {order} limit {SHOWN}",
        {},
    )


async def desk_summary(datasette: Datasette, name: str, db: Database, actor: Any) -> dict[str, Any]:
    """What the home page shows of one quotetrack database."""
    queries = await datasette.get_canned_queries(name, actor)
    tables = set(await db.table_names()) | set(await db.view_names())
    browse = datasette.urls.table(name, QUOTES_AND_CLAIMS if QUOTES_AND_CLAIMS in tables else "attributions")
    if UNRESOLVED_QUERY in queries:
        unresolved = datasette.urls.query(name, UNRESOLVED_QUERY)
        counting = f"select count(*) from ({queries[UNRESOLVED_QUERY]['sql']})"
    else:
        unresolved = f"{browse}?speaker_id__isnull=1"
        counting = "select count(*) from attributions where speaker_id is null"
    articles = await recent_articles(db)
    return {
        "name": name,
        "url": datasette.urls.database(name),
        "search": search_url(datasette, name),
        "browse": browse,
        "outlets": outlets_url(datasette, name),
        "unresolved": unresolved,
        "unresolved_count": (await db.execute(counting)).rows[0][0],
        "top_speakers_url": datasette.urls.query(name, "top_speakers") if "top_speakers" in queries else None,
        "articles_url": datasette.urls.table(name, "documents"),
        "articles": [{**row, "url": article_url(datasette, name, row["id"])} for row in articles],
    }


async def home_context(datasette: Datasette, request: Request | None) -> dict[str, Any]:
    """Template variables for the home page: `quotetrack_desks`, one entry per quotetrack database."""
    actor = request.actor if request else None
    desks = []
    for name, db in datasette.databases.items():
        if name != "_internal" and await reads.is_quotetrack(db):
            if await datasette.permission_allowed(actor, "view-database", name, default=True):
                desks.append(await desk_summary(datasette, name, db, actor))
    return {"quotetrack_desks": desks}


async def find_speakers(db: Database, words: str) -> list[dict[str, Any]]:
    """Speakers the words name: the one the speaker lookup finds first, then those whose name contains
    them (case and apostrophes ignored), shortest name first; with their attribution counts."""
    return await reads.rows(
        db,
        f"""
        select found.*,
          (select count(*) from attributions where attributions.speaker_id = found.id) as attributions
        from (
          select speakers.id, speakers.name, speakers.kind, speakers.role,
            speakers.name = ({SPEAKER_LOOKUP_SQL}) collate nocase as looked_up
          from speakers
          where speaker_key(:speaker) != ''
            and (speakers.name = ({SPEAKER_LOOKUP_SQL}) collate nocase
              or instr(speakers.name_key, speaker_key(:speaker)) > 0)
          order by looked_up desc, length(speakers.name), speakers.name, speakers.id
          limit {SPEAKERS_FOUND}
        ) as found
        order by found.looked_up desc, length(found.name), found.name, found.id
        """,
        {"speaker": words},
    )


async def find_attributions(db: Database, words: str) -> list[dict[str, Any]]:
    """The best matches of the `search` saved query for the words, highlighted."""
    available = await db.table_columns("documents")
    found = await reads.rows(
        db, f"select * from ({search_sql(available)}) limit {ATTRIBUTIONS_FOUND}", {"words": words}
    )
    for row in found:
        row["snippet_html"] = render_matches(row["snippet"] or "")
    return found


async def search_page(datasette: Datasette, request: Request) -> Response:
    """GET /<database>/-/search?q=words: speakers and attributions matching, each linked to its page."""
    database, db = await quotetrack_database(datasette, request, "attributions")
    words = (request.args.get("q") or "").strip()
    speakers = await find_speakers(db, words) if words else []
    attributions = await find_attributions(db, words) if words else []
    for row in speakers:
        row["url"] = speaker_url(datasette, database, row["id"])
    for row in attributions:
        speaker_id = row["speaker_id"]
        row["speaker_url"] = speaker_url(datasette, database, speaker_id) if speaker_id else None
        row["article_url"] = article_url(datasette, database, row["document_id"], row["attribution_id"])
    return await render(
        datasette,
        request,
        "quotetrack_search.html",
        {
            "database": database,
            "words": words,
            "action": search_url(datasette, database),
            "speakers": speakers,
            "attributions": attributions,
            "shown": ATTRIBUTIONS_FOUND,
            "all_matches": f"{datasette.urls.query(database, 'search')}?{urlencode({'words': words})}",
        },
    )
