"""What every reader produces: a Document to analyse, or a Skipped input with a reason a person can act on."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Document:
    """One text to analyse. `id` is a content hash, so the same article read twice is the same document.

    `url`, or `outlet` with `external_id`, say which article this is; a later text under the same key
    is a new version of that article and replaces the old one when ingested.
    """

    id: str
    text: str
    source: str
    title: str
    # How a person refers to the document: the file name, "stdin", a URL, or a record's own id.
    label: str | int
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date, YYYY-MM-DD
    external_id: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used. `kind` is a short category for the summary (`empty`, `binary`)."""

    source: str
    kind: str
    detail: str

    @property
    def reason(self) -> str:
        """The one line shown to the user, starting with the category so it can be grepped."""
        return f"{self.kind}: {self.detail}"


class Unusable(Exception):
    """Raised by readers deep in a call chain; the reader of one input turns it into a Skipped."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail

    def skipped(self, source: str) -> Skipped:
        return Skipped(source, self.kind, self.detail)


def attempt(source: str, read: Callable[..., Document], *args: Any) -> Document | Skipped:
    """`read(*args)`, or the reason it could not make a Document, as a Skipped for `source`."""
    try:
        return read(*args)
    except Unusable as problem:
        return problem.skipped(source)


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


def make_document(
    text: str,
    source: str,
    label: str | int,
    title: str | None = None,
    *,
    url: str | None = None,
    author: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    external_id: str | None = None,
) -> Document:
    """Normalise a decoded text into a Document; raises Unusable if nothing is left to analyse."""
    text = normalise(text)
    if not text:
        raise Unusable("empty", "no text to analyse")
    return Document(
        content_id(text),
        text,
        source,
        (title or "").strip() or first_line(text),
        label,
        url=url,
        author=author,
        outlet=outlet,
        published=published,
        external_id=external_id,
    )
