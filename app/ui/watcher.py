"""Watch a content folder for posts changed from outside: git, other editors, sync tools.

watchdog calls back on its own thread. The handler there classifies each event (is it
a post? ignored folder? a directory?) and adds it to a pending batch under a lock; the
first event of a batch wakes the GUI thread through a queued signal. The GUI side
debounces (restarted per wake-up, capped) and emits one `postsChanged` per burst, so a
`git checkout` touching 500 posts arrives as one list.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

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
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from app.core.library import IGNORED_DIRS

__all__ = ["TEMP_SUFFIX", "FolderWatcher", "is_watched_post"]

log = logging.getLogger(__name__)

TEMP_SUFFIX = ".postdesk-tmp"  # our own atomic-save temp files
POST_SUFFIXES = (".md", ".markdown")
DEBOUNCE_MS = 100
MAX_LATENCY_MS = 400
POLL_INTERVAL_S = 1.0
HEALTH_CHECK_MS = 2000  # backstop for a root renamed with no event reaching us

ObserverFactory = Callable[[], BaseObserver]

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


def _ignored_rel(rel: str) -> bool:
    parts = rel.split(os.sep)
    if any(p.startswith(".") or p in IGNORED_DIRS for p in parts):
        return True
    return parts[-1].endswith(TEMP_SUFFIX)


def is_watched_post(root: str, path: str) -> bool:
    """True if `path` is a Markdown file under `root` that the watcher reports."""
    rel = _relative(root, path)
    return bool(rel) and not _ignored_rel(rel) and rel.lower().endswith(POST_SUFFIXES)


def _relative(root: str, path: str) -> str | None:
    if path == root:
        return ""
    prefix = root.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else None


def _walk_posts(root: str) -> tuple[set[str], list[str]]:
    """(post files, folders) under root, skipping ignored and hidden folders."""
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
            if name.startswith(".") or name.endswith(TEMP_SUFFIX):
                continue
            try:
                if de.is_dir(follow_symlinks=False):
                    if name not in IGNORED_DIRS:
                        stack.append(de.path)
                elif name.lower().endswith(POST_SUFFIXES):
                    posts.add(de.path)
            except OSError:
                continue
    return posts, folders


def _pruned_scandir(path: str | None) -> Any:
    """os.scandir without ignored and hidden folders: the polling fallback never stats
    node_modules or .git."""
    with os.scandir(path) as it:
        return [
            de
            for de in it
            if not (de.name.startswith(".") or de.name in IGNORED_DIRS)
            or not de.is_dir(follow_symlinks=False)
        ]


def _polling_observer(interval: float) -> BaseObserver:
    return PollingObserverVFS(os.stat, _pruned_scandir, polling_interval=interval)


class _Batch:
    __slots__ = ("folder_changed", "paths", "root_lost")

    def __init__(self) -> None:
        self.paths: dict[str, None] = {}  # insertion-ordered set
        self.folder_changed = False
        self.root_lost = False

    def __bool__(self) -> bool:
        return bool(self.paths) or self.folder_changed or self.root_lost

    def merge(self, other: _Batch) -> None:
        self.paths.update(other.paths)
        self.folder_changed |= other.folder_changed
        self.root_lost |= other.root_lost


class _Handler(FileSystemEventHandler):
    """Runs on watchdog's thread: classify events, keep the set of known posts."""

    def __init__(self, root: str, wake: Callable[[], None]) -> None:
        super().__init__()
        self.root = root
        self.known: set[str] = set()
        self._wake = wake
        self._lock = threading.Lock()
        self._batch = _Batch()
        self._armed = False
        self.closed = False

    def add_known(self, paths: Iterable[str]) -> None:
        with self._lock:
            self.known.update(paths)

    def take(self) -> _Batch:
        with self._lock:
            batch, self._batch, self._armed = self._batch, _Batch(), False
        return batch

    def overflowed(self) -> None:
        """Events were lost: tell the window to rescan."""
        with self._lock:
            wake = not self._armed
            self._batch.folder_changed = True
            self._armed = True
        if wake and not self.closed:
            with contextlib.suppress(RuntimeError):
                self._wake()

    def dispatch(self, event: FileSystemEvent) -> None:
        if self.closed or event.event_type in ("opened", "closed_no_write", "attrib"):
            return
        try:
            with self._lock:
                before = bool(self._batch)
                self._classify(event)
                wake = bool(self._batch) and not before and not self._armed
                self._armed |= wake
        except Exception:  # a bug here must not kill watchdog's thread
            log.exception("file watcher could not handle %r", event)
            return
        if wake:
            try:
                self._wake()
            except RuntimeError:  # the QObject is gone (window closed without stop())
                self.closed = True

    def _classify(self, event: FileSystemEvent) -> None:
        src = os.fsdecode(event.src_path)
        kind = event.event_type
        dest = os.fsdecode(event.dest_path) if kind == "moved" else ""
        if event.is_directory:
            if kind == "modified":
                return
            if src == self.root and kind in ("deleted", "moved"):
                self._batch.root_lost = True
                return
            if kind in ("deleted", "moved"):
                self._forget_folder(src)
            for path in (src, dest):
                rel = _relative(self.root, path) if path else None
                if rel and not _ignored_rel(rel):
                    self._batch.folder_changed = True
            return
        if kind in ("deleted", "moved"):
            self._note(src, present=False)
        if kind == "moved":
            self._note(dest, present=True)
        elif kind != "deleted":
            self._note(src, present=True)

    def _note(self, path: str, *, present: bool) -> None:
        if not is_watched_post(self.root, path):
            return
        self._batch.paths[path] = None
        if present:
            self.known.add(path)
        else:
            self.known.discard(path)

    def _forget_folder(self, folder: str) -> None:
        prefix = folder.rstrip(os.sep) + os.sep
        gone = [p for p in self.known if p.startswith(prefix)]
        for path in sorted(gone):
            self.known.discard(path)
            self._batch.paths[path] = None


class _OverflowSpy(logging.Handler):
    """watchdog only logs a kernel queue overflow (events lost, e.g. a huge checkout);
    the watchers then report a folder change so the window rescans."""

    MESSAGE = "events were lost"

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.handlers: weakref.WeakSet[_Handler] = weakref.WeakSet()

    def emit(self, record: logging.LogRecord) -> None:
        if self.MESSAGE in record.getMessage():
            for handler in list(self.handlers):
                handler.overflowed()

    @classmethod
    def install(cls) -> _OverflowSpy:
        logger = logging.getLogger("watchdog.observers.inotify_c")
        spy = next((h for h in logger.handlers if isinstance(h, cls)), None)
        if spy is None:
            spy = cls()
            logger.addHandler(spy)
        return spy


class _RootHandler(FileSystemEventHandler):
    """Watches the root's parent folder (not recursively) for the root being renamed
    or deleted: inotify reports nothing inside the root for a rename of the root."""

    def __init__(self, owner: _Handler) -> None:
        super().__init__()
        self._owner = owner

    def dispatch(self, event: FileSystemEvent) -> None:
        if (
            event.is_directory
            and event.event_type in ("deleted", "moved")
            and os.fsdecode(event.src_path) == self._owner.root
        ):
            self._owner.dispatch(event)


class FolderWatcher(QObject):
    """Reports posts changed on disk under a folder, in debounced batches.

    `postsChanged(list[Path])`: absolute paths of Markdown files created, modified,
    deleted or moved (both ends of a move), ignoring `.git`, `node_modules`, `public`,
    `.cache`, hidden files and our `*.postdesk-tmp` files. `folderChanged()`: a folder
    was created, moved or deleted (a rescan hint; emitted right after `postsChanged`
    in the same flush). `rootLost()`: the watched folder was deleted or renamed;
    watching stops.
    """

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
        self._observer_factory: ObserverFactory = observer_factory or Observer
        self._observer: BaseObserver | None = None
        self._handler: _Handler | None = None
        self._root: Path | None = None
        self._root_id: tuple[int, int] | None = None
        self._backend: str | None = None
        self._pending = _Batch()
        self._first_pending: float | None = None
        self._timer = QTimer(self, singleShot=True, timeout=self.flush)
        self._health = QTimer(self, interval=HEALTH_CHECK_MS, timeout=self._check_root)
        # queued: the emit happens on watchdog's thread, the slot runs on ours
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # -- public API ----------------------------------------------------------------------

    def start(self, folder: os.PathLike[str] | str) -> None:
        """Watch `folder` recursively, stopping any earlier watch. Raises OSError if the
        folder is missing or unreadable. Falls back to polling when the native watcher
        cannot cover the whole tree (inotify limits)."""
        self.stop()
        _quiet_watchdog_races()
        root = Path(folder).resolve()
        st = os.stat(root)
        handler = _Handler(str(root), self._wake.emit)
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
            _OverflowSpy.install().handlers.add(handler)
        self._observer, self._handler, self._backend = observer, handler, backend
        self._root, self._root_id = root, (st.st_dev, st.st_ino)
        self._health.start()

    def stop(self) -> None:
        """Stop watching and join watchdog's threads. Pending changes are dropped.
        Safe to call twice, or without start()."""
        observer, handler = self._observer, self._handler
        self._observer = self._handler = None
        self._backend = None
        self._timer.stop()
        self._health.stop()
        self._pending, self._first_pending = _Batch(), None
        if handler is not None:
            handler.closed = True
        if observer is not None:
            _stop_observer(observer)

    def is_running(self) -> bool:
        return self._observer is not None

    def folder(self) -> Path | None:
        return self._root

    def backend(self) -> str | None:
        """"native" (inotify, FSEvents, ReadDirectoryChangesW), "polling", or None."""
        return self._backend

    def flush(self) -> None:
        """Emit what is pending now instead of after the debounce."""
        self._drain(restart_timer=False)
        self._timer.stop()
        batch, self._pending, self._first_pending = self._pending, _Batch(), None
        if batch.paths:
            self.postsChanged.emit([Path(p) for p in batch.paths])
        if batch.folder_changed:
            self.folderChanged.emit()

    # -- internals -----------------------------------------------------------------------

    def _start_observer(self, handler: _Handler, root: str) -> tuple[BaseObserver, str]:
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

    def _start_polling(self, handler: _Handler, root: str) -> BaseObserver:
        observer = _polling_observer(self._poll_interval)
        observer.schedule(handler, root, recursive=True, event_filter=_CONTENT_EVENTS)
        observer.start()
        return observer

    @staticmethod
    def _watch_parent(observer: BaseObserver, handler: _Handler, root: str) -> None:
        parent = os.path.dirname(root)
        if parent and parent != root:
            try:
                observer.schedule(
                    _RootHandler(handler), parent, recursive=False, event_filter=_ROOT_EVENTS
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
