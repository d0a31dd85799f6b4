"""Attributions with no resolved speaker: found by the library (`unresolved=True`), `attributions
--unresolved` and the desk's unresolved_attributions query, the same ones everywhere; credited with `fix`,
they leave the list. Hand-made records on a fresh SQLite file, except the CLI and desk checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from desk_client import fetch, parse
from sqlite_utils import Database
from test_corrections import article, id_of
from test_speaker_registry import report

from quotetrack.store import open_database, reads
from quotetrack.store.fixes import fix
from quotetrack.store.writes import store_document

SHE = report("the strike would go on", None, kind=None, mention="She")
THEY = report("prices would fall", "they", kind="group", mention="They")
NAMED = report("taxes would rise", "Ana Lopes", mention="Finance Minister Ana Lopes")
OFFICIALS = report("the port was shut", "officials", kind="unnamed", mention="Officials")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    db = open_database(path)
    doc, found = article(NAMED, SHE, THEY, OFFICIALS)
    store_document(db, doc, found, None)
    db.close()
    return path


def test_unresolved_are_the_unlinked_and_the_pronouns(db_path: Path) -> None:
    db = open_database(db_path)
    found = reads.attributions(db, unresolved=True, limit=None)
    assert [(a.content, a.speaker_mention) for a in found] == [
        ("the strike would go on", "She"),
        ("prices would fall", "They"),
    ]
    # Unnamed sources are not unresolved: they are someone, only not named.
    assert reads.attributions(db, unresolved=True, kind="quote") == []
    fix(db, id_of(db, "the strike would go on"), speaker="Ana Lopes")
    assert [a.content for a in reads.attributions(db, unresolved=True)] == ["prices would fall"]


def test_cli_lists_them_with_the_mention(db_path: Path) -> None:
    table = run_cli("attributions", "--unresolved", "--db", str(db_path)).stdout.splitlines()
    assert table[0].split() == ["id", "date", "speaker_mention", "kind", "cue", "content", "outlet", "title"]
    assert [line.split()[2] for line in table[2:]] == ["She", "They"]
    assert run_cli("quotes", "--unresolved", "--db", str(db_path)).stdout == "(no results)\n"
    csv = run_cli("claims", "--unresolved", "--csv", "--db", str(db_path)).stdout.splitlines()
    assert len(csv) == 3


def test_the_desk_lists_them_with_links_to_the_article(db_path: Path) -> None:
    db = Database(db_path)
    (page, data) = fetch(
        db_path, "/q/unresolved_attributions", "/q/unresolved_attributions.json?_shape=array"
    )
    assert page.status_code == 200 and data.status_code == 200
    rows = data.json()
    she, they = id_of(db, "the strike would go on"), id_of(db, "prices would fall")
    assert [row["attribution_id"] for row in rows] == [they, she]  # newest first
    assert rows[1]["fix_with"] == f"quotetrack fix {she} --speaker NAME"
    document_id = db.execute("select id from documents").fetchone()[0]
    links = {a.attrs.get("href") for a in parse(page.text).find_all("a")}
    assert f"/q/-/article/{document_id}#attribution-{she}" in links
