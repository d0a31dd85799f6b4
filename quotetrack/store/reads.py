"""The read side: attributions by speaker, kind and words; speakers with their counts; one speaker's profile.

Speakers are found by the registry's one lookup (alias, any case or apostrophe, unambiguous surname) and
counted by the `speaker_counts` view, so the CLI, the API and the desk never disagree.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from sqlite_utils import Database

from quotetrack.records import KIND_FILTERS, Speaker, SpeakerProfile, StoredAttribution
from quotetrack.store.registry import SPEAKER_LOOKUP_SQL, speaker_name
from quotetrack.store.views import ONE_SPEAKER_CUES_SQL, day

FTS_MATCH = "attributions.rowid in (select rowid from attributions_fts where attributions_fts match :q)"


def attributions_sql(available: list[str]) -> str:
    """Attributions as StoredAttribution records, with their resolved speaker (if any) and article."""
    return f"""
select
  attributions.id,
  speakers.name as speaker,
  attributions.speaker_mention,
  attributions.kind,
  attributions.cue,
  attributions.content,
  attributions.context,
  documents.title as document_title,
  attributions.document_id,
  {day(available)} as date
from attributions
left join speakers on speakers.id = attributions.speaker_id
join documents on documents.id = attributions.document_id"""


def limited(sql: str, params: dict[str, Any], limit: int | None) -> tuple[str, dict[str, Any]]:
    """The query with an optional row limit."""
    if limit is None:
        return sql, params
    return f"{sql} limit :limit", {**params, "limit": limit}


def attributions(
    db: Database,
    speaker: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    limit: int | None = 20,
) -> list[StoredAttribution]:
    """Attributions by speaker (the registry's lookup), kind (a KIND_FILTERS key) and full-text search,
    in article order."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if speaker:
        where.append(f"speakers.name = ({SPEAKER_LOOKUP_SQL}) collate nocase")
        params["speaker"] = speaker
    if kind:
        kinds = KIND_FILTERS[kind]
        where.append(f"attributions.kind in ({', '.join(f':kind{i}' for i in range(len(kinds)))})")
        params.update({f"kind{i}": value for i, value in enumerate(kinds)})
    if search:
        where.append(FTS_MATCH)
        # Quoting each word keeps user input from being read as FTS query syntax.
        params["q"] = db.quote_fts(search)
    sql = attributions_sql(list(db["documents"].columns_dict))
    sql += " where " + " and ".join(where) if where else ""
    sql += " order by attributions.document_id, attributions.content_start"
    return [StoredAttribution(**row) for row in db.query(*limited(sql, params, limit))]


def speaker_record(row: dict[str, Any]) -> Speaker:
    """A `speaker_counts` row as a Speaker (the view's `speaker_id`/`speaker` are `id`/`name`)."""
    names = {field.name for field in dataclasses.fields(Speaker)}
    values = {key: value for key, value in row.items() if key in names}
    return Speaker(id=row["speaker_id"], name=row["speaker"], **values)


def speakers(db: Database, limit: int | None = None) -> list[Speaker]:
    """Speakers with their attribution counts, most quoted first."""
    return [speaker_record(row) for row in db.query(*limited("select * from speaker_counts", {}, limit))]


def combined(rows: list[dict[str, Any]]) -> Speaker:
    """One Speaker for every `speaker_counts` row of a name: unnamed sources (`officials`) have a row per
    article, and a profile of `officials` is about all of them."""
    first = speaker_record(rows[0])
    if len(rows) == 1:
        return first
    totals = {
        name: sum(row[name] for row in rows)
        for name in ("attributions", "quotes", "claims", "direct", "mixed", "indirect", "documents")
    }
    seen = (
        [row["first_seen"] for row in rows if row["first_seen"]],
        [row["last_seen"] for row in rows if row["last_seen"]],
    )
    return dataclasses.replace(
        first, **totals, first_seen=min(seen[0], default=None), last_seen=max(seen[1], default=None)
    )


def speaker_profile(db: Database, name: str) -> SpeakerProfile | None:
    """A speaker as the registry's lookup finds one, with roles, cue counts and dated attributions."""
    found = speaker_name(db, name)
    if found is None:
        return None
    rows = list(db.query("select * from speaker_counts where speaker = ? collate nocase", [found]))
    ids = [row["speaker_id"] for row in rows]
    marks = ", ".join("?" for _ in ids)
    roles = [
        r["role"]
        for r in db.query(f"select distinct role from speaker_roles where speaker_id in ({marks})", ids)
    ]
    cues: Counter[str] = Counter()
    for speaker_id in ids:
        cues.update(
            {r["cue"]: r["attributions"] for r in db.query(ONE_SPEAKER_CUES_SQL, {"speaker_id": speaker_id})}
        )
    dated = db.query(
        "select attribution_id as id, speaker, speaker_mention, kind, cue, content, context, document_title,"
        f" document_id, date from speaker_attributions where speaker_id in ({marks})",
        ids,
    )
    ranked = dict(sorted(cues.items(), key=lambda item: (-item[1], item[0])))
    return SpeakerProfile(combined(rows), roles, ranked, [StoredAttribution(**row) for row in dated])
