"""The user's fixes of single attributions (`quotetrack fix`, `Tracker.fix`): make one, undo one, list them.

A fix is stored in `corrections` and applied to the attribution at once; quotetrack.store.corrections
applies it again whenever the article is stored again. Credit to another speaker and a change of kind are
made on the attribution's row (`correction_id` says so), so every count, list and search follows; one that
is not an attribution is deleted with everything that refers to it, and kept only in the correction (its
`original`), from which undoing it restores it. Statistics (quotetrack.store.statistics) follow through
their triggers and a refresh in the same transaction.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from sqlite_utils import Database

from quotetrack.records import KINDS, Attribution, Correction, Document
from quotetrack.store.connection import immediate
from quotetrack.store.names import name_key
from quotetrack.store.registry import SpeakerLinker, canonical_name, forget_roles, settle_role
from quotetrack.store.statistics import refresh_statistics
from quotetrack.store.timestamps import now
from quotetrack.store.writes import attribution_row, delete_rows, insert_attribution

ATTRIBUTION_FIELDS = [field.name for field in dataclasses.fields(Attribution)]


class FixError(ValueError):
    """A fix that cannot be made: no such attribution or correction, or options that contradict."""


def stored_attribution(row: dict[str, Any], text: str) -> Attribution:
    """An attribution as stored (a row with its speaker's name and kind), as the extractor would give it:
    what undoing a correction of it goes back to."""
    context = row["context"] or ""
    sentence = text.find(context, max(0, row["content_end"] - len(context))) if context else -1
    if sentence < 0 or sentence > row["content_start"]:
        sentence, context = row["content_start"], row["content"]
    derived = {
        "sentence_start": sentence,
        "sentence_end": sentence + len(context),
        "speaker": row["speaker_mention"],
        "speaker_canonical": row["speaker_name"],
        "content_parts": tuple((start, end) for start, end in json.loads(row.get("content_parts") or "[]")),
    }
    # Content, cue, offsets and kinds are stored under the names the record has.
    same = {name: row[name] for name in ATTRIBUTION_FIELDS if name in row and name not in derived}
    return Attribution(**same, **derived)


def checked(speaker: str | None, kind: str | None, not_attribution: bool) -> None:
    """Refuse a fix that says nothing, or contradicts itself, before anything is read or written."""
    if not (speaker or kind or not_attribution):
        raise FixError("say what to fix: a speaker, a kind, or that it is not an attribution")
    if not_attribution and (speaker or kind):
        raise FixError("not an attribution has no speaker or kind to fix: give it alone")
    if kind is not None and kind not in KINDS:
        raise FixError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
    if speaker is not None and not name_key(speaker):
        raise FixError(f"speaker {speaker!r}: not a name")


ATTRIBUTION_SQL = """
select attributions.*, speakers.name as speaker_name, speakers.kind as speaker_kind,
  documents.text, documents.title, documents.url, documents.outlet, documents.external_id
from attributions
join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id
where attributions.id = ?"""
ANCHOR_SQL = "select * from corrections where document_id = ? and content_start = ? and content_end = ?"


def fix(
    db: Database,
    attribution_id: int,
    speaker: str | None = None,
    kind: str | None = None,
    not_attribution: bool = False,
) -> Correction:
    """Correct one stored attribution, now and in every later ingest of its article; the correction.

    `speaker` credits it to a speaker (found as everywhere: any case, alias, unambiguous surname; created
    if nobody fits), `kind` makes it direct, mixed or indirect, `not_attribution` removes it from every
    count, list and search. A second fix of the same attribution adds to the first.
    """
    checked(speaker, kind, not_attribution)
    with immediate(db):
        rows = list(db.query(ATTRIBUTION_SQL, [attribution_id]))
        if not rows:
            raise FixError(f"no attribution {attribution_id}; `quotetrack attributions` lists them with ids")
        row = rows[0]
        anchor = (row["document_id"], row["content_start"], row["content_end"])
        existing = next(iter(db.query(ANCHOR_SQL, anchor)), None)
        values = {
            "speaker": canonical_name(db, speaker) if speaker else None,
            "kind": kind,
            "not_attribution": int(not_attribution),
        }
        if existing and not not_attribution:  # adds to the earlier fix of the same attribution
            values = {
                "speaker": values["speaker"] or existing["speaker"],
                "kind": values["kind"] or existing["kind"],
                "not_attribution": 0,
            }
        original = existing["original"] if existing else stored_attribution(row, row["text"]).to_dict()
        record = {
            "document_id": row["document_id"],
            "content_start": row["content_start"],
            "content_end": row["content_end"],
            "content": row["content"],
            "document_title": row["title"],
            "url": row["url"],
            "outlet": row["outlet"],
            "external_id": row["external_id"],
            **values,
            "status": "applied",
            "original": original if isinstance(original, str) else json.dumps(original, ensure_ascii=False),
            "updated_at": now(),
        }
        if existing:
            correction_id = int(existing["id"])
            db["corrections"].update(correction_id, record)
        else:
            correction_id = int(db["corrections"].insert({**record, "created_at": now()}).last_pk)
        credited = row["speaker_id"]
        if not_attribution:
            delete_rows(db, "attributions", "id", [attribution_id])
            credited = None
        elif values["speaker"]:
            credited = SpeakerLinker(db, row["document_id"]).link_name(values["speaker"])
        if not not_attribution:
            # The role is the one the article gives the speaker found; a speaker the user credits has none.
            role = None if values["speaker"] else row["speaker_role"]
            db.execute(
                "update attributions set speaker_id = ?, kind = ?, speaker_role = ?, correction_id = ?"
                " where id = ?",
                [credited, values["kind"] or row["kind"], role, correction_id, attribution_id],
            )
        if row["speaker_id"] is not None and credited != row["speaker_id"]:
            forget_roles(db, row["speaker_id"], row["document_id"])  # back with `undo`
        refresh_statistics(db)
        return correction(db, correction_id)


def undo(db: Database, correction_id: int) -> Correction:
    """Remove a correction and put its attribution back as extracted; the correction as it was."""
    with immediate(db):
        removed = correction(db, correction_id)
        [stored] = db.query("select * from corrections where id = ?", [correction_id])
        original = Attribution.from_dict(json.loads(stored["original"]))
        found = db.execute("select text, title, source from documents where id = ?", [stored["document_id"]])
        document = found.fetchone()
        db.execute("update attributions set correction_id = null where correction_id = ?", [correction_id])
        if document is not None and stored["status"] == "applied":
            doc = Document(stored["document_id"], document[0], document[2], document[1], document[2])
            linker = SpeakerLinker(db, doc.id)
            anchor = (stored["document_id"], stored["content_start"], stored["content_end"])
            current = db.execute(
                "select id from attributions where document_id = ? and content_start = ? and content_end = ?",
                anchor,
            ).fetchone()
            if current is not None or stored["not_attribution"]:
                # Linking notes the role the article gives the speaker again; the current role stays the
                # one the last article gives, whenever the undo happens.
                speaker = linker.link(original)
                if current is not None:
                    db.execute(
                        "update attributions set speaker_id = ?, kind = ?, speaker_role = ? where id = ?",
                        [speaker, original.kind, original.speaker_role, current[0]],
                    )
                else:
                    insert_attribution(db, attribution_row(linker, doc, original))
                if speaker is not None and original.speaker_role:
                    settle_role(db, speaker)
        db.execute("delete from corrections where id = ?", [correction_id])
        refresh_statistics(db)
        return removed


def describe(stored: dict[str, Any], original: dict[str, Any]) -> str:
    """What a correction changes, as a person reads it: `speaker: he -> Antony Blinken; kind: ...`."""
    if stored["not_attribution"]:
        return "not an attribution"
    changes = []
    if stored["speaker"]:
        was = original.get("speaker_canonical") or f"{original.get('speaker') or 'nobody'} (unresolved)"
        changes.append(f"speaker: {was} -> {stored['speaker']}")
    if stored["kind"]:
        changes.append(f"kind: {original.get('kind')} -> {stored['kind']}")
    return "; ".join(changes)


LIST_SQL = """
select corrections.*, attributions.id as attribution_id
from corrections
left join attributions on attributions.document_id = corrections.document_id
  and attributions.content_start = corrections.content_start
  and attributions.content_end = corrections.content_end"""


def record(row: dict[str, Any]) -> Correction:
    """A `corrections` row (with the attribution it applies to now) as a Correction."""
    original = json.loads(row["original"] or "{}")
    return Correction(
        id=row["id"],
        attribution_id=row["attribution_id"] if not row["not_attribution"] else None,
        status=row["status"],
        change=describe(row, original),
        speaker=row["speaker"],
        kind=row["kind"],
        not_attribution=bool(row["not_attribution"]),
        content=row["content"],
        speaker_mention=original.get("speaker"),
        document_title=row["document_title"],
        document_id=row["document_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def correction(db: Database, correction_id: int) -> Correction:
    """One correction; FixError when there is none with this id."""
    found = list(db.query(f"{LIST_SQL} where corrections.id = ?", [correction_id]))
    if not found:
        raise FixError(f"no correction {correction_id}; `quotetrack fix --list` lists them")
    return record(found[0])


def corrections(db: Database, status: str | None = None) -> list[Correction]:
    """Every correction, oldest first; `status` (applied, not found) narrows them."""
    where, params = (" where corrections.status = ?", [status]) if status else ("", [])
    return [record(row) for row in db.query(f"{LIST_SQL}{where} order by corrections.id", params)]
