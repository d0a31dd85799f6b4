"""Quote trails on articles ingested through the real pipeline: one quote across outlets and dates, with
its fragment, variant and misattribution flagged; unrelated quotes kept apart; replacing and re-ingesting
documents leave trails as a build from scratch would make them."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from spacy.language import Language

from quotetrack import Tracker
from quotetrack.store import open_database, trails
from quotetrack.store.connection import immediate
from quotetrack.store.trail_reads import TrailNotFound
from quotetrack.store.trails import build_trails, refresh_trails

QUOTE = "We will not accept any plan that leaves the harbour workers without their jobs"
# Outlet, date, text: the original; a fragment; a changed word; the same words given to someone else;
# and an unrelated quote that shares its first five words.
ARTICLES = [
    ("Coastal Times", "2024-11-10", f"Harbour vote\n“{QUOTE},” said Mayor Ana Lopez on Monday.\n"),
    (
        "Harbour Post",
        "2024-11-11",
        "Council meets\nThe mayor spoke to dockers. “Any plan that leaves the harbour workers without "
        "their jobs,” Mayor Ana Lopez said, would be voted down.\n",
    ),
    ("Wire", "2024-11-12", f"Strike looms\n“{QUOTE.replace('plan', 'deal')},” said Mayor Ana Lopez.\n"),
    ("Harbour Post", "2024-11-13", f"Governor speaks\n“{QUOTE},” Governor Tom Reyes said on Wednesday.\n"),
    (
        "Wire",
        "2024-11-14",
        "Budget row\n“We will not accept any delay in the budget talks this year,” "
        "said Finance Minister Omar Diaz.\n",
    ),
]


def write_articles(path: Path, articles: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number, (outlet, date, text) in enumerate(articles):
            record = {"id": str(number), "outlet": outlet, "date": date, "text": text}
            out.write(json.dumps({**record, "url": f"https://news.example/{number}"}) + "\n")
    return path


def partition(db_path: Path) -> set[frozenset[tuple[str, int]]]:
    """Trails as sets of (article, offset) pairs: what they group, whatever the attribution ids."""
    db = open_database(db_path)
    groups: dict[int, set[tuple[str, int]]] = {}
    for trail_id, document_id, start in db.execute(
        "select trail_id, document_id, content_start from trail_members"
        " join attributions on attributions.id = trail_members.attribution_id"
    ):
        groups.setdefault(trail_id, set()).add((document_id, start))
    db.close()
    return {frozenset(group) for group in groups.values()}


def stored_trails(db_path: Path) -> list[dict]:
    db = open_database(db_path)
    rows = [dict(row) for row in db.query("select * from trails order by id")]
    db.close()
    return rows


def rebuilt(db_path: Path, folder: Path) -> set[frozenset[tuple[str, int]]]:
    """The trails a build from nothing makes of the same attributions."""
    copy = folder / "rebuilt.db"
    shutil.copy(db_path, copy)
    db = open_database(copy)
    with immediate(db):
        for table in ("trail_members", "quote_shingles", "trails"):
            db.execute(f"delete from {table}")
        db.execute("insert into trail_backlog select id from attributions")
        build_trails(db, 10**6)
    db.close()
    return partition(copy)


def named_speakers(db_path: Path) -> dict[int, set[int]]:
    """Per trail (of two or more appearances), the named speakers its members give the words to, read
    from the attributions now: what `trails.speaker_ids` must hold."""
    db = open_database(db_path)
    found: dict[int, set[int]] = {}
    for (trail_id,) in db.execute("select trail_id from trail_members group by 1 having count(*) > 1"):
        found[trail_id] = {
            row[0]
            for row in db.execute(
                "select attributions.speaker_id from trail_members"
                " join attributions on attributions.id = trail_members.attribution_id"
                " join speakers on speakers.id = attributions.speaker_id"
                " where trail_id = ? and speakers.kind is not 'unnamed'",
                [trail_id],
            )
        }
    db.close()
    return found


def assert_speaker_ids_current(db_path: Path) -> None:
    """The speakers each trail keeps (stored, and as readers see them) are those of its appearances."""
    expected = named_speakers(db_path)
    db = open_database(db_path)
    stored = {row[0]: row[1] for row in db.execute("select id, speaker_ids from trails")}
    current = {
        row[0]: row[1]
        for row in db.execute(
            f"select id, speaker_ids from ({trails.current_trails_sql(db['documents'].columns_dict)})"
        )
    }
    db.close()
    as_sets = {trail: {int(n) for n in (ids or "").split(",") if n} for trail, ids in stored.items()}
    assert as_sets == expected and stored == current
    assert all(ids == ",".join(str(n) for n in sorted(as_sets[trail])) for trail, ids in stored.items())


@pytest.fixture
def tracked(tmp_path: Path, nlp: Language) -> Tracker:
    tracker = Tracker(tmp_path / "quotes.db")
    tracker.ingest([write_articles(tmp_path / "news.jsonl", ARTICLES)])
    return tracker


def test_one_quote_across_outlets_is_one_trail_in_date_order(tracked: Tracker) -> None:
    view = tracked.trail(QUOTE)
    found = [(a.date, a.outlet, a.speaker, a.relation, a.flags) for a in view.appearances]
    assert found == [
        ("2024-11-10", "Coastal Times", "Ana Lopez", "canonical", "first"),
        ("2024-11-11", "Harbour Post", "Ana Lopez", "fragment", "fragment"),
        ("2024-11-12", "Wire", "Ana Lopez", "variant", "variant"),
        ("2024-11-13", "Harbour Post", "Tom Reyes", "exact", "other speaker"),
    ]
    assert view.appearances[2].changes == "[-plan-]{+deal+}"
    assert view.appearances[1].changes == ""  # a fragment is compared with the stretch it comes from
    trail = view.trail
    assert (trail.canonical, trail.articles, trail.outlets, trail.speakers) == (QUOTE, 4, 3, 2)
    assert (trail.versions, trail.variants, trail.fragments) == (3, 1, 1)
    assert (trail.first_date, trail.first_outlet, trail.last_date) == (
        "2024-11-10",
        "Coastal Times",
        "2024-11-13",
    )
    assert trail.misattributed
    # Any member's id finds the same trail; the listing has it, as a possible misattribution too.
    assert tracked.trail(view.appearances[3].attribution_id) == view
    assert tracked.trails() == [trail]
    assert tracked.trails(misattributed=True) == [trail]
    assert_speaker_ids_current(tracked.db_path)


def test_unrelated_quotes_sharing_common_words_do_not_join(tracked: Tracker) -> None:
    view = tracked.trail("We will not accept any delay in the budget talks this year")
    assert [(a.outlet, a.speaker, a.relation) for a in view.appearances] == [
        ("Wire", "Omar Diaz", "canonical")
    ]
    assert view.trail.appearances == 1


def test_a_text_nobody_said_and_short_quotes_are_not_found(tracked: Tracker) -> None:
    with pytest.raises(TrailNotFound, match="no stored quote"):
        tracked.trail("the lighthouse keeper never saw the storm coming at all")
    with pytest.raises(TrailNotFound, match="too short"):
        tracked.trail("not accept any plan")
    with pytest.raises(TrailNotFound, match="no attribution 999"):
        tracked.trail("999")


def test_replacing_a_document_updates_its_trails(tracked: Tracker, tmp_path: Path) -> None:
    tracked.close()
    corrected = list(ARTICLES)
    corrected[2] = (
        "Wire",
        "2024-11-12",
        "Strike looms\n“The strike will go ahead on Friday morning at the port,” said Ana Lopez.\n",
    )
    summary = tracked.ingest([write_articles(tmp_path / "corrected.jsonl", corrected)])
    assert summary.documents_updated == 1
    view = tracked.trail(QUOTE)
    assert [a.relation for a in view.appearances] == ["canonical", "fragment", "exact"]
    assert (view.trail.variants, view.trail.articles) == (0, 3)
    assert [row["articles"] for row in stored_trails(tracked.db_path)] == [3]
    assert partition(tracked.db_path) == rebuilt(tracked.db_path, tmp_path)
    assert_speaker_ids_current(tracked.db_path)
    # The original text again: the variant is back in the trail.
    tracked.ingest([write_articles(tmp_path / "again.jsonl", ARTICLES)])
    assert [a.relation for a in tracked.trail(QUOTE).appearances] == [
        "canonical",
        "fragment",
        "variant",
        "exact",
    ]
    assert partition(tracked.db_path) == rebuilt(tracked.db_path, tmp_path)
    assert_speaker_ids_current(tracked.db_path)


def test_removing_the_version_that_joined_two_others_splits_the_trail(
    tracked: Tracker, tmp_path: Path
) -> None:
    # A longer quote around the fragment: linked to the original only through the fragment.
    around = (
        "“Any plan that leaves the harbour workers without their jobs is dead on arrival,” said Ana Lopez."
    )
    tracked.ingest([write_articles(tmp_path / "more.jsonl", [*ARTICLES, ("Gazette", "2024-11-15", around)])])
    assert tracked.trail(QUOTE).trail.appearances == 5
    tracked.close()
    db = open_database(tracked.db_path)
    with immediate(db):  # the fragment goes (as a correction might delete it)
        db.execute(
            "delete from attributions where content = ?",
            ["Any plan that leaves the harbour workers without their jobs"],
        )
        refresh_trails(db)
    db.close()
    assert [a.outlet for a in tracked.trail(QUOTE).appearances] == ["Coastal Times", "Wire", "Harbour Post"]
    assert (
        tracked.trail(
            "any plan that leaves the harbour workers without their jobs is dead on arrival"
        ).trail.appearances
        == 1
    )
    assert partition(tracked.db_path) == rebuilt(tracked.db_path, tmp_path)
    assert_speaker_ids_current(tracked.db_path)


def test_ingesting_again_changes_nothing_and_force_regroups_the_same(
    tracked: Tracker, tmp_path: Path
) -> None:
    before, grouped = stored_trails(tracked.db_path), partition(tracked.db_path)
    tracked.ingest([tmp_path / "news.jsonl"])
    assert stored_trails(tracked.db_path) == before
    tracked.ingest([tmp_path / "news.jsonl"], force=True)  # parsed again: new attribution ids
    assert partition(tracked.db_path) == grouped
    again = stored_trails(tracked.db_path)
    assert [{k: v for k, v in row.items() if not k.endswith("id")} for row in again] == [
        {k: v for k, v in row.items() if not k.endswith("id")} for row in before
    ]
    assert_speaker_ids_current(tracked.db_path)


def test_cli_trail_prints_appearances_as_a_table_or_csv(tracked: Tracker) -> None:
    tracked.close()
    db = str(tracked.db_path)
    table = run_cli("trail", QUOTE, "--db", db).output
    assert "possible misattribution" in table and "[-plan-]{+deal+}" in table
    rows = list(csv.DictReader(io.StringIO(run_cli("trail", QUOTE, "--db", db, "--csv").output)))
    assert [row["flags"] for row in rows] == ["first", "fragment", "variant", "other speaker"]
    listed = [json.loads(line) for line in run_cli("trails", "--db", db, "--nl").output.splitlines()]
    assert [(row["articles"], row["misattributed"]) for row in listed] == [(4, True)]
    missing = run_cli("trail", "the lighthouse keeper never saw the storm coming", "--db", db, expect=1)
    assert "no stored quote matches that text" in missing.output


def downgraded(db_path: Path) -> None:
    """The database as quotetrack left it before trails (schema 5): no trail tables or triggers."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
        for (name,) in conn.execute(
            "select name from sqlite_master where type = 'trigger' and name like '%trails%'"
        ):
            conn.execute(f"drop trigger {name}")
        for table in (*TRAIL_TABLES, "trail_queue", "trail_backlog", "trail_removed", "stale_trails"):
            conn.execute(f"drop table {table}")
        conn.execute("pragma user_version = 5")


TRAIL_TABLES = ("trail_members", "quote_shingles", "trails")


def test_an_upgrade_builds_the_trails_of_stored_attributions(tracked: Tracker, tmp_path: Path) -> None:
    tracked.close()
    grouped = partition(tracked.db_path)
    downgraded(tracked.db_path)
    assert partition(tracked.db_path) == grouped  # opened (upgraded) and built at once: few attributions
    assert tracked.trails_pending() == 0 and tracked.trail(QUOTE).trail.articles == 4


def test_a_large_upgrade_leaves_the_build_to_a_command(
    tracked: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracked.close()
    grouped = partition(tracked.db_path)
    downgraded(tracked.db_path)
    monkeypatch.setattr(trails, "UPGRADE_BUILD_LIMIT", 2)  # fewer than stored: too many to build at once
    assert tracked.trails_pending() == 5
    first = tracked.db.execute("select min(id) from attributions").fetchone()[0]
    with pytest.raises(TrailNotFound, match="not in a trail yet"):
        tracked.trail(first)
    tracked.close()
    db = str(tracked.db_path)
    assert "5 attributions stored before trails existed" in run_cli("trails", "--db", db).stderr
    built = run_cli("trails", "--db", db, "--build", "--nl")
    assert "5 attributions put in trails" in built.stderr and json.loads(built.stdout)["articles"] == 4
    assert partition(tracked.db_path) == grouped


def test_merging_the_two_speakers_clears_the_misattribution(tracked: Tracker) -> None:
    assert tracked.trails(misattributed=True)
    tracked.merge("Ana Lopez", "Tom Reyes")  # say the governor's line was the mayor's all along
    trail = tracked.trail(QUOTE)
    assert (trail.trail.speakers, trail.trail.misattributed) == (1, False)
    assert "other speaker" not in {a.flags for a in trail.appearances}
    assert tracked.trails(misattributed=True) == []
    assert_speaker_ids_current(tracked.db_path)


def test_fixes_keep_the_speakers_of_trails_current(tracked: Tracker) -> None:
    appearances = tracked.trail(QUOTE).appearances
    reyes = next(a.attribution_id for a in appearances if a.speaker == "Tom Reyes")
    correction = tracked.fix(reyes, speaker="Ana Lopez")  # the governor only repeated it
    assert_speaker_ids_current(tracked.db_path)
    assert tracked.trails(misattributed=True) == []
    tracked.undo_fix(correction.id)
    assert_speaker_ids_current(tracked.db_path)
    assert tracked.trail(QUOTE).trail.misattributed
    tracked.fix(appearances[0].attribution_id, speaker="Maria Gomez")  # a speaker nobody named before
    assert_speaker_ids_current(tracked.db_path)
    assert tracked.trail(QUOTE).trail.speakers == 3
    tracked.fix(reyes, not_attribution=True)
    assert_speaker_ids_current(tracked.db_path)
    assert tracked.trail(QUOTE).trail.speakers == 2


def test_an_upgrade_fills_the_speakers_of_stored_trails(tracked: Tracker) -> None:
    tracked.close()
    expected = stored_trails(tracked.db_path)
    with contextlib.closing(sqlite3.connect(tracked.db_path)) as conn, conn:
        conn.execute("alter table trails drop column speaker_ids")  # as schema 10 made it
        conn.execute("pragma user_version = 10")
    assert stored_trails(tracked.db_path) == expected  # opened: upgraded and filled
    assert_speaker_ids_current(tracked.db_path)
