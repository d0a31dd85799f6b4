"""Turn command-line inputs (files, folders, URLs, URL lists, stdin) into documents, whatever their format.

Each input's format comes from `--format`, else its extension, else its first line: `{` starts JSONL,
an HTML tag starts a web page, anything else is plain text. Bad input becomes a Skipped record, never
an exception, so one unusable input does not stop the others.

Limits, so that /dev/zero, a runaway pipe or a mistaken disk image cannot exhaust memory: a file, page or
stdin read whole (text, HTML, CSV) may hold MAX_INPUT_BYTES (256 MiB, hundreds of times a long article
and more than most CSV exports); JSONL and URL lists are streamed, so there the limit is per line,
MAX_LINE_BYTES (64 MiB). Over a limit, the input (or the rest of the stream from that line on) is
Skipped as `too large` and nothing more of it is read.

Folder walks do not descend into linked folders, and skip (as `outside folder`) links to files outside
the folder walked, so linking /etc/passwd into a shared folder does not publish it; a file named on the
command line is read as given. A folder that cannot be listed is Skipped as `cannot read`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from quotetrack.read.columns import Columns
from quotetrack.read.decoding import decode
from quotetrack.read.documents import Unusable, attempt, display_name, make_document
from quotetrack.read.exports import MAX_FIELD_CHARS, read_csv, read_jsonl
from quotetrack.read.fetch import MAX_URL_CHARS, Fetcher, is_url
from quotetrack.read.html import html_document
from quotetrack.records import Document, Skipped

STDIN = "-"
STDIN_SOURCE = "<stdin>"
FORMATS = ("text", "html", "jsonl", "csv", "urls")
SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".urls": "urls",
}
# Folder walks pick up these. URL lists are left out, so reading a folder never goes online.
WALKED_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".csv"})
HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body)\b", re.IGNORECASE)
MAX_INPUT_BYTES = 256 * 1024 * 1024
MAX_LINE_BYTES = 64 * 1024 * 1024
# count_documents reads exports and URL lists through once to count their records, up to this many bytes
# in all: a second or two, against the hours that parsing that much text takes.
COUNT_BYTES = 1024 * 1024 * 1024
HEAD_BYTES = 4096  # enough of a file to tell its format

Item = Document | Skipped


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: a forced format, export column names, URL fetch limits, stdin, size limits."""

    format: str | None = None
    columns: Columns = field(default_factory=Columns)
    fetcher: Fetcher = field(default_factory=Fetcher)
    stdin: BinaryIO | None = None
    max_input_bytes: int = MAX_INPUT_BYTES
    max_line_bytes: int = MAX_LINE_BYTES


DEFAULT_OPTIONS = ReadOptions()


class Walked(str):
    """A path found by walking `folder` (resolved), rather than named on the command line."""

    folder: str

    def __new__(cls, path: str, folder: str) -> Walked:
        walked = super().__new__(cls, path)
        walked.folder = folder
        return walked


def is_folder(name: str) -> bool:
    """Whether a path is a folder; False, not an error, for a path that cannot even be looked at."""
    return os.path.isdir(name)


def walk(folder: str) -> list[str]:
    """Files with a walked suffix under `folder`, and sub-folders that cannot be listed (to report)."""
    root = os.path.realpath(folder)
    found: list[str] = []
    pending = [folder]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            found.append(Walked(directory, root))  # read_input says why it cannot be read
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif Path(entry.name).suffix.lower() in WALKED_SUFFIXES and entry.is_file():
                found.append(Walked(entry.path, root))
    return sorted(found, key=lambda name: Path(name).parts)


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Inputs to read, in a stable order: folders are walked recursively; URLs and "-" stay as given.

    Expanding expanded inputs again gives them back unchanged (one stat each: no folder is left to walk).
    """
    found: list[str] = []
    for raw in paths:
        if isinstance(raw, Walked):
            found.append(raw)
            continue
        name = str(raw)
        if name != STDIN and not is_url(name) and is_folder(name):
            found.extend(walk(name))
        else:
            found.append(name)
    return found


def outside_folder(path: Walked) -> str | None:
    """Where a walked link leads, if that is outside the folder walked."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    return None if os.path.commonpath([path.folder, target]) == path.folder else target


def detect_format(name: str, head: bytes) -> str:
    """Format of an input from its file name, else from its first non-blank line."""
    known = SUFFIX_FORMATS.get(Path(name).suffix.lower())
    if known:
        return known
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    return "html" if HTML_START.match(head) else "text"


def read_url(url: str, fetcher: Fetcher) -> Document:
    """The article at a URL; the URL is its identity, so a changed article replaces the old version."""
    page = fetcher.fetch(url)
    return html_document(page.body, url, url, url=url, charset=page.charset)


def read_url_list(lines: Iterable[bytes], source: str, fetcher: Fetcher) -> Iterator[Item]:
    """Articles at the URLs listed one per line; blank lines and `#` comments are ignored."""
    for number, raw in enumerate(lines, start=1):
        line = raw.decode("utf-8", "replace").strip().removeprefix("\ufeff")
        if not line or line.startswith("#"):
            continue
        if len(line) > MAX_URL_CHARS:
            yield Skipped(f"{source}:{number}", "bad URL", f"longer than {MAX_URL_CHARS:,} characters")
        elif is_url(line):
            yield attempt(line, read_url, line, fetcher)
        else:
            yield Skipped(f"{source}:{number}", "bad URL", f"{line[:80]!r} is not an http(s) URL")


def read_whole(fmt: str, data: bytes, source: str, label: str, columns: Columns) -> Iterator[Item]:
    """Documents from an input read completely: a CSV export, a web page or a plain text."""
    if fmt == "csv":
        yield from read_csv(data, source, columns)
    elif fmt == "html":
        yield attempt(source, html_document, data, source, label)
    else:
        yield attempt(source, lambda: make_document(decode(data), source, label))


def read_head(stream: BinaryIO, limit: int) -> bytes:
    """Everything up to and including the first line that is not blank, for format detection; at most
    `limit` bytes and one more, the rest of a longer line is left in the stream."""
    head = b""
    while len(head) <= limit and (line := stream.readline(limit + 1 - len(head))):
        head += line
        if line.strip():
            break
    return head


def capped_lines(head: bytes, stream: BinaryIO, limit: int) -> Iterator[bytes]:
    """The lines of head and then of the stream; raises Unusable (`too large`) at a line over `limit`
    bytes, having read no more than `limit` bytes and one more of it."""
    number = 0
    for line in io.BytesIO(head):
        if not line.endswith(b"\n"):  # the head stopped inside this line
            line += stream.readline(max(limit + 1 - len(line), 0))
        number += 1
        if len(line) > limit:
            raise line_too_long(number, limit)
        yield line
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise line_too_long(number, limit)
        yield line


def line_too_long(number: int, limit: int) -> Unusable:
    return Unusable("too large", f"line {number} is longer than {limit:,} bytes; the rest was not read")


def read_rest(head: bytes, stream: BinaryIO, limit: int) -> bytes:
    """The whole input, whose first bytes were `head`; raises Unusable when it is over `limit` bytes."""
    rest = stream.read(max(limit + 1 - len(head), 0))
    if len(head) + len(rest) > limit:
        raise Unusable("too large", f"more than {limit:,} bytes; the limit for one input is {limit:,}")
    return head + rest


def open_stdin(options: ReadOptions) -> BinaryIO:
    """The stream "-" names; refused when the process was started with stdin closed (`0<&-`)."""
    if options.stdin is not None:
        return options.stdin
    if sys.stdin is None:
        raise Unusable("cannot read", "stdin is closed")
    return sys.stdin.buffer


def read_input(path: str | Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Documents from one input: a file, "-" for stdin, or a URL. JSONL and URL lists are streamed."""
    name = path if isinstance(path, Walked) else str(path)
    if is_url(name):
        yield attempt(name, read_url, name, options.fetcher)
        return
    is_stdin = name == STDIN
    source, label = (
        (STDIN_SOURCE, "stdin") if is_stdin else (display_name(name), display_name(Path(name).name))
    )
    try:
        if isinstance(name, Walked) and (target := outside_folder(name)):
            where = f"links to {display_name(target)}, outside {display_name(name.folder)}"
            raise Unusable("outside folder", f"{where}; name it on the command line to read it")
        if not is_stdin and is_folder(name):  # left in the inputs: it could not be listed when walked
            with os.scandir(name):  # raises the reason, PermissionError
                raise Unusable("cannot read", "Is a directory")
        stream = open_stdin(options) if is_stdin else open(name, "rb")
        with contextlib.nullcontext(stream) if is_stdin else stream:
            head = read_head(stream, options.max_line_bytes)
            fmt = options.format or detect_format("" if is_stdin else name, head)
            if fmt == "jsonl":
                lines = capped_lines(head, stream, options.max_line_bytes)
                yield from read_jsonl(lines, source, options.columns, options.max_input_bytes)
            elif fmt == "urls":
                lines = capped_lines(head, stream, options.max_line_bytes)
                yield from read_url_list(lines, source, options.fetcher)
            else:
                data = read_rest(head, stream, options.max_input_bytes)
                yield from read_whole(fmt, data, source, label, options.columns)
    except Unusable as problem:
        yield problem.skipped(source)
    except OSError as error:
        yield Skipped(source, "cannot read", error.strerror or str(error))


def read_sources(paths: Iterable[str | Path], options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Documents from all inputs in order."""
    for name in expand_paths(paths):
        yield from read_input(name, options)


def count_lines(stream: BinaryIO, skip_comments: bool = False) -> int:
    """Lines that are not blank (nor, with `skip_comments`, `#` comments): JSONL records, listed URLs."""
    return sum(
        1 for line in stream if line.strip() and not (skip_comments and line.lstrip().startswith(b"#"))
    )


def count_csv_records(stream: BinaryIO) -> int:
    """Records after the header of a CSV file (fields may hold line breaks), as near as csv reads them."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    try:
        return max(sum(1 for row in csv.reader(text) if row) - 1, 1)
    except csv.Error:
        return 1  # it will be skipped, or read as far as csv can: about one


def count_documents(paths: Iterable[str | Path], options: ReadOptions = DEFAULT_OPTIONS) -> int | None:
    """How many documents or Skipped records `read_sources` will give, when that is cheap to know: one per
    text, web page, URL or unreadable input; a record per non-blank JSONL line, CSV row, listed URL.
    None for stdin, or when the exports and lists to count hold more than COUNT_BYTES in all.

    An estimate for progress bars: an export without a text column, say, gives one Skipped, not a row each.
    """
    total = 0
    budget = COUNT_BYTES
    for name in expand_paths(paths):
        if name == STDIN:
            return None
        if is_url(name) or is_folder(name):
            total += 1
            continue
        try:
            with open(name, "rb") as stream:
                fmt = options.format or detect_format(name, stream.read(HEAD_BYTES))
                if fmt not in ("jsonl", "csv", "urls"):
                    total += 1
                    continue
                budget -= os.fstat(stream.fileno()).st_size
                if budget < 0:
                    return None
                stream.seek(0)
                total += count_csv_records(stream) if fmt == "csv" else count_lines(stream, fmt == "urls")
        except OSError:
            total += 1
    return total
