"""`quotetrack extract`: JSON lines out for JSONL or plain text in, no database involved."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli


def test_extract_jsonl_reports_malformed_lines_and_continues(nlp, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    records = [
        json.dumps({"id": "a1", "text": '"The port will reopen next week," said Harbour Master Tom Reyes.'}),
        "{not json",
        json.dumps({"id": 2, "text": "Police said the road was closed after the crash.", "source": "wire"}),
    ]
    path.write_text("\n".join(records) + "\n")

    result = run_cli("extract", str(path), expect=1)

    assert f"skipped {path}:2: malformed JSON" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a1", 2]
    quote = lines[0]["quotes"][0]
    assert quote["content"] == "The port will reopen next week"
    # Name resolution itself is tested with the extractor; here only that it flows through.
    assert "Tom Reyes" in quote["speaker_canonical"]
    text = json.loads(records[0])["text"]
    assert text[quote["content_start"] : quote["content_end"]] == quote["content"]
    assert text[quote["speaker_start"] : quote["speaker_end"]] == quote["speaker"]


def test_extract_plain_text_from_stdin(nlp) -> None:
    result = run_cli("extract", "-", input="The minister said taxes would rise next year.\n")
    [line] = [json.loads(line) for line in result.stdout.splitlines()]
    assert line["id"] == "stdin"
    assert [quote["content"] for quote in line["quotes"]] == ["taxes would rise next year"]
