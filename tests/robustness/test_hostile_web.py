"""Hostile web servers and pages, on 127.0.0.1 only: headers sent a byte at a time, a body cut short, and
markup built to keep the HTML parser busy."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from pages import article_html

from quotetrack.read.documents import Unusable
from quotetrack.read.fetch import Fetcher
from quotetrack.read.html import MAX_TAG_ATTRIBUTES, MAX_TAGS, html_document
from quotetrack.read.inputs import ReadOptions, read_sources
from quotetrack.records import Skipped

Behaviour = Callable[[socket.socket], None]


def serve(behaviour: Behaviour) -> Iterator[str]:
    """A server on 127.0.0.1 that treats every connection with `behaviour`; yields its base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)  # the request
                behaviour(conn)
            except OSError:
                pass  # the client gave up: expected

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    listener.close()


def trickle_headers(conn: socket.socket) -> None:
    """Headers a byte every 0.1 s, for ever: each read is quick, the whole never ends."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Slow: yes\r\n" * 10_000
    for byte in head:
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def half_sent(conn: socket.socket) -> None:
    body = article_html().encode()
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body[: len(body) // 2]
    )


def chunked_cut(conn: socket.socket) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"1000\r\n<html><body><p>Only the start"
    )


@pytest.fixture
def trickling() -> Iterator[str]:
    yield from serve(trickle_headers)


@pytest.fixture
def cut_short() -> Iterator[str]:
    yield from serve(half_sent)


@pytest.fixture
def chunks_cut() -> Iterator[str]:
    yield from serve(chunked_cut)


def test_the_timeout_bounds_headers_sent_a_byte_at_a_time(trickling: str) -> None:
    started = time.monotonic()
    with pytest.raises(Unusable) as refused:
        Fetcher(timeout=1).fetch(f"{trickling}/page")
    assert refused.value.args == ("unreachable: timed out after 1 s",)
    assert time.monotonic() - started < 2


def test_a_trickling_url_does_not_hold_up_the_batch(trickling: str) -> None:
    options = ReadOptions(fetcher=Fetcher(timeout=0.5))
    started = time.monotonic()
    [item] = read_sources([f"{trickling}/a"], options)
    assert item == Skipped(f"{trickling}/a", "unreachable", "timed out after 0.5 s")
    assert time.monotonic() - started < 1.5


def test_a_body_shorter_than_its_content_length_is_incomplete(cut_short: str) -> None:
    [item] = read_sources([f"{cut_short}/article"])
    length = len(article_html().encode())
    assert item == Skipped(
        f"{cut_short}/article",
        "incomplete response",
        f"the connection closed after {length // 2:,} of {length:,} bytes",
    )


def test_a_chunked_body_cut_short_is_incomplete(chunks_cut: str) -> None:
    [item] = read_sources([f"{chunks_cut}/article"])
    assert item.kind == "incomplete response", item


def test_a_tag_with_900000_attributes_is_refused_quickly() -> None:
    attributes = " ".join(f"a{n}=x" for n in range(900_000))
    page = f"<html><body><div {attributes}></div>{article_html()}</body></html>".encode()
    started = time.monotonic()
    with pytest.raises(Unusable) as refused:
        html_document(page, "page.html", "page.html")
    assert refused.value.args == (
        f"too complex: an HTML tag with more than {MAX_TAG_ATTRIBUTES:,} attributes",
    )
    assert time.monotonic() - started < 5


def test_valueless_attributes_count_too() -> None:
    page = ("<div " + " ".join(f"a{n}" for n in range(MAX_TAG_ATTRIBUTES + 1)) + ">").encode()
    with pytest.raises(Unusable, match="attributes"):
        html_document(page, "page.html", "page.html")


def test_too_many_tags_are_refused_before_parsing() -> None:
    page = ("<html><body>" + "<p>word</p>" * (MAX_TAGS + 1) + "</body></html>").encode()
    started = time.monotonic()
    with pytest.raises(Unusable) as refused:
        html_document(page, "page.html", "page.html")
    assert refused.value.args == (f"too complex: more than {MAX_TAGS:,} HTML tags",)
    assert time.monotonic() - started < 2


def test_long_attribute_values_and_ordinary_pages_pass() -> None:
    path = "M 0 0 " + "L 1 2 " * 5000  # SVG path data: one attribute, many spaces
    page = article_html().replace("<body>", f'<body><svg><path d="{path}" fill="none"/></svg>').encode()
    assert html_document(page, "page.html", "page.html").title == "Harbour to reopen next week"
