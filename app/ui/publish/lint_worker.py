"""Runs the publish check off the GUI thread; only the newest request's findings arrive.

A post with a 10 MB body takes seconds to check, so checks run on one daemon thread,
started once (starting a thread per check made the GUI thread wait for the new thread to
get the interpreter lock: tens of milliseconds while a render was running). While a check
runs, newer requests replace the pending one; when it ends, its findings are delivered
only if no newer request was made since, so the panel never shows line numbers of text
the author has already changed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.collector import collector_paused
from app.core.library.index import Library
from app.core.post.post import Post
from app.core.post.schema import BlogProfile
from app.core.publish.findings import Finding
from app.ui.jobs import LatestWins

if TYPE_CHECKING:
    from app.core.siteimages import PostImages

__all__ = ["LintWorker"]

# A check runs for ~400 ms of pure Python on a 400 KB post. Every Python slot, override
# and callback of the GUI thread must take the interpreter lock from it, and by default
# waits up to 5 ms each time: a few of those in one event-loop pass stalled typing for
# 20-33 ms. At 1 ms the stalls during a check stay under the ones typing makes anyway.
SWITCH_INTERVAL_S = 0.001


class _Request:
    __slots__ = ("images", "library", "max_image_bytes", "now", "path", "profile", "text")

    def __init__(
        self,
        text: str,
        path: Path | None,
        profile: BlogProfile | None,
        library: Library | None,
        max_image_bytes: int,
        now: datetime | None,
        images: PostImages | None = None,
    ) -> None:
        self.images = images
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
            images=request.images,
        )
    except Exception as exc:  # keep the pipeline alive; show what happened
        message = f"the publish check failed: {type(exc).__name__}: {exc}"
        return [Finding("check-failed", "error", 1, message)]


def _check_with_collector_paused(request: _Request) -> list[Finding]:
    with collector_paused():  # its token tree is freed on return (app.ui.heap)
        return run_check(request)


class LintWorker(QObject):
    """`request(text, path, profile, library)` → `checked(generation, findings)`.

    `checked` is emitted in the GUI thread, only for the newest request
    (`LatestWins(deliver="newest")`, on its daemon thread). `busyChanged` tells whether a
    check is running or waiting (for a spinner in the panel's header).
    """

    checked = Signal(int, list)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: LatestWins[_Request, list[Finding]] = LatestWins(
            _check_with_collector_paused,
            name="postdesk-lint",
            switch_interval=SWITCH_INTERVAL_S,
            parent=self,
        )
        self._jobs.result.connect(self._on_result)
        self._jobs.busyChanged.connect(self.busyChanged)

    @property
    def generation(self) -> int:
        """The newest request's number."""
        return self._jobs.generation

    @property
    def delivered(self) -> int:
        """The generation of the findings last emitted (0 before any)."""
        return self._jobs.delivered

    def is_idle(self) -> bool:
        return self._jobs.is_idle()

    def request(
        self,
        post_text: str,
        path: Path | None,
        profile: BlogProfile | None = None,
        library: Library | None = None,
        *,
        max_image_bytes: int = 1_000_000,
        now: datetime | None = None,
        images: PostImages | None = None,
    ) -> int:
        """Queue a check of `post_text` (the whole file) as if saved at `path`; `images`:
        how its blog's generator resolves its URLs (None: from the post's folder)."""
        return self._jobs.request(
            _Request(post_text, path, profile, library, max_image_bytes, now, images)
        )

    def _on_result(self, generation: int, findings: list[Finding]) -> None:
        self.checked.emit(generation, findings)

    def shutdown(self, timeout: float = 0.5) -> None:
        """Stop delivering. A check already running is left to finish on its own (daemon
        thread, nothing written): waits at most `timeout` seconds for it."""
        self._jobs.shutdown(timeout)
