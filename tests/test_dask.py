"""`ingest --dask`: workers of a dask.distributed cluster parse, the caller stores the same rows as a local
ingest, once, skipping what a component fails on as a local ingest does.

One LocalCluster of 2 worker processes (started as `--dask local:2` starts it) serves the whole module;
the CLI reaches it by its scheduler address, as it would a real cluster.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DESK_ARTICLES, SEEDS, database_contents, run_cli
from spacy.language import Language
from spacy.tokens import Doc

import quotetrack
from quotetrack.distributed import INSTALL_HINT, TASK_CHARS, dask_client, local_workers, task_batches
from quotetrack.ingest import IngestInterrupted, IngestProgress, ingest
from quotetrack.nlp.pipeline import load_pipeline
from quotetrack.records import Document, Skipped

SPEAKERS = ("Ana Lopes", "the council", "Police", "Tom Reyes", "union leaders")
MARKER = "KABOOM"


@Language.component("explode_on_kaboom")
def explode_on_kaboom(doc: Doc) -> Doc:
    """A component with a bug only some texts trigger; workers register it by importing this module."""
    if MARKER in doc.text:
        raise RuntimeError("cannot handle this text")
    return doc


@pytest.fixture(scope="module")
def client() -> Iterator:
    with dask_client("local:2") as client:
        assert sorted(client.nthreads().values()) == [1, 1]
        yield client


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The desk articles and a dozen short reports whose speakers recur, so the registry's order matters."""
    folder = tmp_path_factory.mktemp("dask") / "articles"
    folder.mkdir()
    for name, text in DESK_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for n in range(12):
        speaker = SPEAKERS[n % len(SPEAKERS)]
        (folder / f"report-{n:02d}.txt").write_text(
            f"Report {n}\n\n“Stage {n} will finish in {n + 1} weeks,” said {speaker}. "
            f"According to {speaker}, the cost rose by {n * 3} percent.\n"
        )
    return folder


def test_local_workers_are_read_from_the_scheduler_name() -> None:
    assert local_workers("local:3") == 3
    assert local_workers("local") >= 1
    assert local_workers("tcp://10.0.0.5:8786") is None
    assert local_workers("scheduler.json") is None
    with pytest.raises(ValueError, match="at least one worker"):
        local_workers("local:0")


def test_tasks_keep_input_order_and_are_cut_by_documents_and_characters() -> None:
    def documents(*sizes: int) -> list[Document]:
        return [Document(str(n), "x" * size, f"{n}.txt", "", n) for n, size in enumerate(sizes)]

    small = documents(*[10] * 7)
    assert [len(batch) for batch in task_batches(small, 3)] == [3, 3, 1]
    assert [document for batch in task_batches(small, 3) for document in batch] == small
    big = documents(TASK_CHARS // 2, TASK_CHARS // 2, 1, TASK_CHARS * 3, 5)
    assert [[d.id for d in batch] for batch in task_batches(big, 8)] == [["0", "1"], ["2"], ["3"], ["4"]]


def test_a_cluster_stores_what_a_local_ingest_stores_and_a_second_run_nothing(
    nlp, client, articles: Path, tmp_path: Path
) -> None:
    local, distributed = tmp_path / "local.db", tmp_path / "dask.db"
    address = client.scheduler.address
    common = ("--batch-size", "2")  # many small batches, so the two workers finish them out of order
    single = run_cli("ingest", str(articles), str(SEEDS), "--db", str(local), *common)
    on_cluster = run_cli(
        "ingest", str(articles), str(SEEDS), "--db", str(distributed), "--dask", address, *common
    )

    assert single.stdout.startswith("16 read, 16 new, 0 updated, 0 already stored, 0 skipped")
    assert on_cluster.stdout.split(" in ")[0] == single.stdout.split(" in ")[0]
    contents = database_contents(local)
    assert len(contents["attributions"]) > 40 and contents["roles"]
    assert database_contents(distributed) == contents

    again = run_cli("ingest", str(articles), str(SEEDS), "--db", str(distributed), "--dask", address)
    assert again.stdout.startswith("16 read, 0 new, 0 updated, 16 already stored, 0 skipped")
    # Nothing is sent to the workers: a "client" that cannot do anything is never touched.
    summary = quotetrack.Tracker(distributed).ingest([articles, SEEDS], dask=object())
    assert (summary.documents_new, len(summary.already_stored)) == (0, 16)
    contents["models"] += contents["models"][-1:] * 2
    assert database_contents(distributed) == contents


def test_a_document_a_component_fails_on_is_skipped_as_locally(client, tmp_path: Path) -> None:
    fragile = load_pipeline()
    fragile.add_pipe("explode_on_kaboom", before="quotetrack_attributions")
    model = tmp_path / "fragile-model"
    fragile.to_disk(model)
    client.run(importlib.import_module, __name__)  # registers the component on the workers
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("“The port will reopen,” said Harbour Master Tom Reyes.")
    (folder / "b.txt").write_text(f"“{MARKER},” said the demolition crew.")
    (folder / "c.txt").write_text("Police said the road was closed after the crash.")
    local, distributed = tmp_path / "local.db", tmp_path / "dask.db"

    expected = ingest([folder], local, batch_size=2, nlp=fragile)  # the same pipeline, here
    summary = ingest([folder], distributed, model=str(model), batch_size=2, dask=client)

    reason = "explode_on_kaboom: RuntimeError: cannot handle this text"
    assert (
        summary.skipped == expected.skipped == [Skipped(str(folder / "b.txt"), "extraction failed", reason)]
    )
    assert summary.documents_new == expected.documents_new == 2
    assert database_contents(distributed) == database_contents(local)


def test_an_interrupted_run_counts_what_it_stored_and_the_next_finishes(
    client, articles: Path, tmp_path: Path
) -> None:
    reference, db_path = tmp_path / "reference.db", tmp_path / "q.db"
    ingest([articles], reference, batch_size=2, dask=client)
    told: list[IngestProgress] = []

    def progress(update: IngestProgress) -> None:  # Ctrl-C after 5 documents, with batches on the cluster
        told.append(update)
        if update.documents == 5:
            raise KeyboardInterrupt

    with pytest.raises(IngestInterrupted) as interrupted:
        ingest([articles], db_path, batch_size=2, progress=progress, dask=client)
    # Progress comes per document from the cluster's results, with the total counted up front.
    assert [(update.documents, update.total) for update in told] == [(n, 15) for n in range(1, 6)]
    assert told[-1].words > told[0].words > 0
    stored = interrupted.value.summary.documents_new
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from documents").fetchone() == (stored,)
    assert stored == 5

    finished = ingest([articles], db_path, batch_size=2, dask=client)
    assert (finished.documents_new, len(finished.already_stored)) == (15 - stored, stored)
    contents, expected = database_contents(db_path), database_contents(reference)
    assert {k: v for k, v in contents.items() if k != "models"} == {
        k: v for k, v in expected.items() if k != "models"
    }


def test_without_dask_installed_the_option_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    result = run_cli("ingest", str(SEEDS), "--db", "unused.db", "--dask", "local:2", expect=1)
    assert result.output.strip() == f"Error: {INSTALL_HINT}"
    assert not Path("unused.db").exists()


def test_dask_and_processes_do_not_go_together() -> None:
    result = run_cli("ingest", str(SEEDS), "--dask", "local", "--processes", "2", expect=2)
    assert "--processes is for parsing here" in result.output
