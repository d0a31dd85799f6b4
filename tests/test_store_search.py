"""The search-box rule (quotetrack.store.search.fts_query): FTS5 syntax kept, anything else plain words, in
what was said and its sentence only, and no input whatever makes FTS5 raise a syntax error."""

from __future__ import annotations

import random
import sqlite3

import pytest

from quotetrack.store.search import fts_query

ROWS = ["North Korean troops near Kiev", "Kyiv said no", "the troop movement", "O’Donnell said: and not or"]
SPOKEN = "{content context} : (%s)"


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    """An FTS5 table with FTS5's default tokenizer and attributions_fts's columns: each row's words in
    content, a sentence in context, and a speaker token (speaker0, speaker1, ...)."""
    connection = sqlite3.connect(":memory:")
    connection.execute("create virtual table t using fts5(content, context, speaker_token)")
    connection.executemany(
        "insert into t (rowid, content, context, speaker_token) values (?, ?, 'in context', ?)",
        [(i, row, f"speaker{i}") for i, row in enumerate(ROWS)],
    )
    return connection


def matches(fts: sqlite3.Connection, text: str) -> set[int]:
    return {row[0] for row in fts.execute("select rowid from t where t match ?", [fts_query(text)])}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("troop*", '"troop"*'),
        ("troop *", '"troop"*'),
        ("Kiev OR Kyiv", '"Kiev" OR "Kyiv"'),
        ('"North Korean" troops', '"North Korean" "troops"'),
        ("“North Korean”*", '"North Korean"*'),
        ("said NOT kyiv", '"said" NOT "kyiv"'),
        # FTS5 takes phrases side by side, not a group: AND is put between them.
        ("troops (Kiev OR Kyiv)", '"troops" AND ( "Kiev" OR "Kyiv" )'),
        ("(Kiev OR Kyiv) troops", '( "Kiev" OR "Kyiv" ) AND "troops"'),
        ("content:troops NEAR", '"content:troops" "NEAR"'),  # no column filters or NEAR: words
        ("kiev - kyiv", '"kiev" "kyiv"'),  # a token without letters or digits is left out
        # What FTS5 would refuse: every word, plainly.
        ('"unbalanced', '"""unbalanced"'),
        ("AND", '"AND"'),
        ("troops AND", '"troops" "AND"'),
        ("NOT kyiv", '"NOT" "kyiv"'),
        ("()", '"()"'),
        ("(kiev", '"(kiev"'),
        ("kiev)", '"kiev)"'),
        ("", '""'),
        ("   ", '""'),
    ],
)
def test_fts_query(text: str, query: str) -> None:
    assert fts_query(text) == (SPOKEN % query if text.strip() else query)


def test_queries_find_what_fts5_syntax_says(fts: sqlite3.Connection) -> None:
    assert matches(fts, "troop*") == {0, 2}
    assert matches(fts, "Kiev OR Kyiv") == {0, 1}
    assert matches(fts, "said NOT kyiv") == {3}
    assert matches(fts, "O'Donnell") == {3}  # the tokenizer splits at either apostrophe
    assert matches(fts, '"korean troops"') == {0} and matches(fts, '"troops korean"') == set()
    assert matches(fts, "NOT said") == {3}  # plain words: `not` and `said`, both in the last row
    assert matches(fts, "---") == set()
    assert matches(fts, "context") == {0, 1, 2, 3}  # the sentence around is searched too


def test_words_never_match_a_speaker_token(fts: sqlite3.Connection) -> None:
    assert matches(fts, "speaker*") == matches(fts, "speaker1") == matches(fts, '"speaker2"') == set()
    assert matches(fts, "troops OR speaker1") == {0}


def test_no_input_is_an_fts5_syntax_error(fts: sqlite3.Connection) -> None:
    """Random strings of FTS5's syntax characters and words: each one a valid query."""
    pieces = [
        "kiev",
        "a",
        "OR",
        "AND",
        "NOT",
        "NEAR",
        "(",
        ")",
        '"',
        "“",
        "”",
        "*",
        "^",
        "+",
        "-",
        ":",
        " ",
        " ",
    ]
    generator = random.Random(11)
    for _ in range(20_000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 12)))
        matches(fts, text)  # raises sqlite3.OperationalError on a syntax error
