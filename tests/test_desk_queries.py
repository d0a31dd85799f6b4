"""Each saved query of the quote desk, run through Datasette's in-process client on ingested articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk_client import fetch, parse, query

from quotetrack.desk.saved_queries import canned_queries

BLINKEN_KINDS = (
    "select attributions.kind, count(*) from attributions join speakers on speakers.id = speaker_id"
    " where speakers.name = 'Antony Blinken' group by attributions.kind"
)


def rows(db_path: Path, query: str, **params: str) -> list[dict[str, Any]]:
    """A saved query's rows as JSON objects."""
    args = "".join(f"&{name}={value}" for name, value in params.items())
    (response,) = fetch(db_path, f"/{db_path.stem}/{query}.json?_shape=array{args}")
    assert response.status_code == 200, response.text
    return response.json()


def scalar(db_path: Path, sql: str) -> Any:
    return query(db_path, sql)[0][0]


def test_search_ranks_matches_with_highlighted_snippets_and_links(seeded_db: Path) -> None:
    found = rows(seeded_db, "search", words="firm response")
    matching = scalar(
        seeded_db, "select count(*) from attributions_fts where attributions_fts match 'firm response'"
    )
    assert len(found) == matching >= 2
    assert all("<mark>firm</mark>" in row["snippet"] for row in found)
    assert "Antony Blinken" in {row["speaker"] for row in found}
    assert rows(seeded_db, "search", words="") == []
    assert rows(seeded_db, "search", words='"unbalanced AND (') == []  # broken syntax: plain words
    # FTS syntax that FTS5 takes works as in the CLI (quotetrack.store.search, one rule for both).
    assert {row["speaker"] for row in rows(seeded_db, "search", words="Kiev+OR+Kyiv")} >= {"Kiev"}
    assert len(rows(seeded_db, "search", words="troop%2A")) > len(rows(seeded_db, "search", words="troop"))
    (page,) = fetch(seeded_db, "/quotes/search?words=firm+response")
    root = parse(page.text)
    marks = [m.text() for td in root.find_all("td", cls="col-snippet") for m in td.find_all("mark")]
    assert marks.count("firm") == marks.count("response") == matching
    title_links = [a.attrs["href"] for td in root.find_all("td", cls="col-title") for a in td.find_all("a")]
    assert title_links and all(
        "/quotes/-/article/" in href and "#attribution-" in href for href in title_links
    )
    speaker_links = [
        a.attrs["href"] for td in root.find_all("td", cls="col-speaker") for a in td.find_all("a")
    ]
    assert speaker_links and all(href.startswith("/quotes/-/speaker/") for href in speaker_links)


def test_search_snippets_show_markup_in_quotes_as_text(desk_db: Path) -> None:
    (page,) = fetch(desk_db, "/desk/search?words=accept+alert")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "<img src=x" not in page.text
    snippet = parse(page.text).find_all("td", cls="col-snippet")[0]
    assert {node.tag for node in snippet.iter()} <= {"td", "span", "mark"}
    assert "<script>" in snippet.text()


def test_quotes_matching_words_by_a_speaker(seeded_db: Path) -> None:
    by_blinken = rows(seeded_db, "search_by_speaker", words="firm", speaker="blinken")
    assert len(by_blinken) >= 2 and {row["speaker"] for row in by_blinken} == {"Antony Blinken"}
    assert rows(seeded_db, "search_by_speaker", words="firm", speaker="trump") == []
    everyone = rows(seeded_db, "search_by_speaker", words="firm", speaker="")
    assert len(everyone) == scalar(
        seeded_db, "select count(*) from attributions_fts where attributions_fts match 'firm'"
    )


def test_top_speakers_and_claims_vs_quotes(seeded_db: Path) -> None:
    top = rows(seeded_db, "top_speakers")
    assert top[0]["speaker"] == "Antony Blinken"
    kinds = dict(query(seeded_db, BLINKEN_KINDS))
    assert (top[0]["direct"], top[0]["mixed"], top[0]["indirect"]) == tuple(
        kinds.get(kind, 0) for kind in ("direct", "mixed", "indirect")
    )
    assert top[0]["attributions"] == sum(kinds.values()) == max(row["attributions"] for row in top)
    named = (
        "select count(*) from attributions join speakers on speakers.id = speaker_id"
        " where speakers.kind != 'unnamed'"
    )
    assert sum(row["attributions"] for row in top) == scalar(seeded_db, named)
    everyone = rows(seeded_db, "top_speakers", include_unnamed="1")
    assert sum(row["attributions"] for row in everyone) == scalar(
        seeded_db, "select count(*) from attributions where speaker_id is not null"
    )
    balance = rows(seeded_db, "claims_vs_quotes")
    assert all(row["direct"] + row["mixed"] + row["indirect"] == row["attributions"] for row in balance)
    shares = [row["claims_pct"] for row in balance]
    assert shares == sorted(shares, reverse=True) and shares[0] == 100.0
    (page,) = fetch(seeded_db, "/quotes/top_speakers")
    first = parse(page.text).find_all("td", cls="col-speaker")[0].find_all("a")[0]
    assert first.text() == "Antony Blinken"
    assert first.attrs["href"] == f"/quotes/-/speaker/{top[0]['speaker_id']}"


def test_a_speakers_quotes_over_time(seeded_db: Path) -> None:
    days = rows(seeded_db, "speaker_over_time", speaker="blinken")
    assert {row["speaker"] for row in days} == {"Antony Blinken"}
    assert sum(row["attributions"] for row in days) == sum(dict(query(seeded_db, BLINKEN_KINDS)).values())
    assert [row["date"] for row in days] == sorted(row["date"] for row in days)


def test_anonymous_source_share_per_outlet(desk_db: Path) -> None:
    (outlet,) = rows(desk_db, "anonymous_sources_by_outlet")  # no outlet column yet: one unknown outlet
    unnamed = scalar(
        desk_db,
        "select count(*) from attributions join speakers on speakers.id = speaker_id"
        " where speakers.kind = 'unnamed'",
    )
    assert outlet["anonymous"] == unnamed >= 1
    assert outlet["attributions"] == scalar(desk_db, "select count(*) from attributions")
    assert outlet["anonymous_pct"] == round(100 * unnamed / outlet["attributions"], 1)


def test_the_same_quote_in_several_articles_is_grouped_with_its_first_appearance(desk_db: Path) -> None:
    (repeated,) = rows(desk_db, "repeated_quotes")
    assert repeated["content"] == "The port will reopen next week"
    assert repeated["articles"] == 2
    assert repeated["first_title"] == "Port news"  # ingested before "Evening bulletin"
    (page,) = fetch(desk_db, "/desk/repeated_quotes")
    link = parse(page.text).find_all("td", cls="col-first_title")[0].find_all("a")[0]
    assert link.attrs["href"] == (
        f"/desk/-/article/{repeated['first_document_id']}#attribution-{repeated['first_attribution_id']}"
    )


def test_every_saved_query_is_read_only_and_runs(seeded_db: Path) -> None:
    queries = canned_queries(["outlet", "published"])
    assert all("write" not in query for query in queries.values())
    assert all(query["sql"].lstrip().lower().startswith(("select", "with")) for query in queries.values())
    pages = fetch(seeded_db, *(f"/quotes/{name}?words=firm&speaker=b" for name in queries))
    assert [page.status_code for page in pages] == [200] * len(queries)
