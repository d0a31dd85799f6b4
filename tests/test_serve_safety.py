"""`quotetrack serve` is safe by default: local only, read-only, immutable unless an ingest is writing."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from desk_client import fetch, query

from quotetrack.cli.desk import serve
from quotetrack.desk.app import choose_mode, make_datasette
from quotetrack.store import open_database


def speaker_count(db_path: Path) -> int:
    return query(db_path, "select count(*) from speakers")[0][0]


def test_serve_listens_on_localhost_by_default() -> None:
    defaults = {param.name: param.default for param in serve.params}
    assert defaults["host"] == "127.0.0.1"
    assert defaults["mode"] == "auto"


def test_auto_mode_is_immutable_unless_an_ingest_is_writing(seeded_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "quotes.db"
    shutil.copy(seeded_db, path)
    assert choose_mode(path) == "immutable"
    writer = open_database(path)  # as an ingest does, then a write it has not checkpointed yet
    writer["runs"].insert({"started_at": "2024-01-01T00:00:00+00:00", "model": "test"})
    try:
        assert Path(f"{path}-wal").stat().st_size > 0
        assert choose_mode(path) == "live"
        assert make_datasette(path).get_database("quotes").is_mutable
    finally:
        writer.close()
    assert choose_mode(path) == "immutable"
    assert not make_datasette(path).get_database("quotes").is_mutable
    with pytest.raises(ValueError):
        choose_mode(path, "writable")


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
