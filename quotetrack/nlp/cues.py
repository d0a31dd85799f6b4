"""The cue lexicon: verbs and phrases that introduce what someone said, claimed or thinks.

Lemmas, so `said`, `says` and `saying` are one cue. Grouped by how the content attaches, because that
decides where the extractor looks for it.
"""

from __future__ import annotations

from spacy.tokens import Token

# Verbs of saying whose content is a clause (`X said that ...`) or an adjacent quotation.
SPEECH_VERBS = frozenset(
    """
    say tell claim deny insist warn emphasize emphasise signal add promise suggest state announce declare
    explain argue note write report reply respond answer confirm acknowledge admit assert contend maintain
    predict allege stress reiterate repeat comment remark observe point tweet post testify concede complain
    boast vow pledge swear threaten caution urge recall reveal disclose indicate imply hint mention muse
    continue conclude counter retort protest agree disagree estimate forecast project guarantee assure
    recount describe lament joke quip scoff shout yell cry whisper mutter exclaim proclaim affirm
    underline underscore highlight recommend advise propose demand ask inform notify brief
    interject charge accuse blame criticize criticise praise
    surmise bemoan assail remind email retweet chant quote wonder read
    """.split()
)

# Speech verbs that, with a gerund, say that something goes on (`continued raising rates`).
ASPECTUAL_VERBS = frozenset({"continue"})

# Speech verbs that, as a participle closing a report (`She said ..., adding that ...`, `..., citing weak
# demand`), go on with the reporter's own words; others (`..., shouting that ...`, `..., demanding ...`) may
# be the reported clause's subject's.
CONTINUING_VERBS = frozenset(
    """
    add say note cite explain stress emphasize emphasise insist argue reiterate acknowledge point caution
    warn conclude repeat underline underscore
    """.split()
)

# Verbs of thinking and knowing: PolNeAR-style attributions of beliefs (`officials fear that ...`).
COGNITION_VERBS = frozenset(
    """
    believe think fear hope expect know feel worry doubt suspect reckon assume conclude learn find show
    reveal suggest indicate
    consider remember recognize understand realize decide deem imagine
    """.split()
)

# Verbs of seeming: the impression a clause gives, with no source named (`the plan appears to work`).
IMPRESSION_VERBS = frozenset({"seem", "appear"})

# Verbs whose content may be the direct object (`the Kremlin has denied any talks`).
OBJECT_CONTENT_VERBS = frozenset(
    """
    deny condemn denounce reject confirm announce dismiss criticize criticise praise welcome
    acknowledge admit predict promise call describe label brand dub support endorse back oppose
    accuse blame attack slam blast mock question defend thank cite discuss mention propose recommend
    demand request applaud favor favour prefer want seek express offer congratulate challenge
    say repeat show tout decry echo ridicule
    quote herald portray view consider deem assail bemoan ask
    encourage persuade convince embrace compare
    """.split()
)

# Verbs whose content is the object of a preposition (`called for a recount`, `warned of the dangers`,
# `spoke about her campaign`): the verb and the prepositions that introduce content.
PREPOSITION_CONTENT_VERBS = {
    "call": {"for", "on"},
    "warn": {"of", "about", "against"},
    "caution": {"against", "about"},
    "speak": {"about", "of", "on", "against"},
    "talk": {"about", "of"},
    "comment": {"on"},
    "complain": {"about", "of"},
    "refer": {"to"},
    "respond": {"to"},
    "worry": {"about"},
    "joke": {"about"},
    "focus": {"on"},
    "argue": {"for", "against"},
    "push": {"for"},
    "advocate": {"for"},
    "campaign": {"for", "against"},
    "rail": {"against"},
    "write": {"about", "of"},
    "tweet": {"about"},
    "ask": {"about", "for"},
    "testify": {"about", "on"},
    "boast": {"about", "of"},
    "brag": {"about"},
    "insist": {"on"},
}

# Verbs whose content may be an infinitive (`Trump promised to end the war`).
# Verbs that report what someone was told to do only with that infinitive (`told supporters to vote
# early`); the object alone is whom they spoke to (`told reporters`).
DIRECTIVE_VERBS = frozenset("tell advise warn remind".split())
INFINITIVE_CONTENT_VERBS = frozenset(
    "promise vow pledge threaten hope expect urge want plan refuse decline seek agree intend".split()
)

# Verbs of addressing someone that report content only with what it was about (`thanked voters for their
# support`, `congratulated her on the win`); `She thanked the players` says nothing.
ADDRESS_VERBS = {"thank": {"for"}, "congratulate": {"on", "for"}}

# Verbs whose passive reports the whole clause, subject included (`many voters are expected to stay home`,
# `the deal was widely viewed as a defeat`); all are cues of the lists above.
PASSIVE_CLAUSE_VERBS = frozenset(
    "expect ask know view consider recognize criticize accuse believe think".split()
)

CUE_LEMMAS = (
    SPEECH_VERBS
    | COGNITION_VERBS
    | OBJECT_CONTENT_VERBS
    | INFINITIVE_CONTENT_VERBS
    | set(PREPOSITION_CONTENT_VERBS)
)

# Cue words that spaCy's English lemmatiser gets wrong (`hoped` -> `hop`), by lowercase form.
MISLEMMATISED = {"hoped": "hope", "hoping": "hope", "retweeted": "retweet", "retweeting": "retweet"}


def cue_lemma(token: Token) -> str:
    """The token's lemma, corrected where the model's lemmatiser is known to miss a cue (`hoped` -> `hop`)."""
    return MISLEMMATISED.get(token.lower_) or token.lemma_.lower()


# Prepositional cues: `according to X, ...`.
ACCORDING_TO = ("according", "to")

# Words that label a section or format before a headline's colon (`Update: ...`, `Video: ...`), not a source.
SECTION_LABELS = frozenset(
    "update updates watch video videos photo photos exclusive opinion analysis editorial related note "
    "correction live recap".split()
)
# Words naming a storm before a headline's colon (`Storm Bert: thousands without power`): an event, no source.
STORM_WORDS = frozenset("storm hurricane typhoon cyclone tropical wildfire".split())
