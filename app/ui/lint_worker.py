"""Runs the publish check off the GUI thread; only the newest request's findings arrive.

A post with a 10 MB body takes seconds to check, so checks run on one daemon thread,
started once (starting a thread per check made the GUI thread wait for the new thread to
get the interpreter lock: tens of milliseconds while a render was running). While a check
runs, newer requests replace the pending one; when it ends, its findings are delivered
only if no newer request was made since, so the panel never shows line numbers of text
the author has already changed.
"""

from __future__ import annotations

import queue
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.collector import collector_paused
from app.core.library.index import Library
from app.core.post.post import Post
from app.core.post.schema import BlogProfile
from app.core.publish.findings import Finding

__all__ = ["LintWorker"]

# A check runs for ~400 ms of pure Python on a 400 KB post. Every Python slot, override
# and callback of the GUI thread must take the interpreter lock from it, and by default
# waits up to 5 ms each time: a few of those in one event-loop pass stalled typing for
# 20-33 ms. At 1 ms the stalls during a check stay under the ones typing makes anyway.
SWITCH_INTERVAL_S = 0.001


class _Request:
    __slots__ = ("generation", "library", "max_image_bytes", "now", "path", "profile", "text")

    def __init__(
        self,
        generation: int,
        text: str,
        path: Path | None,
        profile: BlogProfile | None,
        library: Library | None,
        max_image_bytes: int,
        now: datetime | None,
    ) -> None:
        self.generation = generation
        self.text = text
        self.path = path
        self.profile = profile
        self.library = library
        self.max_image_bytes = max_image_bytes
        self.now = now


def run_check(request: _Request) -> list[Finding]:
    """The check itself (worker thread). A crash in a rule becomes one finding."""
    from app.core.publish.lint import check_post  # imported here, on the thread, after first paint

    try:
        post = Post(request.text, path=request.path)
        return check_post(
            post,
            profile=request.profile,
            library=request.library,
            max_image_bytes=request.max_image_bytes,
            now=request.now,
        )
    except Exception as exc:  # keep the pipeline alive; show what happened
        message = f"the publish check failed: {type(exc).__name__}: {exc}"
        return [Finding("check-failed", "error", 1, message)]


class LintWorker(QObject):
    """`request(text, path, profile, library)` → `checked(generation, findings)`.

    `checked` is emitted in the GUI thread, only for the newest request. `busyChanged`
    tells whether a check is running or waiting (for a spinner in the panel's header).
    """

    checked = Signal(int, list)
    busyChanged = Signal(bool)
    _done = Signal(int, list)  # worker thread → GUI thread (queued)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._delivered = 0
        self._running: _Request | None = None
        self._pending: _Request | None = None
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._done.connect(self._deliver)

    @property
    def generation(self) -> int:
        """The newest request's number."""
        return self._generation

    @property
    def delivered(self) -> int:
        """The generation of the findings last emitted (0 before any)."""
        return self._delivered

    def is_idle(self) -> bool:
        return self._running is None and self._pending is None

    def request(
        self,
        post_text: str,
        path: Path | None,
        profile: BlogProfile | None = None,
        library: Library | None = None,
        *,
        max_image_bytes: int = 1_000_000,
        now: datetime | None = None,
    ) -> int:
        """Queue a check of `post_text` (the whole file) as if saved at `path`."""
        if self._closed:
            return self._generation
        was_idle = self.is_idle()
        self._generation += 1
        self._pending = _Request(
            self._generation, post_text, path, profile, library, max_image_bytes, now
        )
        if self._running is None:
            self._start_pending()
        if was_idle:
            self.busyChanged.emit(True)
        return self._generation

    def _start_pending(self) -> None:
        if self._pending is None or self._closed:
            return
        request, self._pending = self._pending, None
        self._running = request
        if self._thread is None:
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
            self._thread = threading.Thread(target=self._serve, name="postdesk-lint", daemon=True)
            self._thread.start()
        self._queue.put(request)

    def _serve(self) -> None:
        while (request := self._queue.get()) is not None:
            with collector_paused():  # its token tree is freed on return (app.ui.heap)
                findings = run_check(request)
            if self._closed:
                return
            try:
                self._done.emit(request.generation, findings)
            except RuntimeError:  # the worker was deleted while the check ran
                return

    def _deliver(self, generation: int, findings: list[Any]) -> None:
        self._running = None
        if self._closed:
            return
        if generation == self._generation and generation > self._delivered:
            self._delivered = generation
            self.checked.emit(generation, findings)
        self._start_pending()
        if self.is_idle():
            self.busyChanged.emit(False)

    def shutdown(self, timeout: float = 0.5) -> None:
        """Stop delivering. A check already running is left to finish on its own (daemon
        thread, nothing written): waits at most `timeout` seconds for it."""
        self._closed = True
        self._pending = None
        self._running = None
        thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)
