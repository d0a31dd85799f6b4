"""Ingest inputs into a database: read, skip what is bad or already stored, parse the rest, store each.

Safe to repeat and to interrupt: every document is committed in its own transaction, so running the same
command again after Ctrl-C or a crash stores only what is missing.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import itertools
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from sqlite_utils import Database

from quotetrack.interrupts import interrupts_deferred, interrupts_ignored
from quotetrack.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, annotate, get_pipeline
from quotetrack.nlp.pipeline import describe_extractor, extractor_description, model_description
from quotetrack.nlp.workers import supervised_workers
from quotetrack.read import DEFAULT_OPTIONS, ReadOptions, read_sources
from quotetrack.read.extracted import count_extracted, read_extracted
from quotetrack.read.inputs import count_documents
from quotetrack.records import Attribution, Document, Skipped
from quotetrack.store import corrections, open_database
from quotetrack.store.connection import immediate
from quotetrack.store.statistics import refresh_statistics
from quotetrack.store.writes import (
    finish_run,
    has_document,
    start_run,
    store_document,
    superseded_documents,
)


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest (or load) stands, told after each document it has dealt with: for progress bars.

    A document here is what `documents_read` counts: an article, a record of an export, a line of extract
    output, or an input skipped as unusable."""

    documents: int  # dealt with so far: stored, already stored, or skipped
    total: int | None  # to deal with in all, when the inputs could be counted cheaply up front
    words: int  # in the documents stored so far (what parsing cost)
    elapsed: float  # seconds since the run started
    source: str  # the document just dealt with: `file`, `export.jsonl:41`, a URL


# Called after each document an ingest or load has dealt with.
Progress = Callable[[IngestProgress], None]
Extracted = tuple[Document, list[Attribution]]
# Loading stores this many documents to a transaction: one commit per document would cost a disk sync each.
LOAD_TRANSACTION_DOCUMENTS = 200


@dataclass
class IngestSummary:
    """What an ingest did; `skipped` lists inputs that failed, `already_stored` ones that were no-ops."""

    run_id: int
    model: str
    extractor: str | None = None  # `quotetrack.nlp.pipeline.describe_extractor`: rules, model file, settings
    documents_read: int = 0
    documents_new: int = 0
    documents_updated: int = 0  # same URL or id as a stored article, new text: the old version replaced
    documents_reextracted: int = 0  # unchanged but parsed again because of --force
    attributions: int = 0
    speakers: int = 0
    words: int = 0  # in the documents stored
    elapsed: float = 0.0  # seconds, from start to finish (or to Ctrl-C)
    corrections_not_found: int = 0  # the user's corrections the re-stored articles no longer have
    already_stored: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True if any input could not be ingested; "already stored" is success, not failure."""
        return bool(self.skipped)

    @property
    def skipped_kinds(self) -> Counter[str]:
        """How many inputs were skipped for each kind of problem."""
        return Counter(skipped.kind for skipped in self.skipped)

    def run_counts(self) -> dict[str, int | str]:
        """Totals in the shape of the `runs` table."""
        return {
            "model": self.model,
            "extractor": self.extractor,
            "documents_read": self.documents_read,
            "documents_new": self.documents_new,
            "documents_replaced": self.documents_updated + self.documents_reextracted,
            "documents_unchanged": len(self.already_stored),
            "documents_skipped": len(self.skipped),
            "attributions": self.attributions,
        }


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest; carries the summary of what was stored before it.

    With n_process > 1, spaCy's queue threads may still wait on the stopped workers: a program that
    catches this should end with os._exit, as the CLI does.
    """

    def __init__(self, summary: IngestSummary):
        super().__init__()
        self.summary = summary


def describe_model(model: str) -> str:
    """`package==version` without loading the model, for runs that have nothing new to parse."""
    try:
        return f"{model}=={importlib.metadata.version(model)}"
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return model  # a path or an unpackaged pipeline


class IngestRun:
    """One ingest into an open database: decides what needs parsing, then stores and counts each result.

    Asks the database once per document whether it is stored; remembers which stored ones `force` sends to
    the parser again, so that storing replaces them instead of counting them as new.
    """

    def __init__(
        self,
        db: Database,
        summary: IngestSummary,
        force: bool = False,
        progress: Progress | None = None,
        total: int | None = None,
    ):
        self.db = db
        self.summary = summary
        self.force = force
        self.reparsed: set[str] = set()
        self.progress = progress
        self.total = total
        self.started = time.monotonic()
        self.done = 0

    def dealt_with(self, source: str) -> None:
        """One more document stored, already stored or skipped: tell `progress`."""
        self.done += 1
        if self.progress is not None:
            self.progress(IngestProgress(self.done, self.total, self.summary.words, self.elapsed(), source))

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def to_parse(self, items: Iterable[Document | Skipped]) -> Iterator[Document]:
        """Documents that need parsing: not stored yet (or all, with force), each once per run."""
        seen: set[str] = set()
        for item in items:
            self.summary.documents_read += 1
            if isinstance(item, Skipped):
                self.summary.skipped.append(item)
                self.dealt_with(item.source)
                continue
            known = item.id not in seen and has_document(self.db, item.id)
            if item.id in seen or (known and not self.force):
                self.summary.already_stored.append(item.source)
                self.dealt_with(item.source)
                continue
            if known:
                self.reparsed.add(item.id)
            seen.add(item.id)
            yield item

    def store(self, document: Document, attributions: list[Attribution]) -> None:
        """Store one parsed document, replacing earlier versions of the same article, and count it."""
        older = superseded_documents(self.db, document)
        reparsed = document.id in self.reparsed
        replace = [*older, document.id] if reparsed else older
        stored = store_document(self.db, document, attributions, self.summary.run_id, replace=replace)
        if stored is None:  # another ingest stored this very text meanwhile
            self.summary.already_stored.append(document.source)
            return
        self.summary.attributions += stored
        self.summary.words += len(document.text.split())
        if older:
            self.summary.documents_updated += 1
        elif reparsed:
            self.summary.documents_reextracted += 1
        else:
            self.summary.documents_new += 1

    def store_all(self, results: Iterable[Extracted | Skipped], per_transaction: int = 1) -> None:
        """Store parsed documents as they come, `per_transaction` to a transaction (and Ctrl-C held over
        each, so the summary counts exactly what is stored); a document the database refuses costs only
        itself. Progress is told once a transaction is committed, so what it says is stored."""
        results = iter(results)
        # Each batch is read (parsed) before its transaction starts: no write lock is held while parsing.
        while batch := list(itertools.islice(results, per_transaction)):
            with interrupts_deferred(), immediate(self.db):
                for result in batch:
                    if isinstance(result, Skipped):
                        self.summary.skipped.append(result)
                        continue
                    try:
                        self.store(*result)
                    except sqlite3.IntegrityError as error:  # rolled back to its savepoint
                        refused = f"the database refused it: {error}"
                        self.summary.skipped.append(Skipped(result[0].source, "not stored", refused))
            for result in batch:
                self.dealt_with(result.source if isinstance(result, Skipped) else result[0].source)


@contextlib.contextmanager
def ingest_run(
    db_path: str | Path,
    model: str,
    force: bool,
    progress: Progress | None = None,
    total: int | None = None,
    extractor: str | None = None,
) -> Iterator[IngestRun]:
    """An ingest run from start to finish: recorded in `runs`, closed with its totals (or left open, its
    `finished_at` empty, when interrupted: Ctrl-C raises IngestInterrupted with what was stored).

    At the end, the statistics of what the run changed are aggregated again (an interrupted run leaves
    that to the next one; readers are right meanwhile, only slower)."""
    db = open_database(db_path)
    summary = IngestSummary(run_id=start_run(db, model, extractor), model=model, extractor=extractor)
    run = IngestRun(db, summary, force, progress, total)
    try:
        yield run
        with interrupts_deferred():
            refresh_statistics(db)
        summary.speakers = db["speakers"].count
        summary.corrections_not_found = corrections.not_found_in_run(db, summary.run_id)
        finish_run(db, summary.run_id, summary.run_counts())
    except KeyboardInterrupt as interrupt:
        with interrupts_ignored():  # a second Ctrl-C must not lose the summary of what was stored
            summary.speakers = db["speakers"].count
        raise IngestInterrupted(summary) from interrupt
    finally:
        summary.elapsed = run.elapsed()
        db.close()


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    model: str = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    progress: Progress | None = None,
    nlp: Language | None = None,
    options: ReadOptions = DEFAULT_OPTIONS,
    force: bool = False,
    config: Mapping[str, Any] | None = None,
    dask: str | Any | None = None,
) -> IngestSummary:
    """Ingest files, folders, URLs or "-" (stdin) into the database at db_path; safe to repeat.

    An article whose URL (or outlet and id) is stored with a different text replaces the stored version.
    `force` parses everything again, e.g. after a model change. The pipeline is only loaded if there is
    something to parse; `config` goes to the extractor component. Ctrl-C raises IngestInterrupted, with
    everything before it stored.

    `dask` parses on a dask.distributed cluster instead of here (`quotetrack.distributed`): a scheduler
    address, a scheduler file, `local` / `local:N` for a cluster of N worker processes started for this
    ingest, or a `distributed.Client`. Workers load `model` with `config` themselves (not `nlp`); the
    results are stored here, in input order, so the database gets the same rows as a local ingest.

    `progress` is told after each document (IngestProgress), with the total when it is cheap to count.
    """
    if dask is not None and (nlp is not None or n_process != 1):
        raise ValueError("with dask, workers load the model themselves and parse with one process each")
    paths = list(paths)
    total = count_documents(paths, options) if progress is not None else None
    description = model_description(nlp) if nlp else describe_model(model)
    extractor = extractor_description(nlp) if nlp else describe_extractor(**(config or {}))
    with ingest_run(db_path, description, force, progress, total, extractor) as run:
        pending = run.to_parse(read_sources(paths, options))
        first = next(pending, None)
        if first is not None and dask is not None:
            from quotetrack.distributed import annotate_on_cluster, dask_client

            def described(description: str) -> None:
                run.summary.model = description

            with dask_client(dask) as client:
                documents = itertools.chain([first], pending)
                run.store_all(annotate_on_cluster(client, documents, model, config, batch_size, described))
        elif first is not None:
            nlp = nlp or get_pipeline(model, **(config or {}))
            run.summary.model = model_description(nlp)
            with supervised_workers():
                run.store_all(annotate(nlp, itertools.chain([first], pending), batch_size, n_process))
    return run.summary


def load(
    paths: Iterable[str | Path],
    db_path: str | Path,
    progress: Progress | None = None,
    force: bool = False,
    per_transaction: int = LOAD_TRANSACTION_DOCUMENTS,
) -> IngestSummary:
    """Store `quotetrack extract` output (files of JSON lines) as an ingest of the same documents would:
    content-hash ids, replaced versions, the speaker registry and aliases; safe to repeat and to interrupt.

    Documents already stored are left as they are (`force` stores them again, with the attributions given).
    The run's model is what the files say extracted them. `progress` is told after each document.
    """
    models: set[str] = set()
    extractors: set[str] = set()
    found: dict[str, list[Attribution]] = {}

    def documents() -> Iterator[Document | Skipped]:
        for item in read_extracted(paths):
            if isinstance(item, Skipped):
                yield item
                continue
            document, attributions, model, extractor = item
            models.add(model)
            extractors.update([extractor] if extractor else [])
            found[document.id] = attributions
            yield document

    def extracted(pending: Iterator[Document]) -> Iterator[Extracted]:
        for document in pending:
            attributions = found.pop(document.id)
            found.clear()  # the rest were already stored: not wanted
            yield document, attributions

    paths = list(paths)
    total = count_extracted(paths) if progress is not None else None
    with ingest_run(db_path, "extract output", force, progress, total) as run:
        run.store_all(extracted(run.to_parse(documents())), per_transaction)
        run.summary.model = ", ".join(sorted(models)) or run.summary.model
        run.summary.extractor = ", ".join(sorted(extractors)) or None  # files of older versions say none
    return run.summary
