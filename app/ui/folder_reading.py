"""Reading the blog folder off the GUI thread: at start-up, and again whenever the
watcher loses track of the folder. Plain reading (`read_folder`) needs no Qt."""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_dir
from PySide6.QtCore import QTimer

from app.core.library import IndexCache, Library, scan
from app.core.recovery import atomic_write
from app.core.schema import (
    DEFAULT_PROFILE,
    BlogProfile,
    profile_for_folder,
    profile_from_json,
    profile_to_json,
)
from app.ui.heap import freeze_heap

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


class FolderReading(_Base):
    """Mixed into MainWindow: the folder's posts and profile, read on a worker thread."""

    _folder_read: object | None = None  # the start-up read under way (see below)

    def read_folder_in_background(self) -> None:
        """Open the folder without waiting for it (start-up): the sidebar, the blog's
        profile (the frontmatter form's fields) and the term completions come once it has
        been read on a worker thread. Until then `library` is None and the form uses the
        profile found at the last start (else the default one). The watch and the read
        start once the post opened meanwhile has reached the preview."""
        assert self.folder is not None
        token = object()
        self._folder_read = token
        self.library = None
        self.profile = remembered_profile(self.folder) or DEFAULT_PROFILE
        self.library_panel.show_loading()
        self.refresh_git_status()
        folder = self.folder
        QTimer.singleShot(0, lambda: self._after_first_preview(token, folder))

    def is_reading_folder(self) -> bool:
        return self._folder_read is not None

    def _after_first_preview(self, token: object, folder: Path) -> None:
        """Wait for the post opened with the folder to reach the preview (or for
        FIRST_PREVIEW_WAIT_MS): the watch's start blocks this thread for a moment and the
        read competes for the interpreter, and neither should delay the preview."""
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
        if self._folder_read is not token:
            return
        if self.folder != folder or self.background.is_closed():  # another folder, or closing
            self._folder_read = None
            return
        try:  # watch before reading, so nothing changes unseen in between
            self.watcher.start(folder)
        except OSError as exc:
            self.statusBar().showMessage(f"Not watching the folder for changes: {exc}", 8000)
        changed: list[Path] = []  # posts the watcher reports while the read runs

        def collect(paths: list[Path]) -> None:
            changed.extend(paths)

        self.watcher.postsChanged.connect(collect)

        def done(result: Any, error: BaseException | None) -> None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.watcher.postsChanged.disconnect(collect)
            if self._folder_read is not token:
                return
            self._folder_read = None
            if self.folder != folder:
                return  # another folder was opened meanwhile
            if error is not None:
                self.dialogs.error("Cannot read the folder", f"{folder}: {error}")
                result = (Library(folder, ()), DEFAULT_PROFILE)
            library, profile = result
            if self.library is None:  # else a full rescan (folderChanged) came first
                self.library = library.update_paths(changed) if changed else library
                self.profile = profile
            self._library_read()

        hint = self.profile

        def read() -> tuple[Library, BlogProfile]:
            library, profile = read_folder(folder)
            if profile != hint:
                remember_profile(folder, profile)
            return library, profile

        self.background.run(read, done)

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
