"""Print records as a readable table, JSON lines or CSV: one helper shared by every listing command."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import click

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


def cell(value: Any, width: int = MAX_CELL) -> str:
    """One table cell: no newlines, None as empty, text longer than `width` cut with an ellipsis."""
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: Mapping[str, int] | None = None
) -> str:
    """Left-aligned columns under a header and a rule; `widths` cuts some columns shorter than MAX_CELL."""
    widths = widths or {}
    cells = [[cell(row.get(column), widths.get(column, MAX_CELL)) for column in columns] for row in rows]
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


def format_records(
    records: Sequence[Any],
    record_type: type,
    fmt: str = "table",
    table_columns: Sequence[str] | None = None,
    widths: Mapping[str, int] | None = None,
) -> str:
    """Render dataclass records; `table_columns` narrows only the table view, machine formats keep every
    field of `record_type` (so that no records still make the same CSV header)."""
    columns = [field.name for field in dataclasses.fields(record_type)]
    rows = [dataclasses.asdict(record) for record in records]
    if fmt == "nl":
        return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    if fmt == "csv":
        return format_csv(rows, columns)
    if not rows:
        return "(no results)"
    return format_table(rows, table_columns or columns, widths)


def echo_records(
    records: Sequence[Any],
    record_type: type,
    fmt: str = "table",
    table_columns: Sequence[str] | None = None,
    widths: Mapping[str, int] | None = None,
) -> None:
    """Print rendered records to stdout (nothing at all for empty JSON lines)."""
    text = format_records(records, record_type, fmt, table_columns, widths)
    if text:
        click.echo(text)
