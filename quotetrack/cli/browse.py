"""Commands that read a database: attributions (quotes, claims) and speakers, and correcting speakers."""

from __future__ import annotations

from pathlib import Path

import click

from quotetrack.api import Tracker
from quotetrack.cli.options import Day, db_option
from quotetrack.cli.output import echo_records, output_options
from quotetrack.records import KIND_FILTERS, Speaker, StoredAttribution
from quotetrack.store.reads import no_speaker

# The table shows what a reader scans for; --nl and --csv give every field of StoredAttribution.
LISTED = ("id", "date", "speaker", "kind", "cue", "content", "outlet", "title")
# With --unresolved there is no speaker to show: the mention (`she`) says whom to look for.
UNRESOLVED_LISTED = tuple("speaker_mention" if column == "speaker" else column for column in LISTED)
# Table cells cut shorter than the default, so that a row fits a wide terminal.
WIDTHS = {"speaker": 24, "content": 50, "outlet": 18, "title": 32}
SPEAKER_TABLE = ("name", "kind", "role", "attributions", "quotes", "claims", "documents", "last_seen")
EXIT_CODES = """Exit codes: 0 with the rows found, or none when the filters match nothing; 1 when the
database, or the speaker, outlet or document named, does not exist; 2 for an invalid option."""


def lookup_failed(error: LookupError) -> click.ClickException:
    """A name or id the database does not hold: exit 1, with the library's message on stderr."""
    return click.ClickException(str(error.args[0] if error.args else error))


def listing(name: str, kind: str | None, summary: str) -> click.Command:
    """A command listing stored attributions; `kind` fixes the kinds it lists (None: --kind chooses)."""

    @click.command(name, help=f"{summary}\n\n{EXIT_CODES}")
    @db_option
    @click.option(
        "--speaker", help="Only this speaker: canonical name, alias, or unambiguous surname (any case)."
    )
    @click.option(
        "--search",
        help="Only attributions whose content or sentence match: words (all of them), troop* (prefix), "
        '"exact phrase", Kiev OR Kyiv, Russia NOT China, parentheses; other text is searched as words.',
    )
    @click.option(
        "--since", type=Day(), help="Only articles dated this day or later (published, else ingested)."
    )
    @click.option("--until", type=Day(), help="Only articles dated this day or earlier.")
    @click.option("--outlet", help="Only articles of this outlet (any case).")
    @click.option("--document", help="Only this article: its URL, its id, or the start of its id.")
    @click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Maximum rows.")
    @click.option(
        "--unresolved",
        is_flag=True,
        help="Only those whose speaker is unknown (`she` with nobody to stand for): fix them with "
        "`quotetrack fix ID --speaker NAME`.",
    )
    @output_options
    def command(limit: int, fmt: str, db_path: Path, **filters: str | None) -> None:
        if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
            raise click.BadParameter(
                f"{filters['since']} is after --until {filters['until']}", param_hint="--since"
            )
        filters["kind"] = filters.get("kind", kind)
        try:
            with Tracker(db_path) as tracker:
                found = tracker.attributions(limit=limit, **filters)
        except LookupError as error:
            raise lookup_failed(error) from error
        columns = UNRESOLVED_LISTED if filters.get("unresolved") else LISTED
        echo_records(found, StoredAttribution, fmt, table_columns=columns, widths=WIDTHS)

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
@click.option(
    "--include-unnamed",
    is_flag=True,
    help="Also list unnamed sources (officials, a senior official), one row per description with every "
    "article's counted together.",
)
@output_options
@click.pass_context
def speakers(ctx: click.Context, db_path: Path, limit: int | None, include_unnamed: bool, fmt: str) -> None:
    """List named speakers with how often they are quoted; subcommands show one or correct their names.

    Counts: quotes are direct and mixed attributions, claims are indirect ones (reported speech).
    """
    ctx.obj = db_path
    if ctx.invoked_subcommand is None:
        with Tracker(db_path) as tracker:
            found = tracker.speakers(limit=limit, include_unnamed=include_unnamed)
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
    prints the attributions only, one row each. Exits 1 when no speaker has that name.
    """
    with Tracker(db_path or group_db) as tracker:
        profile = tracker.speaker(name)
    if profile is None:
        raise lookup_failed(no_speaker(name))
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
    columns = ("date", "kind", "cue", "content", "outlet", "title")
    echo_records(profile.attributions, StoredAttribution, fmt, table_columns=columns, widths=WIDTHS)


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
