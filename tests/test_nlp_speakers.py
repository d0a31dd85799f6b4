"""Who a speaker mention is (`speakers`): pronouns, short names, titles and appositions as roles."""

from __future__ import annotations

from nlp_helpers import only


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
