"""The real MainWindow on a temporary copy of a blog, with scripted answers to its questions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui.dialogs import Dialogs, Unsaved
from app.ui.main_window import MainWindow
from app.ui.settings import MemoryStore, Settings
from tests.conftest import discard_window


class ScriptedDialogs(Dialogs):
    """Answers the window's questions from lists the test fills; records what was asked."""

    def __init__(self) -> None:
        super().__init__(None)
        self.unsaved_answers: list[Unsaved] = []
        self.text_answers: list[str | None] = []
        self.confirm_answers: list[bool] = []
        self.asked: list[tuple[str, Any]] = []
        self.errors: list[tuple[str, str]] = []
        self.error_reports: list[str] = []  # report_error's texts (an error nothing caught)

    def ask_unsaved(self, title: str) -> Unsaved:
        self.asked.append(("unsaved", title))
        if not self.unsaved_answers:  # unscripted (e.g. closing at the end): recorded, dropped
            return "discard"
        return self.unsaved_answers.pop(0)

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        self.asked.append(("text", title))
        return self.text_answers.pop(0)

    def confirm(self, title: str, text: str, ok_label: str = "OK") -> bool:
        self.asked.append(("confirm", title))
        return self.confirm_answers.pop(0)

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def report_error(self, text: str, details: str) -> None:
        self.error_reports.append(text)

    def info(self, title: str, text: str) -> None:
        self.asked.append(("info", title))


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def window(qtbot: QtBot, dialogs: ScriptedDialogs) -> Iterator[MainWindow]:
    # not qtbot.addWidget: pytest-qt closes those before fixtures are torn down, and a
    # window with unsaved edits would then ask (and Qt crashes printing an exception
    # raised inside closeEvent)
    win = MainWindow(Settings(MemoryStore()), dialogs)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.frontmatter_panel.flush()
    win.editor.commit_composition()
    discard_window(win)


def open_blog(window: MainWindow, qtbot: QtBot, folder: Path, slug: str | None = None) -> None:
    assert window.open_folder(folder)
    if slug is not None:
        path = next(p for p in folder.rglob("index.md") if p.parent.name == slug)
        assert window.open_post(path)
        qtbot.waitUntil(window.is_settled, timeout=5000)


@pytest.fixture
def small_big_post_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A "big" post is 3,000 characters here (a real one is 1.5 million: app/core/bigpost.py),
    fed to the editor 700 characters a pass."""
    from app.core import bigpost
    from app.ui import editor
    from app.ui.post import session as post_session

    monkeypatch.setattr(bigpost, "LIVE_PREVIEW_MAX_CHARS", 3_000)
    monkeypatch.setattr(post_session, "BIG_FILE_BYTES", 3_000)
    monkeypatch.setattr(editor, "EDITOR_SLICE_CHARS", 700)
