"""The quote desk's article, speaker and about pages, through Datasette's in-process client."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import run_cli
from desk_client import Node, copy_with_document_fields, fetch, marked, parse, query


def one(db_path: Path, sql: str, *params: object) -> tuple:
    """The single row a query must return."""
    (row,) = query(db_path, sql, *params)
    return tuple(row)


def test_article_view_highlights_every_attribution_of_the_seed(seeded_db: Path) -> None:
    document_id, text = one(seeded_db, "select id, text from documents")
    (response,) = fetch(seeded_db, f"/quotes/-/article/{document_id}")
    assert response.status_code == 200
    root = parse(response.text)
    body = root.by_id("article-text")
    assert body.text() == text  # the whole article, nothing lost, added or double-escaped
    rows = query(seeded_db, "select * from attributions where document_id = ?", document_id)
    assert len(rows) >= 10
    contents, cues, speakers = marked(body, "content"), marked(body, "cue"), marked(body, "speaker")
    for row in rows:
        assert contents[row["id"]] == text[row["content_start"] : row["content_end"]] == row["content"]
        assert cues[row["id"]] == text[row["cue_start"] : row["cue_end"]]
        assert speakers[row["id"]] == row["speaker_mention"]
    blinken = one(seeded_db, "select id from speakers where name = 'Antony Blinken'")[0]
    links = {a.attrs["href"] for a in body.find_all("a")}
    assert f"/quotes/-/speaker/{blinken}" in links
    assert len(root.find_all("span", cls="qt-anchor")) == len(rows)


def counted(db_path: Path, expression: str, speaker_id: int) -> dict[str, int]:
    """What the speaker page should tally: the speaker's attributions per value of `expression`."""
    found = query(
        db_path,
        f"select {expression}, count(*) from attributions where speaker_id = ? and {expression} != ''"
        f" group by {expression}",
        speaker_id,
    )
    return {value: n for value, n in found}


def tallied(page: Node, css: str) -> dict[str, int]:
    """One of the speaker page's tallies (roles, kinds, cues...) as {value: count}."""
    items = page.find_all("div", cls=css)[0].find_all("li")
    return {li.find_all(cls="qt-value")[0].text(): int(li.find_all(cls="qt-n")[0].text()) for li in items}


def test_speaker_page_shows_roles_counts_and_attributions_in_context(seeded_db: Path) -> None:
    (speaker_id,) = one(seeded_db, "select id from speakers where name = 'Antony Blinken'")
    (response,) = fetch(seeded_db, f"/quotes/-/speaker/{speaker_id}")
    assert response.status_code == 200
    root = parse(response.text)
    assert root.find_all("h1")[0].text() == "Antony Blinken"

    assert "US Secretary of State" in tallied(root, "qt-roles")
    assert tallied(root, "qt-roles") == counted(seeded_db, "speaker_role", speaker_id)
    assert tallied(root, "qt-kinds") == counted(seeded_db, "kind", speaker_id)
    assert tallied(root, "qt-cues") == counted(seeded_db, "cue_lemma", speaker_id)
    # Mentions differing only in case ("He", "he") are one tally, under the most frequent spelling.
    mentions = tallied(root, "qt-mentions")
    folded: dict[str, int] = {}
    for mention, n in counted(seeded_db, "speaker_mention", speaker_id).items():
        folded[mention.casefold()] = folded.get(mention.casefold(), 0) + n
    assert {mention.casefold(): n for mention, n in mentions.items()} == folded
    assert len(mentions) == len(folded) < len(counted(seeded_db, "speaker_mention", speaker_id))
    rows = query(
        seeded_db, "select * from attributions where speaker_id = ? order by content_start", speaker_id
    )
    items = root.find_all("ol", cls="qt-attributions")[0].find_all("li")
    assert len(items) == len(rows) >= 4
    for item, row in zip(items, rows, strict=True):  # one article, so in reading order
        assert item.find_all("mark")[0].text() == row["content"]
        assert item.find_all("blockquote")[0].text() == row["context"]
        link = item.find_all("a", cls="qt-article-link")[0].attrs["href"]
        assert link == f"/quotes/-/article/{row['document_id']}#attribution-{row['id']}"
    over_time = root.find_all("a", cls="qt-over-time")[0].attrs["href"]
    assert over_time == "/quotes/speaker_over_time?speaker=Antony%20Blinken"
    (days,) = fetch(
        seeded_db, over_time.replace("speaker_over_time?", "speaker_over_time.json?_shape=array&")
    )
    assert sum(day["attributions"] for day in days.json()) == len(rows)


def test_speaker_page_counts_cues_by_lemma_like_speakers_show(tmp_path: Path) -> None:
    said = "Mayor Ana Ruiz said that the bridge would reopen in May."
    text = f"{said}\nAna Ruiz says that the tunnel will close."
    (tmp_path / "ruiz.txt").write_text(text, encoding="utf-8")
    db_path = tmp_path / "quotes.db"
    run_cli("ingest", str(tmp_path / "ruiz.txt"), "--db", str(db_path))
    assert [row["cue"] for row in query(db_path, "select cue from attributions order by id")] == [
        "said",
        "says",
    ]
    (speaker_id,) = one(db_path, "select id from speakers where name = 'Ana Ruiz'")
    (response,) = fetch(db_path, f"/quotes/-/speaker/{speaker_id}")
    assert tallied(parse(response.text), "qt-cues") == {"say": 2}
    assert "cues: say 2\n" in run_cli("speakers", "--db", str(db_path), "show", "Ana Ruiz").stdout


def test_markup_inside_a_quote_is_shown_as_text(desk_db: Path) -> None:
    document_id, text, speaker_id = one(
        desk_db,
        "select documents.id, documents.text, speaker_id from documents join attributions"
        " on document_id = documents.id where content like '%<script>%'",
    )
    article, speaker = fetch(desk_db, f"/desk/-/article/{document_id}", f"/desk/-/speaker/{speaker_id}")
    for response in (article, speaker):
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.text
        assert "<img src=x" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    root = parse(article.text)
    body = root.by_id("article-text")
    assert body.text() == text
    assert {node.tag for node in body.iter()} <= {"div", "mark", "a", "span"}
    quote = next(iter(marked(body, "content").values()))
    assert "<script>alert(1)</script>" in quote and "<img src=x onerror=alert(1)>" in quote
    # The title holds markup too; no script or img element appears anywhere on either page.
    for page in (root, parse(speaker.text)):
        assert not [n for n in page.iter() if n.tag == "img" or (n.tag == "script" and "alert" in n.text())]


def test_only_web_addresses_become_links(desk_db: Path, tmp_path: Path) -> None:
    fields = {
        "Port news": {"url": "https://example.org/port?a=1&b=2", "outlet": "Port <b>Daily</b>"},
        "Evening bulletin": {"url": "javascript:alert(1)"},
    }
    path = copy_with_document_fields(desk_db, tmp_path / "desk.db", fields)
    ids = {title: one(path, "select id from documents where title = ?", title)[0] for title in fields}
    port, bulletin = fetch(path, *(f"/desk/-/article/{ids[title]}" for title in fields))
    meta = parse(port.text).find_all("p", cls="qt-meta")[0]
    assert "https://example.org/port?a=1&b=2" in {a.attrs["href"] for a in meta.find_all("a")}
    assert meta.find_all(cls="qt-outlet")[0].text() == "Port <b>Daily</b>"
    meta = parse(bulletin.text).find_all("p", cls="qt-meta")[0]
    assert "javascript:alert(1)" in meta.text()
    assert not [a for a in meta.find_all("a") if "javascript" in a.attrs["href"]]


def test_about_page_lists_saved_queries_and_missing_things_are_404(seeded_db: Path) -> None:
    about, *missing = fetch(
        seeded_db,
        "/-/quotetrack",
        "/quotes/-/article/nope",
        "/quotes/-/speaker/99999",
        "/quotes/-/speaker/99999999999999999999999",
        "/quotes/-/speaker/blinken",
        "/other/-/speaker/1",
    )
    assert about.status_code == 200
    links = {a.attrs.get("href") for a in parse(about.text).find_all("a")}
    assert {"/quotes/search", "/quotes/top_speakers", "/quotes/repeated_quotes"} <= links
    assert [response.status_code for response in missing] == [404] * 5


def test_urls_no_route_matches_are_404_with_rich_installed(seeded_db: Path) -> None:
    # spaCy brings rich (through typer); with it, Datasette 0.65 answered these with a 500.
    assert importlib.util.find_spec("rich") is not None
    page, nested, data = fetch(seeded_db, "/-/no-such-page", "/quotes/-/article/a/b", "/quotes/-/x/y.json")
    assert [page.status_code, nested.status_code, data.status_code] == [404] * 3
    assert parse(page.text).find_all("title")[0].text() == "Error 404"
    assert data.json()["status"] == 404


def test_article_view_marks_only_the_words_said_of_a_split_quote(tmp_path: Path) -> None:
    text = "“We cannot ignore this any longer,” Dubois said. “People are tired of waiting.”\n"
    article = tmp_path / "split.txt"
    article.write_text(text, encoding="utf-8")
    db_path = tmp_path / "split.db"
    run_cli("ingest", str(article), "--db", str(db_path))
    document_id, number = one(db_path, "select document_id, id from attributions")
    (response,) = fetch(db_path, f"/split/-/article/{document_id}")
    body = parse(response.text).by_id("article-text")
    assert body.text().strip() == text.strip()
    said = marked(body, "content")[number]
    assert said == "We cannot ignore this any longer,People are tired of waiting."  # the two pieces, no cue
    assert marked(body, "cue")[number] == "said"
