"""Print query results as a readable table, JSON lines or CSV: one helper shared by every listing command."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from quotetrack.store.reads import Rows

FORMATS = ("table", "nl", "csv")
# Table cells longer than this are cut, so one long quote does not wreck the layout.
MAX_CELL = 60

F = TypeVar("F", bound=Callable[..., Any])


def output_options(command: F) -> F:
    """Add the mutually exclusive --table (default), --nl and --csv flags as one `fmt` parameter."""
    command = click.option("--csv", "fmt", flag_value="csv", help="Output CSV with a header row.")(command)
    command = click.option("--nl", "fmt", flag_value="nl", help="Output one JSON object per line.")(command)
    return click.option(
        "--table", "fmt", flag_value="table", default=True, help="Output a readable table (default)."
    )(command)


def cell(value: Any) -> str:
    """One table cell: no newlines, None as empty, long text cut with an ellipsis."""
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Left-aligned columns under a header and a rule."""
    cells = [[cell(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]
    lines = [list(columns), ["-" * width for width in widths], *cells]
    return "\n".join(
        "  ".join(value.ljust(w) for value, w in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def format_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row, full values."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def format_rows(rows: Rows, fmt: str = "table", table_columns: Sequence[str] | None = None) -> str:
    """Render rows; `table_columns` narrows only the table view, machine formats keep every column
    (the query's, so that no rows still make the same CSV header)."""
    if fmt == "nl":
        return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    if fmt == "csv":
        return format_csv(rows, rows.columns)
    if not rows:
        return "(no results)"
    return format_table(rows, table_columns or rows.columns)


def echo_rows(rows: Rows, fmt: str = "table", table_columns: Sequence[str] | None = None) -> None:
    """Print rendered rows to stdout (nothing at all for empty JSON lines)."""
    text = format_rows(rows, fmt, table_columns)
    if text:
        click.echo(text)
