"""FolderWatcher on real files: changes made from outside arrive as debounced batches."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from watchdog.observers.api import BaseObserver
from watchdog.observers.inotify_c import InotifyFD

from app.ui.library.watcher import FolderWatcher

WAIT_MS = 2000


class Recorder:
    """Everything a watcher emitted, with the thread and time it arrived on."""

    def __init__(self, watcher: FolderWatcher) -> None:
        self.batches: list[list[Path]] = []
        self.times: list[float] = []
        self.threads: set[threading.Thread] = set()
        self.folder_changes = 0
        self.root_lost = 0
        watcher.postsChanged.connect(self._posts)
        watcher.folderChanged.connect(self._folder)
        watcher.rootLost.connect(self._lost)

    def _posts(self, paths: list[Path]) -> None:
        self.batches.append(paths)
        self.times.append(time.monotonic())
        self.threads.add(threading.current_thread())

    def _folder(self) -> None:
        self.folder_changes += 1

    def _lost(self) -> None:
        self.root_lost += 1

    def seen(self) -> set[Path]:
        return {p for batch in self.batches for p in batch}

    def wait_for(self, qtbot: QtBot, *paths: Path) -> None:
        qtbot.waitUntil(lambda: set(paths) <= self.seen(), timeout=WAIT_MS)


@pytest.fixture
def blog(fixture_blog: Path) -> Path:
    """The fixture blog, writable (the shared originals are read-only)."""
    for path in [fixture_blog, *fixture_blog.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return fixture_blog.resolve()


@pytest.fixture
def watcher(qtbot: QtBot, blog: Path) -> Iterator[FolderWatcher]:
    w = FolderWatcher()
    w.start(blog)
    yield w
    w.stop()


@pytest.fixture
def rec(watcher: FolderWatcher) -> Recorder:
    return Recorder(watcher)


def test_starts_with_the_native_backend(watcher: FolderWatcher, blog: Path) -> None:
    assert watcher.is_running()
    assert watcher.backend() == "native"
    assert watcher.folder() == blog


def test_editing_a_post_reports_it_on_the_gui_thread(
    qtbot: QtBot, watcher: FolderWatcher, rec: Recorder, blog: Path
) -> None:
    post = blog / "intern-1" / "index.md"
    with qtbot.waitSignal(watcher.postsChanged, timeout=WAIT_MS) as signal:
        post.write_text(post.read_text(encoding="utf-8") + "\n추가\n", encoding="utf-8")
    assert signal.args == [[post]]
    assert rec.threads == {threading.main_thread()}
    assert rec.folder_changes == 0


def test_new_post_folder(qtbot: QtBot, watcher: FolderWatcher, rec: Recorder, blog: Path) -> None:
    folder = blog / "새-글"
    folder.mkdir()
    (folder / "index.md").write_text("---\ntitle: 새 글\n---\n", encoding="utf-8")
    (folder / "cover.png").write_bytes(b"\x89PNG")
    rec.wait_for(qtbot, folder / "index.md")
    qtbot.waitUntil(lambda: rec.folder_changes >= 1, timeout=WAIT_MS)
    assert rec.seen() == {folder / "index.md"}


def test_single_file_posts_and_markdown_suffix(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    (blog / "loose.md").write_text("# Loose\n", encoding="utf-8")
    (blog / "other.markdown").write_text("# Other\n", encoding="utf-8")
    (blog / "notes.txt").write_text("not a post\n", encoding="utf-8")
    rec.wait_for(qtbot, blog / "loose.md", blog / "other.markdown")
    assert blog / "notes.txt" not in rec.seen()


def test_deleting_a_post_file(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    post = blog / "recent-news" / "index.md"
    post.unlink()
    rec.wait_for(qtbot, post)


def test_deleting_a_post_folder(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    shutil.rmtree(blog / "recent-news")
    rec.wait_for(qtbot, blog / "recent-news" / "index.md")
    qtbot.waitUntil(lambda: rec.folder_changes >= 1, timeout=WAIT_MS)


def test_renaming_a_post_folder_reports_both_ends(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    os.rename(blog / "intern-1", blog / "intern-one")
    rec.wait_for(qtbot, blog / "intern-1" / "index.md", blog / "intern-one" / "index.md")
    qtbot.waitUntil(lambda: rec.folder_changes >= 1, timeout=WAIT_MS)
    assert not any(p.suffix == ".png" for p in rec.seen())


def test_renaming_a_post_file(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    (blog / "draft.md").write_text("# Draft\n", encoding="utf-8")
    rec.wait_for(qtbot, blog / "draft.md")
    os.rename(blog / "draft.md", blog / "published.md")
    rec.wait_for(qtbot, blog / "published.md")
    assert blog / "draft.md" in rec.batches[-1]


def test_moving_a_folder_out_reports_the_posts_it_held(
    qtbot: QtBot, rec: Recorder, blog: Path, tmp_path: Path
) -> None:
    nested = blog / "2021" / "intern-1"
    nested.parent.mkdir()
    os.rename(blog / "intern-1", nested)
    rec.wait_for(qtbot, nested / "index.md")
    # inotify reports only the folder itself leaving: the watcher knows what was inside
    os.rename(blog / "2021", tmp_path / "trash-2021")
    rec.wait_for(qtbot, nested / "index.md", blog / "intern-1" / "index.md")
    qtbot.waitUntil(lambda: nested / "index.md" in rec.batches[-1], timeout=WAIT_MS)


def test_moving_a_folder_in_reports_its_posts(
    qtbot: QtBot, rec: Recorder, blog: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "incoming" / "deep"
    outside.mkdir(parents=True)
    (outside / "index.md").write_text("---\ntitle: 들어온 글\n---\n", encoding="utf-8")
    os.rename(tmp_path / "incoming", blog / "incoming")
    rec.wait_for(qtbot, blog / "incoming" / "deep" / "index.md")
    qtbot.waitUntil(lambda: rec.folder_changes >= 1, timeout=WAIT_MS)


@pytest.mark.parametrize(
    "temp_name", ["index.md.tmp.4242", ".index.md.swp", "index.md.postdesk-tmp", ".#index.md"]
)
def test_atomic_save_reports_the_destination(
    qtbot: QtBot, rec: Recorder, blog: Path, temp_name: str
) -> None:
    post = blog / "intern-1" / "index.md"
    temp = post.with_name(temp_name)
    temp.write_text("---\ntitle: 저장\n---\n", encoding="utf-8")
    os.replace(temp, post)
    rec.wait_for(qtbot, post)
    assert rec.seen() == {post}


def test_ignored_folders_hidden_and_temp_files(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    noise = [
        blog / ".git" / "objects" / "notes.md",
        blog / "node_modules" / "pkg" / "README.md",
        blog / "public" / "intern-1" / "index.md",
        blog / ".cache" / "page.md",
        blog / "intern-1" / ".hidden.md",
        blog / "intern-1" / "index.md.postdesk-tmp",
        blog / "intern-1" / "photo.png",
    ]
    for path in noise:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("noise", encoding="utf-8")
    sentinel = blog / "recent-news" / "index.md"
    sentinel.write_text("---\ntitle: sentinel\n---\n", encoding="utf-8")
    rec.wait_for(qtbot, sentinel)  # events arrive in order: the noise came before
    assert rec.seen() == {sentinel}


def test_a_burst_of_writes_arrives_in_few_batches(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    paths = [blog / f"post-{i:03}" / "index.md" for i in range(300)]
    for path in paths:
        path.parent.mkdir()
        path.write_text(f"---\ntitle: 글 {path.parent.name}\n---\n", encoding="utf-8")
    rec.wait_for(qtbot, *paths)
    assert len(rec.batches) <= 5
    assert rec.seen() == set(paths)


def test_latency_stays_well_under_a_second(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    post = blog / "intern-1" / "index.md"
    latencies = []
    for i in range(5):
        count = len(rec.batches)
        started = time.monotonic()
        post.write_text(f"---\ntitle: edit {i}\n---\n", encoding="utf-8")
        qtbot.waitUntil(lambda n=count: len(rec.batches) > n, timeout=WAIT_MS)
        latencies.append(rec.times[-1] - started)
    assert statistics.median(latencies) < 0.4
    assert max(latencies) < 1.0


def test_root_renamed_emits_root_lost(qtbot: QtBot, watcher: FolderWatcher, blog: Path) -> None:
    with qtbot.waitSignal(watcher.rootLost, timeout=WAIT_MS):
        os.rename(blog, blog.with_name("renamed"))
    assert not watcher.is_running()


def test_root_deleted_emits_root_lost(qtbot: QtBot, watcher: FolderWatcher, blog: Path) -> None:
    with qtbot.waitSignal(watcher.rootLost, timeout=WAIT_MS):
        shutil.rmtree(blog)
    assert not watcher.is_running()


def test_stop_is_idempotent_and_silences_the_watcher(
    qtbot: QtBot, watcher: FolderWatcher, rec: Recorder, blog: Path, tmp_path: Path
) -> None:
    watcher.stop()
    watcher.stop()
    assert not watcher.is_running()
    assert watcher.backend() is None
    (blog / "intern-1" / "index.md").write_text("after stop\n", encoding="utf-8")
    # restart on another folder: its event arrives, the stopped folder's never does
    other = tmp_path / "other"
    other.mkdir()
    watcher.start(other)
    (other / "post.md").write_text("# hi\n", encoding="utf-8")
    rec.wait_for(qtbot, other / "post.md")
    assert rec.seen() == {other / "post.md"}


def test_stop_without_start_is_safe(qtbot: QtBot) -> None:
    w = FolderWatcher()
    w.stop()
    assert not w.is_running()


def test_start_on_a_missing_folder_raises(qtbot: QtBot, tmp_path: Path) -> None:
    w = FolderWatcher()
    with pytest.raises(OSError):
        w.start(tmp_path / "nope")
    assert not w.is_running()


def test_falls_back_to_polling_when_inotify_cannot_start(qtbot: QtBot, blog: Path) -> None:
    def no_inotify() -> BaseObserver:
        raise OSError(errno.EMFILE, "inotify instance limit reached")

    w = FolderWatcher(observer_factory=no_inotify, poll_interval=0.1)
    rec = Recorder(w)
    w.start(blog)
    try:
        assert w.backend() == "polling"
        post = blog / "intern-1" / "index.md"
        post.write_text("---\ntitle: polled\n---\n", encoding="utf-8")
        (blog / "node_modules" / "x").mkdir(parents=True)
        (blog / "node_modules" / "x" / "README.md").write_text("noise", encoding="utf-8")
        rec.wait_for(qtbot, post)
        os.rename(blog / "recent-news", blog / "news")
        rec.wait_for(qtbot, blog / "recent-news" / "index.md", blog / "news" / "index.md")
        assert all("node_modules" not in p.parts for p in rec.seen())
    finally:
        w.stop()


def test_falls_back_to_polling_past_the_inotify_watch_limit(
    qtbot: QtBot, blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # watchdog silently skips a sub-folder it cannot watch; the watcher notices
    original = InotifyFD.add_callback

    def limited(self: InotifyFD, path: bytes, *args: object) -> object:
        if path.endswith(b"recent-news"):
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return original(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(InotifyFD, "add_callback", limited)
    w = FolderWatcher(poll_interval=0.1)
    rec = Recorder(w)
    w.start(blog)
    try:
        assert w.backend() == "polling"
        post = blog / "recent-news" / "index.md"
        post.write_text("---\ntitle: seen anyway\n---\n", encoding="utf-8")
        rec.wait_for(qtbot, post)
    finally:
        w.stop()


def test_lost_kernel_events_ask_for_a_rescan(
    qtbot: QtBot, watcher: FolderWatcher, rec: Recorder, blog: Path
) -> None:
    # watchdog only logs an inotify queue overflow; the watcher turns it into a rescan hint
    with qtbot.waitSignal(watcher.folderChanged, timeout=WAIT_MS):
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost"
        )
    assert rec.batches == []


def test_reading_posts_is_not_a_change(qtbot: QtBot, rec: Recorder, blog: Path) -> None:
    for path in blog.rglob("*"):
        if path.is_file():
            path.read_bytes()
    sentinel = blog / "intern-1" / "index.md"
    sentinel.write_text("---\ntitle: only me\n---\n", encoding="utf-8")
    rec.wait_for(qtbot, sentinel)
    assert rec.seen() == {sentinel}


# -- starting in the background (begin, prepare on a worker thread, adopt) ----------------


def prepare_on_a_thread(watcher: FolderWatcher, folder: Path, ticket: object) -> object:
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(watcher.prepare(folder, ticket)))
    worker.start()
    worker.join(10)
    return result[0]


def watchdog_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if "watchdog" in type(t).__module__}


def test_a_watch_prepared_off_the_gui_thread_misses_nothing_from_before_it_is_adopted(
    qtbot: QtBot, blog: Path
) -> None:
    watcher = FolderWatcher()
    rec = Recorder(watcher)
    ticket = watcher.begin()
    prepared = prepare_on_a_thread(watcher, blog, ticket)
    assert not watcher.is_running()
    early = blog / "early" / "index.md"  # changed while the watch waits to be adopted
    early.parent.mkdir()
    early.write_text("---\ntitle: Early\n---\n")
    qtbot.wait(300)  # past the debounce: nothing can arrive before adopt
    assert rec.batches == []
    assert watcher.adopt(ticket, prepared)  # type: ignore[arg-type]
    assert watcher.is_running() and watcher.folder() == blog and watcher.backend() == "native"
    rec.wait_for(qtbot, early)
    later = blog / "later" / "index.md"
    later.parent.mkdir()
    later.write_text("---\ntitle: Later\n---\n")
    rec.wait_for(qtbot, later)
    watcher.stop()


def test_a_watch_stopped_while_it_is_prepared_is_never_adopted(qtbot: QtBot, blog: Path) -> None:
    before = watchdog_threads()
    watcher = FolderWatcher()
    ticket = watcher.begin()
    prepared = prepare_on_a_thread(watcher, blog, ticket)
    watcher.stop()  # the window closed, or another folder was opened
    assert not watcher.adopt(ticket, prepared)  # type: ignore[arg-type]
    assert not watcher.is_running() and watcher.folder() is None
    ticket = watcher.begin()
    watcher.stop()  # before the worker got to it: it stops its own watch
    assert prepare_on_a_thread(watcher, blog, ticket) is None
    qtbot.waitUntil(lambda: watchdog_threads() <= before, timeout=WAIT_MS)
    second = watcher.begin()
    assert not watcher.adopt(ticket, prepare_on_a_thread(watcher, blog, second))  # type: ignore[arg-type]
    watcher.stop()


def test_reported_posts_are_paths_made_on_watchdogs_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a `git pull` reports thousands of posts at once: making and hashing their Paths on
    # the GUI thread cost the window 4-12 ms of its own a batch
    from app.ui.library import watch_events

    made: dict[int, threading.Thread] = {}

    def recorded(text: str) -> Path:
        path = Path(text)
        made[id(path)] = threading.current_thread()
        return path

    monkeypatch.setattr(watch_events, "Path", recorded)
    root = tmp_path.resolve()
    watcher = FolderWatcher()
    rec = Recorder(watcher)
    watcher.start(root)
    try:
        posts = [root / f"p-{n}" / "index.md" for n in range(20)]
        for post in posts:
            post.parent.mkdir()
            post.write_text("---\ntitle: 글\n---\n", encoding="utf-8")
        rec.wait_for(qtbot, *posts)
    finally:
        watcher.stop()
    reported = [p for batch in rec.batches for p in batch]
    assert sorted(reported) == sorted(posts)  # once each
    threads = {made.get(id(p)) for p in reported}  # None: not made there
    assert None not in threads and threading.main_thread() not in threads
