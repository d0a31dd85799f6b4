"""Quotation marks and the quotes they make: pairing marks (`quotation_marks`), the kind of an
attribution (`text_geometry`), a quotation joined to its cue and a quote split around it (`content`)."""

from __future__ import annotations

import pytest
from nlp_helpers import attributions, only

from quotetrack.nlp.quotation_marks import find_quotations


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


def test_quote_after_a_verbless_lead_in(nlp):
    a = only(nlp, "Sanders asks at Western High School, “Any questions I can answer?”")
    assert (a["speaker"], a["content"], a["kind"]) == ("Sanders", "Any questions I can answer?", "direct")


@pytest.mark.parametrize("text", ["“—,” he said.", "The mayor said “,” and left.", "Jo Ray said: “ – ”"])
def test_punctuation_only_quotation_is_no_attribution(nlp, text):
    assert all(len(a["content"]) >= 2 for a in attributions(nlp, text))


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


def test_straight_single_quotes(nlp):
    text = "'We inherited a system on its knees,' Ms Whitfield told the BBC. 'It will take time to fix.'"
    a = only(nlp, text)
    assert (a["content"], a["kind"], a["speaker"]) == (
        "We inherited a system on its knees. It will take time to fix.",
        "direct",
        "Ms Whitfield",
    )


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("The workers' union said it won't back the plan in the '90s style.", []),
        ("Rock 'n' roll isn't 'dead', she said.", ["dead"]),
        ("'The workers' union is strong,' he said.", ["The workers' union is strong,"]),
        (
            "He accused ministers of 'sitting on their hands' while patients suffered.",
            ["sitting on their hands"],
        ),
    ],
)
def test_straight_single_quotes_are_not_apostrophes(text, quoted):
    """A plural's apostrophe (`workers'`) closes a quotation only if nothing else in the paragraph does."""
    assert [text[q.start : q.end] for q in find_quotations(text)] == quoted


def test_a_quoted_phrase_ending_a_sentence_is_no_quote_of_the_next(nlp):
    text = (
        'Carter said the figures were "a national scandal". He accused ministers of "sitting on their hands".'
    )
    found = [(a["cue"], a["content"], a["kind"]) for a in attributions(nlp, text)]
    assert found == [
        ("said", 'the figures were "a national scandal"', "mixed"),
        ("accused", 'ministers of "sitting on their hands"', "mixed"),
    ]


def test_unclosed_paragraph_quote_is_dropped():
    text = "He said “this never closes.\nNext paragraph with “a real quote” here."
    assert [text[q.start : q.end] for q in find_quotations(text)] == ["a real quote"]


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


def test_reported_clause_continues_in_the_next_quotation(nlp):
    a = only(nlp, "The port is “open again,” Reyes said. “Ships can dock.”")
    assert (a["kind"], a["speaker"]) == ("mixed", "Reyes")
    assert a["content"] == "The port is “open again.” Ships can dock."


def test_quote_continues_in_a_paragraph_of_its_own(nlp):
    text = "“The port is open,” said Tom Reyes.\n\n“Ships can dock again.”\n\n“We are back,” Ana Ruiz added."
    found = attributions(nlp, text)
    assert [(a["speaker"], a["content"][-10:]) for a in found] == [
        ("Tom Reyes", "ock again."),
        ("Ana Ruiz", "e are back"),
    ]


def test_quote_continues_past_a_quotation_inside_the_cue_sentence(nlp):
    text = (
        "“The port is open,” Reyes told reporters after hinting that “changes” could come. “Ships can dock.”"
    )
    a = attributions(nlp, text)[0]
    assert a["content"].startswith("The port is open") and a["content"].endswith("Ships can dock.")


def test_next_quotation_with_its_own_cue_is_no_continuation(nlp):
    text = "“The port is open,” said Tom Reyes, the harbour master. “Ships can dock again,” he added."
    assert [a["content"] for a in attributions(nlp, text)] == ["The port is open", "Ships can dock again"]


def test_quote_split_by_a_placed_cue(nlp):
    text = "“The port will reopen,” the harbor chief said of the plan, “because the ships need it.”"
    a = only(nlp, text)
    assert a["content"].startswith("The port will reopen") and a["content"].endswith("ships need it.")


def test_quotation_after_a_dash_is_the_content_of_the_cue_after_it(nlp):
    a = only(nlp, "Neither was impressed - “Born with a silver spoon,” Mr. Elks said - but they stayed home.")
    assert (a["content"], a["kind"]) == ("Born with a silver spoon", "direct")


def test_split_quote_content_is_the_quoted_pieces_without_the_cue(nlp):
    text = "“We cannot ignore this any longer,” Dubois said. “People are tired of waiting.”"
    a = only(nlp, text)
    assert a["content"] == "We cannot ignore this any longer. People are tired of waiting."
    assert (a["content_start"], a["content_end"]) == (text.index("We"), text.index("waiting.") + 8)


def test_quote_carried_into_the_next_paragraph_reads_without_the_reopening_mark(nlp):
    text = "Jane Smith said: “The plan is ready.\n\n“It starts on Monday.”"
    assert only(nlp, text)["content"] == "The plan is ready. It starts on Monday."


def test_quote_reopened_after_a_sentence_end_runs_into_the_next_paragraph(nlp):
    text = "“We lost the roof,” Dr Paul Menzies said. “We will rebuild.\n\n“It will take years,” he added."
    found = attributions(nlp, text)
    assert [(a["speaker_canonical"], a["content"]) for a in found] == [
        ("Paul Menzies", "We lost the roof"),
        ("Paul Menzies", "We will rebuild. It will take years"),
    ]


def test_split_quote_records_the_offsets_of_each_piece_said(nlp):
    text = "“We cannot ignore this any longer,” Dubois said. “People are tired of waiting.”"
    a = only(nlp, text)
    assert [text[start:end] for start, end in a["content_parts"]] == [
        "We cannot ignore this any longer,",
        "People are tired of waiting.",
    ]


def test_quote_over_a_paragraph_break_records_each_paragraph_without_the_reopening_mark(nlp):
    text = "Jane Smith said: “The plan is ready.\n\n“It starts on Monday.”"
    a = only(nlp, text)
    assert [text[start:end] for start, end in a["content_parts"]] == [
        "The plan is ready.",
        "It starts on Monday.",
    ]


def test_content_in_one_piece_has_one_part(nlp):
    text = "The minister said taxes would rise next year."
    a = only(nlp, text)
    assert a["content_parts"] == [[a["content_start"], a["content_end"]]]


def test_quotation_with_its_own_cue_in_the_next_sentence_is_not_the_earlier_cue_s(nlp):
    text = "Dunn declined to comment. “We are sorry,” the company said in a statement."
    found = attributions(nlp, text)
    assert [(a["speaker"], a["content"]) for a in found] == [("the company", "We are sorry")]


def test_reported_words_going_on_into_a_quotation_leave_out_speaker_and_cue(nlp):
    a = only(nlp, "The bridge is open, Mayor Ana Ruiz said. “We fixed it in a week.”")
    assert a["content"] == "The bridge is open. We fixed it in a week."
    assert a["speaker"] == "Mayor Ana Ruiz"


def test_a_quotation_running_on_into_the_writers_sentence_does_not_continue_a_quote(nlp):
    found = attributions(
        nlp, "“This is wrong,” Warren said. “You squeezed employees” to lift the share price, she said."
    )
    assert [a["content"] for a in found] == [
        "This is wrong",
        "“You squeezed employees” to lift the share price",
    ]


def test_a_quote_split_by_a_cue_with_an_object(nlp):
    text = "“Now that I can speak freely,” he told the host, “it was hard to work there.”"
    a = only(nlp, text)
    assert a["content"].startswith("Now that I can speak freely") and a["content"].endswith("work there.")


def test_a_quote_going_on_with_and_after_its_cue(nlp):
    text = "“The number of households has doubled,” she wrote, “and most of them work in low-paid jobs.”"
    a = only(nlp, text)
    assert a["content"].startswith("The number of households has doubled") and a["speaker"] == "she"


@pytest.mark.parametrize(
    ("text", "said", "speaker"),
    [
        (
            "“Apple has had years to fix this,” Spotify chief executive Daniel Ek wrote. “Enough is enough.”",
            "Apple has had years to fix this. Enough is enough.",
            "Daniel Ek",
        ),
        (
            "“We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said Monday. "
            "“I want to assure our community.”",
            "We will achieve justice in this case. I want to assure our community.",
            "Chuck Jordan",
        ),
    ],
)
def test_a_quotation_before_the_speaker_s_description_is_the_quote(nlp, text, said, speaker):
    a = only(nlp, text)
    assert (a["content"], a["speaker_canonical"], len(a["content_parts"])) == (said, speaker, 2)


def test_a_split_quote_goes_on_after_the_speaker_s_relative_clause(nlp):
    text = (
        "“It doesn't bring them back,” said Jim Carter, whose daughter died in the collapse, "
        "“but at least there will be answers.”"
    )
    a = only(nlp, text)
    assert a["content"] == "It doesn't bring them back but at least there will be answers."
    assert len(a["content_parts"]) == 2


def test_a_split_quote_whose_speaker_the_parser_took_into_it_reads_without_marks(nlp):
    text = (
        "The lender said demand had dropped sharply over the summer. “We have to respond to what customers "
        "are telling us,” the bank’s chief executive, Dr. Samuel Okoro, said. “Rates were simply too high.”"
    )
    a = attributions(nlp, text)[-1]
    assert [text[start:end] for start, end in a["content_parts"]] == [
        "We have to respond to what customers are telling us,",
        "Rates were simply too high.",
    ]


def test_a_quote_goes_on_after_a_dash_that_ends_the_cue(nlp):
    text = "Lund said he was proud. “I leave with my head high,” he told Sky Sports — “and with no regrets.”"
    a = attributions(nlp, text)[-1]
    assert (a["speaker_canonical"], a["content"]) == (
        "Lund",
        "I leave with my head high and with no regrets.",
    )
