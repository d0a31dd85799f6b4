"""Token features for the attribution CRF, from a parsed `Doc` and the rules' attributions in it.

Citron-style features (word, lemma, tags, entity, a window, inside quotation marks, how the token hangs
from a cue verb) plus the rules' own labels, so the model learns where the rules are right and where to
go beyond them. Everything is read once per token into plain lists: this runs at ingest on every
document and must cost far less than the parse.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from spacy.tokens import Doc, Token

from quotetrack.nlp.cues import ACCORDING_TO, CUE_LEMMAS, IMPRESSION_VERBS, cue_lemma
from quotetrack.nlp.quotation_marks import find_quotations

CUE_WORDS = CUE_LEMMAS | IMPRESSION_VERBS
# Roles a token can take in an attribution; the CRF's tags are B-/I- of these, or O.
SOURCE, CUE, CONTENT = "SRC", "CUE", "CONT"
OUTSIDE = "O"
WINDOW_WORDS = 2
WINDOW_TAGS = 3
# The window features' names by distance (`t-2=`, `w+1=`), made once rather than per token.
TAG_BEFORE = [f"t-{k}=" for k in range(WINDOW_TAGS + 1)]
TAG_AFTER = [f"t+{k}=" for k in range(WINDOW_TAGS + 1)]
WORD_BEFORE = [f"w-{k}=" for k in range(WINDOW_WORDS + 1)]
WORD_AFTER = [f"w+{k}=" for k in range(WINDOW_WORDS + 1)]
RULE_BEFORE = [f"r-{k}=" for k in range(WINDOW_WORDS + 1)]
RULE_AFTER = [f"r+{k}=" for k in range(WINDOW_WORDS + 1)]
LEMMA_BEFORE = [f"l-{k}=" for k in range(WINDOW_WORDS + 1)]
LEMMA_AFTER = [f"l+{k}=" for k in range(WINDOW_WORDS + 1)]
# A sequence is a paragraph (content runs over sentences) or a sentence.
UNITS = ("paragraph", "sentence")

Span = tuple[int, int, str]  # (start char, end char, role)


class RuleSpans(NamedTuple):
    """What the features read of one rule attribution: character offsets and kind."""

    content_start: int
    content_end: int
    cue_start: int | None
    cue_end: int | None
    speaker_start: int | None
    speaker_end: int | None
    kind: str

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> RuleSpans:
        """From an attribution dict (`Attribution.to_dict()`, as stored in `doc._.attributions`)."""
        return cls(*(record.get(key) for key in cls._fields))  # type: ignore[arg-type]


@dataclass
class Unit:
    """One CRF sequence: the doc token indices it covers (white space left out) and their features."""

    tokens: list[int]
    features: list[list[str]]


def is_cue_word(token: Token) -> bool:
    """A verb of the cue lexicon, or the `according` of `according to`: where attributions hang from."""
    if token.lower_ == ACCORDING_TO[0]:
        return True
    return token.pos_ in ("VERB", "AUX") and cue_lemma(token) in CUE_WORDS


def units(tokens: Sequence[Token], unit: str = "paragraph") -> list[list[int]]:
    """Token indices of each sequence, white space left out. A paragraph ends at a line break (the
    paragraph splitter makes those sentence starts too, so sentences nest in paragraphs)."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    found: list[list[int]] = []
    current: list[int] = []
    previous: Token | None = None
    for token in tokens:
        if unit == "sentence":
            starts = bool(token.is_sent_start)
        else:
            starts = previous is not None and _breaks_line(previous)
        previous = token
        if starts and current:
            found.append(current)
            current = []
        if not token.is_space:
            current.append(token.i)
    if current:
        found.append(current)
    return found


def _breaks_line(token: Token) -> bool:
    return "\n" in token.whitespace_ or (token.is_space and "\n" in token.text)


def span_tags(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """BIO tags per token for character spans; a token belongs to a span it starts in (or that starts
    inside it). Each span is its own chunk: the two pieces of a quote split by `he said` both start B."""
    starts = [t.idx for t in tokens]
    tags = [OUTSIDE] * len(tokens)
    for start, end, role in spans:
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        if first > 0 and starts[first - 1] + len(tokens[first - 1]) > start and first - 1 < last:
            first -= 1
        inside = [i for i in range(first, last) if not tokens[i].is_space]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + role
    return tags


def attribution_spans(attribution: Mapping[str, Any]) -> list[Span]:
    """Source, cue and content spans of an annotated attribution (its content may come in pieces)."""
    spans: list[Span] = []
    if attribution.get("speaker_start") is not None:
        spans.append((attribution["speaker_start"], attribution["speaker_end"], SOURCE))
    if attribution.get("cue_start") is not None:
        spans.append((attribution["cue_start"], attribution["cue_end"], CUE))
    pieces = attribution.get("content_spans") or [(attribution["content_start"], attribution["content_end"])]
    spans.extend((start, end, CONTENT) for start, end in pieces)
    return spans


def gold_tags(doc: Doc, quotes: Sequence[Mapping[str, Any]]) -> list[str]:
    """The training targets: BIO tags of every annotated attribution's spans."""
    return span_tags(list(doc), [s for q in quotes for s in attribution_spans(q)])


def _rule_spans(rule: RuleSpans) -> list[Span]:
    spans: list[Span] = []
    if rule.speaker_start is not None and rule.speaker_end is not None:
        spans.append((rule.speaker_start, rule.speaker_end, SOURCE))
    if rule.cue_start is not None and rule.cue_end is not None:
        spans.append((rule.cue_start, rule.cue_end, CUE))
    spans.append((rule.content_start, rule.content_end, CONTENT))
    return spans


class DocFeatures:
    """Per-token feature lists of one document; `units()` gives the CRF sequences.

    `inside` is, per character, whether it is inside quotation marks (`TextGeometry.inside`); computed
    here when not given."""

    def __init__(self, doc: Doc, rules: Sequence[RuleSpans], inside: bytearray | None = None):
        self.doc = doc
        self.tokens = tokens = list(doc)  # doc[i] builds a Token every time: build them once
        n = len(tokens)
        self.lower = [t.lower_ for t in tokens]
        self.lemma = [cue_lemma(t) for t in tokens]
        self.tag = [t.tag_ for t in tokens]
        self.dep = [t.dep_ for t in tokens]
        self.heads = [t.head.i for t in tokens]
        self.cue = [is_cue_word(t) for t in tokens]
        self.rule = span_tags(tokens, [s for r in rules for s in _rule_spans(r)])
        self.rule_kind = [OUTSIDE] * n
        starts = [t.idx for t in tokens]
        for r in rules:
            first = max(bisect_left(starts, r.content_start) - 1, 0)
            for i in range(first, bisect_left(starts, r.content_end)):
                if starts[i] + len(tokens[i]) > r.content_start:
                    self.rule_kind[i] = r.kind
        if inside is None:
            inside = _inside_quotations(doc.text)
        self.quoted = [bool(inside[t.idx]) for t in tokens]
        self.sentence_start = [0] * n
        self.sentence_end = [0] * n
        for sentence in doc.sents:  # Token.sent rebuilds the span on every call: look it up once
            for i in range(sentence.start, sentence.end):
                self.sentence_start[i], self.sentence_end[i] = sentence.start, sentence.end
        self.governing_cue = self._governing_cues()
        self.own = [
            [
                "b",
                "w=" + self.lower[i],
                "l=" + self.lemma[i],
                "t=" + self.tag[i],
                "d=" + self.dep[i],
                "s=" + t.shape_[:4],
                "x=" + self.lower[i][-3:],
                "e=" + t.ent_iob_ + t.ent_type_,
                "r=" + self.rule[i],
                "rk=" + self.rule_kind[i],
                "q=" + ("1" if self.quoted[i] else "0"),
                # The word it hangs from: `hl=say hd=nsubj|ROOT` for a speaker, `ccomp|ROOT` for a clause.
                "hl=" + self.lemma[self.heads[i]],
                "hd=" + self.dep[i] + "|" + self.dep[self.heads[i]],
                "ht=" + self.tag[self.heads[i]],
                "hdir=" + ("L" if self.heads[i] < i else "R" if self.heads[i] > i else "0"),
            ]
            + (["cue"] if self.cue[i] else [])
            for i, t in enumerate(tokens)
        ]

    def units(self, unit: str = "paragraph") -> list[Unit]:
        return [Unit(tokens, self.sequence(tokens)) for tokens in units(self.tokens, unit)]

    def sequence(self, tokens: list[int]) -> list[list[str]]:
        """Feature strings for the tokens of one sequence; windows stop at its ends (BOS, EOS)."""
        sentence_cues = self._sentence_cues(tokens)
        tags = _padded([self.tag[i] for i in tokens], WINDOW_TAGS)
        words = _padded([self.lower[i] for i in tokens], WINDOW_WORDS)
        rules = _padded([self.rule[i] for i in tokens], WINDOW_WORDS)
        lemmas = _padded([self.lemma[i] for i in tokens], WINDOW_WORDS)
        quoted = self.quoted
        out: list[list[str]] = []
        for position, i in enumerate(tokens):
            f = self.own[i][:]
            if position == 0:
                f.append("para0")
            sentence_start = self.sentence_start[i]
            f.append("sp=" + _bucket(i - sentence_start))
            if i == self.sentence_end[i] - 1:
                f.append("send")
            if sentence_start == tokens[0]:
                f.append("sent_para0")
            f.extend(self._cue_relation(i, sentence_cues.get(sentence_start, ())))
            at = position + WINDOW_TAGS
            for k in range(1, WINDOW_TAGS + 1):
                f.append(TAG_BEFORE[k] + tags[at - k])
                f.append(TAG_AFTER[k] + tags[at + k])
            at = position + WINDOW_WORDS
            for k in range(1, WINDOW_WORDS + 1):
                f.append(WORD_BEFORE[k] + words[at - k])
                f.append(WORD_AFTER[k] + words[at + k])
                f.append(RULE_BEFORE[k] + rules[at - k])
                f.append(RULE_AFTER[k] + rules[at + k])
            f.append("q-1=1" if position and quoted[tokens[position - 1]] else "q-1=0")
            for k in range(1, WINDOW_WORDS + 1):
                f.append(LEMMA_BEFORE[k] + lemmas[at - k])
                f.append(LEMMA_AFTER[k] + lemmas[at + k])
            out.append(f)
        return out

    def _sentence_cues(self, tokens: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = {}
        for i in tokens:
            if self.cue[i]:
                found.setdefault(self.sentence_start[i], []).append(i)
        return found

    def _cue_relation(self, i: int, cues: Sequence[int]) -> list[str]:
        """How the token hangs from the cue verb above it (`ccomp` for a reported clause, `nsubj` for the
        speaker) and where it sits relative to the nearest cue of its sentence."""
        if not cues:
            return ["nocue"]
        nearest = min(cues, key=lambda c: abs(c - i))
        side = "L" if i < nearest else "R" if i > nearest else "C"
        f = ["cside=" + side, "cdist=" + side + _bucket(abs(nearest - i))]
        governing = self.governing_cue[i]
        if governing is None:
            return f + ["cnone"]
        arc, lemma, depth = governing
        return f + ["carc=" + arc, "carcl=" + arc + "|" + lemma, "cdep=" + _bucket(depth), "clem=" + lemma]

    def _governing_cues(self) -> list[tuple[str, str, int] | None]:
        """Per token, the nearest cue verb above it in the tree: (the arc under that cue on the path, the
        cue's lemma, steps between). Memoised over heads, so one pass covers the document."""
        heads, cue, dep, lemma = self.heads, self.cue, self.dep, self.lemma
        found: list[tuple[str, str, int] | None] = [None] * len(heads)
        known = [False] * len(heads)
        for i in range(len(heads)):
            path: list[int] = []
            node = i
            while not known[node]:
                head = heads[node]
                if head == node or cue[head]:
                    found[node] = (dep[node], lemma[head], 0) if head != node else None
                    known[node] = True
                    break
                path.append(node)
                node = head
            for child in reversed(path):  # each one's head is known by now
                above = found[heads[child]]
                found[child] = None if above is None else (above[0], above[1], above[2] + 1)
                known[child] = True
        return found


def _padded(values: list[str], width: int) -> list[str]:
    """The values of a sequence with `width` BOS before and EOS after, so windows need no bounds checks."""
    return ["BOS"] * width + values + ["EOS"] * width


def _inside_quotations(text: str) -> bytearray:
    inside = bytearray(len(text) + 1)
    for q in find_quotations(text):
        inside[q.start : q.end] = b"\x01" * (q.end - q.start)
    return inside


def _bucket(n: int) -> str:
    """Coarse distances: the CRF needs `next to`, `near`, `far`, not exact counts."""
    if n < 3:
        return str(n)
    if n < 6:
        return "3-5"
    if n < 12:
        return "6-11"
    return "12+"
