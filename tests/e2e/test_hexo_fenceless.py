"""Hexo reads front matter without its opening `---` line. The form waits until the
author adds the line (it would write a second block above the first), and adding it is
an edit like any other: unsaved until saved, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.blogs.build import build_blog

TIMEOUT_MS = 10_000


def test_a_fenceless_head_is_edited_once_its_opening_line_is_added(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("hexo", tmp_path / "hexo").resolve()
    path = root / "source/_posts/no-opening-fence.md"
    before = path.read_bytes()
    assert window.open_folder(root)
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "hexo", timeout=TIMEOUT_MS)
    assert window.open_post(path)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)
    assert not window.frontmatter_panel.isEnabled()
    assert window.notice.kind == "fenceless-head"
    assert path.read_bytes() == before  # nothing written by looking

    window.notice.click("Add “---”")
    assert window.frontmatter_panel.isEnabled() and window.notice.kind == ""
    assert window.post is not None
    assert window.post.get("title") == "Hexo lets the opening fence go"
    assert window.is_dirty()
    window.actions_by_id["post.save"].trigger()
    qtbot.waitUntil(lambda: not window.is_dirty(), timeout=3000)
    assert path.read_bytes() == b"---\n" + before


def test_the_same_text_in_another_blog_is_a_plain_post(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    # elsewhere "title: x" over a `---` line is Markdown (a heading): the form stays open
    root = build_blog("jekyll", tmp_path / "jekyll").resolve()
    path = root / "_posts/2024-03-05-notes.md"
    path.write_text("Note: read this\n---\n\nText\n", encoding="utf-8")
    assert window.open_folder(root)
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "jekyll", timeout=TIMEOUT_MS)
    assert window.open_post(path)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)
    assert window.frontmatter_panel.isEnabled()
    assert window.notice.kind != "fenceless-head"
