"""The open post's file deleted on disk: the bar says so in words and offers what can be
done with a file that is gone (save it again, or close the post), never a Reload."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text

DELETED = "This post was deleted on disk. Your text is still here: save it again to keep it."


def test_saving_a_post_deleted_on_disk_offers_save_again_or_close(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = demo_blog / "jeju-trip" / "index.md"
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    type_text(window.editor, "새 문장. ")
    path.unlink()
    assert not window.save_post()  # before the watcher has noticed, too
    assert window.notice.kind == "deleted"
    assert window.notice.message() == DELETED
    assert window.notice.button_texts() == ["Save Again", "Close Post"]
    assert not path.exists()  # nothing written that the author did not ask for
    window.notice.click("Save Again")
    assert "새 문장. " in path.read_text(encoding="utf-8")
    assert not window.is_dirty()


def test_close_post_on_the_deleted_bar_asks_about_unsaved_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    path = demo_blog / "jeju-trip" / "index.md"
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    type_text(window.editor, "아직 저장 안 한 글 ")
    path.unlink()
    qtbot.waitUntil(lambda: window.notice.kind == "deleted", timeout=3000)
    dialogs.unsaved_answers.append("cancel")
    window.notice.click("Close Post")
    assert window.post is not None and "아직 저장 안 한 글" in window.editor.body_text()
    assert window.notice.kind == "deleted"  # still offered
    dialogs.unsaved_answers.append("save")
    window.notice.click("Close Post")
    assert window.post is None
    assert "아직 저장 안 한 글" in path.read_text(encoding="utf-8")
