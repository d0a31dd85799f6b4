"""Which column of a JSONL or CSV export holds the text, title, URL, date, outlet, author and id.

Exports from news tools name these differently (`body`, `headline`, `published_at`), so each field has
a list of common names, matched case-insensitively; naming a column on the command line replaces the
list for that field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("text", "title", "url", "date", "outlet", "author", "id")
DEFAULT_NAMES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "full_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "date": ("date", "published", "published_at", "publication_date", "pubdate", "date_published"),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher", "publication"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "article_id", "doc_id"),
}


@dataclass(frozen=True)
class Columns:
    """Candidate column names per field, first match wins."""

    names: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_NAMES))

    @classmethod
    def choose(cls, **chosen: str | None) -> Columns:
        """Defaults, with the fields given here (text="story") reading only the named column."""
        unknown = set(chosen) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
        return cls({name: (chosen[name],) if chosen.get(name) else DEFAULT_NAMES[name] for name in FIELDS})

    def describe(self, name: str) -> str:
        """The names looked for, for messages: `"text" (or content, body)`."""
        first, *others = self.names[name]
        return f'"{first}"' + (f" (or {', '.join(others)})" if others else "")

    def column(self, header: Sequence[str], name: str) -> str | None:
        """The header entry that holds this field, if any."""
        lowered = {column.strip().lower(): column for column in reversed(header)}
        return next((lowered[c.lower()] for c in self.names[name] if c.lower() in lowered), None)

    def repeated(self, header: Sequence[str]) -> str | None:
        """A column name read for some field that the header has twice (in any case): one of the two
        would be lost, as records are read by name."""
        seen: set[str] = set()
        read = {candidate.lower() for candidates in self.names.values() for candidate in candidates}
        for column in header:
            key = column.strip().lower()
            if key in seen and key in read:
                return column
            seen.add(key)
        return None

    def raw(self, record: Mapping[str, Any], name: str) -> Any:
        """The first non-empty value of this field in a record, as stored there (None if absent)."""
        lowered = {str(key).strip().lower(): value for key, value in record.items()}
        for candidate in self.names[name]:
            value = lowered.get(candidate.lower())
            if value not in (None, ""):
                return value
        return None

    def text(self, record: Mapping[str, Any], name: str) -> str | None:
        """A field as one line of text: numbers as written, lists of names joined with commas."""
        value = self.raw(record, name)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            value = ", ".join(item.strip() for item in value if item.strip())
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        return str(value).strip() or None
