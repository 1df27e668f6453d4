"""End to end: the real window on a copy of the fixture blog; edit, save, read the file back."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.core.post.post import Post
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import commit_korean, type_text


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_open_then_save_without_edits_is_byte_identical(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    for slug in ("intern-1", "recent-news"):
        path = fixture_blog / slug / "index.md"
        before = path.read_bytes()
        open_blog(window, qtbot, fixture_blog, slug)
        assert not window.is_dirty()
        window.actions_by_id["post.save"].trigger()
        assert path.read_bytes() == before


def test_sidebar_lists_posts_newest_first(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog)
    names = [p.parent.name for p in window.library_panel.visible_paths()]
    assert names == ["intern-1", "recent-news"]


def test_editing_the_title_in_the_form_changes_only_that_line(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    before = path.read_text(encoding="utf-8")
    open_blog(window, qtbot, fixture_blog, "intern-1")
    title = window.frontmatter_panel.editor("title")
    line_edit = title.findChild(QLineEdit) if not isinstance(title, QLineEdit) else title
    assert line_edit is not None
    line_edit.setFocus()
    line_edit.selectAll()
    commit_korean(line_edit, "인턴 회고")
    type_text(line_edit, " v2")
    window.frontmatter_panel.flush()
    assert window.is_dirty()
    assert window.windowTitle().startswith("●")
    window.actions_by_id["post.save"].trigger()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-title: 스타트업 인턴 한 달 회고",
        "+title: 인턴 회고 v2",
    ]
    assert not window.is_dirty()


def test_typing_in_the_editor_ascii_and_korean_then_save(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "recent-news" / "index.md"
    before = path.read_bytes()
    open_blog(window, qtbot, fixture_blog, "recent-news")
    editor = window.editor
    editor.setFocus()
    editor.go_to_line(1)  # the "#### 들어가며" heading
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    type_text(editor, " ok")
    commit_korean(editor, "안녕")
    assert window.is_dirty()
    window.actions_by_id["post.save"].trigger()
    after = path.read_bytes()
    assert after == before.replace("#### 들어가며\n".encode(), "#### 들어가며 ok안녕\n".encode())


def test_outside_edit_reloads_silently_when_clean(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    open_blog(window, qtbot, fixture_blog, "intern-1")
    text = path.read_text(encoding="utf-8").replace("## 맡은 역할", "## 맡은 역할 (수정됨)")
    path.write_text(text, encoding="utf-8")
    qtbot.waitUntil(lambda: "맡은 역할 (수정됨)" in window.editor.body_text(), timeout=3000)
    assert not window.is_dirty()
    assert not window.notice.isVisible()


def test_outside_edit_with_unsaved_changes_offers_choices_and_keeps_mine(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    open_blog(window, qtbot, fixture_blog, "intern-1")
    window.editor.setFocus()
    type_text(window.editor, "MINE ")
    theirs = path.read_text(encoding="utf-8").replace("## 맡은 역할", "## THEIRS")
    path.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=3000)
    assert window.notice.button_texts() == ["Reload", "Keep Mine", "Compare…"]
    assert "MINE " in window.editor.body_text()  # nothing lost while asking
    with qtbot.waitSignal(window.watcher.postsChanged, timeout=3000, raising=False):
        window.notice.click("Keep Mine")
    saved = path.read_text(encoding="utf-8")
    assert "MINE " in saved and "THEIRS" not in saved
    assert not window.notice.isVisible()  # our own save is not an outside change


def test_outside_edit_with_unsaved_changes_reload_takes_theirs(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    open_blog(window, qtbot, fixture_blog, "intern-1")
    type_text(window.editor, "MINE ")
    path.write_text(
        path.read_text(encoding="utf-8").replace("## 맡은 역할", "## THEIRS"), encoding="utf-8"
    )
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=3000)
    window.notice.click("Reload")
    assert "THEIRS" in window.editor.body_text() and "MINE" not in window.editor.body_text()
    assert not window.is_dirty()


def test_open_post_deleted_on_disk_keeps_text_and_offers_to_save_again(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    original = path.read_bytes()
    open_blog(window, qtbot, fixture_blog, "intern-1")
    path.unlink()
    qtbot.waitUntil(lambda: window.notice.kind == "deleted", timeout=3000)
    assert "스타트업" in window.editor.body_text() or "인턴" in window.editor.body_text()
    window.notice.click("Save Again")
    assert path.read_bytes() == original


def test_sidebar_follows_files_created_renamed_and_deleted_outside(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "recent-news")

    def slugs() -> list[str]:
        return [p.parent.name for p in window.library_panel.visible_paths()]

    new = fixture_blog / "brand-new"
    new.mkdir()
    (new / "index.md").write_text(
        "---\ntitle: 새 글\ndate: '2030-01-01 00:00:00'\n---\n", encoding="utf-8"
    )
    qtbot.waitUntil(lambda: "brand-new" in slugs(), timeout=2000)
    os.rename(fixture_blog / "brand-new", fixture_blog / "renamed")
    qtbot.waitUntil(lambda: "renamed" in slugs() and "brand-new" not in slugs(), timeout=2000)
    shutil.rmtree(fixture_blog / "renamed")
    qtbot.waitUntil(lambda: "renamed" not in slugs(), timeout=2000)
    assert (
        window.library_panel.current_path() == fixture_blog.resolve() / "recent-news" / "index.md"
    )


def test_switching_posts_with_unsaved_edits_asks(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    other = fixture_blog / "recent-news" / "index.md"
    first = fixture_blog / "intern-1" / "index.md"
    type_text(window.editor, "draft words ")

    dialogs.unsaved_answers.append("cancel")
    assert not window.open_post(other)
    assert window.post is not None and window.post.path == first
    assert "draft words" in window.editor.body_text()

    dialogs.unsaved_answers.append("save")
    assert window.open_post(other)
    assert "draft words" in first.read_text(encoding="utf-8")

    type_text(window.editor, "thrown away ")
    dialogs.unsaved_answers.append("discard")
    assert window.open_post(first)
    assert "thrown away" not in other.read_text(encoding="utf-8")
    assert [kind for kind, _ in dialogs.asked] == ["unsaved", "unsaved", "unsaved"]


def test_new_post_is_created_in_the_blogs_style_and_opened(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, dialogs: ScriptedDialogs
) -> None:
    shutil.rmtree(fixture_blog / "recent-news")
    open_blog(window, qtbot, fixture_blog)
    dialogs.text_answers.append("두 번째 회고")
    window.actions_by_id["post.new"].trigger()
    assert window.post is not None and window.post.path is not None
    assert window.post.path.parent.name == "두-번째-회고"
    assert window.post.get("title") == "두 번째 회고"
    text = window.post.path.read_text(encoding="utf-8")
    assert text.startswith("---\nemoji: ")
    qtbot.waitUntil(lambda: window.post.path in window.library_panel.visible_paths(), timeout=2000)


def test_delete_moves_the_post_folder_to_the_trash(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    dialogs.confirm_answers.append(True)
    window.actions_by_id["post.delete"].trigger()
    assert not (fixture_blog / "intern-1").exists()
    assert window.post is None
    from send2trash import plat_other  # it reads XDG_DATA_HOME once, when first imported

    trash = Path(plat_other.HOMETRASH) / "files"  # (an earlier test's, in a whole run)
    assert any(p.name.startswith("intern-1") for p in trash.iterdir())


def test_outline_click_jumps_to_the_heading(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    texts = window.outline.item_texts()
    assert texts[:2] == ["오랜만의 포스트", "맡은 역할"]
    window.outline.activate_index(1)
    assert window.editor.textCursor().block().text() == "## 맡은 역할"
    assert window.position_label.text().startswith("Ln ")
    assert "words" in window.stats_label.text()


def test_rename_and_duplicate_a_post(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    dialogs.text_answers.append("인턴 회고")
    dialogs.confirm_answers.append(True)  # the post's URL changes
    window.actions_by_id["post.rename"].trigger()
    renamed = fixture_blog.resolve() / "인턴-회고" / "index.md"
    assert renamed.is_file() and (renamed.parent / "IMG_1564.png").is_file()
    assert not (fixture_blog / "intern-1").exists()
    assert window.post is not None and window.post.path == renamed
    assert renamed in window.library_panel.visible_paths()

    window.actions_by_id["post.duplicate"].trigger()
    copy = fixture_blog.resolve() / "인턴-회고-copy" / "index.md"
    assert copy.is_file() and (copy.parent / "IMG_1564.png").is_file()
    assert window.post is not None and window.post.path == copy
    assert window.post.get("title") == "스타트업 인턴 한 달 회고 (copy)"
    # a new post: dated now, in the file's own format, and a draft until the author says so
    original, duplicate = Post.load(renamed), Post.load(copy)
    assert duplicate.body == original.body
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", duplicate.get("date"))
    assert duplicate.get("date") > original.get("date")
    assert duplicate.get("draft") is True
    assert {**original.metadata, "title": duplicate.get("title"), "date": duplicate.get("date"),
            "draft": True} == duplicate.metadata  # fmt: skip
    assert "date: '" in duplicate.to_text()  # still quoted, as the blog writes dates


def test_dropping_an_image_copies_it_and_inserts_markdown(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, tmp_path: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "recent-news")
    source = tmp_path / "결제-flow final.png"
    shutil.copy(fixture_blog / "intern-1" / "IMG_1564.png", source)
    window.settings.prefs.caption_after_image = False
    window.images.import_files([source, source])
    folder = fixture_blog / "recent-news"
    names = sorted(p.name for p in folder.iterdir() if p.suffix == ".png")
    assert len(names) == 2  # the second copy got its own name: nothing overwritten
    body = window.editor.body_text()
    for name in names:
        assert f"](./{name.replace(' ', '%20')})" in body
    window.editor.undo()  # one undo step for the whole drop
    assert "결제-flow" not in window.editor.body_text()


def test_theme_switch_and_zoom_are_remembered(window: MainWindow, qtbot: QtBot) -> None:
    window.actions_by_id["view.theme_dark"].trigger()
    assert window.settings.prefs.theme == "dark"
    qtbot.waitUntil(lambda: window.palette().window().color().lightness() < 100)
    window.actions_by_id["view.theme_light"].trigger()
    qtbot.waitUntil(lambda: window.palette().window().color().lightness() > 200)
    size = window.editor.font_size()
    window.actions_by_id["view.zoom_in"].trigger()
    assert window.settings.prefs.font_size == size + 1


def test_last_post_is_reopened_with_the_folder(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "recent-news")
    path = window.post.path if window.post else None
    window.session.close()
    assert window.open_folder(fixture_blog)
    assert window.reopen_last_post()
    assert window.post is not None and window.post.path == path


def test_broken_frontmatter_opens_and_can_be_repaired_in_the_yaml_tab(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    original = path.read_text(encoding="utf-8")
    broken = original.replace("author: Minjun\n", "author: Minjun\ntitle: twice\n")
    path.write_text(broken, encoding="utf-8")
    open_blog(window, qtbot, fixture_blog, "intern-1")
    panel = window.frontmatter_panel
    assert panel.has_error()
    assert panel.tabs.currentIndex() == panel.YAML_TAB
    assert "## 오랜만의 포스트" in window.editor.body_text()  # the body is editable as usual
    window.actions_by_id["post.save"].trigger()  # saving a broken post loses nothing
    assert path.read_text(encoding="utf-8") == broken

    yaml_edit = panel.yaml_edit
    yaml_edit.setPlainText(yaml_edit.toPlainText().replace("title: twice\n", ""))
    panel.flush()
    assert not panel.has_error()
    window.actions_by_id["post.save"].trigger()
    assert path.read_text(encoding="utf-8") == original
