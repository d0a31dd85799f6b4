"""Which candidates are kept (`nesting`): the outermost report, and asides inside another."""

from __future__ import annotations

from nlp_helpers import attributions, only

from quotetrack.nlp.components import AttributionExtractor


def test_report_nested_in_another_is_part_of_it(nlp):
    a = only(nlp, "The mayor said that the council had suggested closing the bridge.")
    assert (a["cue"], a["content"]) == ("said", "the council had suggested closing the bridge")


def test_nested_reports_are_kept_when_asked(nlp):
    doc = nlp("The mayor said that the council had suggested closing the bridge.")
    found = AttributionExtractor(nested=True)(doc)._.attributions
    assert [(a["cue"], a["content"], a["speaker"]) for a in found] == [
        ("said", "the council had suggested closing the bridge", "The mayor"),
        ("suggested", "closing the bridge", "the council"),
    ]


def test_a_report_ending_with_its_source_holds_the_report_before_it(nlp):
    """`X expect Y, the office said`: the two contents are mostly the same words, yet not one report found
    twice: the office said that officials expect it."""
    text = "Officials expect the first units to open in 2027, the mayor's office said."
    a = only(nlp, text)
    assert (a["speaker"], a["cue"], a["content"]) == (
        "the mayor's office",
        "said",
        "Officials expect the first units to open in 2027",
    )
    found = AttributionExtractor(nested=True)(nlp(text))._.attributions
    assert [(a["cue"], a["speaker"]) for a in found] == [
        ("said", "the mayor's office"),
        ("expect", "Officials"),
    ]


def test_report_in_a_concessive_aside_is_kept_inside_another(nlp):
    text = "The mayor said the bridge would reopen, although the council has denied any repairs."
    found = {a["cue"]: (a["speaker"], a["content"]) for a in attributions(nlp, text)}
    assert found["denied"] == ("the council", "any repairs")
    assert found["said"][1].startswith("the bridge would reopen")


def test_contrasting_while_clause_is_a_report_of_its_own(nlp):
    found = [
        (a["content"], a["speaker"])
        for a in attributions(
            nlp, "The mayor said the budget will balance, while critics say the deficit will grow."
        )
    ]
    assert found == [("the budget will balance", "The mayor"), ("the deficit will grow", "critics")]
