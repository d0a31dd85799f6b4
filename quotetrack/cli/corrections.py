"""`quotetrack fix`: correct one attribution so that the correction lasts, list corrections, undo one."""

from __future__ import annotations

from pathlib import Path

import click

from quotetrack.api import Tracker
from quotetrack.cli.options import db_option
from quotetrack.cli.output import echo_records, output_options
from quotetrack.records import KINDS, Correction
from quotetrack.store.fixes import FixError

LISTED = ("id", "attribution_id", "status", "change", "content", "document_title")


@click.command("fix")
@click.argument("attribution_id", type=click.IntRange(min=1), required=False)
@click.option(
    "--speaker",
    metavar="NAME",
    help="Credit it to this speaker: a name in any case, an alias or an unambiguous surname of a "
    "stored speaker, else a new speaker of that name.",
)
@click.option("--kind", type=click.Choice(KINDS), help="Make it direct, mixed or indirect.")
@click.option(
    "--not-attribution",
    is_flag=True,
    help="It is no quote or claim: leave it out of every count, list and search.",
)
@click.option("--list", "list_them", is_flag=True, help="List the corrections instead.")
@click.option(
    "--undo",
    type=click.IntRange(min=1),
    metavar="CORRECTION_ID",
    help="Remove a correction (its id in --list) and put its attribution back as extracted.",
)
@db_option
@output_options
def fix(
    attribution_id: int | None,
    speaker: str | None,
    kind: str | None,
    not_attribution: bool,
    list_them: bool,
    undo: int | None,
    db_path: Path,
    fmt: str,
) -> None:
    """Correct the attribution ATTRIBUTION_ID (its id in `quotetrack attributions`): its speaker, its
    kind, or that it is not an attribution at all.

    Corrections are stored, and applied again whenever the article is ingested again (`--force`, or a
    new version of it): one whose attribution the new text no longer has is kept, reported and listed
    as `not found`. `fix --list` lists them; `fix --undo CORRECTION_ID` removes one.
    """
    modes = [attribution_id is not None, list_them, undo is not None]
    if sum(modes) != 1:
        raise click.UsageError("give an ATTRIBUTION_ID to correct, or --list, or --undo CORRECTION_ID")
    with Tracker(db_path) as tracker:
        try:
            if list_them:
                echo_records(tracker.corrections(), Correction, fmt, table_columns=LISTED)
                return
            if undo is not None:
                removed = tracker.undo_fix(undo)
                click.echo(f"correction {removed.id} removed ({removed.change}): {where(removed)}")
                return
            assert attribution_id is not None
            made = tracker.fix(attribution_id, speaker=speaker, kind=kind, not_attribution=not_attribution)
        except FixError as error:
            raise click.ClickException(str(error)) from error
    click.echo(
        f"correction {made.id}: attribution {attribution_id}, {made.change}; kept across re-ingests "
        f"(undo: quotetrack fix --undo {made.id})"
    )


def where(correction: Correction) -> str:
    """The attribution a correction was about, as a person finds it again."""
    if correction.attribution_id is not None:
        return f"attribution {correction.attribution_id} is as extracted again"
    if correction.not_attribution and correction.status == "applied":
        return "the attribution is back"
    return "its attribution was not in the article's latest version"


COMMANDS = (fix,)
