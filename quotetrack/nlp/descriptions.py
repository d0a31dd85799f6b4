"""Definite descriptions that refer to someone the article names: `the headteacher` after `Mrs Anne Clarke,
the headteacher of Hillside Primary School`, `the lender` after `Northgate Bank`, `the central bank` after
`the Bank of England`, `the corporation` after `Acme Corp` (which names are organisations, and the short
names they go by, is `quotetrack.nlp.organisations`).

News style names a source once and then describes it. A description (`the`, `its`, `his` ... and a singular
common noun, no name in it) refers to a person when its head noun is the head of a role the article gave a
person (a title, an apposition); to an organisation when its head noun is a word of the organisation's name
(`bank`, `council`, `ministry`), a kind of that organisation (`lender` for a bank), or the head of an
apposition the article gave it (`Acme, the carmaker,`). The nearest such referent before the description
wins (of organisations, the last named as a subject within three sentences, else the nearest: in `Acme,
which owns part of Northgate, said ...`, Acme is the story); a person may also be named just after (`its
chief executive said ...`, then `Its chief executive, Dr Paul Menzies, said`), an organisation only before.
A role held no longer (`a former judge`) does not fit a description that does not say so (`the judge`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from quotetrack.nlp.mentions import TITLE_WORDS, is_name_word

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
    "carrier": {"airways", "airlines", "air", "airline"},
    "broadcaster": {"broadcasting", "tv", "television", "radio", "news"},
    "regulator": {"authority", "commission", "regulator", "ofcom", "ofgem", "ofwat"},
    "university": {"university", "college", "institute"},
    "school": {"school", "academy", "college"},
    "hospital": {"hospital", "infirmary", "clinic"},
    "police": {"police", "constabulary"},
    "force": {"police", "constabulary", "force"},
    "union": {"union", "federation", "association"},
    "charity": {"trust", "foundation", "charity", "fund"},
    "utility": {"water", "energy", "power", "electric", "electricity", "gas", "utilities"},
    "drugmaker": {"pharmaceuticals", "pharmaceutical", "pharma", "therapeutics", "labs", "laboratories"},
    "miner": {"mining", "minerals", "resources", "metals", "gold", "copper"},
    "chipmaker": {"semiconductor", "semiconductors", "micro", "chips", "silicon"},
    "brewer": {"brewing", "brewery", "breweries", "beer"},
    "publisher": {"publishing", "press", "books", "media"},
    "builder": {"homes", "construction", "developments", "building"},
    "housebuilder": {"homes", "construction", "developments", "building"},
    "supermarket": {"stores", "foods", "markets", "supermarkets"},
    "grocer": {"stores", "foods", "markets", "supermarkets"},
    "fund": {"fund", "capital", "partners", "investments", "management"},
    "investor": {"fund", "capital", "partners", "investments", "holdings"},
    "club": set("fc club united city athletic rovers wanderers albion rangers hotspur".split()),
}
# What the name of a central bank holds: `the central bank` is the Bank of England or the Federal Reserve,
# not a lender that happens to be called a bank.
CENTRAL_BANK_WORDS = frozenset({"central", "reserve", "federal", "of"})
# Nouns for any business: they fit an organisation whose name does not make it a public body.
BUSINESS_NOUNS = frozenset({"company", "firm", "business", "group", "retailer", "manufacturer", "giant"})
# Nouns for any organisation, business or public: `Industry body Rail Partners ... The body warned`.
ORGANISATION_NOUNS = frozenset({"body", "organisation", "organization"})
# Sentences back within which an organisation named as a subject is preferred to one named nearer.
RECENT_SENTENCES = 3
# An indefinite description in the article's first sentences (headline and lede) may introduce a source
# it names later.
LEDE_SENTENCES = 3
# Words that put a role in the past (`a former judge`, `ex-chairman`).
FORMER = frozenset({"former", "ex", "ex-", "retired", "late", "onetime", "erstwhile"})
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
    subject: bool = False  # an organisation named as a clause's subject: what the story is about there


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


def fits_organisation(noun: str, organisation: Referent) -> bool:
    """Whether `the <noun>` can be the organisation: by its name, its kind, or an apposition it was given."""
    words = organisation.heads
    if noun in words or "#" + noun in words:
        return True
    kinds = KINDS.get(noun, set())
    if words & kinds or any("#" + kind in words for kind in kinds):  # `Budget airline SkyJet`: the carrier
        return True
    return noun in ORGANISATION_NOUNS or noun in BUSINESS_NOUNS and not words & PUBLIC_BODY_WORDS


def _within(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """`words` stand together in `phrase`."""
    n = len(words)
    return any(phrase[i : i + n] == words for i in range(len(phrase) - n + 1))


def _same_tense(said: tuple[str, ...], role: tuple[str, ...]) -> bool:
    """`the judge` is not `a former judge`: a role held no longer fits a description that does not say so."""
    return not (FORMER & set(role)) or bool(FORMER & set(said))


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
    people = [p for p in people if noun in p.heads and _within(said, p.role) and _same_tense(said, p.role)]
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
        and ("central" not in said or bool(o.words & CENTRAL_BANK_WORDS))
    ]
    # The organisation last named as a subject is the one the story is about there (`Acme, which owns
    # part of Northgate, said ... The group said`); failing one, the nearest (`Shares in Acme fell`).
    recent = [o for o in fitting if o.subject and o.at >= sentence_back(span[0], RECENT_SENTENCES)]
    return max(recent or fitting, key=lambda o: o.at) if fitting else None


def introduced(span: Span, people: list[Referent]) -> Referent | None:
    """`A federal judge on Monday blocked ...` in an article's first sentences, then `U.S. District Judge
    Maria Alvarez wrote`: wire copy introduces its main source by description and names it later. The one
    person the article later gives a role of that head noun."""
    root = span.root
    headline = len(span) == 1 and root.is_title and root.lower_ in TITLE_WORDS  # `Judge blocks law`
    indefinite = span[0].lower_ in ("a", "an") and root.tag_ == "NN"
    if not (headline or indefinite) or sentence_back(span[0], LEDE_SENTENCES) > 0:
        return None
    noun = root.lemma_.lower()
    later = {p.name: p for p in people if p.at >= span.end and noun in p.heads and not FORMER & set(p.role)}
    return next(iter(later.values())) if len(later) == 1 else None


def sentence_back(token: Token, n: int) -> int:
    """The first token of the sentence `n - 1` sentences before the token's: a window of `n` sentences."""
    sentence = token.sent
    for _ in range(n - 1):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    return sentence.start
