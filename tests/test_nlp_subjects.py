"""The speaker of a cue as written (`subjects`): its subject, wherever the parser hung it."""

from __future__ import annotations

from nlp_helpers import attributions, only


def test_participle_cue_shares_the_subject_of_its_verb(nlp):
    a = only(nlp, "The mayor began by saying that the budget was balanced.")
    assert (a["speaker"], a["content"]) == ("The mayor", "the budget was balanced")


def test_comma_separated_speakers(nlp):
    a = only(nlp, "Smith, Jones and Brown said that the plan would fail.")
    assert (a["speaker"], a["speaker_kind"]) == ("Smith, Jones and Brown", "group")


def test_dateline_is_not_the_speaker(nlp):
    a = only(nlp, "LYON, March 3 (AFP) — Harbor officials warned that the port would close.")
    assert (a["content"], a["speaker"]) == ("the port would close", "Harbor officials")


def test_share_hung_on_the_cue_is_its_subject(nlp):
    a = only(nlp, "Less than a third agreed with the mayor that the tax would have to rise.")
    assert a["speaker"] == "Less than a third"


def test_subject_inside_quotation_marks_is_never_the_speaker(nlp):
    text = "“Nobody,” said Fire Chief Marcus Bell, “should have to wade through a flooded street.”"
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Marcus Bell", "Fire Chief")
    assert a["content"] == "Nobody should have to wade through a flooded street."


def test_a_quotation_ending_in_a_fragment_is_not_the_subject(nlp):
    text = "“He would be a great senator. Not good, great. One of the best in Congress,” Rep. Ana Ruiz said."
    a = only(nlp, text)
    assert (a["speaker"], a["kind"]) == ("Rep. Ana Ruiz", "direct")
    assert a["content"].startswith("He would be a great senator.")


def test_a_closing_participle_the_parser_hung_on_the_report_shares_the_reporter(nlp):
    text = "She said the county would open five shelters, adding that the situation remained dangerous."
    adding = attributions(nlp, text)[1]
    assert (adding["cue"], adding["speaker"], adding["content"]) == (
        "adding",
        "She",
        "the situation remained dangerous",
    )


def test_a_name_with_of_in_it_is_the_whole_name(nlp):
    a = only(nlp, "The British Chambers of Commerce said firms were struggling with high borrowing costs.")
    assert (a["speaker"], a["speaker_canonical"]) == (
        "The British Chambers of Commerce",
        "British Chambers of Commerce",
    )


def test_a_closing_participle_that_may_be_the_clause_s_own_gets_no_reporter(nlp):
    found = attributions(nlp, "Police said the man fled the scene, shouting that he was innocent.")
    assert [(a["cue"], a["speaker"]) for a in found] == [("said", "Police"), ("shouting", None)]


def test_a_group_is_described_by_whom_it_holds(nlp):
    a = only(
        nlp, "A federal judge sided with a group of commercial fishermen who said the work would harm fish."
    )
    assert (a["speaker"], a["speaker_canonical"]) == ("who", "group of commercial fishermen")


def test_where_it_was_said_taken_for_the_subject_gives_way_to_the_speaker(nlp):
    text = "Outside court, one victim, who asked not to be named, said she had lost her savings."
    assert only(nlp, text)["speaker"] == "one victim"
