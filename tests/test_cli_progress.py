"""Progress per document for `ingest` and `load` (a record of an export is a document), with the total when
it can be counted up front, rates and ETA; the summary's time and words/s; already-stored documents counted,
listed with --verbose."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli
from spacy.language import Language

from quotetrack.cli import cli
from quotetrack.cli.progress import LINE_SECONDS, ProgressReport, duration
from quotetrack.ingest import IngestProgress
from quotetrack.read import ReadOptions
from quotetrack.read.documents import make_document
from quotetrack.read.extracted import extracted_line
from quotetrack.read.inputs import count_documents

RECORDS = 200
LINE = re.compile(r"^(Ingesting|Loading): (\d+)/(\d+) documents \((\d+)%\)(.*)$")
TIMING = re.compile(
    r"^done in ([\d.]+) s: ([\d.,]+) documents/s, ([\d.,]+) words/s \(([\d,]+) words stored\)$"
)


def texts() -> list[str]:
    return [f"“Bridge {n} will reopen in May,” said Mayor Ana Lopez {n}." for n in range(RECORDS)]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "wire.jsonl"
    lines = [json.dumps({"id": n, "text": text}) for n, text in enumerate(texts())]
    path.write_text(
        "\n".join(lines[:100]) + "\n\n" + "\n".join(lines[100:]) + "\n", encoding="utf-8"
    )  # a blank
    return path


def progress_lines(stderr: str, label: str) -> list[tuple[int, int]]:
    """(documents, total) of each progress line on stderr; every line there must be one."""
    found = []
    for line in stderr.splitlines():
        match = LINE.match(line)
        assert match and match.group(1) == label, line
        found.append((int(match.group(2)), int(match.group(3))))
    return found


def timing(stdout: str) -> tuple[float, float, float, int]:
    """The summary's last line: seconds, documents/s, words/s, words stored."""
    match = TIMING.match(stdout.splitlines()[-1])
    assert match, stdout
    seconds, documents, words, stored = match.groups()
    return (
        float(seconds),
        float(documents.replace(",", "")),
        float(words.replace(",", "")),
        int(stored.replace(",", "")),
    )


def test_ingest_reports_each_tenth_of_the_records_then_time_and_words(
    export: Path, tmp_path: Path, nlp: Language
) -> None:
    db = str(tmp_path / "q.db")
    result = CliRunner().invoke(cli, ["ingest", str(export), "--db", db])  # stderr is not a terminal
    assert result.exit_code == 0, result.output
    counts = progress_lines(result.stderr, "Ingesting")
    assert {total for _, total in counts} == {RECORDS}  # counted up front: the records, not the file
    tenths = [(RECORDS * n // 10, RECORDS) for n in range(1, 10)]
    assert [count for count in counts if count in tenths] == tenths  # each tenth once, in order
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)
    assert f"{RECORDS} read, {RECORDS} new" in result.stdout

    seconds, documents_rate, words_rate, words = timing(result.stdout)
    assert words == sum(len(text.split()) for text in texts())
    assert documents_rate == pytest.approx(RECORDS / seconds, rel=0.1)
    assert words_rate == pytest.approx(words / seconds, rel=0.1)

    again = CliRunner().invoke(cli, ["ingest", str(export), "--db", db])
    assert f"0 new, 0 updated, {RECORDS} already stored" in again.stdout
    assert "already stored:" not in again.stderr  # a count, not a line each
    assert timing(again.stdout)[3] == 0

    listed = CliRunner().invoke(cli, ["ingest", str(export), "--db", db, "--verbose"])
    stored = [line for line in listed.stderr.splitlines() if line.startswith("already stored: ")]
    assert (
        stored[0] == f"already stored: {export}:1" and stored[-1] == f"already stored: {export}:{RECORDS + 1}"
    )
    assert len(stored) == RECORDS


def test_load_reports_progress_and_already_stored_the_same_way(tmp_path: Path) -> None:
    """Hand-made extract output: 200 documents without attributions, one line each."""
    lines = [
        extracted_line(make_document(text, "wire.jsonl", n), [], "hand-made==1")
        for n, text in enumerate(texts())
    ]
    output = tmp_path / "extracted.jsonl"
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "q.db")

    loaded = run_cli("load", str(output), "--db", db)
    assert set(progress_lines(loaded.stderr, "Loading")) >= {
        (RECORDS * n // 10, RECORDS) for n in range(1, 10)
    }
    assert timing(loaded.stdout)[3] == sum(len(text.split()) for text in texts())

    again = run_cli("load", str(output), "--db", db, "-v")
    assert f"{RECORDS} already stored" in again.stdout
    assert again.stderr.count("already stored: ") == RECORDS


def updates(report: ProgressReport, total: int | None, seconds: range) -> None:
    """Two documents a second, ten words each, for `seconds`."""
    for second in seconds:
        for half in (0.0, 0.5):
            done = 2 * second + int(half * 2) + 1
            report(IngestProgress(done, total, 10 * done, second + half, f"export.jsonl:{done}"))


def test_without_a_total_a_line_every_ten_seconds_with_rates() -> None:
    stream = io.StringIO()
    with ProgressReport("Ingesting", stream, terminal=False) as report:
        updates(report, None, range(35))
    lines = stream.getvalue().splitlines()
    assert lines == [
        "Ingesting: 21 documents, 2.0 documents/s, 20.0 words/s",
        "Ingesting: 41 documents, 2.0 documents/s, 20.0 words/s",
        "Ingesting: 61 documents, 2.0 documents/s, 20.0 words/s",
    ]
    assert LINE_SECONDS == 10


def test_on_a_terminal_one_line_redrawn_with_bar_rate_and_eta_then_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    stream = io.StringIO()
    with ProgressReport("Ingesting", stream, terminal=True) as report:
        updates(report, 100, range(10))
    drawn = stream.getvalue().split("\r")
    assert drawn[1] == "Ingesting ...\x1b[K"
    assert drawn[-2] == (
        "Ingesting  [####----------------]  20/100  20%  2.0 docs/s  20.0 words/s  ETA 40 s  "
        "export.jsonl:20\x1b[K"
    )
    assert "\n" not in stream.getvalue() and len(drawn) == 2 + 20 + 1  # the label, each document, cleared
    assert drawn[-1] == "\x1b[K"  # cleared for the summary

    monkeypatch.setenv("COLUMNS", "40")  # the line is cut to the terminal's width
    stream = io.StringIO()
    with ProgressReport("Ingesting", stream, terminal=True) as report:
        updates(report, 100, range(1))
    assert stream.getvalue().split("\r")[-2] == "Ingesting  [--------------------]  2/10\x1b[K"


@pytest.mark.parametrize(
    ("seconds", "shown"), [(4.24, "4.2 s"), (48.4, "48 s"), (185, "3 min 05 s"), (7630, "2 h 07 min")]
)
def test_durations(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown


def test_documents_are_counted_up_front_per_record_when_cheap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}\n', encoding="utf-8")
    (tmp_path / "b.csv").write_text('id,text\n1,"two\nlines"\n2,x\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "list.urls").write_text(
        "# comment\nhttp://a.example/\n\nhttp://b.example/\n", encoding="utf-8"
    )
    assert count_documents([tmp_path]) == 3 + 2 + 1  # folder walks leave URL lists out
    assert count_documents([tmp_path / "list.urls", "https://c.example/", tmp_path / "gone.txt"]) == 2 + 1 + 1
    assert count_documents([tmp_path / "c.txt"], ReadOptions(format="jsonl")) == 1
    assert count_documents([tmp_path / "c.txt", "-"]) is None  # stdin: not known up front
    monkeypatch.setattr("quotetrack.read.inputs.COUNT_BYTES", 10)
    assert count_documents([tmp_path / "a.jsonl"]) is None  # too much to read twice
