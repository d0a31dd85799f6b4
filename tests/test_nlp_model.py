"""The trained attribution model: features and decoding on a sentence or two, and the shipped model
inside the extractor (`learned=`). Needs no evaluation data."""

from __future__ import annotations

import pytest

from quotetrack.nlp.candidates import Candidate, find_candidates
from quotetrack.nlp.model.decode import chunks, decode
from quotetrack.nlp.model.features import DocFeatures, RuleSpans, gold_tags, span_tags, units
from quotetrack.nlp.model.tagger import MODEL_FILE, AttributionModel, reads_as_report
from quotetrack.nlp.nonreports import bare_description
from quotetrack.nlp.pipeline import get_pipeline
from quotetrack.nlp.speakers import resolve_speakers
from quotetrack.nlp.text_geometry import TextGeometry

TEXT = "“We will win,” she said. Officials fear that the deal could collapse.\n\nThe talks go on."


@pytest.fixture(scope="module")
def rules_nlp():
    return get_pipeline(learned=False)


@pytest.fixture(scope="module")
def learned_nlp():
    return get_pipeline(learned=True)


@pytest.fixture(scope="module")
def doc(rules_nlp):
    return rules_nlp(TEXT)


def test_span_tags_mark_the_tokens_a_span_covers(doc):
    start = TEXT.index("the deal")
    tags = span_tags(list(doc), [(start, start + len("the deal could collapse"), "CONT")])
    tagged = [(t.text, tag) for t, tag in zip(doc, tags, strict=True) if tag != "O"]
    assert tagged == [("the", "B-CONT"), ("deal", "I-CONT"), ("could", "I-CONT"), ("collapse", "I-CONT")]


def test_paragraph_units_split_at_line_breaks_without_white_space(doc):
    paragraphs = units(list(doc), "paragraph")
    assert len(paragraphs) == 2
    assert all(not doc[i].is_space for unit in paragraphs for i in unit)
    assert len(units(list(doc), "sentence")) == 3


def test_features_flag_cue_quotation_and_the_rules_labels(doc):
    rules = [RuleSpans.from_record(a) for a in doc._.attributions]
    features = {
        doc[i].text: f
        for unit in DocFeatures(doc, rules).units()
        for i, f in zip(unit.tokens, unit.features, strict=True)
    }
    assert "cue" in features["said"] and "q=1" in features["win"] and "carc=nsubj" in features["Officials"]
    assert "r=B-CUE" in features["said"] and "r=B-SRC" in features["she"] and "rk=direct" in features["win"]


def test_chunks_start_at_b_and_at_a_role_change():
    tags = ["B-CONT", "I-CONT", "B-CONT", "O", "I-SRC", "B-CUE"]
    found = [(c.role, c.start, c.end) for c in chunks(tags, [list(range(6))])]
    assert found == [("CONT", 0, 2), ("CONT", 2, 3), ("SRC", 4, 5), ("CUE", 5, 6)]


def test_decode_links_content_cue_and_source_into_a_candidate(doc):
    quote = {"content_start": 1, "content_end": 12, "speaker_start": 15, "speaker_end": 18}
    quote |= {"cue_start": 19, "cue_end": 23}
    [found] = decode(doc, gold_tags(doc, [quote]), units(list(doc)), [])
    assert (found.start, found.end, found.cue_start, found.cue_lemma) == (1, 12, 19, "say")
    assert found.speaker is not None and found.speaker.text == "she"


def test_reads_as_report_refuses_short_dangling_and_negated_reports(rules_nlp):
    doc = rules_nlp(
        "Smith didn't explain how he would cut the deficit. Jones questioned the spending because."
    )

    def candidate(content: str, cue: str) -> Candidate:
        start, cue_start = doc.text.index(content), doc.text.index(cue)
        return Candidate(start, start + len(content), cue_start, cue_start + len(cue), "", None)

    assert not reads_as_report(doc, candidate("how he would cut the deficit", "explain"))
    assert not reads_as_report(doc, candidate("the spending because", "questioned"))


def test_a_cue_the_model_tagged_may_be_any_word_but_a_fallback_must_say(rules_nlp):
    doc = rules_nlp("The court ruled that the new law broke the constitution.")
    start, cue_start = doc.text.index("the new law"), doc.text.index("ruled")
    court = doc[0:2]
    ruled = Candidate(start, len(doc.text) - 1, cue_start, cue_start + len("ruled"), "rule", court)
    assert reads_as_report(doc, ruled, tagged_cue=True)
    assert not reads_as_report(doc, ruled, tagged_cue=False)


def test_a_tagged_belief_cue_stays_out_when_beliefs_are_off(rules_nlp):
    doc = rules_nlp("Officials fear that the new deal could collapse soon.")
    start, cue_start = doc.text.index("the new deal"), doc.text.index("fear")
    fear = Candidate(start, len(doc.text) - 1, cue_start, cue_start + len("fear"), "fear", doc[0:1])
    extractor = get_pipeline(learned=False, beliefs=False).get_pipe("quotetrack_attributions")
    assert reads_as_report(doc, fear, tagged_cue=True)
    assert not reads_as_report(doc, fear, extractor.cue_lemmas, tagged_cue=True)


@pytest.mark.parametrize(
    ("phrase", "bare"),
    [
        ("the law on Friday", True),
        ("its controversial new rules", True),
        ("state law barring undocumented renters", False),
        ("the deployment of North Korean troops", False),
        ("the plan “a disaster”", False),
    ],
)
def test_a_bare_description_only_names_something(rules_nlp, phrase, bare):
    doc = rules_nlp(f"The judge blocked {phrase}.")
    start = doc.text.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    assert bare_description(TextGeometry(doc), span) is bare


def test_the_model_adds_no_report_that_only_names_a_thing(learned_nlp):
    text = "Judge blocks state law barring undocumented renters\n\nThe judge blocked the law on Friday."
    assert "the law on Friday" not in [a["content"] for a in learned_nlp(text)._.attributions]


def test_the_shipped_model_loads_and_tags(doc):
    assert MODEL_FILE.is_file()
    model = AttributionModel()
    tags, sequences, content = model.tag(TextGeometry(doc), [])
    assert len(tags) == len(doc) and len(sequences) == 2
    assert all(0.0 <= p <= 1.0 + 1e-6 for p in content)


def test_rules_only_is_exactly_the_rules_and_learned_only_adds(rules_nlp, learned_nlp):
    text = TEXT + "\n\nThe minister said on Monday that taxes would not rise, and aides hinted at cuts."
    doc = rules_nlp(text)
    geometry = TextGeometry(doc)
    extractor = rules_nlp.get_pipe("quotetrack_attributions")
    candidates = find_candidates(geometry, extractor.cue_lemmas, extractor.nested)
    assert doc._.attributions == [a.to_dict() for a in resolve_speakers(doc, candidates, geometry)]
    spans = {(a["content_start"], a["content_end"], a["cue_start"]) for a in doc._.attributions}
    learned = {
        (a["content_start"], a["content_end"], a["cue_start"]) for a in learned_nlp(text)._.attributions
    }
    assert spans <= learned


def test_learned_finds_an_indirect_claim_the_rules_miss(rules_nlp, learned_nlp):
    text = "The ministry is stressing the need to protect the country's water supply from drought."
    assert rules_nlp(text)._.attributions == []
    [found] = learned_nlp(text)._.attributions
    assert (found["content"], found["cue"], found["kind"]) == (
        "the need to protect the country's water supply from drought",
        "is stressing",
        "indirect",
    )
    assert found["speaker"] == "The ministry" and found["speaker_canonical"] == "ministry"


def test_learned_is_the_default():
    assert get_pipeline().get_pipe("quotetrack_attributions").learned
