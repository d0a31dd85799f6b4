"""The quote desk's trail page, its links from article and speaker pages, and the saved queries over
trails, on the articles of test_trails served by a real in-process Datasette."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from desk_client import fetch, parse, query
from spacy.language import Language
from test_trails import ARTICLES, QUOTE, write_articles

from quotetrack import Tracker

# Markup inside a quote run twice must stay text on the trail page.
MARKUP = "“We will not allow <script>alert(1)</script> or <b>anything</b> at the harbour,” said Jane Doe."


SHORT = ("Gazette", "2024-11-22", "Vote\n“We will win,” said Jane Doe.\n")  # too short to follow


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    folder = tmp_path_factory.mktemp("trail-page")
    articles = [
        *ARTICLES,
        ("Gazette", "2024-11-20", f"Row\n{MARKUP}"),
        ("Wire", "2024-11-21", f"Late\n{MARKUP}"),
        SHORT,
    ]
    with Tracker(folder / "news.db") as tracker:
        tracker.ingest([write_articles(folder / "news.jsonl", articles)])
    return folder / "news.db"


def trail_id(db: Path) -> int:
    return query(db, "select id from trails where canonical = ?", QUOTE)[0][0]


def test_the_trail_page_lists_appearances_with_differences_and_links(news_db: Path) -> None:
    number = trail_id(news_db)
    (page,) = fetch(news_db, f"/news/-/trail/{number}")
    assert page.status_code == 200
    root = parse(page.text)
    rows = root.find_all("table", cls="qt-trail")[0].find_all("tr")[1:]
    cells = [[td.text().strip() for td in row.find_all("td")] for row in rows]
    assert [(c[0], c[1], c[2], c[4]) for c in cells] == [
        ("2024-11-10", "Coastal Times", "Ana Lopez", "first"),
        ("2024-11-11", "Harbour Post", "Ana Lopez", "fragment"),
        ("2024-11-12", "Wire", "Ana Lopez", "variant"),
        ("2024-11-13", "Harbour Post", "Tom Reyes", "other speaker"),
    ]
    variant = rows[2].find_all("td", cls="qt-version")[0]
    assert [d.text() for d in variant.find_all("del")] == ["plan"]
    assert [i.text() for i in variant.find_all("ins")] == ["deal"]
    assert not rows[1].find_all("del") and rows[1].find_all("td", cls="qt-version")[0].text().count("…") == 2
    # Each appearance links to its highlighted place in the article.
    ids = [row.attrs["id"].removeprefix("appearance-") for row in rows]
    links = [row.find_all("a", cls="qt-article-link")[0].attrs["href"] for row in rows]
    assert all(link.endswith(f"#attribution-{n}") for link, n in zip(links, ids, strict=True))
    assert all(r.status_code == 200 for r in fetch(news_db, *(link.split("#")[0] for link in links)))
    assert "Possible misattribution" in root.find_all("p", cls="qt-misattributed")[0].text()
    # The timeline: appearances per day stacked by outlet, the outlet that ran it most first.
    chart = root.find_all("svg")[0]
    bars = {
        (bar.attrs["data-series"], bar.attrs["data-value"]) for bar in chart.find_all("rect", cls="qt-bar")
    }
    assert bars == {("Harbour Post", "1"), ("Coastal Times", "1"), ("Wire", "1")}
    assert len(chart.find_all("rect", cls="qt-bar")) == 4


def test_a_member_id_redirects_to_its_trail_and_bad_ids_are_not_found(news_db: Path) -> None:
    number = trail_id(news_db)
    member = query(news_db, "select max(attribution_id) from trail_members where trail_id = ?", number)[0][0]
    (short,) = query(news_db, "select id from attributions where content = 'We will win'")[0]
    moved, missing, bad, too_short = fetch(
        news_db, f"/news/-/trail/{member}", "/news/-/trail/99999", "/news/-/trail/x", f"/news/-/trail/{short}"
    )
    assert (moved.status_code, moved.headers["location"]) == (302, f"/news/-/trail/{number}")
    assert [missing.status_code, bad.status_code, too_short.status_code] == [404, 404, 404]


def test_markup_in_a_quote_stays_text_on_the_trail_page(news_db: Path) -> None:
    (number,) = query(news_db, "select id from trails where canonical like '%<script>%'")[0]
    (page,) = fetch(news_db, f"/news/-/trail/{number}")
    assert page.status_code == 200 and "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_article_and_speaker_pages_link_members_to_their_trail(news_db: Path) -> None:
    number = trail_id(news_db)
    documents = {row[0]: row[1] for row in query(news_db, "select title, id from documents")}
    lopez = query(news_db, "select id from speakers where name = 'Ana Lopez'")[0][0]
    original, budget, speaker = fetch(
        news_db,
        f"/news/-/article/{documents['Harbour vote']}",
        f"/news/-/article/{documents['Budget row']}",
        f"/news/-/speaker/{lopez}",
    )
    expected = f"/news/-/trail/{number}"
    assert [a.attrs["href"] for a in parse(original.text).find_all("a", cls="qt-trail-link")] == [expected]
    assert parse(budget.text).find_all("a", cls="qt-trail-link") == []  # a quote of one article
    assert [a.attrs["href"] for a in parse(speaker.text).find_all("a", cls="qt-trail-link")] == [expected] * 3


def test_saved_queries_list_the_most_spread_quotes_and_possible_misattributions(news_db: Path) -> None:
    spread, misattributed, page = fetch(
        news_db,
        "/news/repeated_quotes.json?_shape=array",
        "/news/possible_misattributions.json?_shape=array",
        "/news/possible_misattributions",
    )
    rows = spread.json()
    assert [(r["content"], r["articles"], r["outlets"], r["first_outlet"]) for r in rows][0] == (
        QUOTE,
        4,
        3,
        "Coastal Times",
    )
    assert len(rows) == 2  # and the quote with markup, in two articles
    (flagged,) = misattributed.json()
    assert (flagged["content"], flagged["speaker_names"]) == (QUOTE, "Ana Lopez; Tom Reyes")
    link = parse(page.text).find_all("td", cls="col-content")[0].find_all("a")[0]
    assert link.attrs["href"] == f"/news/-/trail/{flagged['trail_id']}"
    assert json.dumps(flagged)  # plain values only


def test_possible_misattributions_are_the_same_from_trails_made_before_they_kept_speakers(
    news_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "news.db"
    shutil.copy(news_db, copy)
    with contextlib.closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("alter table trails drop column speaker_ids")  # as schema 10 made it
        conn.execute("pragma user_version = 10")
    paths = ("/news/possible_misattributions.json?_shape=array", "/news/repeated_quotes.json?_shape=array")
    old = [page.json() for page in fetch(copy, *paths)]  # served as it is, read-only
    assert old == [page.json() for page in fetch(news_db, *paths)]
    assert old[0][0]["speaker_names"] == "Ana Lopez; Tom Reyes"
