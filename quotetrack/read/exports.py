"""Documents from JSONL and CSV exports, one per record, with metadata; a bad record skips only itself."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from quotetrack.read.columns import Columns
from quotetrack.read.dates import iso_date
from quotetrack.read.decoding import decode
from quotetrack.read.documents import Unusable, make_document
from quotetrack.records import Document, Skipped

# csv's default field limit (128 KiB) is smaller than a long article.
MAX_FIELD_CHARS = 1 << 30
# Encodings whose newlines are not the byte b"\n"; UTF-32 LE's byte-order mark starts with UTF-16 LE's.
WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


def record_document(record: Mapping[str, Any], where: str, number: int, columns: Columns) -> Document:
    """One export record to a Document; `number` labels it when it has no id of its own."""
    text = columns.raw(record, "text")
    if text is None:
        if columns.column(list(record), "text") is None:
            raise Unusable("missing text", f"no {columns.describe('text')} field")
        text = ""  # present but empty
    if not isinstance(text, str):
        raise Unusable("missing text", f"the text field holds {type(text).__name__}, not a string")
    ident = columns.raw(record, "id")
    if ident is None:
        label: str | int = number
    elif isinstance(ident, str | int) and not isinstance(ident, bool):
        label = ident
    else:
        label = json.dumps(ident)
    return make_document(
        text,
        where,
        label,
        columns.text(record, "title"),
        url=columns.text(record, "url"),
        author=columns.text(record, "author"),
        outlet=columns.text(record, "outlet"),
        published=iso_date(columns.raw(record, "date")),
        external_id=None if ident is None else str(label),
    )


def json_object(line: str) -> dict[str, Any]:
    """Parse one JSONL line that must hold an object."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        # json's messages can end in " at" ("Unterminated string starting at"): the column follows
        message = error.msg.removesuffix(" at")
        raise Unusable("malformed JSON", f"{message} (column {error.colno})") from error
    except RecursionError as error:  # `[[[[...`: the parser recurses once per level
        raise Unusable("malformed JSON", "nested too deeply to read") from error
    if not isinstance(record, dict):
        raise Unusable("malformed record", f"expected a JSON object, found {type(record).__name__}")
    if "\\u" in line:  # an escape can spell half a surrogate pair (\\ud800), which is no text at all
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            bad = f"\\u{ord(error.object[error.start]):04x}"
            raise Unusable("encoding", f"holds an unpaired surrogate {bad}, not Unicode text") from error
    return record


def capped(chunks: Iterable[bytes], max_bytes: int | None) -> Iterator[bytes]:
    """The chunks, raising Unusable (`too large`) once they add up to more than max_bytes."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise Unusable(
                "too large", f"more than {max_bytes:,} bytes; the limit for one input is {max_bytes:,}"
            )
        yield chunk


def read_jsonl(
    lines: Iterable[bytes], source: str, columns: Columns, max_bytes: int | None = None
) -> Iterator[Document | Skipped]:
    """Documents from JSON lines; each line is decoded on its own, so one bad line spoils nothing else.

    UTF-16 and UTF-32 are read whole, so `max_bytes` (if given) limits them."""
    lines = iter(lines)
    first = next(lines, b"")
    if first.startswith(WIDE_BOMS):  # UTF-16/32 cannot be split on b"\n": decode it all at once
        try:
            data = b"".join(capped(itertools.chain([first], lines), max_bytes))
            lines = iter(line.encode("utf-8") for line in decode(data).split("\n"))
        except Unusable as problem:
            yield problem.skipped(source)
            return
    else:
        lines = itertools.chain([first], lines)
    records = 0
    for number, raw in enumerate(lines, start=1):
        where = f"{source}:{number}"
        try:
            line = decode(raw)
            if line.strip():
                records += 1
                yield record_document(json_object(line), where, number, columns)
        except Unusable as problem:
            yield problem.skipped(where)
    if not records:
        yield Skipped(source, "empty", "no records")


def read_csv(data: bytes, source: str, columns: Columns) -> Iterator[Document | Skipped]:
    """Documents from a CSV file with a header row; ragged or malformed rows are skipped one by one."""
    try:
        text = decode(data)
    except Unusable as problem:
        yield problem.skipped(source)
        return
    csv.field_size_limit(MAX_FIELD_CHARS)
    lines = RecordLines(text)
    reader = csv.reader(lines)
    try:
        header = next((row for row in reader if row), None)
    except csv.Error as error:
        yield Skipped(source, "malformed CSV", f"header: {error}")
        return
    if header is None:
        yield Skipped(source, "empty", "no header row")
        return
    if columns.column(header, "text") is None:
        found = ", ".join(header)
        yield Skipped(
            source,
            "missing text",
            f"no {columns.describe('text')} column among {found}; name it with --column text=NAME",
        )
        return
    if twice := columns.repeated(header):
        yield Skipped(source, "malformed CSV", f"the header has {twice!r} twice; rename one of them")
        return
    rows = 0
    for line, row in csv_rows(reader, lines):
        where = f"{source}:{line}"
        rows += bool(row)
        if isinstance(row, csv.Error):
            yield Skipped(where, "malformed CSV", str(row))
        elif row and unterminated(row, lines.record()):
            end = reader.line_num
            yield Skipped(
                where,
                "unterminated quote",
                f"a quoted field opened here is not closed properly, so lines {line}-{end} were read as that "
                "one field and none of them was stored; reading goes on after it",
            )
        elif row:
            try:
                if len(row) != len(header):
                    raise Unusable("ragged row", f"{len(row)} fields where the header has {len(header)}")
                yield record_document(dict(zip(header, row, strict=True)), where, line, columns)
            except Unusable as problem:
                yield problem.skipped(where)
    if not rows:
        yield Skipped(source, "empty", "no records after the header row")


class RecordLines:
    """The lines of a CSV text for csv.reader, keeping those of the record being read (`record()`)."""

    def __init__(self, text: str):
        self.source = io.StringIO(text, newline="")
        self.recent: list[str] = []

    def __iter__(self) -> RecordLines:
        return self

    def __next__(self) -> str:
        line = self.source.readline()
        if not line:
            raise StopIteration
        self.recent.append(line)
        return line

    def start_record(self) -> None:
        self.recent.clear()

    def record(self) -> str:
        return "".join(self.recent)


def csv_rows(reader: Any, lines: RecordLines) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(line, row) for each record after the header, or (line, error) for a record csv cannot read."""
    while True:
        line = reader.line_num + 1
        lines.start_record()
        try:
            yield line, next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, error
            if reader.line_num < line:  # the reader could not move on: nothing more to read
                return


def unterminated(row: list[str], raw: str) -> bool:
    """Whether a record spanning lines is really a quote left open, running on into the next records.

    csv's lenient reader takes everything up to the next quotation mark (or the end of the file) as the
    field with the unclosed quote, swallowing the rows in between; its strict reader refuses that record.
    A record on one line is left to the lenient reader, which accepts stray quotes like `5" screen`.
    """
    if not any("\n" in field or "\r" in field for field in row):
        return False
    try:
        for _ in csv.reader(io.StringIO(raw, newline=""), strict=True):
            pass
    except csv.Error:
        return True
    return False
