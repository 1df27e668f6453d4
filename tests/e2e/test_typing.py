"""Typing into the real window with real key events: code blocks and the live preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.e2e.test_preview_window import page_value

_KEYS = {"\n": Qt.Key.Key_Return, "\t": Qt.Key.Key_Tab}


def keys(widget: object, text: str) -> None:
    """A keyboard's events: Return and Tab as keys, everything else as typed text."""
    for ch in text:
        key, typed = (_KEYS[ch], "") if ch in _KEYS else (0, ch)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, typed)
            QApplication.sendEvent(widget, event)


def test_a_tab_in_a_code_block_does_not_indent_the_rest_of_the_post(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, "hello-blog")
    path = demo_blog / "hello-blog" / "index.md"
    before = path.read_text(encoding="utf-8")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    keys(window.editor, "```python\ndef f():\n\treturn 1\n```\n\nAfter the block.\n")
    window.actions_by_id["post.save"].trigger()
    added = path.read_text(encoding="utf-8").removeprefix(before)
    assert added == "```python\ndef f():\n    return 1\n```\n\nAfter the block.\n"
    qtbot.waitUntil(window.is_settled, timeout=5000)
    script = "[...document.querySelectorAll('#post-body > p')].map(p => p.textContent)"
    assert "After the block." in page_value(window, qtbot, script)  # prose, not code


def test_pasted_and_dropped_images_both_get_their_file_name_as_alt(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, tmp_path: Path
) -> None:
    open_blog(window, qtbot, demo_blog, "hello-blog")
    window.settings.prefs.caption_after_image = False
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(QColor("orange"))
    pasted = QMimeData()
    pasted.setImageData(image)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertFromMimeData(pasted)  # what Ctrl+V does with a copied picture
    assert "![image](./image.png)" in window.editor.body_text()

    source = tmp_path / "지도 sketch.png"
    assert image.save(str(source))
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(source))])
    window.editor.insertFromMimeData(dropped)
    assert "![지도 sketch](./지도-sketch.png)" in window.editor.body_text()
    assert (demo_blog / "hello-blog" / "image.png").is_file()
    assert (demo_blog / "hello-blog" / "지도-sketch.png").is_file()


def test_text_typed_at_the_end_and_after_the_last_image_shows_in_the_preview(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")  # four pictures, a toc fence at the end
    body_text = "document.getElementById('post-body').textContent"
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    keys(window.editor, "\n마지막 문단 at the end")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert "마지막 문단 at the end" in page_value(window, qtbot, body_text)

    body = window.editor.body_text()
    after_image = body.index("(./한라산.jpg)") + len("(./한라산.jpg)")
    cursor = window.editor.textCursor()
    cursor.setPosition(len(body[:after_image].encode("utf-16-le")) // 2)
    window.editor.setTextCursor(cursor)
    keys(window.editor, "\n\n사진 뒤 after the picture")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    paragraphs = "[...document.querySelectorAll('#post-body p')].map(p => p.textContent)"
    assert "사진 뒤 after the picture" in page_value(window, qtbot, paragraphs)
