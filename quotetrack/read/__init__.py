"""The reading stage: inputs (files, folders, web pages, URLs, JSONL/CSV exports, stdin) into Documents.

`read_sources(paths, options)` yields a `quotetrack.records.Document` per article, or a `Skipped` record
with a reason a person can act on; one bad input never stops the others.
"""

from quotetrack.read.inputs import DEFAULT_OPTIONS, FORMATS, ReadOptions, expand_paths, read_sources

__all__ = ["DEFAULT_OPTIONS", "FORMATS", "ReadOptions", "expand_paths", "read_sources"]
