"""The quote desk's own pages: an article with its attributions highlighted, a speaker, and an about page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Request, Response

from quotetrack.desk import reads
from quotetrack.desk.highlight import Span, highlight, mark_within
from quotetrack.desk.urls import article_url, speaker_url

# Imported for type hints only: datasette.app imports plugins, so importing it here would be circular.
if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database


SAFE_LINK_SCHEMES = ("http://", "https://")
# Attributions a speaker page shows at once; the rest are a next/previous link away.
PAGE_SIZE = 50


async def quotetrack_database(datasette: Datasette, request: Request, table: str) -> tuple[str, Database]:
    """The database named in the URL, if it is a quotetrack one the visitor may see this table of."""
    name = tilde_decode(request.url_vars["database"])
    await datasette.ensure_permissions(
        request.actor, [("view-table", (name, table)), ("view-database", name), "view-instance"]
    )
    try:
        db = datasette.get_database(name)
    except KeyError as error:
        raise NotFound(f"Database not found: {name}") from error
    if not await reads.is_quotetrack(db):
        raise NotFound(f"{name} is not a quotetrack database")
    return name, db


def attribution_spans(datasette: Datasette, database: str, attribution: dict[str, Any]) -> list[Span]:
    """The content, cue and speaker of one attribution as spans; the speaker links to their page."""
    number = attribution["id"]
    href = speaker_url(datasette, database, attribution["speaker_id"]) if attribution["speaker_id"] else None
    return [
        Span(attribution["content_start"], attribution["content_end"], "content", number),
        Span(attribution["cue_start"], attribution["cue_end"], "cue", number),
        Span(attribution["speaker_start"], attribution["speaker_end"], "speaker", number, href),
    ]


def row_id(raw: str) -> int | None:
    """An integer id from a URL, or None when it is not one SQLite could hold."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def safe_link(url: Any) -> str | None:
    """A stored URL usable as a link; anything but http(s) (javascript:, data:) is shown as text only."""
    return url if isinstance(url, str) and url.lower().startswith(SAFE_LINK_SCHEMES) else None


async def render(datasette: Datasette, request: Request, template: str, context: dict[str, Any]) -> Response:
    """A page from one of the quote desk's templates (Jinja autoescapes everything not marked safe)."""
    return Response.html(await datasette.render_template(template, context, request=request))


async def article_page(datasette: Datasette, request: Request) -> Response:
    """GET /<database>/-/article/<document id>: the stored text with every attribution highlighted."""
    database, db = await quotetrack_database(datasette, request, "documents")
    document = await reads.article(db, request.url_vars["document_id"])
    if document is None:
        raise NotFound("No article with that id")
    attributions = await reads.article_attributions(db, document["id"])
    corrections = await reads.article_corrections(db, document["id"])
    changes = {correction["id"]: correction["change"] for correction in corrections}
    spans = [span for row in attributions for span in attribution_spans(datasette, database, row)]
    for row in attributions:
        row["speaker_href"] = (
            speaker_url(datasette, database, row["speaker_id"]) if row["speaker_id"] else None
        )
        row["anchor"] = article_url(datasette, database, document["id"], row["id"])
        row["correction"] = changes.get(row.get("correction_id"))
    return await render(
        datasette,
        request,
        "quotetrack_article.html",
        {
            "database": database,
            "document": document,
            "document_link": safe_link(document.get("url")),
            "text_html": highlight(document["text"] or "", spans),
            "attributions": attributions,
            # Corrections whose attribution is not in the table: removed as no attribution, or not found.
            "set_aside": [c for c in corrections if c["not_attribution"] or c["status"] != "applied"],
        },
    )


def cursor(request: Request, name: str) -> int | None:
    """A page cursor (an attribution id) from the query string; NotFound when it is not a number."""
    raw = request.args.get(name)
    if raw is None:
        return None
    number = row_id(raw)
    if number is None:
        raise NotFound(f"No attribution {raw}")
    return number


async def speaker_page(datasette: Datasette, request: Request) -> Response:
    """GET /<database>/-/speaker/<id>: roles, counts by kind and cue, and the attributions in context,
    PAGE_SIZE a page, oldest article first (?after=N: the page after attribution N; ?before=N: before)."""
    database, db = await quotetrack_database(datasette, request, "speakers")
    speaker_id = row_id(request.url_vars["speaker_id"])
    speaker = await reads.speaker(db, speaker_id) if speaker_id is not None else None
    if speaker is None:
        raise NotFound("No speaker with that id")
    after, before = cursor(request, "after"), cursor(request, "before")
    current = await reads.is_current(db, speaker_id)
    page = await reads.speaker_page_ids(
        db, speaker_id, current, after, before if after is None else None, PAGE_SIZE
    )
    if page is None:
        raise NotFound("No attribution of this speaker with that id")
    ids, more = page
    attributions = await reads.attributions_by_id(db, ids)
    for row in attributions:
        row["context_html"] = mark_within(row["context"] or row["content"], row["content"])
        row["article_href"] = article_url(datasette, database, row["document_id"], row["id"])
    here = speaker_url(datasette, database, speaker_id)
    backwards = before is not None and after is None
    has_previous = (more if backwards else after is not None) and bool(ids)
    has_next = (True if backwards else more) and bool(ids)
    pages = {
        "first": here if after is not None or before is not None else None,
        "previous": f"{here}?before={ids[0]}" if has_previous else None,
        "next": f"{here}?after={ids[-1]}" if has_next else None,
    }
    return await render(
        datasette,
        request,
        "quotetrack_speaker.html",
        {
            "database": database,
            "speaker": speaker,
            "profile": await reads.speaker_profile(db, speaker_id, current),
            "attributions": attributions,
            "total": await reads.speaker_total(db, speaker_id, current),
            "pages": pages,
            "page_size": PAGE_SIZE,
        },
    )


async def about_page(datasette: Datasette, request: Request) -> Response:
    """GET /-/quotetrack: what the quote desk shows and how to read it, with its saved queries."""
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    desks = []
    for name, db in datasette.databases.items():
        if await reads.is_quotetrack(db):
            queries = await datasette.get_canned_queries(name, request.actor)
            desks.append(
                {
                    "name": name,
                    "url": datasette.urls.database(name),
                    "queries": [
                        {
                            "title": query.get("title") or query_name,
                            "url": datasette.urls.query(name, query_name),
                        }
                        for query_name, query in queries.items()
                    ],
                }
            )
    return await render(datasette, request, "quotetrack_about.html", {"desks": desks})
