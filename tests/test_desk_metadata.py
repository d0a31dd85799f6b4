"""Metadata from quotetrack: what Datasette shows, what `quotetrack metadata` writes, and how it adapts
to databases that record outlets and publication dates."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from desk_client import copy_with_document_fields, fetch, parse, query

from quotetrack.desk.app import metadata_for
from quotetrack.store import open_database
from quotetrack.store.schema import OPTIONAL_COLUMNS
from quotetrack.store.search_index import SOURCE_VIEW

OUTLETS = {  # title -> (outlet, published)
    "Port news": ("Port Daily", "2024-11-14"),
    "Evening bulletin": ("Evening Star", "2024-11-13T18:00:00+00:00"),
    "Harbour row over <script>alert(1)</script> reopening": ("Town Crier", "2024-11-15"),
}


def document_columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("pragma table_info(documents)")}


@pytest.fixture(scope="module")
def outlet_db(desk_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of desk.db with outlet and publication date filled in for DESK_ARTICLES."""
    fields = {
        title: {"outlet": outlet, "published": published} for title, (outlet, published) in OUTLETS.items()
    }
    return copy_with_document_fields(desk_db, tmp_path_factory.mktemp("outlets") / "news.db", fields)


@pytest.fixture(scope="module")
def old_db(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of quotes.db as made before documents had url, author, outlet and published columns."""
    path = tmp_path_factory.mktemp("old") / "quotes.db"
    shutil.copy(seeded_db, path)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        # Views made by newer versions read these columns; the quote desk needs none of them. (The one the
        # full-text index reads needs none of them either, and the index cannot do without it.)
        for (view,) in conn.execute("select name from sqlite_master where type = 'view'").fetchall():
            if view != SOURCE_VIEW:
                conn.execute(f"drop view {view}")
        for column in set(OPTIONAL_COLUMNS) & document_columns(conn):
            for (index,) in conn.execute(
                "select name from sqlite_master where type = 'index' and tbl_name = 'documents'"
                " and sql like ?",
                [f"%{column}%"],
            ).fetchall():
                conn.execute(f"drop index {index}")
            conn.execute(f"alter table documents drop column {column}")
    return path


def test_datasette_serves_the_generated_metadata(seeded_db: Path) -> None:
    served, table = fetch(seeded_db, "/-/metadata.json", "/quotes/attributions")
    metadata = served.json()
    assert metadata == metadata_for(seeded_db)
    assert metadata["about_url"] == "/-/quotetrack" and metadata["source_url"] == "/quotes/runs"
    database = metadata["databases"]["quotes"]
    assert set(database["queries"]) == {
        "search",
        "search_by_speaker",
        "top_speakers",
        "speaker_over_time",
        "claims_vs_quotes",
        "anonymous_sources_by_outlet",
        "unnamed_sources",
        "unnamed_sources_by_outlet",
        "unresolved_attributions",
        "repeated_quotes",
        "possible_misattributions",
    }
    root = parse(table.text)
    heading = root.find_all("th", cls="col-kind")[0]
    assert heading.attrs["data-column-description"].startswith("direct: all inside quotation marks")
    facets = {f.attrs.get("data-column"): f for f in root.find_all("div", cls="facet-info")}
    assert set(facets) >= {"speaker_id", "kind", "cue_lemma"}  # cues by lemma: According to = according to
    assert "Antony Blinken" in facets["speaker_id"].text()  # label_column: names, not ids


def test_a_database_without_outlet_or_dates_still_gets_working_pages_and_queries(old_db: Path) -> None:
    database = metadata_for(old_db)["databases"]["quotes"]
    assert database["tables"]["documents"]["facets"] == []
    assert "documents.outlet" not in json.dumps(database["queries"])
    document_id = query(old_db, "select id from documents")[0][0]
    paths = [f"/quotes/{name}?words=firm&speaker=blinken" for name in database["queries"]]
    paths += ["/quotes/documents", f"/quotes/-/article/{document_id}", "/quotes/-/speaker/1"]
    paths += ["/quotes/-/outlets", "/quotes/-/speaker/1?kind=quote&since=2000-01-01&until=2100-01-01"]
    paths += ["/", "/quotes/-/search?q=firm"]
    responses = fetch(old_db, *paths)
    assert [response.status_code for response in responses] == [200] * len(paths)
    # Without the quotes_and_claims view (made by newer versions), the home page leads to the table.
    (browse,) = parse(responses[-2].text).find_all("a", cls="qt-browse")
    assert browse.attrs["href"] == "/quotes/attributions"


def test_outlet_and_publication_date_are_facets_and_drive_the_queries(outlet_db: Path) -> None:
    documents, repeated, anonymous, speaker = fetch(
        outlet_db,
        "/news/documents.json?_shape=objects",
        "/news/repeated_quotes.json?_shape=array",
        "/news/anonymous_sources_by_outlet.json?_shape=array",
        "/news/top_speakers.json?_shape=array&_size=1",
    )
    assert set(documents.json()["facet_results"]) >= {"outlet", "published"}
    (quote,) = repeated.json()
    assert quote["first_title"] == "Evening bulletin"  # published the day before "Port news"
    assert (quote["first_outlet"], quote["first_date"], quote["outlets"]) == ("Evening Star", "2024-11-13", 2)
    assert quote["articles"] == 2 and quote["named_speakers"] == 1
    shares = {row["outlet"]: row["anonymous_pct"] for row in anonymous.json()}
    assert shares["Town Crier"] == 50.0 and shares["Port Daily"] == 0.0
    assert "(outlet unknown)" in shares  # the seed article has no outlet
    assert speaker.json()[0]["outlets"] == 0  # Antony Blinken only appears in the seed


def test_metadata_command_writes_json_and_yaml_that_datasette_uses(outlet_db: Path, tmp_path: Path) -> None:
    printed = run_cli("metadata", "--db", str(outlet_db)).output
    assert json.loads(printed) == metadata_for(outlet_db)
    run_cli("metadata", "--db", str(outlet_db), "-o", str(tmp_path / "metadata.yml"))
    written = yaml.safe_load((tmp_path / "metadata.yml").read_text(encoding="utf-8"))
    assert written == metadata_for(outlet_db)
    assert written["databases"]["news"]["tables"]["documents"]["facets"] == ["outlet", {"date": "published"}]
    # Without a database file it describes the full current schema.
    fresh = json.loads(run_cli("metadata", "--db", str(tmp_path / "none.db")).output)
    assert "outlet" in fresh["databases"]["none"]["tables"]["documents"]["facets"]
    open_database(tmp_path / "new.db").close()
    with contextlib.closing(sqlite3.connect(tmp_path / "new.db")) as conn:
        described = fresh["databases"]["none"]["tables"]["documents"]["columns"]
        assert set(described) == document_columns(conn)
