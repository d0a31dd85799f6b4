"""The quote desk with thousands of attributions for one speaker, and the statistics kept for it.

Databases are filled with `quotetrack load` from extract output made here (no parsing), so a speaker with
thousands of attributions costs seconds. Every stored statistic is compared with a direct aggregate over
the attributions table, after load, re-load with --force, ingest, raw edits and merges.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from conftest import run_cli
from datasette.utils import escape_fts
from desk_client import fetch, parse, query

from quotetrack.desk import app, saved_queries
from quotetrack.desk.app import metadata_for
from quotetrack.desk.pages import PAGE_SIZE
from quotetrack.desk.saved_queries import canned_queries, search_sql
from quotetrack.read.documents import content_id
from quotetrack.read.extracted import extracted_line
from quotetrack.records import Attribution, Document
from quotetrack.store import statistics, views
from quotetrack.store.connection import register_functions
from quotetrack.store.schema import SCHEMA_VERSION

SPEAKERS = [
    ("Ana Ruiz", "person", "Mayor"),
    ("Tom Reyes", "person", "Harbour Master"),
    ("Port Authority", "organisation", None),
]
OUTLETS = ["Port Daily", "Evening Star", None]
WIRE = "The port will reopen next week"


def article(number: int, per_document: int, first: int = 0) -> str:
    """One line of extract output: an article quoting mostly Ana Ruiz, with an anonymous source."""
    pieces, found = [f"Harbour report {number}\n"], []
    length = len(pieces[0])
    for index in range(per_document):
        if index % 7 == 3:
            name, kind, role = "officials", "unnamed", None
        else:
            name, kind, role = SPEAKERS[0] if index % 5 else SPEAKERS[(number + index) % 3]
        content = WIRE if index == 0 and number % 4 == 0 else f"Words {number} {index} about cargo and ships"
        start = length + 1
        sentence = f"“{content},” said {name}. "
        found.append(
            Attribution(
                content_start=start,
                content_end=start + len(content),
                content=content,
                kind=("direct", "mixed", "indirect")[index % 3],
                cue="said",
                cue_lemma="say",
                cue_start=start + len(content) + 3,
                cue_end=start + len(content) + 7,
                sentence_start=length,
                sentence_end=length + len(sentence) - 1,
                speaker=name,
                speaker_start=start + len(content) + 8,
                speaker_end=start + len(content) + 8 + len(name),
                speaker_canonical=name,
                speaker_role=role,
                speaker_kind=kind,
            )
        )
        pieces.append(sentence)
        length += len(sentence)
    text = "".join(pieces).strip()
    published = None if number % 9 == 0 else f"2024-{1 + number % 12:02d}-{1 + (number * 7) % 28:02d}"
    document = Document(
        content_id(text),
        text,
        f"report-{number}",
        f"Harbour report {number}",
        number,
        url=f"https://example.org/{number}",
        outlet=OUTLETS[number % 3],
        published=published,
    )
    assert all(text[a.content_start : a.content_end] == a.content for a in found)
    return extracted_line(document, found, "test==1")


def write_extract(path: Path, documents: int, per_document: int, first: int = 0) -> Path:
    path.write_text(
        "".join(article(first + n, per_document) + "\n" for n in range(documents)), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """quotes.db with about 2,600 attributions of Ana Ruiz over 120 articles, loaded from extract output."""
    folder = tmp_path_factory.mktemp("scale")
    run_cli("load", str(write_extract(folder / "extract.jsonl", 120, 30)), "--db", str(folder / "quotes.db"))
    return folder / "quotes.db"


def connect(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path)
    register_functions(conn)
    conn.create_function("escape_fts", 1, escape_fts)
    return conn


def table(conn: sqlite3.Connection, sql: str, params: object = ()) -> list[tuple]:
    return sorted(tuple(row) for row in conn.execute(sql, params).fetchall())


def assert_statistics_current(db_path: Path) -> None:
    """Every stored statistic equals the aggregate over attributions; nothing is left stale; every saved
    query and the view answer as the full aggregates (databases without statistics) do."""
    with contextlib.closing(connect(db_path)) as conn:
        available = [row[1] for row in conn.execute("pragma table_info(documents)")]
        for stale in ("stale_speakers", "stale_documents", "stale_quotes", "stale_attributions"):
            assert conn.execute(f"select count(*) from {stale}").fetchone()[0] == 0, stale
        columns = f"speaker_id, {views.COUNT_COLUMNS}"
        assert table(conn, f"select {columns} from speaker_stats") == table(
            conn, views.speaker_aggregate_sql(available)
        )
        assert table(conn, f"select {columns}, {views.UNNAMED_COLUMNS} from speaker_stats") == table(
            conn, views.stored_counts_sql(available)
        )
        assert table(conn, "select * from speaker_days") == table(
            conn, statistics.speaker_days_sql(available)
        )
        facets = [statistics.facet_sql(facet, "") for facet in statistics.FACETS]
        facets.append(statistics.CUE_FACET_SQL.format(where=""))
        assert table(conn, "select * from speaker_facets") == table(conn, " union all ".join(facets))
        assert table(conn, "select * from document_stats") == table(
            conn, statistics.document_counts_sql(available)
        )
        assert table(conn, "select * from quote_stats") == table(conn, statistics.repeated_keys_sql())
        assert table(conn, "select * from speaker_timeline") == table(
            conn, statistics.timeline_sql(available)
        )
        assert_same_answers(conn, available)


def assert_same_answers(conn: sqlite3.Connection, available: list[str]) -> None:
    """The view and the saved queries give exactly the rows of their statistics-free versions."""
    conn.row_factory = None
    assert (
        conn.execute("select * from speaker_counts").fetchall()
        == conn.execute(views.speaker_counts_sql(available, stats=False)).fetchall()
    )
    cues = conn.execute("select * from speaker_cues").fetchall()
    assert cues == conn.execute(views.speaker_cues_sql(stats=False)).fetchall()
    for name in ("unnamed_sources", "unnamed_sources_by_outlet"):
        by_outlet = name.endswith("outlet")
        assert (
            conn.execute(f"select * from {name}").fetchall()
            == conn.execute(views.unnamed_sources_sql(available, stats=False, by_outlet=by_outlet)).fetchall()
        )
    aggregated = canned_queries(available, stats=False)
    # Statistics with the unnamed sources' outlets (schema 12), and without (served unupgraded, read-only).
    for kept in (canned_queries(available), canned_queries(available, unnamed_stats=False)):
        for speaker, unnamed in (("Ana Ruiz", "1"), ("ruiz", ""), ("officials", "1"), ("Tom Reyes", "")):
            params = {"words": "cargo ships", "speaker": speaker, "include_unnamed": unnamed}
            for name in kept:
                got = conn.execute(kept[name]["sql"], params).fetchall()
                assert got == conn.execute(aggregated[name]["sql"], params).fetchall(), name


def speaker_id(db_path: Path, name: str) -> int:
    return query(db_path, "select id from speakers where name = ?", name)[0][0]


def page_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li id="attribution-(\d+)">', html)]


def link(html: str, cls: str) -> str | None:
    found = parse(html).find_all("a", cls=cls)
    return found[0].attrs["href"] if found else None


def test_speaker_pages_paginate_through_thousands_of_attributions(big_db: Path) -> None:
    ruiz = speaker_id(big_db, "Ana Ruiz")
    expected = [
        row[0]
        for row in query(
            big_db,
            "select attributions.id from attributions join documents on documents.id = document_id"
            " where speaker_id = ? order by coalesce(date(published), date(ingested_at)), ingested_at,"
            " document_id, content_start, attributions.id",
            ruiz,
        )
    ]
    assert len(expected) > 2000
    seen, path, pages = [], f"/quotes/-/speaker/{ruiz}", []
    while path:
        (response,) = fetch(big_db, path)
        assert response.status_code == 200, path
        assert f"· {len(expected)} attributions" in response.text
        ids = page_ids(response.text)
        assert 0 < len(ids) <= PAGE_SIZE
        seen += ids
        pages.append((path, response.text))
        path = link(response.text, "qt-next")
    assert seen == expected  # every attribution once, oldest article first
    assert len(pages) == -(-len(expected) // PAGE_SIZE)
    assert link(pages[0][1], "qt-previous") is None and link(pages[0][1], "qt-first") is None
    # Walking back with "previous" from the last page gives the same pages, and every link resolves.
    back, text = [], pages[-1][1]
    while previous := link(text, "qt-previous"):
        (response,) = fetch(big_db, previous)
        assert response.status_code == 200
        text = response.text
        back.insert(0, page_ids(text))
    assert [i for ids in back for i in ids] + page_ids(pages[-1][1]) == expected
    links = {
        link(text, cls)
        for _, text in pages[:3] + pages[-2:]
        for cls in ("qt-first", "qt-previous", "qt-next")
    }
    responses = fetch(big_db, *(href for href in links if href))
    assert [r.status_code for r in responses] == [200] * len(responses)
    other = query(big_db, "select min(id) from attributions where speaker_id != ?", ruiz)[0][0]
    missing = fetch(
        big_db, f"{pages[0][0]}?after=999999999", f"{pages[0][0]}?after=x", f"{pages[0][0]}?before={other}"
    )
    assert [r.status_code for r in missing] == [404] * 3  # not an attribution of this speaker


def test_the_tallies_and_queries_of_a_big_speaker_match_the_attributions(big_db: Path) -> None:
    assert_statistics_current(big_db)
    ruiz = speaker_id(big_db, "Ana Ruiz")
    (response,) = fetch(big_db, f"/quotes/-/speaker/{ruiz}")
    kinds = parse(response.text).find_all("div", cls="qt-kinds")[0].text()
    for kind, n in query(
        big_db, "select kind, count(*) from attributions where speaker_id = ? group by kind", ruiz
    ):
        assert f"{kind}: {n}" in kinds
    names = [f"/quotes/{name}.json?_shape=array&words=cargo&speaker=ruiz" for name in canned_queries([])]
    views_and_tables = [
        "/quotes/speaker_counts",
        "/quotes/attributions?_search=cargo",
        "/quotes/speaker_stats",
    ]
    responses = fetch(big_db, *names, *views_and_tables)
    assert [r.status_code for r in responses] == [200] * len(responses)
    (repeated,) = json.loads(responses[list(canned_queries([])).index("repeated_quotes")].text)
    assert repeated["content"] == WIRE and repeated["articles"] == 30


def test_statistics_follow_load_force_ingest_raw_edits_and_merges(
    tmp_path: Path, nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "quotes.db"
    run_cli("load", str(write_extract(tmp_path / "a.jsonl", 20, 12)), "--db", str(db_path))
    assert_statistics_current(db_path)
    # Later articles (some quoting the wire copy again), and the first ones again with --force.
    run_cli("load", str(write_extract(tmp_path / "b.jsonl", 10, 12, first=20)), "--db", str(db_path))
    assert_statistics_current(db_path)
    run_cli("load", str(tmp_path / "a.jsonl"), "--db", str(db_path), "--force")
    assert_statistics_current(db_path)
    text = "“The bridge will reopen in May,” said Mayor Ana Ruiz.\nOfficials said the harbour was shut."
    (tmp_path / "ruiz.txt").write_text(text, encoding="utf-8")
    run_cli("ingest", str(tmp_path / "ruiz.txt"), "--db", str(db_path))
    assert_statistics_current(db_path)
    run_cli("ingest", str(tmp_path / "ruiz.txt"), "--db", str(db_path), "--force")
    assert_statistics_current(db_path)
    # A change made outside quotetrack is seen at once (the stale part is aggregated on reading) ...
    with contextlib.closing(connect(db_path)) as conn, conn:
        conn.execute(
            "update documents set outlet = 'Moved', published = '2020-01-01' where outlet = 'Port Daily'"
        )
        available = [row[1] for row in conn.execute("pragma table_info(documents)")]
        assert conn.execute("select count(*) from stale_speakers").fetchone()[0] > 0
        assert_same_answers(conn, available)
        # Rankings cut short take the first of the stored counts and every changed speaker: the same.
        monkeypatch.setattr(saved_queries, "LISTED_SPEAKERS", 1)
        assert_same_answers(conn, available)
        monkeypatch.undo()
    # ... and stored by the next refresh: a merge, then an alias, refresh the speakers they touch.
    run_cli("speakers", "--db", str(db_path), "merge", "Ana Ruiz", "Tom Reyes")
    assert_statistics_current(db_path)
    run_cli("speakers", "--db", str(db_path), "alias", "Port Authority", "officials")
    assert_statistics_current(db_path)
    counts = dict(query(db_path, "select speaker, attributions from speaker_counts"))
    assert "Tom Reyes" not in counts and "officials" not in counts
    assert (
        counts["Ana Ruiz"]
        == query(
            db_path,
            "select count(*) from attributions join speakers on speakers.id = speaker_id"
            " where name = 'Ana Ruiz'",
        )[0][0]
    )


def copied(db_path: Path, path: Path) -> Path:
    """A copy of the database (through SQLite's backup, so with what its WAL holds)."""
    with (
        contextlib.closing(sqlite3.connect(db_path)) as source,
        contextlib.closing(sqlite3.connect(path)) as copy,
    ):
        source.backup(copy)
    return path


def test_a_database_made_before_statistics_gets_them_on_opening(big_db: Path, tmp_path: Path) -> None:
    path = copied(big_db, tmp_path / "old.db")
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for kind, name in conn.execute(
            "select type, name from sqlite_master where name like '%stat%' or name like 'stale_%'"
            " or name like 'speaker_timeline%' or name = 'attributions_quote_key'"
        ).fetchall():
            if kind in ("table", "trigger"):
                conn.execute(f"drop {kind} if exists {name}")
        conn.execute("drop index if exists attributions_quote_key")
        conn.execute("pragma user_version = 2")
    old = canned_queries(["outlet", "published"], stats=False)
    (top,) = fetch(path, "/old/top_speakers.json?_shape=array")  # served as it is, read-only
    assert top.status_code == 200 and "speaker_stats" not in json.dumps(old)
    run_cli("speakers", "--db", str(path))  # opening it to write upgrades it
    assert_statistics_current(path)
    (again,) = fetch(path, "/old/top_speakers.json?_shape=array")
    assert again.json() == top.json()


def test_an_upgrade_keeps_current_statistics_and_rebuilds_older_ones(big_db: Path, tmp_path: Path) -> None:
    path = copied(big_db, tmp_path / "upgraded.db")
    ruiz = speaker_id(path, "Ana Ruiz")

    def stored_count() -> int:
        return query(path, "select attributions from speaker_stats where speaker_id = ?", ruiz)[0][0]

    def upgraded_from(version: int) -> None:
        """The database as that schema version left it, with one stored count off, then opened."""
        with contextlib.closing(sqlite3.connect(path)) as conn, conn:
            conn.execute("update speaker_stats set attributions = -1 where speaker_id = ?", [ruiz])
            conn.execute(f"pragma user_version = {version}")
        run_cli("speakers", "--db", str(path))  # opening it to write upgrades it

    counted = stored_count()
    upgraded_from(statistics.STATISTICS_SINCE)  # statistics as this code makes them: not aggregated again
    assert stored_count() == -1 and query(path, "pragma user_version")[0][0] == SCHEMA_VERSION
    upgraded_from(statistics.STATISTICS_SINCE - 1)  # made before: every statistic aggregated again
    assert stored_count() == counted
    assert_statistics_current(path)


def test_searches_rank_the_latest_matches_when_there_are_more(big_db: Path) -> None:
    """Every match is ranked (bm25, best first) up to the cut; past it, only the latest ones are."""
    available = [row[1] for row in query(big_db, "pragma table_info(documents)")]
    with contextlib.closing(connect(big_db)) as conn:
        rank = dict(
            conn.execute(
                "select rowid, bm25(attributions_fts) from attributions_fts"
                " where attributions_fts match 'cargo' order by rowid desc"
            ).fetchall()
        )
        latest_first = list(rank)

        def ids(sql: str, **params: str) -> list[int]:
            return [row[0] for row in conn.execute(f"select attribution_id from ({sql})", params)]

        found = ids(search_sql(available), words="cargo")
        assert len(rank) > 1000 and len(found) == 500
        assert [rank[i] for i in found] == sorted(rank.values())[:500]  # the best of all, best first
        cut = ids(search_sql(available, ranked=100), words="cargo")
        assert sorted(cut) == sorted(latest_first[:100])
        assert [rank[i] for i in cut] == sorted(rank[i] for i in latest_first[:100])
        ruiz = speaker_id(big_db, "Ana Ruiz")
        speakers = dict(conn.execute("select id, speaker_id from attributions").fetchall())
        theirs = [i for i in latest_first if speakers[i] == ruiz]
        by_ruiz = ids(search_sql(available, by_speaker=True, ranked=50), words="cargo", speaker="ana ruiz")
        assert sorted(by_ruiz) == sorted(theirs[:50])
        # The speaker's token in the index, or their attributions listed (databases before schema 13):
        # the same rows, for a name, a surname, an unnamed source's description (one speaker per
        # article), a name nobody has, and anyone.
        for speaker in ("Ana Ruiz", "ruiz", "officials", "Nobody Known", ""):
            params = {"words": "cargo ships", "speaker": speaker}
            assert (
                conn.execute(search_sql(available, by_speaker=True, speaker_tokens=False), params).fetchall()
                == conn.execute(search_sql(available, by_speaker=True), params).fetchall()
            ), speaker


def test_view_pages_are_served_without_counting_the_view(big_db: Path) -> None:
    """Datasette counts a view by running all of it; view pages skip that, table pages keep their count."""
    view, table, html = fetch(
        big_db, "/quotes/speaker_counts.json", "/quotes/speakers.json", "/quotes/speaker_cues"
    )
    assert view.status_code == 200 and view.json()["filtered_table_rows_count"] is None
    first = [tuple(row) for row in query(big_db, "select * from speaker_counts limit 100")]
    assert [tuple(row) for row in view.json()["rows"]] == first
    assert table.json()["filtered_table_rows_count"] == len(query(big_db, "select id from speakers"))
    assert html.status_code == 200 and "_nocount=1" in html.text  # its links keep asking for no count


def test_tables_too_big_to_facet_in_time_get_no_default_facets(
    big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = metadata_for(big_db)["databases"]["quotes"]["tables"]
    assert tables["attributions"]["facets"] and tables["documents"]["facets"]
    search = "/quotes/attributions.json?_search=cargo&_size=50"
    (counted,) = fetch(big_db, search)
    monkeypatch.setattr(app, "FACETED_ROWS", 1000)  # big_db: 3,600 attributions in 120 documents
    # A full-text search of the big table: the same rows, without counting every match.
    (uncounted,) = fetch(big_db, search)
    assert counted.json()["filtered_table_rows_count"] > 50
    assert uncounted.json()["filtered_table_rows_count"] is None
    assert uncounted.json()["rows"] == counted.json()["rows"] and uncounted.json()["next"]
    tables = metadata_for(big_db)["databases"]["quotes"]["tables"]
    assert "facets" not in tables["attributions"] and tables["documents"]["facets"]
    assert tables["attributions"]["sortable_columns"]  # only the facets go
    # The view of every attribution: no default facets, and sorted only along an index.
    view = tables["quotes_and_claims"]
    assert "facets" not in view and view["sortable_columns"] == ["kind", "attribution_id"]
    plans = [
        " ".join(
            row[-1] for row in query(big_db, f"explain query plan select * from quotes_and_claims {order}")
        )
        for order in (
            "order by kind limit 101",
            "order by kind desc limit 101",
            "order by attribution_id limit 101",
        )
    ]
    assert not any("TEMP B-TREE" in plan for plan in plans), plans


DAY = "coalesce(date(published), date(ingested_at))"
FILTERS = [
    {"kind": "claim"},
    {"since": "2024-03-01", "until": "2024-06-30"},
    {"outlet": "port daily"},  # any case
    {"kind": "direct", "outlet": "Evening Star", "since": "2024-05-01"},
]


def filtered_ids(db_path: Path, speaker: int, filters: dict[str, str]) -> list[int]:
    """The speaker's attributions passing the filters, in the page's order, straight from the tables."""
    kinds = {"claim": ["indirect"], "quote": ["direct", "mixed"]}.get(
        filters.get("kind", ""), [filters.get("kind")]
    )
    sql = (
        "select attributions.id from attributions join documents on documents.id = document_id"
        " where speaker_id = ?"
    )
    params: list[object] = [speaker]
    if filters.get("kind"):
        sql += f" and kind in ({', '.join('?' for _ in kinds)})"
        params += kinds
    for name, op in (("since", ">="), ("until", "<=")):
        if name in filters:
            sql += f" and {DAY} {op} ?"
            params.append(filters[name])
    if "outlet" in filters:
        sql += " and lower(outlet) = lower(?)"
        params.append(filters["outlet"])
    order = f" order by {DAY}, ingested_at, document_id, content_start, attributions.id"
    return [row[0] for row in query(db_path, sql + order, *params)]


def walk(db_path: Path, first: str) -> list[str]:
    """Every page from `first` by its next links."""
    texts, path = [], first
    while path:
        (response,) = fetch(db_path, path)
        assert response.status_code == 200, path
        texts.append(response.text)
        path = link(response.text, "qt-next")
    return texts


def chart_totals(html: str) -> dict[str, int]:
    """The speaker chart's numbers per kind, summed over its bars."""
    totals: dict[str, int] = {}
    chart = parse(html).by_id("qt-speaker-chart")
    for rect in chart.find_all("rect", cls="qt-bar"):
        kind = rect.attrs["data-series"]
        totals[kind] = totals.get(kind, 0) + int(rect.attrs["data-value"].replace(",", ""))
    return totals


@pytest.mark.parametrize("stale", [False, True], ids=["stored", "aggregated"])
def test_speaker_page_filters_by_kind_dates_and_outlet_across_pages(
    big_db: Path, tmp_path: Path, stale: bool
) -> None:
    db_path = big_db
    ruiz = speaker_id(big_db, "Ana Ruiz")
    if stale:  # a write not yet refreshed: the page aggregates instead of reading statistics
        db_path = tmp_path / "quotes.db"
        with (
            contextlib.closing(sqlite3.connect(big_db)) as source,
            contextlib.closing(sqlite3.connect(db_path)) as copy,
        ):
            source.backup(copy)
        with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
            conn.execute("insert into stale_speakers values (?)", [ruiz])
    total = len(filtered_ids(db_path, ruiz, {}))
    for filters in FILTERS:
        expected = filtered_ids(db_path, ruiz, filters)
        assert 0 < len(expected) < total, filters
        texts = walk(db_path, f"/quotes/-/speaker/{ruiz}?{urllib.parse.urlencode(filters)}")
        assert [i for text in texts for i in page_ids(text)] == expected, filters
        assert len(texts) == -(-len(expected) // PAGE_SIZE)
        for text in texts[1:]:  # every link keeps the filters
            for cls in ("qt-first", "qt-previous"):
                href = link(text, cls)
                kept = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(href).query))
                assert {k: v for k, v in kept.items() if k in filters} == filters
        page = parse(texts[0])
        form = page.find_all("form", cls="qt-filters")[0]
        values = {node.attrs.get("name"): node.attrs.get("value") for node in form.find_all("input")}
        assert {k: values[k] for k in filters if k != "kind"} == {
            k: v for k, v in filters.items() if k != "kind"
        }
        matching = page.find_all("p", cls="qt-matching")[0].text()
        shown = chart_totals(texts[0])
        assert matching == f"{len(expected):,} of {total:,} match."
        assert sum(shown.values()) == len(expected)
        kinds = {"claim": {"indirect"}, "direct": {"direct"}}.get(
            filters.get("kind"), {"direct", "mixed", "indirect"}
        )
        assert set(shown) == kinds
    unfiltered = walk(db_path, f"/quotes/-/speaker/{ruiz}")[0]
    assert sum(chart_totals(unfiltered).values()) == total
    bad = fetch(
        db_path,
        f"/quotes/-/speaker/{ruiz}?since=2024-13-01",
        f"/quotes/-/speaker/{ruiz}?kind=rumour",
    )
    assert [r.status_code for r in bad] == [400, 400]
    (nothing,) = fetch(db_path, f"/quotes/-/speaker/{ruiz}?since=2030-01-01")
    assert nothing.status_code == 200 and page_ids(nothing.text) == []
    assert "Nothing matches." in nothing.text and "No attributions to chart." in nothing.text


def test_outlets_page_sums_quotes_claims_and_unnamed_sources_per_outlet(big_db: Path, tmp_path: Path) -> None:
    expected = {
        outlet or "(outlet unknown)": (articles, n, quotes, claims, anonymous)
        for outlet, articles, n, quotes, claims, anonymous in query(
            big_db,
            "select outlet, count(distinct documents.id), count(*), sum(attributions.kind != 'indirect'),"
            " sum(attributions.kind = 'indirect'), sum(coalesce(speakers.kind = 'unnamed', 0))"
            " from attributions join documents on documents.id = document_id"
            " left join speakers on speakers.id = speaker_id group by outlet",
        )
    }
    # Served as a database made before document_stats held quotes and claims is (read-only) too.
    old = tmp_path / "old.db"
    with (
        contextlib.closing(sqlite3.connect(big_db)) as source,
        contextlib.closing(sqlite3.connect(old)) as copy,
    ):
        source.backup(copy)
    with contextlib.closing(sqlite3.connect(old)) as conn, conn:
        conn.execute("drop index document_stats_by_outlet")
        conn.execute("alter table document_stats drop column quotes")
        conn.execute("alter table document_stats drop column claims")
        conn.execute("drop index speaker_timeline_keys")
        conn.execute("alter table speaker_timeline drop column kind")
    # The speaker page of such a database aggregates, and filters the same.
    ruiz = speaker_id(big_db, "Ana Ruiz")
    path = f"/quotes/-/speaker/{ruiz}?kind=quote&outlet=Port+Daily&since=2024-02-01"
    (new_page,) = fetch(big_db, path)
    (old_page,) = fetch(old.rename(old.with_name("quotes.db")), path)
    old = old.with_name("quotes.db")
    assert (
        page_ids(old_page.text)
        == page_ids(new_page.text)
        == filtered_ids(big_db, ruiz, {"kind": "quote", "outlet": "Port Daily", "since": "2024-02-01"})[
            :PAGE_SIZE
        ]
    )
    for db_path in (big_db, old):
        (response, about) = fetch(db_path, f"/{db_path.stem}/-/outlets", "/-/quotetrack")
        assert response.status_code == 200
        page = parse(response.text)
        shown = {}
        for row in page.find_all("table", cls="qt-outlets")[0].find_all("tbody")[0].find_all("tr"):
            cells = [cell.text() for cell in row.find_all("td")]
            numbers = [int(cell.replace(",", "")) for cell in cells[1:5]] + [int(cells[6].replace(",", ""))]
            shown[cells[0]] = tuple(numbers)
        assert shown == expected
        kinds = page.by_id("qt-outlet-kinds")
        bars = kinds.find_all("rect", cls="qt-bar")
        assert {rect.attrs["data-series"] for rect in bars} == {"quotes", "claims"}
        assert len(kinds.find_all("g", cls="qt-row")) == len(expected)
        anonymous = page.by_id("qt-outlet-anonymous")
        rows = [g.attrs["data-category"] for g in anonymous.find_all("g", cls="qt-row")]
        shares = [expected[name][4] / expected[name][1] for name in rows]
        assert shares == sorted(shares, reverse=True)  # highest share of unnamed sources first
        assert f"/{db_path.stem}/-/outlets" in {a.attrs.get("href") for a in parse(about.text).find_all("a")}
