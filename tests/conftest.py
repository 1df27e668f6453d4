"""Test set-up shared by every test: headless Qt, no real home folder, fixture paths."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before any Qt import: render offscreen and let QtWebEngine run as root in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
# (and V8's gc() for the preview's idle collection, as app.ui.window.application sets it)
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox --js-flags=--expose-gc"
)

import pytest
from hypothesis import settings as hypothesis_settings

# In CI the property tests run a fixed set of examples (no database), so a landing never
# depends on the luck of the draw; on developers' machines they keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
# Our own two posts in the styles of the blogs we serve (husky: caption under an image;
# zoomkoding: emoji, callout, closing toc fence); the suite needs nothing outside the clone.
FIXTURES = ROOT / "tests" / "fixtures" / "content"
DEMO = ROOT / "content"
# Real posts the team keeps beside the clone: an extra corpus, used when present.
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures" / "content"
SHARED_ABSENT = "no ../shared/fixtures beside this clone: the extra corpus of real posts is skipped"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the real user's settings, caches or data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))


def fixture_posts() -> list[Path]:
    return sorted(FIXTURES.glob("*/index.md"))


def demo_posts() -> list[Path]:
    return sorted(DEMO.rglob("index.md"))


def shared_posts() -> list[Path]:
    return sorted(SHARED_FIXTURES.glob("*/index.md"))


def shared_post_params() -> list[Any]:
    """The shared real posts as pytest params, or one skipped param saying why they are absent."""
    posts = shared_posts()
    if not posts:
        return [pytest.param(None, marks=pytest.mark.skip(reason=SHARED_ABSENT), id="shared")]
    return [pytest.param(path, id=f"shared-{path.parent.name}") for path in posts]


@pytest.fixture
def fixture_blog(tmp_path: Path) -> Path:
    """A temporary copy of the fixture blog (the originals stay untouched)."""
    dest = tmp_path / "content"
    shutil.copytree(FIXTURES, dest)
    return dest


@pytest.fixture
def demo_blog(tmp_path: Path) -> Path:
    dest = tmp_path / "demo"
    shutil.copytree(DEMO, dest)
    return dest


def delete_now(widget: Any) -> None:
    """Close and delete a window now (children in creation order): the preview's
    QtWebEngine page must go before its profile, or Qt warns and may crash at exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def discard_window(window: Any) -> None:
    """End a test's MainWindow: drop unsaved state (no prompt), stop its workers, delete it."""
    window.editor.document().setModified(False)
    window.session.head_dirty = False
    window.shutdown_workers()
    delete_now(window)


@pytest.fixture
def make_window(qapp: Any) -> Iterator[Callable[..., Any]]:
    """Build MainWindows with in-memory settings; each is shut down and deleted after."""
    from app.ui.settings import MemoryStore, Settings
    from app.ui.window.main_window import MainWindow

    made: list[Any] = []

    def make(store: Any = None) -> Any:
        window = MainWindow(Settings(store if store is not None else MemoryStore()))
        made.append(window)
        return window

    yield make
    for window in made:
        discard_window(window)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Qt segfaults at exit when the clipboard still owns data a test put there."""
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.clipboard().clear()
