"""The full-text index of attributions: what was said and its sentence, and the speaker as one word.

FTS5 indexes each attribution's `content` and `context` (what searches match, see store/search.py) and,
in a column of its own, its speaker as one token (`speaker` and the speaker id), read from the view
`attributions_search`. A search by a speaker is then one FTS5 query, the words AND the speaker's token,
which reads only the entries the two share: before, every match of the words was read and checked
against the speaker (about 300 ms at a million attributions for two common words, growing with the
database), or every attribution of a big speaker was.

Triggers keep it current on every insert and delete of an attribution, and when its words or its speaker
change (a merge, a fix). Databases made before (schema 12 and older, indexed by sqlite-utils' triggers
over content and context only) get the index made again on upgrade: about 30 s at a million attributions.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

FTS_TABLE = "attributions_fts"
SOURCE_VIEW = "attributions_search"
SPEAKER_COLUMN = "speaker_token"
# The token of speaker N: a letter first, so no number a user searches for is ever a speaker; user words
# are searched in content and context only anyway (search.SEARCHED_COLUMNS).
SPEAKER_PREFIX = "speaker"


def token_of(speaker_id: str) -> str:
    """SQL for the index's token of the speaker whose id the SQL `speaker_id` gives (none for none)."""
    return f"'{SPEAKER_PREFIX}' || {speaker_id}"


SOURCE_SQL = f"""create view if not exists {SOURCE_VIEW} as
select id, content, context, {token_of("speaker_id")} as {SPEAKER_COLUMN} from attributions"""
INDEX_SQL = f"""create virtual table {FTS_TABLE} using fts5(
  content, context, {SPEAKER_COLUMN}, content='{SOURCE_VIEW}', content_rowid='id'
)"""
COLUMNS = f"content, context, {SPEAKER_COLUMN}"


def values(row: str) -> str:
    """The index's values of the `new` or `old` attribution row in a trigger."""
    return f"{row}.content, {row}.context, {token_of(row + '.speaker_id')}"


FORGET = f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, {COLUMNS}) values ('delete', old.id, {values('old')});"
ADD = f"insert into {FTS_TABLE}(rowid, {COLUMNS}) values (new.id, {values('new')});"
TRIGGERS = {
    "attributions_fts_insert": f"after insert on attributions begin {ADD} end",
    "attributions_fts_delete": f"after delete on attributions begin {FORGET} end",
    "attributions_fts_update": (
        f"after update of content, context, speaker_id on attributions begin {FORGET} {ADD} end"
    ),
}
# What sqlite-utils' enable_fts made for databases of schema 12 and older.
OLD_TRIGGERS = ("attributions_ai", "attributions_ad", "attributions_au")


def has_speaker_tokens(conn: sqlite3.Connection) -> bool:
    """Whether the database's full-text index holds speakers (schema 13 on); older ones hold words only."""
    return any(row[1] == SPEAKER_COLUMN for row in conn.execute(f"pragma table_info({FTS_TABLE})"))


def create_search_index(db: Database) -> None:
    """Make the full-text index with its triggers, or make it again from the attributions where it is one
    without speakers; leave a current one as it is (with the view it reads, should that have been dropped)."""
    if has_speaker_tokens(db.conn):
        db.execute(SOURCE_SQL)
        return
    for trigger in (*OLD_TRIGGERS, *TRIGGERS):
        db.execute(f"drop trigger if exists {trigger}")
    db.execute(f"drop table if exists {FTS_TABLE}")
    db.execute(f"drop view if exists {SOURCE_VIEW}")
    db.execute(SOURCE_SQL)
    db.execute(INDEX_SQL)
    for name, body in TRIGGERS.items():
        db.execute(f"create trigger {name} {body}")
    db.execute(f"insert into {FTS_TABLE}({FTS_TABLE}) values ('rebuild')")
