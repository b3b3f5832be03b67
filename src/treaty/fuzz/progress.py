"""Progress of a long run: phase, operations done / total, requests, failures, elapsed.

The engine updates a :class:`Tracker` as events arrive; a :class:`Ticker` thread reads it
every few seconds and hands one line to the caller, whatever the engine is doing, so a run
waiting on a slow server is never silent. The caller decides how the line is shown (one
updating line on a terminal, a plain line in a CI log).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Status:
    """A snapshot of the run."""

    mode: str
    phase: str
    done: int  # operations the current phase finished
    total: int  # operations selected
    requests: int
    failures: int  # distinct failures so far
    elapsed: float

    def line(self) -> str:
        return (
            f"treaty {self.mode}: {self.phase} phase, {self.done}/{self.total} operations, "
            f"{self.requests} requests, {self.failures} failures, {self.elapsed:.0f}s"
        )


class Tracker:
    """What the run has done so far; updated from the engine's thread, read from the ticker's."""

    def __init__(self, mode: str = "fuzz") -> None:
        self.mode = mode
        self.total = 0
        self._phase = "starting"
        self._done: set[str] = set()
        self._failures = 0
        self._requests: Callable[[], int] = lambda: 0
        self._started = time.monotonic()
        self._lock = threading.Lock()

    def attach(self, total: int, requests: Callable[[], int]) -> None:
        """The run's selected operation count and its live request counter."""
        with self._lock:
            self.total = total
            self._requests = requests

    def enter(self, phase: str) -> None:
        """A new phase begins: its operations start from zero."""
        with self._lock:
            self._phase = phase
            self._done = set()

    def finished(self, operation: str, failures: int) -> None:
        """A scenario of ``operation`` finished; ``failures`` distinct failures so far."""
        with self._lock:
            self._done.add(operation)
            self._failures = failures

    def status(self) -> Status:
        with self._lock:
            return Status(
                mode=self.mode,
                phase=self._phase,
                done=min(len(self._done), self.total),
                total=self.total,
                requests=self._requests(),
                failures=self._failures,
                elapsed=time.monotonic() - self._started,
            )


class Ticker:
    """Calls ``emit`` with the tracker's line every ``every`` seconds until the block ends."""

    def __init__(self, tracker: Tracker, every: float, emit: Callable[[str], None]) -> None:
        self.tracker = tracker
        self.every = every
        self.emit = emit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="treaty-progress", daemon=True)

    def __enter__(self) -> Ticker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 1)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.emit(self.tracker.status().line())
