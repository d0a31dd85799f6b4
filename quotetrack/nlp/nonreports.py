"""What looks like a report but says nothing a reader would quote as someone's claim.

Cue words also write refusals (`declined to comment`, `told reporters she had no comment`), requests for
comment (`did not respond to a request for comment`), questions put to someone (`Asked whether taxes would
rise, ...`, `She was asked if ...`), hearsay with no one behind it (`The school is said to be the oldest`),
thanks and congratulations (`She thanked staff for working late`: a courtesy, not a claim), deliberation
(`The court is considering a challenge`), and quotation marks also set off titles (`his book “The Silent
Breach”`) and scare quotes (`the so-called “recovery plan”`). These are checked on every candidate, the
rules' and the trained model's alike, after both are found.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from quotetrack.nlp.candidates import Candidate
from quotetrack.nlp.content import is_setting
from quotetrack.nlp.cues import ADDRESS_VERBS, cue_lemma
from quotetrack.nlp.mentions import AGE, TITLE_WORDS
from quotetrack.nlp.subjects import mention_span
from quotetrack.nlp.text_geometry import TextGeometry

# `declined to comment`, `refused to say whether ...`: refusals to speak report nothing.
REFUSALS = frozenset({"decline", "refuse"})
SILENCES = frozenset(
    """
    comment elaborate discuss speculate say answer respond confirm specify disclose detail identify name
    reveal give provide interview draw
    """.split()
)
# Verbs that weigh a thing without a view of it, when their object is all they take (`is considering a
# bid`).
DELIBERATIONS = frozenset({"consider", "weigh", "review", "study", "examine"})
# `she had no comment`, `no further comment`: a refusal, when that is about all the content says.
NO_COMMENT = re.compile(r"\bno (?:further |immediate )?comments?\b", re.IGNORECASE)
MAX_REFUSAL_WORDS = 6
# The terms on which someone spoke (`on condition of anonymity`, `on background`, `off the record`, `on
# the phone`), which `speak on` and `talk on` would otherwise take for what they spoke about.
SPEAKING_VERBS = frozenset({"speak", "talk"})
TERMS_OF_SPEAKING = frozenset(
    {"condition", "background", "record", "anonymity", "phone", "telephone", "camera"}
)
# `a request for comment`, `reached for comment`.
FOR_COMMENT = re.compile(r"\bfor (?:further |immediate )?comments?\b", re.IGNORECASE)
# `questioned whether` doubts, a stance of its own; `asked whether` only asks.
QUESTION_CUES = frozenset({"ask", "inquire", "enquire"})
QUESTION_WORDS = frozenset({"whether", "if", "how", "what", "why", "when", "where", "who", "which"})
# `is said to be`, `was reported to have`: the passive of these names no source.
HEARSAY = frozenset({"say", "report", "rumour", "rumor"})
# Nouns before a quotation that make it the title of a work, and the mark of a scare quote.
WORK_NOUNS = frozenset(
    """
    book novel memoir biography film movie documentary series show programme program album song single play
    musical opera poem essay article column podcast episode painting exhibition report
    """.split()
)
SCARE_MARKERS = frozenset({"so-called", "so", "called", "dubbed", "branded", "labelled", "labeled"})
# Verbs of reacting to something: with only that thing as object (`welcomed the ruling`, `condemned the
# decision`, `dismissed the criticism`) they say how someone took it, not what they said; `criticised the
# law for ...`, `welcomed the ruling, saying ...` and `called it “cruel”` report more.
# The words of a bare description: `the ruling`, `its controversial new rules`, `the two bills`.
BARE_MODIFIERS = frozenset({"det", "amod", "compound", "advmod", "nummod", "poss"})
# Verbs of showing, which with a person as subject and a bare object show a feeling (`showed no emotion`,
# `displayed little remorse`), no report; the figures or a video that show something report it.
DISPLAYS = frozenset({"show", "display"})
REACTIONS = frozenset(
    """
    welcome applaud hail praise criticize criticise condemn denounce decry deplore slam blast dismiss reject
    """.split()
)


def is_report(text: TextGeometry, candidate: Candidate) -> bool:
    """Whether a reader would call the candidate someone's statement (or belief)."""
    doc = text.doc
    cue = doc.char_span(candidate.cue_start, candidate.cue_end, alignment_mode="expand")
    content = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    if cue is None or content is None:
        return True
    verb = cue.root  # `said` of `is said`, `wrote` of `wrote about`
    return not (
        cue_lemma(verb) in ADDRESS_VERBS
        or _reaction_only(text, verb, candidate)
        or _deliberation(text, verb, content)
        or _refusal(verb, cue, content)
        or bool(FOR_COMMENT.search(text.text[candidate.start : candidate.end]))
        or _no_comment(content)
        or _question_put(text, verb, candidate)
        or _hearsay(verb)
        or _names_a_work(text, content)
        or _stray_phrase(text, verb, content)
        or _speaker_in_content(text, candidate)
        or _terms_of_speaking(verb, content)
    )


def _terms_of_speaking(verb: Token, content: Span) -> bool:
    """`speaking on condition of anonymity`, `spoke on background`, `talked on the phone`: how someone
    spoke, not what about (`spoke on climate change` is); nor why (`spoke on condition of anonymity to
    discuss private deliberations`)."""
    if cue_lemma(verb) in SPEAKING_VERBS and content.root.lemma_.lower() in TERMS_OF_SPEAKING:
        return True
    speaking = verb.head
    return (
        verb.dep_ == "advcl"
        and any(t.dep_ == "aux" and t.lower_ == "to" for t in verb.children)
        and cue_lemma(speaking) in SPEAKING_VERBS
        and any(
            t.lemma_.lower() in TERMS_OF_SPEAKING
            for p in speaking.children
            if p.dep_ == "prep"
            for t in p.subtree
        )
    )


def _speaker_in_content(text: TextGeometry, candidate: Candidate) -> bool:
    """A source is never part of what it said: `Fed holds rates steady, signals ...` parsed with `rates` as
    the subject of `signals` and the clause around it as content. A cue inside its content brings its
    speaker along (`This campaign, the senator says, is different`, `a probe the agency said was
    ongoing`); a split quote's cue and speaker stand between its pieces, not in them."""
    speaker = candidate.speaker
    if speaker is None or candidate.start <= candidate.cue_start < candidate.end:
        return False
    pieces = text.quoted_pieces(candidate.start, candidate.end, candidate.cue_start, candidate.cue_end)
    return any(start <= speaker.start_char and speaker.end_char <= end for start, end in pieces)


def _reaction_only(text: TextGeometry, verb: Token, candidate: Candidate) -> bool:
    """`Civil rights groups welcomed the ruling`: a reaction whose content is only the thing reacted to,
    named by a bare description; what it was about (`condemned the deployment of troops`), what they made
    of it (`as reckless`) or a quotation says more."""
    lemma = cue_lemma(verb)
    if lemma not in REACTIONS and not (lemma in DISPLAYS and _a_person(candidate.speaker)):
        return False
    thing = next((t for t in verb.children if t.dep_ == "dobj"), None)
    phrase = text.doc[thing.left_edge.i : thing.right_edge.i + 1] if thing is not None else None
    if phrase is None or text.trim(phrase.start, phrase.end) != (candidate.start, candidate.end):
        return False
    return bare_description(text, phrase)


def _a_person(speaker: Span | None) -> bool:
    """`he`, `Marsh`, `the 45-year-old`: someone, not the figures or a video that `show` something."""
    if speaker is None:
        return False
    root = speaker.root
    return (
        root.lower_ in ("he", "she", "i", "we")
        or root.ent_type_ == "PERSON"
        or bool(AGE.search(speaker.text))
    )


def bare_description(text: TextGeometry, phrase: Span) -> bool:
    """A noun phrase that only names something the story is about (`the ruling`, `its new rules`, `the
    law on Friday`): a noun with determiners, adjectives, compounds, numbers or a possessive pronoun, and
    perhaps when or where; no quotation, nothing said about it."""
    placed = {t.i for prep in phrase if prep.dep_ == "prep" and is_setting(prep) for t in prep.subtree}
    outer = [
        t
        for t in phrase
        if t.i not in placed and not t.is_punct and not phrase.start <= t.head.i < phrase.end
    ]
    if len(outer) != 1 or outer[0].pos_ not in ("NOUN", "PROPN"):
        return False  # a clause, or words the parser did not join into one phrase
    head = outer[0]
    return not any(text.inside[t.idx] for t in phrase) and all(
        t == head
        or t.i in placed
        or t.is_punct
        or (t.dep_ in BARE_MODIFIERS and (t.dep_ != "poss" or t.pos_ == "PRON"))
        for t in phrase
    )


def _no_comment(content: Span) -> bool:
    """`told reporters she had no comment`: a refusal in reported words."""
    words = [t for t in content if not (t.is_punct or t.is_space)]
    return len(words) <= MAX_REFUSAL_WORDS and bool(NO_COMMENT.search(content.text))


def _deliberation(text: TextGeometry, verb: Token, content: Span) -> bool:
    """`The court is considering a challenge`: weighing a thing is no view of it; `considers it a threat`
    and `considers that ...` are."""
    if verb.lemma_.lower() not in DELIBERATIONS:
        return False
    judged = any(t.dep_ in ("oprd", "xcomp", "ccomp", "acomp") for t in verb.children)
    return not judged and not any(t.pos_ in ("VERB", "AUX") and not text.inside[t.idx] for t in content)


def _refusal(verb: Token, cue: Span, content: Span) -> bool:
    """`declined to comment (on ...)`, `refused to say how many`, `declined to give a date`, `declined to be
    named` (the trained model may take `refused to say` for the cue); not `refused to give up`."""
    if verb.lemma_.lower() not in REFUSALS:
        return False
    words = [t for t in [*cue, *content] if t.i > verb.i and not (t.is_punct or t.is_space)]
    if words and words[0].lower_ == "to":
        words = words[1:]
    if len(words) > 1 and words[0].lower_ == "be":
        words = words[1:]  # `declined to be interviewed`
    if not words or any(t.dep_ == "prt" for t in words[0].children):
        return False
    return words[0].lemma_.lower() in SILENCES or words[0].lower_ == "interviews"


def _question_put(text: TextGeometry, verb: Token, candidate: Candidate) -> bool:
    """An indirect question (`asked whether ...`, `was asked if ...`, `asked about the deal`): what someone
    was asked is nobody's claim. A question in quotation marks (`“Why now?” she asked`) is a quote, a
    request (`asked the court to block it`) a report."""
    if verb.lemma_.lower() not in QUESTION_CUES or text.kind(candidate.start, candidate.end) != "indirect":
        return False
    before = text.doc.char_span(min(verb.idx, candidate.start), candidate.start, alignment_mode="expand")
    opener = [t for t in (before or []) if not (t.is_punct or t.is_space)][-1:]
    first = text.doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    words = [*opener, *(first[:1] if first is not None else [])]
    asked = [t for t in verb.children if t.dep_ in ("ccomp", "advcl", "prep")]
    words += [t.left_edge for t in asked]  # `was asked whether she would resign`
    return any(t.lower_ in QUESTION_WORDS or t.lower_ == "about" for t in words)


def _hearsay(verb: Token) -> bool:
    """`The school is said to be the oldest`: a passive `said` with no agent names no source; `The mayor is
    expected to speak on Thursday` says what someone will do, expected by no one named."""
    passive = any(t.dep_ in ("auxpass", "nsubjpass") for t in verb.children)
    if not passive or any(t.dep_ == "agent" for t in verb.children):
        return False
    if verb.lemma_.lower() in HEARSAY:
        return True
    subject = next((t for t in verb.children if t.dep_ == "nsubjpass"), None)
    someone = subject is not None and (_a_person(mention_span(subject)) or subject.lower_ in TITLE_WORDS)
    return verb.lemma_.lower() == "expect" and someone


def _names_a_work(text: TextGeometry, content: Span) -> bool:
    """Content that only names a work or holds a scare quote: no verb outside quotation marks, and a
    quotation after a work noun (`his book “The Silent Breach”`) or `so-called`."""
    if any(t.pos_ in ("VERB", "AUX") and not text.inside[t.idx] for t in content):
        return False
    for q in text.quotations:
        if not content.start_char <= q.open_at < content.end_char:
            continue
        lead = text.doc.char_span(content.start_char, q.open_at, alignment_mode="contract") or []
        words = [t for t in lead if not (t.is_punct or t.is_space)][-2:]
        if any(t.lemma_.lower() in WORK_NOUNS or t.lower_ in SCARE_MARKERS for t in words):
            return True
    return False


def _stray_phrase(text: TextGeometry, verb: Token, content: Span) -> bool:
    """A phrase (`The so-called “recovery plan”`) joined to a cue in another sentence: the trained model
    links such scare quotes to the next cue. A whole quotation (`“Why now?” she asked`) is a quote."""
    whole_quotation = text.kind(content.start_char, content.end_char) == "direct"
    return not whole_quotation and _verbless(content) and verb.sent != content[0].sent


def _verbless(content: Span) -> bool:
    """A phrase (`The so-called “recovery plan”`), not a clause."""
    return not any(t.pos_ in ("VERB", "AUX") and t.lower_ not in SCARE_MARKERS for t in content)
