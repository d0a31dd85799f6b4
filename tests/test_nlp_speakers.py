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
