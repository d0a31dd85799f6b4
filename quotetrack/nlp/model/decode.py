"""Turn the CRF's tags into candidate attributions, linked the way the rules link them.

Tags say which tokens are source, cue or content; an attribution needs them linked. In PolNeAR every
attribution has a cue and 99% keep content, cue and source in one paragraph, so each content chunk goes to
the nearest cue chunk of its paragraph (its own sentence first) and each cue to the nearest source chunk.
Pieces of one content split by their cue and source (`“A,” he said, “B”`) are joined. The result is the
rules' own `Candidate`, so `resolve_speakers` and `Candidate.attribution` treat both alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from quotetrack.nlp.candidates import Candidate
from quotetrack.nlp.cues import cue_lemma
from quotetrack.nlp.model.features import CONTENT, CUE, OUTSIDE, SOURCE
from quotetrack.nlp.subjects import relative_referent, verb_subject

# Two attributions are the same report when their contents overlap this much (character Jaccard).
SAME_CONTENT = 0.5


@dataclass
class Chunk:
    """A run of tokens with one role, as doc token indices [start, end)."""

    role: str
    start: int
    end: int
    unit: int  # which sequence it was tagged in
    links: list[Chunk] = field(default_factory=list)  # for a cue: its content chunks


def chunks(tags: Sequence[str], sequences: Sequence[list[int]]) -> list[Chunk]:
    """BIO runs per sequence; an I- tag after another role starts a chunk, as a B- would."""
    found: list[Chunk] = []
    for unit, tokens in enumerate(sequences):
        current: Chunk | None = None
        for i in tokens:
            tag = tags[i]
            role = tag[2:] if tag != OUTSIDE else None
            if current is not None and (role != current.role or tag.startswith("B-")):
                found.append(current)
                current = None
            if role is not None:
                if current is None:
                    current = Chunk(role, i, i + 1, unit)
                current.end = i + 1
        if current is not None:
            found.append(current)
    return found


def decode(
    doc: Doc, tags: Sequence[str], sequences: Sequence[list[int]], rules: Sequence[Candidate]
) -> list[Candidate]:
    """Candidates from tags: contents linked to cues, cues to sources (speakers still unresolved)."""
    found = chunks(tags, sequences)
    sentence_of = _sentence_index(doc)
    cues = [c for c in found if c.role == CUE]
    sources = [c for c in found if c.role == SOURCE]
    contents = [c for c in found if c.role == CONTENT]
    out: list[Candidate] = []
    for content in contents:
        cue = _nearest(content, [c for c in cues if c.unit == content.unit], sentence_of)
        if cue is not None:
            cue.links.append(content)
    for cue in cues:
        for pieces in _joined(doc, cue.links, tags):
            source = _nearest(cue, [s for s in sources if s.unit == cue.unit], sentence_of)
            out.append(_candidate(doc, pieces, cue, source, rules))
    linked = {id(c) for cue in cues for c in cue.links}
    for content in contents:
        if id(content) in linked:
            continue
        # Content without a tagged cue in its paragraph: the rules' cue for it, else the word it hangs from.
        cue = _rule_cue(doc, content, rules) or _syntactic_cue(doc, content)
        if cue is not None:
            source = _nearest(cue, [s for s in sources if s.unit == cue.unit], sentence_of)
            out.append(_candidate(doc, [content], cue, source, rules))
    return sorted(out, key=lambda c: c.start)


def same_content(a: Candidate, b: Candidate) -> bool:
    inter = min(a.end, b.end) - max(a.start, b.start)
    union = max(a.end, b.end) - min(a.start, b.start)
    return union > 0 and inter / union >= SAME_CONTENT


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, sentence in enumerate(doc.sents):
        index[sentence.start : sentence.end] = [n] * len(sentence)
    return index


def _nearest(chunk: Chunk, candidates: list[Chunk], sentence_of: list[int]) -> Chunk | None:
    """The closest candidate in tokens, preferring one that shares a sentence with the chunk."""
    sentences = {sentence_of[chunk.start], sentence_of[chunk.end - 1]}

    def distance(other: Chunk) -> tuple[bool, int]:
        gap = max(other.start - chunk.end, chunk.start - other.end, 0)
        shares = sentences & {sentence_of[other.start], sentence_of[other.end - 1]}
        return not shares, gap

    return min(candidates, key=distance, default=None)


def _joined(doc: Doc, contents: list[Chunk], tags: Sequence[str]) -> list[list[Chunk]]:
    """A cue's content chunks grouped into reports: consecutive pieces are one when only source, cue and
    punctuation stand between them (a quote interrupted by `he said`)."""
    groups: list[list[Chunk]] = []
    for piece in sorted(contents, key=lambda c: c.start):
        if groups and _only_interruption(doc, groups[-1][-1].end, piece.start, tags):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _only_interruption(doc: Doc, start: int, end: int, tags: Sequence[str]) -> bool:
    return all(tags[i][2:] in (SOURCE, CUE) or doc[i].is_punct or doc[i].is_space for i in range(start, end))


def _candidate(
    doc: Doc, pieces: list[Chunk], cue: Chunk, source: Chunk | None, rules: Sequence[Candidate]
) -> Candidate:
    start, end = doc[pieces[0].start].idx, _end_char(doc, pieces[-1].end)
    cue_span = doc[cue.start : cue.end]
    if source is not None:
        speaker: Span | None = doc[source.start : source.end]
    else:
        speaker = _fallback_speaker(start, end, cue_span, rules)
    return Candidate(
        start,
        end,
        cue_span.start_char,
        cue_span.end_char,
        cue_lemma(cue_span.root),
        speaker,
        relative_referent(speaker),
    )


def _probe(doc: Doc, content: Chunk) -> Candidate:
    return Candidate(doc[content.start].idx, _end_char(doc, content.end), 0, 0, "", None)


def _rule_cue(doc: Doc, content: Chunk, rules: Sequence[Candidate]) -> Chunk | None:
    probe = _probe(doc, content)
    rule = next((r for r in rules if same_content(r, probe)), None)
    cue = doc.char_span(rule.cue_start, rule.cue_end, alignment_mode="expand") if rule is not None else None
    return Chunk(CUE, cue.start, cue.end, content.unit) if cue else None


def _syntactic_cue(doc: Doc, content: Chunk) -> Chunk | None:
    """The word the content's clause depends on (`said` for a ccomp, `denied` for a dobj), outside it."""
    head = doc[content.start : content.end].root.head
    if content.start <= head.i < content.end or head.pos_ not in ("VERB", "AUX", "NOUN", "ADP"):
        return None
    return Chunk(CUE, head.i, head.i + 1, content.unit)


def _fallback_speaker(start: int, end: int, cue: Span, rules: Sequence[Candidate]) -> Span | None:
    """No source tagged: the speaker of the rules' report with this content, else the cue's subject."""
    probe = Candidate(start, end, 0, 0, "", None)
    for rule in rules:
        if same_content(rule, probe) and rule.speaker is not None:
            return rule.speaker
    return verb_subject(cue.root)


def _end_char(doc: Doc, end_token: int) -> int:
    last = doc[end_token - 1]
    return last.idx + len(last)
