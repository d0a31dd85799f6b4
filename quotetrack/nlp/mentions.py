"""What a speaker mention says on its own: the name in it, the title, role or description around it, and
what sort of source it is (person, organisation, place, group, unnamed). `quotetrack.nlp.speakers` then
decides, over the whole document, who the mention is.
"""

from __future__ import annotations

import re
from importlib import resources

from spacy.tokens import Span, Token

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
    kremlin pentagon newspaper network company firm group team spokesman service union bureau embassy bank
    """.split()
)
UNNAMED_HEADS = frozenset(
    """
    source sources official officials aide aides people person experts expert analysts analyst critics
    observers witnesses residents diplomat diplomats insider insiders someone many some others
    authorities
    """.split()
)
# Common nouns that describe a person before the name (`Neighbour Margaret O’Donnell`, `Economist Jane
# Lee`), capitalised at a sentence's start and then taken into the name by the tagger and the recogniser.
DESCRIPTION_NOUNS = frozenset(
    """
    neighbour neighbor resident witness farmer teacher nurse student pensioner shopkeeper engineer economist
    analyst lawyer activist campaigner volunteer veteran survivor historian scientist researcher expert
    author novelist actor actress singer musician chef designer architect surgeon paramedic firefighter
    landlord tenant commuter passenger headteacher headmaster headmistress midwife vicar imam rabbi priest
    strategist pollster consultant coach manager owner developer investor trader
    """.split()
)
# Words that say what sort of organisation follows (`Carmaker Volta Motors`, `Insurer Aviva`), taken into the
# name by the tagger at a sentence's start; not words that begin names (`Union Pacific`, `Police Scotland`).
TRADE_DESCRIPTIONS = frozenset(
    """
    carmaker automaker lender insurer airline broadcaster regulator drugmaker miner chipmaker brewer
    publisher housebuilder supermarket grocer retailer manufacturer company firm conglomerate watchdog
    """.split()
)
# An age, never a role: `38-year-old Tom Reyes`, `the 38-year-old`.
AGE = re.compile(r"(\d{1,3})-year-old", re.IGNORECASE)
# Lower-case words inside a person's name.
NAME_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin"}
)
# Prepositions that say whose an unnamed source is: `a spokeswoman for the union`, `an aide to the mayor`.
OWNERS = frozenset({"for", "to", "at", "with", "from"})
MALE_HONORIFICS = {"mr", "mr."}
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


def is_name_word(token: Token) -> bool:
    """A proper noun, or a capitalised word of a recognised person's name the tagger took for a common
    noun (`O’Donnell`), also when the recogniser's person ends before it (`Margaret | O’Donnell`)."""
    if token.pos_ == "PROPN":
        return True
    if token.pos_ != "NOUN" or not token.text[:1].isupper():
        return False
    if token.ent_type_ == "PERSON":
        return True
    before = token.doc[token.i - 1] if token.i else None
    return (
        before is not None
        and before.head == token
        and (before.dep_, before.ent_type_) == ("compound", "PERSON")
    )


def titles_a_name(title: Token, name: Span) -> bool:
    """A title only a person bears (`Mayor`, `Sen.`), or a title word before a first and last name that
    names no place, group or body (`Fire Chief Marcus Bell`, however the recogniser labelled it)."""
    if title.lower_ in PERSON_TITLES:
        return True
    words = [t for t in name if t.lower_ not in TITLE_WORDS]
    return (
        title.lower_ in TITLE_WORDS
        and len(words) >= 2
        and all(t.is_title and t.ent_type_ not in PLACE_ENTITIES for t in words)
        and words[-1].lower_ not in ORGANISATION_HEADS  # `state Supreme Court` is no person
    )


def glossed_as_person(head: Token) -> bool:
    """A name glossed with a person's role or trade, whatever the recogniser labelled it: `Therese Chambers,
    the FCA's director of enforcement,`, `Raj Patel, an economist`."""
    gloss = next((t for t in head.rights if t.dep_ == "appos" and t.pos_ == "NOUN"), None)
    return gloss is not None and (gloss.lower_ in TITLE_WORDS or gloss.lemma_.lower() in DESCRIPTION_NOUNS)


def name_tokens(head: Token) -> tuple[int, str]:
    """The proper-noun run ending at head, without titles: `US Secretary of State Antony Blinken` ->
    `Antony Blinken`."""
    doc = head.doc
    first = head.i
    while first > 0:
        prev = doc[first - 1]
        # `Bill de Blasio`, `Ludwig van Beethoven`: a lower-case particle between the names
        before = first - 1
        while before > 0 and doc[before].lower_ in NAME_PARTICLES:
            before -= 1  # `Ursula von der Leyen`: two particles
        particle = prev.lower_ in NAME_PARTICLES and before < first - 1 and doc[before].text[:1].isupper()
        # `Jean-Marc Ayrault`: a hyphen joining two parts of a name, with no space around it
        hyphen = prev.text == "-" and not prev.whitespace_ and first >= 2 and not doc[first - 2].whitespace_
        particle = particle or hyphen and is_name_word(doc[first - 2])
        if (
            not (is_name_word(prev) and prev.text[:1].isupper() or particle)
            or prev.lower_ in TITLE_WORDS
            or prev.lower_ in DESCRIPTION_NOUNS  # `Neighbour Margaret O’Donnell`: a description, no name
            or prev.lower_ in TRADE_DESCRIPTIONS  # `Carmaker Volta Motors`
            or not first <= prev.head.i <= head.i
        ):
            break
        if head.ent_type_ == "PERSON" and (prev.ent_type_ != "PERSON" or prev.ent_iob_ == "O"):
            break  # the recogniser's person span ends here: `Harbour Master | Tom Reyes`
        if head.ent_type_ == "PERSON" and doc[first].ent_iob_ == "B":
            break
        first -= 1
    words = [t for t in doc[first : head.i + 1] if t.lower_ not in TITLE_WORDS]
    if any(t.dep_ == "case" for t in doc[first : head.i + 1]):
        return first, ""
    return first, " ".join("".join(t.text_with_ws for t in words).split()).replace("’", "'")


def role_of(head: Token, name_start: int) -> str | None:
    """A title before the name (`Senator`) or an apposition after it (`Biden’s national security adviser`)."""
    role = role_span(head, name_start)
    return without_honorifics(role) if role is not None else None


def role_span(head: Token, name_start: int) -> Span | None:
    """The words of `role_of`, before honorifics are dropped; its root is the role's head noun."""
    doc = head.doc
    left = doc[head.left_edge.i : name_start]
    left_tokens = [t for t in left if t.dep_ != "det" and not t.is_punct]
    if all(t.lower_ in NAME_PARTICLES for t in left_tokens):
        left_tokens = []  # `van Dam said`: the particle is part of the name, no title
    if left_tokens and without_honorifics(doc[left_tokens[0].i : name_start]):
        return doc[left_tokens[0].i : name_start]
    appos = next((t for t in head.rights if t.dep_ == "appos" and not t.like_num), None)  # not `Smith, 74,`
    if appos is not None:
        start = appos.left_edge.i + (appos.left_edge.dep_ == "det")  # `a banking analyst` as a role
        if start <= appos.i and without_honorifics(doc[start : appos.right_edge.i + 1]):
            return doc[start : appos.right_edge.i + 1]
    of = next((t for t in head.rights if t.dep_ == "prep" and t.lower_ == "of" and t.i == head.i + 1), None)
    employer = next((t for t in of.children if t.dep_ == "pobj"), None) if of is not None else None
    if employer is not None and employer.pos_ == "PROPN" and employer.ent_type_ not in PLACE_ENTITIES:
        # `Jenna Liu of Crestline Securities`, `of the University of Chicago, who ...`: to the comma
        words = doc[employer.left_edge.i : employer.right_edge.i + 1]
        end = next((t.i for t in words if t.is_punct), words.end)
        return doc[words.start + (words[0].dep_ == "det") : end]
    described, end = head.head, head.head.i + 1
    if head.dep_ == "appos" and _of_phrase_object(described):
        # `The headteacher of Mill Street School, Anne Clarke,`, the name hung on the `of` phrase's noun
        described, end = described.head.head, head.left_edge.i
        while end > described.i + 1 and doc[end - 1].is_punct:
            end -= 1
    if head.dep_ == "appos" and described.pos_ == "NOUN" and not is_name_word(described):
        # `Its chief executive, Dr Paul Menzies,`: the description the name stands in apposition to
        words = [
            t
            for t in doc[described.left_edge.i : described.i]
            if t.dep_ != "det" and t.tag_ != "PRP$" and not t.is_punct  # not `” its chair` after a quote
        ]
        words.append(described)
        if words and without_honorifics(doc[words[0].i : end]):
            return doc[words[0].i : end]
    return None


def _of_phrase_object(token: Token) -> bool:
    """`Mill Street School` of `The headteacher of Mill Street School`: no person, after a description's
    `of`."""
    of = token.head
    return (
        token.dep_ == "pobj"
        and token.ent_type_ != "PERSON"
        and of.lower_ == "of"
        and of.head.pos_ == "NOUN"
        and not is_name_word(of.head)
    )


def appositive_name(root: Token) -> Token | None:
    """The name a description stands in apposition to: `Menzies` of `Its chief executive, Dr Paul Menzies,
    61,`."""
    if root.pos_ not in ("NOUN", "NUM") or is_name_word(root):  # `One of the lawyers, Ruth Adeyemi,`
        return None
    named = next((t for t in root.rights if t.dep_ == "appos" and is_name_word(t)), None)
    if named is None:  # `The headteacher of Mill Street School, Anne Clarke,`: hung on the school
        places = [t for of in root.rights if of.lower_ == "of" for t in of.children if _of_phrase_object(t)]
        named = next(
            (t for p in places for t in p.rights if t.dep_ == "appos" and t.ent_type_ == "PERSON"), None
        )
    return named


def description_of(span: Span) -> str | None:
    """A description as a role: without its article or possessive pronoun (`Its chief executive` ->
    `chief executive`, `the central bank` -> `central bank`) or honorifics."""
    words = [t for t in span if not t.is_space]
    while words and (words[0].dep_ == "det" or words[0].tag_ == "PRP$" or words[0].is_punct):
        words = words[1:]
    return without_honorifics(span.doc[words[0].i : words[-1].i + 1]) if words else None


def without_honorifics(role: Span) -> str | None:
    """A role without the honorifics at its ends (`chief executive Dr` -> `chief executive`); an age or
    an honorific alone is no role."""
    words = [t for t in role if not t.is_punct or t.text in ("’s", "'s")]
    while words and words[0].lower_ in HONORIFICS:
        words = words[1:]
    while words and words[-1].lower_ in HONORIFICS:
        words = words[:-1]
    if not words or all(t.like_num for t in words) or any(t.text == ":" or "\n" in t.text for t in words):
        return None  # an age, or words past a colon or a line's end: no apposition
    if AGE.fullmatch(role.doc[words[0].i : words[-1].i + 1].text):
        return None  # `38-year-old Tom Reyes`
    return role.doc[words[0].i : words[-1].i + 1].text.strip(" ,") or None


def named_head(span: Span) -> Token:
    """The name a mention is about: its root, or the name a description stands before (`Cybersecurity
    expert Raj Patel`, `the company’s chief executive Dr Helen Shaw`)."""
    root = span.root
    if root.pos_ == "NOUN" and not is_name_word(root) and is_name_word(span[-1]):
        return span[-1]
    return root


def unnamed_description(span: Span) -> str:
    """An unnamed source as the article describes it, without its article and with the phrase saying whose
    it is: `A spokeswoman for the union` -> `spokeswoman for the union`, `a senior aide to the governor`."""
    root, doc = span.root, span.doc
    end = span.end
    owner = next((t for t in root.rights if t.dep_ == "prep" and t.i == end and t.lower_ in OWNERS), None)
    if owner is not None:  # not what follows it: `an aide to the governor, who spoke on condition ...`
        words = doc[owner.i : owner.right_edge.i + 1]
        end = next((t.i for t in words if t.is_punct or _in_clause(t, owner)), owner.right_edge.i + 1)
    start = span.start + (span[0].dep_ == "det")
    return doc[start:end].text


def _in_clause(token: Token, top: Token) -> bool:
    """Whether a token sits in a relative clause, participle or apposition below `top`."""
    while token != top and token.head != token:
        if token.dep_ in ("relcl", "acl", "appos"):
            return True
        token = token.head
    return False


def words_before(span: Span, name_start: int) -> list[Token]:
    """The mention's words before the name, without a leading article or punctuation."""
    words = [t for t in span if t.i < name_start]
    while words and (words[0].dep_ == "det" or words[0].is_punct):
        words = words[1:]
    return words


def description_before(span: Span, name_start: int) -> str | None:
    """What the mention says of the person before the name: `Cybersecurity expert` of `Cybersecurity
    expert Raj Patel`."""
    words = words_before(span, name_start)
    if all(t.lower_ in NAME_PARTICLES for t in words):
        return None  # `van Dam said`: the particle is part of the name
    return without_honorifics(span.doc[words[0].i : words[-1].i + 1]) if words else None


def speaker_kind(span: Span, is_person: bool) -> str | None:
    """person, organisation, place, group or unnamed: what sort of source is speaking."""
    if is_person:
        return "person"
    root = span.root
    if joins_several(span):
        return "group"
    if root.lower_ in UNNAMED_HEADS or (
        root.pos_ == "NOUN" and root.tag_ == "NNS" and root.lower_ not in ORGANISATION_HEADS
    ):
        return "unnamed"
    if root.ent_type_ in ("GPE", "LOC") or plain_name(span).casefold() in PLACES:
        return "place"
    if root.ent_type_ in ("ORG", "NORP") or root.lower_ in ORGANISATION_HEADS or root.pos_ == "PROPN":
        return "organisation"
    return "unnamed" if root.pos_ == "NOUN" else None


def joins_several(span: Span) -> bool:
    """Names joined by `and` (`Smith and Jones`): several sources; an ampersand joins the words of one
    name (`Florida Power & Light`, `Johnson & Johnson`)."""
    return any(
        t.dep_ == "conj" and not any(c.dep_ == "cc" and c.text == "&" for c in t.head.children) for t in span
    )


def plain_name(span: Span) -> str:
    """A non-person speaker without its leading article or trailing list: `The US government` ->
    `US government`, `NATO and US allies – Australia, ...` -> `NATO and US allies`."""
    tokens = list(span)
    if tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    text = span.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else span.text
    for stop in (" – ", " — ", " - ", ", "):
        text = text.split(stop)[0]
    return text.strip()
