"""Extraction on a dask.distributed cluster (`quotetrack ingest --dask SCHEDULER`): workers parse, the caller
stores.

Each worker loads the spaCy pipeline once (the process-wide `get_pipeline` cache, keyed by model and
config: a pipeline cannot be pickled, so only its name and settings travel) and parses batches of plain
`Document` records into plain `Attribution` records or `Skipped`; Doc objects never leave a worker. The
caller submits a few batches per worker thread at a time and takes the results back in input order, so
that storing them (`IngestRun.store_all`, on the caller's machine) gives the rows a local ingest gives:
the speaker registry depends on the order documents are stored in.

Needs the optional extra: `pip install 'quotetrack[dask]'`, on the caller and on every worker, with the
spaCy model installed on the workers.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from quotetrack.nlp import ModelError, annotate, get_pipeline
from quotetrack.nlp.pipeline import model_description
from quotetrack.records import Attribution, Document, Skipped

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["INSTALL_HINT", "DaskMissing", "annotate_on_cluster", "dask_client", "local_workers"]

INSTALL_HINT = "--dask needs dask.distributed, an optional extra: pip install 'quotetrack[dask]'"
# Batches submitted per worker thread: one being parsed and one waiting, so no worker idles while the
# caller stores; more would only hold documents in memory.
IN_FLIGHT_PER_THREAD = 2
# Workers parse with one BLAS thread each: the cluster's parallelism is its worker processes.
ONE_BLAS_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
WORKERS_WAIT_SECONDS = 60
LOCAL = re.compile(r"local(?::(\d+))?")

Annotated = tuple[Document, list[Attribution]]
# What a worker sends back for each document of a batch: its attributions, or why it was skipped.
Parsed = list[Attribution] | Skipped


class DaskMissing(ImportError):
    """--dask was asked for but dask.distributed is not installed."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


def require_distributed() -> Any:
    """The `distributed` module, or DaskMissing with the install command."""
    try:
        import distributed
    except ImportError as error:
        raise DaskMissing() from error
    return distributed


def local_workers(scheduler: str) -> int | None:
    """Worker processes for `local` (one per core) or `local:N`; None for a scheduler address or file."""
    match = LOCAL.fullmatch(scheduler.strip())
    if match is None:
        return None
    workers = int(match.group(1)) if match.group(1) else os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"--dask {scheduler}: a local cluster needs at least one worker")
    return workers


@contextlib.contextmanager
def dask_client(scheduler: str | Client) -> Iterator[Client]:
    """A Client for `local` / `local:N` (a LocalCluster of worker processes, one thread each, started here
    and stopped on leaving), a scheduler address (`tcp://host:8786`), or a scheduler file (`*.json`, as
    `dask scheduler --scheduler-file` writes). A Client given is used as it is and left open."""
    if not isinstance(scheduler, str):
        yield scheduler
        return
    distributed = require_distributed()
    workers = local_workers(scheduler)
    if workers is not None:
        with (
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be taken
                env=ONE_BLAS_THREAD,
                # A cluster started for one ingest speaks through it: a worker that dies is a
                # KilledWorker here; the warnings of a busy or closing cluster are noise on a terminal.
                silence_logs=logging.CRITICAL,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            yield client
        return
    if scheduler.endswith(".json"):
        connect = distributed.Client(scheduler_file=scheduler)
    else:
        connect = distributed.Client(scheduler)
    with connect as client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_WAIT_SECONDS)
        except TimeoutError as error:
            raise OSError(f"no Dask worker joined {scheduler} within {WORKERS_WAIT_SECONDS} s") from error
        yield client


# One parse at a time per worker process: a pipeline is not safe to share between threads (annotate sets
# its error handler), so a worker started with several threads parses with one.
_parsing = threading.Lock()


def extract_batch(
    model: str, config: tuple[tuple[str, Any], ...], documents: list[Document], batch_size: int
) -> tuple[str, list[Parsed]]:
    """Run on a worker: the pipeline's description and, for each document in order, its attributions or
    Skipped (a component failed on it), exactly as `annotate` gives them in one local process."""
    with _parsing:
        nlp = get_pipeline(model, **dict(config))
        results: list[Parsed] = [
            result if isinstance(result, Skipped) else result[1]
            for result in annotate(nlp, documents, batch_size)
        ]
        return model_description(nlp), results


def workers_threads(client: Client) -> int:
    return sum(client.nthreads().values())


def annotate_on_cluster(
    client: Client,
    documents: Iterable[Document],
    model: str,
    config: Mapping[str, Any] | None = None,
    batch_size: int = 8,
    described: Callable[[str], None] | None = None,
) -> Iterator[Annotated | Skipped]:
    """What `annotate` yields, in the same (input) order, parsed on the cluster's workers in batches of
    `batch_size` documents, with at most IN_FLIGHT_PER_THREAD batches per worker thread submitted at once
    (so memory stays flat however many documents there are). `described` gets the pipeline's
    `name==version` as the workers report it. A batch whose worker died (KilledWorker: out of memory, say)
    comes back as its documents Skipped; a model the workers cannot load raises ModelError."""
    distributed = require_distributed()
    settings = tuple(sorted((config or {}).items()))
    documents = iter(documents)
    in_flight: deque[tuple[list[Document], Any]] = deque()
    try:
        while True:
            room = max(0, IN_FLIGHT_PER_THREAD * max(1, workers_threads(client)) - len(in_flight))
            batches = iter(lambda: list(itertools.islice(documents, batch_size)), [])
            for batch in itertools.islice(batches, room):
                future = client.submit(extract_batch, model, settings, batch, batch_size, pure=False)
                in_flight.append((batch, future))
            if not in_flight:
                return
            batch, future = in_flight.popleft()
            try:
                description, results = future.result()
            except distributed.KilledWorker as error:
                detail = f"a Dask worker died parsing its batch ({error})"
                results = [Skipped(document.source, "extraction failed", detail) for document in batch]
            except ModelError as error:
                raise ModelError(f"on a Dask worker: {error}") from error
            else:
                if described is not None:
                    described(description)
            del future  # its result is released on the cluster
            for document, result in zip(batch, results, strict=True):
                yield result if isinstance(result, Skipped) else (document, result)
    finally:
        if in_flight:  # interrupted, or failed: nothing more is wanted
            client.cancel([future for _, future in in_flight])
