"""Datasette metadata for a quotetrack database: titles, descriptions, facets, sorting, saved queries.

Used by `quotetrack serve` and written out by `quotetrack metadata` for people who run `datasette`
(or `datasette publish`) themselves.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

import yaml
from datasette.utils import tilde_encode

from quotetrack import __version__
from quotetrack.desk.saved_queries import canned_queries
from quotetrack.desk.urls import ABOUT_PATH
from quotetrack.store import schema as document_fields

TITLE = "quotetrack"
DESCRIPTION = "Attributed quotes and claims extracted from news text: who said what, in which article."
# What a database made by this version has; used when there is no database file to look at.
ALL_DOCUMENT_COLUMNS = tuple(document_fields.DOCUMENT_COLUMNS)

ATTRIBUTION_COLUMNS = {
    "document_id": "The article it appeared in.",
    "speaker_id": "Who said it, as one canonical speaker across mentions and articles.",
    "content": "What was said (a quote) or claimed (reported speech), as written.",
    "content_start": "Character offset of the content in the article text.",
    "content_end": "Character offset just after the content.",
    "kind": "direct: all inside quotation marks; mixed: partly quoted; indirect: reported speech, a claim.",
    "cue": "The words introducing it, as written: said, told, according to.",
    "cue_lemma": "The cue's base form (say, tell), for grouping.",
    "speaker_mention": "The speaker as the article names them here (“Blinken”, “he”, “officials”).",
    "speaker_role": "The role the article gives the speaker here (“US Secretary of State”).",
    "context": "The sentence (or sentences) around it.",
}
DOCUMENT_COLUMNS = {
    "id": "SHA-256 of the normalised text: the same article ingested twice is stored once.",
    "text": "The article text that offsets in attributions point into.",
    "title": "Headline, or the first line of the text.",
    "source": "Where it was read from: file path, URL, stdin or record.",
    "n_chars": "Length of the text in characters.",
    "ingested_at": "When it was stored (UTC).",
    "run_id": "The ingest run that stored it (and the model used).",
    "url": "The article's address on the web.",
    "author": "Byline.",
    "outlet": "The publication that ran it.",
    "external_id": "The article's id in the export (JSONL or CSV) it came from.",
    "published": "Publication date as YYYY-MM-DD (the day in the source's own time zone; no time); "
    "empty when the source gave none or an ambiguous one such as 03/04/2024.",
}
RUN_COLUMNS = {
    "finished_at": "When it ended (UTC); empty if it was interrupted.",
    "documents_read": "Documents and inputs read: the sum of new, replaced, unchanged and skipped.",
    "documents_new": "Stored for the first time.",
    "documents_replaced": "Stored in place of an earlier version (same URL, or outlet and id), or parsed "
    "again with --force.",
    "documents_unchanged": "Already stored with the same text, so left as they were (`already stored`).",
    "documents_skipped": "Could not be used: unreadable, empty, unparseable or refused by the database "
    "(in runs by older versions, where documents_unchanged is empty, unchanged ones too).",
    "attributions": "Quotes and claims stored.",
}
SPEAKER_COLUMNS = {
    "name": "Canonical name: the fullest form used for this speaker.",
    "kind": "person, organisation, place, group, or unnamed (anonymous sources).",
    "role": "Role or title, as last given: by the article ingested most recently that gives one "
    "(every article's is in speaker_roles).",
}


def documents_table(available: Collection[str]) -> dict[str, Any]:
    """The documents table, faceted and sorted by outlet and publication date where it has them."""
    dated = "published" in available
    return {
        "description": "Ingested articles, keyed by a SHA-256 of the normalised text. "
        "Open one's title for the highlighted article.",
        "label_column": "title",
        "columns": {name: text for name, text in DOCUMENT_COLUMNS.items() if name in available},
        "facets": [
            *(["outlet"] if "outlet" in available else []),
            *([{"date": "published"}] if dated else []),
        ],
        "sort_desc": "published" if dated else "ingested_at",
        "sortable_columns": [
            c for c in ("title", "outlet", "author", "published", "n_chars", "ingested_at") if c in available
        ],
    }


def build_metadata(
    database: str = "quotes", document_columns: Collection[str] = ALL_DOCUMENT_COLUMNS
) -> dict:
    """Metadata for a database named `database` (Datasette names it after the file's stem)."""
    tables = {
        "attributions": {
            "description": "One row per quote or claim: what was said, how it was introduced (cue), "
            "the speaker as mentioned and as resolved, and the surrounding sentence. Full-text searchable.",
            "label_column": "content",
            "columns": ATTRIBUTION_COLUMNS,
            "facets": ["speaker_id", "kind", "cue"],
            "sortable_columns": ["id", "speaker_id", "kind", "cue", "document_id", "content_start"],
        },
        "speakers": {
            "description": "People, organisations and groups quoted, under one canonical name each. "
            "Open a name for the speaker's page.",
            "label_column": "name",
            "columns": SPEAKER_COLUMNS,
            "facets": ["kind"],
            "sortable_columns": ["id", "name", "kind", "role"],
        },
        "documents": documents_table(document_columns),
        "runs": {
            "description": "One row per ingest run: when, with which model, and what it stored.",
            "columns": RUN_COLUMNS,
            "sort_desc": "id",
        },
        "speaker_roles": {"description": "Each role an article gave a speaker (“US Secretary of State”)."},
        "speaker_aliases": {
            "description": "Corrections: names that always mean one speaker (`quotetrack speakers alias`)."
        },
        "speaker_counts": {
            "description": "Per speaker: quotes (direct and mixed) and claims (indirect), articles, "
            "first and last seen."
        },
        "speaker_cues": {"description": "Per speaker, the cues that introduce them (said, claimed, denied)."},
        "speaker_attributions": {
            "description": "Every speaker's attributions in date order, with the article they come from."
        },
    }
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "about": f"the quote desk (quotetrack {__version__})",
        "about_url": ABOUT_PATH,
        "source": "quotetrack ingest runs",
        "source_url": f"/{tilde_encode(database)}/runs",
        # The quotetrack plugin then refuses any request but GET, HEAD and OPTIONS (see desk/read_only.py).
        "plugins": {"quotetrack": {"read_only": True}},
        "databases": {
            database: {
                "title": TITLE,
                "description": DESCRIPTION,
                "tables": tables,
                "queries": canned_queries(document_columns),
            }
        },
    }


class ReadableDumper(yaml.SafeDumper):
    """YAML with multi-line strings (the saved queries' SQL) as literal blocks, readable and editable."""


def represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


ReadableDumper.add_representer(str, represent_text)


def dump_metadata(metadata: dict[str, Any], as_yaml: bool = False) -> str:
    """Metadata as a file Datasette reads with -m: JSON, or YAML (easier to edit by hand)."""
    if as_yaml:
        text = yaml.dump(metadata, Dumper=ReadableDumper, allow_unicode=True, sort_keys=False, width=100)
        return text.rstrip("\n")
    return json.dumps(metadata, indent=2, ensure_ascii=False)
