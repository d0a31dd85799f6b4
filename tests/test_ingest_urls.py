"""Fetching articles from URLs, against a real HTTP server on 127.0.0.1 run in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import run_cli
from pages import BODY, MENU_PAGE, article_html
from sqlite_utils import Database

from quotetrack.read.documents import Unusable
from quotetrack.read.fetch import USER_AGENT, Fetcher

UPDATED_BODY = (*BODY, "“We are ahead of schedule,” the harbour master said on Thursday.")
BIG_BYTES = 10_000_001


class Site(BaseHTTPRequestHandler):
    """Routes for every case: an article, redirects, errors, the wrong content, too big, too slow."""

    pages: dict[str, str] = {}  # path -> HTML, changeable by tests
    user_agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        Site.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path in Site.pages:
            self.reply(200, "text/html; charset=utf-8", Site.pages[self.path].encode())
        elif self.path == "/legacy":  # Central European: read as Windows-1252 it would say "£ódŸ"
            html = article_html(body=("“Trams will run again,” said the mayor of Łódź on Monday. " * 3,))
            self.reply(200, "text/html; charset=windows-1250", html.encode("cp1250"))
        elif self.path == "/moved":
            self.reply(301, "text/html", b"", location="/article")
        elif self.path == "/to-file":
            self.reply(302, "text/html", b"", location="file:///etc/passwd")
        elif self.path == "/report.pdf":
            self.reply(200, "application/pdf", b"%PDF-1.4")
        elif self.path == "/huge":
            self.reply(200, "text/html", b" " * BIG_BYTES)
        elif self.path == "/endless":  # no Content-Length: only counting the bytes can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 5000)
        elif self.path == "/slow":
            time.sleep(2)
            self.reply(200, "text/html", MENU_PAGE.encode())
        else:
            self.reply(404, "text/html", b"<h1>Not found</h1>")

    def reply(self, status: int, content_type: str, body: bytes, location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pytest output should show test results, not access logs."""


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up early (the size limit, the timeout) are expected here, not errors."""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """Base URL of the test site, e.g. http://127.0.0.1:54321."""
    Site.pages.update({"/article": article_html(), "/login": MENU_PAGE})
    server = QuietServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_url_article_is_stored_with_metadata_and_a_polite_user_agent(nlp, site: str, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    result = run_cli("ingest", f"{site}/article", f"{site}/moved", "--db", str(db_path))
    # The redirect leads to the same article: stored once.
    assert result.stdout.startswith("2 read, 1 new, 0 updated, 1 already stored, 0 skipped")
    [row] = Database(db_path).query("select * from documents")
    assert row["source"] == row["url"] == f"{site}/article"
    assert (row["title"], row["author"], row["outlet"], row["published"]) == (
        "Harbour to reopen next week",
        "Maria Lind",
        "The Coastal Times",
        "2024-11-13",
    )
    assert row["text"] == "\n".join(BODY)
    assert Site.user_agents[-1] == USER_AGENT and USER_AGENT.startswith("quotetrack/")


def test_declared_charset_is_used(nlp, site: str, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    run_cli("ingest", f"{site}/legacy", "--db", str(db_path))
    [row] = Database(db_path).query("select text from documents")
    assert "the mayor of Łódź on Monday" in row["text"]


def test_a_url_list_reports_every_failure_and_stores_the_rest(nlp, site: str, tmp_path: Path) -> None:
    port = closed_port()
    urls = tmp_path / "reading.urls"
    urls.write_text(
        "# morning reading\n\n"
        f"{site}/article\n{site}/missing\n{site}/report.pdf\n{site}/huge\n{site}/login\n"
        f"{site}/to-file\nhttp://127.0.0.1:{port}/down\nnews.example/no-scheme\n{site}/slow\n"
    )
    db_path = tmp_path / "q.db"

    result = run_cli("ingest", str(urls), "--db", str(db_path), "--timeout", "0.5", expect=1)

    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        f"skipped {site}/missing: HTTP error: 404 Not Found",
        f"skipped {site}/report.pdf: not HTML: content type is application/pdf, not a web page",
        f"skipped {site}/huge: too large: 10,000,001 bytes; the limit is 10,000,000",
        f"skipped {site}/login: no article: no article text found (4 words outside menus and boilerplate)",
        f"skipped {site}/to-file: unsupported URL: redirected to file:///etc/passwd; only http:// and "
        "https:// URLs are fetched, not file://",
        f"skipped http://127.0.0.1:{port}/down: unreachable: Connection refused",
        f"skipped {urls}:10: bad URL: 'news.example/no-scheme' is not an http(s) URL",
        f"skipped {site}/slow: unreachable: timed out after 0.5 s",
    ]
    assert "Traceback" not in result.output
    assert result.stdout.startswith("9 read, 1 new, 0 updated, 0 already stored, 8 skipped (")
    assert [row["url"] for row in Database(db_path).query("select url from documents")] == [f"{site}/article"]


def test_a_txt_list_of_urls_needs_format_urls(nlp, site: str, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site}/article\n")
    db_path = tmp_path / "q.db"
    run_cli("ingest", str(urls), "--db", str(db_path), "--format", "urls")
    assert [row["url"] for row in Database(db_path).query("select url from documents")] == [f"{site}/article"]


def test_other_schemes_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is swordfish, said the admin.")
    db_path = tmp_path / "q.db"
    result = run_cli("ingest", secret.as_uri(), "ftp://127.0.0.1/x", "--db", str(db_path), expect=1)
    assert result.stderr.splitlines()[-2:] == [
        f"skipped {secret.as_uri()}: unsupported URL: only http:// and https:// URLs are fetched, not file://",
        "skipped ftp://127.0.0.1/x: unsupported URL: only http:// and https:// URLs are fetched, not ftp://",
    ]
    assert Database(db_path)["documents"].count == 0


def test_body_without_length_is_cut_off_at_the_limit(site: str) -> None:
    with pytest.raises(Unusable) as refused:
        Fetcher(max_bytes=1000).fetch(f"{site}/endless")
    assert refused.value.args == ("too large: more than 1,000 bytes",)


def test_changed_article_at_the_same_url_replaces_the_old_version(nlp, site: str, tmp_path: Path) -> None:
    db_path = tmp_path / "q.db"
    Site.pages["/live"] = article_html()
    run_cli("ingest", f"{site}/live", "--db", str(db_path))
    Site.pages["/live"] = article_html(body=UPDATED_BODY)

    result = run_cli("ingest", f"{site}/live", "--db", str(db_path))

    assert result.stdout.startswith("1 read, 0 new, 1 updated, 0 already stored")
    db = Database(db_path)
    [row] = db.query("select id, text from documents")
    assert row["text"] == "\n".join(UPDATED_BODY)
    ids = {r["document_id"] for r in db.query("select distinct document_id from attributions")}
    assert ids == {row["id"]}
    again = run_cli("ingest", f"{site}/live", "--db", str(db_path))
    assert again.stdout.startswith("1 read, 0 new, 0 updated, 1 already stored")
