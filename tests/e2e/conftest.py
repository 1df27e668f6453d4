"""The real MainWindow on a temporary copy of a blog, with scripted answers to its questions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.settings import MemoryStore, Settings
from app.ui.window.main_window import MainWindow
from tests.conftest import discard_window
from tests.helpers.dialogs import ScriptedDialogs


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
    from app.ui.post import editor
    from app.ui.post import session as post_session

    monkeypatch.setattr(bigpost, "LIVE_PREVIEW_MAX_CHARS", 3_000)
    monkeypatch.setattr(post_session, "BIG_FILE_BYTES", 3_000)
    monkeypatch.setattr(editor, "EDITOR_SLICE_CHARS", 700)
