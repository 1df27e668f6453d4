"""Run a blocking call (git push, an export) off the GUI thread; get the result back on it."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


class BackgroundRunner(QObject):
    """`run(fn, on_done)`: fn() runs on a worker thread, on_done(result, error) on the GUI one."""

    _finished = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postdesk-bg")
        self._running = 0
        self._closed = False
        self._finished.connect(self._deliver)

    def is_busy(self) -> bool:
        return self._running > 0

    def is_closed(self) -> bool:
        """`shutdown` was called (the window is closing): `run` does nothing any more."""
        return self._closed

    def run(
        self, fn: Callable[[], T], on_done: Callable[[T | None, BaseException | None], None]
    ) -> None:
        """`on_done(result, None)` when fn returned, `on_done(None, error)` when it raised."""
        if self._closed:
            return
        self._running += 1
        future = self._pool.submit(fn)
        future.add_done_callback(lambda f: self._finished.emit(on_done, f, None))

    def _deliver(
        self, on_done: Callable[[Any, BaseException | None], None], future: Future[Any], _x: object
    ) -> None:
        self._running -= 1
        if future.cancelled():
            return
        error = future.exception()
        on_done(None if error else future.result(), error)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
