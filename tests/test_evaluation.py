"""`quotetrack evaluate`: the scoring rules on hand-made gold, and the same figures as the evaluation sets'
own scorer where ../shared is present."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from quotetrack.evaluation import score

TEXT = "“Prices will fall,” said Finance Minister Ana Lopes. She said that wages would rise next year."
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def quote(words: str, speaker: str, **more: object) -> dict[str, object]:
    (start, end), (speaker_start, speaker_end) = span(words), span(speaker)
    return {"content_start": start, "content_end": end, "speaker": speaker, "speaker_start": speaker_start,
            "speaker_end": speaker_end, **more}  # fmt: skip


GOLD = [
    {
        "id": "a",
        "text": TEXT,
        "quotes": [
            quote(
                "Prices will fall", "Finance Minister Ana Lopes", kind="direct", speaker_canonical="Ana Lopes"
            ),
            quote("that wages would rise next year", "She", kind="indirect", level="should"),
        ],
    }
]


def test_spans_match_by_mode_and_speakers_by_mention_or_name() -> None:
    predicted = {
        "a": [
            # trimmed of marks and comma: an exact match; right speaker by name, not by mention
            {**quote("“Prices will fall,”", "She"), "speaker_canonical": "Ana Lopes"},
            # half the gold's words: no overlap match (Jaccard < 0.5) but a loose one; wrong speaker
            {**quote("wages would rise", "Ana Lopes"), "speaker_canonical": "Ana Lopes"},
        ]
    }
    results = score(GOLD, predicted)
    exact, overlap, loose = (results[mode] for mode in ("exact", "overlap", "loose"))
    assert (exact.found.matched, overlap.found.matched, loose.found.matched) == (1, 2, 2)
    assert overlap.end_to_end.matched == 1 and overlap.speaker_accuracy == 0.5
    assert overlap.resolved_accuracy == 1.0  # only the first gold names its canonical speaker
    assert overlap.recall_by_kind() == {"direct": 1.0, "indirect": 1.0}
    # With level must, the `should` gold is not required, and finding it costs nothing.
    must = score(GOLD, predicted, "must")["overlap"]
    assert (must.found.matched, must.found.predicted, must.found.gold) == (1, 1, 1)


def test_a_pronoun_never_names_the_resolved_speaker() -> None:
    predicted = {"a": [{**quote("Prices will fall", "She"), "speaker_canonical": None}]}
    result = score(GOLD, predicted)["overlap"]
    assert result.found.matched == 1 and result.end_to_end.matched == 0  # `She` is not Ana Lopes here
    assert result.resolved_accuracy == 0.0


def test_the_command_prints_a_table_or_json(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD[0]) + "\n", encoding="utf-8")
    table = run_cli("evaluate", str(gold)).stdout
    assert table.splitlines()[0].split()[:4] == ["mode", "P", "R", "F1"]
    figures = json.loads(run_cli("evaluate", str(gold), "--json", "--level", "must").stdout)
    assert set(figures) == {"exact", "overlap", "loose"}
    assert figures["overlap"]["gold"] == 1 and figures["overlap"]["tp"] == 1


@pytest.mark.skipif(not (SHARED / "score.py").is_file(), reason="the evaluation sets (../shared) are absent")
def test_figures_are_the_evaluation_sets_scorers(tmp_path: Path) -> None:
    gold = SHARED / "seed-gold.jsonl"
    predictions = tmp_path / "pred.jsonl"
    extracted = run_cli("extract", str(gold)).stdout
    predictions.write_text(extracted, encoding="utf-8")
    scorer = [sys.executable, str(SHARED / "score.py"), str(gold), str(predictions), "--json"]
    for level in ("all", "must"):
        theirs = subprocess.run([*scorer, "--level", level], capture_output=True, text=True, check=True)
        ours = json.loads(run_cli("evaluate", str(gold), "--json", "--level", level).stdout)
        assert ours == json.loads(theirs.stdout)
