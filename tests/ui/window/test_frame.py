"""The window's frame shows before its panes are built (the start-up's first frame): what
the author can do to it in that moment, and that building into a window already on screen
lays it out as building it before showing does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.settings import MemoryStore, Settings
from app.ui.window.actions import MENUS
from app.ui.window.main_window import MainWindow
from tests.conftest import delete_now, discard_window
from tests.helpers.dialogs import ScriptedDialogs


@pytest.fixture
def frame(qapp: Any, tmp_path: Path) -> Iterator[MainWindow]:
    """A window's frame alone, as the start-up shows it; shut down and deleted after."""
    window = MainWindow(
        Settings(MemoryStore()), ScriptedDialogs(), data_dir=tmp_path / "data", frame_only=True
    )
    yield window
    if window.built:
        discard_window(window)
    else:
        delete_now(window)


class PaintCount(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.seen: list[bool] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen.append(True)
        return False


def paints(widget: QWidget) -> list[bool]:
    """Grows by one at each Paint event `widget` gets."""
    return PaintCount(widget).seen


def test_the_frame_has_the_windows_menus_and_toolbar_and_no_panes(frame: MainWindow) -> None:
    assert not frame.built
    titles = [a.text().replace("&", "") for a in frame.menuBar().actions()]
    assert titles == list(MENUS)
    assert frame.toolbar.actions()  # the same toolbar the built window has
    # nothing to act on yet: what needs a folder or a post is off, as it will be
    assert not frame.actions_by_id["post.save"].isEnabled()
    assert not frame.actions_by_id["post.new"].isEnabled()
    assert frame.actions_by_id["file.open_folder"].isEnabled()
    assert not hasattr(frame, "editor")


def test_an_action_triggered_before_the_panes_exist_does_nothing_and_works_after(
    frame: MainWindow,
) -> None:
    frame.actions_by_id["view.wrap"].trigger()  # (its owner does not exist yet)
    frame.build()
    wrapped = frame.editor.lineWrapMode()
    frame.actions_by_id["view.wrap"].trigger()
    assert frame.editor.lineWrapMode() != wrapped


def test_closing_or_leaving_the_frame_before_its_panes_exist_is_fine(
    frame: MainWindow, qtbot: QtBot
) -> None:
    frame.show()
    qtbot.waitExposed(frame)
    QApplication.sendEvent(frame, QEvent(QEvent.Type.ActivationChange))
    event = QCloseEvent()
    QApplication.sendEvent(frame, event)
    assert event.isAccepted()


def test_panes_built_into_a_window_on_screen_are_laid_out_as_when_built_before(
    qapp: Any, qtbot: QtBot, tmp_path: Path
) -> None:
    """Docks added to a window already shown took its whole width (the central widget
    squeezed to its minimum) unless the central widget was there first."""
    sizes = []
    for frame_only in (False, True):
        window = MainWindow(
            Settings(MemoryStore()), ScriptedDialogs(), data_dir=tmp_path / str(frame_only),
            frame_only=frame_only,
        )  # fmt: skip
        try:
            window.resize(1280, 820)
            window.show()
            qtbot.waitExposed(window)
            window.build()
            painted = paints(window.pages)
            qtbot.waitUntil(lambda p=painted: bool(p), timeout=5000)  # laid out and drawn
            sizes.append(
                (window.sidebar_dock.width(), window.problems_dock.height(),
                 window.pages.width())
            )  # fmt: skip
        finally:
            discard_window(window)
    assert sizes[0] == sizes[1]
    assert 280 <= sizes[0][0] <= 340  # the sidebar as the window gives it
