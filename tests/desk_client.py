"""Helpers for the quote desk tests: fetch pages in process, and read them as a small element tree."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import httpx

from quotetrack.desk.app import make_datasette

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def query(db_path: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    """Rows straight from the database file (closed afterwards), to compare pages with."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def copy_with_document_fields(source: Path, target: Path, fields: dict[str, dict[str, str]]) -> Path:
    """A copy of a database with documents' metadata set by title: {title: {"outlet": "...", ...}}.

    Columns the database predates (ingest fills url, outlet, published... in current ones) are added.
    """
    shutil.copy(source, target)
    with contextlib.closing(sqlite3.connect(target)) as conn, conn:
        existing = {row[1] for row in conn.execute("pragma table_info(documents)")}
        for column in {name for values in fields.values() for name in values} - existing:
            conn.execute(f"alter table documents add column {column} text")
        for title, values in fields.items():
            assignments = ", ".join(f"{name} = ?" for name in values)
            conn.execute(f"update documents set {assignments} where title = ?", [*values.values(), title])
    return target


def fetch(db_path: Path, *paths: str, mode: str = "live") -> list[httpx.Response]:
    """GET each path from one fresh Datasette over db_path, through its in-process client."""

    async def run() -> list[httpx.Response]:
        ds = make_datasette(db_path, mode)
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(run())


@dataclass
class Node:
    """An HTML element: enough of a DOM to find elements and read their text."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """All text inside, unescaped, as a browser would show it (without layout)."""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self) -> Iterator[Node]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        """Elements with this tag and/or CSS class."""
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in (node.attrs.get("class") or "").split())
        ]

    def by_id(self, element_id: str) -> Node:
        """The element with this id (there must be one)."""
        found = [node for node in self.iter() if node.attrs.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements with id {element_id}"
        return found[0]


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if any(node.tag == tag for node in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The page as a tree of Nodes."""
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def marked(root: Node, role: str) -> dict[int, str]:
    """Text highlighted in each role per attribution id: {1: "the quote", ...}, from data-<role> ids."""
    found: dict[int, str] = {}
    for mark in root.find_all("mark", cls=f"qt-{role}"):
        for number in (mark.attrs.get(f"data-{role}") or "").split():
            found[int(number)] = found.get(int(number), "") + mark.text()
    return found
