"""The `quotetrack` command: each command parses its options, calls one method of the library API
(`quotetrack.api`), and renders what it returns."""

from __future__ import annotations

import sqlite3

import click

from quotetrack import __version__
from quotetrack.cli import browse, corrections, desk, evaluation, extraction, trails
from quotetrack.nlp import ModelError
from quotetrack.store import NotQuotetrackDatabase


class QuotetrackGroup(click.Group):
    """Turns library errors a user can fix into one-line messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ModelError as error:
            raise click.ClickException(str(error)) from error
        # No database yet, another application's, a folder that cannot be made, a full disk.
        except (OSError, NotQuotetrackDatabase) as error:
            raise click.ClickException(str(error)) from error
        except sqlite3.DatabaseError as error:  # not a database, disk full, locked by another writer
            raise click.ClickException(f"database error: {error}") from error


@click.group(cls=QuotetrackGroup)
@click.version_option(__version__, prog_name="quotetrack")
def cli() -> None:
    """Extract attributed quotes and claims from news text into SQLite, and explore them with Datasette.

    An attribution is anything someone is reported to have said: a quote (direct: all in quotation
    marks, or mixed: partly) or a claim (indirect: reported speech).
    """


for module in (extraction, browse, corrections, desk, evaluation, trails):
    for command in module.COMMANDS:
        cli.add_command(command)
