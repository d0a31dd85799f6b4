"""Safe HTML for highlighted text: every piece of text is escaped, only our own tags are added.

Article text, quotes and search snippets come from the web and may contain markup. Nothing from
them is ever emitted unescaped; highlighting is built from character offsets (or FTS markers), not
by pasting tags into the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

ROLES = ("content", "cue", "speaker")
# What FTS snippet() wraps around matched words in the quote desk's search queries.
MATCH_START = "<mark>"
MATCH_END = "</mark>"


@dataclass(frozen=True)
class Span:
    """A run of characters [start, end) playing one role (content, cue or speaker) in an attribution."""

    start: int
    end: int
    role: str
    attribution: int
    href: str | None = None


def content_pieces(row: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The pieces of a stored attribution's content a reader would quote (`content_parts`, JSON), so a
    quote split by its cue is marked without the cue; the whole content span for rows stored before
    quotetrack recorded the parts, or if they cannot be read."""
    whole = [(row["content_start"], row["content_end"])]
    try:
        parts = json.loads(row.get("content_parts") or "null")
    except (TypeError, ValueError):
        return whole
    if not isinstance(parts, list) or not parts:
        return whole
    pieces = [tuple(part) for part in parts if isinstance(part, list) and len(part) == 2]
    return [(start, end) for start, end in pieces] if len(pieces) == len(parts) else whole


def valid(span: Span, length: int) -> bool:
    """Offsets that fit the text; anything else (missing, reversed, out of range) is not drawn."""
    return (
        span.role in ROLES
        and isinstance(span.start, int)
        and isinstance(span.end, int)
        and 0 <= span.start < span.end <= length
    )


def segment(piece: str, covering: Sequence[Span]) -> Markup:
    """One stretch of text under the same spans: a <mark> carrying every role and attribution on it.

    Built with escape() and plain strings: Markup.format costs ten times as much, on pages of thousands.
    """
    if not covering:
        return escape(piece)
    roles = [role for role in ROLES if any(s.role == role for s in covering)]
    classes = " ".join(f"qt-{role}" for role in roles)
    data = "".join(
        f' data-{role}="{" ".join(str(int(s.attribution)) for s in covering if s.role == role)}"'
        for role in roles
    )
    mark = f'<mark class="{classes}"{data}>{escape(piece)}</mark>'
    href = next((s.href for s in covering if s.href), None)
    return Markup(f'<a href="{escape(href)}">{mark}</a>' if href else mark)


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """The text as HTML with every span marked; overlapping spans are split at each boundary.

    Each attribution also gets an empty anchor, id="attribution-N", where its first span begins.
    """
    spans = [span for span in spans if valid(span, len(text))]
    anchors: dict[int, list[int]] = {}
    anchored: set[int] = set()
    for span in sorted(spans, key=lambda s: s.start):
        if span.attribution not in anchored:
            anchored.add(span.attribution)
            anchors.setdefault(span.start, []).append(span.attribution)
    # A sweep over the boundaries: the spans covering each stretch are kept as it goes, so the page costs
    # O(n log n) in its spans, not a scan of every span per stretch (12,000 attributions took 49 s).
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for number, span in enumerate(spans):
        opening.setdefault(span.start, []).append(number)
        closing.setdefault(span.end, []).append(number)
    bounds = sorted({0, len(text), *opening, *closing})
    active: set[int] = set()
    parts: list[Markup] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        active.difference_update(closing.get(start, ()))
        active.update(opening.get(start, ()))
        for attribution in anchors.get(start, []):
            parts.append(Markup(f'<span class="qt-anchor" id="attribution-{int(attribution)}"></span>'))
        parts.append(segment(text[start:end], [spans[number] for number in sorted(active)]))
    return Markup("").join(parts)


def mark_within(context: str, content: str) -> Markup:
    """A sentence with the quote inside it marked, when it can be found there; else just escaped."""
    at = context.find(content) if content else -1
    if at < 0:
        return escape(context)
    return highlight(context, [Span(at, at + len(content), "content", 0)])


def render_matches(snippet: str) -> Markup:
    """An FTS snippet with its match markers as <mark> tags and everything else escaped.

    Markers are paired strictly, so the output is always balanced: a stray closing marker typed into
    an article shows as text, and nothing else in the snippet can become markup.
    """
    parts: list[Markup] = []
    inside = False
    rest = snippet
    while rest:
        marker = MATCH_END if inside else MATCH_START
        before, found, rest = rest.partition(marker)
        # A marker of the other kind inside `before` is literal text, and is escaped like the rest.
        parts.append(escape(before))
        if found:
            parts.append(Markup(marker))
            inside = not inside
    if inside:
        parts.append(Markup(MATCH_END))
    return Markup("").join(parts)
