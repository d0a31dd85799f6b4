"""SQL views on speakers, for Datasette and for anyone writing SQL about who said what.

- `speaker_counts`: per speaker, quotes (direct, mixed) and claims (indirect), documents, first and last seen.
- `speaker_cues`: per speaker, which cue verbs introduce them (said vs claimed vs denied).
- `speaker_attributions`: every speaker's attributions in date order, with the article they come from.

Dates are the article's published date where the database has one, else the day it was ingested.
"""

from __future__ import annotations

from sqlite_utils import Database

from quotetrack.store.schema import day


def speaker_counts_sql(date: str) -> str:
    return f"""
select
  speakers.id as speaker_id,
  speakers.name as speaker,
  speakers.kind,
  speakers.role,
  count(attributions.id) as attributions,
  sum(attributions.kind in ('direct', 'mixed')) as quotes,
  sum(attributions.kind = 'indirect') as claims,
  sum(attributions.kind = 'direct') as direct,
  sum(attributions.kind = 'mixed') as mixed,
  sum(attributions.kind = 'indirect') as indirect,
  count(distinct attributions.document_id) as documents,
  min({date}) as first_seen,
  max({date}) as last_seen
from speakers
join attributions on attributions.speaker_id = speakers.id
join documents on documents.id = attributions.document_id
group by speakers.id
order by attributions desc, speakers.name
""".strip()


SPEAKER_CUES_SQL = """
select
  speakers.id as speaker_id,
  speakers.name as speaker,
  attributions.cue_lemma as cue,
  count(*) as attributions
from attributions
join speakers on speakers.id = attributions.speaker_id
group by speakers.id, attributions.cue_lemma
order by speakers.name, attributions desc, cue
""".strip()


# One speaker's rows of `speaker_cues`, by lemma ("said", "says" -> say): `speakers show` and the desk's
# speaker page both read this, so they never count differently. From the table, not the view, as the
# desk also serves databases whose views are missing.
ONE_SPEAKER_CUES_SQL = """
select cue_lemma as cue, count(*) as attributions
from attributions
where speaker_id = :speaker_id
group by cue_lemma
order by attributions desc, cue
""".strip()


def speaker_attributions_sql(date: str) -> str:
    return f"""
select
  attributions.id as attribution_id,
  speakers.id as speaker_id,
  speakers.name as speaker,
  {date} as date,
  attributions.kind,
  attributions.cue,
  attributions.content,
  attributions.context,
  documents.title as document_title,
  documents.id as document_id
from attributions
join speakers on speakers.id = attributions.speaker_id
join documents on documents.id = attributions.document_id
order by speakers.name, date, documents.id, attributions.content_start
""".strip()


def create_speaker_views(db: Database) -> None:
    """(Re)create the views; run after the tables exist, and again when `documents` gains columns."""
    date = day(db["documents"].columns_dict)
    db.create_view("speaker_counts", speaker_counts_sql(date), replace=True)
    db.create_view("speaker_cues", SPEAKER_CUES_SQL, replace=True)
    db.create_view("speaker_attributions", speaker_attributions_sql(date), replace=True)
