"""The open blog folder: its posts (the library) and profile, read off the GUI thread, and
kept in step with the disk by the watcher. `FolderSession` is the only writer of
`folder`, `library` and `profile`; the window shows them when it says so."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.blog.model import Blog
from app.core.collector import collector_paused
from app.core.library.index import Library
from app.core.post.schema import DEFAULT_PROFILE, BlogProfile
from app.core.render.flavor import DEFAULT, Flavor
from app.ui.jobs import Ticket
from app.ui.library.reading import read_folder, remember_profile, remembered_profile, watch_root
from app.ui.library.watcher import FolderWatcher, PreparedWatch
from app.ui.publish.lint_worker import SWITCH_INTERVAL_S

if TYPE_CHECKING:
    from app.ui.dialogs import Dialogs
    from app.ui.jobs import JobRunner

log = logging.getLogger(__name__)

# Posts the watcher reports that are read again on the GUI thread at once (~0.3 ms each);
# more than this (a `git pull`, an unzip) are read on the worker thread.
SYNC_UPDATE_MAX = 64
# ... and only in a blog of up to this many posts: the whole library is built again
# around the posts read (~7 ms per 1,000 posts, over 100 ms for 16,000).
SYNC_LIBRARY_MAX = 2_000
SIDEBAR_EVERY_S = 0.5  # during a burst of updates, the sidebar is rebuilt this often
# ... and the worker starts a read of reported posts at most this often: each read
# builds the whole library again (100-150 ms of the interpreter for 16,000 posts, which
# the GUI thread then waits for), and a `git pull` reported in 100-400 ms pieces made
# 20-30 of them.
READ_EVERY_S = 0.5


def read_here(posts: int, reported: int) -> bool:
    """Whether `reported` posts are read again into a library of `posts` on the GUI
    thread (else on the worker)."""
    return reported <= SYNC_UPDATE_MAX and posts <= SYNC_LIBRARY_MAX


def load_blog(folder: Path) -> Blog:
    """The blog `folder` is in (app.core.blog.load_blog, imported when first needed: its
    config readers are not needed before the window's first paint)."""
    from app.core.blog import load_blog as load

    return load(folder)


def read_flavor(blog: Blog) -> Flavor:
    """How `blog` parses Markdown (app.core.publish.differs.blog_flavor, imported when first
    needed: it reads the blog's configuration)."""
    if blog.generator is None:
        return DEFAULT
    from app.core.publish.differs import blog_flavor

    return blog_flavor(blog)


def with_schema(profile: BlogProfile, blog: Blog) -> BlogProfile:
    """The form's profile following what the site declares (an Astro collection's schema,
    Docusaurus authors and tags, 11ty directory data); imported when first needed."""
    from app.core.blog.schemas import apply_schema, read_schema

    return apply_schema(profile, read_schema(blog))


class FolderSession(QObject):
    folderOpened = Signal(object)  # the folder now open (its posts may still be read)
    loading = Signal()  # its posts are being read: the sidebar says so
    libraryRead = Signal()  # the whole folder was read: library and profile are new
    libraryUpdated = Signal()  # some posts were read again: the sidebar follows
    folderRead = Signal()  # a read of the folder ended, whether it changed anything or not
    postsChangedOnDisk = Signal(list)  # paths the watcher reported
    postsMovedOnDisk = Signal(list)  # (old, new) pairs the watcher reported
    folderChangedOnDisk = Signal()  # something changed that the watcher could not pin down
    rootLost = Signal()  # the folder itself was moved or deleted
    message = Signal(str, int)

    def __init__(
        self,
        jobs: JobRunner,
        dialogs: Dialogs,
        defer_read: Callable[[Callable[[], None]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.dialogs = dialogs
        self.defer_read = defer_read  # "after the first preview" at start-up
        self.folder: Path | None = None
        self.library: Library | None = None
        self.profile: BlogProfile = DEFAULT_PROFILE
        # which generator builds the blog and what it publishes: read with the folder
        # (until then, the folder itself with no generator)
        self.blog: Blog = Blog(root=Path())
        self._flavor: tuple[Blog, Flavor] | None = None  # the blog's, read with it
        self.watcher = FolderWatcher(self)
        self._reading: Ticket | None = None  # the read under way, at start-up or again
        self._reread_asked = False  # a read again was asked for while one ran
        self._updating: Ticket | None = None  # a read of reported posts under way
        self._changed_while_reading: list[Path] | None = None  # reported during a read
        self._queued_paths: dict[Path, None] | None = None  # reported posts waiting for it
        self._posts_batch_seen = False
        self._sidebar_shown_at = 0.0
        self._sidebar_timer: QTimer | None = None
        self._read_started_at = -float("inf")  # (time.monotonic) a reported read last began
        self._read_timer: QTimer | None = None
        self.watcher.postsMoved.connect(self.postsMovedOnDisk)
        self.watcher.postsChanged.connect(self._on_posts_changed)
        self.watcher.postsChanged.connect(self._note_changed_while_reading)
        self.watcher.folderChanged.connect(self._on_folder_changed)
        self.watcher.rootLost.connect(self.rootLost)

    def shutdown(self) -> None:
        self.watcher.stop()

    def flavor(self) -> Flavor:
        """How the open blog parses and dresses Markdown (read with the blog, off the GUI
        thread; the default until the blog is read)."""
        if self._flavor is None or self._flavor[0] is not self.blog:
            self._flavor = (self.blog, read_flavor(self.blog))
        return self._flavor[1]

    # -- opening --------------------------------------------------------------------------

    def open(self, folder: Path, *, read_later: bool = False) -> None:
        """Open `folder` (the caller checked it is one, and closed the post). With
        `read_later` its posts are read on a worker thread and the sidebar fills in
        afterwards (see `read_in_background`)."""
        self.watcher.stop()
        self.folder = folder
        if read_later:
            # its generator and configuration now (a few files, 1-10 ms): the post opened
            # next is rendered the way the blog publishes it from its first preview on
            self.blog = load_blog(folder)
            self.read_in_background()
        else:
            blog = load_blog(folder)
            try:  # watch before scanning, so nothing changes unseen in between
                self.watcher.start(watch_root(folder, blog))
            except OSError as exc:
                self.message.emit(f"Not watching the folder for changes: {exc}", 8000)
            self.library, self.profile = read_folder(folder, blog)
            self.profile = with_schema(self.profile, blog)
            self.blog = blog
            self._flavor = (blog, read_flavor(blog))
            self.libraryRead.emit()
        self.folderOpened.emit(folder)

    def read_in_background(self) -> None:
        """Open the folder without waiting for it: the sidebar, the blog's profile (the
        frontmatter form's fields) and the term completions come once it has been read on
        a worker thread. Until then `library` is None and the form uses the profile found
        at the last start (else the default one). The watch and the read start once the
        post opened meanwhile has reached the preview (`defer_read`)."""
        assert self.folder is not None
        if self._reading is not None:  # (a read of the folder open before)
            self._reading.cancel()
        self._reading = token = Ticket()
        self.library = None
        self.profile = remembered_profile(self.folder) or DEFAULT_PROFILE
        self.loading.emit()
        folder = self.folder
        QTimer.singleShot(0, lambda: self.defer_read(lambda: self._start_read(token, folder)))

    def _start_read(self, token: Ticket, folder: Path) -> None:
        if token.cancelled:
            return
        if self.folder != folder or self.jobs.is_closed():  # another folder, or closing
            self._reading = None
            return
        # Watch before reading, so nothing changes unseen in between: the one worker thread
        # starts the watch (a watch added to every folder: ~450 ms for 10,000 posts) and
        # reads the folder after it.
        ticket = self.watcher.begin()
        blog = self.blog  # read as the folder opened (`open`): for the watch and the read

        def prepare() -> PreparedWatch | None:
            return self.watcher.prepare(watch_root(folder, blog), ticket)

        def watching(prepared: PreparedWatch | None, error: BaseException | None) -> None:
            if error is not None:
                self.message.emit(f"Not watching the folder for changes: {error}", 8000)
            else:
                self.watcher.adopt(ticket, prepared)

        self.jobs.run(prepare, watching)

        def failed(error: BaseException) -> tuple[Library, BlogProfile]:
            self.dialogs.error("Cannot read the folder", f"{folder}: {error}")
            return Library(folder, ()), DEFAULT_PROFILE

        self._read_off_thread(token, folder, failed, blog)

    def is_reading(self) -> bool:
        """The folder is being read (at start-up, or again after the watcher lost track)."""
        return self._reading is not None

    def reread(self) -> None:
        """Read the whole folder again, off the GUI thread: the watcher lost track of it
        (a folder appeared, went or moved; the kernel dropped events). On a 10,000-post
        blog that is a quarter of a second or more, which the window used to stand still
        for. The sidebar keeps its posts, and the watcher's updates to single posts, until
        the new list is in; asks made while a read runs make one more read after it."""
        if self.folder is None or self.jobs.is_closed():
            return
        if self._reading is not None:
            self._reread_asked = True
            return
        self._reading = token = Ticket()
        folder = self.folder

        def failed(error: BaseException) -> None:  # keep the list: it is only less fresh
            log.warning("cannot read %s again: %s", folder, error)
            self.message.emit(f"Could not read the folder again: {error}", 8000)

        self._read_off_thread(token, folder, failed)

    # -- what the watcher reports ---------------------------------------------------------

    def _on_posts_changed(self, paths: list[Path]) -> None:
        if self.library is None:
            return
        # a folderChanged from the same batch needs no full rescan: these paths cover it
        self._posts_batch_seen = True
        QTimer.singleShot(0, self._end_posts_batch)
        self.update_library(paths)
        self.postsChangedOnDisk.emit(paths)

    def _end_posts_batch(self) -> None:
        self._posts_batch_seen = False

    def _on_folder_changed(self) -> None:
        if not self._posts_batch_seen:  # e.g. the kernel's event queue overflowed
            self.reread()
        self.folderChangedOnDisk.emit()

    def touch(self, paths: list[Path]) -> None:
        """Files the author created, renamed or removed from the window: read them again
        now, so the sidebar lists them before the watcher says so."""
        if self.library is not None:
            self.library = self.library.update_paths(paths)
            self._sidebar_shown_at = time.monotonic()
            self.libraryUpdated.emit()

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

    def _next_library_update(self) -> None:
        base = self.library
        if not self._queued_paths or base is None:
            self._queued_paths = None
            return
        if read_here(len(base), len(self._queued_paths)) or self.jobs.is_closed():
            paths, self._queued_paths = list(self._queued_paths), None
            self._show_library_update(base.update_paths(paths))
            return
        wait = self._read_started_at + READ_EVERY_S - time.monotonic()
        if wait > 0:  # what is reported meanwhile is read in the same go
            if self._read_timer is None:
                self._read_timer = QTimer(self)
                self._read_timer.setSingleShot(True)
                self._read_timer.timeout.connect(self._read_when_due)
            if not self._read_timer.isActive():
                self._read_timer.start(int(wait * 1000) + 1)
            return
        paths, self._queued_paths = list(self._queued_paths), None
        self._read_started_at = time.monotonic()
        # the GUI thread takes the interpreter lock for each call Qt makes into Python
        # (each slot, each painted row); at the default 5 ms each wait added up
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

        def read() -> Library:
            with collector_paused(keep=True):  # the new entries live on (see scan)
                return base.update_paths(paths).warm()

        def finish(result: Library | None, error: BaseException | None) -> None:
            self._updating = None
            if error is not None:
                log.warning("cannot read the changed posts of %s: %s", base.root, error)
                self.reread()
            elif self.library is base and result is not None:
                self._show_library_update(result)
            elif self.library is not None and self.library.root == base.root:
                # the folder was read again meanwhile: these posts go into that library
                self._queued_paths = {**dict.fromkeys(paths), **(self._queued_paths or {})}
            self._next_library_update()

        self._updating = self.jobs.run(read, finish)

    def _read_when_due(self) -> None:
        if self._updating is None:
            self._next_library_update()

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
        self.libraryUpdated.emit()

    # -- reading off the GUI thread -------------------------------------------------------

    def _note_changed_while_reading(self, paths: list[Path]) -> None:
        if self._changed_while_reading is not None:
            self._changed_while_reading.extend(paths)

    def _read_off_thread(
        self,
        token: Ticket,
        folder: Path,
        failed: Callable[[BaseException], tuple[Library, BlogProfile] | None],
        blog: Blog | None = None,
    ) -> None:
        """`read_folder(folder)` on the worker thread, shown once back on this one unless
        another folder was opened meanwhile: brought up to date with the posts the watcher
        reported while it ran, and not shown again when it is what the window shows
        already. If the read fails, `failed(error)` says what to show instead, if anything.
        """
        changed: list[Path] = []  # posts the watcher reports while the read runs
        self._changed_while_reading = changed  # (a read made stale collects no more)
        shown, hint = self.library, self.profile

        def read() -> tuple[Library, BlogProfile, bool, Blog, Flavor]:
            # (read again for a read again: its config may have changed)
            read_blog = blog if blog is not None else load_blog(folder)
            library, profile = read_folder(folder, read_blog)
            profile = with_schema(profile, read_blog)  # the fields the site declares
            library.warm()
            if profile != hint:
                remember_profile(folder, profile)
            # compared here: 50-100 ms for 10,000 posts, too long for the GUI thread
            same = shown is not None and profile == hint and library.entries == shown.entries
            return library, profile, same, read_blog, read_flavor(read_blog)

        def finish(
            result: tuple[Library, BlogProfile, bool, Blog, Flavor] | None,
            error: BaseException | None,
        ) -> None:
            if self._changed_while_reading is changed:
                self._changed_while_reading = None
            self._reading = None  # (a cancelled ticket never gets here)
            if self.folder == folder:  # else another folder was opened meanwhile
                new: tuple[Library, BlogProfile] | None = None
                later = len(changed) > SYNC_UPDATE_MAX  # read on the worker, as they came
                if error is not None:
                    new = failed(error)
                elif result is not None:
                    library, profile, same, self.blog, flavor = result
                    self._flavor = (self.blog, flavor)
                    if not (same and not changed and self.library is shown):
                        # (else the sidebar's 10,000 rows need not be built again)
                        later = bool(changed) and not read_here(len(library), len(changed))
                        new = (library if later else library.update_paths(changed), profile)
                if new is not None:
                    self.library, self.profile = new
                    self.libraryRead.emit()
                    if later:
                        self.update_library(changed)
            if self._reread_asked:
                self._reread_asked = False
                self.reread()
            self.folderRead.emit()

        self.jobs.run(read, finish, token)
