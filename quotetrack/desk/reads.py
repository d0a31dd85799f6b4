"""The reads behind the article and speaker pages, against Datasette's read-only connection."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quotetrack.records import KIND_FILTERS, KINDS
from quotetrack.store import schema, statistics, trails
from quotetrack.store.fixes import describe
from quotetrack.store.views import ONE_SPEAKER_CUES_SQL, day, field

# Imported for type hints only: datasette.app imports plugins, so importing it here would be circular.
if TYPE_CHECKING:
    from datasette.database import Database


Row = dict[str, Any]


async def rows(db: Database, sql: str, params: dict[str, Any]) -> list[Row]:
    """Query results as plain dicts, for templates."""
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def is_quotetrack(db: Database) -> bool:
    """Whether this Datasette database was made by quotetrack, so other databases are left alone."""
    return schema.is_quotetrack(await db.table_names())


async def article(db: Database, document_id: str) -> Row | None:
    """One stored document with all its columns, or None."""
    found = await rows(db, "select * from documents where id = :id", {"id": document_id})
    return found[0] if found else None


async def article_attributions(db: Database, document_id: str) -> list[Row]:
    """A document's attributions in reading order, with their resolved speaker."""
    return await rows(
        db,
        """
        select attributions.*, speakers.name as speaker, speakers.kind as speaker_kind
        from attributions left join speakers on speakers.id = attributions.speaker_id
        where attributions.document_id = :id
        order by attributions.content_start, attributions.id
        """,
        {"id": document_id},
    )


async def article_corrections(db: Database, document_id: str) -> list[Row]:
    """The corrections (`quotetrack fix`) anchored on this article version, each with what it changes;
    none in databases made before corrections."""
    if "corrections" not in await db.table_names():
        return []
    found = await rows(
        db,
        "select * from corrections where document_id = :id order by content_start, id",
        {"id": document_id},
    )
    for row in found:
        row["change"] = describe(row, json.loads(row["original"] or "{}"))
    return found


async def speaker(db: Database, speaker_id: int) -> Row | None:
    """One canonical speaker, or None."""
    found = await rows(db, "select * from speakers where id = :id", {"id": speaker_id})
    return found[0] if found else None


async def counts(db: Database, speaker_id: int, expression: str) -> list[Row]:
    """How many of a speaker's attributions fall under each value of `expression`, most first."""
    return await rows(
        db,
        f"""
        select {expression} as value, count(*) as n from attributions
        where speaker_id = :id and {expression} is not null and {expression} != ''
        group by value order by n desc, value
        """,
        {"id": speaker_id},
    )


async def cue_counts(db: Database, speaker_id: int) -> list[Row]:
    """Counts by cue lemma, from the query `quotetrack speakers show` uses, so both agree."""
    found = await rows(db, ONE_SPEAKER_CUES_SQL, {"speaker_id": speaker_id})
    return [{"value": row["cue"], "n": row["attributions"]} for row in found]


async def keeps_statistics(db: Database) -> bool:
    """Whether the database keeps statistics (made by quotetrack 3 or later); else reads aggregate."""
    return statistics.has_statistics(await db.table_names())


async def is_current(db: Database, speaker_id: int) -> bool:
    """Whether this speaker's statistics are stored and current (no write since the last refresh), in a
    database whose timeline has kinds (schema 5; older ones are upgraded by their next write)."""
    if not await keeps_statistics(db) or "kind" not in await db.table_columns("speaker_timeline"):
        return False
    found = await rows(db, "select 1 from stale_speakers where speaker_id = :id", {"id": speaker_id})
    return not found


async def speaker_total(db: Database, speaker_id: int, current: bool) -> int:
    """How many attributions the speaker has."""
    sql = (
        "select coalesce((select attributions from speaker_stats where speaker_id = :id), 0)"
        if current
        else "select count(*) from attributions where speaker_id = :id"
    )
    return int((await db.execute(sql, {"id": speaker_id})).rows[0][0])


async def stored_tallies(db: Database, speaker_id: int, facet: str) -> list[Row]:
    """One of the speaker page's tallies as stored by the last refresh, in the order `counts` gives."""
    return await rows(
        db,
        "select value, n from speaker_facets where speaker_id = :id and facet = :facet"
        " order by n desc, value",
        {"id": speaker_id, "facet": facet},
    )


def case_folded(tallies: list[Row]) -> list[Row]:
    """Tallies that differ only in case (`He`, `he`) as one, under their most frequent spelling."""
    folded: dict[str, Row] = {}
    for row in tallies:  # most frequent first, so the first spelling met is the one shown
        key = str(row["value"]).casefold()
        if key in folded:
            folded[key]["n"] += row["n"]
        else:
            folded[key] = dict(row)
    return sorted(folded.values(), key=lambda row: (-row["n"], row["value"]))


async def speaker_profile(db: Database, speaker_id: int, current: bool = False) -> Row:
    """Roles (as articles gave them), the mentions used (case folded), and counts by kind and by cue.

    `current`: the speaker's statistics are current, so the stored tallies are read instead of counted.
    """
    tally = stored_tallies if current else counts
    return {
        "roles": await tally(db, speaker_id, "speaker_role"),
        "mentions": case_folded(await tally(db, speaker_id, "speaker_mention")),
        "kinds": await tally(db, speaker_id, "kind"),
        "cues": await (stored_tallies(db, speaker_id, "cue") if current else cue_counts(db, speaker_id)),
    }


@dataclass(frozen=True)
class Filters:
    """What a speaker page is narrowed to: a kind filter (a key of KIND_FILTERS: direct, quote, claim...;
    empty for all), a date range (YYYY-MM-DD, both ends included, on the article's date) and an outlet
    as typed, with `outlets`, the stored outlet names it matches in any case. Empty filters nothing."""

    kind: str = ""
    since: str = ""
    until: str = ""
    outlet: str = ""
    outlets: tuple[str, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        """The attribution kinds kept."""
        return KIND_FILTERS[self.kind] if self.kind else KINDS

    def query(self) -> dict[str, str]:
        """The filters set, as URL parameters (for links that keep them)."""
        shown = {"kind": self.kind, "since": self.since, "until": self.until, "outlet": self.outlet}
        return {name: value for name, value in shown.items() if value}

    def sql(self, kind: str, date: str, outlet: str) -> tuple[str, dict[str, Any]]:
        """` and ...` conditions for these filters, given SQL for an attribution's kind, date and outlet."""
        clauses, params = [], {}
        if self.kind:
            params.update({f"kind{i}": value for i, value in enumerate(self.kinds)})
            clauses.append(f"{kind} in ({', '.join(f':kind{i}' for i in range(len(self.kinds)))})")
        if self.since:
            clauses.append(f"{date} >= :since")
            params["since"] = self.since
        if self.until:
            clauses.append(f"{date} <= :until")
            params["until"] = self.until
        if self.outlet:  # exact names, so the outlet index serves them
            params.update({f"outlet{i}": name for i, name in enumerate(self.outlets)})
            clauses.append(f"{outlet} in ({', '.join(f':outlet{i}' for i in range(len(self.outlets)))})")
        return "".join(f" and {clause}" for clause in clauses), params


def matching_outlets(typed: str, names: Collection[str]) -> tuple[str, ...]:
    """The stored outlet names equal to what was typed, ignoring case and surrounding spaces."""
    wanted = typed.strip().casefold()
    return tuple(name for name in names if name.strip().casefold() == wanted)


NO_FILTERS = Filters()


ORDER = ("day", "ingested_at", "document_id", "content_start", "attribution_id")


def ordered_sql(
    available: Collection[str], current: bool, filters: Filters = NO_FILTERS
) -> tuple[str, dict[str, Any]]:
    """One speaker's (:id) attributions with the speaker page's order key: oldest article first, then
    ingestion, article and position, narrowed by `filters`; with its parameters.

    Columns: ORDER's and the kind. Where current, from speaker_timeline's index, which holds the kind:
    in order, or, with an outlet, from the outlet's articles (the index on outlet and dates), each
    finding its rows of the speaker by the same index (speaker, day, ingestion, article), so the cost
    follows the outlet's size, not the speaker's (a big speaker scanned in order for a rare outlet read
    every one of their rows, and the articles' rows, text and all).
    """
    if current and filters.outlet:
        # Dates on the article's side: on the timeline's, SQLite seeks by the date range, not the article.
        where, params = filters.sql("speaker_timeline.kind", day(available), field(available, "outlet"))
        columns = ", ".join(f"speaker_timeline.{column}" for column in (*ORDER, "kind"))
        sql = f"""
            select {columns} from documents cross join speaker_timeline
              on speaker_timeline.speaker_id = :id and speaker_timeline.day = {day(available)}
              and speaker_timeline.ingested_at = documents.ingested_at
              and speaker_timeline.document_id = documents.id
            where 1{where}"""
        return sql, params
    if current:
        where, params = filters.sql("kind", "day", "")
        return f"select {', '.join(ORDER)}, kind from speaker_timeline where speaker_id = :id{where}", params
    where, params = filters.sql("attributions.kind", day(available), field(available, "outlet"))
    sql = f"""
        select {day(available)} as day, documents.ingested_at, attributions.document_id,
          attributions.content_start, attributions.id as attribution_id, attributions.kind
        from attributions join documents on documents.id = attributions.document_id
        where attributions.speaker_id = :id{where}"""
    return sql, params


async def speaker_page_ids(
    db: Database,
    speaker_id: int,
    current: bool,
    after: int | None,
    before: int | None,
    size: int,
    filters: Filters = NO_FILTERS,
) -> tuple[list[int], bool] | None:
    """Ids of one page of the speaker's attributions that pass `filters` (keyset: the `size` after
    attribution `after`, or before `before`, or the first), and whether there are more beyond it in that
    direction; None when the cursor is not one of the speaker's attributions (it need not pass the
    filters, so changing them keeps the place)."""
    available = await db.table_columns("documents")
    source, params = ordered_sql(available, current, filters)
    key = ", ".join(ORDER)
    params.update({"id": speaker_id, "size": size + 1})
    where, descending = "", before is not None
    cursor = before if descending else after
    if cursor is not None:
        found = await rows(
            db,
            f"select {key} from ({ordered_sql(available, current)[0]}) where attribution_id = :cursor",
            {"id": speaker_id, "cursor": cursor},
        )
        if not found:
            return None
        params.update({f"k{i}": value for i, value in enumerate(found[0].values())})
        marks = ", ".join(f":k{i}" for i in range(len(ORDER)))
        where = f" where ({key}) {'<' if descending else '>'} ({marks})"
    direction = " desc" if descending else ""
    order = ", ".join(f"{column}{direction}" for column in ORDER)
    found = await rows(
        db, f"select attribution_id from ({source}){where} order by {order} limit :size", params
    )
    ids = [row["attribution_id"] for row in found]
    more = len(ids) > size
    ids = ids[:size]
    return (ids[::-1] if descending else ids), more


async def attributions_by_id(db: Database, ids: list[int]) -> list[Row]:
    """These attributions with their sentence and article, in the order of `ids`."""
    if not ids:
        return []
    available = await db.table_columns("documents")
    marks = ", ".join(f":a{i}" for i in range(len(ids)))
    found = await rows(
        db,
        f"""
        select
          attributions.id, attributions.kind, attributions.cue, attributions.content,
          attributions.context, attributions.speaker_mention, attributions.document_id,
          documents.title, {field(available, "outlet")} as outlet, {day(available)} as date
        from attributions join documents on documents.id = attributions.document_id
        where attributions.id in ({marks})
        """,
        {f"a{i}": value for i, value in enumerate(ids)},
    )
    by_id = {row["id"]: row for row in found}
    return [by_id[number] for number in ids if number in by_id]


async def speaker_days(
    db: Database, speaker_id: int, current: bool, filters: Filters = NO_FILTERS
) -> list[Row]:
    """The speaker's attributions per day by kind (day, direct, mixed, indirect), oldest first, within the
    filters' dates (and outlet); stored in speaker_days where current and no outlet is chosen (no stored
    statistic has outlets by speaker, so those are counted from the outlet's articles)."""
    if filters.outlet:
        available = await db.table_columns("documents")
        source, params = ordered_sql(available, current, Filters(**{**vars(filters), "kind": ""}))
        counts = ", ".join(f"count(*) filter (where kind = '{kind}') as {kind}" for kind in KINDS)
        sql = f"select day, {counts} from ({source}) group by day order by day"
        return await rows(db, sql, {**params, "id": speaker_id})
    where, params = Filters(since=filters.since, until=filters.until).sql("", "day", "")
    source = "speaker_days"
    if not current:
        available = await db.table_columns("documents")
        source = f"({statistics.speaker_days_sql(available, ' and attributions.speaker_id = :id')})"
    sql = f"select day, direct, mixed, indirect from {source} where speaker_id = :id{where} order by day"
    return await rows(db, sql, {**params, "id": speaker_id})


async def outlet_names(db: Database) -> list[str]:
    """Every outlet named by a stored article, in order (from the outlet index), for choosing one."""
    if "outlet" not in await db.table_columns("documents"):
        return []
    found = await db.execute("select distinct outlet from documents where outlet is not null order by outlet")
    return [row[0] for row in found.rows]


OUTLET_COLUMNS = "outlet, attributions, quotes, claims, anonymous"


async def outlet_counts(db: Database) -> list[Row]:
    """Per outlet (None: articles without one): articles with attributions, attributions, quotes, claims
    and those given to unnamed sources; most attributions first.

    Summed from document_stats (one row per article) plus the aggregate of articles changed since the
    last refresh, as the saved queries do; databases without those statistics (or made before they
    held quotes and claims) are aggregated whole.
    """
    available = await db.table_columns("documents")
    stored = await keeps_statistics(db) and set(statistics.LATER_COLUMNS["document_stats"]) <= set(
        await db.table_columns("document_stats")
    )
    stale = statistics.STALE_DOCUMENTS
    if stored:
        aggregate = statistics.document_counts_sql(available, f" and documents.id in {stale}")
        per_document = (
            f"select {OUTLET_COLUMNS} from document_stats where document_id not in {stale}"
            f" union all select {OUTLET_COLUMNS} from ({aggregate})"
        )
    else:
        per_document = f"select {OUTLET_COLUMNS} from ({statistics.document_counts_sql(available)})"
    return await rows(
        db,
        f"""
        select outlet, count(*) as articles, sum(attributions) as attributions, sum(quotes) as quotes,
          sum(claims) as claims, sum(anonymous) as anonymous
        from ({per_document}) group by outlet order by attributions desc, outlet is null, outlet""",
        {},
    )


async def keeps_trails(db: Database) -> bool:
    """Whether the database keeps quote trails (schema 5 or later)."""
    return trails.has_trails(await db.table_names())


async def trail_of(db: Database, attribution_id: int) -> int | None:
    """The trail an attribution is in (its id is the trail's when it is the trail's smallest), or None."""
    found = await rows(
        db, "select trail_id from trail_members where attribution_id = :id", {"id": attribution_id}
    )
    return found[0]["trail_id"] if found else None


async def trail_rows(db: Database, trail_id: int) -> list[Row]:
    """A trail's appearances with what the page shows, oldest first (trails.member_rows_sql)."""
    available = await db.table_columns("documents")
    return await rows(db, trails.member_rows_sql(available), {"trail": trail_id})


async def trail_links(db: Database, ids: list[int]) -> dict[int, Row]:
    """For attributions in a trail of two or more appearances: {attribution id: {trail_id, articles}}."""
    if not ids or not await keeps_trails(db):
        return {}
    marks = ", ".join(f":a{i}" for i in range(len(ids)))
    found = await rows(
        db,
        f"""
        select trail_members.attribution_id, trails.id as trail_id, trails.articles
        from trail_members join trails on trails.id = trail_members.trail_id
        where trail_members.attribution_id in ({marks})
        """,
        {f"a{i}": value for i, value in enumerate(ids)},
    )
    return {row["attribution_id"]: row for row in found}
