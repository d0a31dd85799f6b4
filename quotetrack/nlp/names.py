"""Which person each name in a document is: `Blinken` is the `Antony Blinken` named before it, but
`President Obama` and `Michelle Obama` are two people, and a bare `Obama` is whichever of them the story
is about at that point.

News style names a person in full once and then by surname, with or without a title or honorific. A
surname alone refers back to a full name that ends with it when nothing contradicts that: a title the full
name's person was never given (`President Obama` is not `Michelle Obama`), an honorific of the other
gender (`Mrs. Whitaker` is not a `Tom Whitaker` the article calls `Mr.`, nor her husband). When several
people fit, the one mentioned in the same or the sentence before wins, else the one mentioned most;
failing both, the name stays as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quotetrack.nlp.descriptions import folded
from quotetrack.nlp.mentions import HONORIFICS, TITLE_WORDS

# Sentences back (this one and the one before) within which the last-mentioned of several fitting people is
# the one meant.
RECENT_SENTENCES = 2
# Roles that say a person's gender (`his wife, Carol Whitaker`), for `Mrs. Whitaker`.
FEMALE_ROLES = frozenset(
    "wife mother daughter sister widow grandmother granddaughter aunt niece girlfriend stepmother".split()
)
MALE_ROLES = frozenset(
    "husband father son brother widower grandfather grandson uncle nephew boyfriend".split()
)
# Title words that rank rather than name an office (`former President`, `Deputy Secretary`): they say
# nothing about which office a short name's title refers to.
RANKS = frozenset({"former", "vice", "deputy", "state", "chief", "general", "acting", "interim", "ex"})
# Abbreviated titles as the full word (`Sen. Cruz` is the `Senator Ted Cruz`).
ABBREVIATED = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "pres": "president",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "sgt": "sergeant",
    "capt": "captain",
    "prof": "professor",
    "rev": "reverend",
    "supt": "superintendent",
}


def office_words(role: str) -> frozenset[str]:
    """The words of a role that name an office, abbreviations spelled out: `Sen.` -> {senator},
    `the US president` -> {us, president}."""
    words = {folded(w).strip(".,") for w in role.replace("-", " ").split()}
    return frozenset(ABBREVIATED.get(w, w) for w in words if w and w not in RANKS and w not in ("the", "a"))


@dataclass
class NameMention:
    """One name in the text: where, the name without titles, and what the words before it say."""

    at: int  # token index of the name's last word
    sentence: int  # sentence number, for recency
    name: str
    title: frozenset[str] = frozenset()  # office words of a title just before the name (`President`)
    gender: str | None = None  # from an honorific (`Mrs.`)
    roles: list[str] = field(default_factory=list)
    quoted: bool = False  # inside quotation marks: `“Crooked Hillary Clinton”` defines no person
    recognised: bool = False  # titled, or exactly a person the recogniser found
    canonical: str = ""


def _fits(short: str, full: str) -> bool:
    """`Obama` fits `Barack Obama` and `Michelle Obama`, `De Blasio` fits `Bill de Blasio`; `Whitaker`
    does not fit `Whitaker`."""
    words, other = short.casefold().split(), full.casefold().split()
    return len(other) > len(words) and other[-len(words) :] == words


def resolve_names(mentions: list[NameMention]) -> None:
    """Set each mention's `canonical`, in text order (see the module docstring)."""
    names = {m.name for m in mentions}  # a long article names a few people many times: compare names once
    shorter = {name for name in names if any(_fits(name, other) for other in names)}
    full = {m.name for m in mentions if not m.quoted and m.name not in shorter}
    recognised = {m.name for m in mentions if m.recognised}
    for name in list(full):  # `Injecting Clinton` is no one when `Hillary Clinton` is named
        surname = name.split()[-1]
        if name not in recognised and any(o != name and o.split()[-1] == surname for o in full & recognised):
            full.discard(name)
    roles: dict[str, set[str]] = {}
    genders: dict[str, set[str]] = {}
    for m in mentions:
        if m.name in full:
            roles.setdefault(m.name, set()).update(w for r in m.roles for w in office_words(r))
            gender = m.gender or role_gender(m.roles)
            if gender:
                genders.setdefault(m.name, set()).add(gender)
    resolved: list[NameMention] = []
    for m in sorted(mentions, key=lambda m: m.at):
        m.canonical = m.name
        if m.name not in full:
            fits = [
                f
                for f in sorted(full)
                if _fits(m.name, f)
                and not (m.gender and genders.get(f, set()) - {m.gender})
                and not (m.title and not m.title & roles.get(f, set()))
            ]
            own = [m.name] if any(o.canonical == m.name for o in resolved) else []  # a titled surname
            m.canonical = _choose(m, fits + own, genders, resolved) or m.name
        resolved.append(m)


def _choose(
    mention: NameMention, names: list[str], genders: dict[str, set[str]], resolved: list[NameMention]
) -> str | None:
    """Of several people a short name fits: the one of the honorific's gender, else the one mentioned in
    this sentence or the one before, else the one mentioned most; an honorific that leaves two people
    of unknown gender (`Mrs. Clinton`, `Bill Clinton` and `Hillary Clinton`) decides nothing."""
    if mention.gender:
        known = [n for n in names if genders.get(n) == {mention.gender}]
        names = known or names
    if len(names) <= 1:
        return names[0] if names else None
    if mention.gender:
        return None
    before = [r for r in resolved if r.canonical in names]
    recent = [r for r in before if r.sentence >= mention.sentence - RECENT_SENTENCES + 1]
    if recent:
        return recent[-1].canonical
    counts = {n: sum(r.canonical == n for r in before) for n in names}
    ranked = sorted(counts.values(), reverse=True)
    return max(counts, key=lambda n: counts[n]) if ranked[0] > ranked[1] else None


def role_gender(roles: list[str]) -> str | None:
    """`his wife`, `her son`: a role that is a woman's or a man's."""
    words = {folded(w).strip(".,") for r in roles for w in r.split()}
    if words & FEMALE_ROLES:
        return "f"
    return "m" if words & MALE_ROLES else None


def title_of(words: list[str]) -> frozenset[str]:
    """The office a title before a surname names (`President`, `Sen.`), honorifics and ranks aside."""
    office = [w for w in words if folded(w) in TITLE_WORDS and folded(w) not in HONORIFICS]
    return office_words(" ".join(office)) if office else frozenset()
