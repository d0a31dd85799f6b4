"""Killing an ingest part-way (kill -9, Ctrl-C) leaves a consistent database, readable by Datasette while it
is written, and running the same command again finishes the job without duplicates."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

from quotetrack.desk.app import make_datasette

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals and /proc as on Linux")

ARTICLES = 60
QUOTE_SQL = """
select documents.source, content, content_start, content_end, speaker_mention
from attributions join documents on documents.id = attributions.document_id
order by documents.source, content_start
"""


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of small, distinct articles, each with a quote."""
    folder = tmp_path_factory.mktemp("articles")
    for n in range(ARTICLES):
        (folder / f"{n:03d}.txt").write_text(
            f"Bulletin {n}\n\n“Route {n} will reopen within {n + 2} days,” said transport chief Ana Lopes. "
            f"Drivers said the detour added {n % 9 + 1} minutes to each trip.\n"
        )
    return folder


@pytest.fixture(scope="module")
def reference(articles: Path, tmp_path_factory: pytest.TempPathFactory, nlp) -> list[tuple]:
    """The attributions one uninterrupted ingest stores."""
    db_path = tmp_path_factory.mktemp("reference") / "q.db"
    run_cli("ingest", str(articles), "--db", str(db_path))
    with sqlite3.connect(db_path) as conn:
        return conn.execute(QUOTE_SQL).fetchall()


def start_ingest(articles: Path, db_path: Path, *options: str, ctrl_c: bool = True) -> subprocess.Popen:
    """`python -m quotetrack ingest` in its own process group, as a terminal would run it: with Ctrl-C
    (SIGINT) on, whatever this test run inherited (a suite started as a background job, `... &` in a
    script, or under nohup, ignores SIGINT, and so would its children); `ctrl_c=False` starts it that way.

    A Python handler is reset to the default by exec, SIG_IGN is kept: the child gets one or the other."""
    command = [sys.executable, "-m", "quotetrack", "ingest", str(articles), "--db", str(db_path), *options]
    previous = signal.signal(signal.SIGINT, signal.default_int_handler if ctrl_c else signal.SIG_IGN)
    try:
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def stored_documents(db_path: Path) -> int:
    """Documents committed so far, read the way another program would while the ingest writes."""
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for_documents(process: subprocess.Popen, db_path: Path, count: int) -> int:
    """Block until at least `count` documents are committed; the ingest must still be running then."""
    deadline = time.monotonic() + 60
    while (stored := stored_documents(db_path)) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)
    assert process.poll() is None, "ingest finished before it could be interrupted"
    return stored


def children(pid: int) -> list[int]:
    """Processes whose parent is pid (spaCy's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while any(Path(f"/proc/{pid}").exists() for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def check_consistent(db_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    return conn


def check_finished(db_path: Path, articles: Path, reference: list[tuple], stored_before: int) -> None:
    """Running the same command again stores exactly what is missing, once."""
    result = run_cli("ingest", str(articles), "--db", str(db_path))
    new = ARTICLES - stored_before
    assert result.stdout.startswith(f"{ARTICLES} read, {new} new, 0 updated, {stored_before} already stored")
    conn = check_consistent(db_path)
    assert conn.execute("select count(*), count(distinct source) from documents").fetchone() == (60, 60)
    assert conn.execute(QUOTE_SQL).fetchall() == reference


def test_kill_9_midway_then_the_same_command_finishes_without_duplicates(
    articles: Path, reference: list[tuple], tmp_path: Path
) -> None:
    db_path = tmp_path / "q.db"
    process = start_ingest(articles, db_path, "--batch-size", "2")
    wait_for_documents(process, db_path, 10)

    async def read_while_writing() -> list[dict]:
        response = await make_datasette(db_path, "live").client.get("/q/documents.json?_shape=array")
        assert response.status_code == 200
        return response.json()

    assert len(asyncio.run(read_while_writing())) >= 10  # Datasette reads during the ingest
    process.send_signal(signal.SIGKILL)
    process.wait()

    conn = check_consistent(db_path)
    stored = conn.execute("select count(*) from documents").fetchone()[0]
    assert 10 <= stored < ARTICLES
    # Every stored document is complete: each has its attributions.
    bare = "select count(*) from documents where id not in (select document_id from attributions)"
    assert conn.execute(bare).fetchone()[0] == 0
    assert conn.execute("select finished_at from runs").fetchall() == [(None,)]  # the run never finished
    check_finished(db_path, articles, reference, stored)


def test_ctrl_c_with_worker_processes_stops_cleanly(
    articles: Path, reference: list[tuple], tmp_path: Path
) -> None:
    db_path = tmp_path / "q.db"
    process = start_ingest(articles, db_path, "--batch-size", "2", "--processes", "2")
    wait_for_documents(process, db_path, 4)
    workers = children(process.pid)
    assert len(workers) >= 2

    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    stdout, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr  # the message says where a stray Ctrl-C escaped
    assert "Traceback" not in stderr and "Warning" not in stderr
    assert stderr.splitlines()[-1] == (
        "interrupted: what is counted above is stored; run the same command to finish"
    )
    stored = int(stdout.split(" new, ")[0].split(", ")[-1])
    assert gone(workers, within=5)
    assert check_consistent(db_path).execute("select count(*) from documents").fetchone()[0] == stored
    check_finished(db_path, articles, reference, stored)


def test_an_ingest_started_with_ctrl_c_ignored_finishes_workers_and_all(
    articles: Path, reference: list[tuple], tmp_path: Path
) -> None:
    """Under nohup, or as a background job of a script, SIGINT is ignored: the ingest and its workers
    carry on through one (its workers once stopped alone, and the ingest died of their closed pipes:
    EOFError, click's `Aborted!`, exit 1)."""
    db_path = tmp_path / "q.db"
    process = start_ingest(articles, db_path, "--batch-size", "2", "--processes", "2", ctrl_c=False)
    wait_for_documents(process, db_path, 4)
    workers = children(process.pid)
    assert len(workers) >= 2
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stdout.startswith(f"{ARTICLES} read, {ARTICLES} new, 0 updated, 0 already stored, 0 skipped")
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert check_consistent(db_path).execute(QUOTE_SQL).fetchall() == reference


def test_a_killed_worker_stops_the_ingest_with_a_message_instead_of_a_hang(
    articles: Path, reference: list[tuple], tmp_path: Path
) -> None:
    """The out-of-memory killer, or kill -9, takes one worker: spaCy waited forever for its results
    (its sibling holds its pipe open). The others are stopped, and the ingest says what happened."""
    db_path = tmp_path / "q.db"
    process = start_ingest(articles, db_path, "--batch-size", "2", "--processes", "2")
    wait_for_documents(process, db_path, 4)
    workers = children(process.pid)
    assert len(workers) >= 2
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and "Warning" not in stderr
    assert stderr.splitlines()[-1].startswith("Error: a parser process was killed (out of memory?)")
    assert stdout == ""
    assert gone(workers, within=5)
    stored = check_consistent(db_path).execute("select count(*) from documents").fetchone()[0]
    check_finished(db_path, articles, reference, stored)


def test_workers_exit_when_the_ingest_is_killed(articles: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    process = start_ingest(articles, db_path, "--batch-size", "2", "--processes", "2")
    wait_for_documents(process, db_path, 2)
    workers = children(process.pid)
    assert len(workers) >= 2
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert gone(workers, within=10)
    check_consistent(db_path)
