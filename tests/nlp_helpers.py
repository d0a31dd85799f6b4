"""Run one text through the pipeline and read what the extractor wrote to `Doc._.attributions`."""

from __future__ import annotations

from spacy.language import Language


def attributions(nlp: Language, text: str) -> list[dict]:
    return nlp(text)._.attributions


def only(nlp: Language, text: str) -> dict:
    found = attributions(nlp, text)
    assert len(found) == 1, found
    return found[0]
