"""Reading first (issue 11 item 3): the home page's search box and ways in, the search page, the
quotes_and_claims view, linked cells, the cue facet by lemma, and saved queries that show results, not SQL.
On news_db (the seed and three articles with outlets and dates, through the real ingest)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from desk_client import Node, fetch, parse, query

from quotetrack.desk.metadata import INTERNAL_TABLES, build_metadata
from quotetrack.desk.saved_queries import canned_queries

READING_COLUMNS = ["speaker", "kind", "cue", "content", "title", "outlet", "date"]


def headers(page: Node) -> list[str]:
    return [th.attrs["data-column"] for th in page.find_all("th") if "data-column" in th.attrs]


def cells(page: Node, column: str) -> list[Node]:
    return page.find_all("td", cls=f"col-{column}")


def href(cell: Node) -> str:
    (link,) = cell.find_all("a")
    return link.attrs["href"]


def test_quotes_and_claims_reads_speaker_kind_cue_content_title_outlet_and_date_first(news_db: Path) -> None:
    name = news_db.stem
    (page,) = fetch(news_db, f"/{name}/quotes_and_claims?_size=max")
    root = parse(page.text)
    assert headers(root)[:7] == READING_COLUMNS
    expected = query(
        news_db,
        "select attributions.id, speakers.name, attributions.kind, attributions.cue, attributions.content,"
        " documents.title, documents.outlet,"
        " coalesce(date(documents.published), date(documents.ingested_at)) as date,"
        " attributions.speaker_id, attributions.document_id"
        " from attributions join documents on documents.id = attributions.document_id"
        " left join speakers on speakers.id = attributions.speaker_id order by attributions.id",
    )
    shown = list(zip(*(cells(root, column) for column in ["attribution_id", *READING_COLUMNS]), strict=True))
    assert len(shown) == len(expected) >= 25
    for row, (number, speaker, kind, cue, content, title, outlet, date) in zip(expected, shown, strict=True):
        assert [c.text().strip() for c in (number, kind, cue, content, outlet, date)] == [
            str(row["id"]),
            row["kind"],
            row["cue"],
            row["content"],
            row["outlet"] or "",
            row["date"],
        ]
        # The speaker opens their page, the title the article at this attribution, the id the stored row.
        if row["speaker_id"] is not None:
            assert (speaker.text(), href(speaker)) == (row["name"], f"/{name}/-/speaker/{row['speaker_id']}")
        assert (title.text(), href(title)) == (
            row["title"],
            f"/{name}/-/article/{row['document_id']}#attribution-{row['id']}",
        )
        assert href(number) == f"/{name}/attributions/{row['id']}"
    # The 64-character document id shows 8, linked to the article, the whole id in its title.
    document = cells(root, "document_id")[0].find_all("a")[0]
    assert document.text() == expected[0]["document_id"][:8] + "…"
    assert document.attrs["title"] == expected[0]["document_id"]


def test_the_cue_facet_counts_by_lemma(news_db: Path) -> None:
    name = news_db.stem
    cues = {row[0] for row in query(news_db, "select cue from attributions where cue_lemma = 'according to'")}
    assert {"According to", "according to"} <= cues  # two spellings, one lemma
    counted = query(news_db, "select count(*) from attributions where cue_lemma = 'according to'")[0][0]
    for table in ("attributions", "quotes_and_claims"):
        (page,) = fetch(news_db, f"/{name}/{table}.json")
        facets = page.json()["facet_results"]
        assert "cue" not in facets
        values = {item["value"]: item["count"] for item in facets["cue_lemma"]["results"]}
        assert values["according to"] == counted


def test_table_cells_open_the_speaker_page_and_the_article_at_the_attribution(news_db: Path) -> None:
    name = news_db.stem
    (page,) = fetch(news_db, f"/{name}/attributions?_size=max")
    root = parse(page.text)
    rows = {row["id"]: row for row in query(news_db, "select id, speaker_id, document_id from attributions")}
    pks = [int(cell.text()) for cell in cells(root, "id")]
    assert sorted(pks) == sorted(rows)
    for number, speaker, document in zip(
        pks, cells(root, "speaker_id"), cells(root, "document_id"), strict=True
    ):
        row = rows[number]
        if row["speaker_id"] is not None:
            assert href(speaker) == f"/{name}/-/speaker/{row['speaker_id']}"
        assert href(document) == f"/{name}/-/article/{row['document_id']}#attribution-{number}"


def test_saved_queries_show_results_under_their_title_not_their_sql(news_db: Path) -> None:
    name = news_db.stem
    queries = canned_queries(["outlet", "published"])
    pages = fetch(news_db, *(f"/{name}/{query_name}?words=port&speaker=Reyes" for query_name in queries))
    for (query_name, saved), page in zip(queries.items(), pages, strict=True):
        root = parse(page.text)
        assert root.find_all("title")[0].text() == f"{saved['title']} · {name}", query_name
        assert [pre for pre in root.find_all("pre") if pre.attrs.get("id") == "sql-query"] == [], query_name
        assert root.find_all("table", cls="rows-and-columns") or root.find_all("p", cls="zero-results")
    # The SQL is one link away.
    (shown,) = fetch(news_db, f"/{name}/top_speakers?_show_sql=1")
    assert parse(shown.text).by_id("sql-query").text().startswith("select")


def test_internal_tables_are_hidden_but_still_there(news_db: Path) -> None:
    tables = build_metadata(news_db.stem)["databases"][news_db.stem]["tables"]
    assert all(tables[name] == {"hidden": True} for name in INTERNAL_TABLES)
    name = news_db.stem
    database, fts = fetch(news_db, f"/{name}.json", f"/{name}/attributions_fts.json")
    hidden = {table["name"] for table in database.json()["tables"] if table["hidden"]}
    assert {"attributions_fts", "speaker_stats"} <= hidden and fts.status_code == 200


def test_home_page_searches_and_leads_to_top_speakers_recent_articles_unresolved_and_outlets(
    news_db: Path,
) -> None:
    name = news_db.stem
    (home,) = fetch(news_db, "/")
    root = parse(home.text)
    (form,) = root.find_all("form", cls="qt-home-search")
    assert form.attrs["action"] == f"/{name}/-/search"
    assert [i.attrs["name"] for i in form.find_all("input")] == ["q"]
    assert root.find_all("a", cls="qt-top-speakers-link")[0].attrs["href"] == f"/{name}/top_speakers"
    assert href(root.find_all("section", cls="qt-more")[0].find_all("li")[0]) == f"/{name}/quotes_and_claims"
    (outlets,) = root.find_all("a", cls="qt-outlets-link")
    assert outlets.attrs["href"] == f"/{name}/-/outlets"
    recent = query(news_db, "select id from documents order by published desc, ingested_at desc limit 5")
    articles = root.find_all("section", cls="qt-recent-articles")[0].find_all("li")
    assert [href(li) for li in articles] == [f"/{name}/-/article/{row['id']}" for row in recent]
    assert articles[0].find_all("a")[0].text() == "Council & mayor clash over “budget” <b>cuts</b>"  # as text
    (unresolved,) = root.find_all("a", cls="qt-unresolved")
    path, _, arguments = unresolved.attrs["href"].partition("?")
    (listed,) = fetch(news_db, f"{path}.json?{arguments}&_shape=array&_size=max")
    listed_ids = {row["attribution_id"] for row in listed.json()}
    ids = {row[0] for row in query(news_db, "select id from attributions where speaker_id is null")}
    assert ids and ids <= listed_ids  # every attribution without a speaker, and as many as the page says
    count = root.find_all("span", cls="qt-unresolved-count")[0].text()
    assert int(count.split()[0].replace(",", "")) == len(listed_ids)


def test_search_finds_speakers_by_name_and_what_they_said(news_db: Path) -> None:
    name = news_db.stem
    ((speaker_id, speaker),) = query(news_db, "select id, name from speakers where name like 'Mary O_Don%'")
    for words in ("o'donnell", "O’Donnell", "mary o"):  # any apostrophe, any case, part of a name
        (page,) = fetch(news_db, f"/{name}/-/search?" + urlencode({"q": words}))
        (found,) = parse(page.text).find_all("ul", cls="qt-found-speakers")
        assert found.find_all("a")[0].text() == speaker
        assert href(found.find_all("li")[0]) == f"/{name}/-/speaker/{speaker_id}"

    (page,) = fetch(news_db, f"/{name}/-/search?q=port")
    root = parse(page.text)
    expected = query(
        news_db,
        "select attributions.id, document_id from attributions_fts join attributions"
        " on attributions.id = attributions_fts.rowid where attributions_fts match 'port'",
    )
    links = [href(cell) for cell in root.find_all("td", cls="col-title")]
    assert sorted(links) == sorted(f"/{name}/-/article/{row[1]}#attribution-{row[0]}" for row in expected)
    marks = [mark.text().lower() for mark in root.find_all("mark")]
    assert marks and set(marks) == {"port"}
    # A search for nothing, or for words nobody said, answers plainly.
    empty, nobody = fetch(news_db, f"/{name}/-/search?q=", f"/{name}/-/search?q=zebra")
    assert empty.status_code == nobody.status_code == 200
    assert "No quote or claim contains all of “zebra”" in nobody.text
