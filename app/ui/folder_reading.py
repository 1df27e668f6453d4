"""Reading the blog folder off the GUI thread: at start-up, and again whenever the
watcher loses track of the folder. Plain reading (`read_folder`) needs no Qt."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_dir
from PySide6.QtCore import QTimer

from app.core.collector import collector_paused
from app.core.index_cache import IndexCache
from app.core.library import Library, scan
from app.core.recovery import atomic_write
from app.core.schema import (
    DEFAULT_PROFILE,
    BlogProfile,
    profile_for_folder,
    profile_from_json,
    profile_to_json,
)
from app.ui.heap import freeze_heap
from app.ui.lint_worker import SWITCH_INTERVAL_S

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

log = logging.getLogger(__name__)


def _index_cache(folder: Path) -> IndexCache:
    return IndexCache.for_root(Path(user_cache_dir("postdesk")) / "index", folder)


def read_folder(folder: Path) -> tuple[Library, BlogProfile]:
    """The posts of `folder` (through the index cache) and the blog's profile. Plain
    Python, no Qt: safe on a worker thread."""
    cache = _index_cache(folder)
    try:
        library = scan(folder, cache=cache)
    except (OSError, ValueError):  # an unwritable cache must not stop the author
        library = scan(folder)
    return library, profile_for_folder(folder, library=library)


def _profile_path(folder: Path) -> Path:
    index = _index_cache(folder).path
    return index.with_name("profile-" + index.name.removeprefix("index-"))


def remembered_profile(folder: Path) -> BlogProfile | None:
    """The profile found the last time `folder` was read at start-up, if any: the
    frontmatter form's fields until the folder has been read again."""
    try:
        return profile_from_json(json.loads(_profile_path(folder).read_bytes()))
    except (OSError, ValueError):
        return None


def remember_profile(folder: Path, profile: BlogProfile) -> None:
    """Written atomically (from the worker thread: no umask juggling, no fsync)."""
    data = json.dumps(profile_to_json(profile), ensure_ascii=False).encode("utf-8")
    try:
        atomic_write(_profile_path(folder), data, durable=False)
    except OSError as exc:  # only a start-up hint: never worth an error
        log.info("cannot remember the blog profile of %s: %s", folder, exc)


FIRST_PREVIEW_WAIT_MS = 400  # at start-up, the folder is read once the post is previewed
# Posts the watcher reports that are read again on the GUI thread at once (~0.3 ms each);
# more than this (a `git pull`, an unzip) are read on the worker thread.
SYNC_UPDATE_MAX = 64
SIDEBAR_EVERY_S = 0.5  # during a burst of updates, the sidebar is rebuilt this often


class FolderReading(_Base):
    """Mixed into MainWindow: the folder's posts and profile, read on a worker thread."""

    _reading: object | None = None  # the read under way, at start-up or again (see below)
    _reread_asked = False  # a read again was asked for while one ran

    def read_folder_in_background(self) -> None:
        """Open the folder without waiting for it: the sidebar, the blog's
        profile (the frontmatter form's fields) and the term completions come once it has
        been read on a worker thread. Until then `library` is None and the form uses the
        profile found at the last start (else the default one). The watch and the read
        start once the post opened meanwhile has reached the preview."""
        assert self.folder is not None
        token = object()
        self._reading = token
        self.library = None
        self.profile = remembered_profile(self.folder) or DEFAULT_PROFILE
        self.library_panel.show_loading()
        self.refresh_git_status()
        folder = self.folder
        QTimer.singleShot(0, lambda: self._after_first_preview(token, folder))

    def _after_first_preview(self, token: object, folder: Path) -> None:
        """Wait for the post opened with the folder to reach the preview (or for
        FIRST_PREVIEW_WAIT_MS): starting the watch and reading the folder compete with
        the preview for the interpreter, and neither should delay it."""
        if self.post is None or not self.preview.isVisible():
            self._start_folder_read(token, folder)
            return
        started = False

        def start() -> None:
            nonlocal started
            if started:
                return
            started = True
            with contextlib.suppress(RuntimeError, TypeError):
                self.preview.updated.disconnect(start)
            self._start_folder_read(token, folder)

        self.preview.updated.connect(start)
        QTimer.singleShot(FIRST_PREVIEW_WAIT_MS, self, start)

    def _start_folder_read(self, token: object, folder: Path) -> None:
        if self._reading is not token:
            return
        if self.folder != folder or self.background.is_closed():  # another folder, or closing
            self._reading = None
            return
        # Watch before reading, so nothing changes unseen in between: the one worker thread
        # starts the watch (a watch added to every folder: ~450 ms for 10,000 posts) and
        # reads the folder after it.
        ticket = self.watcher.begin()

        def watching(prepared: Any, error: BaseException | None) -> None:
            if error is not None:
                self.statusBar().showMessage(f"Not watching the folder for changes: {error}", 8000)
            else:
                self.watcher.adopt(ticket, prepared)

        self.background.run(lambda: self.watcher.prepare(folder, ticket), watching)

        def failed(error: BaseException) -> tuple[Library, BlogProfile]:
            self.dialogs.error("Cannot read the folder", f"{folder}: {error}")
            return Library(folder, ()), DEFAULT_PROFILE

        self._read_off_thread(token, folder, failed)

    def reread_folder(self) -> None:
        """Read the whole folder again, off the GUI thread: the watcher lost track of it
        (a folder appeared, went or moved; the kernel dropped events). On a 10,000-post
        blog that is a quarter of a second or more, which the window used to stand still
        for. The sidebar keeps its posts, and the watcher's updates to single posts, until
        the new list is in; asks made while a read runs make one more read after it."""
        if self.folder is None or self.background.is_closed():
            return
        if self._reading is not None:
            self._reread_asked = True
            return
        self._reading = token = object()
        folder = self.folder

        def failed(error: BaseException) -> None:  # keep the list: it is only less fresh
            log.warning("cannot read %s again: %s", folder, error)
            self.statusBar().showMessage(f"Could not read the folder again: {error}", 8000)

        self._read_off_thread(token, folder, failed)

    def update_library(self, paths: list[Path]) -> None:
        """Posts the watcher reported (created, changed, deleted, moved): read them again
        into the library and the sidebar. A few at once, here; many (5,000 posts from a
        `git pull` took the window 1.3-1.8 s) on the worker thread. Reports that come
        while such a read runs wait for it, so every report is applied in order."""
        if self.library is None:
            return
        self._queued_paths = {**(self._queued_paths or {}), **dict.fromkeys(paths)}
        if self._updating is None:
            self._next_library_update()

    _updating: object | None = None  # a read of reported posts under way on the worker
    _queued_paths: dict[Path, None] | None = None  # reported posts waiting for it

    def _next_library_update(self) -> None:
        paths, self._queued_paths = list(self._queued_paths or ()), None
        base = self.library
        if not paths or base is None:
            return
        if len(paths) <= SYNC_UPDATE_MAX or self.background.is_closed():
            self._show_library_update(base.update_paths(paths))
            return
        self._updating = token = object()
        # the GUI thread takes the interpreter lock for each call Qt makes into Python
        # (the list's layout: two a row); at the default 5 ms each wait added up
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

        def read() -> Library:
            with collector_paused(keep=True):  # the new entries live on (see scan)
                return base.update_paths(paths).warm()

        def finish(result: Any, error: BaseException | None) -> None:
            if self._updating is not token:
                return
            self._updating = None
            if error is not None:
                log.warning("cannot read the changed posts of %s: %s", base.root, error)
                self.reread_folder()
            elif self.library is base:
                self._show_library_update(result)
            elif self.library is not None and self.library.root == base.root:
                # the folder was read again meanwhile: these posts go into that library
                self._queued_paths = {**dict.fromkeys(paths), **(self._queued_paths or {})}
            self._next_library_update()

        self.background.run(read, finish)

    _sidebar_shown_at = 0.0
    _sidebar_timer: QTimer | None = None

    def _show_library_update(self, library: Library) -> None:
        """The library now; the sidebar too, but at most once per SIDEBAR_EVERY_S while a
        burst of updates goes on (each rebuild of 16,000 rows costs the GUI thread
        15-40 ms, and a `git pull` makes ten of them)."""
        self.library = library
        wait = self._sidebar_shown_at + SIDEBAR_EVERY_S - time.monotonic()
        if wait <= 0:
            self._show_sidebar()
        elif self._sidebar_timer is None:
            self._sidebar_timer = timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(self._show_sidebar)
            timer.start(int(wait * 1000) + 1)
        elif not self._sidebar_timer.isActive():
            self._sidebar_timer.start(int(wait * 1000) + 1)

    def _show_sidebar(self) -> None:
        if self.library is None:
            return
        self._sidebar_shown_at = time.monotonic()
        self.library_panel.set_library(self.library)
        if self.post is not None and self.post.path is not None:
            self.library_panel.set_current_path(self.post.path)
            self.library_panel.set_dirty(self.post.path, self.is_dirty())

    def is_reading_folder(self) -> bool:
        """The folder is being read (at start-up, or again after the watcher lost track)."""
        return self._reading is not None

    def _read_off_thread(
        self,
        token: object,
        folder: Path,
        failed: Callable[[BaseException], tuple[Library, BlogProfile] | None],
    ) -> None:
        """`read_folder(folder)` on the worker thread, shown once back on this one unless
        another folder was opened meanwhile: brought up to date with the posts the watcher
        reported while it ran, and not shown again when it is what the window shows
        already. If the read fails, `failed(error)` says what to show instead, if anything.
        """
        changed: list[Path] = []  # posts the watcher reports while the read runs

        def collect(paths: list[Path]) -> None:
            changed.extend(paths)

        self.watcher.postsChanged.connect(collect)
        shown, hint = self.library, self.profile

        def read() -> tuple[Library, BlogProfile, bool]:
            library, profile = read_folder(folder)
            library.warm()
            if profile != hint:
                remember_profile(folder, profile)
            # compared here: 50-100 ms for 10,000 posts, too long for the GUI thread
            same = shown is not None and profile == hint and library.entries == shown.entries
            return library, profile, same

        def finish(result: Any, error: BaseException | None) -> None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.watcher.postsChanged.disconnect(collect)
            if self._reading is not token:
                return
            self._reading = None
            if self.folder == folder:  # else another folder was opened meanwhile
                new: tuple[Library, BlogProfile] | None = None
                if error is not None:
                    new = failed(error)
                else:
                    library, profile, same = result
                    if not (same and not changed and self.library is shown):
                        # (else the sidebar's 10,000 rows need not be built again)
                        few = len(changed) <= SYNC_UPDATE_MAX
                        new = (library.update_paths(changed) if few else library, profile)
                if new is not None:
                    self.library, self.profile = new
                    self._library_read()
                    if len(changed) > SYNC_UPDATE_MAX:  # read on the worker, as they came
                        self.update_library(changed)
            if self._reread_asked:
                self._reread_asked = False
                self.reread_folder()
            self.folderRead.emit()

        self.background.run(read, finish)

    def _library_read(self) -> None:
        assert self.library is not None
        self.library_panel.set_library(self.library)
        if self.post is not None and self.post.path is not None:
            self.library_panel.set_current_path(self.post.path)
            self.library_panel.set_dirty(self.post.path, self.is_dirty())
        if self.post is not None:
            self.frontmatter_panel.set_profile(self.profile, self._term_counts())
            self.request_lint()  # again, now with the blog's profile and posts
        self.refresh_git_status()
        freeze_heap()  # the index lives as long as the folder is open (app/ui/heap.py)
