"""The reads behind the article and speaker pages, against Datasette's read-only connection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quotetrack.store import schema
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


async def speaker_profile(db: Database, speaker_id: int) -> Row:
    """Roles (as articles gave them), the mentions used, and counts by kind and by cue."""
    return {
        "roles": await counts(db, speaker_id, "speaker_role"),
        "mentions": await counts(db, speaker_id, "speaker_mention"),
        "kinds": await counts(db, speaker_id, "kind"),
        "cues": await cue_counts(db, speaker_id),
    }


async def speaker_attributions(db: Database, speaker_id: int) -> list[Row]:
    """A speaker's attributions with their sentence and article, oldest article first."""
    available = await db.table_columns("documents")
    return await rows(
        db,
        f"""
        select
          attributions.id, attributions.kind, attributions.cue, attributions.content,
          attributions.context, attributions.speaker_mention, attributions.document_id,
          documents.title, {field(available, "outlet")} as outlet, {day(available)} as date
        from attributions join documents on documents.id = attributions.document_id
        where attributions.speaker_id = :id
        order by date, documents.ingested_at, attributions.document_id, attributions.content_start
        """,
        {"id": speaker_id},
    )
