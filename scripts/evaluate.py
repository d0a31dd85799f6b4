"""Score `quotetrack extract` against an annotated JSONL set (see ../shared/eval/README.md).

    python scripts/evaluate.py ../shared/eval/seed-gold.jsonl --level must

Runs the extract command on the annotated texts, then the scorer that ships with the data set.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from quotetrack.cli import cli
from quotetrack.nlp.pipeline import DEFAULT_MODEL


@click.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", type=click.Choice(["must", "all"]), default="all")
@click.option("--model", default=DEFAULT_MODEL, show_default=True)
@click.option("--pred", type=click.Path(dir_okay=False, path_type=Path), help="Keep the predictions here.")
@click.option("--scorer", type=click.Path(exists=True, path_type=Path), help="Default: score.py beside GOLD.")
def main(gold: Path, level: str, model: str, pred: Path | None, scorer: Path | None) -> None:
    pred = pred or Path(tempfile.mkdtemp()) / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        # extract exits 1 when some input line was unusable (reported on stderr); score the rest anyway.
        with contextlib.suppress(SystemExit):
            cli.main(["extract", str(gold), "--model", model], standalone_mode=False)
    scorer = scorer or gold.parent / "score.py"
    subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--level", level], check=True)


if __name__ == "__main__":
    main()
