"""Watch a content folder for posts changed from outside: git, other editors, sync tools.

watchdog calls back on its own thread. The handler there (app/ui/library/watch_events.py)
classifies each event (is it a post? ignored folder? a directory?) and adds it to a
pending batch under a lock; the first event of a batch wakes the GUI thread through a
queued signal. The GUI side debounces (restarted per wake-up, capped) and emits one
`postsChanged` per burst, so a `git checkout` touching 500 posts arrives as one list.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

from app.core.files import is_skipped_name
from app.ui.jobs import Ticket  # one start of a watch (begin … adopt): stop() cancels it
from app.ui.library.watch_events import (
    Batch,
    EventHandler,
    OverflowSpy,
    RootHandler,
    is_watched_name,
)

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

__all__ = ["FolderWatcher"]

log = logging.getLogger(__name__)

DEBOUNCE_MS = 100
MAX_LATENCY_MS = 400
POLL_INTERVAL_S = 1.0
HEALTH_CHECK_MS = 2000  # backstop for a root renamed with no event reaching us

ObserverFactory = Callable[[], "BaseObserver"]

# Only what changes content: without IN_OPEN / IN_CLOSE_NOWRITE / IN_ATTRIB in the inotify
# mask, our own scans (and the library's) reading every post are not an event storm
# that overflows the kernel queue.
_CONTENT_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
_ROOT_EVENTS: list[type[FileSystemEvent]] = [DirDeletedEvent, DirMovedEvent]


def _walk_posts(root: str) -> tuple[set[str], list[str]]:
    """(post files, folders) under root, by the library's rule (app.core.files)."""
    posts: set[str] = set()
    folders: list[str] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for de in entries:
            name = de.name
            if is_skipped_name(name):
                continue
            try:
                if de.is_dir(follow_symlinks=False):
                    stack.append(de.path)
                elif is_watched_name(name):
                    posts.add(de.path)
            except OSError:
                continue
    return posts, folders


def _pruned_scandir(path: str | None) -> Any:
    """os.scandir without ignored and hidden folders: the polling fallback never stats
    node_modules or .git."""
    with os.scandir(path) as it:
        return [
            de for de in it if not is_skipped_name(de.name) or not de.is_dir(follow_symlinks=False)
        ]


def _native_observer() -> BaseObserver:
    # watchdog's observers (inotify through ctypes, with subprocess: ~10 ms) load when the
    # first watch starts, after the first preview, not with the window
    from watchdog.observers import Observer

    return Observer()


def _polling_observer(interval: float) -> BaseObserver:
    from watchdog.observers.polling import PollingObserverVFS

    return PollingObserverVFS(os.stat, _pruned_scandir, polling_interval=interval)


class PreparedWatch(NamedTuple):
    """A watch started by `FolderWatcher.prepare`, to be adopted on the GUI thread."""

    root: Path
    root_id: tuple[int, int]
    handler: EventHandler
    observer: BaseObserver
    backend: str


class FolderWatcher(QObject):
    """Reports posts changed on disk under a folder, in debounced batches.

    `postsChanged(list[Path])`: absolute paths of Markdown files created, modified,
    deleted or moved (both ends of a move), ignoring `.git`, `node_modules`, `public`,
    `.cache`, hidden files and our `*.postdesk-tmp` files. `folderChanged()`: a folder
    was created, moved or deleted (a rescan hint; emitted right after `postsChanged`
    in the same flush). `postsMoved(list[tuple[Path, Path]])`: posts and folders renamed
    or moved inside the folder, (old, new) in the order they happened (emitted first in
    a flush, so a window can follow its open post before it hears the old path is gone).
    `rootLost()`: the watched folder was deleted or renamed; watching stops.
    """

    postsMoved = Signal(list)
    postsChanged = Signal(list)
    folderChanged = Signal()
    rootLost = Signal()
    _wake = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        max_latency_ms: int = MAX_LATENCY_MS,
        poll_interval: float = POLL_INTERVAL_S,
        force_polling: bool = False,
        observer_factory: ObserverFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self._debounce_ms = debounce_ms
        self._max_latency_ms = max_latency_ms
        self._poll_interval = poll_interval
        self._force_polling = force_polling
        self._observer_factory: ObserverFactory = observer_factory or _native_observer
        self._observer: BaseObserver | None = None
        self._handler: EventHandler | None = None
        self._root: Path | None = None
        self._root_id: tuple[int, int] | None = None
        self._backend: str | None = None
        self._ticket: Ticket | None = None  # the start under way (begin … adopt)
        self._pending = Batch()
        self._first_pending: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._health = QTimer(self)
        self._health.setInterval(HEALTH_CHECK_MS)
        self._health.timeout.connect(self._check_root)
        # queued: the emit happens on watchdog's thread, the slot runs on ours
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # -- public API ----------------------------------------------------------------------

    def start(self, folder: os.PathLike[str] | str) -> None:
        """Watch `folder` recursively, stopping any earlier watch. Raises OSError if the
        folder is missing or unreadable. Falls back to polling when the native watcher
        cannot cover the whole tree (inotify limits). Blocks while watches are added to
        every folder: `begin`, `prepare` on a worker thread, `adopt` do it in the
        background."""
        ticket = self.begin()
        self.adopt(ticket, self.prepare(folder, ticket))

    def begin(self) -> Ticket:
        """Stop any earlier watch; the ticket is for the one `prepare` will set up."""
        self.stop()
        _quiet_watchdog_races()
        self._ticket = ticket = Ticket()
        return ticket

    def prepare(self, folder: os.PathLike[str] | str, ticket: Ticket) -> PreparedWatch | None:
        """The slow part of a start, on any thread (no Qt object is touched): watchdog's
        observer adds a watch to every folder (~450 ms for 10,000 post folders) and the
        tree is walked for its posts. None when the watch was stopped meanwhile. Raises
        OSError if the folder is missing or unreadable."""
        root = Path(folder).resolve()
        st = os.stat(root)
        handler = EventHandler(str(root), self._wake.emit)
        observer, backend = self._start_observer(handler, str(root))
        # walk after starting, so nothing created in between is missed
        posts, folders = _walk_posts(str(root))
        if backend == "native" and (missing := _unwatched_folders(observer, folders)):
            log.warning(
                "cannot watch %d folders under %s (inotify watch limit?); polling instead",
                len(missing),
                root,
            )
            _stop_observer(observer)
            observer, backend = self._start_polling(handler, str(root)), "polling"
        handler.add_known(posts)
        if backend == "native":
            self._watch_parent(observer, handler, str(root))
        if ticket.cancelled:  # stop() came while this ran: nobody will adopt it
            handler.closed = True
            _stop_observer(observer)
            return None
        return PreparedWatch(root, (st.st_dev, st.st_ino), handler, observer, backend)

    def adopt(self, ticket: Ticket, prepared: PreparedWatch | None) -> bool:
        """Watch with what `prepare` set up (on this object's thread). False, and that
        watch stopped, if `stop` or another `begin` came in between."""
        if prepared is None:
            return False
        if ticket is not self._ticket:  # (stop and begin both cancel the one before)
            prepared.handler.closed = True
            _stop_observer(prepared.observer)
            return False
        self._ticket = None
        handler = prepared.handler
        if prepared.backend == "native":
            OverflowSpy.install().handlers.add(handler)
        self._observer, self._handler, self._backend = (
            prepared.observer, handler, prepared.backend,
        )  # fmt: skip
        self._root, self._root_id = prepared.root, prepared.root_id
        self._health.start()
        self._drain()  # what changed while it was prepared (the wake-ups found no handler)
        return True

    def stop(self) -> None:
        """Stop watching and join watchdog's threads. Pending changes are dropped.
        Safe to call twice, or without start()."""
        if self._ticket is not None:  # a watch being prepared: it is not wanted any more
            self._ticket.cancel()
            self._ticket = None
        observer, handler = self._observer, self._handler
        self._observer = self._handler = None
        self._backend = None
        self._timer.stop()
        self._health.stop()
        self._pending, self._first_pending = Batch(), None
        if handler is not None:
            handler.closed = True
        if observer is not None:
            _stop_observer(observer)

    def is_running(self) -> bool:
        return self._observer is not None

    def folder(self) -> Path | None:
        return self._root

    def backend(self) -> str | None:
        """ "native" (inotify, FSEvents, ReadDirectoryChangesW), "polling", or None."""
        return self._backend

    def flush(self) -> None:
        """Emit what is pending now instead of after the debounce."""
        self._drain(restart_timer=False)
        self._timer.stop()
        batch, self._pending, self._first_pending = self._pending, Batch(), None
        if batch.moves:
            self.postsMoved.emit([(Path(src), Path(dest)) for src, dest in batch.moves])
        if batch.paths:
            self.postsChanged.emit(list(batch.paths.values()))  # (made on watchdog's thread)
        if batch.folder_changed:
            self.folderChanged.emit()

    # -- internals -----------------------------------------------------------------------

    def _start_observer(self, handler: EventHandler, root: str) -> tuple[BaseObserver, str]:
        if not self._force_polling:
            observer = None
            try:
                observer = self._observer_factory()
                observer.schedule(handler, root, recursive=True, event_filter=_CONTENT_EVENTS)
                observer.start()
                return observer, "native"
            except OSError as exc:  # e.g. ENOSPC / EMFILE: inotify limits reached
                log.warning("cannot watch %s natively (%s); polling instead", root, exc)
            if observer is not None:
                _stop_observer(observer)
        return self._start_polling(handler, root), "polling"

    def _start_polling(self, handler: EventHandler, root: str) -> BaseObserver:
        observer = _polling_observer(self._poll_interval)
        observer.schedule(handler, root, recursive=True, event_filter=_CONTENT_EVENTS)
        observer.start()
        return observer

    @staticmethod
    def _watch_parent(observer: BaseObserver, handler: EventHandler, root: str) -> None:
        parent = os.path.dirname(root)
        if parent and parent != root:
            try:
                observer.schedule(
                    RootHandler(handler), parent, recursive=False, event_filter=_ROOT_EVENTS
                )
            except OSError as exc:  # the health check still notices, only later
                log.info("cannot watch %s for renames of the blog folder: %s", parent, exc)

    def _drain(self, restart_timer: bool = True) -> None:
        handler = self._handler
        if handler is None:
            return
        batch = handler.take()
        if not batch:
            return
        if batch.root_lost:
            self._lose_root()
            return
        self._pending.merge(batch)
        if not restart_timer:
            return
        now = time.monotonic()
        if self._first_pending is None:
            self._first_pending = now
        left_ms = self._max_latency_ms - (now - self._first_pending) * 1000
        self._timer.start(max(0, min(self._debounce_ms, int(left_ms))))

    def _check_root(self) -> None:
        root = self._root
        if root is None or self._observer is None:
            return
        try:
            st = os.stat(root)
        except OSError:
            self._lose_root()
            return
        if (st.st_dev, st.st_ino) != self._root_id:
            self._lose_root()

    def _lose_root(self) -> None:
        if self._observer is None:
            return
        log.info("the watched folder %s was deleted or renamed", self._root)
        self.stop()
        self.rootLost.emit()


def _quiet_watchdog_races() -> None:
    """watchdog 7 warns from its own thread when a new folder's watch is added twice in
    a benign race (`mkdir -p a/b`); under `-W error` that warning kills its thread.
    Called on every start() so the filter stays in front of any later-installed ones."""
    warnings.filterwarnings("ignore", message="Callback with id '", category=RuntimeWarning)


def _stop_observer(observer: BaseObserver) -> None:
    with contextlib.suppress(RuntimeError):  # RuntimeError: never started
        observer.stop()
    with contextlib.suppress(RuntimeError):
        observer.join(timeout=5)
    if observer.is_alive():
        log.warning("the file watcher's thread did not stop within 5 s")


def _unwatched_folders(observer: BaseObserver, folders: list[str]) -> list[str]:
    """Folders inotify silently failed to watch (watchdog skips a sub-folder it cannot
    add, e.g. past fs.inotify.max_user_watches). Empty when this cannot be checked."""
    watched: set[bytes] | None = None
    for emitter in list(observer.emitters):
        group = getattr(emitter, "_inotify", None)
        by_path = getattr(group, "_active_callbacks_by_path", None)
        if isinstance(by_path, dict):
            try:
                watched = (watched or set()) | set(by_path)
            except RuntimeError:  # changed under us by watchdog's thread: don't judge
                return []
    if watched is None:
        return []
    return [f for f in folders if os.fsencode(f) not in watched and os.path.isdir(f)]
