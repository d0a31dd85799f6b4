"""Command-line options that say how to read inputs, shared by `ingest` and `extract`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from quotetrack.read.columns import FIELDS, Columns
from quotetrack.read.fetch import Fetcher
from quotetrack.read.inputs import FORMATS, ReadOptions

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
            help="Seconds allowed for fetching each URL.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def read_options(fmt: str | None, columns: dict[str, str], timeout: float) -> ReadOptions:
    """The ReadOptions for the values of the options added by input_options."""
    return ReadOptions(format=fmt, columns=Columns.choose(**columns), fetcher=Fetcher(timeout=timeout))
