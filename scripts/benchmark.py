"""Throughput of quotetrack against the raw spaCy parse of the same model, on the same documents, in one run.

    python scripts/benchmark.py     # ../shared/eval/polnear-dev.jsonl if present, else seeds/
    python scripts/benchmark.py --input my.jsonl --processes 2

Prints words/second for (1) raw `nlp.pipe` of the model, (2) the same pipeline with quotetrack's
components (extraction), (3) a full `quotetrack ingest` into a fresh SQLite file (reading, hashing,
extraction, storing), and the ratios of (2) and (3) to (1). Not a test: figures depend on the machine.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import click
import spacy

import quotetrack
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


@click.command()
@click.option("--input", "input_path", type=click.Path(exists=True, path_type=Path), help="JSONL or folder.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option("--processes", default=1, show_default=True, help="n_process for every measurement.")
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
    help="Measure all three this many times, interleaved; each keeps its best (other load only slows).",
)
def main(
    input_path: Path | None, model: str, processes: int, batch_size: int, repeat: int, rounds: int
) -> None:
    input_path = input_path or next(p for p in DEFAULT_INPUTS if p.exists())
    base = load_texts(input_path)
    # Each copy gets its own trailing line so ingest stores it as a distinct document.
    texts = [f"{text}\n\n(copy {n})" if n else text for n in range(repeat) for text in base]
    raw = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    full = get_pipeline(model)  # the one Tracker.ingest uses: loaded once, cached
    for nlp in (raw, full):  # warm up: first calls allocate
        list(nlp.pipe(texts[:3]))

    raw_seconds = extract_seconds = ingest_seconds = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
        for round_number in range(rounds):
            seconds, words = timed_pipe(raw, texts, processes, batch_size)
            raw_seconds = min(raw_seconds, seconds)
            extract_seconds = min(extract_seconds, timed_pipe(full, texts, processes, batch_size)[0])
            start = time.perf_counter()
            tracker = quotetrack.Tracker(Path(tmp) / f"bench{round_number}.db", model)
            summary = tracker.ingest([folder], batch_size=batch_size, n_process=processes)
            ingest_seconds = min(ingest_seconds, time.perf_counter() - start)

    rows = [
        ("raw nlp.pipe", raw_seconds),
        ("quotetrack extraction", extract_seconds),
        ("quotetrack ingest", ingest_seconds),
    ]
    click.echo(
        f"{len(texts)} documents, {words:,} words, model {model}, processes={processes}, input {input_path}, "
        f"best of {rounds} rounds"
    )
    click.echo(f"ingest stored {summary.documents_new} documents, {summary.attributions} attributions")
    raw_rate = words / raw_seconds
    for name, seconds in rows:
        rate = words / seconds
        click.echo(f"{name:24} {seconds:8.2f} s {rate:10,.0f} words/s  ratio to raw {rate / raw_rate:5.2f}")


if __name__ == "__main__":
    main()
