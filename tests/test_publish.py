"""Datasette serves the ingested tables with quotetrack's metadata, in process."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
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


def test_plain_datasette_loads_the_quote_desk_plugin(seeded_db: Path) -> None:
    """`datasette DB` run by hand (no quotetrack command) imports the plugin while Datasette itself is being
    imported; the plugin must not import Datasette back (it once did, through the package's API)."""
    result = subprocess.run(
        [sys.executable, "-m", "datasette", str(seeded_db), "--get", "/-/plugins.json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [plugin] = [p for p in json.loads(result.stdout) if p["name"] == "quotetrack"]
    assert "register_routes" in plugin["hooks"]
