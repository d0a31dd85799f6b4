"""The quote desk's own pages: an article with its attributions highlighted, a speaker, and an about page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, NotFound, Request, Response
from markupsafe import Markup

from quotetrack.desk import charts, reads
from quotetrack.desk.highlight import Span, content_pieces, highlight, mark_within
from quotetrack.desk.urls import article_url, outlets_url, speaker_url, trail_url
from quotetrack.records import KIND_FILTERS, KINDS

# Imported for type hints only: datasette.app imports plugins, so importing it here would be circular.
if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database


SAFE_LINK_SCHEMES = ("http://", "https://")
# Attributions a speaker page shows at once; the rest are a next/previous link away.
PAGE_SIZE = 50
# The kind filter's choices on the speaker page, as (value, label); "" is every kind.
KIND_CHOICES = [("", "all kinds"), ("quote", "quotes"), ("claim", "claims"), *((k, k) for k in KINDS)]
KIND_SERIES = {kind: charts.Series(kind, colour) for kind, colour in zip(KINDS, charts.PALETTE, strict=False)}


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
    """The content (the words said: a split quote without its cue), cue and speaker of one attribution as
    spans; the speaker links to their page."""
    number = attribution["id"]
    href = speaker_url(datasette, database, attribution["speaker_id"]) if attribution["speaker_id"] else None
    return [
        *(Span(start, end, "content", number) for start, end in content_pieces(attribution)),
        Span(attribution["cue_start"], attribution["cue_end"], "cue", number),
        Span(attribution["speaker_start"], attribution["speaker_end"], "speaker", number, href),
    ]


async def add_trail_links(
    datasette: Datasette, database: str, db: Database, attributions: list[dict]
) -> None:
    """`trail_href` and `trail_articles` on attributions whose quote ran in other articles too."""
    links = await reads.trail_links(db, [row["id"] for row in attributions])
    for row in attributions:
        link = links.get(row["id"])
        row["trail_href"] = trail_url(datasette, database, link["trail_id"]) if link else None
        row["trail_articles"] = link["articles"] if link else None


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
    await add_trail_links(datasette, database, db, attributions)
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


def day_param(request: Request, name: str) -> str:
    """A date filter from the query string as YYYY-MM-DD ("" when absent); BadRequest when not a date."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return ""
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError as error:
        raise BadRequest(f"{name} must be a date as YYYY-MM-DD, not {raw!r}") from error


def speaker_filters(request: Request, outlets: list[str]) -> reads.Filters:
    """The speaker page's filters from its query string (?kind=&since=&until=&outlet=); the outlet is
    matched in any case against the stored `outlets`."""
    kind = (request.args.get("kind") or "").strip().lower()
    if kind and kind not in KIND_FILTERS:
        raise BadRequest(f"kind must be one of {', '.join(KIND_FILTERS)}, not {kind!r}")
    since, until = day_param(request, "since"), day_param(request, "until")
    outlet = (request.args.get("outlet") or "").strip()
    return reads.Filters(kind, since, until, outlet, reads.matching_outlets(outlet, outlets))


def speaker_chart(name: str, days: list[dict[str, Any]], filters: reads.Filters) -> Markup:
    """The speaker's attributions over time, stacked by kind (only the kinds the filter keeps)."""
    kinds = filters.kinds
    return charts.timeline_chart(
        [(row["day"], [row[kind] for kind in kinds]) for row in days],
        [KIND_SERIES[kind] for kind in kinds],
        title=f"{name}: attributions over time by kind",
        chart_id="qt-speaker-chart",
    )


async def speaker_page(datasette: Datasette, request: Request) -> Response:
    """GET /<database>/-/speaker/<id>: roles, counts by kind and cue, a chart over time, and the
    attributions in context, PAGE_SIZE a page, oldest article first (?after=N: the page after attribution
    N; ?before=N: before), filtered by ?kind= (a kind, quote or claim), ?since=/?until= (dates) and
    ?outlet=. The chart and the matching count follow every filter; the tallies are always of every
    attribution."""
    database, db = await quotetrack_database(datasette, request, "speakers")
    speaker_id = row_id(request.url_vars["speaker_id"])
    speaker = await reads.speaker(db, speaker_id) if speaker_id is not None else None
    if speaker is None:
        raise NotFound("No speaker with that id")
    outlets = await reads.outlet_names(db)
    filters = speaker_filters(request, outlets)
    after, before = cursor(request, "after"), cursor(request, "before")
    current = await reads.is_current(db, speaker_id)
    page = await reads.speaker_page_ids(
        db, speaker_id, current, after, before if after is None else None, PAGE_SIZE, filters
    )
    if page is None:
        raise NotFound("No attribution of this speaker with that id")
    ids, more = page
    attributions = await reads.attributions_by_id(db, ids)
    for row in attributions:
        row["context_html"] = mark_within(row["context"] or row["content"], row["content"])
        row["article_href"] = article_url(datasette, database, row["document_id"], row["id"])
    await add_trail_links(datasette, database, db, attributions)
    here = speaker_url(datasette, database, speaker_id)
    kept = filters.query()

    def link(**cursor: int) -> str:
        query = urlencode({**kept, **cursor})
        return f"{here}?{query}" if query else here

    backwards = before is not None and after is None
    has_previous = (more if backwards else after is not None) and bool(ids)
    has_next = (True if backwards else more) and bool(ids)
    pages = {
        "first": link() if after is not None or before is not None else None,
        "previous": link(before=ids[0]) if has_previous else None,
        "next": link(after=ids[-1]) if has_next else None,
    }
    days = await reads.speaker_days(db, speaker_id, current, filters)
    total = await reads.speaker_total(db, speaker_id, current)
    matching = sum(row[kind] for row in days for kind in filters.kinds)
    return await render(
        datasette,
        request,
        "quotetrack_speaker.html",
        {
            "database": database,
            "speaker": speaker,
            "profile": await reads.speaker_profile(db, speaker_id, current),
            "attributions": attributions,
            "total": total,
            "matching": total if not kept else matching,
            "filters": filters,
            "filtered": bool(kept),
            "kind_choices": KIND_CHOICES,
            "outlets": outlets,
            "chart": speaker_chart(speaker["name"], days, filters),
            "here": here,
            "pages": pages,
            "page_size": PAGE_SIZE,
        },
    )


# Outlets the outlets page charts (most attributions first); the table below the charts lists them all.
CHARTED_OUTLETS = 30
NO_OUTLET = "(outlet unknown)"
QUOTES_CLAIMS = [charts.Series("quotes", charts.PALETTE[0]), charts.Series("claims", charts.PALETTE[2])]
ANONYMOUS_NAMED = [
    charts.Series("unnamed sources", charts.PALETTE[5]),
    charts.Series("named", charts.PALETTE[6]),
]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def outlet_charts(outlets: list[dict[str, Any]]) -> dict[str, Markup]:
    """Quotes vs claims, and the anonymous-source share, of the most quoting outlets, as shares."""
    top = outlets[:CHARTED_OUTLETS]
    by_anonymity = sorted(top, key=lambda row: (-(row["anonymous_pct"] or 0), -row["attributions"]))
    shown = f"the {len(top)} outlets with most attributions" if len(outlets) > len(top) else "every outlet"
    return {
        "kinds": charts.horizontal_bars(
            [row["name"] for row in top],
            QUOTES_CLAIMS,
            [[row["quotes"], row["claims"]] for row in top],
            title="Quotes vs claims by outlet",
            description=f"Share of quotes (direct, mixed) and claims (indirect) among each outlet's "
            f"attributions, for {shown}, most attributions first.",
            chart_id="qt-outlet-kinds",
            normalise=True,
            width=760,
        ),
        "anonymous": charts.horizontal_bars(
            [row["name"] for row in by_anonymity],
            ANONYMOUS_NAMED,
            [[row["anonymous"], row["attributions"] - row["anonymous"]] for row in by_anonymity],
            title="Anonymous-source share by outlet",
            description=f"Share of each outlet's attributions given to unnamed sources (officials, a "
            f"source), for {shown}, highest share first.",
            chart_id="qt-outlet-anonymous",
            normalise=True,
            width=760,
        ),
    }


async def outlets_page(datasette: Datasette, request: Request) -> Response:
    """GET /<database>/-/outlets: per outlet, quotes vs claims and the share of unnamed sources, charted
    for the outlets with most attributions and listed for all (from the stored per-article counts)."""
    database, db = await quotetrack_database(datasette, request, "documents")
    outlets = await reads.outlet_counts(db)
    documents = datasette.urls.table(database, "documents")
    for row in outlets:
        row["name"] = row["outlet"] if row["outlet"] is not None else NO_OUTLET
        row["claims_pct"] = percent(row["claims"], row["attributions"])
        row["anonymous_pct"] = percent(row["anonymous"], row["attributions"])
        row["href"] = (
            f"{documents}?{urlencode({'outlet': row['outlet']})}"
            if row["outlet"] is not None
            else f"{documents}?outlet__isnull=1"
        )
    return await render(
        datasette,
        request,
        "quotetrack_outlets.html",
        {"database": database, "outlets": outlets, "charts": outlet_charts(outlets) if outlets else None},
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
                    "outlets": outlets_url(datasette, name),
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
