"""What quote trails cost: load N synthetic attributions and time the clustering within the load, then
build the trails of the same database again from nothing (what a schema upgrade does).

    python scripts/trails_benchmark.py --attributions 100000

The attributions come from scale_benchmark's generator (Zipf words and speakers, 3% wire copy quoted by
several articles, as direct, mixed "The plan “...”" and indirect). Prints the load time, the time spent
putting attributions in trails (wall and CPU, ms per attribution, share of the load), the rebuild's rate,
the trails found and the space the trail tables take.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale_benchmark  # noqa: E402

from quotetrack.ingest import load  # noqa: E402
from quotetrack.store import open_database, writes  # noqa: E402
from quotetrack.store.connection import immediate  # noqa: E402
from quotetrack.store.trails import build_trails  # noqa: E402

TRAIL_TABLES = ("trail_members", "quote_shingles", "trails")


class Timed:
    """Wraps a function, adding up the wall and CPU time spent in it."""

    def __init__(self, function):
        self.function, self.wall, self.cpu = function, 0.0, 0.0

    def __call__(self, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.wall += time.perf_counter() - wall
            self.cpu += time.process_time() - cpu


def table_bytes(db_path: Path, tables: tuple[str, ...]) -> int:
    """Bytes the tables and their indexes take in the file (SQLite's dbstat)."""
    db = open_database(db_path)
    try:
        marks = ", ".join("?" for _ in tables)
        names = f"select name from sqlite_master where tbl_name in ({marks})"
        sql = f"select sum(pgsize) from dbstat where name in ({names})"
        return int(db.execute(sql, tables).fetchone()[0] or 0)
    finally:
        db.close()


@click.command()
@click.option("--attributions", type=int, default=20000, show_default=True)
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), help="Keep files in this folder.")
def main(attributions: int, keep: Path | None) -> None:
    folder = keep or Path(tempfile.mkdtemp(prefix="quotetrack-trails-"))
    folder.mkdir(parents=True, exist_ok=True)
    extract, db_path = folder / f"extract-{attributions}.jsonl", folder / f"trails-{attributions}.db"
    if not extract.exists():
        scale_benchmark.synthesise(extract, attributions)
    db_path.unlink(missing_ok=True)
    timed = Timed(writes.refresh_trails)
    writes.refresh_trails = timed  # what store_document calls for each document
    wall, cpu = time.perf_counter(), time.process_time()
    summary = load([extract], db_path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = summary.attributions
    print(f"{n:,} attributions loaded in {wall:.1f} s wall, {cpu:.1f} s CPU ({n / wall:,.0f}/s)")
    print(
        f"putting them in trails at store time: {timed.wall:.1f} s wall, {timed.cpu:.1f} s CPU = "
        f"{1000 * timed.wall / n:.2f} ms wall, {1000 * timed.cpu / n:.2f} ms CPU per attribution "
        f"({100 * timed.wall / wall:.0f}% of the load's wall time)"
    )
    db = open_database(db_path)
    found = db.execute("select count(*), coalesce(sum(appearances), 0) from trails").fetchone()
    members = db.execute("select count(*) from trail_members").fetchone()[0]
    print(f"{members:,} attributions long enough to follow; {found[0]:,} trails of 2+ holding {found[1]:,}")
    with immediate(db):
        for table in TRAIL_TABLES:
            db.execute(f"delete from {table}")
        db.execute("insert into trail_backlog select id from attributions")
    wall, cpu = time.perf_counter(), time.process_time()
    with immediate(db):
        build_trails(db, n)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    again = db.execute("select count(*), coalesce(sum(appearances), 0) from trails").fetchone()
    db.close()
    print(
        f"rebuilt from nothing (an upgrade): {wall:.1f} s wall, {cpu:.1f} s CPU = {1000 * wall / n:.2f} ms "
        f"wall per attribution; {again[0]:,} trails holding {again[1]:,} "
        f"(the same as at store time: {again == found})"
    )
    size = db_path.stat().st_size
    trail_mb = table_bytes(db_path, TRAIL_TABLES) / 2**20
    print(f"trail tables and indexes: {trail_mb:.1f} MB of {size / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
