"""`quotes`, `claims` and `attributions`: the article's date, outlet and title in every listing; filters by
date, outlet and article; FTS syntax in --search; apostrophe-blind name lookups; exit codes for nothing found.

Exit codes, the same for every listing and `speakers show`: 0 with the rows found, or with none when the
filters match nothing; 1 when the speaker, outlet or document named does not exist; 2 for an invalid value.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli
from spacy.language import Language

from quotetrack.cli import cli
from quotetrack.store import open_database, reads

ARTICLES = [
    {
        "id": "a1",
        "title": "Troops gather at the border",
        "outlet": "The Coastal Times",
        "date": "2024-11-10",
        "url": "https://coastal.example/troops",
        "text": "“The troops are moving toward Kiev,” said General Sean O’Donnell on Sunday.",
    },
    {
        "id": "a2",
        "title": "Kyiv braces for winter",
        "outlet": "Wire",
        "date": "2024-11-20",
        "url": "https://wire.example/kyiv",
        "text": "“Kyiv will not fall,” said Mayor Vitali Klitschko on Wednesday.",
    },
    {
        "id": "a3",
        "title": "Harbour to reopen",
        "outlet": "Gazette",
        "date": "2024-12-01",
        "text": "“The harbour will reopen next week,” said Harbour Master Tom Reyes. "
        "“The troopers are gone,” O’Donnell said.",
    },
]
FIELDS = [
    "id",
    "speaker",
    "speaker_mention",
    "kind",
    "cue",
    "content",
    "context",
    "date",
    "published",
    "outlet",
    "title",
    "url",
    "document_id",
]


@pytest.fixture(scope="module")
def listings_db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """Three dated articles of three outlets, ingested through the CLI. Tests only read it."""
    folder = tmp_path_factory.mktemp("listings")
    export = folder / "news.jsonl"
    export.write_text("\n".join(json.dumps(article) for article in ARTICLES) + "\n", encoding="utf-8")
    run_cli("ingest", str(export), "--db", str(folder / "listings.db"))
    return folder / "listings.db"


def listed(db: Path, *args: str, command: str = "quotes") -> list[dict]:
    """The rows a listing prints with --nl."""
    lines = run_cli(command, "--db", str(db), *args, "--nl").stdout.splitlines()
    return [json.loads(line) for line in lines]


def contents(db: Path, *args: str) -> set[str]:
    return {row["content"] for row in listed(db, *args)}


def failing(*args: str, code: int) -> str:
    """Run the CLI expecting exit `code` with a message on stderr and nothing on stdout; the message."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, (result.output, result.exception)
    assert result.stdout == "" and result.stderr.strip()
    return result.stderr


def test_listings_show_date_outlet_and_title_under_names_that_say_so(listings_db: Path) -> None:
    rows = listed(listings_db, command="attributions")
    assert list(rows[0]) == FIELDS
    klitschko = next(row for row in rows if row["speaker"] == "Vitali Klitschko")
    assert (klitschko["date"], klitschko["published"], klitschko["outlet"], klitschko["title"]) == (
        "2024-11-20",
        "2024-11-20",
        "Wire",
        "Kyiv braces for winter",
    )
    assert klitschko["url"] == "https://wire.example/kyiv" and len(klitschko["document_id"]) == 64
    assert [row["date"] for row in rows] == sorted(
        (row["date"] for row in rows), reverse=True
    )  # newest first

    header = run_cli("claims", "--db", str(listings_db), "--csv").stdout  # no claims: the same header
    assert next(csv.reader(io.StringIO(header))) == FIELDS

    table = run_cli("quotes", "--db", str(listings_db)).stdout.splitlines()
    assert table[0].split() == ["id", "date", "speaker", "kind", "cue", "content", "outlet", "title"]
    assert any("2024-11-20" in line and "Wire" in line and "Kyiv braces for winter" in line for line in table)


def test_since_and_until_take_inclusive_dates_and_refuse_others(listings_db: Path) -> None:
    assert contents(listings_db, "--since", "2024-11-20") == {
        "Kyiv will not fall",
        "The harbour will reopen next week",
        "The troopers are gone",
    }
    assert contents(listings_db, "--until", "2024-11-20", "--since", "2024-11-11") == {"Kyiv will not fall"}
    assert listed(listings_db, "--since", "2025-01-01") == []  # a filter matching nothing: exit 0, no rows

    message = failing("quotes", "--db", str(listings_db), "--since", "20/11/2024", code=2)
    assert "'20/11/2024' is not a date as YYYY-MM-DD" in message
    assert "month must be in 1..12" in failing(
        "quotes", "--db", str(listings_db), "--until", "2024-13-01", code=2
    )
    message = failing(
        "quotes", "--db", str(listings_db), "--since", "2024-12-01", "--until", "2024-11-01", code=2
    )
    assert "2024-12-01 is after --until 2024-11-01" in message


def test_outlet_is_found_in_any_case_and_an_unknown_one_is_an_error(listings_db: Path) -> None:
    expected = {"The troops are moving toward Kiev"}
    assert contents(listings_db, "--outlet", "the coastal times") == expected
    assert contents(listings_db, "--outlet", "COASTAL TIMES") == expected  # a leading `the` does not matter
    message = failing("quotes", "--db", str(listings_db), "--outlet", "Daily Planet", code=1)
    assert "no outlet named 'Daily Planet' (outlets: Gazette, The Coastal Times, Wire)" in message


def test_document_by_url_id_or_id_prefix(listings_db: Path) -> None:
    klitschko = next(row for row in listed(listings_db) if row["outlet"] == "Wire")
    for reference in ("https://wire.example/kyiv", klitschko["document_id"], klitschko["document_id"][:10]):
        assert contents(listings_db, "--document", reference) == {"Kyiv will not fall"}
    message = failing(
        "attributions", "--db", str(listings_db), "--document", "https://nowhere.example/", code=1
    )
    assert "no document with the URL, id or id prefix 'https://nowhere.example/'" in message
    failing("attributions", "--db", str(listings_db), "--document", "not-hex", code=1)


def test_an_id_prefix_of_several_documents_is_ambiguous(tmp_path: Path) -> None:
    db = open_database(tmp_path / "ids.db")
    for ident in ("ab12" + "0" * 60, "ab34" + "0" * 60):
        db["documents"].insert({"id": ident, "text": "x", "source": "x", "title": "x"})
    assert reads.document_id(db, "AB1") == "ab12" + "0" * 60
    with pytest.raises(reads.Ambiguous, match="'ab' starts several document ids"):
        reads.document_id(db, "ab")


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("troop*", {"The troops are moving toward Kiev", "The troopers are gone"}),  # prefix
        ("troop", set()),  # a whole word: not `troops`
        ("Kiev OR Kyiv", {"The troops are moving toward Kiev", "Kyiv will not fall"}),
        ('"will not fall"', {"Kyiv will not fall"}),  # a phrase
        ("“not fall”", {"Kyiv will not fall"}),  # curly quotes too
        ('"fall not will"', set()),  # a phrase is in order
        ("will NOT harbour", {"Kyiv will not fall"}),
        ("(troops OR troopers) said", {"The troops are moving toward Kiev", "The troopers are gone"}),
        ("moving kiev", {"The troops are moving toward Kiev"}),  # plain words: all of them
        ("O'Donnell", {"The troops are moving toward Kiev", "The troopers are gone"}),
        # FTS5 would refuse these: searched as plain words instead, never an SQL error.
        ('"unbalanced', set()),
        ('"not fall', {"Kyiv will not fall"}),
        ("AND", set()),
        ("fall AND", set()),  # `and` is not in the text
        ("NOT kyiv", {"Kyiv will not fall"}),  # `not` and `kyiv` both are
        ("(kyiv", {"Kyiv will not fall"}),
        ("content:harbour", set()),  # no column filters: the words `content` and `harbour`
        ("*", set()),
    ],
)
def test_search_takes_fts_syntax_and_falls_back_to_plain_words(
    listings_db: Path, search: str, expected: set[str]
) -> None:
    assert contents(listings_db, "--search", search) == expected


def test_names_are_found_whatever_their_apostrophes_and_case(listings_db: Path) -> None:
    # `General Sean O’Donnell` in one article and `O’Donnell` in another, both with a curly apostrophe: one
    # speaker, stored as `Sean O'Donnell`, found by either apostrophe, in any case, by surname or in full.
    both = {"The troops are moving toward Kiev", "The troopers are gone"}
    for name in ("O'Donnell", "o’donnell", "O‘DONNELL", "Sean O’Donnell", "sean o'donnell"):
        assert contents(listings_db, "--speaker", name) == both
        assert run_cli("speakers", "show", name, "--db", str(listings_db)).stdout.startswith("Sean O'Donnell")


def test_nothing_found_exit_codes_are_the_same_everywhere(listings_db: Path) -> None:
    db = str(listings_db)
    for command in (["quotes"], ["claims"], ["attributions"]):
        assert (
            failing(*command, "--db", db, "--speaker", "nobody", code=1)
            == "Error: no speaker named 'nobody'\n"
        )
    assert failing("speakers", "show", "nobody", "--db", db, code=1) == "Error: no speaker named 'nobody'\n"
    # A speaker who exists but matches no other filter: exit 0, no rows.
    assert listed(listings_db, "--speaker", "Vitali Klitschko", command="claims") == []
    empty = run_cli("quotes", "--db", db, "--search", "elephant")
    assert (empty.stdout, empty.stderr) == ("(no results)\n", "")
    assert "no database at" in failing("quotes", "--db", str(listings_db.parent / "none.db"), code=1)


def test_the_library_raises_not_found_for_names_and_filters_give_empty_lists(listings_db: Path) -> None:
    db = open_database(listings_db)
    with pytest.raises(reads.NotFound):
        reads.attributions(db, speaker="nobody")
    with pytest.raises(reads.NotFound):
        reads.attributions(db, outlet="nobody")
    with pytest.raises(ValueError, match="not a date as YYYY-MM-DD"):
        reads.attributions(db, since="yesterday")
    assert reads.attributions(db, speaker="Tom Reyes", until="2024-11-30") == []
