"""The spaCy components: find attributed quotes and claims and write them to `Doc._.attributions`.

The flow, one module per step: `apostrophes` makes `O’Donnell` read as `O'Donnell` to the models, before
they run; `paragraphs` sets sentence starts before the parser; after it,
`candidates` scans the cue words (with `subjects` for who speaks, `content` for what they said, and
`text_geometry` for where quotation marks and sentences are), `nesting` keeps one candidate per report,
and `speakers` resolves who each speaker is, over the whole document, into `quotetrack.records.Attribution`
records. They are stored as plain dicts (`Attribution.to_dict()`) so they survive
`nlp.pipe(n_process=...)` and go straight to JSON or SQLite.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from quotetrack.nlp.apostrophes import ApostropheNormaliser
from quotetrack.nlp.candidates import find_candidates
from quotetrack.nlp.cues import COGNITION_VERBS, CUE_LEMMAS, IMPRESSION_VERBS
from quotetrack.nlp.model.tagger import AttributionModel
from quotetrack.nlp.nonreports import is_report
from quotetrack.nlp.paragraphs import ParagraphSplitter
from quotetrack.nlp.speakers import resolve_speakers
from quotetrack.nlp.text_geometry import TextGeometry

# Whether the extractor adds the trained model's attributions unless told (`learned=`). On by measurement:
# PolNeAR dev e2e F1 .632 -> .656 (overlap F1 .664 -> .695, indirect recall .47 -> .54); the seed
# article stays at F1 1.0 (all levels) with resolved speakers 1.0.
LEARNED_BY_DEFAULT = True

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)


@Language.factory("quotetrack_apostrophes", assigns=["token.norm", "token.shape"])
def make_apostrophe_normaliser(nlp: Language, name: str) -> ApostropheNormaliser:
    """Before the models read a word, `O’Donnell` gets the norm and shape of `O'Donnell`."""
    return ApostropheNormaliser()


@Language.factory("quotetrack_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_splitter(nlp: Language, name: str) -> ParagraphSplitter:
    """Start a new sentence at every line break, so headlines never glue onto the next paragraph."""
    return ParagraphSplitter()


@Language.factory(
    "quotetrack_attributions",
    default_config={"beliefs": True, "nested": False, "learned": LEARNED_BY_DEFAULT},
    assigns=["doc._.attributions"],
    # Also reads token.pos, which the English pipelines' attribute_ruler sets without declaring it.
    requires=["token.dep", "token.head", "token.tag", "token.lemma", "token.ent_type"],
)
def make_attribution_extractor(
    nlp: Language, name: str, beliefs: bool, nested: bool, learned: bool
) -> AttributionExtractor:
    """Extract direct, mixed and indirect attributions; `beliefs` adds `think`/`fear`/`seem` cues, `nested`
    keeps reports inside another's content (`X said Y suggested Z`: Y's suggestion too), `learned` adds
    the trained model's attributions where the rules found none (`quotetrack.nlp.model`)."""
    return AttributionExtractor(beliefs=beliefs, nested=nested, learned=learned)


class AttributionExtractor:
    def __init__(self, beliefs: bool = True, nested: bool = False, learned: bool = False):
        self.cue_lemmas = CUE_LEMMAS | IMPRESSION_VERBS if beliefs else CUE_LEMMAS - COGNITION_VERBS
        self.nested = nested
        self.learned = learned
        self.model = AttributionModel() if learned else None  # opens the model file on first use

    def __call__(self, doc: Doc) -> Doc:
        text = TextGeometry(doc)
        # What reads as no report (`declined to comment`) is left out before the model sees the rules'
        # output (as in training, which learns from the rules' stored output) and from what it adds.
        candidates = [c for c in find_candidates(text, self.cue_lemmas, self.nested) if is_report(text, c)]
        if self.model is not None:
            added = [c for c in self.model.additions(text, candidates, self.cue_lemmas) if is_report(text, c)]
            candidates = sorted([*candidates, *added], key=lambda c: c.start)
        doc._.attributions = [a.to_dict() for a in resolve_speakers(doc, candidates, text)]
        return doc
