"""The preview inside the real window: it follows typing, the form and the editor's scroll."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.conftest import DEMO
from tests.e2e.conftest import open_blog
from tests.helpers.keys import type_text


def page_value(window: MainWindow, qtbot: QtBot, script: str) -> Any:
    """Run our own script in the page (application world) and wait for its JSON result."""
    box: list[Any] = []
    window.preview.run_in_page(f"JSON.stringify({script})", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0])


def test_preview_follows_typing_and_the_form(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    open_blog(window, qtbot, demo_blog, "hello-blog")
    assert page_value(window, qtbot, "!!document.querySelector('p.callout')")
    assert (
        page_value(window, qtbot, "document.querySelectorAll('ul.table-of-contents a').length") > 3
    )
    window.editor.go_to_line(0)
    type_text(window.editor, "Typed into the preview ")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert "Typed into the preview" in page_value(window, qtbot, "document.body.innerText")
    window.post.set("title", "바뀐 제목")
    window.frontmatter_panel.refresh()
    window.frontmatter_panel.changed.emit()
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert "바뀐 제목" in page_value(window, qtbot, "document.body.innerText")


def test_scrolling_the_editor_scrolls_the_preview(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    window.resize(1300, 700)
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    assert window.actions_by_id["view.sync_scroll"].isChecked()
    assert page_value(window, qtbot, "window.scrollY") == 0
    bar = window.editor.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(lambda: page_value(window, qtbot, "window.scrollY") > 200, timeout=5000)


def test_scrolling_the_preview_brings_the_same_line_to_the_editors_top(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    # Long paragraphs wrap in the editor: its scroll bar counts wrapped lines, not source
    # lines. Setting it to the reported source line put the editor dozens of lines above
    # (closing the find bar made the editor and the preview jump near the top of the post).
    window.resize(1300, 700)
    paragraphs = [f"## Part {n}\n\n{'긴 문단 long wrapped words. ' * 30}\n" for n in range(40)]
    path = demo_blog / "long-lines" / "index.md"
    path.parent.mkdir()
    path.write_text("---\ntitle: Long lines\n---\n\n" + "\n".join(paragraphs), encoding="utf-8")
    open_blog(window, qtbot, demo_blog, "long-lines")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    line = page_value(
        window,
        qtbot,
        """(() => {
          const el = [...document.querySelectorAll('#post-body h2[data-source-line]')][25];
          window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY);
          return Number(el.getAttribute('data-source-line'));
        })()""",
    )
    qtbot.waitUntil(
        lambda: abs(window.editor.firstVisibleBlock().blockNumber() - line) <= 1, timeout=5000
    )


DEMO_SLUGS = sorted(p.parent.name for p in DEMO.glob("*/index.md"))


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_text_typed_at_the_end_of_a_post_is_in_view_in_the_preview(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, slug: str
) -> None:
    # The preview follows the editor's top line; below it, images make the preview taller
    # than the editor, so text typed at the end landed under the preview's bottom edge.
    open_blog(window, qtbot, demo_blog, slug)
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\nTyped at the very end ZQX")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    place = page_value(
        window,
        qtbot,
        """(() => {
          const all = [...document.querySelectorAll('#post-body [data-source-line]')];
          const el = all.reverse().find(e => e.textContent.includes('ZQX'));
          const r = el.getBoundingClientRect();
          return {top: r.top, bottom: r.bottom, height: window.innerHeight};
        })()""",
    )
    assert place["top"] >= 0 and place["bottom"] <= place["height"], place
    # and the editor stayed where the author types (the preview's scroll was not echoed)
    assert window.editor.viewport().rect().contains(window.editor.cursorRect())


def test_a_post_too_big_to_preview_live_says_so_and_previews_when_asked(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, small_big_post_limit: None
) -> None:
    sections = [f"## Part {n}\n\n{'가나다 words and more words. ' * 12}\n" for n in range(20)]
    body = "\n".join(sections) + "\nThe very last line says ZEBRA.\n"
    path = demo_blog / "huge-post" / "index.md"
    path.parent.mkdir()
    path.write_text(f"---\ntitle: Huge post\ndate: 2024-01-02\n---\n\n{body}", encoding="utf-8")
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    assert window.open_post(path)
    qtbot.waitUntil(lambda: window.post is not None and window.post.path == path, timeout=5000)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert window.editor.body_text() == "\n" + body
    assert window.editor.toPlainText() == "\n" + body  # all of it went in, slice by slice
    assert not window.is_dirty() and not window.editor.isReadOnly()
    assert window.editor.highlighter.document() is None  # no colours for a big post
    notice = window.preview.notice
    assert not notice.isHidden() and "too big to preview as you type" in notice.message()
    assert notice.button_texts() == ["Preview"]
    assert "ZEBRA" not in page_value(window, qtbot, "document.body.innerText")  # not jeju-trip's
    assert [f.rule for f in window.problems.findings()] == ["big-post"]  # checked on save

    generation = window.preview_ctl.render_worker.generation
    type_text(window.editor, "Typed ")  # no render per keystroke
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert window.preview_ctl.render_worker.generation == generation

    notice.click("Preview")
    qtbot.waitUntil(lambda: window.preview_ctl.is_big_shown(path), timeout=20_000)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    text = page_value(window, qtbot, "document.body.textContent")  # (lazy groups: not innerText)
    assert "ZEBRA" in text and "Typed" in text and "Huge post" in text
    assert window.outline.item_texts()[:2] == ["Part 0", "Part 1"]
    assert notice.button_texts() == ["Update Preview"]
    assert "not updated as you type" in notice.message()

    open_blog(window, qtbot, demo_blog)  # (the same folder: the window stays as it is)
    window.editor.document().setModified(False)
    assert window.open_post(demo_blog / "jeju-trip" / "index.md")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert notice.isHidden()  # a post of normal size: previewed live again, coloured again
    assert window.editor.highlighter.document() is window.editor.document()
    assert "ZEBRA" not in page_value(window, qtbot, "document.body.innerText")


def test_closing_the_find_bar_gives_the_keyboard_back_to_the_editor_not_the_preview(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    # Hidden first, the bar passed the focus along the chain for a moment (in the real
    # window, to the preview's web view): Chromium then scrolled its own focus into view,
    # the top of the post, and the editor followed it there ~1.5 s after Escape.
    from PySide6.QtWidgets import QApplication, QWidget

    open_blog(window, qtbot, demo_blog, "jeju-trip")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.actions_by_id["edit.find"].trigger()
    qtbot.waitUntil(lambda: window.find_bar.find_edit.hasFocus(), timeout=5000)
    went_to: list[QWidget] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def changed(_old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            went_to.append(new)

    app.focusChanged.connect(changed)
    try:
        qtbot.keyClick(window.find_bar.find_edit, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: window.editor.hasFocus(), timeout=5000)
    finally:
        app.focusChanged.disconnect(changed)
    assert window.find_bar.isHidden()
    assert went_to == [window.editor]  # straight back, through nothing else
