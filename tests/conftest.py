"""Shared fixtures: the spaCy pipeline and a database ingested from seeds/, each built once per session."""

from __future__ import annotations

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
