"""Ingest inputs into a database: read, skip what is bad or already stored, parse the rest, store each."""

from __future__ import annotations

import importlib.metadata
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from sqlite_utils import Database

from quotetrack.analysis import annotate, get_pipeline
from quotetrack.pipeline import DEFAULT_MODEL, model_description
from quotetrack.sources import Document, Skipped, read_sources
from quotetrack.store import finish_run, has_document, open_database, start_run, store_document

# Called once per input when it is finished with, stored or not; drives progress bars.
Progress = Callable[[Document | Skipped], None]


@dataclass
class IngestSummary:
    """What an ingest did; `skipped` lists inputs that failed, `already_stored` ones that were no-ops."""

    run_id: int
    model: str
    documents_read: int = 0
    documents_new: int = 0
    attributions: int = 0
    speakers: int = 0
    already_stored: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True if any input could not be ingested; "already stored" is success, not failure."""
        return bool(self.skipped)

    def run_counts(self) -> dict[str, int | str]:
        """Totals in the shape of the `runs` table."""
        return {
            "model": self.model,
            "documents_read": self.documents_read,
            "documents_new": self.documents_new,
            "documents_skipped": self.documents_read - self.documents_new,
            "attributions": self.attributions,
        }


def describe_model(model: str) -> str:
    """`package==version` without loading the model, for runs that have nothing new to parse."""
    try:
        return f"{model}=={importlib.metadata.version(model)}"
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return model  # a path or an unpackaged pipeline


def new_documents(
    db: Database, items: Iterable[Document | Skipped], summary: IngestSummary, progress: Progress | None
) -> Iterator[Document]:
    """Only documents not yet stored (nor seen earlier in this batch); the rest are noted in the summary."""
    seen: set[str] = set()
    for item in items:
        summary.documents_read += 1
        if isinstance(item, Document) and item.id not in seen and not has_document(db, item.id):
            seen.add(item.id)
            yield item
            continue
        if isinstance(item, Skipped):
            summary.skipped.append(item)
        else:
            summary.already_stored.append(item.source)
        if progress:
            progress(item)


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
    nlp: Language | None = None,
) -> IngestSummary:
    """Ingest files, folders or "-" (stdin) into the database at db_path; safe to repeat on the same inputs.

    The pipeline is only loaded if there is something new to parse. Each document is committed on its
    own, so an interrupted ingest keeps everything stored before the interruption.
    """
    db = open_database(db_path)
    try:
        described = model_description(nlp) if nlp else describe_model(model)
        summary = IngestSummary(run_id=start_run(db, described), model=described)
        fresh = new_documents(db, read_sources(paths), summary, progress)
        first = next(fresh, None)
        if first is not None:
            nlp = nlp or get_pipeline(model)
            summary.model = model_description(nlp)
            documents = itertools.chain([first], fresh)
            for document, attributions in annotate(nlp, documents, batch_size, n_process):
                summary.attributions += store_document(db, document, attributions, summary.run_id)
                summary.documents_new += 1
                if progress:
                    progress(document)
        summary.speakers = db["speakers"].count
        finish_run(db, summary.run_id, summary.run_counts())
        return summary
    finally:
        db.close()
