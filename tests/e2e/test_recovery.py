"""Unsaved work is journaled in the data folder; saves go into the local history."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.recovery import Journal
from app.ui.main_window import MainWindow
from tests.e2e.conftest import ScriptedDialogs, open_blog
from tests.e2e.test_window import type_text


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
