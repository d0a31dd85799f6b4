"""A component that fails on one document costs that document only, with one or several processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from sqlite_utils import Database

from quotetrack.analysis import FAILED_IN_WORKER
from quotetrack.documents import Skipped
from quotetrack.ingest import ingest
from quotetrack.pipeline import load_pipeline

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
