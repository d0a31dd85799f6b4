"""Download web pages politely and defensively: http(s) only, HTML only, bounded in time and size.

Uses urllib so fetching needs no dependency. The opener is built by hand, without urllib's file://,
ftp:// and data: handlers, and redirects are followed only to http(s) URLs.

The timeout is a deadline for the whole fetch. urllib's own timeout applies to each socket operation,
so a server sending its headers a byte a second would never trip it: the download runs in a thread,
and when the deadline passes its sockets are shut and the fetch is given up.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from quotetrack import __version__
from quotetrack.read.documents import Unusable

WEB_SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = f"quotetrack/{__version__} (extracts attributed quotes from news articles; Python urllib)"
CHUNK_BYTES = 64 * 1024
# Browsers and servers refuse far shorter URLs; a longer line in a URL list is not a URL.
MAX_URL_CHARS = 8192


def is_url(name: str) -> bool:
    """Whether a command-line input names a URL (of any scheme) rather than a file."""
    return "://" in name


def check_scheme(url: str) -> None:
    """Refuse file://, ftp:// and anything else that is not a web page."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as error:  # "Invalid IPv6 URL" for http://[::1
        raise Unusable("bad URL", str(error)) from None
    if scheme not in WEB_SCHEMES:
        raise Unusable("unsupported URL", f"only http:// and https:// URLs are fetched, not {scheme}://")


class WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never to a non-web scheme (urllib alone would follow one to ftp://)."""

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        try:
            check_scheme(target)
        except Unusable as refused:
            raise Unusable("unsupported URL", f"redirected to {target}; {refused.detail}") from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class Connections:
    """The sockets one fetch opened, so they can be shut when its time is up."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.closed = False

    def add(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.closed:
                self.shut()

    def close(self) -> None:
        """Shut every socket: a read blocked on one returns at once, ending the download's thread."""
        with self.lock:
            self.closed = True
            self.shut()

    def shut(self) -> None:
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed already


def watched(base: type[http.client.HTTPConnection], connections: Connections) -> Any:
    """An HTTP(S) connection class that hands its socket to `connections` once connected."""

    class Watched(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            connections.add(self.sock)

    return Watched


class WatchedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connections: Connections):
        super().__init__()
        self.connections = connections

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(watched(http.client.HTTPConnection, self.connections), req)


class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connections: Connections):
        super().__init__()
        self.connections = connections

    def https_open(self, req: urllib.request.Request) -> Any:
        connection = watched(http.client.HTTPSConnection, self.connections)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


def web_opener(connections: Connections | None = None) -> urllib.request.OpenerDirector:
    """An opener that can speak only HTTP and HTTPS (proxies from the environment are honoured)."""
    connections = connections or Connections()
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        WatchedHTTPHandler(connections),
        WatchedHTTPSHandler(connections),
        urllib.request.HTTPDefaultErrorHandler(),
        WebOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


@dataclass(frozen=True)
class Page:
    """A downloaded HTML page: its bytes and the charset the server declared, if any."""

    url: str
    body: bytes
    charset: str | None


def network_reason(error: BaseException) -> str:
    """A short human description of a connection failure: `Connection refused`, `timed out`."""
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


@dataclass(frozen=True)
class Fetcher:
    """Fetch settings shared by every URL of an ingest."""

    timeout: float = 20.0  # seconds for the whole fetch: connecting, headers and body
    max_bytes: int = 10_000_000

    def fetch(self, url: str) -> Page:
        """Download one HTML page within the timeout, or raise Unusable saying why not."""
        check_scheme(url)
        connections = Connections()
        outcome: list[Page | BaseException] = []

        def download() -> None:
            try:
                outcome.append(self.download(url, connections))
            except BaseException as error:  # handed to the caller's thread, which raises it
                outcome.append(error)

        worker = threading.Thread(target=download, name=f"fetch {url[:80]}", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if not outcome:  # still waiting: give up, and unblock the thread so it ends
            connections.close()
            raise self.timed_out()
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def timed_out(self) -> Unusable:
        return Unusable("unreachable", f"timed out after {self.timeout:g} s")

    def download(self, url: str, connections: Connections) -> Page:
        """The fetch itself, run in a thread by fetch(); each socket operation has the timeout too."""
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"}
        )
        deadline = time.monotonic() + self.timeout
        try:
            with web_opener(connections).open(request, timeout=self.timeout) as response:
                content_type = response.headers.get_content_type()
                if content_type not in HTML_TYPES:
                    raise Unusable("not HTML", f"content type is {content_type}, not a web page")
                length = response.headers.get("Content-Length", "").strip()
                declared = int(length) if length.isdigit() else None
                if declared is not None and declared > self.max_bytes:
                    raise Unusable("too large", f"{declared:,} bytes; the limit is {self.max_bytes:,}")
                body = self.read_body(response, deadline)
                if declared is not None and len(body) < declared:
                    raise Unusable(
                        "incomplete response",
                        f"the connection closed after {len(body):,} of {declared:,} bytes",
                    )
                return Page(url, body, response.headers.get_content_charset())
        except urllib.error.HTTPError as error:
            error.close()
            raise Unusable("HTTP error", f"{error.code} {error.reason}") from None
        except (ValueError, http.client.InvalidURL) as error:
            raise Unusable("bad URL", str(error)) from None
        except http.client.IncompleteRead as error:  # a chunked body cut short
            raise Unusable(
                "incomplete response", f"the connection closed after {len(error.partial):,} bytes"
            ) from None
        except (OSError, http.client.HTTPException) as error:  # URLError and timeouts are OSErrors
            reason = network_reason(error)
            if reason == "timed out":
                raise self.timed_out() from None
            raise Unusable("unreachable", reason) from None

    def read_body(self, response: Any, deadline: float) -> bytes:
        """The response body, refusing more than max_bytes or a download that outlasts the timeout."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(CHUNK_BYTES):  # read1: one network read, so the deadline is seen
            size += len(chunk)
            if size > self.max_bytes:
                raise Unusable("too large", f"more than {self.max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise self.timed_out()
            chunks.append(chunk)
        return b"".join(chunks)
