"""The full-text index (quotetrack.store.search_index): the words and each attribution's speaker as a token,
kept current through stores, merges and replacements, and made again for databases of older versions."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from desk_client import fetch
from made_records import said_in
from sqlite_utils import Database

from quotetrack.read.documents import make_document
from quotetrack.records import Attribution, Document
from quotetrack.store import open_database
from quotetrack.store.registry import merge_speakers
from quotetrack.store.schema import SCHEMA_VERSION
from quotetrack.store.search import fts_query
from quotetrack.store.search_index import OLD_TRIGGERS, SOURCE_VIEW, TRIGGERS, has_speaker_tokens
from quotetrack.store.writes import store_document, superseded_documents

TEXT = "“Ports will reopen,” said Ana Ruiz. Tom Reyes said cargo ships would wait."


def said(content: str, speaker: str, text: str = TEXT) -> Attribution:
    return said_in(text, content, speaker, speaker, kind="direct" if text.index(content) == 1 else "indirect")


def document(text: str = TEXT, name: str = "port.txt") -> Document:
    doc = make_document(text, name, name, url=f"https://news.example/{name}")
    assert isinstance(doc, Document)
    return doc


def speaker_id(db: Database, name: str) -> int:
    return db.execute("select id from speakers where name = ?", [name]).fetchone()[0]


def by_token(db: Database, name: str) -> list[str]:
    """The contents the index files under the speaker's token, with the words `ports OR cargo`."""
    query = f'{fts_query("ports OR cargo")} AND speaker_token : "speaker{speaker_id(db, name)}"'
    sql = (
        "select attributions.content from attributions_fts join attributions"
        " on attributions.id = attributions_fts.rowid where attributions_fts match ? order by 1"
    )
    return [row[0] for row in db.execute(sql, [query])]


def consistent(db: Database) -> bool:
    """FTS5's own check of an index against the rows it reads (raises if they differ)."""
    db.execute("insert into attributions_fts(attributions_fts, rank) values ('integrity-check', 1)")
    return True


def test_the_index_holds_each_speaker_and_follows_merges_and_replacements(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    store_document(
        db,
        document(),
        [said("Ports will reopen", "Ana Ruiz"), said("cargo ships would wait", "Tom Reyes")],
        None,
    )
    assert by_token(db, "Ana Ruiz") == ["Ports will reopen"]
    assert by_token(db, "Tom Reyes") == ["cargo ships would wait"] and consistent(db)

    merge_speakers(db, "Ana Ruiz", ["Tom Reyes"])  # the attribution's speaker changes: so does its token
    assert by_token(db, "Ana Ruiz") == ["Ports will reopen", "cargo ships would wait"] and consistent(db)

    # The same article (URL) replaced by a version without the second sentence: its old rows leave the index.
    replaced = document(TEXT.split(" Tom")[0], "port.txt")
    earlier = superseded_documents(db, replaced)
    assert len(earlier) == 1
    store_document(db, replaced, [said("Ports will reopen", "Ana Ruiz")], None, replace=earlier)
    assert by_token(db, "Ana Ruiz") == ["Ports will reopen"] and consistent(db)
    words_only = "select count(*) from attributions_fts where attributions_fts match ?"
    assert db.execute(words_only, [fts_query("cargo")]).fetchone()[0] == 0


def stored(path: Path) -> Path:
    """A new database with the two attributions of TEXT."""
    db = open_database(path)
    both = [said("Ports will reopen", "Ana Ruiz"), said("cargo ships would wait", "Tom Reyes")]
    store_document(db, document(), both, None)
    db.close()
    return path


def with_index_of_schema_12(path: Path) -> Path:
    """The database with its index as schema 12 made it (sqlite-utils' enable_fts): the words only."""
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("drop table attributions_fts")
        conn.execute(f"drop view {SOURCE_VIEW}")
        for trigger in TRIGGERS:
            conn.execute(f"drop trigger {trigger}")
        Database(conn)["attributions"].enable_fts(("content", "context"), create_triggers=True)
        conn.execute(f"pragma user_version = {SCHEMA_VERSION - 1}")
        assert not has_speaker_tokens(conn)
        made = {row[0] for row in conn.execute("select name from sqlite_master where type = 'trigger'")}
        assert made >= set(OLD_TRIGGERS)
    return path


def test_an_older_database_gets_the_index_made_again(tmp_path: Path) -> None:
    path = with_index_of_schema_12(stored(tmp_path / "q.db"))
    db = open_database(path)
    assert has_speaker_tokens(db.conn) and consistent(db)
    assert by_token(db, "Tom Reyes") == ["cargo ships would wait"]
    triggers = {row[0] for row in db.execute("select name from sqlite_master where type = 'trigger'")}
    assert not triggers & set(OLD_TRIGGERS)  # the old ones would write the index twice
    later = "Ana Ruiz said ports would close."  # stored after the upgrade: by the new triggers
    store_document(db, document(later, "later.txt"), [said("ports would close", "Ana Ruiz", later)], None)
    assert by_token(db, "Ana Ruiz") == ["Ports will reopen", "ports would close"] and consistent(db)


@pytest.mark.parametrize("schema", [SCHEMA_VERSION, SCHEMA_VERSION - 1])
def test_the_desk_searches_by_speaker_with_either_index(tmp_path: Path, schema: int) -> None:
    """The desk serves a database as it is (read-only, never upgraded): a search by a speaker and the
    table's own `?_search=` work over the index of either schema, and user words never match a speaker."""
    path = stored(tmp_path / "q.db")
    if schema < SCHEMA_VERSION:
        with_index_of_schema_12(path)
    reyes, anyone, table, tokens, view, database = fetch(
        path,
        "/q/search_by_speaker.json?words=cargo+OR+ports&speaker=reyes&_shape=array",
        "/q/search_by_speaker.json?words=cargo+OR+ports&speaker=&_shape=array",
        "/q/attributions.json?_search=cargo&_shape=array",
        "/q/search.json?words=speaker*&_shape=array",
        f"/q/{SOURCE_VIEW}",
        "/q.json",
    )
    # The snippet of the sentence, which has both words (so the table's search finds both attributions).
    snippet = TEXT.replace("Ports", "<mark>Ports</mark>").replace("cargo", "<mark>cargo</mark>")
    assert [(row["speaker"], row["snippet"]) for row in reyes.json()] == [("Tom Reyes", snippet)]
    assert sorted(row["speaker"] for row in anyone.json()) == ["Ana Ruiz", "Tom Reyes"]
    assert sorted(row["content"] for row in table.json()) == ["Ports will reopen", "cargo ships would wait"]
    assert tokens.status_code == 200 and tokens.json() == []
    # The view the index reads repeats the attributions table: not listed, not a page (or absent: 12).
    assert view.status_code == (403 if schema == SCHEMA_VERSION else 404)
    listed = {view["name"] for view in database.json()["views"]}
    assert "quotes_and_claims" in listed and SOURCE_VIEW not in listed
