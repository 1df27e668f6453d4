"""The real window on a Jekyll blog opened at its repository root (and from inside it):
the sidebar lists exactly what Jekyll publishes, with the dates in the file names, says
which generator it found, and keeps to the same rule as files come and go."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.library.blog_bar import GENERATOR_NAMES, BlogBar
from app.ui.library.post_list import SubtitleRole
from app.ui.window.main_window import MainWindow
from tests.blogs.build import BLOGS, EXPECTED, build_blog

TIMEOUT_MS = 5000


def rows(window: MainWindow) -> dict[str, str]:
    """Each listed file (relative to the blog's root) → the second line of its row."""
    panel = window.library_panel
    model = panel._model
    root = window.folder_session.blog.root
    return {
        model.entry(i).path.relative_to(root).as_posix(): model.index(i).data(SubtitleRole)
        for i in range(model.rowCount())
    }


def everything(name: str) -> set[str]:
    return set().union(*EXPECTED[name].values())


def test_a_jekyll_blog_at_its_root_lists_its_posts_with_file_name_dates(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("jekyll", tmp_path / "지킬 블로그")
    assert window.open_folder(root)
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "jekyll", timeout=TIMEOUT_MS)
    shown = rows(window)
    assert set(shown) == everything("jekyll")  # no README, vendor/, docs/, _includes/ …
    assert shown["_posts/2024-03-01-hello-jekyll.md"] == "2024-03-01"
    assert shown["_posts/2024-03-02-제주-여행.md"].startswith("2024-03-02")
    assert shown["_posts/2024/2024-03-03-C# 입문 노트.markdown"] == "2024-03-03"
    published = [p for p in shown if p in EXPECTED["jekyll"]["post"]]
    assert published == [  # newest first, by the dates in their names
        "_posts/2024/2024-03-03-C# 입문 노트.markdown",
        "_posts/2024-03-02-제주-여행.md",
        "_posts/2024-03-01-hello-jekyll.md",
    ]
    bar = window.library_panel.findChild(BlogBar)
    assert bar is not None and bar.isVisible() and bar.title_text() == "Jekyll blog"

    bar.set_kind("page")
    assert set(rows(window)) == EXPECTED["jekyll"]["page"]
    bar.set_kind("draft")
    assert set(rows(window)) == EXPECTED["jekyll"]["draft"]
    bar.set_kind("post")
    assert set(rows(window)) == EXPECTED["jekyll"]["post"]
    bar.set_kind(None)
    assert set(rows(window)) == everything("jekyll")


def test_opened_from_a_folder_inside_it_lists_the_whole_blog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    assert window.open_folder(root / "_posts" / "2024")
    qtbot.waitUntil(lambda: set(rows(window)) == everything("jekyll"), timeout=TIMEOUT_MS)


def test_files_the_generator_would_not_publish_are_not_added_when_they_appear(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    assert window.open_folder(root)
    qtbot.waitUntil(lambda: set(rows(window)) == everything("jekyll"), timeout=TIMEOUT_MS)
    theme = root / "vendor/bundle/ruby/3.1.0/gems/minima-2.5.1/_posts"
    theme.mkdir(parents=True)
    (theme / "2024-05-01-theme-post.md").write_text("---\ntitle: theme\n---\n", "utf-8")
    (root / "_posts" / "README.md").write_text("# posts go here\n", "utf-8")
    (root / "_includes" / "more.md").write_text("---\ntitle: include\n---\n", "utf-8")
    # then a real post: once it is listed, the files before it have been seen too
    new = root / "_posts" / "2024-05-02-봄.md"
    new.write_text("---\ntitle: 봄\n---\n", encoding="utf-8")
    qtbot.waitUntil(lambda: "_posts/2024-05-02-봄.md" in rows(window), timeout=TIMEOUT_MS)
    assert set(rows(window)) == everything("jekyll") | {"_posts/2024-05-02-봄.md"}
    assert rows(window)["_posts/2024-05-02-봄.md"] == "2024-05-02"


def test_a_config_that_cannot_be_read_is_said_and_the_blog_still_opens(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "hugo.toml").write_text('title = "unclosed\n', encoding="utf-8")
    assert window.open_folder(root)
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "hugo", timeout=TIMEOUT_MS)
    bar = window.library_panel.findChild(BlogBar)
    assert bar is not None
    assert "hugo.toml line 1" in bar.warning_text() and "assumed" in bar.warning_text()
    assert set(rows(window)) == everything("hugo")


def test_a_plain_folder_shows_no_generator(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    assert window.open_folder(demo_blog)
    bar = window.library_panel.findChild(BlogBar)
    assert bar is not None and not bar.isVisible()
    assert window.library is not None and all(e.kind == "post" for e in window.library)


@pytest.mark.parametrize("name", sorted(BLOGS))
def test_each_generator_at_its_root_lists_what_it_publishes(
    name: str, window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog(name, tmp_path / f"{name} blog")
    assert window.open_folder(root)
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == name, timeout=TIMEOUT_MS)
    assert set(rows(window)) == everything(name)
    library = window.library
    assert library is not None
    kinds = {e.relpath: "draft" if e.draft else e.kind for e in library}
    assert {rel for rel, kind in kinds.items() if kind == "page"} == EXPECTED[name]["page"]
    assert {rel for rel, kind in kinds.items() if kind == "draft"} == EXPECTED[name]["draft"]
    bar = window.library_panel.findChild(BlogBar)
    assert bar is not None and bar.title_text() == f"{GENERATOR_NAMES[name]} blog"


def test_a_changed_config_reads_the_blog_again(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    assert window.open_folder(root)
    future = "_posts/2099-01-01-from-the-future.md"

    def is_draft() -> bool | None:
        entry = window.library.by_relpath(future) if window.library is not None else None
        return None if entry is None else entry.draft

    qtbot.waitUntil(lambda: is_draft() is True, timeout=TIMEOUT_MS)
    config = root / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "future: true\n", encoding="utf-8")
    qtbot.waitUntil(lambda: is_draft() is False, timeout=TIMEOUT_MS)
    assert future in rows(window)
