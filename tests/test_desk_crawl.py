"""Every link of the quote desk works: a crawl of a seeded database in process, following every link,
stylesheet, script and GET form it finds within the instance, that fails on any 4xx or 5xx answer (a 404
passes only for an id the database does not hold).

Bounded so it stays well under a minute: URLs are deduplicated; a sort link is followed once per table and
column whatever its direction, format or other arguments; row pages (and their exports) at most
ROWS_PER_TABLE per table; other URLs at most SAME_SHAPE per path and set of argument names (so facet links
on facet links do not multiply) and PER_PATH per path; MAX_REQUESTS in all. The desk's own article and
speaker pages are all visited.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from desk_client import Node, parse, query

from quotetrack.desk.app import make_datasette, metadata_for

BASE = "http://localhost"
SAME_SHAPE = 1
PER_PATH = 8
ROWS_PER_TABLE = 4
MAX_REQUESTS = 2000
# Datasette's own pages under a database that are not rows of a table.
ROW_PAGE = re.compile(r"/(?P<database>[^/-][^/]*)/(?P<table>[^/.-][^/]*)/[^/]+")


def split(url: str) -> tuple[str, list[tuple[str, str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)


def shape(url: str) -> tuple[str, tuple]:
    """What makes two URLs the same kind of page for the crawl's bounds: ("row", table), ("sort", path
    and sort), or ("page", path and the names of its arguments); see the module docstring."""
    path, args = split(url)
    row = ROW_PAGE.fullmatch(path)
    if row:
        return "row", (row["database"], row["table"])
    sorts = tuple(value for name, value in args if name in ("_sort", "_sort_desc"))
    if sorts:
        return "sort", (path.rsplit(".", 1)[0], sorts)
    return "page", (path, tuple(sorted({name for name, _ in args})))


LIMITS = {"row": ROWS_PER_TABLE, "sort": 1, "page": SAME_SHAPE}


def internal(url: str) -> str | None:
    """A URL within the instance as path?query (no fragment), or None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Page:
    """Where a crawled URL was found, and what it answered."""

    url: str
    found_on: str
    status: int = 0


@dataclass
class Crawl:
    """The crawl's state: what is queued, what was seen, what answered what."""

    samples: dict[str, str]
    queue: deque[Page] = field(default_factory=deque)
    seen: set[str] = field(default_factory=set)
    shapes: Counter = field(default_factory=Counter)
    paths: Counter = field(default_factory=Counter)
    done: list[Page] = field(default_factory=list)

    def add(self, url: str, found_on: str) -> None:
        target = internal(urljoin(BASE + found_on, url))
        if target is None or target in self.seen:
            return
        key, path = shape(target), split(target)[0]
        if self.shapes[key] >= LIMITS[key[0]] or (key[0] == "page" and self.paths[path] >= PER_PATH):
            return
        self.seen.add(target)
        self.shapes[key] += 1
        self.paths[path] += 1
        self.queue.append(Page(target, found_on))

    def form_url(self, form: Node) -> str:
        """A GET form submitted as a visitor would: its values, and a sample where a text box is empty."""
        values = []
        for node in form.iter():
            name = node.attrs.get("name")
            if not name or node.tag not in ("input", "select", "textarea"):
                continue
            kind = (node.attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "checkbox", "radio"):
                continue
            value = node.attrs.get("value") or ""
            if node.tag == "select":  # the selected option, else the first, as a browser sends
                options = node.find_all("option")
                chosen = [o for o in options if "selected" in o.attrs] or options[:1]
                value = next((o.attrs.get("value", o.text()) for o in chosen), "")
            if not value and node.tag == "input" and kind in ("text", "search"):  # not a select's "all"
                value = self.samples.get(name, "said")
            values.append((name, value))
        action = form.attrs.get("action") or ""
        return f"{action.split('?')[0] or '.'}?{urlencode(values)}"

    def links(self, html: str, url: str) -> Iterator[str]:
        root = parse(html)
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for node in root.find_all(tag):
                if node.attrs.get(attribute):
                    yield node.attrs[attribute]
        for form in root.find_all("form"):
            if (form.attrs.get("method") or "get").lower() == "get":
                yield self.form_url(form)


def missing_id(db_path: Path, url: str) -> bool:
    """Whether a URL is the page of an article, speaker or row the database does not hold."""
    path = split(url)[0]
    by_id = "select 1 from {} where cast(id as text) = ?"
    patterns = {
        r"/[^/]+/-/article/([^/]+)": "select 1 from documents where id = ?",
        r"/[^/]+/-/speaker/([^/]+)": by_id.format("speakers"),
        r"/[^/]+/(documents|attributions|speakers|runs)/([^/.]+)": by_id,
    }
    for pattern, sql in patterns.items():
        match = re.fullmatch(pattern, path)
        if match:
            *table, key = match.groups()
            return not query(db_path, sql.format(*table), key)
    return False


async def crawl(db_path: Path, start: list[str], samples: dict[str, str]) -> Crawl:
    """Breadth first from `start`, with the in-process client of a Datasette as `quotetrack serve` makes."""
    ds = make_datasette(db_path)
    state = Crawl(samples)
    for url in start:
        state.add(url, "/")
    while state.queue and len(state.done) < MAX_REQUESTS:
        page = state.queue.popleft()
        response = await ds.client.get(page.url)
        page.status = response.status_code
        state.done.append(page)
        if response.is_redirect:
            state.add(response.headers["location"], page.url)
        elif response.status_code == 200 and response.headers.get("content-type", "").startswith("text/html"):
            for link in state.links(response.text, page.url):
                state.add(link, page.url)
    return state


def test_every_link_of_the_desk_answers(news_db: Path) -> None:
    name = news_db.stem
    (speaker,) = query(news_db, "select name from speakers where name = 'Antony Blinken'")
    (document_id,) = query(news_db, "select id from documents where outlet = 'Evening Star'")
    # Where a form or link needs a value, one that finds something; saved queries are also visited
    # without parameters, from their links.
    samples = {"words": "port", "speaker": speaker[0], "q": "Reyes", "_search": "port"}
    bad_ids = [f"/{name}/-/speaker/999999", f"/{name}/-/article/nope", f"/{name}/attributions/999999"]
    started = time.monotonic()
    state = asyncio.run(crawl(news_db, ["/", *bad_ids], samples))
    elapsed = time.monotonic() - started

    failures = [
        f"{page.status} {page.url} (linked from {page.found_on})"
        for page in state.done
        if page.status >= 400 and not (page.status == 404 and missing_id(news_db, page.url))
    ]
    assert failures == [], "\n".join(failures)
    visited = {page.url for page in state.done}
    statuses = {page.url: page.status for page in state.done}
    assert [statuses[url] for url in bad_ids] == [404, 404, 404]
    assert len(state.done) < MAX_REQUESTS, "the crawl hit its bound: raise it or tighten the shapes"
    paths = {split(url)[0] for url in visited}
    # It reached every kind of page: tables and their exports, sorts, facets, rows, saved queries with and
    # without parameters, the article, speaker and about pages.
    tables = ("attributions", "documents", "speakers", "runs")
    assert {f"/{name}/{table}" for table in tables} <= paths
    assert {f"/{name}/{table}.json" for table in tables} | {f"/{name}/attributions.csv"} <= paths
    assert f"/{name}/documents?_sort=id" in visited
    assert any(url.startswith(f"/{name}/attributions/") for url in visited)
    assert f"/{name}/-/article/{document_id[0]}" in paths and "/-/quotetrack" in paths
    assert any(path.startswith(f"/{name}/-/speaker/") for path in paths)
    arguments = [(split(url)[0], dict(split(url)[1])) for url in visited]
    assert any(path == f"/{name}/attributions" and "kind" in args for path, args in arguments), "no facet"
    for saved in metadata_for(news_db)["databases"][name]["queries"]:
        visits = [args for path, args in arguments if path == f"/{name}/{saved}"]
        assert visits, f"saved query {saved} never visited"
    searches = [args for path, args in arguments if path == f"/{name}/search_by_speaker"]
    assert {} in searches and {"words": "port", "speaker": speaker[0]} in searches
    print(f"{len(state.done)} requests, {len(paths)} paths in {elapsed:.1f} s")
