"""Accuracy on the annotated seed article, scored by the evaluation's own scorer.

The annotations live outside the project (../shared/eval); a user's clone has none, so this skips there.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
GOLD = EVAL / "seed-gold.jsonl"

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"no annotated data at {EVAL}")


def load_scorer():
    spec = importlib.util.spec_from_file_location("quotetrack_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_predictions(nlp):
    """What the default pipeline (the shipped model included when it is on by default) finds."""
    output = run_cli("extract", str(GOLD)).stdout
    return {doc["id"]: doc["quotes"] for doc in map(json.loads, output.splitlines())}


def test_seed_article_end_to_end_and_resolved_speakers(seed_predictions):
    scorer = load_scorer()
    result = scorer.score(scorer.load(GOLD), seed_predictions, level="must")["overlap"]
    assert result["e2e"]["f1"] >= 0.90, result
    assert result["canonical_acc"] >= 0.90, result


def test_seed_article_all_levels(seed_predictions):
    scorer = load_scorer()
    result = scorer.score(scorer.load(GOLD), seed_predictions, level="all")["overlap"]
    assert result["f1"] >= 0.95 and result["e2e"]["f1"] >= 0.95, result
    assert result["canonical_acc"] == 1.0, result
