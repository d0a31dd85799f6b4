"""Make Documents from decoded text; turn a reader's failure into a Skipped with a reason to act on."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from quotetrack.records import Document, Skipped


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
