"""FolderSession on a temp copy of the demo blog: reading (now, or on the worker thread),
the watcher's reports, touch() and reading again. No MainWindow, no QtWebEngine page."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.blog import Blog
from app.core.library.index import Library
from app.core.post.schema import BlogProfile
from app.ui.library import folder_session
from app.ui.library import reading as folder_reading
from tests.blogs.build import build_blog
from tests.helpers.desk import Desk

TIMEOUT_MS = 10_000
Read = Callable[[Path, Blog | None], tuple[Library, BlogProfile]]


class GatedRead:
    """Stands in for read_folder: reads on the GUI thread go through; reads on a worker
    thread are recorded and held until released."""

    def __init__(self, real: Read) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, folder: Path, blog: Blog | None = None) -> tuple[Library, BlogProfile]:
        if threading.current_thread() is not threading.main_thread():
            self.threads.append(threading.current_thread())
            self.entered.set()
            assert self.release.wait(10)
        return self.real(folder, blog)


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> GatedRead:
    gate = GatedRead(folder_reading.read_folder)
    monkeypatch.setattr(folder_session, "read_folder", gate)
    return gate


def slugs(desk: Desk) -> set[str]:
    library = desk.folder.library
    assert library is not None
    return {e.path.parent.name for e in library.entries}


def write_post(blog: Path, slug: str, title: str) -> Path:
    path = blog / slug / "index.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: 2031-01-01\n---\n\nHello\n", encoding="utf-8")
    return path.resolve()


def test_open_reads_the_posts_now(desk: Desk, qtbot: QtBot, demo_blog: Path) -> None:
    folder = demo_blog.resolve()
    events: list[object] = []
    desk.folder.libraryRead.connect(lambda: events.append("read"))
    desk.folder.folderOpened.connect(events.append)
    desk.folder.open(folder)
    assert events == ["read", folder]  # both before open() returns
    assert slugs(desk) == {p.parent.name for p in folder.glob("*/index.md")}
    assert desk.folder.profile is not None
    assert desk.folder.watcher.folder() == folder


def test_open_read_later_reads_on_a_worker_thread(
    desk: Desk, qtbot: QtBot, demo_blog: Path, gated: GatedRead
) -> None:
    folder = demo_blog.resolve()
    with qtbot.waitSignal(desk.folder.loading):
        desk.folder.open(folder, read_later=True)
    assert desk.folder.folder == folder and desk.folder.library is None  # opened at once
    qtbot.waitUntil(gated.entered.is_set, timeout=TIMEOUT_MS)
    assert desk.folder.is_reading()
    assert threading.main_thread() not in gated.threads
    with qtbot.waitSignal(desk.folder.libraryRead, timeout=TIMEOUT_MS):
        gated.release.set()
    assert not desk.folder.is_reading()
    assert len(slugs(desk)) == len(list(folder.glob("*/index.md")))
    qtbot.waitUntil(lambda: desk.folder.watcher.folder() == folder, timeout=TIMEOUT_MS)


@pytest.mark.parametrize("read_later", [False, True])
def test_the_blog_is_known_once_its_folder_is_read(
    desk: Desk, qtbot: QtBot, tmp_path: Path, read_later: bool
) -> None:
    root = build_blog("hugo", tmp_path / "hugo").resolve()
    with qtbot.waitSignal(desk.folder.libraryRead, timeout=TIMEOUT_MS):
        desk.folder.open(root / "content" / "posts", read_later=read_later)  # any folder in it
    assert desk.folder.blog.generator == "hugo"
    assert desk.folder.blog.root == root
    assert desk.folder.blog.content_roots == (root / "content" / "posts",)


def test_the_watcher_reports_new_changed_and_deleted_posts(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    folder = demo_blog.resolve()
    desk.folder.open(folder)
    reported: list[Path] = []
    desk.folder.postsChangedOnDisk.connect(reported.extend)

    with qtbot.waitSignal(desk.folder.libraryUpdated, timeout=TIMEOUT_MS):
        new = write_post(folder, "brand-new", "새 글")
    qtbot.waitUntil(lambda: "brand-new" in slugs(desk), timeout=TIMEOUT_MS)
    assert new in reported

    new.write_text(new.read_text(encoding="utf-8").replace("새 글", "고친 글"), encoding="utf-8")

    def retitled() -> bool:
        library = desk.folder.library
        entry = library.by_path(new) if library is not None else None
        return entry is not None and entry.title == "고친 글"

    qtbot.waitUntil(retitled, timeout=TIMEOUT_MS)

    (folder / "jeju-trip" / "index.md").unlink()
    qtbot.waitUntil(lambda: "jeju-trip" not in slugs(desk), timeout=TIMEOUT_MS)
    assert (folder / "jeju-trip" / "index.md") in reported


def test_touch_lists_a_post_made_here_at_once(desk: Desk, qtbot: QtBot, demo_blog: Path) -> None:
    folder = demo_blog.resolve()
    desk.folder.open(folder)
    made = write_post(folder, "made-here", "Made here")
    with qtbot.waitSignal(desk.folder.libraryUpdated, timeout=0):  # emitted inside touch()
        desk.folder.touch([made])
    assert "made-here" in slugs(desk)


def test_reading_again_keeps_the_list_until_the_new_one_is_in(
    desk: Desk, qtbot: QtBot, demo_blog: Path, gated: GatedRead
) -> None:
    folder = demo_blog.resolve()
    desk.folder.open(folder)  # read on the GUI thread: passes the gate
    before = desk.folder.library
    assert before is not None
    unseen = write_post(folder, "unseen", "Unseen post")  # as if the watcher had missed it
    desk.folder.watcher.folderChanged.emit()
    qtbot.waitUntil(gated.entered.is_set, timeout=TIMEOUT_MS)
    assert desk.folder.is_reading()
    assert desk.folder.library is before  # the old list stays meanwhile
    desk.folder.watcher.folderChanged.emit()  # asked again during the read: one more after
    with qtbot.waitSignal(desk.folder.libraryRead, timeout=TIMEOUT_MS):
        gated.release.set()
    qtbot.waitUntil(lambda: not desk.folder.is_reading(), timeout=TIMEOUT_MS)
    assert len(gated.threads) == 2
    assert desk.folder.library is not None and desk.folder.library.by_path(unseen) is not None
