"""The rules deciding that two wordings are one quote, and the word-by-word differences between them."""

from __future__ import annotations

from quotetrack.store.quote_text import describe, differences, relation, shingles, words

FULL = "We will not accept any plan that leaves the harbour workers without their jobs"


def test_case_quotation_marks_and_punctuation_are_ignored() -> None:
    assert relation(words(f"“{FULL.upper()}!”"), words(FULL)) == "exact"
    assert words("Russia’s war") == words("russia's WAR") == ["russia's", "war"]


def test_a_changed_word_is_a_variant() -> None:
    assert relation(words(FULL.replace("plan", "deal")), words(FULL)) == "variant"


def test_a_dropped_word_is_a_variant() -> None:
    assert relation(words(FULL.replace(" any", "")), words(FULL)) == "variant"


def test_a_compact_part_of_a_longer_quote_is_a_fragment() -> None:
    assert relation(words("any plan that leaves the harbour workers"), words(FULL)) == "fragment"


def test_scattered_words_of_a_longer_quote_are_not_a_fragment() -> None:
    scattered = "we said no plan in the harbour talks will leave all the workers and their jobs behind"
    assert relation(words("we plan the harbour workers jobs"), words(scattered)) is None


def test_quotes_sharing_common_words_do_not_join() -> None:
    other = "We will not accept any delay in the budget talks this year"
    assert shingles(words(other)) & shingles(words(FULL))  # they are candidates of each other...
    assert relation(words(other), words(FULL)) is None  # ...but not the same quote


def test_quotes_under_six_words_are_never_joined_unless_identical() -> None:
    assert relation(words("we will win the vote"), words("we will win the race")) is None


def test_claims_join_only_when_near_identical() -> None:
    claim = "the harbour would reopen next week after repairs to the main quay"
    two_changed = claim.replace("next", "this").replace("main", "old")  # 10 of 12 words the same
    assert relation(words(claim), words(two_changed)) == "variant"  # as quotes
    assert relation(words(claim), words(two_changed), claims=True) is None
    assert relation(words(claim + " wall"), words(claim), claims=True) == "variant"


def test_differences_show_the_changed_word_in_the_version_spelling() -> None:
    changes = differences(FULL, FULL.replace("plan", "Deal"))
    assert describe(changes) == "[-plan-]{+Deal+}"
    assert "".join(change.text for change in changes if change.kind == "same").startswith("We will not")


def test_a_fragment_differs_only_inside_the_stretch_it_comes_from() -> None:
    assert describe(differences(FULL, "any plan that leaves the harbour workers", fragment=True)) == ""
    assert describe(differences(FULL, "any plan which leaves the harbour workers", fragment=True)) == (
        "[-that-]{+which+}"
    )


def test_versions_differing_in_a_number_are_different_statements() -> None:
    template = "Shares of the harbour company rose {} points on Monday"
    assert relation(words(template.format(3)), words(template.format(12))) is None
    assert relation(words(template.format(3)), words(template.format(3).replace("rose", "fell"))) == "variant"
