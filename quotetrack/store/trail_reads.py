"""Reading trails: one trail's appearances with their flags and word differences, and the most repeated.

`appearances` turns a trail's member rows (trails.member_rows_sql) into records; the CLI, the API and the
desk's trail page all go through it, so they flag and compare versions the same way.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from sqlite_utils import Database

from quotetrack.records import Trail, TrailAppearance, TrailView
from quotetrack.store import quote_text
from quotetrack.store.trails import (
    Compared,
    candidates,
    canonical_row,
    current_trails_sql,
    is_named,
    member_rows_sql,
    trail_statistics,
)

# How `quotetrack trails` and the desk may order trails: most spread, or possible misattributions first.
ORDERS = {
    "spread": "outlets desc, articles desc, first_day, id",
    "misattributed": "misattributed desc, speakers desc, articles desc, first_day, id",
}


class TrailNotFound(LookupError):
    """No trail for the text or attribution asked about; the message says why."""


def trail_record(values: dict[str, Any]) -> Trail:
    """A Trail from a `trails` row (or trail_statistics' dict): dates by their record names."""
    renamed = {"first_day": "first_date", "last_day": "last_date"}
    names = {field.name for field in dataclasses.fields(Trail)}
    row = {renamed.get(key, key): value for key, value in values.items() if renamed.get(key, key) in names}
    return Trail(**{**row, "misattributed": bool(row["misattributed"])})


def main_speaker(rows: list[dict[str, Any]]) -> int | None:
    """The named speaker most appearances give the quote to (the earliest of equals)."""
    named = [row["speaker_id"] for row in rows if is_named(row)]
    if not named:
        return None
    counts = Counter(named)
    return max(named, key=lambda speaker: (counts[speaker], -named.index(speaker)))


def appearances(rows: list[dict[str, Any]]) -> TrailView:
    """A trail from its member rows in date order: statistics, and each appearance's relation to the
    canonical version, its word differences and its flags."""
    statistics = trail_statistics(rows)
    trail = trail_record({**statistics, "id": min(row["id"] for row in rows)})
    canonical = canonical_row(rows)
    base = Compared(canonical["content"], canonical["kind"])
    speaker = main_speaker(rows) if trail.misattributed else None
    found = []
    for number, row in enumerate(rows):
        if row["id"] == canonical["id"]:
            relation = "canonical"
        elif row["text_key"] == canonical["text_key"]:
            relation = "exact"
        else:
            relation = base.relation(Compared(row["content"], row["kind"])) or "related"
        flags = ["first"] if number == 0 else []
        if relation in ("variant", "fragment", "related"):
            flags.append("variant" if relation == "related" else relation)
        if speaker is not None and is_named(row) and row["speaker_id"] != speaker:
            flags.append("other speaker")
        changes = (
            quote_text.describe(
                quote_text.differences(canonical["content"], row["content"], relation == "fragment")
            )
            if relation not in ("canonical", "exact")
            else ""
        )
        found.append(
            TrailAppearance(
                attribution_id=row["id"],
                date=row["day"],
                outlet=row["outlet"],
                speaker=row["speaker"],
                kind=row["kind"],
                content=row["content"],
                relation=relation,
                flags=", ".join(flags),
                changes=changes,
                document_id=row["document_id"],
                document_title=row["document_title"],
                speaker_id=row["speaker_id"],
            )
        )
    return TrailView(trail, found)


def member_rows(db: Database, trail_id: int) -> list[dict[str, Any]]:
    return list(db.query(member_rows_sql(db["documents"].columns_dict), {"trail": trail_id}))


def trail_of_text(db: Database, text: str) -> int | None:
    """The trail a text (a quote typed or pasted) belongs to: its exact words, else the best match."""
    compared = Compared(text, "direct")
    if not compared.eligible:
        raise TrailNotFound(
            f"too short to follow: quotes of at least {quote_text.MIN_WORDS} words are put in trails"
        )
    for claim in (False, True):
        key = quote_text.text_key(compared.words, claim)
        found = db.execute("select trail_id from trail_members where text_key = ? limit 1", [key]).fetchone()
        if found:
            return int(found[0])
    for _, trail_id, other in candidates(db, 0, compared):
        if compared.relation(other):
            return trail_id
    return None


def trail_of_attribution(db: Database, attribution_id: int) -> int:
    """The trail an attribution is in; TrailNotFound says why there is none."""
    found = db.execute(
        "select trail_id from trail_members where attribution_id = ?", [attribution_id]
    ).fetchone()
    if found:
        return int(found[0])
    row = db.execute("select content from attributions where id = ?", [attribution_id]).fetchone()
    if row is None:
        raise TrailNotFound(f"no attribution {attribution_id}")
    if db.execute("select 1 from trail_backlog where attribution_id = ?", [attribution_id]).fetchone():
        raise TrailNotFound(
            f"attribution {attribution_id} is not in a trail yet: run `quotetrack trails --build`"
        )
    raise TrailNotFound(
        f"attribution {attribution_id} is too short to follow: "
        f"quotes of at least {quote_text.MIN_WORDS} words are put in trails"
    )


def trail(db: Database, text_or_id: str | int) -> TrailView:
    """The trail of an attribution (its id) or of a quote's text, every appearance oldest first."""
    raw = str(text_or_id).strip()
    if raw.isdigit():
        trail_id = trail_of_attribution(db, int(raw))
    else:
        found = trail_of_text(db, raw)
        if found is None:
            raise TrailNotFound("no stored quote matches that text")
        trail_id = found
    return appearances(member_rows(db, trail_id))


def trails(
    db: Database, limit: int | None = 20, order: str = "spread", misattributed: bool = False
) -> list[Trail]:
    """Trails of two or more appearances: most spread first (outlets, then articles), or possible
    misattributions first; `misattributed` keeps only trails given to several named speakers."""
    where = " where misattributed = 1" if misattributed else ""
    sql = (
        f"select * from ({current_trails_sql(db['documents'].columns_dict)}){where} order by {ORDERS[order]}"
    )
    if limit is not None:
        sql += f" limit {int(limit)}"
    return [trail_record(row) for row in db.query(sql)]
