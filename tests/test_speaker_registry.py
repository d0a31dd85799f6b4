"""Speakers across documents: the registry's rules (quotetrack.store.registry) and the reads that find a
speaker (quotetrack.store.reads, through registry.SPEAKER_LOOKUP_SQL), on a fresh SQLite file with
hand-made Attribution records shaped as the extractor makes them. No spaCy, except in the one end-to-end
test of `load-aliases` and `ingest --force`, where the CLI's re-ingest is what is tested."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import run_cli
from made_records import said_in
from sqlite_utils import Database

from quotetrack.read.documents import make_document
from quotetrack.records import Attribution, Document
from quotetrack.store import open_database, reads
from quotetrack.store.registry import load_aliases, merge_speakers
from quotetrack.store.writes import store_document


def report(
    content: str,
    canonical: str | None,
    kind: str | None = "person",
    role: str | None = None,
    mention: str | None = None,
    cue: str = "said",
) -> tuple[str, Attribution]:
    """A one-sentence article `MENTION said that CONTENT.` and its attribution, as the extractor reports
    it: the mention as written, the speaker resolved within the article (`canonical`), kind and role."""
    mention = mention or canonical or "She"
    text = f"{mention} {cue} that {content}.\n"
    found = said_in(text, content, mention, canonical, speaker_kind=kind, role=role, cue=cue)
    return text, dataclasses.replace(found, sentence_end=len(text) - 1)


def store(
    db: Database, content: str, canonical: str | None, kind: str | None = "person", **extra
) -> Document:
    """Store one article with one attribution, as an ingest does; its document."""
    text, attribution = report(content, canonical, kind, **extra)
    document = make_document(text, f"{content}.txt", f"{content}.txt")
    assert isinstance(document, Document)
    assert store_document(db, document, [attribution], None) == 1
    return document


def speaker_of(db: Database, content: str) -> str | None:
    """The stored speaker's name of the attribution saying `content` (None: unresolved)."""
    row = db.execute(
        "select speakers.name from attributions left join speakers on speakers.id = attributions.speaker_id"
        " where attributions.content = ?",
        [content],
    ).fetchone()
    assert row is not None, f"no attribution {content!r}"
    return row[0]


def quoted_by(db: Database, name: str) -> list[str | None]:
    """Speakers of the attributions `attributions --speaker NAME` lists; none when the lookup finds nobody
    (reads.NotFound, which the CLI reports with exit code 1)."""
    try:
        return [found.speaker for found in reads.attributions(db, speaker=name, limit=None)]
    except reads.NotFound:
        return []


def count(db: Database, sql: str, params: list | None = None) -> int:
    return int(db.execute(sql, params or []).fetchone()[0])


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "q.db")


# Rule 2 and 3: the same name is the same speaker; a bare surname joins the one person it fits.


@pytest.mark.parametrize("bare_kind", ["person", "organisation"])  # small models often tag `Blinken` ORG
@pytest.mark.parametrize("full_first", [True, False])
def test_full_name_and_surname_in_other_documents_are_one_speaker(db, bare_kind, full_first):
    full = ("the alliance was united", "Antony Blinken", "person")
    bare = ("talks with Beijing had gone well", "Blinken", bare_kind)
    for content, canonical, kind in (full, bare) if full_first else (bare, full):
        store(db, content, canonical, kind)
    assert speaker_of(db, "the alliance was united") == speaker_of(db, "talks with Beijing had gone well")
    assert speaker_of(db, "the alliance was united") == "Antony Blinken"
    assert count(db, "select count(*) from speakers where kind = 'person'") == 1
    assert count(db, "select count(*) from speakers") == 1


@pytest.mark.parametrize("first", ["bare", "full"])
def test_bare_surname_and_full_name_meet_in_any_order(db, first):
    bare = ("talks had gone well", "Blinken")
    full = ("the alliance was united", "Antony Blinken")
    for content, canonical in (bare, full) if first == "bare" else (full, bare):
        store(
            db,
            content,
            canonical,
            mention="US Secretary of State Antony Blinken" if " " in canonical else None,
        )
    store(db, "the alliance would hold", "Blinken")
    names = {
        speaker_of(db, c)
        for c in ("the alliance was united", "talks had gone well", "the alliance would hold")
    }
    assert names == {"Antony Blinken"}


def test_same_surname_different_people_stay_apart_and_bare_surname_is_unresolved(db):
    store(db, "the economy was strong", "Joe Biden", role="President", mention="President Joe Biden")
    store(db, "he would testify next week", "Hunter Biden")
    store(db, "the bill would pass", "Biden", "organisation")  # as the small model tags it
    assert speaker_of(db, "the economy was strong") == "Joe Biden"
    assert speaker_of(db, "he would testify next week") == "Hunter Biden"
    assert speaker_of(db, "the bill would pass") is None  # two Bidens fit: not guessed
    mention = db.execute("select speaker_mention from attributions where content = 'the bill would pass'")
    assert mention.fetchone()[0] == "Biden"


@pytest.mark.parametrize(
    ("canonical", "kind"),
    [("KATE O'BRIEN", "person"), ("O'BRIEN", "organisation")],  # the second: as the small model reads it
)
def test_case_and_apostrophe_variants_are_one_speaker(db, canonical, kind):
    store(db, "the vote was close", "Kate O’Brien", role="Senator", mention="Senator Kate O’Brien")
    store(db, "the count would take a week", canonical, kind, mention="KATE O'BRIEN")
    assert speaker_of(db, "the vote was close") == speaker_of(db, "the count would take a week")
    assert count(db, "select count(*) from speakers") == 1


def test_role_changes_between_articles_are_kept_per_document(db):
    store(db, "the deal was weak", "Marco Rubio", role="Senator")
    store(db, "the deal was now acceptable", "Marco Rubio", role="Secretary of State")
    roles = {r["role"] for r in db.query("select role from speaker_roles")}
    assert roles == {"Senator", "Secretary of State"}
    assert db.execute("select name, role from speakers").fetchall() == [("Marco Rubio", "Secretary of State")]


def test_unnamed_sources_are_kept_but_never_merged_across_documents(db):
    store(db, "the bridge would reopen in May", "Officials", "unnamed")
    store(db, "the harbour would close for a week", "Officials", "unnamed")
    rows = db.execute("select name, kind from speakers order by id").fetchall()
    assert rows == [("Officials", "unnamed"), ("Officials", "unnamed")]


# Rule 1: the user's aliases win, now and in every later ingest.


def test_alias_file_applies_to_stored_rows_and_to_later_ingests(db):
    kyiv = store(db, "the front line held overnight", "Kyiv", "place")
    kiev = store(db, "two drones were shot down", "Kiev", "place")
    assert speaker_of(db, "the front line held overnight") == "Kyiv"
    assert speaker_of(db, "two drones were shot down") == "Kiev"
    assert load_aliases(db, ["# spelling", "Kyiv, Kiev"]) == 1
    assert (
        speaker_of(db, "the front line held overnight")
        == speaker_of(db, "two drones were shot down")
        == "Kyiv"
    )
    assert db.execute("select kind from speakers where name = 'Kyiv'").fetchone()[0] == "place"
    # Storing the same documents again (what `ingest --force` does) and a new article under the old
    # spelling keep the correction.
    for document, (content, canonical) in (
        (kyiv, ("the front line held overnight", "Kyiv")),
        (kiev, ("two drones were shot down", "Kiev")),
    ):
        _, attribution = report(content, canonical, "place")
        assert store_document(db, document, [attribution], None, replace=[document.id]) == 1
    assert (
        speaker_of(db, "the front line held overnight")
        == speaker_of(db, "two drones were shot down")
        == "Kyiv"
    )
    store(db, "the power grid was restored", "Kiev", "place")
    assert speaker_of(db, "the power grid was restored") == "Kyiv"
    assert count(db, "select count(*) from speakers") == 1


def test_reversed_correction_neither_loops_nor_splits_the_speaker(db):
    store(db, "two drones were shot down", "Kiev", "place")
    merge_speakers(db, "Kyiv", ["Kiev"])
    merge_speakers(db, "Kiev", ["Kyiv"])  # changed their mind
    store(db, "the front line held overnight", "Kyiv", "place")
    assert (
        speaker_of(db, "the front line held overnight")
        == speaker_of(db, "two drones were shot down")
        == "Kiev"
    )
    aliases = db.execute("select alias_key, speaker_name from speaker_aliases").fetchall()
    assert aliases == [("kyiv", "Kiev")]
    profile = reads.speaker_profile(db, "Kyiv")
    assert profile is not None and (profile.speaker.name, profile.speaker.kind) == ("Kiev", "place")


def test_alias_for_a_spelling_not_stored_yet(db):
    store(db, "two drones were shot down", "Kiev", "place")
    assert merge_speakers(db, "Kiev", ["Kyiv"]) == 0
    store(db, "the front line held overnight", "Kyiv", "place")
    assert (
        speaker_of(db, "the front line held overnight")
        == speaker_of(db, "two drones were shot down")
        == "Kiev"
    )


def test_merge_moves_attributions_and_the_old_name_finds_the_speaker(db):
    store(db, "the deal was weak", "Marco Rubio", role="Senator")
    store(db, "the economy was strong", "Joe Biden", role="President")
    assert merge_speakers(db, "Marco Rubio", ["Joe Biden"]) == 1
    profile = reads.speaker_profile(db, "joe biden")  # an alias finds the speaker
    assert profile is not None and profile.speaker.name == "Marco Rubio" and profile.speaker.kind == "person"
    assert profile.speaker.attributions == 2 and profile.cues == {"say": 2}
    assert len(profile.attributions) == 2
    assert reads.speaker_profile(db, "Nobody") is None


@pytest.mark.parametrize(("keep", "other"), [("Percent", "%"), ("Underscore", "_"), ("Nobody", "%fficials")])
def test_percent_and_underscore_in_a_merge_are_letters_not_wildcards(db, keep, other):
    # Regression: the merge once found the speakers under a name with LIKE, so merging `%` moved every
    # unnamed speaker (and `_` any one-letter name) into the kept one.
    store(db, "the bridge would reopen in May", "Officials", "unnamed")
    store(db, "the harbour would close for a week", "Officials", "unnamed")
    store(db, "prices would fall", "Ana Lopes", role="Finance Minister")
    store(db, "the vote was early", "X", "person")
    before = db.execute("select id, name, kind from speakers order by id").fetchall()
    assert merge_speakers(db, keep, [other]) == 0
    assert (
        db.execute("select id, name, kind from speakers where name != ? order by id", [keep]).fetchall()
        == before
    )
    assert speaker_of(db, "the bridge would reopen in May") == speaker_of(
        db, "the harbour would close for a week"
    )
    assert speaker_of(db, "the bridge would reopen in May") == "Officials"
    assert count(db, "select count(*) from speakers where kind = 'unnamed'") == 2
    assert count(db, "select count(*) from attributions where speaker_id is null") == 0
    assert quoted_by(db, keep) == [] and reads.speaker_profile(db, keep) is None  # nothing was moved to it


def test_percent_and_underscore_in_other_names_are_letters(db):
    store(db, "the queue was long", "R_S Group", "organisation")
    store(db, "the queue was short", "RAS Group", "organisation")
    store(db, "sales were up 5%", "100% Juice", "organisation")
    store(db, "sales were flat", "1000 Juice", "organisation")
    assert merge_speakers(db, "RS Group", ["R_S Group"]) == 1
    assert merge_speakers(db, "Juice Co", ["100% Juice"]) == 1
    assert (
        speaker_of(db, "the queue was long") == "RS Group"
        and speaker_of(db, "the queue was short") == "RAS Group"
    )
    assert (
        speaker_of(db, "sales were up 5%") == "Juice Co" and speaker_of(db, "sales were flat") == "1000 Juice"
    )
    assert quoted_by(db, "r_s group") == ["RS Group"] and quoted_by(db, "100% juice") == ["Juice Co"]
    assert quoted_by(db, "%") == quoted_by(db, "_") == []


# The one speaker lookup: `attributions --speaker`, `speakers show`, the API and the desk's queries.


def test_lookup_by_any_case_apostrophe_alias_or_unambiguous_surname(db):
    store(db, "the vote was close", "Kate O’Brien", role="Senator")
    store(db, "the deal was weak", "Marco Rubio", role="Senator")
    store(db, "the deal was now acceptable", "Marco Rubio", role="Secretary of State")
    store(db, "the economy was strong", "Joe Biden", role="President")
    merge_speakers(db, "Marco Rubio", ["Little Marco"])
    for name in ("kate o'brien", "KATE O’BRIEN", "the Kate O'Brien", "O'Brien", "o’brien"):
        profile = reads.speaker_profile(db, name)
        assert profile is not None and profile.speaker.name == "Kate O’Brien", name
        assert quoted_by(db, name) == ["Kate O’Brien"], name
    assert quoted_by(db, "little marco") == quoted_by(db, "rubio") == ["Marco Rubio"] * 2
    profile = reads.speaker_profile(db, "rubio")
    assert profile is not None and profile.speaker.name == "Marco Rubio"
    assert sorted(profile.roles) == ["Secretary of State", "Senator"]
    assert quoted_by(db, "Nobody") == [] and reads.speaker_profile(db, "Nobody") is None


def test_lookup_by_surname_needs_exactly_one_person(db):
    store(db, "the economy was strong", "Joe Biden", role="President")
    store(db, "the deal was weak", "Marco Rubio", role="Senator")
    profile = reads.speaker_profile(db, "rubio")
    assert profile is not None and (profile.speaker.name, profile.speaker.kind) == ("Marco Rubio", "person")
    assert quoted_by(db, "biden") == ["Joe Biden"]
    store(db, "he would testify next week", "Hunter Biden")
    assert reads.speaker_profile(db, "Biden") is None and quoted_by(db, "Biden") == []  # two Bidens: no guess


def test_unnamed_sources_are_listed_under_one_name(db):
    store(db, "the bridge would reopen in May", "Officials", "unnamed")
    store(db, "the harbour would close for a week", "Officials", "unnamed")
    store(db, "the economy was strong", "Joe Biden", role="President")
    assert quoted_by(db, "OFFICIALS") == ["Officials"] * 2  # one speaker per article, one name
    # Rankings list named speakers; unnamed sources grouped on request, never merged in the table.
    assert [s.name for s in reads.speakers(db)] == ["Joe Biden"]
    grouped = [(s.name, s.attributions, s.documents) for s in reads.speakers(db, include_unnamed=True)]
    assert grouped == [("Officials", 2, 2), ("Joe Biden", 1, 1)]
    profile = reads.speaker_profile(db, "officials")
    assert profile is not None and (profile.speaker.name, profile.speaker.kind) == ("Officials", "unnamed")


def test_unnamed_sources_profile_counts_every_article(db):
    store(db, "the bridge would reopen in May", "Officials", "unnamed")
    store(db, "the harbour would close for a week", "Officials", "unnamed")
    profile = reads.speaker_profile(db, "officials")
    assert profile is not None and len(profile.attributions) == len(quoted_by(db, "officials")) == 2
    assert (profile.speaker.attributions, profile.speaker.documents, sum(profile.cues.values())) == (2, 2, 2)


# The CLI where the CLI is what is tested.


def test_merge_alias_and_show_commands(tmp_path):
    path = tmp_path / "q.db"
    db = open_database(path)
    store(db, "the deal was weak", "Marco Rubio", role="Senator")
    store(db, "the economy was strong", "Joe Biden", role="President")
    store(db, "two drones were shot down", "Kiev", "place")
    db.close()
    out = run_cli("speakers", "--db", str(path), "merge", "Marco Rubio", "Joe Biden").stdout
    assert "1 attributions re-pointed" in out
    shown = run_cli("speakers", "--db", str(path), "show", "joe biden").stdout  # an alias finds the speaker
    assert shown.startswith("Marco Rubio (person)") and "2 attributions" in shown and "cues: say 2" in shown
    rows = run_cli("speakers", "show", "Marco Rubio", "--nl", "--db", str(path)).stdout.splitlines()
    assert len(rows) == 2
    run_cli("speakers", "show", "Nobody", "--db", str(path), expect=1)
    assert (
        "0 attributions re-pointed" in run_cli("speakers", "--db", str(path), "alias", "Kiev", "Kyiv").stdout
    )
    run_cli("speakers", "merge", "Kyiv", "Kiev", "--db", str(path))  # --db after the subcommand too
    assert run_cli("speakers", "--db", str(path), "show", "Kiev").stdout.startswith("Kyiv (place)")


ARTICLES = {
    "kyiv.txt": "According to Kyiv, the front line held overnight.\n",
    "kiev.txt": "According to Kiev, two drones were shot down.\n",
    "later.txt": "According to Kiev, the power grid was restored.\n",
}


def test_alias_file_survives_ingest_force_end_to_end(tmp_path, nlp):
    """Through the real CLI and pipeline: `load-aliases`, then `ingest --force` and a later ingest."""
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = tmp_path / "q.db"
    stored = [str(tmp_path / name) for name in ("kyiv.txt", "kiev.txt")]
    run_cli("ingest", *stored, "--db", str(path))
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("# spelling\nKyiv, Kiev\n", encoding="utf-8")
    assert "1 aliases applied" in run_cli("speakers", "--db", str(path), "load-aliases", str(aliases)).stdout
    assert "2 re-extracted" in run_cli("ingest", *stored, "--db", str(path), "--force").stdout
    run_cli("ingest", str(tmp_path / "later.txt"), "--db", str(path))
    db = Database(path)
    names = db.execute(
        "select distinct speakers.name from attributions join speakers on speakers.id = speaker_id"
    )
    assert names.fetchall() == [("Kyiv",)]
    assert count(db, "select count(*) from attributions") == 3
    assert db.execute("select name, kind from speakers").fetchall() == [("Kyiv", "place")]


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
