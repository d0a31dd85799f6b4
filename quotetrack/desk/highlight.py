"""Safe HTML for highlighted text: every piece of text is escaped, only our own tags are added.

Article text, quotes and search snippets come from the web and may contain markup. Nothing from
them is ever emitted unescaped; highlighting is built from character offsets (or FTS markers), not
by pasting tags into the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def valid(span: Span, length: int) -> bool:
    """Offsets that fit the text; anything else (missing, reversed, out of range) is not drawn."""
    return (
        span.role in ROLES
        and isinstance(span.start, int)
        and isinstance(span.end, int)
        and 0 <= span.start < span.end <= length
    )


def segment(piece: str, covering: Sequence[Span]) -> Markup:
    """One stretch of text under the same spans: a <mark> carrying every role and attribution on it."""
    if not covering:
        return escape(piece)
    classes = " ".join(f"qt-{role}" for role in ROLES if any(s.role == role for s in covering))
    data = "".join(
        Markup(' data-{}="{}"').format(role, " ".join(str(s.attribution) for s in covering if s.role == role))
        for role in ROLES
        if any(s.role == role for s in covering)
    )
    mark = Markup('<mark class="{}"{}>{}</mark>').format(classes, Markup(data), piece)
    href = next((s.href for s in covering if s.href), None)
    return Markup('<a href="{}">{}</a>').format(href, mark) if href else mark


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """The text as HTML with every span marked; overlapping spans are split at each boundary.

    Each attribution also gets an empty anchor, id="attribution-N", where its first span begins.
    """
    spans = [span for span in spans if valid(span, len(text))]
    anchors: dict[int, list[int]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        if not any(span.attribution in ids for ids in anchors.values()):
            anchors.setdefault(span.start, []).append(span.attribution)
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    parts: list[Markup] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        for attribution in anchors.get(start, []):
            parts.append(Markup('<span class="qt-anchor" id="attribution-{}"></span>').format(attribution))
        covering = [s for s in spans if s.start <= start and end <= s.end]
        parts.append(segment(text[start:end], covering))
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
