"""All writes of an ingest: runs, documents and their attributions, each document in one transaction."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import ForeignKey, Table

from quotetrack import __version__
from quotetrack.records import Attribution, Document
from quotetrack.store import corrections
from quotetrack.store.connection import immediate
from quotetrack.store.registry import SpeakerLinker
from quotetrack.store.schema import DOCUMENT_COLUMNS
from quotetrack.store.timestamps import now
from quotetrack.store.trails import refresh_trails


def start_run(db: Database, model: str, extractor: str | None = None) -> int:
    """Record the start of an ingest, so every stored document can be traced to the model that read it."""
    row = {"started_at": now(), "model": model, "quotetrack_version": __version__, "extractor": extractor}
    with immediate(db):
        table = db["runs"].insert(row)
    return int(table.last_pk)


def finish_run(db: Database, run_id: int, counts: Mapping[str, Any]) -> None:
    """Close a run with its totals (documents_read, _new, _replaced, _unchanged, _skipped, attributions)."""
    with immediate(db):
        db["runs"].update(run_id, {**counts, "finished_at": now()})


def has_document(db: Database, document_id: str) -> bool:
    """Whether this exact content is already stored, checked before spending time on parsing it."""
    return db.execute("select 1 from documents where id = ?", [document_id]).fetchone() is not None


def attribution_row(
    speakers: SpeakerLinker,
    doc: Document,
    attribution: Attribution,
    correction: corrections.Anchor | None = None,
) -> dict[str, Any]:
    """Flatten one extracted attribution into an `attributions` row, linking its speaker, with the user's
    correction of its speaker or kind (if any) applied."""
    if correction and correction.speaker:
        speaker = speakers.link_name(correction.speaker)
    else:
        speaker = speakers.link(attribution)
    start, end = attribution.sentence_start, attribution.sentence_end
    return {
        "document_id": doc.id,
        "speaker_id": speaker,
        "content": attribution.content,
        "content_start": attribution.content_start,
        "content_end": attribution.content_end,
        "content_parts": json.dumps([list(part) for part in attribution.parts]),
        "kind": (correction.kind if correction else None) or attribution.kind,
        "cue": attribution.cue,
        "cue_lemma": attribution.cue_lemma,
        "cue_start": attribution.cue_start,
        "cue_end": attribution.cue_end,
        "speaker_mention": attribution.speaker,
        "speaker_start": attribution.speaker_start,
        "speaker_end": attribution.speaker_end,
        # The role the article gives the speaker found: none for a speaker the user credits instead.
        "speaker_role": None if correction and correction.speaker else attribution.speaker_role,
        "context": doc.text[start:end] if start is not None and end is not None else None,
        "correction_id": correction.id if correction else None,
    }


def insert_attribution(db: Database, row: Mapping[str, Any]) -> None:
    """Insert one `attributions` row; plain SQL, as sqlite-utils' insert inspects the table every time
    (half the time of a load went there)."""
    sql = f"insert into attributions ({', '.join(row)}) values ({', '.join('?' * len(row))})"
    db.execute(sql, list(row.values()))


def superseded_documents(db: Database, doc: Document) -> list[str]:
    """Ids of stored earlier versions of this article: same URL, or same outlet and external id."""
    where, params = [], []
    if doc.url:
        where.append("url = ?")
        params.append(doc.url)
    if doc.external_id and doc.outlet:  # an id alone (1, 2, ...) is only unique within its export
        where.append("(external_id = ? and outlet = ?)")
        params.extend([doc.external_id, doc.outlet])
    if not where:
        return []
    sql = f"select id from documents where ({' or '.join(where)}) and id != ?"
    return [row[0] for row in db.execute(sql, [*params, doc.id]).fetchall()]


def references(db: Database, table: str, column: str) -> list[tuple[Table, ForeignKey]]:
    """Every table, with its foreign key, whose rows point at `table.column`."""
    return [
        (other, key)
        for other in db.tables
        for key in other.foreign_keys
        if key.other_table == table and key.other_column == column
    ]


def insert_document(db: Database, doc: Document, run_id: int | None) -> bool:
    """Insert a document unless one with its id is stored; whether it was inserted.

    `insert or ignore` asks and inserts in one statement (ingest has already asked once).
    """
    computed = {"n_chars": len(doc.text), "ingested_at": now(), "run_id": run_id}
    row = {name: computed[name] if name in computed else getattr(doc, name) for name in DOCUMENT_COLUMNS}
    sql = f"insert or ignore into documents ({', '.join(row)}) values ({', '.join('?' * len(row))})"
    return db.execute(sql, list(row.values())).rowcount == 1


def delete_rows(db: Database, table: str, column: str, values: Collection[Any]) -> None:
    """Delete rows whose `column` is in values, and first every row that refers to them by a foreign key.

    Follows whatever tables refer to documents (attributions, per-document speaker roles, ...), so a new
    table does not break replacing a document. Speakers are never deleted: nothing here refers to them.
    Each row is deleted once: by key here, or by its own id where rows refer to it in turn.
    """
    if not values:
        return
    marks = ", ".join("?" for _ in values)
    for other, key in references(db, table, column):
        pk = other.pks[0] if other.pks != ["rowid"] and len(other.pks) == 1 else None
        if pk and references(db, other.name, pk):
            sql = f"select [{pk}] from [{other.name}] where [{key.column}] in ({marks})"
            delete_rows(db, other.name, pk, [row[0] for row in db.execute(sql, list(values))])
        else:
            db.execute(f"delete from [{other.name}] where [{key.column}] in ({marks})", list(values))
    db.execute(f"delete from [{table}] where [{column}] in ({marks})", list(values))


def one_per_span(attributions: Iterable[Attribution]) -> list[Attribution]:
    """The first attribution of each content span: the table keeps one per span (a unique index)."""
    kept: dict[tuple[int, int], Attribution] = {}
    for attribution in attributions:
        kept.setdefault((attribution.content_start, attribution.content_end), attribution)
    return list(kept.values())


def store_document(
    db: Database,
    doc: Document,
    attributions: Iterable[Attribution],
    run_id: int | None,
    replace: Collection[str] = (),
) -> int | None:
    """Store a document and its attributions in one transaction; returns how many attributions were stored.

    Documents with ids in `replace` (earlier versions, or this one to re-extract it) are deleted first, in
    the same transaction. A document already present is otherwise left untouched and None returned (another
    ingest may have stored it since this one asked), so re-ingesting is harmless. The user's corrections
    of the article's attributions are applied again (quotetrack.store.corrections): one that says it is
    not an attribution leaves it out.
    """
    with immediate(db):
        anchors = corrections.anchored(db, doc, replace)
        delete_rows(db, "documents", "id", replace)
        if not insert_document(db, doc, run_id):
            return None
        found = one_per_span(attributions)
        matched = corrections.match(anchors, doc.id, found) if anchors else {}
        speakers = SpeakerLinker(db, doc.id)
        stored = 0
        for number, attribution in enumerate(found):
            correction = matched.get(number)
            if correction and correction.not_attribution:
                continue
            # Inserted at once: linking a later speaker may merge this one's speaker into it, and the merge
            # re-points stored rows only.
            insert_attribution(db, attribution_row(speakers, doc, attribution, correction))
            stored += 1
        if anchors:
            corrections.settle(db, doc, anchors, matched, found, run_id)
        refresh_trails(db)  # this document's quotes in their trails, and those of replaced versions out
        return stored
