"""The database schema, defined once: tables, columns with their descriptions, indexes, full-text search.

`ensure_schema` creates it (and upgrades databases made by earlier versions: version 3 adds the
statistics of `quotetrack.store.statistics`, filled on upgrade; 4 reads speaker_cues from them and
indexes speakers by name; 5 counts attributions from the speaker_id index, `count_from_smallest_index`; 6
adds the view `quotes_and_claims`; 7 adds `corrections`, the user's fixes of single attributions, with
attributions.correction_id; 8 adds quotes and claims to document_stats, for the desk's outlets page, and
kind to speaker_timeline, with articles indexed by outlet and dates, for the speaker page's filters; 9
the quote trails of `quotetrack.store.trails`, built on upgrade up to 100,000 attributions; 10 adds
`attributions.content_parts`, the quoted pieces of a split quote, and `runs.extractor`, which extractor
and settings stored a run's rows; 11 adds `trails.speaker_ids` (filled on upgrade), indexes speaker_stats
in the orders of the desk's speaker rankings, and leaves statistics made by schema 8 or later as they are
instead of aggregating them all again (statistics.STATISTICS_SINCE); 12 keeps unnamed sources' names,
descriptions and outlets with their counts in speaker_stats (views.UNNAMED_COLUMNS), indexed in the order
of their groups, so those read no articles, and aggregates the statistics again once; 13 makes the
full-text index again with each attribution's speaker as a token (`quotetrack.store.search_index`), so a
search by a speaker reads only that speaker's matches); the Datasette
metadata takes its column descriptions from here, and read-side SQL asks `field`/`day` for the `documents`
columns that only some databases have, so the quote desk works on old and new databases alike.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from sqlite_utils import Database

from quotetrack.store.search_index import create_search_index
from quotetrack.store.statistics import create_statistics
from quotetrack.store.trails import create_trails
from quotetrack.store.views import create_views

# Databases record the schema version they have (PRAGMA user_version); a newer one is upgraded on opening.
# Raise it whenever ensure_schema changes what it makes.
SCHEMA_VERSION = 13
# name -> (type, description). Order is column order in new databases.
Columns = dict[str, tuple[type, str]]

RUN_COLUMNS: Columns = {
    "id": (int, "The ingest run."),
    "started_at": (str, "When it started (UTC)."),
    "finished_at": (str, "When it ended (UTC); empty if it was interrupted."),
    "model": (str, "The spaCy pipeline that read the documents, as name==version."),
    "quotetrack_version": (str, "The quotetrack version that ran it."),
    "extractor": (
        str,
        "What found the attributions: `quotetrack-rules`, or `quotetrack-rules+crf` and the SHA-256 prefix "
        "of the trained model file, with the settings (beliefs, nested, learned); empty for older runs.",
    ),
    "documents_read": (int, "Documents and inputs read: the sum of new, replaced, unchanged and skipped."),
    "documents_new": (int, "Stored for the first time."),
    "documents_replaced": (
        int,
        "Stored in place of an earlier version (same URL, or outlet and id), or parsed again with --force.",
    ),
    "documents_unchanged": (int, "Already stored with the same text, so left as they were."),
    "documents_skipped": (
        int,
        "Could not be used: unreadable, empty, unparseable or refused by the database "
        "(in runs by older versions, where documents_unchanged is empty, unchanged ones too).",
    ),
    "attributions": (int, "Quotes and claims stored."),
}
DOCUMENT_COLUMNS: Columns = {
    "id": (str, "SHA-256 of the normalised text: the same article ingested twice is stored once."),
    "text": (str, "The article text that offsets in attributions point into."),
    "title": (str, "Headline, or the first line of the text."),
    "source": (str, "Where it was read from: file path, URL, stdin or record."),
    "url": (str, "The article's address on the web."),
    "author": (str, "Byline."),
    "outlet": (str, "The publication that ran it."),
    "published": (
        str,
        "Publication date as YYYY-MM-DD (the day in the source's own time zone; no time); "
        "empty when the source gave none or an ambiguous one such as 03/04/2024.",
    ),
    "external_id": (str, "The article's id in the export (JSONL or CSV) it came from."),
    "n_chars": (int, "Length of the text in characters."),
    "ingested_at": (str, "When it was stored (UTC)."),
    "run_id": (int, "The ingest run that stored it (and the model used)."),
}
# Columns that databases made before metadata ingest lack; read SQL names them through `field`.
OPTIONAL_COLUMNS = ("url", "author", "outlet", "published")
SPEAKER_COLUMNS: Columns = {
    "id": (int, "The speaker."),
    "name": (str, "Canonical name: the fullest form used for this speaker."),
    "name_key": (str, "The name as compared: case, apostrophes and a leading `the` ignored."),
    "kind": (str, "person, organisation, place, group, or unnamed (anonymous sources)."),
    "role": (
        str,
        "Role or title, as last given: by the article ingested most recently that gives one "
        "(every article's is in speaker_roles).",
    ),
}
ATTRIBUTION_COLUMNS: Columns = {
    "id": (int, "The attribution."),
    "document_id": (str, "The article it appeared in."),
    "speaker_id": (int, "Who said it, as one canonical speaker across mentions and articles."),
    "content": (str, "What was said (a quote) or claimed (reported speech), as written."),
    "content_start": (int, "Character offset of the content in the article text."),
    "content_end": (int, "Character offset just after the content."),
    "content_parts": (
        str,
        "The words said, as a JSON list of [start, end] offsets: one piece, or several for a quote "
        "interrupted by its cue (“A,” she said. “B.”) or carried into the next paragraph; empty in rows "
        "stored before quotetrack recorded them (then the whole content).",
    ),
    "kind": (
        str,
        "direct: all inside quotation marks; mixed: partly quoted (both are quotes); "
        "indirect: reported speech, a claim.",
    ),
    "cue": (str, "The words introducing it, as written: said, told, according to."),
    "cue_lemma": (str, "The cue's base form (say, tell), for grouping."),
    "cue_start": (int, "Character offset of the cue."),
    "cue_end": (int, "Character offset just after the cue."),
    "speaker_mention": (str, "The speaker as the article names them here (“Blinken”, “he”, “officials”)."),
    "speaker_start": (int, "Character offset of the mention."),
    "speaker_end": (int, "Character offset just after the mention."),
    "speaker_role": (
        str,
        "The role the article gives the speaker here (“US Secretary of State”); empty where a user credited "
        "the attribution to another speaker (`quotetrack fix --speaker`).",
    ),
    "context": (str, "The sentence (or sentences) around it."),
    "correction_id": (
        int,
        "The correction (`quotetrack fix`) that changed its speaker or kind, if any: see `corrections`.",
    ),
}
CORRECTION_COLUMNS: Columns = {
    "id": (int, "The correction; `quotetrack fix --undo ID` removes it."),
    "document_id": (
        str,
        "The article version it is anchored on, with the content offsets below (a new version of the "
        "article moves the anchor; a correction whose attribution is gone keeps its last one).",
    ),
    "content_start": (int, "Character offset of the corrected attribution's content in that version."),
    "content_end": (int, "Character offset just after it."),
    "content": (str, "The content as it was when last found, to find it again in a new version."),
    "document_title": (str, "The article's title, kept for when the article is gone."),
    "url": (str, "The article's URL: a later version under it gets the correction too."),
    "outlet": (str, "The article's outlet (with external_id: a later version gets the correction too)."),
    "external_id": (str, "The article's id in its export."),
    "speaker": (str, "The speaker it is credited to instead (a canonical name); empty: unchanged."),
    "kind": (str, "The kind it has instead (direct, mixed, indirect); empty: unchanged."),
    "not_attribution": (int, "1: not an attribution at all; it is left out of every count, list and search."),
    "status": (
        str,
        "applied, or not found: the article's latest version has no such attribution (kept, and tried "
        "again on every later version).",
    ),
    "original": (str, "The attribution as extracted (JSON), for undoing the correction."),
    "run_id": (int, "The ingest run that last stored the article, and so applied or missed this."),
    "created_at": (str, "When it was made (UTC)."),
    "updated_at": (str, "When it was last changed or applied again (UTC)."),
}


def types(columns: Columns) -> dict[str, type]:
    return {name: kind for name, (kind, _) in columns.items()}


def descriptions(columns: Columns) -> dict[str, str]:
    return {name: text for name, (_, text) in columns.items()}


def ensure_schema(db: Database) -> None:
    """Create tables, indexes, full-text search and views; safe to run on an existing database."""
    since = db.execute("PRAGMA user_version").fetchone()[0]  # the version it was made or upgraded by
    db["runs"].create(types(RUN_COLUMNS), pk="id", if_not_exists=True)
    add_missing_columns(db, "runs", types(RUN_COLUMNS))
    db["documents"].create(
        types(DOCUMENT_COLUMNS), pk="id", foreign_keys=[("run_id", "runs", "id")], if_not_exists=True
    )
    add_missing_columns(db, "documents", types(DOCUMENT_COLUMNS))
    for column in ("url", "external_id", "outlet", "published"):  # finding versions; facets
        db["documents"].create_index([column], if_not_exists=True)
    # An outlet's articles with their dates, read without their text: the speaker page's outlet filter.
    db["documents"].create_index(
        ["outlet", "published", "ingested_at", "id"], index_name="documents_outlet_dates", if_not_exists=True
    )
    db["speakers"].create(types(SPEAKER_COLUMNS), pk="id", if_not_exists=True)
    # name_key, not name: unnamed sources (`officials`) get one row per document under the same name.
    db["speakers"].create_index(["name_key"], unique=True, if_not_exists=True)
    db["speakers"].create_index(["name"], if_not_exists=True)  # speaker_attributions' order
    db["speaker_aliases"].create(
        {"alias_key": str, "alias": str, "speaker_name": str, "created_at": str},
        pk="alias_key",
        if_not_exists=True,
    )
    db["speaker_roles"].create(
        {"speaker_id": int, "document_id": str, "role": str},
        pk=("speaker_id", "document_id", "role"),
        foreign_keys=[("speaker_id", "speakers", "id"), ("document_id", "documents", "id")],
        if_not_exists=True,
    )
    db["attributions"].create(
        types(ATTRIBUTION_COLUMNS),
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("speaker_id", "speakers", "id")],
        if_not_exists=True,
    )
    attributions = db["attributions"]
    # This unique index also serves lookups by document_id (its leading column), so no separate one.
    attributions.create_index(
        ["document_id", "content_start", "content_end"], unique=True, if_not_exists=True
    )
    attributions.create_index(["speaker_id"], if_not_exists=True)
    attributions.create_index(["kind"], if_not_exists=True)
    add_missing_columns(db, "attributions", types(ATTRIBUTION_COLUMNS))
    # No foreign key to documents: replacing an article deletes its old version, not the user's corrections.
    db["corrections"].create(types(CORRECTION_COLUMNS), pk="id", if_not_exists=True)
    db["corrections"].create_index(["document_id", "content_start", "content_end"], if_not_exists=True)
    db["corrections"].create_index(["url"], if_not_exists=True)
    db["corrections"].create_index(["outlet", "external_id"], if_not_exists=True)
    create_search_index(db)
    create_views(db, db["documents"].columns_dict)
    create_statistics(db, since)  # after the columns: its triggers name documents.outlet and .published
    create_trails(db)
    count_from_smallest_index(db)  # last: it may create an index again


# select count(*) reads the index SQLite estimates narrowest, and of equal estimates the one created last;
# an expression counts as narrow as an integer, so it read the quote-key index (141 MB at a million
# attributions) instead of speaker_id's (11 MB): 60 ms for every table page instead of 5.
COUNT_INDEX = "idx_attributions_speaker_id"


def count_from_smallest_index(db: Database) -> None:
    """Make attributions' row count (Datasette's, on every table page) read the speaker_id index: created
    again, last, when it would not."""
    plan = db.execute("explain query plan select count(*) from attributions").fetchall()
    if not any(COUNT_INDEX in row[-1] for row in plan):
        db.execute(f"drop index if exists {COUNT_INDEX}")
        db.execute(f"create index {COUNT_INDEX} on attributions (speaker_id)")


def add_missing_columns(db: Database, table: str, columns: Mapping[str, type]) -> None:
    """Add columns that databases made by earlier versions of quotetrack lack."""
    existing = db[table].columns_dict
    for name, kind in columns.items():
        if name not in existing:
            db[table].add_column(name, kind)


@contextlib.contextmanager
def open_read_only(db_path: str | Path, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """The database file opened for reading, without writing to it: one connection for all that is read.

    `immutable` reads the file as it is, without the -wal and -shm files a read-only reader leaves behind.
    """
    uri = f"{Path(db_path).resolve().as_uri()}?{'immutable=1' if immutable else 'mode=ro'}"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        yield conn


def read_columns(conn: sqlite3.Connection, table: str = "documents") -> list[str]:
    """Columns of `documents` (or another table; none if it is missing)."""
    return [row[1] for row in conn.execute(f"pragma table_info([{table}])")]


def read_tables(conn: sqlite3.Connection) -> list[str]:
    """Names of the tables in the database."""
    return [row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")]


def is_quotetrack(tables: Collection[str]) -> bool:
    """Whether a database with these tables was made by quotetrack."""
    return {"documents", "attributions", "speakers"} <= set(tables)


def read_rows(conn: sqlite3.Connection, table: str) -> int:
    """About how many rows a table has (its largest rowid: no scan), 0 if it has none or is missing."""
    try:
        return conn.execute(f"select coalesce(max(rowid), 0) from [{table}]").fetchone()[0]
    except sqlite3.OperationalError:  # no such table
        return 0
