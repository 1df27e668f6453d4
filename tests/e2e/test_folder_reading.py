"""The window reads a blog folder on a worker thread: when the author opens one from the
window, and again when the watcher loses track of it (a folder appeared, went or moved;
the kernel dropped events). While it is read again the sidebar keeps its posts, and a read
that finds nothing new changes nothing on screen. (The start-up read: test_startup.py.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.blog import Blog
from app.core.library.index import Library
from app.core.post.schema import BlogProfile
from app.ui.library import folder_session
from app.ui.library import reading as folder_reading
from app.ui.library.panel import READING
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs

TIMEOUT_MS = 10_000

Read = Callable[[Path, Blog | None], tuple[Library, BlogProfile]]


class GatedRead:
    """Stands in for read_folder: records each read's thread, holds it until released."""

    def __init__(self, real: Read) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, folder: Path, blog: Blog | None = None) -> tuple[Library, BlogProfile]:
        if threading.current_thread() is threading.main_thread():
            # open_folder() without read_later (the tests' set-up) reads right here; a read
            # the window should have made off this thread never sets `entered`
            return self.real(folder, blog)
        self.threads.append(threading.current_thread())
        self.entered.set()
        assert self.release.wait(10)
        return self.real(folder, blog)


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> GatedRead:
    gate = GatedRead(folder_reading.read_folder)
    monkeypatch.setattr(folder_session, "read_folder", gate)
    return gate


def wait_read(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.is_reading_folder(), timeout=TIMEOUT_MS)


def posts_in(blog: Path) -> int:
    return sum(1 for _ in blog.rglob("index.md"))


@pytest.mark.parametrize("how", ["Open Folder…", "recent folder", "welcome page"])
def test_a_folder_opened_from_the_window_opens_at_once_and_is_read_off_the_gui_thread(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    fixture_blog: Path,
    gated: GatedRead,
    dialogs: ScriptedDialogs,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    open_blog(window, qtbot, fixture_blog)  # another folder first (and a recent one after)
    window.settings.prefs.remember_folder(str(demo_blog.resolve()))
    window._rebuild_recent_menu()
    if how == "Open Folder…":
        monkeypatch.setattr(dialogs, "choose_folder", lambda start="": demo_blog)
        window.actions_by_id["file.open_folder"].trigger()
    elif how == "recent folder":
        recent = {a.text(): a for a in window.recent_menu.actions()}
        recent[str(demo_blog.resolve())].trigger()
    else:
        window.empty_state.recentFolderRequested.emit(demo_blog)
    assert window.folder == demo_blog.resolve()  # at once: the window did not wait
    assert window.library is None and window.library_panel.empty_message() == READING
    qtbot.waitUntil(gated.entered.is_set, timeout=TIMEOUT_MS)
    assert gated.threads and threading.main_thread() not in gated.threads
    gated.release.set()
    wait_read(window, qtbot)
    assert len(window.library_panel.visible_paths()) == posts_in(demo_blog)
    assert window.watcher.folder() == demo_blog.resolve()


def test_the_folder_is_read_again_off_the_gui_thread_and_the_sidebar_keeps_its_posts(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, gated: GatedRead
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    before = window.library_panel.visible_paths()
    assert len(before) > 3
    unseen = demo_blog / "unseen" / "index.md"  # as if the watcher had missed it
    unseen.parent.mkdir()
    unseen.write_text("---\ntitle: Unseen post\ndate: 2031-01-01\n---\n\nHello\n")
    window.watcher.folderChanged.emit()
    qtbot.waitUntil(gated.entered.is_set, timeout=TIMEOUT_MS)
    assert window.is_reading_folder()
    assert window.library_panel.visible_paths() == before  # the window goes on meanwhile
    assert window.editor.isEnabled() and window.post is not None
    window.watcher.folderChanged.emit()  # asked again during the read: one more read after
    window.watcher.folderChanged.emit()
    gated.release.set()
    wait_read(window, qtbot)
    assert len(gated.threads) == 2
    assert threading.main_thread() not in gated.threads
    assert window.library is not None and window.library.by_path(unseen) is not None
    assert unseen.resolve() in window.library_panel.visible_paths()
    assert window.library_panel.current_path() == (demo_blog / "jeju-trip" / "index.md").resolve()


def test_posts_changed_during_the_read_again_are_kept(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, gated: GatedRead
) -> None:
    open_blog(window, qtbot, demo_blog)
    stale = gated.real(demo_blog.resolve())  # read before the late post exists

    def read_stale(folder: Path) -> tuple[Library, BlogProfile]:
        return stale

    gated.real = read_stale
    window.watcher.folderChanged.emit()
    qtbot.waitUntil(gated.entered.is_set, timeout=TIMEOUT_MS)
    late = demo_blog / "late-post" / "index.md"
    late.parent.mkdir()
    late.write_text("---\ntitle: Late post\ndate: 2031-01-02\n---\n\nHi\n")
    window.watcher.postsChanged.emit([late.resolve()])  # as the watcher reports it
    assert late.resolve() in window.library_panel.visible_paths()
    gated.release.set()
    wait_read(window, qtbot)
    assert window.library is not None and window.library.by_path(late) is not None
    assert late.resolve() in window.library_panel.visible_paths()


def test_a_read_again_that_finds_nothing_new_leaves_the_sidebar_alone(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    shown = window.library
    filled: list[Library] = []
    monkeypatch.setattr(window.library_panel, "set_library", filled.append)
    # a folder without posts: the watcher rereads (wait for the read's end, not for its
    # "reading" state, which can come and go between two polls)
    with qtbot.waitSignal(window.folderRead, timeout=TIMEOUT_MS):
        (demo_blog / "drafts-to-come").mkdir()
    wait_read(window, qtbot)
    assert window.library is shown and filled == []


def test_a_read_again_that_fails_keeps_the_sidebar_and_says_so(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    shown, paths = window.library, window.library_panel.visible_paths()

    def broken(folder: Path, blog: Blog | None = None) -> tuple[Library, BlogProfile]:
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(folder_session, "read_folder", broken)
    window.watcher.folderChanged.emit()
    wait_read(window, qtbot)
    assert "Could not read the folder again" in window.statusBar().currentMessage()
    assert "Permission denied" in window.statusBar().currentMessage()
    assert window.library is shown and window.library_panel.visible_paths() == paths


def test_many_posts_reported_at_once_are_read_off_the_gui_thread_in_order(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 5,000 posts from a `git pull` were read on the GUI thread: the window stood still
    # for seconds. Here more than SYNC_UPDATE_MAX posts stand for them.
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    window.watcher.stop()  # only the reports this test makes
    monkeypatch.setattr(folder_session, "SYNC_UPDATE_MAX", 2)
    threads: list[threading.Thread] = []
    read, release = threading.Event(), threading.Event()
    real_update = Library.update_paths

    def gated_update(library: Library, paths: list[Path]) -> Library:
        updated = real_update(library, paths)
        threads.append(threading.current_thread())
        if threads[-1] is not threading.main_thread():
            read.set()
            assert release.wait(10)
        return updated

    monkeypatch.setattr(Library, "update_paths", gated_update)
    new = []
    for n in range(5):
        path = demo_blog / f"pulled-{n}" / "index.md"
        path.parent.mkdir()
        path.write_text(f"---\ntitle: Pulled {n}\ndate: 2031-01-0{n + 1}\n---\n\nHi\n")
        new.append(path.resolve())
    window.watcher.postsChanged.emit(new)  # as the watcher reports a burst
    qtbot.waitUntil(read.is_set, timeout=TIMEOUT_MS)
    assert not set(new) & set(window.library_panel.visible_paths())  # still being read
    new[0].unlink()  # a report that comes meanwhile is applied after it, not before
    window.watcher.postsChanged.emit([new[0]])
    release.set()

    def shown() -> bool:  # (the sidebar follows a burst at most twice a second)
        visible = set(window.library_panel.visible_paths())
        return set(new[1:]) <= visible and new[0] not in visible

    qtbot.waitUntil(shown, timeout=TIMEOUT_MS)
    assert window.library is not None and window.library.by_path(new[0]) is None
    assert threads[0] is not threading.main_thread()
    assert window.library_panel.current_path() == (demo_blog / "jeju-trip" / "index.md").resolve()


def write_pulled(blog: Path, names: list[str]) -> list[Path]:
    paths = []
    for n, name in enumerate(names):
        path = blog / name / "index.md"
        path.parent.mkdir()
        path.write_text(f"---\ntitle: {name}\ndate: 2031-01-{n % 28 + 1:02}\n---\n\nHi\n")
        paths.append(path.resolve())
    return paths


class Clock:
    """Stands in for the `time` module in folder_session: the test moves it on. It starts
    at the real clock's time: moments the session noted before it came in (the sidebar
    shown after a report of the watcher) must not lie far in its future."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def monotonic(self) -> float:
        return self.now


def test_posts_reported_soon_after_a_read_began_are_read_together(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each read of reported posts builds the whole library again (100-150 ms of the
    # interpreter for 16,000 posts); a `git pull` reported in pieces made 20-30 of them
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    window.watcher.stop()  # only the reports this test makes
    monkeypatch.setattr(folder_session, "SYNC_UPDATE_MAX", 2)
    clock = Clock()
    monkeypatch.setattr(folder_session, "time", clock)
    reads: list[int] = []
    real_update = Library.update_paths

    def counted(library: Library, paths: list[Path]) -> Library:
        if threading.current_thread() is not threading.main_thread():
            reads.append(len(paths))
        return real_update(library, paths)

    monkeypatch.setattr(Library, "update_paths", counted)
    first, second, third = (
        write_pulled(demo_blog, [f"pulled-{b}-{n}" for n in range(3)]) for b in range(3)
    )
    window.watcher.postsChanged.emit(first)
    qtbot.waitUntil(lambda: reads == [3], timeout=TIMEOUT_MS)
    window.watcher.postsChanged.emit(second)  # within READ_EVERY_S of the first read
    window.watcher.postsChanged.emit(third)
    clock.now += folder_session.READ_EVERY_S

    def shown() -> bool:
        return {*first, *second, *third} <= set(window.library_panel.visible_paths())

    qtbot.waitUntil(shown, timeout=TIMEOUT_MS)
    assert reads == [3, 6]


def test_a_few_posts_reported_in_a_big_blog_are_read_off_the_gui_thread(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # reading one post is quick, but the library is built again around it: over 100 ms
    # of the GUI thread in a blog of 16,000 posts
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    window.watcher.stop()
    assert window.library is not None and len(window.library) > 1
    monkeypatch.setattr(folder_session, "SYNC_LIBRARY_MAX", 1)
    threads: list[threading.Thread] = []
    real_update = Library.update_paths

    def recorded(library: Library, paths: list[Path]) -> Library:
        threads.append(threading.current_thread())
        return real_update(library, paths)

    monkeypatch.setattr(Library, "update_paths", recorded)
    (new,) = write_pulled(demo_blog, ["one-more"])
    window.watcher.postsChanged.emit([new])
    qtbot.waitUntil(lambda: new in window.library_panel.visible_paths(), timeout=TIMEOUT_MS)
    assert threads and threading.main_thread() not in threads
