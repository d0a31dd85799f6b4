"""The read side: attributions by speaker, kind, words, date, outlet and article; speakers with their counts;
one speaker's profile.

Speakers are found by the registry's one lookup (alias, any case or apostrophe, unambiguous surname) and
counted by the `speaker_counts` view, so the CLI, the API and the desk never disagree.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlite_utils import Database

from quotetrack.records import KIND_FILTERS, Speaker, SpeakerProfile, StoredAttribution
from quotetrack.store.names import name_key
from quotetrack.store.registry import UNRESOLVED_SQL, speaker_name
from quotetrack.store.search import fts_query
from quotetrack.store.views import ONE_SPEAKER_CUES_SQL, day, field, ranking_sql

FTS_MATCH = "attributions.rowid in (select rowid from attributions_fts where attributions_fts match :q)"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Stored outlets named in a NotFound message, at most.
OUTLETS_SHOWN = 8


class NotFound(LookupError):
    """A speaker, outlet or document that a query names and the database does not hold."""


def no_speaker(name: str) -> NotFound:
    """The one message for a speaker name nobody has, wherever it is looked up."""
    return NotFound(f"no speaker named {name!r}")


class Ambiguous(LookupError):
    """A document id prefix that starts several documents' ids."""


def iso_day(value: str) -> str:
    """A YYYY-MM-DD date as given, or ValueError saying what is wrong with it."""
    if not DAY.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a date as YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError as error:
        raise ValueError(f"{value!r} is not a date: {error}") from error


def attributions_sql(available: Collection[str]) -> str:
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
  {day(available)} as date,
  {field(available, "published")} as published,
  {field(available, "outlet")} as outlet,
  documents.title,
  {field(available, "url")} as url,
  attributions.document_id
from attributions
left join speakers on speakers.id = attributions.speaker_id
join documents on documents.id = attributions.document_id"""


def limited(sql: str, params: dict[str, Any], limit: int | None) -> tuple[str, dict[str, Any]]:
    """The query with an optional row limit."""
    if limit is None:
        return sql, params
    return f"{sql} limit :limit", {**params, "limit": limit}


def outlet_names(db: Database, outlet: str) -> list[str]:
    """The stored spellings of an outlet, compared as names are (case, apostrophes, a leading `the`)."""
    stored = (
        []
        if "outlet" not in db["documents"].columns_dict
        else [
            row[0]
            for row in db.execute("select outlet from documents where outlet is not null group by outlet")
        ]
    )
    found = [name for name in stored if name_key(name) == name_key(outlet)]
    if not found:
        shown = ", ".join(stored[:OUTLETS_SHOWN]) + (", ..." if len(stored) > OUTLETS_SHOWN else "")
        raise NotFound(f"no outlet named {outlet!r}" + (f" (outlets: {shown})" if stored else ""))
    return found


def document_id(db: Database, reference: str) -> str:
    """The id of the document a user means by its URL, its id, or the start of its id (unique)."""
    reference = reference.strip()
    if "url" in db["documents"].columns_dict:
        row = db.execute("select id from documents where url = ? limit 1", [reference]).fetchone()
        if row:
            return str(row[0])
    prefix = reference.lower()
    ids: list[str] = []
    if prefix and all(char in "0123456789abcdef" for char in prefix):
        # A range on the primary key: ids are lowercase hex, all of them sort below prefix + "~".
        sql = "select id from documents where id >= :p and id < :p || '~' order by id limit 2"
        ids = [row[0] for row in db.execute(sql, {"p": prefix})]
    if not ids:
        raise NotFound(f"no document with the URL, id or id prefix {reference!r}")
    if len(ids) > 1:
        raise Ambiguous(
            f"{reference!r} starts several document ids ({ids[0][:16]}, {ids[1][:16]}, ...); give more"
        )
    return ids[0]


def attributions(
    db: Database,
    speaker: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    limit: int | None = 20,
    *,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    document: str | None = None,
    unresolved: bool = False,
) -> list[StoredAttribution]:
    """Attributions newest first, by speaker (the registry's lookup), kind (a KIND_FILTERS key), words
    (`fts_query`: FTS5 syntax or plain words), dates (YYYY-MM-DD, inclusive, of the article: published,
    else ingested), outlet (as names are compared) and document (`document_id`); `unresolved`: only
    those with no resolved speaker (registry.UNRESOLVED_SQL).

    A speaker, outlet or document the database does not hold raises NotFound (an ambiguous id prefix,
    Ambiguous); filters that match nothing give an empty list."""
    available = list(db["documents"].columns_dict)
    where: list[str] = [UNRESOLVED_SQL] if unresolved else []
    params: dict[str, Any] = {}
    if speaker:
        found = speaker_name(db, speaker)
        if found is None:
            raise no_speaker(speaker)
        where.append(
            "attributions.speaker_id in (select id from speakers where name = :speaker collate nocase)"
        )
        params["speaker"] = found
    if kind:
        kinds = KIND_FILTERS[kind]
        where.append(f"attributions.kind in ({', '.join(f':kind{i}' for i in range(len(kinds)))})")
        params.update({f"kind{i}": value for i, value in enumerate(kinds)})
    if search and search.strip():
        where.append(FTS_MATCH)
        params["q"] = fts_query(search)
    for name, value, compare in (("since", since, ">="), ("until", until, "<=")):
        if value:
            where.append(f"{day(available)} {compare} :{name}")
            params[name] = iso_day(value)
    if outlet:
        names = outlet_names(db, outlet)
        where.append(f"documents.outlet in ({', '.join(f':outlet{i}' for i in range(len(names)))})")
        params.update({f"outlet{i}": name for i, name in enumerate(names)})
    if document:
        where.append("attributions.document_id = :document")
        params["document"] = document_id(db, document)
    sql = attributions_sql(available)
    sql += " where " + " and ".join(where) if where else ""
    sql += " order by date desc, attributions.document_id, attributions.content_start"
    return [StoredAttribution(**row) for row in db.query(*limited(sql, params, limit))]


def speaker_record(row: dict[str, Any]) -> Speaker:
    """A `speaker_counts` row as a Speaker (the view's `speaker_id`/`speaker` are `id`/`name`)."""
    names = {field.name for field in dataclasses.fields(Speaker)}
    values = {key: value for key, value in row.items() if key in names}
    return Speaker(id=row["speaker_id"], name=row["speaker"], **values)


def speakers(db: Database, limit: int | None = None, include_unnamed: bool = False) -> list[Speaker]:
    """Named speakers with their attribution counts, most quoted first; `include_unnamed` adds unnamed
    sources, one Speaker per description (`officials`: every article's together; id: the first's)."""
    sql = ranking_sql("speaker_counts", "unnamed_sources", "1" if include_unnamed else "0")
    return [speaker_record(row) for row in db.query(*limited(sql, {}, limit))]


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
    sql = attributions_sql(list(db["documents"].columns_dict))
    dated = db.query(
        f"{sql} where attributions.speaker_id in ({marks})"
        " order by date, attributions.document_id, attributions.content_start",
        ids,
    )
    ranked = dict(sorted(cues.items(), key=lambda item: (-item[1], item[0])))
    return SpeakerProfile(combined(rows), roles, ranked, [StoredAttribution(**row) for row in dated])
