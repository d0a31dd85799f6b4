"""The spaCy components: find attributed quotes and claims and write them to `Doc._.attributions`.

Results are plain dicts (offsets, strings) so they survive `nlp.pipe(n_process=...)` and go straight to
JSON or SQLite. Speakers are resolved afterwards, over the whole document, by `quotetrack.nlp.speakers`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from quotetrack.nlp.cues import (
    ACCORDING_TO,
    ASPECTUAL_VERBS,
    COGNITION_VERBS,
    CUE_LEMMAS,
    IMPRESSION_VERBS,
    INFINITIVE_CONTENT_VERBS,
    MISLEMMATISED,
    OBJECT_CONTENT_VERBS,
    PASSIVE_CLAUSE_VERBS,
    PREPOSITION_CONTENT_VERBS,
    SECTION_LABELS,
    SPEECH_VERBS,
)
from quotetrack.nlp.quotation_marks import Quotation, find_quotations
from quotetrack.nlp.speakers import mention_span, resolve_speakers

if not Doc.has_extension("attributions"):
    Doc.set_extension("attributions", default=None)

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# A relative clause these open, set off by a comma at the end of the content, glosses it (`a win in Texas,
# which votes in March`); one opened by `where` or `when` often goes on with what was said.
GLOSS_PRONOUNS = {"which", "who", "whom", "whose"}
# Characters that may stand, with any white space, between a quotation and its cue clause (`“...,” said X`,
# `X said: “...”`).
# `'` is the outer half of a doubled-apostrophe mark (`''Yes,'' he said`).
JOINERS = set(",.:;!?—–-”’\"»)'")
CONTENT_EDGE = set(" \t\n,;:—–-")
# Prepositions that complete an object cue: `accused X of`, `criticized X for`, `described X as`.
OBJECT_PREPOSITIONS = {"for", "of", "as"}
# Entities that place a statement in time or space rather than complete what was said.
SETTING_ENTITIES = {"DATE", "TIME", "GPE", "LOC", "FAC", "EVENT"}
# A dateline (`CLEVELAND, July 19 (UPI) —`) opens a paragraph with at most this many tokens before its dash.
MAX_DATELINE_TOKENS = 10
DATELINE_DASHES = {"—", "–", "--", "-"}
# A speaker label before a colon (`Sen. Ted Cruz: ...`) is at most this many tokens.
MAX_LABEL_TOKENS = 6
# A report in a clause opened by these is the writer's aside, not part of the report around it:
# `According to X, he met Putin, although the Kremlin has denied any talks`; `while` contrasts two reports
# (`X said A, while Y said B`).
CONCESSIVE_MARKERS = {"although", "though", "whereas", "while"}
# `That’s according to the report.` points back to the sentence before.
DEMONSTRATIVE_COPULA = {"that", "this", "it", "’s", "'s", "is", "was"}
# An adverbial clause these open, after the content, says why or on what terms: it belongs to the content.
CONDITION_MARKERS = {"because", "if", "unless"}
LEADING_MARKERS = {"that", "because", "if", "whether", "as"}


@dataclass
class Candidate:
    """An attribution before speaker resolution; token-level so speakers can be resolved in context."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    cue_lemma: str
    speaker: Span | None
    referent: Span | None = None  # what a relative pronoun speaker (`who`) stands for

    def overlaps(self, other: Candidate) -> bool:
        inter = min(self.end, other.end) - max(self.start, other.start)
        union = max(self.end, other.end) - min(self.start, other.start)
        return union > 0 and inter / union >= 0.5


@Language.factory("quotetrack_paragraphs")
def make_paragraph_splitter(nlp: Language, name: str) -> ParagraphSplitter:
    """Start a new sentence at every line break, so headlines never glue onto the next paragraph."""
    return ParagraphSplitter()


class ParagraphSplitter:
    def __call__(self, doc: Doc) -> Doc:
        starts = [0] if len(doc) else []
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
                starts.append(token.i)
        for start in starts:
            after = _dateline_end(doc, start)
            if after is not None:
                doc[after].is_sent_start = True
        return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the story starts after a dateline (`WASHINGTON (AP) —`, `Paris, May 2 (AFP) –`), so the parser
    never takes the place for the subject of the first sentence: capitalised words, numbers and punctuation
    up to a dash, one of them in capitals."""
    capitals = False
    for token in doc[start : start + MAX_DATELINE_TOKENS]:
        if token.text in DATELINE_DASHES:
            return token.i + 1 if capitals and token.i > start and token.i + 1 < len(doc) else None
        if token.is_alpha and not token.is_title and not token.is_upper:
            return None
        capitals = capitals or (token.is_upper and token.is_alpha and len(token) > 1)
    return None


@Language.factory("quotetrack_attributions", default_config={"beliefs": True, "nested": False})
def make_attribution_extractor(nlp: Language, name: str, beliefs: bool, nested: bool) -> AttributionExtractor:
    """Extract direct, mixed and indirect attributions; `beliefs` adds `think`/`fear`/`seem` cues, `nested`
    keeps reports inside another's content (`X said Y suggested Z`: Y's suggestion too)."""
    return AttributionExtractor(beliefs=beliefs, nested=nested)


class AttributionExtractor:
    def __init__(self, beliefs: bool = True, nested: bool = False):
        self.cue_lemmas = CUE_LEMMAS | IMPRESSION_VERBS if beliefs else CUE_LEMMAS - COGNITION_VERBS
        self.nested = nested

    def __call__(self, doc: Doc) -> Doc:
        scan = _DocumentScan(doc, self.cue_lemmas)
        doc._.attributions = resolve_speakers(doc, [scan.record(c) for c in scan.candidates(self.nested)])
        return doc


class _DocumentScan:
    """One pass over a parsed document, turning cue words into candidate attributions."""

    def __init__(self, doc: Doc, cue_lemmas: frozenset[str]):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: build it once
        self.quotations = find_quotations(self.text)
        self.cue_lemmas = cue_lemmas
        self.sentence_bounds = [(s.start_char, s.end_char) for s in doc.sents]
        self.open_marks_sorted = [q.open_at for q in self.quotations]  # quotations come sorted by opening
        self.closings = sorted((q.close_at, q) for q in self.quotations)
        self.open_marks = set(self.open_marks_sorted)
        self.close_marks = {q.close_at for q in self.quotations}
        self.inside = bytearray(len(self.text) + 1)
        for q in self.quotations:
            self.inside[q.start : q.end] = b"\x01" * (q.end - q.start)

    def candidates(self, nested: bool = False) -> list[Candidate]:
        """Candidates in text order; of two that cover mostly the same content, the first found wins, and one
        nested in another's content is left out unless `nested`."""
        found: list[Candidate] = []  # kept sorted by start, so only neighbours need comparing
        starts: list[int] = []
        longest = 0
        for token in self.doc:
            if self.inside[token.idx]:
                continue
            if token.lower_ == ACCORDING_TO[0] and token.i + 1 < len(self.doc):
                candidate = self._according_to(token)
            elif _lemma(token) in self.cue_lemmas and token.pos_ in ("VERB", "AUX"):
                candidate = self._verb_cue(token)
            elif token.text == ":" and token.i - token.sent.start <= MAX_LABEL_TOKENS:
                candidate = self._speaker_label(token)
            else:
                candidate = None
            if candidate is None:
                continue
            near = range(bisect_left(starts, candidate.start - longest), bisect_left(starts, candidate.end))
            if not any(candidate.overlaps(found[i]) for i in near):
                at = bisect_right(starts, candidate.start)
                starts.insert(at, candidate.start)
                found.insert(at, candidate)
                longest = max(longest, candidate.end - candidate.start)
        if nested:
            return found
        return _outermost(found, starts, self._in_concession)

    def _in_concession(self, candidate: Candidate) -> bool:
        """Whether the candidate's cue sits in a concessive clause (`although X denied ...`)."""
        cue = self.doc.char_span(candidate.cue_start, candidate.cue_end, alignment_mode="expand")
        if cue is None:
            return False
        clause = cue[0]
        while clause.dep_ not in ("advcl", "ROOT"):
            clause = clause.head
        return any(t.dep_ == "mark" and t.lower_ in CONCESSIVE_MARKERS for t in clause.children)

    def _speaker_label(self, colon: Token) -> Candidate | None:
        """`Kerry: By law, the president sets ...` in headlines and transcripts: a name, a colon, words."""
        label = self.doc[colon.sent.start : colon.i]
        if not label or any(t.pos_ in ("VERB", "AUX") for t in label) or not _names(label):
            return None
        if label.root.ent_type_ in SETTING_ENTITIES:
            return None  # `Washington: ...` datelines, `Monday: ...` agendas
        rest = self._trim(colon.i + 1, colon.sent.end)
        if rest is None or rest[1] - rest[0] < 12:
            return None
        content = self._extend_over_quotations(*rest)
        if content is None:
            return None
        start, end = content
        return Candidate(start, end, colon.idx, colon.idx + 1, ":", mention_span(label.root))

    def record(self, c: Candidate) -> dict:
        """The candidate as plain data, with its kind and the sentences around it for context."""
        touched = [q for q in self.quotations if q.open_at < c.end and q.close_at >= c.start]
        if touched and touched[0].open_at <= c.start and c.end <= touched[-1].close_at:
            kind = "direct"  # both ends inside quotation marks, as in `“...,” he said. “...”`
        else:
            kind = "mixed" if touched else "indirect"
        first, last = min(c.start, c.cue_start), max(c.end, c.cue_end)
        around = [(s, e) for s, e in self.sentence_bounds if e > first and s < last]
        return {
            "content_start": c.start,
            "content_end": c.end,
            "content": self.text[c.start : c.end],
            "kind": kind,
            "cue": self.text[c.cue_start : c.cue_end],
            "cue_lemma": c.cue_lemma,
            "cue_start": c.cue_start,
            "cue_end": c.cue_end,
            "speaker_span": c.speaker,
            "speaker_referent": c.referent,
            "sentence_start": around[0][0] if around else c.start,
            "sentence_end": around[-1][1] if around else c.end,
        }

    def _according_to(self, according: Token) -> Candidate | None:
        to = self.doc[according.i + 1]
        if to.lower_ != ACCORDING_TO[1]:
            return None
        source = next((t for t in to.children if t.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase_end = max(t.i for t in according.subtree) + 1
        sentence = according.sent
        before = self.doc[sentence.start : according.i]
        if sentence.start and len(before) and all(t.lower_ in DEMONSTRATIVE_COPULA for t in before):
            previous = self.doc[sentence.start - 1].sent  # `That’s according to X.`: the sentence before
            start, end = previous.start, previous.end
        elif according.i - sentence.start <= 1:  # `According to X, ...`: the rest of the sentence
            start, end = phrase_end, sentence.end
        elif phrase_end >= sentence.end - 1:  # `..., according to X.`: what came before
            start, end = sentence.start, according.i
        else:  # inside a clause: the clause, from after the phrase when only connectives precede it
            head = according.head
            before = [t for t in head.subtree if t.i < according.i]
            connective = all(t.is_punct or t.dep_ in ("mark", "cc", "advmod") for t in before)
            start = phrase_end if connective else head.left_edge.i
            after_clause = according.i > head.i and self.doc[according.i - 1].text == ","
            end = according.i if after_clause else head.right_edge.i + 1
        span = self._trim(start, end)
        if span is None:
            return None
        return Candidate(*span, according.idx, to.idx + len(to.text), "according to", mention_span(source))

    def _verb_cue(self, verb: Token) -> Candidate | None:
        if any(child.dep_ == "neg" for child in verb.children):
            return None  # `he didn't explain how ...` reports nothing
        if _describes_its_head(verb):
            return None  # `those saying ...`, `voters who support ...`: a description, not a source
        lemma = _lemma(verb)
        passive_subject = next((t for t in verb.children if t.dep_ == "nsubjpass"), None)
        if passive_subject is not None and lemma in PASSIVE_CLAUSE_VERBS:
            return self._passive_cue(verb, lemma, passive_subject)
        if lemma in IMPRESSION_VERBS:
            return self._impression(verb, lemma)
        speaker = self._subject(verb)
        if speaker is None and (lemma not in SPEECH_VERBS or verb.tag_ == "VB" and verb.dep_ == "ROOT"):
            return None  # no source, or an imperative (`Ask yourself: ...`)
        content = self._clause_content(verb)
        if content is not None and lemma in SPEECH_VERBS:
            content = self._after_lead_in(verb, speaker, content)
        if content is None and lemma in SPEECH_VERBS:
            content = self._adjacent_quotation(verb, speaker) or self._host_clause(verb, speaker)
        if content is None and lemma in OBJECT_CONTENT_VERBS:
            content = self._object_content(verb)
        if content is None and lemma in PREPOSITION_CONTENT_VERBS:
            content = self._prepositional_content(verb, PREPOSITION_CONTENT_VERBS[lemma])
        if content is None and lemma in SPEECH_VERBS:
            content = self._preceding_clause(verb, speaker)
        if content is None:
            return None
        content = self._extend_over_quotations(*content)
        if content is None:
            return None  # nothing but punctuation inside the marks: `“—,” he said`
        start, end = content
        clause_end = self._clause_bounds(verb, speaker)[1]
        if end <= verb.idx and not self.inside[max(end - 1, 0)]:
            end = self._continue_parenthetical(verb, clause_end, end)
        if end <= verb.idx:
            end = self._continue_split_quotation(verb, clause_end, end)
        cue_end = verb.idx + len(verb.text)
        return Candidate(start, end, verb.idx, cue_end, lemma, speaker, self._referent(speaker))

    def _impression(self, verb: Token, lemma: str) -> Candidate | None:
        """`New Hampshire seems stable`, `the plan appeared to fail`: how things seem, to nobody named; the
        whole clause is the content. `She appeared on television` has no complement and is no cue."""
        subject = next((t for t in verb.children if t.dep_ == "nsubj"), None)
        if subject is None or not any(t.dep_ in ("xcomp", "acomp", "ccomp", "attr") for t in verb.children):
            return None
        span = self._trim(subject.left_edge.i, self._before_trailing_aside(verb))
        content = self._extend_over_quotations(*span) if span else None
        if content is None:
            return None
        return Candidate(*content, verb.idx, verb.idx + len(verb.text), lemma, None)

    def _passive_cue(self, verb: Token, lemma: str, subject: Token) -> Candidate | None:
        """`Voters are expected to stay home`, `the deal was viewed by many as a defeat`: a passive cue
        reports its whole clause, subject included; the agent (`by many`), if any, is the source."""
        agent = next((t for t in verb.children if t.dep_ == "agent"), None)
        source = next((t for t in agent.children if t.dep_ == "pobj"), None) if agent is not None else None
        span = self._trim(subject.left_edge.i, self._before_trailing_aside(verb))
        content = self._extend_over_quotations(*span) if span else None
        if content is None:
            return None
        speaker = mention_span(source) if source is not None else None
        return Candidate(*content, verb.idx, verb.idx + len(verb.text), lemma, speaker)

    def _subject(self, verb: Token) -> Span | None:
        """The cue's subject as written (`who` included: `_referent` says whom it stands for)."""
        node = verb
        for _ in range(4):
            subject = next((t for t in node.children if t.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                if subject.dep_ == "csubj":
                    return None
                return mention_span(subject)
            governor = _governing_verb(node)
            if governor is not None and governor.dep_ != "ccomp":  # inside reported content it is unclear
                node = governor
            elif node.dep_ == "ROOT":
                return self._stranded_subject(node)
            else:
                return None
        return None

    @staticmethod
    def _referent(speaker: Span | None) -> Span | None:
        """`Trump, who said ...`: the noun a relative pronoun subject stands for."""
        if speaker is None or len(speaker) != 1 or speaker.root.lower_ not in RELATIVE_PRONOUNS:
            return None
        clause = speaker.root.head
        return mention_span(clause.head) if clause.dep_ == "relcl" else None

    def _stranded_subject(self, verb: Token) -> Span | None:
        """A subject the parser hung elsewhere, as in `At the hearing, Kallas, a former minister, emphasized`:
        the nearest noun left of the verb that is not inside a prepositional phrase or an object; a share hung
        on the verb itself (`About 4 in 10 say`, `Less than a third agreed`) is its subject."""
        for token in reversed(self.doc[verb.sent.start : verb.i]):
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

    def _clause_content(self, verb: Token) -> tuple[int, int] | None:
        lemma = _lemma(verb)
        deps = ("ccomp",) + (("xcomp",) if lemma in INFINITIVE_CONTENT_VERBS else ())
        clause = next((t for t in verb.children if t.dep_ in deps), None)
        if clause is None and lemma in SPEECH_VERBS and lemma not in ASPECTUAL_VERBS:
            # `proposed taxing carbon`, `said seeing police there was welcome` (a gerund subject the parser
            # took for a complement of the cue)
            clause = next((t for t in verb.children if t.dep_ == "xcomp" and t.tag_ == "VBG"), None)
        if clause is None:
            # `the military authorities added` with the reported clause parsed as the head's ccomp sibling
            return None
        end = self._before_trailing_aside(clause)
        for condition in _conditions(verb, clause):
            end = max(end, condition.right_edge.i + 1)
        if clause.i > verb.i:
            # `said she had seen the emails, and that talk of dissent masked ...`: the parser hangs a second
            # reported clause on the cue
            later = [t for t in verb.rights if t.dep_ == "ccomp" and t.i > clause.i]
            if later:
                end = max(end, self._before_trailing_aside(later[-1]))
        start = clause.left_edge.i
        subjectless = not any(t.dep_ in SUBJECT_DEPS for t in clause.children)
        if verb.dep_ == "relcl" and clause.i > verb.i and subjectless and verb.head.pos_ in ("NOUN", "PRON"):
            # `a probe the agency said was ongoing`: what the noun is said to be or do
            return self._trim(verb.head.left_edge.i, end)
        if clause.i > verb.i and subjectless:
            # `said their networks, once all men, were now mostly women`: the clause's subject hung on the cue
            subject = next((t for t in verb.rights if t.dep_ == "dobj" and t.i < clause.i), None)
            if subject is not None:
                start = min(start, subject.left_edge.i)
        return self._trim(start, end)

    def _before_trailing_aside(self, head: Token) -> int:
        """Where `head`'s phrase ends without a closing gloss: a noun phrase, relative clause or participle
        set off by a comma or dash at the end (`his plan to ban imports, a plan he has since modified`, `a win
        in Texas, which votes in March`, `asked them to stay calm — a plea few heeded`, `turnout rose, putting
        the city ahead`) is the reporter's; a participle that quotes the speaker goes on with the report."""
        end = head.right_edge.i + 1
        for token in head.subtree:
            relative = token.dep_ == "relcl" and token.left_edge.lower_ in GLOSS_PRONOUNS
            participle = token.dep_ == "advcl" and token.tag_ == "VBG" and token.left_edge.i == token.i
            participle = participle and not any(self.inside[t.idx] for t in token.subtree)
            concession = token.dep_ == "advcl" and any(
                t.dep_ == "mark" and t.lower_ in CONCESSIVE_MARKERS for t in token.children
            )
            gloss = token.dep_ == "appos" or relative or participle or concession
            if gloss and token.left_edge.i > head.i and token.right_edge.i + 1 >= end - 1:
                first = token.left_edge  # the parser may hang the comma on the gloss itself
                mark = first if first.is_punct else self.doc[first.i - 1]
                if mark.text in (",", "—", "–") and not self.inside[mark.idx]:
                    return mark.i
        return end

    def _object_content(self, verb: Token) -> tuple[int, int] | None:
        """`denied any talks`, `called the plan “a disaster”`, `criticized Clinton for ...`: the object and
        what completes it."""
        obj = next((t for t in verb.children if t.dep_ == "dobj"), None)
        if obj is None or (obj.pos_ == "PRON" and not any(t.dep_ in ("oprd", "xcomp") for t in verb.rights)):
            return None
        parts = [obj] + [
            t
            for t in verb.rights
            if t.i > obj.i
            and (
                t.dep_ in ("oprd", "xcomp", "ccomp")
                or (t.dep_ == "prep" and _completes_object(t))
                or _infinitive(t)
            )
        ]
        last = max(parts, key=lambda t: t.right_edge.i)
        return self._trim(min(t.left_edge.i for t in parts), self._before_trailing_aside(last))

    def _prepositional_content(self, verb: Token, prepositions: set[str]) -> tuple[int, int] | None:
        """`called on FEMA to review the water supply`: the preposition's object and what completes it; not
        a time or place (`spoke to reporters on Monday`)."""
        prep = next(
            (t for t in verb.rights if t.dep_ == "prep" and t.lower_ in prepositions and not _is_setting(t)),
            None,
        )
        objects = [t for t in prep.children if t.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if not objects:
            return None
        end = max([objects[-1].right_edge.i] + [t.right_edge.i for t in verb.rights if t.dep_ == "xcomp"])
        return self._trim(objects[0].left_edge.i, end + 1)

    def _clause_bounds(self, verb: Token, speaker: Span | None) -> tuple[int, int]:
        """Character bounds of the cue clause: the verb, its auxiliaries and its subject mention."""
        tokens = [verb] + [
            t
            for t in verb.children
            if t.dep_ in ("aux", "auxpass", "neg", "advmod", "prt") and not self.inside[t.idx]
        ]
        starts = [t.idx for t in tokens] + ([speaker.start_char] if speaker is not None else [])
        ends = [t.idx + len(t.text) for t in tokens] + ([speaker.end_char] if speaker is not None else [])
        return min(starts), max(ends)

    def _adjacent_quotation(self, verb: Token, speaker: Span | None) -> tuple[int, int] | None:
        """`“...,” said X`, `X said: “...”` or `X asked at a town hall, “...”`: a quotation joined to the
        cue clause by punctuation, or by a verbless phrase ending in a comma or colon."""
        clause_start, clause_end = self._clause_bounds(verb, speaker)
        before = bisect_left(self.closings, (clause_start,)) - 1  # the quotation closing last before
        if before >= 0:
            q = self.closings[before][1]
            between = self.text[q.close_at : clause_start]
            if _only_joiners(between) and "\n" not in between:
                return q.start, q.end
        after = bisect_left(self.open_marks_sorted, clause_end)  # the quotation opening first after
        if after == len(self.quotations):
            return None
        q = self.quotations[after]
        between = self.text[clause_end : q.open_at]
        if _only_joiners(between) and "\n" not in between:
            return q.start, q.end
        return (q.start, q.end) if self._verbless_lead_in(clause_end, between) else None

    def _after_lead_in(self, verb: Token, speaker: Span | None, content: tuple[int, int]) -> tuple[int, int]:
        """`..., but with a caveat: “The person is one of many,” the source said`: a clause before the cue
        that runs into the quotation joined to it, after a colon or dash, is the reporter's lead-in."""
        clause_start = self._clause_bounds(verb, speaker)[0]
        before = bisect_left(self.closings, (clause_start,)) - 1
        if before < 0 or content[1] > clause_start:
            return content
        q = self.closings[before][1]
        between = self.text[q.close_at : clause_start]
        if not _only_joiners(between) or "\n" in between or not content[0] < q.open_at < content[1]:
            return content
        lead_in = self.text[content[0] : q.open_at].rstrip().rstrip("'")
        return (q.start, q.end) if lead_in.endswith((":", "—", "–", " -", "--")) else content

    def _verbless_lead_in(self, start: int, between: str) -> bool:
        """`X asked at a town hall, “...”`, `“...,” he said of the plan, “...”`: the words from `start` to a
        quotation only place the cue (no verb, no other quotation) and end in a comma or colon."""
        lead_in = between.rstrip()
        if not lead_in.endswith((",", ":")) or len(lead_in) > 80 or ("\n" in between and lead_in[-1] != ":"):
            return False
        words = self.doc.char_span(start, start + len(lead_in), alignment_mode="expand") or []
        return not any(t.pos_ in ("VERB", "AUX") or self.inside[t.idx] for t in words)

    def _host_clause(self, verb: Token, speaker: Span | None) -> tuple[int, int] | None:
        """`This campaign, he says, is different`: a cue inserted in the clause it reports."""
        if verb.dep_ != "parataxis" or speaker is None:
            return None
        host = verb.head
        start = host.left_edge.i
        lead = self.doc[start : verb.left_edge.i]
        if lead and all(t.is_punct or t.dep_ == "cc" for t in lead):
            start = verb.right_edge.i + 1  # `And yet, he says, ...`: the connective is the reporter's
        return self._trim(start, self._before_trailing_aside(host))

    def _preceding_clause(self, verb: Token, speaker: Span | None) -> tuple[int, int] | None:
        """`..., the military authorities added.`: the clause is everything before the cue clause."""
        if speaker is None or verb.dep_ != "ROOT":
            return None
        sentence = verb.sent
        clause_start, clause_end = self._clause_bounds(verb, speaker)
        tail = self.text[clause_end : sentence.end_char].strip()
        head = self.text[sentence.start_char : clause_start].rstrip()
        if not head.endswith(",") or len(tail) > 2:
            return None
        first = sentence.start
        last = self.doc.char_span(sentence.start_char, clause_start, alignment_mode="contract")
        if last is None or len(last) < 4:
            return None
        return self._trim(first, last.end)

    def _trim(self, start: int, end: int) -> tuple[int, int] | None:
        """Character span of tokens start..end, without edge punctuation or a leading `that`."""
        doc = self.doc
        while start < end and (
            (doc[start].is_punct and doc[start].text not in '“"«')
            or doc[start].is_space
            or (doc[start].lower_ in LEADING_MARKERS and doc[start].dep_ == "mark")
        ):
            start += 1
        while end > start and (
            doc[end - 1].is_punct and doc[end - 1].text not in '”"»' or doc[end - 1].is_space
        ):
            end -= 1
        if end - start < 2:
            return None
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)

    def _extend_over_quotations(self, start: int, end: int) -> tuple[int, int] | None:
        """Content that reaches into a quotation takes all of it. The marks stay in mixed content and go
        when the content is exactly a quotation (they are not part of what was said)."""
        for q in self.quotations:
            if q.open_at < end and q.close_at >= start:
                start, end = min(start, q.open_at), max(end, q.close_at + 1)
        start, end = self._strip_edges(start, end)
        if start in self.open_marks and end - 1 in self.close_marks:
            start, end = self._strip_edges(start + 1, end - 1)
        return (start, end) if end - start >= 2 else None

    def _strip_edges(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start] in CONTENT_EDGE:
            start += 1
        while end > start and self.text[end - 1] in CONTENT_EDGE:
            end -= 1
        return start, end

    def _continue_split_quotation(self, verb: Token, clause_end: int, end: int) -> int:
        """`“...,” he said, “...”`, `“...,” he said. “...”` or `“...,” said X, a lawyer in Ohio. “...”`: the
        next quotation continues the same quote when only punctuation or the rest of the cue's own sentence
        stands between; so it does after reported words (`It is open, he said. “...”`), and in the next
        paragraph when the cue's sentence ends its paragraph and the quotation fills the next one."""
        for at in range(bisect_left(self.open_marks_sorted, clause_end), len(self.quotations)):
            q = self.quotations[at]
            lead, newline, gap = self.text[clause_end : q.open_at].partition("\n")
            if gap.replace("'", " ").strip() or (newline and not self._fills_paragraph(q)):
                return end
            if self.text[q.close_at - 1] == ",":
                return end  # `“No thanks,” he added`: a quotation with a cue of its own
            if _only_joiners(lead) or self._verbless_lead_in(clause_end, lead):
                return q.end
            if not lead.replace("'", " ").rstrip().endswith((".", "!", "?")):
                continue  # a quotation inside the cue's sentence (`after hinting that “changes” could come.`)
            tokens = self.doc.char_span(clause_end, clause_end + len(lead), alignment_mode="contract") or []
            same_sentence = all(t.sent == verb.sent for t in tokens if not (t.is_punct or t.is_space))
            return q.end if same_sentence else end
        return end

    def _fills_paragraph(self, q: Quotation) -> bool:
        """The quotation is all its paragraph holds: no cue of its own follows it."""
        line_end = self.text.find("\n", q.close_at)
        return _only_joiners(self.text[q.close_at : line_end if line_end >= 0 else len(self.text)])

    def _continue_parenthetical(self, verb: Token, clause_end: int, end: int) -> int:
        """`The emails were on many topics, the Times said, including speeches`: the sentence goes on."""
        sentence = verb.sent
        subject = next((t for t in verb.children if t.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.i > verb.i:  # `..., said X, a lawyer in Ohio.`: X's gloss
            clause_end = max(clause_end, subject.right_edge.idx + len(subject.right_edge.text))
        rest = self.text[clause_end : sentence.end_char]
        if not rest.startswith(",") or len(rest.split()) < 3:
            return end
        following = self.doc.char_span(clause_end, sentence.end_char, alignment_mode="contract")
        first = next((t for t in following or [] if not t.is_punct), None)
        reports = first is not None and first.head == verb and first.dep_ == "advcl"
        if reports and _lemma(first) in self.cue_lemmas:
            return end  # `..., an official said, adding that ...`: a report of its own
        trimmed = self._trim(verb.i + 1, sentence.end)
        return trimmed[1] if trimmed else end


def _outermost(
    found: list[Candidate], starts: list[int], is_aside: Callable[[Candidate], bool]
) -> list[Candidate]:
    """The candidates not nested, cue and content, in another's content: in `X said Y suggested Z`, what Y
    suggested is part of what X said, and annotated news (PolNeAR) mostly leaves such reports out. Asides
    (`is_aside`, asked of nested candidates only) are kept wherever they sit.
    `found` is sorted by start and `starts` are its starts."""
    reach = list(accumulate((c.end for c in found), max, initial=-1))  # reach[k]: furthest end in found[:k]
    kept = []
    for i, c in enumerate(found):
        first, last = min(c.start, c.cue_start), max(c.end, c.cue_end)
        bound = bisect_right(starts, first)  # found[:bound] start no later than c's cue or content
        tied = any(other.end >= last for other in found[i + 1 : bound])
        if (reach[min(i, bound)] < last and not tied) or is_aside(c):
            kept.append(c)
    return kept


def _lemma(token: Token) -> str:
    """The token's lemma, corrected where the model's lemmatiser is known to miss a cue (`hoped` -> `hop`)."""
    return MISLEMMATISED.get(token.lower_) or token.lemma_.lower()


def _describes_its_head(verb: Token) -> bool:
    """A cue in a clause that describes a common noun (`those saying ...`, `voters who back the plan`) or
    sets a scene (`a time when allies fear ...`); a relative clause reporting a clause is still a source
    (`voters who said the economy matters`)."""
    if verb.head.pos_ == "PROPN":
        return False
    if verb.dep_ == "relcl":
        reports = any(t.dep_ == "ccomp" for t in verb.children)
        return not reports or any(t.tag_ == "WRB" for t in verb.children)
    return verb.dep_ == "acl"


def _only_joiners(text: str) -> bool:
    """Punctuation and white space only; news text often has no-break spaces (U+00A0) between sentences."""
    return all(ch in JOINERS or ch.isspace() for ch in text)


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


def _is_setting(prep: Token) -> bool:
    """`on Monday`, `in Brussels`: a prepositional phrase placing the statement in time or space."""
    return any(t.dep_ == "pobj" and t.ent_type_ in SETTING_ENTITIES for t in prep.children)


def _completes_object(prep: Token) -> bool:
    """`for accepting donations`, `in its war effort`, `in backing the war`: yes; `on Tuesday`, `in Brussels`:
    no."""
    if prep.lower_ in OBJECT_PREPOSITIONS:
        return True
    return any(t.dep_ in ("pobj", "pcomp") for t in prep.children) and not _is_setting(prep)


def _names(label: Span) -> bool:
    """A proper noun, or one word the tagger took for a common noun before a headline's colon (`Sanders:`);
    not a shout (`BREAKING:`, `Breaking:`) or a section label (`Update:`)."""
    root = label.root
    if root.pos_ == "PROPN":
        return True
    if len(label) > 1 or root.pos_ != "NOUN" or not root.is_title or root.lower_ in SECTION_LABELS:
        return False
    return not root.lower_.endswith("ing")


def _conditions(verb: Token, clause: Token) -> list[Token]:
    """Clauses after the content that the parser hung on the cue but that qualify what was said: `said she
    would go, because ...`, `promised to act should he win`."""
    return [
        t
        for t in verb.rights
        if t.dep_ == "advcl"
        and t.i > clause.i
        and (
            any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKERS for m in t.children)
            or (t.left_edge.lower_ == "should" and t.left_edge.dep_ == "aux")
        )
    ]


def _infinitive(clause: Token) -> bool:
    """`called on Smith to resign` with `to resign` hung on the cue as an adverbial clause."""
    return clause.dep_ == "advcl" and clause.left_edge.lower_ == "to" and clause.left_edge.dep_ == "aux"
