"""The scan over a parsed document: every cue word becomes a candidate attribution, or nothing.

Four kinds of cue: a verb of saying or thinking (`said`, `fear`, `seems`), the phrase `according to`,
a speaker label before a colon (`Kerry: ...`), and a dash crediting a quotation to a name after it
(`“...” ― Carla Sanchez`, as in reader roundups and epigraphs). A verb cue's content is looked for by
the rules of `quotetrack.nlp.content`, in order; its speaker is its subject (`quotetrack.nlp.subjects`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

from quotetrack.nlp import content
from quotetrack.nlp.cues import (
    ACCORDING_TO,
    ADDRESS_VERBS,
    DIRECTIVE_VERBS,
    IMPRESSION_VERBS,
    OBJECT_CONTENT_VERBS,
    PASSIVE_CLAUSE_VERBS,
    PREPOSITION_CONTENT_VERBS,
    SECTION_LABELS,
    SPEECH_VERBS,
    STORM_WORDS,
    cue_lemma,
)
from quotetrack.nlp.nesting import select
from quotetrack.nlp.quotation_marks import Quotation
from quotetrack.nlp.subjects import SETTING_ENTITIES, mention_span, relative_referent, verb_subject
from quotetrack.nlp.text_geometry import TextGeometry, only_joiners
from quotetrack.records import Attribution

# A speaker label before a colon (`Sen. Ted Cruz: ...`) is at most this many tokens.
MAX_LABEL_TOKENS = 6
# A dash after a closing quotation mark that credits the quotation to the name after it, up to the line's end.
DASH_CREDIT = re.compile(r"[ \t\u00a0]*[―—–-][ \t\u00a0]*")
# A credited quotation says something: at least this many words (not a scare-quoted phrase).
MIN_CREDITED_WORDS = 4
# `That’s according to the report.` points back to the sentence before.
DEMONSTRATIVE_COPULA = {"that", "this", "it", "’s", "'s", "is", "was"}


@dataclass
class Candidate:
    """An attribution before speaker resolution: character offsets, and the speaker as a Span so it can be
    resolved in context."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    cue_lemma: str
    speaker: Span | None
    referent: Span | None = None  # what a relative pronoun speaker (`who`) stands for

    def overlaps(self, other: Candidate) -> bool:
        inter = min(self.end, other.end) - max(self.start, other.start)
        union = max(self.end, other.end) - min(self.start, other.start)
        return union > 0 and inter / union >= 0.5

    def nests_in(self, other: Candidate) -> bool:
        """Whether this report, cue and content, is part of what `other` reports (`Officials expect X`
        in `Officials expect X, the mayor's office said`): a report within a report, however much of the
        content the two share, not the same report found twice."""
        return (
            self.cue_start != other.cue_start
            and other.start <= min(self.start, self.cue_start)
            and max(self.end, self.cue_end) <= other.end
        )

    def attribution(self, text: TextGeometry, **speaker: Any) -> Attribution:
        """The candidate as a record, with its kind, the sentences around it for context, and the `speaker`
        fields resolution found."""
        first, last = min(self.start, self.cue_start), max(self.end, self.cue_end)
        sentence_start, sentence_end = text.sentences_around(first, last) or (self.start, self.end)
        speaker_start = self.speaker.start_char if self.speaker is not None else None
        parts = text.quoted_pieces(self.start, self.end, self.cue_start, self.cue_end, speaker_start)
        return Attribution(
            content_start=self.start,
            content_end=self.end,
            content=text.reader_text(parts),
            content_parts=tuple(parts),
            kind=text.kind(self.start, self.end),
            cue=text.text[self.cue_start : self.cue_end],
            cue_lemma=self.cue_lemma,
            cue_start=self.cue_start,
            cue_end=self.cue_end,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            **speaker,
        )


def find_candidates(text: TextGeometry, cue_lemmas: frozenset[str], nested: bool = False) -> list[Candidate]:
    """The document's candidates in text order (see `quotetrack.nlp.nesting.select` for which are kept)."""
    return select(text.doc, _scan(text, cue_lemmas), nested)


def _scan(text: TextGeometry, cue_lemmas: frozenset[str]) -> Iterator[Candidate]:
    doc = text.doc
    for quotation in text.quotations:  # first: a credit names its speaker outright
        credited = _dash_credit(text, quotation)
        if credited is not None:
            yield credited
    for token in doc:
        if text.inside[token.idx]:
            continue
        if _opens_according_to(token):
            candidate = _according_to(text, token)
        elif cue_lemma(token) in cue_lemmas and token.pos_ in ("VERB", "AUX"):
            candidate = _verb_cue(text, token, cue_lemmas)
        elif token.text == ":" and token.i - token.sent.start <= MAX_LABEL_TOKENS:
            candidate = _speaker_label(text, token)
        else:
            candidate = None
        if candidate is not None:
            yield candidate


def _verb_cue(text: TextGeometry, verb: Token, cue_lemmas: frozenset[str]) -> Candidate | None:
    if any(child.dep_ == "neg" and not text.inside[child.idx] for child in verb.children):
        return None  # `he didn't explain how ...` reports nothing; `said: “Absolutely not.”` does
    if _describes_its_head(verb):
        return None  # `those saying ...`, `voters who support ...`: a description, not a source
    lemma = cue_lemma(verb)
    if addresses_only(verb, lemma):
        return None
    passive_subject = next((t for t in verb.children if t.dep_ == "nsubjpass"), None)
    if passive_subject is not None and lemma in PASSIVE_CLAUSE_VERBS:
        return _passive_cue(text, verb, lemma, passive_subject, cue_lemmas)
    if lemma in IMPRESSION_VERBS:
        return _impression(text, verb, lemma)
    speaker = None if _put_to_someone(verb) else verb_subject(verb)
    inverted = speaker is None or bool(text.inside[speaker.root.idx])
    if inverted:
        speaker = _inverted_subject(text, verb)  # a subject inside quotation marks is never the speaker
    if speaker is None:
        speaker = _subject_after_quotation(text, verb)
    if speaker is None and (lemma not in SPEECH_VERBS or verb.tag_ == "VB" and verb.dep_ == "ROOT"):
        return None  # no source, or an imperative (`Ask yourself: ...`)
    found = content.clause_content(text, verb, lemma)
    if found is not None and inverted and speaker is not None and found[0] <= speaker.start_char < found[1]:
        found = None  # `“Nobody,” said X, “should ...”`: the parser took the speaker into the quote's clause
    if found is not None and lemma in SPEECH_VERBS:
        found = content.before_speaker_description(text, speaker, found)
        found = content.after_lead_in(text, verb, speaker, found)
        found = content.split_quotation_start(text, verb, speaker, found)
    if found is None and lemma in SPEECH_VERBS:
        found = content.adjacent_quotation(text, verb, speaker) or content.host_clause(text, verb, speaker)
    if found is None and lemma in OBJECT_CONTENT_VERBS:
        found = content.object_content(text, verb)
    if found is None and lemma in DIRECTIVE_VERBS:
        found = content.object_content(text, verb, infinitive_only=True)
    if found is None and lemma in PREPOSITION_CONTENT_VERBS:
        found = content.prepositional_content(text, verb, PREPOSITION_CONTENT_VERBS[lemma])
    if found is None and lemma in SPEECH_VERBS:
        found = content.preceding_clause(text, verb, speaker)
    if found is None:
        return None
    found = text.extend_over_quotations(*found)
    if found is None:
        return None  # nothing but punctuation inside the marks: `“—,” he said`
    start, end = found
    clause_end = content.clause_bounds(text, verb, speaker)[1]
    if end <= verb.idx and not text.inside[max(end - 1, 0)]:
        end = content.continue_parenthetical(text, verb, cue_lemmas, clause_end, end)
    if end <= verb.idx:
        gloss_end = content.over_speaker_gloss(text, verb, speaker, clause_end)
        end = content.continue_split_quotation(text, verb, gloss_end, end)
    cue_end = verb.idx + len(verb.text)
    return Candidate(start, end, verb.idx, cue_end, lemma, speaker, relative_referent(speaker))


def addresses_only(verb: Token, lemma: str) -> bool:
    """`She thanked the players`: thanks without what for report nothing."""
    if lemma not in ADDRESS_VERBS:
        return False
    return not any(t.dep_ == "prep" and t.lower_ in ADDRESS_VERBS[lemma] for t in verb.subtree)


def _put_to_someone(verb: Token) -> bool:
    """`Asked whether taxes would rise, Vasquez was cautious`: a participle `asked` opening the sentence is
    the question put to the subject, by someone unnamed, not the subject's statement."""
    return (
        cue_lemma(verb) == "ask"
        and verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(t.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for t in verb.children)
    )


def _inverted_subject(text: TextGeometry, verb: Token) -> Span | None:
    """`“Nobody,” said Fire Chief Marcus Bell, “should ...”`: after a quotation, the noun phrase that follows
    the cue outside quotation marks names the speaker, whatever the parser hung it on."""
    q = text.closing_before(verb.idx)
    if q is None or not only_joiners(text.text[q.close_at : verb.idx]):
        return None
    doc = text.doc
    end = verb.i + 1
    while end < verb.sent.end and not (doc[end].is_punct or doc[end].is_space or text.inside[doc[end].idx]):
        end += 1
    run = doc[verb.i + 1 : end]
    if not run or run.root.pos_ not in ("PROPN", "NOUN") or run.root.ent_type_ in SETTING_ENTITIES:
        return None
    return mention_span(run.root)


def _subject_after_quotation(text: TextGeometry, verb: Token) -> Span | None:
    """`“...,” Tulsa police Chief Chuck Jordan said Monday`, parsed with no subject: after a quotation that
    ends in a comma, the words describing someone just before the cue name the speaker, whose name ends
    them."""
    q = text.closing_before(verb.idx)
    if q is None or text.text[q.close_at - 1] != "," or "\n" in text.text[q.close_at : verb.idx]:
        return None
    if not content.speaker_description(text, q.close_at + 1, verb.idx):
        return None
    last = text.doc[verb.i - 1]
    return mention_span(last) if last.pos_ in ("PROPN", "NOUN") and last.i > verb.sent.start else None


def _impression(text: TextGeometry, verb: Token, lemma: str) -> Candidate | None:
    """`New Hampshire seems stable`, `the plan appeared to fail`: how things seem, to nobody named; the
    whole clause is the content. `She appeared on television` has no complement and is no cue."""
    subject = next((t for t in verb.children if t.dep_ == "nsubj"), None)
    if subject is None or not any(t.dep_ in ("xcomp", "acomp", "ccomp", "attr") for t in verb.children):
        return None
    found = _whole_clause(text, verb, subject)
    if found is None:
        return None
    return Candidate(*found, verb.idx, verb.idx + len(verb.text), lemma, None)


def _passive_cue(
    text: TextGeometry, verb: Token, lemma: str, subject: Token, cue_lemmas: frozenset[str]
) -> Candidate | None:
    """`Voters are expected to stay home`, `the deal was viewed by many as a defeat`: a passive cue
    reports its whole clause, subject included; the agent (`by many`), if any, is the source."""
    agent = next((t for t in verb.children if t.dep_ == "agent"), None)
    source = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
    if source is None and _according_to_in(verb.sent):
        return None  # `The court is expected to rule soon, according to filings`: the filings say so
    if source is None and verb.dep_ == "ccomp" and cue_lemma(verb.head) in cue_lemmas:
        return None  # `The state is expected to appeal, two people said`: they say so
    found = _whole_clause(text, verb, subject)
    if found is None:
        return None
    speaker = mention_span(source) if source is not None else None
    return Candidate(*found, verb.idx, verb.idx + len(verb.text), lemma, speaker)


def _according_to_in(sentence: Span) -> bool:
    """Whether the sentence names its source with `according to`."""
    return any(_opens_according_to(t) for t in sentence)


def _opens_according_to(token: Token) -> bool:
    """`according` followed by `to`."""
    doc = token.doc
    return (
        token.lower_ == ACCORDING_TO[0]
        and token.i + 1 < len(doc)
        and doc[token.i + 1].lower_ == ACCORDING_TO[1]
    )


def _whole_clause(text: TextGeometry, verb: Token, subject: Token) -> tuple[int, int] | None:
    """The cue's clause from its subject on, without a closing aside, as content."""
    span = text.trim(subject.left_edge.i, content.before_trailing_aside(text, verb))
    return text.extend_over_quotations(*span) if span else None


def _according_to(text: TextGeometry, according: Token) -> Candidate | None:
    doc = text.doc
    to = doc[according.i + 1]
    source = next((t for t in to.children if t.dep_ == "pobj"), None)
    if source is None:
        return None
    phrase_end = max(t.i for t in according.subtree) + 1
    sentence = according.sent
    before = doc[sentence.start : according.i]
    if sentence.start and len(before) and all(t.lower_ in DEMONSTRATIVE_COPULA for t in before):
        previous = doc[sentence.start - 1].sent  # `That’s according to X.`: the sentence before
        start, end = previous.start, previous.end
    elif according.i - sentence.start <= 1:  # `According to X, ...`: the rest of the sentence
        if phrase_end >= sentence.end - 1:  # the parser hung the sentence on X: it goes on after X's comma
            phrase_end = next((t.i + 1 for t in doc[source.i : sentence.end] if t.text == ","), phrase_end)
        start, end = phrase_end, sentence.end
    elif phrase_end >= sentence.end - 1:  # `..., according to X.`: what came before
        start, end = sentence.start, according.i
    else:  # inside a clause: the clause, from after the phrase when only connectives precede it
        head = according.head
        before = [t for t in head.subtree if t.i < according.i]
        connective = all(t.is_punct or t.dep_ in ("mark", "cc", "advmod") for t in before)
        start = phrase_end if connective else head.left_edge.i
        after_clause = according.i > head.i and doc[according.i - 1].text == ","
        end = according.i if after_clause else head.right_edge.i + 1
    span = text.trim(start, end)
    if span is None:
        return None
    return Candidate(*span, according.idx, to.idx + len(to.text), "according to", mention_span(source))


def _speaker_label(text: TextGeometry, colon: Token) -> Candidate | None:
    """`Kerry: By law, the president sets ...` in headlines and transcripts: a name, a colon, words."""
    label = text.doc[colon.sent.start : colon.i]
    if not label or any(t.pos_ in ("VERB", "AUX") for t in label) or not _names(label):
        return None
    if label.root.ent_type_ in SETTING_ENTITIES or label[0].lower_ in STORM_WORDS:
        return None  # `Washington: ...` datelines, `Monday: ...` agendas, `Storm Bert: ...` events
    rest = text.trim(colon.i + 1, colon.sent.end)
    if rest is None or rest[1] - rest[0] < 12:
        return None
    found = text.extend_over_quotations(*rest)
    if found is None:
        return None
    start, end = found
    return Candidate(start, end, colon.idx, colon.idx + 1, ":", mention_span(label.root))


def _dash_credit(text: TextGeometry, quotation: Quotation) -> Candidate | None:
    """`“Trump must stop portraying Latinos as gangsters.” ― Carla Sanchez`: a quotation, a dash, and a name
    that ends its line (a full stop or a comma and a description may follow)."""
    dash = DASH_CREDIT.match(text.text, quotation.close_at + 1)
    line_end = text.text.find("\n", quotation.close_at)
    line_end = len(text.text) if line_end < 0 else line_end
    if dash is None or dash.end() >= line_end:
        return None
    credit = text.doc.char_span(dash.end(), line_end, alignment_mode="expand")
    if credit is None or len(text.text[quotation.start : quotation.end].split()) < MIN_CREDITED_WORDS:
        return None
    name = 0
    while name < len(credit) and credit[name].pos_ == "PROPN":
        name += 1
    rest = [t for t in credit[name:] if not t.is_space]
    ends_line = not rest or rest[0].text == "," or (rest[0].text == "." and len(rest) == 1)
    if not name or not ends_line:
        return None
    dash_at = text.text.index(dash.group().strip(), quotation.close_at + 1)
    return Candidate(quotation.start, quotation.end, dash_at, dash_at + 1, "credit", credit[:name])


def _describes_its_head(verb: Token) -> bool:
    """A cue in a clause that describes a common noun (`those saying ...`, `voters who back the plan`) or
    sets a scene (`a time when allies fear ...`); a relative clause reporting a clause is still a source
    (`voters who said the economy matters`)."""
    if verb.head.pos_ == "PROPN":
        return False
    if verb.dep_ == "relcl":
        reports = any(t.dep_ == "ccomp" for t in verb.children)
        return not reports or any(t.tag_ == "WRB" for t in verb.children)
    return verb.dep_ == "acl"


def _names(label: Span) -> bool:
    """A proper noun, or one word the tagger took for a common noun before a headline's colon (`Sanders:`);
    not a shout (`BREAKING:`, `Breaking:`) or a section label (`Update:`)."""
    root = label.root
    if root.pos_ == "PROPN":
        return True
    if len(label) > 1 or root.pos_ != "NOUN" or not root.is_title or root.lower_ in SECTION_LABELS:
        return False
    return not root.lower_.endswith("ing")
