"""`quotetrack trail` and `quotetrack trails`: where a quote ran, and the quotes that ran most widely."""

from __future__ import annotations

from pathlib import Path

import click

from quotetrack.api import Tracker
from quotetrack.cli.options import db_option
from quotetrack.cli.output import echo_records, output_options
from quotetrack.records import Trail, TrailAppearance
from quotetrack.store.trail_reads import TrailNotFound

APPEARANCE_TABLE = ("date", "outlet", "speaker", "kind", "content", "flags", "changes")
TRAIL_TABLE = (
    "id",
    "canonical",
    "articles",
    "outlets",
    "speakers",
    "versions",
    "first_date",
    "misattributed",
)


@click.command()
@click.argument("text_or_id")
@db_option
@output_options
def trail(text_or_id: str, db_path: Path, fmt: str) -> None:
    """Every appearance of a quote, oldest first: outlet, date, speaker, its wording, flags.

    TEXT_OR_ATTRIBUTION_ID is an attribution's id (`quotetrack quotes` lists them) or a quote's text
    (its exact words, else the closest stored quote). Flags: first, fragment (part of the longest
    version), variant (words changed, added or dropped; `changes` shows which), other speaker (given to
    someone else than most appearances). With --nl or --csv, prints the appearances only.
    """
    with Tracker(db_path) as tracker:
        try:
            found = tracker.trail(text_or_id)
        except TrailNotFound as error:
            raise click.ClickException(str(error)) from error
    if fmt == "table":
        summary = found.trail
        click.echo(f"“{summary.canonical}”")
        click.echo(
            f"trail {summary.id}: {summary.appearances} appearances in {summary.articles} articles, "
            f"{summary.outlets} outlets, {summary.speakers} named speakers, {summary.versions} versions; "
            f"first {summary.first_date or '?'}"
            + (f" in {summary.first_outlet}" if summary.first_outlet else "")
        )
        if summary.misattributed:
            click.echo("possible misattribution: the same words are given to different speakers")
        click.echo()
    echo_records(found.appearances, TrailAppearance, fmt, table_columns=APPEARANCE_TABLE)


@click.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Maximum rows.")
@click.option("--misattributed", is_flag=True, help="Only quotes given to more than one named speaker.")
@click.option(
    "--build",
    is_flag=True,
    help="First put in trails the attributions stored before trails existed (a large database made by an "
    "earlier version); can be interrupted and run again.",
)
@output_options
def trails(db_path: Path, limit: int, misattributed: bool, build: bool, fmt: str) -> None:
    """List quotes run by two or more articles, most spread first (outlets, then articles).

    A trail joins the same quote across articles: the same words (case and punctuation aside), variants
    (a changed, added or dropped word), fragments of a longer version, and near-identical claims; quotes
    and claims of at least 6 words. `quotetrack trail ID` shows one.
    """
    with Tracker(db_path) as tracker:
        if build:
            done = tracker.build_trails(
                progress=lambda done, left: click.echo(f"{done} put in trails, {left} left", err=True)
            )
            click.echo(f"{done} attributions put in trails", err=True)
        left = tracker.trails_pending()
        found = tracker.trails(limit=limit, misattributed=misattributed)
    if left:
        click.echo(
            f"{left} attributions stored before trails existed are not in trails yet: add --build", err=True
        )
    echo_records(found, Trail, fmt, table_columns=TRAIL_TABLE)


COMMANDS = (trail, trails)
