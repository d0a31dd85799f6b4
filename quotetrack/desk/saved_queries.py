"""The quote desk's saved (canned) queries: searches and the newsroom's standing questions.

All are read-only SELECTs; none is a writable query. SQL is generated for the database's actual
`documents` columns, so outlet and publication date are used where the database has them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from quotetrack.store import statistics, views
from quotetrack.store.registry import SPEAKER_LOOKUP_SQL, UNRESOLVED_SQL
from quotetrack.store.search_index import SPEAKER_COLUMN, token_of
from quotetrack.store.statistics import QUOTE_KEY
from quotetrack.store.trail_reads import ORDERS
from quotetrack.store.trails import current_trails_sql
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


# Matches ranked per search: the latest stored ones (highest rowid) when there are more. Ranking is bm25 over
# each match (document lengths, term counts): for a word in most of a million quotes, ranking every match
# took over a second; the latest 10,000 take about 30 ms, and on smaller databases every match is ranked.
# (20,000 until schema 13: a search by one of the most quoted speakers took 250-310 ms of SQL at a million
# attributions, 170-250 with 10,000.)
RANKED_MATCHES = 10_000
# The FTS5 query of a search by a speaker (schema 13: the index holds each attribution's speaker as a
# token, store/search_index.py): the words AND one of the speakers the name finds, so FTS5 reads only the
# entries the two share. A name that finds nobody matches nothing ("", the empty string).
SPEAKER_TOKENS = f"""(
  select group_concat('{SPEAKER_COLUMN} : "' || {token_of("speakers.id")} || '"', ' OR ')
  from speakers where {SPEAKER_MATCHES}
)"""
WANTED = {
    False: "select fts_query(:words) as query",
    True: f"""select case when :speaker = '' then fts_query(:words)
    else fts_query(:words) || ' AND (' || coalesce({SPEAKER_TOKENS}, '""') || ')' end as query""",
}
# The speaker tokens weigh nothing in a match's rank (an index without them ignores the third weight).
RANK = "bm25(attributions_fts, 1.0, 1.0, 0.0)"
# Databases made before schema 13, which the desk serves as they are: the words' matches checked against the
# speaker's attributions, every match read once.
LISTED_SPEAKER = f"""
chosen as materialized (
  select attributions.id from attributions
  where attributions.speaker_id in (select speakers.id from speakers where {SPEAKER_MATCHES})
),"""


def search_sql(
    available: Collection[str],
    by_speaker: bool = False,
    ranked: int = RANKED_MATCHES,
    speaker_tokens: bool = True,
) -> str:
    """Full-text search over quotes and their sentences, best match first, with highlighted snippets.

    fts_query() (quotetrack.store.search, the rule of `quotes --search` too) takes FTS5 syntax (`troop*`,
    `Kiev OR Kyiv`, "phrases") and any other input as plain words, never an FTS5 error. Only the latest
    `ranked` matches (of the speaker, `by_speaker`: a :speaker parameter, empty for anyone) are ranked;
    the best 500 of them are kept (bm25, the FTS rank; the speaker tokens weigh nothing), then only
    those get a snippet: making snippets of every match took seconds for common words. Snippets are
    made in one pass over the ranked range of matches, keeping the best by rowid: looking the 500 up in
    the index one by one cost more than the ranking. `speaker_tokens`: the index holds speakers (schema
    13, WANTED); else a speaker's attributions are listed and each match of the words checked.
    """
    listed = by_speaker and not speaker_tokens
    matching = "attributions_fts match (select query from wanted)"
    if listed:
        matching += " and (:speaker = '' or +attributions_fts.rowid in chosen)"
    return f"""
with{LISTED_SPEAKER if listed else ""}
wanted as ({WANTED[by_speaker and speaker_tokens]}),
latest as (
  select attributions_fts.rowid as id, {RANK} as rank
  from attributions_fts
  where :words != '' and {matching}
  order by attributions_fts.rowid desc
  limit {ranked}
),
best as (select id, rank from latest order by rank limit 500),
snippets as materialized (
  select attributions_fts.rowid as id, snippet(attributions_fts, -1, '<mark>', '</mark>', '…', 20) as snippet
  from attributions_fts
  where :words != '' and attributions_fts match (select query from wanted)
    and attributions_fts.rowid >= (select min(id) from latest)
    and +attributions_fts.rowid in (select id from best)
)
select
  snippets.snippet,
  speakers.name as speaker,
  attributions.kind,
  attributions.cue,
  documents.title,
  {field(available, "outlet")} as outlet,
  {day(available)} as date,
  attributions.id as attribution_id,
  attributions.speaker_id,
  attributions.document_id
from best
join snippets on snippets.id = best.id
join attributions on attributions.id = best.id
join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id
order by best.rank""".strip()


# Rows of the speaker rankings (top speakers, claims vs quotes).
LISTED_SPEAKERS = 500


def speaker_counts_sql(
    available: Collection[str], order: str, stats: bool = True, unnamed_stats: bool = True
) -> str:
    """Speakers with their counts: named ones, as the `speaker_counts` view (which `quotetrack speakers`
    reads) has them, and with `?include_unnamed=1` unnamed sources grouped by description (no speaker
    page: speaker_id empty), as `quotetrack speakers --include-unnamed` lists them.

    Inlined rather than read from the views, as the desk also serves databases made by older versions,
    whose views are older (and which it opens read-only, so it cannot renew them); `stats` says whether
    the database keeps speaker statistics, `unnamed_stats` whether they keep unnamed sources' groups
    (views.UNNAMED_COLUMNS).
    """
    named = first_named_sql(available, order) if stats else views.speaker_counts_sql(available, stats)
    ranking = views.ranking_sql(
        f"({named})",
        f"({views.unnamed_sources_sql(available, stats, unnamed_stats=unnamed_stats)})",
        ":include_unnamed != ''",
    )
    return f"""
select speaker, kind, role, attributions, quotes, claims, direct, mixed, indirect, claims_pct, documents,
  outlets, first_seen, last_seen, case when kind = 'unnamed' then null else speaker_id end as speaker_id
from ({ranking})
order by {order}, speaker_id
limit {LISTED_SPEAKERS}""".strip()


def first_named_sql(available: Collection[str], order: str) -> str:
    """Rows of speaker_counts that can be among the first LISTED_SPEAKERS named ones in `order`: the
    first of those whose stored counts are current, read along an index on the stored counts (statistics'
    LATER_INDEXES) only as far as needed, and every speaker changed since the last refresh. Sorting all
    86,108 speakers' stored counts took 100-200 ms per request at a million attributions; this, 6-30."""
    columns = ", ".join(f"counts.{name}" for name in views.COUNT_COLUMNS.split(", "))
    named = f"""
  select speakers.id as speaker_id, speakers.name as speaker, speakers.kind, speakers.role, {columns}
  from {{counts}}
  where coalesce(speakers.kind, '') != 'unnamed'"""
    stored = named.format(
        counts="speaker_stats as counts cross join speakers on speakers.id = counts.speaker_id"
    )
    changed = f" and attributions.speaker_id in {views.STALE_SPEAKERS}"
    aggregated = f"({views.speaker_aggregate_sql(available, changed)}) as counts"
    return f"""
select * from ({stored} and counts.speaker_id not in {views.STALE_SPEAKERS}
  order by {order}, speakers.id
  limit {LISTED_SPEAKERS}
)
union all{named.format(counts=f"{aggregated} join speakers on speakers.id = counts.speaker_id")}"""


def unnamed_sources_sql(
    available: Collection[str], stats: bool = True, by_outlet: bool = False, unnamed_stats: bool = True
) -> str:
    """Unnamed sources grouped by description (and outlet), most quoted first (by outlet: per outlet)."""
    outlet = "coalesce(outlet, '(outlet unknown)') as outlet,\n  " if by_outlet else ""
    return f"""
select
  {outlet}speaker as description,
  documents as articles,
  attributions,
  quotes,
  claims,
  claims_pct,{"" if by_outlet else chr(10) + "  outlets,"}
  first_seen,
  last_seen
from ({views.unnamed_sources_sql(available, stats, by_outlet, unnamed_stats)})
order by {"outlet, " if by_outlet else ""}attributions desc, description
limit 1000""".strip()


def speaker_over_time_sql(available: Collection[str], stats: bool = True) -> str:
    """A speaker's attributions per day, oldest first: stored per day where the database keeps them."""
    live = f"""
select
  {day(available)} as date,
  speakers.name as speaker,
{KIND_COUNTS},
  count(distinct attributions.document_id) as articles,
  speakers.id as speaker_id
{JOINS}
where {SPEAKER_MATCHES}{{where}}
group by speakers.id, date""".strip()
    if not stats:
        return f"{live.format(where='')}\norder by speaker, date, speaker_id"
    return f"""
select
  speaker_days.day as date,
  speakers.name as speaker,
  speaker_days.attributions,
  speaker_days.direct,
  speaker_days.mixed,
  speaker_days.indirect,
  speaker_days.articles,
  speakers.id as speaker_id
from speaker_days join speakers on speakers.id = speaker_days.speaker_id
where speaker_days.speaker_id in (
  select speakers.id from speakers where {SPEAKER_MATCHES} and speakers.id not in {views.STALE_SPEAKERS}
)
union all
{live.format(where=f" and speakers.id in {views.STALE_SPEAKERS}")}
order by speaker, date, speaker_id""".strip()


def anonymous_share_sql(available: Collection[str], stats: bool = True) -> str:
    """Per outlet, how many attributions go to unnamed speakers ("officials said"): summed per article."""
    stale = statistics.STALE_DOCUMENTS
    per_document = (
        f"""
  select outlet, attributions, anonymous from document_stats where document_id not in {stale}
  union all
  select outlet, attributions, anonymous from (
    {statistics.document_counts_sql(available, f" and documents.id in {stale}")}
  )"""
        if stats
        else f"""
  select {field(available, "outlet")} as outlet, count(*) as attributions,
    count(*) filter (where speakers.kind = 'unnamed') as anonymous
{JOINS}
  group by documents.id"""
    )
    return f"""
select
  coalesce(outlet, '(outlet unknown)') as outlet,
  count(*) as articles,
  sum(attributions) as attributions,
  sum(anonymous) as anonymous,
  round(100.0 * sum(anonymous) / sum(attributions), 1) as anonymous_pct
from ({per_document}
) as per_document
group by 1
order by anonymous_pct desc, attributions desc""".strip()


def repeated_quotes_sql(available: Collection[str], stats: bool = True) -> str:
    """Quotes found in more than one article, with how widely and where they appeared first.

    Where the database keeps `quote_stats`, only the quotes it lists (and those changed since) are read,
    through the index on the quote key; else every attribution.
    """
    stale = statistics.STALE_QUOTES
    repeated = (
        f"""
  and {QUOTE_KEY} in (
    select quote_key from quote_stats where quote_key not in {stale}
    union
    select quote_key from ({statistics.repeated_keys_sql(f" and {QUOTE_KEY} in {stale}")})
  )"""
        if stats
        else ""
    )
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
  where 1{repeated}
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


def unresolved_sql(available: Collection[str]) -> str:
    """Attributions with no resolved speaker, newest stored first (read backwards along the speaker_id
    index), each with the command that credits it."""
    return f"""
select
  attributions.id as attribution_id,
  attributions.speaker_mention,
  attributions.kind,
  attributions.cue,
  attributions.content,
  documents.title,
  {field(available, "outlet")} as outlet,
  {day(available)} as date,
  'quotetrack fix ' || attributions.id || ' --speaker NAME' as fix_with,
  attributions.document_id
from attributions
join documents on documents.id = attributions.document_id
where {UNRESOLVED_SQL}
order by attributions.id desc""".strip()


def trails_sql(
    available: Collection[str], where: str, order: str, extra: str = "", speaker_ids: bool = True
) -> str:
    """Trails (quotetrack.store.trails, current) with their first appearance's article, in a trail_reads
    order (`speaker_ids`: the trails table has that column)."""
    return f"""
select
  trails.canonical as content,
  trails.articles,
  trails.outlets,
  trails.speakers as named_speakers,{extra}
  trails.versions,
  trails.variants,
  trails.fragments,
  trails.first_day as first_date,
  trails.first_outlet,
  documents.title as first_title,
  attributions.document_id as first_document_id,
  trails.first_attribution_id,
  trails.id as trail_id
from ({current_trails_sql(available, speaker_ids)}) as trails
join attributions on attributions.id = trails.first_attribution_id
join documents on documents.id = attributions.document_id{where}
order by {", ".join(f"trails.{column}" for column in ORDERS[order].split(", "))}
limit 500""".strip()


# The named speakers a trail's appearances give the words to: looked up by the ids the trail keeps
# (schema 11), or, in databases made before, from all its appearances (744 ms for the 500 listed at a
# million attributions).
TRAIL_SPEAKER_NAMES = """
  (select group_concat(name, '; ') from (
    select distinct speakers.name from json_each('[' || trails.speaker_ids || ']') as named
    join speakers on speakers.id = named.value
    order by speakers.name)) as speaker_names,"""
TRAIL_SPEAKER_NAMES_FROM_MEMBERS = """
  (select group_concat(name, '; ') from (
    select distinct speakers.name from trail_members
    join attributions as member on member.id = trail_members.attribution_id
    join speakers on speakers.id = member.speaker_id
    where trail_members.trail_id = trails.id and speakers.kind is not 'unnamed'
    order by speakers.name)) as speaker_names,"""


def trail_queries(available: Collection[str], speaker_ids: bool = True) -> dict[str, dict[str, Any]]:
    """The saved queries over quote trails: most spread quotes, possible misattributions (`speaker_ids`:
    the trails keep their speakers' ids)."""
    names = TRAIL_SPEAKER_NAMES if speaker_ids else TRAIL_SPEAKER_NAMES_FROM_MEMBERS
    return {
        "repeated_quotes": {
            "title": "Most spread quotes",
            "description": "The same quote in several articles: the same words (case and punctuation "
            "aside), variants with a word changed, added or dropped, and fragments of a longer version. "
            "Most outlets first, with where it appeared first; open a quote for its trail.",
            "sql": trails_sql(available, "", "spread", speaker_ids=speaker_ids),
        },
        "possible_misattributions": {
            "title": "Possible misattributions",
            "description": "Quotes whose appearances give the same words to different named speakers; "
            "open a quote for its trail, where the odd ones out are flagged.",
            "sql": trails_sql(
                available, "\nwhere trails.misattributed = 1", "misattributed", names, speaker_ids
            ),
        },
    }


def canned_queries(
    available: Collection[str],
    stats: bool = True,
    trails: bool = True,
    trail_speakers: bool = True,
    unnamed_stats: bool = True,
    speaker_tokens: bool = True,
) -> dict[str, dict[str, Any]]:
    """Datasette `queries` metadata: name -> title, description and SQL (none of them writable).

    `stats`: the database keeps statistics (quotetrack.store.statistics), which the queries then read;
    `trails`: it keeps quote trails, so repeated quotes are read from them (else grouped by exact text);
    `trail_speakers`: its trails keep their speakers' ids (schema 11);
    `unnamed_stats`: its statistics keep unnamed sources' descriptions and outlets (schema 12);
    `speaker_tokens`: its full-text index holds speakers (schema 13).
    """
    return {
        "search": {
            "title": "Search quotes and claims",
            "description": "Full-text search in what was said and the sentence around it. "
            'Every word must match; troop* matches troops and trooper, "a phrase" its words in that order, '
            "Kiev OR Kyiv either, Russia NOT China one without the other. Matches are highlighted.",
            "sql": search_sql(available),
        },
        "search_by_speaker": {
            "title": "Quotes and claims matching words, by a speaker",
            "description": "Quotes and claims containing all the words, by one speaker: a name in any "
            "case, an alias or an unambiguous surname (leave empty for anyone).",
            "sql": search_sql(available, by_speaker=True, speaker_tokens=speaker_tokens),
        },
        "top_speakers": {
            "title": "Top speakers",
            "description": "Who is quoted most: counts by kind, articles, outlets, first and last seen. "
            "Named speakers; include_unnamed=1 adds unnamed sources (“officials”), one row per description.",
            "sql": speaker_counts_sql(available, "attributions desc, speaker", stats, unnamed_stats),
        },
        "speaker_over_time": {
            "title": "A speaker's attributions over time",
            "description": "Attributions per day (publication date, or ingestion date when unknown) of one "
            "speaker: a name in any case, an alias or an unambiguous surname.",
            "sql": speaker_over_time_sql(available, stats),
        },
        "claims_vs_quotes": {
            "title": "Claims vs quotes per speaker",
            "description": "Quotes (direct and mixed) and claims (indirect, reported speech) per speaker, "
            "most claim-heavy first.",
            "sql": speaker_counts_sql(
                available, "claims_pct desc, attributions desc, speaker", stats, unnamed_stats
            ),
        },
        "anonymous_sources_by_outlet": {
            "title": "Anonymous-source share per outlet",
            "description": "Share of each outlet's attributions given to unnamed speakers "
            "(“officials”, “a source”).",
            "sql": anonymous_share_sql(available, stats),
        },
        "unresolved_attributions": {
            "title": "Attributions with no resolved speaker",
            "description": "Quotes and claims whose speaker is unknown (“she” with nobody to stand for, "
            "no speaker found), newest first. Open a title for the highlighted article; credit one with "
            "`quotetrack fix ID --speaker NAME`, or `--not-attribution`.",
            "sql": unresolved_sql(available),
        },
        "unnamed_sources": {
            "title": "Unnamed sources",
            "description": "Anonymous sources (“officials”, “a senior official”) grouped by how articles "
            "describe them: attributions and articles per description. Each article's are still its own.",
            "sql": unnamed_sources_sql(available, stats, unnamed_stats=unnamed_stats),
        },
        "unnamed_sources_by_outlet": {
            "title": "Unnamed sources per outlet",
            "description": "Anonymous sources per outlet and description: who each outlet leans on.",
            "sql": unnamed_sources_sql(available, stats, True, unnamed_stats),
        },
        "repeated_quotes": {
            "title": "The same words quoted in several articles",
            "description": "Quotes found in more than one article (ignoring case and quotation marks), "
            "with the outlets that ran them and where each appeared first.",
            "sql": repeated_quotes_sql(available, stats),
        },
        **(trail_queries(available, trail_speakers) if trails else {}),
    }
