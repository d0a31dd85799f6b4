"""The README stays true: its CLI reference matches the commands' --help, its Python examples run, and its
shell examples print what it shows."""

from __future__ import annotations

import doctest
import importlib.util
import os
import socket
import subprocess
import sys
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


EXAMPLES = SCRIPT.parent / "readme_examples.py"


def load_examples_script():
    spec = importlib.util.spec_from_file_location("readme_examples", EXAMPLES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_shell_examples_print_what_the_readme_shows() -> None:
    """Every `$ ` command of the README, run in order in a fresh folder with seeds/ and docs/examples/
    (local servers started where a block needs one), prints exactly the output shown under it."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLES), "--check", "--quiet"], capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


def test_example_check_fails_when_an_output_changes(tmp_path: Path, capsys) -> None:
    examples = load_examples_script()
    readme = tmp_path / "README.md"
    shown = "Text.\n\n```\n$ echo one\none\n$ (exit 3)\n$ echo $?\n3\n```\n"
    readme.write_text(shown, encoding="utf-8")
    assert examples.main(["--check", "--quiet", "--readme", str(readme)]) == 0
    readme.write_text(shown.replace("one\n$", "two\n$"), encoding="utf-8")
    assert examples.main(["--check", "--quiet", "--readme", str(readme)]) == 1
    assert "-two\n+one\n" in capsys.readouterr().out
    assert examples.main(["--quiet", "--readme", str(readme)]) == 0  # rewriting puts the real output back
    assert readme.read_text(encoding="utf-8") == shown


def test_examples_skip_marked_blocks_and_refuse_unmarked_ones(tmp_path: Path) -> None:
    examples = load_examples_script()
    readme = tmp_path / "README.md"
    skipped = "<!-- not run: a measurement -->\n```\n$ echo now\nthen\n```\n\n```python\nprint(1)\n```\n"
    readme.write_text(skipped, encoding="utf-8")
    assert examples.main(["--check", "--quiet", "--readme", str(readme)]) == 0
    readme.write_text(skipped + "\n```\nmake install\n```\n", encoding="utf-8")
    assert examples.main(["--check", "--quiet", "--readme", str(readme)]) == 2  # neither example nor marked


def test_a_served_block_has_its_server_only_while_it_runs(tmp_path: Path) -> None:
    examples = load_examples_script()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    readme = tmp_path / "README.md"
    readme.write_text(
        f"<!-- served at {url}/ by: python -m http.server {port} --bind 127.0.0.1 -->\n"
        f"```\n$ curl -s {url}/docs/examples/aliases.txt\n```\n\n"
        f"```\n$ curl -s {url}/docs/examples/aliases.txt; echo $?\n```\n",
        encoding="utf-8",
    )
    assert examples.main(["--quiet", "--readme", str(readme)]) == 0
    aliases = (SCRIPT.parent.parent / "docs" / "examples" / "aliases.txt").read_text(encoding="utf-8")
    assert readme.read_text(encoding="utf-8").split("```\n")[1:4:2] == [
        f"$ curl -s {url}/docs/examples/aliases.txt\n{aliases}",
        f"$ curl -s {url}/docs/examples/aliases.txt; echo $?\n7\n",  # stopped: connection refused
    ]
