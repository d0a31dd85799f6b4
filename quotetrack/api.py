"""The library's face: `extract` attributions from text, or keep a database of them with a `Tracker`.

Every CLI command is one call here, so what the command line does, a script can do too:

    import quotetrack
    quotetrack.extract("“We will win,” said Ana Lopez.")          # [Attribution(content='We will win', ...)]
    tracker = quotetrack.Tracker("data/quotes.db")
    tracker.ingest(["seeds/"])                                     # IngestSummary(documents_new=1, ...)
    tracker.speakers(limit=3)                                      # [Speaker(name='Antony Blinken', ...)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, overload

from datasette.app import Datasette
from sqlite_utils import Database

from quotetrack.desk.app import make_datasette, metadata_for
from quotetrack.evaluation import ModeScore, read_gold, score
from quotetrack.ingest import IngestSummary, Progress, ingest, load
from quotetrack.nlp import DEFAULT_BATCH_SIZE, DEFAULT_MODEL, annotate, get_pipeline
from quotetrack.read import DEFAULT_OPTIONS, ReadOptions, read_sources
from quotetrack.read.documents import content_id
from quotetrack.records import (
    Attribution,
    Correction,
    Document,
    Skipped,
    Speaker,
    SpeakerProfile,
    StoredAttribution,
    Trail,
    TrailView,
)
from quotetrack.store import fixes, open_database, reads, registry, trail_reads
from quotetrack.store.connection import immediate
from quotetrack.store.trails import build_trails, pending

DEFAULT_DB = Path("data/quotes.db")
Extracted = tuple[Document, list[Attribution]]


@overload
def extract(texts: str, model: str = ..., **config: Any) -> list[Attribution]: ...
@overload
def extract(texts: Iterable[str], model: str = ..., **config: Any) -> list[list[Attribution]]: ...
def extract(
    texts: str | Iterable[str], model: str = DEFAULT_MODEL, **config: Any
) -> list[Attribution] | list[list[Attribution]]:
    """Attributions in one text (a list), or in each of several texts (a list per text), in text order.

    Offsets point into the text as given. `config` goes to the extractor component: `beliefs=False` keeps
    speech only (no `think`/`fear`/`seem`), `nested=True` adds reports inside another's content,
    `learned=False` leaves out what the trained model adds to the rules (on by default).
    """
    single = isinstance(texts, str)
    documents = [
        Document(content_id(text), text, "<text>", "", number)
        for number, text in enumerate([texts] if single else texts)
    ]
    found: list[list[Attribution]] = []
    for result in annotate(get_pipeline(model, **config), documents):
        if isinstance(result, Skipped):  # a component failed on this text
            raise RuntimeError(f"text {documents[len(found)].label}: {result.reason}")
        found.append(result[1])
    return found[0] if single else found


def evaluate(
    gold: str | Path, model: str = DEFAULT_MODEL, level: str = "all", **config: Any
) -> dict[str, ModeScore]:
    """Extract attributions from the texts of an annotated JSONL file and score them against its annotations
    (quotetrack.evaluation), per matching mode: `exact`, `overlap`, `loose`. `level="must"` leaves out gold
    attributions marked `should`."""
    documents = read_gold(gold)
    found = extract([document["text"] for document in documents], model, **config)
    predictions = {
        document["id"]: [attribution.to_dict() for attribution in attributions]
        for document, attributions in zip(documents, found, strict=True)
    }
    return score(documents, predictions, level)


def extract_inputs(
    paths: Iterable[str | Path],
    model: str = DEFAULT_MODEL,
    options: ReadOptions = DEFAULT_OPTIONS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    **config: Any,
) -> Iterator[Extracted | Skipped]:
    """Attributions in each document of files, URLs, exports or "-" (stdin), without a database.

    Unusable inputs and documents the pipeline fails on come back as Skipped, in their place.
    """
    unusable: list[Skipped] = []

    def usable() -> Iterator[Document]:
        for item in read_sources(paths, options):
            if isinstance(item, Skipped):
                unusable.append(item)
            else:
                yield item

    for result in annotate(get_pipeline(model, **config), usable(), batch_size):
        yield from unusable
        unusable.clear()
        yield result
    yield from unusable


def missing_database(path: Path) -> str:
    return f"no database at {path}; run `quotetrack ingest PATH --db {path}` first"


class Tracker:
    """A quotetrack database: ingest articles into it, then ask who said what.

    `Tracker(path)` opens (or, when ingesting, creates) the SQLite file; `model` and `config` choose the
    spaCy pipeline and extractor settings that `ingest` uses.
    """

    def __init__(self, db_path: str | Path = DEFAULT_DB, model: str = DEFAULT_MODEL, **config: Any):
        self.db_path = Path(db_path)
        self.model = model
        self.config = config
        self._db: Database | None = None

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> Database:
        """The sqlite-utils Database, for SQL of your own; the file must exist (see `ingest`)."""
        if self._db is None:
            if not self.db_path.is_file():
                raise FileNotFoundError(missing_database(self.db_path))
            self._db = open_database(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        force: bool = False,
        progress: Progress | None = None,
        options: ReadOptions = DEFAULT_OPTIONS,
        batch_size: int = DEFAULT_BATCH_SIZE,
        n_process: int = 1,
        dask: str | Any | None = None,
    ) -> IngestSummary:
        """Store the attributions of files, folders, URLs, exports or "-" (stdin); safe to repeat.

        A document already stored is skipped (`force` parses it again); a new text under a stored URL, or
        outlet and id, replaces the old version. Ctrl-C raises IngestInterrupted, with what came before
        stored; a parser process (`n_process` > 1) killed meanwhile raises WorkerLost. `progress` is
        called after each document with an IngestProgress: documents so far, the total when cheap to
        count, words stored, seconds elapsed.

        `dask` parses on a dask.distributed cluster (`pip install 'quotetrack[dask]'`): a scheduler
        address (`tcp://host:8786`), a scheduler file (`*.json`), `local` / `local:N` (N worker
        processes on this machine, started for this call), or a `distributed.Client`. Storing still
        happens here, in input order: the rows are the same as without it.
        """
        self.close()  # ingest writes through its own connection, one transaction per document
        return ingest(
            paths,
            self.db_path,
            self.model,
            batch_size,
            n_process,
            progress=progress,
            options=options,
            force=force,
            config=self.config,
            dask=dask,
        )

    def load(
        self,
        paths: Iterable[str | Path],
        *,
        force: bool = False,
        progress: Progress | None = None,
    ) -> IngestSummary:
        """Store `quotetrack extract` output files as an ingest of the same documents would; safe to repeat.

        `force` stores documents already stored again, with the attributions in the files; `progress` as
        for `ingest`.
        """
        self.close()
        return load(paths, self.db_path, progress=progress, force=force)

    def attributions(
        self,
        speaker: str | None = None,
        kind: str | None = None,
        search: str | None = None,
        limit: int | None = 20,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        document: str | None = None,
        unresolved: bool = False,
    ) -> list[StoredAttribution]:
        """Stored attributions, newest first: by a speaker (name in any case, alias or unambiguous
        surname), a kind (`direct`, `mixed`, `indirect`, or `quote` for direct and mixed, `claim` for
        indirect), words (full-text search in the content and its sentence: `troop*`, `Kiev OR Kyiv`,
        `"exact phrase"`, `NOT`, else plain words), the article's date (`since`/`until`, YYYY-MM-DD,
        inclusive), outlet (any case) and article (its URL, id or the start of its id); `unresolved`: only
        those whose speaker is unknown (`she` with nobody to stand for), to credit with `fix`.

        A speaker, outlet or article the database does not hold raises NotFound (a LookupError); filters
        that match nothing give an empty list."""
        return reads.attributions(
            self.db,
            speaker=speaker,
            kind=kind,
            search=search,
            limit=limit,
            since=since,
            until=until,
            outlet=outlet,
            document=document,
            unresolved=unresolved,
        )

    def speakers(self, limit: int | None = None, *, include_unnamed: bool = False) -> list[Speaker]:
        """Named speakers, most quoted first, with their counts; `include_unnamed` adds unnamed sources
        (`officials`), one per description with every article's counted together."""
        return reads.speakers(self.db, limit=limit, include_unnamed=include_unnamed)

    def speaker(self, name: str) -> SpeakerProfile | None:
        """One speaker, by name in any case, alias or unambiguous surname; None if nobody fits."""
        return reads.speaker_profile(self.db, name)

    def trail(self, text_or_id: str | int) -> TrailView:
        """Where a quote ran: every appearance of it, oldest first (outlet, date, speaker, its wording
        against the canonical version, flags), for an attribution id or a quote's text (exact words, else
        the closest stored quote). Raises trail_reads.TrailNotFound (a LookupError) saying why not."""
        return trail_reads.trail(self.db, text_or_id)

    def trails(self, limit: int | None = 20, misattributed: bool = False) -> list[Trail]:
        """Quotes run by two or more articles, most spread first (outlets, then articles);
        `misattributed` keeps only those given to several named speakers."""
        order = "misattributed" if misattributed else "spread"
        return trail_reads.trails(self.db, limit=limit, order=order, misattributed=misattributed)

    def build_trails(self, batch: int = 5000, progress: Callable[[int, int], None] | None = None) -> int:
        """Put attributions stored before trails existed in trails (a database upgraded with more than
        trails.UPGRADE_BUILD_LIMIT of them), `batch` to a transaction, so it can be interrupted and run
        again; returns how many were done. `progress(done, left)` after each batch."""
        done = 0
        while pending(self.db):
            with immediate(self.db):
                done += build_trails(self.db, batch)
            if progress is not None:
                progress(done, pending(self.db))
        return done

    def trails_pending(self) -> int:
        """Attributions stored before trails existed that `build_trails` has not put in trails yet."""
        return pending(self.db)

    def merge(self, keep: str, *others: str) -> int:
        """The speakers `others` become `keep`, now and in every later ingest; returns attributions moved.

        Also for a spelling not stored yet (`merge("Kyiv", "Kiev")`): an alias.
        """
        return registry.merge_speakers(self.db, keep, others)

    def fix(
        self,
        attribution_id: int,
        *,
        speaker: str | None = None,
        kind: str | None = None,
        not_attribution: bool = False,
    ) -> Correction:
        """Correct one attribution, now and in every later ingest of its article (`--force` and new
        versions included): credit it to `speaker` (found as everywhere, created if nobody fits), give it
        `kind` (direct, mixed, indirect), or say it is `not_attribution` (left out of every count, list
        and search). Raises quotetrack.store.fixes.FixError (a ValueError) for an unknown id."""
        return fixes.fix(self.db, attribution_id, speaker, kind, not_attribution)

    def undo_fix(self, correction_id: int) -> Correction:
        """Remove a correction (its id in `corrections()`), putting its attribution back as extracted."""
        return fixes.undo(self.db, correction_id)

    def corrections(self, status: str | None = None) -> list[Correction]:
        """The corrections made with `fix`, oldest first; `status` "applied" or "not found" (in the
        article's latest version) narrows them."""
        return fixes.corrections(self.db, status)

    def load_aliases(self, lines: Iterable[str]) -> int:
        """Apply an aliases file (`Primary, alias, alias` a line, `#` comments); returns aliases applied."""
        return registry.load_aliases(self.db, lines)

    def metadata(self, allow_sql: bool = False) -> dict[str, Any]:
        """The Datasette metadata of the quote desk, fitted to this database's columns."""
        return metadata_for(self.db_path, allow_sql=allow_sql)

    def datasette(self, mode: str = "live", allow_sql: bool = False) -> Datasette:
        """A read-only Datasette over the database: the quote desk. `live` follows ingests into the file,
        `immutable` is faster for a file nothing writes to; `allow_sql` permits arbitrary SQL (`?sql=`)."""
        if not self.db_path.is_file():
            raise FileNotFoundError(missing_database(self.db_path))
        return make_datasette(self.db_path, mode, allow_sql)
