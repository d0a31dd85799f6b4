"""`quotetrack serve` is safe by default: local only, read-only, live (so an ingest meanwhile never breaks a
page), no arbitrary SQL, and limits on what one request may cost."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from desk_client import fetch, query

from quotetrack.cli.desk import serve
from quotetrack.desk.app import LIMITS, make_datasette
from quotetrack.store import open_database


def speaker_count(db_path: Path) -> int:
    return query(db_path, "select count(*) from speakers")[0][0]


def test_serve_listens_on_localhost_live_without_arbitrary_sql_by_default() -> None:
    defaults = {param.name: param.default for param in serve.params}
    assert (defaults["host"], defaults["mode"], defaults["allow_sql"]) == ("127.0.0.1", "live", False)


def test_the_default_mode_keeps_serving_while_an_ingest_writes(seeded_db: Path, tmp_path: Path) -> None:
    """Served first, written after (the order that broke `auto`, which had opened the file immutable)."""
    path = tmp_path / "quotes.db"
    shutil.copy(seeded_db, path)
    ds = make_datasette(path)
    before = speaker_count(path)

    async def pages() -> list[int]:
        first = await ds.client.get("/quotes/speakers.json?_shape=array&_size=max")
        writer = open_database(path)  # as an ingest does, with writes not yet checkpointed
        try:
            writer["speakers"].insert({"name": "Late Speaker", "name_key": "late speaker", "kind": "person"})
            second = await ds.client.get("/quotes/speakers.json?_shape=array&_size=max")
        finally:
            writer.close()
        return [first.status_code, len(first.json()), second.status_code, len(second.json())]

    assert asyncio.run(pages()) == [200, before, 200, before + 1]
    with pytest.raises(ValueError):
        make_datasette(path, "writable")


def test_arbitrary_sql_only_when_allowed_and_then_within_limits(seeded_db: Path) -> None:
    """`?sql=select zeroblob(200000000)` once took 5.6 GB of server memory."""
    heavy = "/quotes.json?sql=select+count(*)+from+attributions"
    (refused, saved) = fetch(seeded_db, heavy, "/quotes/top_speakers.json?_shape=array")
    assert refused.status_code == 403 and saved.status_code == 200 and saved.json()

    async def allowed() -> tuple[int, int]:
        ds = make_datasette(seeded_db, allow_sql=True)
        counted = await ds.client.get(heavy + "&_shape=array")
        # A query that runs longer than the time limit is stopped, not left to run.
        slow = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
        stopped = await ds.client.get("/quotes.json", params={"sql": slow})
        return counted.status_code, stopped.status_code

    assert asyncio.run(allowed()) == (200, 400)
    assert LIMITS["sql_time_limit_ms"] <= 1000 and LIMITS["max_returned_rows"] <= 1000


@pytest.mark.parametrize("mode", ["immutable", "live"])
def test_nothing_on_the_web_writes(seeded_db: Path, tmp_path: Path, mode: str) -> None:
    path = tmp_path / "quotes.db"
    shutil.copy(seeded_db, path)
    before = speaker_count(path)
    ds = make_datasette(path, mode)

    async def attempts() -> list[int]:
        statuses = []
        for sql in ("delete from speakers", "select 1; delete from speakers", "pragma query_only = 0"):
            statuses.append((await ds.client.get("/quotes.json", params={"sql": sql})).status_code)
        for path in ("/quotes/top_speakers", "/quotes/speakers/-/insert", "/quotes/speakers/1/-/update"):
            response = await ds.client.post(path, json={"row": {"name": "X"}, "sql": "delete from speakers"})
            assert response.status_code == 405 and "read-only" in response.text
            statuses.append(response.status_code)
        return statuses

    statuses = asyncio.run(attempts())
    assert all(status >= 400 for status in statuses), statuses
    assert speaker_count(path) == before
    (search,) = fetch(path, "/quotes/search.json?words=firm&_shape=array", mode=mode)
    assert search.status_code == 200 and len(search.json()) == 2
