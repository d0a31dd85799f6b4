"""Who a speaker mention is (`speakers`): pronouns, short names, titles and appositions as roles."""

from __future__ import annotations

from nlp_helpers import attributions, only


def test_relative_pronoun_speaker_is_kept_as_written_and_resolved(nlp):
    a = only(nlp, "The plan was backed by Senator Ann Ortiz, who said that it would save money.")
    assert (a["speaker"], a["speaker_canonical"]) == ("who", "Ann Ortiz")


def test_pronoun_resolves_to_person_named_before(nlp):
    text = (
        "North Korean Foreign Minister Choe Son Hui traveled to Moscow, where she said that peace was near."
    )
    a = only(nlp, text)
    assert (a["speaker"], a["speaker_canonical"]) == ("she", "Choe Son Hui")
    assert a["speaker_role"] == "North Korean Foreign Minister"


def test_short_name_resolves_to_full_name_and_role(nlp):
    text = "US Secretary of State Antony Blinken met allies. Blinken said that the alliance was strong."
    a = only(nlp, text)
    assert (a["speaker"], a["speaker_canonical"], a["speaker_role"]) == (
        "Blinken",
        "Antony Blinken",
        "US Secretary of State",
    )


def test_title_outside_the_recognised_person_becomes_role(nlp):
    a = only(nlp, '"The port will reopen next week," said Harbour Master Tom Reyes.')
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Tom Reyes", "Harbour Master")


def test_apposition_becomes_role(nlp):
    text = "“We are ready,” Jake Sullivan, Biden’s national security adviser, told reporters."
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"]) == (
        "Jake Sullivan",
        "Biden’s national security adviser",
    )


def test_unresolvable_pronoun_is_null_not_a_name(nlp):
    a = only(nlp, "“It is over,” he said.")
    assert a["speaker"] == "he" and a["speaker_canonical"] is None


def test_name_with_a_curly_apostrophe_is_a_person_pronouns_resolve_to(nlp):
    text = "Councillor Margaret O’Donnell opened the meeting. She said the plan had been shelved."
    a = only(nlp, text)
    assert (a["speaker"], a["speaker_canonical"]) == ("She", "Margaret O'Donnell")


def test_description_before_a_name_is_the_role_not_the_speaker(nlp):
    a = only(nlp, "Cybersecurity expert Raj Patel said the warning system had failed.")
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Raj Patel", "Cybersecurity expert")


def test_honorific_is_no_part_of_a_role(nlp):
    a = only(nlp, "The firm's chief executive Dr Helen Shaw said repairs would cost millions.")
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Helen Shaw", "firm's chief executive")


def test_age_is_never_a_role(nlp):
    a = only(nlp, "John Smith, 74, said the flood was the worst he had seen.")
    assert (a["speaker_canonical"], a["speaker_role"]) == ("John Smith", None)


def test_one_and_another_source_are_the_head_noun_unnamed(nlp):
    text = "One official said the alarms were off. Another said nobody had tested them."
    found = attributions(nlp, text)
    assert [(a["speaker_canonical"], a["speaker_kind"]) for a in found] == [
        ("official", "unnamed"),
        ("official", "unnamed"),
    ]


def test_description_with_a_name_in_apposition_is_that_person(nlp):
    a = only(nlp, "Its chief executive, Dr Paul Menzies, 61, said the closures were painful.")
    assert (a["speaker_canonical"], a["speaker_role"], a["speaker_kind"]) == (
        "Paul Menzies",
        "chief executive",
        "person",
    )


def test_description_refers_back_to_the_person_it_described(nlp):
    text = "Mrs Anne Clarke, the headteacher of Hillside School, spoke. The headteacher said it was over."
    a = only(nlp, text)
    assert (a["speaker"], a["speaker_canonical"], a["speaker_role"]) == (
        "The headteacher",
        "Anne Clarke",
        "headteacher",
    )


def test_description_must_fit_the_role_word_for_word(nlp):
    text = (
        "Democratic vice presidential nominee Tim Kaine spoke first. "
        "The Democratic presidential nominee said the race was close."
    )
    assert only(nlp, text)["speaker_canonical"] == "Democratic presidential nominee"


def test_organisation_noun_refers_back_to_the_organisation_of_that_kind(nlp):
    text = "Northgate Bank will close branches. The lender said no jobs would be lost."
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_kind"]) == ("Northgate Bank", "organisation")


def test_description_refers_to_the_organisation_named_by_its_noun(nlp):
    text = "The Bank of England raised rates on Thursday. The central bank said inflation was too high."
    assert only(nlp, text)["speaker_canonical"] == "Bank of England"


def test_description_of_another_kind_stays_as_written(nlp):
    text = "The Supreme Court heard the case. The appeals court said the law was valid."
    assert only(nlp, text)["speaker_canonical"] == "appeals court"


def test_unnamed_source_keeps_its_full_description(nlp):
    a = only(nlp, "One of the people familiar with the discussions said the talks had stalled.")
    assert (a["speaker"], a["speaker_canonical"], a["speaker_kind"]) == (
        "One of the people familiar with the discussions",
        "one of the people familiar with the discussions",
        "unnamed",
    )


def test_a_named_speaker_is_in_focus_for_the_next_pronoun(nlp):
    text = "Dr Paul Menzies runs a bank.\n\n"
    text += "“We are ready,” Menzies said. “We waited.”\n\n“It took years,” he said."
    found = attributions(nlp, text)
    assert [a["speaker_canonical"] for a in found] == ["Paul Menzies", "Paul Menzies"]


def test_description_matches_a_role_whatever_the_apostrophe(nlp):
    text = "Jake Sullivan, Biden’s adviser, spoke. Biden's adviser said talks would resume."
    assert only(nlp, text)["speaker_canonical"] == "Jake Sullivan"


def test_unnamed_source_keeps_what_describes_it_after_its_noun(nlp):
    a = only(nlp, "Two people familiar with the matter said the talks had stalled.")
    assert (a["speaker_canonical"], a["speaker_kind"]) == ("Two people familiar with the matter", "unnamed")
    a = only(nlp, "Officials on Monday said the plan was ready.")  # a time says nothing of who they are
    assert a["speaker"] == "Officials"
