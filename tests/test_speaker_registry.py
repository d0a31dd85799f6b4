"""Speakers across documents, through the real CLI, pipeline and SQLite file, on small articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.conftest import run_cli

ARTICLES = {
    "full_name.txt": "US Secretary of State Antony Blinken said that the alliance was united.\n",
    "surname.txt": "Blinken said on Friday that talks with Beijing had gone well.\n",
    "joe.txt": "President Joe Biden said that the economy was strong.\n",
    "hunter.txt": "Hunter Biden said that he would testify next week.\n",
    "bare_biden.txt": "Biden said that the bill would pass.\n",
    "bare_blinken.txt": "Blinken said on Friday that talks had gone well.\n",
    "later_blinken.txt": "Blinken said on Monday that the alliance would hold.\n",
    "senator.txt": "Senator Marco Rubio said that the deal was weak.\n",
    "secretary.txt": "Secretary of State Marco Rubio said that the deal was now acceptable.\n",
    "officials_a.txt": "Officials said that the bridge would reopen in May.\n",
    "officials_b.txt": "Officials said that the harbour would close for a week.\n",
    "kyiv.txt": "According to Kyiv, the front line held overnight.\n",
    "obrien_curly.txt": "Senator Kate O’Brien said that the vote was close.\n",
    "obrien_straight.txt": "KATE O'BRIEN said that the count would take a week.\n",
    "kiev.txt": "According to Kiev, two drones were shot down.\n",
}


def ingest(db: Path, folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
        run_cli("ingest", str(folder / name), "--db", str(db))


def speaker_of(db: Path, fragment: str) -> str | None:
    row = (
        Database(db)
        .execute(
            "select speakers.name from attributions"
            " left join speakers on speakers.id = attributions.speaker_id where attributions.content like ?",
            [f"%{fragment}%"],
        )
        .fetchone()
    )
    assert row is not None, f"no attribution containing {fragment!r}"
    return row[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "quotes.db"


@pytest.mark.parametrize("order", [("full_name.txt", "surname.txt"), ("surname.txt", "full_name.txt")])
def test_full_name_and_surname_in_other_documents_are_one_speaker(db, tmp_path, order):
    ingest(db, tmp_path, *order)
    assert speaker_of(db, "alliance was united") == speaker_of(db, "talks with Beijing") == "Antony Blinken"
    assert Database(db).execute("select count(*) from speakers where kind = 'person'").fetchone()[0] == 1


def test_same_surname_different_people_stay_apart_and_bare_surname_is_unresolved(db, tmp_path):
    ingest(db, tmp_path, "joe.txt", "hunter.txt", "bare_biden.txt")
    assert speaker_of(db, "economy was strong") == "Joe Biden"
    assert speaker_of(db, "testify next week") == "Hunter Biden"
    assert speaker_of(db, "bill would pass") is None  # two Bidens fit: not guessed
    mention = (
        Database(db)
        .execute("select speaker_mention from attributions where content like '%bill would pass%'")
        .fetchone()[0]
    )
    assert mention == "Biden"


def test_case_and_apostrophe_variants_are_one_speaker(db, tmp_path):
    ingest(db, tmp_path, "obrien_curly.txt", "obrien_straight.txt")
    assert speaker_of(db, "vote was close") == speaker_of(db, "count would take")
    assert Database(db).execute("select count(*) from speakers").fetchone()[0] == 1


def test_role_changes_between_articles_are_kept_per_document(db, tmp_path):
    ingest(db, tmp_path, "senator.txt", "secretary.txt")
    sql = Database(db)
    roles = {r["role"] for r in sql.query("select role from speaker_roles")}
    assert roles == {"Senator", "Secretary of State"}
    assert sql.execute("select name, role from speakers").fetchall() == [
        ("Marco Rubio", "Secretary of State")
    ]


def test_unnamed_sources_are_kept_but_never_merged_across_documents(db, tmp_path):
    ingest(db, tmp_path, "officials_a.txt", "officials_b.txt")
    rows = Database(db).execute("select name, kind from speakers order by id").fetchall()
    assert rows == [("Officials", "unnamed"), ("Officials", "unnamed")]


def test_alias_file_applies_to_stored_rows_and_to_later_ingests(db, tmp_path):
    ingest(db, tmp_path, "kyiv.txt", "kiev.txt")
    assert speaker_of(db, "front line") == "Kyiv" and speaker_of(db, "two drones") == "Kiev"
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("# spelling\nKyiv, Kiev\n", encoding="utf-8")
    assert "1 aliases applied" in run_cli("speakers", "--db", str(db), "load-aliases", str(aliases)).stdout
    assert speaker_of(db, "front line") == speaker_of(db, "two drones") == "Kyiv"
    assert Database(db).execute("select kind from speakers where name = 'Kyiv'").fetchone()[0] == "place"
    # Re-extracting the stored files and a new article under the old spelling keep the correction.
    run_cli("ingest", str(tmp_path / "kyiv.txt"), str(tmp_path / "kiev.txt"), "--db", str(db), "--force")
    assert speaker_of(db, "front line") == speaker_of(db, "two drones") == "Kyiv"
    (tmp_path / "later.txt").write_text("According to Kiev, the power grid was restored.\n", encoding="utf-8")
    run_cli("ingest", str(tmp_path / "later.txt"), "--db", str(db))
    assert speaker_of(db, "power grid") == "Kyiv"
    assert Database(db).execute("select count(*) from speakers").fetchone()[0] == 1


def test_reversed_correction_neither_loops_nor_splits_the_speaker(db, tmp_path):
    ingest(db, tmp_path, "kiev.txt")
    run_cli("speakers", "--db", str(db), "merge", "Kyiv", "Kiev")
    run_cli("speakers", "merge", "Kiev", "Kyiv", "--db", str(db))  # changed their mind
    ingest(db, tmp_path, "kyiv.txt")
    assert speaker_of(db, "front line") == speaker_of(db, "two drones") == "Kiev"
    aliases = Database(db).execute("select alias_key, speaker_name from speaker_aliases").fetchall()
    assert aliases == [("kyiv", "Kiev")]
    assert run_cli("speakers", "--db", str(db), "show", "Kyiv").stdout.startswith("Kiev (place)")


@pytest.mark.parametrize("first", ["bare_blinken.txt", "full_name.txt"])
def test_bare_surname_and_full_name_meet_in_any_order(db, tmp_path, first):
    other = "full_name.txt" if first == "bare_blinken.txt" else "bare_blinken.txt"
    ingest(db, tmp_path, first, other, "later_blinken.txt")
    names = {speaker_of(db, f) for f in ("alliance was united", "talks had gone well", "alliance would hold")}
    assert names == {"Antony Blinken"}


def test_show_finds_a_person_by_unambiguous_surname(db, tmp_path):
    ingest(db, tmp_path, "joe.txt", "senator.txt")
    assert run_cli("speakers", "--db", str(db), "show", "rubio").stdout.startswith("Marco Rubio (person)")
    ingest(db, tmp_path, "hunter.txt")
    run_cli("speakers", "--db", str(db), "show", "Biden", expect=1)  # two Bidens: no guess


def test_merge_command_and_show(db, tmp_path):
    ingest(db, tmp_path, "senator.txt", "joe.txt")
    out = run_cli("speakers", "--db", str(db), "merge", "Marco Rubio", "Joe Biden").stdout
    assert "1 attributions re-pointed" in out
    shown = run_cli("speakers", "--db", str(db), "show", "joe biden").stdout  # an alias finds the speaker
    assert shown.startswith("Marco Rubio (person)") and "2 attributions" in shown and "cues: say 2" in shown
    rows = run_cli("speakers", "show", "Marco Rubio", "--nl", "--db", str(db)).stdout.splitlines()
    assert len(rows) == 2
    run_cli("speakers", "show", "Nobody", "--db", str(db), expect=1)


def quoted_by(db: Path, name: str) -> list[str]:
    """Speakers of the rows `attributions --speaker NAME` lists."""
    lines = run_cli("attributions", "--db", str(db), "--speaker", name, "--nl").stdout.splitlines()
    return [json.loads(line)["speaker"] for line in lines]


def test_quotes_finds_a_speaker_as_show_does(db, tmp_path):
    ingest(db, tmp_path, "senator.txt", "secretary.txt", "joe.txt", "officials_a.txt", "officials_b.txt")
    run_cli("speakers", "--db", str(db), "alias", "Marco Rubio", "Little Marco")
    assert quoted_by(db, "little marco") == quoted_by(db, "rubio") == ["Marco Rubio"] * 2
    assert quoted_by(db, "OFFICIALS") == ["Officials"] * 2  # one speaker per article, one name
    assert quoted_by(db, "Nobody") == []


def test_alias_command_for_a_spelling_not_stored_yet(db, tmp_path):
    ingest(db, tmp_path, "kiev.txt")
    assert "0 attributions re-pointed" in run_cli("speakers", "--db", str(db), "alias", "Kiev", "Kyiv").stdout
    ingest(db, tmp_path, "kyiv.txt")
    assert speaker_of(db, "front line") == speaker_of(db, "two drones") == "Kiev"


def test_seed_article_speakers(seeded_db):
    sql = Database(seeded_db)
    speakers = {r["name"]: r for r in sql.query("select * from speakers")}
    for name in (
        "Antony Blinken",
        "Choe Son Hui",
        "Kaja Kallas",
        "Jake Sullivan",
        "Marco Rubio",
        "Donald Trump",
        "US government",
        "Kiev",
        "South Korea",
        "Washington Post",
    ):
        assert name in speakers, name
    assert speakers["Antony Blinken"]["role"] == "US Secretary of State"
    assert speakers["Kiev"]["kind"] == "place" and speakers["US government"]["kind"] == "organisation"
    assert not {"he", "she", "him", "her", "they"} & {n.casefold() for n in speakers}
    counts = dict(sql.execute("select speaker, attributions from speaker_counts").fetchall())
    assert counts["Antony Blinken"] >= 4
