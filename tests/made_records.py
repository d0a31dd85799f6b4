"""Attributions made by hand, shaped as the extractor gives them, for tests that store or read them."""

from __future__ import annotations

from quotetrack.records import Attribution


def said_in(
    text: str,
    content: str,
    speaker: str,
    canonical: str | None,
    *,
    kind: str = "indirect",
    role: str | None = None,
    speaker_kind: str | None = "person",
    cue: str = "said",
    sentence: str | None = None,
) -> Attribution:
    """`speaker` (as written in `text`) said `content` (found in `text`), resolved to `canonical` (None:
    unresolved), in `sentence` (all the text if not given)."""
    start, mention, cue_start = text.index(content), text.index(speaker), text.index(cue)
    sentence_start = text.index(sentence) if sentence else 0
    return Attribution(
        content_start=start,
        content_end=start + len(content),
        content=content,
        kind=kind,
        cue=cue,
        cue_lemma="say",
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
        speaker=speaker,
        speaker_start=mention,
        speaker_end=mention + len(speaker),
        speaker_canonical=canonical,
        speaker_role=role,
        speaker_kind=speaker_kind,
        sentence_start=sentence_start,
        sentence_end=sentence_start + len(sentence or text),
    )
