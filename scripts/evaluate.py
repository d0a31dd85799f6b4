"""Score quotetrack's extraction against an annotated JSONL set (see ../shared/eval/README.md).

    python scripts/evaluate.py ../shared/eval/seed-gold.jsonl --level must

Extracts attributions from the annotated texts through the library API (what `quotetrack extract`
prints), then runs the scorer that ships with the data set.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import click

import quotetrack
from quotetrack.nlp.components import LEARNED_BY_DEFAULT


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", type=click.Choice(["must", "all"]), default="all")
@click.option("--model", default=quotetrack.DEFAULT_MODEL, show_default=True)
@click.option(
    "--learned/--rules-only",
    default=LEARNED_BY_DEFAULT,
    show_default=True,
    help="With or without the trained model (default: the shipped pipeline's setting).",
)
@click.option("--pred", type=click.Path(dir_okay=False, path_type=Path), help="Keep the predictions here.")
@click.option("--scorer", type=click.Path(exists=True, path_type=Path), help="Default: score.py beside GOLD.")
def main(gold: Path, level: str, model: str, learned: bool, pred: Path | None, scorer: Path | None) -> None:
    pred = pred or Path(tempfile.mkdtemp()) / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for result in quotetrack.extract_inputs([gold], model, learned=learned):
            if isinstance(result, quotetrack.Skipped):  # unusable line: scored as no predictions
                click.echo(f"skipped {result.source}: {result.reason}", err=True)
                continue
            document, attributions = result
            found = [attribution.to_dict() for attribution in attributions]
            out.write(json.dumps({"id": document.label, "quotes": found}, ensure_ascii=False) + "\n")
    scorer = scorer or gold.parent / "score.py"
    subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--level", level], check=True)


if __name__ == "__main__":
    main()
