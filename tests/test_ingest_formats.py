"""`quotetrack ingest` on every input format and every kind of bad input, in one batch, checked with SQL
and against the exact lines a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from pages import BODY, COMMENT, MENU, MENU_PAGE, article_html
from sqlite_utils import Database

WIRE_TEXT = "“The strike will end on Friday,” union leader Sam Oduya told reporters."
CSV_TEXT = '"We will rebuild the bridge," said Mayor Jane Okafor on Tuesday.'
CSV_CELL = '"' + CSV_TEXT.replace('"', '""') + '"'  # quoted as CSV writers do


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, nlp) -> tuple[Path, Path, object]:
    """A folder with good and bad inputs of every format, ingested once: (folder, database, result)."""
    inputs = tmp_path_factory.mktemp("mixed")
    (inputs / "good.txt").write_text("Bridge news\n\nThe council said the bridge would reopen in May.\n")
    (inputs / "legacy.txt").write_bytes("“Prices will rise,” said café owner José Peña.".encode("cp1252"))
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02")
    (inputs / "cyrillic.txt").write_bytes("Министр заявил, что налоги вырастут.".encode("cp1251"))
    (inputs / "page.html").write_text(article_html())
    (inputs / "login.html").write_text(MENU_PAGE)
    record = {
        "id": "w-1",
        "headline": "Strike to end",
        "body": WIRE_TEXT,
        "link": "https://wire.example/strike",
        "published": "Wed, 13 Nov 2024 22:10:00 GMT",
        "outlet": "Wire",
        "authors": ["A. Writer", "B. Writer"],
    }
    (inputs / "export.jsonl").write_text(f'{json.dumps(record)}\nnot json\n{{"id": "w-3", "title": "T"}}\n')
    (inputs / "export.csv").write_text(
        f"id,title,text,date,outlet\n1,Bridge,{CSV_CELL},2024-11-12,Gazette\n2,Ragged,too,many,fields,here\n"
    )
    db_path = inputs.parent / "mixed.db"
    result = run_cli("ingest", str(inputs), "--db", str(db_path), expect=1)
    return inputs, db_path, result


def test_each_bad_input_gets_one_line_and_the_rest_is_stored(mixed) -> None:
    inputs, db_path, result = mixed
    expected = [
        f"skipped {inputs / 'cyrillic.txt'}: encoding: not UTF-8, and as Windows-1252 it would be mostly "
        "accented letters; convert it to UTF-8",
        f"skipped {inputs / 'empty.txt'}: empty: no text to analyse",
        f"skipped {inputs / 'export.csv'}:3: ragged row: 6 fields where the header has 5",
        f"skipped {inputs / 'export.jsonl'}:2: malformed JSON: Expecting value (column 1)",
        f'skipped {inputs / "export.jsonl"}:3: missing text: no "text" (or content, body, article, '
        "full_text) field",
        f"skipped {inputs / 'scan.txt'}: binary: contains NUL bytes, not text",
    ]
    lines = result.stderr.splitlines()
    assert [line for line in lines if line in expected] == expected
    [no_article] = [line for line in lines if "login.html" in line]
    assert no_article.startswith(f"skipped {inputs / 'login.html'}: no article: no article text found (")
    assert "Traceback" not in result.output
    assert result.stdout.startswith(
        "12 read, 5 new, 0 updated, 0 already stored, 7 skipped (1 binary, 1 empty, 1 encoding, "
        "1 malformed JSON, 1 missing text, 1 no article, 1 ragged row); "
    )
    db = Database(db_path)
    sources = [row["source"] for row in db.query("select source from documents order by source")]
    stored = ("export.csv:2", "export.jsonl:1", "good.txt", "legacy.txt", "page.html")
    assert sources == [f"{inputs / name}" for name in stored]
    [legacy] = db.query("select text from documents where source like '%legacy.txt'")
    assert legacy["text"] == "“Prices will rise,” said café owner José Peña."


def test_metadata_lands_in_the_documents_table(mixed) -> None:
    inputs, db_path, _ = mixed
    rows = Database(db_path).query(
        "select source, title, url, author, outlet, published, external_id from documents order by source"
    )
    by_name = {Path(row.pop("source")).name: row for row in rows}
    assert by_name["export.csv:2"] == {
        "title": "Bridge",
        "url": None,
        "author": None,
        "outlet": "Gazette",
        "published": "2024-11-12",
        "external_id": "1",
    }
    assert by_name["export.jsonl:1"] == {
        "title": "Strike to end",
        "url": "https://wire.example/strike",
        "author": "A. Writer, B. Writer",
        "outlet": "Wire",
        "published": "2024-11-13",
        "external_id": "w-1",
    }
    assert by_name["page.html"] == {
        "title": "Harbour to reopen next week",
        "url": "https://coastal.example/news/harbour-reopens",
        "author": "Maria Lind",
        "outlet": "The Coastal Times",
        "published": "2024-11-13",
        "external_id": None,
    }
    assert by_name["good.txt"]["title"] == "Bridge news" and by_name["good.txt"]["url"] is None


def test_html_keeps_the_article_and_leaves_out_menus_and_comments(mixed) -> None:
    _, db_path, _ = mixed
    db = Database(db_path)
    [page] = db.query("select id, text from documents where source like '%page.html'")
    assert page["text"] == "\n".join(BODY)
    assert MENU not in page["text"] and COMMENT not in page["text"]
    quotes = [
        row["content"]
        for row in db.query("select content from attributions where document_id = ?", [page["id"]])
    ]
    assert "The port will reopen next week" in quotes
    assert not any("Reader123" in quote or "lied" in quote for quote in quotes)


def test_running_the_batch_again_stores_nothing_new(mixed, tmp_path: Path) -> None:
    inputs, db_path, _ = mixed
    copy = tmp_path / "again.db"
    copy.write_bytes(db_path.read_bytes())
    before = Database(copy)["attributions"].count
    result = run_cli("ingest", str(inputs), "--db", str(copy), "--verbose", expect=1)
    assert result.stdout.startswith("12 read, 0 new, 0 updated, 5 already stored, 7 skipped")
    assert f"already stored: {inputs / 'export.jsonl'}:1" in result.stderr.splitlines()
    assert Database(copy)["documents"].count == 5 and Database(copy)["attributions"].count == before


def test_columns_can_be_named_on_the_command_line(nlp, tmp_path: Path) -> None:
    export = tmp_path / "newsroom.csv"
    export.write_text(f"ref,story,paper,pub_date\nN-9,{CSV_CELL},Herald,13 Nov 2024\n")
    db_path = tmp_path / "q.db"

    unnamed = run_cli("ingest", str(export), "--db", str(db_path), expect=1)
    assert unnamed.stderr.splitlines()[-1] == (
        f'skipped {export}: missing text: no "text" (or content, body, article, full_text) column among '
        "ref, story, paper, pub_date; name it with --column text=NAME"
    )
    options = ["--column", "text=story", "--column", "outlet=paper", "--column", "date=pub_date"]
    named = run_cli("ingest", str(export), "--db", str(db_path), *options, "--column", "id=ref")
    assert named.stdout.startswith("1 read, 1 new")
    [row] = Database(db_path).query("select text, outlet, published, external_id from documents")
    assert row == {"text": CSV_TEXT, "outlet": "Herald", "published": "2024-11-13", "external_id": "N-9"}

    bad = run_cli("ingest", str(export), "--db", str(db_path), "--column", "story", expect=2)
    assert "'story': expected FIELD=NAME with FIELD one of text, title, url, date, outlet" in bad.stderr


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list\n" * 100)
    result = run_cli("ingest", "-", "--db", str(not_a_db), input="Text.", expect=1)
    assert result.stderr.splitlines()[-1] == "Error: database error: file is not a database"
    assert "Traceback" not in result.output


def test_stdin_takes_any_format(nlp, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    csv_text = f"text,outlet\n{CSV_CELL},Gazette\n"
    result = run_cli("ingest", "-", "--format", "csv", "--db", str(db_path), input=csv_text)
    assert result.stdout.startswith("1 read, 1 new")
    [row] = Database(db_path).query("select source, outlet from documents")
    assert row == {"source": "<stdin>:2", "outlet": "Gazette"}
