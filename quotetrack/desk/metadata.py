"""Datasette metadata for a quotetrack database: titles, descriptions, facets, sorting, saved queries.

Used by `quotetrack serve` and written out by `quotetrack metadata` for people who run `datasette`
(or `datasette publish`) themselves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

import yaml
from datasette.utils import tilde_encode

from quotetrack import __version__
from quotetrack.desk.saved_queries import canned_queries
from quotetrack.desk.urls import ABOUT_PATH
from quotetrack.store import statistics
from quotetrack.store.schema import (
    ATTRIBUTION_COLUMNS,
    CORRECTION_COLUMNS,
    DOCUMENT_COLUMNS,
    RUN_COLUMNS,
    SPEAKER_COLUMNS,
    descriptions,
)
from quotetrack.store.search_index import FTS_TABLE

TITLE = "quotetrack"
DESCRIPTION = "Attributed quotes and claims extracted from news text: who said what, in which article."
# What a database made by this version has; used when there is no database file to look at.
ALL_DOCUMENT_COLUMNS = tuple(DOCUMENT_COLUMNS)


# Tables only the desk's own queries read: full-text search internals and the statistics kept at write time.
# Hidden from the database page, still there under their names.
INTERNAL_TABLES = (
    FTS_TABLE,
    *re.findall(r"create table if not exists (\w+)", statistics.TABLES),
)
QUOTES_AND_CLAIMS = "quotes_and_claims"
# Values a facet lists before its "…" link: Datasette's 30 pushed an attributions page's rows off the screen.
FACET_SIZE = 5
# Datasette 0.65 always links a table's primary key header to `?_sort=<pk>` and refuses (500, "Cannot
# sort table by id") a sort not in `sortable_columns`: every table listing sortable columns lists `id`.


def documents_table(available: Collection[str]) -> dict[str, Any]:
    """The documents table, faceted and sorted by outlet and publication date where it has them."""
    dated = "published" in available
    return {
        "description": "Ingested articles, keyed by a SHA-256 of the normalised text. "
        "Open one's title for the highlighted article.",
        "label_column": "title",
        "columns": {name: text for name, text in descriptions(DOCUMENT_COLUMNS).items() if name in available},
        "facets": [
            *(["outlet"] if "outlet" in available else []),
            *([{"date": "published"}] if dated else []),
        ],
        "sort_desc": "published" if dated else "ingested_at",
        "sortable_columns": [
            c
            for c in ("id", "title", "outlet", "author", "published", "n_chars", "ingested_at")
            if c in available
        ],
    }


# The quotes_and_claims view's columns that an index on attributions keeps in order. On a big database
# only these are sortable: any other sort (by date, speaker, outlet: columns looked up per row) read and
# sorted every attribution, past Datasette's time limit at a million (1.0-1.3 s of CPU, an error page).
INDEXED_SORTS = ["kind", "attribution_id"]


def quotes_and_claims_view(available: Collection[str]) -> dict[str, Any]:
    """The readable way into the attributions (the view of quotetrack.store.views): facets by kind, cue
    lemma (`According to` and `according to` are one) and outlet; sorts by the columns people sort by."""
    attribution = descriptions(ATTRIBUTION_COLUMNS)
    return {
        "title": "Quotes and claims",
        "description": "Every quote and claim with who said it, where and when. A speaker opens their "
        "page, a title the article with this attribution highlighted; offsets and the surrounding sentence "
        "are in the attributions table.",
        "columns": {
            "speaker": "Who said it, as one canonical speaker; empty when it could not be resolved.",
            **{name: attribution[name] for name in ("kind", "cue", "content")},
            "title": "The article's headline.",
            "outlet": "The publication that ran it.",
            "date": "Publication date, or the day the article was ingested when it has none.",
            **{name: attribution[name] for name in ("speaker_mention", "cue_lemma")},
            "attribution_id": "The attribution (its row in the attributions table).",
            "speaker_id": attribution["speaker_id"],
            "document_id": attribution["document_id"],
        },
        "facets": ["kind", "cue_lemma", *(["outlet"] if "outlet" in available else [])],
        "facet_size": FACET_SIZE,
        "sortable_columns": ["date", "speaker", "kind", "cue_lemma", "outlet", "title", "attribution_id"],
    }


def build_metadata(
    database: str = "quotes",
    document_columns: Collection[str] = ALL_DOCUMENT_COLUMNS,
    allow_sql: bool = False,
    stats: bool = True,
    unfaceted: Collection[str] = (),
    trails: bool = True,
    trail_speakers: bool = True,
    unnamed_stats: bool = True,
    speaker_tokens: bool = True,
) -> dict:
    """Metadata for a database named `database` (Datasette names it after the file's stem); arbitrary SQL
    (`?sql=`) only with `allow_sql`; `stats` if it keeps statistics (databases made before do not);
    no default facets on the `unfaceted` tables (too big to facet in time; with attributions, none on
    the quotes_and_claims view either, whose sorts are then those of INDEXED_SORTS); `trails` if it keeps
    quote trails, `trail_speakers` if they keep their speakers' ids (schema 11), `unnamed_stats` if its
    statistics keep unnamed sources' descriptions and outlets (schema 12), `speaker_tokens` if its full-text
    index holds speakers (schema 13)."""
    tables = {
        QUOTES_AND_CLAIMS: quotes_and_claims_view(document_columns),
        "attributions": {
            "description": "One row per quote or claim: what was said, how it was introduced (cue), "
            "the speaker as mentioned and as resolved, offsets into the article, and the surrounding "
            "sentence. Full-text searchable. The quotes_and_claims view shows them with speaker names, "
            "titles, outlets and dates.",
            "label_column": "content",
            # Searched with `?_search=`: Datasette finds an index only over the table itself (this one reads
            # a view, store/search_index.py).
            "fts_table": FTS_TABLE,
            "fts_pk": "id",
            "columns": descriptions(ATTRIBUTION_COLUMNS),
            "facets": ["speaker_id", "kind", "cue_lemma"],
            "facet_size": FACET_SIZE,
            "sortable_columns": ["id", "speaker_id", "kind", "cue", "document_id", "content_start"],
        },
        "speakers": {
            "description": "People, organisations and groups quoted, under one canonical name each. "
            "Open a name for the speaker's page.",
            "label_column": "name",
            "columns": descriptions(SPEAKER_COLUMNS),
            "facets": ["kind"],
            "sortable_columns": ["id", "name", "kind", "role"],
        },
        "documents": documents_table(document_columns),
        "runs": {
            "description": "One row per ingest run: when, with which model, and what it stored.",
            "columns": descriptions(RUN_COLUMNS),
            "sort_desc": "id",
        },
        "speaker_roles": {"description": "Each role an article gave a speaker (“US Secretary of State”)."},
        "speaker_aliases": {
            "description": "Corrections: names that always mean one speaker (`quotetrack speakers alias`)."
        },
        "corrections": {
            "description": "Fixes of single attributions (`quotetrack fix`): another speaker, another kind, "
            "or not an attribution at all; applied again whenever the article is ingested again.",
            "columns": descriptions(CORRECTION_COLUMNS),
            "sort_desc": "id",
        },
        "speaker_counts": {
            "description": "Per speaker: quotes (direct and mixed) and claims (indirect), documents, "
            "outlets, first and last seen."
        },
        "speaker_cues": {"description": "Per speaker, the cues that introduce them (said, claimed, denied)."},
        "speaker_attributions": {
            "description": "Every speaker's attributions in date order, with the article they come from."
        },
        **{name: {"hidden": True} for name in INTERNAL_TABLES},
    }
    # Saved queries show their results first: the SQL is a "Show SQL" link away.
    queries = {
        name: {"hide_sql": True, **query}
        for name, query in canned_queries(
            document_columns, stats, trails, trail_speakers, unnamed_stats, speaker_tokens
        ).items()
    }
    for name in unfaceted:
        tables.get(name, {}).pop("facets", None)
    if "attributions" in unfaceted:  # the view of every attribution, too: and sorted along an index only
        tables[QUOTES_AND_CLAIMS].pop("facets", None)
        tables[QUOTES_AND_CLAIMS]["sortable_columns"] = INDEXED_SORTS
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "about": f"the quote desk (quotetrack {__version__})",
        "about_url": ABOUT_PATH,
        "source": "quotetrack ingest runs",
        "source_url": f"/{tilde_encode(database)}/runs",
        # The quotetrack plugin then refuses any request but GET, HEAD and OPTIONS (see desk/read_only.py).
        # Full-text searches of the tables too big to facet are too big to count (see desk/uncounted.py).
        "plugins": {"quotetrack": {"read_only": True, "uncounted_searches": {database: sorted(unfaceted)}}},
        **({} if allow_sql else {"allow_sql": False}),
        "databases": {
            database: {
                "title": TITLE,
                "description": DESCRIPTION,
                "tables": tables,
                "queries": queries,
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
