"""PostSession on real widgets (editor, front matter form, notice bar) and a folder session
over a temp copy of the demo blog: no MainWindow, no QtWebEngine page."""

from __future__ import annotations

import difflib
import stat
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.helpers.desk import Desk
from tests.helpers.keys import commit_korean, type_text


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def caret_after(desk: Desk, text: str) -> None:
    """Put the caret at the end of the editor's line that starts with `text`."""
    found = desk.editor.document().find(text)
    assert not found.isNull(), text
    found.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    desk.editor.setTextCursor(found)


def test_saving_an_unedited_post_writes_the_same_bytes(desk: Desk, demo_blog: Path) -> None:
    desk.open(demo_blog)
    for path in sorted(demo_blog.resolve().glob("*/index.md")):
        before = path.read_bytes()
        assert desk.session.open_post(path)
        assert not desk.session.is_dirty()
        assert desk.session.save()
        assert path.read_bytes() == before, path.parent.name


def test_a_title_edit_in_the_form_changes_only_that_line(desk: Desk, demo_blog: Path) -> None:
    path = desk.open(demo_blog, "hello-blog")
    assert path is not None
    before = path.read_text(encoding="utf-8")
    title = desk.form.editor("title")
    line_edit = title if isinstance(title, QLineEdit) else title.findChild(QLineEdit)
    assert line_edit is not None
    line_edit.setFocus()
    line_edit.selectAll()
    commit_korean(line_edit, "첫 글")
    type_text(line_edit, " v2")
    desk.form.flush()
    assert desk.session.is_dirty()
    assert desk.session.save()
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-title: 블로그를 시작하며", "+title: 첫 글 v2"]
    assert not desk.session.is_dirty()


def test_ascii_and_korean_typing_then_save(desk: Desk, demo_blog: Path) -> None:
    path = desk.open(demo_blog, "debounce-throttle")
    assert path is not None
    before = path.read_bytes()
    desk.editor.setFocus()
    caret_after(desk, "## The picture")
    type_text(desk.editor, " ok")
    commit_korean(desk.editor, "안녕")
    assert desk.session.is_dirty()
    assert desk.session.save()
    assert path.read_bytes() == before.replace(
        b"## The picture\n", "## The picture ok안녕\n".encode()
    )


def test_an_outside_edit_reloads_a_clean_post(desk: Desk, qtbot: QtBot, demo_blog: Path) -> None:
    path = desk.open(demo_blog, "jeju-trip")
    assert path is not None
    text = path.read_text(encoding="utf-8").replace("가을 제주", "가을 제주 (수정됨)", 2)
    path.write_text(text, encoding="utf-8")
    qtbot.waitUntil(lambda: "가을 제주 (수정됨)" in desk.session.current_text(), timeout=4000)
    assert not desk.session.is_dirty()
    assert not desk.notice.isVisible()


def test_an_outside_edit_while_edited_asks_and_keep_mine_saves_mine(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    desk.with_recovery()  # it answers the conflict with the notice's choices
    path = desk.open(demo_blog, "debounce-throttle")
    assert path is not None
    desk.editor.setFocus()
    type_text(desk.editor, "MINE ")
    theirs = path.read_text(encoding="utf-8").replace("## The picture", "## THEIRS")
    with qtbot.waitSignal(desk.session.conflictDetected, timeout=4000):
        path.write_text(theirs, encoding="utf-8")
    assert desk.notice.button_texts() == ["Reload", "Keep Mine", "Compare…"]
    assert "MINE " in desk.editor.body_text()  # nothing lost while asking
    desk.notice.click("Keep Mine")
    saved = path.read_text(encoding="utf-8")
    assert "MINE " in saved and "THEIRS" not in saved
    assert not desk.session.is_dirty()
    # what the file held before Keep Mine overwrote it is in the local history
    assert any(b"## THEIRS" in desk.history.read(path, v.id) for v in desk.history.versions(path))


def test_an_outside_edit_while_edited_reload_takes_theirs(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    desk.with_recovery()
    path = desk.open(demo_blog, "debounce-throttle")
    assert path is not None
    type_text(desk.editor, "MINE ")
    theirs = path.read_text(encoding="utf-8").replace("## The picture", "## THEIRS")
    with qtbot.waitSignal(desk.session.conflictDetected, timeout=4000):
        path.write_text(theirs, encoding="utf-8")
    desk.notice.click("Reload")
    assert "THEIRS" in desk.editor.body_text() and "MINE" not in desk.editor.body_text()
    assert not desk.session.is_dirty()


def test_a_post_deleted_on_disk_keeps_its_text_and_saves_again(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    path = desk.open(demo_blog, "2023-retrospective")
    assert path is not None
    original = path.read_bytes()
    path.unlink()
    qtbot.waitUntil(lambda: desk.notice.kind == "deleted", timeout=4000)
    assert "한 해의 마지막 날" in desk.editor.body_text()
    assert desk.notice.button_texts() == ["Save Again", "Close Post"]
    desk.notice.click("Save Again")
    assert path.read_bytes() == original


def test_switching_posts_with_unsaved_edits_asks(desk: Desk, qtbot: QtBot, demo_blog: Path) -> None:
    first = desk.open(demo_blog, "jeju-trip")
    other = demo_blog.resolve() / "hello-blog" / "index.md"
    assert first is not None
    type_text(desk.editor, "draft words ")

    desk.dialogs.unsaved_answers.append("cancel")
    with qtbot.waitSignal(desk.session.selectionKept) as kept:
        assert not desk.session.open_post(other)
    assert kept.args == [first]
    assert desk.session.post is not None and desk.session.post.path == first
    assert "draft words" in desk.editor.body_text()

    desk.dialogs.unsaved_answers.append("save")
    assert desk.session.open_post(other)
    assert "draft words" in first.read_text(encoding="utf-8")

    type_text(desk.editor, "thrown away ")
    desk.dialogs.unsaved_answers.append("discard")
    with qtbot.waitSignal(desk.session.changesDiscarded):
        assert desk.session.open_post(first)
    assert "thrown away" not in other.read_text(encoding="utf-8")
    assert [kind for kind, _ in desk.dialogs.asked] == ["unsaved", "unsaved", "unsaved"]


def test_save_as_writes_the_new_file_and_runs_the_after_save_steps(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    old = desk.open(demo_blog, "jeju-trip")
    assert old is not None
    original = old.read_bytes()
    type_text(desk.editor, "사본 ")
    target = demo_blog.resolve() / "jeju-copy" / "index.md"
    desk.dialogs.save_paths.append(target)
    with qtbot.waitSignal(desk.session.saved) as saved:
        desk.session.save_as()
    assert saved.args == [old]  # the journal learns which entry the work came from
    assert old.read_bytes() == original
    written = target.read_bytes()
    assert "사본 ".encode() in written
    assert desk.session.post is not None and desk.session.post.path == target
    assert not desk.session.is_dirty()
    assert desk.session.loaded_bytes == written  # the merge base is the new file
    versions = desk.history.versions(target)
    assert versions and desk.history.read(target, versions[0].id) == written  # newest version kept
    assert desk.folder.library is not None
    assert target in [e.path for e in desk.folder.library.entries]  # listed at once
    assert desk.messages[-1] == "Saved"


def test_broken_front_matter_opens_and_saves_as_written_with_a_warning(
    desk: Desk, demo_blog: Path
) -> None:
    path = demo_blog.resolve() / "jeju-trip" / "index.md"
    broken = path.read_text(encoding="utf-8").replace("author: jiho\n", "author: jiho\ntitle: x\n")
    path.write_text(broken, encoding="utf-8")
    desk.open(demo_blog, "jeju-trip")
    assert desk.form.has_error()
    assert "숙소 앞 바다" in desk.editor.body_text()  # the body is editable as usual
    assert desk.session.save()
    assert path.read_text(encoding="utf-8") == broken  # saving loses nothing
    assert desk.notice.kind == "frontmatter-error"
    assert "not valid YAML" in desk.notice.message()
    assert desk.notice.button_texts() == ["Show in YAML"]
    assert desk.messages[-1] == "Saved, with a front-matter error"


def test_a_read_only_file_offers_save_as(desk: Desk, demo_blog: Path) -> None:
    path = desk.open(demo_blog, "hello-blog")
    assert path is not None
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    type_text(desk.editor, "수정 ")
    target = demo_blog.resolve() / "hello-copy" / "index.md"
    desk.dialogs.confirm_answers.append(True)  # Save As…
    desk.dialogs.save_paths.append(target)
    assert not desk.session.save()  # the read-only file was not written
    assert desk.dialogs.asked[0] == ("confirm", "Could not save")
    assert path.read_bytes() == before
    assert "수정 ".encode() in target.read_bytes()
    assert desk.session.post is not None and desk.session.post.path == target
    assert not desk.dialogs.errors
