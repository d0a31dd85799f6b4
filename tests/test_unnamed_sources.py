"""Unnamed sources grouped for counting, never merged: rankings list named speakers, and unnamed sources
only on request, one row per description; the unnamed_sources views and saved queries group them by
description and outlet. Hand-made records on a fresh SQLite file, then the CLI and the desk."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import run_cli
from desk_client import fetch, query
from sqlite_utils import Database
from test_corrections import article
from test_desk_scale import assert_statistics_current, write_extract
from test_speaker_registry import report

from quotetrack.desk.saved_queries import canned_queries
from quotetrack.store import open_database, reads
from quotetrack.store.statistics import refresh_statistics
from quotetrack.store.writes import store_document

OFFICIALS = ("officials", "unnamed", "Officials")
SENIOR = ("senior official", "unnamed", "A senior official")
LOPES = ("Ana Lopes", "person", "Finance Minister Ana Lopes")
# (outlet, [speaker of each attribution]): officials in three articles of two outlets.
ARTICLES = [
    ("Wire", [OFFICIALS, OFFICIALS, LOPES]),
    ("Wire", [OFFICIALS, SENIOR]),
    ("Gazette", [OFFICIALS, LOPES, LOPES]),
]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    db = open_database(path)
    for number, (outlet, speakers) in enumerate(ARTICLES):
        reports = [
            report(f"claim {number}-{i} stood", name, kind=kind, mention=mention)
            for i, (name, kind, mention) in enumerate(speakers)
        ]
        doc, found = article(*reports, url=f"https://{outlet.lower()}.example/{number}", outlet=outlet)
        store_document(db, doc, found, None)
    refresh_statistics(db)
    db.close()
    return path


def test_rankings_list_named_speakers_and_unnamed_ones_grouped_on_request(db_path: Path) -> None:
    db = open_database(db_path)
    assert [(s.name, s.attributions) for s in reads.speakers(db)] == [("Ana Lopes", 3)]
    grouped = [
        (s.name, s.kind, s.attributions, s.documents) for s in reads.speakers(db, include_unnamed=True)
    ]
    assert grouped == [
        ("officials", "unnamed", 4, 3),
        ("Ana Lopes", "person", 3, 2),
        ("senior official", "unnamed", 1, 1),
    ]
    # Never merged: still one speaker per article, and the profile of `officials` is all of them.
    assert db.execute("select count(*) from speakers where kind = 'unnamed'").fetchone() == (4,)
    profile = reads.speaker_profile(db, "officials")
    assert profile is not None and profile.speaker.attributions == 4
    # The view keeps every speaker's own row.
    assert db.execute("select count(*) from speaker_counts").fetchone() == (5,)


def test_unnamed_sources_by_description_and_outlet(db_path: Path) -> None:
    db = Database(db_path)
    by_description = [
        (row["speaker"], row["attributions"], row["documents"], row["outlets"])
        for row in db.query("select * from unnamed_sources")
    ]
    assert by_description == [("officials", 4, 3, 2), ("senior official", 1, 1, 1)]
    by_outlet = sorted(
        (row["outlet"], row["speaker"], row["attributions"], row["documents"])
        for row in db.query("select * from unnamed_sources_by_outlet")
    )
    assert by_outlet == [
        ("Gazette", "officials", 1, 1),
        ("Wire", "officials", 3, 2),
        ("Wire", "senior official", 1, 1),
    ]


def test_the_desk_queries_agree_with_the_library(db_path: Path) -> None:
    paths = [
        "/q/top_speakers.json?_shape=array",
        "/q/top_speakers.json?_shape=array&include_unnamed=1",
        "/q/unnamed_sources.json?_shape=array",
        "/q/unnamed_sources_by_outlet.json?_shape=array",
        "/q/claims_vs_quotes.json?_shape=array&include_unnamed=1",
    ]
    named, everyone, groups, per_outlet, balance = (r.json() for r in fetch(db_path, *paths))
    assert [row["speaker"] for row in named] == ["Ana Lopes"]
    assert [(row["speaker"], row["attributions"], row["speaker_id"]) for row in everyone] == [
        ("officials", 4, None),  # a group has no speaker page
        ("Ana Lopes", 3, named[0]["speaker_id"]),
        ("senior official", 1, None),
    ]
    assert [(row["description"], row["articles"], row["outlets"]) for row in groups] == [
        ("officials", 3, 2),
        ("senior official", 1, 1),
    ]
    assert [(row["outlet"], row["description"], row["attributions"]) for row in per_outlet] == [
        ("Gazette", "officials", 1),
        ("Wire", "officials", 3),
        ("Wire", "senior official", 1),
    ]
    assert {row["speaker"] for row in balance} == {"officials", "Ana Lopes", "senior official"}


def test_statistics_and_aggregates_give_the_same_groups(db_path: Path) -> None:
    db = open_database(db_path)
    db.execute("update attributions set kind = 'direct' where content like 'claim 0-%'")  # now stale
    kept, aggregated = canned_queries(["outlet", "published"]), canned_queries(["outlet", "published"], False)
    for name in ("top_speakers", "unnamed_sources", "unnamed_sources_by_outlet"):
        params = {"include_unnamed": "1"}
        assert (
            db.execute(kept[name]["sql"], params).fetchall()
            == db.execute(aggregated[name]["sql"], params).fetchall()
        )


def test_cli_include_unnamed(db_path: Path) -> None:
    named = run_cli("speakers", "--db", str(db_path)).stdout.splitlines()
    assert [line.split()[0] for line in named[2:]] == ["Ana"]
    everyone = run_cli("speakers", "--include-unnamed", "--db", str(db_path)).stdout.splitlines()
    assert [line.split()[:2] for line in everyone[2:]] == [
        ["officials", "unnamed"],
        ["Ana", "Lopes"],
        ["senior", "official"],
    ]


DESK_QUERIES = {
    "unnamed_sources": {},
    "unnamed_sources_by_outlet": {},
    "top_speakers": {"include_unnamed": "1"},
    "claims_vs_quotes": {"include_unnamed": "1"},
}


def assert_desk_groups_as_the_attributions(db_path: Path) -> None:
    """The desk's unnamed sources' pages and rankings with unnamed sources, served by Datasette from the
    stored statistics, give the rows of the same queries aggregated over all attributions."""
    available = [row[1] for row in query(db_path, "pragma table_info(documents)")]
    aggregated = canned_queries(available, stats=False)
    paths = [f"/{db_path.stem}/{name}.json?_shape=array&{urlencode(p)}" for name, p in DESK_QUERIES.items()]
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        rows = {name: conn.execute(aggregated[name]["sql"], p).fetchall() for name, p in DESK_QUERIES.items()}
    for response, name in zip(fetch(db_path, *paths), DESK_QUERIES, strict=True):
        expected = [dict(row) for row in rows[name]]
        assert response.status_code == 200 and response.json() == expected, name
        assert any(row.get("kind", "unnamed") == "unnamed" for row in expected), name


def test_stored_groups_follow_fixes_forced_loads_edits_and_deletions(tmp_path: Path) -> None:
    db_path = tmp_path / "news.db"
    run_cli("load", str(write_extract(tmp_path / "a.jsonl", 12, 8)), "--db", str(db_path))
    assert_desk_groups_as_the_attributions(db_path)
    assert query(db_path, "select count(*) from speaker_stats where unnamed_outlet is not null")[0][0] > 0
    # `fix`: an unnamed source's attribution given to a named speaker, another's kind changed.
    first, second = (
        row[0]
        for row in query(
            db_path,
            "select attributions.id from attributions join speakers on speakers.id = speaker_id"
            " where speakers.kind = 'unnamed' order by attributions.id limit 2",
        )
    )
    run_cli("fix", str(first), "--speaker", "Ana Ruiz", "--db", str(db_path))
    run_cli("fix", str(second), "--kind", "indirect", "--db", str(db_path))
    assert_statistics_current(db_path)
    assert_desk_groups_as_the_attributions(db_path)
    # Loaded again with --force (the fixes applied again), and more articles.
    run_cli("load", str(tmp_path / "a.jsonl"), "--db", str(db_path), "--force")
    run_cli("load", str(write_extract(tmp_path / "b.jsonl", 6, 8, first=12)), "--db", str(db_path))
    assert_statistics_current(db_path)
    assert_desk_groups_as_the_attributions(db_path)
    # Raw edits and deletions outside quotetrack: answered at once from the aggregate of what changed, and
    # stored by the next refresh.
    with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("update documents set outlet = 'Moved' where outlet = 'Evening Star'")
        gone = conn.execute("select id from documents where outlet = 'Port Daily' limit 1").fetchone()[0]
        conn.execute("delete from attributions where document_id = ?", [gone])
        conn.execute("delete from documents where id = ?", [gone])
        (regrouped,) = conn.execute(
            "select max(speaker_id) from speaker_stats where unnamed_name is not null"
        )
        conn.execute("update speakers set kind = 'group' where id = ?", regrouped)  # no longer unnamed
        assert conn.execute("select count(*) from stale_speakers").fetchone()[0] > 0
    assert_desk_groups_as_the_attributions(db_path)
    db = open_database(db_path)
    refresh_statistics(db)
    db.close()
    assert_statistics_current(db_path)
    assert_desk_groups_as_the_attributions(db_path)
    assert "Moved" in {row[0] for row in query(db_path, "select unnamed_outlet from speaker_stats")}
