"""`quotetrack serve` and `quotetrack metadata`: the quote desk in Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from quotetrack.api import Tracker
from quotetrack.cli.options import db_option
from quotetrack.desk.app import MODES, choose_mode
from quotetrack.desk.metadata import dump_metadata


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--mode",
    type=click.Choice(MODES),
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

    datasette = Tracker(db_path).datasette(mode)
    click.echo(
        f"Serving {db_path} read-only ({choose_mode(db_path, mode)}) at http://{host}:{port}/", err=True
    )
    uvicorn.run(datasette.app(), host=host, port=port)


@click.command()
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
    as_yaml = output is not None and output.suffix.lower() in (".yaml", ".yml")
    text = dump_metadata(Tracker(db_path).metadata(), as_yaml)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


COMMANDS = (serve, metadata)
