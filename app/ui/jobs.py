"""The one way the window works in the background.

`LatestWins`: requests of one kind (render this text, check this post, git status of this
folder) run one at a time on a worker thread of their own; while one runs, a newer
request replaces the one waiting, so a burst costs at most two runs. Results come back on
the GUI thread; stale ones are dropped, errors are logged and reported.

`JobRunner`: one-off jobs (read a folder, open a big post, push) run in order on one
worker thread; `run(fn, done)` returns a `Ticket`, and `ticket.cancel()` means `done` is
never called for it (another folder or post was opened meanwhile).

Both are safe after their owner is deleted: a worker that finishes then delivers nothing.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, Literal, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

__all__ = ["JobRunner", "LatestWins", "Ticket"]

log = logging.getLogger(__name__)

Req = TypeVar("Req")
Res = TypeVar("Res")
T = TypeVar("T")

Deliver = Literal["newest", "monotonic"]


class LatestWins(QObject, Generic[Req, Res]):
    """`request(req)` → `result(generation, Res)` or `failed(generation, error)`, in the
    GUI thread. `fn(req)` runs on one daemon thread, started with the first request and
    kept (starting a thread per request made the GUI thread wait for the interpreter lock).

    At most one request runs and one waits. Which results are delivered:
    - `deliver="newest"`: only the newest request's (lint: line numbers must match the
      text the author sees now);
    - `deliver="monotonic"`: any newer than the last delivered (render: the preview keeps
      moving while the author types).
    A stale result goes to `dropped(generation, Res)` (for cleaning up, e.g. a page file).
    Every error is logged; a fresh one is also emitted as `failed`. `busyChanged(bool)`
    says whether anything runs or waits. `switch_interval` (seconds), if given, lowers
    the interpreter's switch interval when the thread starts, so that a long pure-Python
    job does not keep the GUI thread waiting for the lock (see lint_worker).
    """

    result = Signal(int, object)
    failed = Signal(int, object)
    dropped = Signal(int, object)
    busyChanged = Signal(bool)
    _done = Signal(int, object, object)  # worker thread → GUI thread (queued)

    def __init__(
        self,
        fn: Callable[[Req], Res],
        *,
        name: str,
        deliver: Deliver = "newest",
        switch_interval: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._name = name
        self._deliver_rule: Deliver = deliver
        self._switch_interval = switch_interval
        self._generation = 0
        self._delivered = 0
        self._floor = 0  # results of requests up to this one are stale (`discard`)
        self._running = False
        self._pending: tuple[int, Req] | None = None
        self._queue: queue.SimpleQueue[tuple[int, Req] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._done.connect(self._deliver)
        inbox = self._queue  # (not self: the lambda must outlive the C++ object)
        self.destroyed.connect(lambda: inbox.put(None))  # the thread ends with its owner

    @property
    def generation(self) -> int:
        """The newest request's number (0 before any)."""
        return self._generation

    @property
    def delivered(self) -> int:
        """The generation of the result last delivered (0 before any)."""
        return self._delivered

    def is_idle(self) -> bool:
        """Nothing runs and nothing waits."""
        return not self._running and self._pending is None

    def request(self, req: Req) -> int:
        """Ask for `fn(req)`; returns the request's generation."""
        if self._closed:
            return self._generation
        was_idle = self.is_idle()
        self._generation += 1
        self._pending = (self._generation, req)
        if not self._running:
            self._start_pending()
        if was_idle:
            self.busyChanged.emit(True)
        return self._generation

    def discard(self) -> None:
        """Deliver nothing asked so far (the waiting request is dropped, the running one's
        result will be)."""
        self._floor = self._generation
        had_pending, self._pending = self._pending is not None, None
        if had_pending and not self._running:
            self.busyChanged.emit(False)

    def shutdown(self, timeout: float | None = None) -> None:
        """Stop delivering and end the thread; waits for a running job at most `timeout`
        seconds (None: until it ends). A job left running finishes on its own."""
        self._closed = True
        self._pending = None
        self._running = False
        thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def _start_pending(self) -> None:
        if self._pending is None or self._closed:
            return
        job, self._pending = self._pending, None
        self._running = True
        if self._thread is None:
            if self._switch_interval is not None:
                sys.setswitchinterval(min(sys.getswitchinterval(), self._switch_interval))
            self._thread = threading.Thread(target=self._serve, name=self._name, daemon=True)
            self._thread.start()
        self._queue.put(job)

    def _serve(self) -> None:
        """(worker thread) Run jobs until told to stop."""
        while (job := self._queue.get()) is not None:
            generation, req = job
            result: Res | None = None
            error: BaseException | None = None
            try:
                result = self._fn(req)
            except Exception as exc:  # the pipeline stays alive; the error is reported
                error = exc
            if self._closed:
                return
            try:
                self._done.emit(generation, result, error)
            except RuntimeError:  # the owner was deleted while the job ran
                return

    def _is_fresh(self, generation: int) -> bool:
        if generation <= self._floor:
            return False
        if self._deliver_rule == "newest":
            return generation == self._generation
        return generation > self._delivered

    def _deliver(self, generation: int, result: object, error: object) -> None:
        self._running = False
        if self._closed:
            return
        fresh = self._is_fresh(generation)
        if isinstance(error, BaseException):
            log.warning("%s: request %d failed", self._name, generation, exc_info=error)
            if fresh:
                self.failed.emit(generation, error)
        elif fresh:
            self._delivered = generation
            self.result.emit(generation, result)
        else:
            self.dropped.emit(generation, result)
        self._start_pending()
        if self.is_idle():
            self.busyChanged.emit(False)


class Ticket:
    """A job's claim to be delivered: `cancel()` and its `done` is never called."""

    __slots__ = ("_cancelled", "_finished")

    def __init__(self) -> None:
        self._cancelled = False
        self._finished = False

    def cancel(self) -> None:
        self._cancelled = True

    def finish(self) -> None:
        """(the runner calls it) Its `done` is being called."""
        self._finished = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def active(self) -> bool:
        """Not cancelled and not delivered yet."""
        return not (self._cancelled or self._finished)


class JobRunner(QObject):
    """`run(fn, done) -> Ticket`: fn() runs on the worker thread (jobs in the order they
    were given), `done(result, None)` or `done(None, error)` on the GUI thread, unless the
    ticket was cancelled. Errors are logged; `done` shows them."""

    _finished = Signal(object, object, object)  # worker thread → GUI thread (queued)
    _progressed = Signal(object, object, int, int)  # (callback, ticket, done, total)

    def __init__(self, parent: QObject | None = None, *, name: str = "postdesk-jobs") -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._running = 0
        self._closed = False
        # queued even when emitted on the GUI thread: a job can be done before run() adds
        # its callback, which then runs at once, here; `done` must still never run
        # before run() has returned the ticket its caller keeps
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    def is_busy(self) -> bool:
        return self._running > 0

    def is_closed(self) -> bool:
        """`shutdown` was called (the window is closing): `run` does nothing any more."""
        return self._closed

    def run(
        self,
        fn: Callable[[], T],
        done: Callable[[T | None, BaseException | None], None],
        ticket: Ticket | None = None,
    ) -> Ticket:
        """Run `fn` for `ticket` (a new one if None: a claim can be made before the job
        starts, e.g. while waiting for the first preview)."""
        ticket = Ticket() if ticket is None else ticket
        if self._closed:
            ticket.cancel()
            return ticket
        self._running += 1
        future = self._pool.submit(fn)
        future.add_done_callback(lambda f: self._emit(done, f, ticket))
        return ticket

    def run_reporting(
        self,
        fn: Callable[[Callable[[int, int], None]], T],
        done: Callable[[T | None, BaseException | None], None],
        progress: Callable[[int, int], None],
    ) -> Ticket:
        """As `run`, for a job that says how far it got: `fn(report)` calls
        `report(done, total)` on the worker thread; `progress(done, total)` gets it on the
        GUI thread, until the ticket is cancelled or the job is done."""
        ticket = Ticket()

        def report(count: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the owner was deleted meanwhile
                self._progressed.emit(progress, ticket, count, total)

        return self.run(lambda: fn(report), done, ticket)

    def _deliver_progress(
        self, progress: Callable[[int, int], None], ticket: Ticket, count: int, total: int
    ) -> None:
        if ticket.active:
            progress(count, total)

    def _emit(self, done: Callable[..., None], future: Future[Any], ticket: Ticket) -> None:
        try:
            self._finished.emit(done, future, ticket)
        except RuntimeError:  # the owner was deleted while the job ran
            pass

    def _deliver(self, done: Callable[..., None], future: Future[Any], ticket: Ticket) -> None:
        self._running -= 1
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.warning("background job failed", exc_info=error)
        if ticket.cancelled:
            return
        ticket.finish()
        done(None if error else future.result(), error)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
