"""The reads behind the article and speaker pages, against Datasette's read-only connection."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from quotetrack.store import schema, statistics
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
    """Whether this speaker's statistics are stored and current (no write since the last refresh)."""
    if not await keeps_statistics(db):
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


async def speaker_profile(db: Database, speaker_id: int, current: bool = False) -> Row:
    """Roles (as articles gave them), the mentions used, and counts by kind and by cue.

    `current`: the speaker's statistics are current, so the stored tallies are read instead of counted.
    """
    if current:
        return {
            "roles": await stored_tallies(db, speaker_id, "speaker_role"),
            "mentions": await stored_tallies(db, speaker_id, "speaker_mention"),
            "kinds": await stored_tallies(db, speaker_id, "kind"),
            "cues": await stored_tallies(db, speaker_id, "cue"),
        }
    return {
        "roles": await counts(db, speaker_id, "speaker_role"),
        "mentions": await counts(db, speaker_id, "speaker_mention"),
        "kinds": await counts(db, speaker_id, "kind"),
        "cues": await cue_counts(db, speaker_id),
    }


ORDER = ("day", "ingested_at", "document_id", "content_start", "attribution_id")


def ordered_sql(available: Collection[str], current: bool) -> str:
    """One speaker's (:id) attributions with the speaker page's order key: oldest article first, then
    ingestion, article and position. From speaker_timeline's index where it is current."""
    if current:
        return f"select {', '.join(ORDER)} from speaker_timeline where speaker_id = :id"
    return f"""
        select {day(available)} as day, documents.ingested_at, attributions.document_id,
          attributions.content_start, attributions.id as attribution_id
        from attributions join documents on documents.id = attributions.document_id
        where attributions.speaker_id = :id"""


async def speaker_page_ids(
    db: Database, speaker_id: int, current: bool, after: int | None, before: int | None, size: int
) -> tuple[list[int], bool] | None:
    """Ids of one page of the speaker's attributions (keyset: the `size` after attribution `after`, or
    before `before`, or the first), and whether there are more beyond it in that direction; None when
    the cursor is not one of the speaker's attributions."""
    available = await db.table_columns("documents")
    source = ordered_sql(available, current)
    key = ", ".join(ORDER)
    params: dict[str, Any] = {"id": speaker_id, "size": size + 1}
    where, descending = "", before is not None
    cursor = before if descending else after
    if cursor is not None:
        found = await rows(
            db,
            f"select {key} from ({source}) where attribution_id = :cursor",
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
