"""Error pages for URLs no route matches: a 404, not a crash, when `rich` is installed.

Datasette 0.65 answers such a URL by passing a NotFound it never raised to its exception handler,
which, with `rich` installed, asks rich to print the traceback of the exception being handled. Outside
an `except` block there is none, rich raises, and the visitor gets a 500. Each handler's response is
therefore made with the exception raised, so Datasette's own 404 page is what the visitor gets.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from datasette.utils import await_me_maybe


async def while_raised(exception: BaseException, response: Any) -> Any:
    """A handle_exception result (a response, awaitable or callable), made inside `except exception`."""
    try:
        raise exception
    except type(exception):
        return await await_me_maybe(response)


def raise_unraised(exception: BaseException) -> Generator[None, list[Any], list[Any]]:
    """Wrapper of the handle_exception hook: responses to an exception never raised are made raised."""
    responses = yield
    if exception.__traceback__ is not None:
        return responses
    return [while_raised(exception, response) for response in responses]
