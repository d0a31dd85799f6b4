"""Shared fixtures: the spaCy pipeline and a database ingested from seeds/, each built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from sqlite_utils import Database

from quotetrack.cli import cli
from quotetrack.nlp import get_pipeline

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline; get_pipeline caches it, so CLI commands run in tests reuse this one."""
    return get_pipeline()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """quotes.db holding the seed articles, ingested through the real CLI. Tests must only read it."""
    db_path = tmp_path_factory.mktemp("seeded") / "quotes.db"
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return db_path


def run_cli(*args: str, input: str | bytes | None = None, expect: int = 0):
    """Invoke the CLI in-process and check its exit code, showing its output when that fails."""
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exit_code == expect, (result.output, result.exception)
    return result


# Articles for the quote desk tests: markup inside a quote, an anonymous source, and one quote run by two
# articles (with different quotation marks), besides the seed article.
DESK_ARTICLES = {
    "xss.txt": "Harbour row over <script>alert(1)</script> reopening\n"
    '"We will not accept <script>alert(1)</script> or <img src=x onerror=alert(1)> in our town," '
    "said Mayor Jane Doe on Monday.\n"
    "Officials said the harbour would reopen next week.\n",
    "harbour-a.txt": "Port news\nThe harbour has been closed for a month.\n"
    '"The port will reopen next week," said Harbour Master Tom Reyes.\n',
    "harbour-b.txt": "Evening bulletin\nShips are waiting outside the bay.\n"
    "“The port will reopen next week,” Harbour Master Tom Reyes said on Tuesday.\n",
}


@pytest.fixture(scope="session")
def desk_db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """desk.db: the seeds plus DESK_ARTICLES, ingested through the real CLI. Tests must only read it."""
    folder = tmp_path_factory.mktemp("desk")
    articles = folder / "articles"
    articles.mkdir()
    for name, text in DESK_ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    db_path = folder / "desk.db"
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), str(articles), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return db_path


# Articles with outlets and dates, as a JSONL export: one quote run by two outlets (repeated quotes), an
# anonymous source, both `According to` and `according to`, a speaker left unresolved (`she`), and names
# and titles that need escaping.
NEWS_ARTICLES = [
    {
        "id": "hg-1",
        "title": "Port to reopen next week",
        "outlet": "Harbour Gazette",
        "date": "2024-11-13",
        "url": "https://gazette.example/port",
        "text": "Port to reopen next week\n"
        '"The port will reopen next week," said Harbour Master Tom Reyes on Wednesday.\n'
        "According to officials, the closure cost the town two million pounds.\n",
    },
    {
        "id": "es-7",
        "title": "Ships wait outside the bay",
        "outlet": "Evening Star",
        "date": "2024-11-14",
        "url": "https://star.example/ships?id=7&lang=en",
        "text": "Ships wait outside the bay\n"
        '"Nobody has told us anything," she said.\n'
        "“The port will reopen next week,” Harbour Master Tom Reyes said on Thursday.\n"
        "Dozens of ships were waiting outside the bay, according to a port official.\n",
    },
    {
        "id": "tc-3",
        "title": "Council & mayor clash over “budget” <b>cuts</b>",
        "outlet": "Town Crier & Post",
        "date": "2024-12-01",
        "text": "Council & mayor clash over budget cuts\n"
        '"We will not raise taxes this year," said Mayor Jane Doe on Monday.\n'
        "Councillor Mary O’Donnell told reporters that the vote would be close.\n",
    },
]


@pytest.fixture(scope="session")
def news_db(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Path:
    """news.db: the seeds and NEWS_ARTICLES, through the real ingest. Tests must only read it."""
    folder = tmp_path_factory.mktemp("news")
    export = folder / "wire.jsonl"
    export.write_text("\n".join(json.dumps(record) for record in NEWS_ARTICLES) + "\n", encoding="utf-8")
    db_path = folder / "news.db"
    run_cli("ingest", str(SEEDS), str(export), "--db", str(db_path))
    return db_path


def database_contents(db_path: Path) -> dict[str, list[dict]]:
    """Every row a reader could see, minus ingest times and run ids, which differ between runs."""
    db = Database(db_path)
    documents = "select id, text, title, source, url, author, outlet, published from documents order by id"
    return {
        "documents": list(db.query(documents)),
        "attributions": list(db.query("select * from attributions order by id")),
        "speakers": list(db.query("select * from speakers order by id")),
        "roles": list(db.query("select * from speaker_roles order by speaker_id, document_id, role")),
        "models": [row["model"] for row in db.query("select model from runs order by id")],
    }
