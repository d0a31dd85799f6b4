"""Progress of `ingest` and `load` on stderr, per document, with rates and time left; and how long it took.

On a terminal, one line redrawn in place (at most REDRAWS_PER_SECOND times a second):

    Ingesting [#######-------------]  73/200  36%  6.1 docs/s  1,702 words/s  ETA 21 s  news.jsonl:73

Otherwise (a log, a pipe, CI), a line every LINE_SECONDS and each time another tenth of the total is done,
so a log shows the run moving without a line per document:

    Ingesting: 80/200 documents (40%), 6.1 documents/s, 1,702 words/s, ETA 20 s

Rates are those of the last WINDOW_SECONDS (documents already stored go by fast, parsing is slow), and
appear once a second of documents has been seen; without a total (stdin, very large exports) there is no
percentage or ETA. The run's summary line says how long it took, in `timing_line`.
"""

from __future__ import annotations

import shutil
import sys
from collections import deque
from typing import TextIO

from quotetrack.ingest import IngestProgress, IngestSummary

LINE_SECONDS = 10.0
REDRAWS_PER_SECOND = 10
WINDOW_SECONDS = 30.0
BAR_WIDTH = 20


def duration(seconds: float) -> str:
    """`4.2 s`, `48 s`, `3 min 05 s`, `2 h 07 min`: as precise as a person reading it needs."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def rate(value: float) -> str:
    """A per-second rate: one decimal below 100, thousands separated above."""
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def timing_line(summary: IngestSummary) -> str:
    """How long a run took and how fast it went: `done in 12 s: 16.4 documents/s, 2,950 words/s`."""
    seconds = max(summary.elapsed, 1e-9)
    return (
        f"done in {duration(summary.elapsed)}: {rate(summary.documents_read / seconds)} documents/s, "
        f"{rate(summary.words / seconds)} words/s ({summary.words:,} words stored)"
    )


class ProgressReport:
    """Call with each IngestProgress; use as a context manager, so a terminal line is cleared at the end
    (the summary that follows says it all)."""

    def __init__(self, label: str, stream: TextIO | None = None, terminal: bool | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.samples: deque[tuple[float, int, int]] = deque()  # (elapsed, documents, words)
        self.last_shown = 0.0  # elapsed at the last line or redraw
        self.tenths_shown = 0
        self.drawn = False

    def __enter__(self) -> ProgressReport:
        if self.terminal:
            self.draw(f"{self.label} ...")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __call__(self, progress: IngestProgress) -> None:
        self.samples.append((progress.elapsed, progress.documents, progress.words))
        while len(self.samples) > 2 and progress.elapsed - self.samples[1][0] >= WINDOW_SECONDS:
            self.samples.popleft()
        if self.terminal:
            if progress.elapsed - self.last_shown >= 1 / REDRAWS_PER_SECOND or progress.documents == 1:
                self.last_shown = progress.elapsed
                self.draw(self.bar(progress))
            return
        tenths = 10 * progress.documents // progress.total if progress.total else 0
        new_tenth = self.tenths_shown < tenths < 10
        if new_tenth or progress.elapsed - self.last_shown >= LINE_SECONDS:
            self.tenths_shown = max(self.tenths_shown, tenths)
            self.last_shown = progress.elapsed
            self.stream.write(self.line(progress) + "\n")
            self.stream.flush()

    def speed(self, progress: IngestProgress, documents: str) -> list[str]:
        """Documents (named `documents`) and words a second over the window, and the time left; nothing
        until the window spans a second."""
        start, documents_then, words_then = self.samples[0]
        span = progress.elapsed - start
        if span < 1:
            return []
        documents_rate = (progress.documents - documents_then) / span
        parts = [
            f"{rate(documents_rate)} {documents}/s",
            f"{rate((progress.words - words_then) / span)} words/s",
        ]
        if progress.total and documents_rate > 0:
            parts.append(f"ETA {duration(max(progress.total - progress.documents, 0) / documents_rate)}")
        return parts

    def line(self, progress: IngestProgress) -> str:
        """The line logged: counts, then rates and time left when known."""
        done, total = progress.documents, progress.total
        parts = [f"{done:,}/{total:,} documents ({100 * done // total}%)" if total else f"{done:,} documents"]
        return f"{self.label}: {', '.join(parts + self.speed(progress, 'documents'))}"

    def bar(self, progress: IngestProgress) -> str:
        """The terminal line: a bar when the total is known, counts, rates, time left, the document."""
        done, total = progress.documents, progress.total
        parts = [self.label]
        if total:
            filled = min(BAR_WIDTH, BAR_WIDTH * done // total)
            parts += ["[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]", f"{done:,}/{total:,}"]
            parts.append(f"{min(100, 100 * done // total)}%")
        else:
            parts.append(f"{done:,} documents")
        return "  ".join([*parts, *self.speed(progress, "docs"), progress.source])

    def draw(self, text: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        self.stream.write("\r" + text[:width] + "\x1b[K")
        self.stream.flush()
        self.drawn = True
