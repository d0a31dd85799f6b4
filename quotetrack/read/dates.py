"""Publication dates from exports and pages as ISO 8601 dates (YYYY-MM-DD), so they sort and facet."""

from __future__ import annotations

import email.utils
from datetime import date, datetime

# Unambiguous written forms seen in news exports. Numeric day/month orders (03/04/2024) are left out:
# they mean different days in different countries, and a wrong date is worse than none.
WRITTEN_FORMATS = ("%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")


def iso_date(value: object) -> str | None:
    """The calendar date in `value` as written (local to its own time zone), or None if not understood."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()  # RSS: Wed, 13 Nov 2024 ...
    except (TypeError, ValueError, IndexError):
        pass
    for form in WRITTEN_FORMATS:
        try:
            return datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    return None
