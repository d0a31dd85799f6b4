"""The `quotetrack` command: a thin Click layer over the library modules."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click
from sqlite_utils import Database

from quotetrack import __version__
from quotetrack.cli.options import input_options, read_options
from quotetrack.cli.output import echo_rows, output_options
from quotetrack.ingest import IngestInterrupted, IngestSummary
from quotetrack.ingest import ingest as ingest_paths
from quotetrack.nlp.annotate import DEFAULT_BATCH_SIZE, ModelError, annotate, get_pipeline
from quotetrack.nlp.pipeline import DEFAULT_MODEL
from quotetrack.read.inputs import WALKED_SUFFIXES, expand_paths, read_input
from quotetrack.records import Document, Skipped
from quotetrack.store import reads as queries
from quotetrack.store import registry
from quotetrack.store.writes import open_database

DEFAULT_DB = Path("data/quotes.db")
KINDS = ("direct", "mixed", "indirect")

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file.",
)
model_option = click.option(
    "--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline package name or path."
)
batch_size_option = click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Texts per nlp.pipe batch; memory grows with it (8 long texts: about 1 GB).",
)


class QuotetrackGroup(click.Group):
    """Turns library errors a user can fix into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ModelError as error:
            raise click.ClickException(str(error)) from error
        except sqlite3.DatabaseError as error:  # not a database, disk full, locked by another writer
            raise click.ClickException(f"database error: {error}") from error


@click.group(cls=QuotetrackGroup)
@click.version_option(__version__, prog_name="quotetrack")
def cli() -> None:
    """Extract attributed quotes and claims from news text into SQLite, and explore them with Datasette."""


def report_skipped(skipped: Skipped) -> None:
    """One line on stderr per unusable input, so a batch can carry on."""
    click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)


def require_database(db_path: Path) -> None:
    """Fail with a hint when the database does not exist yet, rather than creating an empty one."""
    if not db_path.is_file():
        raise click.ClickException(
            f"no database at {db_path}; run `quotetrack ingest PATH --db {db_path}` first"
        )


def existing_database(db_path: Path) -> Database:
    """Open a database that must already exist."""
    require_database(db_path)
    return open_database(db_path)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@db_option
@model_option
@batch_size_option
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parser processes (spaCy n_process); results are the same as with one.",
)
@input_options
@click.option("--force", is_flag=True, help="Parse stored documents again too, e.g. after a model change.")
def ingest(
    paths: tuple[str, ...],
    db_path: Path,
    model: str,
    batch_size: int,
    processes: int,
    fmt: str | None,
    columns: dict[str, str],
    timeout: float,
    force: bool,
) -> None:
    """Store attributions found in PATHS: files, folders, http(s) URLs, or - for stdin.

    Formats, by extension or content: plain text (.txt, .md); web pages (.html, .htm: the article and
    its title, author, date and site); JSONL and CSV exports (.jsonl, .csv: one article per record, with
    metadata); URL lists (.urls, or --format urls). Folders are walked for all of these but URL lists.

    Documents already stored are skipped; an article stored under the same URL (or outlet and id) with
    a different text is replaced. Exits 1 if any input could not be used, 130 if interrupted; running
    the same command again finishes an interrupted ingest.
    """
    inputs = expand_paths(paths)
    if not inputs:
        suffixes = ", ".join(sorted(WALKED_SUFFIXES))
        raise click.ClickException(f"nothing to ingest: the folders given hold no {suffixes} files")
    try:
        with click.progressbar(
            length=len(inputs), label="Ingesting", file=sys.stderr, item_show_func=lambda name: name
        ) as bar:
            summary = ingest_paths(
                inputs,
                db_path,
                model,
                batch_size,
                processes,
                progress=lambda name: bar.update(1, name),
                options=read_options(fmt, columns, timeout),
                force=force,
            )
    except IngestInterrupted as interrupted:
        report_ingest(interrupted.summary, db_path)
        click.echo("interrupted: what is counted above is stored; run the same command to finish", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # Not sys.exit: spaCy's worker queues (--processes) would make it wait forever at exit for a
        # hand-off to workers that are gone. The database is closed and every transaction settled.
        os._exit(130)
    report_ingest(summary, db_path)
    if summary.failed:
        sys.exit(1)


def report_ingest(summary: IngestSummary, db_path: Path) -> None:
    """Already-stored and skipped inputs on stderr, one line each, then the totals on stdout."""
    for source in summary.already_stored:
        click.echo(f"already stored: {source}", err=True)
    for skipped in summary.skipped:
        report_skipped(skipped)
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(summary.skipped_kinds.items()))
    reextracted = f"{summary.documents_reextracted} re-extracted, " if summary.documents_reextracted else ""
    click.echo(
        f"{summary.documents_read} read, {summary.documents_new} new, {summary.documents_updated} updated, "
        f"{reextracted}{len(summary.already_stored)} already stored, "
        f"{len(summary.skipped)} skipped{f' ({kinds})' if kinds else ''}; "
        f"{summary.attributions} attributions stored; {summary.speakers} speakers in {db_path} "
        f"(run {summary.run_id}, {summary.model})"
    )


@cli.command()
@click.argument("path", default="-", type=click.Path(allow_dash=True))
@model_option
@batch_size_option
@input_options
def extract(
    path: str, model: str, batch_size: int, fmt: str | None, columns: dict[str, str], timeout: float
) -> None:
    """Print attributions found in PATH (default: stdin) as JSON lines, without a database.

    PATH is any input `ingest` reads except a folder: JSONL (one {"id": ..., "text": ...} per line;
    detected by a .jsonl extension or a leading "{"), CSV, a web page or URL, a URL list, or a plain
    text. Each output line is {"id": ..., "quotes": [...]}.
    """
    failures = 0

    def usable(items: Iterable[Document | Skipped]) -> Iterator[Document]:
        nonlocal failures
        for item in items:
            if isinstance(item, Skipped):
                failures += 1
                report_skipped(item)
            else:
                yield item

    documents = usable(read_input(path, read_options(fmt, columns, timeout)))
    for result in annotate(get_pipeline(model), documents, batch_size):
        if isinstance(result, Skipped):
            failures += 1
            report_skipped(result)
            continue
        document, attributions = result
        click.echo(
            json.dumps(
                {"id": document.label, "quotes": [a.to_dict() for a in attributions]}, ensure_ascii=False
            )
        )
    if failures:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--mode",
    type=click.Choice(["auto", "immutable", "live"]),
    default="auto",
    show_default=True,
    help="immutable: fastest, for a database nothing writes to; live: follows a running ingest; "
    "auto: immutable unless an ingest is writing. Both are read-only.",
)
def serve(db_path: Path, host: str, port: int, mode: str) -> None:
    """Browse the database in Datasette (read-only) at http://HOST:PORT/: the quote desk.

    Adds article pages with every quote highlighted, speaker pages, search and saved queries.
    """
    import uvicorn

    from quotetrack.desk.app import choose_mode, make_datasette

    require_database(db_path)
    mode = choose_mode(db_path, mode)
    click.echo(f"Serving {db_path} read-only ({mode}) at http://{host}:{port}/", err=True)
    uvicorn.run(make_datasette(db_path, mode).app(), host=host, port=port)


@cli.command()
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write here (.json, or .yaml/.yml for YAML) instead of printing JSON.",
)
def metadata(db_path: Path, output: Path | None) -> None:
    """Print (or write) the Datasette metadata `serve` uses, for running datasette yourself.

    Titles, descriptions, facets, sorting and the saved queries, fitted to the columns of the database
    at --db (or to the full current schema if it does not exist). Use it as
    `datasette DB -m metadata.json`; the article and speaker pages come from the quotetrack plugin,
    active wherever quotetrack is installed.
    """
    from quotetrack.desk.app import metadata_for
    from quotetrack.desk.metadata import dump_metadata

    as_yaml = output is not None and output.suffix.lower() in (".yaml", ".yml")
    text = dump_metadata(metadata_for(db_path), as_yaml)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@cli.command()
@db_option
@click.option(
    "--speaker", help="Only this speaker: canonical name (any case), alias, or unambiguous surname."
)
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of attribution.")
@click.option("--search", help="Full-text search in the quote and its sentence.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Maximum rows.")
@output_options
def quotes(
    db_path: Path, speaker: str | None, kind: str | None, search: str | None, limit: int, fmt: str
) -> None:
    """List stored quotes and claims."""
    with existing_database(db_path) as db:
        rows = queries.quotes(db, speaker=speaker, kind=kind, search=search, limit=limit)
    echo_rows(rows, fmt, table_columns=("id", "speaker", "kind", "cue", "content"))


SPEAKER_TABLE = ("speaker", "kind", "role", "attributions", "quotes", "claims", "documents", "last_seen")


# The metavar is spelled out because Click before 8.5 printed `COMMAND` as required here.
@cli.group(invoke_without_command=True, subcommand_metavar="[COMMAND] [ARGS]...")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Maximum rows (default: all).")
@output_options
@click.pass_context
def speakers(ctx: click.Context, db_path: Path, limit: int | None, fmt: str) -> None:
    """List speakers with how often they are quoted; subcommands show one or correct their names.

    Counts: quotes are direct and mixed attributions, claims are indirect ones (reported speech).
    """
    ctx.obj = db_path
    if ctx.invoked_subcommand is None:
        with existing_database(db_path) as db:
            rows = queries.speakers(db, limit=limit)
        echo_rows(rows, fmt, table_columns=SPEAKER_TABLE)


# Subcommands take --db after their name as well (`speakers show NAME --db x.db`), where users put it.
subcommand_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite database file.  [default: the speakers group's --db, data/quotes.db]",
)


@speakers.command("show")
@click.argument("name")
@subcommand_db_option
@output_options
@click.pass_obj
def speakers_show(group_db: Path, name: str, db_path: Path | None, fmt: str) -> None:
    """One speaker: counts, roles, cue verbs and attributions in date order.

    With --nl or --csv, prints the attributions only, one row each.
    """
    with existing_database(db_path or group_db) as db:
        profile = queries.speaker_profile(db, name)
    if profile is None:
        raise click.ClickException(f"no speaker named {name!r}; `quotetrack speakers` lists them")
    if fmt != "table":
        echo_rows(profile.attributions, fmt)
        return
    summary = profile.summary
    click.echo(f"{summary['speaker']} ({summary['kind'] or 'unknown kind'})")
    click.echo(f"roles: {', '.join(profile.roles) or '-'}")
    click.echo(
        f"{summary['attributions']} attributions: {summary['quotes']} quotes, {summary['claims']} claims, "
        f"in {summary['documents']} documents, {summary['first_seen']} to {summary['last_seen']}"
    )
    click.echo("cues: " + ", ".join(f"{row['cue']} {row['attributions']}" for row in profile.cues))
    click.echo()
    echo_rows(profile.attributions, fmt, table_columns=("date", "kind", "cue", "content", "document_title"))


@speakers.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@subcommand_db_option
@click.pass_obj
def speakers_merge(group_db: Path, keep: str, others: tuple[str, ...], db_path: Path | None) -> None:
    """Merge the speakers OTHERS into KEEP; their names become aliases of KEEP, now and in every later
    ingest. Also `speakers alias NAME ALIAS...`, for a spelling not stored yet (`alias Kiev Kyiv`)."""
    with existing_database(db_path or group_db) as db:
        moved = registry.merge_speakers(db, keep, others)
    click.echo(f"{', '.join(others)} now named {keep}; {moved} attributions re-pointed")


speakers.add_command(speakers_merge, "alias")


@speakers.command("load-aliases")
@click.argument("file", type=click.File(encoding="utf-8"))
@subcommand_db_option
@click.pass_obj
def speakers_load_aliases(group_db: Path, file, db_path: Path | None) -> None:
    """Apply an aliases file: `Primary name, alias 1, alias 2` a line, `#` for comments.

    Safe to run again after editing the file; aliases are stored and survive every later ingest.
    """
    with existing_database(db_path or group_db) as db:
        count = registry.load_aliases(db, file)
    click.echo(f"{count} aliases applied from {file.name}")
