"""A big post's recovery copy is written off the GUI thread (encoding, hashing and fsyncing
50 MB stood the window still for 0.5-0.8 s after every pause in typing), one write at a
time, and never lands after its entry was discarded."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.keys import type_text


@pytest.fixture
def big_post(demo_blog: Path, small_big_post_limit: None) -> Path:
    body = "\n".join(f"## Part {n}\n\n{'가나다 words and more words. ' * 12}\n" for n in range(20))
    path = demo_blog / "huge-post" / "index.md"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: Huge post\ndate: 2024-01-02\n---\n\n{body}", encoding="utf-8")
    return path


class GatedRecord:
    """Stands in for Journal.record: notes the thread, holds the write until released."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.threads: list[threading.Thread] = []
        self.release = threading.Event()

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.threads.append(threading.current_thread())
        self.release.wait(10)
        self.real(*args, **kwargs)  # type: ignore[operator]


def open_big(window: MainWindow, qtbot: QtBot, demo_blog: Path, path: Path) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    assert window.open_post(path)
    qtbot.waitUntil(lambda: window.post is not None and window.post.path == path, timeout=5000)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


def test_a_big_post_is_journaled_off_the_gui_thread_and_never_after_a_discard(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, big_post: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    open_big(window, qtbot, demo_blog, big_post)
    gate = GatedRecord(window.journal.record)
    monkeypatch.setattr(window.journal, "record", gate)
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "XYZ")
    window.write_journal()  # returns while the write is held: it is not on this thread
    assert gate.threads and threading.main_thread() not in gate.threads
    assert window.journal.get(big_post) is None  # still held

    gate.release.set()
    while window.editor.document().isModified():  # undo back to the file's text, at once:
        window.editor.undo()  # the write, done or not yet, must not outlive the discard
    qtbot.waitUntil(lambda: not window.is_dirty(), timeout=5000)
    assert window.journal.get(big_post) is None
    window.recovery.settle_journal()
    assert window.journal.get(big_post) is None


def test_a_big_post_s_last_recovery_copy_is_on_disk_when_the_window_closes(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, big_post: Path
) -> None:
    open_big(window, qtbot, demo_blog, big_post)
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "XYZ")
    window.write_journal()
    window.shutdown_workers()  # as closing the window does
    entry = window.journal.get(big_post)
    assert entry is not None and entry.text.endswith("XYZ\n")
