"""The whole round for each of the seven generators, in the real window, on a sample blog
opened at its repository root: the sidebar lists exactly what the generator publishes, with
titles and dates; a form edit changes only that field's bytes; New Post makes a post the
generator would publish; it is previewed, checked and exported."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.blog import classify, load_blog
from app.ui.frontmatter.fields import BoolEditor, TextEditor
from app.ui.publish.export_dialog import ExportDialog
from app.ui.window.main_window import MainWindow
from tests.blogs.build import EXPECTED, build_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text
from tests.helpers.page import page_value

TIMEOUT_MS = 10_000
GENERATORS = sorted(EXPECTED)

# a post of each sample whose title is edited (its front matter in the blog's usual form)
EDITED = {
    "hugo": "content/posts/hello-hugo.md",  # TOML
    "jekyll": "_posts/2024-03-01-hello-jekyll.md",
    "hexo": "source/_posts/hello-hexo.md",
    "gatsby": "content/blog/hello-world/index.md",
    "astro": "src/content/blog/first-post.md",
    "docusaurus": "news/2024-03-01-welcome.md",
    "eleventy": "content/blog/first-post.md",
}


def open_root(window: MainWindow, qtbot: QtBot, root: Path, generator: str) -> None:
    assert window.open_folder(root)
    qtbot.waitUntil(
        lambda: (
            window.folder_session.library is not None
            and window.folder_session.blog.generator == generator
        ),
        timeout=TIMEOUT_MS,
    )


def retitle(window: MainWindow, qtbot: QtBot, path: Path, added: str) -> None:
    assert window.open_post(path)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)
    panel = window.frontmatter_panel
    title = panel.editor("title")
    assert isinstance(title, TextEditor)
    title.line.setFocus()
    qtbot.keyClick(title.line, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        type_text(title.line, added)
        panel.flush()
    window.actions_by_id["post.save"].trigger()
    qtbot.waitUntil(lambda: not window.is_dirty(), timeout=3000)


@pytest.mark.parametrize("generator", GENERATORS)
def test_open_edit_create_preview_check_export(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
    generator: str,
) -> None:
    root = build_blog(generator, tmp_path / generator).resolve()
    open_root(window, qtbot, root, generator)

    # the sidebar: exactly what the generator publishes, each with a title, posts dated
    library = window.folder_session.library
    assert library is not None
    expected = {kind: {root / rel for rel in rels} for kind, rels in EXPECTED[generator].items()}
    everything = set().union(*expected.values())
    assert set(window.library_panel.visible_paths()) == everything
    for path in everything:
        entry = library.by_path(path)
        assert entry is not None and entry.title, path
        if path in expected["post"]:
            assert entry.date, path

    # a form edit writes only the title's bytes
    edited = root / EDITED[generator]
    before = edited.read_bytes()
    entry = library.by_path(edited)
    assert entry is not None
    old_title = entry.title.encode()
    assert before.count(old_title) == 1
    retitle(window, qtbot, edited, " (고침)")
    assert edited.read_bytes() == before.replace(old_title, old_title + " (고침)".encode())

    # New Post: where the generator reads posts; published once its draft flag is cleared
    dialogs.text_answers.append("일곱 번째 글")
    window.actions_by_id["post.new"].trigger()
    assert dialogs.errors == []
    post = window.post
    assert post is not None and post.path is not None
    created = post.path
    blog = load_blog(root)
    if classify(blog, created) == "draft":  # the blog's own draft key, as `hugo new` does
        panel = window.frontmatter_panel
        for flag in blog.draft_flags:
            if post.get(flag.key) == flag.value:
                box = panel.editor(flag.key)
                assert isinstance(box, BoolEditor), flag.key
                with qtbot.waitSignal(panel.changed, timeout=3000):
                    box.check.click()  # (as a click on it does)
                    panel.flush()
        window.actions_by_id["post.save"].trigger()
        qtbot.waitUntil(lambda: not window.is_dirty(), timeout=3000)
    assert classify(load_blog(root), created) == "post", created.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: created in window.library_panel.visible_paths(), timeout=TIMEOUT_MS)

    # preview and check
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(window.editor, "\n새 글의 본문입니다. Seven generators.\n")
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: "Seven generators." in str(page_value(qtbot, window, "document.body.innerText")),
        timeout=TIMEOUT_MS,
    )
    assert "일곱 번째 글" in str(page_value(qtbot, window, "document.body.innerText"))
    window.actions_by_id["post.save"].trigger()
    qtbot.waitUntil(lambda: not window.is_dirty(), timeout=3000)
    qtbot.waitUntil(window.publish.is_idle, timeout=TIMEOUT_MS)
    errors = [f for f in window.problems.findings() if f.severity == "error"]
    assert errors == [], [f.message for f in errors]

    # export: a standalone HTML page of the new post, outside the blog
    window.actions_by_id["post.export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.set_format("html")
    dialog.set_destination(tmp_path / "out")
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        assert dialog.start_export()
    page = dialog.target().read_text(encoding="utf-8")
    assert "일곱 번째 글" in page and "Seven generators." in page
    dialog.close()
