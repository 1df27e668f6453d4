"""Unsaved work is journaled in the data folder; saves go into the local history."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.recovery.store import Journal
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.e2e.test_never_lose_work import answer_merge
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text


def test_typing_is_journaled_within_two_seconds_and_cleared_by_save(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    path = window.post.path
    type_text(window.editor, "저널 ")
    journal = Journal(window.data_dir)
    qtbot.waitUntil(lambda: journal.get(path) is not None, timeout=2500)
    entry = journal.get(path)
    assert entry is not None and "저널 " in entry.text
    assert journal.base(path) == path.read_bytes()  # the merge base is kept
    data_dir = Path(os.environ["XDG_DATA_HOME"])
    assert window.data_dir.is_relative_to(data_dir)  # never next to the post
    assert not any(p.suffix == ".journal" for p in fixture_blog.rglob("*"))
    window.save_post()
    assert journal.get(path) is None
    versions = window.history.versions(path)
    assert len(versions) == 2  # the version before Postdesk touched it, and the saved one
    assert "저널 " in window.history.read(path, versions[0].id).decode("utf-8")


def test_discarding_unsaved_work_clears_the_journal(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    path = window.post.path
    type_text(window.editor, "버릴 글 ")
    window.write_journal()
    assert window.journal.get(path) is not None
    dialogs.unsaved_answers.append("discard")
    assert window.open_post(fixture_blog / "recent-news" / "index.md")
    assert window.journal.get(path) is None


class AnsweredRestore:
    """Stands in for the restore dialog: the author restores everything."""

    def __init__(self, entries: list[object]) -> None:
        self.entries = entries

    def exec(self) -> int:
        return 1

    def decisions(self) -> dict[Path, str]:
        return {e.post_path: "restore" for e in self.entries}  # type: ignore[attr-defined]


def crash_with_unsaved(window: MainWindow, qtbot: QtBot, blog: Path, text: str) -> Path:
    """Type, let the journal catch it, then 'crash' (drop the window without saving)."""
    open_blog(window, qtbot, blog, "intern-1")
    window.editor.go_to_line(4)
    type_text(window.editor, text)
    window.write_journal()
    return window.post.path


def test_after_a_crash_unsaved_work_is_offered_back(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, make_window: object
) -> None:
    path = crash_with_unsaved(window, qtbot, fixture_blog, "복구할 문장 ")
    on_disk = path.read_bytes()
    second = make_window()  # type: ignore[operator]
    second.recovery.make_restore_dialog = AnsweredRestore
    second.open_folder(fixture_blog)
    second.offer_recovery()
    assert second.post is not None and second.post.path == path
    assert "복구할 문장 " in second.editor.body_text()
    assert second.is_dirty()
    assert path.read_bytes() == on_disk  # nothing written until the author saves
    second.save_post()
    assert "복구할 문장 " in path.read_text(encoding="utf-8")
    assert second.journal.get(path) is None


def test_restoring_over_an_outside_edit_merges_both(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, make_window: object
) -> None:
    path = crash_with_unsaved(window, qtbot, fixture_blog, "MINE ")
    text = path.read_text(encoding="utf-8").replace("## 다짐", "## 다짐 (THEIRS)")
    path.write_text(text, encoding="utf-8")  # someone edits the file meanwhile
    second = make_window()  # type: ignore[operator]
    second.recovery.make_restore_dialog = AnsweredRestore
    second.open_folder(fixture_blog)
    second.offer_recovery()
    body = second.editor.body_text()
    assert "MINE " in body and "## 다짐 (THEIRS)" in body
    assert second.is_dirty()


def test_compare_merges_an_outside_edit_into_unsaved_work(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    open_blog(window, qtbot, fixture_blog, "intern-1")
    window.editor.go_to_line(4)
    type_text(window.editor, "MINE ")
    path.write_text(path.read_text(encoding="utf-8").replace("## 다짐", "## THEIRS"), "utf-8")
    qtbot.waitUntil(lambda: window.notice.isVisible(), timeout=3000)
    shown: list[dict[str, object]] = []
    answer_merge(qtbot, shown, accept=True)  # the merge is shown before it is used
    window.notice.click("Compare…")
    assert len(shown) == 1
    body = window.editor.body_text()
    assert "MINE " in body and "## THEIRS" in body
    window.save_post()  # the merged text saves over theirs without a conflict
    saved = path.read_text(encoding="utf-8")
    assert "MINE " in saved and "## THEIRS" in saved


def test_history_keeps_the_number_of_versions_the_author_sets(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, dialogs: ScriptedDialogs
) -> None:
    dialogs.text_answers.append("2")
    window.actions_by_id["app.history_keep"].trigger()
    assert window.settings.prefs.history_keep == 2
    open_blog(window, qtbot, fixture_blog, "intern-1")
    for word in ("하나 ", "둘 ", "셋 "):
        type_text(window.editor, word)
        assert window.save_post()
    assert len(window.history.versions(window.post.path)) == 2
    dialogs.text_answers.append("zero")
    window.actions_by_id["app.history_keep"].trigger()
    assert dialogs.errors[-1][0] == "Local history" and window.settings.prefs.history_keep == 2
