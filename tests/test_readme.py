"""The README stays true: its CLI reference matches the commands' --help, its Python examples run."""

from __future__ import annotations

import doctest
import importlib.util
import os
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "cli_docs.py"


def test_cli_reference_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("cli_docs", SCRIPT)
    assert spec and spec.loader
    cli_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli_docs)
    readme = cli_docs.README.read_text(encoding="utf-8")
    assert cli_docs.render(readme) == readme, "run: python scripts/cli_docs.py"


def test_python_examples_run_as_shown() -> None:
    """Every `>>>` example of the README (the library API, the spaCy component), run from the repository
    root as a reader would, prints what the README shows."""
    root = SCRIPT.parent.parent
    previous = os.getcwd()
    os.chdir(root)
    try:
        failed, attempted = doctest.testfile(
            str(root / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
        )
    finally:
        os.chdir(previous)
    assert attempted >= 20 and failed == 0
