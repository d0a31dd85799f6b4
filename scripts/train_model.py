"""Train the attribution CRF that `quotetrack_attributions` applies with `learned=True`.

    python scripts/train_model.py ../shared/eval/polnear-train.jsonl --cache /tmp/qt-parses \\
        --out quotetrack/nlp/model/attributions.crfsuite --processes 2

Parses the annotated JSONL (id, text, quotes), caches the parses under `--cache` (the corpus's texts stay
outside the repository) and runs the current rules on them, the model off (its features include the rules'
own labels, so it must learn from what the rules find today). Then trains python-crfsuite on BIO tags of
source / cue / content over paragraph sequences. Retrain whenever the rules change.

Nothing in it is random (spaCy's parse and crfsuite's L-BFGS are deterministic), so the same rules and
corpus give the same model file. The shipped model is all 840 documents, c1 1.0, c2 0.01,
80 iterations: 7 minutes of training on a quiet 2-core machine once the parses are cached (26 s to load
them; parsing the corpus first takes about 10 minutes more).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from spacy.tokens import Doc, DocBin

from quotetrack.nlp.pipeline import DEFAULT_MODEL, get_pipeline

Parsed = tuple[dict[str, Any], Doc, list[dict[str, Any]]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_parsed(corpus: Path, cache: Path, model: str = DEFAULT_MODEL, processes: int = 1) -> list[Parsed]:
    """(record, parse, the rules' attributions) per document. The parse is cached under `cache` (it does not
    depend on the rules); the rules run on every call, so the model always learns from today's rules."""
    records = read_jsonl(corpus)
    docs_path = cache / f"{corpus.name.removesuffix('.jsonl')}.spacy"
    nlp = get_pipeline(model, learned=False)
    if docs_path.exists():
        docs = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))
    else:
        texts = (r["text"] for r in records)
        docs = list(nlp.pipe(texts, batch_size=8, n_process=processes, disable=["quotetrack_attributions"]))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=False).to_disk(docs_path)
    if len(docs) != len(records):
        raise click.ClickException(
            f"{docs_path} holds {len(docs)} parses for {len(records)} records: delete it"
        )
    extractor = nlp.get_pipe("quotetrack_attributions")
    rules = [extractor(doc)._.attributions or [] for doc in docs]
    return list(zip(records, docs, rules, strict=True))


def labelled_sequences(parsed: list[Parsed], unit: str) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, gold tags) per sequence, one document at a time so features never pile up in memory."""
    from quotetrack.nlp.model.features import DocFeatures, RuleSpans, gold_tags

    for record, doc, rules in parsed:
        tags = gold_tags(doc, record["quotes"])
        for sequence in DocFeatures(doc, [RuleSpans.from_record(r) for r in rules]).units(unit):
            yield sequence.features, [tags[i] for i in sequence.tokens]


@click.command()
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), required=True, help="Parse cache.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Model file to write.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="spaCy pipeline to parse with.")
@click.option("--processes", type=int, default=1, show_default=True, help="nlp.pipe n_process.")
@click.option("--holdout", type=int, default=0, help="Leave the last N documents out (to measure on them).")
@click.option("--unit", type=click.Choice(["paragraph", "sentence"]), default="paragraph", show_default=True)
@click.option("--c1", type=float, default=1.0, show_default=True, help="L1: drops most sparse word features.")
@click.option("--c2", type=float, default=0.01, show_default=True, help="L2.")
@click.option("--iterations", type=int, default=80, show_default=True, help="L-BFGS iterations.")
@click.option("--parse-only", is_flag=True, help="Only fill the parse cache.")
def main(
    corpus: Path,
    cache: Path,
    out: Path | None,
    model: str,
    processes: int,
    holdout: int,
    unit: str,
    c1: float,
    c2: float,
    iterations: int,
    parse_only: bool,
) -> None:
    started = time.perf_counter()
    parsed = load_parsed(corpus, cache, model, processes)
    click.echo(f"{len(parsed)} documents parsed or loaded in {time.perf_counter() - started:.0f} s")
    if parse_only:
        return
    if out is None:
        raise click.UsageError("--out is required unless --parse-only")
    import pycrfsuite

    if holdout:
        parsed = parsed[:-holdout]
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, tags in labelled_sequences(parsed, unit):
        trainer.append(features, tags)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    click.echo(
        f"trained on {len(parsed)} documents in {time.perf_counter() - started:.0f} s; "
        f"{out} is {out.stat().st_size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
