"""The language stage: spaCy pipelines with quotetrack's components, run over documents.

`annotate(nlp, documents)` yields each Document with its `quotetrack.records.Attribution` records;
`get_pipeline(model, **config)` loads (once) a pipeline with the components added.
"""

from quotetrack.nlp.annotate import DEFAULT_BATCH_SIZE, annotate
from quotetrack.nlp.pipeline import DEFAULT_MODEL, ModelError, get_pipeline, load_pipeline

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MODEL", "ModelError", "annotate", "get_pipeline", "load_pipeline"]
