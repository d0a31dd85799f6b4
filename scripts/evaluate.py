"""Score quotetrack's extraction against an annotated JSONL set (see ../shared/eval/README.md).

    python scripts/evaluate.py ../shared/eval/seed-gold.jsonl --level must

Writes predictions in the scorer's format, then runs the scorer that ships with the data set.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from quotetrack.pipeline import DEFAULT_MODEL, load_pipeline, parse_texts
from quotetrack.records import prediction_record


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", type=click.Choice(["must", "all"]), default="all")
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option("--pred", type=click.Path(dir_okay=False, path_type=Path), help="Keep the predictions here.")
@click.option(
    "--scorer", type=click.Path(exists=True, path_type=Path), help="score.py; default: beside GOLD."
)
def main(gold: Path, level: str, model: str, pred: Path | None, scorer: Path | None) -> None:
    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline(model)
    pred = pred or Path(tempfile.mkdtemp()) / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for source, parsed in zip(docs, parse_texts(nlp, (d["text"] for d in docs)), strict=True):
            out.write(json.dumps(prediction_record(source["id"], parsed), ensure_ascii=False) + "\n")
    scorer = scorer or gold.parent / "score.py"
    subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--level", level], check=True)


if __name__ == "__main__":
    main()
