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

__all__ = [
    "INSTALL_HINT",
    "DaskMissing",
    "annotate_on_cluster",
    "dask_client",
    "local_workers",
    "warm_workers",
]

INSTALL_HINT = "--dask needs dask.distributed, an optional extra: pip install 'quotetrack[dask]'"
# Batches submitted and not finished, per worker thread: one being parsed and one waiting, so no worker
# idles while the caller stores; more would only hold documents in memory.
IN_FLIGHT_PER_THREAD = 2
# Finished batches held back, per worker thread, until an earlier (slower) one is done; with those in
# flight, the most documents held in memory at once.
HELD_PER_THREAD = 4
# A task's text, at most (unless one document is longer): about 3,000 words, a second or two of parsing.
TASK_CHARS = 20_000
# Workers parse with one BLAS thread each: the cluster's parallelism is its worker processes.
ONE_BLAS_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# Measured on PolNeAR dev: Dask's sampling profiler (a thread walking every stack 100 times a second)
# costs parsing workers about a sixth of their CPU and more of their wall time, and a fixed malloc trim
# threshold some more. Workers of a cluster started here go without them; on a real cluster, start
# workers with DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
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
    import dask

    workers = local_workers(scheduler)
    if workers is not None:
        with (
            dask.config.set(LOCAL_WORKER_CONFIG),
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


def load_on_worker(model: str, config: tuple[tuple[str, Any], ...] = ()) -> str:
    """Run on a worker: load (once) the pipeline batches will use; its description."""
    with _parsing:
        return model_description(get_pipeline(model, **dict(config)))


def warm_workers(client: Client, model: str, config: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Load the pipeline on every worker now rather than with its first batch (for timing, or to find a
    worker without the model before ingesting); worker address -> pipeline description."""
    settings = tuple(sorted((config or {}).items()))
    futures = {
        worker: client.submit(load_on_worker, model, settings, workers=[worker], pure=False)
        for worker in client.nthreads()
    }
    return {worker: future.result() for worker, future in futures.items()}


def task_batches(documents: Iterable[Document], batch_size: int) -> Iterator[list[Document]]:
    """Documents in input order, cut into tasks of at most `batch_size` documents and, past the first
    document, TASK_CHARS characters: a task takes a worker a second or two, so that at the end of the
    input no worker idles long while another finishes. (Parses do not depend on how texts are batched.)"""
    batch: list[Document] = []
    chars = 0
    for document in documents:
        if batch and (len(batch) == batch_size or chars + len(document.text) > TASK_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(document)
        chars += len(document.text)
    if batch:
        yield batch


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
    """What `annotate` yields, in the same (input) order, parsed on the cluster's workers in tasks of at
    most `batch_size` documents (`task_batches`). IN_FLIGHT_PER_THREAD unfinished tasks per worker thread
    keep the workers busy, and at most HELD_PER_THREAD per thread are held in all, so memory stays flat
    however many documents come.
    `described` gets the pipeline's `name==version` as the workers report it. A batch whose worker died
    (KilledWorker: out of memory, say) comes back as its documents Skipped; a model the workers cannot
    load raises ModelError."""
    distributed = require_distributed()
    settings = tuple(sorted((config or {}).items()))
    tasks = task_batches(documents, batch_size)
    in_flight: deque[tuple[list[Document], Any]] = deque()  # submitted, in input order, not yet yielded
    try:
        while True:
            threads = max(1, workers_threads(client))
            running = sum(not future.done() for _, future in in_flight)
            room = min(
                IN_FLIGHT_PER_THREAD * threads - running,  # keeps every worker busy
                HELD_PER_THREAD * threads - len(in_flight),  # bounds the results waiting for an earlier one
            )
            for batch in itertools.islice(tasks, max(0, room)):
                future = client.submit(extract_batch, model, settings, batch, batch_size, pure=False)
                in_flight.append((batch, future))
            if not in_flight:
                return
            if not in_flight[0][1].done():  # wait for any batch: a finished one makes room for another
                unfinished = [future for _, future in in_flight if not future.done()]
                distributed.wait(unfinished, return_when="FIRST_COMPLETED")
                continue
            while in_flight and in_flight[0][1].done():
                batch, future = in_flight.popleft()
                yield from results_of(batch, future, distributed.KilledWorker, described)
    finally:
        if in_flight:  # interrupted, or failed: nothing more is wanted
            client.cancel([future for _, future in in_flight])


def results_of(
    batch: list[Document], future: Any, killed: type[Exception], described: Callable[[str], None] | None
) -> Iterator[Annotated | Skipped]:
    """A finished batch's documents paired with their attributions, or Skipped."""
    try:
        description, results = future.result()
    except killed as error:
        detail = f"a Dask worker died parsing its batch ({error})"
        results = [Skipped(document.source, "extraction failed", detail) for document in batch]
    except ModelError as error:
        raise ModelError(f"on a Dask worker: {error}") from error
    else:
        if described is not None:
            described(description)
    for document, result in zip(batch, results, strict=True):
        yield result if isinstance(result, Skipped) else (document, result)
