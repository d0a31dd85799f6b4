"""The quote desk's saved (canned) queries: searches and the newsroom's standing questions.

All are read-only SELECTs; none is a writable query. SQL is generated for the database's actual
`documents` columns, so outlet and publication date are used where the database has them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from quotetrack.store import views
from quotetrack.store.registry import SPEAKER_LOOKUP_SQL
from quotetrack.store.views import day, field

# Attribution counts by kind, named by kind: "quotes" and "claims" are left to the speaker_counts view
# (quotes: direct and mixed; claims: indirect), so the two never disagree on a word.
KIND_COUNTS = """
  count(*) as attributions,
  count(*) filter (where attributions.kind = 'direct') as direct,
  count(*) filter (where attributions.kind = 'mixed') as mixed,
  count(*) filter (where attributions.kind = 'indirect') as indirect""".strip("\n")
JOINS = """
from attributions
join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id""".strip("\n")
# A speaker parameter finds a speaker as everywhere else (name in any case, alias, unambiguous surname).
SPEAKER_MATCHES = f"speakers.name = ({SPEAKER_LOOKUP_SQL}) collate nocase"
# Quote text as compared across articles, ignoring case, surrounding spaces, quotation marks, end punctuation.
QUOTE_KEY = "lower(trim(attributions.content, ' \"“”‘’''.,;:!?…'))"


def search_sql(available: Collection[str], extra_where: str = "") -> str:
    """Full-text search over quotes and their sentences, best match first, with highlighted snippets.

    escape_fts() (a Datasette SQL function) quotes each word, so any input is a plain word search.
    """
    return f"""
select
  snippet(attributions_fts, -1, '<mark>', '</mark>', '…', 20) as snippet,
  speakers.name as speaker,
  attributions.kind,
  attributions.cue,
  documents.title,
  {field(available, "outlet")} as outlet,
  {day(available)} as date,
  attributions.id as attribution_id,
  attributions.speaker_id,
  attributions.document_id
from attributions_fts
join attributions on attributions.id = attributions_fts.rowid
join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id
where :words != '' and attributions_fts match escape_fts(:words){extra_where}
order by attributions_fts.rank
limit 500""".strip()


def speaker_counts_sql(available: Collection[str], order: str) -> str:
    """Speakers with their counts: the SQL of the `speaker_counts` view, which `quotetrack speakers` reads.

    Inlined rather than read from the view, as the desk also serves databases made by older versions,
    whose views are older (and which it opens read-only, so it cannot renew them).
    """
    return f"""
select speaker, kind, role, attributions, quotes, claims, direct, mixed, indirect, claims_pct, documents,
  outlets, first_seen, last_seen, speaker_id
from ({views.speaker_counts_sql(available)})
order by {order}
limit 500""".strip()


def speaker_over_time_sql(available: Collection[str]) -> str:
    """A speaker's attributions per day, oldest first."""
    return f"""
select
  {day(available)} as date,
  speakers.name as speaker,
{KIND_COUNTS},
  count(distinct attributions.document_id) as articles,
  speakers.id as speaker_id
{JOINS}
where {SPEAKER_MATCHES}
group by speakers.id, date
order by speaker, date""".strip()


def anonymous_share_sql(available: Collection[str]) -> str:
    """Per outlet, how many attributions go to unnamed speakers ("officials said")."""
    return f"""
select
  coalesce({field(available, "outlet")}, '(outlet unknown)') as outlet,
  count(distinct documents.id) as articles,
  count(*) as attributions,
  count(*) filter (where speakers.kind = 'unnamed') as anonymous,
  round(100.0 * count(*) filter (where speakers.kind = 'unnamed') / count(*), 1) as anonymous_pct
{JOINS}
group by 1
order by anonymous_pct desc, attributions desc""".strip()


def repeated_quotes_sql(available: Collection[str]) -> str:
    """Quotes found in more than one article, with how widely and where they appeared first."""
    return f"""
with seen as (
  select
    {QUOTE_KEY} as quote_key,
    attributions.id as attribution_id,
    attributions.content,
    attributions.document_id,
    documents.title,
    {field(available, "outlet")} as outlet,
    {day(available)} as date,
    speakers.name as speaker,
    row_number() over (
      partition by {QUOTE_KEY}
      order by {day(available)}, documents.ingested_at, attributions.id
    ) as nth
{JOINS}
)
select
  first.content,
  count(distinct seen.document_id) as articles,
  count(distinct seen.outlet) as outlets,
  group_concat(distinct seen.outlet) as outlet_names,
  group_concat(distinct seen.speaker) as speakers,
  first.date as first_date,
  first.outlet as first_outlet,
  first.title as first_title,
  first.document_id as first_document_id,
  first.attribution_id as first_attribution_id
from seen
join seen as first on first.quote_key = seen.quote_key and first.nth = 1
group by seen.quote_key
having count(distinct seen.document_id) > 1
order by articles desc, first_date""".strip()


def canned_queries(available: Collection[str]) -> dict[str, dict[str, Any]]:
    """Datasette `queries` metadata: name -> title, description and SQL (none of them writable)."""
    return {
        "search": {
            "title": "Search quotes and claims",
            "description": "Full-text search in what was said and the sentence around it. "
            "Every word must match; matches are highlighted.",
            "sql": search_sql(available),
        },
        "search_by_speaker": {
            "title": "Quotes and claims matching words, by a speaker",
            "description": "Quotes and claims containing all the words, by one speaker: a name in any "
            "case, an alias or an unambiguous surname (leave empty for anyone).",
            "sql": search_sql(available, f" and (:speaker = '' or {SPEAKER_MATCHES})"),
        },
        "top_speakers": {
            "title": "Top speakers",
            "description": "Who is quoted most: counts by kind, articles, outlets, first and last seen.",
            "sql": speaker_counts_sql(available, "attributions desc, speaker"),
        },
        "speaker_over_time": {
            "title": "A speaker's attributions over time",
            "description": "Attributions per day (publication date, or ingestion date when unknown) of one "
            "speaker: a name in any case, an alias or an unambiguous surname.",
            "sql": speaker_over_time_sql(available),
        },
        "claims_vs_quotes": {
            "title": "Claims vs quotes per speaker",
            "description": "Quotes (direct and mixed) and claims (indirect, reported speech) per speaker, "
            "most claim-heavy first.",
            "sql": speaker_counts_sql(available, "claims_pct desc, attributions desc, speaker"),
        },
        "anonymous_sources_by_outlet": {
            "title": "Anonymous-source share per outlet",
            "description": "Share of each outlet's attributions given to unnamed speakers "
            "(“officials”, “a source”).",
            "sql": anonymous_share_sql(available),
        },
        "repeated_quotes": {
            "title": "The same words quoted in several articles",
            "description": "Quotes found in more than one article (ignoring case and quotation marks), "
            "with the outlets that ran them and where each appeared first.",
            "sql": repeated_quotes_sql(available),
        },
    }
