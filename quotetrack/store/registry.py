"""Speakers across documents: one row per real speaker, whatever article or spelling names them.

In-document resolution (`quotetrack.nlp.speakers`) turns `he` and `Blinken` into `Antony Blinken`; this module
decides which stored speaker that is. Rules, in order:
1. A user alias (`speaker_aliases`) wins: corrections survive every later ingest.
2. The same name, compared case- and apostrophe-insensitively, is the same speaker, except for unnamed
   sources (`officials`, `a source`), which are never merged across documents.
3. A bare surname joins the one known person with that surname; if several fit, it stays unresolved.
4. A new full name absorbs an earlier bare-surname speaker when it is the only full name that fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from quotetrack.records import Attribution
from quotetrack.store.connection import immediate
from quotetrack.store.names import clean_name, name_key
from quotetrack.store.statistics import refresh_statistics
from quotetrack.store.timestamps import now

# Kinds whose one-word names are never taken for a person's surname (`Kiev`, `officials`).
NEVER_SURNAMES = ("unnamed", "place", "group")


# The one speaker lookup: the name of the quoted speaker a user means by :speaker. Case, apostrophes and a
# leading `the` do not matter (`speaker_key`, the SQL name of `name_key`); else an alias of one, else the
# one person with this surname. `quotes --speaker`, `speakers show`, the API and the desk's saved queries
# all find speakers so. Unnamed sources (`officials`) are one row per article, all under the same name.
SPEAKER_LOOKUP_SQL = """
select candidates.name from (
  select name, 1 as rank from speakers
  where name_key = speaker_key(:speaker)
    or substr(name_key, 1, length(speaker_key(:speaker)) + 2) = speaker_key(:speaker) || ' @'
  union all
  select speaker_name, 2 from speaker_aliases where alias_key = speaker_key(:speaker)
  union all
  select max(name), 3 from speakers
  where kind = 'person'
    and substr(name_key, -length(speaker_key(:speaker)) - 1) = ' ' || speaker_key(:speaker)
  having count(*) = 1
) as candidates
where exists (
  select 1 from speakers as quoted join attributions on attributions.speaker_id = quoted.id
  where quoted.name = candidates.name collate nocase
)
order by candidates.rank
limit 1""".strip()


# Stored speaker names that stand for nobody: pronouns the extractor could not resolve (`they`, `who`).
PRONOUN_NAMES = ("he", "she", "him", "her", "i", "we", "they", "it", "you", "who", "which", "that")
# The attributions with no resolved speaker: none linked, or one "named" by a pronoun. `attributions
# --unresolved`, the API and the desk's unresolved_attributions query all pick them so; both halves are
# read from indexes (attributions.speaker_id, speakers.name_key).
UNRESOLVED_SQL = (
    "(attributions.speaker_id is null or attributions.speaker_id in"
    f" (select id from speakers where name_key in ({', '.join(repr(n) for n in PRONOUN_NAMES)})))"
)
# Whether a name key is an unnamed source's (one row per article: `officials @<document id>`).
UNNAMED_ROWS_SQL = (
    "select 1 from speakers where kind = 'unnamed' and substr(name_key, 1, length(:k) + 2) = :k || ' @'"
    " limit 1"
)


def speaker_name(db: Database, name: str) -> str | None:
    """The stored name of the quoted speaker a user means by `name` (SPEAKER_LOOKUP_SQL), or None."""
    row = db.execute(SPEAKER_LOOKUP_SQL, {"speaker": name}).fetchone()
    return row[0] if row else None


def canonical_name(db: Database, name: str) -> str:
    """The name to store for a speaker a user names (`quotetrack fix --speaker`): a quoted speaker the one
    lookup finds (`blinken` -> `Antony Blinken`), else the name an alias stands for, else the name itself."""
    found = speaker_name(db, name)
    if found:
        return found
    return alias_target(db, name_key(name)) or clean_name(name)


def alias_target(db: Database, key: str) -> str | None:
    """The primary name a user's alias stands for, if this name key is an alias."""
    row = db.execute("select speaker_name from speaker_aliases where alias_key = ?", [key]).fetchone()
    return row[0] if row else None


def _find(db: Database, key: str) -> int | None:
    row = db.execute("select id from speakers where name_key = ?", [key]).fetchone()
    return int(row[0]) if row else None


def _insert(db: Database, name: str, key: str, kind: str | None) -> int:
    """A new speaker's id; plain SQL, as sqlite-utils' insert first inspects the schema every time."""
    sql = "insert into speakers (name, name_key, kind) values (?, ?, ?)"
    return int(db.execute(sql, [name, key, kind]).lastrowid)


def people_with_surname(db: Database, surname_key: str, full_names: bool) -> list[tuple[int, str]]:
    """Person speakers whose last word is this surname: multi-word ones, or bare-surname ones."""
    rows = db.execute(
        "select id, name_key from speakers"
        " where kind = 'person' and (name_key = :s or substr(name_key, -length(:s) - 1) = ' ' || :s)",
        {"s": surname_key},
    ).fetchall()
    return [(int(i), k) for i, k in rows if (" " in k) == full_names]


class SpeakerLinker:
    """Links one document's attributions to stored speakers, asking the database once per name.

    Made per document, inside its transaction: nothing else writes speakers meanwhile, so an answer
    stays right until this linker inserts a speaker (which can change which surname fits, and can
    absorb a bare-surname speaker); every insert forgets the answers so far. Aliases and merges made
    by other commands take effect from the next document on.
    """

    def __init__(self, db: Database, document_id: str):
        self.db = db
        self.document_id = document_id
        self._resolved: dict[tuple[str, Any], int | None] = {}
        self._roles: dict[int, str] = {}  # the role last noted per speaker, so repeats write nothing

    def link(self, attribution: Attribution) -> int | None:
        """The stored speaker for one extracted attribution, created if new; None when unresolved."""
        name = attribution.speaker_canonical
        if not name or not name_key(name):
            return None
        asked = (clean_name(name), attribution.speaker_kind)
        if asked not in self._resolved:
            self._resolved[asked] = self._resolve(*asked)
        speaker = self._resolved[asked]
        if speaker is not None:
            self._note_role(speaker, attribution.speaker_role)
        return speaker

    def link_name(self, name: str) -> int:
        """The stored speaker a user's name (`quotetrack fix --speaker`) stands for in this document, created
        if none fits: canonical_name's speaker; for an unnamed source (`officials`), this article's."""
        asked = (clean_name(name), "named by a user")
        if asked not in self._resolved:
            self._resolved[asked] = self._resolve_named(canonical_name(self.db, name))
        speaker = self._resolved[asked]
        assert speaker is not None
        return speaker

    def _resolve_named(self, name: str) -> int:
        db, key, kind = self.db, name_key(name), None
        speaker = _find(db, key)
        if speaker is not None:
            return speaker
        if db.execute(UNNAMED_ROWS_SQL, {"k": key}).fetchone():
            key, kind = f"{key} @{self.document_id}", "unnamed"
            speaker = _find(db, key)
        if speaker is None:
            self._resolved.clear()
            self._roles.clear()
            speaker = _insert(db, name, key, kind)
        return speaker

    def _resolve(self, name: str, kind: str | None) -> int | None:
        """The registry's rules (module docstring) for one name, inserting a new speaker if none fits."""
        db, key = self.db, name_key(name)
        target = alias_target(db, key)
        if target:
            name, key = target, name_key(target)
        elif kind == "unnamed":
            key = f"{key} @{self.document_id}"
        speaker = _find(db, key)
        if speaker is None and kind not in NEVER_SURNAMES and not target and " " not in key:
            # A bare surname (which the small models often tag as an organisation): only when exactly
            # one known person fits.
            fits = people_with_surname(db, key, full_names=True)
            if len(fits) > 1:
                return None
            speaker = fits[0][0] if fits else None
        if speaker is None:
            self._resolved.clear()
            self._roles.clear()  # a deleted speaker's id may be given again
            speaker = _insert(db, name, key, kind)
            if kind == "person" and " " in key:
                _absorb_bare_surname(db, speaker, key)
        return speaker

    def _note_role(self, speaker: int, role: str | None) -> None:
        """Keep every role per document; the speaker's current role is the one seen last."""
        if not role or self._roles.get(speaker) == role:
            return
        self._roles[speaker] = role
        self.db.execute(
            "insert or ignore into speaker_roles (speaker_id, document_id, role) values (?, ?, ?)",
            [speaker, self.document_id, role],
        )
        self.db.execute("update speakers set role = ? where id = ?", [role, speaker])


# A speaker's roles in one article are those its attributions there carry (`link` notes each): what a fix
# credits to someone else, or says is no attribution, takes its role out unless another one carries it.
FORGET_ROLES_SQL = """
delete from speaker_roles where speaker_id = :speaker and document_id = :document and role not in (
  select speaker_role from attributions
  where speaker_id = :speaker and document_id = :document and speaker_role is not null
)"""
# The role `speakers.role` shows: the one given by the article stored last that gives one (documents'
# rowids are in storing order; within an article, the role noted last).
CURRENT_ROLE_SQL = """
update speakers set role = (
  select speaker_roles.role from speaker_roles join documents on documents.id = speaker_roles.document_id
  where speaker_roles.speaker_id = speakers.id
  order by documents.rowid desc, speaker_roles.rowid desc limit 1
) where id = ?"""


def forget_roles(db: Database, speaker: int, document_id: str) -> None:
    """Drop the roles a speaker no longer has in an article after one of its attributions there was
    credited elsewhere or removed (`quotetrack fix`), and set its current role again if that was one."""
    db.execute(FORGET_ROLES_SQL, {"speaker": speaker, "document": document_id})
    lost = db.execute(
        "select 1 from speakers where id = ? and role is not null and role not in"
        " (select role from speaker_roles where speaker_id = ?)",
        [speaker, speaker],
    ).fetchone()
    if lost:
        settle_role(db, speaker)


def settle_role(db: Database, speaker: int) -> None:
    """Set a speaker's current role by the rule of CURRENT_ROLE_SQL (None when no article gives one)."""
    db.execute(CURRENT_ROLE_SQL, [speaker])


def _absorb_bare_surname(db: Database, speaker: int, key: str) -> None:
    """`Blinken`, stored before any article named him fully, joins `Antony Blinken` once it is unambiguous."""
    surname = key.split()[-1]
    if len(people_with_surname(db, surname, full_names=True)) != 1:
        return
    kinds = ",".join("?" * len(NEVER_SURNAMES))
    bare = db.execute(
        f"select id from speakers where name_key = ? and coalesce(kind, '') not in ({kinds})",
        [surname, *NEVER_SURNAMES],
    ).fetchall()
    for (row,) in bare:
        _move(db, int(row), speaker)


def _move(db: Database, source: int, target: int) -> None:
    """Re-point everything of speaker `source` to `target` and delete `source`."""
    if source == target:
        return
    db.execute("update attributions set speaker_id = ? where speaker_id = ?", [target, source])
    db.execute(
        "insert or ignore into speaker_roles (speaker_id, document_id, role)"
        " select ?, document_id, role from speaker_roles where speaker_id = ?",
        [target, source],
    )
    db.execute("delete from speaker_roles where speaker_id = ?", [source])
    db.execute(
        "update speakers set role = coalesce(role, (select role from speakers where id = ?)),"
        " kind = coalesce(kind, (select kind from speakers where id = ?)) where id = ?",
        [source, source, target],
    )
    db.execute("delete from speakers where id = ?", [source])


def add_alias(db: Database, primary: str, alias: str) -> int:
    """Make `alias` another name of `primary`, now and for every later ingest; returns rows re-pointed.

    Every stored speaker under the alias (including unnamed sources from any document) is merged into the
    primary speaker, which is created if it does not exist yet.
    """
    primary, alias = clean_name(primary), clean_name(alias)
    with immediate(db):
        # The primary is nobody's alias any more, and what pointed at the alias now points at the primary:
        # aliases never chain or loop, whatever order corrections come in.
        db.execute("delete from speaker_aliases where alias_key = ?", [name_key(primary)])
        db.execute(
            "update speaker_aliases set speaker_name = ? where speaker_key(speaker_name) = ?",
            [primary, name_key(alias)],
        )
        db["speaker_aliases"].upsert(
            {"alias_key": name_key(alias), "alias": alias, "speaker_name": primary, "created_at": now()},
            pk="alias_key",
        )
        target = _find(db, name_key(primary))
        sources = [
            int(i)
            for (i,) in db.execute(
                # Not LIKE: `%` and `_` in a name are letters here, not wildcards.
                "select id from speakers"
                " where name_key = :k or substr(name_key, 1, length(:k) + 2) = :k || ' @'",
                {"k": name_key(alias)},
            ).fetchall()
        ]
        if target is None:
            kind = (
                db.execute("select kind from speakers where id = ?", [sources[0]]).fetchone()[0]
                if sources
                else None
            )
            target = _insert(db, primary, name_key(primary), kind)
        moved = (
            db.execute(
                f"select count(*) from attributions where speaker_id in ({','.join('?' * len(sources))})",
                sources,
            ).fetchone()[0]
            if sources
            else 0
        )
        for source in sources:
            _move(db, source, target)
        refresh_statistics(db)  # the merged speakers' counts, in the same transaction
        return int(moved)


def merge_speakers(db: Database, keep: str, others: Iterable[str]) -> int:
    """`speakers merge KEEP OTHER...`: the others become aliases of KEEP; returns rows re-pointed."""
    return sum(add_alias(db, keep, other) for other in others)


def parse_alias_lines(lines: Iterable[str]) -> list[tuple[str, list[str]]]:
    """`Primary name, alias 1, alias 2` a line; blank lines and `#` comments ignored."""
    entries = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        names = [part.strip() for part in line.split(",") if part.strip()]
        if len(names) >= 2:
            entries.append((names[0], names[1:]))
    return entries


def load_aliases(db: Database, lines: Iterable[str]) -> int:
    """Apply an aliases file; returns how many aliases it holds."""
    entries = parse_alias_lines(lines)
    for primary, aliases in entries:
        merge_speakers(db, primary, aliases)
    return sum(len(aliases) for _, aliases in entries)
