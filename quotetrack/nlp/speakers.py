"""Speakers within one document: the mention as written, and who it is.

`he` is resolved to the person last in subject position, `Blinken` to the fuller name the article used
(`Antony Blinken`), titles and appositions (`US Secretary of State`, `Biden’s national security adviser`)
are split off as the role. What cannot be resolved stays as written, or None for a bare pronoun.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from quotetrack.nlp.cues import CUE_LEMMAS, cue_lemma
from quotetrack.nlp.descriptions import (
    BUSINESS_NOUNS,
    KINDS,
    ORGANISATION_NOUNS,
    Referent,
    folded,
    introduced,
    referent,
    sentence_back,
)
from quotetrack.nlp.mentions import (
    AGE,
    DESCRIPTION_NOUNS,
    FEMALE_HONORIFICS,
    MALE_HONORIFICS,
    ORGANISATION_HEADS,
    PLACES,
    TITLE_WORDS,
    TRADE_DESCRIPTIONS,
    UNNAMED_HEADS,
    appositive_name,
    description_before,
    description_of,
    glossed_as_person,
    is_name_word,
    joins_several,
    name_tokens,
    named_head,
    plain_name,
    role_of,
    role_span,
    speaker_kind,
    titles_a_name,
    unnamed_description,
    without_honorifics,
    words_before,
)
from quotetrack.nlp.names import NameMention, resolve_names, role_gender, title_of
from quotetrack.nlp.organisations import organisation_named, organisations
from quotetrack.nlp.subjects import mention_span
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
# Sentences, the pronoun's included, within which `they` looks for the group it stands for.
GROUP_SENTENCES = 2
# Clauses someone reports, and all clauses below a sentence's own.
REPORTED_CLAUSES = frozenset({"ccomp"})
SUBORDINATE_CLAUSES = frozenset({"ccomp", "advcl", "acl", "relcl"})
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

    def __init__(self, doc: Doc, inside: bytes | bytearray | None = None):
        self.doc = doc
        self.inside = inside  # per character, whether it is inside quotation marks
        self.people: dict[str, Person] = {}
        self.names: dict[int, NameMention] = {}  # by token index of the name's last word
        self.subjects: list[tuple[int, str]] = []  # (token index, person name) of person mentions
        self.last_anonymous: str | None = None  # the head noun of the last `one official`-like source
        self.unnamed: set[str] = set()  # descriptions of unnamed sources a pronoun may stand for
        self.organisations_speaking: list[tuple[int, str]] = []  # (token index, name), for `it said`
        self.described: list[Referent] = []  # people and their roles' head nouns, for `the headteacher`
        self.groups: dict[int, Span] = {}  # the group each `they` resolved so far stands for, by token index
        self.organisations = organisations(doc)
        self._collect()

    def _collect(self) -> None:
        person_tokens = {t.i for ent in self.doc.ents if ent.label_ == "PERSON" for t in ent}
        person_spans = {(ent.start, ent.end) for ent in self.doc.ents if ent.label_ == "PERSON"}
        full_names = {
            name_tokens(ent.root)[1] for ent in self.doc.ents if ent.label_ == "PERSON" and len(ent) > 1
        } - {""}
        surnames = {n.split()[-1] for n in full_names}
        sentences = {t.i: n for n, sent in enumerate(self.doc.sents) for t in sent}
        organisation_starts = {o.at for o in self.organisations}  # `Tullow Oil`, a person to the recogniser
        found: list[tuple[Token, NameMention, Span | None]] = []
        for token in self.doc:
            if token.dep_ in ("compound", "flat") or not (
                is_name_word(token) or _missed_surname(token, surnames)
            ):
                continue
            first, name = name_tokens(token)
            titled = first > 0 and titles_a_name(self.doc[first - 1], self.doc[first : token.i + 1])
            titled = titled or glossed_as_person(token)  # `Therese Chambers, the FCA's director`
            known = name in full_names or name in surnames  # `Delgado`, an organisation to the recogniser
            if (
                not name
                or (name.casefold() in PLACES or first in organisation_starts)
                and not (titled or known)
            ):
                continue
            is_person = (
                titled
                or any(t in person_tokens for t in range(first, token.i + 1))
                or name.split()[-1] in surnames
            )
            if not is_person:
                continue
            role_words = role_span(token, first)
            role = without_honorifics(role_words) if role_words is not None else None
            before = [t.text for t in self.doc[token.left_edge.i : first]]
            honorific = self.doc[first - 1].lower_ if first > 0 else ""
            gender = "m" if honorific in MALE_HONORIFICS else "f" if honorific in FEMALE_HONORIFICS else None
            mention = NameMention(token.i, sentences[token.i], name, title_of(before), gender)
            mention.quoted = self.inside is not None and bool(self.inside[token.idx])
            mention.recognised = titled or (first, token.i + 1) in person_spans
            if role:
                mention.roles.append(role)
            self.names[token.i] = mention
            found.append((token, mention, role_words if role else None))
        resolve_names(list(self.names.values()))
        for token, mention, role_words in found:
            person = self.people.setdefault(mention.canonical, Person(mention.canonical))
            person.roles.extend(r for r in mention.roles if r not in person.roles)
            person.gender = person.gender or mention.gender or role_gender(mention.roles)
            if role_words is not None and _describes(role_words):
                head, words = role_words.root.lemma_.lower(), tuple(folded(t.text) for t in role_words)
                referent = Referent(token.i, mention.canonical, frozenset({head}), True, role=words)
                self.described.append(referent)
            quoted = self.inside is not None and self.inside[token.idx]  # a name inside a quote is no speaker
            if token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "appos", "poss") and not quoted:
                self.subjects.append((token.i, mention.canonical))

    def description_referent(self, span: Span) -> Referent | None:
        """Whom a description (`the headteacher`, `the lender`) refers to, if the article names it."""
        return referent(span, self.described, self.organisations)

    def canonical(self, head: Token, first: int, name: str) -> str:
        """Who the name ending at `head` is: `Blinken` -> `Antony Blinken` (see `quotetrack.nlp.names`)."""
        if head.i in self.names:
            return self.names[head.i].canonical
        before = [t.text for t in self.doc[head.left_edge.i : first]]
        mention = NameMention(head.i, len(list(self.doc[: head.i + 1].sents)) - 1, name, title_of(before))
        resolve_names([*self.names.values(), mention])
        return mention.canonical

    def knows_surname(self, token: Token) -> bool:
        """A capitalised word that is the last word of a person's name the article gives."""
        return _missed_surname(token, {name.split()[-1] for name in self.people})

    def resolve_pronoun(self, pronoun: Token) -> str | None:
        """The person last mentioned as subject within three sentences, of matching gender if known."""
        if pronoun.lower_ not in ("he", "she", "him", "her"):
            return None
        return self.person_in_focus(pronoun, PERSONAL_PRONOUNS.get(pronoun.lower_))

    def person_described(self, span: Span) -> str | None:
        """`the 38-year-old`: the person the article named of that age (`Paolo Renzi, 38,`); `the
        Italian`: the person in focus, as for `he` or `she`; None for other descriptions."""
        if len(span) < 2 or span[0].lower_ != "the":
            return None
        age = AGE.fullmatch(span[1:].text)
        if age is not None:  # only someone the article gave that age: never a guess
            aged = [
                m.canonical for i, m in self.names.items() if i < span.start and _aged(self.doc[i], age[1])
            ]
            return aged[-1] if aged else None
        if len(span) == 2 and span.root.ent_type_ == "NORP" and span.root.tag_ in ("NN", "NNP"):
            return self.person_in_focus(span.root, None)
        return None

    def person_in_focus(self, token: Token, gender: str | None) -> str | None:
        """The person last mentioned as subject within three sentences before `token`, of `gender` if
        known."""
        window_start = sentence_back(token, 3)
        for index, name in reversed(self.subjects):
            if index >= token.i or index < window_start:
                continue
            known = self.people.get(name)
            if known and known.gender and gender and known.gender != gender:
                continue
            if known and gender and not known.gender:
                known.gender = gender
            return name
        return None

    def organisation_in_focus(self, pronoun: Token) -> str | None:
        """What `it` says stands for: the organisation last a speaker or named as a subject within two
        sentences."""
        start = sentence_back(pronoun, 2)
        named = [(o.at, o.name) for o in self.organisations if o.subject and start <= o.at < pronoun.i]
        named += [(i, name) for i, name in self.organisations_speaking if start <= i < pronoun.i]
        return max(named)[1] if named else None

    def antecedent(self, pronoun: Token) -> Span | None:
        """The mention `they` or `it` stands for when no named organisation is in focus: a group (see
        `group_in_focus`), or the organisation a definite description made the subject of the sentence or
        the one before (`The central bank held its rate. It said ...`)."""
        if pronoun.lower_ == "they":
            group = self.group_in_focus(pronoun)
            if group is not None:
                self.groups[pronoun.i] = group  # `They said ... They added ...`: the same group
            return group
        if pronoun.lower_ != "it":
            return None
        for token in self._subjects_before(pronoun, agents=False):
            if token.pos_ == "PRON" or _plural(token):
                continue
            subject = mention_span(token)
            definite = subject[0].lower_ in ("the", "its")
            return (
                subject
                if definite and token.pos_ == "NOUN" and speaker_kind(subject, False) == "organisation"
                else None
            )
        return None

    def _subjects_before(self, pronoun: Token, agents: bool) -> Iterator[Token]:
        """The subjects (and with `agents`, the agents: `criticised by rights groups`) in the pronoun's
        sentence and the one before, nearest first, outside quotations."""
        for token in reversed(self.doc[sentence_back(pronoun, GROUP_SENTENCES) : pronoun.i]):
            agent = agents and token.dep_ == "pobj" and token.head.dep_ == "agent"
            if token.dep_ not in ("nsubj", "nsubjpass") and not agent:
                continue
            if self.inside is None or not self.inside[token.idx]:
                yield token

    def group_in_focus(self, pronoun: Token) -> Span | None:
        """What `they` stands for: the nearest plural subject in its sentence or the one before, when that
        names people or organisations (`Civil rights groups criticised the law. “...,” they said`); None when
        the nearest plural subject is something else (`Prices rose.`) or a person named or meant alone comes
        between, outside what someone reports (`Romney released his returns, though they showed ...`): no
        one is guessed."""
        for token in self._subjects_before(pronoun, agents=True):
            if not _plural(token):
                if (token.pos_ == "PROPN" or token.lower_ in ("he", "she")) and not _reported(token):
                    return None
                continue
            if token.lower_ == "they":
                if token.i in self.groups:
                    return self.groups[token.i]  # `They said ... They added ...`: the same group
                continue  # `Lawyers said they would appeal`: no speaker, it stands for what is before it
            if _subordinate(token):
                continue  # `Two aides said officials were weighing it. They said`: the aides
            return mention_span(token) if _group(token) else None
        return None

    def note_unnamed(self, head: Token, description: str) -> None:
        """An unnamed source (`one resident`, `a spokeswoman`) is in focus for the next `he` or `she`."""
        self.unnamed.add(description)
        gender = "f" if head.lower_.endswith("woman") else "m" if head.lower_.endswith("sman") else None
        self.people.setdefault(description, Person(description, gender=gender))
        self.note_resolved(head, description)

    def note_resolved(self, pronoun: Token, name: str) -> None:
        """A resolved pronoun keeps its person in focus for the next pronoun."""
        self.subjects.append((pronoun.i, name))
        self.subjects.sort()


def _missed_surname(token: Token, surnames: set[str]) -> bool:
    """`Hendricks said` opening a sentence, tagged a common noun: a capitalised word the article gives as
    a person's surname elsewhere (`state Sen. Paul Hendricks`)."""
    capitalised = token.pos_ in ("NOUN", "PROPN") and token.text[:1].isupper()
    return capitalised and token.text.replace("’", "'") in surnames


def _reported(token: Token) -> bool:
    """Whether the token is in a clause someone reports (`Democrats noted that Pagliano invoked ...`)."""
    return _in_clause(token, REPORTED_CLAUSES)


def _subordinate(token: Token) -> bool:
    """Whether the token is in a clause below the sentence's own: reported (`said officials were ...`),
    adverbial or describing a noun (`diplomats, speaking because the talks were private,`)."""
    return _in_clause(token, SUBORDINATE_CLAUSES)


def _in_clause(token: Token, relations: frozenset[str]) -> bool:
    """Whether a clause hung by one of `relations` holds the token."""
    while token.head != token:
        if token.dep_ in relations:
            return True
        token = token.head
    return False


def _aged(name: Token, years: str) -> bool:
    """`Paolo Renzi, 38,` or `38-year-old Paolo Renzi`: the name is given that age."""
    for t in name.children:
        if t.dep_ == "appos" and t.text == years:
            return True
        age = AGE.fullmatch(t.doc[t.left_edge.i : t.i + 1].text) if t.dep_ == "amod" else None
        if age is not None and age[1] == years:
            return True
    return False


def _plural(token: Token) -> bool:
    """A plural noun, names joined by `and`, or `they`."""
    return (
        token.tag_ in ("NNS", "NNPS")
        or token.lower_ == "they"
        or any(t.dep_ == "conj" for t in token.children)
    )


def _group(token: Token) -> bool:
    """A plural mention of people or organisations: the subject of a cue (`rights groups criticised`),
    a source or body (`officials`, `unions`), people by what they do (`lawyers`), a people or party
    (`Democrats`), or names joined by `and`."""
    lemma = token.lemma_.lower()
    return (
        (token.dep_ == "nsubj" and cue_lemma(token.head) in CUE_LEMMAS)
        or token.lower_ in UNNAMED_HEADS
        or lemma in ORGANISATION_HEADS
        or lemma in DESCRIPTION_NOUNS
        or lemma in TITLE_WORDS
        or token.ent_type_ in ("ORG", "NORP", "PERSON")
        or (token.pos_ == "PROPN" and any(t.dep_ == "conj" for t in token.children))
    )


def _describes(role: Span) -> bool:
    """A role headed by a noun (`the headteacher of ...`, `Fire Chief`), not a parse's stray phrase."""
    return role.root.pos_ in ("NOUN", "PROPN") and role.root.dep_ not in ("pobj", "dobj")


# Documents that speak for whoever issued them: `according to a statement from X`, `X's figures show`.
DOCUMENT_NOUNS = frozenset(
    """
    statement report figures data survey study analysis filing letter release memo poll estimate estimates
    projections assessment document documents records
    """.split()
)
# `a report by X`, `a statement from X`; not `of` (`an analysis of super PACs` is about them).
AUTHOR_PREPOSITIONS = frozenset({"from", "by"})
# `The report, published by X,`: participles whose agent wrote the document (not `commissioned by`).
AUTHOR_PARTICIPLES = frozenset(
    {"publish", "issue", "release", "produce", "compile", "write", "conduct", "prepare"}
)


def document_owner(span: Span) -> Span | None:
    """Who issued a document that is given as a source: the name after `from`, `by` or `published by`,
    before `'s` (`the city's own figures`) or before the document (`A Reuters analysis`); not a pronoun's
    (`its report`), which names no one."""
    root = span.root
    if root.lemma_.lower() not in DOCUMENT_NOUNS and root.lower_ not in DOCUMENT_NOUNS:
        return None
    before = span.doc[root.i - 1] if root.i > span.start else None
    if before is not None and before.dep_ == "compound" and before.head == root:
        name = span.doc[before.left_edge.i : root.i]
        if all(t.pos_ == "PROPN" for t in name):
            return name
    for child in root.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return mention_span(child)
        by = child
        if child.dep_ == "acl" and child.lemma_.lower() in AUTHOR_PARTICIPLES:
            by = next((t for t in child.children if t.dep_ == "agent"), child)  # `published by X`
        if by.dep_ in ("prep", "agent") and by.lower_ in AUTHOR_PREPOSITIONS:
            owner = next((t for t in by.children if t.dep_ == "pobj"), None)
            if owner is not None and owner.pos_ in ("PROPN", "NOUN"):
                return mention_span(owner)
    return None


def resolve_speakers(doc: Doc, candidates: list[Candidate], text: TextGeometry) -> list[Attribution]:
    """The candidates as Attribution records, each with its speaker mention, its offsets and who it is.

    Speakers are resolved in the order of their cues, so a pronoun finds the person last in focus; the
    records come back in the candidates' order. A relative pronoun (`who`) is kept as the mention; it is
    resolved through the candidate's `referent`.
    """
    speakers = DocumentSpeakers(doc, text.inside)
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
    if (owner := document_owner(span)) is not None:
        # `a statement from the National Weather Service`, `the company's annual report`: its author
        mention = {"speaker": span.text, "speaker_start": span.start_char, "speaker_end": span.end_char}
        return {**_describe(owner, speakers), **mention}
    root = span.root
    canonical: str | None
    role = kind = None
    if joins_several(span):
        canonical, is_person = plain_name(span), False
    elif (root.lower_ in ONE_OF_MANY or any(t.lower_ in ONE_OF_MANY and t.i < root.i for t in span)) and (
        appositive_name(root) is None  # not `One of the families' lawyers, Ruth Adeyemi,`: she is named
    ):
        # `one official said ..., another said ...`: anonymous sources, named by their head noun, or by
        # all the description says (`one of the people familiar with the discussions`, `another person
        # close to the board`, without the `another`)
        if (group := _group_of_one(root, speakers)) is not None:
            described = unnamed_description(group)  # `Two aides said ... One of them said`
            canonical = speakers.last_anonymous = "one of " + described[:1].lower() + described[1:]
        elif any(t.dep_ in ("prep", "amod", "acl") for t in root.rights if t.i < span.end):
            described = span[1:] if span[0].lower_ == "another" and len(span) > 1 else span
            canonical = speakers.last_anonymous = described.text[:1].lower() + described.text[1:]
        elif root.lower_ in ONE_OF_MANY:
            canonical = speakers.last_anonymous  # `another` is another of the same, if any was named
        else:
            canonical = speakers.last_anonymous = root.lemma_.lower()
        if canonical:
            speakers.note_unnamed(root, canonical)
        return {
            "speaker": span.text,
            "speaker_start": span.start_char,
            "speaker_end": span.end_char,
            "speaker_canonical": canonical,
            "speaker_role": None,
            "speaker_kind": "unnamed",
        }
    elif root.lower_ == "it" and (named := speakers.organisation_in_focus(root)) is not None:
        canonical, is_person, kind = named, False, "organisation"  # `Northgate said ... It said`
    elif (antecedent := speakers.antecedent(root)) is not None:
        # `Unions condemned the cuts. They said ...`: the unions; `The central bank held rates. It said`
        mention = {"speaker": span.text, "speaker_start": span.start_char, "speaker_end": span.end_char}
        return {**_describe(antecedent, speakers), **mention}
    elif root.lower_ in PERSONAL_PRONOUNS:
        canonical = speakers.resolve_pronoun(root)
        is_person = canonical is not None and canonical not in speakers.unnamed
        if canonical in speakers.unnamed:  # `One resident said ... “They come,” she said`
            speakers.note_resolved(root, canonical)
            kind = "unnamed"
    else:
        appositive = appositive_name(root)  # `Its chief executive, Dr Paul Menzies, 61, said`
        head = appositive if appositive is not None else named_head(span)
        if is_name_word(head):
            first, name = name_tokens(head)
        elif head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > head.sent.start:
            first, name = head.i, head.text.replace("’", "'")  # a surname the tagger missed: `O’Donnell`
        elif speakers.knows_surname(head):
            first, name = head.i, head.text.replace("’", "'")  # `Hendricks said`, a noun to the tagger
        else:
            first, name = head.i, ""
        full = speakers.canonical(head, first, name) if name else ""
        is_person = full in speakers.people
        canonical = full if is_person else plain_name(span)
        if is_person:
            after = appositive is not None and appositive.i >= span.end  # not `expert Raj Patel`
            described = description_of(span) if after else None
            role = described or role_of(head, first) or description_before(span, first)
        elif appositive is not None and any(o.at == first for o in speakers.organisations):
            # `The pilots' union, SNPL, said`: the organisation's name, and what it is as its role
            canonical, role, kind = full or name, description_of(span), "organisation"
        elif name and head.ent_type_ not in ("GPE", "LOC") and _common_description(span, first):
            # `Shipping company Maersk`: the organisation's name, and what it is as its role
            canonical, role, kind = name, description_before(span, first), "organisation"
        elif (described_person := speakers.person_described(span)) is not None:
            canonical, is_person = described_person, True  # `the 38-year-old`, `the Italian`
        elif (referent := speakers.description_referent(span)) is not None:
            # `the headteacher`, `the lender`: a description of someone the article names
            canonical, is_person, role = referent.name, referent.is_person, description_of(span)
            kind = "person" if is_person else "organisation"
        elif (named := organisation_named(span, speakers.organisations)) is not None:
            canonical, kind = named.name, "organisation"  # `the Fed` after `the Federal Reserve`
        elif (later := introduced(span, speakers.described)) is not None:
            canonical, is_person, role = later.name, True, description_of(span)  # the lede's `A judge`
        elif root.tag_ == "NN" and span[0].lower_ in ("a", "an") and root.pos_ == "NOUN":
            # `A spokeswoman for the union said ...`: all the description says, in focus for `she`
            canonical, kind = unnamed_description(span), "unnamed"
            speakers.note_unnamed(root, canonical)
        elif root.tag_ == "NNS" and speaker_kind(span, False) == "unnamed":
            canonical = unnamed_description(span)  # `Lawyers for the clinics said`
    kind = kind or speaker_kind(span, is_person)
    if kind == "organisation" and canonical:
        speakers.organisations_speaking.append((root.i, canonical))
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
        "speaker_kind": kind,
    }


def _group_of_one(root: Token, speakers: DocumentSpeakers) -> Span | None:
    """The unnamed sources `One of them` is one of: the group `them` stands for, when unnamed."""
    them = [
        t for of in root.rights if of.lower_ == "of" for t in of.children if t.lower_ in ("them", "those")
    ]
    if root.lower_ != "one" or not them:
        return None
    group = speakers.group_in_focus(them[0])
    return group if group is not None and speaker_kind(group, False) == "unnamed" else None


def _common_description(span: Span, name_start: int) -> bool:
    """Words before a name that say what kind of organisation it is (`Shipping company`, `tech giant`,
    `the carmaker`, `the national weather agency`): common nouns and adjectives ending in a business
    noun or a body's (not a person's title); `the US State Department` and `the state Supreme Court` are
    each one name."""
    words = words_before(span, name_start)
    if not words or not all(t.pos_ in ("NOUN", "ADJ") or t.lower_ in TRADE_DESCRIPTIONS for t in words):
        return False
    last = words[-1].lower_
    body = last in ORGANISATION_HEADS and last not in TITLE_WORDS or last in ORGANISATION_NOUNS
    return last in BUSINESS_NOUNS or last in KINDS or body
