"""Keep spaCy's worker processes (`--processes N`) from outliving or out-shouting the ingest that runs them.

Ctrl-C reaches every process in the terminal's process group. Workers exit on it at once and without
a word, so the user sees the main process's one message instead of a traceback per worker. An ingest
started with SIGINT ignored (`nohup`, or `command &` in a script: the shell ignores it for background
jobs) carries on through a SIGINT, and so do its workers: were they to stop alone, the ingest would find
their pipes closed and die with EOFError instead. If the main process is killed outright (kill -9), its
workers notice within seconds and exit instead of waiting for work forever. Applies to workers started
by fork, the default on Linux.
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
_interrupts_ignored = False  # whether that process ignored SIGINT when the block began
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
    # Not what the fork inherited: the main thread may have been holding Ctrl-C over a commit just then.
    signal.signal(signal.SIGINT, signal.SIG_IGN if _interrupts_ignored else _stop_quietly)
    threading.Thread(target=_exit_when_orphaned, args=(_supervisor,), daemon=True).start()


@contextlib.contextmanager
def supervised_workers() -> Iterator[None]:
    """Within this block, processes forked from this one behave as supervised workers."""
    global _supervisor, _interrupts_ignored, _registered
    if not _registered:
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _registered = True
    _supervisor = os.getpid()
    _interrupts_ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    try:
        yield
    finally:
        _supervisor = None
