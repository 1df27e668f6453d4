"""The preview with the blog's own stylesheet, chosen beside the built-in themes in the
real window: its plain CSS from the repository, and nothing it would fetch."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.helpers.page import page_value

HUGO_CSS = (
    "@import url('https://fonts.example.com/css?family=Nanum');\n"
    "article p { color: rgb(1, 2, 3); }\n"
    "body { background-image: url(https://tracker.example.com/pixel.png); }\n"
)


def hugo_blog(root: Path, css: str | None) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('title = "블로그"\ntheme = "paper"\n', encoding="utf-8")
    if css is not None:
        sheet = root / "themes" / "paper" / "assets" / "css" / "main.css"
        sheet.parent.mkdir(parents=True)
        sheet.write_text(css, encoding="utf-8")
    post = root / "content" / "posts" / "hello.md"
    post.write_text("---\ntitle: 안녕\n---\n첫 문단입니다.\n", encoding="utf-8")
    return post


COLOUR = "getComputedStyle(document.querySelector('#post-body p')).color"
BACKGROUND = "getComputedStyle(document.body).backgroundImage"


def open_post(qtbot: QtBot, window: MainWindow, post: Path) -> None:
    assert window.open_folder(post.parents[2])
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "hugo", timeout=10_000)
    assert window.open_post(post)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


def test_the_blogs_stylesheet_is_a_theme_beside_the_built_in_ones(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = hugo_blog(tmp_path / "blog", HUGO_CSS)
    open_post(qtbot, window, post)
    assert page_value(qtbot, window, COLOUR) != "rgb(1, 2, 3)"
    action = window.actions_by_id["view.preview_blog"]
    action.trigger()
    assert action.isChecked() and window.settings.prefs.preview_theme == "blog"
    qtbot.waitUntil(lambda: page_value(qtbot, window, COLOUR) == "rgb(1, 2, 3)", timeout=10_000)
    assert page_value(qtbot, window, BACKGROUND) == "none"  # the tracker is never asked
    # back to a built-in theme: the blog's rules go
    window.actions_by_id["view.preview_default"].trigger()
    qtbot.waitUntil(lambda: page_value(qtbot, window, COLOUR) != "rgb(1, 2, 3)", timeout=10_000)


def test_a_blog_without_plain_css_says_so_and_keeps_the_clean_look(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = hugo_blog(tmp_path / "blog", None)
    open_post(qtbot, window, post)
    window.actions_by_id["view.preview_blog"].trigger()
    assert "keeps no plain CSS stylesheet" in window.statusBar().currentMessage()
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert page_value(qtbot, window, COLOUR) != "rgb(1, 2, 3)"
