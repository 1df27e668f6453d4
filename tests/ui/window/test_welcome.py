"""The page shown with no post open (app/ui/window/welcome.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.ui.window.welcome import EmptyState


def shown_buttons(page: EmptyState) -> list[str]:
    return [b.text() for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]


def test_recent_folders_open_from_the_welcome_page(qtbot: QtBot, tmp_path: Path) -> None:
    page = EmptyState()
    qtbot.addWidget(page)
    page.set_recent_folders([str(tmp_path / "blog"), str(tmp_path / "notes")])
    page.show()
    assert shown_buttons(page) == ["Open Folder…", str(tmp_path / "blog"), str(tmp_path / "notes")]
    with qtbot.waitSignal(page.recentFolderRequested) as opened:
        page.findChildren(QPushButton)[2].click()
    assert opened.args == [tmp_path / "notes"]


def test_a_blog_opened_leaves_no_recent_folder_button_behind(qtbot: QtBot, tmp_path: Path) -> None:
    """Taken out of the layout but not yet deleted, each button showed at its default size
    over the page (the window's screenshot drew the folders' paths across its middle)."""
    page = EmptyState()
    qtbot.addWidget(page)
    page.set_recent_folders([str(tmp_path / "blog")])
    page.show()
    page.set_mode("post")  # no event loop in between: nothing deleted yet
    assert shown_buttons(page) == ["New Post…"]
    page.set_recent_folders([str(tmp_path / "blog"), str(tmp_path / "other")])
    assert shown_buttons(page) == ["New Post…"]  # only in the "open a folder" page
