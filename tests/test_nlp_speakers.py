"""Who a speaker mention is (`speakers`): pronouns, short names, titles and appositions as roles."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    ("text", "canonical", "role"),
    [
        (  # an apposition
            "“We are ready,” Jake Sullivan, Biden’s national security adviser, told reporters.",
            "Jake Sullivan",
            "Biden’s national security adviser",
        ),
        (  # a name with two particles, and the title before it
            "“We are not there yet,” European Commission President Ursula von der Leyen told reporters.",
            "Ursula von der Leyen",
            "European Commission President",
        ),
    ],
)
def test_apposition_or_title_becomes_role(nlp, text, canonical, role):
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"]) == (canonical, role)


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


@pytest.mark.parametrize(
    "text",
    [
        "Two people familiar with the matter, who asked not to be identified, said the deal was off.",
        "Two people familiar with the matter, speaking on condition of anonymity, said the deal was off.",
    ],
)
def test_why_an_unnamed_source_is_unnamed_is_not_their_description(nlp, text):
    a = only(nlp, text)
    assert (a["speaker"], a["speaker_kind"], a["content"]) == (
        "Two people familiar with the matter",
        "unnamed",
        "the deal was off",
    )


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        (
            "According to a statement from the National Weather Service, more storms could come.",
            "National Weather Service",
        ),
        (
            "A report by the International Monetary Fund said growth would slow.",
            "International Monetary Fund",
        ),
        ("Northgate Bank cut jobs. According to the lender's annual report, profits fell.", "Northgate Bank"),
        ("A Reuters analysis of shipping records found that barge traffic fell.", "Reuters"),
        ("A USA TODAY analysis found that the fund lost money.", "USA TODAY"),
        (
            "The report, published by the Institute for Flood Research, warns that barriers are unfit.",
            "Institute for Flood Research",
        ),
    ],
)
def test_a_document_given_as_a_source_speaks_for_who_issued_it(nlp, text, canonical):
    assert only(nlp, text)["speaker_canonical"] == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("According to its report, profits fell.", "its report"),
        ("An analysis of super PACs found that spending rose.", "analysis"),  # about them, not by them
        ("A study commissioned by the city found that rents rose.", "study"),  # paid for, not written
    ],
)
def test_a_document_of_nobody_named_stays_as_written(nlp, text, canonical):
    assert only(nlp, text)["speaker_canonical"] == canonical


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


def test_two_people_with_one_surname_stay_two(nlp):
    text = "Michelle Obama arrived first. President Obama said the school was inspiring."
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Obama", "President")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        pytest.param(
            "President Barack Obama and Michelle Obama visited. President Obama said education mattered.",
            "Barack Obama",
            id="a title picks the person of that surname who bears it",
        ),
        pytest.param(
            "Sen. Tom Whitaker spoke first. His wife, Carol Whitaker, spoke next. Whitaker said it was late.",
            "Carol Whitaker",
            id="a bare surname is the person of that name mentioned last",
        ),
        pytest.param(
            "Mr. Tom Whitaker and Carol Whitaker came. Tom Whitaker left. Mrs. Whitaker said it was late.",
            "Carol Whitaker",
            id="an honorific of the other gender rules a person out",
        ),
        pytest.param(
            "State Sen. Paul Hendricks spoke. Hendricks said he would introduce an amendment.",
            "Paul Hendricks",
            id="a surname the tagger took for a common noun",
        ),
        pytest.param(
            "Crews rescued 14 people overnight.\n\n"
            "Margaret O’Donnell, 74, has lived on Mill Street for 50 years. She said the water rose.",
            "Margaret O'Donnell",
            id="a surname outside the recognised person's name",
        ),
        pytest.param(
            "Judge Maria Alvarez ruled on Monday. “Delay would itself be a harm,” she wrote.",
            "Maria Alvarez",
            id="a pronoun never stands for a name inside a quotation",
        ),
        pytest.param(
            "Neighbour Margaret O’Donnell, 74, lives nearby. She said the water rose.",
            "Margaret O'Donnell",
            id="a description before a name is no part of it",
        ),
        pytest.param(
            "Mayor Bill de Blasio spoke on Monday. De Blasio said the city was safe.",
            "Bill de Blasio",
            id="a name with a lower-case particle",
        ),
        pytest.param(
            "Hillary Clinton spoke. Injecting Clinton into it, Trump attacked. Clinton said it was sad.",
            "Hillary Clinton",
            id="a surname is not a stray capitalised word before it",
        ),
        pytest.param(
            "The state Supreme Court said the law was valid.",
            "state Supreme Court",
            id="a body after a title word is no person",
        ),
    ],
)
def test_who_a_name_is(nlp, text, person):
    assert only(nlp, text)["speaker_canonical"] == person


def test_an_honorific_that_leaves_two_people_of_unknown_gender_decides_nothing(nlp):
    text = "President Bill Clinton spoke. Hillary Clinton spoke later. Mrs. Clinton said it was time."
    assert only(nlp, text)["speaker_canonical"] == "Clinton"


def test_a_name_in_quotation_marks_defines_no_person(nlp):
    text = "Hillary Clinton spoke. Trump mocked “Crooked Hillary Clinton” again. Clinton said it was sad."
    assert attributions(nlp, text)[-1]["speaker_canonical"] == "Hillary Clinton"


def test_a_former_holder_of_a_role_is_not_its_description(nlp):
    text = (
        "Judge Maria Alvarez ruled. David Brennan, a former judge, criticised her. "
        "The judge said the delay was a harm."
    )
    found = [a for a in attributions(nlp, text) if a["speaker"] == "The judge"]
    assert [a["speaker_canonical"] for a in found] == ["Maria Alvarez"]


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        pytest.param(
            "The Federal Reserve held rates. The Fed said inflation remained high.",
            "Federal Reserve",
            id="a short name cut from its first word",
        ),
        pytest.param(
            "Northgate Bank will cut jobs. Northgate said the closures were painful.",
            "Northgate Bank",
            id="a short name without what business it is",
        ),
        pytest.param(
            "The European Central Bank met. The ECB said it would act if needed.",
            "European Central Bank",
            id="initials",
        ),
        pytest.param(
            "Acme Corp cut its forecast. The corporation said demand had weakened.",
            "Acme Corp",
            id="a description its abbreviation spells",
        ),
        pytest.param(
            "Acme Holdings, which owns part of Northgate, backed the plan. The group said it would not sell.",
            "Acme Holdings",
            id="the organisation last named as a subject",
        ),
        pytest.param(
            "Shares in Brandt Vexley fell on Tuesday. The company said output had slowed.",
            "Brandt Vexley",
            id="a company the recogniser took for a place: it has shares",
        ),
        pytest.param(
            "Tullow Oil cut its forecast. The company said the field was underperforming.",
            "Tullow Oil",
            id="a company the recogniser took for a person: its name and its forecast",
        ),
        pytest.param(
            "Stanmore Water was fined. The utility said it would appeal.",
            "Stanmore Water",
            id="a kind of business its name says",
        ),
    ],
)
def test_which_organisation_a_speaker_is(nlp, text, organisation):
    a = attributions(nlp, text)[-1]
    assert (a["speaker_canonical"], a["speaker_kind"]) == (organisation, "organisation")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "The Senate Judiciary Committee met. The Senate said it would vote next week.",
            "Senate",
            id="a body is not a longer body it starts",
        ),
        pytest.param(
            "Mayor Ana Ruiz cut its budget. The company said talks went well.",
            "company",
            id="a titled name is never taken for a company",
        ),
    ],
)
def test_a_speaker_no_organisation_fits_stays_as_written(nlp, text, speaker):
    assert only(nlp, text)["speaker_canonical"] == speaker


def test_a_description_whose_name_the_parser_hung_on_its_of_phrase_is_that_person(nlp):
    text = "The headteacher of Mill Street Primary School, Anne Clarke, said the school would stay closed."
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"]) == ("Anne Clarke", "headteacher")


def test_a_pronoun_after_an_unnamed_source_is_that_source(nlp):
    text = "One resident said people were angry. “They come, they take photos, they leave,” she said."
    assert [(a["speaker_canonical"], a["speaker_kind"]) for a in attributions(nlp, text)] == [
        ("resident", "unnamed"),
        ("resident", "unnamed"),
    ]


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("A spokeswoman for the union said it would consult members.", "spokeswoman for the union"),
        (
            "A senior aide to the governor, who was not named, said talks had stalled.",
            "senior aide to the governor",
        ),
        ("Lawyers for the clinics that sued said the ruling was welcome.", "Lawyers for the clinics"),
        ("One person familiar with the plans said the cut was agreed.", "one person familiar with the plans"),
        ("Another person close to the board said the cut was agreed.", "person close to the board"),
    ],
)
def test_an_unnamed_source_keeps_whose_it_is(nlp, text, description):
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_kind"]) == (description, "unnamed")


def test_the_lede_s_indefinite_description_is_the_person_named_later(nlp):
    text = (
        "A federal judge on Monday blocked the law, saying it likely violated the constitution.\n\n"
        "U.S. District Judge Maria Alvarez wrote that the law was void."
    )
    assert [a["speaker_canonical"] for a in attributions(nlp, text)] == ["Maria Alvarez", "Maria Alvarez"]


def test_it_is_the_organisation_in_focus(nlp):
    text = "Northgate Bank said profits fell. It said 1,200 jobs would go."
    assert [a["speaker_canonical"] for a in attributions(nlp, text)] == ["Northgate Bank", "Northgate Bank"]


def test_an_apposition_s_article_is_no_part_of_the_role(nlp):
    a = only(nlp, "“Costs are bloated,” said Mark Feld, a banking analyst at the broker.")
    assert a["speaker_role"] == "banking analyst at the broker"


def test_a_name_particle_is_no_role(nlp):
    found = attributions(
        nlp, "Economy Minister Joost van Dam urged calm. “Nobody wins a long strike,” van Dam said."
    )
    assert [(a["speaker_canonical"], a["speaker_role"]) for a in found][-1] == (
        "Joost van Dam",
        "Economy Minister",
    )


def test_what_an_organisation_is_before_its_name_is_its_role(nlp):
    a = only(nlp, "Shipping company Maersk said it was diverting some vessels.")
    assert (a["speaker_canonical"], a["speaker_role"], a["speaker_kind"]) == (
        "Maersk",
        "Shipping company",
        "organisation",
    )


def test_a_name_of_several_proper_nouns_keeps_them_all(nlp):
    a = only(nlp, "The US State Department said the talks had failed.")
    assert a["speaker_canonical"] == "US State Department"


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Civil rights groups criticised the law. “It is cruel,” they said.", "Civil rights groups"),
        ("The law was criticised by rights groups. “It is cruel,” they said.", "rights groups"),
        ("Police arrested two men on Sunday. They said the men were armed.", "Police"),
        ("Smith and Jones left the hearing early. They said the judge was biased.", "Smith and Jones"),
    ],
)
def test_they_stands_for_the_group_named_just_before(nlp, text, group):
    a = next(a for a in attributions(nlp, text) if a["speaker"].lower() == "they")
    assert a["speaker_canonical"] == group


def test_they_after_they_is_the_same_group(nlp):
    found = attributions(nlp, "Democrats said the bill was dead. They added that talks would resume in May.")
    assert [a["speaker_canonical"] for a in found] == ["Democrats", "Democrats"]


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose sharply in March. “It is a worry,” they said.",
        "Maria Lopez criticised the plan. “It is cruel,” they said.",
        "“It is cruel,” they said.",
    ],
)
def test_they_without_a_group_just_before_stays_unresolved(nlp, text):
    a = next(a for a in attributions(nlp, text) if a["speaker"] == "they")
    assert a["speaker_canonical"] is None


def test_a_curly_apostrophe_in_a_name_parses_as_the_straight_one(nlp):
    text = "Councillor Margaret O’Donnell, who led the opposition, called the plan “a disaster”."
    straight = nlp(text.replace("’", "'"))
    assert [(t.dep_, t.head.i) for t in nlp(text)] == [(t.dep_, t.head.i) for t in straight]
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["content"]) == ("Margaret O'Donnell", "the plan “a disaster”")


def test_a_name_glossed_with_a_person_s_role_is_a_person(nlp):
    a = only(
        nlp,
        "“These failings caused real harm,” said Therese Chambers, the regulator’s director of enforcement.",
    )
    assert (a["speaker_canonical"], a["speaker_kind"]) == ("Therese Chambers", "person")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "South Korean President Park Geun-hye said the talks would resume.",
            "Park Geun-hye",
            "South Korean President",
        ),
        ("Secretary General Ban Ki-moon said the talks would resume.", "Ban Ki-moon", "Secretary General"),
    ],
)
def test_a_hyphenated_name_is_one_name(nlp, text, name, role):
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"]) == (name, role)


def test_a_name_in_apposition_to_an_organisation_is_that_organisation(nlp):
    text = "The pilots' union, SNPL, said the strike would go on. “That offer is poor,” the union said."
    found = attributions(nlp, text)
    assert [(a["speaker_canonical"], a["speaker_kind"]) for a in found] == [
        ("SNPL", "organisation"),
        ("SNPL", "organisation"),
    ]
    assert found[0]["speaker_role"] == "pilots' union"


@pytest.mark.parametrize(
    ("text", "group"),
    [
        (
            "Lawyers for the family said they would appeal. “We will not give up,” they said.",
            "Lawyers for the family",
        ),
        ("The judges ruled against the government. “The law is clear,” they wrote.", "judges"),
        ("Democrats noted that Smith had refused. They said he should resign.", "Democrats"),
    ],
)
def test_they_looks_past_what_is_no_speaker_to_the_group(nlp, text, group):
    a = attributions(nlp, text)[-1]
    assert a["speaker_canonical"] == group


def test_they_after_a_person_named_between_stays_unresolved(nlp):
    text = (
        "Critics attacked the plan. Mitt Romney released his returns, even though they showed a low tax rate."
    )
    a = next(a for a in attributions(nlp, text) if a["speaker"] == "they")
    assert a["speaker_canonical"] is None


def test_an_organisation_named_after_the_body_it_is_has_that_as_its_role(nlp):
    a = only(nlp, "The party will split, the opposition party Reform said.")
    assert (a["speaker_canonical"], a["speaker_kind"], a["speaker_role"]) == (
        "Reform",
        "organisation",
        "opposition party",
    )


def test_an_ampersand_joins_one_name(nlp):
    a = only(nlp, "Florida Power & Light said it hoped to restore power by Thursday.")
    assert (a["speaker_canonical"], a["speaker_kind"]) == ("Florida Power & Light", "organisation")


@pytest.mark.parametrize(
    ("text", "canonical", "role"),
    [
        ("Carmaker Volta Motors said it would move 400 jobs.", "Volta Motors", "Carmaker"),
        ("Industry body Rail Partners said operators were unhappy.", "Rail Partners", "Industry body"),
    ],
)
def test_what_an_organisation_is_is_no_part_of_its_name_at_a_sentence_start(nlp, text, canonical, role):
    a = only(nlp, text)
    assert (a["speaker_canonical"], a["speaker_role"], a["speaker_kind"]) == (canonical, role, "organisation")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Budget airline SkyJet cancelled 40 flights. The carrier said the fault was fixed.", "SkyJet"),
        ("Leeds United sacked its manager. The club said a new manager would be named soon.", "Leeds United"),
        (
            "Industry body Rail Partners met on Monday. The body warned of further disruption.",
            "Rail Partners",
        ),
        ("Northgate Bank cut its rates. The central bank said inflation was too high.", "central bank"),
    ],
)
def test_a_description_refers_to_the_organisation_it_fits_and_no_other(nlp, text, canonical):
    """`the carrier` fits what was described as an airline, `the club` a football club, `the body` any
    organisation; `the central bank` is no lender merely called a bank."""
    assert only(nlp, text)["speaker_canonical"] == canonical


def test_it_stands_for_the_organisation_a_description_made_the_subject(nlp):
    text = "The central bank held its rate steady. It said inflation was still above its target."
    a = only(nlp, text)
    assert (a["speaker"], a["speaker_canonical"], a["speaker_kind"]) == ("It", "central bank", "organisation")


def test_a_description_after_a_quotation_is_a_role_without_the_mark(nlp):
    text = (
        "“This is a victory for every family,” its chair, Dorothy Fenn, told reporters. Fenn added that the "
        "group would keep watching the board."
    )
    found = attributions(nlp, text)
    assert [(a["speaker_canonical"], a["speaker_role"]) for a in found] == [("Dorothy Fenn", "chair")] * 2


def test_one_of_them_is_one_of_the_unnamed_group_before(nlp):
    text = (
        "Two people familiar with the talks said officials were weighing a stay. One of them said a decision "
        "could come within days."
    )
    found = attributions(nlp, text)
    assert found[-1]["speaker_canonical"] == "one of two people familiar with the talks"


def test_they_is_the_group_that_spoke_not_a_group_in_what_it_said(nlp):
    text = "Unions said ministers were ignoring the staff. They said a strike was likely."
    found = attributions(nlp, text)
    assert found[-1]["speaker_canonical"] == "Unions"


def test_one_of_them_looks_past_a_clause_describing_the_group(nlp):
    text = (
        "Two EU diplomats, speaking on condition of anonymity because the talks were private, said a deal "
        "was near. One of them said Slovakia was also wavering."
    )
    assert attributions(nlp, text)[-1]["speaker_canonical"] == "one of two EU diplomats"


@pytest.mark.parametrize(
    "text",
    [
        "Paolo Renzi, 38, retired on Sunday. The 38-year-old said he had nothing left to prove.",
        "Paolo Renzi retired on Sunday. The Italian said he had nothing left to prove.",
    ],
)
def test_a_person_described_by_age_or_nationality_is_the_person_named_before(nlp, text):
    assert [a["speaker_canonical"] for a in attributions(nlp, text)] == ["Paolo Renzi"]


def test_a_person_of_another_age_is_no_guess(nlp):
    text = "Paolo Renzi, 38, retired on Sunday. The 52-year-old said he had nothing left to prove."
    assert only(nlp, text)["speaker_canonical"] != "Paolo Renzi"


def test_an_age_is_no_role(nlp):
    text = "38-year-old Tom Reyes won. The 38-year-old said he was happy."
    assert [(a["speaker_canonical"], a["speaker_role"]) for a in attributions(nlp, text)] == [
        ("Tom Reyes", None)
    ]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Jenna Liu of Crestline Securities said the stock would fall.", "Crestline Securities"),
        (
            "Maria Lopez of the University of Chicago, who studies prices, said they would fall.",
            "University of Chicago",
        ),
        ("Sen. John Cornyn of Texas said the bill would pass.", "Sen."),  # where from is no role
    ],
)
def test_the_organisation_someone_is_of_is_their_role(nlp, text, role):
    assert only(nlp, text)["speaker_role"] == role


def test_a_named_person_s_surname_the_recogniser_took_for_an_organisation_is_still_in_focus(nlp):
    text = (
        "Rosa Delgado never planned to run for office. “Running a ward is not running a town,” says former "
        "mayor Phil Grant.\n\nDelgado shrugs off the criticism. “He's right,” she says, laughing."
    )
    assert [a["speaker_canonical"] for a in attributions(nlp, text)] == ["Phil Grant", "Rosa Delgado"]


def test_one_of_several_named_in_apposition_is_that_person(nlp):
    a = only(
        nlp, "One of the families' lawyers, Ruth Adeyemi, said her clients had never agreed to be filmed."
    )
    assert (a["speaker_canonical"], a["speaker_kind"]) == ("Ruth Adeyemi", "person")
