"""Never lose work, part 2: the journal follows the buffer, deleted and moved posts come
back, the outside version survives Keep Mine, and a merge is shown before it is applied."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.recovery.store import JournalEntry
from app.ui.frontmatter.fields import TextEditor
from app.ui.recovery.merge_dialog import MergeDialog
from app.ui.settings import MemoryStore, Settings
from app.ui.window.main_window import MainWindow
from tests.conftest import discard_window
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text

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
        second.recovery.make_restore_dialog = RecordingRestore()  # type: ignore[method-assign]
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
    return [e.text for e in second.recovery.make_restore_dialog.entries]  # type: ignore[attr-defined]


# -- 1. the journal entry goes when the buffer is back to what is on disk -----------------


def test_undo_back_to_clean_forgets_the_journaled_text(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    next_start: Callable[[], MainWindow],
) -> None:
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    wait_journaled(window, qtbot, "XYZ")
    undo_to_clean(window)
    assert not window.is_dirty()
    assert window.journal.get(window.post.path) is None  # type: ignore[union-attr]
    window.close()
    assert not window.isVisible() and dialogs.asked == []  # quitting asks nothing
    assert offered_at_next_start(next_start, demo_blog) == []


def test_typing_back_to_the_saved_text_forgets_the_journaled_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, SLUG)
    path = window.post.path  # type: ignore[union-attr]
    type_at_end(window, "X")
    wait_journaled(window, qtbot, "X")
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)  # deleted by hand, not undone
    qtbot.waitUntil(lambda: window.journal.get(path) is None, timeout=4000)


def test_an_undone_replace_all_forgets_the_journaled_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, SLUG)
    window.actions_by_id["edit.replace"].trigger()
    type_text(window.find_bar.find_edit, "블로그")
    type_text(window.find_bar.replace_edit, "BLOG")
    qtbot.mouseClick(window.find_bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert window.editor.body_text().count("BLOG") > 1
    wait_journaled(window, qtbot, "BLOG")
    undo_to_clean(window)
    assert window.journal.entries() == []


def test_reload_from_disk_forgets_the_journaled_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    wait_journaled(window, qtbot, "XYZ")
    dialogs.confirm_answers.append(True)  # "Discard your unsaved changes and reload?"
    window.actions_by_id["post.reload"].trigger()
    assert not window.is_dirty() and "XYZ" not in window.editor.body_text()
    assert window.journal.entries() == []


def test_discarding_on_close_forgets_the_journaled_text(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    next_start: Callable[[], MainWindow],
) -> None:
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    wait_journaled(window, qtbot, "XYZ")
    dialogs.unsaved_answers.append("discard")
    window.close()
    assert not window.isVisible() and dialogs.asked == [("unsaved", "블로그를 시작하며")]
    assert offered_at_next_start(next_start, demo_blog) == []


def test_a_frontmatter_edit_typed_back_forgets_the_journaled_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, SLUG)
    author = window.frontmatter_panel.editor("author")
    assert isinstance(author, TextEditor)
    qtbot.keyClick(author.line, Qt.Key.Key_End)
    type_text(author.line, "2")
    window.frontmatter_panel.flush()
    assert window.is_dirty()
    wait_journaled(window, qtbot, "author: jiho2")
    qtbot.keyClick(author.line, Qt.Key.Key_Backspace)  # typed back, not undone
    window.frontmatter_panel.flush()
    assert window.post is not None and window.post.get("author") == "jiho"
    assert not window.is_dirty()
    assert window.journal.entries() == []


# -- 2. Close Post on a post deleted on disk --------------------------------------------


def test_close_post_on_a_deleted_post_asks_about_unsaved_edits(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    path.unlink()
    qtbot.waitUntil(lambda: window.notice.kind == "deleted", timeout=3000)
    dialogs.unsaved_answers.append("cancel")
    window.notice.click("Close Post")
    assert dialogs.asked == [("unsaved", "블로그를 시작하며")]
    assert window.post is not None and "XYZ" in window.editor.body_text()
    dialogs.unsaved_answers.append("save")  # saving writes the deleted post again
    window.session.close_post()
    assert window.post is None
    assert "XYZ" in path.read_text(encoding="utf-8")


def test_close_post_on_a_deleted_post_can_discard_the_edits(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    window.write_journal()
    path.unlink()
    qtbot.waitUntil(lambda: window.notice.kind == "deleted", timeout=3000)
    dialogs.unsaved_answers.append("discard")
    window.notice.click("Close Post")
    assert window.post is None and not path.exists()
    assert window.journal.entries() == []  # not offered back at the next start


def test_saving_a_post_deleted_on_disk_offers_to_write_it_again(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    window.watcher.stop()  # the author saves before the window hears of the deletion
    type_at_end(window, "XYZ")
    path.unlink()
    assert not window.save_post()
    assert window.notice.kind == "deleted"  # not "changed on disk": there is nothing to reload
    assert window.notice.button_texts() == ["Save Again", "Close Post"]


# -- 3. a deleted or renamed folder ------------------------------------------------------


def test_save_again_recreates_a_deleted_post_folder(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    shutil.rmtree(path.parent)
    qtbot.waitUntil(lambda: window.notice.kind == "deleted", timeout=3000)
    window.notice.click("Save Again")
    assert "XYZ" in path.read_text(encoding="utf-8")
    assert not window.is_dirty() and window.notice.kind == ""


def test_keep_mine_writes_a_post_whose_folder_is_gone(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    window.watcher.stop()  # the conflict notice stays up while the folder goes
    type_at_end(window, "XYZ")
    path.write_text(path.read_text(encoding="utf-8") + "\nTHEIRS\n", encoding="utf-8")
    window.session.check_disk_change()
    assert window.notice.kind == "conflict"
    shutil.rmtree(path.parent)
    window.notice.click("Keep Mine")
    assert "XYZ" in path.read_text(encoding="utf-8")


def test_restore_and_save_writes_a_post_whose_folder_is_gone(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, next_start: Callable[[], MainWindow]
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    window.write_journal()  # then the app "crashes"
    shutil.rmtree(path.parent)
    second = next_start()
    second.offer_recovery()
    assert second.notice.kind == "deleted"
    second.notice.click("Save")
    assert "XYZ" in path.read_text(encoding="utf-8")
    assert second.journal.get(path) is None


def test_save_as_into_a_new_sub_folder(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    target = demo_blog / "drafts" / "hello-again" / "index.md"
    dialogs.choose_save_path = lambda start: target  # type: ignore[method-assign]
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    window.actions_by_id["post.save_as"].trigger()
    assert dialogs.errors == []
    assert "XYZ" in target.read_text(encoding="utf-8")
    assert window.post is not None and window.post.path == target and not window.is_dirty()


def test_a_post_folder_renamed_on_disk_is_followed(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    old = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    window.write_journal()
    new_folder = demo_blog.resolve() / "hello-renamed"
    os.rename(old.parent, new_folder)
    new = new_folder / "index.md"
    qtbot.waitUntil(lambda: window.post is not None and window.post.path == new, timeout=3000)
    assert "XYZ" in window.editor.body_text() and window.is_dirty()
    assert window.notice.kind == ""  # nothing was deleted
    assert window.library_panel.current_path() == new
    assert window.journal.get(old) is None and window.journal.get(new) is not None
    assert window.journal.base(new) == new.read_bytes()  # restorable through a merge
    assert window.save_post()
    assert "XYZ" in new.read_text(encoding="utf-8")
    assert not old.parent.exists()


# -- 4. Keep Mine keeps the outside version ----------------------------------------------


def test_keep_mine_puts_the_outside_version_in_local_history(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "MINE")
    theirs = path.read_text(encoding="utf-8").replace(HEADING, "### THEIRS")
    path.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: window.notice.kind == "conflict", timeout=3000)
    assert "Nothing is lost" in window.notice.message()
    window.notice.click("Keep Mine")
    assert "MINE" in path.read_text(encoding="utf-8")
    kept = [window.history.read(path, v.id) for v in window.history.versions(path)]
    assert theirs.encode("utf-8") in kept


def test_keep_mine_overwrites_nothing_it_cannot_keep(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "MINE")
    theirs = path.read_text(encoding="utf-8").replace(HEADING, "### THEIRS")
    path.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: window.notice.kind == "conflict", timeout=3000)
    shutil.rmtree(window.history.folder, ignore_errors=True)
    window.history.folder.parent.mkdir(parents=True, exist_ok=True)
    window.history.folder.write_text("not a folder", encoding="utf-8")  # history is broken
    window.notice.click("Keep Mine")
    assert dialogs.errors and "not overwritten" in dialogs.errors[-1][1]
    assert path.read_text(encoding="utf-8") == theirs
    assert "MINE" in window.editor.body_text() and window.is_dirty()


def test_reload_in_the_conflict_notice_keeps_mine_in_local_history(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "MINE")
    mine = window.session.current_text()
    path.write_text(path.read_text(encoding="utf-8").replace(HEADING, "### THEIRS"), "utf-8")
    qtbot.waitUntil(lambda: window.notice.kind == "conflict", timeout=3000)
    window.notice.click("Reload")
    assert "MINE" not in window.editor.body_text() and not window.is_dirty()
    kept = [window.history.read(path, v.id) for v in window.history.versions(path)]
    assert mine.encode("utf-8") in kept


def test_save_as_over_another_file_keeps_that_file_in_local_history(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    target = post_path(demo_blog, "jeju-trip")
    replaced = target.read_bytes()
    dialogs.choose_save_path = lambda start: target  # type: ignore[method-assign]
    open_blog(window, qtbot, demo_blog, SLUG)
    window.actions_by_id["post.save_as"].trigger()
    assert target.read_bytes() != replaced
    kept = [window.history.read(target, v.id) for v in window.history.versions(target)]
    assert replaced in kept


# -- 5. Compare… shows a clean merge before applying it ---------------------------------


def answer_merge(qtbot: QtBot, seen: list[dict[str, Any]], accept: bool) -> None:
    """When the merge dialog comes up (within a few seconds): note what it shows, then
    accept or cancel."""
    tries = iter(range(200))

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog):
            if next(tries, None) is not None:
                QTimer.singleShot(20, answer)
            return
        sides = dialog.sides_view.rows() if dialog.sides_view is not None else []
        seen.append(
            {
                "tabs": [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())],
                "shown": dialog.tabs.tabText(dialog.tabs.currentIndex()),
                "merged": dialog.preview.toPlainText(),
                "sides": [(r.kind, r.old, r.new) for r in sides if r.kind != "equal"],
            }
        )
        button = dialog.accept_button if accept else dialog.cancel_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize("accept", [True, False])
def test_compare_shows_a_clean_merge_before_it_replaces_the_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, accept: bool
) -> None:
    path = post_path(demo_blog)
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "MINE")
    mine = window.editor.body_text()
    path.write_text(path.read_text(encoding="utf-8").replace(HEADING, "### THEIRS"), "utf-8")
    qtbot.waitUntil(lambda: window.notice.kind == "conflict", timeout=3000)
    seen: list[dict[str, Any]] = []
    answer_merge(qtbot, seen, accept)
    window.notice.click("Compare…")
    assert len(seen) == 1
    shown = seen[0]
    assert shown["shown"] == "Merged text"
    assert "MINE" in shown["merged"] and "### THEIRS" in shown["merged"]
    assert "Mine and theirs" in shown["tabs"]
    assert ("replace", HEADING, "### THEIRS") in shown["sides"]
    body = window.editor.body_text()
    if accept:
        assert "MINE" in body and "### THEIRS" in body and window.is_dirty()
    else:
        assert body == mine and window.notice.kind == "conflict"


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


def test_save_as_leaves_no_unsaved_work_behind(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    next_start: Callable[[], MainWindow],
) -> None:
    old = post_path(demo_blog)
    target = demo_blog.resolve() / "hello-copy" / "index.md"
    target.parent.mkdir()
    dialogs.choose_save_path = lambda start: target  # type: ignore[method-assign]
    open_blog(window, qtbot, demo_blog, SLUG)
    type_at_end(window, "XYZ")
    wait_journaled(window, qtbot, "XYZ")
    original = old.read_bytes()
    window.actions_by_id["post.save_as"].trigger()
    assert old.read_bytes() == original  # the old file keeps its text
    assert window.journal.entries() == []
    versions = window.history.versions(target)
    assert versions and b"XYZ" in window.history.read(target, versions[0].id)
    type_at_end(window, "MORE")  # the saved file is the new merge base
    wait_journaled(window, qtbot, "MORE")
    assert window.journal.base(target) == target.read_bytes()
    assert window.save_post()
    assert offered_at_next_start(next_start, demo_blog) == []
