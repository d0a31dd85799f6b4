"""`--processes 2` (spaCy worker processes) stores exactly what one process stores."""

from __future__ import annotations

from pathlib import Path

from conftest import SEEDS, database_contents, run_cli

SPEAKERS = ("Ana Lopes", "the council", "Police", "Tom Reyes", "union leaders")


def test_two_processes_store_the_same_as_one(nlp, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(12):
        speaker = SPEAKERS[n % len(SPEAKERS)]
        (articles / f"{n:02d}.txt").write_text(
            f"Report {n}\n\n“Stage {n} will finish in {n + 1} weeks,” said {speaker}. "
            f"According to {speaker}, the cost rose by {n * 3} percent.\n"
        )
    one, two = tmp_path / "one.db", tmp_path / "two.db"

    single = run_cli("ingest", str(articles), str(SEEDS), "--db", str(one), "--batch-size", "3")
    parallel = run_cli(
        "ingest", str(articles), str(SEEDS), "--db", str(two), "--batch-size", "3", "--processes", "2"
    )

    assert single.stdout.split(" in ")[0] == parallel.stdout.split(" in ")[0]
    assert single.stdout.startswith("13 read, 13 new")
    contents = database_contents(one)
    assert len(contents["attributions"]) > 20
    assert database_contents(two) == contents
