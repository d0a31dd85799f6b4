"""Read-side queries behind the `quotes` and `speakers` commands, kept out of the CLI for reuse."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from quotetrack.store.registry import alias_target, name_key, people_with_surname
from quotetrack.store.views import ONE_SPEAKER_CUES_SQL

QUOTES_SQL = """
select
  attributions.id,
  speakers.name as speaker,
  attributions.speaker_mention,
  attributions.kind,
  attributions.cue,
  attributions.content,
  documents.title as document,
  attributions.document_id
from attributions
left join speakers on speakers.id = attributions.speaker_id
join documents on documents.id = attributions.document_id
"""
FTS_MATCH = "attributions.rowid in (select rowid from attributions_fts where attributions_fts match :q)"


class Rows(list[dict[str, Any]]):
    """Query results as dicts, with the query's column names, which an empty result has too (CSV header)."""

    def __init__(self, cursor: sqlite3.Cursor):
        self.columns = [column[0] for column in cursor.description]
        super().__init__(dict(zip(self.columns, row, strict=True)) for row in cursor)


def run_limited(db: Database, sql: str, params: dict[str, Any], limit: int | None) -> Rows:
    """Run a query as dicts, with an optional row limit."""
    if limit is not None:
        sql, params = f"{sql} limit :limit", {**params, "limit": limit}
    return Rows(db.execute(sql, params))


def quotes(
    db: Database,
    speaker: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    limit: int | None = 20,
) -> Rows:
    """Attributions filtered by speaker (as `speakers show` finds one), kind and full-text search."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if speaker:
        # By name, not id: unnamed sources (`officials`) are one speaker per article under one name.
        where.append("speakers.name = :speaker collate nocase")
        params["speaker"] = quoted_name(db, speaker) or speaker
    if kind:
        where.append("attributions.kind = :kind")
        params["kind"] = kind
    if search:
        where.append(FTS_MATCH)
        # Quoting each word keeps user input from being read as FTS query syntax.
        params["q"] = db.quote_fts(search)
    sql = QUOTES_SQL + (" where " + " and ".join(where) if where else "")
    sql += " order by attributions.document_id, attributions.content_start"
    return run_limited(db, sql, params, limit)


@dataclass
class SpeakerProfile:
    """Everything `speakers show` prints about one speaker."""

    summary: dict[str, Any]
    roles: list[str]
    cues: list[dict[str, Any]]
    attributions: Rows


def _other_name(db: Database, name: str) -> str | None:
    """The stored name a user probably means: through an alias, or the one person with this surname."""
    target = alias_target(db, name_key(name))
    if target:
        return target
    people = people_with_surname(db, name_key(name), full_names=True)
    if len(people) != 1:
        return None
    return db.execute("select name from speakers where id = ?", [people[0][0]]).fetchone()[0]


def _quoted(db: Database, name: str) -> str | None:
    """The stored spelling of this name (any case), if a speaker under it has attributions."""
    row = db.execute(
        "select name from speakers where name = ? collate nocase"
        " and exists (select 1 from attributions where speaker_id = speakers.id)",
        [name],
    ).fetchone()
    return row[0] if row else None


def quoted_name(db: Database, name: str) -> str | None:
    """The name of the quoted speaker a user means: this name in any case, else an alias of one or the
    one person with this surname. `quotes --speaker` and `speakers show` both find speakers so."""
    found = _quoted(db, name)
    if found is None and (other := _other_name(db, name)):
        found = _quoted(db, other)
    return found


def speaker_profile(db: Database, name: str) -> SpeakerProfile | None:
    """A speaker by name (case-insensitive), alias or unambiguous surname, with roles, cue counts and
    dated attributions."""
    found = quoted_name(db, name)
    if found is None:
        return None
    [summary] = db.query("select * from speaker_counts where speaker = ? collate nocase limit 1", [found])
    speaker = summary["speaker_id"]
    roles = [
        r["role"] for r in db.query("select distinct role from speaker_roles where speaker_id = ?", [speaker])
    ]
    cues = list(db.query(ONE_SPEAKER_CUES_SQL, {"speaker_id": speaker}))
    rows = db.execute(
        "select date, kind, cue, content, context, document_title, document_id, attribution_id"
        " from speaker_attributions where speaker_id = ?",
        [speaker],
    )
    return SpeakerProfile(summary, roles, cues, Rows(rows))


def speakers(db: Database, limit: int | None = None) -> Rows:
    """Speakers with their attribution counts, most quoted first."""
    return run_limited(db, "select * from speaker_counts", {}, limit)
