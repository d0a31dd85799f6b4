"""`quotetrack evaluate`: how well extraction does on annotated articles of your own."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quotetrack.api import evaluate as evaluate_gold
from quotetrack.cli.options import model_config, model_options
from quotetrack.evaluation import format_table


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_options
@click.option(
    "--level",
    type=click.Choice(["all", "must"]),
    default="all",
    show_default=True,
    help="must: gold attributions marked `should` are neither required nor counted against a prediction.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def evaluate(gold: Path, model: str, level: str, as_json: bool, **settings: bool) -> None:
    """Score extraction on GOLD, annotated articles as JSON lines: {"id", "text", "quotes": [{"content_start",
    "content_end", "speaker", "speaker_start", "speaker_end", "kind", ...}]}, offsets into "text".

    Prints precision, recall and F1 of finding each attribution's content (exact span, overlap of at least
    half, or loose), speaker accuracy, end to end (found with the right speaker), recall by kind, and how
    often the resolved speaker is right where the gold gives `speaker_canonical`.
    """
    results = evaluate_gold(gold, model, level, **model_config(**settings))
    if as_json:
        click.echo(json.dumps({mode: result.to_dict() for mode, result in results.items()}))
    else:
        click.echo(format_table(results))


COMMANDS = (evaluate,)
