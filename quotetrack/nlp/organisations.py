"""Which names in a document are organisations, and which earlier organisation a short name stands for.

spaCy's small English model misses or mislabels many company names (`Acme Holdings` untagged, `Tullow
Oil` as a person, `Brandt Vexley` as a place), and then `the company` has nothing to refer to. A name the
recogniser did not call an organisation is one when the text says so: its last word says what business it
is (`Holdings`, `Bank`, `Oil`), it has shares (`shares in Brandt Vexley`), an apposition names its trade
(`Zentrix, a software maker,`) or it is the apposition of one (`the pilots' union, SNPL,`), or it does
something to `its` own (`Tullow Oil cut its forecast`); unless a title or honorific makes it a person.
After its first mention an organisation goes by shorter names: `Northgate` (without `Bank`), `the Fed`,
`ECB`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from quotetrack.nlp.descriptions import BUSINESS_NOUNS, KINDS, Referent, folded
from quotetrack.nlp.mentions import (
    HONORIFICS,
    PERSON_TITLES,
    TRADE_DESCRIPTIONS,
    glossed_as_person,
    plain_name,
)

# Abbreviations in organisations' names, spelled out: `Acme Corp` is `the corporation`.
ABBREVIATIONS = {
    "corp": "corporation",
    "co": "company",
    "cos": "company",
    "inc": "incorporated",
    "ltd": "limited",
    "intl": "international",
    "assn": "association",
    "dept": "department",
    "univ": "university",
    "bros": "brothers",
    "mfg": "manufacturing",
}
# Words that say what sort of business a name is, which the story drops after the first mention.
DESIGNATORS = frozenset(
    """
    bank bancorp group holdings holding corp corporation inc incorporated co company ltd limited plc llc ag
    sa nv partners capital international industries enterprises technologies technology systems airlines
    airways motors financial securities insurance pharmaceuticals energy oil mining foods media
    communications labs laboratories resources brands water utilities
    """.split()
)
# Words an acronym leaves out (`Bank of England` -> `BoE`, `Reserve Bank of Australia` -> `RBA`).
LINKING_WORDS = frozenset({"of", "the", "and", "for", "&", "de", "du"})
# Entities that never name an organisation the recogniser missed.
NOT_ORGANISATIONS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "EVENT", "LAW"}
# Entities a business name is mistaken for that only a designator or shares overrule.
PLACE_LABELS = {"GPE", "LOC", "NORP", "FAC"}
SHARES = frozenset({"share", "stock"})


def organisations(doc: Doc) -> list[Referent]:
    """The organisations of the document in text order, each with its name words, the appositions it was
    given (`Northgate, the country's biggest lender,`) and whether it stands as a subject."""
    found = []
    for span in _organisation_names(doc):
        name = plain_name(span)
        words = {folded(w).strip(".,") for w in name.split()}
        words |= {ABBREVIATIONS[w] for w in words if w in ABBREVIATIONS}  # `Acme Corp`: the corporation
        heads = {t.lemma_.lower() for t in span.root.rights if t.dep_ == "appos" and t.pos_ == "NOUN"}
        heads |= {t.lemma_.lower() for t in _described_before(span)}  # `Industry body Rail Partners`
        if span.root.dep_ == "appos" and span.root.head.pos_ == "NOUN":
            heads.add(span.root.head.lemma_.lower())  # `the pilots' union, SNPL,`: SNPL is `the union`
        described = frozenset(words | {"#" + h for h in heads})
        earlier = [o for o in found if _short_for(name, o.name)]
        name = earlier[-1].name if earlier else name  # `Northgate` after `Northgate Bank`
        subject = span.root.dep_ in ("nsubj", "nsubjpass")
        found.append(Referent(span.start, name, described, False, frozenset(words), subject=subject))
    return found


def _described_before(name: Span) -> list[Token]:
    """The common nouns before a name that say what it is: `Industry body` of `Industry body Rail
    Partners`, `Carmaker` of `Carmaker Volta Motors`."""
    doc = name.doc
    start = name.start
    while (
        start > 0
        and doc[start - 1].head.i in range(name.start, name.end)
        and doc[start - 1].dep_ == "compound"
    ):
        start -= 1
    return [t for t in doc[start : name.start] if t.pos_ == "NOUN" or t.lower_ in TRADE_DESCRIPTIONS]


def _without_trade(span: Span) -> Span:
    """`Volta Motors` of `Carmaker Volta Motors`: a capitalised description is not part of the name."""
    if len(span) > 1 and span[0].lower_ in TRADE_DESCRIPTIONS:
        return span[1:]
    return span


def _organisation_names(doc: Doc) -> list[Span]:
    """The recogniser's organisations and the proper-noun names the text shows to be organisations."""
    spans = [  # not `Dr | Paul Menzies`, `Therese Chambers, the FCA's director`
        _without_trade(ent)
        for ent in doc.ents
        if ent.label_ == "ORG" and not _titled(ent) and not glossed_as_person(ent.root)
    ]
    taken = {t.i for ent in spans for t in ent}
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ in ("compound", "flat") or token.i in taken:
            continue
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i in (token.i, start):
            start -= 1
        name = _without_trade(doc[start : token.i + 1])
        if token.ent_type_ not in NOT_ORGANISATIONS and shown_organisation(name):
            spans.append(name)
    return sorted(spans, key=lambda span: span.start)


def shown_organisation(name: Span) -> bool:
    """Whether the text shows a name to be an organisation (see the module docstring)."""
    head = name.root
    if _titled(name):
        return False
    if folded(name[-1].text).strip(".,") in DESIGNATORS or _has_shares(head):
        return True
    if head.ent_type_ in PLACE_LABELS:
        return False
    trade = next((t for t in head.rights if t.dep_ == "appos" and t.pos_ == "NOUN"), None)
    if trade is not None and _trade_noun(trade):
        return True  # `Zentrix, a software maker,`
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and _trade_noun(head.head):
        return True  # `The pilots' union, SNPL,`
    verb = head.head
    if head.dep_ in ("nsubj", "nsubjpass") and len(name) >= 1:
        objects = [t for t in verb.children if t.dep_ == "dobj"]
        return any(t.lower_ == "its" and t.dep_ == "poss" for o in objects for t in o.children)
    return False


def _titled(name: Span) -> bool:
    """A person's title or honorific in or just before the name: `Dr Paul Menzies`, `Mayor Ana Ruiz`."""
    words = name.doc[max(name.start - 1, 0) : name.end]
    return any(t.lower_ in PERSON_TITLES or t.lower_ in HONORIFICS for t in words)


def _trade_noun(noun: Token) -> bool:
    """`maker`, `company`, `lender`: a noun that names a kind of business."""
    lemma = noun.lemma_.lower()
    return lemma in BUSINESS_NOUNS or lemma in KINDS or lemma.endswith("maker") or lemma in DESIGNATORS


def _has_shares(head: Token) -> bool:
    """`shares in Acme`, `Acme shares`, `Acme's stock`: only a company has shares."""
    parent = head.head
    if head.dep_ == "pobj" and parent.lower_ in ("in", "of") and parent.head.lemma_.lower() in SHARES:
        return True
    return head.dep_ in ("compound", "poss") and parent.lemma_.lower() in SHARES


def organisation_named(span: Span, organisations: list[Referent]) -> Referent | None:
    """The organisation named before that a shorter name stands for: `Northgate` for `Northgate Bank`,
    `the Fed` for `the Federal Reserve`, `ECB` for `the European Central Bank`."""
    name = plain_name(span)
    if not name or not span.root.pos_ == "PROPN":
        return None
    fitting = [o for o in organisations if o.at < span.start and _short_for(name, o.name)]
    return max(fitting, key=lambda o: o.at) if fitting else None


def _short_for(short: str, name: str) -> bool:
    """`Northgate` ~ `Northgate Bank` (its first words), `Fed` ~ `Federal Reserve` (its first word cut
    short), `ECB` ~ `European Central Bank` (its initials)."""
    words, full = [folded(w) for w in short.split()], [folded(w) for w in name.split()]
    if len(words) >= len(full):
        return False
    if full[: len(words)] == words:
        # what is left is what sort of business it is: `Senate` is not the `Senate Finance Committee`
        return all(w.strip(".,") in DESIGNATORS for w in full[len(words) :])
    if len(words) == 1 and len(words[0]) >= 3 and full[0].startswith(words[0]) and len(full) > 1:
        return True
    initials = "".join(w[0] for w in full if w not in LINKING_WORDS)
    return len(words) == 1 and short.isupper() and len(short) >= 2 and short.casefold() == initials
