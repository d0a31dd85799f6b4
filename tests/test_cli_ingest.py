"""End to end: `quotetrack ingest` on the seed article into a real SQLite file, checked with SQL."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import SEEDS, run_cli
from sqlite_utils import Database

PRONOUNS = ("he", "she", "they", "it", "him", "her", "his", "them", "i", "we", "you")


def table_counts(db_path: Path) -> dict[str, int]:
    db = Database(db_path)
    return {name: db[name].count for name in ("documents", "speakers", "attributions")}


def test_seed_ingest_stores_attributions_and_speakers(seeded_db: Path) -> None:
    db = Database(seeded_db)
    assert db["documents"].count == len(list(SEEDS.glob("*.txt")))
    assert db["attributions"].count >= 10
    [blinken] = db.query(
        "select count(*) as n from attributions join speakers on speakers.id = speaker_id"
        " where speakers.name = 'Antony Blinken'"
    )
    assert blinken["n"] >= 3
    placeholders = ", ".join("?" for _ in PRONOUNS)
    pronoun_speakers = db.execute(
        f"select name from speakers where lower(name) in ({placeholders})", PRONOUNS
    ).fetchall()
    assert pronoun_speakers == []
    assert db.execute("pragma foreign_key_check").fetchall() == []
    [run] = db["runs"].rows
    assert run["finished_at"] and run["documents_new"] == db["documents"].count
    assert run["attributions"] == db["attributions"].count


def test_reingest_is_idempotent(seeded_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "quotes.db"
    shutil.copy(seeded_db, copy)
    before = table_counts(copy)
    result = run_cli("ingest", str(SEEDS), "--db", str(copy))
    assert "0 new, 0 updated, 1 already stored" in result.stdout
    assert "already stored:" not in result.stderr  # listed with --verbose only
    assert table_counts(copy) == before


def test_a_run_counts_unchanged_documents_apart_from_unusable_ones(seeded_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "quotes.db"
    shutil.copy(seeded_db, copy)
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    result = run_cli("ingest", str(SEEDS), str(tmp_path / "empty.txt"), "--db", str(copy), expect=1)
    assert "1 already stored, 1 skipped (1 empty)" in result.stdout
    columns = "documents_read, documents_new, documents_replaced, documents_unchanged, documents_skipped"
    [run] = Database(copy).query(f"select {columns} from runs order by id desc limit 1")
    assert list(run.values()) == [2, 0, 0, 1, 1]


def test_a_folder_with_nothing_to_read_is_an_error_before_any_database(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "image.png").write_bytes(b"\x89PNG")
    db_path = tmp_path / "quotes.db"
    result = run_cli("ingest", str(tmp_path / "notes"), "--db", str(db_path), expect=1)
    assert "nothing to ingest: the folders given hold no .csv, .htm, .html" in result.stderr
    assert not db_path.exists()


def test_a_run_records_the_extractor_and_its_settings(seeded_db: Path, tmp_path: Path) -> None:
    [run] = Database(seeded_db).query("select extractor from runs order by id limit 1")
    assert re.fullmatch(
        r"quotetrack-rules\+crf [0-9a-f]{12} \(beliefs, not nested, learned\)", run["extractor"]
    )
    db_path = tmp_path / "rules.db"
    run_cli("ingest", str(SEEDS), "--db", str(db_path), "--rules-only", "--no-beliefs")
    [run] = Database(db_path).query("select extractor from runs")
    assert run["extractor"] == "quotetrack-rules (no beliefs, not nested, rules only)"
