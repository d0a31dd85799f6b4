"""Command-line options shared by several commands: the database, the model and its settings, how to read
inputs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from quotetrack.api import DEFAULT_DB
from quotetrack.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL
from quotetrack.nlp.components import LEARNED_BY_DEFAULT
from quotetrack.read import FORMATS, ReadOptions
from quotetrack.read.columns import FIELDS, Columns
from quotetrack.read.fetch import Fetcher
from quotetrack.store.reads import iso_day

F = TypeVar("F", bound=Callable[..., Any])


def parse_column(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """`--column text=story` pairs as {"text": "story"}, refusing unknown fields."""
    chosen: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not column.strip() or name.strip() not in FIELDS:
            raise click.BadParameter(f"{value!r}: expected FIELD=NAME with FIELD one of {', '.join(FIELDS)}")
        chosen[name.strip()] = column.strip()
    return chosen


def input_options(command: F) -> F:
    """Add --format, --column and --timeout; read_options() turns their values into ReadOptions."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            help="Read every input as this format instead of detecting it by extension and content. "
            "urls: a file of http(s) URLs, one a line.",
        ),
        click.option(
            "--column",
            "columns",
            multiple=True,
            callback=parse_column,
            metavar="FIELD=NAME",
            help=f"Read FIELD from column NAME of JSONL/CSV records (FIELD: {', '.join(FIELDS)}); "
            "repeatable. Defaults: the field's name and common alternatives (body, headline, published).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=Fetcher.timeout,
            show_default=True,
            help="Seconds allowed for fetching each URL, all of it: connecting, headers and body.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def read_options(fmt: str | None, columns: dict[str, str], timeout: float) -> ReadOptions:
    """The ReadOptions for the values of the options added by input_options."""
    return ReadOptions(format=fmt, columns=Columns.choose(**columns), fetcher=Fetcher(timeout=timeout))


class Day(click.ParamType):
    """A date as YYYY-MM-DD, checked by the library's rule (`iso_day`) so both refuse the same values."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return iso_day(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file.",
)
batch_size_option = click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Texts per nlp.pipe batch; memory grows with it (8 long texts: about 1 GB).",
)


def model_options(command: F) -> F:
    """Add --model and the extractor's settings; model_config() turns the settings into its config."""
    options = [
        click.option(
            "--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline package name or path."
        ),
        click.option(
            "--beliefs/--no-beliefs",
            default=True,
            show_default=True,
            help="Also attribute beliefs and impressions (officials fear that ..., X seems ...), as "
            "annotated news corpora do; --no-beliefs keeps speech only.",
        ),
        click.option(
            "--nested",
            is_flag=True,
            help="Also keep reports inside another's content (X said Y suggested Z: Y's suggestion too).",
        ),
        click.option(
            "--learned/--rules-only",
            default=LEARNED_BY_DEFAULT,
            show_default=True,
            help="Add what the trained model (shipped with quotetrack) finds where the rules found "
            "nothing, mostly indirect claims; --rules-only keeps the rules' attributions alone.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def model_config(beliefs: bool, nested: bool, learned: bool = LEARNED_BY_DEFAULT) -> dict[str, bool]:
    """The extractor config for the values of --beliefs, --nested and --learned; empty when all are the
    defaults, so the default pipeline is shared."""
    config = {"beliefs": beliefs, "nested": nested, "learned": learned}
    return {} if config == {"beliefs": True, "nested": False, "learned": LEARNED_BY_DEFAULT} else config
