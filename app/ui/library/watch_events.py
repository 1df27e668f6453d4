"""The watcher's side that runs on watchdog's thread: each event is classified (a post?
an ignored folder? a directory?) and added to a pending batch under a lock; the first
event of a batch wakes the GUI thread (FolderWatcher) through a queued signal.

Each reported post's `Path` is made (and hashed) here, not on the GUI thread: a `git
pull` reports thousands at once, and making, hashing and comparing them there cost the
window 4-12 ms of its own a batch, stretched to 15-55 ms while other threads wanted the
interpreter lock."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from app.core.blog import MARKDOWN_SUFFIXES, is_config_path
from app.core.files import is_skipped_name

__all__ = [
    "Batch",
    "EventHandler",
    "OverflowSpy",
    "RootHandler",
    "is_watched_name",
    "is_watched_post",
]

log = logging.getLogger(__name__)


def _ignored_rel(rel: str) -> bool:
    """Hidden (our own temp files too) or in an ignored folder: app.core.files' rule."""
    return any(map(is_skipped_name, rel.split(os.sep)))


def is_watched_name(name: str) -> bool:
    """A file name the watcher reports: Markdown any generator renders (`.mdx` too), not
    hidden. The library then keeps only what the blog publishes (`Library.update_paths`:
    app.core.files' rule in a plain folder, the generator's in a blog)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES) and not is_skipped_name(name)


def is_watched_post(root: str, path: str) -> bool:
    """True if `path` is a post file under `root` that the watcher reports: a watched
    name, in no hidden or ignored folder."""
    rel = _relative(root, path)
    if not rel:
        return False
    *folders, name = rel.split(os.sep)
    return is_watched_name(name) and not any(map(is_skipped_name, folders))


def _relative(root: str, path: str) -> str | None:
    if path == root:
        return ""
    prefix = root.rstrip(os.sep) + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else None


class Batch:
    __slots__ = ("folder_changed", "moves", "paths", "root_lost")

    def __init__(self) -> None:
        self.paths: dict[str, Path] = {}  # insertion-ordered set, with each one's Path
        self.moves: list[tuple[str, str]] = []  # renamed posts and folders, in order
        self.folder_changed = False
        self.root_lost = False

    def __bool__(self) -> bool:
        return bool(self.paths) or bool(self.moves) or self.folder_changed or self.root_lost

    def merge(self, other: Batch) -> None:
        self.paths.update(other.paths)
        self.moves.extend(other.moves)
        self.folder_changed |= other.folder_changed
        self.root_lost |= other.root_lost


class EventHandler(FileSystemEventHandler):
    """Runs on watchdog's thread: classify events, keep the set of known posts."""

    def __init__(self, root: str, wake: Callable[[], None]) -> None:
        super().__init__()
        self.root = root
        self.known: set[str] = set()
        self._wake = wake
        self._lock = threading.Lock()
        self._batch = Batch()
        self._armed = False
        self.closed = False

    def add_known(self, paths: Iterable[str]) -> None:
        with self._lock:
            self.known.update(paths)

    def take(self) -> Batch:
        with self._lock:
            batch, self._batch, self._armed = self._batch, Batch(), False
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
            if kind == "moved" and _relative(self.root, src) and self._kept(dest):
                self._batch.moves.append((src, dest))
            for path in (src, dest):
                rel = _relative(self.root, path) if path else None
                if rel and not _ignored_rel(rel):
                    self._batch.folder_changed = True
            return
        for path in (src, dest):
            rel = _relative(self.root, path) if path else None
            if rel and is_config_path(rel if os.sep == "/" else rel.replace(os.sep, "/")):
                self._batch.folder_changed = True  # the blog's settings: read it again
        if kind in ("deleted", "moved"):
            self._note(src, present=False)
        if kind == "moved":
            self._note(dest, present=True)
            if is_watched_post(self.root, src) and is_watched_post(self.root, dest):
                self._batch.moves.append((src, dest))
        elif kind != "deleted":
            self._note(src, present=True)

    def _kept(self, path: str) -> bool:
        """`path` is inside the root and not in an ignored or hidden folder."""
        rel = _relative(self.root, path)
        return not _ignored_rel(rel) if rel else False

    def _note(self, path: str, *, present: bool) -> None:
        if not is_watched_post(self.root, path):
            return
        self._report(path)
        if present:
            self.known.add(path)
        else:
            self.known.discard(path)

    def _forget_folder(self, folder: str) -> None:
        prefix = folder.rstrip(os.sep) + os.sep
        gone = [p for p in self.known if p.startswith(prefix)]
        for path in sorted(gone):
            self.known.discard(path)
            self._report(path)

    def _report(self, path: str) -> None:
        if path not in self._batch.paths:
            as_path = self._batch.paths[path] = Path(path)
            hash(as_path)  # (computed once and kept: the GUI thread puts it in dicts)


class OverflowSpy(logging.Handler):
    """watchdog only logs a kernel queue overflow (events lost, e.g. a huge checkout);
    the watchers then report a folder change so the window rescans."""

    MESSAGE = "events were lost"

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.handlers: weakref.WeakSet[EventHandler] = weakref.WeakSet()

    def emit(self, record: logging.LogRecord) -> None:
        if self.MESSAGE in record.getMessage():
            for handler in list(self.handlers):
                handler.overflowed()

    @classmethod
    def install(cls) -> OverflowSpy:
        logger = logging.getLogger("watchdog.observers.inotify_c")
        spy = next((h for h in logger.handlers if isinstance(h, cls)), None)
        if spy is None:
            spy = cls()
            logger.addHandler(spy)
        return spy


class RootHandler(FileSystemEventHandler):
    """Watches the root's parent folder (not recursively) for the root being renamed
    or deleted: inotify reports nothing inside the root for a rename of the root."""

    def __init__(self, owner: EventHandler) -> None:
        super().__init__()
        self._owner = owner

    def dispatch(self, event: FileSystemEvent) -> None:
        if (
            event.is_directory
            and event.event_type in ("deleted", "moved")
            and os.fsdecode(event.src_path) == self._owner.root
        ):
            self._owner.dispatch(event)
