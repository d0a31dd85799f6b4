"""Turn files, folders, stdin and JSONL records into documents, skipping bad input instead of crashing."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

STDIN = "-"
STDIN_SOURCE = "<stdin>"
BOM = b"\xef\xbb\xbf"
# Folder walks pick up only these; a file named explicitly is read whatever its extension.
TEXT_SUFFIXES = frozenset({".txt", ".md"})


@dataclass(frozen=True)
class Document:
    """One text to analyse. `id` is a content hash, so the same article read twice is the same document."""

    id: str
    text: str
    source: str
    title: str
    # How a person refers to the document: the file name, "stdin", or a JSONL record's own id.
    label: str | int


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with a one-line reason a person can act on."""

    source: str
    reason: str


def normalise(text: str) -> str:
    """Canonical form used both for hashing and for parsing, so offsets and ids agree."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def content_id(text: str) -> str:
    """Stable id of a normalised text: identical content gives the identical id on any machine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_line(text: str) -> str:
    """Title of a document: its first non-empty line, trimmed."""
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def make_document(text: str, source: str, label: str | int, title: str | None = None) -> Document | Skipped:
    """Normalise a decoded text into a Document, or explain why it is unusable."""
    text = normalise(text)
    if not text:
        return Skipped(source, "empty: no text to analyse")
    return Document(content_id(text), text, source, title or first_line(text), label)


def decode(data: bytes, source: str) -> str | Skipped:
    """Decode UTF-8 (with or without BOM), refusing binary data rather than guessing."""
    if b"\x00" in data:
        return Skipped(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        return Skipped(source, f"not valid UTF-8 (byte 0x{bad} at offset {error.start})")


def read_bytes(data: bytes, source: str, label: str | int) -> Document | Skipped:
    """Bytes from a file or stdin to a Document."""
    text = decode(data, source)
    return text if isinstance(text, Skipped) else make_document(text, source, label)


def expand_paths(paths: Iterable[str | Path]) -> list[str | Path]:
    """Files to read, in a stable order: folders are walked recursively, "-" stays as stdin."""
    found: list[str | Path] = []
    for raw in paths:
        if str(raw) == STDIN:
            found.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            )
        else:
            found.append(path)
    return found


def read_path(path: str | Path, stdin: BinaryIO | None = None) -> Document | Skipped:
    """Read one file (or stdin for "-"); I/O errors become Skipped records."""
    if str(path) == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_bytes(stream.read(), STDIN_SOURCE, "stdin")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return Skipped(str(path), f"cannot read: {error.strerror or error}")
    return read_bytes(data, str(path), path.name)


def read_sources(paths: Iterable[str | Path], stdin: BinaryIO | None = None) -> Iterator[Document | Skipped]:
    """Documents from all the given files, folders and stdin, one at a time."""
    for path in expand_paths(paths):
        yield read_path(path, stdin)


def read_jsonl(lines: Iterable[bytes], source: str) -> Iterator[Document | Skipped]:
    """Documents from JSON lines shaped {"id": ..., "text": ..., "title"?: ...}; bad lines are Skipped."""
    for number, raw in enumerate(lines, start=1):
        where = f"{source}:{number}"
        line = decode(raw, where)
        if isinstance(line, Skipped):
            yield line
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"malformed JSON: {error.msg} (column {error.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skipped(where, 'malformed record: expected an object with a string "text" field')
            continue
        label = record.get("id", number)
        if not isinstance(label, str | int) or isinstance(label, bool):
            label = json.dumps(label)
        title = record.get("title") if isinstance(record.get("title"), str) else None
        yield make_document(record["text"], where, label, title)


def read_input(path: str | Path, stdin: BinaryIO | None = None) -> Iterator[Document | Skipped]:
    """One input that is either JSONL (by .jsonl extension or a leading "{") or a single plain text."""
    is_stdin = str(path) == STDIN
    source, label = (STDIN_SOURCE, "stdin") if is_stdin else (str(path), Path(path).name)
    try:
        stream = (stdin or sys.stdin.buffer) if is_stdin else open(path, "rb")
    except OSError as error:
        yield Skipped(source, f"cannot read: {error.strerror or error}")
        return
    with contextlib.nullcontext(stream) if is_stdin else stream:
        first = stream.readline()
        while first and not first.strip():
            first = stream.readline()
        if source.lower().endswith(".jsonl") or first.lstrip(BOM).lstrip().startswith(b"{"):
            yield from read_jsonl(itertools.chain([first], stream), source)
        else:
            yield read_bytes(first + stream.read(), source, label)
