"""Make Documents from decoded text; turn a reader's failure into a Skipped with a reason to act on."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from quotetrack.records import Document, Skipped

# Invisible characters left out of what identifies a text (content_id): zero-width space, word joiner, and
# a byte-order mark inside the text (U+FEFF as a zero-width no-break space). Zero-width (non-)joiners,
# U+200C and U+200D, count: they are spelling in Persian and Indic scripts and part of emoji sequences.
INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
# A title is a line of a list or a page heading; a longer one is a first line that is really the text.
MAX_TITLE_CHARS = 300


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
    """The text parsed and stored: Unix line ends, no leading byte-order mark, no surrounding blank
    space. Characters are kept as they are, so offsets stay those of the text as given (evaluation sets'
    offsets included); content_id() sees through differences in Unicode form."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def canonical(text: str) -> str:
    """What identifies a text: Unicode NFC, so an article written with combining accents (NFD, as macOS
    and some editors produce) is the same document as the precomposed one, without invisible characters."""
    return INVISIBLE.sub("", unicodedata.normalize("NFC", text))


def display_name(name: str) -> str:
    """A file name as valid Unicode text, to store and print: bytes that are not UTF-8 (which Python
    keeps as lone surrogates) are shown as backslash escapes, `caf\\xe9.txt`."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name byte stands for
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def short_title(title: str) -> str:
    """The title, cut at a word boundary with an ellipsis if it is longer than MAX_TITLE_CHARS."""
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    if space > MAX_TITLE_CHARS // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def content_id(text: str) -> str:
    """Stable id of a normalised text: identical content gives the identical id on any machine, whatever
    its Unicode form or zero-width characters."""
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


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
        short_title((title or "").strip() or first_line(text)),
        label,
        url=url,
        author=author,
        outlet=outlet,
        published=published,
        external_id=external_id,
    )
