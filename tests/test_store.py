"""The SQLite schema and writes, on a fresh database file with hand-made Attribution records."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from made_records import said_in

from quotetrack.read.documents import make_document
from quotetrack.records import Attribution, Document
from quotetrack.store import open_database
from quotetrack.store.schema import SCHEMA_VERSION
from quotetrack.store.writes import finish_run, start_run, store_document

SENTENCES = ("“Prices will fall,” said Finance Minister Ana Lopes on Monday.", "She said wages would rise.")
TEXT = " ".join(SENTENCES)


def attribution(content: str, speaker: str, kind: str, role: str | None = None) -> Attribution:
    """An extractor-shaped attribution for `content` in TEXT, said by `speaker`."""
    sentence = next(s for s in SENTENCES if content in s)
    return said_in(TEXT, content, speaker, "Ana Lopes", kind=kind, role=role, sentence=sentence)


def document() -> Document:
    doc = make_document(TEXT, "test.txt", "test.txt")
    assert isinstance(doc, Document)
    return doc


def test_schema_is_created_idempotently_with_wal(tmp_path: Path) -> None:
    open_database(tmp_path / "q.db").close()
    db = open_database(tmp_path / "q.db")
    assert {"documents", "speakers", "attributions", "runs", "attributions_fts"} <= set(db.table_names())
    assert {"speaker_counts", "speaker_attributions"} <= set(db.view_names())
    assert db.journal_mode == "wal"
    assert {fk.other_table for fk in db["attributions"].foreign_keys} == {"documents", "speakers"}
    indexed = {tuple(index.columns) for index in db["attributions"].indexes}
    assert {("speaker_id",), ("kind",), ("document_id", "content_start", "content_end")} <= indexed


def test_store_document_links_speakers_and_is_idempotent(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    run_id = start_run(db, "test-model")
    doc = document()
    found = [
        attribution("Prices will fall", "Finance Minister Ana Lopes", "direct", "Finance Minister"),
        attribution("wages would rise", "She", "indirect"),
    ]
    assert store_document(db, doc, found + found[:1], run_id) == 2  # repeated span stored once
    assert store_document(db, doc, found, run_id) is None  # same document again: untouched
    finish_run(db, run_id, {"documents_read": 2, "documents_new": 1, "attributions": 2})

    assert list(db["speakers"].rows) == [
        {"id": 1, "name": "Ana Lopes", "name_key": "ana lopes", "kind": "person", "role": "Finance Minister"}
    ]
    rows = list(db.query("select speaker_mention, kind, context from attributions order by id"))
    assert rows[1] == {"speaker_mention": "She", "kind": "indirect", "context": "She said wages would rise."}
    fts = "select count(*) from attributions_fts where attributions_fts match 'wages'"
    assert db.execute(fts).fetchone()[0] == 1
    [counts] = db.query("select * from speaker_counts")
    assert (counts["attributions"], counts["direct"], counts["indirect"], counts["documents"]) == (2, 1, 1, 1)
    [run] = db["runs"].rows
    assert run["finished_at"] and run["model"] == "test-model" and run["documents_new"] == 1
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_a_failing_document_leaves_no_partial_rows(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    good = attribution("Prices will fall", "Finance Minister Ana Lopes", "direct")
    # An extractor bug mid-document: a speaker name that is not text.
    broken = dataclasses.replace(attribution("wages would rise", "She", "indirect"), speaker_canonical=42)
    with pytest.raises(TypeError):
        store_document(db, document(), [good, broken], None)
    assert [db[name].count for name in ("documents", "speakers", "attributions")] == [0, 0, 0]
    assert store_document(db, document(), [good], None) == 1  # and the document can be stored later


def test_a_bare_surname_absorbed_later_in_the_same_document_is_stored(tmp_path: Path) -> None:
    # `Lopes` is stored as a speaker, then `Ana Lopes` in the same document absorbs it: the first
    # attribution must end up with Ana Lopes, not with the speaker row that no longer exists.
    db = open_database(tmp_path / "q.db")
    bare = dataclasses.replace(attribution("wages would rise", "She", "indirect"), speaker_canonical="Lopes")
    full = attribution("Prices will fall", "Finance Minister Ana Lopes", "direct")
    assert store_document(db, document(), [bare, full], None) == 2
    assert [row["name"] for row in db.query("select name from speakers")] == ["Ana Lopes"]
    names = "select speakers.name from attributions join speakers on speakers.id = speaker_id"
    assert [row["name"] for row in db.query(names)] == ["Ana Lopes", "Ana Lopes"]
    assert db.execute("pragma foreign_key_check").fetchall() == []


def said_by(canonical: str, number: int, role: str | None = None) -> Attribution:
    """The number-th attribution of a document to `canonical` (its own span, so each one is stored)."""
    found = attribution("wages would rise", "She", "indirect", role)
    return dataclasses.replace(
        found, speaker_canonical=canonical, content_start=number, content_end=number + 1
    )


def test_names_repeated_in_a_document_follow_speakers_added_by_it(tmp_path: Path) -> None:
    # Links are looked up once per name and document: a speaker added mid-document must still change
    # what a later bare surname means, and the role seen last must still win.
    db = open_database(tmp_path / "q.db")
    store_document(db, document(), [said_by("Ana Lopes", 0)], None)
    other = make_document("Another article.", "other.txt", "other.txt")
    found = [
        said_by("Lopes", 0, "Minister"),
        said_by("Lopes", 1, "Adviser"),
        said_by("Lopes", 2, "Minister"),
        said_by("Luis Lopes", 3),
        said_by("Lopes", 4),
    ]
    store_document(db, other, found, None)
    links = "select content_start, name from attributions left join speakers on speakers.id = speaker_id"
    rows = db.execute(f"{links} where document_id = ? order by content_start", [other.id]).fetchall()
    assert rows == [(0, "Ana Lopes"), (1, "Ana Lopes"), (2, "Ana Lopes"), (3, "Luis Lopes"), (4, None)]
    [role] = db.execute("select role from speakers where name = 'Ana Lopes'").fetchone()
    assert role == "Minister"
    roles = "select role from speaker_roles where document_id = ? order by role"
    assert [r for (r,) in db.execute(roles, [other.id])] == ["Adviser", "Minister"]


def test_replacing_a_document_deletes_each_of_its_rows_once(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    old = document()
    quote = attribution("Prices will fall", "Ana Lopes", "direct", "Finance Minister")
    store_document(db, old, [quote], None)
    new = make_document(TEXT + " Updated.", "test.txt", "test.txt")
    deletes: list[str] = []  # the table of every DELETE statement SQLite prepares

    def authorize(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_DELETE and table in ("attributions", "documents", "speaker_roles"):
            deletes.append(table)
        return sqlite3.SQLITE_OK

    db.conn.set_authorizer(authorize)
    assert store_document(db, new, [attribution("wages would rise", "She", "indirect")], None, [old.id]) == 1
    db.conn.set_authorizer(None)
    assert sorted(deletes) == ["attributions", "documents", "speaker_roles"]
    assert [row["document_id"] for row in db.query("select document_id from attributions")] == [new.id]
    assert db.execute("select count(*) from speaker_roles").fetchone()[0] == 0
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_row_counts_read_the_smallest_index_also_after_an_upgrade(tmp_path: Path) -> None:
    """count(*) reads the speaker_id index (the quote-key index, made later, is as narrow to SQLite's eye)."""
    path = tmp_path / "q.db"

    def counted_from() -> str:
        with sqlite3.connect(path) as conn:
            return conn.execute("explain query plan select count(*) from attributions").fetchall()[-1][-1]

    open_database(path).close()
    assert "idx_attributions_speaker_id" in counted_from()
    with sqlite3.connect(path) as conn:  # as databases made by version 4: the quote-key index made last
        conn.execute("drop index idx_attributions_speaker_id")
        conn.execute("create index idx_attributions_speaker_id on attributions (speaker_id)")
        key = conn.execute("select sql from sqlite_master where name = 'attributions_quote_key'").fetchone()[
            0
        ]
        conn.execute("drop index attributions_quote_key")
        conn.execute(key)
        conn.execute("pragma user_version = 4")
    assert "attributions_quote_key" in counted_from()
    open_database(path).close()
    assert "idx_attributions_speaker_id" in counted_from()


def test_a_database_of_the_version_before_gains_content_parts_and_extractor(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:  # as the version before made it
        conn.execute("alter table attributions drop column content_parts")
        conn.execute("alter table runs drop column extractor")
        conn.execute(f"pragma user_version = {SCHEMA_VERSION - 1}")
    db = open_database(path)
    assert {"content_parts"} <= set(db["attributions"].columns_dict)
    assert {"extractor"} <= set(db["runs"].columns_dict)
    assert db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    open_database(path).close()  # and again: nothing left to do


def test_content_parts_are_stored_as_json_offsets(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    whole = attribution("Prices will fall", "Finance Minister Ana Lopes", "direct")
    split = dataclasses.replace(
        attribution("She said wages would rise", "She", "indirect"),
        content_parts=(
            (TEXT.index("She"), TEXT.index("She") + 3),
            (TEXT.index("wages"), TEXT.index("rise") + 4),
        ),
    )
    store_document(db, document(), [whole, split], start_run(db, "test==1", "quotetrack-rules (test)"))
    rows = db.execute("select content_parts from attributions order by content_start").fetchall()
    assert [json.loads(row[0]) for row in rows] == [
        [[whole.content_start, whole.content_end]],  # one piece: the whole content
        [list(part) for part in split.content_parts],
    ]
    assert db.execute("select extractor from runs").fetchone()[0] == "quotetrack-rules (test)"
