"""Ingesting again: unchanged articles are no-ops, changed ones replace their old version (keeping
speakers and the user's aliases), and --force parses everything again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SEEDS, run_cli
from sqlite_utils import Database

from quotetrack.ingest import IngestRun, IngestSummary
from quotetrack.read.documents import make_document
from quotetrack.store import open_database
from quotetrack.store.writes import start_run, store_document

FIRST = '"Taxes will fall," said Finance Minister Ana Lopes on Monday.'
SECOND = '"Taxes will fall in May," said Finance Minister Ana Lopes. Unions said they would strike.'


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def attribution_rows(db_path: Path) -> list[dict]:
    """Attributions as a reader sees them: what was said, where, by whom (ids left out)."""
    return list(
        Database(db_path).query(
            "select documents.source, content, content_start, content_end, attributions.kind, cue,"
            " speakers.name as speaker from attributions join documents on documents.id = document_id"
            " left join speakers on speakers.id = speaker_id order by documents.source, content_start"
        )
    )


def test_new_text_under_the_same_outlet_and_id_replaces_the_old_version(nlp, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    v1 = write_jsonl(tmp_path / "v1.jsonl", {"id": 7, "outlet": "Wire", "text": FIRST})
    run_cli("ingest", str(v1), "--db", str(db_path))
    run_cli("speakers", "--db", str(db_path), "alias", "Ana Lopes", "A. Lopes")
    speakers_before = list(Database(db_path).query("select id, name from speakers"))

    v2 = write_jsonl(tmp_path / "v2.jsonl", {"id": 7, "outlet": "Wire", "text": SECOND})
    result = run_cli("ingest", str(v2), "--db", str(db_path))

    assert result.stdout.startswith("1 read, 0 new, 1 updated, 0 already stored, 0 skipped; ")
    db = Database(db_path)
    [document] = db.query("select id, text, external_id, outlet from documents")
    assert (document["text"], document["external_id"], document["outlet"]) == (SECOND, "7", "Wire")
    contents = [row["content"] for row in attribution_rows(db_path)]
    assert contents == ["Taxes will fall in May", "they would strike"]
    assert db.execute("select distinct document_id from attributions").fetchall() == [(document["id"],)]
    # Search follows: only the first version's sentence said "Monday".
    monday = "select count(*) from attributions_fts where attributions_fts match 'Monday'"
    assert db.execute(monday).fetchone() == (0,)
    speakers_after = list(db.query("select id, name from speakers"))
    assert all(speaker in speakers_after for speaker in speakers_before)
    assert [row["alias"] for row in db.query("select alias from speaker_aliases")] == ["A. Lopes"]
    assert db.execute("pragma foreign_key_check").fetchall() == []
    [run] = db.query("select documents_new, documents_replaced from runs order by id desc limit 1")
    assert run == {"documents_new": 0, "documents_replaced": 1}


def test_the_same_id_from_another_outlet_is_another_article(nlp, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    export = write_jsonl(
        tmp_path / "both.jsonl",
        {"id": 7, "outlet": "Wire", "text": FIRST},
        {"id": 7, "outlet": "Gazette", "text": SECOND},
    )
    result = run_cli("ingest", str(export), "--db", str(db_path))
    assert result.stdout.startswith("2 read, 2 new, 0 updated")
    assert Database(db_path)["documents"].count == 2


def test_the_same_text_from_another_url_is_stored_once(nlp, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    export = write_jsonl(
        tmp_path / "syndicated.jsonl",
        {"url": "https://a.example/1", "text": FIRST},
        {"url": "https://b.example/9", "text": FIRST},
    )
    result = run_cli("ingest", str(export), "--db", str(db_path))
    assert result.stdout.startswith("2 read, 1 new, 0 updated, 1 already stored")
    assert [row["url"] for row in Database(db_path).query("select url from documents")] == [
        "https://a.example/1"
    ]


def test_force_parses_stored_documents_again(seeded_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "quotes.db"
    shutil.copy(seeded_db, copy)
    before = attribution_rows(copy)

    result = run_cli("ingest", str(SEEDS), "--db", str(copy), "--force")

    assert result.stdout.startswith("1 read, 0 new, 0 updated, 1 re-extracted, 0 already stored, 0 skipped; ")
    assert attribution_rows(copy) == before
    db = Database(copy)
    [(last_run,)] = db.execute("select max(id) from runs").fetchall()
    assert db.execute("select distinct run_id from documents").fetchall() == [(last_run,)]
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_ingest_asks_once_per_document_whether_it_is_stored(tmp_path: Path) -> None:
    db = open_database(tmp_path / "q.db")
    first, second = (make_document(text, f"{n}.txt", f"{n}.txt") for n, text in enumerate((FIRST, SECOND)))
    store_document(db, first, [], None)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    for force in (False, True):
        summary = IngestSummary(run_id=start_run(db, "test"), model="test")
        run = IngestRun(db, summary, force)
        for document in run.to_parse([first, second, second]):
            run.store(document, [])
        counts = (summary.documents_new, summary.documents_reextracted, len(summary.already_stored))
        assert counts == ((1, 0, 2) if not force else (0, 2, 1))
    asked = [sql for sql in statements if sql.startswith("select 1 from documents")]
    assert len(asked) == 4  # two documents, each asked about once per ingest
