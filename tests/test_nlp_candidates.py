"""Which words are cues (`candidates`): verbs of saying and thinking, `according to`, speaker labels;
and the words that look like cues but report nothing."""

from __future__ import annotations

import pytest
from nlp_helpers import attributions, only

from quotetrack.nlp.components import AttributionExtractor


def test_according_to(nlp):
    a = only(nlp, "According to Kiev, around 11,000 North Korean troops have been deployed.")
    assert (a["cue"], a["speaker"]) == ("According to", "Kiev")
    assert a["content"] == "around 11,000 North Korean troops have been deployed"


def test_according_to_at_the_end(nlp):
    a = only(nlp, "The talks have collapsed, according to the state broadcaster.")
    assert a["content"] == "The talks have collapsed" and a["speaker"] == "the state broadcaster"


def test_according_to_after_the_clause_it_sources(nlp):
    a = only(
        nlp, "Officials left after Ruiz resigned, according to the city engineer, and the bridge closed."
    )
    assert (a["content"], a["speaker"]) == ("Officials left after Ruiz resigned", "the city engineer")


def test_according_to_pointing_back(nlp):
    found = attributions(nlp, "The campaign raised $20 million in January. That’s according to its filings.")
    assert [(a["content"], a["speaker"]) for a in found] == [
        ("The campaign raised $20 million in January", "its filings")
    ]


@pytest.mark.parametrize(
    ("sentence", "lemma"),
    [
        ("The Kremlin has denied that the talks took place.", "deny"),
        ("The minister warned that prices would rise.", "warn"),
        ("South Korea has signaled that it could increase arms supplies.", "signal"),
        ("He insisted that the plan was sound.", "insist"),
        ("The mayor promised to rebuild the bridge.", "promise"),
        ("Officials fear that the dam will break.", "fear"),
        ("She surmised that the bridge was unsafe.", "surmise"),
        ("He realized that the bridge was unsafe.", "realize"),
        ("The senator portrayed the deal as a betrayal.", "portray"),
        ("The court deemed the law unconstitutional.", "deem"),
        ("The council encouraged residents to use the ferry.", "encourage"),
        ("The mayor compared the toll to a tax on work.", "compare"),
        ("The sign read: “Bridge closed until May.”", "read"),
    ],
)
def test_cue_lexicon_beyond_said(nlp, sentence, lemma):
    assert only(nlp, "Tom Reyes arrived. " + sentence)["cue_lemma"] == lemma


def test_beliefs_can_be_switched_off(nlp):
    """`beliefs=False` keeps speech only: `fear`, `think`, `expect` are then no cues."""
    doc = nlp("Officials fear that the dam will break.")
    assert [a["cue_lemma"] for a in doc._.attributions] == ["fear"]
    assert AttributionExtractor(beliefs=False)(doc)._.attributions == []


def test_speaker_label_before_colon(nlp):
    a = only(nlp, "Kerry: The United States will take in more refugees next year.")
    assert (a["speaker"], a["cue"]) == ("Kerry", ":")
    assert a["content"] == "The United States will take in more refugees next year"


def test_dateline_before_colon_is_not_a_speaker(nlp):
    assert attributions(nlp, "Washington: The bridge reopened on Monday after repairs.") == []


def test_headline_label_tagged_as_common_noun(nlp):
    a = only(nlp, "Sanders: Brexit’s message could draw Trump support in US.\n\nThe senator spoke on Monday.")
    assert (a["content"], a["speaker"]) == ("Brexit’s message could draw Trump support in US", "Sanders")


def test_the_words_after_a_headline_s_colon_are_no_role(nlp):
    a = attributions(nlp, "Tom Reyes: thousands without power as rivers burst banks\n\nHe spoke.")[0]
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Tom Reyes", None)


def test_a_storm_named_before_a_headline_s_colon_is_no_speaker(nlp):
    text = "Storm Bert: thousands without power as rivers burst banks\n\nMore than 20,000 homes were cut off."
    assert attributions(nlp, text) == []


@pytest.mark.parametrize("label", ["Breaking", "Update"])
def test_headline_section_label_is_no_speaker(nlp, label):
    assert attributions(nlp, f"{label}: The Bridge Will Reopen On Monday Morning.\n\nIt was closed.") == []


def test_imperative_is_not_a_source(nlp):
    assert attributions(nlp, "Ask yourself: which state will she win with this message?") == []


def test_negated_cue_reports_nothing(nlp):
    assert attributions(nlp, "Trump didn't explain how he would achieve the goal.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Voters who support the new bridge were split.",
        "The vote comes at a time when traders fear that prices rise.",
    ],
)
def test_generic_relative_clause_is_not_a_source(nlp, text):
    assert attributions(nlp, text) == []


def test_relative_clause_reporting_a_clause_is_a_source(nlp):
    a = only(nlp, "Most voters who said the bridge was too costly stayed home.")
    assert (a["speaker"], a["content"], a["cue_lemma"]) == ("who", "the bridge was too costly", "say")


def test_cue_the_lemmatiser_gets_wrong(nlp):
    a = only(nlp, "The mayor hoped that the bridge would reopen.")
    assert (a["cue_lemma"], a["content"]) == ("hope", "the bridge would reopen")


def test_passive_cue_reports_its_whole_clause(nlp):
    a = only(nlp, "Many voters are expected to stay home on Tuesday.")
    assert (a["cue_lemma"], a["speaker"], a["content"]) == (
        "expect",
        None,
        "Many voters are expected to stay home on Tuesday",
    )


def test_passive_cue_with_agent_names_the_source(nlp):
    a = only(nlp, "The deal was viewed by the unions as a defeat.")
    assert (a["speaker"], a["content"]) == ("the unions", "The deal was viewed by the unions as a defeat")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The new bridge appears to be safe.", ["The new bridge appears to be safe"]),
        ("The mayor appeared on television on Monday.", []),
    ],
)
def test_impression_without_a_named_source(nlp, text, found):
    attributed = attributions(nlp, text)
    assert [a["content"] for a in attributed] == found
    assert all(a["speaker"] is None and a["cue_lemma"] == "appear" for a in attributed)


def test_question_put_to_someone_is_not_their_statement(nlp):
    assert attributions(nlp, "Asked whether council tax would rise, Vasquez was cautious.") == []


def test_thanks_without_what_for_report_nothing(nlp):
    assert attributions(nlp, "She thanked the players.") == []


def test_a_dash_credits_a_quotation_to_the_name_after_it(nlp):
    a = only(nlp, "“The bridge has been unsafe for years, and nobody listened.” ― Carla Sanchez\n")
    assert (a["content"], a["kind"], a["cue_lemma"]) == (
        "The bridge has been unsafe for years, and nobody listened.",
        "direct",
        "credit",
    )
    assert a["speaker_canonical"] == "Carla Sanchez"


def test_a_credit_names_its_speaker_before_a_cue_sentence_does(nlp):
    found = attributions(nlp, "Readers wrote in. “The bridge has been unsafe for years.” – Ana Ruiz, Leeds")
    assert [(a["content"], a["speaker_canonical"]) for a in found] == [
        ("The bridge has been unsafe for years.", "Ana Ruiz")
    ]


def test_a_dash_inside_a_sentence_credits_nothing(nlp):
    found = attributions(nlp, "He called it “a total and complete disaster” - Trump's words - on Monday.")
    assert all(a["cue_lemma"] != "credit" for a in found)


def test_according_to_a_long_description_opening_the_sentence(nlp):
    text = "According to conservative talk radio host Rush Limbaugh, the move reeks of “fear” and panic."
    a = only(nlp, text)
    assert a["content"] == "the move reeks of “fear” and panic"
    assert a["speaker_canonical"] == "Rush Limbaugh"
