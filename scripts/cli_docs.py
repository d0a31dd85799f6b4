"""Regenerate the CLI reference section of README.md from the commands' --help, so the two never drift.

Usage: python scripts/cli_docs.py          (rewrite README.md in place)
       python scripts/cli_docs.py --check  (exit 1 if README.md is out of date)
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from quotetrack.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def help_text(*command: str) -> str:
    """`quotetrack [command] --help` exactly as a user sees it, at a fixed width."""
    result = CliRunner().invoke(cli, [*command, "--help"], prog_name="quotetrack", terminal_width=100)
    return result.output.rstrip()


def reference() -> str:
    """The generated section: the group's help, then each command's."""
    parts = ["```\n$ quotetrack --help\n" + help_text() + "\n```"]
    for name in sorted(cli.commands):
        parts.append(f"### quotetrack {name}\n\n```\n$ quotetrack {name} --help\n{help_text(name)}\n```")
    return "\n\n".join(parts)


def render(readme: str) -> str:
    """README text with the section between the markers replaced."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{reference()}\n{END}{after}"


def main() -> int:
    current = README.read_text(encoding="utf-8")
    updated = render(current)
    if "--check" in sys.argv[1:]:
        if updated != current:
            print("README.md CLI reference is out of date: run python scripts/cli_docs.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
