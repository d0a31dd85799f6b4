"""Throughput of quotetrack against the raw spaCy parse of the same model, on the same documents, in one run.

    python scripts/benchmark.py     # ../shared/eval/polnear-dev.jsonl if present, else seeds/
    python scripts/benchmark.py --input my.jsonl --processes 2 --dask local:2

Prints words/second for (1) raw `nlp.pipe` of the model, (2) the same pipeline with quotetrack's
components (extraction), (3) a full `quotetrack ingest` into a fresh SQLite file (reading, hashing,
extraction, storing) in one process, then, on the same documents, (4) ingest with `--processes N` and
(5) ingest with `--dask SCHEDULER`, each with its ratio to (1) and to (3). All but (4) and (5) run in one
process. The Dask cluster is started, and its workers load the model, before the timing (that start-up is
printed apart): a long ingest pays it once. Also prints the load average, since other work on the machine
slows every figure. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import click
import spacy

from quotetrack.ingest import ingest
from quotetrack.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, get_pipeline
from quotetrack.nlp.pipeline import UNUSED_COMPONENTS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = (ROOT.parent / "shared" / "eval" / "polnear-dev.jsonl", ROOT / "seeds")


def load_texts(path: Path) -> list[str]:
    """Texts of a JSONL file (`text` field) or of the .txt/.md files in a folder."""
    if path.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(path.rglob("*")) if p.suffix in (".txt", ".md")]
    return [
        json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def timed_pipe(nlp, texts: list[str], processes: int, batch_size: int) -> tuple[float, int]:
    """Seconds to run nlp.pipe over texts and the number of words (non-space, non-punct tokens) seen."""
    start = time.perf_counter()
    words = sum(
        sum(1 for t in doc if not (t.is_space or t.is_punct))
        for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size)
    )
    return time.perf_counter() - start, words


def worker_cpu() -> float:
    return time.process_time()


def cpu_seconds(how: dict) -> list[float]:
    """CPU seconds used so far by each process an ingest of this kind runs on: this one, then spaCy's
    workers (together: they are reaped at the end of each pipe) or each Dask worker."""
    own = [time.process_time()]
    if "dask" in how:
        return own + sorted(how["dask"].run(worker_cpu).values())
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return [*own, children.ru_utime + children.ru_stime]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


@click.command()
@click.option("--input", "input_path", type=click.Path(exists=True, path_type=Path), help="JSONL or folder.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option(
    "--processes",
    default=2,
    type=click.IntRange(min=1),
    show_default=True,
    help="n_process for the `ingest --processes` row (1: no such row); the other rows use one.",
)
@click.option(
    "--dask", "scheduler", metavar="SCHEDULER", help="Add an `ingest --dask` row: local:2, an address."
)
@click.option(
    "--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, help="As ingest uses by default."
)
@click.option(
    "--repeat", default=1, show_default=True, help="Use the documents this many times (made distinct)."
)
@click.option(
    "--rounds",
    default=2,
    type=click.IntRange(min=1),
    show_default=True,
    help="Measure every row this many times, interleaved; each keeps its best (other load only slows).",
)
def main(
    input_path: Path | None,
    model: str,
    processes: int,
    scheduler: str | None,
    batch_size: int,
    repeat: int,
    rounds: int,
) -> None:
    input_path = input_path or next(p for p in DEFAULT_INPUTS if p.exists())
    base = load_texts(input_path)
    # Each copy gets its own trailing line so ingest stores it as a distinct document.
    texts = [f"{text}\n\n(copy {n})" if n else text for n in range(repeat) for text in base]
    raw = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    full = get_pipeline(model)  # the one Tracker.ingest uses: loaded once, cached
    for nlp in (raw, full):  # warm up: first calls allocate
        list(nlp.pipe(texts[:3]))

    with contextlib.ExitStack() as stack:
        client, startup = None, 0.0
        if scheduler:
            from quotetrack.distributed import dask_client, warm_workers

            start = time.perf_counter()
            client = stack.enter_context(dask_client(scheduler))
            warm_workers(client, model)
            startup = time.perf_counter() - start
        ingests = {"quotetrack ingest": {}}
        if processes > 1:
            ingests[f"ingest --processes {processes}"] = {"n_process": processes}
        if client is not None:
            ingests[f"ingest --dask {scheduler}"] = {"dask": client}
        best = dict.fromkeys(["raw nlp.pipe", "quotetrack extraction", *ingests], float("inf"))
        loads = [load_average()]
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        stored: dict[str, tuple[int, int]] = {}
        cpu: dict[str, list[float]] = {}
        for round_number in range(rounds):
            seconds, words = timed_pipe(raw, texts, 1, batch_size)
            best["raw nlp.pipe"] = min(best["raw nlp.pipe"], seconds)
            best["quotetrack extraction"] = min(
                best["quotetrack extraction"], timed_pipe(full, texts, 1, batch_size)[0]
            )
            for number, (name, how) in enumerate(ingests.items()):
                db_path = Path(tmp) / f"bench{round_number}-{number}.db"
                before, start = cpu_seconds(how), time.perf_counter()
                summary = ingest([folder], db_path, model, batch_size, **how)
                seconds = time.perf_counter() - start
                used = [after - earlier for after, earlier in zip(cpu_seconds(how), before, strict=True)]
                if seconds < best[name]:
                    best[name], cpu[name] = seconds, used
                stored[name] = (summary.documents_new, summary.attributions)
            loads.append(load_average())

    click.echo(
        f"{len(texts)} documents, {words:,} words, model {model}, input {input_path}, "
        f"best of {rounds} rounds; {os.cpu_count()} cores"
    )
    click.echo(f"load average (1, 5, 15 min) before and after each round: {' | '.join(loads)}")
    if scheduler:
        click.echo(
            f"Dask cluster {scheduler}: started, model loaded on its workers in {startup:.1f} s (not timed)"
        )
    for name, (documents, attributions) in stored.items():
        click.echo(f"{name} stored {documents} documents, {attributions} attributions")
    raw_rate = words / best["raw nlp.pipe"]
    one_rate = words / best["quotetrack ingest"]
    click.echo(
        f"{'':30} {'seconds':>8} {'words/s':>10}  {'x raw':>6}  {'x ingest 1':>10}"
        f"  {'CPU s, all':>10}  {'busiest':>7}  {'x ingest 1 on free cores':>24}"
    )
    one_busiest = max(cpu["quotetrack ingest"])
    for name, seconds in best.items():
        rate = words / seconds
        line = f"{name:30} {seconds:8.2f} {rate:10,.0f}  {rate / raw_rate:6.2f}"
        if name in ingests:
            # spaCy's workers are counted together: each did about half.
            used = (
                cpu[name]
                if name.startswith("ingest --dask")
                else [cpu[name][0], *[cpu[name][1] / processes] * processes]
            )
            line += f"  {rate / one_rate:10.2f}  {sum(cpu[name]):10.1f}  {max(used):7.1f}"
            line += f"  {one_busiest / max(used):24.2f}"
        click.echo(line)
    click.echo(
        "CPU s: all processes of the ingest; busiest: the one that used most. On cores nothing else uses, "
        "wall time approaches the busiest process's CPU time: the last column is that estimate."
    )


if __name__ == "__main__":
    main()
