"""What is no report (`nonreports`): refusals to comment, requests for comment, questions put to someone,
hearsay with no source, titles and scare quotes."""

from __future__ import annotations

import pytest
from nlp_helpers import attributions, only
from spacy.language import Language

from quotetrack.nlp import get_pipeline


@pytest.fixture(scope="module")
def rules_nlp() -> Language:
    return get_pipeline(learned=False)


@pytest.mark.parametrize(
    "text",
    [
        "A spokeswoman for the union declined to comment.",
        "The bank declined to comment on the report.",
        "The minister refused to say how many jobs would go.",
        "Smith did not immediately respond to a request for comment.",
        "Jones could not be reached for comment on Friday.",
        "Asked whether the school would reopen on Monday, Clarke was cautious.",
        "She was asked whether she would resign.",
        "The school is said to be one of the oldest in the county.",
        "She thanked the parents who had volunteered.",
        "Marsh thanked legislative staff for working through the weekend.",
        "The state Supreme Court is considering a separate challenge to the law.",
        "The minister told reporters she had no comment.",
        "The so-called “recovery plan” was published on Friday.",
        "The bank declined to provide details of the deal.",
        "A spokesman declined to be named.",
        "The minister refused to be drawn on the timing.",
        "Civil rights groups welcomed the ruling.",
        "Unions condemned the decision.",
        "Business groups criticised its new rules.",
        "The company dismissed the criticism.",
        "The board rejected the proposal on Friday.",
        "Marsh, 45, was jailed. The 45-year-old showed no emotion as the sentence was read.",
        "The aide, who spoke on condition of anonymity to discuss private deliberations, left early.",
        "The mayor is expected to speak on Thursday.",
        "Whitfield is expected to set out further plans next week.",
    ],
)
def test_no_report(nlp, rules_nlp, text):
    """Neither the rules nor the trained model report these (`nlp` is the default pipeline, with it)."""
    assert attributions(nlp, text) == []
    assert attributions(rules_nlp, text) == []


def test_a_request_put_to_someone_is_a_report(nlp):
    a = only(nlp, "The mayor asked residents to stay indoors.")
    assert a["content"] == "residents to stay indoors"


def test_a_quoted_question_is_a_quote(nlp):
    a = only(nlp, "“Why now?” she asked.")
    assert (a["content"], a["kind"]) == ("Why now?", "direct")


def test_questioning_is_a_stance(nlp):
    a = only(nlp, "Critics questioned whether the plan would work.")
    assert a["content"] == "whether the plan would work"  # what they doubt, not a claim that it works


def test_what_a_book_says_is_a_report_its_title_is_not(nlp):
    text = "He wrote about it in his book “The Silent Breach”. The book says the attack was avoidable."
    assert [a["content"] for a in attributions(nlp, text)] == ["the attack was avoidable"]


def test_a_passive_with_its_source_named_by_according_to_is_that_source_s(nlp):
    a = only(nlp, "The court is expected to rule by Friday, according to court filings.")
    assert (a["speaker"], a["cue"], a["content"]) == (
        "court filings",
        "according to",
        "The court is expected to rule by Friday",
    )


def test_a_passive_reported_by_a_named_source_is_that_source_s(nlp):
    a = only(nlp, "The state is expected to appeal, two people familiar with the matter said.")
    assert (a["speaker"], a["cue"], a["content"]) == (
        "two people familiar with the matter",
        "said",
        "The state is expected to appeal",
    )


def test_considering_something_a_thing_is_a_view(nlp):
    a = only(nlp, "The panel considers the plan a threat to jobs.")
    assert a["content"] == "the plan a threat to jobs"


def test_a_source_is_never_part_of_what_it_said(nlp, rules_nlp):
    text = "Fed holds rates steady, signals patience on cuts"
    assert [a for a in attributions(nlp, text) if a["speaker"] == "rates"] == []
    assert [a for a in attributions(rules_nlp, text) if a["speaker"] == "rates"] == []


def test_a_reaction_with_what_was_said_gives_the_saying(nlp):
    a = only(nlp, "The union welcomed the ruling, saying it would protect thousands of workers.")
    assert (a["cue"], a["content"]) == ("saying", "it would protect thousands of workers")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("NATO condemned the deployment of North Korean troops.", "the deployment of North Korean troops"),
        ("Critics condemned the decision as reckless.", "the decision as reckless"),
        ("The minister praised the firefighters for their courage.", "the firefighters for their courage"),
        ("Senator Ann Ortiz called the plan “cruel”.", "the plan “cruel”"),
    ],
)
def test_a_reaction_that_says_what_it_made_of_something_is_a_report(nlp, text, content):
    assert only(nlp, text)["content"] == content


def test_a_refusal_after_a_report_leaves_the_report_alone(nlp):
    a = only(nlp, "Officials said construction could start next spring, but declined to give a date.")
    assert (a["cue"], a["content"]) == ("said", "construction could start next spring")


@pytest.mark.parametrize(
    "text",
    [
        "A spokesperson for the union, speaking on condition of anonymity, said the talks had stalled.",
        "Two officials, who spoke on condition of anonymity, said the talks had stalled.",
        "An aide who spoke on the phone with reporters said the talks had stalled.",
    ],
)
def test_the_terms_someone_spoke_on_are_not_what_they_said(nlp, rules_nlp, text):
    for pipeline in (nlp, rules_nlp):
        assert [a["content"] for a in attributions(pipeline, text)] == ["the talks had stalled"]


def test_what_someone_spoke_on_is_what_they_said(rules_nlp):
    assert (
        only(rules_nlp, "The minister spoke on climate change at the summit.")["content"] == "climate change"
    )


def test_figures_that_show_something_report_it(nlp):
    assert only(nlp, "The figures show a sharp rise in prices.")["content"] == "a sharp rise in prices"
