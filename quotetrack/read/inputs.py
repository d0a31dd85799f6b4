"""Turn command-line inputs (files, folders, URLs, URL lists, stdin) into documents, whatever their format.

Each input's format comes from `--format`, else its extension, else its first line: `{` starts JSONL,
an HTML tag starts a web page, anything else is plain text. Bad input becomes a Skipped record, never
an exception, so one unusable input does not stop the others.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from quotetrack.read.columns import Columns
from quotetrack.read.decoding import decode
from quotetrack.read.documents import attempt, make_document
from quotetrack.read.exports import read_csv, read_jsonl
from quotetrack.read.fetch import Fetcher, is_url
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

Item = Document | Skipped


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: a forced format, export column names, URL fetch limits, and stdin."""

    format: str | None = None
    columns: Columns = field(default_factory=Columns)
    fetcher: Fetcher = field(default_factory=Fetcher)
    stdin: BinaryIO | None = None


DEFAULT_OPTIONS = ReadOptions()


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Inputs to read, in a stable order: folders are walked recursively; URLs and "-" stay as given.

    Expanding expanded inputs again gives them back unchanged (one stat each: no folder is left to walk).
    """
    found: list[str] = []
    for raw in paths:
        name = str(raw)
        path = Path(name)
        if name != STDIN and not is_url(name) and path.is_dir():
            found.extend(
                str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in WALKED_SUFFIXES
            )
        else:
            found.append(name)
    return found


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
        if is_url(line):
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


def read_head(stream: BinaryIO) -> bytes:
    """Everything up to and including the first line that is not blank, for format detection."""
    head = b""
    while line := stream.readline():
        head += line
        if line.strip():
            break
    return head


def read_input(path: str | Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Item]:
    """Documents from one input: a file, "-" for stdin, or a URL. JSONL and URL lists are streamed."""
    name = str(path)
    if is_url(name):
        yield attempt(name, read_url, name, options.fetcher)
        return
    is_stdin = name == STDIN
    source, label = (STDIN_SOURCE, "stdin") if is_stdin else (name, Path(name).name)
    try:
        stream = (options.stdin or sys.stdin.buffer) if is_stdin else open(name, "rb")
        with contextlib.nullcontext(stream) if is_stdin else stream:
            head = read_head(stream)
            fmt = options.format or detect_format("" if is_stdin else name, head)
            lines = itertools.chain(io.BytesIO(head), stream)
            if fmt == "jsonl":
                yield from read_jsonl(lines, source, options.columns)
            elif fmt == "urls":
                yield from read_url_list(lines, source, options.fetcher)
            else:
                yield from read_whole(fmt, head + stream.read(), source, label, options.columns)
    except OSError as error:
        yield Skipped(source, "cannot read", error.strerror or str(error))


def read_sources(
    paths: Iterable[str | Path],
    options: ReadOptions = DEFAULT_OPTIONS,
    on_input: Callable[[str], None] | None = None,
) -> Iterator[Item]:
    """Documents from all inputs in order; `on_input` is told each input's name once it is read."""
    for name in expand_paths(paths):
        yield from read_input(name, options)
        if on_input:
            on_input(name)
