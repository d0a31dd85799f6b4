"""Keep spaCy's worker processes (`--processes N`) from outliving or out-shouting the ingest that runs them.

Ctrl-C reaches every process in the terminal's process group. Workers exit on it at once and without
a word, so the user sees the main process's one message instead of a traceback per worker. An ingest
started with SIGINT ignored (`nohup`, or `command &` in a script: the shell ignores it for background
jobs) carries on through a SIGINT, and so do its workers: were they to stop alone, the ingest would find
their pipes closed and die with EOFError instead. If the main process is killed outright (kill -9), its
workers notice within seconds and exit instead of waiting for work forever. If a worker is killed (the
out-of-memory killer, kill -9), the others are stopped within seconds and the ingest ends with
WorkerLost: spaCy would wait forever for the dead one's results, whose pipe its siblings hold open.
Applies to workers started by fork, the default on Linux.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

ORPHAN_CHECK_SECONDS = 1.0
DEATH_CHECK_SECONDS = 1.0
_supervisor: int | None = None  # pid of the process whose forks are workers; None outside the block
_interrupts_ignored = False  # whether that process ignored SIGINT when the block began
_registered = False


class WorkerLost(RuntimeError):
    """A worker process died mid-ingest (killed, out of memory): what was stored before it is complete."""


def _children() -> set[int]:
    """This process's child processes (Linux's /proc; none found elsewhere)."""
    found: set[int] = set()
    for listing in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            found.update(int(pid) for pid in listing.read_text().split())
    return found


def _died(pid: int) -> bool:
    """Whether a child ended other than by exiting 0, asked without reaping it (multiprocessing does)."""
    try:
        ended = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:  # reaped already: joined after it ended
        return False
    return ended is not None and not (ended.si_code == os.CLD_EXITED and ended.si_status == 0)


def _stop_all_when_one_dies(earlier: set[int], done: threading.Event) -> None:
    """Kill every worker once one has died, so the ingest reads the end of their pipes and stops."""
    workers: set[int] = set()
    while not done.wait(DEATH_CHECK_SECONDS):
        workers |= _children() - earlier
        if any(_died(pid) for pid in workers):
            for pid in workers & _children():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            return


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
    """Within this block, processes forked from this one behave as supervised workers; the end of their
    pipes (EOFError: one died, and the others were stopped) raises WorkerLost."""
    global _supervisor, _interrupts_ignored, _registered
    if not _registered:
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _registered = True
    _supervisor = os.getpid()
    _interrupts_ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    done = threading.Event()
    watch = threading.Thread(target=_stop_all_when_one_dies, args=(_children(), done), daemon=True)
    watch.start()
    try:
        with warnings.catch_warnings():
            # spaCy's W127, that not all workers ended well: WorkerLost says it, with what to do.
            warnings.filterwarnings("ignore", message=r"\[W127\]")
            yield
    except EOFError as error:
        raise WorkerLost(
            "a parser process was killed (out of memory?) and the others stopped with it: every document "
            "stored before is complete; run the same command to finish (with fewer --processes or a "
            "smaller --batch-size if memory ran short)"
        ) from error
    finally:
        done.set()
        watch.join()
        _supervisor = None
