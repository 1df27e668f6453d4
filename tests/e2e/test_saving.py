"""What a save tells and keeps: a warning when the saved front matter is not valid YAML,
and a new post's final newline kept when the author types at its very end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text


def test_saving_yaml_that_does_not_parse_says_so_and_keeps_the_text(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    path = window.post.path
    assert path is not None
    panel = window.frontmatter_panel
    yaml_edit = panel.yaml_edit
    yaml_edit.setPlainText(yaml_edit.toPlainText().replace("title: ", "title: [깨진 ", 1))
    panel.flush()
    assert panel.has_error()
    window.actions_by_id["post.save"].trigger()
    assert "title: [깨진 " in path.read_text(encoding="utf-8")  # saved as written
    assert window.notice.isVisible() and window.notice.kind == "frontmatter-error"
    assert "not valid YAML (line" in window.notice.message()
    panel.tabs.setCurrentIndex(0)
    window.notice.click("Show in YAML")
    assert panel.tabs.currentIndex() == panel.YAML_TAB

    # fixed and saved again: the warning goes
    yaml_edit.setPlainText(yaml_edit.toPlainText().replace("title: [깨진 ", "title: ", 1))
    panel.flush()
    window.actions_by_id["post.save"].trigger()
    assert not window.notice.isVisible()


def test_a_new_post_typed_at_its_end_keeps_its_final_newline(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, demo_blog)
    dialogs.text_answers.append("Final newline")
    window.actions_by_id["post.new"].trigger()
    assert window.post is not None and window.post.path is not None
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.setFocus()
    type_text(window.editor, "Hello")
    window.actions_by_id["post.save"].trigger()
    data = window.post.path.read_bytes()
    assert data.endswith(b"\nHello\n")
    assert b"author: jiho\n" in data  # every post of the demo blog is by jiho


def test_a_file_without_a_final_newline_keeps_it_that_way(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = demo_blog / "hello-blog" / "index.md"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    open_blog(window, qtbot, demo_blog, "hello-blog")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.setFocus()
    type_text(window.editor, "!")
    window.actions_by_id["post.save"].trigger()
    assert path.read_bytes().endswith(b"!")
