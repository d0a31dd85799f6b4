"""Speakers within one document: the mention as written, and who it is.

`he` is resolved to the person last in subject position, `Blinken` to the fuller name the article used
(`Antony Blinken`), titles and appositions (`US Secretary of State`, `Biden’s national security adviser`)
are split off as the role. What cannot be resolved stays as written, or None for a bare pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

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
TITLE_WORDS = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sen sen. senator rep rep. representative gov gov. governor president
    vice secretary minister prime foreign deputy general gen gen. chairman chairwoman chair ceo director
    spokesman spokeswoman spokesperson speaker leader mayor judge justice ambassador adviser advisor chief
    former candidate nominee sheriff professor prof prof. rev rev. sir lord king queen pope attorney
    commissioner congressman congresswoman lawmaker officer commander president-elect premier chancellor
    lt. col. sgt. capt. pastor bishop cardinal father state councillor councilor councilman councilwoman
    """.split()
)
# Titles that only ever precede a person's name (`Mayor Ana Ruiz`, `Sen. Cruz`), unlike `State` or `General`.
PERSON_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sen sen. senator rep rep. gov gov. governor president secretary minister
    mayor judge ambassador spokesman spokeswoman spokesperson chancellor premier pastor rev. professor
    prof. lt. col. sgt. capt. congressman congresswoman councillor councilor councilman councilwoman
    """.split()
)
ORGANISATION_HEADS = frozenset(
    """
    government administration ministry department agency office police army military
    campaign committee party council court commission parliament congress senate house white
    kremlin pentagon newspaper network company firm group team spokesman service union bureau embassy
    """.split()
)
UNNAMED_HEADS = frozenset(
    """
    source sources official officials aide aides people person experts expert analysts analyst critics
    observers witnesses residents diplomat diplomats insider insiders someone many some others
    authorities
    """.split()
)
MALE_HONORIFICS = {"mr", "mr."}
# `one official`, `another`: one of several anonymous sources.
ONE_OF_MANY = {"one", "another"}
# Entities that name a place or a people, never a person.
PLACE_ENTITIES = {"GPE", "LOC", "NORP", "FAC", "EVENT"}
PLACES_FILE = resources.files("quotetrack.nlp") / "data" / "places.txt"
PLACES = frozenset(
    line.strip().casefold()
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
FEMALE_HONORIFICS = {"mrs", "mrs.", "ms", "ms."}
HONORIFICS = MALE_HONORIFICS | FEMALE_HONORIFICS | {"dr", "dr.", "prof", "prof.", "mx", "mx."}


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
        self._collect()

    def _collect(self) -> None:
        person_tokens = {t.i for ent in self.doc.ents if ent.label_ == "PERSON" for t in ent}
        full_names = {
            _name_tokens(ent.root)[1] for ent in self.doc.ents if ent.label_ == "PERSON" and len(ent) > 1
        } - {""}
        for token in self.doc:
            if not _is_name_word(token) or token.dep_ in ("compound", "flat"):
                continue
            first, name = _name_tokens(token)
            titled = first > 0 and _titles_a_name(self.doc[first - 1], self.doc[first : token.i + 1])
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
            role = _role(token, first)
            if role and role not in person.roles:
                person.roles.append(role)
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


def _is_name_word(token: Token) -> bool:
    """A proper noun, or a capitalised word of a recognised person's name the tagger took for a common
    noun (`O’Donnell`)."""
    return token.pos_ == "PROPN" or (
        token.pos_ == "NOUN" and token.ent_type_ == "PERSON" and token.text[:1].isupper()
    )


def _titles_a_name(title: Token, name: Span) -> bool:
    """A title only a person bears (`Mayor`, `Sen.`), or a title word before a first and last name that
    names no place or group (`Fire Chief Marcus Bell`, however the recogniser labelled it)."""
    if title.lower_ in PERSON_TITLES:
        return True
    words = [t for t in name if t.lower_ not in TITLE_WORDS]
    return (
        title.lower_ in TITLE_WORDS
        and len(words) >= 2
        and all(t.is_title and t.ent_type_ not in PLACE_ENTITIES for t in words)
    )


def _sentence_back(token: Token, n: int) -> int:
    sentence = token.sent
    for _ in range(n - 1):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    return sentence.start


def _name_tokens(head: Token) -> tuple[int, str]:
    """The proper-noun run ending at head, without titles: `US Secretary of State Antony Blinken` ->
    `Antony Blinken`."""
    doc = head.doc
    first = head.i
    while first > 0:
        prev = doc[first - 1]
        if (
            not _is_name_word(prev)
            or not prev.text[:1].isupper()
            or prev.lower_ in TITLE_WORDS
            or prev.head.i not in (head.i, first)
        ):
            break
        if head.ent_type_ == "PERSON" and (prev.ent_type_ != "PERSON" or prev.ent_iob_ == "O"):
            break  # the recogniser's person span ends here: `Harbour Master | Tom Reyes`
        if head.ent_type_ == "PERSON" and doc[first].ent_iob_ == "B":
            break
        first -= 1
    words = [t.text for t in doc[first : head.i + 1] if t.lower_ not in TITLE_WORDS]
    if any(t.dep_ == "case" for t in doc[first : head.i + 1]):
        return first, ""
    return first, " ".join(words).replace("’", "'")


def _role(head: Token, name_start: int) -> str | None:
    """A title before the name (`Senator`) or an apposition after it (`Biden’s national security adviser`)."""
    doc = head.doc
    left = doc[head.left_edge.i : name_start]
    left_tokens = [t for t in left if t.dep_ != "det" and not t.is_punct]
    role = _without_honorifics(doc[left_tokens[0].i : name_start]) if left_tokens else None
    if role:
        return role
    appos = next((t for t in head.rights if t.dep_ == "appos" and not t.like_num), None)  # not `Smith, 74,`
    if appos is not None:
        return _without_honorifics(doc[appos.left_edge.i : appos.right_edge.i + 1])
    return None


def _without_honorifics(role: Span) -> str | None:
    """A role without the honorifics at its ends (`chief executive Dr` -> `chief executive`); an age or
    an honorific alone is no role."""
    words = [t for t in role if not t.is_punct or t.text in ("’s", "'s")]
    while words and words[0].lower_ in HONORIFICS:
        words = words[1:]
    while words and words[-1].lower_ in HONORIFICS:
        words = words[:-1]
    if not words or all(t.like_num for t in words):
        return None
    return role.doc[words[0].i : words[-1].i + 1].text.strip(" ,") or None


def _named_head(span: Span) -> Token:
    """The name a mention is about: its root, or the name a description stands before (`Cybersecurity
    expert Raj Patel`, `the company’s chief executive Dr Helen Shaw`)."""
    root = span.root
    if root.pos_ == "NOUN" and not _is_name_word(root) and _is_name_word(span[-1]):
        return span[-1]
    return root


def _description(span: Span, name_start: int) -> str | None:
    """What the mention says of the person before the name: `Cybersecurity expert` of `Cybersecurity
    expert Raj Patel`."""
    words = [t for t in span if t.i < name_start]
    while words and (words[0].dep_ == "det" or words[0].is_punct):
        words = words[1:]
    return _without_honorifics(span.doc[words[0].i : words[-1].i + 1]) if words else None


def speaker_kind(span: Span, is_person: bool) -> str | None:
    """person, organisation, place, group or unnamed: what sort of source is speaking."""
    if is_person:
        return "person"
    root = span.root
    if any(t.dep_ == "conj" for t in span):
        return "group"
    if root.lower_ in UNNAMED_HEADS or (
        root.pos_ == "NOUN" and root.tag_ == "NNS" and root.lower_ not in ORGANISATION_HEADS
    ):
        return "unnamed"
    if root.ent_type_ in ("GPE", "LOC") or _plain_name(span).casefold() in PLACES:
        return "place"
    if root.ent_type_ in ("ORG", "NORP") or root.lower_ in ORGANISATION_HEADS or root.pos_ == "PROPN":
        return "organisation"
    return "unnamed" if root.pos_ == "NOUN" else None


def _plain_name(span: Span) -> str:
    """A non-person speaker without its leading article or trailing list: `The US government` ->
    `US government`, `NATO and US allies – Australia, ...` -> `NATO and US allies`."""
    tokens = list(span)
    if tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    text = span.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else span.text
    for stop in (" – ", " — ", " - ", ", "):
        text = text.split(stop)[0]
    return text.strip()


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
    role = None
    if any(t.dep_ == "conj" for t in span):
        canonical, is_person = _plain_name(span), False
    elif root.lower_ in ONE_OF_MANY or any(t.lower_ in ONE_OF_MANY and t.i < root.i for t in span):
        # `one official said ..., another said ...`: anonymous sources, named by their head noun
        if root.lower_ in ONE_OF_MANY:
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
        if canonical:
            speakers.note_resolved(root, canonical)
        is_person = canonical is not None
    else:
        head = _named_head(span)
        if _is_name_word(head):
            first, name = _name_tokens(head)
        elif head.pos_ == "NOUN" and head.text[:1].isupper() and head.i > head.sent.start:
            first, name = head.i, head.text.replace("’", "'")  # a surname the tagger missed: `O’Donnell`
        else:
            first, name = head.i, ""
        full = speakers.full_name(name) if name else ""
        is_person = full in speakers.people
        canonical = full if is_person else _plain_name(span)
        if is_person:
            role = _role(head, first) or _description(span, first)
    if is_person and canonical:
        person = speakers.people.get(canonical)
        if role is None and person and person.roles:
            role = person.roles[0]
    return {
        "speaker": span.text,
        "speaker_start": span.start_char,
        "speaker_end": span.end_char,
        "speaker_canonical": canonical,
        "speaker_role": role,
        "speaker_kind": speaker_kind(span, is_person),
    }
