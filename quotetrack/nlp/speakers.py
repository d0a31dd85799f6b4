"""Speakers within one document: the mention as written, and who it is.

`he` is resolved to the person last in subject position, `Blinken` to the fuller name the article used
(`Antony Blinken`), titles and appositions (`US Secretary of State`, `Biden’s national security adviser`)
are split off as the role. What cannot be resolved stays as written, or None for a bare pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from quotetrack.nlp.descriptions import Referent, folded, organisations, referent
from quotetrack.nlp.mentions import (
    FEMALE_HONORIFICS,
    MALE_HONORIFICS,
    PLACES,
    appositive_name,
    description_before,
    description_of,
    is_name_word,
    name_tokens,
    named_head,
    plain_name,
    role_of,
    role_span,
    speaker_kind,
    titles_a_name,
    without_honorifics,
)
from quotetrack.records import Attribution

if TYPE_CHECKING:
    from quotetrack.nlp.candidates import Candidate
    from quotetrack.nlp.text_geometry import TextGeometry

PERSONAL_PRONOUNS = {
    "he": "m",
    "she": "f",
    "him": "m",
    "her": "f",
    "i": None,
    "we": None,
    "they": None,
    "it": None,
}
# `one official`, `another`: one of several anonymous sources.
ONE_OF_MANY = {"one", "another"}


@dataclass
class Person:
    """A person named in the document, keyed by the fullest form of the name."""

    name: str
    roles: list[str] = field(default_factory=list)
    gender: str | None = None


class DocumentSpeakers:
    """Everything known about the people of one document, in reading order."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.people: dict[str, Person] = {}
        self.subjects: list[tuple[int, str]] = []  # (token index, person name) of person mentions
        self.last_anonymous: str | None = None  # the head noun of the last `one official`-like source
        self.described: list[Referent] = []  # people and their roles' head nouns, for `the headteacher`
        self.organisations = organisations(doc)
        self._collect()

    def _collect(self) -> None:
        person_tokens = {t.i for ent in self.doc.ents if ent.label_ == "PERSON" for t in ent}
        full_names = {
            name_tokens(ent.root)[1] for ent in self.doc.ents if ent.label_ == "PERSON" and len(ent) > 1
        } - {""}
        for token in self.doc:
            if not is_name_word(token) or token.dep_ in ("compound", "flat"):
                continue
            first, name = name_tokens(token)
            titled = first > 0 and titles_a_name(self.doc[first - 1], self.doc[first : token.i + 1])
            if not name or (name.casefold() in PLACES and not titled):
                continue
            is_person = (
                titled
                or any(t in person_tokens for t in range(first, token.i + 1))
                or any(n.split()[-1] == name.split()[-1] for n in full_names)
            )
            if not is_person:
                continue
            person = self.people.setdefault(name, Person(name))
            role_words = role_span(token, first)
            role = without_honorifics(role_words) if role_words is not None else None
            if role and role not in person.roles:
                person.roles.append(role)
            if role and role_words is not None and _describes(role_words):
                head, words = role_words.root.lemma_.lower(), tuple(folded(t.text) for t in role_words)
                self.described.append(Referent(token.i, name, frozenset({head}), True, role=words))
            honorific = self.doc[first - 1].lower_ if first > 0 else ""
            if honorific in MALE_HONORIFICS:
                person.gender = "m"
            elif honorific in FEMALE_HONORIFICS:
                person.gender = "f"
            if token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "appos", "poss"):
                self.subjects.append((token.i, name))
        self._merge_short_names()

    def _merge_short_names(self) -> None:
        """`Blinken` names the same person as `Antony Blinken` when exactly one full name fits."""
        for short in list(self.people):
            full = self.full_name(short)
            if full != short:
                self.people[full].roles.extend(
                    r for r in self.people[short].roles if r not in self.people[full].roles
                )
                self.people[full].gender = self.people[full].gender or self.people[short].gender
                del self.people[short]
        self.subjects = [(i, self.full_name(name)) for i, name in self.subjects]
        self.described = [replace(r, name=self.full_name(r.name)) for r in self.described]

    def description_referent(self, span: Span) -> Referent | None:
        """Whom a description (`the headteacher`, `the lender`) refers to, if the article names it."""
        return referent(span, self.described, self.organisations)

    def full_name(self, name: str) -> str:
        words = name.split()
        fits = [
            other
            for other in self.people
            if len(other.split()) > len(words) and other.split()[-len(words) :] == words
        ]
        return fits[0] if len(fits) == 1 else name

    def resolve_pronoun(self, pronoun: Token) -> str | None:
        """The person last mentioned as subject within three sentences, of matching gender if known."""
        gender = PERSONAL_PRONOUNS.get(pronoun.lower_)
        if pronoun.lower_ not in ("he", "she", "him", "her"):
            return None
        window_start = _sentence_back(pronoun, 3)
        for index, name in reversed(self.subjects):
            if index >= pronoun.i or index < window_start:
                continue
            known = self.people.get(name)
            if known and known.gender and gender and known.gender != gender:
                continue
            if known and gender and not known.gender:
                known.gender = gender
            return name
        return None

    def note_resolved(self, pronoun: Token, name: str) -> None:
        """A resolved pronoun keeps its person in focus for the next pronoun."""
        self.subjects.append((pronoun.i, name))
        self.subjects.sort()


def _describes(role: Span) -> bool:
    """A role headed by a noun (`the headteacher of ...`, `Fire Chief`), not a parse's stray phrase."""
    return role.root.pos_ in ("NOUN", "PROPN") and role.root.dep_ not in ("pobj", "dobj")


def _sentence_back(token: Token, n: int) -> int:
    sentence = token.sent
    for _ in range(n - 1):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    return sentence.start


def resolve_speakers(doc: Doc, candidates: list[Candidate], text: TextGeometry) -> list[Attribution]:
    """The candidates as Attribution records, each with its speaker mention, its offsets and who it is.

    Speakers are resolved in the order of their cues, so a pronoun finds the person last in focus; the
    records come back in the candidates' order. A relative pronoun (`who`) is kept as the mention; it is
    resolved through the candidate's `referent`.
    """
    speakers = DocumentSpeakers(doc)
    described: dict[int, dict] = {}
    for i in sorted(range(len(candidates)), key=lambda i: candidates[i].cue_start):
        span, referent = candidates[i].speaker, candidates[i].referent
        described[i] = _describe(referent or span, speakers)
        if referent is not None and span is not None:
            described[i].update(speaker=span.text, speaker_start=span.start_char, speaker_end=span.end_char)
    return [c.attribution(text, **described[i]) for i, c in enumerate(candidates)]


def _describe(span: Span | None, speakers: DocumentSpeakers) -> dict:
    if span is None:
        return {
            "speaker": None,
            "speaker_start": None,
            "speaker_end": None,
            "speaker_canonical": None,
            "speaker_role": None,
            "speaker_kind": None,
        }
    root = span.root
    canonical: str | None
    role = kind = None
    if any(t.dep_ == "conj" for t in span):
        canonical, is_person = plain_name(span), False
    elif root.lower_ in ONE_OF_MANY or any(t.lower_ in ONE_OF_MANY and t.i < root.i for t in span):
        # `one official said ..., another said ...`: anonymous sources, named by their head noun, or by
        # all the description says (`one of the people familiar with the discussions`)
        if any(t.dep_ == "prep" for t in root.rights if t.i < span.end):
            canonical = speakers.last_anonymous = span.text[:1].lower() + span.text[1:]
        elif root.lower_ in ONE_OF_MANY:
            canonical = speakers.last_anonymous  # `another` is another of the same, if any was named
        else:
            canonical = speakers.last_anonymous = root.lemma_.lower()
        return {
            "speaker": span.text,
            "speaker_start": span.start_char,
            "speaker_end": span.end_char,
            "speaker_canonical": canonical,
            "speaker_role": None,
            "speaker_kind": "unnamed",
        }
    elif root.lower_ in PERSONAL_PRONOUNS:
        canonical = speakers.resolve_pronoun(root)
        is_person = canonical is not None
    else:
        appositive = appositive_name(root)  # `Its chief executive, Dr Paul Menzies, 61, said`
        head = appositive if appositive is not None else named_head(span)
        if is_name_word(head):
            first, name = name_tokens(head)
        elif head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > head.sent.start:
            first, name = head.i, head.text.replace("’", "'")  # a surname the tagger missed: `O’Donnell`
        else:
            first, name = head.i, ""
        full = speakers.full_name(name) if name else ""
        is_person = full in speakers.people
        canonical = full if is_person else plain_name(span)
        if is_person:
            after = appositive is not None and appositive.i >= span.end  # not `expert Raj Patel`
            described = description_of(span) if after else None
            role = described or role_of(head, first) or description_before(span, first)
        elif (referent := speakers.description_referent(span)) is not None:
            # `the headteacher`, `the lender`: a description of someone the article names
            canonical, is_person, role = referent.name, referent.is_person, description_of(span)
            kind = "person" if is_person else "organisation"
    if is_person and canonical:
        speakers.note_resolved(root, canonical)  # in focus for the next `he` or `she`
        person = speakers.people.get(canonical)
        if role is None and person and person.roles:
            role = person.roles[0]
    return {
        "speaker": span.text,
        "speaker_start": span.start_char,
        "speaker_end": span.end_char,
        "speaker_canonical": canonical,
        "speaker_role": role,
        "speaker_kind": kind or speaker_kind(span, is_person),
    }
