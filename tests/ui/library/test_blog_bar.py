"""The sidebar on a blog whose generator is known: the generator named, posts, pages and
drafts apart with their counts, pages and drafts marked; a plain folder as before."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.blog import load_blog
from app.core.library.index import scan
from app.ui.library.blog_bar import BlogBar
from app.ui.library.panel import LibraryPanel
from tests.blogs.build import EXPECTED, build_blog


def panel_on(qtbot: QtBot, folder: Path) -> tuple[LibraryPanel, BlogBar]:
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.show()
    blog = load_blog(folder)
    panel.set_blog(blog)
    panel.set_library(scan(folder, blog=blog))
    bar = panel.findChild(BlogBar)
    assert bar is not None
    return panel, bar


def rels(panel: LibraryPanel, root: Path) -> set[str]:
    return {p.relative_to(root.resolve()).as_posix() for p in panel.visible_paths()}


def test_the_switch_shows_posts_pages_and_drafts_apart(qtbot: QtBot, tmp_path: Path) -> None:
    root = build_blog("hexo", tmp_path / "hexo")
    panel, bar = panel_on(qtbot, root)
    assert bar.isVisible() and bar.title_text() == "Hexo blog" and bar.warning_text() == ""
    labels = [b.text() for b in bar.findChildren(type(bar._buttons[None]))]
    assert labels == ["All 7", "Posts 4", "Pages 1", "Drafts 2"]
    for kind in ("post", "page", "draft"):
        bar.set_kind(kind)
        assert rels(panel, root) == EXPECTED["hexo"][kind]
    panel._filter.setText("소개")
    bar.set_kind("page")
    assert rels(panel, root) == {"source/about/index.md"}
    bar.set_kind("post")
    assert rels(panel, root) == set()
    assert panel._count.text() == "0 of 7 shown · 4 posts · 1 page · 2 drafts"


def test_pages_and_drafts_say_what_they_are(qtbot: QtBot, tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    panel, _ = panel_on(qtbot, root)
    model = panel._model
    tips = {
        model.entry(i).relpath: model.index(i).data(Qt.ItemDataRole.ToolTipRole)
        for i in range(model.rowCount())
    }
    assert "A page" in tips["about.md"]
    assert "Draft: _drafts/" in tips["_drafts/아이디어.md"]
    assert "Draft: future date" in tips["_posts/2099-01-01-from-the-future.md"]
    assert panel._count.text() == "3 posts · 2 pages · 3 drafts"


def test_a_plain_folder_has_no_bar_and_counts_as_before(qtbot: QtBot, demo_blog: Path) -> None:
    panel, bar = panel_on(qtbot, demo_blog)
    assert not bar.isVisible()
    assert panel._count.text() == "8 posts · 1 draft"  # drafts among the posts, as always
