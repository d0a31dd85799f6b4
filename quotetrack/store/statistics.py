"""Statistics kept at write time, so the quote desk answers from a few rows instead of all attributions.

- `speaker_stats`, `speaker_days`, `speaker_facets`: per speaker, the counts of `speaker_counts`, the
  attributions per day of `speaker_over_time`, and the tallies of the speaker page (roles, mentions,
  kinds, cues); with unnamed sources' names, descriptions and outlets, which their groups need.
- `document_stats`: per article, its attributions, how many went to unnamed sources (the anonymous
  share per outlet sums them), and its quotes and claims (the desk's outlets page sums them).
- `quote_stats`: quote texts (as compared, QUOTE_KEY) run by more than one article.
- `speaker_timeline`: every attribution of a speaker in the speaker page's order (date, ingestion,
  article, position) with its kind, so the page reads one page of it from an index, filtered by kind and
  dates, or by outlet through the articles' index on (outlet, dates), without reading attributions.

All are refreshed by `refresh_statistics` at the end
of every ingest, load and speaker merge: triggers on attributions, documents and speakers note what a
write changed (`stale_speakers`, `stale_documents`, `stale_quotes`, `stale_attributions`); a refresh
aggregates only those
again. Readers take the stored rows of what is not stale and aggregate the stale rest, so answers are the
aggregate's even between a write and its refresh (or after a crash before it); the refresh keeps that
rest small.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlite_utils import Database

from quotetrack.store.trails import refresh_trails
from quotetrack.store.views import (
    COUNT_COLUMNS,
    ONE_SPEAKER_CUES_SQL,
    STALE_SPEAKERS,
    UNNAMED_COLUMNS,
    day,
    field,
    stored_counts_sql,
)

# Quote text as compared across articles, ignoring case, surrounding spaces, quotation marks, end punctuation.
QUOTE_KEY = "lower(trim(attributions.content, ' \"“”‘’''.,;:!?…'))"
STALE_DOCUMENTS = "(select document_id from stale_documents)"
STALE_QUOTES = "(select quote_key from stale_quotes)"
STALE_ATTRIBUTIONS = "(select attribution_id from stale_attributions)"
# The speaker page's tallies: facet name -> the attributions column counted.
FACETS = ("speaker_role", "speaker_mention", "kind")


# The speaker page's order (day, ingestion time, article, position), kept per attribution of a speaker,
# with its kind (last: added in schema 5).
def timeline_sql(available: Collection[str]) -> str:
    return f"""
select attributions.id, attributions.speaker_id, {day(available)}, documents.ingested_at,
  attributions.document_id, attributions.content_start, attributions.kind
from attributions join documents on documents.id = attributions.document_id
where attributions.speaker_id is not null"""


TABLES = f"""
create table if not exists speaker_stats (
  speaker_id integer primary key,
  {
    ", ".join(
        f"{name} {'text' if name.endswith('_seen') else 'real' if name.endswith('_pct') else 'integer'}"
        for name in COUNT_COLUMNS.split(", ")
    )
}
);
create table if not exists speaker_days (
  speaker_id integer, day text, attributions integer, direct integer, mixed integer, indirect integer,
  articles integer, primary key (speaker_id, day)
);
create table if not exists speaker_facets (
  speaker_id integer, facet text, value text, n integer, primary key (speaker_id, facet, value)
);
create table if not exists document_stats (
  document_id text primary key, outlet text, attributions integer, anonymous integer, quotes integer,
  claims integer
);
create table if not exists quote_stats (quote_key text primary key, documents integer);
create table if not exists stale_speakers (speaker_id integer primary key);
create table if not exists stale_documents (document_id text primary key);
create table if not exists stale_quotes (quote_key text primary key);
create table if not exists stale_attributions (attribution_id integer primary key);
create table if not exists speaker_timeline (
  attribution_id integer primary key, speaker_id integer, day text, ingested_at text, document_id text,
  content_start integer, kind text
);
create index if not exists attributions_quote_key on attributions ({QUOTE_KEY.replace("attributions.", "")});
"""


def noted(row: str) -> str:
    """Trigger statements noting what attribution `row` (new or old) changes."""
    key = QUOTE_KEY.replace("attributions.", f"{row}.")
    return f"""
  insert or ignore into stale_attributions values ({row}.id);
  insert or ignore into stale_speakers select {row}.speaker_id where {row}.speaker_id is not null;
  insert or ignore into stale_documents values ({row}.document_id);
  insert or ignore into stale_quotes select {key} where {row}.content is not null;"""


# Only attributions' own columns are named (and documents.id): databases made before outlet and published
# columns, and tools that drop them, must keep working. An unnamed source's stored counts keep its name,
# description and article's outlet (views.UNNAMED_COLUMNS): renaming one, or a speaker becoming or ceasing
# to be one, marks it; the outlet follows from documents_stats_update.
TRIGGERS = f"""
create trigger if not exists attributions_stats_insert after insert on attributions begin
  {noted("new")}
end;
create trigger if not exists attributions_stats_delete after delete on attributions begin
  {noted("old")}
end;
create trigger if not exists attributions_stats_update
after update of
  speaker_id, document_id, content, content_start, kind, cue_lemma, speaker_role, speaker_mention
on attributions begin
  {noted("old")}
  {noted("new")}
end;
create trigger if not exists documents_stats_update after update on documents begin
  insert or ignore into stale_documents values (new.id);
  insert or ignore into stale_attributions select id from attributions where document_id = new.id;
  insert or ignore into stale_speakers
    select speaker_id from attributions where document_id = new.id and speaker_id is not null;
end;
create trigger if not exists speakers_stats_unnamed after update of name, name_key, kind on speakers
when 'unnamed' in (old.kind, new.kind)
  and (old.name is not new.name or old.name_key is not new.name_key or old.kind is not new.kind) begin
  insert or ignore into stale_speakers values (new.id);
end;
create trigger if not exists speakers_stats_kind after update of kind on speakers
when old.kind is not new.kind begin
  insert or ignore into stale_documents select document_id from attributions where speaker_id = new.id;
end;
"""


def speaker_days_sql(available: Collection[str], where: str = "") -> str:
    """A speaker's attributions per day (publication date, else ingestion day): `speaker_over_time`."""
    return f"""
select
  attributions.speaker_id,
  {day(available)} as day,
  count(*) as attributions,
  count(*) filter (where attributions.kind = 'direct') as direct,
  count(*) filter (where attributions.kind = 'mixed') as mixed,
  count(*) filter (where attributions.kind = 'indirect') as indirect,
  count(distinct attributions.document_id) as articles
from attributions
join documents on documents.id = attributions.document_id
where attributions.speaker_id is not null{where}
group by attributions.speaker_id, day""".strip()


def facet_sql(facet: str, where: str) -> str:
    """How many of each speaker's attributions have each value of one column (none, or empty, left out)."""
    return f"""
select speaker_id, '{facet}', {facet}, count(*) from attributions
where speaker_id is not null and {facet} is not null and {facet} != ''{where}
group by speaker_id, {facet}"""


# Counts by cue lemma as ONE_SPEAKER_CUES_SQL has them, for every speaker.
CUE_FACET_SQL = (
    ONE_SPEAKER_CUES_SQL.replace("select cue_lemma as cue,", "select speaker_id, 'cue', cue_lemma,")
    .replace("where speaker_id = :speaker_id", "where speaker_id is not null{where}")
    .replace("group by cue_lemma", "group by speaker_id, cue_lemma")
    .split("\norder by")[0]
)


# Columns added to statistics tables after they were first made (schema 5), with their types: among them
# speaker_stats' names, descriptions and outlets of unnamed sources (schema 12).
LATER_COLUMNS = {
    "document_stats": {"quotes": int, "claims": int},
    "speaker_timeline": {"kind": str},
    "speaker_stats": dict.fromkeys(UNNAMED_COLUMNS.split(", "), str),
}
# Indexes made after the columns they cover exist (old databases get the columns first), among them the
# orders of the desk's speaker rankings (top speakers, claims vs quotes: schema 11) and the unnamed sources'
# groups, covering (schema 12); and those they replace (a prefix of the new, so never needed again).
LATER_INDEXES = """
create index if not exists speaker_timeline_keys
  on speaker_timeline (speaker_id, day, ingested_at, document_id, content_start, kind);
create index if not exists document_stats_by_outlet
  on document_stats (outlet, attributions, anonymous, quotes, claims);
create index if not exists speaker_stats_by_attributions on speaker_stats (attributions desc);
create index if not exists speaker_stats_by_claims on speaker_stats (claims_pct desc, attributions desc);
create index if not exists speaker_stats_unnamed on speaker_stats (
  unnamed_description, unnamed_outlet, unnamed_name, attributions, quotes, claims, direct, mixed, indirect,
  documents, first_seen, last_seen, speaker_id
) where unnamed_description is not null"""
REPLACED_INDEXES = ("speaker_timeline_order", "document_stats_outlet")


def document_counts_sql(available: Collection[str], where: str = "") -> str:
    """Per article with attributions: its outlet, attributions, those given to unnamed sources, and its
    quotes (direct, mixed) and claims (indirect)."""
    return f"""
select
  documents.id as document_id,
  {field(available, "outlet")} as outlet,
  count(*) as attributions,
  count(*) filter (where speakers.kind = 'unnamed') as anonymous,
  count(*) filter (where attributions.kind in ('direct', 'mixed')) as quotes,
  count(*) filter (where attributions.kind = 'indirect') as claims
from attributions
join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id
where 1{where}
group by documents.id""".strip()


def repeated_keys_sql(where: str = "") -> str:
    """Quote keys run by more than one article, with how many."""
    return f"""
select {QUOTE_KEY} as quote_key, count(distinct attributions.document_id) as documents
from attributions
where 1{where}
group by 1
having count(distinct attributions.document_id) > 1""".strip()


# The schema version since which the statistics are aggregated as this code does: a database upgraded
# from it or later keeps its statistics (its triggers kept them current), and an upgrade that only adds
# other tables, columns or indexes costs no rebuild (7-15 minutes at a million attributions). Raise it to
# the new SCHEMA_VERSION whenever what the statistics hold changes (an aggregate, a filter, a column).
STATISTICS_SINCE = 12


def create_statistics(db: Database, since: int = 0) -> None:
    """The statistics tables, their triggers and the quote-key index. Every existing row is marked stale
    (aggregated again by the next refresh) unless the statistics are already current: made by schema
    `since` (the database's version before this upgrade) of at least STATISTICS_SINCE, with every table
    and column."""
    made = {"speaker_stats", "document_stats", "speaker_timeline", "stale_attributions"} <= set(
        db.table_names()
    )
    # One statement at a time: executescript would commit the schema's transaction.
    for statement in TABLES.split(";\n"):
        if statement.strip():
            db.execute(statement)
    current = made and since >= STATISTICS_SINCE
    for table, columns in LATER_COLUMNS.items():  # filled by the refresh of every row marked below
        existing = db[table].columns_dict
        for name, kind in columns.items():
            if name not in existing:
                db[table].add_column(name, kind)
                current = False
    for statement in LATER_INDEXES.split(";\n"):
        db.execute(statement)
    for index in REPLACED_INDEXES:
        db.execute(f"drop index if exists {index}")
    for trigger in TRIGGERS.split("\nend;"):
        if trigger.strip():
            db.execute(trigger + "\nend")
    if current:
        return
    db.execute("insert or ignore into stale_attributions select id from attributions")
    db.execute("insert or ignore into stale_speakers select id from speakers")
    db.execute("insert or ignore into stale_documents select id from documents")
    db.execute(f"insert or ignore into stale_quotes select distinct {QUOTE_KEY} from attributions")


def has_statistics(tables: Collection[str]) -> bool:
    """Whether a database (by its table names) keeps statistics; older ones are aggregated on each read."""
    return {"speaker_stats", "speaker_timeline", "stale_speakers", "stale_attributions"} <= set(tables)


def refresh_statistics(db: Database) -> None:
    """Aggregate again what writes changed since the last refresh, and forget that it changed.

    Call inside a write transaction (immediate) or on its own (it opens one).
    """
    available = db["documents"].columns_dict
    in_speakers = f" and attributions.speaker_id in {STALE_SPEAKERS}"
    statements = [
        f"delete from speaker_timeline where attribution_id in {STALE_ATTRIBUTIONS}",
        f"insert into speaker_timeline {timeline_sql(available)} and attributions.id in {STALE_ATTRIBUTIONS}",
        "delete from stale_attributions",
        f"delete from speaker_stats where speaker_id in {STALE_SPEAKERS}",
        f"insert into speaker_stats (speaker_id, {COUNT_COLUMNS}, {UNNAMED_COLUMNS})"
        f" {stored_counts_sql(available, in_speakers)}",
        f"delete from speaker_days where speaker_id in {STALE_SPEAKERS}",
        f"insert into speaker_days {speaker_days_sql(available, in_speakers)}",
        f"delete from speaker_facets where speaker_id in {STALE_SPEAKERS}",
        *(f"insert into speaker_facets {facet_sql(facet, in_speakers)}" for facet in FACETS),
        f"insert into speaker_facets {CUE_FACET_SQL.format(where=in_speakers)}",
        "delete from stale_speakers",
        f"delete from document_stats where document_id in {STALE_DOCUMENTS}",
        "insert into document_stats"
        f" {document_counts_sql(available, f' and documents.id in {STALE_DOCUMENTS}')}",
        "delete from stale_documents",
        f"delete from quote_stats where quote_key in {STALE_QUOTES}",
        f"insert into quote_stats {repeated_keys_sql(f' and {QUOTE_KEY} in {STALE_QUOTES}')}",
        "delete from stale_quotes",
    ]
    from quotetrack.store.connection import immediate  # connection imports schema, which imports this

    with immediate(db):
        for statement in statements:
            db.execute(statement)
        refresh_trails(db)  # trails whose speakers changed (merges), and any left queued
