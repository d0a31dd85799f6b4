"""Corrections that last (quotetrack.store.fixes, quotetrack.store.corrections): a fix of one attribution's
speaker or kind, or that it is not an attribution, applied at once, kept through every later store of its
article (re-extraction, new versions), undone on request; statistics stay exact throughout.

Library tests on a fresh SQLite file with hand-made records (no spaCy); the end-to-end tests at the bottom
run the real pipeline through `ingest --force` and a changed version of an article."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from desk_client import fetch, marked, parse
from sqlite_utils import Database
from test_desk_scale import assert_statistics_current
from test_speaker_registry import report

from quotetrack.read.documents import make_document
from quotetrack.records import Attribution, Document
from quotetrack.store import open_database, reads
from quotetrack.store.corrections import Anchor, match, not_found_in_run
from quotetrack.store.fixes import FixError, corrections, fix, undo
from quotetrack.store.statistics import refresh_statistics
from quotetrack.store.writes import start_run, store_document


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "q.db")


def article(*reports: tuple[str, Attribution], **fields: str) -> tuple[Document, list[Attribution]]:
    """One document holding several `report` sentences, their attributions moved to where each sits;
    `fields` (url, outlet...) as make_document takes them."""
    text, found = "", []
    for sentence, attribution in reports:
        found.append(attribution.shifted(len(text)))
        text += sentence
    document = make_document(text, "a.txt", "a.txt", **fields)
    assert isinstance(document, Document)
    return document, found


def stored(db: Database) -> list[dict]:
    """Every attribution as a reader sees it: what, which kind, whose, corrected or not."""
    return list(
        db.query(
            "select attributions.id, content, attributions.kind, speakers.name as speaker, correction_id"
            " from attributions left join speakers on speakers.id = attributions.speaker_id"
            " order by document_id, content_start"
        )
    )


def id_of(db: Database, content: str) -> int:
    return int(db.execute("select id from attributions where content = ?", [content]).fetchone()[0])


TAXES = report("taxes would rise", "Ana Lopes", mention="Finance Minister Ana Lopes")
STRIKE = report("the strike would go on", None, kind=None, mention="She")
WEATHER = report("it might rain", "Tom Reyes")


def test_a_speaker_fix_credits_the_attribution_and_counts_follow(db, tmp_path: Path) -> None:
    doc, found = article(TAXES, STRIKE, WEATHER)
    store_document(db, doc, found, None)
    made = fix(db, id_of(db, "the strike would go on"), speaker="lopes")  # the one lookup: a surname
    assert (made.speaker, made.status, made.change) == (
        "Ana Lopes",
        "applied",
        "speaker: She (unresolved) -> Ana Lopes",
    )
    row = next(r for r in stored(db) if r["content"] == "the strike would go on")
    assert (row["speaker"], row["correction_id"]) == ("Ana Lopes", made.id)
    [lopes] = [s for s in reads.speakers(db) if s.name == "Ana Lopes"]
    assert (lopes.attributions, lopes.claims) == (2, 2)
    assert_statistics_current(tmp_path / "q.db")


def test_a_speaker_nobody_has_yet_is_created(db) -> None:
    doc, found = article(WEATHER)
    store_document(db, doc, found, None)
    fix(db, id_of(db, "it might rain"), speaker="Met Office")
    assert [r["speaker"] for r in stored(db)] == ["Met Office"]
    assert reads.speakers(db)[0].name == "Met Office"
    assert db.execute("select count(*) from speakers where name = 'Tom Reyes'").fetchone() == (1,)


def test_an_unnamed_source_is_this_article_s_own(db) -> None:
    officials = report("the port was shut", "officials", kind="unnamed", mention="Officials")
    first, found = article(officials)
    store_document(db, first, found, None)
    doc, found = article(WEATHER)
    store_document(db, doc, found, None)
    fix(db, id_of(db, "it might rain"), speaker="Officials")
    keys = [
        row[0] for row in db.execute("select name_key from speakers where name = 'officials' order by id")
    ]
    assert keys == [f"officials @{first.id}", f"officials @{doc.id}"]


def test_a_kind_fix_and_a_second_fix_add_up(db, tmp_path: Path) -> None:
    doc, found = article(TAXES)
    store_document(db, doc, found, None)
    first = fix(db, id_of(db, "taxes would rise"), kind="direct")
    second = fix(db, id_of(db, "taxes would rise"), speaker="Tom Reyes")
    assert first.id == second.id
    assert second.change == "speaker: Ana Lopes -> Tom Reyes; kind: indirect -> direct"
    assert [(r["kind"], r["speaker"]) for r in stored(db)] == [("direct", "Tom Reyes")]
    assert reads.speakers(db)[0].quotes == 1
    assert_statistics_current(tmp_path / "q.db")


def test_not_an_attribution_leaves_every_count_list_and_search(db, tmp_path: Path) -> None:
    doc, found = article(TAXES, WEATHER)
    store_document(db, doc, found, None)
    made = fix(db, id_of(db, "it might rain"), not_attribution=True)
    assert made.attribution_id is None and made.change == "not an attribution"
    assert [r["content"] for r in stored(db)] == ["taxes would rise"]
    assert reads.attributions(db, search="rain") == []
    assert [s.name for s in reads.speakers(db)] == ["Ana Lopes"]
    assert db.execute("select attributions from document_stats").fetchone() == (1,)
    assert_statistics_current(tmp_path / "q.db")
    # Undone: back as extracted, with its speaker and in search again.
    undo(db, made.id)
    assert [(r["content"], r["speaker"]) for r in stored(db)][1] == ("it might rain", "Tom Reyes")
    assert [found.content for found in reads.attributions(db, search="rain")] == ["it might rain"]
    assert corrections(db) == []
    assert_statistics_current(tmp_path / "q.db")


def test_undo_puts_speaker_and_kind_back(db, tmp_path: Path) -> None:
    doc, found = article(TAXES, STRIKE)
    store_document(db, doc, found, None)
    before = stored(db)
    made = fix(db, id_of(db, "taxes would rise"), speaker="Someone Else", kind="mixed")
    fix(db, id_of(db, "the strike would go on"), speaker="Ana Lopes")
    undo(db, made.id)
    after = stored(db)
    assert after[0] == before[0]
    assert after[1]["speaker"] == "Ana Lopes"
    assert_statistics_current(tmp_path / "q.db")


def roles(db: Database) -> list[tuple[str, str, str | None]]:
    """Per speaker and article, the roles the registry keeps (`speakers show` lists them)."""
    sql = (
        "select speakers.name, documents.title, speaker_roles.role from speaker_roles"
        " join speakers on speakers.id = speaker_id join documents on documents.id = document_id"
        " order by 1, 2, 3"
    )
    return [tuple(row) for row in db.execute(sql).fetchall()]


def current_role(db: Database, name: str) -> str | None:
    return db.execute("select role from speakers where name = ?", [name]).fetchone()[0]


def row_role(db: Database, content: str) -> str | None:
    return db.execute("select speaker_role from attributions where content = ?", [content]).fetchone()[0]


MINISTER = report(
    "taxes would rise", "Ana Lopes", role="Finance Minister", mention="Finance Minister Ana Lopes"
)
MINISTER_AGAIN = report("cuts would follow", "Ana Lopes", role="Finance Minister", mention="Lopes")
LEADER = report("the vote was won", "Ana Lopes", role="party leader", mention="Party leader Ana Lopes")


def test_a_speaker_fix_takes_the_old_speaker_s_role_in_that_article_and_undo_gives_it_back(db) -> None:
    doc, found = article(MINISTER, WEATHER, title="Budget")
    store_document(db, doc, found, None)
    assert roles(db) == [("Ana Lopes", "Budget", "Finance Minister")]
    made = fix(db, id_of(db, "taxes would rise"), speaker="Tom Reyes")
    assert roles(db) == [] and current_role(db, "Ana Lopes") is None  # no other attribution of hers there
    assert row_role(db, "taxes would rise") is None  # nor does the row give her role to Tom Reyes
    store_document(db, doc, found, None, replace=[doc.id])  # parsed again: the fix applied again, the same
    assert roles(db) == [] and row_role(db, "taxes would rise") is None
    undo(db, made.id)
    assert roles(db) == [("Ana Lopes", "Budget", "Finance Minister")]
    assert current_role(db, "Ana Lopes") == "Finance Minister"
    assert row_role(db, "taxes would rise") == "Finance Minister"
    # The same for one that is not an attribution at all.
    made = fix(db, id_of(db, "taxes would rise"), not_attribution=True)
    assert roles(db) == [] and current_role(db, "Ana Lopes") is None
    undo(db, made.id)
    assert roles(db) == [("Ana Lopes", "Budget", "Finance Minister")]


def test_a_role_another_attribution_in_the_article_gives_stays(db) -> None:
    doc, found = article(MINISTER, MINISTER_AGAIN, title="Budget")
    store_document(db, doc, found, None)
    fix(db, id_of(db, "taxes would rise"), speaker="Tom Reyes")
    assert roles(db) == [("Ana Lopes", "Budget", "Finance Minister")]
    assert current_role(db, "Ana Lopes") == "Finance Minister"


def test_the_current_role_falls_back_to_the_last_article_that_gives_one_and_comes_back(db) -> None:
    earlier, found = article(LEADER, title="Vote")
    store_document(db, earlier, found, None)
    later, found = article(MINISTER, WEATHER, title="Budget")
    store_document(db, later, found, None)
    assert current_role(db, "Ana Lopes") == "Finance Minister"
    made = fix(db, id_of(db, "taxes would rise"), speaker="Tom Reyes")
    assert roles(db) == [("Ana Lopes", "Vote", "party leader")]
    assert current_role(db, "Ana Lopes") == "party leader"
    fix(db, id_of(db, "the vote was won"), kind="direct")  # no change of speaker: roles stay
    assert current_role(db, "Ana Lopes") == "party leader"
    undo(db, made.id)
    assert roles(db) == [("Ana Lopes", "Budget", "Finance Minister"), ("Ana Lopes", "Vote", "party leader")]
    assert current_role(db, "Ana Lopes") == "Finance Minister"  # the later article's, as before the fix


def test_bad_fixes_are_refused_and_change_nothing(db) -> None:
    doc, found = article(TAXES)
    store_document(db, doc, found, None)
    before = stored(db)
    number = id_of(db, "taxes would rise")
    for kwargs, message in [
        ({"speaker": "X"}, "no attribution 99"),
        ({}, "say what to fix"),
        ({"speaker": "X", "not_attribution": True}, "give it alone"),
        ({"kind": "quote"}, "expected one of direct, mixed, indirect"),
        ({"speaker": " “” "}, "not a name"),
    ]:
        with pytest.raises(FixError, match=message):
            fix(db, 99 if message.startswith("no attribution") else number, **kwargs)
    with pytest.raises(FixError, match="no correction 5"):
        undo(db, 5)
    assert stored(db) == before and corrections(db) == []


# Storing the article again: the correction finds its attribution again.


def test_re_extraction_keeps_every_kind_of_fix(db, tmp_path: Path) -> None:
    doc, found = article(TAXES, STRIKE, WEATHER)
    store_document(db, doc, found, None)
    fix(db, id_of(db, "taxes would rise"), kind="direct")
    fix(db, id_of(db, "the strike would go on"), speaker="Ana Lopes")
    fix(db, id_of(db, "it might rain"), not_attribution=True)
    expected = [(r["content"], r["kind"], r["speaker"]) for r in stored(db)]
    ids = [r["id"] for r in stored(db)]
    other, others = article(report("prices would fall", "Tom Reyes"))
    store_document(db, other, others, None)  # so that new ids differ from the old
    assert store_document(db, doc, found, None, replace=[doc.id]) == 2  # what `ingest --force` does
    assert [
        (r["content"], r["kind"], r["speaker"]) for r in stored(db) if r["content"] != "prices would fall"
    ] == expected
    assert not set(ids) & {r["id"] for r in stored(db) if r["content"] != "prices would fall"}
    assert [c.status for c in corrections(db)] == ["applied"] * 3
    refresh_statistics(db)  # as the end of an ingest does
    assert_statistics_current(tmp_path / "q.db")


def test_a_new_version_moves_the_fix_with_its_words(db) -> None:
    doc, found = article(TAXES, STRIKE, url="https://news.example/a")
    store_document(db, doc, found, None)
    fix(db, id_of(db, "the strike would go on"), speaker="Ana Lopes")
    intro = report("talks had failed", "Tom Reyes")
    newer, found = article(intro, TAXES, STRIKE, url="https://news.example/a")
    store_document(db, newer, found, None, replace=[doc.id])
    [correction] = corrections(db)
    assert (correction.document_id, correction.status) == (newer.id, "applied")
    moved = found[2]
    assert correction.attribution_id == id_of(db, "the strike would go on")
    assert db.execute("select content_start, content_end from corrections").fetchone() == (
        moved.content_start,
        moved.content_end,
    )
    assert [r["speaker"] for r in stored(db)] == ["Tom Reyes", "Ana Lopes", "Ana Lopes"]


def test_a_fix_whose_attribution_is_gone_is_kept_and_found_in_a_later_version(db) -> None:
    url = "https://news.example/a"
    doc, found = article(TAXES, STRIKE, url=url)
    store_document(db, doc, found, None)
    fix(db, id_of(db, "the strike would go on"), speaker="Ana Lopes")
    shorter, found = article(TAXES, url=url)
    run = start_run(db, "test")
    store_document(db, shorter, found, run, replace=[doc.id])
    [correction] = corrections(db)
    assert (correction.status, correction.attribution_id, correction.content) == (
        "not found",
        None,
        "the strike would go on",
    )
    assert not_found_in_run(db, run) == 1
    again, found = article(WEATHER, STRIKE, url=url)
    store_document(db, again, found, None, replace=[shorter.id])
    [correction] = corrections(db)
    assert (correction.status, correction.document_id) == ("applied", again.id)
    assert [r["speaker"] for r in stored(db)] == ["Tom Reyes", "Ana Lopes"]


def test_undo_of_a_fix_not_found_just_forgets_it(db) -> None:
    url = "https://news.example/a"
    doc, found = article(TAXES, STRIKE, url=url)
    store_document(db, doc, found, None)
    made = fix(db, id_of(db, "the strike would go on"), not_attribution=True)
    shorter, found = article(TAXES, url=url)
    store_document(db, shorter, found, None, replace=[doc.id])
    undo(db, made.id)
    assert [r["content"] for r in stored(db)] == ["taxes would rise"] and corrections(db) == []


def anchor(start: int, end: int, content: str, document_id: str = "d") -> Anchor:
    return Anchor(1, document_id, start, end, content, "X", None, False)


def at(start: int, end: int, content: str) -> Attribution:
    return dataclasses.replace(TAXES[1], content_start=start, content_end=end, content=content)


@pytest.mark.parametrize(
    ("correction", "found", "expected"),
    [
        (anchor(10, 20, "abc"), [at(0, 5, "x"), at(10, 20, "other")], 1),  # same offsets, same text
        (anchor(10, 20, "abc", "old"), [at(10, 20, "other"), at(30, 33, "abc")], 1),  # new text: the words
        (anchor(10, 13, "abc"), [at(0, 3, "abc"), at(30, 33, "abc")], 0),  # the nearest of the same words
        (anchor(10, 20, "abc"), [at(12, 20, "bc"), at(0, 9, "a")], 0),  # cut differently: overlap
        (anchor(10, 20, "abc"), [at(18, 40, "c d")], None),  # too little overlap
        (anchor(10, 20, "abc", "old"), [at(12, 20, "bc")], None),  # offsets of another text mean nothing
    ],
)
def test_matching_rules(correction: Anchor, found: list[Attribution], expected: int | None) -> None:
    matched = match([correction], "d", found)
    assert matched == ({} if expected is None else {expected: correction})


# End to end: the real pipeline, the CLI.

FIRST = "Officials said the harbour would reopen. “We are ready,” he said on Monday.\n"
SECOND = "Ships waited outside the bay.\n" + FIRST


def test_fixes_survive_ingest_force_and_a_changed_version(nlp, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    export = tmp_path / "v1.jsonl"
    export.write_text(json.dumps({"id": 7, "outlet": "Wire", "text": FIRST}) + "\n", encoding="utf-8")
    run_cli("ingest", str(export), "--db", str(db_path))
    db = Database(db_path)
    by_content = {row["content"]: row["id"] for row in db.query("select id, content from attributions")}
    assert set(by_content) == {"the harbour would reopen", "We are ready"}
    run_cli(
        "fix", str(by_content["We are ready"]), "--speaker", "Harbour Master Tom Reyes", "--db", str(db_path)
    )
    run_cli("fix", str(by_content["the harbour would reopen"]), "--not-attribution", "--db", str(db_path))
    expected = [("We are ready", "direct", "Harbour Master Tom Reyes")]
    assert [(r["content"], r["kind"], r["speaker"]) for r in stored(db)] == expected

    result = run_cli("ingest", str(export), "--db", str(db_path), "--force")
    assert "1 re-extracted" in result.stdout and "1 attributions stored" in result.stdout
    assert [(r["content"], r["kind"], r["speaker"]) for r in stored(db)] == expected

    export.write_text(json.dumps({"id": 7, "outlet": "Wire", "text": SECOND}) + "\n", encoding="utf-8")
    result = run_cli("ingest", str(export), "--db", str(db_path))
    assert "1 updated" in result.stdout
    assert [(r["content"], r["kind"], r["speaker"]) for r in stored(db)] == expected
    [document] = db.query("select id, text from documents")
    assert document["text"] == SECOND.strip()
    assert {c.document_id for c in corrections(db)} == {document["id"]}
    assert_statistics_current(db_path)

    # A version without the quote: the correction is kept, reported, and listed as not found.
    text = "Officials said the harbour would reopen.\n"
    export.write_text(json.dumps({"id": 7, "outlet": "Wire", "text": text}) + "\n", encoding="utf-8")
    result = run_cli("ingest", str(export), "--db", str(db_path))
    assert "1 corrections no longer found in their article's new text" in result.stderr
    listed = run_cli("fix", "--list", "--nl", "--db", str(db_path)).stdout.splitlines()
    assert [(json.loads(line)["status"], json.loads(line)["content"]) for line in listed] == [
        ("not found", "We are ready"),
        ("applied", "the harbour would reopen"),
    ]
    assert stored(db) == []


def copy_of(db_path: Path, target: Path) -> Path:
    """A copy of a database that tests may change (SQLite's backup: committed rows in the WAL included)."""
    with (
        contextlib.closing(sqlite3.connect(db_path)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    return target


def test_fix_command(tmp_path: Path, seeded_db: Path) -> None:
    db_path = copy_of(seeded_db, tmp_path / "q.db")
    db = Database(db_path)
    he = db.execute("select id from attributions where speaker_mention = 'He' order by id").fetchone()[0]
    result = run_cli("fix", str(he), "--speaker", "sullivan", "--kind", "indirect", "--db", str(db_path))
    assert result.stdout == (
        f"correction 1: attribution {he}, speaker: Antony Blinken -> Jake Sullivan; kind: mixed -> indirect;"
        " kept across re-ingests (undo: quotetrack fix --undo 1)\n"
    )
    table = run_cli("fix", "--list", "--db", str(db_path)).stdout.splitlines()
    assert table[0].split() == ["id", "attribution_id", "status", "change", "content", "document_title"]
    assert table[2].startswith(f"1   {he}  ")
    csv_lines = run_cli("fix", "--list", "--csv", "--db", str(db_path)).stdout.splitlines()
    assert csv_lines[0].startswith("id,attribution_id,status,change,speaker,kind,not_attribution,content")
    assert len(csv_lines) == 2
    assert run_cli("speakers", "show", "sullivan", "--db", str(db_path)).stdout.count("indirect") == 1
    undone = run_cli("fix", "--undo", "1", "--db", str(db_path))
    assert undone.stdout.startswith("correction 1 removed (speaker: Antony Blinken -> Jake Sullivan")
    assert run_cli("fix", "--list", "--db", str(db_path)).stdout == "(no results)\n"
    assert run_cli("fix", "--list", "--nl", "--db", str(db_path)).stdout == ""
    # Mistakes: one line, exit code 1 (2 for a usage error), nothing changed.
    assert (
        "no attribution 999"
        in run_cli("fix", "999", "--kind", "direct", "--db", str(db_path), expect=1).output
    )
    assert "say what to fix" in run_cli("fix", str(he), "--db", str(db_path), expect=1).output
    assert "or --list" in run_cli("fix", "--db", str(db_path), expect=2).output
    assert "or --list" in run_cli("fix", str(he), "--list", "--db", str(db_path), expect=2).output
    assert "no correction 3" in run_cli("fix", "--undo", "3", "--db", str(db_path), expect=1).output
    missing = run_cli("fix", "--list", "--db", str(tmp_path / "none.db"), expect=1)
    assert "no database at" in missing.output


def test_the_article_page_shows_corrections(tmp_path: Path, seeded_db: Path) -> None:
    db_path = copy_of(seeded_db, tmp_path / "q.db")
    db = Database(db_path)
    he, kremlin = (
        db.execute("select id from attributions where speaker_mention = ? order by id", [mention]).fetchone()[
            0
        ]
        for mention in ("He", "the Kremlin")
    )
    document_id = db.execute("select id from documents").fetchone()[0]
    run_cli("fix", str(he), "--speaker", "Jake Sullivan", "--db", str(db_path))
    run_cli("fix", str(kremlin), "--not-attribution", "--db", str(db_path))
    (response,) = fetch(db_path, f"/q/-/article/{document_id}")
    assert response.status_code == 200
    root = parse(response.text)
    [row] = root.find_all("tr", cls="qt-corrected-row")
    assert row.find_all("td")[0].text().split() == [str(he), "corrected"]
    assert row.find_all("td")[1].text() == "Jake Sullivan"
    assert (
        "speaker: Antony Blinken -> Jake Sullivan (correction 1)"
        in root.find_all("p", cls="qt-note")[0].text()
    )
    [set_aside] = root.find_all("ul", cls="qt-set-aside")
    assert "not an attribution" in set_aside.text() and "(correction 2)" in set_aside.text()
    # Not highlighted in the text any more, and not in the table.
    assert kremlin not in marked(root.by_id("article-text"), "content")
    (table,) = fetch(db_path, "/q/attributions.json?_shape=array&correction_id__notblank=1")
    assert [row["id"] for row in table.json()] == [he]
