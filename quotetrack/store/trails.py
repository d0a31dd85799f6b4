"""Quote trails: the same quote (exact, a variant, a fragment) across articles, kept current at write time.

A trail is a connected group of attributions that `quote_text.relation` says are one quote. Tables:

- `trail_members`: every attribution long enough to compare (quote_text.MIN_WORDS), with its trail (the
  smallest attribution id in it, so the same rows give the same ids), its exact-text key and word count.
- `quote_shingles`: hashed 4-word runs of each member, the index that finds candidates in SQLite itself
  (nothing held in memory, so every process and every Dask-fed ingest sees the same index).
- `trails`: per trail of two or more appearances, what pages list: canonical text (the longest version,
  the earliest of equals), appearances, articles, outlets, named speakers, versions, variants, fragments,
  first appearance (publication date, else ingestion day) and whether named speakers differ.

Triggers queue what writes change (`trail_queue`: added or edited attributions; `trail_removed`: deleted
ones, with their text; `stale_trails`: trails whose speakers or articles changed), so any writer, present
or future, leaves them consistent; `refresh_trails` works the queues off, in the writer's transaction:
`store_document` calls it for every document, and `refresh_statistics` after merges.

Matching: an exact-key lookup first (wire copy), else the members sharing most shingles with the new text
(at most MAX_POSTINGS read per shingle, so a run of very common words costs a bounded lookup), verified by
`relation` on words. A removal splits its trail again from what remains (edges need a shared shingle or
key, as on insertion, so the result does not depend on the order of writes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from sqlite_utils import Database

from quotetrack.store import quote_text
from quotetrack.store.views import day, field

MAX_POSTINGS = 200  # members read per shingle when looking for candidates
MAX_CANDIDATES = 40  # candidates verified word by word per new attribution
# An upgrade builds the trails of at most this many stored attributions at once (a minute at most; about
# 0.3 ms of CPU each); more are left to `quotetrack trails --build`, which can be interrupted and resumed.
UPGRADE_BUILD_LIMIT = 100_000

TABLES = """
create table if not exists trail_members (
  attribution_id integer primary key, trail_id integer not null, text_key integer not null,
  words integer not null
);
create index if not exists trail_members_trail on trail_members (trail_id);
create index if not exists trail_members_key on trail_members (text_key);
create table if not exists quote_shingles (
  shingle integer not null, attribution_id integer not null, primary key (shingle, attribution_id)
) without rowid;
create table if not exists trails (
  id integer primary key, canonical_id integer, canonical text, appearances integer, articles integer,
  outlets integer, speakers integer, versions integer, variants integer, fragments integer,
  first_day text, first_attribution_id integer, first_outlet text, last_day text, misattributed integer,
  speaker_ids text
);
create index if not exists trails_spread on trails (outlets desc, articles desc, first_day);
create index if not exists trails_misattributed on trails (misattributed, speakers desc, articles desc);
create table if not exists trail_queue (attribution_id integer primary key);
create table if not exists trail_backlog (attribution_id integer primary key);
create table if not exists trail_removed (
  attribution_id integer primary key, trail_id integer, content text, kind text
);
create table if not exists stale_trails (trail_id integer primary key)
"""

REMOVED = """
  insert or replace into trail_removed
    select old.id, (select trail_id from trail_members where attribution_id = old.id), old.content, old.kind;
  delete from trail_members where attribution_id = old.id;"""
TRIGGERS = f"""
create trigger if not exists attributions_trails_insert after insert on attributions begin
  insert or ignore into trail_queue values (new.id);
end;
create trigger if not exists attributions_trails_delete after delete on attributions begin
  {REMOVED}
  delete from trail_queue where attribution_id = old.id;
  delete from trail_backlog where attribution_id = old.id;
end;
create trigger if not exists attributions_trails_text after update of content, kind on attributions begin
  {REMOVED}
  insert or ignore into trail_queue values (new.id);
end;
create trigger if not exists attributions_trails_speaker after update of speaker_id, document_id
on attributions begin
  insert or ignore into stale_trails select trail_id from trail_members where attribution_id = new.id;
end;
create trigger if not exists documents_trails_update after update on documents begin
  insert or ignore into stale_trails select trail_id from trail_members
    where attribution_id in (select id from attributions where document_id = new.id);
end;
create trigger if not exists speakers_trails_kind after update of kind on speakers
when old.kind is not new.kind begin
  insert or ignore into stale_trails select trail_id from trail_members
    where attribution_id in (select id from attributions where speaker_id = new.id);
end;
"""
TRAIL_COLUMNS = (
    "id canonical_id canonical appearances articles outlets speakers versions variants fragments "
    "first_day first_attribution_id first_outlet last_day misattributed speaker_ids"
).split()
# The named speakers' ids of every trail (comma-separated; ascending where stored), from its members:
# added in schema 11, so that listing possible misattributions with their speakers' names looks up a few
# speakers by id instead of reading every appearance of every trail listed (744 ms at 1M attributions).
SPEAKER_IDS_SQL = """(
  select group_concat(speaker_id) from (
    select distinct attributions.speaker_id from trail_members
    join attributions on attributions.id = trail_members.attribution_id
    join speakers on speakers.id = attributions.speaker_id
    where trail_members.trail_id = trails.id and speakers.kind is not 'unnamed'
    order by attributions.speaker_id
  )
)"""


def create_trails(db: Database) -> None:
    """The trail tables and triggers. Attributions stored before them wait in `trail_backlog`: built here
    when they are few (UPGRADE_BUILD_LIMIT), else by `build_trails` (`quotetrack trails --build`)."""
    for statement in TABLES.split(";\n"):
        db.execute(statement)
    if "speaker_ids" not in db["trails"].columns_dict:  # a database made before schema 11
        db["trails"].add_column("speaker_ids", str)
        db.execute(f"update trails set speaker_ids = {SPEAKER_IDS_SQL}")
    for trigger in TRIGGERS.split("\nend;"):
        if trigger.strip():
            db.execute(trigger + "\nend")
    db.execute(
        "insert or ignore into trail_backlog select id from attributions"
        " where id not in (select attribution_id from trail_members)"
    )
    if pending(db) <= UPGRADE_BUILD_LIMIT:
        build_trails(db, UPGRADE_BUILD_LIMIT)


def has_trails(tables: Collection[str]) -> bool:
    """Whether a database (by its table names) keeps quote trails."""
    return {"trails", "trail_members"} <= set(tables)


class Compared:
    """One attribution's text as compared: words, exact-text key, shingles, and whether it is a claim."""

    def __init__(self, content: str | None, kind: str | None):
        self.words = quote_text.words(content or "")
        self.claim = kind == "indirect"
        self.key = quote_text.text_key(self.words, self.claim)
        self.shingles = quote_text.shingles(self.words)

    @property
    def eligible(self) -> bool:
        return quote_text.eligible(self.words)

    def relation(self, other: Compared) -> str | None:
        """Whether the two are one quote (see quote_text.relation); claims join claims only if near-same."""
        return quote_text.relation(self.words, other.words, claims=self.claim and other.claim)


def mark_stale(db: Database, trail_ids: Iterable[int]) -> None:
    db.conn.executemany("insert or ignore into stale_trails values (?)", [(t,) for t in trail_ids])


def candidates(db: Database, attribution_id: int, compared: Compared) -> list[tuple[int, int, Compared]]:
    """Members sharing shingles with the text, most shared first: (attribution id, trail id, text)."""
    shared: Counter[int] = Counter()
    if compared.shingles:
        # One statement, each shingle's list read up to MAX_POSTINGS through the primary key.
        one = "select * from (select attribution_id from quote_shingles where shingle = ? limit ?)"
        params = [value for shingle in compared.shingles for value in (shingle, MAX_POSTINGS)]
        rows = db.execute(" union all ".join([one] * len(compared.shingles)), params)
        shared.update(row[0] for row in rows if row[0] != attribution_id)
    best = [number for number, _ in shared.most_common(MAX_CANDIDATES)]
    if not best:
        return []
    marks = ", ".join("?" for _ in best)
    rows = db.execute(
        f"""select trail_members.attribution_id, trail_members.trail_id, attributions.content,
          attributions.kind
        from trail_members join attributions on attributions.id = trail_members.attribution_id
        where trail_members.attribution_id in ({marks})""",
        best,
    ).fetchall()
    found = {row[0]: (row[0], row[1], Compared(row[2], row[3])) for row in rows}
    return [found[number] for number in best if number in found]


def add_member(db: Database, attribution_id: int, content: str | None, kind: str | None) -> None:
    """Put one attribution in its trail: join every trail it matches (merging them), or start its own."""
    compared = Compared(content, kind)
    if not compared.eligible:
        return
    joined: set[int] = set()
    exact = db.execute(
        "select trail_id from trail_members where text_key = ? limit 1", [compared.key]
    ).fetchone()
    if exact:  # the same words as a member: the same matches as it, so its trail is the whole answer
        joined.add(exact[0])
    else:
        for _, trail_id, other in candidates(db, attribution_id, compared):
            if trail_id not in joined and compared.relation(other):
                joined.add(trail_id)
    db.conn.executemany(
        "insert or ignore into quote_shingles values (?, ?)", [(s, attribution_id) for s in compared.shingles]
    )
    trail_id = min(joined | {attribution_id})
    db.execute(
        "insert or replace into trail_members values (?, ?, ?, ?)",
        [attribution_id, trail_id, compared.key, len(compared.words)],
    )
    for other in joined - {trail_id}:
        db.execute("update trail_members set trail_id = ? where trail_id = ?", [trail_id, other])
    if joined:  # a trail of one appearance has no statistics
        mark_stale(db, joined | {trail_id})


def split(db: Database, trail_id: int) -> None:
    """Group what remains of a trail after removals into its connected parts again."""
    rows = db.execute(
        """select trail_members.attribution_id, attributions.content, attributions.kind
        from trail_members join attributions on attributions.id = trail_members.attribution_id
        where trail_members.trail_id = ?""",
        [trail_id],
    ).fetchall()
    versions: dict[int, Compared] = {}
    ids_by_key: dict[int, list[int]] = {}
    for number, content, kind in rows:
        compared = Compared(content, kind)
        versions.setdefault(compared.key, compared)
        ids_by_key.setdefault(compared.key, []).append(number)
    keys = list(versions)
    parent = {key: key for key in keys}

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            a, b = versions[first], versions[second]
            if root(first) != root(second) and a.shingles & b.shingles and a.relation(b):
                parent[root(first)] = root(second)
    parts: dict[int, list[int]] = {}
    for key in keys:
        parts.setdefault(root(key), []).extend(ids_by_key[key])
    new_ids = {trail_id}
    for members in parts.values():
        new_id = min(members)
        new_ids.add(new_id)
        marks = ", ".join("?" for _ in members)
        db.execute(
            f"update trail_members set trail_id = ? where attribution_id in ({marks})", [new_id, *members]
        )
    mark_stale(db, new_ids)


def forget_removed(db: Database) -> None:
    """Take removed attributions out of the shingle index and split the trails they held together."""
    removed = db.execute("select attribution_id, trail_id, content, kind from trail_removed").fetchall()
    if not removed:
        return
    db.conn.executemany(
        "delete from quote_shingles where shingle = ? and attribution_id = ?",
        [(s, number) for number, _, content, kind in removed for s in Compared(content, kind).shingles],
    )
    for trail_id in sorted({row[1] for row in removed if row[1] is not None}):
        split(db, trail_id)
    db.execute("delete from trail_removed")


def member_rows_sql(available: Collection[str]) -> str:
    """A trail's (:trail) appearances with what its statistics and pages need, in date order."""
    return f"""
select
  trail_members.trail_id, attributions.id, trail_members.text_key, trail_members.words,
  attributions.content, attributions.kind,
  attributions.speaker_id, speakers.kind as speaker_kind, speakers.name as speaker,
  attributions.document_id, documents.title as document_title,
  {field(available, "outlet")} as outlet, {day(available)} as day, documents.ingested_at
from trail_members
join attributions on attributions.id = trail_members.attribution_id
join documents on documents.id = attributions.document_id
left join speakers on speakers.id = attributions.speaker_id
where trail_members.trail_id = :trail
order by day, documents.ingested_at, attributions.id"""


def is_named(row: Any) -> bool:
    """Whether the appearance is given to a named speaker (unnamed sources are one row per article)."""
    return row["speaker_id"] is not None and row["speaker_kind"] != "unnamed"


def canonical_row(rows: list[Any]) -> Any:
    """The canonical version: the longest (in words), the earliest of equally long ones (rows are dated)."""
    return max(enumerate(rows), key=lambda pair: (pair[1]["words"], -pair[0]))[1]


def trail_statistics(rows: list[Any]) -> dict[str, Any]:
    """One `trails` row from a trail's member rows (member_rows_sql, in date order)."""
    canonical = canonical_row(rows)
    base = Compared(canonical["content"], canonical["kind"])
    versions = {row["text_key"]: row for row in rows}
    relations = Counter(
        "exact" if key == canonical["text_key"] else base.relation(Compared(row["content"], row["kind"]))
        for key, row in versions.items()
    )
    first = rows[0]
    speakers = {row["speaker_id"] for row in rows if is_named(row)}
    return {
        "id": None,
        "canonical_id": canonical["id"],
        "canonical": canonical["content"],
        "appearances": len(rows),
        "articles": len({row["document_id"] for row in rows}),
        "outlets": len({row["outlet"] for row in rows if row["outlet"]}),
        "speakers": len(speakers),
        "versions": len(versions),
        # Versions connected only through another one (relation None) differ from the canonical too.
        "variants": relations["variant"] + relations[None],
        "fragments": relations["fragment"],
        "first_day": first["day"],
        "first_attribution_id": first["id"],
        "first_outlet": first["outlet"],
        "last_day": rows[-1]["day"],
        "misattributed": int(len(speakers) > 1),
        "speaker_ids": ",".join(str(speaker) for speaker in sorted(speakers)),
    }


def current_trails_sql(available: Collection[str], speaker_ids: bool = True) -> str:
    """The `trails` rows as they are now: stored ones, and those of stale trails (changed by a write that
    has not refreshed them: an edit outside quotetrack) aggregated here, as trail_statistics would, except
    variants and fragments (word comparisons), left empty until the next refresh. Without `speaker_ids`
    (the desk reading a database made before schema 11, unchanged) stored rows have none."""
    stored = ", ".join(
        column if speaker_ids or column != "speaker_ids" else "null" for column in TRAIL_COLUMNS
    )
    return f"""
select {stored} from trails where id not in (select trail_id from stale_trails)
union all
select
  trail_id, max(iif(longest = 1, id, null)), max(iif(longest = 1, content, null)), count(*),
  count(distinct document_id), count(distinct outlet),
  count(distinct iif(speaker_kind is not 'unnamed', speaker_id, null)), count(distinct text_key), null, null,
  max(iif(nth = 1, day, null)), max(iif(nth = 1, id, null)), max(iif(nth = 1, outlet, null)), max(day),
  count(distinct iif(speaker_kind is not 'unnamed', speaker_id, null)) > 1,
  group_concat(distinct iif(speaker_kind is not 'unnamed', speaker_id, null))
from (
  select members.*,
    row_number() over (partition by trail_id order by day, ingested_at, id) as nth,
    row_number() over (partition by trail_id order by words desc, day, ingested_at, id) as longest
  from ({member_rows_sql(available).replace("= :trail", "in (select trail_id from stale_trails)")}) as members
)
group by trail_id
having count(*) > 1"""


def refresh_stale(db: Database) -> None:
    """Recount the trails whose members, speakers or articles changed; trails of one appearance get none."""
    stale = [row[0] for row in db.execute("select trail_id from stale_trails")]
    if not stale:
        return
    sql = member_rows_sql(db["documents"].columns_dict)
    columns = ", ".join(TRAIL_COLUMNS)
    marks = ", ".join("?" for _ in TRAIL_COLUMNS)
    for trail_id in stale:
        db.execute("delete from trails where id = ?", [trail_id])
        cursor = db.execute(sql, {"trail": trail_id})
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if len(rows) > 1:
            values = {**trail_statistics(rows), "id": trail_id}
            db.execute(f"insert into trails ({columns}) values ({marks})", [values[c] for c in TRAIL_COLUMNS])
    db.execute("delete from stale_trails")


def refresh_trails(db: Database) -> None:
    """Work off what writes queued: removals, then additions, then stale statistics. Call inside the
    writer's transaction."""
    forget_removed(db)
    queued = db.execute(
        """select trail_queue.attribution_id, attributions.content, attributions.kind
        from trail_queue join attributions on attributions.id = trail_queue.attribution_id
        order by trail_queue.attribution_id"""
    ).fetchall()
    for number, content, kind in queued:
        add_member(db, number, content, kind)
    db.execute("delete from trail_queue")
    refresh_stale(db)


def build_trails(db: Database, limit: int) -> int:
    """Put up to `limit` attributions of the backlog (stored before trails existed) in trails; returns how
    many. Call inside a write transaction; components do not depend on the order, so this may run in
    batches between ingests."""
    forget_removed(db)
    waiting = db.execute(
        """select trail_backlog.attribution_id, attributions.content, attributions.kind
        from trail_backlog join attributions on attributions.id = trail_backlog.attribution_id
        order by trail_backlog.attribution_id limit ?""",
        [limit],
    ).fetchall()
    for number, content, kind in waiting:
        add_member(db, number, content, kind)
    db.conn.executemany("delete from trail_backlog where attribution_id = ?", [(row[0],) for row in waiting])
    refresh_stale(db)
    return len(waiting)


def pending(db: Database) -> int:
    """Attributions stored before trails existed that are not in trails yet (see build_trails)."""
    return int(db.execute("select count(*) from trail_backlog").fetchone()[0])
