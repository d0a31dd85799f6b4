"""One clock for every stored timestamp."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """UTC timestamp in ISO 8601, the form Datasette and humans both sort correctly."""
    return datetime.now(UTC).isoformat(timespec="seconds")
