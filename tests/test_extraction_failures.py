"""A component that fails on one document, or a database that refuses one, costs that document only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from spacy.language import Language
from spacy.tokens import Doc
from sqlite_utils import Database

from quotetrack.ingest import ingest
from quotetrack.nlp.annotate import FAILED_IN_WORKER
from quotetrack.nlp.pipeline import load_pipeline
from quotetrack.records import Skipped
from quotetrack.store import open_database

MARKER = "EXPLODE"


@Language.component("explode_on_marker")
def explode_on_marker(doc: Doc) -> Doc:
    """A component with a bug that only some texts trigger, as a real one would have."""
    if MARKER in doc.text:
        raise RuntimeError("cannot handle this text\nsecond line of detail")
    return doc


@pytest.fixture(scope="module")
def fragile_nlp() -> Language:
    """Its own pipeline (the session's stays intact), with the buggy component and a short length limit."""
    nlp = load_pipeline()
    nlp.add_pipe("explode_on_marker", before="quotetrack_attributions")
    nlp.max_length = 400  # so long.txt is parsed in pieces
    return nlp


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fragile")
    (folder / "a.txt").write_text("“The port will reopen,” said Harbour Master Tom Reyes.")
    (folder / "b.txt").write_text(f"“{MARKER},” said the demolition crew.")
    paragraphs = [f"“Stage {n} is done,” said engineer Ana Lopes." for n in range(20)]
    paragraphs[12] = f"The crew said {MARKER} was the code word."
    (folder / "long.txt").write_text("\n\n".join(paragraphs))
    (folder / "z.txt").write_text("Police said the road was closed after the crash.")
    return folder


@pytest.mark.parametrize("processes", [1, 2])
def test_a_failing_document_is_skipped_and_the_rest_stored(
    fragile_nlp: Language, articles: Path, tmp_path: Path, processes: int
) -> None:
    db_path = tmp_path / "q.db"
    summary = ingest([articles], db_path, batch_size=2, n_process=processes, nlp=fragile_nlp)

    error = "explode_on_marker: RuntimeError: cannot handle this text"
    reason = error if processes == 1 else FAILED_IN_WORKER
    assert summary.skipped == [
        Skipped(str(articles / "b.txt"), "extraction failed", reason),
        Skipped(str(articles / "long.txt"), "extraction failed", reason),  # one bad piece spoils it
    ]
    db = Database(db_path)
    stored = [Path(row["source"]).name for row in db.query("select source from documents order by source")]
    assert stored == ["a.txt", "z.txt"]
    assert db["attributions"].count == 2
    assert summary.documents_new == 2 and summary.failed


def test_a_document_the_database_refuses_is_skipped_and_the_rest_stored(nlp, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    with open_database(db_path) as db:  # a house rule, as a trigger: nothing marked REFUSE goes in
        db.execute(
            "create trigger refuse_marked before insert on documents when new.text like '%REFUSE%'"
            " begin select raise(abort, 'refused by a house rule'); end"
        )
    (tmp_path / "a.txt").write_text("Police said REFUSE was the code word.")
    (tmp_path / "b.txt").write_text("Police said the road was closed after the crash.")

    result = run_cli(
        "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", str(db_path), expect=1
    )

    assert result.stderr.splitlines()[-1] == (
        f"skipped {tmp_path / 'a.txt'}: not stored: the database refused it: refused by a house rule"
    )
    assert result.stdout.startswith("2 read, 1 new, 0 updated, 0 already stored, 1 skipped (1 not stored)")
    db = Database(db_path)
    assert [row["source"] for row in db.query("select source from documents")] == [str(tmp_path / "b.txt")]
    assert db.execute("select count(*) from attributions").fetchone() == (1,)
