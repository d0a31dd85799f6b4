"""`python -m quotetrack`, the same as the `quotetrack` command, for where the script is not on PATH."""

from quotetrack.cli import cli

cli(prog_name="quotetrack")
