"""Where things sit in a parsed document's text: its quotations, its sentences, and spans cut around them.

The extraction rules think in tokens (a clause, an object); what they report are character spans. This is
the arithmetic between the two: trimming a token range to the words that matter, widening a span over the
quotation marks it reaches into, and asking what stands between a cue and a quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc

from quotetrack.nlp.quotation_marks import Quotation, find_quotations

# Characters that may stand, with any white space, between a quotation and its cue clause (`“...,” said X`,
# `X said: “...”`).
# `'` is the outer half of a doubled-apostrophe mark (`''Yes,'' he said`).
JOINERS = set(",.:;!?—–-”’\"»)'")
CONTENT_EDGE = set(" \t\n,;:—–-")
# `that` only introduces reported speech; `if`, `whether`, `because` belong to it (`said if elected, ...`).
LEADING_MARKERS = {"that"}
CLOSING_MARKS = '”"»’'
# A paragraph break and the opening mark that carries a quotation on into the next paragraph.
REOPENING = re.compile(r'\s*\n\s*[“"«„]')


class TextGeometry:
    """One parsed document's text with its quotations and sentences located, built once per document and
    shared by every rule that looks at it."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: build it once
        self.quotations = find_quotations(self.text)
        self.sentence_bounds = [(s.start_char, s.end_char) for s in doc.sents]
        self.open_marks_sorted = [q.open_at for q in self.quotations]  # quotations come sorted by opening
        self.closings = sorted((q.close_at, q) for q in self.quotations)
        self.open_marks = set(self.open_marks_sorted)
        self.close_marks = {q.close_at for q in self.quotations}
        self.inside = bytearray(len(self.text) + 1)
        for q in self.quotations:
            self.inside[q.start : q.end] = b"\x01" * (q.end - q.start)

    def closing_before(self, at: int) -> Quotation | None:
        """The quotation whose closing mark comes last before character `at`."""
        before = bisect_left(self.closings, (at,)) - 1
        return self.closings[before][1] if before >= 0 else None

    def opening_from(self, at: int) -> Sequence[Quotation]:
        """The quotations opening at or after character `at`, in text order."""
        return self.quotations[bisect_left(self.open_marks_sorted, at) :]

    def trim(self, start: int, end: int) -> tuple[int, int] | None:
        """Character span of tokens start..end, without edge punctuation, a leading `that`, or a leading
        `and`/`but` outside quotation marks (it joins the sentence to the one before, not to the report)."""
        doc = self.doc
        while start < end and (
            (doc[start].is_punct and doc[start].text not in '“"«')
            or doc[start].is_space
            # `that` as a conjunction (IN), also where the parser hung it wrongly (`told MPs that talks ...`)
            or (
                doc[start].lower_ in LEADING_MARKERS
                and (doc[start].dep_ == "mark" or doc[start].tag_ == "IN")
            )
            or (doc[start].pos_ == "CCONJ" and not self.inside[doc[start].idx])
        ):
            start += 1
        while end > start and (
            doc[end - 1].is_punct and doc[end - 1].text not in '”"»' or doc[end - 1].is_space
        ):
            end -= 1
        if end - start < 2:
            return None
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)

    def extend_over_quotations(self, start: int, end: int) -> tuple[int, int] | None:
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

    def verbless_lead_in(self, start: int, between: str) -> bool:
        """`X asked at a town hall, “...”`, `“...,” he said of the plan, “...”`, `“...,” he told Sky Sports —
        “...”`: the words from `start` to a quotation only place the cue (no verb, no other quotation) and
        end in a comma, colon or dash."""
        lead_in = between.rstrip()
        if (
            not lead_in.endswith((",", ":", "—", "–"))
            or len(lead_in) > 80
            or ("\n" in between and lead_in[-1] != ":")
        ):
            return False
        words = self.doc.char_span(start, start + len(lead_in), alignment_mode="expand") or []
        return not any(t.pos_ in ("VERB", "AUX") or self.inside[t.idx] for t in words)

    def fills_paragraph(self, q: Quotation) -> bool:
        """The quotation is all its paragraph holds: no cue of its own follows it."""
        line_end = self.text.find("\n", q.close_at)
        return only_joiners(self.text[q.close_at : line_end if line_end >= 0 else len(self.text)])

    def quoted_pieces(
        self, start: int, end: int, cue_start: int, cue_end: int, speaker_start: int | None = None
    ) -> list[tuple[int, int]]:
        """The stretches of content from `start` to `end` a reader would quote: a quote split around its
        own cue (`“A,” she said. “B.”`) without the cue and the marks between, reported words that a
        quotation goes on from (`It is open, Kall said: “...”`) without the speaker and cue, and a
        quotation carried on into the next paragraph without the paragraph break and its reopening mark."""
        pieces = [(start, end)]
        if start <= cue_start < end:
            before = [q for q in self.quotations if start <= q.close_at <= cue_start]
            after = [q for q in self.opening_from(cue_end) if q.open_at < end]
            if before and after:  # mixed content (`The port is “open,” he said. “...`) keeps its mark
                at_mark = start == before[0].open_at  # from the opening mark: a quote, without it
                closing = before[-1].close_at + (0 if self.inside[start] or at_mark else 1)
                pieces = [(start + at_mark, closing), (after[0].start, end)]
            elif after:  # the reported words end where the speaker before the cue, or the cue, begins
                words_end = (
                    speaker_start
                    if speaker_start is not None and start < speaker_start < cue_start
                    else cue_start
                )
                pieces = [(start, words_end), (after[0].start, end)]
        split = []
        for piece_start, piece_end in pieces:
            for reopening in REOPENING.finditer(self.text, piece_start, piece_end):
                mark = reopening.end() - 1
                if self.inside[mark] and mark not in self.open_marks:
                    split.append((piece_start, reopening.start()))
                    piece_start = reopening.end()
            split.append((piece_start, piece_end))
        trimmed = [self._strip_space(s, e) for s, e in split]
        return [(s, e) for s, e in trimmed if e > s]

    def runs_on_after(self, q: Quotation) -> bool:
        """The quotation's sentence goes on after its closing mark (`“...” to drive up the price`, `“...”,
        she said`): its words are part of a sentence of the writer's."""
        if self.text[q.close_at - 1] in ".!?":
            return False
        rest = self.text[q.close_at + 1 : q.close_at + 40].lstrip(" \t\u00a0")
        return bool(rest) and (rest[0].isalnum() or rest[0] == ",")

    def _strip_space(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def reader_text(self, parts: Sequence[tuple[int, int]]) -> str:
        """The content as a reader quotes it: its `quoted_pieces` joined by a space. The comma that ends a
        piece before an interrupting cue is the writer's (news style turns the speaker's full stop into a
        comma before `she said`): it becomes a full stop when the next piece starts a sentence, and goes
        when the next piece goes on with the same sentence (`“Nobody,” he said, “should ...”`)."""
        pieces = [self.text[s:e].strip() for s, e in parts]
        joined = pieces[0]
        for piece in pieces[1:]:
            mark = joined[-1:] if joined.endswith(tuple(CLOSING_MARKS)) else ""
            if joined[: len(joined) - len(mark)].endswith(","):
                joined = joined[: -1 - len(mark)] + ("." if piece[:1].isupper() else "") + mark
            joined = f"{joined} {piece}"
        return joined

    def kind(self, start: int, end: int) -> str:
        """direct, mixed or indirect: how much of the content from `start` to `end` is in quotation marks."""
        touched = [q for q in self.quotations if q.open_at < end and q.close_at >= start]
        if touched and touched[0].open_at <= start and end <= touched[-1].close_at:
            return "direct"  # both ends inside quotation marks, as in `“...,” he said. “...”`
        return "mixed" if touched else "indirect"

    def sentences_around(self, first: int, last: int) -> tuple[int, int] | None:
        """Character bounds of the sentences that characters `first` to `last` touch; None if none does."""
        around = [(s, e) for s, e in self.sentence_bounds if e > first and s < last]
        return (around[0][0], around[-1][1]) if around else None


def only_joiners(text: str) -> bool:
    """Punctuation and white space only; news text often has no-break spaces (U+00A0) between sentences."""
    return all(ch in JOINERS or ch.isspace() for ch in text)
