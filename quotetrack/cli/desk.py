"""`quotetrack serve` and `quotetrack metadata`: the quote desk in Datasette."""

from __future__ import annotations

from pathlib import Path

import click

from quotetrack.api import Tracker
from quotetrack.cli.options import db_option
from quotetrack.desk.app import LIMITS, MODES
from quotetrack.desk.metadata import dump_metadata

allow_sql_option = click.option(
    "--allow-sql",
    is_flag=True,
    default=False,
    help="Let visitors run their own SQL (?sql=), still read-only and within the time limit; off by "
    "default, as one query can take gigabytes of memory.",
)


@click.command(
    help=f"""Browse the database in Datasette (read-only) at http://HOST:PORT/: the quote desk.

    Adds article pages with every quote highlighted, speaker pages, search and saved queries. Each
    request is limited to {LIMITS["sql_time_limit_ms"]} ms of SQL and {LIMITS["max_returned_rows"]} rows;
    HTML cells are cut at {LIMITS["truncate_cells_html"]} characters.
    """
)
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="live",
    show_default=True,
    help="live: safe while an ingest writes to the database, and shows its new rows; immutable: faster, "
    "for a database nothing writes to while it is served. Both are read-only.",
)
@allow_sql_option
def serve(db_path: Path, host: str, port: int, mode: str, allow_sql: bool) -> None:
    import uvicorn

    datasette = Tracker(db_path).datasette(mode, allow_sql)
    click.echo(f"Serving {db_path} read-only ({mode}) at http://{host}:{port}/", err=True)
    uvicorn.run(datasette.app(), host=host, port=port)


@click.command()
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write here (.json, or .yaml/.yml for YAML) instead of printing JSON.",
)
@allow_sql_option
def metadata(db_path: Path, output: Path | None, allow_sql: bool) -> None:
    """Print (or write) the Datasette metadata `serve` uses, for running datasette yourself.

    Titles, descriptions, facets, sorting and the saved queries, fitted to the columns of the database
    at --db (or to the full current schema if it does not exist). Use it as
    `datasette DB -m metadata.json`; the article and speaker pages come from the quotetrack plugin,
    active wherever quotetrack is installed.
    """
    as_yaml = output is not None and output.suffix.lower() in (".yaml", ".yml")
    text = dump_metadata(Tracker(db_path).metadata(allow_sql), as_yaml)
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:  # a folder that does not exist, no permission, a full disk
        raise click.ClickException(f"cannot write {output}: {error.strerror or error}") from error
    click.echo(f"wrote {output}", err=True)


COMMANDS = (serve, metadata)
