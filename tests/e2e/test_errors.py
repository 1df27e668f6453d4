"""An error nothing caught, raised in a slot of the real window: logged, journaled, shown once.

pytest-qt replaces `sys.excepthook` during a test to fail it on such errors; these tests
turn that off (qt_no_exception_capture) and install the app's own hook, as `run_gui` does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from app.ui.window import errors
from app.ui.window.errors import ErrorReporter, install_error_reporting
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text


class BrokenSlotError(RuntimeError):
    pass


def broken_slot() -> None:
    raise BrokenSlotError("the slot broke")


@pytest.fixture
def reporter(window: MainWindow, tmp_path: Path) -> Iterator[ErrorReporter]:
    hook = sys.excepthook
    installed = install_error_reporting(window, tmp_path / "log")
    yield installed
    installed.uninstall()
    assert sys.excepthook is hook
    assert installed.handler is None  # the log's handler left the root logger


def log_text(reporter: ErrorReporter) -> str:
    assert reporter.log_path is not None
    return reporter.log_path.read_text("utf-8") if reporter.log_path.exists() else ""


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_journaled_and_shown_once(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    reporter: ErrorReporter,
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    path = window.post.path
    type_text(window.editor, "잃으면 안 되는 글 ")
    window.recovery.timer.stop()  # only the hook may write the journal in this test
    assert window.journal.get(path) is None
    for _ in range(3):  # a burst of the same error: one dialog
        QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: log_text(reporter).count("BrokenSlotError: the slot broke") == 3)
    text = log_text(reporter)
    assert "Traceback (most recent call last)" in text and "in broken_slot" in text
    entry = window.journal.get(path)
    assert entry is not None and "잃으면 안 되는 글 " in entry.text
    assert len(dialogs.error_reports) == 1
    report = dialogs.error_reports[0]
    assert "BrokenSlotError: the slot broke" in report
    assert str(reporter.log_path) in report
    assert "unsaved work is kept" in report
    assert window.isVisible() and window.session.is_dirty()  # the window goes on


@pytest.mark.qt_no_exception_capture
def test_a_failing_journal_does_not_raise_again_and_the_dialog_says_so(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    reporter: ErrorReporter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    type_text(window.editor, "x")

    def journal_fails() -> None:  # a bug in it (its own OSErrors it reports itself)
        raise ValueError("journal bug")

    monkeypatch.setattr(window.recovery, "write_journal", journal_fails)
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: len(dialogs.error_reports) == 1)
    monkeypatch.undo()  # closing the window writes the journal too
    assert "no recovery copy could be written" in dialogs.error_reports[0]
    text = log_text(reporter)
    assert "Could not write the recovery journal" in text and "ValueError: journal bug" in text
    assert "BrokenSlotError: the slot broke" in text


def test_the_same_error_after_the_burst_is_shown_again(
    tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    now = [100.0]
    reporter = ErrorReporter(tmp_path / "postdesk.log", None, dialogs, clock=lambda: now[0])
    for _ in range(2):
        try:
            broken_slot()
        except BrokenSlotError as exc:
            reporter(type(exc), exc, exc.__traceback__)
    assert len(dialogs.error_reports) == 1
    now[0] += errors.BURST_SECONDS + 1
    try:
        broken_slot()
    except BrokenSlotError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert len(dialogs.error_reports) == 2


def test_app_warnings_go_to_the_capped_log(tmp_path: Path) -> None:
    handler = errors.configure_logging(tmp_path / "log")
    assert handler is not None
    try:
        logging.getLogger("app.ui.library.watcher").warning("watching stopped: %s", "예시")
        handler.flush()
        assert "WARNING app.ui.library.watcher: watching stopped: 예시" in Path(
            handler.baseFilename
        ).read_text("utf-8")
        assert handler.maxBytes == errors.LOG_MAX_BYTES and handler.backupCount > 0
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
