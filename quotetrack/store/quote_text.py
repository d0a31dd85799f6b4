"""Quote text as compared across articles: words, shingles, whether two versions are the same quote, and how
they differ word by word.

Two attributions are one quote when, after normalisation (case, quotation marks and punctuation ignored),
their words are equal (`exact`), differ by about a word in five (`variant`: a changed, added or dropped
word), or the shorter is a compact run of the longer (`fragment`: "a firm response" of the full sentence).
Claims (reported speech, paraphrased by each outlet) join only when near-identical. Only attributions of at
least MIN_WORDS words are compared: shorter ones ("we will win") are said by too many people.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

MIN_WORDS = 6
# Word n-grams stored per attribution to find candidates: 4 words survive a changed word in any quote of
# 8 words or more (and at either end of a 6-word one), and are rare enough in news to keep lists short.
SHINGLE_WORDS = 4
VARIANT_RATIO = 0.8  # 2 * matching words / all words: one word in ten changed gives 0.9
CLAIM_RATIO = 0.9  # claims are paraphrases anyway: only near-identical wording joins
FRAGMENT_SHARE = 0.9  # of the fragment's words found, in order, in the longer version
FRAGMENT_SPREAD = 1.25  # ...within a stretch of the longer at most this much longer than the fragment
WORD = re.compile(r"\w+(?:['’]\w+)*")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass(frozen=True)
class Token:
    """A word of a quote as written (`text`, at `start` in it) and as compared (`key`)."""

    text: str
    start: int
    key: str


def tokens(text: str) -> list[Token]:
    """The words of a text, in order, with their compared form (NFKC, case-folded, one apostrophe)."""
    return [
        Token(match.group(), match.start(), unicodedata.normalize("NFKC", match.group()).casefold())
        for match in WORD.finditer(text.translate(APOSTROPHES))
    ]


def words(text: str) -> list[str]:
    """The compared words of a text: what "the same quote" is decided on (the keys of `tokens`, faster)."""
    return [
        word.casefold() for word in WORD.findall(unicodedata.normalize("NFKC", text).translate(APOSTROPHES))
    ]


def stable_hash(text: str) -> int:
    """A signed 64-bit hash that is the same in every process (Python's hash() is not), for SQLite."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def text_key(compared: Sequence[str], claim: bool) -> int:
    """Identifies exact duplicates: the same words, and both quotes or both claims."""
    return stable_hash(("claim " if claim else "quote ") + " ".join(compared))


def shingles(compared: Sequence[str]) -> set[int]:
    """Hashes of the text's overlapping SHINGLE_WORDS-word runs: attributions sharing one are candidates."""
    size = SHINGLE_WORDS
    return {stable_hash(" ".join(compared[i : i + size])) for i in range(max(1, len(compared) - size + 1))}


def eligible(compared: Sequence[str]) -> bool:
    """Long enough to be compared across articles."""
    return len(compared) >= MIN_WORDS


def relation(first: Sequence[str], second: Sequence[str], claims: bool = False) -> str | None:
    """How two versions relate: `exact`, `variant`, `fragment` (one is part of the other), or None (not
    the same quote). `claims`: both are claims, which only join when near-identical."""
    if list(first) == list(second):
        return "exact"
    if not (eligible(first) and eligible(second)):
        return None
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return None
    matched = sum(block.size for block in blocks)
    if not claims and len(first) != len(second):
        # A fragment: (nearly) all its words, in one compact stretch of the longer version that leaves
        # words out at either end (words dropped inside make a variant).
        short_is_first = len(first) < len(second)
        short, long = (len(first), len(second)) if short_is_first else (len(second), len(first))
        start = blocks[0].b if short_is_first else blocks[0].a
        end = (blocks[-1].b if short_is_first else blocks[-1].a) + blocks[-1].size
        compact = end - start <= FRAGMENT_SPREAD * short + 1
        if matched >= FRAGMENT_SHARE * short and compact and (start > 0 or end < long):
            return "fragment"
    ratio = 2 * matched / (len(first) + len(second))
    if ratio < (CLAIM_RATIO if claims else VARIANT_RATIO) or changes_a_number(matcher, first, second):
        return None
    return "variant"


def changes_a_number(matcher: SequenceMatcher, first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether a word that differs holds a digit: a figure, date or score makes another statement, and
    template sentences (market reports, scores) differ only there, so they would chain into one trail."""
    return any(
        any(character.isdigit() for word in [*first[i1:i2], *second[j1:j2]] for character in word)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )


@dataclass(frozen=True)
class Change:
    """A piece of a version compared with the canonical one: `same`, `added` (only in this version),
    `removed` (only in the canonical one) or `replaced` (`text` here instead of `was`)."""

    kind: str
    text: str
    was: str = ""


def differences(canonical: str, version: str, fragment: bool = False) -> list[Change]:
    """The version word by word against the canonical text, in the version's own spelling.

    A `fragment` is compared with the stretch of the canonical text it comes from, so the words it leaves
    out at either end are not differences.
    """
    base, other = tokens(canonical), tokens(version)
    matcher = SequenceMatcher(None, [t.key for t in base], [t.key for t in other], autojunk=False)
    opcodes = matcher.get_opcodes()
    while fragment and opcodes and opcodes[0][0] == "delete":
        opcodes = opcodes[1:]
    while fragment and opcodes and opcodes[-1][0] == "delete":
        opcodes = opcodes[:-1]

    def span(words: list[Token], text: str, start: int, end: int) -> str:
        return (
            text[words[start].start : words[end - 1].start + len(words[end - 1].text)] if end > start else ""
        )

    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in opcodes:
        here, there = span(other, version, j1, j2), span(base, canonical, i1, i2)
        if tag == "equal":
            changes.append(Change("same", here))
        elif tag == "insert":
            changes.append(Change("added", here))
        elif tag == "delete":
            changes.append(Change("removed", "", there))
        else:
            changes.append(Change("replaced", here, there))
    return changes


def describe(changes: Sequence[Change]) -> str:
    """The changes in one line: `[-was-]` removed, `{+new+}` added, `[-was-]{+new+}` replaced."""
    parts = []
    for change in changes:
        if change.kind == "added":
            parts.append(f"{{+{change.text}+}}")
        elif change.kind == "removed":
            parts.append(f"[-{change.was}-]")
        elif change.kind == "replaced":
            parts.append(f"[-{change.was}-]{{+{change.text}+}}")
    return " ".join(parts)
