"""quotetrack: who said what, where and when, across a pile of news articles.

The public API (see README, "As a library"): `extract` and `extract_inputs` find attributions without a
database; a `Tracker` keeps them in SQLite and answers questions about them; the records are typed.
"""

__version__ = "0.1.0"

from quotetrack.api import DEFAULT_DB, Tracker, extract, extract_inputs  # noqa: E402
from quotetrack.ingest import IngestInterrupted, IngestSummary  # noqa: E402
from quotetrack.nlp.pipeline import DEFAULT_MODEL  # noqa: E402
from quotetrack.read.inputs import ReadOptions  # noqa: E402
from quotetrack.records import (  # noqa: E402
    Attribution,
    Document,
    Skipped,
    Speaker,
    SpeakerProfile,
    StoredAttribution,
)

__all__ = [
    "DEFAULT_DB",
    "DEFAULT_MODEL",
    "Attribution",
    "Document",
    "IngestInterrupted",
    "IngestSummary",
    "ReadOptions",
    "Skipped",
    "Speaker",
    "SpeakerProfile",
    "StoredAttribution",
    "Tracker",
    "__version__",
    "extract",
    "extract_inputs",
]
