"""The trail page: one quote across articles, with a timeline by outlet (charts.timeline_chart), its
versions' differences highlighted word by word, and every appearance linked to its place in the article."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from datasette.utils.asgi import NotFound, Request, Response
from markupsafe import Markup, escape

from quotetrack.desk import reads
from quotetrack.desk.charts import PALETTE, Series, timeline_chart
from quotetrack.desk.pages import quotetrack_database, render, row_id
from quotetrack.desk.urls import article_url, speaker_url, trail_url
from quotetrack.records import TrailView
from quotetrack.store import quote_text
from quotetrack.store.trail_reads import appearances

if TYPE_CHECKING:
    from datasette.app import Datasette

# Outlets with a colour of their own in the timeline; the rest are summed as "other outlets".
CHART_OUTLETS = len(PALETTE) - 1
# How each relation to the canonical version is shown.
RELATIONS = {
    "canonical": "the full version",
    "exact": "the same words",
    "variant": "words changed",
    "related": "words changed",
    "fragment": "a fragment",
}


def outlet_timeline(view: TrailView) -> Markup:
    """Appearances per day (or week, month, year, as the span needs) stacked by outlet, the outlets that
    ran the quote most first."""
    counts = Counter(a.outlet or "(outlet unknown)" for a in view.appearances)
    named = [outlet for outlet, _ in counts.most_common(CHART_OUTLETS)]
    others = len(counts) > len(named)
    series = [Series(outlet, colour) for outlet, colour in zip(named, PALETTE, strict=False)]
    if others:
        series.append(Series("other outlets", PALETTE[-1]))
    days = []
    for appearance in view.appearances:
        if appearance.date:
            outlet = appearance.outlet or "(outlet unknown)"
            place = named.index(outlet) if outlet in named else len(named)
            days.append((appearance.date, [1.0 if i == place else 0.0 for i in range(len(series))]))
    return timeline_chart(
        days,
        series,
        title="Appearances by outlet over time",
        chart_id="trail-timeline",
        unit_name="appearances",
    )


def changes_html(canonical: str, content: str, relation: str) -> Markup:
    """The version as written, words added or replaced in <ins>, words of the canonical one it lacks in
    <del>; a fragment between ellipses, compared only with the stretch it comes from."""
    if relation in ("canonical", "exact"):
        return escape(content)
    parts: list[Markup] = []
    for change in quote_text.differences(canonical, content, relation == "fragment"):
        if change.kind == "same":
            parts.append(escape(change.text))
        if change.kind in ("removed", "replaced"):
            parts.append(Markup('<del class="qt-removed">{}</del>').format(change.was))
        if change.kind in ("added", "replaced"):
            parts.append(Markup('<ins class="qt-added">{}</ins>').format(change.text))
    body = Markup(" ").join(parts)
    return Markup("… {} …").format(body) if relation == "fragment" else body


async def trail_page(datasette: Datasette, request: Request) -> Response:
    """GET /<database>/-/trail/<id>: a quote's appearances across articles, oldest first. The id of any
    attribution in the trail redirects to the trail's own address."""
    database, db = await quotetrack_database(datasette, request, "attributions")
    number = row_id(request.url_vars["trail_id"])
    if number is None or not await reads.keeps_trails(db):
        raise NotFound("No trail with that id")
    trail_id = await reads.trail_of(db, number)
    if trail_id is None:
        raise NotFound("No trail with that id: the attribution is unknown or too short to follow")
    if trail_id != number:
        return Response.redirect(trail_url(datasette, database, trail_id))
    view = appearances(await reads.trail_rows(db, trail_id))
    canonical = next(a for a in view.appearances if a.relation == "canonical")
    rows: list[dict[str, Any]] = []
    for appearance in view.appearances:
        href = article_url(datasette, database, appearance.document_id, appearance.attribution_id)
        other = "other speaker" in appearance.flags
        rows.append(
            {
                "appearance": appearance,
                "article_href": href,
                "speaker_href": speaker_url(datasette, database, appearance.speaker_id)
                if appearance.speaker_id
                else None,
                "version_html": changes_html(canonical.content, appearance.content, appearance.relation),
                "described": RELATIONS[appearance.relation],
                "other_speaker": other,
            }
        )
    speakers = sorted({a.speaker for a in view.appearances if "other speaker" in a.flags and a.speaker})
    return await render(
        datasette,
        request,
        "quotetrack_trail.html",
        {
            "database": database,
            "trail": view.trail,
            "canonical": canonical,
            "rows": rows,
            "chart": outlet_timeline(view),
            "other_speakers": speakers,
        },
    )
