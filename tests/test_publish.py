"""Datasette serves the ingested tables with quotetrack's metadata, in process."""

from __future__ import annotations

import asyncio
from pathlib import Path

from quotetrack.desk.app import make_datasette


def test_datasette_serves_tables_and_metadata(seeded_db: Path) -> None:
    async def fetch() -> dict[str, object]:
        ds = make_datasette(seeded_db)
        attributions = await ds.client.get("/quotes/attributions.json?_shape=objects")
        counts = await ds.client.get("/quotes/speaker_counts.json?_shape=array")
        metadata = await ds.client.get("/-/metadata.json")
        index = await ds.client.get("/")
        page = await ds.client.get("/quotes/attributions")
        return {
            "status": [r.status_code for r in (attributions, counts, metadata, index, page)],
            "attributions": attributions.json(),
            "counts": counts.json(),
            "metadata": metadata.json(),
            "index": index.text,
            "page": page.text,
        }

    got = asyncio.run(fetch())
    assert got["status"] == [200] * 5
    assert len(got["attributions"]["rows"]) >= 10
    assert set(got["attributions"]["facet_results"]) >= {"speaker_id", "kind"}
    assert "Antony Blinken" in {row["speaker"] for row in got["counts"]}
    assert got["metadata"]["title"] == "quotetrack"
    assert "<title>quotetrack" in got["index"]
    assert "One row per quote or claim" in got["page"]
