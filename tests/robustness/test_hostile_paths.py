"""Hostile file names and folders: bytes that are not UTF-8, malformed URLs, unreadable folders and files,
and links out of a walked folder. Each bad input is one Skipped; the rest of the batch is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from sqlite_utils import Database

from quotetrack.read.inputs import ReadOptions, expand_paths, read_sources
from quotetrack.records import Document, Skipped

ARTICLE = "Mayor Jane Okafor said the bridge would reopen in May.\n"


def reasons(items: list[Document | Skipped]) -> list[tuple[str, str]]:
    return [(item.source, item.reason) for item in items if isinstance(item, Skipped)]


def test_a_file_name_that_is_not_utf8_is_read_and_labelled_with_escapes(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as file:
        file.write(ARTICLE.encode())
    [item] = read_sources([tmp_path])
    assert isinstance(item, Document) and item.text == ARTICLE.strip()
    assert (item.source, item.label) == (f"{tmp_path}/caf\\xe9.txt", "caf\\xe9.txt")
    item.source.encode("utf-8")  # what SQLite and a terminal are given


def test_a_file_name_that_is_not_utf8_is_stored(nlp, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    with open(os.path.join(os.fsencode(tmp_path / "in"), b"caf\xe9.txt"), "wb") as file:
        file.write(ARTICLE.encode())
    db_path = tmp_path / "q.db"
    result = run_cli("ingest", str(tmp_path / "in"), "--db", str(db_path))
    assert result.stdout.startswith("1 read, 1 new")
    [row] = Database(db_path).query("select source from documents")
    assert row["source"] == f"{tmp_path}/in/caf\\xe9.txt"


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("http://[::1", "Invalid IPv6 URL"),
        ("https://[not-an-address]/x", "'not-an-address' does not appear to be an IPv4 or IPv6 address"),
    ],
)
def test_a_malformed_url_is_skipped_as_a_bad_url(tmp_path: Path, url: str, detail: str) -> None:
    listed = tmp_path / "list.urls"
    listed.write_text(f"{url}\n")
    given, in_list = read_sources([url, listed])
    assert given == in_list == Skipped(url, "bad URL", detail)


def test_a_malformed_url_does_not_stop_the_batch(nlp, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    db_path = tmp_path / "q.db"
    result = run_cli("ingest", "http://[::1", str(tmp_path / "good.txt"), "--db", str(db_path), expect=1)
    assert "skipped http://[::1: bad URL: Invalid IPv6 URL" in result.stderr.splitlines()
    assert result.stdout.startswith("2 read, 1 new")


def test_an_absurdly_long_line_in_a_url_list_is_not_a_url(tmp_path: Path) -> None:
    listed = tmp_path / "list.urls"
    listed.write_text("http://example.com/" + "a" * 10_000 + "\n")
    [item] = read_sources([listed])
    assert item == Skipped(f"{listed}:1", "bad URL", "longer than 8,192 characters")


def denying(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make listing `denied` fail as chmod 000 does for anyone but root (tests may run as root)."""
    scandir = os.scandir

    def guarded(path: object = ".") -> object:
        if os.fspath(path) == str(denied):
            raise PermissionError(13, "Permission denied", str(denied))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)


def test_an_unreadable_sub_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.txt").write_text(ARTICLE)
    (tmp_path / "open.txt").write_text(ARTICLE)
    denying(monkeypatch, tmp_path / "locked")
    locked, readable = read_sources([tmp_path])
    assert locked == Skipped(str(tmp_path / "locked"), "cannot read", "Permission denied")
    assert isinstance(readable, Document) and readable.label == "open.txt"
    assert expand_paths(expand_paths([tmp_path])) == expand_paths([tmp_path])


def test_an_unreadable_folder_named_on_the_command_line_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    denying(monkeypatch, tmp_path)
    assert list(read_sources([tmp_path])) == [Skipped(str(tmp_path), "cannot read", "Permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway; see the test above")
def test_a_chmod_000_sub_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(ARTICLE)
    (tmp_path / "locked").chmod(0)
    try:
        assert reasons(list(read_sources([tmp_path]))) == [
            (str(tmp_path / "locked"), "cannot read: Permission denied")
        ]
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_an_unreadable_file_on_the_command_line_skips_only_itself(tmp_path: Path) -> None:
    """Path.is_dir() raises for a name the system refuses to look up (too long here; for anyone but root,
    also a file in a folder without search permission), which stopped the whole batch."""
    (tmp_path / "good.txt").write_text(ARTICLE)
    unreadable = str(tmp_path / ("x" * 300 + ".txt"))
    refused, good = read_sources([unreadable, tmp_path / "good.txt"])
    assert refused == Skipped(unreadable, "cannot read", "File name too long")
    assert isinstance(good, Document)


def test_an_unreadable_file_on_the_command_line_does_not_stop_the_batch(nlp, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    unreadable = str(tmp_path / ("x" * 300 + ".txt"))
    db_path = tmp_path / "q.db"
    result = run_cli("ingest", unreadable, str(tmp_path / "good.txt"), "--db", str(db_path), expect=1)
    assert f"skipped {unreadable}: cannot read: File name too long" in result.stderr.splitlines()
    assert result.stdout.startswith("2 read, 1 new")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway; see the test above")
def test_a_chmod_000_file_on_the_command_line_skips_only_itself(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(ARTICLE)
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "locked").chmod(0o600)  # no search permission: even stat fails
    try:
        refused, good = read_sources([tmp_path / "locked" / "a.txt", tmp_path / "good.txt"])
        assert refused.reason == "cannot read: Permission denied" and isinstance(good, Document)
    finally:
        (tmp_path / "locked").chmod(0o755)


def test_links_out_of_a_walked_folder_are_skipped_but_named_ones_are_read(tmp_path: Path) -> None:
    secret = tmp_path / "private" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:The admin said the password is swordfish.\n")
    shared = tmp_path / "shared"
    (shared / "sub").mkdir(parents=True)
    (shared / "article.txt").write_text(ARTICLE)
    (shared / "sub" / "leak.txt").symlink_to(secret)
    (shared / "sub" / "etc.txt").symlink_to("/etc/passwd")
    (shared / "again.txt").symlink_to(shared / "article.txt")  # inside the folder: read
    (shared / "private").symlink_to(secret.parent)  # linked folders are not walked

    items = list(read_sources([shared]))

    assert reasons(items) == [
        (
            f"{shared}/sub/etc.txt",
            f"outside folder: links to /etc/passwd, outside {shared}; name it on the command line to read it",
        ),
        (
            f"{shared}/sub/leak.txt",
            f"outside folder: links to {secret}, outside {shared}; name it on the command line to read it",
        ),
    ]
    assert [item.label for item in items if isinstance(item, Document)] == ["again.txt", "article.txt"]
    [named] = read_sources([shared / "sub" / "leak.txt"])
    assert isinstance(named, Document) and "swordfish" in named.text


def test_links_out_of_a_walked_folder_are_not_stored(nlp, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "article.txt").write_text(ARTICLE)
    (shared / "passwd.txt").symlink_to("/etc/passwd")
    db_path = tmp_path / "q.db"
    result = run_cli("ingest", str(shared), "--db", str(db_path), expect=1)
    assert (
        f"skipped {shared}/passwd.txt: outside folder: links to /etc/passwd, outside {shared}; name it on "
        "the command line to read it" in result.stderr.splitlines()
    )
    assert [row["source"] for row in Database(db_path).query("select source from documents")] == [
        f"{shared}/article.txt"
    ]


def test_a_folder_given_as_a_link_is_walked_inside_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(ARTICLE)
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    [item] = read_sources([tmp_path / "alias"], ReadOptions())
    assert isinstance(item, Document) and item.source == f"{tmp_path}/alias/a.txt"
