"""`quotetrack ingest` and `quotetrack extract`: find attributions in inputs, into a database or as JSON."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from quotetrack.api import Tracker, extract_inputs
from quotetrack.cli.options import (
    batch_size_option,
    db_option,
    input_options,
    model_config,
    model_options,
    read_options,
)
from quotetrack.cli.progress import ProgressReport, timing_line
from quotetrack.ingest import IngestInterrupted, IngestSummary
from quotetrack.interrupts import interrupts_ignored
from quotetrack.nlp import get_pipeline
from quotetrack.nlp.pipeline import extractor_description, model_description
from quotetrack.nlp.workers import WorkerLost
from quotetrack.read import expand_paths
from quotetrack.read.extracted import extracted_line
from quotetrack.read.inputs import WALKED_SUFFIXES
from quotetrack.records import Skipped


def report_skipped(skipped: Skipped) -> None:
    """One line on stderr per unusable input, so a batch can carry on."""
    click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@db_option
@model_options
@batch_size_option
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parser processes (spaCy n_process); results are the same as with one.",
)
@click.option(
    "--dask",
    "scheduler",
    metavar="SCHEDULER",
    help="Parse on a Dask cluster instead: a scheduler address (tcp://host:8786), a scheduler file "
    "(.json), or local / local:N for N worker processes on this machine (default one per core). "
    "Workers need quotetrack and the model installed; rows are stored here, the same as without "
    "--dask. Needs pip install 'quotetrack[dask]'.",
)
@input_options
@click.option("--force", is_flag=True, help="Parse stored documents again too, e.g. after a model change.")
@click.option("--verbose", "-v", is_flag=True, help="List the documents that were already stored.")
def ingest(
    paths: tuple[str, ...],
    db_path: Path,
    model: str,
    beliefs: bool,
    nested: bool,
    learned: bool,
    batch_size: int,
    processes: int,
    scheduler: str | None,
    fmt: str | None,
    columns: dict[str, str],
    timeout: float,
    force: bool,
    verbose: bool,
) -> None:
    """Store attributions found in PATHS: files, folders, http(s) URLs, or - for stdin.

    Formats, by extension or content: plain text (.txt, .md); web pages (.html, .htm: the article and
    its title, author, date and site); JSONL and CSV exports (.jsonl, .csv: one article per record, with
    metadata); URL lists (.urls, or --format urls). Folders are walked for all of these but URL lists.

    Documents already stored are skipped (counted; listed with --verbose); an article stored under the
    same URL (or outlet and id) with a different text is replaced. Exits 1 if any input could not be
    used, 130 if interrupted; running the same command again finishes an interrupted ingest.

    Progress goes to stderr, per document (a record of an export is one): a line redrawn on a terminal,
    else a line every 10 s and every tenth of the total; the summary says how long it took.

    With --dask, workers of a Dask cluster parse batches of documents and this command stores what they
    return, in input order, as it arrives: `--dask local:2` uses two processes on this machine.
    """
    inputs = expand_paths(paths)
    if not inputs:
        suffixes = ", ".join(sorted(WALKED_SUFFIXES))
        raise click.ClickException(f"nothing to ingest: the folders given hold no {suffixes} files")
    if scheduler is not None:
        check_dask(scheduler, processes)
    tracker = Tracker(db_path, model, **model_config(beliefs, nested, learned))
    try:
        with ProgressReport("Ingesting") as progress:
            summary = tracker.ingest(
                inputs,
                force=force,
                progress=progress,
                options=read_options(fmt, columns, timeout),
                batch_size=batch_size,
                n_process=processes,
                dask=scheduler,
            )
    except KeyboardInterrupt as interrupted:
        # A Ctrl-C is an IngestInterrupted, with the summary of what was stored, unless it came outside
        # the run (before it began or after it ended); either way every transaction is settled.
        with interrupts_ignored():
            if isinstance(interrupted, IngestInterrupted):
                report_ingest(interrupted.summary, db_path, verbose)
            message = "interrupted: what is counted above is stored; run the same command to finish"
            click.echo(message, err=True)
            leave(130)
    except WorkerLost as lost:
        click.echo(f"Error: {lost}", err=True)
        leave(1)
    report_ingest(summary, db_path, verbose)
    if summary.failed:
        sys.exit(1)


def leave(code: int) -> None:
    """Exit at once, output flushed. Not sys.exit: spaCy's worker queues (--processes) would make it wait
    forever at exit for a hand-off to workers that are gone. The database is closed by then."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def check_dask(scheduler: str, processes: int) -> None:
    """--dask usable as given: dask installed, a local cluster's size valid, not with --processes."""
    from quotetrack.distributed import DaskMissing, local_workers, require_distributed

    if processes != 1:
        raise click.UsageError("--processes is for parsing here; with --dask, add workers to the cluster")
    try:
        require_distributed()
        local_workers(scheduler)
    except (DaskMissing, ValueError) as error:
        raise click.ClickException(str(error)) from error


def report_ingest(summary: IngestSummary, db_path: Path, verbose: bool = False) -> None:
    """Skipped inputs (and with `verbose`, those already stored) on stderr, one line each, then the totals
    and the time it took on stdout."""
    if verbose:
        for source in summary.already_stored:
            click.echo(f"already stored: {source}", err=True)
    for skipped in summary.skipped:
        report_skipped(skipped)
    if summary.corrections_not_found:
        click.echo(
            f"{summary.corrections_not_found} corrections no longer found in their article's new text: "
            "kept, and tried again on every later version (`quotetrack fix --list`)",
            err=True,
        )
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(summary.skipped_kinds.items()))
    reextracted = f"{summary.documents_reextracted} re-extracted, " if summary.documents_reextracted else ""
    click.echo(
        f"{summary.documents_read} read, {summary.documents_new} new, {summary.documents_updated} updated, "
        f"{reextracted}{len(summary.already_stored)} already stored, "
        f"{len(summary.skipped)} skipped{f' ({kinds})' if kinds else ''}; "
        f"{summary.attributions} attributions stored; {summary.speakers} speakers in {db_path} "
        f"(run {summary.run_id}, {summary.model})"
    )
    click.echo(timing_line(summary))


@click.command()
@click.argument("path", default="-", type=click.Path(allow_dash=True))
@model_options
@batch_size_option
@input_options
def extract(
    path: str,
    model: str,
    beliefs: bool,
    nested: bool,
    learned: bool,
    batch_size: int,
    fmt: str | None,
    columns: dict[str, str],
    timeout: float,
) -> None:
    """Print attributions found in PATH (default: stdin) as JSON lines, without a database.

    PATH is any input `ingest` reads: JSONL (one {"id": ..., "text": ...} per line; detected by a .jsonl
    extension or a leading "{"), CSV, a web page or URL, a URL list, a plain text, or a folder of them.
    Each output line is {"id", "model", "extractor", "document": {text and metadata}, "quotes": [...]},
    with one object per attribution (quote or claim) in "quotes": content_start/content_end span the
    content, content_parts list the [start, end] of each piece said (a quote interrupted by its cue comes
    in two); `quotetrack load` stores such files.
    """
    failures = 0
    options = read_options(fmt, columns, timeout)
    config = model_config(beliefs, nested, learned)
    nlp = get_pipeline(model, **config)
    described, extractor = model_description(nlp), extractor_description(nlp)
    for result in extract_inputs([path], model, options, batch_size, **config):
        if isinstance(result, Skipped):
            failures += 1
            report_skipped(result)
            continue
        click.echo(extracted_line(*result, described, extractor))
    if failures:
        sys.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@db_option
@click.option("--force", is_flag=True, help="Store documents already stored again, with these attributions.")
@click.option("--verbose", "-v", is_flag=True, help="List the documents that were already stored.")
def load(files: tuple[str, ...], db_path: Path, force: bool, verbose: bool) -> None:
    """Store `quotetrack extract` output FILES (JSON lines) in the database, as `ingest` would have.

    For extraction that ran elsewhere (other machines, a cluster): content-hash ids, replaced versions,
    the speaker registry and aliases all work as in `ingest`; loading the same file twice stores it once.
    Exits 1 if any line could not be used, 130 if interrupted (run it again to finish). Progress and
    the summary are as for `ingest`.
    """
    tracker = Tracker(db_path)
    try:
        with ProgressReport("Loading") as progress:
            summary = tracker.load(files, force=force, progress=progress)
    except IngestInterrupted as interrupted:
        report_ingest(interrupted.summary, db_path, verbose)
        click.echo("interrupted: what is counted above is stored; run the same command to finish", err=True)
        sys.exit(130)
    report_ingest(summary, db_path, verbose)
    if summary.failed:
        sys.exit(1)


COMMANDS = (ingest, extract, load)
