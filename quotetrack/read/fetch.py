"""Download web pages politely and defensively: http(s) only, HTML only, bounded in time and size.

Uses urllib so fetching needs no dependency. The opener is built by hand, without urllib's file://,
ftp:// and data: handlers, and redirects are followed only to http(s) URLs.
"""

from __future__ import annotations

import http.client
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


def is_url(name: str) -> bool:
    """Whether a command-line input names a URL (of any scheme) rather than a file."""
    return "://" in name


def check_scheme(url: str) -> None:
    """Refuse file://, ftp:// and anything else that is not a web page."""
    scheme = urlsplit(url).scheme.lower()
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


def web_opener() -> urllib.request.OpenerDirector:
    """An opener that can speak only HTTP and HTTPS (proxies from the environment are honoured)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
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

    timeout: float = 20.0  # seconds, for connecting and for the whole download
    max_bytes: int = 10_000_000

    def fetch(self, url: str) -> Page:
        """Download one HTML page, or raise Unusable saying why not."""
        check_scheme(url)
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9"}
        )
        deadline = time.monotonic() + self.timeout
        try:
            with web_opener().open(request, timeout=self.timeout) as response:
                content_type = response.headers.get_content_type()
                if content_type not in HTML_TYPES:
                    raise Unusable("not HTML", f"content type is {content_type}, not a web page")
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise Unusable("too large", f"{int(length):,} bytes; the limit is {self.max_bytes:,}")
                body = self.read_body(response, deadline)
                return Page(url, body, response.headers.get_content_charset())
        except urllib.error.HTTPError as error:
            error.close()
            raise Unusable("HTTP error", f"{error.code} {error.reason}") from None
        except (ValueError, http.client.InvalidURL) as error:
            raise Unusable("bad URL", str(error)) from None
        except (OSError, http.client.HTTPException) as error:  # URLError and timeouts are OSErrors
            raise Unusable("unreachable", network_reason(error)) from None

    def read_body(self, response: Any, deadline: float) -> bytes:
        """The response body, refusing more than max_bytes or a download that outlasts the timeout."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(CHUNK_BYTES):  # read1: one network read, so the deadline is seen
            size += len(chunk)
            if size > self.max_bytes:
                raise Unusable("too large", f"more than {self.max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise Unusable("unreachable", f"download took longer than {self.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)
