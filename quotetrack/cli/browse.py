"""Commands that read a database: attributions (quotes, claims) and speakers, and correcting speakers."""

from __future__ import annotations

from pathlib import Path

import click

from quotetrack.api import Tracker
from quotetrack.cli.options import db_option
from quotetrack.cli.output import echo_records, output_options
from quotetrack.records import KIND_FILTERS, Speaker, StoredAttribution

LISTED = ("id", "speaker", "kind", "cue", "content")
SPEAKER_TABLE = ("name", "kind", "role", "attributions", "quotes", "claims", "documents", "last_seen")


def listing(name: str, kind: str | None, summary: str) -> click.Command:
    """A command listing stored attributions; `kind` fixes the kinds it lists (None: --kind chooses)."""

    @click.command(name, help=summary)
    @db_option
    @click.option(
        "--speaker", help="Only this speaker: canonical name (any case), alias, or unambiguous surname."
    )
    @click.option("--search", help="Only attributions with all these words in the content or its sentence.")
    @click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Maximum rows.")
    @output_options
    def command(
        db_path: Path, speaker: str | None, search: str | None, limit: int, fmt: str, **chosen: str
    ) -> None:
        with Tracker(db_path) as tracker:
            found = tracker.attributions(speaker, chosen.get("kind", kind), search, limit)
        echo_records(found, StoredAttribution, fmt, table_columns=LISTED)

    if kind is None:
        command = click.option(
            "--kind",
            type=click.Choice(list(KIND_FILTERS)),
            help="Only this kind: direct, mixed, indirect; quote (direct and mixed) or claim (indirect).",
        )(command)
    return command


attributions = listing("attributions", None, "List stored attributions: quotes and claims.")
quotes = listing("quotes", "quote", "List stored quotes: direct and mixed attributions (in quotation marks).")
claims = listing("claims", "claim", "List stored claims: indirect attributions (reported speech).")


# The metavar is spelled out because Click before 8.5 printed `COMMAND` as required here.
@click.group(invoke_without_command=True, subcommand_metavar="[COMMAND] [ARGS]...")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Maximum rows (default: all).")
@output_options
@click.pass_context
def speakers(ctx: click.Context, db_path: Path, limit: int | None, fmt: str) -> None:
    """List speakers with how often they are quoted; subcommands show one or correct their names.

    Counts: quotes are direct and mixed attributions, claims are indirect ones (reported speech).
    """
    ctx.obj = db_path
    if ctx.invoked_subcommand is None:
        with Tracker(db_path) as tracker:
            found = tracker.speakers(limit=limit)
        echo_records(found, Speaker, fmt, table_columns=SPEAKER_TABLE)


# Subcommands take --db after their name as well (`speakers show NAME --db x.db`), where users put it.
subcommand_db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite database file.  [default: the speakers group's --db, data/quotes.db]",
)


@speakers.command("show")
@click.argument("name")
@subcommand_db_option
@output_options
@click.pass_obj
def speakers_show(group_db: Path, name: str, db_path: Path | None, fmt: str) -> None:
    """One speaker: counts, roles, cue verbs and attributions in date order.

    NAME is a canonical name (any case), an alias, or an unambiguous surname. With --nl or --csv,
    prints the attributions only, one row each.
    """
    with Tracker(db_path or group_db) as tracker:
        profile = tracker.speaker(name)
    if profile is None:
        raise click.ClickException(f"no speaker named {name!r}; `quotetrack speakers` lists them")
    if fmt != "table":
        echo_records(profile.attributions, StoredAttribution, fmt)
        return
    speaker = profile.speaker
    click.echo(f"{speaker.name} ({speaker.kind or 'unknown kind'})")
    click.echo(f"roles: {', '.join(profile.roles) or '-'}")
    click.echo(
        f"{speaker.attributions} attributions: {speaker.quotes} quotes, {speaker.claims} claims, "
        f"in {speaker.documents} documents, {speaker.first_seen} to {speaker.last_seen}"
    )
    click.echo("cues: " + ", ".join(f"{cue} {count}" for cue, count in profile.cues.items()))
    click.echo()
    columns = ("date", "kind", "cue", "content", "document_title")
    echo_records(profile.attributions, StoredAttribution, fmt, table_columns=columns)


@speakers.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@subcommand_db_option
@click.pass_obj
def speakers_merge(group_db: Path, keep: str, others: tuple[str, ...], db_path: Path | None) -> None:
    """Merge the speakers OTHERS into KEEP; their names become aliases of KEEP, now and in every later
    ingest. Also `speakers alias NAME ALIAS...`, for a spelling not stored yet (`alias Kiev Kyiv`)."""
    with Tracker(db_path or group_db) as tracker:
        moved = tracker.merge(keep, *others)
    click.echo(f"{', '.join(others)} now named {keep}; {moved} attributions re-pointed")


speakers.add_command(speakers_merge, "alias")


@speakers.command("load-aliases")
@click.argument("file", type=click.File(encoding="utf-8"))
@subcommand_db_option
@click.pass_obj
def speakers_load_aliases(group_db: Path, file, db_path: Path | None) -> None:
    """Apply an aliases file: `Primary name, alias 1, alias 2` a line, `#` for comments.

    Safe to run again after editing the file; aliases are stored and survive every later ingest.
    """
    try:
        lines = file.readlines()
    except UnicodeDecodeError as error:
        raise click.ClickException(
            f"{file.name} is not UTF-8 text ({error.reason} at byte {error.start})"
        ) from error
    with Tracker(db_path or group_db) as tracker:
        count = tracker.load_aliases(lines)
    click.echo(f"{count} aliases applied from {file.name}")


COMMANDS = (attributions, quotes, claims, speakers)
