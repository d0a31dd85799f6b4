"""A front door that refuses every request that could change something: only GET, HEAD and OPTIONS pass.

Datasette 0.65 has no write API and quotetrack defines no writable saved queries, but a plugin added
later, or a Datasette upgrade, could add one. Databases whose metadata says
`plugins: {quotetrack: {read_only: true}}` (as quotetrack's always does) refuse writes at the door.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REFUSAL = b"This quotetrack desk is read-only: only GET, HEAD and OPTIONS requests are accepted.\n"


def read_only(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so any other HTTP method gets 405 Method Not Allowed before reaching it."""

    async def guarded(
        scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ):
        if scope["type"] == "http" and scope["method"] not in READ_METHODS:
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS")]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": REFUSAL})
            return
        await app(scope, receive, send)

    return guarded
