"""Corrections that last: finding a user's fix again when its article is stored again.

A correction (`quotetrack fix`, made by quotetrack.store.fixes) changes one attribution: its speaker, its
kind, or that it is no attribution at all. Storing an article again (`ingest --force`, or a new version
under the same URL, or outlet and id) deletes its attributions and inserts what the extractor finds now,
under new ids, so a correction is anchored on what stays: the article version (document id), the content's
offsets in it, and the content itself. `store_document` asks `anchored` for the corrections of the article
it stores, `match`es them to the attributions found, stores each matched one corrected, and `settle`s the
anchors. A correction is found again, in order of preference, at

1. the same offsets in the same text (`--force`, the extractor unchanged);
2. the same words, nearest to where they were (a new version moved them);
3. in the same text, the span overlapping it most, by at least half (the extractor now cuts it differently).

One that is found nowhere is kept, `not found`, counted in the ingest's summary, listed by `fix --list`,
and tried again on every later version of the article.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from quotetrack.records import Attribution, Document
from quotetrack.store.timestamps import now

# Spans overlapping at least this share of both together are the same attribution cut differently.
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Anchor:
    """A stored correction, as storing needs it: where it was, and what it changes."""

    id: int
    document_id: str
    content_start: int
    content_end: int
    content: str
    speaker: str | None
    kind: str | None
    not_attribution: bool


ANCHOR_COLUMNS = "id, document_id, content_start, content_end, content, speaker, kind, not_attribution"


def anchored(db: Database, doc: Document, replace: Collection[str]) -> list[Anchor]:
    """The corrections to apply when `doc` is stored in place of the versions `replace`: those anchored on
    any of them, and those of the same article (URL, or outlet and id) not found in its versions since."""
    versions = [doc.id, *replace]
    marks = ", ".join("?" for _ in versions)
    sql = f"select {ANCHOR_COLUMNS} from corrections where document_id in ({marks})"
    params: list[Any] = list(versions)
    same_article = []
    if doc.url:
        same_article.append("url = ?")
        params.append(doc.url)
    if doc.outlet and doc.external_id:
        same_article.append("(outlet = ? and external_id = ?)")
        params.extend([doc.outlet, doc.external_id])
    if same_article:
        sql += (
            f" union select {ANCHOR_COLUMNS} from corrections"
            f" where status = 'not found' and ({' or '.join(same_article)})"
        )
    return [Anchor(*row[:7], bool(row[7])) for row in db.execute(f"{sql} order by id", params)]


def overlap(anchor: Anchor, attribution: Attribution) -> float:
    """How much two spans of the same text overlap: the shared length over the length of both together."""
    shared = min(anchor.content_end, attribution.content_end) - max(
        anchor.content_start, attribution.content_start
    )
    union = max(anchor.content_end, attribution.content_end) - min(
        anchor.content_start, attribution.content_start
    )
    return shared / union if shared > 0 and union > 0 else 0.0


def match(anchors: Sequence[Anchor], document_id: str, found: Sequence[Attribution]) -> dict[int, Anchor]:
    """Which correction each attribution found in document `document_id` gets: {index in found: anchor}.

    Every rule (module docstring) is tried for all corrections before the next, so a correction found at
    its offsets is never displaced by another's looser match; each attribution takes one correction.
    """
    taken: dict[int, Anchor] = {}
    left = list(anchors)
    Rule = tuple[Callable[[Anchor, Attribution], bool], Callable[[Anchor, Attribution], float]]
    rules: list[Rule] = [
        (
            lambda c, a: (
                c.document_id == document_id
                and (c.content_start, c.content_end) == (a.content_start, a.content_end)
            ),
            lambda c, a: 0.0,
        ),
        (lambda c, a: c.content == a.content, lambda c, a: abs(c.content_start - a.content_start)),
        (
            lambda c, a: c.document_id == document_id and overlap(c, a) >= MIN_OVERLAP,
            lambda c, a: -overlap(c, a),
        ),
    ]
    for fits, distance in rules:
        for anchor in list(left):
            candidates = [i for i, a in enumerate(found) if i not in taken and fits(anchor, a)]
            if candidates:
                taken[min(candidates, key=lambda i: distance(anchor, found[i]))] = anchor
                left.remove(anchor)
    return taken


def settle(
    db: Database,
    doc: Document,
    anchors: Sequence[Anchor],
    matched: dict[int, Anchor],
    found: Sequence[Attribution],
    run_id: int | None,
) -> int:
    """Anchor matched corrections on the attributions they were applied to (in `doc`, as found now), mark
    the rest not found; returns how many were not found."""
    where = {anchor.id: found[i] for i, anchor in matched.items()}
    stamp = now()
    for anchor in anchors:
        attribution = where.get(anchor.id)
        if attribution is None:
            db.execute(
                "update corrections set status = 'not found', run_id = ?, updated_at = ? where id = ?",
                [run_id, stamp, anchor.id],
            )
            continue
        db.execute(
            "update corrections set document_id = ?, content_start = ?, content_end = ?, content = ?,"
            " document_title = ?, url = ?, outlet = ?, external_id = ?, original = ?, status = 'applied',"
            " run_id = ?, updated_at = ? where id = ?",
            [
                doc.id,
                attribution.content_start,
                attribution.content_end,
                attribution.content,
                doc.title,
                doc.url,
                doc.outlet,
                doc.external_id,
                json.dumps(attribution.to_dict(), ensure_ascii=False),
                run_id,
                stamp,
                anchor.id,
            ],
        )
    return len(anchors) - len(where)


def not_found_in_run(db: Database, run_id: int) -> int:
    """How many corrections the articles stored by this run no longer have (an ingest's summary says)."""
    sql = "select count(*) from corrections where run_id = ? and status = 'not found'"
    return int(db.execute(sql, [run_id]).fetchone()[0])
