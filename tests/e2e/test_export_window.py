"""Exporting from the window never writes into the blog, and what it replaces goes to the
trash; a post that is a link out of the blog is listed, and never opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.publish.export_dialog import ExportDialog
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def trashed(name: str) -> list[Path]:
    from send2trash import plat_other  # it reads XDG_DATA_HOME once, when first imported

    files = Path(plat_other.HOMETRASH) / "files"
    return [p for p in files.iterdir() if p.name == name or p.name.startswith(name + " ")]


@pytest.fixture
def message_boxes(qapp: QApplication) -> Iterator[list[str]]:
    """A question in a real message box would wait for a click forever: each one is
    answered Cancel and recorded, so a test fails instead of hanging."""
    seen: list[str] = []

    def cancel_boxes() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.reject()

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(cancel_boxes)
    timer.start()
    yield seen
    timer.stop()


def export_dialog(window: MainWindow, qtbot: QtBot, blog: Path) -> ExportDialog:
    open_blog(window, qtbot, blog, "hello-blog")
    window.actions_by_id["post.export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.set_format("bundle")
    return dialog


def test_export_into_the_blog_is_refused_and_nothing_is_lost(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    message_boxes: list[str],
) -> None:
    post = demo_blog / "hello-blog"
    (post / "notes.txt").write_text("not referenced by the post, still mine", encoding="utf-8")
    before = snapshot(demo_blog)
    dialog = export_dialog(window, qtbot, demo_blog)
    for dest in (demo_blog, post, post / "exports"):  # the first is the post's own folder
        dialog.set_destination(dest)
        dialogs.confirm_answers.append(True)  # were it asked, it would be "replace"
        assert not dialog.start_export()
        assert "exports never write into the blog" in (dialog.error_text() or ""), dest
        assert dialog.status_text().startswith("Export failed:")
    assert snapshot(demo_blog) == before
    assert not (post / "exports").exists()
    assert [a for a in dialogs.asked if a[0] == "confirm"] == [] and message_boxes == []


def test_replacing_an_export_sends_the_old_one_to_the_trash(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
    message_boxes: list[str],
) -> None:
    out = tmp_path / "out"
    dialog = export_dialog(window, qtbot, demo_blog)
    dialog.set_destination(out)
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.result_value() is not None, dialog.error_text()
    mark = f"added to the export in {tmp_path}"
    (out / "hello-blog" / "mine.txt").write_text(mark, encoding="utf-8")
    dialogs.confirm_answers.append(True)
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert ("confirm", "Replace the export?") in dialogs.asked and message_boxes == []
    assert not (out / "hello-blog" / "mine.txt").exists()
    kept = [p / "mine.txt" for p in trashed("hello-blog") if (p / "mine.txt").exists()]
    assert mark in [p.read_text(encoding="utf-8") for p in kept]


def test_a_post_linked_from_outside_is_listed_and_never_opened(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    secret = tmp_path / "private.md"
    secret.write_text("---\ntitle: Private\n---\nroot:x:0:0:root\n", encoding="utf-8")
    (demo_blog / "stolen").mkdir()
    (demo_blog / "stolen" / "index.md").symlink_to(secret)
    open_blog(window, qtbot, demo_blog)
    assert window.library is not None
    entry = window.library.by_relpath("stolen/index.md")
    assert entry is not None and "outside the blog" in (entry.error or "")
    assert not window.open_post(demo_blog / "stolen" / "index.md")
    assert dialogs.errors and "outside the blog" in dialogs.errors[-1][1]
    assert "root:x" not in window.editor.body_text()
