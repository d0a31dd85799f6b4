"""SQL views on speakers, for Datasette and for anyone writing SQL about who said what.

- `speaker_counts`: per speaker, quotes (direct, mixed) and claims (indirect), documents, outlets, first and
  last seen: the one set of speaker counts that `quotetrack speakers`, the API and the desk all read.
- `speaker_cues`: per speaker, which cue verbs introduce them (said vs claimed vs denied).
- `speaker_attributions`: every speaker's attributions in date order, with the article they come from.
- `quotes_and_claims`: every attribution as a reader wants it: speaker, kind, cue, content, article title,
  outlet and date (the quote desk's way into the attributions).
- `unnamed_sources`, `unnamed_sources_by_outlet`: unnamed sources (`officials`, `a senior official`) grouped
  for counting by description (and outlet), never merged: the registry keeps one speaker per article.

Rankings (`quotetrack speakers`, the desk's top speakers) list named speakers, and unnamed sources only on
request, one row per description (`ranking_sql`): per-article rows of `officials` would swamp them.

Dates are the article's published date where the database has one, else the day it was ingested.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlite_utils import Database


def field(available: Collection[str], name: str) -> str:
    """SQL for documents.<name>, or NULL when this database has no such column."""
    return f"documents.{name}" if name in available else "null"


def day(available: Collection[str]) -> str:
    """SQL for an article's date: its published date when known, else the day it was ingested.

    Ingestion day is the best stand-in for "when it appeared" that every database has.
    """
    ingested = "date(documents.ingested_at)"
    return f"coalesce(date(documents.published), {ingested})" if "published" in available else ingested


def speaker_aggregate_sql(available: Collection[str], where: str = "") -> str:
    """The one definition of a speaker's counts, per speaker id, aggregated from the attributions.

    `speaker_stats` holds its rows (refreshed at the end of every ingest, load and merge, for the speakers
    they touched); `speaker_counts` reads them, and aggregates here only speakers changed since (`where`
    narrows the speakers aggregated, as SQL on attributions.speaker_id).
    """
    date = day(available)
    return f"""
select
  attributions.speaker_id,
  count(attributions.id) as attributions,
  sum(attributions.kind in ('direct', 'mixed')) as quotes,
  sum(attributions.kind = 'indirect') as claims,
  sum(attributions.kind = 'direct') as direct,
  sum(attributions.kind = 'mixed') as mixed,
  sum(attributions.kind = 'indirect') as indirect,
  round(100.0 * sum(attributions.kind = 'indirect') / count(attributions.id), 1) as claims_pct,
  count(distinct attributions.document_id) as documents,
  count(distinct {field(available, "outlet")}) as outlets,
  min({date}) as first_seen,
  max({date}) as last_seen
from attributions
join documents on documents.id = attributions.document_id
where attributions.speaker_id is not null{where}
group by attributions.speaker_id""".strip()


# speaker_aggregate_sql's columns after speaker_id, as speaker_stats stores them.
COUNT_COLUMNS = (
    "attributions, quotes, claims, direct, mixed, indirect, claims_pct, "
    "documents, outlets, first_seen, last_seen"
)
STALE_SPEAKERS = "(select speaker_id from stale_speakers)"


def counts_sql(available: Collection[str], stats: bool = True) -> str:
    """Per speaker id, the counts of COUNT_COLUMNS.

    With `stats` (databases that have `speaker_stats`): the stored counts of speakers unchanged since the
    last refresh, and the aggregate of the others, so the answer is always the aggregate's, but costs
    it only for speakers changed by a write not yet refreshed. Without: the aggregate of everyone.
    """
    if not stats:
        return speaker_aggregate_sql(available)
    return f"""
  select speaker_id, {COUNT_COLUMNS} from speaker_stats
  where speaker_id not in {STALE_SPEAKERS}
  union all
  {speaker_aggregate_sql(available, f" and attributions.speaker_id in {STALE_SPEAKERS}")}"""


def speaker_counts_sql(available: Collection[str], stats: bool = True) -> str:
    """Per speaker: quotes, claims, documents, outlets, first and last seen; most quoted first."""
    columns = ", ".join(f"counts.{name}" for name in COUNT_COLUMNS.split(", "))
    return f"""
select
  speakers.id as speaker_id,
  speakers.name as speaker,
  speakers.kind,
  speakers.role,
  {columns}
from ({counts_sql(available, stats)}) as counts
join speakers on speakers.id = counts.speaker_id
order by attributions desc, speakers.name, speakers.id""".strip()


# An unnamed source's description, its name key without the article: `officials @<document id>` ->
# `officials`; and that article.
UNNAMED_DESCRIPTION = "substr(speakers.name_key, 1, instr(speakers.name_key || ' @', ' @') - 1)"
UNNAMED_DOCUMENT = "substr(speakers.name_key, instr(speakers.name_key, ' @') + 2)"


# Kept with each speaker's counts in speaker_stats (schema 12) for unnamed sources, empty for named ones:
# its name, its description (UNNAMED_DESCRIPTION; '' if it has none) and its article's outlet, so grouping
# the unnamed sources reads speaker_stats alone (looking up 75,855 articles' outlets took 300 ms per request
# at a million attributions).
UNNAMED_COLUMNS = "unnamed_name, unnamed_description, unnamed_outlet"


def stored_counts_sql(available: Collection[str], where: str = "") -> str:
    """speaker_aggregate_sql's counts with UNNAMED_COLUMNS: the rows speaker_stats stores."""
    unnamed = "case when speakers.kind = 'unnamed' then {} end"
    outlet = f"(select {field(available, 'outlet')} from documents where documents.id = {UNNAMED_DOCUMENT})"
    return f"""
select counts.*,
  {unnamed.format("speakers.name")} as unnamed_name,
  {unnamed.format(f"coalesce({UNNAMED_DESCRIPTION}, '')")} as unnamed_description,
  {unnamed.format(outlet)} as unnamed_outlet
from ({speaker_aggregate_sql(available, where)}) as counts
left join speakers on speakers.id = counts.speaker_id""".strip()


def unnamed_sources_sql(
    available: Collection[str], stats: bool = True, by_outlet: bool = False, unnamed_stats: bool = True
) -> str:
    """Unnamed sources grouped for counting, never merged: per description (and outlet), the counts of
    all its speakers (one per article), in the columns of speaker_counts (speaker_id: the first of
    them; speaker: the description; documents: articles), `outlet` last with `by_outlet`. Reads the
    stored counts of unnamed speakers only, never all attributions; with `unnamed_stats` (speaker_stats has
    UNNAMED_COLUMNS), with their names, descriptions and outlets, so no speaker or article either."""
    if not (stats and unnamed_stats):
        return unnamed_groups_sql(
            f"""
  select counts.*, speakers.name as unnamed_name, {UNNAMED_DESCRIPTION} as unnamed_description,
    {field(available, "outlet")} as unnamed_outlet
  from ({counts_sql(available, stats)}) as counts
  join speakers on speakers.id = counts.speaker_id
  left join documents on documents.id = {UNNAMED_DOCUMENT}
  where speakers.kind = 'unnamed'""",
            by_outlet,
        )
    changed = f" and attributions.speaker_id in {STALE_SPEAKERS}"
    stored = f"speaker_stats where unnamed_description is not null and speaker_id not in {STALE_SPEAKERS}"
    aggregated = f"({stored_counts_sql(available, changed)}) where unnamed_description is not null"
    return unnamed_groups_sql(f"{by_outlet_sql(stored)}\n  union all\n{by_outlet_sql(aggregated)}", by_outlet)


# The counts unnamed_groups_sql sums (and the first speaker id, name, first and last seen).
UNNAMED_SUMS = ("attributions", "quotes", "claims", "direct", "mixed", "indirect")


def by_outlet_sql(source: str) -> str:
    """Unnamed speakers' counts with UNNAMED_COLUMNS from `source` (FROM and WHERE), summed per
    description and outlet: each group of the stored counts read in order along the index
    speaker_stats_unnamed (statistics' LATER_INDEXES), so only a few thousand rows are grouped again."""
    sums = ", ".join(f"sum({name}) as {name}" for name in (*UNNAMED_SUMS, "documents"))
    return f"""
  select min(speaker_id) as speaker_id, {sums}, min(first_seen) as first_seen, max(last_seen) as last_seen,
    min(unnamed_name) as unnamed_name, unnamed_description, unnamed_outlet
  from {source}
  group by unnamed_description, unnamed_outlet"""


def unnamed_groups_sql(counts: str, by_outlet: bool) -> str:
    """The groups of unnamed_sources_sql from `counts`: unnamed speakers' counts with UNNAMED_COLUMNS."""
    sums = ",\n  ".join(f"sum(counts.{name}) as {name}" for name in UNNAMED_SUMS)
    return f"""
select
  min(counts.speaker_id) as speaker_id,
  min(counts.unnamed_name) as speaker,
  'unnamed' as kind,
  null as role,
  {sums},
  round(100.0 * sum(counts.claims) / sum(counts.attributions), 1) as claims_pct,
  sum(counts.documents) as documents,
  count(distinct counts.unnamed_outlet) as outlets,
  min(counts.first_seen) as first_seen,
  max(counts.last_seen) as last_seen{", counts.unnamed_outlet as outlet" if by_outlet else ""}
from ({counts}
) as counts
group by counts.unnamed_description{", counts.unnamed_outlet" if by_outlet else ""}
order by attributions desc, speaker""".strip()


def ranking_sql(named: str, unnamed: str, include_unnamed: str) -> str:
    """Speakers most quoted first: the named ones of `named` (speaker_counts, or its SQL in brackets),
    and the groups of `unnamed` (unnamed_sources, or its SQL) where the SQL `include_unnamed` is true."""
    return f"""
select * from {named} where coalesce(kind, '') != 'unnamed'
union all
select * from {unnamed} where {include_unnamed}
order by attributions desc, speaker, speaker_id""".strip()


def speaker_cues_sql(stats: bool = True) -> str:
    """Per speaker, how many attributions each cue lemma introduces; by name, most used cue first.

    With `stats`: the counts stored in speaker_facets, and those of speakers changed since aggregated.
    """
    aggregate = (
        "select speaker_id, cue_lemma as cue, count(*) as attributions from attributions"
        " where speaker_id is not null{where} group by speaker_id, cue_lemma"
    )
    if stats:
        counts = (
            "select speaker_id, value as cue, n as attributions from speaker_facets"
            f" where facet = 'cue' and speaker_id not in {STALE_SPEAKERS}"
            f"\n  union all\n  {aggregate.format(where=f' and speaker_id in {STALE_SPEAKERS}')}"
        )
    else:
        counts = aggregate.format(where="")
    return f"""
select
  speakers.id as speaker_id,
  speakers.name as speaker,
  counts.cue,
  counts.attributions
from ({counts}) as counts
join speakers on speakers.id = counts.speaker_id
order by speakers.name, attributions desc, cue, speakers.id""".strip()


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


def speaker_attributions_sql(available: Collection[str]) -> str:
    """Every speaker's attributions, by name, then date. CROSS JOIN keeps speakers the outer loop, read in
    the order of their name index, so the first page sorts only its names' rows, not all of them."""
    date = day(available)
    return f"""
select
  attributions.id as attribution_id,
  speakers.id as speaker_id,
  speakers.name as speaker,
  attributions.speaker_mention,
  {date} as date,
  attributions.kind,
  attributions.cue,
  attributions.content,
  attributions.context,
  documents.title as document_title,
  documents.id as document_id
from speakers
cross join attributions on attributions.speaker_id = speakers.id
join documents on documents.id = attributions.document_id
order by speakers.name, date, documents.id, attributions.content_start
""".strip()


def quotes_and_claims_sql(available: Collection[str]) -> str:
    """Every attribution with its speaker's name and its article's title, outlet and date first, then the
    mention, cue lemma and the ids the desk links with; in attribution order.

    Speaker and article come from lookups in the select list, not joins, so SQLite leaves them out of
    what does not show them: a count, or a facet on kind, reads the attributions table alone.
    """
    document = "(select {} from documents where documents.id = attributions.document_id)"
    return f"""
select
  (select speakers.name from speakers where speakers.id = attributions.speaker_id) as speaker,
  attributions.kind,
  attributions.cue,
  attributions.content,
  {document.format("documents.title")} as title,
  {document.format(field(available, "outlet"))} as outlet,
  {document.format(day(available))} as date,
  attributions.speaker_mention,
  attributions.cue_lemma,
  attributions.id as attribution_id,
  attributions.speaker_id,
  attributions.document_id
from attributions""".strip()


def create_views(db: Database, available: Collection[str]) -> None:
    """(Re)create the views for a database whose `documents` has the `available` columns."""
    db.create_view("quotes_and_claims", quotes_and_claims_sql(available), replace=True)
    db.create_view("speaker_counts", speaker_counts_sql(available), replace=True)
    db.create_view("speaker_cues", speaker_cues_sql(), replace=True)
    db.create_view("speaker_attributions", speaker_attributions_sql(available), replace=True)
    db.create_view("unnamed_sources", unnamed_sources_sql(available), replace=True)
    db.create_view("unnamed_sources_by_outlet", unnamed_sources_sql(available, by_outlet=True), replace=True)
