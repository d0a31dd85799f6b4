"""What a cue reports (`content`): clause, object and prepositional content, and where it ends."""

from __future__ import annotations

import pytest
from nlp_helpers import attributions, only
from spacy.tokens import Doc

from quotetrack.nlp.components import AttributionExtractor


def test_trailing_attribution_without_marks(nlp):
    a = only(nlp, "The attack lasted two hours but caused no casualties, the military authorities added.")
    assert (a["cue_lemma"], a["speaker"], a["kind"]) == ("add", "the military authorities", "indirect")
    assert a["content"] == "The attack lasted two hours but caused no casualties"


def test_object_content_with_an_infinitive(nlp):
    a = only(nlp, "The council asked the mayor to close the bridge.")
    assert (a["cue_lemma"], a["content"]) == ("ask", "the mayor to close the bridge")


def test_object_content_for_denial(nlp):
    a = only(nlp, "The Kremlin has denied any talks between the two leaders.")
    assert a["content"] == "any talks between the two leaders" and a["speaker_canonical"] == "Kremlin"


def test_object_with_its_complement(nlp):
    a = only(nlp, "Senator Ted Cruz called the deal “a historic mistake” on Monday.")
    assert a["content"] == "the deal “a historic mistake”" and a["cue_lemma"] == "call"
    assert a["kind"] == "mixed"


def test_object_with_preposition_completing_it(nlp):
    a = only(nlp, "Sanders criticized Clinton for accepting speaking fees from banks.")
    assert a["content"] == "Clinton for accepting speaking fees from banks"


def test_prepositional_cue(nlp):
    a = only(nlp, "The governor called on Congress to fund the new bridge.")
    assert (a["cue_lemma"], a["speaker"]) == ("call", "The governor")
    assert a["content"] == "Congress to fund the new bridge"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The mayor spoke to reporters about the bridge.", ["the bridge"]),
        ("The mayor spoke to reporters on Monday morning.", []),
    ],
)
def test_prepositional_content_is_not_a_time_or_place(nlp, text, found):
    assert [a["content"] for a in attributions(nlp, text)] == found


def test_cue_inserted_in_the_clause_it_reports(nlp):
    a = only(nlp, "This campaign, the senator says, is different from the last one.")
    assert a["speaker"] == "the senator" and a["content"].startswith("This campaign")
    assert a["content"].endswith("different from the last one")


def test_quotation_ending_the_paragraph_before_is_not_the_content(nlp):
    a = only(nlp, "“The port is open.”\nTom Reyes described the harbour as a safe place.")
    assert (a["speaker"], a["content"]) == ("Tom Reyes", "the harbour as a safe place")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The mayor said the problem was the new toll, a fee the council has since cut.",
            "the problem was the new toll",
        ),
        ("The mayor denied the report, a story the paper printed on Monday.", "the report"),
        (
            "The mayor said the bridge would reopen next month in Dayton, which lies north of the river.",
            "the bridge would reopen next month in Dayton",
        ),
        ("The union predicted a strike at the plant, which employs 3,000 workers.", "a strike at the plant"),
        ("The mayor denied the report — a story the paper printed on Monday.", "the report"),
        (
            "The mayor said turnout rose by ten percent, putting the city ahead of its rivals.",
            "turnout rose by ten percent",
        ),
        (
            "The new bridge is expected to cost more, a worry the council has already voiced.",
            "The new bridge is expected to cost more",
        ),
    ],
)
def test_closing_apposition_is_not_content(nlp, text, content):
    assert only(nlp, text)["content"] == content


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The senator proposed taxing carbon emissions.", ["taxing carbon emissions"]),
        ("The bank continued raising rates.", []),
    ],
)
def test_gerund_content(nlp, text, found):
    assert [a["content"] for a in attributions(nlp, text)] == found


def test_condition_hung_on_the_cue_belongs_to_the_content(nlp):
    # Parsed by hand as the small model often parses it: `because ...` hung on `said`, not on `go`.
    words = ["She", "said", "she", "would", "go", ",", "because", "it", "rained", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, False, True, True, True, False, False],
        heads=[1, 1, 4, 4, 1, 1, 8, 8, 1, 1],
        deps=["nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct", "mark", "nsubj", "advcl", "punct"],
        pos=["PRON", "VERB", "PRON", "AUX", "VERB", "PUNCT", "SCONJ", "PRON", "VERB", "PUNCT"],
        tags=["PRP", "VBD", "PRP", "MD", "VB", ",", "IN", "PRP", "VBD", "."],
        lemmas=["she", "say", "she", "would", "go", ",", "because", "it", "rain", "."],
    )
    (a,) = AttributionExtractor()(doc)._.attributions
    assert a["content"] == "she would go, because it rained"


def test_infinitive_hung_on_the_cue_completes_the_object(nlp):
    # Parsed by hand as the small model often parses it: `to resign` an adverbial clause of `called`.
    doc = Doc(
        nlp.vocab,
        words=["Critics", "called", "the", "minister", "to", "resign", "."],
        spaces=[True, True, True, True, True, False, False],
        heads=[1, 1, 3, 1, 5, 1, 1],
        deps=["nsubj", "ROOT", "det", "dobj", "aux", "advcl", "punct"],
        pos=["NOUN", "VERB", "DET", "NOUN", "PART", "VERB", "PUNCT"],
        tags=["NNS", "VBD", "DT", "NN", "TO", "VB", "."],
        lemmas=["critic", "call", "the", "minister", "to", "resign", "."],
    )
    (a,) = AttributionExtractor()(doc)._.attributions
    assert (a["content"], a["speaker"]) == ("the minister to resign", "Critics")


def test_gerund_phrase_completes_the_object(nlp):
    a = only(nlp, "Critics questioned her judgment in backing the war.")
    assert (a["content"], a["speaker"]) == ("her judgment in backing the war", "Critics")


def test_participle_quoting_the_speaker_stays_in_the_content(nlp):
    a = only(nlp, "The mayor said the council would cut the budget, citing “a hole we cannot ignore.”")
    assert a["content"].endswith("citing “a hole we cannot ignore.”") and a["kind"] == "mixed"


def test_gloss_of_a_trailing_speaker_ends_the_content(nlp):
    a = only(nlp, "The plan will fail, said Tom Baker, a lawyer in Ohio.")
    assert (a["content"], a["speaker"]) == ("The plan will fail", "Tom Baker")


def test_second_reported_clause_on_the_cue_joins_the_content(nlp):
    # Parsed by hand as the small model often parses it: both clauses hung on `said`.
    doc = Doc(
        nlp.vocab,
        words=["She", "said", "taxes", "rose", ",", "and", "that", "jobs", "fell", "."],
        spaces=[True, True, True, False, True, True, True, True, False, False],
        heads=[1, 1, 3, 1, 3, 3, 8, 8, 1, 1],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "punct", "cc", "mark", "nsubj", "ccomp", "punct"],
        pos=["PRON", "VERB", "NOUN", "VERB", "PUNCT", "CCONJ", "SCONJ", "NOUN", "VERB", "PUNCT"],
        tags=["PRP", "VBD", "NNS", "VBD", ",", "CC", "IN", "NNS", "VBD", "."],
        lemmas=["she", "say", "tax", "rise", ",", "and", "that", "job", "fall", "."],
    )
    (a,) = AttributionExtractor()(doc)._.attributions
    assert a["content"] == "taxes rose, and that jobs fell"


def test_subject_hung_on_the_cue_as_object_starts_the_content(nlp):
    doc = Doc(
        nlp.vocab,
        words=["She", "said", "the", "donors", ",", "mostly", "men", ",", "were", "women", "."],
        spaces=[True, True, True, False, True, True, False, True, True, False, False],
        heads=[1, 1, 3, 1, 3, 6, 3, 3, 1, 8, 1],
        deps=["nsubj", "ROOT", "det", "dobj", "punct", "advmod", "appos", "punct", "ccomp", "attr", "punct"],
        pos=["PRON", "VERB", "DET", "NOUN", "PUNCT", "ADV", "NOUN", "PUNCT", "AUX", "NOUN", "PUNCT"],
        tags=["PRP", "VBD", "DT", "NNS", ",", "RB", "NNS", ",", "VBD", "NNS", "."],
        lemmas=["she", "say", "the", "donor", ",", "mostly", "man", ",", "be", "woman", "."],
    )
    (a,) = AttributionExtractor()(doc)._.attributions
    assert a["content"] == "the donors, mostly men, were women"


def test_connective_before_an_inserted_cue_is_the_reporters(nlp):
    a = only(nlp, "But, the mayor says, the plan will work.")
    assert a["content"] == "the plan will work"


def test_concessive_clause_after_the_content_is_an_aside(nlp):
    a = only(nlp, "The mayor said the budget will balance, although the deficit grew last year.")
    assert a["content"] == "the budget will balance"


def test_relative_clause_cue_reports_on_its_noun(nlp):
    a = only(nlp, "Officials opened a probe the agency said was still ongoing.")
    assert (a["content"], a["speaker"]) == ("a probe the agency said was still ongoing", "the agency")


def test_a_condition_opening_the_content_stays_in_it(nlp):
    a = only(nlp, "The mayor said if the river rose again the town would close the bridge.")
    assert a["content"] == "if the river rose again the town would close the bridge"


def test_a_conjunction_opening_unquoted_content_is_left_out(nlp):
    a = only(nlp, "But the talks will resume next week, the minister said.")
    assert a["content"] == "the talks will resume next week"


def test_a_conjunction_opening_a_quotation_is_part_of_it(nlp):
    a = only(nlp, "“And we will not stop there,” the minister said.")
    assert a["content"] == "And we will not stop there"


def test_of_two_reported_clauses_the_one_next_to_the_cue(nlp):
    found = attributions(nlp, "Ana Ruiz expects a fight over the budget, Kall said: “I feel it coming.”")
    assert [(a["content"], a["speaker"]) for a in found] == [
        ("a fight over the budget", "Ana Ruiz"),
        ("I feel it coming.", "Kall"),
    ]


def test_a_quotation_before_its_cue_after_a_colon(nlp):
    text = "Ana Ruiz praised the law: “Our long fight has opened the door for women,” the union wrote."
    found = attributions(nlp, text)
    assert ("Our long fight has opened the door for women", "the union") in [
        (a["content"], a["speaker"]) for a in found
    ]


def test_told_someone_to_do_something(nlp):
    a = only(nlp, "The mayor told residents to boil their water.")
    assert (a["cue_lemma"], a["content"]) == ("tell", "residents to boil their water")


def test_told_someone_alone_reports_nothing(nlp):
    assert attributions(nlp, "The mayor told reporters on Monday.") == []


def test_a_clause_the_parser_hung_on_where_it_was_said_is_the_content(nlp):
    a = only(nlp, "The Fed said in a statement that inflation had eased.")
    assert (a["speaker"], a["content"]) == ("The Fed", "inflation had eased")


def test_a_negation_inside_the_quotation_does_not_negate_the_cue(nlp):
    a = only(nlp, "Shah said: “Absolutely not.”")
    assert (a["speaker"], a["content"], a["kind"]) == ("Shah", "Absolutely not.", "direct")


def test_a_reported_clause_the_parser_hung_on_the_object(nlp):
    text = "He told a meeting of Pacific Island leaders that few people understood the stakes of the crisis."
    a = only(nlp, text)
    assert a["content"] == "few people understood the stakes of the crisis"


@pytest.mark.parametrize(
    "text",
    [
        "The company said on Thursday it would cut 500 jobs.",
        "The company said in a statement it would cut 500 jobs.",
        "The company said last week it would cut 500 jobs.",
    ],
)
def test_when_and_where_it_was_said_is_not_what_was_said(nlp, text):
    assert only(nlp, text)["content"] == "it would cut 500 jobs"


def test_after_that_the_time_is_part_of_what_was_said(nlp):
    a = only(nlp, "The company said that on Thursday it would cut 500 jobs.")
    assert a["content"] == "on Thursday it would cut 500 jobs"


def test_a_second_cue_joined_to_the_reported_clause_is_the_reporter_s_own(nlp):
    found = attributions(nlp, "Shaw said she had made mistakes but denied misleading parliament.")
    assert [(a["cue"], a["speaker"], a["content"]) for a in found] == [
        ("said", "Shaw", "she had made mistakes"),
        ("denied", "Shaw", "misleading parliament"),
    ]


def test_a_verb_joined_to_the_reported_clause_in_its_own_form_is_part_of_it(nlp):
    a = only(nlp, "The company said it would cut jobs and close two plants.")
    assert a["content"] == "it would cut jobs and close two plants"


def test_that_opening_the_content_is_left_out_where_the_parser_hung_it_wrongly(nlp):
    text = "Minister Aisha Rahman told MPs on Wednesday that talks with the rail unions had broken down."
    assert only(nlp, text)["content"] == "talks with the rail unions had broken down"


def test_a_subject_hung_on_the_cue_as_a_second_subject_starts_the_content(nlp):
    text = (
        'Novelist Grace Ferreira, 61, said her new memoir, "The Salt Years", was the hardest book she had '
        "written."
    )
    assert only(nlp, text)["content"].startswith('her new memoir, "The Salt Years", was the hardest book')


def test_the_occasion_of_a_denial_is_not_what_was_denied(nlp):
    a = only(nlp, "Castro denied the allegations at an unrelated news conference on Wednesday.")
    assert a["content"] == "the allegations"


def test_a_second_that_clause_the_parser_joined_to_the_cue_is_part_of_the_content(nlp):
    text = 'The president wrote that the tariffs were "working" and that other countries were "lining up".'
    assert only(nlp, text)["content"].endswith('and that other countries were "lining up"')
