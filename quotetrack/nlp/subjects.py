"""Who a cue names as its source, as written: the subject of `said`, the object of `according to`.

This finds the mention only; who the mention stands for (`he` -> `Antony Blinken`) is decided afterwards,
over the whole document, by `quotetrack.nlp.speakers`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from quotetrack.nlp.cues import CONTINUING_VERBS, CUE_LEMMAS, cue_lemma
from quotetrack.nlp.mentions import UNNAMED_HEADS

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Entities that place a statement in time or space rather than complete what was said.
# Words that name a part of a group the `of` phrase after them describes.
PARTITIVES = {"one", "another", "some", "many", "several", "most", "none", "few", "all", "each"}
# Nouns for a number of people that say nothing of who they are without their `of` phrase (`a group of
# commercial fishermen`, `a coalition of unions`).
COLLECTIVES = {"group", "coalition", "alliance", "handful", "number", "couple", "pair", "dozens", "hundreds"}
# Prepositions that say where an unnamed source sits or what it knows: `officials at the Treasury`.
SOURCE_PREPOSITIONS = {"at", "in", "with", "from", "close", "inside", "within", "of"}
SETTING_ENTITIES = {"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"}
# Words opening a phrase of where or when, which the parser may take into a subject (`Outside court`).
SETTING_OPENERS = {"outside", "inside", "after", "before", "during", "later", "earlier"}


def mention_span(head: Token) -> Span:
    """The noun phrase naming a speaker: its left modifiers, compounds and coordinated names, without
    relative clauses, appositions or trailing prepositional phrases."""
    doc = head.doc
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "nummod") and child.i == end:
            end = child.i + 1
        elif child.dep_ == "cc" and child.i <= end + 1:
            end = child.i + 1
        elif child.dep_ == "punct" and child.text == "," and child.i == end:
            continue  # `Smith, Jones and Brown`: the list goes on after the comma
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == end:
            end = child.i + 1  # `chief executive Dr Helen Shaw`: a description before a name
        elif child.dep_ == "prep" and child.i == end and child.ent_iob_ == "I" and head.pos_ == "PROPN":
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1  # `the Bank of England`, `the British Chambers of Commerce`: one name
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == end and _partitive(head):
            end = _to_comma(child)  # `one of the people familiar with the discussions`
        elif child.dep_ in ("amod", "prep") and child.i == end and _unnamed_described(head, child):
            end = _to_comma(child)  # `people familiar with the matter`, `officials at the Treasury`
        elif child.dep_ == "conj":
            coordinated = mention_span(child)
            if coordinated.start > end + 1:
                break
            end = coordinated.end
        else:
            break
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _to_comma(phrase: Token) -> int:
    """Where a phrase describing an unnamed source ends: its last word, or a comma before that, after which
    comes why they are unnamed (`people familiar with the matter, who asked not to be identified`: the
    parser may hang the clause on `matter`)."""
    end = phrase.right_edge.i + 1
    return next((t.i for t in phrase.doc[phrase.i : end] if t.text == ","), end)


def _partitive(head: Token) -> bool:
    """`one`, `some`, `two` (`of the people ...`), `a group` (`of fishermen`): a part of a group, or a
    group, described by whom it holds."""
    return (head.pos_ == "NUM" or head.lower_ in PARTITIVES or head.lower_ in COLLECTIVES) and not any(
        t.tag_ in ("WP", "WDT") for of in head.rights if of.dep_ == "prep" for t in of.children
    )  # `most of whom`: the relative clause's referent says who


def _unnamed_described(head: Token, modifier: Token) -> bool:
    """An unnamed source's description after its noun: `familiar with the matter`, `close to the
    minister`, `with knowledge of the talks`, `at the Treasury` (not a time: `officials on Monday`)."""
    if head.pos_ != "NOUN" or head.lower_ not in UNNAMED_HEADS:
        return False
    if modifier.dep_ == "amod":
        return any(t.dep_ == "prep" for t in modifier.children)
    return modifier.lower_ in SOURCE_PREPOSITIONS and not any(
        t.ent_type_ in SETTING_ENTITIES and t.ent_type_ not in ("GPE", "LOC", "FAC") for t in modifier.subtree
    )


def verb_subject(verb: Token) -> Span | None:
    """The cue's subject as written (`who` included: `relative_referent` says whom it stands for)."""
    node = verb
    for _ in range(4):
        subjects = [t for t in node.children if t.dep_ in SUBJECT_DEPS]
        # Two subjects: the parser took the end of a quotation for one (`“One of the best,” Cummings said`).
        unquoted = [t for t in subjects if not _quotation_between(t, node)]
        subject = (unquoted or subjects or [None])[0]
        if subject is not None:
            if subject.dep_ == "csubj":
                return None
            subject = _speaker_after_setting(subject)
            mention = mention_span(subject)
            named = next((t for t in node.children if t.dep_ == "nsubj" and t.i > subject.i), None)
            if named is not None and named.pos_ == "PROPN" and named.left_edge.i == mention.end:
                return node.doc[mention.start : named.i + 1]  # `Cybersecurity expert Raj Patel`
            return mention
        governor = _governing_verb(node)
        if (
            governor is not None
            and governor.dep_ == "ccomp"
            and (_closing_participle(node) or reporters_conjunct(node))
        ):
            governor = governor.head  # `said the county would open shelters, adding that ...`
        if governor is not None and governor.dep_ != "ccomp":  # inside reported content it is unclear
            node = governor
        elif node.dep_ == "ROOT":
            return _stranded_subject(node)
        else:
            return None
    return None


def _speaker_after_setting(subject: Token) -> Token:
    """`Outside court, one victim, who ..., said`: where it was said, taken by the parser for the subject
    with the speaker in apposition to it; the speaker is the apposition."""
    opener = subject.doc[subject.left_edge.i]
    if opener.lower_ not in SETTING_OPENERS or opener.i == subject.i:
        return subject
    return next((t for t in subject.rights if t.dep_ == "appos"), subject)


def _closing_participle(verb: Token) -> bool:
    """`..., adding that ...`, `..., citing weak demand`: a participle of going on with one's report
    (`cues.CONTINUING_VERBS`) set off by a comma after a reported clause, which the parser hangs on that
    clause though it goes on with the cue that reports it; `..., shouting that ...` may be the clause's
    subject's, and gets no speaker."""
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    return (
        verb.dep_ == "advcl"
        and cue_lemma(verb) in CONTINUING_VERBS
        and verb.tag_ == "VBG"
        and verb.left_edge.i == verb.i
        and before is not None
        and before.text == ","
        and verb.head.head.pos_ in ("VERB", "AUX")
    )


def reporters_conjunct(verb: Token) -> bool:
    """`Shaw said she had made mistakes but denied misleading parliament`: a cue the parser joined to the
    reported clause that is the reporter's own second report, told by its form: that of the cue that
    reports the clause (`said ... denied`), not that of the clause it was joined to (`had made`), and with
    no subject or auxiliary of its own."""
    clause = verb.head
    if (
        verb.dep_ != "conj"
        or clause.dep_ != "ccomp"
        or clause.i > verb.i
        or cue_lemma(verb) not in CUE_LEMMAS
    ):
        return False
    cue = clause.head
    own = any(t.dep_ in (*SUBJECT_DEPS, "aux", "auxpass") for t in verb.children)
    return not own and cue.pos_ == "VERB" and verb.tag_ == cue.tag_ != clause.tag_ and clause.i > cue.i


def _quotation_between(subject: Token, verb: Token) -> bool:
    """A quotation mark stands between a subject and its verb after it: the subject is quoted words."""
    return subject.i < verb.i and any(t.is_quote for t in verb.doc[subject.i + 1 : verb.i])


def relative_referent(speaker: Span | None) -> Span | None:
    """`Trump, who said ...`: the noun a relative pronoun subject stands for."""
    if speaker is None or len(speaker) != 1 or speaker.root.lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = speaker.root.head
    return mention_span(clause.head) if clause.dep_ == "relcl" else None


def _stranded_subject(verb: Token) -> Span | None:
    """A subject the parser hung elsewhere, as in `At the hearing, Kallas, a former minister, emphasized`:
    the nearest noun left of the verb that is not inside a prepositional phrase or an object; a share hung
    on the verb itself (`About 4 in 10 say`, `Less than a third agreed`) is its subject."""
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        share = token.head == verb and token.dep_ in ("nummod", "npadvmod")
        if share and token.ent_type_ not in SETTING_ENTITIES:
            return mention_span(token)
        if token.pos_ not in ("PROPN", "NOUN") or token.dep_ in (
            "pobj",
            "dobj",
            "compound",
            "amod",
            "poss",
        ):
            continue
        if token.ent_type_ in SETTING_ENTITIES:
            continue  # `PHILADELPHIA —` datelines, `On Saturday`
        if token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.pos_ == "PROPN":
            token = token.head  # `Kallas, a former prime minister` names Kallas
        return mention_span(token) if token.dep_ in ("appos", "dep", "nsubj") else None
    return None


def _governing_verb(node: Token) -> Token | None:
    """The verb whose subject a subjectless cue shares: `X arrived and said`, `..., saying`, `began by
    saying`, `are likely to say`."""
    head = node.head
    if node.dep_ in ("conj", "advcl", "xcomp") and head.pos_ in ("VERB", "AUX"):
        return head
    if node.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if node.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        return head.head
    return None
