"""Keep spaCy's worker processes (`--processes N`) from outliving or out-shouting the ingest that runs them.

Ctrl-C reaches every process in the terminal's process group. Workers exit on it at once and without
a word, so the user sees the main process's one message instead of a traceback per worker. If the main
process is killed outright (kill -9), its workers notice within seconds and exit instead of waiting for
work forever. Applies to workers started by fork, the default on Linux.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator

ORPHAN_CHECK_SECONDS = 1.0
_supervisor: int | None = None  # pid of the process whose forks are workers; None outside the block
_registered = False


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _stop_quietly(signum: int, frame: object) -> None:
    # Exit status 0: stopping when asked is success, and spaCy warns about workers that exit otherwise.
    os._exit(0)


def _after_fork_in_child() -> None:
    if _supervisor is None or os.getppid() != _supervisor:
        return
    signal.signal(signal.SIGINT, _stop_quietly)
    threading.Thread(target=_exit_when_orphaned, args=(_supervisor,), daemon=True).start()


@contextlib.contextmanager
def supervised_workers() -> Iterator[None]:
    """Within this block, processes forked from this one behave as supervised workers."""
    global _supervisor, _registered
    if not _registered:
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _registered = True
    _supervisor = os.getpid()
    try:
        yield
    finally:
        _supervisor = None
