"""The records every stage passes on, defined once: Document, Skipped, Attribution, Speaker.

The vocabulary, used in code, CLI, SQL views and the desk alike: an *attribution* is anything someone is
reported to have said or thought; a *quote* is a `direct` or `mixed` attribution (words in quotation
marks); a *claim* is an `indirect` one (reported speech, no quotation marks).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

KINDS = ("direct", "mixed", "indirect")
QUOTE_KINDS = ("direct", "mixed")
CLAIM_KINDS = ("indirect",)
# What a kind filter may name: one kind, or `quote` / `claim` for the kinds each word covers.
KIND_FILTERS = {**{kind: (kind,) for kind in KINDS}, "quote": QUOTE_KINDS, "claim": CLAIM_KINDS}


@dataclass(frozen=True)
class Document:
    """One text to analyse. `id` is a content hash, so the same article read twice is the same document.

    `url`, or `outlet` with `external_id`, say which article this is; a later text under the same key
    is a new version of that article and replaces the old one when ingested.
    """

    id: str
    text: str
    source: str
    title: str
    # How a person refers to the document: the file name, "stdin", a URL, or a record's own id.
    label: str | int
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date, YYYY-MM-DD
    external_id: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used. `kind` is a short category for the summary (`empty`, `binary`)."""

    source: str
    kind: str
    detail: str

    @property
    def reason(self) -> str:
        """The one line shown to the user, starting with the category so it can be grepped."""
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True)
class Attribution:
    """One quote or claim found in a text, with character offsets into that text.

    The extractor writes these to `Doc._.attributions` as plain dicts (`to_dict()`), which survive spaCy's
    worker processes and go straight to JSON; `from_dict()` reads them back.
    """

    content_start: int
    content_end: int
    content: str
    kind: str  # direct, mixed or indirect
    cue: str  # as written: said, told, According to
    cue_lemma: str
    cue_start: int
    cue_end: int
    sentence_start: int  # the sentence (or sentences) around content and cue
    sentence_end: int
    speaker: str | None = None  # the mention as written: `he`, `Blinken`, `officials`
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_canonical: str | None = None  # who that is, resolved within the document: `Antony Blinken`
    speaker_role: str | None = None  # `US Secretary of State`
    speaker_kind: str | None = None  # person, organisation, place, group, unnamed
    # The stretches of the text a reader would quote, as (start, end): one for most content, two or more for
    # a quote split by its cue (`“A,” she said. “B.”`, without `she said`) or carried over a paragraph
    # break. Empty when not known (records made before quotetrack recorded them): the whole content span.
    content_parts: tuple[tuple[int, int], ...] = ()

    @property
    def is_quote(self) -> bool:
        return self.kind in QUOTE_KINDS

    @property
    def parts(self) -> tuple[tuple[int, int], ...]:
        """`content_parts`, or the whole content span when they are not known."""
        return self.content_parts or ((self.content_start, self.content_end),)

    def to_dict(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["content_parts"] = [list(part) for part in self.content_parts]
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Attribution:
        """From `to_dict()` output, also as read back from JSON (parts as lists) or from files written before
        `content_parts` existed."""
        parts = tuple((int(start), int(end)) for start, end in values.get("content_parts") or ())
        return cls(**{**values, "content_parts": parts})

    def shifted(self, offset: int) -> Attribution:
        """The same attribution with every offset moved by `offset`: found in a piece of a longer text."""
        moved: dict[str, Any] = {
            f.name: getattr(self, f.name) + offset
            for f in dataclasses.fields(self)
            if f.name.endswith(("_start", "_end")) and getattr(self, f.name) is not None
        }
        moved["content_parts"] = tuple((start + offset, end + offset) for start, end in self.content_parts)
        return dataclasses.replace(self, **moved)


@dataclass(frozen=True)
class StoredAttribution:
    """An attribution as stored and listed: its speaker resolved across articles, and its article."""

    id: int
    speaker: str | None  # canonical name; None when unresolved (`she` with no one to stand for)
    speaker_mention: str | None
    kind: str
    cue: str | None
    content: str
    context: str | None  # the sentence around it
    date: str | None  # the article's: published, else the day it was ingested
    published: str | None  # the article's publication date, None when it did not say
    outlet: str | None
    title: str  # the article's title
    url: str | None  # the article's URL
    document_id: str


@dataclass(frozen=True)
class Speaker:
    """One canonical speaker across articles, with how often they are quoted and claim things."""

    id: int
    name: str
    kind: str | None
    role: str | None
    attributions: int
    quotes: int
    claims: int
    direct: int
    mixed: int
    indirect: int
    documents: int
    first_seen: str | None
    last_seen: str | None


@dataclass(frozen=True)
class SpeakerProfile:
    """Everything known about one speaker: counts, roles, cue verbs, and dated attributions."""

    speaker: Speaker
    roles: list[str]
    cues: dict[str, int]  # cue lemma -> attributions, most first
    attributions: list[StoredAttribution] = field(default_factory=list)  # in date order


@dataclass(frozen=True)
class Correction:
    """A user's fix of one attribution (`quotetrack fix`), kept across re-ingests of its article."""

    id: int
    attribution_id: int | None  # the attribution it applies to now; None when not found or not one
    status: str  # applied, or not found (the article's latest version has no such attribution)
    change: str  # what it changes, readable: `speaker: he -> Antony Blinken`, `not an attribution`
    speaker: str | None  # credited to instead; None: unchanged
    kind: str | None  # direct, mixed or indirect instead; None: unchanged
    not_attribution: bool
    content: str
    speaker_mention: str | None  # the speaker as the article names them there
    document_title: str | None
    document_id: str  # the article version it is anchored on
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Trail:
    """One quote across articles: its canonical version (the longest, the earliest of equals), how far it
    spread, and whether it changed on the way or was given to different speakers."""

    id: int  # the smallest attribution id in it
    canonical: str
    appearances: int
    articles: int
    outlets: int
    speakers: int  # named speakers (unnamed sources such as `officials` are not counted)
    versions: int  # different wordings, the canonical one included
    variants: int  # wordings with words changed, added or dropped
    fragments: int  # wordings that are part of the canonical one
    first_date: str | None  # publication date, else the day it was ingested
    first_outlet: str | None
    last_date: str | None
    misattributed: bool  # the same words given to more than one named speaker


@dataclass(frozen=True)
class TrailAppearance:
    """One appearance of a trail's quote, as `quotetrack trail` lists it in date order."""

    attribution_id: int
    date: str | None
    outlet: str | None
    speaker: str | None
    kind: str
    content: str
    relation: str  # canonical, exact, variant, fragment, or related (joined through another version)
    flags: str  # first, fragment, variant, other speaker: comma-separated
    changes: str  # word by word against the canonical version: [-was-]{+now+}
    document_id: str
    document_title: str | None
    speaker_id: int | None = None


@dataclass(frozen=True)
class TrailView:
    """A trail with every appearance, oldest first."""

    trail: Trail
    appearances: list[TrailAppearance] = field(default_factory=list)
