"""The trained attribution model: loads the shipped CRF and adds the reports the rules miss.

Measured on PolNeAR dev, the model alone is no better than the rules, but the rules plus the model's
attributions where the rules found nothing are. What the model adds must also read as a report to a
person (`reads_as_report`): it sometimes tags a bare `this` or a clause cut at `because` as content, or a
negated cue (`didn't explain how ...`) that the rules skip on purpose. Its cue may be a word outside the
rules' lexicon (`ruled`, `made clear`) only when the model tagged that cue itself: on PolNeAR dev, the
lexicon test on every cue cost .018 overlap F1 (.679 against .697 with the shipped model of then), and the
cues the decoder falls back on (the word a content hangs from) are the junk ones. Nor does content that
only names a thing (`The judge blocked the law on Friday`, `nonreports.bare_description`) say anything of
its own: on PolNeAR dev 1 such addition was right and 5 wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotetrack.nlp.candidates import Candidate, _describes_its_head
from quotetrack.nlp.cues import ACCORDING_TO, cue_lemma
from quotetrack.nlp.model.decode import decode
from quotetrack.nlp.model.features import CONTENT, CUE, CUE_WORDS, OUTSIDE, DocFeatures, RuleSpans
from quotetrack.nlp.nonreports import bare_description
from quotetrack.nlp.text_geometry import TextGeometry

MODEL_FILE = resources.files("quotetrack.nlp.model") / "attributions.crfsuite"
# The model's mean probability that an added content's tokens are content. On held-out PolNeAR train
# documents every bar up to 0.3 scored alike and higher ones lost recall.
MIN_CONFIDENCE = 0.3
# A report a reader would quote has a few words at least (`this`, `that` point elsewhere).
MIN_CONTENT_WORDS = 4
# Content that ends in one of these is cut mid-phrase (`the spending because`).
DANGLING = frozenset({"PRON", "DET", "CCONJ", "SCONJ", "ADP", "AUX", "PART"})
BEGIN_CONTENT, INSIDE_CONTENT = "B-" + CONTENT, "I-" + CONTENT


class AttributionModel:
    """The CRF tagger and its decoding. The tagger is opened on first use and dropped when pickled
    (spaCy's worker processes get a copy of the pipeline): pycrfsuite's Tagger cannot be pickled."""

    def __init__(self, path: Path | str | None = None, unit: str = "paragraph"):
        self.path = str(path) if path is not None else str(MODEL_FILE)
        self.unit = unit
        self._tagger: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "unit": self.unit, "_tagger": None}

    @property
    def tagger(self) -> Any:
        if self._tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(self.path)
            self._tagger = tagger
        return self._tagger

    def tag(
        self, text: TextGeometry, rules: Sequence[Candidate]
    ) -> tuple[list[str], list[list[int]], list[float]]:
        """Viterbi tags per doc token (O for white space), the sequences, and each token's marginal
        probability of being content."""
        doc = text.doc
        spans = [
            RuleSpans(
                r.start,
                r.end,
                r.cue_start,
                r.cue_end,
                r.speaker.start_char if r.speaker is not None else None,
                r.speaker.end_char if r.speaker is not None else None,
                text.kind(r.start, r.end),
            )
            for r in rules
        ]
        tags = [OUTSIDE] * len(doc)
        content = [0.0] * len(doc)
        sequences = []
        tagger = self.tagger
        for sequence in DocFeatures(doc, spans, text.inside).units(self.unit):
            predicted = tagger.tag(sequence.features)
            for t, (i, tag) in enumerate(zip(sequence.tokens, predicted, strict=True)):
                tags[i] = tag
                content[i] = tagger.marginal(BEGIN_CONTENT, t) + tagger.marginal(INSIDE_CONTENT, t)
            sequences.append(sequence.tokens)
        return tags, sequences, content

    def additions(
        self, text: TextGeometry, rules: Sequence[Candidate], cue_lemmas: frozenset[str] = CUE_WORDS
    ) -> list[Candidate]:
        """The model's reports that no rule report overlaps, that it is sure of, and that read as reports
        with a cue among `cue_lemmas` (the extractor's: `beliefs=False` leaves out `fear`)."""
        doc = text.doc
        tags, sequences, content = self.tag(text, rules)
        added: list[Candidate] = []
        for candidate in decode(doc, tags, sequences, rules):
            candidate = _tidied(text, candidate)
            if candidate is None:
                continue
            if any(_overlaps(candidate, other) for other in [*rules, *added]):
                continue
            if confidence(doc, content, candidate) < MIN_CONFIDENCE:
                continue
            if not reads_as_report(doc, candidate, cue_lemmas, tagged_cue=_tagged_cue(doc, candidate, tags)):
                continue
            said = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
            if said is not None and not bare_description(text, said):
                added.append(candidate)  # `The judge blocked the law on Friday` says nothing of its own
        return added


def _tagged_cue(doc: Doc, candidate: Candidate, tags: Sequence[str]) -> bool:
    """Whether the model tagged the cue itself, rather than the decoder falling back on a word the content
    hangs from."""
    cue = doc.char_span(candidate.cue_start, candidate.cue_end, alignment_mode="expand")
    words = [t for t in cue if not t.is_space] if cue is not None else []
    return bool(words) and all(tags[t.i].endswith(CUE) for t in words)


def _tidied(text: TextGeometry, candidate: Candidate) -> Candidate | None:
    """The content cut as the rules cut theirs: no edge punctuation or leading `that`, and quotation
    marks kept only around mixed content."""
    span = text.doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    found = text.trim(span.start, span.end) if span is not None else None
    found = text.extend_over_quotations(*found) if found is not None else None
    if found is None:
        return None
    candidate.start, candidate.end = found
    return candidate


def _overlaps(a: Candidate, b: Candidate) -> bool:
    """Two reports claim some of the same words: a reader sees one report, so the rules' one stays."""
    return a.start < b.end and b.start < a.end


def confidence(doc: Doc, content: list[float], candidate: Candidate) -> float:
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    probabilities = [content[t.i] for t in span if not t.is_space] if span is not None else []
    return sum(probabilities) / len(probabilities) if probabilities else 0.0


def reads_as_report(
    doc: Doc, candidate: Candidate, cue_lemmas: frozenset[str] = CUE_WORDS, tagged_cue: bool = False
) -> bool:
    """What a reader would accept as a report: a speaker, content of a few words that does not stop
    mid-phrase and is not a name, and a cue that is not negated, nor a description of its subject
    (`voters who support the bridge`: the rules' own test). A cue the model tagged itself may be any
    word it learned (`ruled`, `made clear`, `pointed to`) but a belief verb the extractor leaves out
    (`beliefs=False`); one the decoder fell back on must say or think: a verb among `cue_lemmas`, or
    `according`."""
    content = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    cue = doc.char_span(candidate.cue_start, candidate.cue_end, alignment_mode="expand")
    if content is None or cue is None or candidate.speaker is None:
        return False  # a report needs someone who makes it
    words = [t for t in content if not (t.is_punct or t.is_space)]
    if len(words) < MIN_CONTENT_WORDS or words[-1].pos_ in DANGLING:
        return False
    if content.root.pos_ == "PROPN":
        return False  # a name is whom someone spoke to or about (`spoken by phone with Zelensky`)
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX") and cue_lemma(t) in cue_lemmas]
    if tagged_cue:
        if any(cue_lemma(t) in CUE_WORDS - cue_lemmas for t in cue):
            return False
    elif not verbs and not any(t.lower_ == ACCORDING_TO[0] for t in cue):
        return False
    if any(_describes_its_head(verb) for verb in verbs):
        return False
    return not any(child.dep_ == "neg" for t in cue for child in t.children)
