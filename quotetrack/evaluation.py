"""Score extraction against annotated articles, so a newsroom can measure quotetrack on its own copy.

Gold files are JSON lines `{"id", "text", "quotes": [{"content_start", "content_end", "speaker",
"speaker_start", "speaker_end", "speaker_canonical"?, "kind", "level"?}]}` with offsets into `text`
(the format of the PolNeAR and seed sets this project is measured on, whose scorer gives the same figures).

A prediction matches a gold attribution one to one, best first, by its content span in one of three modes:
`exact` (the same span once edges are trimmed of space, quotation marks, punctuation and a leading "that"),
`overlap` (character Jaccard at least 0.5) and `loose` (each covers at least 30% of the other). End to end,
a match counts only with the right speaker: the mention overlaps the gold source, or one name's words
(titles, `'s` and case aside) appear in order within the other's. With `level="must"`, gold attributions
marked `should` are neither required nor held against a prediction that finds them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODES = ("exact", "overlap", "loose")
EDGE_CHARACTERS = " \t\n\r\"'“”‘’«»„,.;:!?—–-()[]"
TITLE_WORDS = frozenset("mr mrs ms dr sen senator rep president the gov governor secretary".split())
PRONOUNS = frozenset("he she they him her them it we i you his hers their".split())

Quote = Mapping[str, Any]
Span = tuple[int, int]


@dataclass
class Counts:
    """Matches against what was predicted and what the gold holds."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ModeScore:
    """One matching mode's figures."""

    found: Counts = field(default_factory=Counts)
    end_to_end: Counts = field(default_factory=Counts)
    speakers_right: int = 0  # among matches whose gold names a source
    speakers_judged: int = 0
    resolved_right: int = 0  # among matches whose gold gives the canonical speaker
    resolved_judged: int = 0
    kinds_found: Counter[str] = field(default_factory=Counter)
    kinds_gold: Counter[str] = field(default_factory=Counter)

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.speakers_judged if self.speakers_judged else 0.0

    @property
    def resolved_accuracy(self) -> float | None:
        return self.resolved_right / self.resolved_judged if self.resolved_judged else None

    def recall_by_kind(self) -> dict[str, float]:
        return {kind: self.kinds_found[kind] / total for kind, total in sorted(self.kinds_gold.items())}

    def to_dict(self) -> dict[str, Any]:
        """Rounded figures, as `quotetrack evaluate --json` prints them."""

        def counts(c: Counts) -> dict[str, Any]:
            rates = {"p": c.precision, "r": c.recall, "f1": c.f1}
            return {**{key: round(value, 4) for key, value in rates.items()}, "tp": c.matched,
                    "pred": c.predicted, "gold": c.gold}  # fmt: skip

        resolved = self.resolved_accuracy
        return {
            **counts(self.found),
            "speaker_acc": round(self.speaker_accuracy, 4),
            "e2e": counts(self.end_to_end),
            "canonical_acc": None if resolved is None else round(resolved, 4),
            "recall_by_kind": {kind: round(value, 4) for kind, value in self.recall_by_kind().items()},
        }


def trimmed(text: str, start: int, end: int) -> Span:
    """A content span without edge punctuation, quotation marks, space, or a leading `that `."""
    while start < end and text[start] in EDGE_CHARACTERS:
        start += 1
    while end > start and text[end - 1] in EDGE_CHARACTERS:
        end -= 1
    if text[start : start + 5].lower() == "that ":
        start += 5
    return start, end


def shared(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def jaccard(a: Span, b: Span) -> float:
    common = shared(a, b)
    union = (a[1] - a[0]) + (b[1] - b[0]) - common
    return common / union if union else 0.0


def name_words(name: str | None) -> list[str]:
    """A name's words for comparison: lower case, straight apostrophes, no `'s`, no titles."""
    words = [word.replace("’", "'") for word in re.findall(r"[\w’']+", (name or "").lower())]
    words = [word[:-2] if word.endswith("'s") else word for word in words]
    return [word for word in words if word not in TITLE_WORDS]


def in_order(part: list[str], whole: list[str]) -> bool:
    """Whether the words of `part` appear in `whole` in the same order (not necessarily together)."""
    remaining = iter(whole)
    return bool(part) and all(word in remaining for word in part)


def either_within(a: list[str], b: list[str]) -> bool:
    return bool(a) and bool(b) and (in_order(a, b) or in_order(b, a))


def right_speaker(gold: Quote, predicted: Quote) -> bool:
    """The predicted speaker is the gold source (any speaker, when the gold has none)."""
    if gold.get("speaker_start") is None:
        return True
    if predicted.get("speaker_start") is not None and predicted.get("speaker_end") is not None:
        mention = (predicted["speaker_start"], predicted["speaker_end"])
        if shared((gold["speaker_start"], gold["speaker_end"]), mention) > 0:
            return True
    references = (name_words(gold.get("speaker_canonical")) or name_words(gold.get("speaker")),
                  name_words(gold.get("speaker")))  # fmt: skip
    return any(
        either_within(name_words(name), reference)
        for name in (predicted.get("speaker"), predicted.get("speaker_canonical"))
        for reference in references
    )


def right_resolution(gold: Quote, predicted: Quote) -> bool:
    """The resolved speaker names the gold canonical speaker; a pronoun never does."""
    reference = name_words(gold["speaker_canonical"])
    return any(
        either_within([w for w in name_words(name) if w not in PRONOUNS], reference)
        for name in (predicted.get("speaker_canonical"), predicted.get("speaker"))
    )


def matched_pairs(text: str, golds: Sequence[Quote], predictions: Sequence[Quote], mode: str) -> list[Span]:
    """(gold index, prediction index) pairs, each used once, the best-scoring pairs first."""
    candidates = []
    for g, gold in enumerate(golds):
        gold_span = trimmed(text, gold["content_start"], gold["content_end"])
        for p, prediction in enumerate(predictions):
            span = trimmed(text, prediction["content_start"], prediction["content_end"])
            similarity = jaccard(gold_span, span)
            if mode == "exact":
                ok, similarity = gold_span == span, 1.0
            elif mode == "overlap":
                ok = similarity >= 0.5
            else:
                common = shared(gold_span, span)
                ok = (
                    common / max(1, gold_span[1] - gold_span[0]) >= 0.3
                    and common / max(1, span[1] - span[0]) >= 0.3
                )
            if ok:
                candidates.append((similarity, g, p))
    candidates.sort(key=lambda candidate: -candidate[0])  # stable: ties keep gold, then prediction order
    used_gold: set[int] = set()
    used_predictions: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_predictions:
            used_gold.add(g)
            used_predictions.add(p)
            pairs.append((g, p))
    return pairs


def score(
    gold_documents: Iterable[Mapping[str, Any]],
    predictions: Mapping[Any, Sequence[Quote]],
    level: str = "all",
) -> dict[str, ModeScore]:
    """Figures per matching mode for predictions by gold document id (a missing id: nothing predicted)."""
    documents = list(gold_documents)
    results = {}
    for mode in MODES:
        result = ModeScore()
        for document in documents:
            golds = document["quotes"]
            predicted = predictions.get(document["id"], [])
            pairs = matched_pairs(document["text"], golds, predicted, mode)
            optional = {
                g for g, gold in enumerate(golds) if level == "must" and gold.get("level") == "should"
            }
            result.found.gold += len(golds) - len(optional)
            result.found.predicted += len(predicted) - sum(1 for g, _ in pairs if g in optional)
            result.kinds_gold.update(
                gold.get("kind") or "?" for g, gold in enumerate(golds) if g not in optional
            )
            for g, p in pairs:
                if g in optional:
                    continue
                gold = golds[g]
                result.found.matched += 1
                result.kinds_found[gold.get("kind") or "?"] += 1
                speaker = right_speaker(gold, predicted[p])
                if gold.get("speaker_start") is not None:
                    result.speakers_judged += 1
                    result.speakers_right += speaker
                result.end_to_end.matched += speaker
                if gold.get("speaker_canonical"):
                    result.resolved_judged += 1
                    result.resolved_right += right_resolution(gold, predicted[p])
        result.end_to_end.predicted, result.end_to_end.gold = result.found.predicted, result.found.gold
        results[mode] = result
    return results


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """An annotated JSONL file's documents."""
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def format_table(results: Mapping[str, ModeScore]) -> str:
    """The figures as a table: precision, recall, F1, speaker accuracy, end to end, recall by kind."""
    headings = ("P", "R", "F1", "spk", "e2eP", "e2eR", "e2eF1")
    lines = [f"{'mode':8} " + " ".join(f"{heading:>6}" for heading in headings) + "  recall by kind"]
    for mode, result in results.items():
        found, e2e = result.found, result.end_to_end
        kinds = " ".join(f"{kind}={value:.2f}" for kind, value in result.recall_by_kind().items())
        figures = (found.precision, found.recall, found.f1, result.speaker_accuracy)
        figures += (e2e.precision, e2e.recall, e2e.f1)
        lines.append(f"{mode:8} " + " ".join(f"{figure:6.3f}" for figure in figures) + f"  {kinds}")
    overlap = results["overlap"]
    lines.append(f"gold={overlap.found.gold} pred={overlap.found.predicted}")
    if overlap.resolved_accuracy is not None:
        lines.append(
            f"resolved speaker accuracy on matched quotes (overlap mode): {overlap.resolved_accuracy:.3f}"
        )
    return "\n".join(lines)
