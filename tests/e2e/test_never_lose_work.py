"""Never lose work, part 2: the journal follows the buffer, deleted and moved posts come
back, the outside version survives Keep Mine, and a merge is shown before it is applied."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.core.recovery import JournalEntry
from app.ui.main_window import MainWindow
from app.ui.settings import MemoryStore, Settings
from tests.conftest import discard_window
from tests.e2e.conftest import ScriptedDialogs, open_blog
from tests.e2e.test_window import type_text

SLUG = "hello-blog"
HEADING = "### 무엇을 쓸 것인가"


class RecordingRestore:
    """Stands in for the restore dialog: keeps what is offered; the author restores all."""

    def __init__(self) -> None:
        self.entries: list[JournalEntry] = []

    def __call__(self, entries: list[JournalEntry]) -> RecordingRestore:
        self.entries = list(entries)
        return self

    def exec(self) -> int:
        return 1

    def decisions(self) -> dict[Path, str]:
        return {e.post_path: "restore" for e in self.entries}


@pytest.fixture
def next_start(window: MainWindow) -> Iterator[Callable[[], MainWindow]]:
    """The next start of the app: a new window on the same recovery data folder."""
    made: list[MainWindow] = []

    def start() -> MainWindow:
        second = MainWindow(Settings(MemoryStore()), ScriptedDialogs(), data_dir=window.data_dir)
        second.make_restore_dialog = RecordingRestore()  # type: ignore[method-assign]
        made.append(second)
        return second

    yield start
    for second in made:
        discard_window(second)


def post_path(blog: Path, slug: str = SLUG) -> Path:
    return (blog / slug / "index.md").resolve()


def type_at_end(window: MainWindow, text: str) -> None:
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, text)


def wait_journaled(window: MainWindow, qtbot: QtBot, text: str) -> None:
    """Until the journal (written a moment after typing stops) holds `text`."""
    path = window.post.path if window.post is not None else None
    assert path is not None

    def journaled() -> bool:
        entry = window.journal.get(path)
        return entry is not None and text in entry.text

    qtbot.waitUntil(journaled, timeout=4000)


def undo_to_clean(window: MainWindow) -> None:
    for _ in range(20):
        if not window.editor.document().isModified():
            return
        window.actions_by_id["edit.undo"].trigger()
    raise AssertionError("undo never got back to the text on disk")


def offered_at_next_start(next_start: Callable[[], MainWindow], blog: Path) -> list[str]:
    second = next_start()
    second.open_folder(blog)
    second.offer_recovery()
    return [e.text for e in second.make_restore_dialog.entries]  # type: ignore[attr-defined]


# -- known bugs ----------------------------------------------------------------------------


def test_crash_restore_takes_the_merge_base_from_local_history(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, next_start: Callable[[], MainWindow]
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    assert window.save_post()  # the file as loaded is now a version in local history
    type_at_end(window, "MINE")
    window.write_journal()  # then the app "crashes"
    window.journal._base_path(path).unlink()  # the journal's own copy of the base is gone
    base = path.read_bytes()
    assert window.history.find(path, hashlib.sha256(base).hexdigest()) == base
    path.write_text(path.read_text(encoding="utf-8").replace(HEADING, "### THEIRS"), "utf-8")
    second = next_start()
    second.open_folder(demo_blog)
    second.offer_recovery()
    body = second.editor.body_text()
    assert "MINE" in body and "### THEIRS" in body and second.is_dirty()
