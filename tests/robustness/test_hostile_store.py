"""Faults a hostile-input probe found on the storing side: identities that were not, other applications'
databases, writers that collided, names that differed only invisibly, and commands that crashed."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from quotetrack.read.documents import make_document
from quotetrack.records import Attribution
from quotetrack.store import NotQuotetrackDatabase, open_database, reads, registry
from quotetrack.store.writes import store_document


def said(text: str, speaker: str, kind: str = "person") -> Attribution:
    """An attribution of the whole of `text` to `speaker` (hand-made, as the extractor would give it)."""
    return Attribution(
        content_start=0,
        content_end=len(text),
        content=text,
        kind="indirect",
        cue="said",
        cue_lemma="say",
        cue_start=0,
        cue_end=0,
        sentence_start=0,
        sentence_end=len(text),
        speaker=speaker,
        speaker_start=0,
        speaker_end=0,
        speaker_canonical=speaker,
        speaker_kind=kind,
    )


def store(db, text: str, speaker: str, kind: str = "person") -> None:
    store_document(db, make_document(text, "t.txt", "t.txt"), [said(text, speaker, kind)], None)


def test_records_with_the_same_id_and_no_outlet_are_different_articles(tmp_path: Path) -> None:
    """Two unrelated exports numbering their records 1, 2 and naming no outlet used to replace each other."""
    for name, words in (("a", "Taxes"), ("b", "Wages")):
        lines = [
            json.dumps({"id": n, "text": f"{words} will rise by {n} percent, the minister said."})
            for n in (1, 2)
        ]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db_path = str(tmp_path / "q.db")
    run_cli("ingest", str(tmp_path / "a.jsonl"), "--db", db_path)
    second = run_cli("ingest", str(tmp_path / "b.jsonl"), "--db", db_path).stdout
    assert second.startswith("2 read, 2 new, 0 updated")
    assert sqlite3.connect(db_path).execute("select count(*) from documents").fetchone() == (4,)


def test_another_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table customers (id integer primary key, name text)")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NotQuotetrackDatabase, match="customers"):
        open_database(path)
    result = run_cli("speakers", "merge", "A", "B", "--db", str(path), expect=1)
    assert "another application's database" in result.output and "Traceback" not in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.db"]  # no -wal, no -shm


def test_reading_a_current_database_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    store(open_database(path), "Prices will fall, the minister said.", "minister", "unnamed")
    statements: list[str] = []
    db = open_database(path)
    db.conn.set_trace_callback(statements.append)
    reads.speakers(db)
    assert not [sql for sql in statements if sql.split()[0].lower() in ("create", "drop", "alter", "insert")]


def test_a_database_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    result = run_cli("ingest", "-", "--db", str(tmp_path / "file" / "q.db"), input="He said so.", expect=1)
    assert "cannot create the folder" in result.output and "Traceback" not in result.output


def test_names_that_differ_only_invisibly_are_one_speaker(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    for number, name in enumerate(("Ana Lopes", "Ana\u200b Lopes", "\ufeffAna Lopes", "Ana\u00a0Lopes")):
        store(db, f"Prices will fall by {number} percent, she said.", name)
    assert [(s.name, s.attributions) for s in reads.speakers(db)] == [("Ana Lopes", 4)]


def test_a_merge_into_a_merged_name_leaves_no_alias_chain(tmp_path: Path) -> None:
    """The second merge names the first one's primary in other case: aliases are re-pointed by name key."""
    db = open_database(tmp_path / "q.db")
    store(db, "The city is calm, Kiev said.", "Kiev", "place")
    registry.merge_speakers(db, "Kyiv", ["Kiev"])
    registry.merge_speakers(db, "Kyiv City", ["KYIV"])
    store(db, "The city is quiet, Kiev said.", "Kiev", "place")
    assert [(s.name, s.attributions) for s in reads.speakers(db)] == [("Kyiv City", 2)]
    assert dict(db.execute("select alias_key, speaker_name from speaker_aliases").fetchall()) == {
        "kiev": "Kyiv City",
        "kyiv": "Kyiv City",
    }


def test_an_aliases_file_that_is_not_utf8_is_one_line(seeded_db: Path, tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.txt"
    aliases.write_bytes("Antony Blinken, Secretary Blinken, Bl\xednken\n".encode("latin-1"))
    result = run_cli("speakers", "load-aliases", str(aliases), "--db", str(seeded_db), expect=1)
    assert "is not UTF-8 text" in result.output and "Traceback" not in result.output


def test_metadata_to_a_path_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    result = run_cli("metadata", "-o", str(tmp_path / "missing" / "m.json"), expect=1)
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_concurrent_ingests_wait_for_each_other_and_store_each_document_once(tmp_path: Path) -> None:
    """Two ingests of the same new files into one new database at once: both finish, each document is
    stored once and counted as new by exactly one of them, and the database is consistent."""
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02d}.txt").write_text(f"Officials said {n} bridges would reopen.", encoding="utf-8")
    db_path = tmp_path / "q.db"
    command = [sys.executable, "-m", "quotetrack", "ingest", str(folder), "--db", str(db_path)]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in (0, 1)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    new = [int(out.split(" new,")[0].rsplit(" ", 1)[-1]) for out, _ in outputs]
    assert sum(new) == 12
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        assert conn.execute("select count(*) from documents").fetchone() == (12,)
        assert conn.execute("select count(*) from attributions").fetchone() == (12,)


def test_store_document_reports_a_document_stored_meanwhile(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    doc = make_document("Prices will fall, the minister said.", "t.txt", "t.txt")
    found = [dataclasses.replace(said(doc.text, "minister", "unnamed"))]
    assert store_document(db, doc, found, None) == 1
    assert store_document(db, doc, found, None) is None
