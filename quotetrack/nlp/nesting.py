"""Which candidates to keep: one per stretch of content, and by default only the outermost report.

In `X said Y suggested Z`, what Y suggested is part of what X said, and annotated news (PolNeAR) mostly
leaves such nested reports out; a report in the writer's concessive aside (`..., although the Kremlin has
denied any talks`) is no part of the report around it and stays.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from quotetrack.nlp.candidates import Candidate

# A report in a clause opened by these is the writer's aside, not part of the report around it:
# `According to X, he met Putin, although the Kremlin has denied any talks`; `while` contrasts two reports
# (`X said A, while Y said B`).
CONCESSIVE_MARKERS = {"although", "though", "whereas", "while"}


def select(doc: Doc, candidates: Iterable[Candidate], nested: bool) -> list[Candidate]:
    """Candidates in text order; of two that cover mostly the same content, the first found wins (unless
    one's cue and content are inside the other's content: that is a report within a report), and one
    nested in another's content is left out unless `nested`."""
    found: list[Candidate] = []  # kept sorted by start, so only neighbours need comparing
    starts: list[int] = []
    longest = 0
    for candidate in candidates:
        near = range(bisect_left(starts, candidate.start - longest), bisect_left(starts, candidate.end))
        if not any(_same_report(candidate, found[i]) for i in near):
            at = bisect_right(starts, candidate.start)
            starts.insert(at, candidate.start)
            found.insert(at, candidate)
            longest = max(longest, candidate.end - candidate.start)
    if nested:
        return found
    return _outermost(found, starts, lambda candidate: _in_concession(doc, candidate))


def _same_report(a: Candidate, b: Candidate) -> bool:
    """Two candidates for mostly the same content, neither nested in the other's report."""
    return a.overlaps(b) and not (a.nests_in(b) or b.nests_in(a))


def _outermost(
    found: list[Candidate], starts: list[int], is_aside: Callable[[Candidate], bool]
) -> list[Candidate]:
    """The candidates not nested, cue and content, in another's content. Asides (`is_aside`, asked of
    nested candidates only) are kept wherever they sit.
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


def _in_concession(doc: Doc, candidate: Candidate) -> bool:
    """Whether the candidate's cue sits in a concessive clause (`although X denied ...`)."""
    cue = doc.char_span(candidate.cue_start, candidate.cue_end, alignment_mode="expand")
    if cue is None:
        return False
    clause = cue[0]
    while clause.dep_ not in ("advcl", "ROOT"):
        clause = clause.head
    return any(t.dep_ == "mark" and t.lower_ in CONCESSIVE_MARKERS for t in clause.children)
