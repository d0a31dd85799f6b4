"""The `quotetrack extract` output format, written by `extract` and read back by `load`.

One JSON object a line: `{"id": label, "model": "name==version", "extractor": "quotetrack-rules+crf ...",
"document": {...}, "quotes": [...]}`, the document with its text and metadata, every attribution as
`Attribution.to_dict()` (`extractor` and the attributions' `content_parts` are missing from files of
quotetrack versions before they were recorded; such files still load). Extraction can so
run anywhere (other machines, a cluster) and storing happen once, through the same writes as `ingest`.
(`quotes` holds every attribution, quotes and claims alike: the evaluation sets' scorer reads that key.)
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotetrack.read.documents import content_id
from quotetrack.read.inputs import count_lines
from quotetrack.records import Attribution, Document, Skipped

# And the spaCy model and the extractor (None in older files) that found them.
Extracted = tuple[Document, list[Attribution], str, str | None]


def extracted_line(
    document: Document, attributions: Iterable[Attribution], model: str, extractor: str | None = None
) -> str:
    """One line of extract output."""
    fields = {key: value for key, value in dataclasses.asdict(document).items() if key != "label"}
    found = [attribution.to_dict() for attribution in attributions]
    line = {"id": document.label, "model": model, "extractor": extractor, "document": fields, "quotes": found}
    return json.dumps(line, ensure_ascii=False)


def parse_extracted(line: str) -> Extracted:
    """A line of extract output back as records; ValueError (or KeyError, TypeError) when it is not one."""
    record = json.loads(line)
    document = Document(**record["document"], label=record["id"])
    if content_id(document.text) != document.id:
        raise ValueError("the document's id is not the hash of its text (edited after extraction?)")
    attributions = [Attribution.from_dict(found) for found in record["quotes"]]
    spans = [span for a in attributions for span in ((a.content_start, a.content_end), *a.content_parts)]
    if any(not 0 <= start <= end <= len(document.text) for start, end in spans):
        raise ValueError("an attribution's offsets fall outside the document's text")
    model, extractor = str(record.get("model") or "unknown model"), record.get("extractor")
    return document, attributions, model, str(extractor) if extractor else None


def count_extracted(paths: Iterable[str | Path]) -> int:
    """Documents in extract output files (non-blank lines), for progress bars; one per unreadable file."""
    total = 0
    for path in paths:
        try:
            with open(path, "rb") as lines:
                total += count_lines(lines)
        except OSError:
            total += 1
    return total


def read_extracted(paths: Iterable[str | Path]) -> Iterator[Extracted | Skipped]:
    """Every document of extract output files, in order; a line that is not extract output is Skipped."""
    for path in paths:
        try:
            # Read as bytes, each line decoded on its own: in text mode one bad byte ended the file at the
            # buffer holding it, good lines before it included.
            with open(path, "rb") as lines:
                for number, raw in enumerate(lines, start=1):
                    if not raw.strip():
                        continue
                    try:
                        yield parse_extracted(raw.decode("utf-8"))
                    except RecursionError:  # `[[[[...`: the JSON parser recurses once per level
                        yield Skipped(f"{path}:{number}", "not extract output", "nested too deeply to read")
                    except (ValueError, KeyError, TypeError) as error:  # UnicodeDecodeError is a ValueError
                        problem = f"no field {error}" if isinstance(error, KeyError) else str(error)
                        yield Skipped(f"{path}:{number}", "not extract output", problem[:200])
        except OSError as error:
            yield Skipped(str(path), "cannot read", error.strerror or str(error))
