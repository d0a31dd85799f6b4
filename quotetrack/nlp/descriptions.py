"""Definite descriptions that refer to someone the article names: `the headteacher` after `Mrs Anne Clarke,
the headteacher of Hillside Primary School`, `the lender` after `Northgate Bank`, `the central bank` after
`the Bank of England`.

News style names a source once and then describes it. A description (`the`, `its`, `his` ... and a singular
common noun, no name in it) refers to a person when its head noun is the head of a role the article gave a
person (a title, an apposition); to an organisation when its head noun is a word of the organisation's name
(`bank`, `council`, `ministry`), a kind of that organisation (`lender` for a bank), or the head of an
apposition the article gave it (`Acme, the carmaker,`). The nearest such referent before the description
wins; a person may also be named just after (`its chief executive said ...`, then `Its chief executive, Dr
Paul Menzies, said`), an organisation only before.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from quotetrack.nlp.mentions import is_name_word, plain_name

# Words that make a description definite: it points at someone already in the story.
DEFINITE = frozenset({"the", "its", "his", "her", "their", "this", "that"})
# A description's head noun -> words one of which an organisation's name must hold for the noun to fit it
# (`the lender` is a bank); a head noun always fits a name that holds the noun itself (`the council`).
KINDS = {
    "lender": {"bank", "building", "credit", "finance", "lending", "mortgage"},
    "bank": {"bank", "banking"},
    "insurer": {"insurance", "assurance", "insurer", "re"},
    "carmaker": {"motor", "motors", "automotive", "auto", "cars"},
    "automaker": {"motor", "motors", "automotive", "auto", "cars"},
    "airline": {"airways", "airlines", "air"},
    "broadcaster": {"broadcasting", "tv", "television", "radio", "news"},
    "regulator": {"authority", "commission", "regulator", "ofcom", "ofgem", "ofwat"},
    "university": {"university", "college", "institute"},
    "school": {"school", "academy", "college"},
    "hospital": {"hospital", "infirmary", "clinic"},
    "police": {"police", "constabulary"},
    "force": {"police", "constabulary", "force"},
    "union": {"union", "federation", "association"},
    "charity": {"trust", "foundation", "charity", "fund"},
}
# Nouns for any business: they fit an organisation whose name does not make it a public body.
BUSINESS_NOUNS = frozenset({"company", "firm", "business", "group", "retailer", "manufacturer", "giant"})
PUBLIC_BODY_WORDS = frozenset(
    """
    ministry department council agency court parliament government committee party commission police army
    office authority senate congress house administration assembly embassy
    """.split()
)


@dataclass(frozen=True)
class Referent:
    """Someone a description may refer to: a name, where the article names it, and the head nouns of the
    descriptions the article gave it."""

    at: int  # token index of the mention
    name: str
    heads: frozenset[str]  # head nouns of its descriptions (for an organisation: `#` and the noun)
    is_person: bool
    words: frozenset[str] = frozenset()  # every word of its name and descriptions, lower case
    role: tuple[str, ...] = ()  # a person's role, word by word, lower case


def folded(word: str) -> str:
    """A word as compared: any case, straight or curly apostrophe (`Biden’s` ~ `biden's`)."""
    return word.casefold().replace("’", "'")


def is_description(span: Span) -> bool:
    """`the lender`, `its chief executive`, `Biden’s adviser`: a definite singular common noun phrase with
    no name in it but its possessor's."""
    root = span.root
    possessor = {t.i for child in root.children if child.dep_ == "poss" for t in child.subtree}
    return (
        root.pos_ == "NOUN"
        and root.tag_ == "NN"
        and (span[0].lower_ in DEFINITE or bool(possessor))
        and not any((is_name_word(t) or t.pos_ == "PROPN") and t.i not in possessor for t in span)
    )


def organisations(doc: Doc) -> list[Referent]:
    """The organisations the recogniser found, each with its name words and the appositions it was given
    (`Northgate, the country's biggest lender,`)."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        name = plain_name(ent)
        words = {folded(w).strip(".,") for w in name.split()}
        heads = {t.lemma_.lower() for t in ent.root.rights if t.dep_ == "appos" and t.pos_ == "NOUN"}
        described = frozenset(words | {"#" + h for h in heads})
        found.append(Referent(ent.start, name, described, False, frozenset(words)))
    return found


def fits_organisation(noun: str, organisation: Referent) -> bool:
    """Whether `the <noun>` can be the organisation: by its name, its kind, or an apposition it was given."""
    words = organisation.heads
    if noun in words or "#" + noun in words:
        return True
    if words & KINDS.get(noun, set()):
        return True
    return noun in BUSINESS_NOUNS and not words & PUBLIC_BODY_WORDS


def _within(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """`words` stand together in `phrase`."""
    n = len(words)
    return any(phrase[i : i + n] == words for i in range(len(phrase) - n + 1))


def referent(span: Span, people: list[Referent], organisations: list[Referent]) -> Referent | None:
    """Whom the description `span` refers to, or None when the article names nobody it fits."""
    if not is_description(span):
        return None
    root = span.root
    noun = root.lemma_.lower()
    modifiers = [t for t in span if t.i < root.i and t.dep_ != "det" and t.tag_ != "PRP$" and not t.is_punct]
    # A person's role holds the description, word for word (`the Democratic presidential nominee` is not
    # the Democratic vice presidential nominee); an organisation's name every noun or capitalised word of
    # it (`the appeals court` is not the Supreme Court).
    said = tuple(folded(t.text) for t in [*modifiers, root])
    distinct = {folded(t.text) for t in modifiers if t.pos_ in ("NOUN", "PROPN") or t.text[:1].isupper()}
    people = [p for p in people if noun in p.heads and _within(said, p.role)]
    before = [p for p in people if p.at < span.start]
    if before:
        return max(before, key=lambda p: p.at)
    after = [p for p in people if p.at > span.end]
    if after:
        return min(after, key=lambda p: p.at)
    fitting = [
        o
        for o in organisations
        if o.at < span.start
        and o.name.casefold() != noun  # `the bank` says nothing new of an organisation called `Bank`
        and distinct <= o.words
        and fits_organisation(noun, o)
    ]
    return max(fitting, key=lambda o: o.at) if fitting else None
