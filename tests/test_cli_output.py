"""`attributions`, `quotes`, `claims` and `speakers`: filters and output formats, read back with the json and
csv modules."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import run_cli


def test_speakers_table_nl_and_csv(seeded_db: Path) -> None:
    table = run_cli("speakers", "--db", str(seeded_db)).stdout
    assert table.splitlines()[0].split()[:2] == ["name", "kind"]
    assert "Antony Blinken" in table

    lines = run_cli("speakers", "--db", str(seeded_db), "--nl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    blinken = next(row for row in rows if row["name"] == "Antony Blinken")
    assert blinken["attributions"] >= 3
    assert blinken["direct"] + blinken["mixed"] + blinken["indirect"] == blinken["attributions"]
    assert (blinken["quotes"], blinken["claims"]) == (
        blinken["direct"] + blinken["mixed"],
        blinken["indirect"],
    )

    parsed = list(csv.DictReader(io.StringIO(run_cli("speakers", "--db", str(seeded_db), "--csv").stdout)))
    assert [row["name"] for row in parsed] == [row["name"] for row in rows]


def test_attributions_filters_and_formats(seeded_db: Path) -> None:
    args = ("attributions", "--db", str(seeded_db), "--speaker", "antony blinken", "--limit", "50")
    rows = [json.loads(line) for line in run_cli(*args, "--nl").stdout.splitlines()]
    assert len(rows) >= 3 and {row["speaker"] for row in rows} == {"Antony Blinken"}

    parsed = list(csv.DictReader(io.StringIO(run_cli(*args, "--csv").stdout)))
    assert [row["content"] for row in parsed] == [row["content"] for row in rows]

    first_word = rows[0]["content"].split()[-1].strip('“”".,')
    found = run_cli(
        "attributions", "--db", str(seeded_db), "--search", first_word, "--nl"
    ).stdout.splitlines()
    assert rows[0]["id"] in {json.loads(line)["id"] for line in found}

    limited = run_cli(
        "attributions", "--db", str(seeded_db), "--kind", "mixed", "--limit", "2", "--nl"
    ).stdout
    assert [json.loads(line)["kind"] for line in limited.splitlines()] == ["mixed", "mixed"]

    header = run_cli("attributions", "--db", str(seeded_db)).stdout.splitlines()[0]
    assert header.split() == ["id", "date", "speaker", "kind", "cue", "content", "outlet", "title"]


def kinds(*args: str) -> list[str]:
    return [json.loads(line)["kind"] for line in run_cli(*args, "--limit", "100", "--nl").stdout.splitlines()]


def test_quotes_are_direct_and_mixed_and_claims_indirect(seeded_db: Path) -> None:
    everything = kinds("attributions", "--db", str(seeded_db))
    quotes = kinds("quotes", "--db", str(seeded_db))
    claims = kinds("claims", "--db", str(seeded_db))
    assert set(quotes) == {"direct", "mixed"} and set(claims) == {"indirect"}
    assert sorted(quotes + claims) == sorted(everything)
    assert kinds("attributions", "--kind", "quote", "--db", str(seeded_db)) == quotes
    assert kinds("attributions", "--kind", "claim", "--db", str(seeded_db)) == claims


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("quotes", "--db", str(tmp_path / "nope.db"), expect=1)
    assert "no database at" in result.output
    assert not (tmp_path / "nope.db").exists()


def test_csv_with_no_rows_prints_the_same_header(seeded_db: Path, tmp_path: Path) -> None:
    quotes = ("quotes", "--db", str(seeded_db), "--csv")
    header = run_cli(*quotes).stdout.splitlines()[0]
    assert run_cli(*quotes, "--search", "nowhere said anywhere").stdout == header + "\n"

    empty = tmp_path / "empty.db"
    run_cli("ingest", str(tmp_path / "missing.txt"), "--db", str(empty), expect=1)  # makes the schema
    speakers_header = run_cli("speakers", "--db", str(seeded_db), "--csv").stdout.splitlines()[0]
    assert run_cli("speakers", "--db", str(empty), "--csv").stdout == speakers_header + "\n"
