"""The README's CLI reference must match the commands' current --help."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "cli_docs.py"


def test_cli_reference_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("cli_docs", SCRIPT)
    assert spec and spec.loader
    cli_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli_docs)
    readme = cli_docs.README.read_text(encoding="utf-8")
    assert cli_docs.render(readme) == readme, "run: python scripts/cli_docs.py"
